//! Drafts, whole responses and confidentiality decisions through the API,
//! with the same rules as the pages. A draft's version is its ETag: a save
//! (`PUT`) names the version it started from with `If-Match`, and one made
//! on an older version is refused with 412 and the draft as it now is, so
//! nothing is overwritten.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hearings_core::ResponseId;
use hearings_core::files::{Keep, download_headers};
use hearings_i18n::Lang;
use hearings_store::{Draft, DraftSave, ResponseDetail, StoreError, draft_from_json, draft_json};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::auth::Caller;
use crate::dto::time;
use crate::{ApiError, ApiState};

/// The draft version named by an `If-Match` header: `"3"` (or `3`, or
/// `W/"3"`); `*` or `"0"` stand for "no draft yet".
pub(crate) fn if_match(lang: Lang, v: &HeaderValue) -> Result<Option<i32>, ApiError> {
    let raw = v
        .to_str()
        .unwrap_or_default()
        .trim()
        .trim_start_matches("W/")
        .trim_matches('"');
    match raw {
        "*" | "0" => Ok(None),
        other => other.parse::<i32>().map(Some).map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                lang.t("api.if_match"),
                Some(format!("If-Match: {other}")),
            )
        }),
    }
}

/// A store error, with a draft that moved on (field `draft_version`)
/// answered as 412 Precondition Failed.
pub(crate) fn precondition(lang: Lang, e: StoreError) -> ApiError {
    match e {
        StoreError::Invalid(errors) if errors.iter().any(|f| f.field == "draft_version") => {
            ApiError::new(
                StatusCode::PRECONDITION_FAILED,
                lang.t("err.draft_changed"),
                None,
            )
        }
        other => ApiError::from_store(lang, other),
    }
}

fn etag(version: i32) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).unwrap_or(HeaderValue::from_static("\"0\""))
}

fn draft_body(d: &Draft) -> Value {
    json!({
        "version": d.version,
        "content": draft_json(&d.content),
        "unsubmitted_changes": d.unsubmitted,
        "updated_by": d.updated_by,
        "updated_at": time(d.updated_at),
    })
}

fn hearing(c: &Caller, raw: &str) -> Result<hearings_core::HearingId, ApiError> {
    raw.parse().map_err(|_| ApiError::not_found(c.lang))
}

/// `GET /api/v1/hearings/{id}/draft` (respondents): the organisation's
/// draft, with its version as the ETag; 404 when there is none.
pub async fn get(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let id = hearing(&c, &id)?;
    let draft = s
        .store
        .draft(account, id, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?
        .ok_or_else(|| ApiError::not_found(c.lang))?;
    Ok((
        [(header::ETAG, etag(draft.version))],
        Json(draft_body(&draft)),
    )
        .into_response())
}

/// `PUT /api/v1/hearings/{id}/draft` (respondents): saves the draft as
/// sent (`{"stance", "publication", "answers": {question id: value or
/// [values]}, "comments": {section id: text}, "attachments": [ids],
/// "confidential": [{"location", "text", "reason"}]}`), exactly as typed:
/// nothing is checked until it is submitted. `If-Match` names the version
/// the client started from (`*` when there was none) and is required once
/// a draft exists (428 without it); an older version gives 412 with the
/// draft as it now is, and nothing is overwritten.
pub async fn put(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let id = hearing(&c, &id)?;
    let body: Value =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::bad_json(c.lang, e.to_string()))?;
    if !body.is_object() {
        return Err(ApiError::bad_json(c.lang, "a JSON object".into()));
    }
    let content = draft_from_json(&body);
    let now = s.clock.now();
    let base = match headers.get(header::IF_MATCH) {
        Some(v) => if_match(c.lang, v)?,
        None => {
            let exists = s
                .store
                .draft(account, id, now)
                .await
                .map_err(|e| ApiError::from_store(c.lang, e))?
                .is_some();
            if exists {
                return Err(ApiError::new(
                    StatusCode::PRECONDITION_REQUIRED,
                    c.lang.t("api.if_match_required"),
                    None,
                ));
            }
            None
        }
    };
    match s
        .store
        .save_draft(account, id, base, &content, now)
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?
    {
        DraftSave::Saved { version, at } => Ok((
            [(header::ETAG, etag(version))],
            Json(json!({"version": version, "saved_at": time(at)})),
        )
            .into_response()),
        DraftSave::Conflict(current) => Ok((
            StatusCode::PRECONDITION_FAILED,
            [
                (header::ETAG, etag(current.version)),
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/problem+json"),
                ),
            ],
            Json(json!({
                "type": "about:blank",
                "title": c.lang.t("err.draft_changed"),
                "status": 412,
                "current": draft_body(&current),
            })),
        )
            .into_response()),
    }
}

/// `GET /api/v1/my/drafts` (respondents): the organisation's drafts with
/// changes not yet submitted.
pub async fn mine(State(s): State<ApiState>, c: Caller) -> Result<Response, ApiError> {
    let account = c.require()?;
    if !account.role.responds() {
        return Err(ApiError::forbidden(c.lang));
    }
    let items: Vec<Value> = s
        .store
        .my_drafts(account, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?
        .into_iter()
        .map(|d| {
            json!({
                "hearing_id": d.hearing.to_string(),
                "hearing_title": d.hearing_title,
                "hearing_state": d.hearing_state.as_str(),
                "closes_at": d.closes_at.map(time),
                "version": d.version,
                "submitted_before": d.submitted_before,
                "updated_by": d.updated_by,
                "updated_at": time(d.updated_at),
            })
        })
        .collect();
    Ok(Json(json!({ "items": items })).into_response())
}

fn detail(d: &ResponseDetail) -> Value {
    json!({
        "id": d.id.to_string(),
        "reference": d.reference,
        "hearing_id": d.hearing.to_string(),
        "hearing_title": d.hearing_title,
        "organisation": d.organisation_name,
        "respondent_type": d.respondent_type,
        "stance": d.stance.as_str(),
        "publication": d.publication,
        "version": d.version,
        "submitted_at": time(d.submitted_at),
        "submitted_by": d.submitted_by,
        "digest": d.digest,
        "answers": d.answers.iter().map(|a| json!({
            "question_id": a.question.to_string(),
            "prompt": a.prompt,
            "kind": a.kind.name(),
            "values": a.values,
            "file": a.file.as_ref().map(|f| crate::files::file_json(f, format!("/api/v1/uploads/{}", f.id))),
        })).collect::<Vec<_>>(),
        "comments": d.comments.iter().map(|k| json!({
            "section_id": k.section.to_string(),
            "number": k.number,
            "heading": k.heading,
            "text": k.text,
        })).collect::<Vec<_>>(),
        "attachments": d.attachments.iter().map(|f| crate::files::file_json(f, format!("/api/v1/uploads/{}", f.id))).collect::<Vec<_>>(),
        "confidential": d.confidential.iter().map(|p| json!({
            "id": p.id.to_string(),
            "location": p.location.to_string(),
            "text": p.text,
            "reason": p.reason,
            "decision": p.decision.as_str(),
            "decision_reason": p.decision_reason,
            "decided_at": p.decided_at.map(time),
        })).collect::<Vec<_>>(),
        "versions": d.versions.iter().map(|v| json!({
            "version": v.version,
            "submitted_at": time(v.submitted_at),
            "submitted_by": v.submitted_by,
            "digest": v.digest,
        })).collect::<Vec<_>>(),
    })
}

/// `GET /api/v1/responses/{id}/content`: the response in full, for its
/// organisation's members and for staff, politicians and administrators.
pub async fn content(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let id: ResponseId = id.parse().map_err(|_| ApiError::not_found(c.lang))?;
    let d = s
        .store
        .response_detail(account, id, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    Ok(Json(detail(&d)).into_response())
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct DecisionRequest {
    decision: String,
    reason: String,
}

/// `POST /api/v1/passages/{id}/decision` (staff): `{"decision": "granted" |
/// "refused", "reason"}`; answers with the response in full.
pub async fn decide(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let account = c.require_staff()?;
    let passage: Uuid = id.parse().map_err(|_| ApiError::not_found(c.lang))?;
    let req: DecisionRequest =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::bad_json(c.lang, e.to_string()))?;
    let now = s.clock.now();
    let response = s
        .store
        .decide_passage(account, passage, &req.decision, &req.reason, now)
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    let d = s
        .store
        .response_detail(account, response, now)
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    Ok(Json(detail(&d)).into_response())
}

/// `GET /api/v1/responses/{id}/pdf`: the PDF copy of the response, for
/// those who may read it, in the caller's language.
pub async fn pdf(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let id: ResponseId = id.parse().map_err(|_| ApiError::not_found(c.lang))?;
    let d = s
        .store
        .response_detail(account, id, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    let lang = c.lang;
    let name = format!("{}-v{}.pdf", d.reference, d.version);
    let bytes = tokio::task::spawn_blocking(move || hearings_export::response_pdf(lang, &d))
        .await
        .map_err(|_| ApiError::from_store(lang, StoreError::Internal("join".into())))?
        .map_err(|e| {
            tracing::error!(error = %e, "response PDF failed");
            ApiError::from_store(lang, StoreError::Internal(e.to_string()))
        })?;
    Ok((
        download_headers("application/pdf", &name, Keep::Never),
        bytes,
    )
        .into_response())
}
