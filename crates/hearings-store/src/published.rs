//! Published responses: after a hearing's deadline, its responses are
//! public as their publication choice says, with every passage the
//! respondent asked to keep confidential withheld, unless staff refused
//! the request.

use chrono::{DateTime, Utc};
use hearings_core::response_parts::{Decision, Location, withhold};
use hearings_core::{HearingId, HearingState, Publication, QuestionKind, SectionId, Stance};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::entity::{
    answer, confidential_passage, hearing, organisation, response, response_comment, section,
};
use crate::hearings::list_item;
use crate::{Store, StoreError};

/// The respondent type whose name is never published.
const PRIVATE_PERSON: &str = "private_person";

/// A published answer to a text or choice question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedAnswer {
    /// The question.
    pub prompt: String,
    /// The text, or the choices made.
    pub values: Vec<String>,
}

/// A response as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedResponse {
    /// The organisation's name; `None` when the response is anonymous or
    /// from a private person, whose name is never published.
    pub name: Option<String>,
    /// Respondent type (as at submission).
    pub respondent_type: String,
    /// Industry section letter (as at submission).
    pub industry_section: String,
    /// Stance.
    pub stance: Stance,
    /// The answers to text and choice questions, in the questions' order.
    pub answers: Vec<PublishedAnswer>,
    /// Comments on sections: ("§ n heading", text), in the sections' order.
    pub comments: Vec<(String, String)>,
    /// How many passages are withheld as confidential.
    pub withheld: usize,
}

/// A hearing's published responses, or why there are none yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    /// The hearing is scheduled or open (or withdrawn): nothing is published.
    NotYet {
        /// The hearing's state.
        state: HearingState,
        /// The deadline.
        closes_at: Option<DateTime<Utc>>,
    },
    /// The hearing is past its deadline: its responses, first submitted first.
    Responses(Vec<PublishedResponse>),
}

/// Whether a hearing in `state` shows its responses: from its deadline on,
/// never while scheduled or open, and not when withdrawn.
pub fn publishes_responses(state: HearingState) -> bool {
    matches!(
        state,
        HearingState::Closed
            | HearingState::InReview
            | HearingState::Decided
            | HearingState::Archived
    )
}

fn values(kind: &QuestionKind, raw: &str) -> Option<Vec<String>> {
    let v: serde_json::Value = serde_json::from_str(raw).ok()?;
    match kind {
        QuestionKind::ShortText | QuestionKind::LongText | QuestionKind::SingleChoice(_) => {
            Some(vec![v.as_str()?.to_string()])
        }
        QuestionKind::MultipleChoice(_) => Some(
            v.as_array()?
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
        ),
        _ => None,
    }
}

impl Store {
    /// The published responses of a public hearing at `now`, for anyone:
    /// eight queries (hearing, questions, responses, names, answers,
    /// sections, comments, confidential passages), whatever the number of
    /// responses. A passage is withheld (shown as `[…]`) while staff have
    /// not decided and when they granted it; a refused one is published.
    #[tracing::instrument(skip_all, fields(hearing_id = %id))]
    pub async fn published_responses(
        &self,
        id: HearingId,
        now: DateTime<Utc>,
    ) -> Result<Published, StoreError> {
        let h = hearing::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let item = list_item(h, now)?;
        if !item.state.is_public() {
            return Err(StoreError::NotFound);
        }
        if !publishes_responses(item.state) {
            return Ok(Published::NotYet {
                state: item.state,
                closes_at: item.closes_at,
            });
        }
        let questions: Vec<_> = self
            .questions(id)
            .await?
            .into_iter()
            .filter(|q| {
                matches!(
                    q.spec.kind,
                    QuestionKind::ShortText
                        | QuestionKind::LongText
                        | QuestionKind::SingleChoice(_)
                        | QuestionKind::MultipleChoice(_)
                )
            })
            .collect();
        let rows = response::Entity::find()
            .filter(response::Column::HearingId.eq(id.0))
            .order_by_asc(response::Column::FirstSubmittedAt)
            .order_by_asc(response::Column::Id)
            .all(&self.db)
            .await?;
        if rows.is_empty() {
            return Ok(Published::Responses(Vec::new()));
        }
        let named: Vec<Uuid> = rows
            .iter()
            .filter(|r| {
                r.publication == Publication::Named.as_str() && r.respondent_type != PRIVATE_PERSON
            })
            .map(|r| r.organisation_id)
            .collect();
        let names: Vec<(Uuid, String)> = if named.is_empty() {
            Vec::new()
        } else {
            organisation::Entity::find()
                .filter(organisation::Column::Id.is_in(named))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect()
        };
        let answers = if questions.is_empty() {
            Vec::new()
        } else {
            answer::Entity::find()
                .filter(answer::Column::ResponseId.is_in(rows.iter().map(|r| r.id)))
                .filter(answer::Column::QuestionId.is_in(questions.iter().map(|q| q.id.0)))
                .all(&self.db)
                .await?
        };
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let sections = section::Entity::find()
            .filter(section::Column::HearingId.eq(id.0))
            .order_by_asc(section::Column::Number)
            .all(&self.db)
            .await?;
        let comments = response_comment::Entity::find()
            .filter(response_comment::Column::ResponseId.is_in(ids.clone()))
            .all(&self.db)
            .await?;
        let passages = confidential_passage::Entity::find()
            .filter(confidential_passage::Column::ResponseId.is_in(ids))
            .all(&self.db)
            .await?;
        rows.into_iter()
            .map(|r| {
                let withheld: Vec<(&str, &str)> = passages
                    .iter()
                    .filter(|p| p.response_id == r.id)
                    .filter(|p| Decision::parse(&p.decision).is_none_or(|d| d.withholds()))
                    .map(|p| (p.location.as_str(), p.text.as_str()))
                    .collect();
                let hide = |location: String, text: &str| {
                    withhold(
                        text,
                        withheld
                            .iter()
                            .filter(|(l, _)| *l == location)
                            .map(|(_, t)| *t),
                    )
                };
                let name = if r.publication == Publication::Named.as_str()
                    && r.respondent_type != PRIVATE_PERSON
                {
                    names
                        .iter()
                        .find(|(o, _)| *o == r.organisation_id)
                        .map(|(_, n)| n.clone())
                } else {
                    None
                };
                let answers = questions
                    .iter()
                    .filter_map(|q| {
                        let a = answers
                            .iter()
                            .find(|a| a.response_id == r.id && a.question_id == q.id.0)?;
                        let location = Location::Answer(q.id).to_string();
                        Some(PublishedAnswer {
                            prompt: q.spec.prompt.clone(),
                            values: values(&q.spec.kind, &a.value)?
                                .iter()
                                .map(|v| hide(location.clone(), v))
                                .collect(),
                        })
                    })
                    .collect();
                let comments = sections
                    .iter()
                    .filter_map(|s| {
                        let c = comments
                            .iter()
                            .find(|c| c.response_id == r.id && c.section_id == s.id)?;
                        let location = Location::Comment(SectionId(s.id)).to_string();
                        Some((
                            format!("§ {} {}", s.number, s.heading),
                            hide(location, &c.text),
                        ))
                    })
                    .collect();
                Ok(PublishedResponse {
                    name,
                    respondent_type: r.respondent_type,
                    industry_section: r.industry_section,
                    stance: Stance::parse(&r.stance)
                        .map_err(|e| StoreError::Internal(e.to_string()))?,
                    answers,
                    comments,
                    withheld: withheld.len(),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()
            .map(Published::Responses)
    }
}
