//! A respondent answers a hearing and gets a receipt.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use hearings_core::files::human_size;
use hearings_core::input::{AnswerInput as Input, FieldError};
use hearings_core::{FileId, HearingState, Publication, QuestionKind, ResponseId, Stance};
use hearings_store::{HearingDetail, QuestionView, StoreError, StoredFile};

use crate::ctx::{CsrfForm, Ctx};
use crate::error::PageError;
use crate::pages::parse_id;
use crate::views::{
    AnswerInput, Choice, FileLink, FormState, Layout, PreviewBack, ReceiptPage, RespondPage,
    VersionRow,
};
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

/// What the response form is made from: a stored hearing, or (for staff's
/// preview) the hearing form as typed.
pub(crate) struct FormSource<'a> {
    /// The hearing's id ("" in a preview of an unsaved hearing).
    pub id: String,
    /// Its title.
    pub title: &'a str,
    /// Its deadline.
    pub closes_at: Option<DateTime<Utc>>,
    /// The questions.
    pub questions: &'a [QuestionView],
}

impl<'a> FormSource<'a> {
    fn of(d: &'a HearingDetail) -> Self {
        Self {
            id: d.hearing.id.to_string(),
            title: &d.hearing.title,
            closes_at: d.hearing.closes_at,
            questions: &d.questions,
        }
    }
}

/// The link to a file the respondent uploaded.
pub(crate) fn file_link(lang: hearings_i18n::Lang, f: &StoredFile) -> FileLink {
    FileLink {
        id: f.id.to_string(),
        href: format!("/files/{}", f.id),
        filename: f.filename.clone(),
        size: human_size(f.size.max(0) as u64, lang == hearings_i18n::Lang::Da),
    }
}

fn page(
    c: &Ctx,
    src: &FormSource<'_>,
    f: FormState,
    refusal: Option<String>,
    files: &HashMap<FileId, StoredFile>,
) -> RespondPage {
    let lang = c.lang;
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
    let answers: Vec<AnswerInput> = src
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
            let file = match q.spec.kind {
                QuestionKind::File => f
                    .v(&name)
                    .parse::<FileId>()
                    .ok()
                    .and_then(|id| files.get(&id))
                    .map(|file| file_link(lang, file)),
                _ => None,
            };
            AnswerInput {
                choices: choices(&name, items),
                value: f.v(&name).to_string(),
                error: f.err(&name).map(str::to_string),
                prompt: q.spec.prompt.clone(),
                kind: q.spec.kind.name().to_string(),
                required: q.spec.required,
                unit: q.spec.kind.unit().unwrap_or_default().to_string(),
                help: q.spec.help.clone(),
                file,
                name,
            }
        })
        .collect();
    RespondPage {
        l: Layout::new(c, format!("{}: {}", lang.t("respond.title"), src.title)),
        id: src.id.clone(),
        hearing_title: src.title.to_string(),
        organisation: c
            .account
            .as_ref()
            .and_then(|a| a.organisation_name.clone())
            .unwrap_or_default(),
        closes: src.closes_at.map(|t| lang.datetime(t)),
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
        multipart: answers.iter().any(|a| a.kind == "file"),
        answers,
        preview: None,
        f,
    }
}

/// The response form as staff preview it: exactly what respondents see,
/// with a notice, no submit button, and the way back.
pub(crate) fn preview_page(
    c: &Ctx,
    src: &FormSource<'_>,
    back: PreviewBack,
) -> Result<Response, PageError> {
    let f = FormState {
        values: vec![("publication".into(), "named".into())],
        errors: vec![],
    };
    let mut p = page(c, src, f, None, &HashMap::new());
    p.l = Layout::new(c, format!("{}: {}", c.lang.t("preview.title"), src.title));
    p.organisation = c.lang.t("preview.organisation").to_string();
    p.preview = Some(back);
    render(c.lang, p)
}

/// `GET /staff/hearings/{id}/preview`: the response form of a saved
/// hearing as respondents will see it (staff only).
pub async fn preview(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(c.lang, &id)?;
    let a = c.require_account()?;
    if !a.role.manages_hearings() {
        return Err(PageError::forbidden(c.lang));
    }
    let d = s
        .store
        .hearing(id, c.account.as_ref(), s.clock.now())
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    preview_page(
        &c,
        &FormSource::of(&d),
        PreviewBack::Link(format!("/hearings/{id}")),
    )
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
    render(
        c.lang,
        page(&c, &FormSource::of(&d), f, refusal, &HashMap::new()),
    )
}

/// Stores the files chosen in the form's file questions as the
/// organisation's uploads, before anything else is checked, so a file is
/// not lost when the form comes back with an error. Returns each file
/// question's value (the upload's id, a kept earlier upload, or nothing
/// when removed) and the refusals of files that are not taken.
async fn take_files(
    s: &WebState,
    lang: hearings_i18n::Lang,
    account: &hearings_store::Account,
    d: &HearingDetail,
    form: &CsrfForm,
) -> Result<(Vec<(String, String)>, Vec<FieldError>), PageError> {
    let mut values = Vec::new();
    let mut refused = Vec::new();
    for q in d
        .questions
        .iter()
        .filter(|q| q.spec.kind == QuestionKind::File)
    {
        let name = field(&q.id);
        let mut value = if form.get(&format!("{name}_remove")) == "on" {
            String::new()
        } else {
            form.get(&name).to_string()
        };
        if let Some(upload) = form.file(&format!("{name}_file")) {
            match s
                .store
                .upload(account, &upload.filename, &upload.bytes, s.clock.now())
                .await
            {
                Ok(f) => value = f.id.to_string(),
                Err(StoreError::Invalid(errors)) => {
                    refused.extend(errors.into_iter().map(|e| FieldError {
                        field: format!("answers.{}", q.id),
                        problem: e.problem,
                    }))
                }
                Err(e) => return Err(PageError::from_store(lang, e)),
            }
        }
        values.push((name, value));
    }
    Ok((values, refused))
}

/// `POST /hearings/{id}/respond`: stores the response and shows the
/// receipt; on bad input or after the deadline, shows the form again with
/// everything typed kept (files chosen are kept as uploads).
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
    let (file_values, refused_files) = if d.hearing.state == HearingState::Open {
        take_files(&s, c.lang, &account, &d, &form).await?
    } else {
        (Vec::new(), Vec::new())
    };
    let mut values: Vec<(String, String)> = form
        .values()
        .into_iter()
        .filter(|(k, _)| !file_values.iter().any(|(name, _)| k == name))
        .collect();
    values.extend(file_values.iter().cloned());
    let answers: Vec<_> = d
        .questions
        .iter()
        .map(|q| {
            let name = field(&q.id);
            let given = match file_values.iter().find(|(n, _)| *n == name) {
                Some((_, v)) => vec![v.clone()],
                None => form.all(&name),
            };
            (q.id, Input::Form(given))
        })
        .collect();
    let (stance, publication) = (form.get("stance"), form.get("publication"));
    let result = if !refused_files.is_empty() {
        Err(StoreError::Invalid(refused_files))
    } else {
        match form.get("submission_key") {
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
        }
    };
    let file_ids: Vec<FileId> = file_values
        .iter()
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let files = s
        .store
        .files(&file_ids)
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    // Only the organisation's own uploads are shown back.
    let files: HashMap<FileId, StoredFile> = files
        .into_iter()
        .filter(|(_, f)| f.organisation.is_some() && f.organisation == account.organisation)
        .collect();
    let src = FormSource::of(&d);
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
                    &src,
                    FormState {
                        values,
                        errors: vec![],
                    },
                    Some(message),
                    &files,
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
    let mut res = render(
        c.lang,
        page(&c, &src, FormState { values, errors }, refusal, &files),
    )?;
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
