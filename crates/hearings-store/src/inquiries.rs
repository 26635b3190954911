//! Questions on a hearing: anyone signed in asks while it is open; staff
//! answer publicly or hide with a recorded reason (never delete).

use chrono::{DateTime, Utc};
use hearings_core::audit::AuditAction;
use hearings_core::input::FieldError;
use hearings_core::inquiry::{self, InquiryState};
use hearings_core::{HearingId, InquiryId, RespondentType, Role};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::audit::{self, Object};
use uuid::Uuid;

use crate::entity::{hearing, inquiry as row, organisation};
use crate::hearings::list_item;
use crate::{Account, Store, StoreError};

/// A question asked on a hearing, as a viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inquiry {
    /// Id.
    pub id: InquiryId,
    /// The hearing.
    pub hearing: HearingId,
    /// The hearing's title (filled in for the staff's list across hearings).
    pub hearing_title: Option<String>,
    /// The asker's role.
    pub asker_role: Role,
    /// The asker's organisation; `None` for a private person, staff and politicians.
    pub asker_organisation: Option<String>,
    /// Whether the viewer asked it.
    pub mine: bool,
    /// The question.
    pub question: String,
    /// When it was asked.
    pub asked_at: DateTime<Utc>,
    /// The answer.
    pub answer: Option<String>,
    /// When it was answered.
    pub answered_at: Option<DateTime<Utc>>,
    /// Where it stands.
    pub state: InquiryState,
    /// Why it was hidden (staff only).
    pub hidden_reason: Option<String>,
}

fn view(r: row::Model, viewer: Option<&Account>, hearing_title: Option<String>) -> Inquiry {
    let state = InquiryState::of(r.answer.is_some(), r.hidden_at.is_some());
    let is_staff = viewer.is_some_and(|a| a.role.manages_hearings());
    Inquiry {
        id: InquiryId(r.id),
        hearing: HearingId(r.hearing_id),
        hearing_title,
        asker_role: Role::parse(&r.asker_role).unwrap_or(Role::Respondent),
        asker_organisation: r.asker_organisation,
        mine: viewer.is_some_and(|a| a.id.0 == r.asked_by),
        question: r.question,
        asked_at: r.asked_at,
        answer: r.answer,
        answered_at: r.answered_at,
        state,
        hidden_reason: if is_staff { r.hidden_reason } else { None },
    }
}

/// An inquiry as the audit log keeps it.
fn snapshot(r: &row::Model) -> serde_json::Value {
    serde_json::json!({
        "hearing": r.hearing_id,
        "question": r.question,
        "answer": r.answer,
        "hidden_reason": r.hidden_reason,
    })
}

fn invalid(field: &str, p: hearings_core::input::Problem) -> StoreError {
    StoreError::Invalid(vec![FieldError::new(field, p)])
}

impl Store {
    /// Asks a question on an open hearing. It is published when answered.
    #[tracing::instrument(skip_all, fields(hearing_id = %hearing_id))]
    pub async fn ask(
        &self,
        by: &Account,
        hearing_id: HearingId,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<InquiryId, StoreError> {
        let h = hearing::Entity::find_by_id(hearing_id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let item = list_item(h, now)?;
        if !item.state.is_public() {
            return Err(StoreError::NotFound);
        }
        if !item.state.accepts_responses() {
            return Err(StoreError::NotOpen {
                state: item.state,
                opens_at: item.opens_at,
                closes_at: item.closes_at,
            });
        }
        let question = inquiry::question(text).map_err(|p| invalid("question", p))?;
        // The asker's organisation is shown with the question, never a private person's name.
        let asker_organisation = match by.organisation {
            Some(org) => organisation::Entity::find_by_id(org.0)
                .one(&self.db)
                .await?
                .filter(|o| o.respondent_type != RespondentType::PrivatePerson.as_str())
                .map(|o| o.name),
            None => None,
        };
        let id = Uuid::new_v4();
        row::Entity::insert(row::ActiveModel {
            id: Set(id),
            hearing_id: Set(hearing_id.0),
            asked_by: Set(by.id.0),
            asker_role: Set(by.role.as_str().to_string()),
            asker_organisation: Set(asker_organisation),
            question: Set(question),
            asked_at: Set(now),
            answer: Set(None),
            answered_by: Set(None),
            answered_at: Set(None),
            hidden_at: Set(None),
            hidden_by: Set(None),
            hidden_reason: Set(None),
        })
        .exec(&self.db)
        .await?;
        tracing::info!(inquiry_id = %id, "question asked");
        Ok(InquiryId(id))
    }

    async fn staff_inquiry(&self, by: &Account, id: InquiryId) -> Result<row::Model, StoreError> {
        if !by.role.manages_hearings() {
            return Err(StoreError::Forbidden);
        }
        row::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Answers (or corrects the answer to) a question; the two are then
    /// public. Recorded in the audit log.
    #[tracing::instrument(skip_all, fields(inquiry_id = %id))]
    pub async fn answer_inquiry(
        &self,
        by: &Account,
        id: InquiryId,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<Inquiry, StoreError> {
        let r = self.staff_inquiry(by, id).await?;
        let answer = inquiry::answer(text).map_err(|p| invalid("answer", p))?;
        let before = snapshot(&r);
        let mut active: row::ActiveModel = r.into();
        active.answer = Set(Some(answer));
        active.answered_by = Set(Some(by.id.0));
        active.answered_at = Set(Some(now));
        let txn = self.begin_write().await?;
        let updated = row::Entity::update(active).exec(&txn).await?;
        audit::record(
            &txn,
            by,
            AuditAction::InquiryAnswer,
            Object::inquiry(id),
            Some(&before),
            Some(&snapshot(&updated)),
            now,
        )
        .await?;
        txn.commit().await?;
        tracing::info!("question answered");
        Ok(view(updated, Some(by), None))
    }

    /// Hides a question from the public with a recorded reason. Nothing is deleted.
    #[tracing::instrument(skip_all, fields(inquiry_id = %id))]
    pub async fn hide_inquiry(
        &self,
        by: &Account,
        id: InquiryId,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Inquiry, StoreError> {
        let r = self.staff_inquiry(by, id).await?;
        let reason = inquiry::reason(reason).map_err(|p| invalid("reason", p))?;
        let before = snapshot(&r);
        let mut active: row::ActiveModel = r.into();
        active.hidden_at = Set(Some(now));
        active.hidden_by = Set(Some(by.id.0));
        active.hidden_reason = Set(Some(reason));
        let txn = self.begin_write().await?;
        let updated = row::Entity::update(active).exec(&txn).await?;
        audit::record(
            &txn,
            by,
            AuditAction::InquiryHide,
            Object::inquiry(id),
            Some(&before),
            Some(&snapshot(&updated)),
            now,
        )
        .await?;
        txn.commit().await?;
        tracing::info!("question hidden");
        Ok(view(updated, Some(by), None))
    }

    /// A hearing's questions as the viewer may see them, oldest first (one
    /// query after the hearing's): the public sees answered ones; the asker
    /// also their own pending ones; staff see all, with hiding reasons.
    pub async fn inquiries(
        &self,
        hearing_id: HearingId,
        viewer: Option<&Account>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Inquiry>, StoreError> {
        let h = hearing::Entity::find_by_id(hearing_id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let item = list_item(h, now)?;
        let is_staff = viewer.is_some_and(|a| a.role.manages_hearings());
        if !item.state.is_public() && !is_staff {
            return Err(StoreError::NotFound);
        }
        let rows = row::Entity::find()
            .filter(row::Column::HearingId.eq(hearing_id.0))
            .order_by_asc(row::Column::AskedAt)
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| view(r, viewer, None))
            .filter(|i| {
                is_staff || i.state.is_public() || (i.mine && i.state == InquiryState::Pending)
            })
            .collect())
    }

    /// Unanswered, unhidden questions across hearings, oldest first, for
    /// staff (two queries).
    pub async fn unanswered_inquiries(&self, by: &Account) -> Result<Vec<Inquiry>, StoreError> {
        if !by.role.manages_hearings() {
            return Err(StoreError::Forbidden);
        }
        let rows = row::Entity::find()
            .filter(row::Column::Answer.is_null())
            .filter(row::Column::HiddenAt.is_null())
            .order_by_asc(row::Column::AskedAt)
            .all(&self.db)
            .await?;
        let ids: Vec<Uuid> = rows.iter().map(|r| r.hearing_id).collect();
        let titles = hearing::Entity::find()
            .filter(hearing::Column::Id.is_in(ids))
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let title = titles
                    .iter()
                    .find(|h| h.id == r.hearing_id)
                    .map(|h| h.title.clone());
                view(r, Some(by), title)
            })
            .collect())
    }
}
