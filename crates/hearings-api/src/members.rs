//! The caller's organisation through the API: its profile, its members,
//! the requests to join it and the invitations by e-mail; and joining an
//! organisation with an invitation's token. The same rules as the pages:
//! members read, administrators change; ids of another organisation are
//! not found.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, SecondsFormat, Utc};
use hearings_core::input::RawOrganisation;
use hearings_core::membership::JoinOutcome;
use hearings_core::profile::RawProfile;
use hearings_core::{MemberRole, UserId};
use hearings_i18n::Lang;
use hearings_store::{
    Account, JoinRequest, Member, MemberInvitation, OrganisationProfile, StoreError,
};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::Caller;
use crate::dto::IndustryDto;
use crate::{ApiError, ApiState};

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn body<T: serde::de::DeserializeOwned>(lang: Lang, bytes: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| ApiError::bad_json(lang, e.to_string()))
}

fn store_err(lang: Lang) -> impl Fn(StoreError) -> ApiError {
    move |e| ApiError::from_store(lang, e)
}

fn id<T: std::str::FromStr>(lang: Lang, raw: &str) -> Result<T, ApiError> {
    raw.parse().map_err(|_| ApiError::not_found(lang))
}

/// The account, or 401; 403 for staff, politicians and administrators,
/// who have no organisation.
fn respondent(c: &Caller) -> Result<&Account, ApiError> {
    let a = c.require()?;
    if a.role.responds() {
        Ok(a)
    } else {
        Err(ApiError::forbidden(c.lang))
    }
}

pub(crate) fn profile_json(p: &OrganisationProfile, my_role: Option<MemberRole>) -> Value {
    json!({
        "id": p.id.to_string(),
        "cvr": p.cvr,
        "cvr_fixed": p.cvr.is_some(),
        "name": p.name,
        "industry": {
            "classification": p.classification,
            "code": p.industry_code,
            "section": p.industry_section,
        },
        "size_class": p.size_class.as_str(),
        "address": {
            "street": p.address.street,
            "postcode": p.address.postcode,
            "town": p.address.town,
        },
        "area": p.area,
        "respondent_type": p.respondent_type.as_str(),
        "my_role": my_role.map(|r| r.as_str()),
    })
}

fn member_json(m: &Member) -> Value {
    json!({
        "id": m.id.to_string(),
        "name": m.name,
        "email": m.email,
        "role": m.role.as_str(),
        "email_verified": m.email_verified,
    })
}

fn request_json(r: &JoinRequest) -> Value {
    json!({
        "id": r.id.to_string(),
        "user_id": r.user.to_string(),
        "name": r.name,
        "email": r.email,
        "email_verified": r.email_verified,
        "requested_at": time(r.requested_at),
    })
}

fn invitation_json(i: &MemberInvitation) -> Value {
    json!({
        "id": i.id.to_string(),
        "email": i.email,
        "invited_by": i.invited_by,
        "created_at": time(i.created_at),
        "expires_at": time(i.expires_at),
    })
}

/// `GET /api/v1/organisation`: the caller's organisation's profile, with
/// the caller's role in it; 404 for an account without an organisation.
pub async fn get(State(s): State<ApiState>, c: Caller) -> Result<Response, ApiError> {
    let a = respondent(&c)?;
    let p = s
        .store
        .organisation_profile(a)
        .await
        .map_err(store_err(c.lang))?;
    Ok(Json(profile_json(&p, a.organisation_role)).into_response())
}

/// The address of a profile.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct AddressDto {
    street: Option<String>,
    postcode: Option<String>,
    town: Option<String>,
}

/// `PUT /api/v1/organisation`
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ProfileRequest {
    cvr: Option<String>,
    name: String,
    industry: IndustryDto,
    size_class: String,
    address: AddressDto,
    area: String,
    respondent_type: String,
}

/// `PUT /api/v1/organisation` (administrators): saves the profile; the CVR
/// number may be left out, and once set it cannot change.
pub async fn put(State(s): State<ApiState>, c: Caller, bytes: Bytes) -> Result<Response, ApiError> {
    let a = respondent(&c)?;
    let req: ProfileRequest = body(c.lang, &bytes)?;
    let raw = RawProfile {
        organisation: RawOrganisation {
            cvr: req.cvr.unwrap_or_default(),
            name: req.name,
            classification: req.industry.classification,
            industry_code: req.industry.code,
            size_class: req.size_class,
            area: req.area,
            respondent_type: req.respondent_type,
        },
        street: req.address.street.unwrap_or_default(),
        postcode: req.address.postcode.unwrap_or_default(),
        town: req.address.town.unwrap_or_default(),
    };
    // The role is checked before the input, so a member learns nothing from it.
    if a.organisation.is_some() && a.organisation_role != Some(MemberRole::Admin) {
        return Err(ApiError::forbidden(c.lang));
    }
    let update = raw.parse().map_err(|e| ApiError::invalid(c.lang, &e))?;
    let p = s
        .store
        .update_organisation(a, update, s.clock.now())
        .await
        .map_err(store_err(c.lang))?;
    Ok(Json(profile_json(&p, a.organisation_role)).into_response())
}

/// `GET /api/v1/organisation/members`
pub async fn members(State(s): State<ApiState>, c: Caller) -> Result<Response, ApiError> {
    let a = respondent(&c)?;
    let members = s.store.members(a).await.map_err(store_err(c.lang))?;
    Ok(Json(json!({"items": members.iter().map(member_json).collect::<Vec<_>>()})).into_response())
}

/// `{"role"}`
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct RoleRequest {
    role: String,
}

/// `PUT /api/v1/organisation/members/{id}/role` (administrators).
pub async fn set_role(
    State(s): State<ApiState>,
    c: Caller,
    Path(member): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let a = respondent(&c)?;
    let member: UserId = id(c.lang, &member)?;
    let req: RoleRequest = body(c.lang, &bytes)?;
    let role = MemberRole::parse(&req.role).map_err(|e| {
        ApiError::invalid(c.lang, &[hearings_core::input::FieldError::new("role", e)])
    })?;
    let m = s
        .store
        .set_member_role(a, member, role)
        .await
        .map_err(store_err(c.lang))?;
    Ok(Json(member_json(&m)).into_response())
}

/// `DELETE /api/v1/organisation/members/{id}` (administrators) → 204.
pub async fn remove(
    State(s): State<ApiState>,
    c: Caller,
    Path(member): Path<String>,
) -> Result<Response, ApiError> {
    let a = respondent(&c)?;
    let member: UserId = id(c.lang, &member)?;
    s.store
        .remove_member(a, member)
        .await
        .map_err(store_err(c.lang))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /api/v1/organisation/join-requests` (administrators).
pub async fn requests(State(s): State<ApiState>, c: Caller) -> Result<Response, ApiError> {
    let a = respondent(&c)?;
    let rows = s.store.join_requests(a).await.map_err(store_err(c.lang))?;
    Ok(Json(json!({"items": rows.iter().map(request_json).collect::<Vec<_>>()})).into_response())
}

async fn decide(
    s: ApiState,
    c: Caller,
    request: String,
    outcome: JoinOutcome,
) -> Result<Response, ApiError> {
    let a = respondent(&c)?;
    let request = id(c.lang, &request)?;
    let member = s
        .store
        .decide_join_request(a, request, outcome, s.clock.now())
        .await
        .map_err(store_err(c.lang))?;
    Ok(match member {
        Some(m) => Json(member_json(&m)).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    })
}

/// `POST /api/v1/organisation/join-requests/{id}/accept` → 200 with the new member.
pub async fn accept(
    State(s): State<ApiState>,
    c: Caller,
    Path(request): Path<String>,
) -> Result<Response, ApiError> {
    decide(s, c, request, JoinOutcome::Accepted).await
}

/// `POST /api/v1/organisation/join-requests/{id}/refuse` → 204.
pub async fn refuse(
    State(s): State<ApiState>,
    c: Caller,
    Path(request): Path<String>,
) -> Result<Response, ApiError> {
    decide(s, c, request, JoinOutcome::Refused).await
}

/// `GET /api/v1/organisation/invitations` (administrators): those that still work.
pub async fn invitations(State(s): State<ApiState>, c: Caller) -> Result<Response, ApiError> {
    let a = respondent(&c)?;
    let rows = s
        .store
        .member_invitations(a, s.clock.now())
        .await
        .map_err(store_err(c.lang))?;
    Ok(
        Json(json!({"items": rows.iter().map(invitation_json).collect::<Vec<_>>()}))
            .into_response(),
    )
}

/// `{"email"}`
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct InviteRequest {
    email: String,
}

/// `POST /api/v1/organisation/invitations` (administrators) → 201.
pub async fn invite(
    State(s): State<ApiState>,
    c: Caller,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let a = respondent(&c)?;
    let req: InviteRequest = body(c.lang, &bytes)?;
    let i = s
        .store
        .invite_member(a, &req.email, s.clock.now())
        .await
        .map_err(store_err(c.lang))?;
    Ok((StatusCode::CREATED, Json(invitation_json(&i))).into_response())
}

/// `DELETE /api/v1/organisation/invitations/{id}` (administrators) → 204.
pub async fn revoke(
    State(s): State<ApiState>,
    c: Caller,
    Path(invitation): Path<String>,
) -> Result<Response, ApiError> {
    let a = respondent(&c)?;
    let invitation = id(c.lang, &invitation)?;
    s.store
        .revoke_invitation(a, invitation, s.clock.now())
        .await
        .map_err(store_err(c.lang))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `{"token"}`
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct AcceptRequest {
    token: String,
}

/// The organisation part of an account, as `/me` shows it.
pub(crate) fn organisation_of(a: &Account) -> Value {
    json!({
        "organisation": a.organisation.map(|o| json!({"id": o.to_string(), "name": a.organisation_name})),
        "organisation_role": a.organisation_role.map(|r| r.as_str()),
        "join_request": a.join_request.as_ref().map(|j| json!({
            "id": j.id.to_string(),
            "organisation_name": j.organisation_name,
            "requested_at": time(j.requested_at),
        })),
    })
}

/// `POST /api/v1/invitations/accept` (signed in, no organisation, the
/// invited address) → 200 with the organisation joined.
pub async fn accept_invitation(
    State(s): State<ApiState>,
    c: Caller,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let a = c.require()?;
    let req: AcceptRequest = body(c.lang, &bytes)?;
    let joined = s
        .store
        .accept_invitation(a, &req.token, s.clock.now())
        .await
        .map_err(store_err(c.lang))?;
    Ok(Json(organisation_of(&joined)).into_response())
}

/// `{"token", "name", "password"}`
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct InvitedRegistration {
    token: String,
    name: String,
    password: String,
}

/// `POST /api/v1/invitations/register` → 201: a new account with the
/// invited address, a member of the organisation at once.
pub async fn register(
    State(s): State<ApiState>,
    c: Caller,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let req: InvitedRegistration = body(c.lang, &bytes)?;
    let a = s
        .store
        .register_with_invitation(&req.token, &req.name, &req.password, s.clock.now())
        .await
        .map_err(store_err(c.lang))?;
    let mut out = json!({
        "id": a.id.to_string(),
        "email": a.email,
        "email_verified": a.email_verified,
        "name": a.name,
        "role": a.role.as_str(),
    });
    if let (Some(map), Value::Object(org)) = (out.as_object_mut(), organisation_of(&a)) {
        map.extend(org);
    }
    Ok((StatusCode::CREATED, Json(out)).into_response())
}
