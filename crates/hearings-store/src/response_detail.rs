//! One response in full, for its organisation's members and for those who
//! read responses (staff, politicians, administrators): answers, comments
//! on sections with the sections' text, attachments, confidential passages
//! with staff's decisions, and its versions. Staff decide on the passages
//! here.

use chrono::{DateTime, Utc};
use hearings_core::audit::AuditAction;
use hearings_core::input::{FieldError, Problem};
use hearings_core::response_parts::{Decision, Location};
use hearings_core::{
    FileId, HearingId, HearingState, QuestionId, QuestionKind, ResponseId, SectionId, Stance,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::audit::{self, Object};
use crate::entity::{
    answer, confidential_passage, hearing, organisation, response, response_attachment,
    response_comment, section, user,
};
use crate::hearings::list_item;
use crate::{Account, ResponseVersion, Store, StoreError, StoredFile};

/// The longest reason staff give for a decision on a confidential passage.
pub const DECISION_REASON_MAX: usize = 2_000;

/// An answer as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct DetailAnswer {
    /// The question.
    pub question: QuestionId,
    /// Its prompt.
    pub prompt: String,
    /// Its kind.
    pub kind: QuestionKind,
    /// The values as text: the text, the chosen options, the number, `yes`
    /// or `no`; a file's id.
    pub values: Vec<String>,
    /// The file, for a file question.
    pub file: Option<StoredFile>,
}

/// A comment on a section, with the section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailComment {
    /// The section.
    pub section: SectionId,
    /// Its number (§ n).
    pub number: i32,
    /// Its heading.
    pub heading: String,
    /// Its text (Markdown).
    pub section_text: String,
    /// The comment.
    pub text: String,
}

/// A passage the respondent asked to keep confidential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageView {
    /// Its id (for staff's decision).
    pub id: Uuid,
    /// Where it is.
    pub location: Location,
    /// The question's prompt or the section's "§ n heading".
    pub location_label: String,
    /// The text.
    pub text: String,
    /// The respondent's reason.
    pub reason: String,
    /// Staff's decision.
    pub decision: Decision,
    /// Staff's reason for it.
    pub decision_reason: Option<String>,
    /// When decided.
    pub decided_at: Option<DateTime<Utc>>,
}

/// A response in full.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseDetail {
    /// Id.
    pub id: ResponseId,
    /// Reference.
    pub reference: String,
    /// The hearing.
    pub hearing: HearingId,
    /// Its title.
    pub hearing_title: String,
    /// Its state now.
    pub hearing_state: HearingState,
    /// The organisation's name.
    pub organisation_name: String,
    /// Respondent type as submitted.
    pub respondent_type: String,
    /// Stance.
    pub stance: Stance,
    /// Publication choice.
    pub publication: String,
    /// Latest version.
    pub version: i32,
    /// When it was stored.
    pub submitted_at: DateTime<Utc>,
    /// Who submitted it (a name).
    pub submitted_by: String,
    /// Its digest.
    pub digest: String,
    /// Answers, in the questions' order.
    pub answers: Vec<DetailAnswer>,
    /// Comments, in the sections' order.
    pub comments: Vec<DetailComment>,
    /// Attached files, in order.
    pub attachments: Vec<StoredFile>,
    /// Confidential passages.
    pub confidential: Vec<PassageView>,
    /// Every version, oldest first.
    pub versions: Vec<ResponseVersion>,
}

/// The text values of a stored answer.
pub(crate) fn answer_values(raw: &str) -> Vec<String> {
    match serde_json::from_str::<Value>(raw) {
        Ok(Value::String(s)) => vec![s],
        Ok(Value::Array(items)) => items
            .into_iter()
            .map(|v| match v {
                Value::String(s) => s,
                other => other.to_string(),
            })
            .collect(),
        Ok(Value::Bool(b)) => vec![if b { "yes" } else { "no" }.into()],
        Ok(Value::Null) | Err(_) => vec![],
        Ok(other) => vec![other.to_string()],
    }
}

impl Store {
    /// Records in the audit log that someone outside the response's
    /// organisation (staff, a politician, an administrator) read it: the
    /// full response always holds more than is public (who submitted it,
    /// the name behind an anonymous one, passages withheld, and everything
    /// before the deadline).
    pub(crate) async fn record_read(
        &self,
        viewer: &Account,
        r: &response::Model,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let txn = self.begin_write().await?;
        audit::record(
            &txn,
            viewer,
            AuditAction::ResponseRead,
            Object::response(ResponseId(r.id)),
            None,
            Some(&json!({"hearing": r.hearing_id, "reference": r.reference, "version": r.version, "role": viewer.role.as_str()})),
            now,
        )
        .await?;
        txn.commit().await?;
        tracing::info!(viewer = %viewer.id, role = %viewer.role, "non-public response read");
        Ok(())
    }

    /// A response in full: for members of its organisation and for staff,
    /// politicians and administrators; anyone else is told it does not
    /// exist. A reading by someone outside the organisation is recorded in
    /// the audit log (`response.read`).
    /// Nine queries, whatever the response holds.
    #[tracing::instrument(skip_all, fields(response_id = %id))]
    pub async fn response_detail(
        &self,
        viewer: &Account,
        id: ResponseId,
        now: DateTime<Utc>,
    ) -> Result<ResponseDetail, StoreError> {
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
        if !own {
            self.record_read(viewer, &r, now).await?;
        }
        let h = hearing::Entity::find_by_id(r.hearing_id)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let item = list_item(h, now)?;
        let org_name = organisation::Entity::find_by_id(r.organisation_id)
            .one(&self.db)
            .await?
            .map(|o| o.name)
            .unwrap_or_default();
        let questions = self.questions(item.id).await?;
        let stored = answer::Entity::find()
            .filter(answer::Column::ResponseId.eq(r.id))
            .all(&self.db)
            .await?;
        let sections = section::Entity::find()
            .filter(section::Column::HearingId.eq(r.hearing_id))
            .order_by_asc(section::Column::Number)
            .all(&self.db)
            .await?;
        let comments = response_comment::Entity::find()
            .filter(response_comment::Column::ResponseId.eq(r.id))
            .all(&self.db)
            .await?;
        let attachments = response_attachment::Entity::find()
            .filter(response_attachment::Column::ResponseId.eq(r.id))
            .order_by_asc(response_attachment::Column::Position)
            .all(&self.db)
            .await?;
        let passages = confidential_passage::Entity::find()
            .filter(confidential_passage::Column::ResponseId.eq(r.id))
            .all(&self.db)
            .await?;
        let answers: Vec<DetailAnswer> = questions
            .iter()
            .filter_map(|q| {
                let a = stored.iter().find(|a| a.question_id == q.id.0)?;
                Some(DetailAnswer {
                    question: q.id,
                    prompt: q.spec.prompt.clone(),
                    kind: q.spec.kind.clone(),
                    values: answer_values(&a.value),
                    file: None,
                })
            })
            .collect();
        let file_ids: Vec<FileId> = answers
            .iter()
            .filter(|a| a.kind == QuestionKind::File)
            .filter_map(|a| a.values.first()?.parse().ok())
            .chain(attachments.iter().map(|a| FileId(a.file_id)))
            .collect();
        let files = self.files(&file_ids).await?;
        let answers = answers
            .into_iter()
            .map(|mut a| {
                if a.kind == QuestionKind::File {
                    a.file = a
                        .values
                        .first()
                        .and_then(|v| v.parse::<FileId>().ok())
                        .and_then(|f| files.get(&f).cloned());
                }
                a
            })
            .collect::<Vec<_>>();
        let comments: Vec<DetailComment> = sections
            .iter()
            .filter_map(|s| {
                let c = comments.iter().find(|c| c.section_id == s.id)?;
                Some(DetailComment {
                    section: SectionId(s.id),
                    number: s.number,
                    heading: s.heading.clone(),
                    section_text: s.body.clone(),
                    text: c.text.clone(),
                })
            })
            .collect();
        let label = |l: &Location| match l {
            Location::Answer(q) => questions
                .iter()
                .find(|x| x.id == *q)
                .map(|x| x.spec.prompt.clone())
                .unwrap_or_default(),
            Location::Comment(s) => sections
                .iter()
                .find(|x| x.id == s.0)
                .map(|x| format!("§ {} {}", x.number, x.heading))
                .unwrap_or_default(),
        };
        let confidential = passages
            .into_iter()
            .filter_map(|p| {
                let location = Location::parse(&p.location)?;
                Some(PassageView {
                    id: p.id,
                    location_label: label(&location),
                    location,
                    text: p.text,
                    reason: p.reason,
                    decision: Decision::parse(&p.decision).unwrap_or(Decision::Pending),
                    decision_reason: p.decision_reason,
                    decided_at: p.decided_at,
                })
            })
            .collect();
        let submitted_by = user::Entity::find_by_id(r.submitted_by)
            .one(&self.db)
            .await?
            .map(|u| u.name)
            .unwrap_or_default();
        let versions = if own || viewer.role.manages_hearings() {
            self.response_versions(viewer, id).await?
        } else {
            Vec::new()
        };
        Ok(ResponseDetail {
            id,
            reference: r.reference,
            hearing: item.id,
            hearing_title: item.title,
            hearing_state: item.state,
            organisation_name: org_name,
            respondent_type: r.respondent_type,
            stance: Stance::parse(&r.stance).map_err(|e| StoreError::Internal(e.to_string()))?,
            publication: r.publication,
            version: r.version,
            submitted_at: r.submitted_at,
            submitted_by,
            digest: r.digest,
            answers,
            comments,
            attachments: attachments
                .iter()
                .filter_map(|a| files.get(&FileId(a.file_id)).cloned())
                .collect(),
            confidential,
            versions,
        })
    }

    /// Staff decide on a passage a respondent asked to keep confidential:
    /// granted (never published) or refused (published with the rest), with
    /// a reason the respondent sees. Audited (`response.confidentiality`).
    /// The reason's field is `reason`; the decision's `decision`.
    #[tracing::instrument(skip_all, fields(passage_id = %passage))]
    pub async fn decide_passage(
        &self,
        by: &Account,
        passage: Uuid,
        decision: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<ResponseId, StoreError> {
        if !by.role.manages_hearings() {
            return Err(StoreError::Forbidden);
        }
        let mut errors = Vec::new();
        let decision = match Decision::parse(decision) {
            Some(d @ (Decision::Granted | Decision::Refused)) => Some(d),
            _ => {
                errors.push(FieldError::new("decision", Problem::Required));
                None
            }
        };
        let reason = reason.trim();
        if reason.is_empty() {
            errors.push(FieldError::new("reason", Problem::Required));
        } else if reason.chars().count() > DECISION_REASON_MAX {
            errors.push(FieldError::new(
                "reason",
                Problem::TooLong {
                    max: DECISION_REASON_MAX,
                },
            ));
        }
        let txn = self.begin_write().await?;
        let p = confidential_passage::Entity::find_by_id(passage)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let Some(decision) = decision.filter(|_| errors.is_empty()) else {
            return Err(StoreError::Invalid(errors));
        };
        let before =
            json!({"decision": p.decision, "reason": p.decision_reason, "location": p.location});
        confidential_passage::Entity::update_many()
            .col_expr(
                confidential_passage::Column::Decision,
                decision.as_str().into(),
            )
            .col_expr(
                confidential_passage::Column::DecisionReason,
                Some(reason.to_string()).into(),
            )
            .col_expr(
                confidential_passage::Column::DecidedBy,
                Some(by.id.0).into(),
            )
            .col_expr(confidential_passage::Column::DecidedAt, Some(now).into())
            .filter(confidential_passage::Column::Id.eq(p.id))
            .exec(&txn)
            .await?;
        let after =
            json!({"decision": decision.as_str(), "reason": reason, "location": p.location});
        audit::record(
            &txn,
            by,
            AuditAction::ResponseConfidentiality,
            Object::response(ResponseId(p.response_id)),
            Some(&before),
            Some(&after),
            now,
        )
        .await?;
        txn.commit().await?;
        tracing::info!(decision = decision.as_str(), "confidentiality decided");
        Ok(ResponseId(p.response_id))
    }
}
