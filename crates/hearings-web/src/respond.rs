//! A respondent answers a hearing and gets a receipt.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use hearings_core::input::AnswerInput as Input;
use hearings_core::{HearingState, Publication, QuestionKind, ResponseId, Stance};
use hearings_store::{HearingDetail, StoreError};

use crate::ctx::{CsrfForm, Ctx};
use crate::error::PageError;
use crate::pages::parse_id;
use crate::views::{AnswerInput, Choice, FormState, Layout, ReceiptPage, RespondPage, VersionRow};
use crate::{WebState, render};

fn require_respondent(c: &Ctx) -> Result<&hearings_store::Account, PageError> {
    let a = c.require_account()?;
    if a.role.responds() {
        Ok(a)
    } else {
        Err(PageError::forbidden(c.lang))
    }
}

fn field(id: &impl std::fmt::Display) -> String {
    format!("answer_{id}")
}

fn page(c: &Ctx, d: &HearingDetail, f: FormState, refusal: Option<String>) -> RespondPage {
    let lang = c.lang;
    let h = &d.hearing;
    let choices = |name: &str, items: Vec<(String, String)>| -> Vec<Choice> {
        items
            .into_iter()
            .map(|(value, label)| Choice {
                chosen: f.has(name, &value),
                value,
                label,
            })
            .collect()
    };
    let answers = d
        .questions
        .iter()
        .map(|q| {
            let name = field(&q.id);
            let items: Vec<(String, String)> = match &q.spec.kind {
                QuestionKind::SingleChoice(o) | QuestionKind::MultipleChoice(o) => {
                    o.iter().map(|x| (x.clone(), x.clone())).collect()
                }
                QuestionKind::Scale => (1..=5).map(|n| (n.to_string(), n.to_string())).collect(),
                QuestionKind::YesNo => vec![
                    ("yes".into(), lang.t("yes").into()),
                    ("no".into(), lang.t("no").into()),
                ],
                _ => vec![],
            };
            AnswerInput {
                choices: choices(&name, items),
                value: f.v(&name).to_string(),
                error: f.err(&name).map(str::to_string),
                prompt: q.spec.prompt.clone(),
                kind: q.spec.kind.name().to_string(),
                required: q.spec.required,
                unit: q.spec.kind.unit().unwrap_or_default().to_string(),
                name,
            }
        })
        .collect();
    RespondPage {
        l: Layout::new(c, format!("{}: {}", lang.t("respond.title"), h.title)),
        id: h.id.to_string(),
        hearing_title: h.title.clone(),
        organisation: c
            .account
            .as_ref()
            .and_then(|a| a.organisation_name.clone())
            .unwrap_or_default(),
        closes: h.closes_at.map(|t| lang.datetime(t)),
        refusal,
        stances: choices(
            "stance",
            Stance::ALL
                .iter()
                .map(|s| (s.as_str().into(), lang.t(&format!("stance.{s}")).into()))
                .collect(),
        ),
        publications: choices(
            "publication",
            Publication::ALL
                .iter()
                .map(|p| {
                    (
                        p.as_str().into(),
                        lang.t(&format!("publication.{p}")).into(),
                    )
                })
                .collect(),
        ),
        answers,
        f,
    }
}

/// `GET /hearings/{id}/respond`
pub async fn form(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(c.lang, &id)?;
    require_respondent(&c)?;
    let now = s.clock.now();
    let d = s
        .store
        .hearing(id, c.account.as_ref(), now)
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    let h = &d.hearing;
    let refusal =
        (h.state != HearingState::Open).then(|| c.lang.not_open(h.state, h.opens_at, h.closes_at));
    // A fresh key per form: sending it twice (a double click, a retry) gives one receipt.
    let f = FormState {
        values: vec![
            ("publication".into(), "named".into()),
            ("submission_key".into(), uuid::Uuid::new_v4().to_string()),
        ],
        errors: vec![],
    };
    render(c.lang, page(&c, &d, f, refusal))
}

/// `POST /hearings/{id}/respond`: stores the response and shows the
/// receipt; on bad input or after the deadline, shows the form again with
/// everything typed kept.
pub async fn submit(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let id = parse_id(c.lang, &id)?;
    let account = require_respondent(&c)?.clone();
    let now = s.clock.now();
    let d = s
        .store
        .hearing(id, Some(&account), now)
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    let answers: Vec<_> = d
        .questions
        .iter()
        .map(|q| (q.id, Input::Form(form.all(&field(&q.id)))))
        .collect();
    let (stance, publication) = (form.get("stance"), form.get("publication"));
    let result = match form.get("submission_key") {
        "" => {
            s.store
                .submit_response(&account, id, stance, publication, &answers, now)
                .await
        }
        key => {
            s.store
                .submit_response_once(&account, id, key, stance, publication, &answers, now)
                .await
        }
    };
    let mut values: Vec<(String, String)> = form
        .0
        .iter()
        .filter(|(k, _)| k != "csrf")
        .cloned()
        .collect();
    // A key already used for other content: show why, and give the form a fresh key.
    let result = match result {
        Err(StoreError::Invalid(errors)) if errors.iter().any(|e| e.field == "idempotency_key") => {
            values.retain(|(k, _)| k != "submission_key");
            values.push(("submission_key".into(), uuid::Uuid::new_v4().to_string()));
            let message = errors
                .first()
                .map(|e| c.lang.problem(&e.problem))
                .unwrap_or_default();
            let mut res = render(
                c.lang,
                page(
                    &c,
                    &d,
                    FormState {
                        values,
                        errors: vec![],
                    },
                    Some(message),
                ),
            )?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(res);
        }
        other => other,
    };
    let (errors, refusal, status) = match result {
        Ok(receipt) => {
            return Ok(Redirect::to(&format!("/receipts/{}", receipt.id)).into_response());
        }
        Err(StoreError::Invalid(errors)) => {
            let mapped = errors
                .iter()
                .map(|e| {
                    let (name, label) = match e.field.strip_prefix("answers.") {
                        Some(qid) => (
                            format!("answer_{qid}"),
                            d.questions
                                .iter()
                                .find(|q| q.id.to_string() == qid)
                                .map(|q| q.spec.prompt.clone())
                                .unwrap_or_default(),
                        ),
                        None if e.field == "stance" => {
                            ("stance".into(), c.lang.t("field.stance").into())
                        }
                        None => ("publication".into(), c.lang.t("field.publication").into()),
                    };
                    (name, c.lang.problem(&e.problem), label)
                })
                .collect();
            (mapped, None, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(StoreError::EmailUnverified) => (
            vec![],
            Some(c.lang.t("err.email_unverified").to_string()),
            StatusCode::FORBIDDEN,
        ),
        Err(StoreError::NotOpen {
            state,
            opens_at,
            closes_at,
        }) => (
            vec![],
            Some(c.lang.not_open(state, opens_at, closes_at)),
            StatusCode::CONFLICT,
        ),
        Err(e) => return Err(PageError::from_store(c.lang, e)),
    };
    let mut res = render(c.lang, page(&c, &d, FormState { values, errors }, refusal))?;
    *res.status_mut() = status;
    Ok(res)
}

/// `GET /receipts/{id}`: for the organisation's members and staff.
pub async fn receipt(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id: ResponseId = id.parse().map_err(|_| PageError::not_found(c.lang))?;
    let account = c.require_account()?;
    let r = s
        .store
        .receipt(account, id)
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    let versions = s
        .store
        .response_versions(account, id)
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?
        .into_iter()
        .map(|v| VersionRow {
            version: v.version,
            time: c.lang.precise(v.submitted_at),
            time_iso: v.submitted_at.to_rfc3339(),
            digest: v.digest,
            submitted_by: v.submitted_by,
        })
        .collect();
    let page = ReceiptPage {
        l: Layout::new(&c, c.lang.t("receipt.title")),
        versions,
        hearing_href: format!("/hearings/{}", r.hearing),
        hearing_title: r.hearing_title,
        reference: r.reference,
        version: r.version,
        time: c.lang.precise(r.submitted_at),
        time_iso: r.submitted_at.to_rfc3339(),
        digest: r.digest,
    };
    render(c.lang, page)
}
