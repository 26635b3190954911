//! A respondent answers a hearing: the organisation's shared draft, saved
//! on every explicit save (and while typing, when JavaScript runs), never
//! overwriting a colleague's newer save; comments on sections, attachments
//! and confidential passages; submission with one receipt.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use hearings_core::files::human_size;
use hearings_core::input::{AnswerInput as Input, FieldError};
use hearings_core::response_parts::{
    ATTACHMENTS_MAX, PASSAGES_MAX, RawParts, RawPassage, RawResponse,
};
use hearings_core::{FileId, HearingState, Publication, QuestionKind, ResponseId, Stance};
use hearings_i18n::Lang;
use hearings_store::{
    Account, Draft, DraftSave, HearingDetail, QuestionView, SectionView, StoreError, StoredFile,
    Submission,
};
use serde::Deserialize;

use crate::ctx::{CsrfForm, Ctx};
use crate::error::PageError;
use crate::pages::parse_id;
use crate::views::{
    AnswerInput, Choice, ConflictRow, DraftConflictPage, FileLink, FormState, Layout, PassageInput,
    PreviewBack, ReceiptPage, RespondPage, SectionComment, VersionRow,
};
use crate::{WebState, render};

fn require_respondent(c: &Ctx) -> Result<&Account, PageError> {
    let a = c.require_account()?;
    if !a.role.responds() {
        return Err(PageError::forbidden(c.lang));
    }
    // An account waiting to join an organisation (or removed from one)
    // answers for nobody yet: say so, rather than show a form it cannot send.
    if a.organisation.is_none() {
        return Err(PageError::forbidden_because(
            c.lang,
            "respond.no_organisation",
        ));
    }
    Ok(a)
}

fn field(id: &impl std::fmt::Display) -> String {
    format!("answer_{id}")
}

fn comment_field(id: &impl std::fmt::Display) -> String {
    format!("comment_{id}")
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
    /// The proposal's sections.
    pub sections: &'a [SectionView],
}

impl<'a> FormSource<'a> {
    fn of(d: &'a HearingDetail) -> Self {
        Self {
            id: d.hearing.id.to_string(),
            title: &d.hearing.title,
            closes_at: d.hearing.closes_at,
            questions: &d.questions,
            sections: &d.sections,
        }
    }
}

/// The link to a file the respondent uploaded.
pub(crate) fn file_link(lang: Lang, f: &StoredFile) -> FileLink {
    FileLink {
        id: f.id.to_string(),
        href: format!("/files/{}", f.id),
        filename: f.filename.clone(),
        size: human_size(f.size.max(0) as u64, lang == Lang::Da),
    }
}

/// How many rows of confidential passages the form shows.
fn passage_rows(f: &FormState) -> usize {
    f.v("conf_rows")
        .parse::<usize>()
        .unwrap_or(1)
        .clamp(1, PASSAGES_MAX)
}

/// A response as typed, as the form's fields.
fn values_of(raw: &RawResponse) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = vec![
        ("stance".into(), raw.stance.clone()),
        ("publication".into(), raw.publication.clone()),
    ];
    for (q, values) in &raw.answers {
        for value in values {
            v.push((field(q), value.clone()));
        }
    }
    for (s, text) in &raw.parts.comments {
        v.push((comment_field(s), text.clone()));
    }
    for a in &raw.parts.attachments {
        v.push(("attachment".into(), a.clone()));
    }
    v.push((
        "conf_rows".into(),
        (raw.parts.confidential.len() + 1).to_string(),
    ));
    for (i, p) in raw.parts.confidential.iter().enumerate() {
        v.push((format!("conf_location_{i}"), p.location.clone()));
        v.push((format!("conf_text_{i}"), p.text.clone()));
        v.push((format!("conf_reason_{i}"), p.reason.clone()));
    }
    v
}

/// The response as typed in the form. `file_values` are the file
/// questions' values after their uploads; `attachments` the files attached.
fn raw_from_form(
    form: &CsrfForm,
    src: &FormSource<'_>,
    file_values: &[(String, String)],
    attachments: Vec<String>,
) -> RawResponse {
    let answers = src
        .questions
        .iter()
        .map(|q| {
            let name = field(&q.id);
            let values = match file_values.iter().find(|(n, _)| *n == name) {
                Some((_, v)) if v.is_empty() => vec![],
                Some((_, v)) => vec![v.clone()],
                None => form.all(&name),
            };
            (q.id, values)
        })
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let rows = form
        .get("conf_rows")
        .parse::<usize>()
        .unwrap_or(1)
        .clamp(1, PASSAGES_MAX + 1);
    RawResponse {
        stance: form.get("stance").to_string(),
        publication: form.get("publication").to_string(),
        answers,
        parts: RawParts {
            comments: src
                .sections
                .iter()
                .map(|s| {
                    (
                        s.id.to_string(),
                        form.get(&comment_field(&s.id)).to_string(),
                    )
                })
                .filter(|(_, t)| !t.trim().is_empty())
                .collect(),
            attachments,
            confidential: (0..rows)
                .map(|i| RawPassage {
                    location: form.get(&format!("conf_location_{i}")).to_string(),
                    text: form.get(&format!("conf_text_{i}")).to_string(),
                    reason: form.get(&format!("conf_reason_{i}")).to_string(),
                })
                .filter(|p| !p.is_blank())
                .collect(),
        },
    }
}

/// The form's field (and its label) for an error of the store.
fn error_field(lang: Lang, src: &FormSource<'_>, path: &str) -> (String, String) {
    if let Some(qid) = path.strip_prefix("answers.") {
        let prompt = src
            .questions
            .iter()
            .find(|q| q.id.to_string() == qid)
            .map(|q| q.spec.prompt.clone())
            .unwrap_or_default();
        return (format!("answer_{qid}"), prompt);
    }
    if let Some(sid) = path.strip_prefix("comments.") {
        let label = src
            .sections
            .iter()
            .find(|s| s.id.to_string() == sid)
            .map(|s| format!("{} § {}", lang.t("respond.comment_on"), s.number))
            .unwrap_or_default();
        return (format!("comment_{sid}"), label);
    }
    if let Some(rest) = path.strip_prefix("confidential[") {
        let i = rest.split(']').next().unwrap_or("0");
        let (name, label) = if path.ends_with("location") {
            ("conf_location", "respond.conf_location")
        } else if path.ends_with("reason") {
            ("conf_reason", "respond.conf_reason")
        } else {
            ("conf_text", "respond.conf_text")
        };
        let n = i.parse::<usize>().unwrap_or(0) + 1;
        return (
            format!("{name}_{i}"),
            format!("{} {n}: {}", lang.t("respond.conf_row"), lang.t(label)),
        );
    }
    match path {
        "stance" => ("stance".into(), lang.t("field.stance").into()),
        "publication" => ("publication".into(), lang.t("field.publication").into()),
        "attachments" => (
            "attachment_file".into(),
            lang.t("respond.attachments").into(),
        ),
        "confidential" => ("conf_text_0".into(), lang.t("respond.confidential").into()),
        _ => ("stance".into(), lang.t("respond.title").into()),
    }
}

#[allow(clippy::too_many_arguments)]
fn page(
    c: &Ctx,
    src: &FormSource<'_>,
    f: FormState,
    refusal: Option<String>,
    files: &HashMap<FileId, StoredFile>,
    draft: Option<&Draft>,
    decisions: &[(String, String, String)],
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
    let own = |id: &str| -> Option<FileLink> {
        id.parse::<FileId>()
            .ok()
            .and_then(|id| files.get(&id))
            .map(|file| file_link(lang, file))
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
                QuestionKind::File => own(f.v(&name)),
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
    let sections = src
        .sections
        .iter()
        .map(|s| {
            let name = comment_field(&s.id);
            SectionComment {
                value: f.v(&name).to_string(),
                error: f.err(&name).map(str::to_string),
                number: s.number,
                heading: s.heading.clone(),
                html: hearings_markdown::to_safe_html(&s.body),
                name,
            }
        })
        .collect();
    let attachments: Vec<FileLink> = f
        .values
        .iter()
        .filter(|(k, _)| k == "attachment")
        .filter_map(|(_, v)| own(v))
        .collect();
    let mut locations: Vec<(String, String)> =
        vec![(String::new(), lang.t("respond.conf_choose").into())];
    locations.extend(
        src.questions
            .iter()
            .filter(|q| {
                matches!(
                    q.spec.kind,
                    QuestionKind::ShortText | QuestionKind::LongText
                )
            })
            .map(|q| (format!("answer:{}", q.id), q.spec.prompt.clone())),
    );
    locations.extend(src.sections.iter().map(|s| {
        (
            format!("comment:{}", s.id),
            format!(
                "{} § {} {}",
                lang.t("respond.comment_on"),
                s.number,
                s.heading
            ),
        )
    }));
    let passages = (0..passage_rows(&f))
        .map(|i| {
            let loc_name = format!("conf_location_{i}");
            let text = f.v(&format!("conf_text_{i}")).to_string();
            let location = f.v(&loc_name).to_string();
            PassageInput {
                i,
                locations: locations
                    .iter()
                    .map(|(value, label)| Choice {
                        chosen: *value == location,
                        value: value.clone(),
                        label: label.clone(),
                    })
                    .collect(),
                reason: f.v(&format!("conf_reason_{i}")).to_string(),
                location_err: f.err(&loc_name).map(str::to_string),
                text_err: f.err(&format!("conf_text_{i}")).map(str::to_string),
                reason_err: f.err(&format!("conf_reason_{i}")).map(str::to_string),
                decision: decisions
                    .iter()
                    .find(|(l, t, _)| *l == location && *t == text)
                    .map(|(_, _, d)| d.clone()),
                text,
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
        multipart: true,
        answers,
        preview: None,
        sections,
        attachments_room: ATTACHMENTS_MAX.saturating_sub(attachments.len()),
        attachments,
        passages,
        draft_status: draft.map(|d| {
            let mut s = format!(
                "{} {} {} {}.",
                lang.t("respond.draft_saved"),
                lang.datetime(d.updated_at),
                lang.t("respond.by"),
                d.updated_by
            );
            if d.unsubmitted {
                s.push(' ');
                s.push_str(lang.t("respond.draft_unsubmitted"));
            }
            s
        }),
        saved_notice: false,
        autosave_url: format!("/hearings/{}/draft", src.id),
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
    let mut p = page(c, src, f, None, &HashMap::new(), None, &[]);
    p.l = Layout::new(c, format!("{}: {}", c.lang.t("preview.title"), src.title));
    p.organisation = c.lang.t("preview.organisation").to_string();
    p.preview = Some(back);
    p.multipart = false;
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

/// The organisation's own files among the values of a form (one query).
async fn own_files(
    s: &WebState,
    lang: Lang,
    account: &Account,
    values: &[(String, String)],
) -> Result<HashMap<FileId, StoredFile>, PageError> {
    let ids: Vec<FileId> = values.iter().filter_map(|(_, v)| v.parse().ok()).collect();
    let files = s
        .store
        .files(&ids)
        .await
        .map_err(|e| PageError::from_store(lang, e))?;
    Ok(files
        .into_iter()
        .filter(|(_, f)| f.organisation.is_some() && f.organisation == account.organisation)
        .collect())
}

/// Staff's decisions on the organisation's confidential passages, as
/// (location, text, "decision: reason") for the form (none before a
/// submission).
async fn decisions(
    s: &WebState,
    lang: Lang,
    account: &Account,
    hearing: hearings_core::HearingId,
) -> Result<Vec<(String, String, String)>, PageError> {
    let now = s.clock.now();
    let mine = s
        .store
        .my_responses(account, now)
        .await
        .map_err(|e| PageError::from_store(lang, e))?;
    let Some(r) = mine.into_iter().find(|r| r.hearing == hearing) else {
        return Ok(Vec::new());
    };
    let d = s
        .store
        .response_detail(account, r.id, now)
        .await
        .map_err(|e| PageError::from_store(lang, e))?;
    Ok(d.confidential
        .into_iter()
        .filter(|p| p.decision != hearings_core::response_parts::Decision::Pending)
        .map(|p| {
            let label = lang.t(&format!("decision.{}", p.decision.as_str()));
            (
                p.location.to_string(),
                p.text,
                format!("{label}: {}", p.decision_reason.unwrap_or_default()),
            )
        })
        .collect())
}

/// Renders the form with everything typed.
#[allow(clippy::too_many_arguments)]
async fn form_page(
    s: &WebState,
    c: &Ctx,
    account: &Account,
    d: &HearingDetail,
    f: FormState,
    refusal: Option<String>,
    draft: Option<&Draft>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let files = own_files(s, c.lang, account, &f.values).await?;
    let decided = decisions(s, c.lang, account, d.hearing.id).await?;
    let page = page(c, &FormSource::of(d), f, refusal, &files, draft, &decided);
    let mut res = render(c.lang, page)?;
    *res.status_mut() = status;
    Ok(res)
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct FormQuery {
    saved: Option<String>,
}

/// `GET /hearings/{id}/respond`: the organisation's draft, or an empty
/// form.
pub async fn form(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    Query(q): Query<FormQuery>,
) -> Result<Response, PageError> {
    let id = parse_id(c.lang, &id)?;
    let account = require_respondent(&c)?.clone();
    let now = s.clock.now();
    let d = s
        .store
        .hearing(id, c.account.as_ref(), now)
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    let h = &d.hearing;
    let refusal =
        (h.state != HearingState::Open).then(|| c.lang.not_open(h.state, h.opens_at, h.closes_at));
    let draft = match s.store.draft(&account, id, now).await {
        Ok(draft) => draft,
        // Not yet a member of an organisation: the form says why it cannot be sent.
        Err(StoreError::Forbidden) => None,
        Err(e) => return Err(PageError::from_store(c.lang, e)),
    };
    let mut values = match &draft {
        Some(dr) => values_of(&dr.content),
        None => vec![("publication".into(), "named".into())],
    };
    values.push((
        "draft_version".into(),
        draft
            .as_ref()
            .map(|d| d.version.to_string())
            .unwrap_or_default(),
    ));
    // A fresh key per form: sending it twice (a double click, a retry) gives one receipt.
    values.push(("submission_key".into(), uuid::Uuid::new_v4().to_string()));
    let f = FormState {
        values,
        errors: vec![],
    };
    let files = own_files(&s, c.lang, &account, &f.values).await?;
    let decided = decisions(&s, c.lang, &account, id).await?;
    let mut page = page(
        &c,
        &FormSource::of(&d),
        f,
        refusal,
        &files,
        draft.as_ref(),
        &decided,
    );
    page.saved_notice = q.saved.is_some();
    render(c.lang, page)
}

/// Stores the files chosen in the form (file questions and attachments)
/// as the organisation's uploads, before anything else is checked, so a
/// file is not lost when the form comes back with an error. Returns each
/// file question's value (the upload's id, a kept earlier upload, or ""
/// when removed), the attachments kept and added, and the refusals of
/// files that are not taken.
async fn take_files(
    s: &WebState,
    lang: Lang,
    account: &Account,
    src: &FormSource<'_>,
    form: &CsrfForm,
) -> Result<(Vec<(String, String)>, Vec<String>, Vec<FieldError>), PageError> {
    let mut values = Vec::new();
    let mut refused = Vec::new();
    let now = s.clock.now();
    for q in src
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
                .upload(account, &upload.filename, &upload.bytes, now)
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
    let removed = form.all("attachment_remove");
    let mut attachments: Vec<String> = form
        .all("attachment")
        .into_iter()
        .filter(|a| !removed.contains(a))
        .collect();
    for upload in form.files("attachment_file") {
        if attachments.len() >= ATTACHMENTS_MAX {
            refused.push(FieldError::new(
                "attachments",
                hearings_core::input::Problem::TooManyFiles {
                    max: ATTACHMENTS_MAX,
                },
            ));
            break;
        }
        match s
            .store
            .upload(account, &upload.filename, &upload.bytes, now)
            .await
        {
            Ok(f) => attachments.push(f.id.to_string()),
            Err(StoreError::Invalid(errors)) => {
                refused.extend(errors.into_iter().map(|e| FieldError {
                    field: "attachments".into(),
                    problem: e.problem,
                }))
            }
            Err(e) => return Err(PageError::from_store(lang, e)),
        }
    }
    Ok((values, attachments, refused))
}

/// The form's values from a response as typed, with the form's own
/// bookkeeping (version, key, rows) added.
fn state_of(
    raw: &RawResponse,
    form: &CsrfForm,
    version: Option<i32>,
    extra_rows: usize,
) -> Vec<(String, String)> {
    let mut values = values_of(raw);
    let rows = raw.parts.confidential.len().max(
        form.get("conf_rows")
            .parse::<usize>()
            .unwrap_or(1)
            .saturating_sub(1),
    ) + 1
        + extra_rows;
    values.retain(|(k, _)| k != "conf_rows");
    values.push(("conf_rows".into(), rows.min(PASSAGES_MAX).to_string()));
    values.push((
        "draft_version".into(),
        version.map(|v| v.to_string()).unwrap_or_default(),
    ));
    values.push((
        "submission_key".into(),
        form.get("submission_key").to_string(),
    ));
    values
}

/// The draft version a form started from ("" for none).
fn base_version(form: &CsrfForm) -> Option<i32> {
    form.get("draft_version").trim().parse().ok()
}

/// `POST /hearings/{id}/respond`: saves the draft (`action=save`), adds a
/// row for a confidential passage (`more_conf`), takes a choice between two
/// versions (`resolve`), or saves and submits (`submit`, the default):
/// the receipt follows; on bad input or after the deadline the form comes
/// back with everything kept, the draft saved.
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
    let src = FormSource::of(&d);
    let (file_values, attachments, refused_files) =
        take_files(&s, c.lang, &account, &src, &form).await?;
    let mut raw = raw_from_form(&form, &src, &file_values, attachments);
    let action = form.get("action");
    let base = base_version(&form);
    if action == "more_conf" {
        let f = FormState {
            values: state_of(&raw, &form, base, 1),
            errors: vec![],
        };
        let draft = s.store.draft(&account, id, now).await.ok().flatten();
        return form_page(
            &s,
            &c,
            &account,
            &d,
            f,
            None,
            draft.as_ref(),
            StatusCode::OK,
        )
        .await;
    }
    if action == "resolve" {
        let current = s
            .store
            .draft(&account, id, now)
            .await
            .map_err(|e| PageError::from_store(c.lang, e))?;
        if let Some(theirs) = &current {
            merge_chosen(&mut raw, &theirs.content, &form);
        }
    }
    // Save first: whatever happens next, nothing typed is lost.
    let version = match s.store.save_draft(&account, id, base, &raw, now).await {
        Ok(DraftSave::Saved { version, .. }) => version,
        Ok(DraftSave::Conflict(current)) => {
            // A double click or a retry of a submission that went through:
            // its receipt, not a conflict with itself.
            let key = form.get("submission_key");
            if !matches!(action, "save" | "save-default" | "resolve") && !key.is_empty() {
                let answers: Vec<_> = raw
                    .answers
                    .iter()
                    .map(|(q, v)| (*q, Input::Form(v.clone())))
                    .collect();
                let sub = Submission {
                    stance: &raw.stance,
                    publication: &raw.publication,
                    answers: &answers,
                    parts: &raw.parts,
                    expect_draft: None,
                };
                if let Some(receipt) = s
                    .store
                    .replayed_submission(&account, id, key, &sub, now)
                    .await
                    .map_err(|e| PageError::from_store(c.lang, e))?
                {
                    return Ok(Redirect::to(&format!("/receipts/{}", receipt.id)).into_response());
                }
            }
            return conflict_page(&s, &c, &account, &d, &form, &raw, &current).await;
        }
        Err(StoreError::Forbidden) => return Err(PageError::forbidden(c.lang)),
        Err(e) => return Err(PageError::from_store(c.lang, e)),
    };
    let draft = s.store.draft(&account, id, now).await.ok().flatten();
    let errors_of = |errors: &[FieldError]| -> Vec<(String, String, String)> {
        errors
            .iter()
            .map(|e| {
                let (name, label) = error_field(c.lang, &src, &e.field);
                (name, c.lang.problem(&e.problem), label)
            })
            .collect()
    };
    if !refused_files.is_empty() {
        let f = FormState {
            values: state_of(&raw, &form, Some(version), 0),
            errors: errors_of(&refused_files),
        };
        return form_page(
            &s,
            &c,
            &account,
            &d,
            f,
            None,
            draft.as_ref(),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    if matches!(action, "save" | "save-default" | "resolve") {
        return Ok(
            Redirect::to(&format!("/hearings/{id}/respond?saved=1#draft-status")).into_response(),
        );
    }
    let answers: Vec<_> = raw
        .answers
        .iter()
        .map(|(q, v)| (*q, Input::Form(v.clone())))
        .collect();
    let sub = Submission {
        stance: &raw.stance,
        publication: &raw.publication,
        answers: &answers,
        parts: &raw.parts,
        expect_draft: Some(Some(version)),
    };
    let key = match form.get("submission_key") {
        "" => None,
        k => Some(k),
    };
    let result = s.store.submit_full(&account, id, key, &sub, now).await;
    let mut values = state_of(&raw, &form, Some(version), 0);
    let (errors, refusal, status) = match result {
        Ok(receipt) => {
            return Ok(Redirect::to(&format!("/receipts/{}", receipt.id)).into_response());
        }
        // A key already used for other content: say why, and give the form a fresh key.
        Err(StoreError::Invalid(errors))
            if errors
                .iter()
                .any(|e| e.field == "idempotency_key" || e.field == "draft_version") =>
        {
            values.retain(|(k, _)| k != "submission_key");
            values.push(("submission_key".into(), uuid::Uuid::new_v4().to_string()));
            let message = errors
                .first()
                .map(|e| c.lang.problem(&e.problem))
                .unwrap_or_default();
            (vec![], Some(message), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(StoreError::Invalid(errors)) => {
            (errors_of(&errors), None, StatusCode::UNPROCESSABLE_ENTITY)
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
            Some(format!(
                "{} {}",
                c.lang.not_open(state, opens_at, closes_at),
                c.lang.t("respond.draft_kept")
            )),
            StatusCode::CONFLICT,
        ),
        Err(e) => return Err(PageError::from_store(c.lang, e)),
    };
    let f = FormState { values, errors };
    form_page(&s, &c, &account, &d, f, refusal, draft.as_ref(), status).await
}

/// The parts of a response, each a field on which two versions may differ:
/// (key, label, display text).
fn fields_of(lang: Lang, src: &FormSource<'_>, r: &RawResponse) -> Vec<(String, String, String)> {
    let mut out = vec![
        (
            "stance".to_string(),
            lang.t("field.stance").to_string(),
            if r.stance.is_empty() {
                String::new()
            } else {
                lang.t(&format!("stance.{}", r.stance)).to_string()
            },
        ),
        (
            "publication".to_string(),
            lang.t("field.publication").to_string(),
            if r.publication.is_empty() {
                String::new()
            } else {
                lang.t(&format!("publication.{}", r.publication))
                    .to_string()
            },
        ),
    ];
    for q in src.questions {
        out.push((
            field(&q.id),
            q.spec.prompt.clone(),
            r.values(q.id).join(", "),
        ));
    }
    for sec in src.sections {
        out.push((
            comment_field(&sec.id),
            format!(
                "{} § {} {}",
                lang.t("respond.comment_on"),
                sec.number,
                sec.heading
            ),
            r.comment(sec.id).to_string(),
        ));
    }
    out.push((
        "attachments".into(),
        lang.t("respond.attachments").into(),
        r.parts.attachments.len().to_string(),
    ));
    out.push((
        "confidential".into(),
        lang.t("respond.confidential").into(),
        r.parts
            .confidential
            .iter()
            .map(|p| format!("«{}» — {}", p.text, p.reason))
            .collect::<Vec<_>>()
            .join("\n"),
    ));
    out
}

/// Takes into `mine` the fields for which the author chose the version
/// saved meanwhile (`choose_<key>=theirs`).
fn merge_chosen(mine: &mut RawResponse, theirs: &RawResponse, form: &CsrfForm) {
    let chosen = |key: &str| form.get(&format!("choose_{key}")) == "theirs";
    if chosen("stance") {
        mine.stance = theirs.stance.clone();
    }
    if chosen("publication") {
        mine.publication = theirs.publication.clone();
    }
    let questions: Vec<_> = mine
        .answers
        .iter()
        .map(|(q, _)| *q)
        .chain(theirs.answers.iter().map(|(q, _)| *q))
        .collect();
    for q in questions {
        if chosen(&field(&q)) {
            mine.answers.retain(|(id, _)| *id != q);
            if let Some(a) = theirs.answers.iter().find(|(id, _)| *id == q) {
                mine.answers.push(a.clone());
            }
        }
    }
    let sections: Vec<String> = mine
        .parts
        .comments
        .iter()
        .map(|(s, _)| s.clone())
        .chain(theirs.parts.comments.iter().map(|(s, _)| s.clone()))
        .collect();
    for sec in sections {
        if chosen(&format!("comment_{sec}")) {
            mine.parts.comments.retain(|(id, _)| *id != sec);
            if let Some(c) = theirs.parts.comments.iter().find(|(id, _)| *id == sec) {
                mine.parts.comments.push(c.clone());
            }
        }
    }
    if chosen("attachments") {
        mine.parts.attachments = theirs.parts.attachments.clone();
    }
    if chosen("confidential") {
        mine.parts.confidential = theirs.parts.confidential.clone();
    }
}

/// The two versions side by side: the author's own (kept in hidden fields)
/// and the one saved meanwhile, field by field where they differ.
#[allow(clippy::too_many_arguments)]
async fn conflict_page(
    _s: &WebState,
    c: &Ctx,
    _account: &Account,
    d: &HearingDetail,
    form: &CsrfForm,
    mine: &RawResponse,
    theirs: &Draft,
) -> Result<Response, PageError> {
    let src = FormSource::of(d);
    let ours = fields_of(c.lang, &src, mine);
    let other = fields_of(c.lang, &src, &theirs.content);
    let rows = ours
        .into_iter()
        .zip(other)
        .filter(|(a, b)| a.2 != b.2)
        .map(|(a, b)| ConflictRow {
            key: a.0,
            label: a.1,
            mine: a.2,
            theirs: b.2,
        })
        .collect();
    let mut hidden = values_of(mine);
    hidden.push((
        "submission_key".into(),
        form.get("submission_key").to_string(),
    ));
    let page = DraftConflictPage {
        l: Layout::new(c, c.lang.t("conflict.title")),
        id: d.hearing.id.to_string(),
        hearing_title: d.hearing.title.clone(),
        theirs_by: theirs.updated_by.clone(),
        theirs_at: c.lang.datetime(theirs.updated_at),
        theirs_version: theirs.version,
        rows,
        hidden,
    };
    let mut res = render(c.lang, page)?;
    *res.status_mut() = StatusCode::CONFLICT;
    Ok(res)
}

/// `POST /hearings/{id}/draft`: saves the draft while the author types
/// (the page's script sends the form without its files); answers JSON:
/// `{"version", "message"}`, or 409 with `{"conflict": true, "message"}`
/// when a colleague saved meanwhile (nothing is overwritten).
pub async fn autosave(
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
    let src = FormSource::of(&d);
    let file_values: Vec<(String, String)> = src
        .questions
        .iter()
        .filter(|q| q.spec.kind == QuestionKind::File)
        .map(|q| (field(&q.id), form.get(&field(&q.id)).to_string()))
        .collect();
    let raw = raw_from_form(&form, &src, &file_values, form.all("attachment"));
    let body = match s
        .store
        .save_draft(&account, id, base_version(&form), &raw, now)
        .await
    {
        Ok(DraftSave::Saved { version, at }) => (
            StatusCode::OK,
            Json(serde_json::json!({
                "version": version,
                "message": format!("{} {}.", c.lang.t("respond.autosaved"), c.lang.time_of_day(at)),
            })),
        ),
        Ok(DraftSave::Conflict(current)) => (
            StatusCode::CONFLICT,
            Json(serde_json::json!({
                "conflict": true,
                "version": current.version,
                "message": c.lang.t("respond.autosave_conflict"),
            })),
        ),
        Err(StoreError::Forbidden) => return Err(PageError::forbidden(c.lang)),
        Err(e) => return Err(PageError::from_store(c.lang, e)),
    };
    Ok(body.into_response())
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
        id: r.id.to_string(),
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
