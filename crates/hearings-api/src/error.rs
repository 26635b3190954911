//! Errors as `application/problem+json` (RFC 9457), in the caller's language.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hearings_core::input::FieldError;
use hearings_i18n::Lang;
use hearings_store::StoreError;
use serde_json::json;

/// The problem type of a submission refused until the respondent's e-mail
/// address is confirmed (403).
pub const EMAIL_UNVERIFIED: &str = "https://hearings.glostrup.example/problems/email-unverified";

/// The problem type of a one-time link (token) that is unknown, used or expired (400).
pub const LINK_INVALID: &str = "https://hearings.glostrup.example/problems/link-invalid";

/// The problem type of a change of an organisation's membership that its
/// rules refuse, e.g. removing its last administrator (409).
pub const MEMBERSHIP_REFUSED: &str =
    "https://hearings.glostrup.example/problems/membership-refused";

/// A failed API call.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    /// The problem type: `about:blank` unless a problem has its own.
    kind: &'static str,
    title: String,
    detail: Option<String>,
    errors: Vec<(String, String)>,
}

impl ApiError {
    /// A problem with a status, a title and an optional detail.
    pub fn new(status: StatusCode, title: impl Into<String>, detail: Option<String>) -> Self {
        Self {
            status,
            kind: "about:blank",
            title: title.into(),
            detail,
            errors: vec![],
        }
    }

    /// 401.
    pub fn unauthorized(lang: Lang) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            lang.t("page.signin_required"),
            None,
        )
    }

    /// 401 for a failed sign-in.
    pub fn bad_credentials(lang: Lang) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, lang.t("signin.failed"), None)
    }

    /// 403.
    pub fn forbidden(lang: Lang) -> Self {
        Self::new(StatusCode::FORBIDDEN, lang.t("page.forbidden"), None)
    }

    /// 404.
    pub fn not_found(lang: Lang) -> Self {
        Self::new(StatusCode::NOT_FOUND, lang.t("page.not_found"), None)
    }

    /// 400 for a body that is not the JSON expected.
    pub fn bad_json(lang: Lang, why: String) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            lang.t("page.error_title"),
            Some(why),
        )
    }

    /// 413 for a body over the route's limit (a file far too large).
    pub fn too_large(lang: Lang) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            lang.t("page.too_large"),
            None,
        )
    }

    /// 422 with the problems field by field.
    pub fn invalid(lang: Lang, errors: &[FieldError]) -> Self {
        let detail = errors
            .iter()
            .map(|e| format!("{}: {}", e.field, lang.problem(&e.problem)))
            .collect::<Vec<_>>()
            .join("; ");
        Self {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            kind: "about:blank",
            title: lang.t("errors.summary_title").into(),
            detail: Some(detail),
            errors: errors
                .iter()
                .map(|e| (e.field.clone(), lang.problem(&e.problem)))
                .collect(),
        }
    }

    /// Maps a store error.
    pub fn from_store(lang: Lang, e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::not_found(lang),
            StoreError::Forbidden => Self::forbidden(lang),
            StoreError::Invalid(errors) => Self::invalid(lang, &errors),
            StoreError::NotOpen {
                state,
                opens_at,
                closes_at,
            } => Self::new(
                StatusCode::CONFLICT,
                lang.t("err.not_open"),
                Some(lang.not_open(state, opens_at, closes_at)),
            ),
            StoreError::Transition(_) => {
                Self::new(StatusCode::CONFLICT, lang.t("err.transition"), None)
            }
            StoreError::InUse => Self::new(StatusCode::CONFLICT, lang.t("err.in_use"), None),
            StoreError::EmailUnverified => {
                let mut p = Self::new(StatusCode::FORBIDDEN, lang.t("err.email_unverified"), None);
                p.kind = EMAIL_UNVERIFIED;
                p
            }
            StoreError::Link(e) => {
                let mut p = Self::new(StatusCode::BAD_REQUEST, lang.link_problem(e), None);
                p.kind = LINK_INVALID;
                p
            }
            StoreError::Membership(e) => {
                let mut p = Self::new(StatusCode::CONFLICT, lang.membership_problem(e), None);
                p.kind = MEMBERSHIP_REFUSED;
                p
            }
            StoreError::Internal(cause) => {
                tracing::error!(%cause, "api call failed");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    lang.t("page.error"),
                    None,
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({
            "type": self.kind,
            "title": self.title,
            "status": self.status.as_u16(),
        });
        if let Some(d) = self.detail {
            body["detail"] = json!(d);
        }
        if !self.errors.is_empty() {
            body["errors"] = self
                .errors
                .into_iter()
                .map(|(field, message)| json!({"field": field, "message": message}))
                .collect();
        }
        let mut res = (self.status, body.to_string()).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        res
    }
}
