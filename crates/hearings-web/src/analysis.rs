//! The secretariat's analysis workspace on the pages: a hearing's
//! responses with their summaries, assessments and themes, filtered; the
//! themes; and the forms on a response's page that summarise, assess and
//! tag it. Staff write; politicians and administrators read.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use hearings_core::analysis::{Assessment, RawAnalysis, RawBulk, RawTag, RawTheme};
use hearings_core::input::FieldError;
use hearings_core::{HearingId, ResponseId, SectionId, Stance, TagId, ThemeId};
use hearings_i18n::Lang;
use hearings_store::{Account, AnalysisFilter, StoreError};
use serde::Deserialize;

use crate::ctx::{CsrfForm, Ctx};
use crate::error::PageError;
use crate::pages::{area_name, parse_id};
use crate::views::{Choice, FormState, Layout};
use crate::{WebState, render};

fn reader(c: &Ctx) -> Result<&Account, PageError> {
    let a = c.require_account()?;
    if a.role.reads_summaries() {
        Ok(a)
    } else {
        Err(PageError::forbidden(c.lang))
    }
}

fn analyst(c: &Ctx) -> Result<&Account, PageError> {
    let a = c.require_account()?;
    if a.role.manages_hearings() {
        Ok(a)
    } else {
        Err(PageError::forbidden(c.lang))
    }
}

/// The filter of the workspace, from the query string.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct FilterQuery {
    theme: String,
    stance: String,
    section: String,
    size: String,
    area: String,
    rtype: String,
    assessment: String,
    campaign: String,
    question: String,
    value: String,
    /// After a bulk action: how many responses were tagged and assessed
    /// (kept as typed, so that a bad value is ignored, not refused).
    tagged: String,
    assessed: String,
}

impl FilterQuery {
    /// The filter as a query string (without the notice of a bulk
    /// action), to come back to the same list.
    fn query_string(&self) -> String {
        [
            ("theme", &self.theme),
            ("stance", &self.stance),
            ("section", &self.section),
            ("size", &self.size),
            ("area", &self.area),
            ("rtype", &self.rtype),
            ("assessment", &self.assessment),
            ("campaign", &self.campaign),
            ("question", &self.question),
            ("value", &self.value),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", crate::error::encode(v.trim())))
        .collect::<Vec<_>>()
        .join("&")
    }

    /// The filter from such a query string (an unreadable one: no filter).
    fn from_query_string(raw: &str) -> Self {
        format!("/?{raw}")
            .parse::<axum::http::Uri>()
            .ok()
            .and_then(|u| Query::<FilterQuery>::try_from_uri(&u).ok())
            .map(|Query(q)| FilterQuery {
                tagged: String::new(),
                assessed: String::new(),
                ..q
            })
            .unwrap_or_default()
    }
}

fn some(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// A row of the workspace's table.
pub struct Row {
    pub id: String,
    /// Ticked for a bulk action (kept when the action is refused).
    pub picked: bool,
    pub href: String,
    pub reference: String,
    pub organisation: String,
    pub stance: String,
    pub summary: String,
    pub assessment: String,
    pub themes: String,
}

/// A theme in the workspace.
pub struct ThemeRow {
    pub id: String,
    pub href: String,
    pub name: String,
    pub responses: i64,
    pub filter_href: String,
}

/// A filter's select.
pub struct Select {
    pub name: &'static str,
    pub label: String,
    pub choices: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "analysis.html")]
pub struct WorkspacePage {
    pub l: Layout,
    pub id: String,
    pub exports: String,
    pub hearing_title: String,
    pub total: i64,
    pub summarised: i64,
    pub assessed: i64,
    pub percent: String,
    pub selects: Vec<Select>,
    pub filtered: bool,
    /// The filter by answer (question and value) the summary links with,
    /// kept by the filter form.
    pub hidden: Vec<(&'static str, String)>,
    /// That filter in words, if any.
    pub answer_filter: Option<String>,
    pub themes: Vec<ThemeRow>,
    pub rows: Vec<Row>,
    pub can_edit: bool,
    pub theme_form: FormState,
    /// The bulk action's form: what was typed and its errors.
    pub bulk_form: FormState,
    /// The filter's query string, for the bulk action to return to.
    pub back: String,
    /// What the last bulk action changed.
    pub notice: Option<String>,
    /// "Every one of the N responses shown".
    pub shown_label: String,
    /// The assessments to choose from (value, label).
    pub assessments: Vec<(String, String)>,
    pub campaigns: usize,
    pub question_terms: Vec<QuestionTermsBox>,
}

/// A text question's key terms on the analysis page.
pub struct QuestionTermsBox {
    pub id: String,
    pub prompt: String,
    pub terms: Vec<crate::campaigns::TermLink>,
}

fn select(
    name: &'static str,
    label: String,
    chosen: &str,
    items: Vec<(String, String)>,
    any: &str,
) -> Select {
    let mut choices = vec![Choice {
        value: String::new(),
        label: any.to_string(),
        chosen: chosen.is_empty(),
    }];
    choices.extend(items.into_iter().map(|(value, label)| Choice {
        chosen: value == chosen,
        value,
        label,
    }));
    Select {
        name,
        label,
        choices,
    }
}

async fn workspace_page(
    s: &WebState,
    c: &Ctx,
    id: HearingId,
    q: &FilterQuery,
    theme_form: FormState,
    bulk_form: FormState,
) -> Result<WorkspacePage, PageError> {
    let lang = c.lang;
    let account = reader(c)?;
    let err = |e| PageError::from_store(lang, e);
    let d = s
        .store
        .hearing(id, Some(account), s.clock.now())
        .await
        .map_err(err)?;
    let refs = s.store.reference_data().await.map_err(err)?;
    let campaigns = s.store.campaigns_of(account, id).await.map_err(err)?;
    let within = match q.campaign.trim() {
        "" => None,
        raw => Some(
            campaigns
                .iter()
                .find(|c| c.id.to_string() == raw)
                .map(|c| c.members.iter().map(|m| m.response).collect())
                .unwrap_or_default(),
        ),
    };
    let question_terms = s.store.question_terms(account, id).await.map_err(err)?;
    let filter = AnalysisFilter {
        theme: q.theme.trim().parse().ok(),
        stance: some(&q.stance),
        section: some(&q.section),
        size: some(&q.size),
        area: some(&q.area),
        respondent_type: some(&q.rtype),
        assessment: some(&q.assessment),
        within,
        answer: q
            .question
            .trim()
            .parse()
            .ok()
            .map(|id| (id, some(&q.value))),
    };
    let w = s.store.workspace(account, id, &filter).await.map_err(err)?;
    let any = lang.t("analysis.any");
    let mut letters: Vec<(String, String)> = refs
        .sections
        .iter()
        .map(|x| {
            (
                x.section.clone(),
                format!(
                    "{} {}",
                    x.section,
                    if lang == Lang::Da {
                        &x.name_da
                    } else {
                        &x.name_en
                    }
                ),
            )
        })
        .collect();
    letters.sort();
    letters.dedup_by(|a, b| a.0 == b.0);
    let assessments: Vec<(String, String)> = Assessment::ALL
        .iter()
        .map(|a| (a.as_str().into(), lang.t(&format!("assessment.{a}")).into()))
        .collect();
    let mut assessment_filter: Vec<(String, String)> =
        vec![("none".into(), lang.t("analysis.not_assessed").into())];
    assessment_filter.extend(assessments.iter().cloned());
    let selects = vec![
        select(
            "theme",
            lang.t("analysis.theme").into(),
            &q.theme,
            w.themes
                .iter()
                .map(|t| (t.id.to_string(), t.theme.name.clone()))
                .collect(),
            any,
        ),
        select(
            "stance",
            lang.t("field.stance").into(),
            &q.stance,
            Stance::ALL
                .iter()
                .map(|x| (x.as_str().into(), lang.t(&format!("stance.{x}")).into()))
                .collect(),
            any,
        ),
        select(
            "section",
            lang.t("analysis.section").into(),
            &q.section,
            letters,
            any,
        ),
        select(
            "size",
            lang.t("analysis.size").into(),
            &q.size,
            hearings_core::SizeClass::ALL
                .iter()
                .map(|x| (x.as_str().into(), lang.t(&format!("size.{x}")).into()))
                .collect(),
            any,
        ),
        select(
            "area",
            lang.t("analysis.area").into(),
            &q.area,
            refs.areas
                .iter()
                .map(|a| (a.code.clone(), area_name(lang, &refs, &a.code)))
                .collect(),
            any,
        ),
        select(
            "rtype",
            lang.t("field.org_type").into(),
            &q.rtype,
            hearings_core::RespondentType::ALL
                .iter()
                .map(|x| (x.as_str().into(), lang.t(&format!("rtype.{x}")).into()))
                .collect(),
            any,
        ),
        select(
            "assessment",
            lang.t("analysis.assessment").into(),
            &q.assessment,
            assessment_filter,
            any,
        ),
        select(
            "campaign",
            lang.t("campaigns.filter").into(),
            &q.campaign,
            campaigns
                .iter()
                .map(|c| (c.id.to_string(), crate::campaigns::campaign_label(lang, c)))
                .collect(),
            any,
        ),
    ];
    Ok(WorkspacePage {
        l: Layout::new(
            c,
            format!("{}: {}", lang.t("analysis.title"), d.hearing.title),
        ),
        id: id.to_string(),
        exports: format!("/hearings/{id}/export"),
        hearing_title: d.hearing.title.clone(),
        total: w.progress.total,
        summarised: w.progress.summarised,
        assessed: w.progress.assessed,
        percent: w
            .progress
            .percent_assessed()
            .map(|p| format!("{p} %"))
            .unwrap_or_else(|| "—".into()),
        filtered: [
            &q.theme,
            &q.stance,
            &q.section,
            &q.size,
            &q.area,
            &q.rtype,
            &q.assessment,
            &q.campaign,
            &q.question,
        ]
        .iter()
        .any(|v| !v.trim().is_empty()),
        hidden: match &filter.answer {
            Some((question, value)) => {
                let mut h = vec![("question", question.to_string())];
                if let Some(v) = value {
                    h.push(("value", v.clone()));
                }
                h
            }
            None => Vec::new(),
        },
        answer_filter: filter.answer.as_ref().map(|(question, value)| {
            let prompt = d
                .questions
                .iter()
                .find(|x| x.id == *question)
                .map(|x| x.spec.prompt.clone())
                .unwrap_or_default();
            match value {
                Some(v) => format!("{}: {prompt} = {v}", lang.t("analysis.answer_filter")),
                None => format!("{}: {prompt}", lang.t("analysis.answer_filter")),
            }
        }),
        selects,
        themes: w
            .themes
            .iter()
            .map(|t| ThemeRow {
                id: t.id.to_string(),
                href: format!("/themes/{}", t.id),
                name: t.theme.name.clone(),
                responses: t.responses,
                filter_href: format!("/hearings/{id}/analysis?theme={}", t.id),
            })
            .collect(),
        rows: w
            .rows
            .iter()
            .map(|r| Row {
                id: r.id.to_string(),
                picked: bulk_form
                    .values
                    .iter()
                    .any(|(k, v)| k == "response" && *v == r.id.to_string()),
                href: format!("/responses/{}#analysis", r.id),
                reference: r.reference.clone(),
                organisation: r.organisation.clone(),
                stance: lang.t(&format!("stance.{}", r.stance.as_str())).into(),
                summary: r.summary.clone(),
                assessment: r
                    .assessment
                    .map(|a| lang.t(&format!("assessment.{a}")).to_string())
                    .unwrap_or_else(|| lang.t("analysis.not_assessed").to_string()),
                themes: r
                    .themes
                    .iter()
                    .map(|(_, n)| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .collect(),
        can_edit: account.role.manages_hearings(),
        theme_form,
        bulk_form,
        back: q.query_string(),
        shown_label: lang
            .t("analysis.bulk_shown")
            .replace("{n}", &w.rows.len().to_string()),
        notice: {
            let said: Vec<String> = [
                (&q.tagged, "analysis.bulk_tagged"),
                (&q.assessed, "analysis.bulk_assessed"),
            ]
            .iter()
            .filter_map(|(n, key)| {
                n.trim()
                    .parse::<usize>()
                    .ok()
                    .map(|n| lang.t(key).replace("{n}", &n.to_string()))
            })
            .collect();
            (!said.is_empty()).then(|| said.join(" "))
        },
        assessments,
        campaigns: campaigns.len(),
        question_terms: question_terms
            .iter()
            .map(|q| QuestionTermsBox {
                id: q.question.to_string(),
                prompt: q.prompt.clone(),
                terms: crate::campaigns::term_links(
                    lang,
                    id,
                    &q.terms,
                    &format!("?question={}", q.question),
                ),
            })
            .collect(),
    })
}

/// `GET /hearings/{id}/analysis`
pub async fn workspace(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    Query(q): Query<FilterQuery>,
) -> Result<Response, PageError> {
    let id = parse_id(c.lang, &id)?;
    let page = workspace_page(&s, &c, id, &q, FormState::default(), FormState::default()).await?;
    render(c.lang, page)
}

/// `POST /hearings/{id}/analysis/bulk` (staff): one action on several
/// responses. `scope` is `picked` (the responses ticked, `response`) or
/// `shown` (every response the filter showed, `shown`); `theme`,
/// `assessment` and `reason` are what to apply; `back` is the filter's
/// query string, to return to the same list.
pub async fn bulk(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let id = parse_id(c.lang, &id)?;
    let account = analyst(&c)?.clone();
    let back = FilterQuery::from_query_string(form.get("back"));
    let responses = if form.get("scope") == "shown" {
        form.all("shown")
    } else {
        form.all("response")
    };
    let raw = RawBulk {
        responses,
        theme: form.get("theme").into(),
        assessment: form.get("assessment").into(),
        reason: form.get("reason").into(),
    };
    match s.store.apply_bulk(&account, id, &raw, s.clock.now()).await {
        Ok(done) => {
            let mut to = format!("/hearings/{id}/analysis?");
            let filter = back.query_string();
            if !filter.is_empty() {
                to.push_str(&filter);
                to.push('&');
            }
            let mut said = Vec::new();
            if !raw.theme.trim().is_empty() {
                said.push(format!("tagged={}", done.tagged));
            }
            if !raw.assessment.trim().is_empty() {
                said.push(format!("assessed={}", done.assessed));
            }
            to.push_str(&said.join("&"));
            to.push_str("#bulk-notice");
            Ok(Redirect::to(&to).into_response())
        }
        Err(StoreError::Invalid(errors)) => {
            let errors = errors
                .iter()
                .map(|e| {
                    let (target, label) = match e.field.as_str() {
                        "responses" => ("bulk-scope-picked", "analysis.bulk_responses"),
                        "theme" => ("bulk-theme", "analysis.theme"),
                        "assessment" => ("bulk-assessment-none", "analysis.assessment"),
                        "reason" => ("bulk-reason", "analysis.reason"),
                        _ => ("bulk-theme", "analysis.bulk_action"),
                    };
                    (
                        target.to_string(),
                        c.lang.problem(&e.problem),
                        c.lang.t(label).to_string(),
                    )
                })
                .collect();
            let f = FormState {
                values: form.values(),
                errors,
            };
            let page = workspace_page(&s, &c, id, &back, FormState::default(), f).await?;
            let mut res = render(c.lang, page)?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

fn theme_errors(lang: Lang, errors: &[FieldError], prefix: &str) -> Vec<(String, String, String)> {
    errors
        .iter()
        .map(|e| {
            let label = match e.field.as_str() {
                "name" => "analysis.theme_name",
                "views" => "analysis.theme_views",
                "comment" => "analysis.theme_comment",
                _ => "analysis.theme_change",
            };
            (
                format!("{prefix}{}", e.field),
                lang.problem(&e.problem),
                lang.t(label).to_string(),
            )
        })
        .collect()
}

fn raw_theme(form: &CsrfForm) -> RawTheme {
    RawTheme {
        name: form.get("name").into(),
        views: form.get("views").into(),
        comment: form.get("comment").into(),
        change: form.get("change").into(),
    }
}

/// `POST /hearings/{id}/themes` (staff): a new theme.
pub async fn create_theme(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let id = parse_id(c.lang, &id)?;
    let account = analyst(&c)?.clone();
    match s
        .store
        .create_theme(&account, id, &raw_theme(&form), s.clock.now())
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/hearings/{id}/analysis#themes")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            let f = FormState {
                values: form.values(),
                errors: theme_errors(c.lang, &errors, "theme-"),
            };
            let page = workspace_page(&s, &c, id, &FilterQuery::default(), f, FormState::default())
                .await?;
            let mut res = render(c.lang, page)?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

/// A tag on the theme's page.
pub struct TagRow {
    pub href: String,
    pub reference: String,
    pub passage: String,
}

#[derive(Template)]
#[template(path = "theme.html")]
pub struct ThemePage {
    pub l: Layout,
    pub id: String,
    pub hearing_href: String,
    pub hearing_title: String,
    pub responses: i64,
    pub f: FormState,
    pub tags: Vec<TagRow>,
    pub can_edit: bool,
    pub terms: Vec<crate::campaigns::TermLink>,
}

async fn theme_page(
    s: &WebState,
    c: &Ctx,
    id: ThemeId,
    f: Option<FormState>,
) -> Result<ThemePage, PageError> {
    let account = reader(c)?;
    let err = |e| PageError::from_store(c.lang, e);
    let t = s.store.theme(account, id).await.map_err(err)?;
    let d = s
        .store
        .hearing(t.hearing, Some(account), s.clock.now())
        .await
        .map_err(err)?;
    let tags = s.store.theme_tags(account, id).await.map_err(err)?;
    let terms = s
        .store
        .key_terms(account, t.hearing, hearings_store::TermScope::Theme(id))
        .await
        .map_err(err)?;
    let refs = s
        .store
        .list_responses(account, t.hearing)
        .await
        .map_err(err)?;
    let f = f.unwrap_or_else(|| FormState {
        values: vec![
            ("name".into(), t.theme.name.clone()),
            ("views".into(), t.theme.views.clone()),
            ("comment".into(), t.theme.comment.clone()),
            ("change".into(), t.theme.change.clone()),
        ],
        errors: vec![],
    });
    Ok(ThemePage {
        l: Layout::new(
            c,
            format!("{}: {}", c.lang.t("analysis.theme"), t.theme.name),
        ),
        id: id.to_string(),
        hearing_href: format!("/hearings/{}/analysis", t.hearing),
        hearing_title: d.hearing.title.clone(),
        responses: t.responses,
        f,
        tags: tags
            .into_iter()
            .map(|x| TagRow {
                href: format!("/responses/{}#analysis", x.response),
                reference: refs
                    .iter()
                    .find(|r| r.id == x.response)
                    .map(|r| format!("{} ({})", r.reference, r.organisation_name))
                    .unwrap_or_default(),
                passage: x.passage,
            })
            .collect(),
        can_edit: account.role.manages_hearings(),
        terms: crate::campaigns::term_links(c.lang, t.hearing, &terms, &format!("?theme={id}")),
    })
}

/// `GET /themes/{id}`
pub async fn theme(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id: ThemeId = id.parse().map_err(|_| PageError::not_found(c.lang))?;
    let page = theme_page(&s, &c, id, None).await?;
    render(c.lang, page)
}

/// `POST /themes/{id}` (staff): saves the theme's name and texts.
pub async fn update_theme(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let id: ThemeId = id.parse().map_err(|_| PageError::not_found(c.lang))?;
    let account = analyst(&c)?.clone();
    match s
        .store
        .update_theme(&account, id, &raw_theme(&form), s.clock.now())
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/themes/{id}")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            let f = FormState {
                values: form.values(),
                errors: theme_errors(c.lang, &errors, ""),
            };
            let page = theme_page(&s, &c, id, Some(f)).await?;
            let mut res = render(c.lang, page)?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

/// `POST /themes/{id}/delete` (staff)
pub async fn delete_theme(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    _form: CsrfForm,
) -> Result<Response, PageError> {
    let id: ThemeId = id.parse().map_err(|_| PageError::not_found(c.lang))?;
    let account = analyst(&c)?.clone();
    let hearing = s
        .store
        .delete_theme(&account, id, s.clock.now())
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    Ok(Redirect::to(&format!("/hearings/{hearing}/analysis#themes")).into_response())
}

/// The field names of the assessment form of a response (`section` "")
/// or of one of its comments.
pub(crate) fn prefix(section: &str) -> String {
    if section.is_empty() {
        "analysis-".into()
    } else {
        format!("analysis-{section}-")
    }
}

/// `POST /responses/{id}/assessment` (staff): `section` (empty for the
/// response as a whole), `summary`, `assessment`, `reason`.
pub async fn assess(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let id: ResponseId = id.parse().map_err(|_| PageError::not_found(c.lang))?;
    let account = analyst(&c)?.clone();
    let section_raw = form.get("section").trim().to_string();
    let section: Option<SectionId> = match section_raw.as_str() {
        "" => None,
        raw => Some(raw.parse().map_err(|_| PageError::not_found(c.lang))?),
    };
    let raw = RawAnalysis {
        summary: form.get("summary").into(),
        assessment: form.get("assessment").into(),
        reason: form.get("reason").into(),
    };
    match s
        .store
        .assess(&account, id, section, &raw, s.clock.now())
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/responses/{id}#analysis")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            let p = prefix(&section_raw);
            let errors = errors
                .iter()
                .map(|e| {
                    let label = match e.field.as_str() {
                        "summary" => "analysis.summary",
                        "assessment" => "analysis.assessment",
                        _ => "analysis.reason",
                    };
                    (
                        format!("{p}{}", e.field),
                        c.lang.problem(&e.problem),
                        c.lang.t(label).to_string(),
                    )
                })
                .collect();
            let mut values = form.values();
            values.retain(|(k, _)| k != "section");
            let values = values
                .into_iter()
                .map(|(k, v)| (format!("{p}{k}"), v))
                .collect();
            crate::response_page::again(&s, &c, id, FormState { values, errors }).await
        }
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

/// `POST /responses/{id}/tags` (staff): `theme`, `location`, `passage`.
pub async fn tag(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let id: ResponseId = id.parse().map_err(|_| PageError::not_found(c.lang))?;
    let account = analyst(&c)?.clone();
    let theme: Option<ThemeId> = form.get("theme").trim().parse().ok();
    let raw = RawTag {
        location: form.get("location").into(),
        passage: form.get("passage").into(),
    };
    let result = match theme {
        Some(t) => s.store.tag(&account, t, id, &raw, s.clock.now()).await,
        None => Err(StoreError::Invalid(vec![FieldError::new(
            "theme",
            hearings_core::input::Problem::Required,
        )])),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/responses/{id}#analysis")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            let errors = errors
                .iter()
                .map(|e| {
                    let label = match e.field.as_str() {
                        "theme" => "analysis.theme",
                        "location" => "analysis.tag_location",
                        _ => "analysis.tag_passage",
                    };
                    (
                        format!("tag-{}", e.field),
                        c.lang.problem(&e.problem),
                        c.lang.t(label).to_string(),
                    )
                })
                .collect();
            let values = form
                .values()
                .into_iter()
                .map(|(k, v)| (format!("tag-{k}"), v))
                .collect();
            crate::response_page::again(&s, &c, id, FormState { values, errors }).await
        }
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

/// `POST /tags/{id}/remove` (staff)
pub async fn untag(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    _form: CsrfForm,
) -> Result<Response, PageError> {
    let id: TagId = id.parse().map_err(|_| PageError::not_found(c.lang))?;
    let account = analyst(&c)?.clone();
    let response = s
        .store
        .untag(&account, id, s.clock.now())
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    Ok(Redirect::to(&format!("/responses/{response}#analysis")).into_response())
}
