//! Public pages: the list of hearings, a hearing, the language switch, the
//! accessibility statement and the static assets.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use hearings_core::files::human_size;
use hearings_core::{HearingId, HearingState};
use hearings_i18n::Lang;
use hearings_store::{HearingFilter, HearingListItem, ReferenceData};
use serde::Deserialize;

use crate::ctx::Ctx;
use crate::error::PageError;
use crate::views::{
    AccessibilityPage, Choice, DocumentRow, FileLink, FormState, HearingCard, HearingPage,
    HomePage, Layout, QuestionInfo, SectionRow,
};
use crate::{WebState, render};

fn card(lang: Lang, h: &HearingListItem) -> HearingCard {
    let when = match (h.state, h.closes_at) {
        (HearingState::Scheduled | HearingState::Draft, _) => {
            format!("{} {}", lang.t("hearing.opens"), lang.datetime(h.opens_at))
        }
        (_, Some(c)) => format!("{} {}", lang.t("hearing.deadline"), lang.datetime(c)),
        (_, None) => lang.t("hearing.no_deadline").to_string(),
    };
    HearingCard {
        href: format!("/hearings/{}", h.id),
        title: h.title.clone(),
        kind: lang.t(&format!("kind.{}", h.kind)).to_string(),
        state: h.state.as_str().to_string(),
        state_label: lang.t(&format!("state.{}", h.state)).to_string(),
        when,
    }
}

/// The name of an area in the user's language.
pub(crate) fn area_name(lang: Lang, refs: &ReferenceData, code: &str) -> String {
    refs.area(code)
        .map(|a| {
            if lang == Lang::Da {
                a.name_da.clone()
            } else {
                a.name_en.clone()
            }
        })
        .unwrap_or_else(|| code.to_string())
}

/// The name of a topic in the user's language.
pub(crate) fn topic_name(lang: Lang, refs: &ReferenceData, code: &str) -> String {
    refs.topic(code)
        .map(|t| {
            if lang == Lang::Da {
                t.name_da.clone()
            } else {
                t.name_en.clone()
            }
        })
        .unwrap_or_else(|| code.to_string())
}

/// A name in the user's language.
fn named(lang: Lang, da: &str, en: &str) -> String {
    if lang == Lang::Da { da } else { en }.to_string()
}

pub(crate) fn parse_id(lang: Lang, raw: &str) -> Result<HearingId, PageError> {
    raw.parse().map_err(|_| PageError::not_found(lang))
}

/// `GET /`, optionally narrowed to an area and a topic (`/?area=bymidten&topic=handel`).
pub async fn home(
    State(s): State<WebState>,
    c: Ctx,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
    };
    let filter = HearingFilter {
        area: param("area"),
        topic: param("topic"),
    };
    let refs = s
        .store
        .reference_data()
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    let all = s
        .store
        .list_hearings_filtered(c.account.as_ref(), &filter, s.clock.now())
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    let choices = |all_label: &str, chosen: &Option<String>, items: Vec<(String, String)>| {
        let mut v = vec![Choice {
            value: String::new(),
            label: c.lang.t(all_label).to_string(),
            chosen: chosen.is_none(),
        }];
        v.extend(items.into_iter().map(|(value, label)| Choice {
            chosen: chosen.as_deref() == Some(value.as_str()),
            value,
            label,
        }));
        v
    };
    let filter_areas = choices(
        "home.all_areas",
        &filter.area,
        refs.areas
            .iter()
            .map(|a| (a.code.clone(), named(c.lang, &a.name_da, &a.name_en)))
            .collect(),
    );
    let filter_topics = choices(
        "home.all_topics",
        &filter.topic,
        refs.topics
            .iter()
            .map(|t| (t.code.clone(), named(c.lang, &t.name_da, &t.name_en)))
            .collect(),
    );
    let pick = |states: &[HearingState]| -> Vec<HearingCard> {
        all.iter()
            .filter(|h| states.contains(&h.state))
            .map(|h| card(c.lang, h))
            .collect()
    };
    let mut open: Vec<&HearingListItem> = all
        .iter()
        .filter(|h| h.state == HearingState::Open)
        .collect();
    open.sort_by_key(|h| h.closes_at.is_none());
    let page = HomePage {
        l: Layout::new(&c, c.lang.t("home.title")),
        open: open.into_iter().map(|h| card(c.lang, h)).collect(),
        upcoming: pick(&[HearingState::Scheduled]),
        closed: pick(&[
            HearingState::Closed,
            HearingState::InReview,
            HearingState::Decided,
            HearingState::Archived,
            HearingState::Withdrawn,
        ]),
        drafts: pick(&[HearingState::Draft]),
        filter_areas,
        filter_topics,
        filtered: filter != HearingFilter::default(),
    };
    render(c.lang, page)
}

/// `GET /hearings/{id}`
pub async fn hearing(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    Query(q): Query<HearingQuery>,
) -> Result<Response, PageError> {
    let id = parse_id(c.lang, &id)?;
    let page = hearing_page(&s, &c, id, FormState::default(), q.asked.is_some()).await?;
    render(c.lang, page)
}

/// `?asked=1` after a question was asked.
#[derive(Deserialize)]
pub struct HearingQuery {
    asked: Option<String>,
}

/// A hearing's page; `qa` carries what was typed into its question and
/// answer forms when one comes back with an error.
pub(crate) async fn hearing_page(
    s: &WebState,
    c: &Ctx,
    id: HearingId,
    qa: FormState,
    asked: bool,
) -> Result<HearingPage, PageError> {
    let now = s.clock.now();
    let d = s
        .store
        .hearing(id, c.account.as_ref(), now)
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    let h = &d.hearing;
    let lang = c.lang;
    let notice = match h.state {
        HearingState::Scheduled => Some(format!(
            "{} {}.",
            lang.t("hearing.scheduled_notice"),
            lang.datetime(h.opens_at)
        )),
        // A withdrawn hearing shows its date and reason instead.
        HearingState::Open | HearingState::Draft | HearingState::Withdrawn => None,
        other => Some(lang.not_open(other, h.opens_at, h.closes_at)),
    };
    let is_respondent = c.account.as_ref().is_some_and(|a| a.role.responds());
    let inquiries = s
        .store
        .inquiries(id, c.account.as_ref(), now)
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    let is_open = h.state == HearingState::Open;
    let staff = c
        .account
        .as_ref()
        .is_some_and(|a| a.role.manages_hearings());
    let outcome = if matches!(h.state, HearingState::Decided | HearingState::Archived) {
        s.store
            .public_outcome(id)
            .await
            .map_err(|e| PageError::from_store(c.lang, e))?
            .map(|o| crate::outcome::section(lang, staff, &d, &o))
    } else {
        None
    };
    let after_deadline = matches!(
        h.state,
        HearingState::Closed
            | HearingState::InReview
            | HearingState::Decided
            | HearingState::Archived
    );
    let reads = c.account.as_ref().is_some_and(|a| a.role.reads_summaries());
    let memo_href = if after_deadline
        && (reads
            || !s
                .store
                .memo_versions(c.account.as_ref(), id)
                .await
                .map_err(|e| PageError::from_store(c.lang, e))?
                .is_empty())
    {
        Some(format!("/hearings/{id}/memo"))
    } else {
        None
    };
    let page = HearingPage {
        memo_href,
        can_review: staff && h.state == HearingState::Closed,
        can_decide: staff && hearings_core::hearing::transition::decide(h.state).is_ok(),
        decision: FormState::default(),
        outcome,
        l: Layout::new(c, h.title.clone()),
        id: h.id.to_string(),
        kind: lang.t(&format!("kind.{}", h.kind)).to_string(),
        state: h.state.as_str().to_string(),
        state_label: lang.t(&format!("state.{}", h.state)).to_string(),
        summary_html: hearings_markdown::to_safe_html(&h.summary),
        areas: h
            .areas
            .iter()
            .map(|a| named(lang, &a.name_da, &a.name_en))
            .collect(),
        topics: h
            .topics
            .iter()
            .map(|t| named(lang, &t.name_da, &t.name_en))
            .collect(),
        committee: h
            .committee
            .as_ref()
            .map(|c| named(lang, &c.name_da, &c.name_en)),
        council_meeting: h.council_meeting.as_ref().map(|m| {
            (
                lang.date(m.date),
                m.date.to_string(),
                m.agenda_title.clone(),
            )
        }),
        contact: h
            .contact
            .as_ref()
            .map(|k| (k.name.clone(), k.email.clone(), k.phone.clone())),
        opens: lang.datetime(h.opens_at),
        closes: h.closes_at.map(|t| lang.datetime(t)),
        closes_iso: h.closes_at.map(|t| t.to_rfc3339()),
        notice,
        sections: d
            .sections
            .iter()
            .map(|s| SectionRow {
                anchor: format!("s{}", s.number),
                number: s.number,
                heading: s.heading.clone(),
                html: hearings_markdown::to_safe_html(&s.body),
            })
            .collect(),
        questions: d
            .questions
            .iter()
            .map(|q| QuestionInfo {
                prompt: q.spec.prompt.clone(),
                kind: lang.t(&format!("qkind.{}", q.spec.kind.name())).to_string(),
                required: q.spec.required,
                options: q.spec.kind.options().to_vec(),
                unit: q.spec.kind.unit().map(str::to_string),
                help: q.spec.help.clone(),
            })
            .collect(),
        // A respondent who belongs to no organisation (waiting for an
        // answer to a request to join, or removed) cannot respond.
        can_respond: h.state == HearingState::Open
            && is_respondent
            && c.account.as_ref().is_some_and(|a| a.organisation.is_some()),
        invite_sign_in: h.state == HearingState::Open && c.account.is_none(),
        can_publish: h.state == HearingState::Draft
            && c.account
                .as_ref()
                .is_some_and(|a| a.role.manages_hearings()),
        can_withdraw: hearings_core::hearing::transition::withdraw(h.state).is_ok()
            && c.account
                .as_ref()
                .is_some_and(|a| a.role.manages_hearings()),
        withdrawn_on: d.withdrawn_at.map(|t| lang.datetime(t)),
        withdrawal_reason: d.withdrawal_reason.clone(),
        warnings: d.warnings.iter().map(|w| lang.warning(w)).collect(),
        withdraw: FormState::default(),
        inquiries: inquiries
            .iter()
            .map(|i| crate::inquiries::row(lang, i))
            .collect(),
        can_ask: is_open && c.account.is_some(),
        invite_sign_in_to_ask: is_open && c.account.is_none(),
        asked,
        qa,
        published: if hearings_store::publishes_responses(h.state) {
            published_rows(s, lang, id, now).await?
        } else {
            None
        },
        published_later: matches!(h.state, HearingState::Scheduled | HearingState::Open),
        hearing_list: crate::hearing_list::section(s, c, id, now).await?,
        can_edit: matches!(
            h.state,
            HearingState::Draft
                | HearingState::Scheduled
                | HearingState::Open
                | HearingState::Closed
        ) && c
            .account
            .as_ref()
            .is_some_and(|a| a.role.manages_hearings()),
        corrections: d
            .corrections
            .iter()
            .map(|k| {
                let what: Vec<&str> = k
                    .fields
                    .iter()
                    .map(|f| lang.t(&format!("correction.field.{f}")))
                    .collect();
                (lang.datetime(k.at), what.join(", "), k.note.clone())
            })
            .collect(),
        documents: d
            .documents
            .iter()
            .map(|doc| DocumentRow {
                id: doc.id.to_string(),
                title: doc.title.clone(),
                file: FileLink {
                    id: doc.file.id.to_string(),
                    href: format!("/documents/{}", doc.id),
                    filename: doc.file.filename.clone(),
                    size: human_size(doc.file.size.max(0) as u64, lang == Lang::Da),
                },
            })
            .collect(),
        documents_need_note: h.state != HearingState::Draft,
        documents_form: FormState::default(),
    };
    Ok(page)
}

/// A hearing's published responses, once its deadline has passed (five
/// queries, whatever their number). A response without a published name
/// shows its respondent type and industry section; a private person, only
/// that it is a private person.
async fn published_rows(
    s: &WebState,
    lang: Lang,
    id: HearingId,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<Vec<crate::views::PublishedRow>>, PageError> {
    let published = s
        .store
        .published_responses(id, now)
        .await
        .map_err(|e| PageError::from_store(lang, e))?;
    let hearings_store::Published::Responses(list) = published else {
        return Ok(None);
    };
    Ok(Some(
        list.into_iter()
            .map(|r| {
                let rtype = lang.t(&format!("rtype.{}", r.respondent_type));
                let who = match r.name {
                    Some(name) => name,
                    None if r.respondent_type == "private_person" => rtype.to_string(),
                    None => format!(
                        "{rtype} · {} {}",
                        lang.t("published.industry_section"),
                        r.industry_section
                    ),
                };
                let mut answers: Vec<(String, String)> = r
                    .answers
                    .into_iter()
                    .map(|a| (a.prompt, a.values.join(", ")))
                    .collect();
                answers.extend(r.comments.into_iter().map(|(section, text)| {
                    (format!("{} {section}", lang.t("respond.comment_on")), text)
                }));
                crate::views::PublishedRow {
                    who,
                    stance: lang.t(&format!("stance.{}", r.stance.as_str())),
                    answers,
                    withheld: r.withheld,
                }
            })
            .collect(),
    ))
}

/// Where to go back to after switching language.
#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// A local path, or `/`: never a redirect to another site.
pub(crate) fn local_path(next: Option<&str>) -> String {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p.to_string(),
        _ => "/".to_string(),
    }
}

/// `GET /lang/{code}?next=/path`: remembers the language for a year.
pub async fn switch_language(
    State(s): State<WebState>,
    Path(code): Path<String>,
    Query(q): Query<Next>,
) -> Response {
    let lang = Lang::from_code(&code).unwrap_or_default();
    let mut res = Redirect::to(&local_path(q.next.as_deref())).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        s.set_cookie("lang", lang.code(), Some(31_536_000)),
    );
    res
}

/// `GET /accessibility`
pub async fn accessibility(c: Ctx) -> Result<Response, PageError> {
    render(
        c.lang,
        AccessibilityPage {
            l: Layout::new(&c, c.lang.t("a11y.title")),
        },
    )
}

/// Unknown paths.
pub async fn not_found(c: Ctx) -> PageError {
    PageError::not_found(c.lang)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut res = body.into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    res
}

/// `GET /static/app.css`
pub async fn css() -> Response {
    asset(
        "text/css; charset=utf-8",
        include_str!("../../../web/css/app.css"),
    )
}

/// `GET /static/app.js`
pub async fn js() -> Response {
    asset(
        "text/javascript; charset=utf-8",
        include_str!("../../../web/js/app.js"),
    )
}

/// `GET /static/favicon.svg`
pub async fn favicon() -> Response {
    asset(
        "image/svg+xml",
        include_str!("../../../web/img/favicon.svg"),
    )
}
