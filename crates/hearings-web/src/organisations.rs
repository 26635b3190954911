//! The organisation register for staff: search by name or CVR number, a
//! page at a time (a GET form, so a search is a link).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use hearings_core::register::RegisterQuery;
use hearings_i18n::Lang;
use hearings_store::{ReferenceData, RegisterItem};
use serde::Deserialize;

use crate::ctx::Ctx;
use crate::error::{PageError, encode};
use crate::pages::area_name;
use crate::views::{Layout, OrganisationRow, OrganisationsPage};
use crate::{WebState, render};

/// `?q=…&page=…`
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RegisterParams {
    q: String,
    page: Option<String>,
}

fn row(lang: Lang, refs: &ReferenceData, o: &RegisterItem) -> OrganisationRow {
    OrganisationRow {
        name: o.name.clone(),
        cvr: o.cvr.clone().unwrap_or_default(),
        industry: format!(
            "{} {} ({})",
            o.classification, o.industry_code, o.industry_section
        ),
        size: lang.t(&format!("size.{}", o.size_class)).to_string(),
        employees: o.employees.map(|n| n.to_string()),
        area: area_name(lang, refs, &o.area),
        source: o.source.as_str(),
        source_label: lang
            .t(&format!("orgs.source.{}", o.source.as_str()))
            .to_string(),
        email: o.email.clone(),
    }
}

/// `GET /staff/organisations?q=&page=` (staff): the register, 50 to a
/// page, by name (three queries: account, count, page; and the areas).
pub async fn list(
    State(s): State<WebState>,
    c: Ctx,
    q: Result<Query<RegisterParams>, QueryRejection>,
) -> Result<Response, PageError> {
    let account = c.require_account()?;
    if !account.role.manages_hearings() {
        return Err(PageError::forbidden(c.lang));
    }
    let Query(params) = q.unwrap_or_default();
    let page_no = params.page.as_deref().and_then(|p| p.trim().parse().ok());
    let query = RegisterQuery::new(&params.q, page_no);
    let page = s
        .store
        .search_register(account, &query)
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    let refs = s
        .store
        .reference_data()
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    let href = |n: u64| format!("/staff/organisations?q={}&page={n}", encode(&query.text));
    render(
        c.lang,
        OrganisationsPage {
            l: Layout::new(&c, c.lang.t("orgs.title")),
            q: query.text.clone(),
            total: page.total,
            page: page.page,
            pages: page.pages,
            rows: page.items.iter().map(|o| row(c.lang, &refs, o)).collect(),
            previous_href: (page.page > 1).then(|| href(page.page - 1)),
            next_href: (page.page < page.pages).then(|| href(page.page + 1)),
        },
    )
}
