//! The hearing list (høringsliste): its section on a hearing's page, and
//! the staff's page that invites parties (by hand or by a rule, counted
//! with "Vis antal" before anything is sent) and sets the reminder.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use hearings_core::input::FieldError;
use hearings_core::register::{InviteRule, RegisterQuery, email_list};
use hearings_core::{HearingId, OrganisationId, SizeClass};
use hearings_i18n::Lang;
use hearings_store::{
    Account, HearingList, InviteCount, Invitees, ReferenceData, RegisterItem, StoreError,
};
use serde::Deserialize;

use crate::ctx::{CsrfForm, Ctx};
use crate::error::PageError;
use crate::pages::{area_name, parse_id};
use crate::views::{
    Choice, FormState, HearingListView, InvitePage, InvitePreview, Layout, OrgChoice, PartyRow,
};
use crate::{WebState, render};

/// The view of a hearing list.
fn view(lang: Lang, l: &HearingList, manage_href: Option<String>) -> HearingListView {
    HearingListView {
        parties: l
            .parties
            .iter()
            .map(|p| PartyRow {
                name: p
                    .name
                    .clone()
                    .unwrap_or_else(|| lang.t("hlist.other_party").to_string()),
                email: p.email.clone().unwrap_or_default(),
                invited: p.invited_at.map(|t| lang.datetime(t)).unwrap_or_default(),
                reminded: p.reminded_at.map(|t| lang.datetime(t)),
                responded: p.responded.unwrap_or_default(),
            })
            .collect(),
        tracked: l.tracked,
        reminder: l.reminder_days_before,
        manage_href,
    }
}

/// The hearing list section of a hearing's page: none when the viewer may
/// not see it (the public, before publication).
pub(crate) async fn section(
    s: &WebState,
    c: &Ctx,
    id: HearingId,
    now: DateTime<Utc>,
) -> Result<Option<HearingListView>, PageError> {
    match s.store.hearing_list(id, c.account.as_ref(), now).await {
        Ok(l) => {
            let manage = l.tracked.then(|| format!("/hearings/{id}/invite"));
            Ok(Some(view(c.lang, &l, manage)))
        }
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

fn require_staff(c: &Ctx) -> Result<Account, PageError> {
    let a = c.require_account()?;
    if a.role.manages_hearings() {
        Ok(a.clone())
    } else {
        Err(PageError::forbidden(c.lang))
    }
}

fn details(lang: Lang, refs: &ReferenceData, o: &RegisterItem) -> String {
    let cvr = o
        .cvr
        .as_deref()
        .map(|c| format!("CVR {c}, "))
        .unwrap_or_default();
    format!(
        "{cvr}{} {}, {}, {}",
        o.classification,
        o.industry_section,
        lang.t(&format!("size.{}", o.size_class)),
        area_name(lang, refs, &o.area)
    )
}

/// What the invitation form carries.
#[derive(Default)]
struct Picked {
    q: String,
    orgs: Vec<OrganisationId>,
    emails: String,
    sections: Vec<String>,
    sizes: Vec<String>,
    areas: Vec<String>,
}

impl Picked {
    fn from_form(form: &CsrfForm) -> Self {
        let mut sections = form.all("sections");
        sections.extend(form.all("sections07"));
        Self {
            q: form.get("q").to_string(),
            orgs: form
                .all("org")
                .iter()
                .filter_map(|o| o.parse().ok())
                .collect(),
            emails: form.get("emails").to_string(),
            sections,
            sizes: form.all("sizes"),
            areas: form.all("areas"),
        }
    }

    /// The invitees, or the errors (field, message) to show.
    fn invitees(&self, lang: Lang) -> Result<Invitees, Vec<(String, String, String)>> {
        let mut errors: Vec<FieldError> = Vec::new();
        let emails = email_list(&self.emails).unwrap_or_else(|e| {
            errors.extend(e);
            Vec::new()
        });
        let rule = if self.sections.is_empty() && self.sizes.is_empty() && self.areas.is_empty() {
            None
        } else {
            InviteRule::parse(&self.sections, &self.sizes, &self.areas)
                .map_err(|e| errors.extend(e))
                .ok()
        };
        let label = |field: &str| match field {
            "emails" => lang.t("hlist.emails"),
            "rule.size_classes" => lang.t("hlist.sizes"),
            "rule.areas" => lang.t("hlist.areas"),
            _ => lang.t("hlist.by_rule"),
        };
        let anchor = |field: &str| match field {
            "rule.size_classes" => "sizes",
            "rule.areas" => "areas",
            "rule.sections" => "sections",
            _ => "emails",
        };
        if !errors.is_empty() {
            return Err(errors
                .iter()
                .map(|e| {
                    (
                        anchor(&e.field).to_string(),
                        lang.problem(&e.problem),
                        label(&e.field).to_string(),
                    )
                })
                .collect());
        }
        if self.orgs.is_empty() && emails.is_empty() && rule.is_none() {
            return Err(vec![(
                "emails".into(),
                lang.t("hlist.nothing").to_string(),
                lang.t("hlist.title").to_string(),
            )]);
        }
        Ok(Invitees {
            organisations: self.orgs.clone(),
            emails,
            rule,
        })
    }
}

/// Everything the invitation page shows, with what was picked.
struct Shown {
    picked: Picked,
    preview: Option<InviteCount>,
    sent: Option<u64>,
    reminder_saved: bool,
    f: FormState,
    r: FormState,
}

async fn page(
    s: &WebState,
    c: &Ctx,
    account: &Account,
    id: HearingId,
    shown: Shown,
) -> Result<InvitePage, PageError> {
    let lang = c.lang;
    let err = |e| PageError::from_store(lang, e);
    let now = s.clock.now();
    let hearing = s.store.hearing(id, Some(account), now).await.map_err(err)?;
    let refs = s.store.reference_data().await.map_err(err)?;
    let p = &shown.picked;
    let mut orgs: Vec<OrgChoice> = s
        .store
        .register_items(account, &p.orgs)
        .await
        .map_err(err)?
        .iter()
        .map(|o| OrgChoice {
            id: o.id.to_string(),
            name: o.name.clone(),
            details: details(lang, &refs, o),
            chosen: true,
        })
        .collect();
    let searched = !p.q.trim().is_empty();
    if searched {
        let found = s
            .store
            .search_register(account, &RegisterQuery::new(&p.q, None))
            .await
            .map_err(err)?;
        for o in &found.items {
            if !orgs.iter().any(|c| c.id == o.id.to_string()) {
                orgs.push(OrgChoice {
                    id: o.id.to_string(),
                    name: o.name.clone(),
                    details: details(lang, &refs, o),
                    chosen: false,
                });
            }
        }
    }
    let list = s
        .store
        .hearing_list(id, Some(account), now)
        .await
        .map_err(err)?;
    let sections = |classification: &str| -> Vec<Choice> {
        refs.sections
            .iter()
            .filter(|x| x.classification == classification)
            .filter(|x| {
                !x.retired
                    || p.sections
                        .contains(&format!("{}:{}", x.classification, x.section))
            })
            .map(|x| {
                let value = format!("{}:{}", x.classification, x.section);
                Choice {
                    chosen: p.sections.contains(&value),
                    label: format!(
                        "{} {}",
                        x.section,
                        if lang == Lang::Da {
                            &x.name_da
                        } else {
                            &x.name_en
                        }
                    ),
                    value,
                }
            })
            .collect()
    };
    let mut r = shown.r;
    if r.values.is_empty()
        && let Some(d) = list.reminder_days_before
    {
        r.values
            .push(("reminder_days_before".into(), d.to_string()));
    }
    Ok(InvitePage {
        l: Layout::new(
            c,
            format!("{}: {}", lang.t("hlist.page_title"), hearing.hearing.title),
        ),
        id: id.to_string(),
        q: p.q.clone(),
        searched,
        orgs,
        sections_db25: sections("DB25"),
        sections_db07: sections("DB07"),
        sections_open: !p.sections.is_empty(),
        sizes: SizeClass::ALL
            .iter()
            .map(|c| Choice {
                value: c.as_str().to_string(),
                label: lang.t(&format!("size.{c}")).to_string(),
                chosen: p.sizes.iter().any(|x| x == c.as_str()),
            })
            .collect(),
        areas: refs
            .areas
            .iter()
            .filter(|a| !a.retired || p.areas.contains(&a.code))
            .map(|a| Choice {
                value: a.code.clone(),
                label: area_name(lang, &refs, &a.code),
                chosen: p.areas.contains(&a.code),
            })
            .collect(),
        emails: p.emails.clone(),
        preview: shown.preview.map(|n| InvitePreview {
            invited: n.invited,
            already: n.already_invited,
            without_email: n.without_email,
        }),
        sent: shown.sent,
        reminder_saved: shown.reminder_saved,
        f: shown.f,
        r,
        list: view(lang, &list, None),
    })
}

/// `?q=…&sent=…&saved=1`
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InviteParams {
    q: String,
    sent: Option<String>,
    saved: Option<String>,
}

/// `GET /hearings/{id}/invite` (staff)
pub async fn form(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    q: Result<Query<InviteParams>, QueryRejection>,
) -> Result<Response, PageError> {
    let id = parse_id(c.lang, &id)?;
    let account = require_staff(&c)?;
    let Query(q) = q.unwrap_or_default();
    let shown = Shown {
        picked: Picked {
            q: q.q,
            ..Picked::default()
        },
        preview: None,
        sent: q.sent.and_then(|n| n.parse().ok()),
        reminder_saved: q.saved.is_some(),
        f: FormState::default(),
        r: FormState::default(),
    };
    let p = page(&s, &c, &account, id, shown).await?;
    render(c.lang, p)
}

fn with_status(mut res: Response, status: StatusCode) -> Response {
    *res.status_mut() = status;
    res
}

/// `POST /hearings/{id}/invite` (staff): `action=preview` counts and shows
/// the page again with the count and a send button; `action=send` sends.
pub async fn invite(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let id = parse_id(c.lang, &id)?;
    let account = require_staff(&c)?;
    let picked = Picked::from_form(&form);
    let values: Vec<(String, String)> = form
        .0
        .iter()
        .filter(|(k, _)| k != "csrf")
        .cloned()
        .collect();
    let shown = |picked, preview, errors| Shown {
        picked,
        preview,
        sent: None,
        reminder_saved: false,
        f: FormState {
            values: values.clone(),
            errors,
        },
        r: FormState::default(),
    };
    let who = match picked.invitees(c.lang) {
        Ok(w) => w,
        Err(errors) => {
            let p = page(&s, &c, &account, id, shown(picked, None, errors)).await?;
            return Ok(with_status(
                render(c.lang, p)?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    let now = s.clock.now();
    let result = if form.get("action") == "send" {
        s.store
            .invite(&account, id, &who, now)
            .await
            .map(|n| (n, true))
    } else {
        s.store
            .preview_invitations(&account, id, &who, now)
            .await
            .map(|n| (n, false))
    };
    match result {
        Ok((n, true)) => Ok(Redirect::to(&format!(
            "/hearings/{id}/invite?sent={}#sent-notice",
            n.invited
        ))
        .into_response()),
        Ok((n, false)) => {
            let p = page(&s, &c, &account, id, shown(picked, Some(n), Vec::new())).await?;
            render(c.lang, p)
        }
        Err(StoreError::NotOpen {
            state,
            opens_at,
            closes_at,
        }) => {
            let message = c.lang.not_open(state, opens_at, closes_at);
            let errors = vec![("emails".into(), message, c.lang.t("hlist.title").into())];
            let p = page(&s, &c, &account, id, shown(picked, None, errors)).await?;
            Ok(with_status(render(c.lang, p)?, StatusCode::CONFLICT))
        }
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

/// `POST /hearings/{id}/reminder` (staff): days before the deadline, or
/// empty for none.
pub async fn reminder(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let id = parse_id(c.lang, &id)?;
    let account = require_staff(&c)?;
    let raw = form.get("reminder_days_before").trim().to_string();
    let days = if raw.is_empty() {
        Ok(None)
    } else {
        raw.parse::<u32>().map(Some)
    };
    let result = match days {
        Ok(d) => s.store.set_reminder(&account, id, d, s.clock.now()).await,
        Err(_) => Err(StoreError::Invalid(vec![FieldError::new(
            "reminder_days_before",
            hearings_core::input::Problem::NotOneOf(hearings_core::ParseEnumError {
                given: raw.clone(),
                expected: "a number of days from 1 to 60",
            }),
        )])),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/hearings/{id}/invite?saved=1")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            let r = FormState {
                values: vec![("reminder_days_before".into(), raw)],
                errors: errors
                    .iter()
                    .map(|e| {
                        (
                            "reminder_days_before".to_string(),
                            c.lang.problem(&e.problem),
                            c.lang.t("hlist.reminder_days").to_string(),
                        )
                    })
                    .collect(),
            };
            let shown = Shown {
                picked: Picked::default(),
                preview: None,
                sent: None,
                reminder_saved: false,
                f: FormState::default(),
                r,
            };
            let p = page(&s, &c, &account, id, shown).await?;
            Ok(with_status(
                render(c.lang, p)?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}
