//! The outcome of a hearing through the API, with the same rules as the
//! pages: staff take a closed hearing into review and record the decision
//! (which e-mails every respondent); anyone reads a decided hearing's
//! outcome; a response's own outcome is for its organisation and for those
//! who read responses.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hearings_core::outcome::RawDecision;
use hearings_core::{HearingId, ResponseId};
use hearings_store::{DecisionView, OutcomeTheme};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::Caller;
use crate::dto::time;
use crate::{ApiError, ApiState};

fn decision_json(d: &DecisionView) -> Value {
    json!({
        "hearing_id": d.hearing.to_string(),
        "decided_on": d.decision.decided_on.to_string(),
        "body": d.decision.body,
        "text": d.decision.text,
        "minutes_url": d.decision.minutes_url,
        "recorded_at": time(d.recorded_at),
        "notified": d.notified,
    })
}

fn theme_json(t: &OutcomeTheme) -> Value {
    json!({
        "name": t.name,
        "views": t.views,
        "comment": t.comment,
        "change": t.change,
        "responses": t.responses,
    })
}

fn hearing(c: &Caller, raw: &str) -> Result<HearingId, ApiError> {
    raw.parse().map_err(|_| ApiError::not_found(c.lang))
}

/// `POST /api/v1/hearings/{id}/review` (staff): 204, or 409 unless closed.
pub async fn review(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let account = c.require_staff()?;
    let id = hearing(&c, &id)?;
    s.store
        .begin_review(account, id, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    decided_on: String,
    body: String,
    text: String,
    #[serde(default)]
    minutes_url: String,
}

/// `POST /api/v1/hearings/{id}/decision` (staff): records the decision and
/// e-mails every respondent; 201 with the decision.
pub async fn decide(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let account = c.require_staff()?;
    let id = hearing(&c, &id)?;
    let req: DecisionRequest =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::bad_json(c.lang, e.to_string()))?;
    let raw = RawDecision {
        decided_on: req.decided_on,
        body: req.body,
        text: req.text,
        minutes_url: req.minutes_url,
    };
    let d = s
        .store
        .record_decision(account, id, &raw, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    Ok((StatusCode::CREATED, Json(decision_json(&d))).into_response())
}

/// `GET /api/v1/hearings/{id}/outcome`: public once decided; 404 before.
pub async fn public(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = hearing(&c, &id)?;
    let o = s
        .store
        .public_outcome(id)
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?
        .ok_or_else(|| ApiError::not_found(c.lang))?;
    Ok(Json(json!({
        "decision": decision_json(&o.decision),
        "responses": o.responses,
        "themes": o.themes.iter().map(theme_json).collect::<Vec<_>>(),
    }))
    .into_response())
}

/// `GET /api/v1/responses/{id}/outcome`: what became of a response.
pub async fn response(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let id: ResponseId = id.parse().map_err(|_| ApiError::not_found(c.lang))?;
    let o = s
        .store
        .response_outcome(account, id, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    Ok(Json(json!({
        "response_id": o.response.to_string(),
        "reference": o.reference,
        "hearing_id": o.hearing.to_string(),
        "hearing_title": o.hearing_title,
        "organisation": o.organisation_name,
        "decision": o.decision.as_ref().map(decision_json),
        "points": o.points.iter().map(|p| json!({
            "section": p.section.as_ref().map(|(n, h)| json!({"number": n, "heading": h})),
            "text": p.text,
            "assessment": p.assessment.map(|a| a.as_str()),
            "reason": p.reason,
        })).collect::<Vec<_>>(),
        "themes": o.themes.iter().map(theme_json).collect::<Vec<_>>(),
    }))
    .into_response())
}
