//! The secretariat's analysis workspace: a summary and an assessment of
//! each response and of each comment on a section, and the hearing's
//! themes with the responses (and passages) tagged with them. Staff write;
//! politicians and administrators read. Every change is audited.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use hearings_core::analysis::{
    Analysis, Assessment, Progress, RawAnalysis, RawBulk, RawTag, RawTheme,
};
use hearings_core::audit::AuditAction;
use hearings_core::input::{FieldError, Problem};
use hearings_core::response_parts::Location;
use hearings_core::{HearingId, ResponseId, SectionId, Stance, TagId, ThemeId};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Object};
use crate::entity::{
    answer, comment_analysis, hearing, organisation, response, response_analysis, response_comment,
    theme, theme_tag,
};
use crate::{Account, Store, StoreError};

/// Staff's analysis of a response or comment, as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalysisView {
    /// Summary, assessment and reason.
    pub analysis: Analysis,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
}

/// A theme of a hearing with how much is tagged with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeView {
    /// Id.
    pub id: ThemeId,
    /// The hearing.
    pub hearing: HearingId,
    /// Name, the views summed up, the administration's comment, the change.
    pub theme: hearings_core::analysis::Theme,
    /// How many responses are tagged with it.
    pub responses: i64,
}

/// A tag on a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagView {
    /// Id.
    pub id: TagId,
    /// The theme.
    pub theme: ThemeId,
    /// The theme's name.
    pub theme_name: String,
    /// The response.
    pub response: ResponseId,
    /// Where in it (`None`: the whole response).
    pub location: Option<Location>,
    /// The passage quoted, if any.
    pub passage: String,
}

/// What narrows the list of responses in the workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnalysisFilter {
    /// Tagged with this theme.
    pub theme: Option<ThemeId>,
    /// Of this stance.
    pub stance: Option<String>,
    /// Of this industry section letter.
    pub section: Option<String>,
    /// Of this size class.
    pub size: Option<String>,
    /// Of this local area.
    pub area: Option<String>,
    /// Of this respondent type.
    pub respondent_type: Option<String>,
    /// With this assessment; `none` for not yet assessed.
    pub assessment: Option<String>,
    /// In this campaign (by response ids, given by the caller).
    pub within: Option<Vec<ResponseId>>,
    /// That answered this question; with a value, exactly this value as
    /// kept (a scale's `3`), as the summary's figures link to them.
    pub answer: Option<(hearings_core::QuestionId, Option<String>)>,
}

/// A response in the workspace's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalysisRow {
    /// The response.
    pub id: ResponseId,
    /// Its reference.
    pub reference: String,
    /// The organisation's name.
    pub organisation: String,
    /// Respondent type, industry section, size class and area as submitted.
    pub respondent_type: String,
    /// Industry section letter.
    pub industry_section: String,
    /// Size class.
    pub size_class: String,
    /// Local area.
    pub area: String,
    /// Stance.
    pub stance: Stance,
    /// Staff's summary ("" if none yet).
    pub summary: String,
    /// Staff's assessment, once made.
    pub assessment: Option<Assessment>,
    /// The themes it is tagged with (ids and names).
    pub themes: Vec<(ThemeId, String)>,
}

/// The workspace of a hearing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    /// How far the analysis has come, over all responses.
    pub progress: Progress,
    /// The themes, in their order.
    pub themes: Vec<ThemeView>,
    /// The responses the filter lets through, first submitted first.
    pub rows: Vec<AnalysisRow>,
}

/// Ids per `IN` list of a bulk action, well under every database's limit
/// of bound values.
const BULK_CHUNK: usize = 1_000;

/// What a bulk action changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BulkOutcome {
    /// Responses newly tagged with the theme.
    pub tagged: usize,
    /// Responses given the assessment.
    pub assessed: usize,
}

/// Staff's work on one response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseWork {
    /// The analysis of the response as a whole.
    pub analysis: Option<AnalysisView>,
    /// The analysis of each comment on a section.
    pub comments: Vec<(SectionId, AnalysisView)>,
    /// The themes it is tagged with.
    pub tags: Vec<TagView>,
    /// The hearing's themes, to tag with.
    pub themes: Vec<(ThemeId, String)>,
}

fn view(
    summary: String,
    assessment: Option<String>,
    reason: String,
    at: DateTime<Utc>,
) -> AnalysisView {
    AnalysisView {
        analysis: Analysis {
            summary,
            assessment: assessment.and_then(|a| Assessment::parse(&a).ok()),
            reason,
        },
        updated_at: at,
    }
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

fn theme_view(t: theme::Model, responses: i64) -> ThemeView {
    ThemeView {
        id: ThemeId(t.id),
        hearing: HearingId(t.hearing_id),
        theme: hearings_core::analysis::Theme {
            name: t.name,
            views: t.views,
            comment: t.comment,
            change: t.change,
        },
        responses,
    }
}

fn theme_snapshot(t: &theme::Model) -> serde_json::Value {
    json!({"hearing": t.hearing_id, "name": t.name, "views": t.views, "comment": t.comment, "change": t.change})
}

impl Store {
    /// A hearing's themes with how many responses each is tagged on (two
    /// queries), for those who read responses.
    pub async fn themes(
        &self,
        viewer: &Account,
        hearing: HearingId,
    ) -> Result<Vec<ThemeView>, StoreError> {
        Ok(self
            .themes_of(viewer, &[hearing.0])
            .await?
            .remove(&hearing.0)
            .unwrap_or_default())
    }

    /// The themes of several hearings, each in its order, with how many
    /// responses each is tagged on (two queries).
    pub(crate) async fn themes_of(
        &self,
        viewer: &Account,
        hearings: &[Uuid],
    ) -> Result<HashMap<Uuid, Vec<ThemeView>>, StoreError> {
        reader(viewer)?;
        let mut out: HashMap<Uuid, Vec<ThemeView>> = HashMap::new();
        if hearings.is_empty() {
            return Ok(out);
        }
        let themes = theme::Entity::find()
            .filter(theme::Column::HearingId.is_in(hearings.to_vec()))
            .order_by_asc(theme::Column::Position)
            .order_by_asc(theme::Column::CreatedAt)
            .all(&self.db)
            .await?;
        let ids: Vec<Uuid> = themes.iter().map(|t| t.id).collect();
        let mut counts: HashMap<Uuid, i64> = HashMap::new();
        if !ids.is_empty() {
            let rows: Vec<(Uuid, i64)> = theme_tag::Entity::find()
                .filter(theme_tag::Column::ThemeId.is_in(ids))
                .select_only()
                .column(theme_tag::Column::ThemeId)
                .column_as(
                    sea_orm::sea_query::ExprTrait::count_distinct(sea_orm::sea_query::Expr::col(
                        theme_tag::Column::ResponseId,
                    )),
                    "n",
                )
                .group_by(theme_tag::Column::ThemeId)
                .into_tuple()
                .all(&self.db)
                .await?;
            counts.extend(rows);
        }
        for t in themes {
            let n = counts.get(&t.id).copied().unwrap_or_default();
            out.entry(t.hearing_id).or_default().push(theme_view(t, n));
        }
        Ok(out)
    }

    /// The analysis workspace of a hearing: progress over all responses,
    /// the themes, and the responses the filter lets through with their
    /// summaries, assessments and themes. Seven queries (eight with a filter
    /// by answer), whatever the number of responses. For staff, politicians
    /// and administrators.
    #[tracing::instrument(skip_all, fields(hearing_id = %hearing))]
    pub async fn workspace(
        &self,
        viewer: &Account,
        hearing: HearingId,
        filter: &AnalysisFilter,
    ) -> Result<Workspace, StoreError> {
        reader(viewer)?;
        hearing::Entity::find_by_id(hearing.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let themes = self.themes(viewer, hearing).await?;
        let responses = response::Entity::find()
            .filter(response::Column::HearingId.eq(hearing.0))
            .order_by_asc(response::Column::FirstSubmittedAt)
            .order_by_asc(response::Column::Id)
            .all(&self.db)
            .await?;
        let of_hearing = || {
            Query::select()
                .column(response::Column::Id)
                .from(response::Entity)
                .and_where(response::Column::HearingId.eq(hearing.0))
                .to_owned()
        };
        let analyses: HashMap<Uuid, response_analysis::Model> = response_analysis::Entity::find()
            .filter(response_analysis::Column::ResponseId.in_subquery(of_hearing()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|a| (a.response_id, a))
            .collect();
        let tags = theme_tag::Entity::find()
            .filter(theme_tag::Column::ResponseId.in_subquery(of_hearing()))
            .all(&self.db)
            .await?;
        let names: HashMap<Uuid, String> = organisation::Entity::find()
            .filter(
                organisation::Column::Id.in_subquery(
                    Query::select()
                        .column(response::Column::OrganisationId)
                        .from(response::Entity)
                        .and_where(response::Column::HearingId.eq(hearing.0))
                        .to_owned(),
                ),
            )
            .all(&self.db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        let answered: Option<std::collections::HashSet<Uuid>> = match &filter.answer {
            None => None,
            Some((q, value)) => {
                let mut query = answer::Entity::find()
                    .select_only()
                    .column(answer::Column::ResponseId)
                    .filter(answer::Column::QuestionId.eq(q.0));
                if let Some(v) = value {
                    query = query.filter(answer::Column::Value.eq(v.trim()));
                }
                Some(
                    query
                        .into_tuple::<Uuid>()
                        .all(&self.db)
                        .await?
                        .into_iter()
                        .collect(),
                )
            }
        };
        let theme_name = |id: Uuid| {
            themes
                .iter()
                .find(|t| t.id.0 == id)
                .map(|t| t.theme.name.clone())
                .unwrap_or_default()
        };
        let mut progress = Progress {
            total: responses.len() as i64,
            ..Progress::default()
        };
        let mut rows = Vec::new();
        for r in responses {
            let a = analyses.get(&r.id);
            let summary = a.map(|a| a.summary.clone()).unwrap_or_default();
            let assessment = a
                .and_then(|a| a.assessment.as_deref())
                .and_then(|x| Assessment::parse(x).ok());
            if !summary.is_empty() {
                progress.summarised += 1;
            }
            if assessment.is_some() {
                progress.assessed += 1;
            }
            let mut row_themes: Vec<(ThemeId, String)> = tags
                .iter()
                .filter(|t| t.response_id == r.id)
                .map(|t| (ThemeId(t.theme_id), theme_name(t.theme_id)))
                .collect();
            row_themes.sort();
            row_themes.dedup();
            let keep = filter.stance.as_ref().is_none_or(|s| *s == r.stance)
                && filter
                    .section
                    .as_ref()
                    .is_none_or(|s| *s == r.industry_section)
                && filter.size.as_ref().is_none_or(|s| *s == r.size_class)
                && filter.area.as_ref().is_none_or(|s| *s == r.area_code)
                && filter
                    .respondent_type
                    .as_ref()
                    .is_none_or(|s| *s == r.respondent_type)
                && filter
                    .theme
                    .is_none_or(|t| row_themes.iter().any(|(id, _)| *id == t))
                && filter
                    .assessment
                    .as_deref()
                    .is_none_or(|f| match assessment {
                        None => f == "none",
                        Some(a) => f == a.as_str(),
                    })
                && filter
                    .within
                    .as_ref()
                    .is_none_or(|ids| ids.contains(&ResponseId(r.id)))
                && answered.as_ref().is_none_or(|ids| ids.contains(&r.id));
            if !keep {
                continue;
            }
            rows.push(AnalysisRow {
                id: ResponseId(r.id),
                reference: r.reference,
                organisation: names.get(&r.organisation_id).cloned().unwrap_or_default(),
                respondent_type: r.respondent_type,
                industry_section: r.industry_section,
                size_class: r.size_class,
                area: r.area_code,
                stance: Stance::parse(&r.stance)
                    .map_err(|e| StoreError::Internal(e.to_string()))?,
                summary,
                assessment,
                themes: row_themes,
            });
        }
        Ok(Workspace {
            progress,
            themes,
            rows,
        })
    }

    /// Staff's work on one response: its analysis, the analyses of its
    /// comments, its tags and the hearing's themes (five queries).
    pub async fn response_work(
        &self,
        viewer: &Account,
        id: ResponseId,
    ) -> Result<ResponseWork, StoreError> {
        reader(viewer)?;
        let r = response::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let analysis = response_analysis::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .map(|a| view(a.summary, a.assessment, a.reason, a.updated_at));
        let comments = comment_analysis::Entity::find()
            .filter(comment_analysis::Column::ResponseId.eq(id.0))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|a| {
                (
                    SectionId(a.section_id),
                    view(a.summary, a.assessment, a.reason, a.updated_at),
                )
            })
            .collect();
        let themes: Vec<theme::Model> = theme::Entity::find()
            .filter(theme::Column::HearingId.eq(r.hearing_id))
            .order_by_asc(theme::Column::Position)
            .order_by_asc(theme::Column::CreatedAt)
            .all(&self.db)
            .await?;
        let tags = theme_tag::Entity::find()
            .filter(theme_tag::Column::ResponseId.eq(id.0))
            .order_by_asc(theme_tag::Column::CreatedAt)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|t| TagView {
                id: TagId(t.id),
                theme: ThemeId(t.theme_id),
                theme_name: themes
                    .iter()
                    .find(|x| x.id == t.theme_id)
                    .map(|x| x.name.clone())
                    .unwrap_or_default(),
                response: id,
                location: t.location.as_deref().and_then(Location::parse),
                passage: t.passage,
            })
            .collect();
        Ok(ResponseWork {
            analysis,
            comments,
            tags,
            themes: themes
                .into_iter()
                .map(|t| (ThemeId(t.id), t.name))
                .collect(),
        })
    }

    /// The response to assess after this one: the next of its hearing in
    /// the workspace's order (first submitted first) that has no
    /// assessment yet, starting again from the top after the last; `None`
    /// when every other response is assessed. Two or three queries.
    pub async fn next_to_assess(
        &self,
        viewer: &Account,
        id: ResponseId,
    ) -> Result<Option<ResponseId>, StoreError> {
        reader(viewer)?;
        let r = response::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let unassessed = || {
            response::Entity::find()
                .filter(response::Column::HearingId.eq(r.hearing_id))
                .filter(response::Column::Id.ne(r.id))
                .filter(
                    response::Column::Id.not_in_subquery(
                        Query::select()
                            .column(response_analysis::Column::ResponseId)
                            .from(response_analysis::Entity)
                            .and_where(response_analysis::Column::Assessment.is_not_null())
                            .to_owned(),
                    ),
                )
                .order_by_asc(response::Column::FirstSubmittedAt)
                .order_by_asc(response::Column::Id)
                .select_only()
                .column(response::Column::Id)
        };
        let after = unassessed()
            .filter(
                sea_orm::Condition::any()
                    .add(response::Column::FirstSubmittedAt.gt(r.first_submitted_at))
                    .add(
                        sea_orm::Condition::all()
                            .add(response::Column::FirstSubmittedAt.eq(r.first_submitted_at))
                            .add(response::Column::Id.gt(r.id)),
                    ),
            )
            .into_tuple::<Uuid>()
            .one(&self.db)
            .await?;
        let next = match after {
            Some(n) => Some(n),
            None => unassessed().into_tuple::<Uuid>().one(&self.db).await?,
        };
        Ok(next.map(ResponseId))
    }

    /// Staff summarise and assess a response (`section: None`) or one of
    /// its comments on a section. An assessment needs a reason, which the
    /// respondent will be told with the outcome. Audited (`response.assess`).
    #[tracing::instrument(skip_all, fields(response_id = %id))]
    pub async fn assess(
        &self,
        by: &Account,
        id: ResponseId,
        section: Option<SectionId>,
        raw: &RawAnalysis,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        analyst(by)?;
        let checked = raw.parse().map_err(StoreError::Invalid)?;
        let txn = self.begin_write().await?;
        response::Entity::find_by_id(id.0)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let assessment = checked.assessment.map(|a| a.as_str().to_string());
        let before = match section {
            None => {
                let old = response_analysis::Entity::find_by_id(id.0)
                    .one(&txn)
                    .await?;
                let row = response_analysis::ActiveModel {
                    response_id: Set(id.0),
                    summary: Set(checked.summary.clone()),
                    assessment: Set(assessment.clone()),
                    reason: Set(checked.reason.clone()),
                    updated_by: Set(Some(by.id.0)),
                    updated_at: Set(now),
                };
                let before = old.as_ref().map(|o| json!({"summary": o.summary, "assessment": o.assessment, "reason": o.reason}));
                if old.is_some() {
                    response_analysis::Entity::update(row).exec(&txn).await?;
                } else {
                    response_analysis::Entity::insert(row)
                        .exec_without_returning(&txn)
                        .await?;
                }
                before
            }
            Some(s) => {
                let commented = response_comment::Entity::find_by_id((id.0, s.0))
                    .one(&txn)
                    .await?;
                if commented.is_none() {
                    return Err(StoreError::NotFound);
                }
                let old = comment_analysis::Entity::find_by_id((id.0, s.0))
                    .one(&txn)
                    .await?;
                let row = comment_analysis::ActiveModel {
                    response_id: Set(id.0),
                    section_id: Set(s.0),
                    summary: Set(checked.summary.clone()),
                    assessment: Set(assessment.clone()),
                    reason: Set(checked.reason.clone()),
                    updated_by: Set(Some(by.id.0)),
                    updated_at: Set(now),
                };
                let before = old.as_ref().map(|o| json!({"section": s.0, "summary": o.summary, "assessment": o.assessment, "reason": o.reason}));
                if old.is_some() {
                    comment_analysis::Entity::update(row).exec(&txn).await?;
                } else {
                    comment_analysis::Entity::insert(row)
                        .exec_without_returning(&txn)
                        .await?;
                }
                before
            }
        };
        let after = json!({"section": section.map(|s| s.0), "summary": checked.summary, "assessment": assessment, "reason": checked.reason});
        audit::record(
            &txn,
            by,
            AuditAction::ResponseAssess,
            Object::response(id),
            before.as_ref(),
            Some(&after),
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Creates a theme on a hearing, after its others. Audited.
    pub async fn create_theme(
        &self,
        by: &Account,
        hearing_id: HearingId,
        raw: &RawTheme,
        now: DateTime<Utc>,
    ) -> Result<ThemeId, StoreError> {
        analyst(by)?;
        let t = raw.parse().map_err(StoreError::Invalid)?;
        let txn = self.begin_write().await?;
        hearing::Entity::find_by_id(hearing_id.0)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let position = theme::Entity::find()
            .filter(theme::Column::HearingId.eq(hearing_id.0))
            .select_only()
            .column_as(theme::Column::Position.max(), "max")
            .into_tuple::<Option<i32>>()
            .one(&txn)
            .await?
            .flatten()
            .map_or(0, |p| p + 1);
        let row = theme::Model {
            id: Uuid::new_v4(),
            hearing_id: hearing_id.0,
            name: t.name,
            views: t.views,
            comment: t.comment,
            change: t.change,
            position,
            created_at: now,
        };
        theme::Entity::insert(theme::ActiveModel {
            id: Set(row.id),
            hearing_id: Set(row.hearing_id),
            name: Set(row.name.clone()),
            views: Set(row.views.clone()),
            comment: Set(row.comment.clone()),
            change: Set(row.change.clone()),
            position: Set(position),
            created_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        audit::record(
            &txn,
            by,
            AuditAction::ThemeCreate,
            Object::theme(ThemeId(row.id)),
            None,
            Some(&theme_snapshot(&row)),
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(ThemeId(row.id))
    }

    /// A theme, for those who read responses.
    pub async fn theme(&self, viewer: &Account, id: ThemeId) -> Result<ThemeView, StoreError> {
        reader(viewer)?;
        let t = theme::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let n = theme_tag::Entity::find()
            .filter(theme_tag::Column::ThemeId.eq(id.0))
            .select_only()
            .column(theme_tag::Column::ResponseId)
            .distinct()
            .into_tuple::<Uuid>()
            .all(&self.db)
            .await?
            .len() as i64;
        Ok(theme_view(t, n))
    }

    /// Renames a theme or changes its texts (the views summed up, the
    /// administration's comment, the resulting change). Audited.
    pub async fn update_theme(
        &self,
        by: &Account,
        id: ThemeId,
        raw: &RawTheme,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        analyst(by)?;
        let t = raw.parse().map_err(StoreError::Invalid)?;
        let txn = self.begin_write().await?;
        let old = theme::Entity::find_by_id(id.0)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut new = old.clone();
        new.name = t.name;
        new.views = t.views;
        new.comment = t.comment;
        new.change = t.change;
        theme::Entity::update(theme::ActiveModel {
            id: Set(old.id),
            hearing_id: Set(old.hearing_id),
            name: Set(new.name.clone()),
            views: Set(new.views.clone()),
            comment: Set(new.comment.clone()),
            change: Set(new.change.clone()),
            position: Set(old.position),
            created_at: Set(old.created_at),
        })
        .exec(&txn)
        .await?;
        audit::record(
            &txn,
            by,
            AuditAction::ThemeUpdate,
            Object::theme(id),
            Some(&theme_snapshot(&old)),
            Some(&theme_snapshot(&new)),
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Deletes a theme and its tags (the responses stay). Audited. Returns
    /// the hearing it was on.
    pub async fn delete_theme(
        &self,
        by: &Account,
        id: ThemeId,
        now: DateTime<Utc>,
    ) -> Result<HearingId, StoreError> {
        analyst(by)?;
        let txn = self.begin_write().await?;
        let old = theme::Entity::find_by_id(id.0)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        theme_tag::Entity::delete_many()
            .filter(theme_tag::Column::ThemeId.eq(id.0))
            .exec(&txn)
            .await?;
        theme::Entity::delete_by_id(id.0).exec(&txn).await?;
        audit::record(
            &txn,
            by,
            AuditAction::ThemeDelete,
            Object::theme(id),
            Some(&theme_snapshot(&old)),
            None,
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(HearingId(old.hearing_id))
    }

    /// Tags a response, or a passage of one of its text answers or
    /// comments, with a theme of the same hearing. The passage must stand
    /// in that text word for word. Audited.
    pub async fn tag(
        &self,
        by: &Account,
        theme_id: ThemeId,
        response_id: ResponseId,
        raw: &RawTag,
        now: DateTime<Utc>,
    ) -> Result<TagId, StoreError> {
        analyst(by)?;
        let txn = self.begin_write().await?;
        let t = theme::Entity::find_by_id(theme_id.0)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let r = response::Entity::find_by_id(response_id.0)
            .one(&txn)
            .await?
            .filter(|r| r.hearing_id == t.hearing_id)
            .ok_or(StoreError::NotFound)?;
        let texts = texts_of(&txn, r.id).await?;
        let tag = raw
            .parse(|l| texts.get(l).map(String::as_str))
            .map_err(StoreError::Invalid)?;
        let id = Uuid::new_v4();
        let location = tag.location.map(|l| l.to_string());
        theme_tag::Entity::insert(theme_tag::ActiveModel {
            id: Set(id),
            theme_id: Set(theme_id.0),
            response_id: Set(response_id.0),
            location: Set(location.clone()),
            passage: Set(tag.passage.clone()),
            created_by: Set(Some(by.id.0)),
            created_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        audit::record(
            &txn,
            by,
            AuditAction::ThemeTag,
            Object::theme(theme_id),
            None,
            Some(&json!({"tag": id, "response": response_id.0, "location": location, "passage": tag.passage})),
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(TagId(id))
    }

    /// One action on several responses of a hearing at once: tags each
    /// with the theme (the whole response; one already tagged so is left
    /// as it is) and gives each the assessment with its reason, keeping
    /// the summary staff wrote. One transaction: every response must belong
    /// to the hearing, or nothing changes. Each change is audited as if
    /// made one by one.
    #[tracing::instrument(skip_all, fields(hearing_id = %hearing_id, n = raw.responses.len()))]
    pub async fn apply_bulk(
        &self,
        by: &Account,
        hearing_id: HearingId,
        raw: &RawBulk,
        now: DateTime<Utc>,
    ) -> Result<BulkOutcome, StoreError> {
        analyst(by)?;
        let bulk = raw.parse().map_err(StoreError::Invalid)?;
        let txn = self.begin_write().await?;
        hearing::Entity::find_by_id(hearing_id.0)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let ids: Vec<Uuid> = bulk.responses.iter().map(|r| r.0).collect();
        let mut found = 0usize;
        for chunk in ids.chunks(BULK_CHUNK) {
            found += response::Entity::find()
                .filter(response::Column::HearingId.eq(hearing_id.0))
                .filter(response::Column::Id.is_in(chunk.to_vec()))
                .select_only()
                .column(response::Column::Id)
                .into_tuple::<Uuid>()
                .all(&txn)
                .await?
                .len();
        }
        if found != ids.len() {
            return Err(StoreError::Invalid(vec![FieldError::new(
                "responses",
                Problem::UnknownResponse,
            )]));
        }
        let mut outcome = BulkOutcome::default();
        if let Some(theme_id) = bulk.theme {
            theme::Entity::find_by_id(theme_id.0)
                .one(&txn)
                .await?
                .filter(|t| t.hearing_id == hearing_id.0)
                .ok_or_else(|| {
                    StoreError::Invalid(vec![FieldError::new("theme", Problem::UnknownTheme)])
                })?;
            let mut tagged = std::collections::HashSet::new();
            for chunk in ids.chunks(BULK_CHUNK) {
                tagged.extend(
                    theme_tag::Entity::find()
                        .filter(theme_tag::Column::ThemeId.eq(theme_id.0))
                        .filter(theme_tag::Column::ResponseId.is_in(chunk.to_vec()))
                        .filter(theme_tag::Column::Location.is_null())
                        .select_only()
                        .column(theme_tag::Column::ResponseId)
                        .into_tuple::<Uuid>()
                        .all(&txn)
                        .await?,
                );
            }
            let new: Vec<Uuid> = ids
                .iter()
                .copied()
                .filter(|r| !tagged.contains(r))
                .collect();
            for chunk in new.chunks(BULK_CHUNK) {
                let rows: Vec<(Uuid, Uuid)> = chunk.iter().map(|r| (Uuid::new_v4(), *r)).collect();
                theme_tag::Entity::insert_many(rows.iter().map(|(id, r)| theme_tag::ActiveModel {
                    id: Set(*id),
                    theme_id: Set(theme_id.0),
                    response_id: Set(*r),
                    location: Set(None),
                    passage: Set(String::new()),
                    created_by: Set(Some(by.id.0)),
                    created_at: Set(now),
                }))
                .exec_without_returning(&txn)
                .await?;
                let changes: Vec<_> = rows
                    .iter()
                    .map(|(id, r)| {
                        let after =
                            json!({"tag": id, "response": r, "location": null, "passage": ""});
                        (Object::theme(theme_id), None, Some(after))
                    })
                    .collect();
                audit::record_many(&txn, by, AuditAction::ThemeTag, &changes, now).await?;
            }
            outcome.tagged = new.len();
        }
        if let Some(a) = bulk.assessment {
            let assessment = a.as_str().to_string();
            let mut old: HashMap<Uuid, response_analysis::Model> = HashMap::new();
            for chunk in ids.chunks(BULK_CHUNK) {
                old.extend(
                    response_analysis::Entity::find()
                        .filter(response_analysis::Column::ResponseId.is_in(chunk.to_vec()))
                        .all(&txn)
                        .await?
                        .into_iter()
                        .map(|x| (x.response_id, x)),
                );
            }
            let (existing, missing): (Vec<Uuid>, Vec<Uuid>) =
                ids.iter().partition(|r| old.contains_key(r));
            for chunk in existing.chunks(BULK_CHUNK) {
                response_analysis::Entity::update_many()
                    .col_expr(
                        response_analysis::Column::Assessment,
                        sea_orm::sea_query::Expr::value(assessment.clone()),
                    )
                    .col_expr(
                        response_analysis::Column::Reason,
                        sea_orm::sea_query::Expr::value(bulk.reason.clone()),
                    )
                    .col_expr(
                        response_analysis::Column::UpdatedBy,
                        sea_orm::sea_query::Expr::value(by.id.0),
                    )
                    .col_expr(
                        response_analysis::Column::UpdatedAt,
                        sea_orm::sea_query::Expr::value(now),
                    )
                    .filter(response_analysis::Column::ResponseId.is_in(chunk.to_vec()))
                    .exec(&txn)
                    .await?;
            }
            for chunk in missing.chunks(BULK_CHUNK) {
                response_analysis::Entity::insert_many(chunk.iter().map(|r| {
                    response_analysis::ActiveModel {
                        response_id: Set(*r),
                        summary: Set(String::new()),
                        assessment: Set(Some(assessment.clone())),
                        reason: Set(bulk.reason.clone()),
                        updated_by: Set(Some(by.id.0)),
                        updated_at: Set(now),
                    }
                }))
                .exec_without_returning(&txn)
                .await?;
            }
            let changes: Vec<_> = ids
                .iter()
                .map(|r| {
                    let before = old.get(r).map(|o| json!({"summary": o.summary, "assessment": o.assessment, "reason": o.reason}));
                    let summary = old.get(r).map(|o| o.summary.as_str()).unwrap_or_default();
                    let after = json!({"section": null, "summary": summary, "assessment": assessment, "reason": bulk.reason, "bulk": true});
                    (Object::response(ResponseId(*r)), before, Some(after))
                })
                .collect();
            audit::record_many(&txn, by, AuditAction::ResponseAssess, &changes, now).await?;
            outcome.assessed = ids.len();
        }
        txn.commit().await?;
        Ok(outcome)
    }

    /// Takes a tag off. Audited. Returns the response it was on.
    pub async fn untag(
        &self,
        by: &Account,
        id: TagId,
        now: DateTime<Utc>,
    ) -> Result<ResponseId, StoreError> {
        analyst(by)?;
        let txn = self.begin_write().await?;
        let old = theme_tag::Entity::find_by_id(id.0)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        theme_tag::Entity::delete_by_id(id.0).exec(&txn).await?;
        audit::record(
            &txn,
            by,
            AuditAction::ThemeUntag,
            Object::theme(ThemeId(old.theme_id)),
            Some(&json!({"tag": old.id, "response": old.response_id, "location": old.location, "passage": old.passage})),
            None,
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(ResponseId(old.response_id))
    }

    /// The tags of a theme, oldest first (one query).
    pub async fn theme_tags(
        &self,
        viewer: &Account,
        id: ThemeId,
    ) -> Result<Vec<TagView>, StoreError> {
        let t = self.theme(viewer, id).await?;
        Ok(theme_tag::Entity::find()
            .filter(theme_tag::Column::ThemeId.eq(id.0))
            .order_by_asc(theme_tag::Column::CreatedAt)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|x| TagView {
                id: TagId(x.id),
                theme: id,
                theme_name: t.theme.name.clone(),
                response: ResponseId(x.response_id),
                location: x.location.as_deref().and_then(Location::parse),
                passage: x.passage,
            })
            .collect())
    }
}

/// The texts of a response's text answers and comments, by location.
async fn texts_of(
    txn: &DatabaseTransaction,
    response_id: Uuid,
) -> Result<HashMap<Location, String>, StoreError> {
    let mut out = HashMap::new();
    for a in answer::Entity::find()
        .filter(answer::Column::ResponseId.eq(response_id))
        .all(txn)
        .await?
    {
        if let Ok(serde_json::Value::String(s)) = serde_json::from_str(&a.value) {
            out.insert(
                Location::Answer(hearings_core::QuestionId(a.question_id)),
                s,
            );
        }
    }
    for c in response_comment::Entity::find()
        .filter(response_comment::Column::ResponseId.eq(response_id))
        .all(txn)
        .await?
    {
        out.insert(Location::Comment(SectionId(c.section_id)), c.text);
    }
    Ok(out)
}
