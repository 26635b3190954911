//! The analysis workspace through the API, with the same rules as the
//! pages: staff summarise, assess and tag; politicians and administrators
//! read.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hearings_core::analysis::{RawAnalysis, RawBulk, RawTag, RawTheme};
use hearings_core::{HearingId, ResponseId, SectionId, TagId, ThemeId};
use hearings_store::{AnalysisFilter, AnalysisView, TagView, ThemeView};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::auth::Caller;
use crate::dto::time;
use crate::{ApiError, ApiState};

fn parse<T: DeserializeOwned>(c: &Caller, bytes: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| ApiError::bad_json(c.lang, e.to_string()))
}

fn id<T: std::str::FromStr>(c: &Caller, raw: &str) -> Result<T, ApiError> {
    raw.parse().map_err(|_| ApiError::not_found(c.lang))
}

fn err(c: &Caller) -> impl Fn(hearings_store::StoreError) -> ApiError + '_ {
    move |e| ApiError::from_store(c.lang, e)
}

fn theme_json(t: &ThemeView) -> Value {
    json!({
        "id": t.id.to_string(),
        "hearing_id": t.hearing.to_string(),
        "name": t.theme.name,
        "views": t.theme.views,
        "comment": t.theme.comment,
        "change": t.theme.change,
        "responses": t.responses,
    })
}

fn tag_json(t: &TagView) -> Value {
    json!({
        "id": t.id.to_string(),
        "theme_id": t.theme.to_string(),
        "theme": t.theme_name,
        "response_id": t.response.to_string(),
        "location": t.location.map(|l| l.to_string()),
        "passage": t.passage,
    })
}

fn analysis_json(a: &AnalysisView) -> Value {
    json!({
        "summary": a.analysis.summary,
        "assessment": a.analysis.assessment.map(|x| x.as_str()),
        "reason": a.analysis.reason,
        "updated_at": time(a.updated_at),
    })
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct FilterQuery {
    theme: String,
    stance: String,
    section: String,
    size: String,
    area: String,
    respondent_type: String,
    assessment: String,
    campaign: String,
    question: String,
    value: String,
}

fn some(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// `GET /api/v1/hearings/{id}/analysis?theme=&stance=&section=&size=&area=&respondent_type=&assessment=`
pub async fn workspace(
    State(s): State<ApiState>,
    c: Caller,
    Path(hearing): Path<String>,
    Query(q): Query<FilterQuery>,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let hearing: HearingId = id(&c, &hearing)?;
    let within = match q.campaign.trim() {
        "" => None,
        raw => {
            let campaign: hearings_core::CampaignId = id(&c, raw)?;
            let x = s.store.campaign(account, campaign).await.map_err(err(&c))?;
            if x.hearing != hearing {
                return Err(ApiError::not_found(c.lang));
            }
            Some(x.members.iter().map(|m| m.response).collect())
        }
    };
    let filter = AnalysisFilter {
        theme: q.theme.trim().parse().ok(),
        stance: some(&q.stance),
        section: some(&q.section),
        size: some(&q.size),
        area: some(&q.area),
        respondent_type: some(&q.respondent_type),
        assessment: some(&q.assessment),
        within,
        answer: q
            .question
            .trim()
            .parse()
            .ok()
            .map(|id| (id, some(&q.value))),
    };
    let w = s
        .store
        .workspace(account, hearing, &filter)
        .await
        .map_err(err(&c))?;
    Ok(Json(json!({
        "progress": {"total": w.progress.total, "summarised": w.progress.summarised, "assessed": w.progress.assessed},
        "themes": w.themes.iter().map(theme_json).collect::<Vec<_>>(),
        "responses": w.rows.iter().map(|r| json!({
            "id": r.id.to_string(),
            "reference": r.reference,
            "organisation": r.organisation,
            "respondent_type": r.respondent_type,
            "industry_section": r.industry_section,
            "size_class": r.size_class,
            "area": r.area,
            "stance": r.stance.as_str(),
            "summary": r.summary,
            "assessment": r.assessment.map(|a| a.as_str()),
            "themes": r.themes.iter().map(|(t, n)| json!({"id": t.to_string(), "name": n})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    }))
    .into_response())
}

/// `GET /api/v1/responses/{id}/analysis`: staff's work on a response.
pub async fn work(
    State(s): State<ApiState>,
    c: Caller,
    Path(response): Path<String>,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let response: ResponseId = id(&c, &response)?;
    let w = s
        .store
        .response_work(account, response)
        .await
        .map_err(err(&c))?;
    let next = s
        .store
        .next_to_assess(account, response)
        .await
        .map_err(err(&c))?;
    Ok(Json(json!({
        "analysis": w.analysis.as_ref().map(analysis_json),
        "next_to_assess": next.map(|n| n.to_string()),
        "comments": w.comments.iter().map(|(sec, a)| {
            let mut v = analysis_json(a);
            v["section_id"] = json!(sec.to_string());
            v
        }).collect::<Vec<_>>(),
        "tags": w.tags.iter().map(tag_json).collect::<Vec<_>>(),
    }))
    .into_response())
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct AssessRequest {
    section_id: Option<String>,
    summary: String,
    assessment: Option<String>,
    reason: String,
}

/// `PUT /api/v1/responses/{id}/assessment` (staff): `{"summary",
/// "assessment", "reason"}`, with `section_id` for a comment on a section.
pub async fn assess(
    State(s): State<ApiState>,
    c: Caller,
    Path(response): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let account = c.require_staff()?;
    let response: ResponseId = id(&c, &response)?;
    let req: AssessRequest = parse(&c, &bytes)?;
    let section: Option<SectionId> = match req.section_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(id(&c, raw)?),
    };
    let raw = RawAnalysis {
        summary: req.summary,
        assessment: req.assessment.unwrap_or_default(),
        reason: req.reason,
    };
    s.store
        .assess(account, response, section, &raw, s.clock.now())
        .await
        .map_err(err(&c))?;
    work(State(s), c, Path(response.to_string())).await
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct BulkRequest {
    response_ids: Vec<String>,
    theme_id: Option<String>,
    assessment: Option<String>,
    reason: String,
}

/// `POST /api/v1/hearings/{id}/analysis/bulk` (staff): `{"response_ids",
/// "theme_id", "assessment", "reason"}`: tags every response with the
/// theme and gives each the assessment, in one transaction.
pub async fn bulk(
    State(s): State<ApiState>,
    c: Caller,
    Path(hearing): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let account = c.require_staff()?;
    let hearing: HearingId = id(&c, &hearing)?;
    let req: BulkRequest = parse(&c, &bytes)?;
    let raw = RawBulk {
        responses: req.response_ids,
        theme: req.theme_id.unwrap_or_default(),
        assessment: req.assessment.unwrap_or_default(),
        reason: req.reason,
    };
    let done = s
        .store
        .apply_bulk(account, hearing, &raw, s.clock.now())
        .await
        .map_err(err(&c))?;
    Ok(Json(json!({"tagged": done.tagged, "assessed": done.assessed})).into_response())
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct ThemeRequest {
    name: String,
    views: String,
    comment: String,
    change: String,
}

impl ThemeRequest {
    fn raw(self) -> RawTheme {
        RawTheme {
            name: self.name,
            views: self.views,
            comment: self.comment,
            change: self.change,
        }
    }
}

/// `GET /api/v1/hearings/{id}/themes`
pub async fn themes(
    State(s): State<ApiState>,
    c: Caller,
    Path(hearing): Path<String>,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let hearing: HearingId = id(&c, &hearing)?;
    let list = s.store.themes(account, hearing).await.map_err(err(&c))?;
    Ok(Json(json!({"items": list.iter().map(theme_json).collect::<Vec<_>>()})).into_response())
}

/// `POST /api/v1/hearings/{id}/themes` (staff)
pub async fn create_theme(
    State(s): State<ApiState>,
    c: Caller,
    Path(hearing): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let account = c.require_staff()?;
    let hearing: HearingId = id(&c, &hearing)?;
    let req: ThemeRequest = parse(&c, &bytes)?;
    let theme = s
        .store
        .create_theme(account, hearing, &req.raw(), s.clock.now())
        .await
        .map_err(err(&c))?;
    let t = s.store.theme(account, theme).await.map_err(err(&c))?;
    Ok((StatusCode::CREATED, Json(theme_json(&t))).into_response())
}

/// `GET /api/v1/themes/{id}`: the theme with its tags.
pub async fn theme(
    State(s): State<ApiState>,
    c: Caller,
    Path(theme): Path<String>,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let theme: ThemeId = id(&c, &theme)?;
    let t = s.store.theme(account, theme).await.map_err(err(&c))?;
    let tags = s.store.theme_tags(account, theme).await.map_err(err(&c))?;
    let mut v = theme_json(&t);
    v["tags"] = tags.iter().map(tag_json).collect();
    Ok(Json(v).into_response())
}

/// `PUT /api/v1/themes/{id}` (staff)
pub async fn update_theme(
    State(s): State<ApiState>,
    c: Caller,
    Path(theme): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let account = c.require_staff()?;
    let theme_id: ThemeId = id(&c, &theme)?;
    let req: ThemeRequest = parse(&c, &bytes)?;
    s.store
        .update_theme(account, theme_id, &req.raw(), s.clock.now())
        .await
        .map_err(err(&c))?;
    self::theme(State(s), c, Path(theme)).await
}

/// `DELETE /api/v1/themes/{id}` (staff): the theme and its tags.
pub async fn delete_theme(
    State(s): State<ApiState>,
    c: Caller,
    Path(theme): Path<String>,
) -> Result<Response, ApiError> {
    let account = c.require_staff()?;
    let theme: ThemeId = id(&c, &theme)?;
    s.store
        .delete_theme(account, theme, s.clock.now())
        .await
        .map_err(err(&c))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct TagRequest {
    response_id: String,
    location: String,
    passage: String,
}

/// `POST /api/v1/themes/{id}/tags` (staff): `{"response_id", "location",
/// "passage"}`.
pub async fn tag(
    State(s): State<ApiState>,
    c: Caller,
    Path(theme): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let account = c.require_staff()?;
    let theme: ThemeId = id(&c, &theme)?;
    let req: TagRequest = parse(&c, &bytes)?;
    let response: ResponseId = id(&c, &req.response_id)?;
    let raw = RawTag {
        location: req.location,
        passage: req.passage,
    };
    let tag = s
        .store
        .tag(account, theme, response, &raw, s.clock.now())
        .await
        .map_err(err(&c))?;
    Ok((StatusCode::CREATED, Json(json!({"id": tag.to_string()}))).into_response())
}

/// `DELETE /api/v1/tags/{id}` (staff)
pub async fn untag(
    State(s): State<ApiState>,
    c: Caller,
    Path(tag): Path<String>,
) -> Result<Response, ApiError> {
    let account = c.require_staff()?;
    let tag: TagId = id(&c, &tag)?;
    s.store
        .untag(account, tag, s.clock.now())
        .await
        .map_err(err(&c))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
