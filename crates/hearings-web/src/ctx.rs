//! Per-request context: language, the signed-in account, the CSRF token;
//! and the form extractor that refuses a POST without a valid token.

use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use axum::http::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
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

/// A file sent with a `multipart/form-data` form.
#[derive(Debug, Clone)]
pub struct UploadedFile {
    /// The form field it came in.
    pub field: String,
    /// The name the browser gave (not trusted: only shown, after cleaning).
    pub filename: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// A submitted form whose CSRF token has been checked. Fields keep their
/// order and repeats (a multiple choice sends one field per choice). A
/// `multipart/form-data` form (one that sends files) gives its text fields
/// the same way and its files in `files`; a file input left empty sends
/// nothing.
#[derive(Debug)]
pub struct CsrfForm(pub Vec<(String, String)>, pub Vec<UploadedFile>);

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

    /// The file sent in a field, if one was chosen.
    pub fn file(&self, name: &str) -> Option<&UploadedFile> {
        self.1.iter().find(|f| f.field == name)
    }

    /// Every file sent in a field (a file input with `multiple`).
    pub fn files(&self, name: &str) -> impl Iterator<Item = &UploadedFile> {
        self.1.iter().filter(move |f| f.field == name)
    }

    /// The fields as typed, without the CSRF token, to show the form again.
    pub fn values(&self) -> Vec<(String, String)> {
        self.0
            .iter()
            .filter(|(k, _)| k != "csrf")
            .cloned()
            .collect()
    }
}

/// Reads a `multipart/form-data` body into text fields and files.
async fn read_multipart(
    req: Request,
    state: &WebState,
) -> Result<(Vec<(String, String)>, Vec<UploadedFile>), MultipartRejectionKind> {
    let mut multipart = Multipart::from_request(req, state)
        .await
        .map_err(|_| MultipartRejectionKind::Bad)?;
    let mut fields = Vec::new();
    let mut files = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(MultipartRejectionKind::TooLarge);
            }
            Err(_) => return Err(MultipartRejectionKind::Bad),
        };
        let name = field.name().unwrap_or_default().to_string();
        let filename = field.file_name().map(str::to_string);
        let bytes = match field.bytes().await {
            Ok(b) => b,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(MultipartRejectionKind::TooLarge);
            }
            Err(_) => return Err(MultipartRejectionKind::Bad),
        };
        match filename {
            // A file input left empty sends a part with no name and no bytes.
            Some(filename) if filename.is_empty() && bytes.is_empty() => {}
            Some(filename) => files.push(UploadedFile {
                field: name,
                filename,
                bytes: bytes.to_vec(),
            }),
            None => fields.push((name, String::from_utf8_lossy(&bytes).into_owned())),
        }
    }
    Ok((fields, files))
}

enum MultipartRejectionKind {
    Bad,
    TooLarge,
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
        let multipart = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        let (fields, files) = if multipart {
            read_multipart(req, state).await.map_err(|e| match e {
                MultipartRejectionKind::TooLarge => PageError::too_large(lang),
                MultipartRejectionKind::Bad => PageError::bad_form(lang),
            })?
        } else {
            let Form(fields) = Form::<Vec<(String, String)>>::from_request(req, state)
                .await
                .map_err(|e| {
                    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        PageError::too_large(lang)
                    } else {
                        PageError::bad_form(lang)
                    }
                })?;
            (fields, Vec::new())
        };
        let sent = fields
            .iter()
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v.as_str())
            .unwrap_or_default();
        let expected = state.csrf_token_for(&seed);
        if seed.is_empty() || !constant_time_eq(sent.as_bytes(), expected.as_bytes()) {
            return Err(PageError::csrf(lang));
        }
        Ok(CsrfForm(fields, files))
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
