//! One response in full, for its organisation's members and for those who
//! read responses; staff decide here on the passages the respondent asked
//! to keep confidential.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use hearings_core::{QuestionKind, ResponseId};
use hearings_i18n::Lang;
use hearings_store::{ResponseDetail, StoreError};
use uuid::Uuid;

use crate::ctx::{CsrfForm, Ctx};
use crate::error::PageError;
use crate::respond::file_link;
use crate::views::{FormState, Layout, PassageRow, ResponsePage, VersionRow};
use crate::{WebState, render};

/// The text of an answer as people read it.
fn answer_text(lang: Lang, kind: &QuestionKind, values: &[String]) -> String {
    match kind {
        QuestionKind::YesNo => values
            .iter()
            .map(|v| lang.t(if v == "yes" { "yes" } else { "no" }).to_string())
            .collect::<Vec<_>>()
            .join(", "),
        QuestionKind::Number(unit) => format!("{} {unit}", values.join(", ")),
        _ => values.join(", "),
    }
}

fn view(c: &Ctx, d: ResponseDetail, decision_form: FormState) -> ResponsePage {
    let lang = c.lang;
    let viewer = c.account.as_ref();
    let own = viewer.is_some_and(|a| a.role.responds());
    let staff = viewer.is_some_and(|a| a.role.manages_hearings());
    let facts = vec![
        (lang.t("receipt.reference").to_string(), d.reference.clone()),
        (lang.t("receipt.version").to_string(), d.version.to_string()),
        (
            lang.t("receipt.time").to_string(),
            lang.datetime(d.submitted_at),
        ),
        (
            lang.t("my_responses.submitted_by").to_string(),
            d.submitted_by.clone(),
        ),
        (
            lang.t("field.stance").to_string(),
            lang.t(&format!("stance.{}", d.stance.as_str())).to_string(),
        ),
        (
            lang.t("field.publication").to_string(),
            lang.t(&format!("publication.{}", d.publication))
                .to_string(),
        ),
        (lang.t("receipt.digest").to_string(), d.digest.clone()),
    ];
    ResponsePage {
        l: Layout::new(
            c,
            format!("{}: {}", lang.t("response.title"), d.organisation_name),
        ),
        id: d.id.to_string(),
        hearing_href: format!("/hearings/{}", d.hearing),
        hearing_title: d.hearing_title.clone(),
        organisation: d.organisation_name.clone(),
        facts,
        answers: d
            .answers
            .iter()
            .map(|a| {
                (
                    a.prompt.clone(),
                    answer_text(lang, &a.kind, &a.values),
                    a.file.as_ref().map(|f| file_link(lang, f)),
                )
            })
            .collect(),
        comments: d
            .comments
            .iter()
            .map(|k| {
                (
                    format!("§ {} {}", k.number, k.heading),
                    hearings_markdown::to_safe_html(&k.section_text),
                    k.text.clone(),
                )
            })
            .collect(),
        attachments: d.attachments.iter().map(|f| file_link(lang, f)).collect(),
        passages: d
            .confidential
            .iter()
            .map(|p| PassageRow {
                id: p.id.to_string(),
                location: p.location_label.clone(),
                text: p.text.clone(),
                reason: p.reason.clone(),
                decision: lang
                    .t(&format!("decision.{}", p.decision.as_str()))
                    .to_string(),
                decision_name: p.decision.as_str().to_string(),
                decision_reason: p.decision_reason.clone(),
            })
            .collect(),
        decides: staff,
        decision_form,
        versions: d
            .versions
            .iter()
            .map(|v| VersionRow {
                version: v.version,
                time: lang.precise(v.submitted_at),
                time_iso: v.submitted_at.to_rfc3339(),
                digest: v.digest.clone(),
                submitted_by: v.submitted_by.clone(),
            })
            .collect(),
        receipt_href: (own || staff).then(|| format!("/receipts/{}", d.id)),
    }
}

/// `GET /responses/{id}`
pub async fn page(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id: ResponseId = id.parse().map_err(|_| PageError::not_found(c.lang))?;
    let account = c.require_account()?;
    let d = s
        .store
        .response_detail(account, id, s.clock.now())
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    render(c.lang, view(&c, d, FormState::default()))
}

/// `POST /passages/{id}/decision` (staff): `decision` (granted or refused)
/// and `reason`; back to the response, or its page again with the errors.
pub async fn decide(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let passage: Uuid = id.parse().map_err(|_| PageError::not_found(c.lang))?;
    let account = c.require_account()?.clone();
    if !account.role.manages_hearings() {
        return Err(PageError::forbidden(c.lang));
    }
    let now = s.clock.now();
    match s
        .store
        .decide_passage(
            &account,
            passage,
            form.get("decision"),
            form.get("reason"),
            now,
        )
        .await
    {
        Ok(response) => {
            Ok(Redirect::to(&format!("/responses/{response}#passage-{passage}")).into_response())
        }
        Err(StoreError::Invalid(errors)) => {
            let response: ResponseId = form
                .get("response")
                .parse()
                .map_err(|_| PageError::not_found(c.lang))?;
            let d = s
                .store
                .response_detail(&account, response, now)
                .await
                .map_err(|e| PageError::from_store(c.lang, e))?;
            let errors = errors
                .iter()
                .map(|e| {
                    let (name, label) = if e.field == "reason" {
                        (format!("reason-{passage}"), "response.decision_reason")
                    } else {
                        (format!("decision-{passage}"), "response.decide")
                    };
                    (
                        name,
                        c.lang.problem(&e.problem),
                        c.lang.t(label).to_string(),
                    )
                })
                .collect();
            let mut values = form.values();
            values.push(("passage".into(), passage.to_string()));
            let mut res = render(c.lang, view(&c, d, FormState { values, errors }))?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

/// `GET /responses/{id}/pdf`: the PDF copy of the response, for those who
/// may read it, in the page's language.
pub async fn pdf(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id: ResponseId = id.parse().map_err(|_| PageError::not_found(c.lang))?;
    let account = c.require_account()?;
    let d = s
        .store
        .response_detail(account, id, s.clock.now())
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    let lang = c.lang;
    let name = format!("{}-v{}.pdf", d.reference, d.version);
    let bytes = tokio::task::spawn_blocking(move || hearings_export::response_pdf(lang, &d))
        .await
        .map_err(|_| PageError::internal(lang))?
        .map_err(|e| {
            tracing::error!(error = %e, "response PDF failed");
            PageError::internal(lang)
        })?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/pdf".to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                hearings_core::files::attachment_disposition(&name),
            ),
            (
                axum::http::header::CACHE_CONTROL,
                "private, no-store".to_string(),
            ),
        ],
        bytes,
    )
        .into_response())
}
