//! The hearing memo's page at `/hearings/{id}/memo`: staff compose it from
//! the analysis, edit the Markdown, save the draft and make it final;
//! politicians and administrators read every version; anyone reads a final
//! one. Every version downloads as DOCX, PDF, HTML and Markdown.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use hearings_core::HearingId;
use hearings_core::files::{Keep, download_headers};
use hearings_export::memo::{MemoFormat, compose, memo_file};
use hearings_store::{Account, MemoView, StoreError};
use serde::Deserialize;

use crate::ctx::{CsrfForm, Ctx};
use crate::documents::require_staff;
use crate::error::PageError;
use crate::pages::parse_id;
use crate::views::{FormState, Layout};
use crate::{WebState, render};

/// A version in the list.
#[derive(Debug, Clone)]
pub struct VersionRow {
    /// Version number.
    pub version: i32,
    /// "Draft" or "Final".
    pub state: String,
    /// Last changed, formatted, with by whom.
    pub updated: String,
    /// Its page.
    pub href: String,
    /// Whether it is the one shown.
    pub current: bool,
}

/// `GET /hearings/{id}/memo`.
#[derive(Template)]
#[template(path = "memo.html")]
pub struct MemoPage {
    /// Layout.
    pub l: Layout,
    /// The hearing's id.
    pub id: String,
    /// The hearing's title.
    pub hearing_title: String,
    /// Whether the viewer may compose, edit and finalise.
    pub staff: bool,
    /// The version shown, if any.
    pub version: Option<i32>,
    /// Whether the version shown is final.
    pub is_final: bool,
    /// The version shown as safe HTML.
    pub html: String,
    /// The versions, newest first.
    pub versions: Vec<VersionRow>,
    /// Downloads of the version shown: (label, href).
    pub downloads: Vec<(String, String)>,
    /// The editor's text and errors.
    pub form: FormState,
    /// The version the editor's text is based on ("" for none).
    pub based_on: String,
    /// Whether the shown version is the newest and a draft (may finalise).
    pub can_finalise: bool,
    /// "The draft is saved." after a save.
    pub saved: bool,
}

/// `?version=N&saved=1`.
#[derive(Debug, Deserialize, Default)]
pub struct MemoQuery {
    version: Option<String>,
    saved: Option<String>,
}

fn version_of(lang: hearings_i18n::Lang, q: &MemoQuery) -> Result<Option<i32>, PageError> {
    match q
        .version
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| PageError::not_found(lang)),
    }
}

async fn page_of(
    s: &WebState,
    c: &Ctx,
    id: HearingId,
    version: Option<i32>,
    form: Option<FormState>,
    saved: bool,
) -> Result<MemoPage, PageError> {
    let lang = c.lang;
    let viewer = c.account.as_ref();
    let d = s
        .store
        .hearing(id, viewer, s.clock.now())
        .await
        .map_err(|e| PageError::from_store(lang, e))?;
    let staff = viewer.is_some_and(|a| a.role.manages_hearings());
    let versions = s
        .store
        .memo_versions(viewer, id)
        .await
        .map_err(|e| PageError::from_store(lang, e))?;
    let shown: Option<&MemoView> = match version {
        Some(v) => Some(
            versions
                .iter()
                .find(|m| m.version == v)
                .ok_or_else(|| PageError::not_found(lang))?,
        ),
        None => versions.first(),
    };
    if shown.is_none() && !viewer.is_some_and(|a| a.role.reads_summaries()) {
        return Err(PageError::not_found(lang));
    }
    let newest = versions.first();
    let base = format!("/hearings/{id}/memo");
    let form = form.unwrap_or_else(|| FormState {
        values: vec![(
            "markdown".into(),
            newest.map(|m| m.markdown.clone()).unwrap_or_default(),
        )],
        errors: Vec::new(),
    });
    Ok(MemoPage {
        l: Layout::new(c, format!("{}: {}", lang.t("memo.title"), d.hearing.title)),
        id: id.to_string(),
        hearing_title: d.hearing.title.clone(),
        staff,
        version: shown.map(|m| m.version),
        is_final: shown.is_some_and(|m| m.finalised_at.is_some()),
        html: shown
            .map(|m| hearings_export::memo::memo_html(&m.markdown))
            .unwrap_or_default(),
        versions: versions
            .iter()
            .map(|m| VersionRow {
                version: m.version,
                state: match m.finalised_at {
                    Some(at) => format!("{} {}", lang.t("memo.final"), lang.datetime(at)),
                    None => lang.t("memo.draft").to_string(),
                },
                updated: format!("{}, {}", lang.datetime(m.updated_at), m.updated_by),
                href: format!("{base}?version={}", m.version),
                current: shown.is_some_and(|x| x.version == m.version),
            })
            .collect(),
        downloads: shown
            .map(|m| {
                MemoFormat::ALL
                    .iter()
                    .map(|(name, f)| {
                        (
                            f.extension().to_uppercase(),
                            format!("{base}/export/{name}?version={}", m.version),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
        form,
        based_on: newest.map(|m| m.version.to_string()).unwrap_or_default(),
        can_finalise: staff
            && newest.is_some_and(|n| n.finalised_at.is_none())
            && shown.is_some_and(|m| Some(m.version) == newest.map(|n| n.version)),
        saved,
    })
}

/// `GET /hearings/{id}/memo[?version=N]`.
pub async fn page(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    Query(q): Query<MemoQuery>,
) -> Result<Response, PageError> {
    let id = parse_id(c.lang, &id)?;
    let version = version_of(c.lang, &q)?;
    let p = page_of(&s, &c, id, version, None, q.saved.is_some()).await?;
    render(c.lang, p)
}

fn based_on(raw: &str) -> Option<i32> {
    raw.trim().parse().ok()
}

/// Composes the memo from the staff's work and saves it as the draft.
pub(crate) async fn compose_memo(
    s: &WebState,
    lang: hearings_i18n::Lang,
    by: &Account,
    id: HearingId,
    based_on: Option<i32>,
) -> Result<MemoView, StoreError> {
    let now = s.clock.now();
    let data = s.store.memo_data(by, id, now).await?;
    let markdown = compose(lang, &data);
    s.store.save_memo(by, id, &markdown, based_on, now).await
}

async fn back_with(
    s: &WebState,
    c: &Ctx,
    id: HearingId,
    typed: &str,
    errors: Vec<hearings_core::input::FieldError>,
) -> Result<Response, PageError> {
    let form = FormState {
        values: vec![("markdown".into(), typed.to_string())],
        errors: errors
            .iter()
            .map(|e| {
                (
                    "memo-markdown".to_string(),
                    c.lang.problem(&e.problem),
                    c.lang.t("memo.edit_label").to_string(),
                )
            })
            .collect(),
    };
    let p = page_of(s, c, id, None, Some(form), false).await?;
    let mut res = render(c.lang, p)?;
    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

/// `POST /hearings/{id}/memo/compose` (staff): `based_on`.
pub async fn compose_page(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let by = require_staff(&c)?;
    let id = parse_id(c.lang, &id)?;
    match compose_memo(&s, c.lang, by, id, based_on(form.get("based_on"))).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/hearings/{id}/memo?saved=1#memo-editor")).into_response())
        }
        Err(StoreError::Invalid(errors)) => back_with(&s, &c, id, "", errors).await,
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

/// `POST /hearings/{id}/memo` (staff): `markdown`, `based_on`.
pub async fn save(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let by = require_staff(&c)?;
    let id = parse_id(c.lang, &id)?;
    let typed = form.get("markdown");
    match s
        .store
        .save_memo(by, id, typed, based_on(form.get("based_on")), s.clock.now())
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("/hearings/{id}/memo?saved=1#memo-editor")).into_response())
        }
        Err(StoreError::Invalid(errors)) => back_with(&s, &c, id, typed, errors).await,
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

/// `POST /hearings/{id}/memo/finalise` (staff): `version`.
pub async fn finalise(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let by = require_staff(&c)?;
    let id = parse_id(c.lang, &id)?;
    let version = based_on(form.get("version")).ok_or_else(|| PageError::not_found(c.lang))?;
    match s.store.finalise_memo(by, id, version, s.clock.now()).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/hearings/{id}/memo?version={version}")).into_response())
        }
        Err(StoreError::Invalid(errors)) => {
            let typed = s
                .store
                .memo(Some(by), id, None)
                .await
                .map(|m| m.markdown)
                .unwrap_or_default();
            back_with(&s, &c, id, &typed, errors).await
        }
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

/// `GET /hearings/{id}/memo/export/{format}[?version=N]`: a download.
pub async fn export(
    State(s): State<WebState>,
    c: Ctx,
    Path((id, format)): Path<(String, String)>,
    Query(q): Query<MemoQuery>,
) -> Result<Response, PageError> {
    let lang = c.lang;
    let id = parse_id(lang, &id)?;
    let format = MemoFormat::parse(&format).ok_or_else(|| PageError::not_found(lang))?;
    let version = version_of(lang, &q)?;
    let memo = s
        .store
        .memo(c.account.as_ref(), id, version)
        .await
        .map_err(|e| PageError::from_store(lang, e))?;
    let base = s.store.public_url().to_string();
    let (name, bytes) = tokio::task::spawn_blocking(move || memo_file(lang, &memo, format, &base))
        .await
        .map_err(|_| PageError::internal(lang))?
        .map_err(|e| {
            tracing::error!(error = %e, "memo export failed");
            PageError::internal(lang)
        })?;
    Ok((
        download_headers(format.content_type(), &name, Keep::Never),
        bytes,
    )
        .into_response())
}
