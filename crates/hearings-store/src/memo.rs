//! The hearing memo (høringsnotat): what it is composed from (`memo_data`:
//! the hearing, the parties consulted, the responses with staff's summaries
//! and assessments, the themes), and its versions. Staff save a draft and
//! make it final; a final version is frozen, and editing it again starts the
//! next version. Those who read responses read every version; anyone reads
//! a final one.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use hearings_core::analysis::Assessment;
use hearings_core::audit::AuditAction;
use hearings_core::input::{FieldError, Problem};
use hearings_core::{HearingId, Publication, RespondentType, ResponseId};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Object};
use crate::entity::{
    campaign, campaign_member, confidential_passage, hearing, hearing_decision, memo, organisation,
    response, response_analysis, theme, theme_tag, user,
};
use crate::hearings::list_item;
use crate::{Account, Store, StoreError};
use hearings_core::response_parts::{Decision, withhold};

/// The longest memo, in characters (a memo of 10,000 responses fits).
pub const MEMO_MAX: usize = 1_500_000;

/// A response as the memo names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoResponse {
    /// The response.
    pub id: ResponseId,
    /// Its reference number.
    pub reference: String,
    /// Who answered, as it may be published: the organisation's name when it
    /// chose to be named, `None` when anonymous or a private person.
    pub name: Option<String>,
    /// Where the response is (absolute when the server knows its address).
    pub href: String,
    /// Staff's summary.
    pub summary: String,
    /// Staff's assessment.
    pub assessment: Option<Assessment>,
    /// The reason for it.
    pub reason: String,
}

/// A theme with the responses tagged with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoTheme {
    /// Name, views, comment and change.
    pub theme: hearings_core::analysis::Theme,
    /// Indexes into [`MemoData::responses`], first submitted first.
    pub responses: Vec<usize>,
}

/// A near-identical group of responses (a campaign confirmed by staff), as
/// the memo reports it: one text with its count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoCampaign {
    /// The shared text, with every passage a member asked to keep
    /// confidential (and staff did not refuse) replaced by `[…]`.
    pub text: String,
    /// Indexes into [`MemoData::responses`].
    pub responses: Vec<usize>,
}

/// A party consulted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoParty {
    /// Its name (an organisation), or `None` for an address or private person.
    pub name: Option<String>,
    /// Whether it responded.
    pub responded: bool,
}

/// Everything a memo is composed from.
#[derive(Debug, Clone, PartialEq)]
pub struct MemoData {
    /// The hearing.
    pub hearing: crate::HearingListItem,
    /// The parties on the hearing list.
    pub parties: Vec<MemoParty>,
    /// Every response, first submitted first.
    pub responses: Vec<MemoResponse>,
    /// The themes, in their order.
    pub themes: Vec<MemoTheme>,
    /// The campaigns confirmed by staff.
    pub campaigns: Vec<MemoCampaign>,
    /// The decision, if recorded.
    pub decision: Option<hearings_core::outcome::CouncilDecision>,
}

/// A version of a memo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoView {
    /// The hearing.
    pub hearing: HearingId,
    /// The version, from 1.
    pub version: i32,
    /// The text (Markdown).
    pub markdown: String,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
    /// Who changed it last (a name).
    pub updated_by: String,
    /// When it was made final; `None` for a draft.
    pub finalised_at: Option<DateTime<Utc>>,
}

fn readers(viewer: Option<&Account>) -> bool {
    viewer.is_some_and(|a| a.role.reads_summaries())
}

impl Store {
    /// What the memo of a hearing is composed from (staff): eleven queries,
    /// whatever the number of responses.
    pub async fn memo_data(
        &self,
        by: &Account,
        id: HearingId,
        now: DateTime<Utc>,
    ) -> Result<MemoData, StoreError> {
        if !by.role.manages_hearings() {
            return Err(StoreError::Forbidden);
        }
        let h = hearing::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let item = list_item(h, now)?;
        let list = self.hearing_list(id, Some(by), now).await?;
        let parties = list
            .parties
            .into_iter()
            .map(|p| MemoParty {
                name: p.name,
                responded: p.responded.unwrap_or(false),
            })
            .collect();
        let rows = response::Entity::find()
            .filter(response::Column::HearingId.eq(id.0))
            .order_by_asc(response::Column::FirstSubmittedAt)
            .order_by_asc(response::Column::Id)
            .all(&self.db)
            .await?;
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let orgs: HashMap<Uuid, String> = organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(rows.iter().map(|r| r.organisation_id)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        let analyses: HashMap<Uuid, response_analysis::Model> = response_analysis::Entity::find()
            .filter(response_analysis::Column::ResponseId.is_in(ids.clone()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|a| (a.response_id, a))
            .collect();
        let index: HashMap<Uuid, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let responses = rows
            .into_iter()
            .map(|r| {
                let named = Publication::parse(&r.publication).ok() == Some(Publication::Named)
                    && RespondentType::parse(&r.respondent_type).ok()
                        != Some(RespondentType::PrivatePerson);
                let a = analyses.get(&r.id);
                MemoResponse {
                    id: ResponseId(r.id),
                    href: self.link(&format!("/responses/{}", r.id)),
                    reference: r.reference,
                    name: named.then(|| orgs.get(&r.organisation_id).cloned().unwrap_or_default()),
                    summary: a.map(|a| a.summary.clone()).unwrap_or_default(),
                    assessment: a
                        .and_then(|a| a.assessment.as_deref())
                        .and_then(|x| Assessment::parse(x).ok()),
                    reason: a.map(|a| a.reason.clone()).unwrap_or_default(),
                }
            })
            .collect();
        let themes = theme::Entity::find()
            .filter(theme::Column::HearingId.eq(id.0))
            .order_by_asc(theme::Column::Position)
            .order_by_asc(theme::Column::CreatedAt)
            .all(&self.db)
            .await?;
        let tags = theme_tag::Entity::find()
            .filter(theme_tag::Column::ThemeId.is_in(themes.iter().map(|t| t.id)))
            .all(&self.db)
            .await?;
        let themes = themes
            .into_iter()
            .map(|t| {
                let mut on: Vec<usize> = tags
                    .iter()
                    .filter(|g| g.theme_id == t.id)
                    .filter_map(|g| index.get(&g.response_id).copied())
                    .collect();
                on.sort_unstable();
                on.dedup();
                MemoTheme {
                    theme: hearings_core::analysis::Theme {
                        name: t.name,
                        views: t.views,
                        comment: t.comment,
                        change: t.change,
                    },
                    responses: on,
                }
            })
            .collect();
        let groups = campaign::Entity::find()
            .filter(campaign::Column::HearingId.eq(id.0))
            .filter(campaign::Column::Confirmed.eq(true))
            .order_by_asc(campaign::Column::CreatedAt)
            .all(&self.db)
            .await?;
        let members = campaign_member::Entity::find()
            .filter(campaign_member::Column::CampaignId.is_in(groups.iter().map(|g| g.id)))
            .all(&self.db)
            .await?;
        let withheld = confidential_passage::Entity::find()
            .filter(
                confidential_passage::Column::ResponseId
                    .is_in(members.iter().map(|m| m.response_id)),
            )
            .all(&self.db)
            .await?;
        let campaigns = groups
            .into_iter()
            .map(|g| {
                let ids: Vec<Uuid> = members
                    .iter()
                    .filter(|m| m.campaign_id == g.id)
                    .map(|m| m.response_id)
                    .collect();
                let passages = withheld
                    .iter()
                    .filter(|p| ids.contains(&p.response_id))
                    .filter(|p| Decision::parse(&p.decision).is_none_or(|d| d.withholds()))
                    .map(|p| p.text.as_str());
                let mut responses: Vec<usize> =
                    ids.iter().filter_map(|r| index.get(r).copied()).collect();
                responses.sort_unstable();
                MemoCampaign {
                    text: withhold(&g.shared_text, passages),
                    responses,
                }
            })
            .collect();
        let decision = hearing_decision::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .map(|d| hearings_core::outcome::CouncilDecision {
                decided_on: d.decided_on,
                body: d.body,
                text: d.text,
                minutes_url: d.minutes_url,
            });
        Ok(MemoData {
            hearing: item,
            parties,
            responses,
            themes,
            campaigns,
            decision,
        })
    }

    /// The versions of a hearing's memo, newest first: every version for
    /// those who read responses, the final ones for anyone else.
    pub async fn memo_versions(
        &self,
        viewer: Option<&Account>,
        id: HearingId,
    ) -> Result<Vec<MemoView>, StoreError> {
        let mut q = memo::Entity::find()
            .filter(memo::Column::HearingId.eq(id.0))
            .order_by_desc(memo::Column::Version);
        if !readers(viewer) {
            q = q.filter(memo::Column::FinalisedAt.is_not_null());
        }
        let rows = q.all(&self.db).await?;
        let names: HashMap<Uuid, String> = user::Entity::find()
            .filter(user::Column::Id.is_in(rows.iter().map(|r| r.updated_by)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        Ok(rows
            .into_iter()
            .map(|m| MemoView {
                hearing: id,
                version: m.version,
                updated_by: names.get(&m.updated_by).cloned().unwrap_or_default(),
                markdown: m.markdown,
                updated_at: m.updated_at,
                finalised_at: m.finalised_at,
            })
            .collect())
    }

    /// One version of the memo (the newest the viewer may read if `None`).
    pub async fn memo(
        &self,
        viewer: Option<&Account>,
        id: HearingId,
        version: Option<i32>,
    ) -> Result<MemoView, StoreError> {
        self.memo_versions(viewer, id)
            .await?
            .into_iter()
            .find(|m| version.is_none_or(|v| v == m.version))
            .ok_or(StoreError::NotFound)
    }

    /// Staff save the memo: the draft changes in place, or, when there is
    /// none (no memo yet, or the newest is final), a new draft version is
    /// made. `based_on` is the version the text was edited from (`None` for
    /// a first memo); a save on an older version is refused, so nobody's
    /// edits are overwritten unseen. Audited (`memo.save`).
    pub async fn save_memo(
        &self,
        by: &Account,
        id: HearingId,
        markdown: &str,
        based_on: Option<i32>,
        now: DateTime<Utc>,
    ) -> Result<MemoView, StoreError> {
        if !by.role.manages_hearings() {
            return Err(StoreError::Forbidden);
        }
        let text = markdown.replace("\r\n", "\n");
        if text.trim().is_empty() {
            return Err(StoreError::Invalid(vec![FieldError::new(
                "markdown",
                Problem::Required,
            )]));
        }
        if text.chars().count() > MEMO_MAX {
            return Err(StoreError::Invalid(vec![FieldError::new(
                "markdown",
                Problem::TooLong { max: MEMO_MAX },
            )]));
        }
        let txn = self.begin_write().await?;
        hearing::Entity::find_by_id(id.0)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let newest = memo::Entity::find()
            .filter(memo::Column::HearingId.eq(id.0))
            .order_by_desc(memo::Column::Version)
            .one(&txn)
            .await?;
        if newest.as_ref().map(|m| m.version) != based_on {
            return Err(StoreError::Invalid(vec![FieldError::new(
                "version",
                Problem::DraftChanged,
            )]));
        }
        let (version, before) = match newest {
            Some(m) if m.finalised_at.is_none() => {
                let version = m.version;
                let before = json!({"version": version, "chars": m.markdown.chars().count()});
                let mut active: memo::ActiveModel = m.into();
                active.markdown = Set(text.clone());
                active.updated_by = Set(by.id.0);
                active.updated_at = Set(now);
                memo::Entity::update(active).exec(&txn).await?;
                (version, Some(before))
            }
            other => {
                let version = other.map_or(1, |m| m.version + 1);
                memo::Entity::insert(memo::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    hearing_id: Set(id.0),
                    version: Set(version),
                    markdown: Set(text.clone()),
                    updated_by: Set(by.id.0),
                    created_at: Set(now),
                    updated_at: Set(now),
                    finalised_at: Set(None),
                    finalised_by: Set(None),
                })
                .exec(&txn)
                .await?;
                (version, None)
            }
        };
        audit::record(
            &txn,
            by,
            AuditAction::MemoSave,
            Object::hearing(id),
            before.as_ref(),
            Some(&json!({"version": version, "chars": text.chars().count()})),
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(MemoView {
            hearing: id,
            version,
            markdown: text,
            updated_at: now,
            updated_by: by.name.clone(),
            finalised_at: None,
        })
    }

    /// Staff make the draft `version` final: it is frozen from then on.
    /// Audited (`memo.finalise`).
    pub async fn finalise_memo(
        &self,
        by: &Account,
        id: HearingId,
        version: i32,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if !by.role.manages_hearings() {
            return Err(StoreError::Forbidden);
        }
        let txn = self.begin_write().await?;
        let newest = memo::Entity::find()
            .filter(memo::Column::HearingId.eq(id.0))
            .order_by_desc(memo::Column::Version)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if newest.version != version || newest.finalised_at.is_some() {
            return Err(StoreError::Invalid(vec![FieldError::new(
                "version",
                Problem::DraftChanged,
            )]));
        }
        let mut active: memo::ActiveModel = newest.into();
        active.finalised_at = Set(Some(now));
        active.finalised_by = Set(Some(by.id.0));
        memo::Entity::update(active).exec(&txn).await?;
        audit::record(
            &txn,
            by,
            AuditAction::MemoFinalise,
            Object::hearing(id),
            None,
            Some(&json!({"version": version})),
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }
}
