//! Campaigns and key terms through the API, with the same rules as the
//! pages: staff find, confirm and split campaigns; politicians and
//! administrators read; respondents are refused.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use hearings_core::{CampaignId, HearingId, QuestionId, ResponseId, ThemeId};
use hearings_store::{CampaignView, SplitOutcome, TermScope};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::Caller;
use crate::dto::time;
use crate::{ApiError, ApiState};

fn id<T: std::str::FromStr>(c: &Caller, raw: &str) -> Result<T, ApiError> {
    raw.trim().parse().map_err(|_| ApiError::not_found(c.lang))
}

fn err(c: &Caller) -> impl Fn(hearings_store::StoreError) -> ApiError + '_ {
    move |e| ApiError::from_store(c.lang, e)
}

pub(crate) fn campaign_json(x: &CampaignView) -> Value {
    json!({
        "id": x.id.to_string(),
        "hearing_id": x.hearing.to_string(),
        "shared_text": x.shared_text,
        "count": x.count(),
        "confirmed": x.confirmed,
        "created_at": time(x.created_at),
        "confirmed_at": x.confirmed_at.map(time),
        "members": x.members.iter().map(|m| json!({
            "response_id": m.response.to_string(),
            "reference": m.reference,
            "organisation": m.organisation,
        })).collect::<Vec<_>>(),
    })
}

async fn list(s: &ApiState, c: &Caller, hearing: HearingId) -> Result<Response, ApiError> {
    let account = c.require()?;
    let items = s
        .store
        .campaigns_of(account, hearing)
        .await
        .map_err(err(c))?;
    Ok(Json(json!({"items": items.iter().map(campaign_json).collect::<Vec<_>>()})).into_response())
}

/// `GET /api/v1/hearings/{id}/campaigns`
pub async fn campaigns(
    State(s): State<ApiState>,
    c: Caller,
    Path(hearing): Path<String>,
) -> Result<Response, ApiError> {
    let hearing: HearingId = id(&c, &hearing)?;
    list(&s, &c, hearing).await
}

/// `POST /api/v1/hearings/{id}/campaigns/detect` (staff): finds the
/// campaigns again and answers with the list.
pub async fn detect(
    State(s): State<ApiState>,
    c: Caller,
    Path(hearing): Path<String>,
) -> Result<Response, ApiError> {
    let account = c.require_staff()?;
    let hearing: HearingId = id(&c, &hearing)?;
    s.store
        .detect_campaigns(account, hearing, s.clock.now())
        .await
        .map_err(err(&c))?;
    list(&s, &c, hearing).await
}

/// `POST /api/v1/campaigns/{id}/confirm` (staff)
pub async fn confirm(
    State(s): State<ApiState>,
    c: Caller,
    Path(campaign): Path<String>,
) -> Result<Response, ApiError> {
    let account = c.require_staff()?;
    let campaign: CampaignId = id(&c, &campaign)?;
    s.store
        .confirm_campaign(account, campaign, s.clock.now())
        .await
        .map_err(err(&c))?;
    let x = s.store.campaign(account, campaign).await.map_err(err(&c))?;
    Ok(Json(campaign_json(&x)).into_response())
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct SplitRequest {
    response_ids: Vec<String>,
}

/// `POST /api/v1/campaigns/{id}/split` (staff): `{"response_ids": [...]}`
/// are taken out; answers with the campaign, or `{"dissolved": true}`.
pub async fn split(
    State(s): State<ApiState>,
    c: Caller,
    Path(campaign): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let account = c.require_staff()?;
    let campaign: CampaignId = id(&c, &campaign)?;
    let req: SplitRequest =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::bad_json(c.lang, e.to_string()))?;
    let mut out: Vec<ResponseId> = Vec::new();
    for raw in &req.response_ids {
        out.push(id(&c, raw)?);
    }
    match s
        .store
        .split_campaign(account, campaign, &out, s.clock.now())
        .await
        .map_err(err(&c))?
    {
        SplitOutcome::Kept { .. } => {
            let x = s.store.campaign(account, campaign).await.map_err(err(&c))?;
            let mut v = campaign_json(&x);
            v["dissolved"] = json!(false);
            Ok(Json(v).into_response())
        }
        SplitOutcome::Dissolved { hearing } => Ok(Json(json!({
            "id": campaign.to_string(),
            "hearing_id": hearing.to_string(),
            "dissolved": true,
        }))
        .into_response()),
    }
}

/// `?question=` or `?theme=` (neither: the whole hearing).
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ScopeQuery {
    question: String,
    theme: String,
}

fn scope(c: &Caller, q: &ScopeQuery) -> Result<TermScope, ApiError> {
    Ok(match (q.question.trim(), q.theme.trim()) {
        ("", "") => TermScope::Hearing,
        (raw, "") => TermScope::Question(id::<QuestionId>(c, raw)?),
        (_, raw) => TermScope::Theme(id::<ThemeId>(c, raw)?),
    })
}

/// `GET /api/v1/hearings/{id}/terms?question=|theme=`
pub async fn terms(
    State(s): State<ApiState>,
    c: Caller,
    Path(hearing): Path<String>,
    Query(q): Query<ScopeQuery>,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let hearing: HearingId = id(&c, &hearing)?;
    let scope = scope(&c, &q)?;
    let terms = s
        .store
        .key_terms(account, hearing, scope)
        .await
        .map_err(err(&c))?;
    Ok(Json(json!({"items": terms.iter().map(|t| json!({
        "term": t.word,
        "stem": t.stem,
        "responses": t.responses,
        "occurrences": t.occurrences,
        "score": t.score,
    })).collect::<Vec<_>>()}))
    .into_response())
}

/// `GET /api/v1/hearings/{id}/terms/{term}/responses?question=|theme=`
pub async fn term_responses(
    State(s): State<ApiState>,
    c: Caller,
    Path((hearing, term)): Path<(String, String)>,
    Query(q): Query<ScopeQuery>,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let hearing: HearingId = id(&c, &hearing)?;
    let scope = scope(&c, &q)?;
    let rows = s
        .store
        .responses_with_term(account, hearing, &term, scope)
        .await
        .map_err(err(&c))?;
    Ok(Json(json!({"items": rows.iter().map(|r| json!({
        "response_id": r.response.to_string(),
        "reference": r.reference,
        "organisation": r.organisation,
        "excerpt": r.excerpt,
    })).collect::<Vec<_>>()}))
    .into_response())
}
