//! The JSON front door under `/api/v1`: DTOs, JWT bearer tokens,
//! problem+json errors (RFC 9457), and the OpenAPI 3.1 document at
//! `/api/openapi.json`. It reaches data only through `hearings-store`, with
//! the same rules as the pages, and knows nothing of HTML.

mod account;
mod analysis;
mod audit;
mod auth;
mod campaigns;
mod dashboard;
mod drafts;
mod dto;
mod error;
mod exports;
mod files;
mod handlers;
mod hearing_list;
mod inquiries;
mod members;
mod memo;
mod my_responses;
mod organisations;
mod outcome;
mod published;
mod reference;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use hearings_core::time::Clock;
use hearings_store::Store;

pub use auth::TokenKeys;
pub use error::ApiError;

/// What the API needs.
#[derive(Clone)]
pub struct ApiState {
    /// The store.
    pub store: Store,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// Token signing and checking.
    pub keys: Arc<TokenKeys>,
}

/// The largest body of a file upload: twice a document's limit, so that a
/// file over its limit is refused with its own message (422) rather than
/// cut off (413).
/// The memo's body limit (the longest memo, JSON-escaped).
pub const MEMO_BODY_LIMIT: usize = 10 * 1024 * 1024;

pub const FILE_BODY_LIMIT: usize = 2 * hearings_core::files::DOCUMENT_MAX_BYTES;

/// The OpenAPI document.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// The API's router (mounted at the root; its paths start with `/api`).
pub fn router(state: ApiState) -> Router {
    Router::new()
        .route("/api/openapi.json", get(handlers::openapi))
        .route("/api/v1/auth/token", post(handlers::token))
        .route("/api/v1/auth/register", post(handlers::register))
        .route("/api/v1/auth/verify", post(account::verify))
        .route("/api/v1/auth/verify/resend", post(account::resend))
        .route("/api/v1/auth/password-reset", post(account::password_reset))
        .route(
            "/api/v1/auth/password-reset/confirm",
            post(account::password_reset_confirm),
        )
        .route(
            "/api/v1/auth/sign-out-everywhere",
            post(account::sign_out_everywhere),
        )
        .route(
            "/api/v1/hearings",
            get(handlers::list_hearings).post(handlers::create_hearing),
        )
        .route(
            "/api/v1/hearings/{id}",
            get(handlers::get_hearing).put(handlers::update_hearing),
        )
        .route("/api/v1/hearings/{id}/publish", post(handlers::publish))
        .route("/api/v1/hearings/{id}/withdraw", post(handlers::withdraw))
        .route("/api/v1/hearings/{id}/review", post(outcome::review))
        .route(
            "/api/v1/hearings/{id}/memo",
            get(memo::get_memo)
                .put(memo::save_memo)
                .layer(DefaultBodyLimit::max(MEMO_BODY_LIMIT)),
        )
        .route(
            "/api/v1/hearings/{id}/memo/compose",
            post(memo::compose_memo),
        )
        .route(
            "/api/v1/hearings/{id}/memo/finalise",
            post(memo::finalise_memo),
        )
        .route(
            "/api/v1/hearings/{id}/memo/export/{format}",
            get(memo::export_memo),
        )
        .route("/api/v1/hearings/{id}/decision", post(outcome::decide))
        .route("/api/v1/hearings/{id}/outcome", get(outcome::public))
        .route("/api/v1/responses/{id}/outcome", get(outcome::response))
        .route(
            "/api/v1/hearings/{id}/documents",
            post(files::add_document).layer(DefaultBodyLimit::max(FILE_BODY_LIMIT)),
        )
        .route(
            "/api/v1/hearings/{id}/documents/{doc}",
            axum::routing::delete(files::remove_document),
        )
        .route("/api/v1/documents/{id}", get(files::get_document))
        .route(
            "/api/v1/uploads",
            post(files::upload).layer(DefaultBodyLimit::max(FILE_BODY_LIMIT)),
        )
        .route("/api/v1/uploads/{id}", get(files::get_upload))
        .route("/api/v1/audit", get(audit::list))
        .route(
            "/api/v1/hearings/{id}/responses",
            get(handlers::list_responses).post(handlers::submit),
        )
        .route("/api/v1/hearings/{id}/summary", get(handlers::summary))
        .route("/api/v1/briefing", get(handlers::briefing))
        .route(
            "/api/v1/hearings/{id}/export/responses.xlsx",
            get(exports::xlsx),
        )
        .route(
            "/api/v1/hearings/{id}/export/responses.csv",
            get(exports::csv),
        )
        .route(
            "/api/v1/hearings/{id}/export/archive.zip",
            get(exports::archive),
        )
        .route(
            "/api/v1/hearings/{id}/published-responses",
            get(published::list),
        )
        .route("/api/v1/responses/{id}", get(handlers::receipt))
        .route("/api/v1/responses/{id}/content", get(drafts::content))
        .route("/api/v1/responses/{id}/pdf", get(drafts::pdf))
        .route(
            "/api/v1/hearings/{id}/draft",
            get(drafts::get).put(drafts::put),
        )
        .route("/api/v1/my/drafts", get(drafts::mine))
        .route("/api/v1/passages/{id}/decision", post(drafts::decide))
        .route("/api/v1/hearings/{id}/analysis", get(analysis::workspace))
        .route("/api/v1/hearings/{id}/analysis/bulk", post(analysis::bulk))
        .route("/api/v1/responses/{id}/analysis", get(analysis::work))
        .route(
            "/api/v1/responses/{id}/assessment",
            axum::routing::put(analysis::assess),
        )
        .route(
            "/api/v1/hearings/{id}/themes",
            get(analysis::themes).post(analysis::create_theme),
        )
        .route(
            "/api/v1/themes/{id}",
            get(analysis::theme)
                .put(analysis::update_theme)
                .delete(analysis::delete_theme),
        )
        .route("/api/v1/themes/{id}/tags", post(analysis::tag))
        .route("/api/v1/tags/{id}", axum::routing::delete(analysis::untag))
        .route("/api/v1/hearings/{id}/campaigns", get(campaigns::campaigns))
        .route(
            "/api/v1/hearings/{id}/campaigns/detect",
            post(campaigns::detect),
        )
        .route("/api/v1/campaigns/{id}/confirm", post(campaigns::confirm))
        .route("/api/v1/campaigns/{id}/split", post(campaigns::split))
        .route("/api/v1/hearings/{id}/terms", get(campaigns::terms))
        .route(
            "/api/v1/hearings/{id}/terms/{term}/responses",
            get(campaigns::term_responses),
        )
        .route(
            "/api/v1/responses/{id}/versions",
            get(my_responses::versions),
        )
        .route("/api/v1/my/responses", get(my_responses::list))
        .route("/api/v1/me", get(handlers::me))
        .route(
            "/api/v1/hearings/{id}/inquiries",
            get(inquiries::list).post(inquiries::ask),
        )
        .route("/api/v1/staff/dashboard", get(dashboard::get))
        .route("/api/v1/inquiries/unanswered", get(inquiries::unanswered))
        .route("/api/v1/inquiries/{id}/answer", post(inquiries::answer))
        .route("/api/v1/inquiries/{id}/hide", post(inquiries::hide))
        .route("/api/v1/organisations", get(organisations::list))
        .route("/api/v1/organisation", get(members::get).put(members::put))
        .route("/api/v1/organisation/members", get(members::members))
        .route(
            "/api/v1/organisation/members/{id}",
            axum::routing::delete(members::remove),
        )
        .route(
            "/api/v1/organisation/members/{id}/role",
            axum::routing::put(members::set_role),
        )
        .route("/api/v1/organisation/join-requests", get(members::requests))
        .route(
            "/api/v1/organisation/join-requests/{id}/accept",
            post(members::accept),
        )
        .route(
            "/api/v1/organisation/join-requests/{id}/refuse",
            post(members::refuse),
        )
        .route(
            "/api/v1/organisation/invitations",
            get(members::invitations).post(members::invite),
        )
        .route(
            "/api/v1/organisation/invitations/{id}",
            axum::routing::delete(members::revoke),
        )
        .route(
            "/api/v1/invitations/accept",
            post(members::accept_invitation),
        )
        .route("/api/v1/invitations/register", post(members::register))
        .route("/api/v1/hearings/{id}/hearing-list", get(hearing_list::get))
        .route(
            "/api/v1/hearings/{id}/invitations",
            post(hearing_list::invite),
        )
        .route(
            "/api/v1/hearings/{id}/reminder",
            axum::routing::put(hearing_list::reminder),
        )
        .route("/api/v1/reference", get(reference::all))
        .route(
            "/api/v1/reference/{kind}",
            get(reference::list).post(reference::create),
        )
        .route(
            "/api/v1/reference/{kind}/{key}",
            axum::routing::put(reference::rename).delete(reference::delete),
        )
        .route(
            "/api/v1/reference/{kind}/{key}/retire",
            post(reference::retire),
        )
        .route(
            "/api/v1/reference/{kind}/{key}/restore",
            post(reference::restore),
        )
        .route("/api/{*rest}", axum::routing::any(handlers::not_found))
        .with_state(state)
}
