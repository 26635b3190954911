//! The secretariat's pages: prepare a hearing, publish it, withdraw it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use hearings_core::hearing_info::RawHearingInfo;
use hearings_core::input::{
    FieldError, Problem, RawHearing, RawQuestion, RawSection, Withdrawal, parse_questions,
};
use hearings_core::question::{KIND_NAMES, QuestionError};
use hearings_core::time::from_copenhagen;
use hearings_core::time::in_copenhagen;
use hearings_core::{
    HearingKind, HearingState, QuestionId, QuestionSpec, SectionId, TransitionError,
};
use hearings_i18n::Lang;
use hearings_store::{HearingDetail, QuestionView, ReferenceData, SectionView, StoreError};

use crate::ctx::{CsrfForm, Ctx};
use crate::error::PageError;
use crate::pages::{area_name, hearing_page, parse_id, topic_name};
use crate::views::{
    Choice, EditMode, FormState, Layout, NewHearingPage, PreviewBack, QuestionInput, SectionInput,
};
use crate::{WebState, render};

const START_ROWS: usize = 3;
const MAX_ROWS: usize = 60;

fn require_staff(c: &Ctx) -> Result<(), PageError> {
    let a = c.require_account()?;
    if a.role.manages_hearings() {
        Ok(())
    } else {
        Err(PageError::forbidden(c.lang))
    }
}

fn rows(f: &FormState, name: &str, add: usize) -> usize {
    f.v(name)
        .parse::<usize>()
        .unwrap_or(START_ROWS)
        .clamp(1, MAX_ROWS)
        + add
}

fn page(c: &Ctx, refs: &ReferenceData, f: FormState, add_rows: usize) -> NewHearingPage {
    let lang = c.lang;
    let kinds = HearingKind::ALL
        .iter()
        .map(|k| Choice {
            value: k.as_str().into(),
            label: lang.t(&format!("kind.{k}")).into(),
            chosen: f.has("kind", k.as_str()),
        })
        .collect();
    // A retired entry is offered only where it is chosen already (a
    // hearing that has it keeps it when edited).
    let area_chosen = |code: &str| f.has("areas", code) || f.has("area", code);
    let areas = refs
        .areas
        .iter()
        .filter(|a| !a.retired || area_chosen(&a.code))
        .map(|a| Choice {
            value: a.code.clone(),
            label: area_name(lang, refs, &a.code),
            chosen: area_chosen(&a.code),
        })
        .collect();
    let mut committees = vec![Choice {
        value: String::new(),
        label: lang.t("field.committee_none").into(),
        chosen: f.v("committee").is_empty(),
    }];
    committees.extend(
        refs.committees
            .iter()
            .filter(|c| !c.retired || f.has("committee", &c.id.to_string()))
            .map(|c| Choice {
                value: c.id.to_string(),
                label: if lang == Lang::Da {
                    c.name_da.clone()
                } else {
                    c.name_en.clone()
                },
                chosen: f.has("committee", &c.id.to_string()),
            }),
    );
    let topics = refs
        .topics
        .iter()
        .filter(|t| !t.retired || f.has("topics", &t.code))
        .map(|t| Choice {
            value: t.code.clone(),
            label: topic_name(lang, refs, &t.code),
            chosen: f.has("topics", &t.code),
        })
        .collect();
    let sections = (0..rows(&f, "section_rows", add_rows))
        .map(|i| SectionInput {
            i,
            heading: f.v(&format!("section_heading_{i}")).into(),
            body: f.v(&format!("section_body_{i}")).into(),
            heading_err: f.err(&format!("section_heading_{i}")).map(str::to_string),
            body_err: f.err(&format!("section_body_{i}")).map(str::to_string),
        })
        .collect();
    let question_rows = rows(&f, "question_rows", add_rows);
    let questions = (0..question_rows)
        .map(|i| {
            let kind_field = format!("q_kind_{i}");
            QuestionInput {
                help: f.v(&format!("q_help_{i}")).into(),
                help_err: f.err(&format!("q_help_{i}")).map(str::to_string),
                last: i + 1 == question_rows,
                focus: None,
                i,
                kinds: KIND_NAMES
                    .iter()
                    .map(|k| Choice {
                        value: (*k).into(),
                        label: lang.t(&format!("qkind.{k}")).into(),
                        chosen: f.has(&kind_field, k),
                    })
                    .collect(),
                prompt: f.v(&format!("q_prompt_{i}")).into(),
                required: f.has(&format!("q_required_{i}"), "on"),
                options: f.v(&format!("q_options_{i}")).into(),
                unit: f.v(&format!("q_unit_{i}")).into(),
                kind_err: f.err(&kind_field).map(str::to_string),
                prompt_err: f.err(&format!("q_prompt_{i}")).map(str::to_string),
            }
        })
        .collect();
    NewHearingPage {
        l: Layout::new(c, lang.t("new.title")),
        f,
        kinds,
        areas,
        committees,
        topics,
        sections,
        questions,
        edit: None,
    }
}

/// `GET /staff/hearings/new`
pub async fn new_form(State(s): State<WebState>, c: Ctx) -> Result<Response, PageError> {
    require_staff(&c)?;
    let refs = s
        .store
        .reference_data()
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    let f = FormState {
        values: vec![
            ("kind".into(), "lokalplanforslag".into()),
            ("opens_time".into(), "08:00".into()),
            ("closes_time".into(), "12:00".into()),
        ],
        errors: vec![],
    };
    render(c.lang, page(&c, &refs, f, 0))
}

/// Form field and label for a hearing field path (`questions[2].prompt` → `q_prompt_2`).
fn hearing_field(lang: Lang, path: &str, problem: &Problem) -> (String, String) {
    let indexed = |prefix: &str| -> Option<usize> {
        path.strip_prefix(prefix)?.split(']').next()?.parse().ok()
    };
    if let Some(i) = indexed("sections[") {
        let (field, label) = if path.ends_with("body") {
            ("section_body", "field.section_body")
        } else {
            ("section_heading", "field.section_heading")
        };
        return (
            format!("{field}_{i}"),
            format!("{} {} – {}", lang.t("new.section_n"), i + 1, lang.t(label)),
        );
    }
    if let Some(i) = indexed("questions[") {
        let field = match problem {
            Problem::Question(QuestionError::TooFewOptions | QuestionError::MissingUnit)
            | Problem::Question(QuestionError::UnknownKind(_)) => "q_kind",
            _ if path.ends_with("prompt") => "q_prompt",
            _ if path.ends_with("help") => "q_help",
            _ => "q_kind",
        };
        return (
            format!("{field}_{i}"),
            format!("{} {}", lang.t("new.question_n"), i + 1),
        );
    }
    if path.starts_with("areas") {
        return ("areas".into(), lang.t("field.areas").into());
    }
    if path.starts_with("topics") {
        return ("topics".into(), lang.t("field.topics").into());
    }
    let (field, label) = match path {
        "title" => ("title", "field.title"),
        "summary" => ("summary", "field.summary"),
        "kind" => ("kind", "field.kind"),
        "area" => ("areas", "field.areas"),
        "committee" => ("committee", "field.committee"),
        "council_meeting.date" => ("council_meeting_date", "field.council_meeting_date"),
        "council_meeting.agenda_title" => ("council_meeting_title", "field.council_meeting_title"),
        "contact.name" => ("contact_name", "field.contact_name"),
        "contact.email" => ("contact_email", "field.contact_email"),
        "contact.phone" => ("contact_phone", "field.contact_phone"),
        "opens_at" => ("opens_date", "field.opens"),
        "closes_at" => ("closes_date", "field.closes"),
        "note" => ("note", "edit.note"),
        "sections" => ("section_heading_0", "new.sections"),
        _ => ("q_prompt_0", "new.questions"),
    };
    (field.to_string(), lang.t(label).to_string())
}

/// Reads the form's particulars: committee, council meeting, the checked
/// areas and topics, and the contact.
fn raw_info(form: &CsrfForm) -> RawHearingInfo {
    RawHearingInfo {
        committee: form.get("committee").into(),
        council_meeting_date: form.get("council_meeting_date").into(),
        council_meeting_agenda_title: form.get("council_meeting_title").into(),
        areas: form.all("areas"),
        topics: form.all("topics"),
        contact_name: form.get("contact_name").into(),
        contact_email: form.get("contact_email").into(),
        contact_phone: form.get("contact_phone").into(),
    }
}

/// Reads the form's rows into a raw hearing.
fn raw_hearing(form: &CsrfForm) -> RawHearing {
    let count = |name: &str| {
        form.get(name)
            .parse::<usize>()
            .unwrap_or(START_ROWS)
            .clamp(1, MAX_ROWS)
    };
    let closes = if form.get("closes_date").trim().is_empty() && form.get("kind") == "open_call" {
        Ok(None)
    } else {
        from_copenhagen(form.get("closes_date"), form.get("closes_time"))
            .map(Some)
            .map_err(Problem::from)
    };
    RawHearing {
        title: form.get("title").into(),
        summary: form.get("summary").into(),
        kind: form.get("kind").into(),
        opens_at: from_copenhagen(form.get("opens_date"), form.get("opens_time"))
            .map_err(Problem::from),
        closes_at: closes,
        area: Some(form.get("area").to_string()),
        sections: (0..count("section_rows"))
            .map(|i| RawSection {
                heading: form.get(&format!("section_heading_{i}")).into(),
                body: form.get(&format!("section_body_{i}")).into(),
            })
            .collect(),
        questions: (0..count("question_rows"))
            .map(|i| RawQuestion {
                kind: form.get(&format!("q_kind_{i}")).into(),
                prompt: form.get(&format!("q_prompt_{i}")).into(),
                required: form.get(&format!("q_required_{i}")) == "on",
                options: form
                    .get(&format!("q_options_{i}"))
                    .lines()
                    .map(str::to_string)
                    .collect(),
                unit: Some(form.get(&format!("q_unit_{i}")).to_string()),
                help: form.get(&format!("q_help_{i}")).into(),
            })
            .collect(),
    }
}

/// `POST /staff/hearings/new`: "more rows" re-shows the form with three
/// more of each; "save" keeps the draft or re-shows the form with errors.
pub async fn create(
    State(s): State<WebState>,
    c: Ctx,
    form: CsrfForm,
) -> Result<Response, PageError> {
    require_staff(&c)?;
    let account = c.require_account()?.clone();
    let refs = s
        .store
        .reference_data()
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    let values = form.values();
    match builder_step(&c, &form, "/staff/hearings/new")? {
        Step::Save => {}
        Step::Preview(res) => return Ok(res),
        Step::Again { values, add, focus } => {
            let mut p = page(
                &c,
                &refs,
                FormState {
                    values,
                    errors: vec![],
                },
                add,
            );
            set_focus(&mut p, focus);
            return render(c.lang, p);
        }
        Step::Invalid(errors) => {
            let f = invalid_form(&c, values, &errors);
            let mut res = render(c.lang, page(&c, &refs, f, 0))?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(res);
        }
    }
    let result = match raw_hearing(&form).parse_with(&raw_info(&form)) {
        Ok(new) => s.store.create_hearing(&account, new, s.clock.now()).await,
        Err(errors) => Err(StoreError::Invalid(errors)),
    };
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/hearings/{id}")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            let f = invalid_form(&c, values, &errors);
            let mut res = render(c.lang, page(&c, &refs, f, 0))?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

/// `POST /hearings/{id}/publish`
pub async fn publish(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    _form: CsrfForm,
) -> Result<Response, PageError> {
    require_staff(&c)?;
    let id = parse_id(c.lang, &id)?;
    let account = c.require_account()?;
    s.store
        .publish_hearing(account, id, s.clock.now())
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    Ok(Redirect::to(&format!("/hearings/{id}")).into_response())
}

/// `POST /hearings/{id}/withdraw`: withdraws the hearing with a public
/// reason, or shows its page again with the reason's error and what was typed.
pub async fn withdraw(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    require_staff(&c)?;
    let id = parse_id(c.lang, &id)?;
    let account = c.require_account()?;
    let typed = form.get("reason");
    let result = match Withdrawal::parse(typed) {
        Ok(w) => {
            s.store
                .withdraw_hearing(account, id, w, s.clock.now())
                .await
        }
        Err(errors) => Err(StoreError::Invalid(errors)),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/hearings/{id}#withdrawal")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            let mut page = hearing_page(&s, &c, id, FormState::default(), false).await?;
            if !page.can_withdraw {
                // Not withdrawable any more: say that, not what is wrong with the reason.
                let from = HearingState::parse(&page.state).unwrap_or(HearingState::Decided);
                let refusal = TransitionError::NotAllowed {
                    from,
                    action: "withdrawn",
                };
                return Err(PageError::from_store(c.lang, refusal.into()));
            }
            page.withdraw = FormState {
                values: vec![("reason".into(), typed.into())],
                errors: errors
                    .iter()
                    .map(|e| {
                        (
                            "withdraw-reason".to_string(),
                            c.lang.problem(&e.problem),
                            c.lang.t("withdraw.reason").to_string(),
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

/// The form's values of a stored hearing, for editing it.
fn detail_form(d: &HearingDetail) -> FormState {
    let h = &d.hearing;
    let mut v: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, val: String| v.push((k.to_string(), val));
    put("title", h.title.clone());
    put("summary", h.summary.clone());
    put("kind", h.kind.as_str().to_string());
    let opens = in_copenhagen(h.opens_at);
    put("opens_date", opens.format("%Y-%m-%d").to_string());
    put("opens_time", opens.format("%H:%M").to_string());
    if let Some(c) = h.closes_at {
        let c = in_copenhagen(c);
        put("closes_date", c.format("%Y-%m-%d").to_string());
        put("closes_time", c.format("%H:%M").to_string());
    }
    if let Some(c) = &h.committee {
        put("committee", c.id.to_string());
    }
    if let Some(m) = &h.council_meeting {
        put("council_meeting_date", m.date.to_string());
        put("council_meeting_title", m.agenda_title.clone());
    }
    if let Some(c) = &h.contact {
        put("contact_name", c.name.clone());
        put("contact_email", c.email.clone());
        put("contact_phone", c.phone.clone().unwrap_or_default());
    }
    for a in &h.areas {
        put("areas", a.code.clone());
    }
    for t in &h.topics {
        put("topics", t.code.clone());
    }
    put("section_rows", d.sections.len().max(1).to_string());
    for (i, sec) in d.sections.iter().enumerate() {
        put(&format!("section_heading_{i}"), sec.heading.clone());
        put(&format!("section_body_{i}"), sec.body.clone());
    }
    put("question_rows", d.questions.len().max(1).to_string());
    for (i, q) in d.questions.iter().enumerate() {
        put(&format!("q_kind_{i}"), q.spec.kind.name().to_string());
        put(&format!("q_prompt_{i}"), q.spec.prompt.clone());
        if q.spec.required {
            put(&format!("q_required_{i}"), "on".into());
        }
        put(&format!("q_options_{i}"), q.spec.kind.options().join("\n"));
        put(
            &format!("q_unit_{i}"),
            q.spec.kind.unit().unwrap_or_default().to_string(),
        );
        put(&format!("q_help_{i}"), q.spec.help.clone());
    }
    FormState {
        values: v,
        errors: vec![],
    }
}

/// The hearing to edit, if it may still be edited (draft, scheduled, open
/// or closed), with whether it is published.
async fn editable(
    s: &WebState,
    c: &Ctx,
    id: hearings_core::HearingId,
) -> Result<(HearingDetail, bool), PageError> {
    let d = s
        .store
        .hearing(id, c.account.as_ref(), s.clock.now())
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    let state = d.hearing.state;
    if !matches!(
        state,
        HearingState::Draft | HearingState::Scheduled | HearingState::Open | HearingState::Closed
    ) {
        let refusal = TransitionError::NotAllowed {
            from: state,
            action: "corrected",
        };
        return Err(PageError::from_store(c.lang, refusal.into()));
    }
    Ok((d, state != HearingState::Draft))
}

fn edit_page(
    c: &Ctx,
    refs: &ReferenceData,
    f: FormState,
    add_rows: usize,
    id: hearings_core::HearingId,
    published: bool,
) -> NewHearingPage {
    let mut p = page(c, refs, f, add_rows);
    p.l = Layout::new(c, c.lang.t("edit.title"));
    p.edit = Some(EditMode {
        action: format!("/staff/hearings/{id}/edit"),
        published,
    });
    p
}

/// `GET /staff/hearings/{id}/edit`: the new-hearing form, filled in.
pub async fn edit_form(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    require_staff(&c)?;
    let id = parse_id(c.lang, &id)?;
    let (d, published) = editable(&s, &c, id).await?;
    let refs = s
        .store
        .reference_data()
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    render(
        c.lang,
        edit_page(&c, &refs, detail_form(&d), 0, id, published),
    )
}

/// `POST /staff/hearings/{id}/edit`: saves the edit (a correction, with its
/// note, once published), or shows the form again with the errors and
/// everything typed.
pub async fn edit(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    require_staff(&c)?;
    let id = parse_id(c.lang, &id)?;
    let account = c.require_account()?.clone();
    let (d, published) = editable(&s, &c, id).await?;
    let refs = s
        .store
        .reference_data()
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    let values = form.values();
    match builder_step(&c, &form, &format!("/staff/hearings/{id}/edit"))? {
        Step::Save => {}
        Step::Preview(res) => return Ok(res),
        Step::Again { values, add, focus } => {
            let f = FormState {
                values,
                errors: vec![],
            };
            let mut p = edit_page(&c, &refs, f, add, id, published);
            set_focus(&mut p, focus);
            return render(c.lang, p);
        }
        Step::Invalid(errors) => {
            let f = invalid_form(&c, values, &errors);
            let mut res = render(c.lang, edit_page(&c, &refs, f, 0, id, published))?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(res);
        }
    }
    let result = match raw_hearing(&form).parse_with(&raw_info(&form)) {
        Ok(mut new) => {
            // The form shows times to the minute: a time left as shown
            // keeps its stored seconds (an API client may have set them).
            let shown = detail_form(&d);
            let kept = |name: &str| {
                form.get(&format!("{name}_date")) == shown.v(&format!("{name}_date"))
                    && form.get(&format!("{name}_time")) == shown.v(&format!("{name}_time"))
            };
            if kept("opens") {
                new.opens_at = d.hearing.opens_at;
            }
            if kept("closes") && d.hearing.closes_at.is_some() {
                new.closes_at = d.hearing.closes_at;
            }
            s.store
                .edit_hearing(&account, id, new, form.get("note"), s.clock.now())
                .await
        }
        Err(errors) => Err(StoreError::Invalid(errors)),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/hearings/{id}")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            let f = invalid_form(&c, values, &errors);
            let mut res = render(c.lang, edit_page(&c, &refs, f, 0, id, published))?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

/// The form as typed with each error next to its field.
fn invalid_form(c: &Ctx, values: Vec<(String, String)>, errors: &[FieldError]) -> FormState {
    let errors = errors
        .iter()
        .map(|e| {
            let (field, label) = hearing_field(c.lang, &e.field, &e.problem);
            (field, c.lang.problem(&e.problem), label)
        })
        .collect();
    FormState { values, errors }
}

/// The fields of a question row, each followed by the row number.
const QUESTION_FIELDS: [&str; 6] = [
    "q_kind_",
    "q_prompt_",
    "q_required_",
    "q_options_",
    "q_unit_",
    "q_help_",
];

/// What a press of one of the form's buttons asks for.
enum Step {
    /// Save the hearing.
    Save,
    /// The preview of the response form, ready to send.
    Preview(Response),
    /// Show the form again, rearranged, with `add` more empty rows, and
    /// the keyboard focus on a moved row's button.
    Again {
        values: Vec<(String, String)>,
        add: usize,
        focus: Option<(usize, &'static str)>,
    },
    /// The preview was asked for, but the questions have errors.
    Invalid(Vec<FieldError>),
}

/// Reads the button pressed in the hearing form: "more rows", "back"
/// (from the preview), "preview", a question's "up", "down" or "remove",
/// or (anything else) "save".
fn builder_step(c: &Ctx, form: &CsrfForm, action_url: &str) -> Result<Step, PageError> {
    let values = form.values();
    let rows = form
        .get("question_rows")
        .parse::<usize>()
        .unwrap_or(START_ROWS)
        .clamp(1, MAX_ROWS);
    let action = form.get("action");
    let moved = |a: &str, prefix: &str| a.strip_prefix(prefix)?.parse::<usize>().ok();
    let step = match action {
        "more" => Step::Again {
            values,
            add: 3,
            focus: None,
        },
        "back" => Step::Again {
            values,
            add: 0,
            focus: None,
        },
        "preview" => {
            let raw = raw_hearing(form);
            match parse_questions(&raw.questions) {
                Ok(specs) => Step::Preview(preview(c, form, action_url, &raw, specs)?),
                Err(errors) => Step::Invalid(errors),
            }
        }
        a => {
            if let Some(k) = moved(a, "up_").filter(|k| *k > 0 && *k < rows) {
                let focus = if k > 1 { "up" } else { "down" };
                Step::Again {
                    values: renumber(values, |i| match i {
                        i if i == k => Some(k - 1),
                        i if i + 1 == k => Some(k),
                        i => Some(i),
                    }),
                    add: 0,
                    focus: Some((k - 1, focus)),
                }
            } else if let Some(k) = moved(a, "down_").filter(|k| k + 1 < rows) {
                let focus = if k + 2 < rows { "down" } else { "up" };
                Step::Again {
                    values: renumber(values, |i| match i {
                        i if i == k => Some(k + 1),
                        i if i == k + 1 => Some(k),
                        i => Some(i),
                    }),
                    add: 0,
                    focus: Some((k + 1, focus)),
                }
            } else if let Some(k) = moved(a, "remove_").filter(|k| *k < rows) {
                let mut values = renumber(values, |i| match i {
                    i if i == k => None,
                    i if i > k => Some(i - 1),
                    i => Some(i),
                });
                values.retain(|(name, _)| name != "question_rows");
                values.push((
                    "question_rows".into(),
                    rows.saturating_sub(1).max(1).to_string(),
                ));
                Step::Again {
                    values,
                    add: 0,
                    focus: None,
                }
            } else {
                Step::Save
            }
        }
    };
    Ok(step)
}

/// The form's values with each question row's fields given the row number
/// `to(row)` (or dropped for `None`).
fn renumber(
    values: Vec<(String, String)>,
    to: impl Fn(usize) -> Option<usize>,
) -> Vec<(String, String)> {
    values
        .into_iter()
        .filter_map(|(name, value)| {
            for prefix in QUESTION_FIELDS {
                if let Some(row) = name
                    .strip_prefix(prefix)
                    .and_then(|n| n.parse::<usize>().ok())
                {
                    return to(row).map(|r| (format!("{prefix}{r}"), value));
                }
            }
            Some((name, value))
        })
        .collect()
}

/// Puts the keyboard focus on a moved question's button.
fn set_focus(p: &mut NewHearingPage, focus: Option<(usize, &'static str)>) {
    if let Some((row, button)) = focus
        && let Some(q) = p.questions.get_mut(row)
    {
        q.focus = Some(button.to_string());
    }
}

/// The response form exactly as respondents will see it, from the
/// questions and sections as typed, with a way back to the form that
/// keeps everything.
fn preview(
    c: &Ctx,
    form: &CsrfForm,
    action_url: &str,
    raw: &RawHearing,
    specs: Vec<QuestionSpec>,
) -> Result<Response, PageError> {
    let questions: Vec<QuestionView> = specs
        .into_iter()
        .enumerate()
        .map(|(i, spec)| QuestionView {
            id: QuestionId(uuid::Uuid::from_u128(i as u128 + 1)),
            position: i as i32,
            spec,
        })
        .collect();
    let sections: Vec<SectionView> = raw
        .sections
        .iter()
        .filter(|s| !s.heading.trim().is_empty())
        .enumerate()
        .map(|(i, s)| SectionView {
            id: SectionId(uuid::Uuid::from_u128(i as u128 + 1)),
            number: i as i32 + 1,
            heading: s.heading.trim().to_string(),
            body: s.body.clone(),
        })
        .collect();
    let title = if raw.title.trim().is_empty() {
        c.lang.t("new.title").to_string()
    } else {
        raw.title.trim().to_string()
    };
    let source = crate::respond::FormSource {
        id: String::new(),
        title: &title,
        closes_at: raw.closes_at.clone().ok().flatten(),
        questions: &questions,
        sections: &sections,
    };
    let back = PreviewBack::Form {
        action: action_url.to_string(),
        fields: form
            .values()
            .into_iter()
            .filter(|(k, _)| k != "action")
            .collect(),
    };
    crate::respond::preview_page(c, &source, back)
}
