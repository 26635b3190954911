//! The reference data through the API: the four lists for anyone (with
//! their retired entries flagged, and what uses each entry for
//! administrators), and the administrators' changes with the same rules as
//! the pages: add, rename, retire, restore, delete an unused entry.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hearings_core::reference::{RawReferenceEntry, ReferenceKey, ReferenceKind, ReferenceNames};
use hearings_i18n::Lang;
use hearings_store::{Account, ReferenceEntry, ReferenceOverview};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::Caller;
use crate::dto::time;
use crate::{ApiError, ApiState};

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct CreateRequest {
    code: String,
    classification: String,
    name_da: String,
    name_en: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct RenameRequest {
    name_da: String,
    name_en: String,
}

/// An entry as JSON: its kind, `key` (what the admin routes take), the
/// kind's own naming fields, both names, the name in the caller's
/// language, `retired`, `retired_at`, and `usage` when counted.
fn entry(lang: Lang, e: &ReferenceEntry) -> Value {
    let mut v = json!({
        "kind": e.key.kind().as_str(),
        "key": e.key.to_string(),
        "name_da": e.name_da,
        "name_en": e.name_en,
        "name": if lang == Lang::Da { &e.name_da } else { &e.name_en },
        "retired": e.retired_at.is_some(),
        "retired_at": e.retired_at.map(time),
    });
    match &e.key {
        ReferenceKey::Area(c) => v["code"] = json!(c.as_str()),
        ReferenceKey::Topic(c) => v["code"] = json!(c.as_str()),
        ReferenceKey::Committee(id) => v["id"] = json!(id.to_string()),
        ReferenceKey::Section(s) => {
            v["classification"] = json!(s.classification.as_str());
            v["section"] = json!(s.section.to_string());
        }
    }
    if let Some(u) = e.usage {
        v["usage"] = json!({
            "hearings": u.hearings,
            "organisations": u.organisations,
            "responses": u.responses,
            "in_use": u.in_use(),
        });
    }
    v
}

fn entries(lang: Lang, list: &[ReferenceEntry]) -> Vec<Value> {
    list.iter().map(|e| entry(lang, e)).collect()
}

fn kind(c: &Caller, raw: &str) -> Result<ReferenceKind, ApiError> {
    ReferenceKind::parse(raw).map_err(|_| ApiError::not_found(c.lang))
}

fn key(c: &Caller, kind: ReferenceKind, raw: &str) -> Result<ReferenceKey, ApiError> {
    ReferenceKey::parse(kind, raw).ok_or_else(|| ApiError::not_found(c.lang))
}

/// An administrator: 401 without an account, 403 for any other role.
fn admin(c: &Caller) -> Result<&Account, ApiError> {
    let account = c.require()?;
    if account.role.manages_reference_data() {
        Ok(account)
    } else {
        Err(ApiError::forbidden(c.lang))
    }
}

fn parse<T: serde::de::DeserializeOwned>(c: &Caller, bytes: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| ApiError::bad_json(c.lang, e.to_string()))
}

async fn overview(s: &ApiState, c: &Caller) -> Result<ReferenceOverview, ApiError> {
    s.store
        .reference_overview(c.account.as_ref())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))
}

/// `GET /api/v1/reference`: the four lists.
pub async fn all(State(s): State<ApiState>, c: Caller) -> Result<Response, ApiError> {
    let o = overview(&s, &c).await?;
    Ok(Json(json!({
        "areas": entries(c.lang, &o.areas),
        "committees": entries(c.lang, &o.committees),
        "topics": entries(c.lang, &o.topics),
        "sections": entries(c.lang, &o.sections),
    }))
    .into_response())
}

/// `GET /api/v1/reference/{kind}`: one list.
pub async fn list(
    State(s): State<ApiState>,
    c: Caller,
    Path(k): Path<String>,
) -> Result<Response, ApiError> {
    let k = kind(&c, &k)?;
    let o = overview(&s, &c).await?;
    Ok(Json(json!({ "items": entries(c.lang, o.of(k)) })).into_response())
}

/// `POST /api/v1/reference/{kind}` (administrators): 201 with the entry.
pub async fn create(
    State(s): State<ApiState>,
    c: Caller,
    Path(k): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let k = kind(&c, &k)?;
    let account = admin(&c)?;
    let req: CreateRequest = parse(&c, &bytes)?;
    let raw = RawReferenceEntry {
        code: req.code,
        classification: req.classification,
        name_da: req.name_da,
        name_en: req.name_en,
    };
    let new = raw.parse(k).map_err(|e| ApiError::invalid(c.lang, &e))?;
    let created = s
        .store
        .create_reference(account, new, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    Ok((StatusCode::CREATED, Json(entry(c.lang, &created))).into_response())
}

/// `PUT /api/v1/reference/{kind}/{key}` (administrators): new names.
pub async fn rename(
    State(s): State<ApiState>,
    c: Caller,
    Path((k, raw_key)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let k = kind(&c, &k)?;
    let account = admin(&c)?;
    let key = key(&c, k, &raw_key)?;
    let req: RenameRequest = parse(&c, &bytes)?;
    let names = ReferenceNames::parse(&req.name_da, &req.name_en)
        .map_err(|e| ApiError::invalid(c.lang, &e))?;
    let e = s
        .store
        .rename_reference(account, &key, names, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    Ok(Json(entry(c.lang, &e)).into_response())
}

/// `POST /api/v1/reference/{kind}/{key}/retire` (administrators).
pub async fn retire(
    State(s): State<ApiState>,
    c: Caller,
    Path((k, raw_key)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let k = kind(&c, &k)?;
    let account = admin(&c)?;
    let key = key(&c, k, &raw_key)?;
    let e = s
        .store
        .retire_reference(account, &key, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    Ok(Json(entry(c.lang, &e)).into_response())
}

/// `POST /api/v1/reference/{kind}/{key}/restore` (administrators).
pub async fn restore(
    State(s): State<ApiState>,
    c: Caller,
    Path((k, raw_key)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let k = kind(&c, &k)?;
    let account = admin(&c)?;
    let key = key(&c, k, &raw_key)?;
    let e = s
        .store
        .restore_reference(account, &key, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    Ok(Json(entry(c.lang, &e)).into_response())
}

/// `DELETE /api/v1/reference/{kind}/{key}` (administrators): 204, or 409
/// when something uses the entry.
pub async fn delete(
    State(s): State<ApiState>,
    c: Caller,
    Path((k, raw_key)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let k = kind(&c, &k)?;
    let account = admin(&c)?;
    let key = key(&c, k, &raw_key)?;
    s.store
        .delete_reference(account, &key, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
