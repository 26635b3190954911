//! The secretariat's dashboard: hearings by state, deadlines in the next 14
//! days, unanswered questions, and responses and the hearing list's
//! response rate per open hearing.

use axum::extract::State;
use axum::response::Response;
use hearings_i18n::Lang;
use hearings_store::DashboardHearing;

use crate::ctx::Ctx;
use crate::error::PageError;
use crate::views::{DashboardGroup, DashboardPage, DashboardRow, Layout};
use crate::{WebState, render};

fn row(lang: Lang, h: &DashboardHearing, responses: i64) -> DashboardRow {
    DashboardRow {
        href: format!("/hearings/{}", h.id),
        title: h.title.clone(),
        kind: lang.t(&format!("kind.{}", h.kind)).to_string(),
        deadline: h
            .closes_at
            .map(|t| lang.datetime(t))
            .unwrap_or_else(|| lang.t("hearing.no_deadline").to_string()),
        deadline_iso: h.closes_at.map(|t| t.to_rfc3339()),
        responses,
        rate: None,
    }
}

/// `GET /staff` (staff only)
pub async fn page(State(s): State<WebState>, c: Ctx) -> Result<Response, PageError> {
    let account = c.require_account()?;
    if !account.role.manages_hearings() {
        return Err(PageError::forbidden(c.lang));
    }
    let lang = c.lang;
    let d = s
        .store
        .dashboard(account, s.clock.now())
        .await
        .map_err(|e| PageError::from_store(lang, e))?;
    let page = DashboardPage {
        l: Layout::new(&c, lang.t("dashboard.title")),
        groups: d
            .by_state
            .iter()
            .map(|g| DashboardGroup {
                state: g.state.as_str().to_string(),
                label: lang.t(&format!("state.{}", g.state)).to_string(),
                rows: g.hearings.iter().map(|h| row(lang, h, 0)).collect(),
            })
            .collect(),
        deadlines_soon: d.deadlines_soon.iter().map(|h| row(lang, h, 0)).collect(),
        unanswered: d.unanswered_inquiries,
        open: d
            .open
            .iter()
            .map(|o| DashboardRow {
                rate: o.response_rate().map(|pct| {
                    format!(
                        "{} {} {} ({pct} %)",
                        o.invited_responded,
                        lang.t("dashboard.rate_of"),
                        o.invited
                    )
                }),
                ..row(lang, &o.hearing, o.responses)
            })
            .collect(),
    };
    render(lang, page)
}
