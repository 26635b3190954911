//! The hearing memo through the API, with the same rules as the pages:
//! staff compose, save and finalise; politicians and administrators read
//! every version; anyone reads a final one; every version downloads as
//! DOCX, PDF, HTML or Markdown.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hearings_core::HearingId;
use hearings_core::files::{Keep, download_headers};
use hearings_export::memo::{MemoFormat, compose, memo_file, memo_html};
use hearings_store::{MemoView, StoreError};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::Caller;
use crate::dto::time;
use crate::{ApiError, ApiState};

fn memo_json(m: &MemoView) -> Value {
    json!({
        "hearing_id": m.hearing.to_string(),
        "version": m.version,
        "final": m.finalised_at.is_some(),
        "finalised_at": m.finalised_at.map(time),
        "updated_at": time(m.updated_at),
        "updated_by": m.updated_by,
        "markdown": m.markdown,
        "html": memo_html(&m.markdown),
    })
}

fn hearing(c: &Caller, raw: &str) -> Result<HearingId, ApiError> {
    raw.parse().map_err(|_| ApiError::not_found(c.lang))
}

fn store_err(c: &Caller) -> impl Fn(hearings_store::StoreError) -> ApiError + '_ {
    move |e| ApiError::from_store(c.lang, e)
}

#[derive(Debug, Deserialize, Default)]
pub struct VersionQuery {
    version: Option<i32>,
}

/// `GET /api/v1/hearings/{id}/memo[?version=N]`: one version (the newest the
/// caller may read) with the list of versions.
pub async fn get_memo(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
    Query(q): Query<VersionQuery>,
) -> Result<Response, ApiError> {
    let id = hearing(&c, &id)?;
    let versions = s
        .store
        .memo_versions(c.account.as_ref(), id)
        .await
        .map_err(store_err(&c))?;
    let m = versions
        .iter()
        .find(|m| q.version.is_none_or(|v| v == m.version))
        .ok_or_else(|| ApiError::not_found(c.lang))?;
    let mut v = memo_json(m);
    v["versions"] = versions
        .iter()
        .map(|m| json!({"version": m.version, "final": m.finalised_at.is_some(), "finalised_at": m.finalised_at.map(time), "updated_at": time(m.updated_at)}))
        .collect();
    Ok(Json(v).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComposeRequest {
    #[serde(default)]
    based_on: Option<i32>,
}

/// `POST /api/v1/hearings/{id}/memo/compose` (staff): composes the memo from
/// the analysis into the draft; 201 with it.
pub async fn compose_memo(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let by = c.require_staff()?;
    let id = hearing(&c, &id)?;
    let req: ComposeRequest = if bytes.is_empty() {
        ComposeRequest { based_on: None }
    } else {
        serde_json::from_slice(&bytes).map_err(|e| ApiError::bad_json(c.lang, e.to_string()))?
    };
    let now = s.clock.now();
    let data = s
        .store
        .memo_data(by, id, now)
        .await
        .map_err(store_err(&c))?;
    let markdown = compose(c.lang, &data);
    let m = s
        .store
        .save_memo(by, id, &markdown, req.based_on, now)
        .await
        .map_err(store_err(&c))?;
    Ok((StatusCode::CREATED, Json(memo_json(&m))).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveRequest {
    markdown: String,
    #[serde(default)]
    based_on: Option<i32>,
}

/// `PUT /api/v1/hearings/{id}/memo` (staff): saves the draft (a new version
/// after a final one); 422 with `version` if `based_on` is not the newest.
pub async fn save_memo(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let by = c.require_staff()?;
    let id = hearing(&c, &id)?;
    let req: SaveRequest =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::bad_json(c.lang, e.to_string()))?;
    let m = s
        .store
        .save_memo(by, id, &req.markdown, req.based_on, s.clock.now())
        .await
        .map_err(store_err(&c))?;
    Ok(Json(memo_json(&m)).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinaliseRequest {
    version: i32,
}

/// `POST /api/v1/hearings/{id}/memo/finalise` (staff): `{"version"}`.
pub async fn finalise_memo(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let by = c.require_staff()?;
    let id = hearing(&c, &id)?;
    let req: FinaliseRequest =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::bad_json(c.lang, e.to_string()))?;
    s.store
        .finalise_memo(by, id, req.version, s.clock.now())
        .await
        .map_err(store_err(&c))?;
    let m = s
        .store
        .memo(Some(by), id, Some(req.version))
        .await
        .map_err(store_err(&c))?;
    Ok(Json(memo_json(&m)).into_response())
}

/// `GET /api/v1/hearings/{id}/memo/export/{format}[?version=N]`.
pub async fn export_memo(
    State(s): State<ApiState>,
    c: Caller,
    Path((id, format)): Path<(String, String)>,
    Query(q): Query<VersionQuery>,
) -> Result<Response, ApiError> {
    let id = hearing(&c, &id)?;
    let format = MemoFormat::parse(&format).ok_or_else(|| ApiError::not_found(c.lang))?;
    let m = s
        .store
        .memo(c.account.as_ref(), id, q.version)
        .await
        .map_err(store_err(&c))?;
    let lang = c.lang;
    let base = s.store.public_url().to_string();
    let (name, bytes) = tokio::task::spawn_blocking(move || memo_file(lang, &m, format, &base))
        .await
        .map_err(|_| ApiError::from_store(lang, StoreError::Internal("join".into())))?
        .map_err(|e| {
            tracing::error!(error = %e, "memo export failed");
            ApiError::from_store(lang, StoreError::Internal(e.to_string()))
        })?;
    Ok((
        download_headers(format.content_type(), &name, Keep::Never),
        bytes,
    )
        .into_response())
}
