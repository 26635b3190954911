//! Editing a hearing: a draft freely, a published hearing by corrections
//! that are logged (`hearing_corrections`) and shown on its public page.

use chrono::{DateTime, Utc};
use hearings_core::audit::AuditAction;
use hearings_core::hearing::check_corrected_period;
use hearings_core::input::{FieldError, NewHearing, Problem};
use hearings_core::{HearingId, HearingState, TransitionError};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use crate::audit::{self, Object, hearing_snapshot};
use crate::entity::{
    hearing, hearing_area, hearing_correction, hearing_topic, question, response, section,
};
use crate::hearings::{Particulars, question_view};
use crate::{Account, Store, StoreError};

/// The longest note of a correction.
pub const CORRECTION_NOTE_MAX: usize = 1_000;

/// A correction of a published hearing, as shown on its page.
#[derive(Debug, Clone, PartialEq)]
pub struct Correction {
    /// When.
    pub at: DateTime<Utc>,
    /// What changed, as field names: `title`, `summary`, `kind`,
    /// `opens_at`, `closes_at`, `particulars`, `sections`, `questions`.
    pub fields: Vec<String>,
    /// The staff's own note on why.
    pub note: String,
}

/// The areas and topics of a hearing as stored.
async fn codes(
    txn: &DatabaseTransaction,
    id: Uuid,
) -> Result<(Vec<String>, Vec<String>), StoreError> {
    let mut areas: Vec<String> = hearing_area::Entity::find()
        .filter(hearing_area::Column::HearingId.eq(id))
        .all(txn)
        .await?
        .into_iter()
        .map(|a| a.area_code)
        .collect();
    let mut topics: Vec<String> = hearing_topic::Entity::find()
        .filter(hearing_topic::Column::HearingId.eq(id))
        .all(txn)
        .await?
        .into_iter()
        .map(|t| t.topic_code)
        .collect();
    areas.sort();
    topics.sort();
    Ok((areas, topics))
}

impl Store {
    /// The committee, areas and topics a hearing has now (three queries;
    /// nothing for a hearing that does not exist).
    async fn particulars_of(&self, id: HearingId) -> Result<Particulars, StoreError> {
        let committee = hearing::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .and_then(|h| h.committee_id);
        let areas = hearing_area::Entity::find()
            .filter(hearing_area::Column::HearingId.eq(id.0))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|a| a.area_code)
            .collect();
        let topics = hearing_topic::Entity::find()
            .filter(hearing_topic::Column::HearingId.eq(id.0))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|t| t.topic_code)
            .collect();
        Ok(Particulars {
            committee,
            areas,
            topics,
        })
    }

    /// Edits a hearing. A draft takes every change (the rules of creation
    /// were checked when `new` was parsed). A scheduled, open or closed
    /// hearing takes corrections: a note is required; its kind and number of
    /// sections stay; a start that has passed stays and a deadline moves
    /// only later; the questions stay once a response exists. Each
    /// correction is logged for the public page and audited
    /// (`hearing.correct`; a draft's edit is `hearing.edit`) in the same
    /// transaction. Nothing changed: nothing is written.
    #[tracing::instrument(skip_all, fields(hearing_id = %id))]
    pub async fn edit_hearing(
        &self,
        by: &Account,
        id: HearingId,
        new: NewHearing,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if !by.role.manages_hearings() {
            return Err(StoreError::Forbidden);
        }
        let kept = self.particulars_of(id).await?;
        self.check_particulars(&new.info, &kept).await?;
        let txn = self.begin_write().await?;
        let h = hearing::Entity::find_by_id(id.0)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let item = crate::hearings::list_item(h.clone(), now)?;
        let draft = match item.state {
            HearingState::Draft => true,
            HearingState::Scheduled | HearingState::Open | HearingState::Closed => false,
            from => {
                return Err(StoreError::Transition(TransitionError::NotAllowed {
                    from,
                    action: "corrected",
                }));
            }
        };
        let old_sections = section::Entity::find()
            .filter(section::Column::HearingId.eq(id.0))
            .order_by_asc(section::Column::Number)
            .all(&txn)
            .await?;
        let old_questions = question::Entity::find()
            .filter(question::Column::HearingId.eq(id.0))
            .order_by_asc(question::Column::Position)
            .all(&txn)
            .await?
            .into_iter()
            .map(|q| question_view(q).map(|v| v.spec))
            .collect::<Result<Vec<_>, _>>()?;
        let (old_areas, old_topics) = codes(&txn, id.0).await?;

        let info = &new.info;
        let mut new_areas: Vec<String> =
            info.areas.iter().map(|a| a.as_str().to_string()).collect();
        let mut new_topics: Vec<String> =
            info.topics.iter().map(|t| t.as_str().to_string()).collect();
        new_areas.sort();
        new_topics.sort();
        let particulars_changed = h.committee_id != info.committee.map(|c| c.0)
            || h.council_meeting_date != info.council_meeting.as_ref().map(|m| m.date)
            || h.council_meeting_title
                != info
                    .council_meeting
                    .as_ref()
                    .map(|m| m.agenda_title.clone())
            || h.contact_name != info.contact.as_ref().map(|c| c.name.clone())
            || h.contact_email != info.contact.as_ref().map(|c| c.email.clone())
            || h.contact_phone != info.contact.as_ref().and_then(|c| c.phone.clone())
            || old_areas != new_areas
            || old_topics != new_topics;
        let sections_changed = old_sections.len() != new.sections.len()
            || old_sections
                .iter()
                .zip(&new.sections)
                .any(|(o, n)| o.heading != n.heading || o.body != n.body);
        let questions_changed = old_questions != new.questions;

        let mut fields: Vec<&'static str> = Vec::new();
        let mut push = |changed: bool, name: &'static str| {
            if changed {
                fields.push(name);
            }
        };
        push(h.title != new.title, "title");
        push(h.summary != new.summary, "summary");
        push(h.kind != new.kind.as_str(), "kind");
        push(h.opens_at != new.opens_at, "opens_at");
        push(h.closes_at != new.closes_at, "closes_at");
        push(particulars_changed, "particulars");
        push(sections_changed, "sections");
        push(questions_changed, "questions");

        let mut errors = Vec::new();
        let note = note.trim();
        if !draft {
            if note.is_empty() {
                errors.push(FieldError::new("note", Problem::Required));
            } else if note.chars().count() > CORRECTION_NOTE_MAX {
                errors.push(FieldError::new(
                    "note",
                    Problem::TooLong {
                        max: CORRECTION_NOTE_MAX,
                    },
                ));
            }
            if fields.contains(&"kind") {
                errors.push(FieldError::new("kind", Problem::FixedAfterPublication));
            }
            if old_sections.len() != new.sections.len() {
                errors.push(FieldError::new("sections", Problem::FixedAfterPublication));
            }
            for (field, problem) in check_corrected_period(
                item.kind,
                (h.opens_at, h.closes_at),
                (new.opens_at, new.closes_at),
                now,
            ) {
                errors.push(FieldError::new(field, problem));
            }
        }
        if questions_changed
            && response::Entity::find()
                .filter(response::Column::HearingId.eq(id.0))
                .count(&txn)
                .await?
                > 0
        {
            errors.push(FieldError::new("questions", Problem::QuestionsLocked));
        }
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        if fields.is_empty() {
            return Ok(());
        }

        let before = hearing_snapshot(&h);
        let mut active: hearing::ActiveModel = h.into();
        active.title = Set(new.title);
        active.summary = Set(new.summary);
        active.kind = Set(new.kind.as_str().to_string());
        active.area_code = Set(new.area.map(|a| a.as_str().to_string()));
        active.committee_id = Set(info.committee.map(|c| c.0));
        active.council_meeting_date = Set(info.council_meeting.as_ref().map(|m| m.date));
        active.council_meeting_title = Set(info
            .council_meeting
            .as_ref()
            .map(|m| m.agenda_title.clone()));
        active.contact_name = Set(info.contact.as_ref().map(|c| c.name.clone()));
        active.contact_email = Set(info.contact.as_ref().map(|c| c.email.clone()));
        active.contact_phone = Set(info.contact.as_ref().and_then(|c| c.phone.clone()));
        active.opens_at = Set(new.opens_at);
        active.closes_at = Set(new.closes_at);
        active.updated_at = Set(now);
        let after_row = hearing::Entity::update(active).exec(&txn).await?;

        if particulars_changed {
            hearing_area::Entity::delete_many()
                .filter(hearing_area::Column::HearingId.eq(id.0))
                .exec(&txn)
                .await?;
            hearing_topic::Entity::delete_many()
                .filter(hearing_topic::Column::HearingId.eq(id.0))
                .exec(&txn)
                .await?;
            for a in &info.areas {
                hearing_area::Entity::insert(hearing_area::ActiveModel {
                    hearing_id: Set(id.0),
                    area_code: Set(a.as_str().to_string()),
                })
                .exec_without_returning(&txn)
                .await?;
            }
            for t in &info.topics {
                hearing_topic::Entity::insert(hearing_topic::ActiveModel {
                    hearing_id: Set(id.0),
                    topic_code: Set(t.as_str().to_string()),
                })
                .exec_without_returning(&txn)
                .await?;
            }
        }
        if sections_changed {
            // In place by number, so each section keeps its id and anchor.
            for (i, s) in new.sections.iter().enumerate() {
                match old_sections.get(i) {
                    Some(old) => {
                        let mut a: section::ActiveModel = old.clone().into();
                        a.heading = Set(s.heading.clone());
                        a.body = Set(s.body.clone());
                        section::Entity::update(a).exec(&txn).await?;
                    }
                    None => {
                        section::Entity::insert(section::ActiveModel {
                            id: Set(Uuid::new_v4()),
                            hearing_id: Set(id.0),
                            number: Set(i as i32 + 1),
                            heading: Set(s.heading.clone()),
                            body: Set(s.body.clone()),
                        })
                        .exec_without_returning(&txn)
                        .await?;
                    }
                }
            }
            for old in old_sections.iter().skip(new.sections.len()) {
                section::Entity::delete_by_id(old.id).exec(&txn).await?;
            }
        }
        if questions_changed {
            question::Entity::delete_many()
                .filter(question::Column::HearingId.eq(id.0))
                .exec(&txn)
                .await?;
            for (i, q) in new.questions.iter().enumerate() {
                question::Entity::insert(crate::hearings::question_row(id.0, i, q)?)
                    .exec_without_returning(&txn)
                    .await?;
            }
        }
        let fields_json =
            serde_json::to_string(&fields).map_err(|e| StoreError::Internal(e.to_string()))?;
        if !draft {
            hearing_correction::Entity::insert(hearing_correction::ActiveModel {
                id: Set(Uuid::new_v4()),
                hearing_id: Set(id.0),
                at: Set(now),
                by_user: Set(Some(by.id.0)),
                fields: Set(fields_json),
                note: Set(note.to_string()),
            })
            .exec_without_returning(&txn)
            .await?;
        }
        let mut after = hearing_snapshot(&after_row);
        after["changed"] = fields.clone().into();
        if !draft {
            after["note"] = note.into();
        }
        audit::record(
            &txn,
            by,
            if draft {
                AuditAction::HearingEdit
            } else {
                AuditAction::HearingCorrect
            },
            Object::hearing(id),
            Some(&before),
            Some(&after),
            now,
        )
        .await?;
        txn.commit().await?;
        tracing::info!(draft, "hearing edited");
        Ok(())
    }

    /// A hearing's corrections, oldest first (one query).
    pub(crate) async fn corrections(&self, id: HearingId) -> Result<Vec<Correction>, StoreError> {
        hearing_correction::Entity::find()
            .filter(hearing_correction::Column::HearingId.eq(id.0))
            .order_by_asc(hearing_correction::Column::At)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| {
                Ok(Correction {
                    at: c.at,
                    fields: serde_json::from_str(&c.fields)
                        .map_err(|e| StoreError::Internal(e.to_string()))?,
                    note: c.note,
                })
            })
            .collect()
    }
}
