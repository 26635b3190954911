//! The summary of a hearing's responses, for staff and politicians.

use axum::extract::{Path, State};
use axum::response::Response;
use hearings_i18n::Lang;

use crate::ctx::Ctx;
use crate::error::PageError;
use crate::pages::{area_name, parse_id};
use crate::views::{Breakdown, Layout, ResponseRow, Row, SummaryPage};
use crate::{WebState, render};

fn breakdown(
    id: &str,
    caption: String,
    total: i64,
    rows: &[(String, i64)],
    label: impl Fn(&str) -> String,
) -> Breakdown {
    Breakdown {
        id: id.into(),
        caption,
        rows: rows
            .iter()
            .map(|(k, n)| Row {
                label: label(k),
                count: *n,
                percent: if total > 0 {
                    (n * 100 + total / 2) / total
                } else {
                    0
                },
            })
            .collect(),
    }
}

/// `GET /hearings/{id}/summary`
pub async fn page(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(c.lang, &id)?;
    let account = c.require_account()?;
    if !account.role.reads_summaries() {
        return Err(PageError::forbidden(c.lang));
    }
    let err = |e| PageError::from_store(c.lang, e);
    let now = s.clock.now();
    let d = s.store.hearing(id, Some(account), now).await.map_err(err)?;
    let summary = s.store.summary(account, id).await.map_err(err)?;
    let responses = s.store.list_responses(account, id).await.map_err(err)?;
    let refs = s.store.reference_data().await.map_err(err)?;
    let lang = c.lang;
    let t = summary.total;
    let section_name = |k: &str| match refs.section(k) {
        Some(sec) => format!(
            "{} – {}",
            k,
            if lang == Lang::Da {
                &sec.name_da
            } else {
                &sec.name_en
            }
        ),
        None => k.to_string(),
    };
    let page = SummaryPage {
        l: Layout::new(
            &c,
            format!("{}: {}", lang.t("summary.title"), d.hearing.title),
        ),
        hearing_href: format!("/hearings/{id}"),
        exports: format!("/hearings/{id}/export"),
        hearing_title: d.hearing.title.clone(),
        total: t,
        breakdowns: vec![
            breakdown(
                "by-stance",
                lang.t("summary.by_stance").into(),
                t,
                &summary.by_stance,
                |k| lang.t(&format!("stance.{k}")).into(),
            ),
            breakdown(
                "by-section",
                lang.t("summary.by_section").into(),
                t,
                &summary.by_industry_section,
                section_name,
            ),
            breakdown(
                "by-size",
                lang.t("summary.by_size").into(),
                t,
                &summary.by_size_class,
                |k| lang.t(&format!("size.{k}")).into(),
            ),
            breakdown(
                "by-area",
                lang.t("summary.by_area").into(),
                t,
                &summary.by_area,
                |k| area_name(lang, &refs, k),
            ),
        ],
        responses: responses
            .into_iter()
            .map(|r| ResponseRow {
                href: format!("/responses/{}", r.id),
                reference: r.reference,
                organisation: r.organisation_name,
                rtype: lang.t(&format!("rtype.{}", r.respondent_type)).into(),
                stance: lang.t(&format!("stance.{}", r.stance)).into(),
                submitted: lang.datetime(r.submitted_at),
            })
            .collect(),
    };
    render(lang, page)
}
