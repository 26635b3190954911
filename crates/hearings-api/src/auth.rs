//! Bearer tokens: JWT (HS256 pinned), with `exp`, `iss` and `aud` checked,
//! valid for 15 minutes. The account is loaded on each call, so a deleted
//! account's token stops working, and so does a token issued before the
//! account signed out everywhere or reset its password (its `gen` claim is
//! older than the account's token generation).

use axum::extract::FromRequestParts;
use axum::http::header::{ACCEPT_LANGUAGE, AUTHORIZATION};
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use hearings_core::UserId;
use hearings_i18n::Lang;
use hearings_store::Account;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::{ApiError, ApiState};

/// How long a token lives, in seconds.
pub const TOKEN_LIFETIME: i64 = 15 * 60;
const ISSUER: &str = "hearings";
const AUDIENCE: &str = "hearings-api";

/// The keys that sign and check tokens.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKeys(..)")
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    iss: String,
    aud: String,
    iat: i64,
    exp: i64,
    /// The account's token generation when issued (see `Account::token_generation`).
    #[serde(default, rename = "gen")]
    generation: i32,
}

impl TokenKeys {
    /// Keys from a shared secret.
    pub fn new(secret: &[u8]) -> Result<Self, jsonwebtoken::errors::Error> {
        Ok(Self {
            encoding: EncodingKey::from_secret(secret)?,
            decoding: DecodingKey::from_secret(secret)?,
        })
    }

    /// A token for a user of token generation `generation`, issued at `now`.
    pub fn issue(
        &self,
        user: UserId,
        generation: i32,
        now: DateTime<Utc>,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let claims = Claims {
            generation,
            sub: user.to_string(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: now.timestamp(),
            exp: now.timestamp() + TOKEN_LIFETIME,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    /// The user of a valid token at `now`, and the token generation it was issued for.
    pub fn check(&self, token: &str, now: DateTime<Utc>) -> Option<(UserId, i32)> {
        let mut v = Validation::new(Algorithm::HS256);
        v.set_issuer(&[ISSUER]);
        v.set_audience(&[AUDIENCE]);
        v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        // Expiry is checked against the server's clock below, not the system's.
        v.validate_exp = false;
        v.leeway = 0;
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &v).ok()?;
        if data.claims.exp <= now.timestamp() {
            return None;
        }
        Some((data.claims.sub.parse().ok()?, data.claims.generation))
    }
}

/// The caller's language and account (if a valid token came).
pub struct Caller {
    /// Language from `Accept-Language`.
    pub lang: Lang,
    /// The account.
    pub account: Option<Account>,
}

impl Caller {
    /// The account, or 401.
    pub fn require(&self) -> Result<&Account, ApiError> {
        self.account
            .as_ref()
            .ok_or_else(|| ApiError::unauthorized(self.lang))
    }

    /// A member of staff: 401 without an account, 403 for any other role.
    pub fn require_staff(&self) -> Result<&Account, ApiError> {
        let account = self.require()?;
        if account.role.manages_hearings() {
            Ok(account)
        } else {
            Err(ApiError::forbidden(self.lang))
        }
    }
}

impl FromRequestParts<ApiState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ApiState,
    ) -> Result<Self, Self::Rejection> {
        let lang = parts
            .headers
            .get(ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Lang::from_accept_language)
            .unwrap_or_default();
        let Some(header) = parts.headers.get(AUTHORIZATION) else {
            return Ok(Caller {
                lang,
                account: None,
            });
        };
        let token = header
            .to_str()
            .ok()
            .and_then(|h| {
                h.strip_prefix("Bearer ")
                    .or_else(|| h.strip_prefix("bearer "))
            })
            .ok_or_else(|| ApiError::unauthorized(lang))?;
        let (user, generation) = state
            .keys
            .check(token.trim(), state.clock.now())
            .ok_or_else(|| ApiError::unauthorized(lang))?;
        let account = match state.store.account(user).await {
            Ok(a) => a,
            Err(hearings_store::StoreError::NotFound) => return Err(ApiError::unauthorized(lang)),
            Err(e) => return Err(ApiError::from_store(lang, e)),
        };
        // "Sign out everywhere" and a password reset raise the generation:
        // tokens issued before stop working.
        if generation != account.token_generation {
            return Err(ApiError::unauthorized(lang));
        }
        Ok(Caller {
            lang,
            account: Some(account),
        })
    }
}
