//! The administrators' pages: the audit log of staff actions (the
//! reference data has its own module, `reference.rs`).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use hearings_core::audit::AuditCursor;
use hearings_i18n::Lang;
use hearings_store::{AUDIT_PAGE_SIZE, AuditEntry};
use serde::Deserialize;

use crate::ctx::Ctx;
use crate::error::{PageError, encode};
use crate::views::{AuditLogPage, AuditRow, Layout};
use crate::{WebState, render};

/// The longest value shown for a changed field; the rest is cut with "…".
const VALUE_MAX: usize = 200;

/// `?before=<cursor>`: the page of rows older than the cursor.
#[derive(Deserialize)]
pub struct AuditQuery {
    before: Option<String>,
}

/// A message if the key exists, or the stable name itself (a row written
/// by a later version of the product).
fn label(lang: Lang, prefix: &str, code: &str) -> String {
    let key = format!("{prefix}.{code}");
    if Lang::has(&key) {
        lang.t(&key).to_string()
    } else {
        code.to_string()
    }
}

fn shorten(value: Option<String>, lang: Lang) -> String {
    match value {
        None => lang.t("audit.empty").to_string(),
        Some(v) if v.chars().count() > VALUE_MAX => {
            let cut: String = v.chars().take(VALUE_MAX).collect();
            format!("{cut}…")
        }
        Some(v) => v,
    }
}

fn row(lang: Lang, e: &AuditEntry) -> AuditRow {
    AuditRow {
        at: lang.precise(e.at),
        at_iso: e.at.to_rfc3339(),
        actor: e.actor_email.clone(),
        action: label(lang, "audit.action", &e.action),
        action_code: e.action.clone(),
        object_type: label(lang, "audit.object", &e.object_type),
        object_id: e.object_id.clone(),
        object_href: match e.object_type.as_str() {
            "hearing" => Some(format!("/hearings/{}", e.object_id)),
            "response" => Some(format!("/responses/{}", e.object_id)),
            // `topics/handel`: the kind's page (the entry may be deleted since).
            "reference" => e
                .object_id
                .split_once('/')
                .map(|(kind, _)| format!("/admin/reference/{kind}")),
            _ => None,
        },
        changes: e
            .changes()
            .into_iter()
            .map(|c| (c.field, shorten(c.before, lang), shorten(c.after, lang)))
            .collect(),
    }
}

/// `GET /admin/audit`: the audit log, newest first, 100 rows to a page
/// (one query for the rows, whatever the size of the log).
pub async fn audit(
    State(s): State<WebState>,
    c: Ctx,
    q: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let account = c.require_account()?;
    if !account.role.reads_audit_log() {
        return Err(PageError::forbidden(c.lang));
    }
    let Query(q) = q.map_err(|_| PageError::bad_link(c.lang, "err.cursor"))?;
    let before = match q.before.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        None => None,
        Some(raw) => {
            Some(AuditCursor::parse(raw).map_err(|_| PageError::bad_link(c.lang, "err.cursor"))?)
        }
    };
    let page = s
        .store
        .audit_log(account, before, AUDIT_PAGE_SIZE)
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    render(
        c.lang,
        AuditLogPage {
            l: Layout::new(&c, c.lang.t("audit.title")),
            rows: page.entries.iter().map(|e| row(c.lang, e)).collect(),
            next_href: page
                .next
                .map(|n| format!("/admin/audit?before={}", encode(&n.to_string()))),
            later_page: before.is_some(),
        },
    )
}
