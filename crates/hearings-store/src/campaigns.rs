//! Campaigns and key terms in the analysis workspace.
//!
//! A response's free text is its text answers (short and long text
//! questions, in the order of the form) and its comments on sections (in
//! the order of the sections). Staff have the near-identical ones grouped
//! into campaigns (`hearings-text` does the grouping); a group is a
//! suggestion until staff confirm it, and staff may take responses out of a
//! group. Every response still counts in every figure: a campaign only
//! groups, it never hides a response.
//!
//! Key terms are suggested per text question and per theme, with the
//! responses that use each term. Staff, politicians and administrators read
//! all of it (the analysis workspace's rule); staff alone change campaigns,
//! and every change is audited.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use hearings_core::audit::AuditAction;
use hearings_core::input::{FieldError, Problem};
use hearings_core::response_parts::Location;
use hearings_core::{CampaignId, HearingId, QuestionId, ResponseId, SectionId, ThemeId};
use hearings_text::{CampaignOptions, KeyTerm, Stemmer};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Object};
use crate::entity::{
    answer, campaign, campaign_member, hearing, organisation, question, response, response_comment,
    section, theme, theme_tag,
};
use crate::{Account, Store, StoreError};

/// How many key terms are suggested.
pub const KEY_TERMS: usize = 15;

/// A response in a campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignMember {
    /// The response.
    pub response: ResponseId,
    /// Its reference.
    pub reference: String,
    /// The organisation that sent it.
    pub organisation: String,
}

/// A campaign: near-identical responses shown as one text with its count
/// and its senders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignView {
    /// Id.
    pub id: CampaignId,
    /// The hearing.
    pub hearing: HearingId,
    /// The shared text: the free text of the group's most central response.
    pub shared_text: String,
    /// Confirmed by staff (otherwise a suggestion).
    pub confirmed: bool,
    /// When it was found.
    pub created_at: DateTime<Utc>,
    /// When it was confirmed.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Its responses, first submitted first.
    pub members: Vec<CampaignMember>,
}

impl CampaignView {
    /// How many responses it holds.
    pub fn count(&self) -> usize {
        self.members.len()
    }
}

/// What becomes of a campaign when responses are taken out of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitOutcome {
    /// It goes on with the responses left.
    Kept {
        /// The campaign.
        campaign: CampaignId,
        /// Its hearing.
        hearing: HearingId,
    },
    /// Fewer than two were left, so it is no more.
    Dissolved {
        /// Its hearing.
        hearing: HearingId,
    },
}

impl SplitOutcome {
    /// The hearing of the campaign.
    pub fn hearing(&self) -> HearingId {
        match self {
            Self::Kept { hearing, .. } | Self::Dissolved { hearing } => *hearing,
        }
    }
}

/// Which texts key terms are drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermScope {
    /// The answers to a text question of the hearing.
    Question(QuestionId),
    /// What is tagged with a theme: the passages, or the answers, comments
    /// or responses tagged as a whole.
    Theme(ThemeId),
    /// The whole free text of every response.
    Hearing,
}

/// A suggested key term.
#[derive(Debug, Clone, PartialEq)]
pub struct TermView {
    /// The word it is shown by (its most frequent form).
    pub word: String,
    /// The stem that identifies it.
    pub stem: String,
    /// How many responses use it (in the scope).
    pub responses: usize,
    /// How often it occurs.
    pub occurrences: usize,
    /// Its weight (tf-idf within the hearing).
    pub score: f64,
}

impl From<KeyTerm> for TermView {
    fn from(t: KeyTerm) -> Self {
        Self {
            word: t.word,
            stem: t.stem,
            responses: t.texts,
            occurrences: t.occurrences,
            score: t.score,
        }
    }
}

/// The key terms of a text question.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionTerms {
    /// The question.
    pub question: QuestionId,
    /// Its prompt.
    pub prompt: String,
    /// How many responses answered it.
    pub answers: usize,
    /// Its key terms, best first.
    pub terms: Vec<TermView>,
}

/// A response that uses a term, with the passage around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermResponse {
    /// The response.
    pub response: ResponseId,
    /// Its reference.
    pub reference: String,
    /// The organisation that sent it.
    pub organisation: String,
    /// A few words either side of the first use of the term.
    pub excerpt: String,
}

fn reader(by: &Account) -> Result<(), StoreError> {
    if by.role.reads_summaries() {
        Ok(())
    } else {
        Err(StoreError::Forbidden)
    }
}

fn analyst(by: &Account) -> Result<(), StoreError> {
    if by.role.manages_hearings() {
        Ok(())
    } else {
        Err(StoreError::Forbidden)
    }
}

/// The free texts of a hearing's responses, loaded in five queries.
struct HearingTexts {
    /// The responses, first submitted first: id, reference, organisation name.
    responses: Vec<(Uuid, String, String)>,
    /// Per response, its texts in order: where, and the text.
    texts: HashMap<Uuid, Vec<(Location, String)>>,
}

impl HearingTexts {
    /// The whole free text of a response.
    fn free_text(&self, id: Uuid) -> String {
        self.texts
            .get(&id)
            .map(|t| {
                t.iter()
                    .map(|(_, s)| s.as_str())
                    .collect::<Vec<_>>()
                    .join("\n\n")
            })
            .unwrap_or_default()
    }

    /// The text of a response at a location.
    fn at(&self, id: Uuid, l: &Location) -> Option<&str> {
        self.texts
            .get(&id)?
            .iter()
            .find(|(x, _)| x == l)
            .map(|(_, s)| s.as_str())
    }

    /// Every single text (answer or comment) of the hearing: the documents
    /// a term's weight is measured against.
    fn all(&self) -> Vec<&str> {
        self.responses
            .iter()
            .filter_map(|(id, _, _)| self.texts.get(id))
            .flatten()
            .map(|(_, s)| s.as_str())
            .collect()
    }
}

async fn hearing_texts<C: ConnectionTrait>(
    db: &C,
    hearing_id: HearingId,
) -> Result<HearingTexts, StoreError> {
    let of_hearing = || {
        Query::select()
            .column(response::Column::Id)
            .from(response::Entity)
            .and_where(response::Column::HearingId.eq(hearing_id.0))
            .to_owned()
    };
    let rows = response::Entity::find()
        .filter(response::Column::HearingId.eq(hearing_id.0))
        .order_by_asc(response::Column::FirstSubmittedAt)
        .order_by_asc(response::Column::Id)
        .all(db)
        .await?;
    let names: HashMap<Uuid, String> = organisation::Entity::find()
        .filter(
            organisation::Column::Id.in_subquery(
                Query::select()
                    .column(response::Column::OrganisationId)
                    .from(response::Entity)
                    .and_where(response::Column::HearingId.eq(hearing_id.0))
                    .to_owned(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let questions: HashMap<Uuid, i32> = question::Entity::find()
        .filter(question::Column::HearingId.eq(hearing_id.0))
        .filter(question::Column::Kind.is_in(["short_text", "long_text"]))
        .all(db)
        .await?
        .into_iter()
        .map(|q| (q.id, q.position))
        .collect();
    let sections: HashMap<Uuid, i32> = section::Entity::find()
        .filter(section::Column::HearingId.eq(hearing_id.0))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.number))
        .collect();
    /// A text with where it stands: (0 for answers, 1 for comments; position).
    type Placed = ((u8, i32), Location, String);
    let mut ordered: HashMap<Uuid, Vec<Placed>> = HashMap::new();
    if !questions.is_empty() {
        for a in answer::Entity::find()
            .filter(answer::Column::ResponseId.in_subquery(of_hearing()))
            .filter(answer::Column::QuestionId.is_in(questions.keys().copied()))
            .all(db)
            .await?
        {
            if let Ok(serde_json::Value::String(s)) = serde_json::from_str(&a.value)
                && !s.trim().is_empty()
            {
                let pos = questions.get(&a.question_id).copied().unwrap_or_default();
                ordered.entry(a.response_id).or_default().push((
                    (0, pos),
                    Location::Answer(QuestionId(a.question_id)),
                    s,
                ));
            }
        }
    }
    for c in response_comment::Entity::find()
        .filter(response_comment::Column::ResponseId.in_subquery(of_hearing()))
        .all(db)
        .await?
    {
        if c.text.trim().is_empty() {
            continue;
        }
        let pos = sections.get(&c.section_id).copied().unwrap_or_default();
        ordered.entry(c.response_id).or_default().push((
            (1, pos),
            Location::Comment(SectionId(c.section_id)),
            c.text,
        ));
    }
    let texts = ordered
        .into_iter()
        .map(|(id, mut v)| {
            v.sort_by_key(|x| x.0);
            (id, v.into_iter().map(|(_, l, s)| (l, s)).collect())
        })
        .collect();
    Ok(HearingTexts {
        responses: rows
            .into_iter()
            .map(|r| {
                let name = names.get(&r.organisation_id).cloned().unwrap_or_default();
                (r.id, r.reference, name)
            })
            .collect(),
        texts,
    })
}

async fn hearing_exists<C: ConnectionTrait>(db: &C, id: HearingId) -> Result<(), StoreError> {
    hearing::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .map(|_| ())
        .ok_or(StoreError::NotFound)
}

/// Inserts rows in chunks, within SQLite's limit on bound parameters.
async fn insert_members<C: ConnectionTrait>(
    db: &C,
    rows: Vec<campaign_member::ActiveModel>,
) -> Result<(), StoreError> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(500).collect();
        campaign_member::Entity::insert_many(chunk)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

impl Store {
    /// Finds the hearing's campaigns again (staff): the near-identical
    /// free texts are grouped, the groups that are still suggestions are
    /// replaced by the new ones, and confirmed groups are kept as they are
    /// (their responses take no part in the new grouping). Audited
    /// (`campaign.detect`). Returns the number of suggestions.
    #[tracing::instrument(skip_all, fields(hearing_id = %hearing_id))]
    pub async fn detect_campaigns(
        &self,
        by: &Account,
        hearing_id: HearingId,
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        analyst(by)?;
        let txn = self.begin_write().await?;
        hearing_exists(&txn, hearing_id).await?;
        let texts = hearing_texts(&txn, hearing_id).await?;
        let existing = campaign::Entity::find()
            .filter(campaign::Column::HearingId.eq(hearing_id.0))
            .all(&txn)
            .await?;
        let confirmed_ids: Vec<Uuid> = existing
            .iter()
            .filter(|c| c.confirmed)
            .map(|c| c.id)
            .collect();
        let suggested_ids: Vec<Uuid> = existing
            .iter()
            .filter(|c| !c.confirmed)
            .map(|c| c.id)
            .collect();
        let taken: HashSet<Uuid> = if confirmed_ids.is_empty() {
            HashSet::new()
        } else {
            campaign_member::Entity::find()
                .filter(campaign_member::Column::CampaignId.is_in(confirmed_ids.clone()))
                .all(&txn)
                .await?
                .into_iter()
                .map(|m| m.response_id)
                .collect()
        };
        let candidates: Vec<(Uuid, String)> = texts
            .responses
            .iter()
            .filter(|(id, _, _)| !taken.contains(id))
            .map(|(id, _, _)| (*id, texts.free_text(*id)))
            .collect();
        let groups = tokio::task::spawn_blocking(move || {
            let refs: Vec<&str> = candidates.iter().map(|(_, t)| t.as_str()).collect();
            let groups = hearings_text::group(&refs, &CampaignOptions::default());
            groups
                .into_iter()
                .map(|g| {
                    let shared = candidates
                        .get(g.central)
                        .map(|c| c.1.clone())
                        .unwrap_or_default();
                    let members: Vec<Uuid> = g
                        .members
                        .iter()
                        .filter_map(|&m| candidates.get(m).map(|c| c.0))
                        .collect();
                    (shared, members)
                })
                .collect::<Vec<_>>()
        })
        .await
        .map_err(|e| StoreError::Internal(format!("campaign grouping: {e}")))?;
        if !suggested_ids.is_empty() {
            campaign_member::Entity::delete_many()
                .filter(campaign_member::Column::CampaignId.is_in(suggested_ids.clone()))
                .exec(&txn)
                .await?;
            campaign::Entity::delete_many()
                .filter(campaign::Column::Id.is_in(suggested_ids.clone()))
                .exec(&txn)
                .await?;
        }
        let mut members = Vec::new();
        let mut campaigns = Vec::new();
        for (shared, ids) in &groups {
            let id = Uuid::new_v4();
            campaigns.push(campaign::ActiveModel {
                id: Set(id),
                hearing_id: Set(hearing_id.0),
                shared_text: Set(shared.clone()),
                confirmed: Set(false),
                created_at: Set(now),
                created_by: Set(Some(by.id.0)),
                confirmed_at: Set(None),
                confirmed_by: Set(None),
            });
            members.extend(ids.iter().map(|r| campaign_member::ActiveModel {
                campaign_id: Set(id),
                response_id: Set(*r),
            }));
        }
        let mut campaigns = campaigns.into_iter().peekable();
        while campaigns.peek().is_some() {
            let chunk: Vec<_> = campaigns.by_ref().take(500).collect();
            campaign::Entity::insert_many(chunk)
                .exec_without_returning(&txn)
                .await?;
        }
        insert_members(&txn, members).await?;
        audit::record(
            &txn,
            by,
            AuditAction::CampaignDetect,
            Object::hearing(hearing_id),
            Some(&json!({"suggested": suggested_ids.len(), "confirmed": confirmed_ids.len()})),
            Some(&json!({
                "suggested": groups.len(),
                "confirmed": confirmed_ids.len(),
                "responses": groups.iter().map(|g| g.1.len()).sum::<usize>(),
            })),
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(groups.len())
    }

    /// Staff confirm a suggested campaign: it is kept when campaigns are
    /// found again. Confirming a confirmed campaign changes nothing.
    /// Audited (`campaign.confirm`). Returns its hearing.
    pub async fn confirm_campaign(
        &self,
        by: &Account,
        id: CampaignId,
        now: DateTime<Utc>,
    ) -> Result<HearingId, StoreError> {
        analyst(by)?;
        let txn = self.begin_write().await?;
        let c = campaign::Entity::find_by_id(id.0)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if c.confirmed {
            return Ok(HearingId(c.hearing_id));
        }
        campaign::Entity::update(campaign::ActiveModel {
            id: Set(c.id),
            confirmed: Set(true),
            confirmed_at: Set(Some(now)),
            confirmed_by: Set(Some(by.id.0)),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
        audit::record(
            &txn,
            by,
            AuditAction::CampaignConfirm,
            Object::campaign(id),
            Some(&json!({"hearing": c.hearing_id, "confirmed": false})),
            Some(&json!({"hearing": c.hearing_id, "confirmed": true})),
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(HearingId(c.hearing_id))
    }

    /// Staff take responses out of a campaign. A campaign left with fewer
    /// than two responses is dissolved; otherwise its shared text becomes
    /// that of its most central remaining response. Every response named
    /// must be in the campaign. Audited (`campaign.split`).
    pub async fn split_campaign(
        &self,
        by: &Account,
        id: CampaignId,
        out: &[ResponseId],
        now: DateTime<Utc>,
    ) -> Result<SplitOutcome, StoreError> {
        analyst(by)?;
        if out.is_empty() {
            return Err(StoreError::Invalid(vec![FieldError::new(
                "responses",
                Problem::Required,
            )]));
        }
        let txn = self.begin_write().await?;
        let c = campaign::Entity::find_by_id(id.0)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let hearing_id = HearingId(c.hearing_id);
        let before: Vec<Uuid> = campaign_member::Entity::find()
            .filter(campaign_member::Column::CampaignId.eq(id.0))
            .all(&txn)
            .await?
            .into_iter()
            .map(|m| m.response_id)
            .collect();
        let out: HashSet<Uuid> = out.iter().map(|r| r.0).collect();
        if out.iter().any(|r| !before.contains(r)) {
            return Err(StoreError::Invalid(vec![FieldError::new(
                "responses",
                Problem::NotInCampaign,
            )]));
        }
        let left: Vec<Uuid> = before
            .iter()
            .copied()
            .filter(|r| !out.contains(r))
            .collect();
        let outcome = if left.len() < 2 {
            campaign_member::Entity::delete_many()
                .filter(campaign_member::Column::CampaignId.eq(id.0))
                .exec(&txn)
                .await?;
            campaign::Entity::delete_by_id(id.0).exec(&txn).await?;
            SplitOutcome::Dissolved {
                hearing: hearing_id,
            }
        } else {
            campaign_member::Entity::delete_many()
                .filter(campaign_member::Column::CampaignId.eq(id.0))
                .filter(campaign_member::Column::ResponseId.is_in(out.iter().copied()))
                .exec(&txn)
                .await?;
            let texts = hearing_texts(&txn, hearing_id).await?;
            let remaining: Vec<String> = left.iter().map(|r| texts.free_text(*r)).collect();
            let refs: Vec<&str> = remaining.iter().map(String::as_str).collect();
            let shared = hearings_text::most_central(&refs, &CampaignOptions::default())
                .and_then(|i| remaining.get(i).cloned())
                .unwrap_or_else(|| c.shared_text.clone());
            campaign::Entity::update(campaign::ActiveModel {
                id: Set(c.id),
                shared_text: Set(shared),
                ..Default::default()
            })
            .exec(&txn)
            .await?;
            SplitOutcome::Kept {
                campaign: id,
                hearing: hearing_id,
            }
        };
        let mut taken: Vec<Uuid> = out.into_iter().collect();
        taken.sort();
        audit::record(
            &txn,
            by,
            AuditAction::CampaignSplit,
            Object::campaign(id),
            Some(&json!({"hearing": c.hearing_id, "confirmed": c.confirmed, "responses": before})),
            Some(&json!({
                "hearing": c.hearing_id,
                "taken_out": taken,
                "responses": if left.len() < 2 { Vec::new() } else { left },
                "dissolved": matches!(outcome, SplitOutcome::Dissolved { .. }),
            })),
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(outcome)
    }

    /// A hearing's campaigns with their shared text, count and senders,
    /// largest first (four queries, whatever their number). For staff,
    /// politicians and administrators.
    #[tracing::instrument(skip_all, fields(hearing_id = %hearing_id))]
    pub async fn campaigns_of(
        &self,
        viewer: &Account,
        hearing_id: HearingId,
    ) -> Result<Vec<CampaignView>, StoreError> {
        reader(viewer)?;
        hearing_exists(&self.db, hearing_id).await?;
        let campaigns = campaign::Entity::find()
            .filter(campaign::Column::HearingId.eq(hearing_id.0))
            .order_by_asc(campaign::Column::CreatedAt)
            .order_by_asc(campaign::Column::Id)
            .all(&self.db)
            .await?;
        self.campaign_views(hearing_id, campaigns).await
    }

    /// One campaign, for those who read the analysis.
    pub async fn campaign(
        &self,
        viewer: &Account,
        id: CampaignId,
    ) -> Result<CampaignView, StoreError> {
        reader(viewer)?;
        let c = campaign::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let hearing_id = HearingId(c.hearing_id);
        self.campaign_views(hearing_id, vec![c])
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    async fn campaign_views(
        &self,
        hearing_id: HearingId,
        campaigns: Vec<campaign::Model>,
    ) -> Result<Vec<CampaignView>, StoreError> {
        if campaigns.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<Uuid> = campaigns.iter().map(|c| c.id).collect();
        let members = campaign_member::Entity::find()
            .filter(campaign_member::Column::CampaignId.is_in(ids))
            .all(&self.db)
            .await?;
        let responses: HashMap<Uuid, response::Model> = response::Entity::find()
            .filter(
                response::Column::Id.in_subquery(
                    Query::select()
                        .column(campaign_member::Column::ResponseId)
                        .from(campaign_member::Entity)
                        .and_where(
                            campaign_member::Column::CampaignId.in_subquery(
                                Query::select()
                                    .column(campaign::Column::Id)
                                    .from(campaign::Entity)
                                    .and_where(campaign::Column::HearingId.eq(hearing_id.0))
                                    .to_owned(),
                            ),
                        )
                        .to_owned(),
                ),
            )
            .all(&self.db)
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
        let names: HashMap<Uuid, String> = organisation::Entity::find()
            .filter(
                organisation::Column::Id.in_subquery(
                    Query::select()
                        .column(response::Column::OrganisationId)
                        .from(response::Entity)
                        .and_where(response::Column::HearingId.eq(hearing_id.0))
                        .to_owned(),
                ),
            )
            .all(&self.db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        let mut by_campaign: HashMap<Uuid, Vec<&response::Model>> = HashMap::new();
        for m in &members {
            if let Some(r) = responses.get(&m.response_id) {
                by_campaign.entry(m.campaign_id).or_default().push(r);
            }
        }
        let mut out: Vec<CampaignView> = campaigns
            .into_iter()
            .map(|c| {
                let mut rs = by_campaign.remove(&c.id).unwrap_or_default();
                rs.sort_by(|a, b| {
                    a.first_submitted_at
                        .cmp(&b.first_submitted_at)
                        .then(a.id.cmp(&b.id))
                });
                CampaignView {
                    id: CampaignId(c.id),
                    hearing: HearingId(c.hearing_id),
                    shared_text: c.shared_text,
                    confirmed: c.confirmed,
                    created_at: c.created_at,
                    confirmed_at: c.confirmed_at,
                    members: rs
                        .into_iter()
                        .map(|r| CampaignMember {
                            response: ResponseId(r.id),
                            reference: r.reference.clone(),
                            organisation: names
                                .get(&r.organisation_id)
                                .cloned()
                                .unwrap_or_default(),
                        })
                        .collect(),
                }
            })
            .collect();
        // Largest first; then the order they were found in.
        out.sort_by_key(|c| std::cmp::Reverse(c.members.len()));
        Ok(out)
    }

    /// The texts a scope draws from, one per response that has any: the
    /// answer to a question, what is tagged with a theme, or the whole free
    /// text. Checks that the question (a text question) or theme belongs to
    /// the hearing.
    async fn scoped_texts(
        &self,
        hearing_id: HearingId,
        scope: TermScope,
        texts: &HearingTexts,
    ) -> Result<BTreeMap<usize, (Uuid, String)>, StoreError> {
        let order: HashMap<Uuid, usize> = texts
            .responses
            .iter()
            .enumerate()
            .map(|(i, r)| (r.0, i))
            .collect();
        let mut out: BTreeMap<usize, (Uuid, String)> = BTreeMap::new();
        match scope {
            TermScope::Question(q) => {
                question::Entity::find_by_id(q.0)
                    .one(&self.db)
                    .await?
                    .filter(|x| {
                        x.hearing_id == hearing_id.0
                            && (x.kind == "short_text" || x.kind == "long_text")
                    })
                    .ok_or(StoreError::NotFound)?;
                let here = Location::Answer(q);
                for (i, (id, _, _)) in texts.responses.iter().enumerate() {
                    if let Some(t) = texts.at(*id, &here) {
                        out.insert(i, (*id, t.to_string()));
                    }
                }
            }
            TermScope::Theme(t) => {
                theme::Entity::find_by_id(t.0)
                    .one(&self.db)
                    .await?
                    .filter(|x| x.hearing_id == hearing_id.0)
                    .ok_or(StoreError::NotFound)?;
                let tags = theme_tag::Entity::find()
                    .filter(theme_tag::Column::ThemeId.eq(t.0))
                    .order_by_asc(theme_tag::Column::CreatedAt)
                    .order_by_asc(theme_tag::Column::Id)
                    .all(&self.db)
                    .await?;
                for tag in tags {
                    let Some(&i) = order.get(&tag.response_id) else {
                        continue;
                    };
                    let location = tag.location.as_deref().and_then(Location::parse);
                    let text = if !tag.passage.is_empty() {
                        tag.passage
                    } else if let Some(l) = location {
                        texts
                            .at(tag.response_id, &l)
                            .unwrap_or_default()
                            .to_string()
                    } else {
                        texts.free_text(tag.response_id)
                    };
                    let e = out
                        .entry(i)
                        .or_insert_with(|| (tag.response_id, String::new()));
                    if !e.1.is_empty() {
                        e.1.push_str("\n\n");
                    }
                    e.1.push_str(&text);
                }
            }
            TermScope::Hearing => {
                for (i, (id, _, _)) in texts.responses.iter().enumerate() {
                    let t = texts.free_text(*id);
                    if !t.is_empty() {
                        out.insert(i, (*id, t));
                    }
                }
            }
        }
        Ok(out)
    }

    /// Suggested key terms of a text question's answers, of what is tagged
    /// with a theme, or of the whole hearing: Danish stems weighted by how
    /// distinctive they are within this hearing's texts, best first, at
    /// most [`KEY_TERMS`]. For those who read the analysis.
    #[tracing::instrument(skip_all, fields(hearing_id = %hearing_id))]
    pub async fn key_terms(
        &self,
        viewer: &Account,
        hearing_id: HearingId,
        scope: TermScope,
    ) -> Result<Vec<TermView>, StoreError> {
        reader(viewer)?;
        hearing_exists(&self.db, hearing_id).await?;
        let texts = hearing_texts(&self.db, hearing_id).await?;
        let subset = self.scoped_texts(hearing_id, scope, &texts).await?;
        let subset: Vec<&str> = subset.values().map(|(_, t)| t.as_str()).collect();
        let whole = texts.all();
        let stemmer = Stemmer::danish();
        Ok(
            hearings_text::key_terms(&stemmer, &subset, &whole, KEY_TERMS)
                .into_iter()
                .map(TermView::from)
                .collect(),
        )
    }

    /// The suggested key terms of every text question of a hearing, in
    /// the order of the form (six queries, whatever the number of questions
    /// and responses). For those who read the analysis.
    #[tracing::instrument(skip_all, fields(hearing_id = %hearing_id))]
    pub async fn question_terms(
        &self,
        viewer: &Account,
        hearing_id: HearingId,
    ) -> Result<Vec<QuestionTerms>, StoreError> {
        reader(viewer)?;
        hearing_exists(&self.db, hearing_id).await?;
        let questions = question::Entity::find()
            .filter(question::Column::HearingId.eq(hearing_id.0))
            .filter(question::Column::Kind.is_in(["short_text", "long_text"]))
            .order_by_asc(question::Column::Position)
            .all(&self.db)
            .await?;
        let texts = hearing_texts(&self.db, hearing_id).await?;
        let stemmer = Stemmer::danish();
        // The weights are measured once for all the questions.
        let mut corpus = hearings_text::Corpus::new(&stemmer, &texts.all());
        Ok(questions
            .into_iter()
            .map(|q| {
                let here = Location::Answer(QuestionId(q.id));
                let subset: Vec<&str> = texts
                    .responses
                    .iter()
                    .filter_map(|(id, _, _)| texts.at(*id, &here))
                    .collect();
                QuestionTerms {
                    question: QuestionId(q.id),
                    prompt: q.prompt,
                    answers: subset.len(),
                    terms: corpus
                        .key_terms(&subset, KEY_TERMS)
                        .into_iter()
                        .map(TermView::from)
                        .collect(),
                }
            })
            .collect())
    }

    /// The responses that use a term (any word with the same Danish stem)
    /// in the scope, first submitted first, each with the passage around
    /// it. For those who read the analysis.
    #[tracing::instrument(skip_all, fields(hearing_id = %hearing_id))]
    pub async fn responses_with_term(
        &self,
        viewer: &Account,
        hearing_id: HearingId,
        term: &str,
        scope: TermScope,
    ) -> Result<Vec<TermResponse>, StoreError> {
        reader(viewer)?;
        let stemmer = Stemmer::danish();
        let stem = stemmer
            .term(term)
            .ok_or_else(|| StoreError::Invalid(vec![FieldError::new("term", Problem::Required)]))?;
        hearing_exists(&self.db, hearing_id).await?;
        let texts = hearing_texts(&self.db, hearing_id).await?;
        let scoped = self.scoped_texts(hearing_id, scope, &texts).await?;
        Ok(scoped
            .into_iter()
            .filter_map(|(i, (id, text))| {
                let excerpt = hearings_text::excerpt(&stemmer, &text, &stem, 8)?;
                let (_, reference, organisation) = texts.responses.get(i)?;
                Some(TermResponse {
                    response: ResponseId(id),
                    reference: reference.clone(),
                    organisation: organisation.clone(),
                    excerpt,
                })
            })
            .collect())
    }
}
