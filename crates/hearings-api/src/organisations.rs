//! The organisation register through the API (staff).

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use hearings_core::register::RegisterQuery;
use hearings_store::{REGISTER_PAGE_SIZE, RegisterItem};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::Caller;
use crate::{ApiError, ApiState};

/// `?q=…&page=…`
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct RegisterParams {
    q: String,
    page: Option<u64>,
}

fn item(o: &RegisterItem) -> Value {
    json!({
        "id": o.id.to_string(),
        "cvr": o.cvr,
        "name": o.name,
        "industry": {
            "classification": o.classification,
            "code": o.industry_code,
            "section": o.industry_section,
        },
        "size_class": o.size_class.as_str(),
        "employees": o.employees,
        "area": o.area,
        "respondent_type": o.respondent_type.as_str(),
        "source": o.source.as_str(),
        "email": o.email,
        "address": o.address,
        "postcode": o.postcode,
    })
}

/// `GET /api/v1/organisations?q=&page=` (staff): the register by name,
/// 50 to a page; `q` is part of a name or the start of a CVR number.
pub async fn list(
    State(s): State<ApiState>,
    c: Caller,
    q: Result<Query<RegisterParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let account = c.require_staff()?;
    let Query(params) = q.map_err(|e| ApiError::bad_json(c.lang, e.body_text()))?;
    let page = s
        .store
        .search_register(account, &RegisterQuery::new(&params.q, params.page))
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    Ok(Json(json!({
        "items": page.items.iter().map(item).collect::<Vec<_>>(),
        "total": page.total,
        "page": page.page,
        "pages": page.pages,
        "page_size": REGISTER_PAGE_SIZE,
    }))
    .into_response())
}
