//! The hearing list through the API: the invited parties (public: names
//! only; staff: with address and whether invited, reminded, responded),
//! invitations by hand or by rule with a dry run that only counts, and the
//! reminder setting.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use hearings_core::input::{FieldError, email};
use hearings_core::register::InviteRule;
use hearings_core::{HearingId, OrganisationId};
use hearings_store::{HearingList, InviteCount, Invitees};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::Caller;
use crate::dto::time;
use crate::{ApiError, ApiState};

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct RuleRequest {
    sections: Vec<String>,
    size_classes: Vec<String>,
    areas: Vec<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct InviteRequest {
    organisations: Vec<String>,
    emails: Vec<String>,
    rule: Option<RuleRequest>,
    dry_run: bool,
}

#[derive(Debug, Deserialize, Default)]
struct ReminderRequest {
    days_before: Option<u32>,
}

fn hearing_id(c: &Caller, raw: &str) -> Result<HearingId, ApiError> {
    raw.parse().map_err(|_| ApiError::not_found(c.lang))
}

fn list(l: &HearingList) -> Value {
    let parties: Vec<Value> = l
        .parties
        .iter()
        .map(|p| {
            let mut v = json!({ "name": p.name });
            if l.tracked {
                v["organisation_id"] = json!(p.organisation.map(|o| o.to_string()));
                v["email"] = json!(p.email);
                v["invited_at"] = json!(p.invited_at.map(time));
                v["reminded_at"] = json!(p.reminded_at.map(time));
                v["responded"] = json!(p.responded);
            }
            v
        })
        .collect();
    let mut v = json!({ "items": parties });
    if l.tracked {
        v["reminder_days_before"] = json!(l.reminder_days_before);
    }
    v
}

fn count(c: &InviteCount, sent: bool) -> Value {
    json!({
        "invited": c.invited,
        "already_invited": c.already_invited,
        "without_email": c.without_email,
        "sent": sent,
    })
}

/// `GET /api/v1/hearings/{id}/hearing-list`
pub async fn get(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = hearing_id(&c, &id)?;
    let l = s
        .store
        .hearing_list(id, c.account.as_ref(), s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    Ok(Json(list(&l)).into_response())
}

fn invitees(c: &Caller, req: InviteRequest) -> Result<Invitees, ApiError> {
    let mut errors = Vec::new();
    let mut who = Invitees::default();
    for (i, raw) in req.organisations.iter().enumerate() {
        match raw.parse::<OrganisationId>() {
            Ok(o) => who.organisations.push(o),
            Err(_) => {
                return Err(ApiError::bad_json(
                    c.lang,
                    format!("organisations[{i}] is not an organisation id"),
                ));
            }
        }
    }
    for (i, raw) in req.emails.iter().enumerate() {
        match email(raw) {
            Ok(e) if !who.emails.contains(&e) => who.emails.push(e),
            Ok(_) => {}
            Err(p) => errors.push(FieldError::new(format!("emails[{i}]"), p)),
        }
    }
    if let Some(r) = req.rule {
        match InviteRule::parse(&r.sections, &r.size_classes, &r.areas) {
            Ok(rule) => who.rule = Some(rule),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(who)
    } else {
        Err(ApiError::invalid(c.lang, &errors))
    }
}

/// `POST /api/v1/hearings/{id}/invitations` (staff): invite, or with
/// `dry_run` only count.
pub async fn invite(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let id = hearing_id(&c, &id)?;
    let req: InviteRequest =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::bad_json(c.lang, e.to_string()))?;
    let dry_run = req.dry_run;
    let who = invitees(&c, req)?;
    let now = s.clock.now();
    let result = if dry_run {
        s.store.preview_invitations(account, id, &who, now).await
    } else {
        s.store.invite(account, id, &who, now).await
    };
    let n = result.map_err(|e| ApiError::from_store(c.lang, e))?;
    Ok(Json(count(&n, !dry_run)).into_response())
}

/// `PUT /api/v1/hearings/{id}/reminder` (staff): `{"days_before": n}` or
/// `{"days_before": null}` for no reminder.
pub async fn reminder(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let id = hearing_id(&c, &id)?;
    let req: ReminderRequest =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::bad_json(c.lang, e.to_string()))?;
    s.store
        .set_reminder(account, id, req.days_before, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    Ok(Json(json!({ "reminder_days_before": req.days_before })).into_response())
}
