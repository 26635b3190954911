//! Hearings: create, publish, list, read.

use chrono::{DateTime, Utc};
use hearings_core::hearing::transition;
use hearings_core::input::{FieldError, NewHearing, Problem};
use hearings_core::{
    HearingId, HearingKind, HearingState, HearingStatus, QuestionId, QuestionKind, QuestionSpec,
    SectionId,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};
use uuid::Uuid;

use crate::entity::{area, hearing, question, section};
use crate::{Account, Store, StoreError};

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
    /// Local area code.
    pub area: Option<String>,
    /// Start.
    pub opens_at: DateTime<Utc>,
    /// Deadline.
    pub closes_at: Option<DateTime<Utc>>,
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
    /// The proposal's sections.
    pub sections: Vec<SectionView>,
    /// The form.
    pub questions: Vec<QuestionView>,
}

pub(crate) fn list_item(
    h: hearing::Model,
    now: DateTime<Utc>,
) -> Result<HearingListItem, StoreError> {
    let bad = |e: hearings_core::ParseEnumError| StoreError::Internal(e.to_string());
    let status = HearingStatus::parse(&h.status).map_err(bad)?;
    Ok(HearingListItem {
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
            required: q.required,
        },
    })
}

fn visible(item: &HearingListItem, viewer: Option<&Account>) -> bool {
    item.state.is_public() || viewer.is_some_and(|a| a.role.manages_hearings())
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
        if let Some(a) = &new.area
            && area::Entity::find_by_id(a.as_str().to_string())
                .one(&self.db)
                .await?
                .is_none()
        {
            return Err(StoreError::Invalid(vec![FieldError::new(
                "area",
                Problem::UnknownArea,
            )]));
        }
        let id = Uuid::new_v4();
        let txn = self.db.begin().await?;
        hearing::Entity::insert(hearing::ActiveModel {
            id: Set(id),
            kind: Set(new.kind.as_str().to_string()),
            status: Set(HearingStatus::Draft.as_str().to_string()),
            title: Set(new.title),
            summary: Set(new.summary),
            area_code: Set(new.area.map(|a| a.as_str().to_string())),
            committee_id: Set(None),
            opens_at: Set(new.opens_at),
            closes_at: Set(new.closes_at),
            created_by: Set(Some(by.id.0)),
            created_at: Set(now),
            updated_at: Set(now),
            published_at: Set(None),
        })
        .exec(&txn)
        .await?;
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
            let mut rows = Vec::new();
            for (i, q) in new.questions.into_iter().enumerate() {
                rows.push(question::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    hearing_id: Set(id),
                    position: Set(i as i32),
                    kind: Set(q.kind.name().to_string()),
                    prompt: Set(q.prompt),
                    required: Set(q.required),
                    options: Set(serde_json::to_string(q.kind.options())
                        .map_err(|e| StoreError::Internal(e.to_string()))?),
                    unit: Set(q.kind.unit().map(str::to_string)),
                });
            }
            question::Entity::insert_many(rows).exec(&txn).await?;
        }
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
        let txn = self.db.begin().await?;
        let h = hearing::Entity::find_by_id(id.0)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let item = list_item(h.clone(), now)?;
        let status = transition::publish(item.state)?;
        item.kind
            .check_period(item.opens_at, item.closes_at)
            .map_err(|p| StoreError::Invalid(vec![FieldError::new("closes_at", p)]))?;
        let mut active: hearing::ActiveModel = h.into();
        active.status = Set(status.as_str().to_string());
        active.published_at = Set(Some(now));
        active.updated_at = Set(now);
        hearing::Entity::update(active).exec(&txn).await?;
        txn.commit().await?;
        tracing::info!("hearing published");
        Ok(())
    }

    /// The hearings this viewer may see, newest start first (one query).
    pub async fn list_hearings(
        &self,
        viewer: Option<&Account>,
        now: DateTime<Utc>,
    ) -> Result<Vec<HearingListItem>, StoreError> {
        let mut query = hearing::Entity::find().order_by_desc(hearing::Column::OpensAt);
        if !viewer.is_some_and(|a| a.role.manages_hearings()) {
            query = query.filter(hearing::Column::Status.ne(HearingStatus::Draft.as_str()));
        }
        let rows = query.all(&self.db).await?;
        let mut items = Vec::with_capacity(rows.len());
        for h in rows {
            let item = list_item(h, now)?;
            if visible(&item, viewer) {
                items.push(item);
            }
        }
        Ok(items)
    }

    /// One hearing with its sections and questions (three queries). A
    /// draft is found only by staff.
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
        let item = list_item(h, now)?;
        if !visible(&item, viewer) {
            return Err(StoreError::NotFound);
        }
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
        Ok(HearingDetail {
            hearing: item,
            published_at,
            sections,
            questions,
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
