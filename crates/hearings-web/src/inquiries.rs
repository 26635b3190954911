//! Questions on a hearing: ask (anyone signed in, while open), answer and
//! hide (staff), and the staff's list of unanswered questions.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use hearings_core::inquiry::InquiryState;
use hearings_core::{HearingId, InquiryId};
use hearings_i18n::Lang;
use hearings_store::{Inquiry, StoreError};

use crate::ctx::{CsrfForm, Ctx};
use crate::error::PageError;
use crate::pages::{hearing_page, parse_id};
use crate::views::{FormState, InquiryRow, Layout, UnansweredPage};
use crate::{WebState, render};

/// The view of an inquiry.
pub(crate) fn row(lang: Lang, i: &Inquiry) -> InquiryRow {
    let asked_by = match &i.asker_organisation {
        Some(org) => org.clone(),
        None => lang
            .t(&format!("inquiries.asker_{}", i.asker_role))
            .to_string(),
    };
    InquiryRow {
        id: i.id.to_string(),
        asked_by,
        asked_at: lang.datetime(i.asked_at),
        question: i.question.clone(),
        answer: i.answer.clone(),
        answered_at: i.answered_at.map(|t| lang.datetime(t)),
        state: match i.state {
            InquiryState::Pending => "pending",
            InquiryState::Answered => "answered",
            InquiryState::Hidden => "hidden",
        },
        hidden_reason: i.hidden_reason.clone(),
        hearing_href: format!("/hearings/{}", i.hearing),
        hearing_title: i.hearing_title.clone().unwrap_or_default(),
    }
}

/// Shows the hearing page again with what was typed and the error under `field`.
async fn again(
    s: &WebState,
    c: &Ctx,
    hearing: HearingId,
    form: &CsrfForm,
    field: &str,
    message: String,
    status: StatusCode,
) -> Result<Response, PageError> {
    let values = form
        .0
        .iter()
        .filter(|(k, _)| k != "csrf")
        .cloned()
        .collect();
    let qa = FormState {
        values,
        errors: vec![(
            field.to_string(),
            message,
            c.lang.t("inquiries.title").to_string(),
        )],
    };
    let page = hearing_page(s, c, hearing, qa, false).await?;
    let mut res = render(c.lang, page)?;
    *res.status_mut() = status;
    Ok(res)
}

fn problem_text(lang: Lang, e: &StoreError) -> Option<String> {
    match e {
        StoreError::Invalid(errors) => errors.first().map(|f| lang.problem(&f.problem)),
        StoreError::NotOpen {
            state,
            opens_at,
            closes_at,
        } => Some(lang.not_open(*state, *opens_at, *closes_at)),
        _ => None,
    }
}

/// `POST /hearings/{id}/inquiries`
pub async fn ask(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let id = parse_id(c.lang, &id)?;
    let account = c.require_account()?.clone();
    match s
        .store
        .ask(&account, id, form.get("question"), s.clock.now())
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/hearings/{id}?asked=1#inquiries")).into_response()),
        Err(e) => match problem_text(c.lang, &e) {
            Some(message) => {
                let status = if matches!(e, StoreError::NotOpen { .. }) {
                    StatusCode::CONFLICT
                } else {
                    StatusCode::UNPROCESSABLE_ENTITY
                };
                again(&s, &c, id, &form, "question", message, status).await
            }
            None => Err(PageError::from_store(c.lang, e)),
        },
    }
}

fn inquiry_id(lang: Lang, raw: &str) -> Result<InquiryId, PageError> {
    raw.parse().map_err(|_| PageError::not_found(lang))
}

fn require_staff(c: &Ctx) -> Result<hearings_store::Account, PageError> {
    let a = c.require_account()?;
    if a.role.manages_hearings() {
        Ok(a.clone())
    } else {
        Err(PageError::forbidden(c.lang))
    }
}

/// `POST /inquiries/{id}/answer` (staff)
pub async fn answer(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let id = inquiry_id(c.lang, &id)?;
    let account = require_staff(&c)?;
    let field = format!("answer_{id}");
    match s
        .store
        .answer_inquiry(&account, id, form.get(&field), s.clock.now())
        .await
    {
        Ok(i) => Ok(Redirect::to(&format!("/hearings/{}#inquiry-{id}", i.hearing)).into_response()),
        Err(e) => match (
            problem_text(c.lang, &e),
            form.get("hearing").parse::<HearingId>(),
        ) {
            (Some(message), Ok(hearing)) => {
                again(
                    &s,
                    &c,
                    hearing,
                    &form,
                    &field,
                    message,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await
            }
            _ => Err(PageError::from_store(c.lang, e)),
        },
    }
}

/// `POST /inquiries/{id}/hide` (staff)
pub async fn hide(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let id = inquiry_id(c.lang, &id)?;
    let account = require_staff(&c)?;
    let field = format!("reason_{id}");
    match s
        .store
        .hide_inquiry(&account, id, form.get(&field), s.clock.now())
        .await
    {
        Ok(i) => Ok(Redirect::to(&format!("/hearings/{}#inquiry-{id}", i.hearing)).into_response()),
        Err(e) => match (
            problem_text(c.lang, &e),
            form.get("hearing").parse::<HearingId>(),
        ) {
            (Some(message), Ok(hearing)) => {
                again(
                    &s,
                    &c,
                    hearing,
                    &form,
                    &field,
                    message,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await
            }
            _ => Err(PageError::from_store(c.lang, e)),
        },
    }
}

/// `GET /staff/inquiries`: unanswered questions across hearings.
pub async fn unanswered(State(s): State<WebState>, c: Ctx) -> Result<Response, PageError> {
    let account = require_staff(&c)?;
    let list = s
        .store
        .unanswered_inquiries(&account)
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    let page = UnansweredPage {
        l: Layout::new(&c, c.lang.t("inquiries.unanswered_title")),
        inquiries: list.iter().map(|i| row(c.lang, i)).collect(),
    };
    render(c.lang, page)
}
