//! Thin handlers: extract, convert, call one use case, answer.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use hearings_core::hearing_info::RawHearingInfo;
use hearings_core::input::{
    AnswerInput, FieldError, Problem, RawHearing, RawOrganisation, RawQuestion, RawRegistration,
    RawSection, Withdrawal,
};
use hearings_core::{HearingId, QuestionId, ResponseId};
use hearings_i18n::Lang;
use hearings_store::HearingFilter;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::auth::{Caller, TOKEN_LIFETIME};
use crate::dto::{
    self, NewHearingRequest, RegisterRequest, ResponseRequest, TokenRequest, WithdrawRequest,
};
use crate::{ApiError, ApiState, OPENAPI};

fn body<T: DeserializeOwned>(lang: Lang, bytes: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| ApiError::bad_json(lang, e.to_string()))
}

fn hearing_id(lang: Lang, raw: &str) -> Result<HearingId, ApiError> {
    raw.parse().map_err(|_| ApiError::not_found(lang))
}

fn store_err(lang: Lang) -> impl Fn(hearings_store::StoreError) -> ApiError {
    move |e| ApiError::from_store(lang, e)
}

/// `GET /api/openapi.json`
pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// Unknown API paths.
pub async fn not_found(c: Caller) -> ApiError {
    ApiError::not_found(c.lang)
}

/// `POST /api/v1/auth/token`
pub async fn token(
    State(s): State<ApiState>,
    c: Caller,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let req: TokenRequest = body(c.lang, &bytes)?;
    let account = s
        .store
        .authenticate(&req.email, &req.password)
        .await
        .map_err(store_err(c.lang))?;
    let Some(account) = account else {
        return Err(ApiError::bad_credentials(c.lang));
    };
    let token = s
        .keys
        .issue(account.id, account.token_generation, s.clock.now())
        .map_err(|e| {
            ApiError::from_store(c.lang, hearings_store::StoreError::Internal(e.to_string()))
        })?;
    Ok(
        Json(json!({"access_token": token, "token_type": "Bearer", "expires_in": TOKEN_LIFETIME}))
            .into_response(),
    )
}

/// `POST /api/v1/auth/register`
pub async fn register(
    State(s): State<ApiState>,
    c: Caller,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let req: RegisterRequest = body(c.lang, &bytes)?;
    let o = req.organisation;
    let raw = RawRegistration {
        name: req.name,
        email: req.email,
        password: req.password,
        organisation: RawOrganisation {
            cvr: o.cvr.unwrap_or_default(),
            name: o.name,
            classification: o.industry.classification,
            industry_code: o.industry.code,
            size_class: o.size_class,
            area: o.area,
            respondent_type: o.respondent_type,
        },
    };
    let reg = raw.parse().map_err(|e| ApiError::invalid(c.lang, &e))?;
    let account = s
        .store
        .sign_up(reg, s.clock.now())
        .await
        .map_err(store_err(c.lang))?;
    let mut body = json!({
        "id": account.id.to_string(),
        "email": account.email,
        "email_verified": account.email_verified,
        "name": account.name,
        "role": account.role.as_str(),
        "organisation": {"id": account.organisation.map(|o| o.to_string()), "name": account.organisation_name},
        "organisation_role": account.organisation_role.map(|r| r.as_str()),
    });
    // A registration with the CVR number of an organisation that has
    // members belongs to none yet: it asked to join that one.
    if let Some(j) = &account.join_request {
        body["organisation"] = Value::Null;
        body["join_request"] = json!({
            "id": j.id.to_string(),
            "organisation_name": j.organisation_name,
            "requested_at": j.requested_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        });
    }
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `GET /api/v1/me`
pub async fn me(c: Caller) -> Result<Response, ApiError> {
    let a = c.require()?;
    let mut body = json!({
        "id": a.id.to_string(),
        "email": a.email,
        "email_verified": a.email_verified,
        "name": a.name,
        "role": a.role.as_str(),
    });
    if let (Some(map), Value::Object(org)) =
        (body.as_object_mut(), crate::members::organisation_of(a))
    {
        map.extend(org);
    }
    Ok(Json(body).into_response())
}

/// `GET /api/v1/hearings`, optionally `?area=…&topic=…`
pub async fn list_hearings(
    State(s): State<ApiState>,
    c: Caller,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
    };
    let filter = HearingFilter {
        area: param("area"),
        topic: param("topic"),
    };
    let items = s
        .store
        .list_hearings_filtered(c.account.as_ref(), &filter, s.clock.now())
        .await
        .map_err(store_err(c.lang))?;
    let items: Vec<_> = items.iter().map(|h| dto::hearing_item(c.lang, h)).collect();
    Ok(Json(json!({ "items": items })).into_response())
}

/// `GET /api/v1/hearings/{id}`
pub async fn get_hearing(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = hearing_id(c.lang, &id)?;
    let d = s
        .store
        .hearing(id, c.account.as_ref(), s.clock.now())
        .await
        .map_err(store_err(c.lang))?;
    Ok(Json(dto::hearing_detail(c.lang, &d)).into_response())
}

fn moment(raw: Option<&str>) -> Result<Option<DateTime<Utc>>, Problem> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => DateTime::parse_from_rfc3339(s)
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|_| Problem::Timestamp),
    }
}

/// The raw hearing and particulars of a create or edit request.
fn raw_hearing(req: NewHearingRequest) -> (RawHearing, RawHearingInfo) {
    let info = req.info();
    let raw = RawHearing {
        title: req.title,
        summary: req.summary,
        kind: req.kind,
        opens_at: moment(req.opens_at.as_deref()).and_then(|t| t.ok_or(Problem::Required)),
        closes_at: moment(req.closes_at.as_deref()),
        area: req.area,
        sections: req
            .sections
            .into_iter()
            .map(|s| RawSection {
                heading: s.heading,
                body: s.body,
            })
            .collect(),
        questions: req
            .questions
            .into_iter()
            .map(|q| RawQuestion {
                kind: q.kind,
                prompt: q.prompt,
                required: q.required,
                options: q.options,
                unit: q.unit,
                help: q.help,
            })
            .collect(),
    };
    (raw, info)
}

/// `PUT /api/v1/hearings/{id}` (staff): edits a draft, or corrects a
/// published hearing (then `note` is required and the correction is shown
/// publicly). Answers with the hearing.
pub async fn update_hearing(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let account = c.require_staff()?;
    let id = hearing_id(c.lang, &id)?;
    let mut req: NewHearingRequest = body(c.lang, &bytes)?;
    let note = req.note.take().unwrap_or_default();
    let (raw, info) = raw_hearing(req);
    let new = raw
        .parse_with(&info)
        .map_err(|e| ApiError::invalid(c.lang, &e))?;
    let now = s.clock.now();
    s.store
        .edit_hearing(account, id, new, &note, now)
        .await
        .map_err(store_err(c.lang))?;
    let d = s
        .store
        .hearing(id, Some(account), now)
        .await
        .map_err(store_err(c.lang))?;
    Ok(Json(dto::hearing_detail(c.lang, &d)).into_response())
}

/// `POST /api/v1/hearings` (staff): keeps a draft.
pub async fn create_hearing(
    State(s): State<ApiState>,
    c: Caller,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let account = c.require_staff()?;
    let req: NewHearingRequest = body(c.lang, &bytes)?;
    let (raw, info) = raw_hearing(req);
    let new = raw
        .parse_with(&info)
        .map_err(|e| ApiError::invalid(c.lang, &e))?;
    let now = s.clock.now();
    let id = s
        .store
        .create_hearing(account, new, now)
        .await
        .map_err(store_err(c.lang))?;
    let d = s
        .store
        .hearing(id, Some(account), now)
        .await
        .map_err(store_err(c.lang))?;
    let mut res = (StatusCode::CREATED, Json(dto::hearing_detail(c.lang, &d))).into_response();
    if let Ok(v) = header::HeaderValue::from_str(&format!("/api/v1/hearings/{id}")) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    Ok(res)
}

/// `POST /api/v1/hearings/{id}/publish` (staff)
pub async fn publish(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let account = c.require_staff()?;
    let id = hearing_id(c.lang, &id)?;
    let now = s.clock.now();
    s.store
        .publish_hearing(account, id, now)
        .await
        .map_err(store_err(c.lang))?;
    let d = s
        .store
        .hearing(id, Some(account), now)
        .await
        .map_err(store_err(c.lang))?;
    Ok(Json(dto::hearing_detail(c.lang, &d)).into_response())
}

/// `POST /api/v1/hearings/{id}/withdraw` (staff): withdraws the hearing with
/// a public reason; 409 once it is decided.
pub async fn withdraw(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let account = c.require_staff()?;
    let id = hearing_id(c.lang, &id)?;
    let req: WithdrawRequest = body(c.lang, &bytes)?;
    let withdrawal = Withdrawal::parse(&req.reason).map_err(|e| ApiError::invalid(c.lang, &e))?;
    let now = s.clock.now();
    s.store
        .withdraw_hearing(account, id, withdrawal, now)
        .await
        .map_err(store_err(c.lang))?;
    let d = s
        .store
        .hearing(id, Some(account), now)
        .await
        .map_err(store_err(c.lang))?;
    Ok(Json(dto::hearing_detail(c.lang, &d)).into_response())
}

/// `POST /api/v1/hearings/{id}/responses` (respondent)
pub async fn submit(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    if !account.role.responds() {
        return Err(ApiError::forbidden(c.lang));
    }
    let id = hearing_id(c.lang, &id)?;
    let req: ResponseRequest = body(c.lang, &bytes)?;
    let mut answers = Vec::new();
    let mut bad = Vec::new();
    for (i, a) in req.answers.iter().enumerate() {
        match a.question_id.parse::<QuestionId>() {
            Ok(q) => answers.push((q, AnswerInput::Json(dto::raw_value(&a.value)))),
            Err(_) => bad.push(FieldError::new(
                format!("answers[{i}].question_id"),
                Problem::Required,
            )),
        }
    }
    if !bad.is_empty() {
        return Err(ApiError::invalid(c.lang, &bad));
    }
    // With an `Idempotency-Key`, a repeated call gives the receipt already issued.
    let key = headers
        .get("idempotency-key")
        .map(|v| v.to_str().unwrap_or("\u{0}").to_string());
    // With `If-Match`, only if the organisation's draft is at that version.
    let expect_draft = match headers.get(axum::http::header::IF_MATCH) {
        Some(v) => Some(crate::drafts::if_match(c.lang, v)?),
        None => None,
    };
    let parts = req.parts();
    let sub = hearings_store::Submission {
        stance: &req.stance,
        publication: &req.publication,
        answers: &answers,
        parts: &parts,
        expect_draft,
    };
    let now = s.clock.now();
    let receipt = s
        .store
        .submit_full(account, id, key.as_deref(), &sub, now)
        .await
        .map_err(|e| crate::drafts::precondition(c.lang, e))?;
    Ok((StatusCode::CREATED, Json(dto::receipt(&receipt))).into_response())
}

/// `GET /api/v1/responses/{id}`: the receipt, for the organisation and staff.
pub async fn receipt(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let id: ResponseId = id.parse().map_err(|_| ApiError::not_found(c.lang))?;
    let r = s
        .store
        .receipt(account, id)
        .await
        .map_err(store_err(c.lang))?;
    Ok(Json(dto::receipt(&r)).into_response())
}

/// `GET /api/v1/hearings/{id}/responses` (staff, politician)
pub async fn list_responses(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let id = hearing_id(c.lang, &id)?;
    let items = s
        .store
        .list_responses(account, id)
        .await
        .map_err(store_err(c.lang))?;
    Ok(
        Json(json!({"items": items.iter().map(dto::response_item).collect::<Vec<_>>()}))
            .into_response(),
    )
}

/// `GET /api/v1/hearings/{id}/summary` (staff, politician)
pub async fn summary(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let id = hearing_id(c.lang, &id)?;
    let sum = s
        .store
        .summary(account, id)
        .await
        .map_err(store_err(c.lang))?;
    Ok(Json(dto::summary(id, &sum)).into_response())
}

/// `GET /api/v1/briefing` (staff, politician, admin): the hearings with a
/// council meeting, grouped by meeting, with their headline figures.
pub async fn briefing(State(s): State<ApiState>, c: Caller) -> Result<Response, ApiError> {
    let account = c.require()?;
    let groups = s
        .store
        .briefing(account, s.clock.now())
        .await
        .map_err(store_err(c.lang))?;
    Ok(Json(dto::briefing(&groups)).into_response())
}
