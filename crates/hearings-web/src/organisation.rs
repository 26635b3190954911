//! "Vores organisation" (`/organisation`): the organisation's profile and
//! its members for every member; for its administrators the profile form,
//! the requests to join, the invitations by e-mail and the members' roles.
//! And the page of an invitation link (`/invitation?token=…`), where a
//! colleague registers without organisation fields, or accepts after
//! signing in.
//!
//! Every action is checked by the store against the caller's current
//! membership: an id of another organisation's member, request or
//! invitation is not found, and a plain member may not manage.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use hearings_core::input::RawOrganisation;
use hearings_core::membership::{JoinOutcome, MembershipError};
use hearings_core::profile::RawProfile;
use hearings_core::{Classification, MemberRole, RespondentType, SizeClass};
use hearings_i18n::Lang;
use hearings_store::{Account, InvitationInfo, OrganisationView, ReferenceData, StoreError};
use serde::Deserialize;

use crate::account::NoticePage;
use crate::auth::{form_errors, start_session};
use crate::ctx::{CsrfForm, Ctx};
use crate::error::PageError;
use crate::pages::area_name;
use crate::views::{Choice, FormState, Layout};
use crate::{WebState, render};

/// A member in the list.
#[derive(Debug, Clone)]
pub struct MemberRow {
    /// Account id.
    pub id: String,
    /// Name.
    pub name: String,
    /// E-mail address (administrators see it).
    pub email: String,
    /// Role label.
    pub role: String,
    /// Whether an administrator.
    pub admin: bool,
    /// Whether this is the viewer.
    pub me: bool,
}

/// A request to join in the administrators' list.
#[derive(Debug, Clone)]
pub struct RequestRow {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// Whether the address is confirmed.
    pub verified: bool,
    /// When, formatted.
    pub requested: String,
    /// Machine-readable time.
    pub requested_iso: String,
}

/// A waiting invitation in the administrators' list.
#[derive(Debug, Clone)]
pub struct InvitationRow {
    /// Id.
    pub id: String,
    /// Address.
    pub email: String,
    /// Who sent it.
    pub invited_by: String,
    /// Until when the link works, formatted.
    pub expires: String,
    /// Machine-readable time.
    pub expires_iso: String,
}

/// "Vores organisation".
#[derive(Template)]
#[template(path = "organisation.html")]
pub struct OrganisationPage {
    /// Layout.
    pub l: Layout,
    /// Whether the viewer is an administrator.
    pub admin: bool,
    /// A confirmation of what was just done.
    pub notice: Option<String>,
    /// Why the last action was refused.
    pub refusal: Option<String>,
    /// The profile as facts: (label, value, element id).
    pub facts: Vec<(String, String, String)>,
    /// The CVR number when set (then it cannot change).
    pub cvr_fixed: Option<String>,
    /// The profile form's values and errors.
    pub f: FormState,
    /// Classifications.
    pub classifications: Vec<Choice>,
    /// Size classes.
    pub sizes: Vec<Choice>,
    /// Areas.
    pub areas: Vec<Choice>,
    /// Respondent types.
    pub types: Vec<Choice>,
    /// The members.
    pub members: Vec<MemberRow>,
    /// Requests to join waiting.
    pub requests: Vec<RequestRow>,
    /// Invitations waiting.
    pub invitations: Vec<InvitationRow>,
    /// The invitation form's value and error.
    pub inv: FormState,
}

/// The page of an invitation link.
#[derive(Template)]
#[template(path = "invitation.html")]
pub struct InvitationPage {
    /// Layout.
    pub l: Layout,
    /// The secret from the link, carried to the POST.
    pub token: String,
    /// The organisation.
    pub organisation: String,
    /// The invited address.
    pub email: String,
    /// Until when the link works, formatted.
    pub expires: String,
    /// Signed in and may accept.
    pub can_accept: bool,
    /// Signed in but may not accept: why.
    pub refusal: Option<String>,
    /// The registration form's values and errors (not signed in).
    pub f: FormState,
    /// The sign-in link that comes back here.
    pub signin_href: String,
}

fn store_err(lang: Lang) -> impl Fn(StoreError) -> PageError {
    move |e| PageError::from_store(lang, e)
}

/// The signed-in respondent, or a redirect to sign in; 403 for staff,
/// politicians and administrators, who have no organisation.
fn respondent(c: &Ctx) -> Result<&Account, PageError> {
    let a = c.require_account()?;
    if a.role.responds() {
        Ok(a)
    } else {
        Err(PageError::forbidden(c.lang))
    }
}

/// The profile form's field and label key for a profile field path.
fn profile_field(path: &str) -> (&'static str, &'static str) {
    match path {
        "cvr" => ("cvr", "field.org_cvr"),
        "name" => ("name", "field.org_name"),
        "industry.classification" => ("classification", "field.classification"),
        "industry.code" => ("industry_code", "field.industry_code"),
        "size_class" => ("size_class", "field.org_size"),
        "address.street" => ("street", "field.street"),
        "address.postcode" => ("postcode", "field.postcode"),
        "address.town" => ("town", "field.town"),
        "area" => ("area", "field.org_area"),
        _ => ("respondent_type", "field.org_type"),
    }
}

fn name_in(lang: Lang, da: &str, en: &str) -> String {
    if lang == Lang::Da {
        da.to_string()
    } else {
        en.to_string()
    }
}

/// The form's values for a stored profile.
fn values_of(v: &OrganisationView) -> Vec<(String, String)> {
    let p = &v.profile;
    let a = &p.address;
    [
        ("cvr", p.cvr.clone().unwrap_or_default()),
        ("name", p.name.clone()),
        ("classification", p.classification.clone()),
        ("industry_code", p.industry_code.clone()),
        ("size_class", p.size_class.as_str().to_string()),
        ("street", a.street.clone().unwrap_or_default()),
        ("postcode", a.postcode.clone().unwrap_or_default()),
        ("town", a.town.clone().unwrap_or_default()),
        ("area", p.area.clone()),
        ("respondent_type", p.respondent_type.as_str().to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// What an organisation page shows besides the stored data.
#[derive(Default)]
struct Extra {
    notice: Option<String>,
    refusal: Option<String>,
    f: Option<FormState>,
    inv: FormState,
}

fn organisation_page(
    c: &Ctx,
    me: &Account,
    refs: &ReferenceData,
    v: OrganisationView,
    extra: Extra,
) -> OrganisationPage {
    let lang = c.lang;
    let admin = v.role.manages_organisation();
    let f = extra.f.unwrap_or_else(|| FormState {
        values: values_of(&v),
        errors: vec![],
    });
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
    let p = &v.profile;
    let section = refs
        .sections
        .iter()
        .find(|s| s.classification == p.classification && s.section == p.industry_section)
        .map(|s| name_in(lang, &s.name_da, &s.name_en))
        .unwrap_or_default();
    let address = [
        p.address.street.clone(),
        match (&p.address.postcode, &p.address.town) {
            (Some(pc), Some(t)) => Some(format!("{pc} {t}")),
            (Some(x), None) | (None, Some(x)) => Some(x.clone()),
            (None, None) => None,
        },
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let none = || lang.t("organisation.none_given").to_string();
    let facts = vec![
        (
            lang.t("field.org_cvr").to_string(),
            p.cvr.clone().unwrap_or_else(none),
            "org-cvr".to_string(),
        ),
        (
            lang.t("field.org_name").to_string(),
            p.name.clone(),
            "org-name".to_string(),
        ),
        (
            lang.t("field.org_industry").to_string(),
            format!("{} {} ({section})", p.classification, p.industry_code),
            "org-industry".to_string(),
        ),
        (
            lang.t("field.org_size").to_string(),
            lang.t(&format!("size.{}", p.size_class)).to_string(),
            "org-size".to_string(),
        ),
        (
            lang.t("organisation.address").to_string(),
            if address.is_empty() { none() } else { address },
            "org-address".to_string(),
        ),
        (
            lang.t("field.org_area").to_string(),
            area_name(lang, refs, &p.area),
            "org-area".to_string(),
        ),
        (
            lang.t("field.org_type").to_string(),
            lang.t(&format!("rtype.{}", p.respondent_type)).to_string(),
            "org-type".to_string(),
        ),
    ];
    let classifications = pick(
        "classification",
        [Classification::Db25, Classification::Db07]
            .iter()
            .map(|c| (c.as_str().to_string(), c.as_str().to_string()))
            .collect(),
    );
    let sizes = pick(
        "size_class",
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
        "area",
        refs.areas
            .iter()
            .filter(|a| a.code != "hele-kommunen" && (!a.retired || f.has("area", &a.code)))
            .map(|a| (a.code.clone(), name_in(lang, &a.name_da, &a.name_en)))
            .collect(),
    );
    let types = pick(
        "respondent_type",
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
    let members = v
        .members
        .iter()
        .map(|m| MemberRow {
            id: m.id.to_string(),
            name: m.name.clone(),
            email: m.email.clone(),
            role: lang.t(&format!("member_role.{}", m.role)).to_string(),
            admin: m.role == MemberRole::Admin,
            me: m.id == me.id,
        })
        .collect();
    let requests = v
        .requests
        .iter()
        .map(|r| RequestRow {
            id: r.id.to_string(),
            name: r.name.clone(),
            email: r.email.clone(),
            verified: r.email_verified,
            requested: lang.datetime(r.requested_at),
            requested_iso: r.requested_at.to_rfc3339(),
        })
        .collect();
    let invitations = v
        .invitations
        .iter()
        .map(|i| InvitationRow {
            id: i.id.to_string(),
            email: i.email.clone(),
            invited_by: i.invited_by.clone().unwrap_or_default(),
            expires: lang.datetime(i.expires_at),
            expires_iso: i.expires_at.to_rfc3339(),
        })
        .collect();
    OrganisationPage {
        l: Layout::new(c, lang.t("organisation.title")),
        admin,
        notice: extra.notice,
        refusal: extra.refusal,
        facts,
        cvr_fixed: p.cvr.clone(),
        classifications,
        sizes,
        areas,
        types,
        members,
        requests,
        invitations,
        inv: extra.inv,
        f,
    }
}

/// The page for a respondent who belongs to no organisation: the request
/// waiting, or how to join one.
fn without_organisation(c: &Ctx, a: &Account) -> Result<Response, PageError> {
    let lang = c.lang;
    // The banner of every page says the main thing; this page adds what to expect.
    let message = match &a.join_request {
        Some(j) => format!(
            "{} {}. {}",
            lang.t("organisation.pending_sent"),
            lang.datetime(j.requested_at),
            lang.t("organisation.pending_next"),
        ),
        None => lang.t("organisation.no_organisation_next").to_string(),
    };
    render(
        lang,
        NoticePage {
            l: Layout::new(c, lang.t("organisation.title")),
            message,
            link: None,
        },
    )
}

/// Renders the organisation page with `extra`, with `status`.
async fn show(
    s: &WebState,
    c: &Ctx,
    extra: Extra,
    status: StatusCode,
) -> Result<Response, PageError> {
    let me = respondent(c)?;
    if me.organisation.is_none() {
        return without_organisation(c, me);
    }
    let view = s
        .store
        .organisation(me, s.clock.now())
        .await
        .map_err(store_err(c.lang))?;
    let refs = s.store.reference_data().await.map_err(store_err(c.lang))?;
    let mut res = render(c.lang, organisation_page(c, me, &refs, view, extra))?;
    *res.status_mut() = status;
    Ok(res)
}

/// `?done=…` after an action.
#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

/// `GET /organisation`
pub async fn page(
    State(s): State<WebState>,
    c: Ctx,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let notice = q.done.as_deref().and_then(|d| match d {
        "saved" | "role" | "removed" | "accepted" | "refused" | "invited" | "revoked"
        | "joined" => Some(c.lang.t(&format!("organisation.done.{d}")).to_string()),
        _ => None,
    });
    show(
        &s,
        &c,
        Extra {
            notice,
            ..Extra::default()
        },
        StatusCode::OK,
    )
    .await
}

fn done(what: &str) -> Response {
    Redirect::to(&format!("/organisation?done={what}")).into_response()
}

/// A refused membership change shown on the organisation page (409).
async fn refused(s: &WebState, c: &Ctx, e: MembershipError) -> Result<Response, PageError> {
    let extra = Extra {
        refusal: Some(c.lang.membership_problem(e).to_string()),
        ..Extra::default()
    };
    show(s, c, extra, StatusCode::CONFLICT).await
}

/// `POST /organisation`: saves the profile (administrators).
pub async fn save(
    State(s): State<WebState>,
    c: Ctx,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let me = respondent(&c)?.clone();
    let raw = RawProfile {
        organisation: RawOrganisation {
            cvr: form.get("cvr").into(),
            name: form.get("name").into(),
            classification: form.get("classification").into(),
            industry_code: form.get("industry_code").into(),
            size_class: form.get("size_class").into(),
            area: form.get("area").into(),
            respondent_type: form.get("respondent_type").into(),
        },
        street: form.get("street").into(),
        postcode: form.get("postcode").into(),
        town: form.get("town").into(),
    };
    let result = match raw.parse() {
        Ok(p) => s.store.update_organisation(&me, p, s.clock.now()).await,
        Err(errors) => Err(StoreError::Invalid(errors)),
    };
    match result {
        Ok(_) => Ok(done("saved")),
        Err(StoreError::Invalid(errors)) => {
            // A plain member never reaches the form: refuse before showing it.
            if me.organisation_role != Some(MemberRole::Admin) {
                return Err(PageError::forbidden(c.lang));
            }
            let errors = form_errors(c.lang, &errors, |p| {
                let (f, l) = profile_field(p);
                (f.to_string(), c.lang.t(l).to_string())
            });
            let values = form.0.into_iter().filter(|(k, _)| k != "csrf").collect();
            let extra = Extra {
                f: Some(FormState { values, errors }),
                ..Extra::default()
            };
            show(&s, &c, extra, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

fn member_id(lang: Lang, raw: &str) -> Result<hearings_core::UserId, PageError> {
    raw.parse().map_err(|_| PageError::not_found(lang))
}

/// Runs a membership change; a refusal by the rules is shown on the page.
async fn act(
    s: &WebState,
    c: &Ctx,
    result: Result<(), StoreError>,
    what: &str,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(done(what)),
        Err(StoreError::Membership(e)) => refused(s, c, e).await,
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

/// `POST /organisation/members/{id}/role` with `role=admin|member`.
pub async fn set_role(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let me = respondent(&c)?.clone();
    let id = member_id(c.lang, &id)?;
    let role = MemberRole::parse(form.get("role")).map_err(|_| PageError::bad_form(c.lang))?;
    let result = s.store.set_member_role(&me, id, role).await.map(|_| ());
    act(&s, &c, result, "role").await
}

/// `POST /organisation/members/{id}/remove`
pub async fn remove(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    _form: CsrfForm,
) -> Result<Response, PageError> {
    let me = respondent(&c)?.clone();
    let id = member_id(c.lang, &id)?;
    let result = s.store.remove_member(&me, id).await;
    act(&s, &c, result, "removed").await
}

async fn decide(
    s: WebState,
    c: Ctx,
    id: String,
    outcome: JoinOutcome,
) -> Result<Response, PageError> {
    let me = respondent(&c)?.clone();
    let id = id.parse().map_err(|_| PageError::not_found(c.lang))?;
    let result = s
        .store
        .decide_join_request(&me, id, outcome, s.clock.now())
        .await
        .map(|_| ());
    let what = match outcome {
        JoinOutcome::Accepted => "accepted",
        JoinOutcome::Refused => "refused",
    };
    act(&s, &c, result, what).await
}

/// `POST /organisation/requests/{id}/accept`
pub async fn accept_request(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    _form: CsrfForm,
) -> Result<Response, PageError> {
    decide(s, c, id, JoinOutcome::Accepted).await
}

/// `POST /organisation/requests/{id}/refuse`
pub async fn refuse_request(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    _form: CsrfForm,
) -> Result<Response, PageError> {
    decide(s, c, id, JoinOutcome::Refused).await
}

/// `POST /organisation/invitations` with `email`: invites a colleague.
pub async fn invite(
    State(s): State<WebState>,
    c: Ctx,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let me = respondent(&c)?.clone();
    match s
        .store
        .invite_member(&me, form.get("email"), s.clock.now())
        .await
    {
        Ok(_) => Ok(done("invited")),
        Err(StoreError::Invalid(errors)) => {
            let errors = form_errors(c.lang, &errors, |_| {
                (
                    "invite_email".to_string(),
                    c.lang.t("field.email").to_string(),
                )
            });
            let extra = Extra {
                inv: FormState {
                    values: vec![("invite_email".into(), form.get("email").to_string())],
                    errors,
                },
                ..Extra::default()
            };
            show(&s, &c, extra, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

/// `POST /organisation/invitations/{id}/revoke`
pub async fn revoke(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    _form: CsrfForm,
) -> Result<Response, PageError> {
    let me = respondent(&c)?.clone();
    let id = id.parse().map_err(|_| PageError::not_found(c.lang))?;
    let result = s.store.revoke_invitation(&me, id, s.clock.now()).await;
    act(&s, &c, result, "revoked").await
}

/// `?token=` of an invitation link.
#[derive(Deserialize)]
pub struct TokenQuery {
    token: Option<String>,
}

/// Why a signed-in account may not accept an invitation, if it may not.
fn accept_refusal(lang: Lang, a: &Account, info: &InvitationInfo) -> Option<String> {
    let problem = if !a.role.responds() {
        return Some(lang.t("invitation.not_respondent").to_string());
    } else if a.organisation.is_some() {
        MembershipError::HasOrganisation
    } else if a.email != info.email {
        MembershipError::OtherAddress
    } else {
        return None;
    };
    Some(lang.membership_problem(problem).to_string())
}

fn invitation_page(c: &Ctx, token: &str, info: &InvitationInfo, f: FormState) -> InvitationPage {
    let lang = c.lang;
    let refusal = c
        .account
        .as_ref()
        .and_then(|a| accept_refusal(lang, a, info));
    InvitationPage {
        l: Layout::new(
            c,
            format!("{} {}", lang.t("invitation.title"), info.organisation_name),
        ),
        token: token.to_string(),
        organisation: info.organisation_name.clone(),
        email: info.email.clone(),
        expires: lang.datetime(info.expires_at),
        can_accept: c.account.is_some() && refusal.is_none(),
        refusal,
        f,
        signin_href: format!(
            "/signin?next={}",
            crate::error::encode(&format!("/invitation?token={token}"))
        ),
    }
}

/// A link that does not work (400), saying why.
fn link_refused(c: &Ctx, e: hearings_core::account::TokenError) -> Result<Response, PageError> {
    let mut res = render(
        c.lang,
        NoticePage {
            l: Layout::new(c, c.lang.t("verify.failed_title")),
            message: format!(
                "{} {}",
                c.lang.link_problem(e),
                c.lang.t("invitation.ask_again")
            ),
            link: Some(("/".into(), c.lang.t("nav.home").into())),
        },
    )?;
    *res.status_mut() = StatusCode::BAD_REQUEST;
    Ok(res)
}

/// `GET /invitation?token=…`: the registration form (not signed in), the
/// button that joins (signed in with the invited address and no
/// organisation), or why this account cannot join.
pub async fn invitation(
    State(s): State<WebState>,
    c: Ctx,
    Query(q): Query<TokenQuery>,
) -> Result<Response, PageError> {
    let token = q.token.unwrap_or_default();
    match s.store.invitation(&token, s.clock.now()).await {
        Ok(info) => {
            let page = invitation_page(&c, &token, &info, FormState::default());
            let conflict = page.refusal.is_some();
            let mut res = render(c.lang, page)?;
            if conflict {
                *res.status_mut() = StatusCode::CONFLICT;
            }
            Ok(res)
        }
        Err(StoreError::Link(e)) => link_refused(&c, e),
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

/// `POST /invitation/register`: a new account through the link, a member at once.
pub async fn invitation_register(
    State(s): State<WebState>,
    c: Ctx,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let token = form.get("token").to_string();
    let now = s.clock.now();
    match s
        .store
        .register_with_invitation(&token, form.get("name"), form.get("password"), now)
        .await
    {
        Ok(account) => start_session(&s, account.id, "/organisation?done=joined")
            .await
            .map_err(store_err(c.lang)),
        Err(StoreError::Invalid(errors)) => {
            let info = match s.store.invitation(&token, now).await {
                Ok(info) => info,
                Err(StoreError::Link(e)) => return link_refused(&c, e),
                Err(e) => return Err(PageError::from_store(c.lang, e)),
            };
            let errors = form_errors(c.lang, &errors, |p| match p {
                "name" => ("name".into(), c.lang.t("field.name").into()),
                "password" => ("password".into(), c.lang.t("field.password").into()),
                _ => ("email".into(), c.lang.t("field.email").into()),
            });
            let values = vec![("name".to_string(), form.get("name").to_string())];
            let page = invitation_page(&c, &token, &info, FormState { values, errors });
            let mut res = render(c.lang, page)?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(StoreError::Link(e)) => link_refused(&c, e),
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

/// `POST /invitation/accept`: the signed-in respondent joins.
pub async fn invitation_accept(
    State(s): State<WebState>,
    c: Ctx,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let me = c.require_account()?.clone();
    let token = form.get("token").to_string();
    let now = s.clock.now();
    match s.store.accept_invitation(&me, &token, now).await {
        Ok(_) => Ok(done("joined")),
        Err(StoreError::Membership(_)) | Err(StoreError::Forbidden) => {
            let info = match s.store.invitation(&token, now).await {
                Ok(info) => info,
                Err(StoreError::Link(e)) => return link_refused(&c, e),
                Err(e) => return Err(PageError::from_store(c.lang, e)),
            };
            let mut res = render(
                c.lang,
                invitation_page(&c, &token, &info, FormState::default()),
            )?;
            *res.status_mut() = StatusCode::CONFLICT;
            Ok(res)
        }
        Err(StoreError::Link(e)) => link_refused(&c, e),
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}
