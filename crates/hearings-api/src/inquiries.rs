//! Questions on a hearing through the API, with the same rules as the pages.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hearings_core::InquiryId;
use hearings_core::inquiry::InquiryState;
use hearings_store::Inquiry;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::Caller;
use crate::dto::time;
use crate::{ApiError, ApiState};

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct AskRequest {
    question: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct AnswerRequest {
    answer: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct HideRequest {
    reason: String,
}

fn inquiry(i: &Inquiry) -> Value {
    let mut v = json!({
        "id": i.id.to_string(),
        "hearing_id": i.hearing.to_string(),
        "question": i.question,
        "asked_at": time(i.asked_at),
        "asker_role": i.asker_role.as_str(),
        "asker_organisation": i.asker_organisation,
        "answer": i.answer,
        "answered_at": i.answered_at.map(time),
        "state": match i.state {
            InquiryState::Pending => "pending",
            InquiryState::Answered => "answered",
            InquiryState::Hidden => "hidden",
        },
    });
    if let Some(r) = &i.hidden_reason {
        v["hidden_reason"] = json!(r);
    }
    if let Some(t) = &i.hearing_title {
        v["hearing_title"] = json!(t);
    }
    v
}

fn parse<T: serde::de::DeserializeOwned>(c: &Caller, bytes: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| ApiError::bad_json(c.lang, e.to_string()))
}

fn inquiry_id(c: &Caller, raw: &str) -> Result<InquiryId, ApiError> {
    raw.parse().map_err(|_| ApiError::not_found(c.lang))
}

/// `GET /api/v1/hearings/{id}/inquiries`
pub async fn list(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = id.parse().map_err(|_| ApiError::not_found(c.lang))?;
    let items = s
        .store
        .inquiries(id, c.account.as_ref(), s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    Ok(Json(json!({"items": items.iter().map(inquiry).collect::<Vec<_>>()})).into_response())
}

/// `POST /api/v1/hearings/{id}/inquiries` (anyone signed in, while open)
pub async fn ask(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let id = id.parse().map_err(|_| ApiError::not_found(c.lang))?;
    let req: AskRequest = parse(&c, &bytes)?;
    let now = s.clock.now();
    let new = s
        .store
        .ask(account, id, &req.question, now)
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    let mine = s
        .store
        .inquiries(id, Some(account), now)
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    let created = mine
        .iter()
        .find(|i| i.id == new)
        .map(inquiry)
        .unwrap_or_else(|| json!({"id": new.to_string()}));
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

/// `POST /api/v1/inquiries/{id}/answer` (staff)
pub async fn answer(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let id = inquiry_id(&c, &id)?;
    let req: AnswerRequest = parse(&c, &bytes)?;
    let i = s
        .store
        .answer_inquiry(account, id, &req.answer, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    Ok(Json(inquiry(&i)).into_response())
}

/// `POST /api/v1/inquiries/{id}/hide` (staff)
pub async fn hide(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let id = inquiry_id(&c, &id)?;
    let req: HideRequest = parse(&c, &bytes)?;
    let i = s
        .store
        .hide_inquiry(account, id, &req.reason, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    Ok(Json(inquiry(&i)).into_response())
}

/// `GET /api/v1/inquiries/unanswered` (staff)
pub async fn unanswered(State(s): State<ApiState>, c: Caller) -> Result<Response, ApiError> {
    let account = c.require()?;
    let items = s
        .store
        .unanswered_inquiries(account)
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    Ok(Json(json!({"items": items.iter().map(inquiry).collect::<Vec<_>>()})).into_response())
}
