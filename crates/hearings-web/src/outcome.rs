//! The outcome of a hearing: staff take a closed hearing into review and
//! record the decision on its page; the page of a decided hearing says what
//! was decided ("we asked, you said, we did"); each respondent reads what
//! became of its own response at `/responses/{id}/outcome`.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use hearings_core::outcome::RawDecision;
use hearings_core::{HearingId, ResponseId};
use hearings_i18n::{Lang, point_name};
use hearings_store::{HearingDetail, OutcomeTheme, PublicOutcome, StoreError};

use crate::ctx::{CsrfForm, Ctx};
use crate::documents::require_staff;
use crate::error::PageError;
use crate::pages::{hearing_page, parse_id};
use crate::views::{FormState, Layout};
use crate::{WebState, render};

/// A theme as the outcome shows it.
#[derive(Debug, Clone)]
pub struct ThemeRow {
    /// Name.
    pub name: String,
    /// "12 høringssvar".
    pub responses: String,
    /// The views summed up, as safe HTML.
    pub views_html: String,
    /// The administration's comment, as safe HTML.
    pub comment_html: String,
    /// The change to the proposal, as safe HTML ("" for none).
    pub change_html: String,
}

fn theme_rows(lang: Lang, themes: &[OutcomeTheme]) -> Vec<ThemeRow> {
    themes
        .iter()
        .map(|t| ThemeRow {
            name: t.name.clone(),
            responses: format!("{} {}", t.responses, lang.t("outcome.responses_on_theme")),
            views_html: hearings_markdown::to_safe_html(&t.views),
            comment_html: hearings_markdown::to_safe_html(&t.comment),
            change_html: if t.change.trim().is_empty() {
                String::new()
            } else {
                hearings_markdown::to_safe_html(&t.change)
            },
        })
        .collect()
}

/// "We asked, you said, we did" on a decided hearing's page.
#[derive(Debug, Clone)]
pub struct OutcomeSection {
    /// "The hearing was open from … to …."
    pub asked: String,
    /// "48 responses came in."
    pub said: String,
    /// "The municipal council decided on 14 January 2027:"
    pub decided_by: String,
    /// The decision's date, ISO.
    pub decided_iso: String,
    /// The decision as safe HTML.
    pub text_html: String,
    /// A link to the minutes.
    pub minutes_url: Option<String>,
    /// The themes with the administration's comment and the change.
    pub themes: Vec<ThemeRow>,
    /// For staff: how many respondents were e-mailed.
    pub notified: Option<String>,
}

fn decided_by(lang: Lang, o: &hearings_store::DecisionView) -> String {
    lang.t("outcome.decided_by")
        .replace("%body%", &o.decision.body)
        .replace("%date%", &lang.date(o.decision.decided_on))
}

/// The outcome section of a hearing's page, if it is decided.
pub(crate) fn section(
    lang: Lang,
    staff: bool,
    d: &HearingDetail,
    o: &PublicOutcome,
) -> OutcomeSection {
    let h = &d.hearing;
    OutcomeSection {
        asked: lang
            .t("outcome.we_asked_text")
            .replace("%opens%", &lang.datetime(h.opens_at))
            .replace(
                "%closes%",
                &h.closes_at
                    .map(|c| lang.datetime(c))
                    .unwrap_or_else(|| lang.t("hearing.no_deadline").to_string()),
            ),
        said: lang
            .t("outcome.you_said_count")
            .replace("%n%", &o.responses.to_string()),
        decided_by: decided_by(lang, &o.decision),
        decided_iso: o.decision.decision.decided_on.to_string(),
        text_html: hearings_markdown::to_safe_html(&o.decision.decision.text),
        minutes_url: o.decision.decision.minutes_url.clone(),
        themes: theme_rows(lang, &o.themes),
        notified: staff.then(|| {
            lang.t("outcome.notified")
                .replace("%n%", &o.decision.notified.to_string())
        }),
    }
}

/// `POST /hearings/{id}/review` (staff): takes a closed hearing into review.
pub async fn review(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    _form: CsrfForm,
) -> Result<Response, PageError> {
    let account = require_staff(&c)?;
    let id = parse_id(c.lang, &id)?;
    s.store
        .begin_review(account, id, s.clock.now())
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    Ok(Redirect::to(&format!("/hearings/{id}")).into_response())
}

/// The fields of the decision form, as the page names them.
pub const DECISION_FIELDS: [(&str, &str); 4] = [
    ("decided_on", "decision.decided_on"),
    ("body", "decision.body"),
    ("text", "decision.text"),
    ("minutes_url", "decision.minutes_url"),
];

fn raw_decision(form: &CsrfForm) -> RawDecision {
    RawDecision {
        decided_on: form.get("decided_on").to_string(),
        body: form.get("body").to_string(),
        text: form.get("text").to_string(),
        minutes_url: form.get("minutes_url").to_string(),
    }
}

/// `POST /hearings/{id}/decision` (staff): records the decision and tells
/// the respondents; or the page again with the errors and what was typed.
pub async fn decide(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let account = require_staff(&c)?;
    let id: HearingId = parse_id(c.lang, &id)?;
    let raw = raw_decision(&form);
    match s
        .store
        .record_decision(account, id, &raw, s.clock.now())
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/hearings/{id}#outcome")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            let mut page = hearing_page(&s, &c, id, FormState::default(), false).await?;
            page.decision = FormState {
                values: DECISION_FIELDS
                    .iter()
                    .map(|(f, _)| (f.to_string(), form.get(f).to_string()))
                    .collect(),
                errors: errors
                    .iter()
                    .map(|e| {
                        let label = DECISION_FIELDS
                            .iter()
                            .find(|(f, _)| *f == e.field)
                            .map_or("", |(_, l)| c.lang.t(l));
                        (
                            format!("decision-{}", e.field),
                            c.lang.problem(&e.problem),
                            label.to_string(),
                        )
                    })
                    .collect(),
            };
            let mut res = render(c.lang, page)?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

/// A point of the response on its outcome page.
#[derive(Debug, Clone)]
pub struct PointRow {
    /// "The response as a whole", "§ 3 Parkering".
    pub name: String,
    /// The section's anchor on the hearing page, if a section.
    pub anchor: Option<String>,
    /// What the respondent wrote on the section.
    pub text: String,
    /// The assessment's label, or "not assessed separately".
    pub assessment: String,
    /// The assessment's name for styling (`none` when not assessed).
    pub assessment_code: String,
    /// The reason.
    pub reason: String,
}

/// `GET /responses/{id}/outcome`.
#[derive(Template)]
#[template(path = "outcome.html")]
pub struct OutcomePage {
    /// Layout.
    pub l: Layout,
    /// The hearing's page.
    pub hearing_href: String,
    /// The hearing's title.
    pub hearing_title: String,
    /// The response's page.
    pub response_href: String,
    /// The response's reference.
    pub reference: String,
    /// The organisation.
    pub organisation: String,
    /// Whether a decision is recorded.
    pub decided: bool,
    /// "… decided on …:".
    pub decided_by: String,
    /// The decision as safe HTML.
    pub text_html: String,
    /// A link to the minutes.
    pub minutes_url: Option<String>,
    /// The response's points.
    pub points: Vec<PointRow>,
    /// The themes the response is part of.
    pub themes: Vec<ThemeRow>,
}

/// `GET /responses/{id}/outcome`: what became of a response, for its
/// organisation's members and those who read responses.
pub async fn page(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id: ResponseId = id.parse().map_err(|_| PageError::not_found(c.lang))?;
    let account = c.require_account()?;
    let o = s
        .store
        .response_outcome(account, id, s.clock.now())
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    let lang = c.lang;
    let page = OutcomePage {
        l: Layout::new(
            &c,
            format!("{}: {}", lang.t("outcome.title"), o.hearing_title),
        ),
        hearing_href: format!("/hearings/{}", o.hearing),
        hearing_title: o.hearing_title.clone(),
        response_href: format!("/responses/{}", o.response),
        reference: o.reference.clone(),
        organisation: o.organisation_name.clone(),
        decided: o.decision.is_some(),
        decided_by: o
            .decision
            .as_ref()
            .map(|d| decided_by(lang, d))
            .unwrap_or_default(),
        text_html: o
            .decision
            .as_ref()
            .map(|d| hearings_markdown::to_safe_html(&d.decision.text))
            .unwrap_or_default(),
        minutes_url: o
            .decision
            .as_ref()
            .and_then(|d| d.decision.minutes_url.clone()),
        points: o
            .points
            .iter()
            .map(|p| PointRow {
                name: point_name(lang, p.section.as_ref().map(|(n, h)| (*n, h.as_str()))),
                anchor: p.section.as_ref().map(|(n, _)| format!("s{n}")),
                text: p.text.clone(),
                assessment: match p.assessment {
                    Some(a) => lang.t(&format!("assessment.{a}")).to_string(),
                    None => lang.t("outcome.not_assessed").to_string(),
                },
                assessment_code: p
                    .assessment
                    .map_or_else(|| "none".to_string(), |a| a.as_str().to_string()),
                reason: p.reason.clone(),
            })
            .collect(),
        themes: theme_rows(lang, &o.themes),
    };
    render(lang, page)
}
