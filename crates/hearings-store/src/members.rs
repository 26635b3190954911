//! An organisation's profile and its members: "Vores organisation".
//!
//! Every use case here acts on the caller's own organisation, the one of
//! `Account::organisation`, which is loaded afresh on every request; an id
//! of a member, a request or an invitation is looked up only within that
//! organisation, so one of another organisation is `NotFound` whatever is
//! guessed. Members read the profile and the list of members; only the
//! organisation's administrators change anything. Staff do not manage
//! memberships here: they have no organisation.
//!
//! A change of membership locks the organisation's row first (`FOR UPDATE`
//! on PostgreSQL; SQLite's write transactions take the lock at once), so
//! two administrators who demote each other at the same moment cannot
//! leave the organisation without one.

use chrono::{DateTime, Utc};
use hearings_core::account::{TokenError, check_token};
use hearings_core::input::{FieldError, Problem};
use hearings_core::membership::{
    INVITATION_LIFETIME, JoinOutcome, MembershipError, check_admin_remains, resolve_cvr,
};
use hearings_core::profile::{Address, ProfileUpdate};
use hearings_core::{
    Cvr, JoinRequestId, MemberInvitationId, MemberRole, OrganisationId, RespondentType, SizeClass,
    UserId,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::accounts::{hash_password, new_token, token_id};
use crate::entity::{area, join_request, member_invitation, organisation, user};
use crate::outbox::{MessageKind, enqueue};
use crate::{Account, Store, StoreError};

/// An organisation's profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationProfile {
    /// Id.
    pub id: OrganisationId,
    /// CVR number; once set it never changes.
    pub cvr: Option<String>,
    /// Name.
    pub name: String,
    /// Industry classification (`DB07`, `DB25`).
    pub classification: String,
    /// Industry code as given (a section letter or a full code).
    pub industry_code: String,
    /// Industry section letter.
    pub industry_section: String,
    /// Size class.
    pub size_class: SizeClass,
    /// Street, postcode and town.
    pub address: Address,
    /// Local area code.
    pub area: String,
    /// Respondent type.
    pub respondent_type: RespondentType,
}

/// A member of an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The account.
    pub id: UserId,
    /// Name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// Administrator or member.
    pub role: MemberRole,
    /// Whether the address is confirmed (only then may they submit).
    pub email_verified: bool,
}

/// A request to join that waits for an administrator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinRequest {
    /// Id.
    pub id: JoinRequestId,
    /// The account that asks.
    pub user: UserId,
    /// Its name.
    pub name: String,
    /// Its e-mail address.
    pub email: String,
    /// Whether that address is confirmed.
    pub email_verified: bool,
    /// When it asked.
    pub requested_at: DateTime<Utc>,
}

/// An invitation by e-mail that is neither used, withdrawn nor expired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberInvitation {
    /// Id.
    pub id: MemberInvitationId,
    /// The address invited.
    pub email: String,
    /// The administrator who sent it, while still a member.
    pub invited_by: Option<String>,
    /// When it was sent.
    pub created_at: DateTime<Utc>,
    /// When its link stops working.
    pub expires_at: DateTime<Utc>,
}

/// What "Vores organisation" shows: the profile and the members to every
/// member; the requests and invitations only to administrators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationView {
    /// The profile.
    pub profile: OrganisationProfile,
    /// The viewer's role.
    pub role: MemberRole,
    /// The members, administrators first, then by name.
    pub members: Vec<Member>,
    /// Requests to join waiting (administrators only; empty otherwise).
    pub requests: Vec<JoinRequest>,
    /// Invitations waiting (administrators only; empty otherwise).
    pub invitations: Vec<MemberInvitation>,
}

/// An invitation as its link shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationInfo {
    /// The organisation.
    pub organisation_name: String,
    /// The address it was sent to (the account that joins has this address).
    pub email: String,
    /// When the link stops working.
    pub expires_at: DateTime<Utc>,
}

fn profile(o: organisation::Model) -> OrganisationProfile {
    OrganisationProfile {
        id: OrganisationId(o.id),
        cvr: o.cvr,
        name: o.name,
        classification: o.industry_classification,
        industry_code: o.industry_code,
        industry_section: o.industry_section,
        size_class: SizeClass::parse(&o.size_class).unwrap_or(SizeClass::Micro),
        address: Address {
            street: o.address,
            postcode: o.postcode,
            town: o.town,
        },
        area: o.area_code,
        respondent_type: RespondentType::parse(&o.respondent_type)
            .unwrap_or(RespondentType::OtherOrganisation),
    }
}

fn member_role(u: &user::Model) -> MemberRole {
    u.organisation_role
        .as_deref()
        .and_then(|r| MemberRole::parse(r).ok())
        .unwrap_or(MemberRole::Member)
}

fn member(u: user::Model) -> Member {
    Member {
        role: member_role(&u),
        id: UserId(u.id),
        name: u.name,
        email: u.email,
        email_verified: u.email_verified_at.is_some(),
    }
}

/// The caller's organisation and role in it; `NotFound` for an account
/// without one (staff, politicians, a respondent waiting or removed).
fn membership(by: &Account) -> Result<(OrganisationId, MemberRole), StoreError> {
    match (by.role.responds(), by.organisation, by.organisation_role) {
        (true, Some(org), Some(role)) => Ok((org, role)),
        _ => Err(StoreError::NotFound),
    }
}

/// The caller's organisation, if they are one of its administrators:
/// `NotFound` without an organisation, `Forbidden` for a plain member.
fn administrator(by: &Account) -> Result<OrganisationId, StoreError> {
    let (org, role) = membership(by)?;
    if role.manages_organisation() {
        Ok(org)
    } else {
        Err(StoreError::Forbidden)
    }
}

/// Locks the organisation's row for the rest of `txn`.
async fn lock(
    txn: &DatabaseTransaction,
    org: OrganisationId,
) -> Result<organisation::Model, StoreError> {
    organisation::Entity::find_by_id(org.0)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(StoreError::NotFound)
}

/// A member of `org`, or `NotFound`.
async fn member_of<C: ConnectionTrait>(
    conn: &C,
    org: OrganisationId,
    id: UserId,
) -> Result<user::Model, StoreError> {
    user::Entity::find_by_id(id.0)
        .filter(user::Column::OrganisationId.eq(org.0))
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

async fn admin_count<C: ConnectionTrait>(conn: &C, org: OrganisationId) -> Result<u64, StoreError> {
    Ok(user::Entity::find()
        .filter(user::Column::OrganisationId.eq(org.0))
        .filter(user::Column::OrganisationRole.eq(MemberRole::Admin.as_str()))
        .count(conn)
        .await?)
}

/// The invitation row of a link's secret, if it still works at `now`.
async fn live_invitation<C: ConnectionTrait>(
    conn: &C,
    token: &str,
    now: DateTime<Utc>,
) -> Result<member_invitation::Model, StoreError> {
    let row = member_invitation::Entity::find()
        .filter(member_invitation::Column::TokenHash.eq(token_id(token.trim())))
        .one(conn)
        .await?
        .filter(|i| i.revoked_at.is_none())
        .ok_or(TokenError::Unknown)?;
    check_token(row.expires_at, row.accepted_at, now)?;
    Ok(row)
}

/// Marks an invitation used by `user` at `now`, if nobody used or withdrew it meanwhile.
async fn use_invitation(
    txn: &DatabaseTransaction,
    row: &member_invitation::Model,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let res = member_invitation::Entity::update_many()
        .col_expr(
            member_invitation::Column::AcceptedAt,
            Expr::value(Some(now)),
        )
        .col_expr(
            member_invitation::Column::AcceptedBy,
            Expr::value(Some(user.0)),
        )
        .filter(member_invitation::Column::Id.eq(row.id))
        .filter(member_invitation::Column::AcceptedAt.is_null())
        .filter(member_invitation::Column::RevokedAt.is_null())
        .exec(txn)
        .await?;
    if res.rows_affected == 1 {
        Ok(())
    } else {
        Err(TokenError::Used.into())
    }
}

impl Store {
    /// The caller's organisation's profile (one query). `NotFound` for an
    /// account without an organisation.
    pub async fn organisation_profile(
        &self,
        by: &Account,
    ) -> Result<OrganisationProfile, StoreError> {
        let (org, _) = membership(by)?;
        organisation::Entity::find_by_id(org.0)
            .one(&self.db)
            .await?
            .map(profile)
            .ok_or(StoreError::NotFound)
    }

    /// The members of the caller's organisation, administrators first, then
    /// by name (one query, whatever their number).
    pub async fn members(&self, by: &Account) -> Result<Vec<Member>, StoreError> {
        let (org, _) = membership(by)?;
        let mut members: Vec<Member> = user::Entity::find()
            .filter(user::Column::OrganisationId.eq(org.0))
            .order_by_asc(user::Column::Name)
            .order_by_asc(user::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(member)
            .collect();
        members.sort_by_key(|m| m.role != MemberRole::Admin);
        Ok(members)
    }

    /// The requests to join the caller's organisation that wait for an
    /// answer, oldest first (administrators; two queries, whatever their number).
    pub async fn join_requests(&self, by: &Account) -> Result<Vec<JoinRequest>, StoreError> {
        let org = administrator(by)?;
        let rows = join_request::Entity::find()
            .filter(join_request::Column::OrganisationId.eq(org.0))
            .filter(join_request::Column::DecidedAt.is_null())
            .order_by_asc(join_request::Column::RequestedAt)
            .order_by_asc(join_request::Column::Id)
            .all(&self.db)
            .await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let users = user::Entity::find()
            .filter(user::Column::Id.is_in(rows.iter().map(|r| r.user_id)))
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let u = users.iter().find(|u| u.id == r.user_id)?;
                Some(JoinRequest {
                    id: JoinRequestId(r.id),
                    user: UserId(u.id),
                    name: u.name.clone(),
                    email: u.email.clone(),
                    email_verified: u.email_verified_at.is_some(),
                    requested_at: r.requested_at,
                })
            })
            .collect())
    }

    /// The invitations of the caller's organisation that still work at
    /// `now`, newest first (administrators; two queries, whatever their number).
    pub async fn member_invitations(
        &self,
        by: &Account,
        now: DateTime<Utc>,
    ) -> Result<Vec<MemberInvitation>, StoreError> {
        let org = administrator(by)?;
        let rows = member_invitation::Entity::find()
            .filter(member_invitation::Column::OrganisationId.eq(org.0))
            .filter(member_invitation::Column::AcceptedAt.is_null())
            .filter(member_invitation::Column::RevokedAt.is_null())
            .filter(member_invitation::Column::ExpiresAt.gt(now))
            .order_by_desc(member_invitation::Column::CreatedAt)
            .order_by_asc(member_invitation::Column::Id)
            .all(&self.db)
            .await?;
        let inviters: Vec<Uuid> = rows.iter().filter_map(|r| r.invited_by).collect();
        let names = if inviters.is_empty() {
            Vec::new()
        } else {
            user::Entity::find()
                .filter(user::Column::Id.is_in(inviters))
                .filter(user::Column::OrganisationId.eq(org.0))
                .all(&self.db)
                .await?
        };
        Ok(rows
            .into_iter()
            .map(|r| MemberInvitation {
                id: MemberInvitationId(r.id),
                invited_by: r
                    .invited_by
                    .and_then(|id| names.iter().find(|u| u.id == id))
                    .map(|u| u.name.clone()),
                email: r.email,
                created_at: r.created_at,
                expires_at: r.expires_at,
            })
            .collect())
    }

    /// "Vores organisation" for the caller: the profile and members (two
    /// queries) and, for an administrator, the requests and invitations
    /// waiting (four more), whatever their numbers.
    #[tracing::instrument(skip_all, fields(user_id = %by.id))]
    pub async fn organisation(
        &self,
        by: &Account,
        now: DateTime<Utc>,
    ) -> Result<OrganisationView, StoreError> {
        let (_, role) = membership(by)?;
        let profile = self.organisation_profile(by).await?;
        let members = self.members(by).await?;
        let (requests, invitations) = if role.manages_organisation() {
            (
                self.join_requests(by).await?,
                self.member_invitations(by, now).await?,
            )
        } else {
            (Vec::new(), Vec::new())
        };
        Ok(OrganisationView {
            profile,
            role,
            members,
            requests,
            invitations,
        })
    }

    /// Saves the caller's organisation's profile (administrators). The CVR
    /// number never changes once set: leaving it out keeps it, another one
    /// is refused (`cvr`); an organisation without one may get one that no
    /// other organisation has. The local area and the industry section must
    /// exist and not be retired, unless the organisation has them already.
    #[tracing::instrument(skip_all, fields(user_id = %by.id))]
    pub async fn update_organisation(
        &self,
        by: &Account,
        p: ProfileUpdate,
        now: DateTime<Utc>,
    ) -> Result<OrganisationProfile, StoreError> {
        let org = administrator(by)?;
        let txn = self.begin_write().await?;
        let current = lock(&txn, org).await?;
        let mut errors = Vec::new();
        let current_cvr = current.cvr.as_deref().and_then(|c| Cvr::parse(c).ok());
        let cvr = resolve_cvr(current_cvr, p.cvr, p.respondent_type)
            .map_err(|e| errors.push(FieldError::new("cvr", e)))
            .ok();
        if let Some(Some(new)) = cvr
            && current_cvr != Some(new)
            && organisation::Entity::find()
                .filter(organisation::Column::Cvr.eq(new.to_string()))
                .one(&txn)
                .await?
                .is_some()
        {
            errors.push(FieldError::new("cvr", Problem::CvrTaken));
        }
        // A retired area or industry section is refused unless the
        // organisation has it already (what uses an entry keeps it).
        match area::Entity::find_by_id(p.area.as_str().to_string())
            .one(&txn)
            .await?
        {
            None => errors.push(FieldError::new("area", Problem::UnknownArea)),
            Some(a) if a.retired_at.is_some() && a.code != current.area_code => {
                errors.push(FieldError::new("area", Problem::Retired))
            }
            Some(_) => {}
        }
        let classification = p.industry.classification();
        let section = p.industry.section();
        let kept = classification.as_str() == current.industry_classification
            && section.to_string() == current.industry_section;
        match crate::reference::check_section(&txn, classification, section).await? {
            Err(Problem::Retired) if kept => {}
            Err(problem) => errors.push(FieldError::new("industry.code", problem)),
            Ok(()) => {}
        }
        let (Some(cvr), true) = (cvr, errors.is_empty()) else {
            return Err(StoreError::Invalid(errors));
        };
        let mut active: organisation::ActiveModel = current.into();
        active.cvr = Set(cvr.map(|c| c.to_string()));
        active.name = Set(p.name);
        active.industry_classification = Set(p.industry.classification().as_str().to_string());
        active.industry_code = Set(p.industry.code().to_string());
        active.industry_section = Set(p.industry.section().to_string());
        active.size_class = Set(p.size_class.as_str().to_string());
        active.area_code = Set(p.area.as_str().to_string());
        active.respondent_type = Set(p.respondent_type.as_str().to_string());
        active.address = Set(p.address.street);
        active.postcode = Set(p.address.postcode);
        active.town = Set(p.address.town);
        active.updated_at = Set(Some(now));
        let saved = organisation::Entity::update(active).exec(&txn).await?;
        txn.commit().await?;
        tracing::info!(organisation_id = %org, "organisation profile saved");
        Ok(profile(saved))
    }

    /// Makes a member of the caller's organisation an administrator or a
    /// plain member (administrators). The last administrator stays one.
    #[tracing::instrument(skip_all, fields(user_id = %by.id, member = %id))]
    pub async fn set_member_role(
        &self,
        by: &Account,
        id: UserId,
        role: MemberRole,
    ) -> Result<Member, StoreError> {
        let org = administrator(by)?;
        let txn = self.begin_write().await?;
        lock(&txn, org).await?;
        let target = member_of(&txn, org, id).await?;
        check_admin_remains(
            member_role(&target),
            Some(role),
            admin_count(&txn, org).await?,
        )?;
        user::Entity::update_many()
            .col_expr(user::Column::OrganisationRole, Expr::value(role.as_str()))
            .filter(user::Column::Id.eq(id.0))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        tracing::info!(organisation_id = %org, role = %role, "member's role changed");
        Ok(Member {
            role,
            ..member(target)
        })
    }

    /// Removes a member from the caller's organisation (administrators; an
    /// administrator may remove themselves while another remains). The
    /// account stays, with no organisation: from its next request on it
    /// reaches none of the organisation's responses.
    #[tracing::instrument(skip_all, fields(user_id = %by.id, member = %id))]
    pub async fn remove_member(&self, by: &Account, id: UserId) -> Result<(), StoreError> {
        let org = administrator(by)?;
        let txn = self.begin_write().await?;
        lock(&txn, org).await?;
        let target = member_of(&txn, org, id).await?;
        check_admin_remains(member_role(&target), None, admin_count(&txn, org).await?)?;
        user::Entity::update_many()
            .col_expr(
                user::Column::OrganisationId,
                Expr::value(Option::<Uuid>::None),
            )
            .col_expr(
                user::Column::OrganisationRole,
                Expr::value(Option::<String>::None),
            )
            .filter(user::Column::Id.eq(id.0))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        tracing::info!(organisation_id = %org, "member removed");
        Ok(())
    }

    /// Accepts or refuses a request to join the caller's organisation
    /// (administrators) and e-mails the answer to the one who asked, in the
    /// same transaction. An accepted requester is a member from their next
    /// request on. Returns the new member when accepted.
    #[tracing::instrument(skip_all, fields(user_id = %by.id, request = %id))]
    pub async fn decide_join_request(
        &self,
        by: &Account,
        id: JoinRequestId,
        outcome: JoinOutcome,
        now: DateTime<Utc>,
    ) -> Result<Option<Member>, StoreError> {
        let org = administrator(by)?;
        let txn = self.begin_write().await?;
        let organisation = lock(&txn, org).await?;
        let request = join_request::Entity::find_by_id(id.0)
            .filter(join_request::Column::OrganisationId.eq(org.0))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if request.decided_at.is_some() {
            return Err(MembershipError::AlreadyDecided.into());
        }
        let requester = user::Entity::find_by_id(request.user_id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if outcome == JoinOutcome::Accepted && requester.organisation_id.is_some() {
            return Err(MembershipError::HasOrganisation.into());
        }
        let res = join_request::Entity::update_many()
            .col_expr(join_request::Column::DecidedAt, Expr::value(Some(now)))
            .col_expr(join_request::Column::DecidedBy, Expr::value(Some(by.id.0)))
            .col_expr(join_request::Column::Outcome, Expr::value(outcome.as_str()))
            .filter(join_request::Column::Id.eq(id.0))
            .filter(join_request::Column::DecidedAt.is_null())
            .exec(&txn)
            .await?;
        if res.rows_affected != 1 {
            return Err(MembershipError::AlreadyDecided.into());
        }
        let accepted = outcome == JoinOutcome::Accepted;
        if accepted {
            user::Entity::update_many()
                .col_expr(user::Column::OrganisationId, Expr::value(Some(org.0)))
                .col_expr(
                    user::Column::OrganisationRole,
                    Expr::value(MemberRole::Member.as_str()),
                )
                .filter(user::Column::Id.eq(requester.id))
                .exec(&txn)
                .await?;
        }
        let link = self.link(if accepted { "/organisation" } else { "/" });
        let (subject, body) =
            hearings_i18n::join_decision_email(&organisation.name, accepted, &link);
        enqueue(
            &txn,
            MessageKind::JoinDecision,
            &requester.email,
            subject,
            body,
            now,
        )
        .await?;
        txn.commit().await?;
        tracing::info!(organisation_id = %org, outcome = %outcome, "request to join answered");
        Ok(accepted.then(|| Member {
            role: MemberRole::Member,
            ..member(requester)
        }))
    }

    /// Invites a colleague by e-mail to the caller's organisation
    /// (administrators): a one-time link, valid for 7 days, in an e-mail
    /// queued in the same transaction. An earlier invitation to the same
    /// address that was not used is withdrawn. An address that is a member
    /// already is refused (`email`).
    #[tracing::instrument(skip_all, fields(user_id = %by.id))]
    pub async fn invite_member(
        &self,
        by: &Account,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<MemberInvitation, StoreError> {
        let org = administrator(by)?;
        let email = hearings_core::input::email(email)
            .map_err(|p| StoreError::Invalid(vec![FieldError::new("email", p)]))?;
        let txn = self.begin_write().await?;
        let organisation = lock(&txn, org).await?;
        if user::Entity::find()
            .filter(user::Column::Email.eq(&email))
            .filter(user::Column::OrganisationId.eq(org.0))
            .one(&txn)
            .await?
            .is_some()
        {
            return Err(StoreError::Invalid(vec![FieldError::new(
                "email",
                Problem::AlreadyMember,
            )]));
        }
        member_invitation::Entity::update_many()
            .col_expr(member_invitation::Column::RevokedAt, Expr::value(Some(now)))
            .filter(member_invitation::Column::OrganisationId.eq(org.0))
            .filter(member_invitation::Column::Email.eq(&email))
            .filter(member_invitation::Column::AcceptedAt.is_null())
            .filter(member_invitation::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        let token = new_token();
        let id = Uuid::new_v4();
        let expires_at = now + INVITATION_LIFETIME;
        member_invitation::Entity::insert(member_invitation::ActiveModel {
            id: Set(id),
            organisation_id: Set(org.0),
            email: Set(email.clone()),
            token_hash: Set(token_id(&token)),
            invited_by: Set(Some(by.id.0)),
            created_at: Set(now),
            expires_at: Set(expires_at),
            accepted_at: Set(None),
            accepted_by: Set(None),
            revoked_at: Set(None),
        })
        .exec_without_returning(&txn)
        .await?;
        let (subject, body) = hearings_i18n::member_invitation_email(
            &organisation.name,
            &by.name,
            &self.link(&format!("/invitation?token={token}")),
            expires_at,
        );
        let message = enqueue(
            &txn,
            MessageKind::MemberInvitation,
            &email,
            subject,
            body,
            now,
        )
        .await?;
        txn.commit().await?;
        tracing::info!(organisation_id = %org, message_id = %message, "colleague invited");
        Ok(MemberInvitation {
            id: MemberInvitationId(id),
            email,
            invited_by: Some(by.name.clone()),
            created_at: now,
            expires_at,
        })
    }

    /// Withdraws an invitation of the caller's organisation that was not
    /// used (administrators); its link stops working.
    #[tracing::instrument(skip_all, fields(user_id = %by.id, invitation = %id))]
    pub async fn revoke_invitation(
        &self,
        by: &Account,
        id: MemberInvitationId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let org = administrator(by)?;
        let res = member_invitation::Entity::update_many()
            .col_expr(member_invitation::Column::RevokedAt, Expr::value(Some(now)))
            .filter(member_invitation::Column::Id.eq(id.0))
            .filter(member_invitation::Column::OrganisationId.eq(org.0))
            .filter(member_invitation::Column::AcceptedAt.is_null())
            .filter(member_invitation::Column::RevokedAt.is_null())
            .exec(&self.db)
            .await?;
        if res.rows_affected == 1 {
            Ok(())
        } else {
            Err(StoreError::NotFound)
        }
    }

    /// What an invitation link is for, if it works at `now` (to show its
    /// page), without using it up.
    pub async fn invitation(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<InvitationInfo, StoreError> {
        let row = live_invitation(&self.db, token, now).await?;
        let name = organisation::Entity::find_by_id(row.organisation_id)
            .one(&self.db)
            .await?
            .map(|o| o.name)
            .ok_or(TokenError::Unknown)?;
        Ok(InvitationInfo {
            organisation_name: name,
            email: row.email,
            expires_at: row.expires_at,
        })
    }

    /// Joins the invitation's organisation as a member with the signed-in
    /// respondent's account, which must have the invited address and no
    /// organisation; uses the link up and confirms the address (the link
    /// reached it). A request to join that was waiting is dropped. Returns
    /// the account as it is now.
    #[tracing::instrument(skip_all, fields(user_id = %by.id))]
    pub async fn accept_invitation(
        &self,
        by: &Account,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Account, StoreError> {
        if !by.role.responds() {
            return Err(StoreError::Forbidden);
        }
        let row = live_invitation(&self.db, token, now).await?;
        if by.organisation.is_some() {
            return Err(MembershipError::HasOrganisation.into());
        }
        if row.email != by.email {
            return Err(MembershipError::OtherAddress.into());
        }
        let txn = self.begin_write().await?;
        lock(&txn, OrganisationId(row.organisation_id)).await?;
        use_invitation(&txn, &row, by.id, now).await?;
        let res = user::Entity::update_many()
            .col_expr(
                user::Column::OrganisationId,
                Expr::value(Some(row.organisation_id)),
            )
            .col_expr(
                user::Column::OrganisationRole,
                Expr::value(MemberRole::Member.as_str()),
            )
            .filter(user::Column::Id.eq(by.id.0))
            .filter(user::Column::OrganisationId.is_null())
            .exec(&txn)
            .await?;
        if res.rows_affected != 1 {
            return Err(MembershipError::HasOrganisation.into());
        }
        user::Entity::update_many()
            .col_expr(user::Column::EmailVerifiedAt, Expr::value(Some(now)))
            .filter(user::Column::Id.eq(by.id.0))
            .filter(user::Column::EmailVerifiedAt.is_null())
            .exec(&txn)
            .await?;
        join_request::Entity::delete_many()
            .filter(join_request::Column::UserId.eq(by.id.0))
            .filter(join_request::Column::DecidedAt.is_null())
            .exec(&txn)
            .await?;
        txn.commit().await?;
        tracing::info!(organisation_id = %row.organisation_id, "invitation accepted");
        self.account(by.id).await
    }

    /// Registers a new respondent through an invitation link: the account
    /// has the invited address, counts it as confirmed (the link reached
    /// it), and is a member of the invitation's organisation at once; no
    /// organisation fields are asked. An address that has an account
    /// already is refused (`email`): its owner signs in and accepts.
    #[tracing::instrument(skip_all)]
    pub async fn register_with_invitation(
        &self,
        token: &str,
        name: &str,
        password: &str,
        now: DateTime<Utc>,
    ) -> Result<Account, StoreError> {
        let row = live_invitation(&self.db, token, now).await?;
        let mut errors = Vec::new();
        let name = hearings_core::input::required_text(name, 200)
            .map_err(|p| errors.push(FieldError::new("name", p)))
            .ok();
        let password = hearings_core::input::password(password)
            .map_err(|p| errors.push(FieldError::new("password", p)))
            .ok();
        if user::Entity::find()
            .filter(user::Column::Email.eq(&row.email))
            .one(&self.db)
            .await?
            .is_some()
        {
            errors.push(FieldError::new("email", Problem::EmailTaken));
        }
        let (Some(name), Some(password), true) = (name, password, errors.is_empty()) else {
            return Err(StoreError::Invalid(errors));
        };
        let hash = tokio::task::spawn_blocking(move || hash_password(&password))
            .await
            .map_err(|e| StoreError::Internal(format!("worker failed: {e}")))??;
        let id = Uuid::new_v4();
        let txn = self.begin_write().await?;
        lock(&txn, OrganisationId(row.organisation_id)).await?;
        use_invitation(&txn, &row, UserId(id), now).await?;
        user::Entity::insert(user::ActiveModel {
            id: Set(id),
            email: Set(row.email.clone()),
            name: Set(name),
            password_hash: Set(hash),
            role: Set(hearings_core::Role::Respondent.as_str().to_string()),
            organisation_id: Set(Some(row.organisation_id)),
            created_at: Set(now),
            email_verified_at: Set(Some(now)),
            token_generation: Set(0),
            organisation_role: Set(Some(MemberRole::Member.as_str().to_string())),
        })
        .exec_without_returning(&txn)
        .await?;
        txn.commit().await?;
        tracing::info!(organisation_id = %row.organisation_id, user_id = %id, "registered through an invitation");
        self.account(UserId(id)).await
    }
}
