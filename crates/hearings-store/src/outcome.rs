//! The outcome of a hearing. Staff take a closed hearing into review, then
//! record the decision (date, body, text, a link to the minutes); the
//! hearing becomes decided, its public page says what was decided, and the
//! submitter of every response is e-mailed the decision with how each of the
//! response's points was assessed — all in the transaction that records it.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use hearings_core::analysis::Assessment;
use hearings_core::audit::AuditAction;
use hearings_core::hearing::transition;
use hearings_core::outcome::{CouncilDecision, RawDecision};
use hearings_core::time::in_copenhagen;
use hearings_core::{HearingId, HearingState, ResponseId};
use hearings_i18n::{AssessedPoint, OutcomeEmail, outcome_email};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Object, hearing_snapshot};
use crate::entity::{
    comment_analysis, hearing, hearing_decision, organisation, response, response_analysis,
    response_comment, section, theme, theme_tag, user,
};
use crate::hearings::{list_item, move_hearing};
use crate::outbox::{MessageKind, enqueue};
use crate::{Account, Store, StoreError};

/// A recorded decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionView {
    /// The hearing.
    pub hearing: HearingId,
    /// Date, body, text and link.
    pub decision: CouncilDecision,
    /// When staff recorded it.
    pub recorded_at: DateTime<Utc>,
    /// How many respondents were e-mailed.
    pub notified: i32,
}

/// A theme of a decided hearing as the public sees it: what was said,
/// the administration's comment and what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeTheme {
    /// The theme's name.
    pub name: String,
    /// The views summed up.
    pub views: String,
    /// The administration's comment.
    pub comment: String,
    /// The resulting change to the proposal ("" for none).
    pub change: String,
    /// How many responses raised it.
    pub responses: i64,
}

/// What the public page of a decided hearing says: we asked, you said, we did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicOutcome {
    /// The decision.
    pub decision: DecisionView,
    /// How many responses came in.
    pub responses: i64,
    /// The themes, in their order.
    pub themes: Vec<OutcomeTheme>,
}

/// One point of a response and how it was assessed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomePoint {
    /// The section it is about (number, heading); `None`: the whole response.
    pub section: Option<(i32, String)>,
    /// What the respondent wrote on the section ("" for the whole response).
    pub text: String,
    /// The assessment, if staff made one.
    pub assessment: Option<Assessment>,
    /// The reason for it.
    pub reason: String,
}

/// What became of one response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseOutcome {
    /// The response.
    pub response: ResponseId,
    /// Its reference.
    pub reference: String,
    /// The hearing.
    pub hearing: HearingId,
    /// The hearing's title.
    pub hearing_title: String,
    /// The organisation that answered.
    pub organisation_name: String,
    /// The decision, once recorded; until then nothing below is shown.
    pub decision: Option<DecisionView>,
    /// The whole response first, then each comment on a section by number.
    pub points: Vec<OutcomePoint>,
    /// The themes the response is tagged with.
    pub themes: Vec<OutcomeTheme>,
}

fn decision_view(d: hearing_decision::Model) -> DecisionView {
    DecisionView {
        hearing: HearingId(d.hearing_id),
        decision: CouncilDecision {
            decided_on: d.decided_on,
            body: d.body,
            text: d.text,
            minutes_url: d.minutes_url,
        },
        recorded_at: d.recorded_at,
        notified: d.notified,
    }
}

fn assessment(a: Option<&str>) -> Option<Assessment> {
    a.and_then(|a| Assessment::parse(a).ok())
}

/// The points of each of the given responses (whole response first, then
/// comments by section number), in four queries.
async fn points_of<C: ConnectionTrait>(
    conn: &C,
    hearing_id: Uuid,
    responses: &[Uuid],
) -> Result<HashMap<Uuid, Vec<OutcomePoint>>, StoreError> {
    let analyses: HashMap<Uuid, response_analysis::Model> = response_analysis::Entity::find()
        .filter(response_analysis::Column::ResponseId.is_in(responses.to_vec()))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.response_id, a))
        .collect();
    let sections: HashMap<Uuid, section::Model> = section::Entity::find()
        .filter(section::Column::HearingId.eq(hearing_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let comments = response_comment::Entity::find()
        .filter(response_comment::Column::ResponseId.is_in(responses.to_vec()))
        .all(conn)
        .await?;
    let comment_analyses: HashMap<(Uuid, Uuid), comment_analysis::Model> =
        comment_analysis::Entity::find()
            .filter(comment_analysis::Column::ResponseId.is_in(responses.to_vec()))
            .all(conn)
            .await?
            .into_iter()
            .map(|a| ((a.response_id, a.section_id), a))
            .collect();
    let mut out: HashMap<Uuid, Vec<OutcomePoint>> = responses
        .iter()
        .map(|id| {
            let a = analyses.get(id);
            (
                *id,
                vec![OutcomePoint {
                    section: None,
                    text: String::new(),
                    assessment: assessment(a.and_then(|a| a.assessment.as_deref())),
                    reason: a.map(|a| a.reason.clone()).unwrap_or_default(),
                }],
            )
        })
        .collect();
    for c in comments {
        let Some(s) = sections.get(&c.section_id) else {
            continue;
        };
        let a = comment_analyses.get(&(c.response_id, c.section_id));
        out.entry(c.response_id).or_default().push(OutcomePoint {
            section: Some((s.number, s.heading.clone())),
            text: c.text,
            assessment: assessment(a.and_then(|a| a.assessment.as_deref())),
            reason: a.map(|a| a.reason.clone()).unwrap_or_default(),
        });
    }
    for points in out.values_mut() {
        points.sort_by_key(|p| p.section.as_ref().map(|(n, _)| *n));
    }
    Ok(out)
}

impl Store {
    /// Staff take a closed hearing into review (audited `hearing.review`).
    #[tracing::instrument(skip_all, fields(hearing_id = %id))]
    pub async fn begin_review(
        &self,
        by: &Account,
        id: HearingId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if !by.role.manages_hearings() {
            return Err(StoreError::Forbidden);
        }
        let txn = self.begin_write().await?;
        let m = move_hearing(
            &txn,
            by,
            id,
            now,
            (transition::begin_review, "reviewed"),
            |_| Ok(()),
            |_| {},
        )
        .await?;
        audit::record(
            &txn,
            by,
            AuditAction::HearingReview,
            Object::hearing(id),
            Some(&m.before),
            Some(&hearing_snapshot(&m.after)),
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Staff record the decision on a closed hearing (or one in review).
    /// The hearing becomes decided and the submitter of every response gets
    /// an e-mail with the decision and the assessment of each of its points,
    /// queued in the same transaction (audited `hearing.decide`). A decision
    /// dated before the deadline's day is refused. A fixed number of queries
    /// whatever the number of responses.
    #[tracing::instrument(skip_all, fields(hearing_id = %id))]
    pub async fn record_decision(
        &self,
        by: &Account,
        id: HearingId,
        raw: &RawDecision,
        now: DateTime<Utc>,
    ) -> Result<DecisionView, StoreError> {
        if !by.role.manages_hearings() {
            return Err(StoreError::Forbidden);
        }
        let txn = self.begin_write().await?;
        let mut decision = None;
        let check = |item: &crate::HearingListItem| {
            let earliest: Option<NaiveDate> = item.closes_at.map(|c| in_copenhagen(c).date_naive());
            decision = Some(raw.parse(earliest).map_err(StoreError::Invalid)?);
            Ok(())
        };
        let m = move_hearing(
            &txn,
            by,
            id,
            now,
            (transition::decide, "decided"),
            check,
            |_| {},
        )
        .await?;
        let decision = decision.ok_or_else(|| StoreError::Internal("no decision".into()))?;
        let (before, after, title) = (m.before, m.after, m.item.title);

        // Tell the submitter of every response.
        let responses = response::Entity::find()
            .filter(response::Column::HearingId.eq(id.0))
            .order_by_asc(response::Column::FirstSubmittedAt)
            .all(&txn)
            .await?;
        let ids: Vec<Uuid> = responses.iter().map(|r| r.id).collect();
        let submitters: HashMap<Uuid, user::Model> = user::Entity::find()
            .filter(user::Column::Id.is_in(responses.iter().map(|r| r.submitted_by)))
            .all(&txn)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        let orgs: HashMap<Uuid, String> = organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(responses.iter().map(|r| r.organisation_id)))
            .all(&txn)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        let points = points_of(&txn, id.0, &ids).await?;
        let mut notified = 0;
        for r in &responses {
            let Some(to) = submitters.get(&r.submitted_by) else {
                continue;
            };
            let own = points.get(&r.id).map(Vec::as_slice).unwrap_or_default();
            let assessed: Vec<AssessedPoint<'_>> = own
                .iter()
                .map(|p| AssessedPoint {
                    section: p.section.as_ref().map(|(n, h)| (*n, h.as_str())),
                    assessment: p.assessment.map(|a| (a, p.reason.as_str())),
                })
                .collect();
            let link = self.link(&format!("/responses/{}/outcome", r.id));
            let (subject, body) = outcome_email(&OutcomeEmail {
                hearing_title: &title,
                organisation_name: orgs.get(&r.organisation_id).map_or("", String::as_str),
                reference: &r.reference,
                decided_on: decision.decided_on,
                body: &decision.body,
                text: &decision.text,
                minutes_url: decision.minutes_url.as_deref(),
                points: &assessed,
                link: &link,
            });
            enqueue(&txn, MessageKind::Outcome, &to.email, subject, body, now).await?;
            notified += 1;
        }
        let row = hearing_decision::Model {
            hearing_id: id.0,
            decided_on: decision.decided_on,
            body: decision.body.clone(),
            text: decision.text.clone(),
            minutes_url: decision.minutes_url.clone(),
            recorded_by: by.id.0,
            recorded_at: now,
            notified,
        };
        hearing_decision::Entity::insert(hearing_decision::ActiveModel {
            hearing_id: Set(row.hearing_id),
            decided_on: Set(row.decided_on),
            body: Set(row.body.clone()),
            text: Set(row.text.clone()),
            minutes_url: Set(row.minutes_url.clone()),
            recorded_by: Set(row.recorded_by),
            recorded_at: Set(row.recorded_at),
            notified: Set(row.notified),
        })
        .exec(&txn)
        .await?;
        let mut after_json = hearing_snapshot(&after);
        if let Some(o) = after_json.as_object_mut() {
            o.insert(
                "decision".into(),
                json!({
                    "decided_on": decision.decided_on.to_string(),
                    "body": decision.body,
                    "text": decision.text,
                    "minutes_url": decision.minutes_url,
                    "notified": notified,
                }),
            );
        }
        audit::record(
            &txn,
            by,
            AuditAction::HearingDecide,
            Object::hearing(id),
            Some(&before),
            Some(&after_json),
            now,
        )
        .await?;
        txn.commit().await?;
        tracing::info!(notified, "decision recorded");
        Ok(decision_view(row))
    }

    /// What a decided hearing's public page says: the decision, the number
    /// of responses and the themes with the administration's comment and the
    /// change (four queries). `None` until a decision is recorded. Public:
    /// only published hearings are ever decided.
    pub async fn public_outcome(&self, id: HearingId) -> Result<Option<PublicOutcome>, StoreError> {
        let Some(d) = hearing_decision::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let responses = response::Entity::find()
            .filter(response::Column::HearingId.eq(id.0))
            .count(&self.db)
            .await? as i64;
        let themes = self.outcome_themes(id.0, None).await?;
        Ok(Some(PublicOutcome {
            decision: decision_view(d),
            responses,
            themes,
        }))
    }

    /// The themes of a hearing (or only those tagged on one response) with
    /// the number of responses tagged (two queries).
    async fn outcome_themes(
        &self,
        hearing_id: Uuid,
        only: Option<Uuid>,
    ) -> Result<Vec<OutcomeTheme>, StoreError> {
        let themes = theme::Entity::find()
            .filter(theme::Column::HearingId.eq(hearing_id))
            .order_by_asc(theme::Column::Position)
            .order_by_asc(theme::Column::CreatedAt)
            .all(&self.db)
            .await?;
        let tags = theme_tag::Entity::find()
            .filter(theme_tag::Column::ThemeId.is_in(themes.iter().map(|t| t.id)))
            .all(&self.db)
            .await?;
        let mut counts: HashMap<Uuid, std::collections::HashSet<Uuid>> = HashMap::new();
        for t in &tags {
            counts.entry(t.theme_id).or_default().insert(t.response_id);
        }
        Ok(themes
            .into_iter()
            .filter(|t| only.is_none_or(|r| counts.get(&t.id).is_some_and(|s| s.contains(&r))))
            .map(|t| OutcomeTheme {
                responses: counts.get(&t.id).map_or(0, |s| s.len() as i64),
                name: t.name,
                views: t.views,
                comment: t.comment,
                change: t.change,
            })
            .collect())
    }

    /// What became of one response: for the members of its organisation and
    /// for those who read responses; anyone else is told it does not exist.
    /// The assessments are shown only once the decision is recorded.
    pub async fn response_outcome(
        &self,
        viewer: &Account,
        id: ResponseId,
        now: DateTime<Utc>,
    ) -> Result<ResponseOutcome, StoreError> {
        let r = response::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let own = viewer.role.responds()
            && viewer
                .organisation
                .is_some_and(|o| o.0 == r.organisation_id);
        if !own && !viewer.role.reads_summaries() {
            return Err(StoreError::NotFound);
        }
        let h = hearing::Entity::find_by_id(r.hearing_id)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let item = list_item(h, now)?;
        let organisation_name = organisation::Entity::find_by_id(r.organisation_id)
            .one(&self.db)
            .await?
            .map(|o| o.name)
            .unwrap_or_default();
        let decided = matches!(item.state, HearingState::Decided | HearingState::Archived);
        let decision = if decided {
            hearing_decision::Entity::find_by_id(r.hearing_id)
                .one(&self.db)
                .await?
                .map(decision_view)
        } else {
            None
        };
        let (points, themes) = if decision.is_some() {
            let mut points = points_of(&self.db, r.hearing_id, &[r.id]).await?;
            (
                points.remove(&r.id).unwrap_or_default(),
                self.outcome_themes(r.hearing_id, Some(r.id)).await?,
            )
        } else {
            (Vec::new(), Vec::new())
        };
        Ok(ResponseOutcome {
            response: id,
            reference: r.reference,
            hearing: item.id,
            hearing_title: item.title,
            organisation_name,
            decision,
            points,
            themes,
        })
    }
}
