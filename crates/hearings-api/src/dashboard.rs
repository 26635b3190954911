//! `GET /api/v1/staff/dashboard`: the secretariat's overview.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use hearings_store::{DEADLINE_HORIZON_DAYS, DashboardHearing};
use serde_json::{Value, json};

use crate::auth::Caller;
use crate::dto::time;
use crate::{ApiError, ApiState};

fn hearing(h: &DashboardHearing) -> Value {
    json!({
        "id": h.id.to_string(),
        "title": h.title,
        "kind": h.kind.as_str(),
        "state": h.state.as_str(),
        "opens_at": time(h.opens_at),
        "closes_at": h.closes_at.map(time),
    })
}

/// `GET /api/v1/staff/dashboard` (staff): hearings by state, deadlines in
/// the next 14 days, the number of unanswered questions, and the responses
/// and the hearing list's response rate per open hearing.
pub async fn get(State(s): State<ApiState>, c: Caller) -> Result<Response, ApiError> {
    let account = c.require()?;
    let d = s
        .store
        .dashboard(account, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    let by_state: Vec<Value> = d
        .by_state
        .iter()
        .map(|g| {
            json!({
                "state": g.state.as_str(),
                "count": g.hearings.len(),
                "hearings": g.hearings.iter().map(hearing).collect::<Vec<_>>(),
            })
        })
        .collect();
    let open: Vec<Value> = d
        .open
        .iter()
        .map(|o| {
            let mut v = hearing(&o.hearing);
            v["responses"] = json!(o.responses);
            v["invited"] = json!(o.invited);
            v["invited_responded"] = json!(o.invited_responded);
            v["response_rate"] = json!(o.response_rate());
            v
        })
        .collect();
    Ok(Json(json!({
        "by_state": by_state,
        "deadline_horizon_days": DEADLINE_HORIZON_DAYS,
        "deadlines_soon": d.deadlines_soon.iter().map(hearing).collect::<Vec<_>>(),
        "unanswered_inquiries": d.unanswered_inquiries,
        "open_hearings": open,
    }))
    .into_response())
}
