//! The HTML front door: pages and forms in Danish (the default) and
//! English, a server-side session in an HttpOnly cookie, a CSRF token on
//! every form, and role and object checks through the store's use cases.
//!
//! Every page works without JavaScript. This crate reaches data only
//! through `hearings-store` and knows nothing of the JSON API.

mod account;
mod admin;
mod analysis;
mod auth;
mod briefing;
mod campaigns;
mod ctx;
mod dashboard;
mod documents;
mod error;
mod exports;
mod hearing_list;
mod inquiries;
mod memo;
mod my_responses;
mod organisation;
mod organisations;
mod outcome;
mod pages;
mod reference;
mod respond;
mod response_page;
mod staff;
mod summary;
mod views;

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use hearings_core::time::Clock;
use hearings_i18n::Lang;
use hearings_store::Store;

pub use ctx::cookie;
pub use error::PageError;

/// The largest body of the form that attaches a hearing's document: the
/// document's own limit and room for the form's fields.
pub const DOCUMENT_BODY_LIMIT: usize = hearings_core::files::DOCUMENT_MAX_BYTES + 1024 * 1024;

/// The largest body of the response form: five files at their limit, and
/// room for the answers.
/// The memo form's body limit: the longest memo, each character
/// percent-encoded (a Danish letter is six bytes in a form).
pub const MEMO_BODY_LIMIT: usize = 10 * 1024 * 1024;

pub const RESPONSE_BODY_LIMIT: usize = 5 * hearings_core::files::UPLOAD_MAX_BYTES + 2 * 1024 * 1024;

/// What the pages need.
#[derive(Clone, Debug)]
pub struct WebState {
    /// The store.
    pub store: Store,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// Whether the public URL is https (cookies get `Secure` and `__Host-`).
    pub secure_cookies: bool,
    /// The key that signs CSRF tokens.
    pub csrf_key: Vec<u8>,
}

/// The pages' router.
pub fn router(state: WebState) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/hearings/{id}", get(pages::hearing))
        .route("/hearings/{id}/publish", post(staff::publish))
        .route(
            "/staff/hearings/{id}/edit",
            get(staff::edit_form).post(staff::edit),
        )
        .route("/hearings/{id}/withdraw", post(staff::withdraw))
        .route("/hearings/{id}/review", post(outcome::review))
        .route(
            "/hearings/{id}/memo",
            get(memo::page)
                .post(memo::save)
                .layer(DefaultBodyLimit::max(MEMO_BODY_LIMIT)),
        )
        .route("/hearings/{id}/memo/compose", post(memo::compose_page))
        .route("/hearings/{id}/memo/finalise", post(memo::finalise))
        .route("/hearings/{id}/memo/export/{format}", get(memo::export))
        .route("/hearings/{id}/decision", post(outcome::decide))
        .route("/staff/hearings/{id}/preview", get(respond::preview))
        .route(
            "/hearings/{id}/documents",
            post(documents::add).layer(DefaultBodyLimit::max(DOCUMENT_BODY_LIMIT)),
        )
        .route(
            "/hearings/{id}/documents/{doc}/remove",
            post(documents::remove),
        )
        .route("/documents/{id}", get(documents::get))
        .route("/files/{id}", get(documents::get_upload))
        .route("/admin/audit", get(admin::audit))
        .route("/admin/reference", get(reference::index))
        .route(
            "/admin/reference/{kind}",
            get(reference::kind).post(reference::create),
        )
        .route(
            "/admin/reference/{kind}/{key}/edit",
            get(reference::edit_form).post(reference::rename),
        )
        .route(
            "/admin/reference/{kind}/{key}/retire",
            post(reference::retire),
        )
        .route(
            "/admin/reference/{kind}/{key}/restore",
            post(reference::restore),
        )
        .route(
            "/admin/reference/{kind}/{key}/delete",
            post(reference::delete),
        )
        .route(
            "/hearings/{id}/respond",
            get(respond::form)
                .post(respond::submit)
                .layer(DefaultBodyLimit::max(RESPONSE_BODY_LIMIT)),
        )
        .route("/hearings/{id}/summary", get(summary::page))
        .route("/briefing", get(briefing::page))
        .route("/hearings/{id}/export/responses.xlsx", get(exports::xlsx))
        .route("/hearings/{id}/export/responses.csv", get(exports::csv))
        .route("/hearings/{id}/export/archive.zip", get(exports::archive))
        .route("/receipts/{id}", get(respond::receipt))
        .route(
            "/hearings/{id}/draft",
            post(respond::autosave).layer(DefaultBodyLimit::max(RESPONSE_BODY_LIMIT)),
        )
        .route("/responses", get(my_responses::page))
        .route("/responses/{id}", get(response_page::page))
        .route("/responses/{id}/outcome", get(outcome::page))
        .route("/responses/{id}/pdf", get(response_page::pdf))
        .route("/passages/{id}/decision", post(response_page::decide))
        .route("/hearings/{id}/analysis", get(analysis::workspace))
        .route("/hearings/{id}/analysis/bulk", post(analysis::bulk))
        .route("/hearings/{id}/themes", post(analysis::create_theme))
        .route("/hearings/{id}/campaigns", get(campaigns::page))
        .route("/hearings/{id}/campaigns/detect", post(campaigns::detect))
        .route("/campaigns/{id}/confirm", post(campaigns::confirm))
        .route("/campaigns/{id}/split", post(campaigns::split))
        .route("/hearings/{id}/terms/{term}", get(campaigns::term))
        .route(
            "/themes/{id}",
            get(analysis::theme).post(analysis::update_theme),
        )
        .route("/themes/{id}/delete", post(analysis::delete_theme))
        .route("/responses/{id}/assessment", post(analysis::assess))
        .route("/responses/{id}/tags", post(analysis::tag))
        .route("/tags/{id}/remove", post(analysis::untag))
        .route("/hearings/{id}/inquiries", post(inquiries::ask))
        .route("/inquiries/{id}/answer", post(inquiries::answer))
        .route("/inquiries/{id}/hide", post(inquiries::hide))
        .route("/staff", get(dashboard::page))
        .route("/staff/inquiries", get(inquiries::unanswered))
        .route("/staff/organisations", get(organisations::list))
        .route(
            "/hearings/{id}/invite",
            get(hearing_list::form).post(hearing_list::invite),
        )
        .route("/hearings/{id}/reminder", post(hearing_list::reminder))
        .route(
            "/organisation",
            get(organisation::page).post(organisation::save),
        )
        .route(
            "/organisation/members/{id}/role",
            post(organisation::set_role),
        )
        .route(
            "/organisation/members/{id}/remove",
            post(organisation::remove),
        )
        .route(
            "/organisation/requests/{id}/accept",
            post(organisation::accept_request),
        )
        .route(
            "/organisation/requests/{id}/refuse",
            post(organisation::refuse_request),
        )
        .route("/organisation/invitations", post(organisation::invite))
        .route(
            "/organisation/invitations/{id}/revoke",
            post(organisation::revoke),
        )
        .route("/invitation", get(organisation::invitation))
        .route(
            "/invitation/register",
            post(organisation::invitation_register),
        )
        .route("/invitation/accept", post(organisation::invitation_accept))
        .route("/signin", get(auth::sign_in_form).post(auth::sign_in))
        .route("/signout", post(auth::sign_out))
        .route("/account", get(account::page))
        .route(
            "/account/sign-out-everywhere",
            post(account::sign_out_everywhere),
        )
        .route("/verify", get(account::verify))
        .route("/verify/resend", post(account::resend))
        .route(
            "/password-reset",
            get(account::reset_request_form).post(account::reset_request),
        )
        .route(
            "/password-reset/confirm",
            get(account::reset_confirm_form).post(account::reset_confirm),
        )
        .route("/register", get(auth::register_form).post(auth::register))
        .route(
            "/staff/hearings/new",
            get(staff::new_form).post(staff::create),
        )
        .route("/lang/{code}", get(pages::switch_language))
        .route("/accessibility", get(pages::accessibility))
        .route("/static/app.css", get(pages::css))
        .route("/static/app.js", get(pages::js))
        .route("/static/favicon.svg", get(pages::favicon))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            ctx::csrf_cookie_layer,
        ))
        .with_state(state)
}

/// Renders a template as a page.
pub(crate) fn render(lang: Lang, page: impl Template) -> Result<Response, PageError> {
    match page.render() {
        Ok(html) => Ok(([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            Err(PageError::internal(lang))
        }
    }
}

#[cfg(test)]
mod tests {
    use hearings_i18n::Lang;

    /// Every `t("key")` in the templates and the page code names a message
    /// that exists in both languages.
    #[test]
    fn every_message_key_used_by_the_pages_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut missing = Vec::new();
        let mut seen = 0;
        for dir in ["templates", "src"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                for part in text.split("t(\"").skip(1) {
                    let key = part.split('"').next().unwrap();
                    if key.contains('.') || ["yes", "no"].contains(&key) {
                        seen += 1;
                        if !Lang::has(key) {
                            missing.push(key.to_string());
                        }
                    }
                }
            }
        }
        assert!(seen > 50, "found only {seen} keys");
        assert!(missing.is_empty(), "missing messages: {missing:?}");
    }
}
