//! The hearing list (høringsliste) of a hearing: the parties invited, by
//! hand (organisations of the register, or bare e-mail addresses) or by a
//! rule over the register; an invitation e-mail to each through the
//! outbox; a reminder a set number of days before the deadline to those
//! who have not responded; and the list as the public and staff see it.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use hearings_core::audit::AuditAction;
use hearings_core::input::{FieldError, Problem};
use hearings_core::register::InviteRule;
use hearings_core::{HearingId, HearingState, OrganisationId, RespondentType, Role};
use hearings_i18n::{HearingListEmail, invitation_email, reminder_email};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Object};
use crate::entity::{
    area, hearing, hearing_reminder, industry_section, invitation, organisation, response, user,
};
use crate::hearings::list_item;
use crate::outbox::{MessageKind, enqueue};
use crate::{Account, HearingListItem, Store, StoreError};

/// The most days before the deadline a reminder may be set to.
pub const MAX_REMINDER_DAYS: u32 = 60;

/// Whom to invite: organisations chosen by hand, e-mail addresses typed,
/// and a rule over the register; together, without repeats.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Invitees {
    /// Organisations of the register.
    pub organisations: Vec<OrganisationId>,
    /// E-mail addresses (checked, lower-case).
    pub emails: Vec<String>,
    /// A rule.
    pub rule: Option<InviteRule>,
}

/// What an invitation would do, or did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InviteCount {
    /// Parties newly invited (one e-mail each).
    pub invited: u64,
    /// Parties picked that were invited already (no e-mail).
    pub already_invited: u64,
    /// Organisations picked that have no e-mail address (not invited).
    pub without_email: u64,
}

/// A party on a hearing list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    /// The organisation's name; none for a bare e-mail address and for a
    /// private person (whose name is never shown).
    pub name: Option<String>,
    /// The organisation, when known (staff only).
    pub organisation: Option<OrganisationId>,
    /// The address invited (staff only).
    pub email: Option<String>,
    /// When it was invited (staff only).
    pub invited_at: Option<DateTime<Utc>>,
    /// When it was reminded (staff only).
    pub reminded_at: Option<DateTime<Utc>>,
    /// Whether it has responded (staff only).
    pub responded: Option<bool>,
}

/// A hearing's list of invited parties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HearingList {
    /// The parties, by name (the nameless last).
    pub parties: Vec<Party>,
    /// Whether the tracking fields are filled in (the viewer is staff).
    pub tracked: bool,
    /// Days before the deadline the reminder goes (staff only; none: no reminder).
    pub reminder_days_before: Option<u32>,
}

/// A party to invite.
struct Target {
    organisation: Option<Uuid>,
    email: String,
}

fn invalid(field: &str, p: Problem) -> StoreError {
    StoreError::Invalid(vec![FieldError::new(field, p)])
}

fn rule_condition(rule: &InviteRule) -> Condition {
    let mut all = Condition::all();
    if !rule.sections.is_empty() {
        let mut any = Condition::any();
        for s in &rule.sections {
            any = any.add(
                Condition::all()
                    .add(organisation::Column::IndustryClassification.eq(s.classification.as_str()))
                    .add(organisation::Column::IndustrySection.eq(s.section.to_string())),
            );
        }
        all = all.add(any);
    }
    if !rule.size_classes.is_empty() {
        all = all.add(
            organisation::Column::SizeClass.is_in(rule.size_classes.iter().map(|c| c.as_str())),
        );
    }
    if !rule.areas.is_empty() {
        all = all.add(organisation::Column::AreaCode.is_in(rule.areas.iter().map(|a| a.as_str())));
    }
    all
}

/// The organisations (by id) that the respondents with these addresses act for.
async fn organisations_of_users<C: ConnectionTrait>(
    conn: &C,
    emails: &[String],
) -> Result<HashMap<String, Uuid>, StoreError> {
    if emails.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Email.is_in(emails.iter().cloned()))
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|u| u.organisation_id.map(|o| (u.email, o)))
        .collect())
}

/// The organisations that have a response to the hearing.
async fn responders<C: ConnectionTrait>(
    conn: &C,
    hearing_id: Uuid,
) -> Result<HashSet<Uuid>, StoreError> {
    Ok(response::Entity::find()
        .filter(response::Column::HearingId.eq(hearing_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.organisation_id)
        .collect())
}

/// Whether an invited party has responded: its organisation has a
/// response, or (a bare address) the organisation of the respondent
/// account with that address has.
fn has_responded(
    inv: &invitation::Model,
    responded: &HashSet<Uuid>,
    user_orgs: &HashMap<String, Uuid>,
) -> bool {
    inv.organisation_id
        .into_iter()
        .chain(user_orgs.get(&inv.email).copied())
        .any(|o| responded.contains(&o))
}

/// Works out whom to invite, in a fixed number of queries: the
/// organisations picked (by hand and by rule), their addresses (their own,
/// or their first respondent's), the typed addresses with the organisation
/// each belongs to, and who is invited already.
async fn resolve<C: ConnectionTrait>(
    conn: &C,
    hearing_id: Uuid,
    who: &Invitees,
) -> Result<(Vec<Target>, InviteCount), StoreError> {
    let mut picked: Vec<organisation::Model> = Vec::new();
    if !who.organisations.is_empty() || who.rule.is_some() {
        let mut any = Condition::any();
        if !who.organisations.is_empty() {
            any = any.add(organisation::Column::Id.is_in(who.organisations.iter().map(|o| o.0)));
        }
        if let Some(rule) = &who.rule {
            any = any.add(rule_condition(rule));
        }
        picked = organisation::Entity::find()
            .filter(any)
            .order_by_asc(organisation::Column::Name)
            .order_by_asc(organisation::Column::Id)
            .all(conn)
            .await?;
    }
    let lacking: Vec<Uuid> = picked
        .iter()
        .filter(|o| o.email.is_none())
        .map(|o| o.id)
        .collect();
    let mut first_respondent: HashMap<Uuid, String> = HashMap::new();
    if !lacking.is_empty() {
        for u in user::Entity::find()
            .filter(user::Column::OrganisationId.is_in(lacking))
            .filter(user::Column::Role.eq(Role::Respondent.as_str()))
            .order_by_asc(user::Column::CreatedAt)
            .all(conn)
            .await?
        {
            if let Some(o) = u.organisation_id {
                first_respondent.entry(o).or_insert(u.email);
            }
        }
    }
    let mut typed_orgs = organisations_of_users(conn, &who.emails).await?;
    if !who.emails.is_empty() {
        for o in organisation::Entity::find()
            .filter(organisation::Column::Email.is_in(who.emails.iter().cloned()))
            .all(conn)
            .await?
        {
            if let Some(e) = o.email {
                typed_orgs.insert(e, o.id);
            }
        }
    }
    let existing = invitation::Entity::find()
        .filter(invitation::Column::HearingId.eq(hearing_id))
        .all(conn)
        .await?;
    let mut emails: HashSet<String> = existing.iter().map(|i| i.email.clone()).collect();
    let mut orgs: HashSet<Uuid> = existing.iter().filter_map(|i| i.organisation_id).collect();
    let mut count = InviteCount::default();
    let mut targets = Vec::new();
    let mut take = |organisation: Option<Uuid>, email: String, count: &mut InviteCount| {
        if emails.contains(&email) || organisation.is_some_and(|o| orgs.contains(&o)) {
            count.already_invited += 1;
            return;
        }
        emails.insert(email.clone());
        if let Some(o) = organisation {
            orgs.insert(o);
        }
        count.invited += 1;
        targets.push(Target {
            organisation,
            email,
        });
    };
    for o in picked {
        match o
            .email
            .clone()
            .or_else(|| first_respondent.get(&o.id).cloned())
        {
            Some(email) => take(Some(o.id), email.to_lowercase(), &mut count),
            None => count.without_email += 1,
        }
    }
    for e in &who.emails {
        take(typed_orgs.get(e).copied(), e.clone(), &mut count);
    }
    Ok((targets, count))
}

/// Checks that a rule's areas and sections exist and are offered: a
/// retired one is not chosen for a new rule (two queries at most).
async fn check_rule<C: ConnectionTrait>(conn: &C, rule: &InviteRule) -> Result<(), StoreError> {
    let mut errors = Vec::new();
    if !rule.areas.is_empty() {
        let codes: Vec<&str> = rule.areas.iter().map(|a| a.as_str()).collect();
        let found = area::Entity::find()
            .filter(area::Column::Code.is_in(codes.clone()))
            .all(conn)
            .await?;
        if found.len() < codes.len() {
            errors.push(FieldError::new("rule.areas", Problem::UnknownArea));
        } else if found.iter().any(|a| a.retired_at.is_some()) {
            errors.push(FieldError::new("rule.areas", Problem::Retired));
        }
    }
    if !rule.sections.is_empty() {
        let mut any = Condition::any();
        for s in &rule.sections {
            any = any.add(
                Condition::all()
                    .add(industry_section::Column::Classification.eq(s.classification.as_str()))
                    .add(industry_section::Column::Section.eq(s.section.to_string())),
            );
        }
        let found = industry_section::Entity::find()
            .filter(any)
            .all(conn)
            .await?;
        if found.len() < rule.sections.len() {
            let first = rule.sections.iter().find(|s| {
                !found.iter().any(|f| {
                    f.classification == s.classification.as_str()
                        && f.section == s.section.to_string()
                })
            });
            if let Some(s) = first {
                errors.push(FieldError::new(
                    "rule.sections",
                    Problem::Industry(hearings_core::IndustryError::UnknownSection {
                        classification: s.classification,
                        section: s.section.to_string(),
                    }),
                ));
            }
        } else if found.iter().any(|s| s.retired_at.is_some()) {
            errors.push(FieldError::new("rule.sections", Problem::Retired));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(errors))
    }
}

fn check_invitable(item: &HearingListItem) -> Result<(), StoreError> {
    match item.state {
        HearingState::Scheduled | HearingState::Open => Ok(()),
        state => Err(StoreError::NotOpen {
            state,
            opens_at: item.opens_at,
            closes_at: item.closes_at,
        }),
    }
}

impl Store {
    async fn staff_hearing(
        &self,
        by: &Account,
        id: HearingId,
        now: DateTime<Utc>,
    ) -> Result<HearingListItem, StoreError> {
        if !by.role.manages_hearings() {
            return Err(StoreError::Forbidden);
        }
        let h = hearing::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        list_item(h, now)
    }

    /// How many parties an invitation would reach, without sending it
    /// (staff; a fixed number of queries).
    pub async fn preview_invitations(
        &self,
        by: &Account,
        id: HearingId,
        who: &Invitees,
        now: DateTime<Utc>,
    ) -> Result<InviteCount, StoreError> {
        let item = self.staff_hearing(by, id, now).await?;
        check_invitable(&item)?;
        if let Some(rule) = &who.rule {
            check_rule(&self.db, rule).await?;
        }
        Ok(resolve(&self.db, id.0, who).await?.1)
    }

    /// Invites parties to a scheduled or open hearing: one invitation and
    /// one e-mail with the link to the hearing for each party not invited
    /// already, in one transaction with its audit row. A rule may not name
    /// an area or section that does not exist or is retired.
    #[tracing::instrument(skip_all, fields(hearing_id = %id))]
    pub async fn invite(
        &self,
        by: &Account,
        id: HearingId,
        who: &Invitees,
        now: DateTime<Utc>,
    ) -> Result<InviteCount, StoreError> {
        let item = self.staff_hearing(by, id, now).await?;
        check_invitable(&item)?;
        if who.organisations.is_empty() && who.emails.is_empty() && who.rule.is_none() {
            return Err(invalid("invitees", Problem::Required));
        }
        if let Some(rule) = &who.rule {
            check_rule(&self.db, rule).await?;
        }
        let link = self.link(&format!("/hearings/{id}"));
        let (subject, body) = invitation_email(&HearingListEmail {
            hearing_title: &item.title,
            closes_at: item.closes_at,
            link: &link,
        });
        let txn = self.begin_write().await?;
        let (targets, count) = resolve(&txn, id.0, who).await?;
        if !targets.is_empty() {
            let rows: Vec<invitation::ActiveModel> = targets
                .iter()
                .map(|t| invitation::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    hearing_id: Set(id.0),
                    organisation_id: Set(t.organisation),
                    email: Set(t.email.clone()),
                    invited_at: Set(now),
                    invited_by: Set(Some(by.id.0)),
                    reminded_at: Set(None),
                })
                .collect();
            invitation::Entity::insert_many(rows)
                .exec_without_returning(&txn)
                .await?;
            for t in &targets {
                enqueue(
                    &txn,
                    MessageKind::Invitation,
                    &t.email,
                    subject.clone(),
                    body.clone(),
                    now,
                )
                .await?;
            }
            let after = json!({
                "invited": targets.iter().map(|t| t.email.clone()).collect::<Vec<_>>(),
                "rule": who.rule.as_ref().map(|r| json!({
                    "sections": r.sections.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                    "size_classes": r.size_classes.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
                    "areas": r.areas.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
                })),
            });
            audit::record(
                &txn,
                by,
                AuditAction::HearingInvite,
                Object::hearing(id),
                None,
                Some(&after),
                now,
            )
            .await?;
        }
        txn.commit().await?;
        tracing::info!(invited = count.invited, "parties invited");
        Ok(count)
    }

    /// Sets (or, with none, removes) how many days before the deadline the
    /// invited parties who have not responded get a reminder (staff;
    /// recorded in the audit log).
    #[tracing::instrument(skip_all, fields(hearing_id = %id))]
    pub async fn set_reminder(
        &self,
        by: &Account,
        id: HearingId,
        days: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.staff_hearing(by, id, now).await?;
        if let Some(d) = days
            && !(1..=MAX_REMINDER_DAYS).contains(&d)
        {
            return Err(invalid(
                "reminder_days_before",
                Problem::NotOneOf(hearings_core::ParseEnumError {
                    given: d.to_string(),
                    expected: "a number of days from 1 to 60",
                }),
            ));
        }
        let txn = self.begin_write().await?;
        let before = hearing_reminder::Entity::find_by_id(id.0)
            .one(&txn)
            .await?
            .map(|r| r.reminder_days_before);
        hearing_reminder::Entity::delete_by_id(id.0)
            .exec(&txn)
            .await?;
        if let Some(d) = days {
            hearing_reminder::Entity::insert(hearing_reminder::ActiveModel {
                hearing_id: Set(id.0),
                reminder_days_before: Set(d as i32),
                set_at: Set(now),
                set_by: Set(Some(by.id.0)),
            })
            .exec_without_returning(&txn)
            .await?;
        }
        audit::record(
            &txn,
            by,
            AuditAction::HearingReminder,
            Object::hearing(id),
            Some(&json!({ "reminder_days_before": before })),
            Some(&json!({ "reminder_days_before": days })),
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The parties invited to a hearing. The public sees the list once the
    /// hearing is published, with names only (a bare e-mail address and a
    /// private person have none); staff also see each address and whether
    /// it was invited, reminded and has responded. Six queries at most.
    pub async fn hearing_list(
        &self,
        id: HearingId,
        viewer: Option<&Account>,
        now: DateTime<Utc>,
    ) -> Result<HearingList, StoreError> {
        let h = hearing::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let published = h.published_at.is_some();
        let item = list_item(h, now)?;
        let staff = viewer.is_some_and(|a| a.role.manages_hearings());
        let public = published && item.state.is_public();
        if !(staff || public) {
            return Err(StoreError::NotFound);
        }
        let invitations = invitation::Entity::find()
            .filter(invitation::Column::HearingId.eq(id.0))
            .all(&self.db)
            .await?;
        let org_ids: Vec<Uuid> = invitations
            .iter()
            .filter_map(|i| i.organisation_id)
            .collect();
        let orgs: HashMap<Uuid, organisation::Model> = if org_ids.is_empty() {
            HashMap::new()
        } else {
            organisation::Entity::find()
                .filter(organisation::Column::Id.is_in(org_ids))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|o| (o.id, o))
                .collect()
        };
        let (responded, user_orgs, reminder) = if staff {
            let bare: Vec<String> = invitations
                .iter()
                .filter(|i| i.organisation_id.is_none())
                .map(|i| i.email.clone())
                .collect();
            (
                responders(&self.db, id.0).await?,
                organisations_of_users(&self.db, &bare).await?,
                hearing_reminder::Entity::find_by_id(id.0)
                    .one(&self.db)
                    .await?
                    .and_then(|r| u32::try_from(r.reminder_days_before).ok()),
            )
        } else {
            (HashSet::new(), HashMap::new(), None)
        };
        let mut parties: Vec<Party> = invitations
            .iter()
            .map(|inv| {
                let name = inv
                    .organisation_id
                    .and_then(|o| orgs.get(&o))
                    .filter(|o| o.respondent_type != RespondentType::PrivatePerson.as_str())
                    .map(|o| o.name.clone());
                Party {
                    name,
                    organisation: staff
                        .then_some(inv.organisation_id.map(OrganisationId))
                        .flatten(),
                    email: staff.then(|| inv.email.clone()),
                    invited_at: staff.then_some(inv.invited_at),
                    reminded_at: staff.then_some(inv.reminded_at).flatten(),
                    responded: staff.then(|| has_responded(inv, &responded, &user_orgs)),
                }
            })
            .collect();
        parties.sort_by(|a, b| {
            let key = |p: &Party| {
                (
                    p.name.is_none(),
                    p.name.as_deref().map(str::to_lowercase),
                    p.email.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        Ok(HearingList {
            parties,
            tracked: staff,
            reminder_days_before: reminder,
        })
    }

    /// Sends the reminders that are due at `now`: for each open hearing
    /// with a reminder setting whose deadline is that many days away or
    /// less, one reminder e-mail to each invited party that has not
    /// responded and was not reminded before, recording when. A party is
    /// reminded once, even with two workers on one database. Returns how
    /// many were queued.
    #[tracing::instrument(skip_all)]
    pub async fn send_due_reminders(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let settings = hearing_reminder::Entity::find().all(&self.db).await?;
        if settings.is_empty() {
            return Ok(0);
        }
        let days: HashMap<Uuid, i64> = settings
            .iter()
            .map(|s| (s.hearing_id, i64::from(s.reminder_days_before)))
            .collect();
        let hearings = hearing::Entity::find()
            .filter(hearing::Column::Id.is_in(days.keys().copied()))
            .filter(hearing::Column::PublishedAt.is_not_null())
            .all(&self.db)
            .await?;
        let mut queued = 0;
        for h in hearings {
            let d = days.get(&h.id).copied().unwrap_or_default();
            let item = list_item(h, now)?;
            let Some(closes_at) = item.closes_at else {
                continue;
            };
            if item.state != HearingState::Open || now < closes_at - Duration::days(d) {
                continue;
            }
            queued += self.remind(&item, now).await?;
        }
        Ok(queued)
    }

    async fn remind(&self, item: &HearingListItem, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let id = item.id;
        let waiting = invitation::Entity::find()
            .filter(invitation::Column::HearingId.eq(id.0))
            .filter(invitation::Column::RemindedAt.is_null())
            .all(&self.db)
            .await?;
        if waiting.is_empty() {
            return Ok(0);
        }
        let responded = responders(&self.db, id.0).await?;
        let bare: Vec<String> = waiting
            .iter()
            .filter(|i| i.organisation_id.is_none())
            .map(|i| i.email.clone())
            .collect();
        let user_orgs = organisations_of_users(&self.db, &bare).await?;
        let link = self.link(&format!("/hearings/{id}"));
        let (subject, body) = reminder_email(&HearingListEmail {
            hearing_title: &item.title,
            closes_at: item.closes_at,
            link: &link,
        });
        let txn = self.begin_write().await?;
        let mut queued = 0;
        for inv in waiting
            .iter()
            .filter(|i| !has_responded(i, &responded, &user_orgs))
        {
            let taken = invitation::Entity::update_many()
                .col_expr(invitation::Column::RemindedAt, Expr::value(Some(now)))
                .filter(invitation::Column::Id.eq(inv.id))
                .filter(invitation::Column::RemindedAt.is_null())
                .exec(&txn)
                .await?;
            if taken.rows_affected == 1 {
                enqueue(
                    &txn,
                    MessageKind::Reminder,
                    &inv.email,
                    subject.clone(),
                    body.clone(),
                    now,
                )
                .await?;
                queued += 1;
            }
        }
        txn.commit().await?;
        tracing::info!(hearing_id = %id, queued, "reminders queued");
        Ok(queued)
    }
}
