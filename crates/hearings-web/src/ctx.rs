//! Per-request context: language, the signed-in account, the CSRF token;
//! and the form extractor that refuses a POST without a valid token.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::{Form, extract::State};
use hearings_i18n::Lang;
use hearings_store::Account;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::WebState;
use crate::error::PageError;

/// The value of a cookie in the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

impl WebState {
    fn cookie_name(&self, base: &str) -> String {
        if self.secure_cookies {
            format!("__Host-{base}")
        } else {
            base.to_string()
        }
    }

    /// The session cookie's name (`__Host-` prefixed when served over https).
    pub fn session_cookie(&self) -> String {
        self.cookie_name("hearings_session")
    }

    fn csrf_cookie(&self) -> String {
        self.cookie_name("hearings_csrf")
    }

    /// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Path=/, and Secure over https.
    pub fn set_cookie(&self, name: &str, value: &str, max_age: Option<i64>) -> HeaderValue {
        let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
        if let Some(age) = max_age {
            c.push_str(&format!("; Max-Age={age}"));
        }
        if self.secure_cookies {
            c.push_str("; Secure");
        }
        HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    fn csrf_token_for(&self, cookie_value: &str) -> String {
        match Hmac::<Sha256>::new_from_slice(&self.csrf_key) {
            Ok(mut mac) => {
                mac.update(cookie_value.as_bytes());
                hex::encode(mac.finalize().into_bytes())
            }
            Err(_) => String::new(),
        }
    }
}

/// The CSRF cookie's value for this request (made by [`csrf_cookie_layer`] if missing).
#[derive(Clone, Debug)]
struct CsrfSeed(String);

/// Makes sure every visitor has a CSRF cookie, so every form can carry a token.
pub async fn csrf_cookie_layer(
    State(state): State<WebState>,
    mut req: Request,
    next: Next,
) -> Response {
    let name = state.csrf_cookie();
    let existing = cookie(req.headers(), &name)
        .filter(|v| v.len() == 64)
        .map(str::to_string);
    let (seed, fresh) = match existing {
        Some(v) => (v, false),
        None => (hearings_store::new_secret(), true),
    };
    req.extensions_mut().insert(CsrfSeed(seed.clone()));
    let mut res = next.run(req).await;
    if fresh {
        res.headers_mut()
            .append(SET_COOKIE, state.set_cookie(&name, &seed, None));
    }
    res
}

/// What every page needs to know about the request.
#[derive(Clone, Debug)]
pub struct Ctx {
    /// The user's language.
    pub lang: Lang,
    /// The signed-in account.
    pub account: Option<Account>,
    /// The token every form carries.
    pub csrf: String,
    /// The path and query of the page (for the language switch).
    pub path: String,
}

impl FromRequestParts<WebState> for Ctx {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &WebState,
    ) -> Result<Self, Self::Rejection> {
        // Danish unless the user chose English with the switch (remembered in a cookie).
        let lang = cookie(&parts.headers, "lang")
            .and_then(Lang::from_code)
            .unwrap_or_default();
        let account = match cookie(&parts.headers, &state.session_cookie()) {
            Some(token) => state
                .store
                .session_account(token, state.clock.now())
                .await
                .map_err(|e| PageError::from_store(lang, e))?,
            None => None,
        };
        let seed = parts
            .extensions
            .get::<CsrfSeed>()
            .map(|s| s.0.clone())
            .unwrap_or_default();
        let path = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/".into());
        Ok(Ctx {
            lang,
            account,
            csrf: state.csrf_token_for(&seed),
            path,
        })
    }
}

impl Ctx {
    /// The account, or a redirect to sign in.
    pub fn require_account(&self) -> Result<&Account, PageError> {
        self.account
            .as_ref()
            .ok_or_else(|| PageError::sign_in(self.lang, &self.path))
    }
}

/// A submitted form whose CSRF token has been checked. Fields keep their
/// order and repeats (a multiple choice sends one field per choice).
#[derive(Debug)]
pub struct CsrfForm(pub Vec<(String, String)>);

impl CsrfForm {
    /// The first value of a field, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    }

    /// Every value of a field.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

impl FromRequest<WebState> for CsrfForm {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &WebState) -> Result<Self, Self::Rejection> {
        let lang = cookie(req.headers(), "lang")
            .and_then(Lang::from_code)
            .unwrap_or_default();
        let seed = req
            .extensions()
            .get::<CsrfSeed>()
            .map(|s| s.0.clone())
            .unwrap_or_default();
        let Form(fields) = Form::<Vec<(String, String)>>::from_request(req, state)
            .await
            .map_err(|_| PageError::bad_form(lang))?;
        let sent = fields
            .iter()
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v.as_str())
            .unwrap_or_default();
        let expected = state.csrf_token_for(&seed);
        if seed.is_empty() || !constant_time_eq(sent.as_bytes(), expected.as_bytes()) {
            return Err(PageError::csrf(lang));
        }
        Ok(CsrfForm(fields))
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
