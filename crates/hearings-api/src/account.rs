//! Account security through the API: confirming the e-mail address with
//! the token from the verification e-mail (and asking for a new one),
//! password reset by e-mail, and signing out everywhere.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hearings_i18n::Lang;
use serde::Deserialize;

use crate::auth::Caller;
use crate::{ApiError, ApiState};

/// `{"token"}`
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct TokenRequest {
    token: String,
}

/// `{"email"}`
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct EmailRequest {
    email: String,
}

/// `{"token", "password"}`
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ResetRequest {
    token: String,
    password: String,
}

fn body<T: serde::de::DeserializeOwned>(lang: Lang, bytes: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| ApiError::bad_json(lang, e.to_string()))
}

fn store_err(lang: Lang) -> impl Fn(hearings_store::StoreError) -> ApiError {
    move |e| ApiError::from_store(lang, e)
}

/// `POST /api/v1/auth/verify`: confirms the address of the token's account → 204.
pub async fn verify(
    State(s): State<ApiState>,
    c: Caller,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let req: TokenRequest = body(c.lang, &bytes)?;
    s.store
        .verify_email(&req.token, s.clock.now())
        .await
        .map_err(store_err(c.lang))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /api/v1/auth/verify/resend` (signed in): e-mails a new
/// verification link → 202 (also when the address is confirmed already).
pub async fn resend(State(s): State<ApiState>, c: Caller) -> Result<Response, ApiError> {
    let account = c.require()?;
    s.store
        .resend_verification(account, s.clock.now())
        .await
        .map_err(store_err(c.lang))?;
    Ok(StatusCode::ACCEPTED.into_response())
}

/// `POST /api/v1/auth/password-reset`: 202 whether or not the address has
/// an account, so nobody learns which addresses do.
pub async fn password_reset(
    State(s): State<ApiState>,
    c: Caller,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let req: EmailRequest = body(c.lang, &bytes)?;
    s.store
        .request_password_reset(&req.email, s.clock.now())
        .await
        .map_err(store_err(c.lang))?;
    Ok(StatusCode::ACCEPTED.into_response())
}

/// `POST /api/v1/auth/password-reset/confirm`: sets the new password → 204;
/// every session and API token of the account stops working.
pub async fn password_reset_confirm(
    State(s): State<ApiState>,
    c: Caller,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let req: ResetRequest = body(c.lang, &bytes)?;
    s.store
        .reset_password(&req.token, &req.password, s.clock.now())
        .await
        .map_err(store_err(c.lang))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /api/v1/auth/sign-out-everywhere` (signed in) → 204: ends every
/// session of the account and makes every token issued so far, this one
/// included, stop working.
pub async fn sign_out_everywhere(
    State(s): State<ApiState>,
    c: Caller,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    s.store
        .sign_out_everywhere(account)
        .await
        .map_err(store_err(c.lang))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
