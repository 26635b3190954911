//! A hearing's published responses through the API: public, and only from
//! the deadline on. While the hearing is scheduled or open (or withdrawn)
//! the answer is 409 with the reason, rather than an empty list that could
//! be read as "no responses".

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hearings_core::HearingId;
use hearings_store::Published;
use serde_json::json;

use crate::auth::Caller;
use crate::dto::time;
use crate::{ApiError, ApiState};

/// `GET /api/v1/hearings/{id}/published-responses` (anyone).
pub async fn list(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id: HearingId = id.parse().map_err(|_| ApiError::not_found(c.lang))?;
    let published = s
        .store
        .published_responses(id, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    match published {
        Published::NotYet { closes_at, .. } => {
            let detail = match closes_at {
                Some(at) => format!(
                    "{} ({}: {})",
                    c.lang.t("published.later"),
                    c.lang.t("my_responses.deadline"),
                    time(at)
                ),
                None => c.lang.t("published.later").to_string(),
            };
            Err(ApiError::new(
                StatusCode::CONFLICT,
                c.lang.t("published.not_yet"),
                Some(detail),
            ))
        }
        Published::Responses(list) => {
            let items: Vec<_> = list
                .iter()
                .map(|r| {
                    json!({
                        "name": r.name,
                        "respondent_type": r.respondent_type,
                        "industry_section": r.industry_section,
                        "stance": r.stance.as_str(),
                        "answers": r.answers.iter().map(|a| json!({
                            "question": a.prompt,
                            "values": a.values,
                        })).collect::<Vec<_>>(),
                        "comments": r.comments.iter().map(|(section, text)| json!({
                            "section": section,
                            "text": text,
                        })).collect::<Vec<_>>(),
                        "withheld_passages": r.withheld,
                    })
                })
                .collect();
            Ok(Json(json!({ "hearing_id": id.to_string(), "items": items })).into_response())
        }
    }
}
