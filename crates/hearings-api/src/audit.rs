//! The audit log of staff actions, for administrators.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use hearings_core::audit::AuditCursor;
use hearings_core::input::FieldError;
use hearings_store::AUDIT_PAGE_SIZE;
use serde::Deserialize;

use crate::auth::Caller;
use crate::{ApiError, ApiState, dto};

/// `?before=<cursor>`: the rows older than the cursor (the `next` of the
/// page before).
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct AuditQuery {
    before: Option<String>,
}

/// `GET /api/v1/audit` (admin): 100 rows, newest first, and the cursor of
/// the next page.
pub async fn list(
    State(s): State<ApiState>,
    c: Caller,
    q: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    if !account.role.reads_audit_log() {
        return Err(ApiError::forbidden(c.lang));
    }
    let Query(q) = q.map_err(|e| ApiError::bad_json(c.lang, e.body_text()))?;
    let before = match q.before.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        None => None,
        Some(raw) => Some(
            AuditCursor::parse(raw)
                .map_err(|p| ApiError::invalid(c.lang, &[FieldError::new("before", p)]))?,
        ),
    };
    let page = s
        .store
        .audit_log(account, before, AUDIT_PAGE_SIZE)
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    Ok(Json(dto::audit_page(&page)).into_response())
}
