//! One response in full, for its organisation's members and for those who
//! read responses; staff decide here on the passages the respondent asked
//! to keep confidential.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use hearings_core::files::{Keep, download_headers};
use hearings_core::{QuestionKind, ResponseId};
use hearings_i18n::Lang;
use hearings_store::{ResponseDetail, StoreError};
use uuid::Uuid;

use crate::ctx::{CsrfForm, Ctx};
use crate::error::PageError;
use crate::respond::file_link;
use crate::views::{FormState, Layout, PassageRow, ResponsePage, VersionRow, WorkView};
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

fn view(
    c: &Ctx,
    d: ResponseDetail,
    decision_form: FormState,
    work: Option<WorkView>,
) -> ResponsePage {
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
        work,
    }
}

/// Staff's work on the response, for those who read responses; the forms
/// hold `f` (what was typed, with its errors) or else what is kept.
async fn work(
    s: &WebState,
    c: &Ctx,
    account: &hearings_store::Account,
    d: &ResponseDetail,
    f: Option<FormState>,
) -> Result<Option<WorkView>, PageError> {
    if !account.role.reads_summaries() {
        return Ok(None);
    }
    let lang = c.lang;
    let w = s
        .store
        .response_work(account, d.id)
        .await
        .map_err(|e| PageError::from_store(lang, e))?;
    let next = if account.role.manages_hearings() {
        s.store
            .next_to_assess(account, d.id)
            .await
            .map_err(|e| PageError::from_store(lang, e))?
    } else {
        None
    };
    let f = f.unwrap_or_else(|| {
        let mut values = Vec::new();
        let mut put = |p: String, a: &hearings_core::analysis::Analysis| {
            values.push((format!("{p}summary"), a.summary.clone()));
            values.push((
                format!("{p}assessment"),
                a.assessment
                    .map(|x| x.as_str().to_string())
                    .unwrap_or_default(),
            ));
            values.push((format!("{p}reason"), a.reason.clone()));
        };
        if let Some(a) = &w.analysis {
            put(crate::analysis::prefix(""), &a.analysis);
        }
        for (section, a) in &w.comments {
            put(crate::analysis::prefix(&section.to_string()), &a.analysis);
        }
        FormState {
            values,
            errors: vec![],
        }
    });
    let label_of = |l: &Option<hearings_core::response_parts::Location>| match l {
        None => lang.t("analysis.whole_response").to_string(),
        Some(hearings_core::response_parts::Location::Answer(q)) => d
            .answers
            .iter()
            .find(|a| a.question == *q)
            .map(|a| a.prompt.clone())
            .unwrap_or_default(),
        Some(hearings_core::response_parts::Location::Comment(sec)) => d
            .comments
            .iter()
            .find(|k| k.section == *sec)
            .map(|k| format!("§ {} {}", k.number, k.heading))
            .unwrap_or_default(),
    };
    let mut locations = vec![(String::new(), lang.t("analysis.whole_response").to_string())];
    locations.extend(
        d.answers
            .iter()
            .filter(|a| matches!(a.kind, QuestionKind::ShortText | QuestionKind::LongText))
            .map(|a| (format!("answer:{}", a.question), a.prompt.clone())),
    );
    locations.extend(d.comments.iter().map(|k| {
        (
            format!("comment:{}", k.section),
            format!("§ {} {}", k.number, k.heading),
        )
    }));
    Ok(Some(WorkView {
        can_edit: account.role.manages_hearings(),
        f,
        assessments: hearings_core::analysis::Assessment::ALL
            .iter()
            .map(|a| {
                (
                    a.as_str().to_string(),
                    lang.t(&format!("assessment.{a}")).to_string(),
                )
            })
            .collect(),
        comments: d
            .comments
            .iter()
            .map(|k| {
                (
                    k.section.to_string(),
                    format!("§ {} {}", k.number, k.heading),
                )
            })
            .collect(),
        tags: w
            .tags
            .iter()
            .map(|t| {
                (
                    t.id.to_string(),
                    t.theme_name.clone(),
                    label_of(&t.location),
                    t.passage.clone(),
                )
            })
            .collect(),
        themes: w
            .themes
            .iter()
            .map(|(id, n)| (id.to_string(), n.clone()))
            .collect(),
        locations,
        workspace_href: format!("/hearings/{}/analysis", d.hearing),
        next_href: next.map(|n| format!("/responses/{n}#analysis")),
    }))
}

/// The response's page again, with the analysis forms as typed and their
/// errors (422).
pub(crate) async fn again(
    s: &WebState,
    c: &Ctx,
    id: ResponseId,
    f: FormState,
) -> Result<Response, PageError> {
    let account = c.require_account()?;
    let d = s
        .store
        .response_detail(account, id, s.clock.now())
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    let w = work(s, c, account, &d, Some(f)).await?;
    let mut res = render(c.lang, view(c, d, FormState::default(), w))?;
    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
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
    let w = work(&s, &c, account, &d, None).await?;
    render(c.lang, view(&c, d, FormState::default(), w))
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
            let w = work(&s, &c, &account, &d, None).await?;
            let mut res = render(c.lang, view(&c, d, FormState { values, errors }, w))?;
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
        download_headers("application/pdf", &name, Keep::Never),
        bytes,
    )
        .into_response())
}
