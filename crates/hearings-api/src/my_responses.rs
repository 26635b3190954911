//! "My organisation's responses" through the API: the organisation's
//! responses across hearings, and the versions of one response, with the
//! same rules as the pages.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use hearings_core::ResponseId;
use serde_json::json;

use crate::auth::Caller;
use crate::dto::time;
use crate::{ApiError, ApiState};

/// `GET /api/v1/my/responses` (respondent): the responses of the caller's organisation.
pub async fn list(State(s): State<ApiState>, c: Caller) -> Result<Response, ApiError> {
    let account = c.require()?;
    if !account.role.responds() {
        return Err(ApiError::forbidden(c.lang));
    }
    let items = s
        .store
        .my_responses(account, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    let items: Vec<_> = items
        .iter()
        .map(|r| {
            json!({
                "id": r.id.to_string(),
                "hearing_id": r.hearing.to_string(),
                "hearing_title": r.hearing_title,
                "hearing_state": r.hearing_state.as_str(),
                "closes_at": r.closes_at.map(time),
                "reference": r.reference,
                "version": r.version,
                "submitted_at": time(r.submitted_at),
                "submitted_by": r.submitted_by,
            })
        })
        .collect();
    Ok(Json(json!({ "items": items })).into_response())
}

/// `GET /api/v1/responses/{id}/versions`: for the organisation's members and
/// staff; anyone else gets 404.
pub async fn versions(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let id: ResponseId = id.parse().map_err(|_| ApiError::not_found(c.lang))?;
    let versions = s
        .store
        .response_versions(account, id)
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    let items: Vec<_> = versions
        .iter()
        .map(|v| {
            json!({
                "version": v.version,
                "submitted_at": time(v.submitted_at),
                "submitted_by": v.submitted_by,
                "digest": v.digest,
            })
        })
        .collect();
    Ok(Json(json!({ "response_id": id.to_string(), "items": items })).into_response())
}
