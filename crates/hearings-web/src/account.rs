//! Account security on the pages: "My account" with sign-out everywhere,
//! the e-mail verification link and its resending, and password reset by
//! e-mail. A link that does not work (unknown, used, expired) gets a page
//! saying why in the user's language, never a 500.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use hearings_store::StoreError;
use serde::Deserialize;

use crate::auth::{form_errors, start_session};
use crate::ctx::{CsrfForm, Ctx};
use crate::error::PageError;
use crate::pages::local_path;
use crate::views::{FormState, Layout};
use crate::{WebState, render};

/// A page with a title, one message and maybe a link onwards.
#[derive(Template)]
#[template(path = "notice.html")]
pub struct NoticePage {
    /// Layout (its title is the page's heading).
    pub l: Layout,
    /// The message.
    pub message: String,
    /// (href, text) of a link onwards.
    pub link: Option<(String, String)>,
}

/// "My account".
#[derive(Template)]
#[template(path = "account.html")]
pub struct AccountPage {
    /// Layout.
    pub l: Layout,
    /// Name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// Role label.
    pub role: String,
    /// Organisation name.
    pub organisation: Option<String>,
    /// Whether the e-mail address is confirmed.
    pub verified: bool,
    /// Just came from a password reset.
    pub changed: bool,
}

/// The form asking for a reset link.
#[derive(Template)]
#[template(path = "reset_request.html")]
pub struct ResetRequestPage {
    /// Layout.
    pub l: Layout,
    /// Values and errors.
    pub f: FormState,
}

/// The form for the new password.
#[derive(Template)]
#[template(path = "reset_confirm.html")]
pub struct ResetConfirmPage {
    /// Layout.
    pub l: Layout,
    /// Values and errors.
    pub f: FormState,
    /// The secret from the link, carried to the POST.
    pub token: String,
}

fn notice(c: &Ctx, title: &str, message: &str, link: Option<(&str, &str)>) -> NoticePage {
    NoticePage {
        l: Layout::new(c, c.lang.t(title)),
        message: c.lang.t(message).to_string(),
        link: link.map(|(href, text)| (href.to_string(), c.lang.t(text).to_string())),
    }
}

/// A used link's page path without its secret (the language switch then
/// leads to the page's plain path).
fn without_token(mut c: Ctx, path: &str) -> Ctx {
    c.path = path.to_string();
    c
}

fn store_err(c: &Ctx) -> impl Fn(StoreError) -> PageError + '_ {
    move |e| PageError::from_store(c.lang, e)
}

/// `?changed=1` after a password reset.
#[derive(Deserialize)]
pub struct AccountQuery {
    changed: Option<String>,
}

/// `GET /account`
pub async fn page(c: Ctx, Query(q): Query<AccountQuery>) -> Result<Response, PageError> {
    let a = c.require_account()?.clone();
    let page = AccountPage {
        l: Layout::new(&c, c.lang.t("account.title")),
        role: c.lang.t(&format!("role.{}", a.role)).to_string(),
        name: a.name,
        email: a.email,
        organisation: a.organisation_name,
        verified: a.email_verified,
        changed: q.changed.is_some(),
    };
    render(c.lang, page)
}

/// `POST /account/sign-out-everywhere`: ends every session of the user,
/// this one included, and makes their API tokens stop working.
pub async fn sign_out_everywhere(
    State(s): State<WebState>,
    c: Ctx,
    _form: CsrfForm,
) -> Result<Response, PageError> {
    let a = c.require_account()?.clone();
    s.store
        .sign_out_everywhere(&a)
        .await
        .map_err(store_err(&c))?;
    let mut signed_out = c.clone();
    signed_out.account = None;
    let page = notice(
        &signed_out,
        "account.everywhere_done_title",
        "account.everywhere_done",
        Some(("/signin", "nav.signin")),
    );
    let mut res = render(c.lang, page)?;
    res.headers_mut().append(
        header::SET_COOKIE,
        s.set_cookie(&s.session_cookie(), "", Some(0)),
    );
    Ok(res)
}

/// `?token=` of a link from an e-mail.
#[derive(Deserialize)]
pub struct TokenQuery {
    token: Option<String>,
}

/// `GET /verify?token=…`: confirms the address of the link's account.
pub async fn verify(
    State(s): State<WebState>,
    c: Ctx,
    Query(q): Query<TokenQuery>,
) -> Result<Response, PageError> {
    let c = without_token(c, "/verify");
    let token = q.token.unwrap_or_default();
    match s.store.verify_email(&token, s.clock.now()).await {
        Ok(_) => render(
            c.lang,
            notice(
                &c,
                "verify.done_title",
                "verify.done",
                Some(("/", "nav.home")),
            ),
        ),
        Err(StoreError::Link(e)) => {
            let mut page = notice(&c, "verify.failed_title", "account.link_unknown", None);
            page.message = c.lang.link_problem(e).to_string();
            if c.account.is_some() {
                page.link = Some(("/account".into(), c.lang.t("nav.account").into()));
            } else {
                page.link = Some(("/signin".into(), c.lang.t("nav.signin").into()));
            }
            let mut res = render(c.lang, page)?;
            *res.status_mut() = StatusCode::BAD_REQUEST;
            Ok(res)
        }
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

/// `POST /verify/resend`: e-mails a fresh verification link to the signed-in user.
pub async fn resend(
    State(s): State<WebState>,
    c: Ctx,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let a = c.require_account()?.clone();
    s.store
        .resend_verification(&a, s.clock.now())
        .await
        .map_err(store_err(&c))?;
    let back = local_path(Some(form.get("next")));
    let page = NoticePage {
        l: Layout::new(&c, c.lang.t("verify.sent_title")),
        message: c.lang.t("verify.sent").to_string(),
        link: Some((back, c.lang.t("nav.back").to_string())),
    };
    render(c.lang, page)
}

/// `GET /password-reset`
pub async fn reset_request_form(c: Ctx) -> Result<Response, PageError> {
    let page = ResetRequestPage {
        l: Layout::new(&c, c.lang.t("reset.title")),
        f: FormState::default(),
    };
    render(c.lang, page)
}

/// `POST /password-reset`: the same answer whether or not the address has
/// an account.
pub async fn reset_request(
    State(s): State<WebState>,
    c: Ctx,
    form: CsrfForm,
) -> Result<Response, PageError> {
    s.store
        .request_password_reset(form.get("email"), s.clock.now())
        .await
        .map_err(store_err(&c))?;
    render(
        c.lang,
        notice(
            &c,
            "reset.sent_title",
            "reset.sent",
            Some(("/signin", "nav.signin")),
        ),
    )
}

fn link_refused(c: &Ctx, e: hearings_core::account::TokenError) -> Result<Response, PageError> {
    let mut page = notice(
        c,
        "verify.failed_title",
        "account.link_unknown",
        Some(("/password-reset", "reset.ask_again")),
    );
    page.message = c.lang.link_problem(e).to_string();
    let mut res = render(c.lang, page)?;
    *res.status_mut() = StatusCode::BAD_REQUEST;
    Ok(res)
}

/// `GET /password-reset/confirm?token=…`: the form for a new password, or
/// why the link does not work.
pub async fn reset_confirm_form(
    State(s): State<WebState>,
    c: Ctx,
    Query(q): Query<TokenQuery>,
) -> Result<Response, PageError> {
    // The path keeps its token here, so the language switch comes back to the form.
    let token = q.token.unwrap_or_default();
    match s.store.check_reset_link(&token, s.clock.now()).await {
        Ok(()) => render(
            c.lang,
            ResetConfirmPage {
                l: Layout::new(&c, c.lang.t("reset.new_title")),
                f: FormState::default(),
                token,
            },
        ),
        Err(StoreError::Link(e)) => link_refused(&c, e),
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

/// `POST /password-reset/confirm`: sets the new password, ends every
/// session of the account, and signs the user in anew here.
pub async fn reset_confirm(
    State(s): State<WebState>,
    c: Ctx,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let token = form.get("token").to_string();
    let now = s.clock.now();
    match s
        .store
        .reset_password(&token, form.get("password"), now)
        .await
    {
        // A new session; the old cookie named a session that has ended.
        Ok(account) => start_session(&s, account.id, "/account?changed=1")
            .await
            .map_err(store_err(&c)),
        Err(StoreError::Invalid(errors)) => {
            let errors = form_errors(c.lang, &errors, |_| {
                (
                    "password".to_string(),
                    c.lang.t("field.new_password").to_string(),
                )
            });
            let mut res = render(
                c.lang,
                ResetConfirmPage {
                    l: Layout::new(&c, c.lang.t("reset.new_title")),
                    f: FormState {
                        values: vec![],
                        errors,
                    },
                    token,
                },
            )?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(StoreError::Link(e)) => link_refused(&c, e),
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}
