//! Hearings: create, publish, withdraw, list, read. Every change is
//! recorded in the audit log in its own transaction.

use chrono::{DateTime, Utc};
use hearings_core::audit::AuditAction;
use hearings_core::calendar::{DeadlineWarning, deadline_warnings};
use hearings_core::hearing::transition;
use hearings_core::hearing_info::HearingInfo;
use hearings_core::hearing_info::{Contact, CouncilMeeting};
use hearings_core::input::{FieldError, NewHearing, Problem, Withdrawal};
use hearings_core::{
    HearingId, HearingKind, HearingState, HearingStatus, QuestionId, QuestionKind, QuestionSpec,
    SectionId, TransitionError,
};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::audit::{self, Object, hearing_snapshot};
use crate::entity::{
    area, committee, hearing, hearing_area, hearing_topic, question, section, topic,
};
use crate::{Account, Area, Committee, Store, StoreError, Topic};

/// The committee, areas and topics a hearing has already: a correction may
/// keep them even when an administrator has retired them since.
#[derive(Debug, Clone, Default)]
pub(crate) struct Particulars {
    /// The committee's id.
    pub(crate) committee: Option<Uuid>,
    /// Area codes.
    pub(crate) areas: Vec<String>,
    /// Topic codes.
    pub(crate) topics: Vec<String>,
}

/// The area code of hearings that concern the whole municipality; they
/// match a filter on any area.
pub const WHOLE_MUNICIPALITY: &str = "hele-kommunen";

/// What a list of hearings is narrowed to (`/?area=bymidten&topic=handel`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HearingFilter {
    /// Only hearings in this local area (or the whole municipality).
    pub area: Option<String>,
    /// Only hearings on this topic.
    pub topic: Option<String>,
}

/// A hearing in a list.
#[derive(Debug, Clone, PartialEq)]
pub struct HearingListItem {
    /// Id.
    pub id: HearingId,
    /// Kind.
    pub kind: HearingKind,
    /// State at the time asked.
    pub state: HearingState,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Local area code (the first of `areas`, kept for older clients).
    pub area: Option<String>,
    /// Start.
    pub opens_at: DateTime<Utc>,
    /// Deadline.
    pub closes_at: Option<DateTime<Utc>>,
    /// The responsible committee.
    pub committee: Option<Committee>,
    /// The council meeting that decides it.
    pub council_meeting: Option<CouncilMeeting>,
    /// Local areas, in their reference order.
    pub areas: Vec<Area>,
    /// Topics, in their reference order.
    pub topics: Vec<Topic>,
    /// Whom to ask.
    pub contact: Option<Contact>,
}

/// A numbered section of the proposal.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionView {
    /// Id.
    pub id: SectionId,
    /// Its number (§ n).
    pub number: i32,
    /// Heading.
    pub heading: String,
    /// Text.
    pub body: String,
}

/// A question of the form.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionView {
    /// Id.
    pub id: QuestionId,
    /// Position, from 0.
    pub position: i32,
    /// The question.
    pub spec: QuestionSpec,
}

/// A hearing with its sections and questions.
#[derive(Debug, Clone, PartialEq)]
pub struct HearingDetail {
    /// The list fields.
    pub hearing: HearingListItem,
    /// When it was published.
    pub published_at: Option<DateTime<Utc>>,
    /// When it was withdrawn.
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// The public reason it was withdrawn.
    pub withdrawal_reason: Option<String>,
    /// Warnings about its period (a deadline on a holiday or in July), for
    /// staff only and only until it opens; empty for everyone else.
    pub warnings: Vec<DeadlineWarning>,
    /// The proposal's sections.
    pub sections: Vec<SectionView>,
    /// The form.
    pub questions: Vec<QuestionView>,
    /// Corrections made after publication, oldest first.
    pub corrections: Vec<crate::Correction>,
    /// The documents (PDF), in their order.
    pub documents: Vec<crate::HearingDocument>,
}

/// A hearing's list fields from its row alone: the committee, areas and
/// topics are left empty (see [`Store::with_particulars`], which fills them).
pub(crate) fn list_item(
    h: hearing::Model,
    now: DateTime<Utc>,
) -> Result<HearingListItem, StoreError> {
    let bad = |e: hearings_core::ParseEnumError| StoreError::Internal(e.to_string());
    let status = HearingStatus::parse(&h.status).map_err(bad)?;
    let council_meeting = h.council_meeting_date.map(|date| CouncilMeeting {
        date,
        agenda_title: h.council_meeting_title.clone().unwrap_or_default(),
    });
    let contact = match (h.contact_name.clone(), h.contact_email.clone()) {
        (Some(name), Some(email)) => Some(Contact {
            name,
            email,
            phone: h.contact_phone.clone(),
        }),
        _ => None,
    };
    Ok(HearingListItem {
        committee: None,
        council_meeting,
        areas: Vec::new(),
        topics: Vec::new(),
        contact,
        id: HearingId(h.id),
        kind: HearingKind::parse(&h.kind).map_err(bad)?,
        state: HearingState::at(status, h.opens_at, h.closes_at, now),
        title: h.title,
        summary: h.summary,
        area: h.area_code,
        opens_at: h.opens_at,
        closes_at: h.closes_at,
    })
}

pub(crate) fn question_view(q: question::Model) -> Result<QuestionView, StoreError> {
    let options: Vec<String> =
        serde_json::from_str(&q.options).map_err(|e| StoreError::Internal(e.to_string()))?;
    let kind = QuestionKind::build(&q.kind, &options, q.unit.as_deref())
        .map_err(|e| StoreError::Internal(e.to_string()))?;
    Ok(QuestionView {
        id: QuestionId(q.id),
        position: q.position,
        spec: QuestionSpec {
            kind,
            prompt: q.prompt,
            help: q.help,
            required: q.required,
        },
    })
}

/// The row of a hearing's question at a position.
pub(crate) fn question_row(
    hearing_id: Uuid,
    position: usize,
    q: &QuestionSpec,
) -> Result<question::ActiveModel, StoreError> {
    Ok(question::ActiveModel {
        id: Set(Uuid::new_v4()),
        hearing_id: Set(hearing_id),
        position: Set(position as i32),
        kind: Set(q.kind.name().to_string()),
        prompt: Set(q.prompt.clone()),
        required: Set(q.required),
        options: Set(serde_json::to_string(q.kind.options())
            .map_err(|e| StoreError::Internal(e.to_string()))?),
        unit: Set(q.kind.unit().map(str::to_string)),
        help: Set(q.help.clone()),
    })
}

/// Whether the viewer may see the hearing: staff see every hearing; others
/// see what has been published, including a withdrawn hearing, but not a
/// draft that was withdrawn without ever being published.
fn visible(item: &HearingListItem, was_published: bool, viewer: Option<&Account>) -> bool {
    let public = item.state.is_public() && (was_published || item.state != HearingState::Withdrawn);
    public || viewer.is_some_and(|a| a.role.manages_hearings())
}

/// Writes a hearing's move to another status, only if its status is still
/// the one it was read with (a concurrent move makes this one refused).
pub(crate) async fn write_move(
    txn: &DatabaseTransaction,
    active: hearing::ActiveModel,
    read_status: &str,
    refusal: TransitionError,
) -> Result<hearing::Model, StoreError> {
    match hearing::Entity::update(active)
        .validate()?
        .filter(hearing::Column::Status.eq(read_status))
        .exec(txn)
        .await
    {
        Ok(m) => Ok(m),
        Err(DbErr::RecordNotUpdated) => Err(StoreError::Transition(refusal)),
        Err(e) => Err(e.into()),
    }
}

/// A rule of the hearing's life (`hearings_core::hearing::transition`) and
/// the name of its action, for a refusal.
pub(crate) type Transition = (
    fn(HearingState) -> Result<HearingStatus, TransitionError>,
    &'static str,
);

/// A hearing moved to another status within a transaction: what it was
/// before (for the audit row) and the row as written.
pub(crate) struct Moved {
    /// The hearing as it was, with its state at `now`.
    pub(crate) item: HearingListItem,
    /// Its audit snapshot before the move.
    pub(crate) before: serde_json::Value,
    /// The row as written.
    pub(crate) after: hearing::Model,
}

/// Moves a hearing (read in `txn`) by `rule` (with the `action`'s name
/// for a refusal) from its state at `now`,
/// after `check` has accepted it, with `change` applied to the row; refused
/// as a transition if the rule does not allow it or the status changed
/// meanwhile. Staff only. The caller writes its audit row and commits.
pub(crate) async fn move_hearing(
    txn: &DatabaseTransaction,
    by: &Account,
    id: HearingId,
    now: DateTime<Utc>,
    (rule, action): Transition,
    check: impl FnOnce(&HearingListItem) -> Result<(), StoreError>,
    change: impl FnOnce(&mut hearing::ActiveModel),
) -> Result<Moved, StoreError> {
    if !by.role.manages_hearings() {
        return Err(StoreError::Forbidden);
    }
    let h = hearing::Entity::find_by_id(id.0)
        .one(txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let item = list_item(h.clone(), now)?;
    let status = rule(item.state)?;
    check(&item)?;
    let before = hearing_snapshot(&h);
    let read_status = h.status.clone();
    let mut active: hearing::ActiveModel = h.into();
    active.status = Set(status.as_str().to_string());
    active.updated_at = Set(now);
    change(&mut active);
    let refusal = TransitionError::NotAllowed {
        from: item.state,
        action,
    };
    let after = write_move(txn, active, &read_status, refusal).await?;
    Ok(Moved {
        item,
        before,
        after,
    })
}

impl Store {
    /// Keeps a new hearing as a draft.
    #[tracing::instrument(skip_all)]
    pub async fn create_hearing(
        &self,
        by: &Account,
        new: NewHearing,
        now: DateTime<Utc>,
    ) -> Result<HearingId, StoreError> {
        if !by.role.manages_hearings() {
            return Err(StoreError::Forbidden);
        }
        let info = new.info.clone();
        self.check_particulars(&info, &Particulars::default())
            .await?;
        let id = Uuid::new_v4();
        let txn = self.begin_write().await?;
        let created = hearing::Entity::insert(hearing::ActiveModel {
            id: Set(id),
            kind: Set(new.kind.as_str().to_string()),
            status: Set(HearingStatus::Draft.as_str().to_string()),
            title: Set(new.title),
            summary: Set(new.summary),
            area_code: Set(new.area.map(|a| a.as_str().to_string())),
            committee_id: Set(info.committee.map(|c| c.0)),
            council_meeting_date: Set(info.council_meeting.as_ref().map(|m| m.date)),
            council_meeting_title: Set(info
                .council_meeting
                .as_ref()
                .map(|m| m.agenda_title.clone())),
            contact_name: Set(info.contact.as_ref().map(|c| c.name.clone())),
            contact_email: Set(info.contact.as_ref().map(|c| c.email.clone())),
            contact_phone: Set(info.contact.as_ref().and_then(|c| c.phone.clone())),
            opens_at: Set(new.opens_at),
            closes_at: Set(new.closes_at),
            created_by: Set(Some(by.id.0)),
            created_at: Set(now),
            updated_at: Set(now),
            published_at: Set(None),
            withdrawn_at: Set(None),
            withdrawal_reason: Set(None),
        })
        .exec_with_returning(&txn)
        .await?;
        let mut after = hearing_snapshot(&created);
        after["sections"] = new.sections.len().into();
        after["questions"] = new.questions.len().into();
        after["areas"] = info.areas.iter().map(|a| a.as_str()).collect();
        after["topics"] = info.topics.iter().map(|t| t.as_str()).collect();
        if !info.areas.is_empty() {
            let rows = info.areas.iter().map(|a| hearing_area::ActiveModel {
                hearing_id: Set(id),
                area_code: Set(a.as_str().to_string()),
            });
            hearing_area::Entity::insert_many(rows.collect::<Vec<_>>())
                .exec_without_returning(&txn)
                .await?;
        }
        if !info.topics.is_empty() {
            let rows = info.topics.iter().map(|t| hearing_topic::ActiveModel {
                hearing_id: Set(id),
                topic_code: Set(t.as_str().to_string()),
            });
            hearing_topic::Entity::insert_many(rows.collect::<Vec<_>>())
                .exec_without_returning(&txn)
                .await?;
        }
        if !new.sections.is_empty() {
            let rows = new
                .sections
                .into_iter()
                .enumerate()
                .map(|(i, s)| section::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    hearing_id: Set(id),
                    number: Set(i as i32 + 1),
                    heading: Set(s.heading),
                    body: Set(s.body),
                });
            section::Entity::insert_many(rows.collect::<Vec<_>>())
                .exec(&txn)
                .await?;
        }
        if !new.questions.is_empty() {
            let rows = new
                .questions
                .iter()
                .enumerate()
                .map(|(i, q)| question_row(id, i, q))
                .collect::<Result<Vec<_>, _>>()?;
            question::Entity::insert_many(rows).exec(&txn).await?;
        }
        audit::record(
            &txn,
            by,
            AuditAction::HearingCreate,
            Object::hearing(HearingId(id)),
            None,
            Some(&after),
            now,
        )
        .await?;
        txn.commit().await?;
        tracing::info!(hearing_id = %id, "hearing created");
        Ok(HearingId(id))
    }

    /// Publishes a draft. It then opens and closes by the clock.
    #[tracing::instrument(skip_all, fields(hearing_id = %id))]
    pub async fn publish_hearing(
        &self,
        by: &Account,
        id: HearingId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if !by.role.manages_hearings() {
            return Err(StoreError::Forbidden);
        }
        let txn = self.begin_write().await?;
        let check = |item: &HearingListItem| {
            item.kind
                .check_period(item.opens_at, item.closes_at)
                .map_err(|p| StoreError::Invalid(vec![FieldError::new("closes_at", p)]))
        };
        let m = move_hearing(
            &txn,
            by,
            id,
            now,
            (transition::publish, "published"),
            check,
            |a| {
                a.published_at = Set(Some(now));
            },
        )
        .await?;
        audit::record(
            &txn,
            by,
            AuditAction::HearingPublish,
            Object::hearing(id),
            Some(&m.before),
            Some(&hearing_snapshot(&m.after)),
            now,
        )
        .await?;
        txn.commit().await?;
        tracing::info!("hearing published");
        Ok(())
    }

    /// Withdraws a hearing from any state before it is decided, with a
    /// reason shown to the public. It stays visible (unless it was never
    /// published) and takes no more responses.
    #[tracing::instrument(skip_all, fields(hearing_id = %id))]
    pub async fn withdraw_hearing(
        &self,
        by: &Account,
        id: HearingId,
        withdrawal: Withdrawal,
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
            (transition::withdraw, "withdrawn"),
            |_| Ok(()),
            |a| {
                a.withdrawn_at = Set(Some(now));
                a.withdrawal_reason = Set(Some(withdrawal.reason));
            },
        )
        .await?;
        audit::record(
            &txn,
            by,
            AuditAction::HearingWithdraw,
            Object::hearing(id),
            Some(&m.before),
            Some(&hearing_snapshot(&m.after)),
            now,
        )
        .await?;
        txn.commit().await?;
        tracing::info!("hearing withdrawn");
        Ok(())
    }

    /// The hearings this viewer may see, newest start first, with their
    /// particulars (see [`Store::list_hearings_filtered`]).
    pub async fn list_hearings(
        &self,
        viewer: Option<&Account>,
        now: DateTime<Utc>,
    ) -> Result<Vec<HearingListItem>, StoreError> {
        self.list_hearings_filtered(viewer, &HearingFilter::default(), now)
            .await
    }

    /// The hearings this viewer may see in an area (a hearing for the whole
    /// municipality is in every area) and on a topic, newest start first,
    /// with their particulars. Four queries, whatever the number of hearings.
    pub async fn list_hearings_filtered(
        &self,
        viewer: Option<&Account>,
        filter: &HearingFilter,
        now: DateTime<Utc>,
    ) -> Result<Vec<HearingListItem>, StoreError> {
        let mut query = hearing::Entity::find().order_by_desc(hearing::Column::OpensAt);
        if !viewer.is_some_and(|a| a.role.manages_hearings()) {
            query = query.filter(hearing::Column::Status.ne(HearingStatus::Draft.as_str()));
        }
        if let Some(code) = filter.area.as_deref().filter(|c| !c.is_empty()) {
            query = query.filter(
                hearing::Column::Id.in_subquery(
                    Query::select()
                        .column(hearing_area::Column::HearingId)
                        .from(hearing_area::Entity)
                        .and_where(hearing_area::Column::AreaCode.is_in([code, WHOLE_MUNICIPALITY]))
                        .to_owned(),
                ),
            );
        }
        if let Some(code) = filter.topic.as_deref().filter(|c| !c.is_empty()) {
            query = query.filter(
                hearing::Column::Id.in_subquery(
                    Query::select()
                        .column(hearing_topic::Column::HearingId)
                        .from(hearing_topic::Entity)
                        .and_where(hearing_topic::Column::TopicCode.eq(code))
                        .to_owned(),
                ),
            );
        }
        let rows = query.all(&self.db).await?;
        let mut visible_rows = Vec::with_capacity(rows.len());
        for h in rows {
            let was_published = h.published_at.is_some();
            let item = list_item(h.clone(), now)?;
            if visible(&item, was_published, viewer) {
                visible_rows.push(h);
            }
        }
        self.with_particulars(visible_rows, now).await
    }

    /// Checks that the committee, areas and topics exist and are offered
    /// (three queries): a retired one is refused unless the hearing has it
    /// already (`kept`, empty for a new hearing), so an existing hearing
    /// keeps what it uses while nothing new chooses a retired entry.
    pub(crate) async fn check_particulars(
        &self,
        info: &HearingInfo,
        kept: &Particulars,
    ) -> Result<(), StoreError> {
        let mut errors = Vec::new();
        if let Some(c) = info.committee {
            match committee::Entity::find_by_id(c.0).one(&self.db).await? {
                None => errors.push(FieldError::new("committee", Problem::UnknownCommittee)),
                Some(row) if row.retired_at.is_some() && kept.committee != Some(row.id) => {
                    errors.push(FieldError::new("committee", Problem::Retired))
                }
                Some(_) => {}
            }
        }
        if !info.areas.is_empty() {
            let codes: Vec<&str> = info.areas.iter().map(|a| a.as_str()).collect();
            let found = area::Entity::find()
                .filter(area::Column::Code.is_in(codes.clone()))
                .all(&self.db)
                .await?;
            if found.len() < codes.len() {
                errors.push(FieldError::new("areas", Problem::UnknownArea));
            } else if found
                .iter()
                .any(|a| a.retired_at.is_some() && !kept.areas.contains(&a.code))
            {
                errors.push(FieldError::new("areas", Problem::Retired));
            }
        }
        if !info.topics.is_empty() {
            let codes: Vec<&str> = info.topics.iter().map(|t| t.as_str()).collect();
            let found = topic::Entity::find()
                .filter(topic::Column::Code.is_in(codes.clone()))
                .all(&self.db)
                .await?;
            if found.len() < codes.len() {
                errors.push(FieldError::new("topics", Problem::UnknownTopic));
            } else if found
                .iter()
                .any(|t| t.retired_at.is_some() && !kept.topics.contains(&t.code))
            {
                errors.push(FieldError::new("topics", Problem::Retired));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(StoreError::Invalid(errors))
        }
    }

    /// The list items of these rows with their committee, areas and topics
    /// (three queries: the hearings' areas with their names, their topics
    /// with their names, and their committees).
    pub(crate) async fn with_particulars(
        &self,
        rows: Vec<hearing::Model>,
        now: DateTime<Utc>,
    ) -> Result<Vec<HearingListItem>, StoreError> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<Uuid> = rows.iter().map(|h| h.id).collect();
        let committee_ids: Vec<Uuid> = rows.iter().filter_map(|h| h.committee_id).collect();
        type Named = (Uuid, String, String, String, Option<DateTime<Utc>>);
        let areas: Vec<Named> = hearing_area::Entity::find()
            .select_only()
            .column(hearing_area::Column::HearingId)
            .column(area::Column::Code)
            .column(area::Column::NameDa)
            .column(area::Column::NameEn)
            .column(area::Column::RetiredAt)
            .join(
                sea_orm::JoinType::InnerJoin,
                hearing_area::Entity::belongs_to(area::Entity)
                    .from(hearing_area::Column::AreaCode)
                    .to(area::Column::Code)
                    .into(),
            )
            .filter(hearing_area::Column::HearingId.is_in(ids.clone()))
            .order_by_asc(area::Column::Position)
            .into_tuple()
            .all(&self.db)
            .await?;
        let topics: Vec<Named> = hearing_topic::Entity::find()
            .select_only()
            .column(hearing_topic::Column::HearingId)
            .column(topic::Column::Code)
            .column(topic::Column::NameDa)
            .column(topic::Column::NameEn)
            .column(topic::Column::RetiredAt)
            .join(
                sea_orm::JoinType::InnerJoin,
                hearing_topic::Entity::belongs_to(topic::Entity)
                    .from(hearing_topic::Column::TopicCode)
                    .to(topic::Column::Code)
                    .into(),
            )
            .filter(hearing_topic::Column::HearingId.is_in(ids))
            .order_by_asc(topic::Column::Position)
            .into_tuple()
            .all(&self.db)
            .await?;
        let committees = if committee_ids.is_empty() {
            Vec::new()
        } else {
            committee::Entity::find()
                .filter(committee::Column::Id.is_in(committee_ids))
                .all(&self.db)
                .await?
        };
        let mut items = Vec::with_capacity(rows.len());
        for h in rows {
            let committee_id = h.committee_id;
            let mut item = list_item(h, now)?;
            let id = item.id.0;
            item.committee = committees
                .iter()
                .find(|c| Some(c.id) == committee_id)
                .map(|c| Committee {
                    id: c.id,
                    name_da: c.name_da.clone(),
                    name_en: c.name_en.clone(),
                    retired: c.retired_at.is_some(),
                });
            item.areas = areas
                .iter()
                .filter(|a| a.0 == id)
                .map(|a| Area {
                    code: a.1.clone(),
                    name_da: a.2.clone(),
                    name_en: a.3.clone(),
                    retired: a.4.is_some(),
                })
                .collect();
            item.topics = topics
                .iter()
                .filter(|t| t.0 == id)
                .map(|t| Topic {
                    code: t.1.clone(),
                    name_da: t.2.clone(),
                    name_en: t.3.clone(),
                    retired: t.4.is_some(),
                })
                .collect();
            items.push(item);
        }
        Ok(items)
    }

    /// One hearing with its particulars, sections, questions and corrections
    /// (seven queries). A draft is found only by staff.
    pub async fn hearing(
        &self,
        id: HearingId,
        viewer: Option<&Account>,
        now: DateTime<Utc>,
    ) -> Result<HearingDetail, StoreError> {
        let h = hearing::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let published_at = h.published_at;
        let withdrawn_at = h.withdrawn_at;
        let withdrawal_reason = h.withdrawal_reason.clone();
        let item = list_item(h.clone(), now)?;
        if !visible(&item, published_at.is_some(), viewer) {
            return Err(StoreError::NotFound);
        }
        let item = self
            .with_particulars(vec![h], now)
            .await?
            .pop()
            .ok_or(StoreError::NotFound)?;
        let staff = viewer.is_some_and(|a| a.role.manages_hearings());
        let warnings =
            if staff && matches!(item.state, HearingState::Draft | HearingState::Scheduled) {
                deadline_warnings(item.opens_at, item.closes_at)
            } else {
                Vec::new()
            };
        let sections = section::Entity::find()
            .filter(section::Column::HearingId.eq(id.0))
            .order_by_asc(section::Column::Number)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|s| SectionView {
                id: SectionId(s.id),
                number: s.number,
                heading: s.heading,
                body: s.body,
            })
            .collect();
        let questions = self.questions(id).await?;
        let corrections = self.corrections(id).await?;
        let documents = self
            .documents_of(&[id.0])
            .await?
            .remove(&id.0)
            .unwrap_or_default();
        Ok(HearingDetail {
            documents,
            hearing: item,
            published_at,
            withdrawn_at,
            withdrawal_reason,
            warnings,
            sections,
            questions,
            corrections,
        })
    }

    pub(crate) async fn questions(&self, id: HearingId) -> Result<Vec<QuestionView>, StoreError> {
        question::Entity::find()
            .filter(question::Column::HearingId.eq(id.0))
            .order_by_asc(question::Column::Position)
            .all(&self.db)
            .await?
            .into_iter()
            .map(question_view)
            .collect()
    }
}
