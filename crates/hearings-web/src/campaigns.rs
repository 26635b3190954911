//! Campaigns and key terms on the pages: a hearing's campaigns at
//! `/hearings/{id}/campaigns` (staff find, confirm and split them with
//! ordinary forms), and the responses that use a key term at
//! `/hearings/{id}/terms/{term}`. Staff write; politicians and
//! administrators read; respondents are refused.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use hearings_core::{CampaignId, HearingId, QuestionId, ResponseId, ThemeId};
use hearings_i18n::Lang;
use hearings_store::{Account, CampaignView, StoreError, TermScope, TermView};
use serde::Deserialize;

use crate::ctx::{CsrfForm, Ctx};
use crate::error::PageError;
use crate::pages::parse_id;
use crate::views::Layout;
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

/// A sender of a campaign.
pub struct MemberRow {
    pub id: String,
    pub href: String,
    pub organisation: String,
    pub reference: String,
}

/// A campaign on the page.
pub struct CampaignBox {
    pub id: String,
    pub heading: String,
    pub confirmed: bool,
    pub shared_text: String,
    pub filter_href: String,
    pub members: Vec<MemberRow>,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "campaigns.html")]
pub struct CampaignsPage {
    pub l: Layout,
    pub id: String,
    pub hearing_title: String,
    pub can_edit: bool,
    pub notice: Option<String>,
    pub errors: Vec<(String, String)>,
    pub campaigns: Vec<CampaignBox>,
}

/// A campaign's line in a list: its count and the start of its text.
pub(crate) fn campaign_label(lang: Lang, c: &CampaignView) -> String {
    let mut start: String = c.shared_text.chars().take(60).collect();
    if c.shared_text.chars().count() > 60 {
        start.push('…');
    }
    lang.t("campaigns.option")
        .replace("%n", &c.count().to_string())
        .replace("%t", &start)
}

async fn campaigns_page(
    s: &WebState,
    c: &Ctx,
    id: HearingId,
    notice: Option<String>,
    error: Option<(CampaignId, String)>,
) -> Result<CampaignsPage, PageError> {
    let lang = c.lang;
    let account = reader(c)?;
    let err = |e| PageError::from_store(lang, e);
    let list = s.store.campaigns_of(account, id).await.map_err(err)?;
    let d = s
        .store
        .hearing(id, Some(account), s.clock.now())
        .await
        .map_err(err)?;
    let errors = error
        .iter()
        .map(|(cid, m)| (format!("split-{cid}"), m.clone()))
        .collect();
    Ok(CampaignsPage {
        l: Layout::new(
            c,
            format!("{}: {}", lang.t("campaigns.title"), d.hearing.title),
        ),
        id: id.to_string(),
        hearing_title: d.hearing.title.clone(),
        can_edit: account.role.manages_hearings(),
        notice,
        errors,
        campaigns: list
            .iter()
            .map(|x| CampaignBox {
                id: x.id.to_string(),
                heading: lang
                    .t("campaigns.heading")
                    .replace("%n", &x.count().to_string()),
                confirmed: x.confirmed,
                shared_text: x.shared_text.clone(),
                filter_href: format!("/hearings/{id}/analysis?campaign={}", x.id),
                members: x
                    .members
                    .iter()
                    .map(|m| MemberRow {
                        id: m.response.to_string(),
                        href: format!("/responses/{}", m.response),
                        organisation: m.organisation.clone(),
                        reference: m.reference.clone(),
                    })
                    .collect(),
                error: error
                    .as_ref()
                    .filter(|(cid, _)| *cid == x.id)
                    .map(|(_, m)| m.clone()),
            })
            .collect(),
    })
}

/// `?found=N` after finding campaigns.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct PageQuery {
    found: Option<usize>,
}

/// `GET /hearings/{id}/campaigns`
pub async fn page(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, PageError> {
    let id = parse_id(c.lang, &id)?;
    let notice = q
        .found
        .map(|n| c.lang.t("campaigns.found").replace("%n", &n.to_string()));
    let page = campaigns_page(&s, &c, id, notice, None).await?;
    render(c.lang, page)
}

/// `POST /hearings/{id}/campaigns/detect` (staff)
pub async fn detect(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    _form: CsrfForm,
) -> Result<Response, PageError> {
    let id = parse_id(c.lang, &id)?;
    let account = analyst(&c)?.clone();
    let n = s
        .store
        .detect_campaigns(&account, id, s.clock.now())
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    Ok(Redirect::to(&format!("/hearings/{id}/campaigns?found={n}")).into_response())
}

fn campaign_id(c: &Ctx, raw: &str) -> Result<CampaignId, PageError> {
    raw.parse().map_err(|_| PageError::not_found(c.lang))
}

/// `POST /campaigns/{id}/confirm` (staff)
pub async fn confirm(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    _form: CsrfForm,
) -> Result<Response, PageError> {
    let id = campaign_id(&c, &id)?;
    let account = analyst(&c)?.clone();
    let hearing = s
        .store
        .confirm_campaign(&account, id, s.clock.now())
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    Ok(Redirect::to(&format!("/hearings/{hearing}/campaigns#campaign-{id}")).into_response())
}

/// `POST /campaigns/{id}/split` (staff): the `response` fields checked are
/// taken out of the campaign.
pub async fn split(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let id = campaign_id(&c, &id)?;
    let account = analyst(&c)?.clone();
    let mut out = Vec::new();
    for raw in form.all("response") {
        out.push(
            raw.trim()
                .parse::<ResponseId>()
                .map_err(|_| PageError::not_found(c.lang))?,
        );
    }
    match s
        .store
        .split_campaign(&account, id, &out, s.clock.now())
        .await
    {
        Ok(outcome) => {
            let hearing = outcome.hearing();
            let anchor = match outcome {
                hearings_store::SplitOutcome::Kept { .. } => format!("#campaign-{id}"),
                hearings_store::SplitOutcome::Dissolved { .. } => String::new(),
            };
            Ok(Redirect::to(&format!("/hearings/{hearing}/campaigns{anchor}")).into_response())
        }
        Err(StoreError::Invalid(errors)) => {
            let hearing = s
                .store
                .campaign(&account, id)
                .await
                .map_err(|e| PageError::from_store(c.lang, e))?
                .hearing;
            let message = errors
                .first()
                .map(|e| c.lang.problem(&e.problem))
                .unwrap_or_default();
            let page = campaigns_page(&s, &c, hearing, None, Some((id, message))).await?;
            let mut res = render(c.lang, page)?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

/// A term as a link on the analysis and theme pages.
pub struct TermLink {
    pub word: String,
    pub href: String,
    pub responses: String,
}

/// The links of key terms, each to the responses that use it.
pub(crate) fn term_links(
    lang: Lang,
    hearing: HearingId,
    terms: &[TermView],
    scope: &str,
) -> Vec<TermLink> {
    terms
        .iter()
        .map(|t| TermLink {
            word: t.word.clone(),
            href: format!("/hearings/{hearing}/terms/{}{scope}", encode(&t.word)),
            responses: lang
                .t("terms.in_responses")
                .replace("%n", &t.responses.to_string()),
        })
        .collect()
}

/// Percent-encodes a word for a path segment.
fn encode(word: &str) -> String {
    let mut out = String::new();
    for b in word.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `?question=` or `?theme=`.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ScopeQuery {
    question: String,
    theme: String,
}

/// The scope named by a query, or a page that says it does not exist.
pub(crate) fn scope(lang: Lang, question: &str, theme: &str) -> Result<TermScope, PageError> {
    match (question.trim(), theme.trim()) {
        ("", "") => Ok(TermScope::Hearing),
        (q, "") => q
            .parse::<QuestionId>()
            .map(TermScope::Question)
            .map_err(|_| PageError::not_found(lang)),
        (_, t) => t
            .parse::<ThemeId>()
            .map(TermScope::Theme)
            .map_err(|_| PageError::not_found(lang)),
    }
}

/// A response that uses the term.
pub struct TermRow {
    pub href: String,
    pub reference: String,
    pub organisation: String,
    pub excerpt: String,
}

#[derive(Template)]
#[template(path = "terms.html")]
pub struct TermPage {
    pub l: Layout,
    pub heading: String,
    pub scope: String,
    pub back_href: String,
    pub hearing_title: String,
    pub rows: Vec<TermRow>,
}

/// `GET /hearings/{id}/terms/{term}?question=|theme=`
pub async fn term(
    State(s): State<WebState>,
    c: Ctx,
    Path((id, term)): Path<(String, String)>,
    Query(q): Query<ScopeQuery>,
) -> Result<Response, PageError> {
    let lang = c.lang;
    let id = parse_id(lang, &id)?;
    let account = reader(&c)?;
    let err = |e| PageError::from_store(lang, e);
    let scope = scope(lang, &q.question, &q.theme)?;
    let rows = s
        .store
        .responses_with_term(account, id, &term, scope)
        .await
        .map_err(err)?;
    let d = s
        .store
        .hearing(id, Some(account), s.clock.now())
        .await
        .map_err(err)?;
    let (scope_text, back_href) = match scope {
        TermScope::Question(qid) => (
            lang.t("terms.scope_question").replace(
                "%t",
                &d.questions
                    .iter()
                    .find(|x| x.id == qid)
                    .map(|x| x.spec.prompt.clone())
                    .unwrap_or_default(),
            ),
            format!("/hearings/{id}/analysis#terms-{qid}"),
        ),
        TermScope::Theme(tid) => (
            lang.t("terms.scope_theme").replace(
                "%t",
                &s.store.theme(account, tid).await.map_err(err)?.theme.name,
            ),
            format!("/themes/{tid}#terms"),
        ),
        TermScope::Hearing => (
            lang.t("terms.scope_hearing").to_string(),
            format!("/hearings/{id}/analysis"),
        ),
    };
    let word = term.trim().to_lowercase();
    render(
        lang,
        TermPage {
            l: Layout::new(&c, lang.t("terms.page_title").replace("%t", &word)),
            heading: lang.t("terms.page_title").replace("%t", &word),
            scope: scope_text,
            back_href,
            hearing_title: d.hearing.title.clone(),
            rows: rows
                .into_iter()
                .map(|r| TermRow {
                    href: format!("/responses/{}", r.response),
                    reference: r.reference,
                    organisation: r.organisation,
                    excerpt: r.excerpt,
                })
                .collect(),
        },
    )
}
