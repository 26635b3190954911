//! What the exports of a hearing read: every response in full with the
//! organisation's particulars and staff's analysis, in keyset pages (a
//! fixed number of queries per page, whatever the page holds), so a writer
//! can stream any number of responses in bounded memory. For staff,
//! politicians and administrators; every export is audited.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use hearings_core::analysis::{Analysis, Assessment};
use hearings_core::audit::AuditAction;
use hearings_core::response_parts::{Decision, Location};
use hearings_core::{FileId, HearingId, HearingState, QuestionKind, ResponseId, SectionId, Stance};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Object};
use crate::entity::{
    answer, comment_analysis, confidential_passage, file_content, hearing, organisation, response,
    response_analysis, response_attachment, response_comment, section, theme_tag, user,
};
use crate::hearings::list_item;
use crate::response_detail::answer_values;
use crate::{
    Account, DetailAnswer, DetailComment, Download, PassageView, QuestionView, ResponseDetail,
    Store, StoreError, ThemeView,
};

/// How many responses a page of an export holds.
pub const EXPORT_PAGE_SIZE: u64 = 1_000;

/// What is exported, as the audit log names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// All responses as a spreadsheet.
    Xlsx,
    /// All responses as comma-separated values.
    Csv,
    /// The archive bundle for the case system.
    Archive,
}

impl ExportFormat {
    /// The stable name (`xlsx`, `csv`, `archive`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
            Self::Archive => "archive",
        }
    }
}

/// A section of the proposal, as a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSection {
    /// Id.
    pub id: SectionId,
    /// Its number (§ n).
    pub number: i32,
    /// Its heading.
    pub heading: String,
}

/// The hearing an export is of, with what makes its columns.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportHearing {
    /// Id.
    pub id: HearingId,
    /// Title.
    pub title: String,
    /// Kind (its stable name).
    pub kind: String,
    /// State now.
    pub state: HearingState,
    /// Start.
    pub opens_at: DateTime<Utc>,
    /// Deadline, if any.
    pub closes_at: Option<DateTime<Utc>>,
    /// The questions, in order.
    pub questions: Vec<QuestionView>,
    /// The sections, in order.
    pub sections: Vec<ExportSection>,
    /// The themes, in order, with their counts.
    pub themes: Vec<ThemeView>,
}

/// One response as exported.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRow {
    /// The response in full (without its older versions).
    pub detail: ResponseDetail,
    /// When its first version was stored.
    pub first_submitted_at: DateTime<Utc>,
    /// The organisation's CVR number, if it has one.
    pub cvr: Option<String>,
    /// Industry classification (`DB07`, `DB25`) of the organisation.
    pub industry_classification: String,
    /// Industry code of the organisation.
    pub industry_code: String,
    /// Industry section letter as submitted.
    pub industry_section: String,
    /// Size class as submitted.
    pub size_class: String,
    /// Local area as submitted.
    pub area: String,
    /// Staff's analysis of the response as a whole.
    pub analysis: Option<Analysis>,
    /// Staff's analysis of its comments, by section.
    pub comment_analyses: Vec<(SectionId, Analysis)>,
    /// The names of the themes it is tagged with, in the themes' order.
    pub themes: Vec<String>,
}

/// Where a page of an export ends: the first submission time and id of
/// its last response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportCursor {
    at: DateTime<Utc>,
    id: Uuid,
}

/// A page of an export.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportPage {
    /// The responses, first submitted first.
    pub rows: Vec<ExportRow>,
    /// Where the next page starts, if there may be one.
    pub next: Option<ExportCursor>,
}

fn analysis_of(summary: String, assessment: Option<String>, reason: String) -> Analysis {
    Analysis {
        summary,
        assessment: assessment.and_then(|a| Assessment::parse(&a).ok()),
        reason,
    }
}

fn group<K: std::hash::Hash + Eq, V>(
    items: impl IntoIterator<Item = (K, V)>,
) -> HashMap<K, Vec<V>> {
    let mut out: HashMap<K, Vec<V>> = HashMap::new();
    for (k, v) in items {
        out.entry(k).or_default().push(v);
    }
    out
}

impl Store {
    /// Starts an export of a hearing's responses: checks that the viewer
    /// reads responses (staff, politicians, administrators), records the
    /// export in the audit log (`hearing.export`, with its format), and
    /// returns the hearing with its questions, sections and themes. Five
    /// queries and one write.
    #[tracing::instrument(skip_all, fields(hearing_id = %id, format = format.as_str()))]
    pub async fn begin_export(
        &self,
        viewer: &Account,
        id: HearingId,
        format: ExportFormat,
        now: DateTime<Utc>,
    ) -> Result<ExportHearing, StoreError> {
        if !viewer.role.reads_summaries() {
            return Err(StoreError::Forbidden);
        }
        let h = hearing::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let item = list_item(h, now)?;
        let questions = self.questions(id).await?;
        let sections = section::Entity::find()
            .filter(section::Column::HearingId.eq(id.0))
            .order_by_asc(section::Column::Number)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|s| ExportSection {
                id: SectionId(s.id),
                number: s.number,
                heading: s.heading,
            })
            .collect();
        let themes = self.themes(viewer, id).await?;
        let txn = self.begin_write().await?;
        audit::record(
            &txn,
            viewer,
            AuditAction::HearingExport,
            Object::hearing(id),
            None,
            Some(&json!({"format": format.as_str()})),
            now,
        )
        .await?;
        txn.commit().await?;
        tracing::info!(viewer = %viewer.id, role = %viewer.role, "hearing exported");
        Ok(ExportHearing {
            id,
            title: item.title,
            kind: item.kind.as_str().to_string(),
            state: item.state,
            opens_at: item.opens_at,
            closes_at: item.closes_at,
            questions,
            sections,
            themes,
        })
    }

    /// A page of at most `limit` responses of the hearing, after `after`
    /// (from the start without it), first submitted first. Eleven queries
    /// whatever the page holds.
    #[tracing::instrument(skip_all, fields(hearing_id = %h.id))]
    pub async fn export_page(
        &self,
        viewer: &Account,
        h: &ExportHearing,
        after: Option<ExportCursor>,
        limit: u64,
    ) -> Result<ExportPage, StoreError> {
        if !viewer.role.reads_summaries() {
            return Err(StoreError::Forbidden);
        }
        let mut q = response::Entity::find().filter(response::Column::HearingId.eq(h.id.0));
        if let Some(c) = after {
            q = q.filter(
                Condition::any()
                    .add(response::Column::FirstSubmittedAt.gt(c.at))
                    .add(
                        Condition::all()
                            .add(response::Column::FirstSubmittedAt.eq(c.at))
                            .add(response::Column::Id.gt(c.id)),
                    ),
            );
        }
        let responses = q
            .order_by_asc(response::Column::FirstSubmittedAt)
            .order_by_asc(response::Column::Id)
            .limit(limit)
            .all(&self.db)
            .await?;
        let next = match responses.last() {
            Some(last) if responses.len() as u64 == limit => Some(ExportCursor {
                at: last.first_submitted_at,
                id: last.id,
            }),
            _ => None,
        };
        if responses.is_empty() {
            return Ok(ExportPage { rows: vec![], next });
        }
        let ids: Vec<Uuid> = responses.iter().map(|r| r.id).collect();
        let org_ids: Vec<Uuid> = responses.iter().map(|r| r.organisation_id).collect();
        let user_ids: Vec<Uuid> = responses.iter().map(|r| r.submitted_by).collect();
        let orgs: HashMap<Uuid, organisation::Model> = organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(org_ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
        let users: HashMap<Uuid, String> = user::Entity::find()
            .filter(user::Column::Id.is_in(user_ids))
            .select_only()
            .column(user::Column::Id)
            .column(user::Column::Name)
            .into_tuple::<(Uuid, String)>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        let answers = group(
            answer::Entity::find()
                .filter(answer::Column::ResponseId.is_in(ids.clone()))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|a| (a.response_id, (a.question_id, a.value))),
        );
        let comments = group(
            response_comment::Entity::find()
                .filter(response_comment::Column::ResponseId.is_in(ids.clone()))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|c| (c.response_id, (c.section_id, c.text))),
        );
        let attachments = group(
            response_attachment::Entity::find()
                .filter(response_attachment::Column::ResponseId.is_in(ids.clone()))
                .order_by_asc(response_attachment::Column::Position)
                .all(&self.db)
                .await?
                .into_iter()
                .map(|a| (a.response_id, FileId(a.file_id))),
        );
        let passages = group(
            confidential_passage::Entity::find()
                .filter(confidential_passage::Column::ResponseId.is_in(ids.clone()))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|p| (p.response_id, p)),
        );
        let analyses: HashMap<Uuid, Analysis> = response_analysis::Entity::find()
            .filter(response_analysis::Column::ResponseId.is_in(ids.clone()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|a| {
                (
                    a.response_id,
                    analysis_of(a.summary, a.assessment, a.reason),
                )
            })
            .collect();
        let comment_analyses = group(
            comment_analysis::Entity::find()
                .filter(comment_analysis::Column::ResponseId.is_in(ids.clone()))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|a| {
                    (
                        a.response_id,
                        (
                            SectionId(a.section_id),
                            analysis_of(a.summary, a.assessment, a.reason),
                        ),
                    )
                }),
        );
        let tags = group(
            theme_tag::Entity::find()
                .filter(theme_tag::Column::ResponseId.is_in(ids.clone()))
                .select_only()
                .column(theme_tag::Column::ResponseId)
                .column(theme_tag::Column::ThemeId)
                .into_tuple::<(Uuid, Uuid)>()
                .all(&self.db)
                .await?,
        );
        // The files: file answers and attachments, one query for the page.
        let file_answer = |q: Uuid| {
            h.questions
                .iter()
                .any(|x| x.id.0 == q && x.spec.kind == QuestionKind::File)
        };
        let file_ids: Vec<FileId> = answers
            .values()
            .flatten()
            .filter(|(q, _)| file_answer(*q))
            .filter_map(|(_, v)| answer_values(v).first()?.parse().ok())
            .chain(attachments.values().flatten().copied())
            .collect();
        let files = self.files(&file_ids).await?;
        let empty_answers = Vec::new();
        let empty_comments = Vec::new();
        let mut rows = Vec::with_capacity(responses.len());
        for r in responses {
            let org = orgs.get(&r.organisation_id);
            let stored = answers.get(&r.id).unwrap_or(&empty_answers);
            let detail_answers: Vec<DetailAnswer> = h
                .questions
                .iter()
                .filter_map(|q| {
                    let (_, raw) = stored.iter().find(|(id, _)| *id == q.id.0)?;
                    let values = answer_values(raw);
                    let file = if q.spec.kind == QuestionKind::File {
                        values
                            .first()
                            .and_then(|v| v.parse::<FileId>().ok())
                            .and_then(|f| files.get(&f).cloned())
                    } else {
                        None
                    };
                    Some(DetailAnswer {
                        question: q.id,
                        prompt: q.spec.prompt.clone(),
                        kind: q.spec.kind.clone(),
                        values,
                        file,
                    })
                })
                .collect();
            let given = comments.get(&r.id).unwrap_or(&empty_comments);
            let detail_comments: Vec<DetailComment> = h
                .sections
                .iter()
                .filter_map(|s| {
                    let (_, text) = given.iter().find(|(id, _)| *id == s.id.0)?;
                    Some(DetailComment {
                        section: s.id,
                        number: s.number,
                        heading: s.heading.clone(),
                        section_text: String::new(),
                        text: text.clone(),
                    })
                })
                .collect();
            let label = |l: &Location| match l {
                Location::Answer(q) => h
                    .questions
                    .iter()
                    .find(|x| x.id == *q)
                    .map(|x| x.spec.prompt.clone())
                    .unwrap_or_default(),
                Location::Comment(s) => h
                    .sections
                    .iter()
                    .find(|x| x.id == *s)
                    .map(|x| format!("§ {} {}", x.number, x.heading))
                    .unwrap_or_default(),
            };
            let confidential = passages
                .get(&r.id)
                .into_iter()
                .flatten()
                .filter_map(|p| {
                    let location = Location::parse(&p.location)?;
                    Some(PassageView {
                        id: p.id,
                        location_label: label(&location),
                        location,
                        text: p.text.clone(),
                        reason: p.reason.clone(),
                        decision: Decision::parse(&p.decision).unwrap_or(Decision::Pending),
                        decision_reason: p.decision_reason.clone(),
                        decided_at: p.decided_at,
                    })
                })
                .collect();
            let tagged = tags.get(&r.id);
            let themes = h
                .themes
                .iter()
                .filter(|t| tagged.is_some_and(|ts| ts.contains(&t.id.0)))
                .map(|t| t.theme.name.clone())
                .collect();
            let mut comment_work = comment_analyses.get(&r.id).cloned().unwrap_or_default();
            comment_work.sort_by_key(|(s, _)| {
                h.sections
                    .iter()
                    .position(|x| x.id == *s)
                    .unwrap_or(usize::MAX)
            });
            let detail = ResponseDetail {
                id: ResponseId(r.id),
                reference: r.reference,
                hearing: h.id,
                hearing_title: h.title.clone(),
                hearing_state: h.state,
                organisation_name: org.map(|o| o.name.clone()).unwrap_or_default(),
                respondent_type: r.respondent_type,
                stance: Stance::parse(&r.stance)
                    .map_err(|e| StoreError::Internal(e.to_string()))?,
                publication: r.publication,
                version: r.version,
                submitted_at: r.submitted_at,
                submitted_by: users.get(&r.submitted_by).cloned().unwrap_or_default(),
                digest: r.digest,
                answers: detail_answers,
                comments: detail_comments,
                attachments: attachments
                    .get(&r.id)
                    .into_iter()
                    .flatten()
                    .filter_map(|f| files.get(f).cloned())
                    .collect(),
                confidential,
                versions: vec![],
            };
            rows.push(ExportRow {
                detail,
                first_submitted_at: r.first_submitted_at,
                cvr: org.and_then(|o| o.cvr.clone()),
                industry_classification: org
                    .map(|o| o.industry_classification.clone())
                    .unwrap_or_default(),
                industry_code: org.map(|o| o.industry_code.clone()).unwrap_or_default(),
                industry_section: r.industry_section,
                size_class: r.size_class,
                area: r.area_code,
                analysis: analyses.get(&r.id).cloned(),
                comment_analyses: comment_work,
                themes,
            });
        }
        Ok(ExportPage { rows, next })
    }

    /// The bytes of the files of an exported response (its file answers
    /// and attachments), for those who read responses. One query.
    pub async fn export_files(
        &self,
        viewer: &Account,
        row: &ExportRow,
    ) -> Result<Vec<Download>, StoreError> {
        if !viewer.role.reads_summaries() {
            return Err(StoreError::Forbidden);
        }
        let facts: Vec<_> = row
            .detail
            .answers
            .iter()
            .filter_map(|a| a.file.clone())
            .chain(row.detail.attachments.iter().cloned())
            .collect();
        if facts.is_empty() {
            return Ok(vec![]);
        }
        let bytes: HashMap<Uuid, Vec<u8>> = file_content::Entity::find()
            .filter(file_content::Column::FileId.is_in(facts.iter().map(|f| f.id.0)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.file_id, c.content))
            .collect();
        Ok(facts
            .into_iter()
            .filter_map(|f| {
                Some(Download {
                    bytes: bytes.get(&f.id.0)?.clone(),
                    file: f,
                })
            })
            .collect())
    }
}
