//! Errors of the pages, each rendered as a page in the user's language.
//! A 5xx never shows internal text; its cause is logged.

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use hearings_i18n::Lang;
use hearings_store::StoreError;

use crate::views::{ErrorPage, Layout};

/// Why a page could not be shown.
#[derive(Debug)]
pub struct PageError {
    status: StatusCode,
    lang: Lang,
    title: &'static str,
    message: String,
    redirect: Option<String>,
}

impl PageError {
    fn new(status: StatusCode, lang: Lang, title: &str, message: &str) -> Self {
        Self {
            status,
            lang,
            title: lang.t(title),
            message: lang.t(message).to_string(),
            redirect: None,
        }
    }

    /// Not found (also used for what the user may not know exists).
    pub fn not_found(lang: Lang) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            lang,
            "page.not_found_title",
            "page.not_found",
        )
    }

    /// Signed in, but not allowed.
    pub fn forbidden(lang: Lang) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            lang,
            "page.forbidden_title",
            "page.forbidden",
        )
    }

    /// Not signed in: go to the sign-in page and come back.
    pub fn sign_in(lang: Lang, back_to: &str) -> Self {
        let mut e = Self::new(
            StatusCode::SEE_OTHER,
            lang,
            "page.forbidden_title",
            "page.signin_required",
        );
        e.redirect = Some(format!("/signin?next={}", encode(back_to)));
        e
    }

    /// A form whose CSRF token is missing or wrong.
    pub fn csrf(lang: Lang) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            lang,
            "page.forbidden_title",
            "page.csrf",
        )
    }

    /// Signed in, but not allowed, for the reason under `message` (a key).
    pub fn forbidden_because(lang: Lang, message: &str) -> Self {
        Self::new(StatusCode::FORBIDDEN, lang, "page.forbidden_title", message)
    }

    /// A body that is not a form at all.
    pub fn bad_form(lang: Lang) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            lang,
            "page.error_title",
            "page.csrf",
        )
    }

    /// A body over the size limit (files too large for the form to be read).
    pub fn too_large(lang: Lang) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            lang,
            "page.error_title",
            "page.too_large",
        )
    }

    /// A link whose query does not read (e.g. a page cursor that was
    /// edited by hand); `message` is the key of the explanation.
    pub fn bad_link(lang: Lang, message: &str) -> Self {
        Self::new(StatusCode::BAD_REQUEST, lang, "page.error_title", message)
    }

    /// Something failed on our side.
    pub fn internal(lang: Lang) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            lang,
            "page.error_title",
            "page.error",
        )
    }

    /// Maps a store error that a page did not handle itself.
    pub fn from_store(lang: Lang, e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::not_found(lang),
            StoreError::Forbidden => Self::forbidden(lang),
            StoreError::NotOpen {
                state,
                opens_at,
                closes_at,
            } => {
                let mut p = Self::new(
                    StatusCode::CONFLICT,
                    lang,
                    "page.error_title",
                    "err.not_open",
                );
                p.message = lang.not_open(state, opens_at, closes_at);
                p
            }
            StoreError::Transition(_) => Self::new(
                StatusCode::CONFLICT,
                lang,
                "page.error_title",
                "err.transition",
            ),
            StoreError::Invalid(_) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                lang,
                "page.error_title",
                "page.error",
            ),
            StoreError::InUse => {
                Self::new(StatusCode::CONFLICT, lang, "page.error_title", "err.in_use")
            }
            StoreError::EmailUnverified => Self::new(
                StatusCode::FORBIDDEN,
                lang,
                "page.forbidden_title",
                "err.email_unverified",
            ),
            StoreError::Link(e) => {
                let mut p = Self::new(
                    StatusCode::BAD_REQUEST,
                    lang,
                    "verify.failed_title",
                    "account.link_unknown",
                );
                p.message = lang.link_problem(e).to_string();
                p
            }
            StoreError::Membership(e) => {
                let mut p = Self::new(
                    StatusCode::CONFLICT,
                    lang,
                    "page.error_title",
                    "err.last_admin",
                );
                p.message = lang.membership_problem(e).to_string();
                p
            }
            StoreError::Internal(cause) => {
                tracing::error!(%cause, "page failed");
                Self::internal(lang)
            }
        }
    }
}

/// Percent-encodes a path for a query parameter.
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if let Some(to) = self.redirect {
            return Redirect::to(&to).into_response();
        }
        let page = ErrorPage {
            l: Layout::bare(self.lang, self.title),
            message: self.message,
        };
        match page.render() {
            Ok(html) => (
                self.status,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                html,
            )
                .into_response(),
            Err(e) => {
                tracing::error!(error = %e, "error page failed to render");
                (StatusCode::INTERNAL_SERVER_ERROR, "error").into_response()
            }
        }
    }
}
