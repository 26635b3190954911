//! Sign in, sign out, register.

use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use hearings_core::input::{FieldError, RawOrganisation, RawRegistration};
use hearings_core::{Classification, RespondentType, SizeClass};
use hearings_i18n::Lang;
use hearings_store::{ReferenceData, StoreError};
use serde::Deserialize;

use crate::ctx::{CsrfForm, Ctx};
use crate::error::PageError;
use crate::pages::local_path;
use crate::views::{Choice, FormState, Layout, RegisterPage, SignInPage};
use crate::{WebState, render};

/// `?next=` on the sign-in page.
#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// `GET /signin`
pub async fn sign_in_form(c: Ctx, Query(q): Query<NextQuery>) -> Result<Response, PageError> {
    let page = SignInPage {
        l: Layout::new(&c, c.lang.t("signin.title")),
        f: FormState::default(),
        failed: false,
        next: local_path(q.next.as_deref()),
    };
    render(c.lang, page)
}

/// `POST /signin`
pub async fn sign_in(
    State(s): State<WebState>,
    c: Ctx,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let internal = |e: StoreError| PageError::from_store(c.lang, e);
    let found = s
        .store
        .authenticate(form.get("email"), form.get("password"))
        .await
        .map_err(internal)?;
    let Some(account) = found else {
        let page = SignInPage {
            l: Layout::new(&c, c.lang.t("signin.title")),
            f: FormState {
                values: vec![("email".into(), form.get("email").to_string())],
                errors: vec![],
            },
            failed: true,
            next: local_path(Some(form.get("next"))),
        };
        let mut res = render(c.lang, page)?;
        *res.status_mut() = StatusCode::UNAUTHORIZED;
        return Ok(res);
    };
    start_session(&s, account.id, &local_path(Some(form.get("next"))))
        .await
        .map_err(internal)
}

pub(crate) async fn start_session(
    s: &WebState,
    user: hearings_core::UserId,
    to: &str,
) -> Result<Response, StoreError> {
    let token = s.store.create_session(user, s.clock.now()).await?;
    let mut res = Redirect::to(to).into_response();
    let max_age = hearings_store::SESSION_LIFETIME.num_seconds();
    res.headers_mut().append(
        header::SET_COOKIE,
        s.set_cookie(&s.session_cookie(), &token, Some(max_age)),
    );
    Ok(res)
}

/// `POST /signout`: ends the session on the server and clears the cookie.
pub async fn sign_out(
    State(s): State<WebState>,
    headers: axum::http::HeaderMap,
    c: Ctx,
    _form: CsrfForm,
) -> Result<Response, PageError> {
    if let Some(token) = crate::ctx::cookie(&headers, &s.session_cookie()) {
        s.store
            .delete_session(token)
            .await
            .map_err(|e| PageError::from_store(c.lang, e))?;
    }
    let mut res = Redirect::to("/").into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        s.set_cookie(&s.session_cookie(), "", Some(0)),
    );
    Ok(res)
}

fn register_page(c: &Ctx, refs: &ReferenceData, f: FormState) -> RegisterPage {
    let lang = c.lang;
    let name = |da: &str, en: &str| {
        if lang == Lang::Da {
            da.to_string()
        } else {
            en.to_string()
        }
    };
    // Retail (DB25:G) is chosen at first, or the first section offered.
    let chosen_industry = if f.v("org_industry").is_empty() {
        refs.sections
            .iter()
            .filter(|s| !s.retired)
            .map(|s| format!("{}:{}", s.classification, s.section))
            .find(|v| v == "DB25:G")
            .or_else(|| {
                refs.sections
                    .iter()
                    .find(|s| !s.retired && s.classification == "DB25")
                    .map(|s| format!("{}:{}", s.classification, s.section))
            })
            .unwrap_or_default()
    } else {
        f.v("org_industry").to_string()
    };
    let industries = [Classification::Db25, Classification::Db07]
        .iter()
        .map(|cl| {
            let options = refs
                .sections
                .iter()
                .filter(|s| s.classification == cl.as_str())
                .filter(|s| {
                    !s.retired
                        || format!("{}:{}", s.classification, s.section) == f.v("org_industry")
                })
                .map(|s| {
                    let value = format!("{}:{}", s.classification, s.section);
                    Choice {
                        chosen: value == chosen_industry,
                        label: format!("{} – {}", s.section, name(&s.name_da, &s.name_en)),
                        value,
                    }
                })
                .collect();
            (cl.as_str().to_string(), options)
        })
        .collect();
    let pick = |field: &str, values: Vec<(String, String)>| -> Vec<Choice> {
        values
            .into_iter()
            .map(|(value, label)| Choice {
                chosen: f.has(field, &value),
                value,
                label,
            })
            .collect()
    };
    let sizes = pick(
        "org_size",
        SizeClass::ALL
            .iter()
            .map(|s| {
                (
                    s.as_str().to_string(),
                    lang.t(&format!("size.{s}")).to_string(),
                )
            })
            .collect(),
    );
    let areas = pick(
        "org_area",
        refs.areas
            .iter()
            .filter(|a| a.code != "hele-kommunen")
            .filter(|a| !a.retired || f.has("org_area", &a.code))
            .map(|a| (a.code.clone(), name(&a.name_da, &a.name_en)))
            .collect(),
    );
    let types = pick(
        "org_type",
        RespondentType::ALL
            .iter()
            .map(|t| {
                (
                    t.as_str().to_string(),
                    lang.t(&format!("rtype.{t}")).to_string(),
                )
            })
            .collect(),
    );
    RegisterPage {
        l: Layout::new(c, lang.t("register.title")),
        f,
        industries,
        sizes,
        areas,
        types,
    }
}

/// `GET /register`
pub async fn register_form(State(s): State<WebState>, c: Ctx) -> Result<Response, PageError> {
    let refs = s
        .store
        .reference_data()
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    render(c.lang, register_page(&c, &refs, FormState::default()))
}

/// Form field and label key for a registration field path.
fn register_field(path: &str) -> (&'static str, &'static str) {
    match path {
        "name" => ("name", "field.name"),
        "email" => ("email", "field.email"),
        "password" => ("password", "field.password"),
        "organisation.cvr" => ("org_cvr", "field.org_cvr"),
        "organisation.name" => ("org_name", "field.org_name"),
        "organisation.size_class" => ("org_size", "field.org_size"),
        "organisation.area" => ("org_area", "field.org_area"),
        "organisation.respondent_type" => ("org_type", "field.org_type"),
        _ => ("org_industry", "field.org_industry"),
    }
}

/// The errors of a form, mapped to its fields and labelled, in the user's language.
pub(crate) fn form_errors(
    lang: Lang,
    errors: &[FieldError],
    map: impl Fn(&str) -> (String, String),
) -> Vec<(String, String, String)> {
    errors
        .iter()
        .map(|e| {
            let (field, label) = map(&e.field);
            (field, lang.problem(&e.problem), label)
        })
        .collect()
}

/// `POST /register`
pub async fn register(
    State(s): State<WebState>,
    c: Ctx,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let (classification, code) = form.get("org_industry").split_once(':').unwrap_or(("", ""));
    let raw = RawRegistration {
        name: form.get("name").into(),
        email: form.get("email").into(),
        password: form.get("password").into(),
        organisation: RawOrganisation {
            cvr: form.get("org_cvr").into(),
            name: form.get("org_name").into(),
            classification: classification.into(),
            industry_code: code.into(),
            size_class: form.get("org_size").into(),
            area: form.get("org_area").into(),
            respondent_type: form.get("org_type").into(),
        },
    };
    let result = match raw.parse() {
        Ok(reg) => s.store.sign_up(reg, s.clock.now()).await,
        Err(errors) => Err(StoreError::Invalid(errors)),
    };
    match result {
        // Asked to join an organisation that has members: its page says what happens now.
        Ok(account) if account.join_request.is_some() => {
            start_session(&s, account.id, "/organisation")
                .await
                .map_err(|e| PageError::from_store(c.lang, e))
        }
        Ok(account) => start_session(&s, account.id, "/")
            .await
            .map_err(|e| PageError::from_store(c.lang, e)),
        Err(StoreError::Invalid(errors)) => {
            let refs = s
                .store
                .reference_data()
                .await
                .map_err(|e| PageError::from_store(c.lang, e))?;
            let errors = form_errors(c.lang, &errors, |p| {
                let (f, l) = register_field(p);
                (f.to_string(), c.lang.t(l).to_string())
            });
            let values = form
                .0
                .into_iter()
                .filter(|(k, _)| k != "password" && k != "csrf")
                .collect();
            let mut res = render(
                c.lang,
                register_page(&c, &refs, FormState { values, errors }),
            )?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}
