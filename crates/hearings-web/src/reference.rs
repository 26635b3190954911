//! The administrators' pages for the reference data: the overview of the
//! four kinds, each kind's table with what uses every entry and the form
//! that adds one, the rename form, and the buttons that retire, restore
//! and delete (an unused entry). Everyone else is refused.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use hearings_core::Classification;
use hearings_core::reference::{RawReferenceEntry, ReferenceKey, ReferenceKind, ReferenceNames};
use hearings_i18n::Lang;
use hearings_store::{Account, ReferenceEntry, ReferenceOverview, StoreError};
use serde::Deserialize;

use crate::auth::form_errors;
use crate::ctx::{CsrfForm, Ctx};
use crate::error::{PageError, encode};
use crate::views::{
    Choice, FormState, Layout, ReferenceEditPage, ReferenceKindPage, ReferenceKindSummary,
    ReferenceOverviewPage, ReferenceRow,
};
use crate::{WebState, render};

/// What was just done, shown once after the redirect (`?done=created&key=…`).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Done {
    done: String,
    key: String,
}

const DONE: [&str; 5] = ["created", "renamed", "retired", "restored", "deleted"];

fn require_admin(c: &Ctx) -> Result<Account, PageError> {
    let a = c.require_account()?;
    if a.role.manages_reference_data() {
        Ok(a.clone())
    } else {
        Err(PageError::forbidden(c.lang))
    }
}

fn kind_of(lang: Lang, raw: &str) -> Result<ReferenceKind, PageError> {
    ReferenceKind::parse(raw).map_err(|_| PageError::not_found(lang))
}

fn key_of(lang: Lang, kind: ReferenceKind, raw: &str) -> Result<ReferenceKey, PageError> {
    ReferenceKey::parse(kind, raw).ok_or_else(|| PageError::not_found(lang))
}

fn title(lang: Lang, kind: ReferenceKind) -> &'static str {
    lang.t(&format!("reference.kind.{kind}"))
}

fn kind_href(kind: ReferenceKind) -> String {
    format!("/admin/reference/{kind}")
}

fn entry_href(key: &ReferenceKey) -> String {
    format!(
        "/admin/reference/{}/{}",
        key.kind(),
        encode(&key.to_string())
    )
}

fn row(lang: Lang, e: &ReferenceEntry) -> ReferenceRow {
    let kind = e.key.kind();
    let usage = e.usage.unwrap_or_default();
    let counts = |yes: bool, n: u64| yes.then_some(n);
    ReferenceRow {
        key: e.key.to_string(),
        anchor: format!("entry-{}", e.key.to_string().replace(':', "-")),
        name_da: e.name_da.clone(),
        name_en: e.name_en.clone(),
        name: if lang == Lang::Da {
            e.name_da.clone()
        } else {
            e.name_en.clone()
        },
        hearings: counts(kind != ReferenceKind::Section, usage.hearings),
        organisations: counts(
            matches!(kind, ReferenceKind::Area | ReferenceKind::Section),
            usage.organisations,
        ),
        responses: counts(
            matches!(kind, ReferenceKind::Area | ReferenceKind::Section),
            usage.responses,
        ),
        retired_on: e.retired_at.map(|t| lang.datetime(t)),
        href: entry_href(&e.key),
        deletable: e.usage.is_some_and(|u| !u.in_use()),
    }
}

async fn overview(s: &WebState, c: &Ctx, a: &Account) -> Result<ReferenceOverview, PageError> {
    s.store
        .reference_overview(Some(a))
        .await
        .map_err(|e| PageError::from_store(c.lang, e))
}

/// `GET /admin/reference`: the four kinds (four queries).
pub async fn index(State(s): State<WebState>, c: Ctx) -> Result<Response, PageError> {
    require_admin(&c)?;
    let o = s
        .store
        .reference_overview(None)
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    let kinds = ReferenceKind::ALL
        .iter()
        .map(|k| {
            let list = o.of(*k);
            ReferenceKindSummary {
                kind: k.as_str().to_string(),
                href: kind_href(*k),
                title: title(c.lang, *k).to_string(),
                intro: c.lang.t(&format!("reference.intro.{k}")).to_string(),
                total: list.len(),
                retired: list.iter().filter(|e| e.retired_at.is_some()).count(),
            }
        })
        .collect();
    render(
        c.lang,
        ReferenceOverviewPage {
            l: Layout::new(&c, c.lang.t("reference.title")),
            kinds,
        },
    )
}

fn kind_page(
    c: &Ctx,
    kind: ReferenceKind,
    o: &ReferenceOverview,
    f: FormState,
    notice: Option<String>,
) -> ReferenceKindPage {
    let lang = c.lang;
    let chosen = if f.v("classification").is_empty() {
        Classification::Db25.as_str().to_string()
    } else {
        f.v("classification").to_string()
    };
    ReferenceKindPage {
        l: Layout::new(c, title(lang, kind)),
        kind: kind.as_str().to_string(),
        intro: lang.t(&format!("reference.intro.{kind}")).to_string(),
        rows: o.of(kind).iter().map(|e| row(lang, e)).collect(),
        counts_hearings: kind != ReferenceKind::Section,
        counts_organisations: matches!(kind, ReferenceKind::Area | ReferenceKind::Section),
        counts_responses: matches!(kind, ReferenceKind::Area | ReferenceKind::Section),
        has_code: kind != ReferenceKind::Committee,
        is_section: kind == ReferenceKind::Section,
        classifications: [Classification::Db25, Classification::Db07]
            .iter()
            .map(|cl| Choice {
                value: cl.as_str().to_string(),
                label: cl.as_str().to_string(),
                chosen: chosen == cl.as_str(),
            })
            .collect(),
        f,
        notice,
    }
}

/// `GET /admin/reference/{kind}`: its entries with what uses each
/// (eleven queries), and the form that adds one.
pub async fn kind(
    State(s): State<WebState>,
    c: Ctx,
    Path(k): Path<String>,
    done: Result<Query<Done>, QueryRejection>,
) -> Result<Response, PageError> {
    let kind = kind_of(c.lang, &k)?;
    let a = require_admin(&c)?;
    let o = overview(&s, &c, &a).await?;
    let Query(done) = done.unwrap_or_default();
    let notice = DONE.contains(&done.done.as_str()).then(|| {
        let name = ReferenceKey::parse(kind, &done.key)
            .and_then(|key| o.find(&key))
            .map(|e| row(c.lang, e).name)
            .unwrap_or_else(|| done.key.clone());
        format!(
            "{}: {name}",
            c.lang.t(&format!("reference.done.{}", done.done))
        )
    });
    render(
        c.lang,
        kind_page(&c, kind, &o, FormState::default(), notice),
    )
}

/// The form's values, without the CSRF token.
fn values(form: &CsrfForm) -> Vec<(String, String)> {
    form.0
        .iter()
        .filter(|(k, _)| k != "csrf")
        .cloned()
        .collect()
}

/// Labels of the fields of the reference forms.
fn field(lang: Lang, path: &str) -> (String, String) {
    let label = match path {
        "code" => "reference.field.code",
        "classification" => "reference.field.classification",
        "name_en" => "reference.field.name_en",
        _ => "reference.field.name_da",
    };
    let name = match path {
        "code" | "classification" | "name_en" => path,
        _ => "name_da",
    };
    (name.to_string(), lang.t(label).to_string())
}

fn redirect_done(kind: ReferenceKind, done: &str, key: &ReferenceKey) -> Response {
    let anchor = format!("entry-{}", key.to_string().replace(':', "-"));
    let to = format!(
        "{}?done={done}&key={}#{anchor}",
        kind_href(kind),
        encode(&key.to_string())
    );
    Redirect::to(&to).into_response()
}

/// `POST /admin/reference/{kind}`: adds an entry, or shows the kind's page
/// again with 422, the errors by their fields and everything typed.
pub async fn create(
    State(s): State<WebState>,
    c: Ctx,
    Path(k): Path<String>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let kind = kind_of(c.lang, &k)?;
    let a = require_admin(&c)?;
    let raw = RawReferenceEntry {
        code: form.get("code").into(),
        classification: form.get("classification").into(),
        name_da: form.get("name_da").into(),
        name_en: form.get("name_en").into(),
    };
    let result = match raw.parse(kind) {
        Ok(new) => s.store.create_reference(&a, new, s.clock.now()).await,
        Err(errors) => Err(StoreError::Invalid(errors)),
    };
    match result {
        Ok(e) => Ok(redirect_done(kind, "created", &e.key)),
        Err(StoreError::Invalid(errors)) => {
            let o = overview(&s, &c, &a).await?;
            let f = FormState {
                values: values(&form),
                errors: form_errors(c.lang, &errors, |p| field(c.lang, p)),
            };
            let mut res = render(c.lang, kind_page(&c, kind, &o, f, None))?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

fn edit_page(c: &Ctx, e: &ReferenceEntry, f: FormState) -> ReferenceEditPage {
    let kind = e.key.kind();
    let row = row(c.lang, e);
    ReferenceEditPage {
        l: Layout::new(
            c,
            format!("{}: {}", c.lang.t("reference.rename_title"), row.name),
        ),
        back_href: kind_href(kind),
        kind_title: title(c.lang, kind).to_string(),
        row,
        f,
    }
}

async fn entry(
    s: &WebState,
    c: &Ctx,
    a: &Account,
    key: &ReferenceKey,
) -> Result<ReferenceEntry, PageError> {
    overview(s, c, a)
        .await?
        .find(key)
        .cloned()
        .ok_or_else(|| PageError::not_found(c.lang))
}

/// `GET /admin/reference/{kind}/{key}/edit`: the rename form.
pub async fn edit_form(
    State(s): State<WebState>,
    c: Ctx,
    Path((k, raw_key)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let kind = kind_of(c.lang, &k)?;
    let a = require_admin(&c)?;
    let key = key_of(c.lang, kind, &raw_key)?;
    let e = entry(&s, &c, &a, &key).await?;
    let f = FormState {
        values: vec![
            ("name_da".into(), e.name_da.clone()),
            ("name_en".into(), e.name_en.clone()),
        ],
        errors: vec![],
    };
    render(c.lang, edit_page(&c, &e, f))
}

/// `POST /admin/reference/{kind}/{key}/edit`: renames the entry, or shows
/// the form again with 422, the errors and what was typed.
pub async fn rename(
    State(s): State<WebState>,
    c: Ctx,
    Path((k, raw_key)): Path<(String, String)>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let kind = kind_of(c.lang, &k)?;
    let a = require_admin(&c)?;
    let key = key_of(c.lang, kind, &raw_key)?;
    let result = match ReferenceNames::parse(form.get("name_da"), form.get("name_en")) {
        Ok(names) => {
            s.store
                .rename_reference(&a, &key, names, s.clock.now())
                .await
        }
        Err(errors) => Err(StoreError::Invalid(errors)),
    };
    match result {
        Ok(_) => Ok(redirect_done(kind, "renamed", &key)),
        Err(StoreError::Invalid(errors)) => {
            let e = entry(&s, &c, &a, &key).await?;
            let f = FormState {
                values: values(&form),
                errors: form_errors(c.lang, &errors, |p| field(c.lang, p)),
            };
            let mut res = render(c.lang, edit_page(&c, &e, f))?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

/// Which of the buttons on an entry.
#[derive(Clone, Copy)]
enum Change {
    Retire,
    Restore,
    Delete,
}

async fn change(
    s: WebState,
    c: Ctx,
    k: String,
    raw_key: String,
    what: Change,
) -> Result<Response, PageError> {
    let kind = kind_of(c.lang, &k)?;
    let a = require_admin(&c)?;
    let key = key_of(c.lang, kind, &raw_key)?;
    let now = s.clock.now();
    let err = |e| PageError::from_store(c.lang, e);
    match what {
        Change::Retire => {
            s.store.retire_reference(&a, &key, now).await.map_err(err)?;
            Ok(redirect_done(kind, "retired", &key))
        }
        Change::Restore => {
            s.store
                .restore_reference(&a, &key, now)
                .await
                .map_err(err)?;
            Ok(redirect_done(kind, "restored", &key))
        }
        Change::Delete => {
            s.store.delete_reference(&a, &key, now).await.map_err(err)?;
            Ok(redirect_done(kind, "deleted", &key))
        }
    }
}

/// `POST /admin/reference/{kind}/{key}/retire`
pub async fn retire(
    State(s): State<WebState>,
    c: Ctx,
    Path((k, key)): Path<(String, String)>,
    _form: CsrfForm,
) -> Result<Response, PageError> {
    change(s, c, k, key, Change::Retire).await
}

/// `POST /admin/reference/{kind}/{key}/restore`
pub async fn restore(
    State(s): State<WebState>,
    c: Ctx,
    Path((k, key)): Path<(String, String)>,
    _form: CsrfForm,
) -> Result<Response, PageError> {
    change(s, c, k, key, Change::Restore).await
}

/// `POST /admin/reference/{kind}/{key}/delete`: only an entry nothing uses
/// (409 otherwise, with the advice to retire it).
pub async fn delete(
    State(s): State<WebState>,
    c: Ctx,
    Path((k, key)): Path<(String, String)>,
    _form: CsrfForm,
) -> Result<Response, PageError> {
    change(s, c, k, key, Change::Delete).await
}
