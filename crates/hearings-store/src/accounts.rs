//! Accounts, organisations, sign-in and sessions.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Duration, Utc};
use hearings_core::input::{FieldError, NewOrganisation, NewRegistration, Problem};
use hearings_core::{JoinRequestId, MemberRole, OrganisationId, Role, UserId};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::entity::{area, join_request, organisation, session, setting, user};
use crate::outbox::{MessageKind, enqueue};
use crate::{Store, StoreError};

/// A signed-in user, as the front doors know them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Id.
    pub id: UserId,
    /// E-mail address.
    pub email: String,
    /// Name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// The organisation a respondent acts for.
    pub organisation: Option<OrganisationId>,
    /// That organisation's name.
    pub organisation_name: Option<String>,
    /// The role in that organisation (administrator or member).
    pub organisation_role: Option<MemberRole>,
    /// A respondent without an organisation who registered with the CVR
    /// number of one that has members: the request waiting for one of its
    /// administrators. Until it is accepted the account belongs to no
    /// organisation, so it can neither draft nor submit.
    pub join_request: Option<PendingJoin>,
    /// Whether the e-mail address has been confirmed through the link sent
    /// to it (operator-made and demo accounts count as confirmed).
    pub email_verified: bool,
    /// Raised by "sign out everywhere" and a password reset: an API token
    /// made for an older generation no longer works.
    pub token_generation: i32,
}

/// A request to join an organisation that waits for an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingJoin {
    /// Its id.
    pub id: JoinRequestId,
    /// The organisation asked.
    pub organisation_name: String,
    /// When it was asked.
    pub requested_at: DateTime<Utc>,
}

/// A real hash to verify against when the address is unknown, so both cases take as long.
static DUMMY_HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// How long a session lasts without being renewed.
pub const SESSION_LIFETIME: Duration = Duration::hours(12);

pub(crate) fn hash_password(password: &str) -> Result<String, StoreError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Internal(format!("password hashing failed: {e}")))
}

fn verify_password(password: &str, hash: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| StoreError::Internal(format!("worker failed: {e}")))
}

/// A fresh secret token (244 random bits), as 64 hex digits.
pub fn new_token() -> String {
    format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple())
}

pub(crate) fn token_id(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn account(
    u: user::Model,
    org: Option<organisation::Model>,
    join_request: Option<PendingJoin>,
) -> Result<Account, StoreError> {
    let role = Role::parse(&u.role).map_err(|e| StoreError::Internal(e.to_string()))?;
    // A member whose role was never written counts as a plain member.
    let organisation_role = u.organisation_id.map(|_| {
        u.organisation_role
            .as_deref()
            .and_then(|r| MemberRole::parse(r).ok())
            .unwrap_or(MemberRole::Member)
    });
    Ok(Account {
        id: UserId(u.id),
        email: u.email,
        name: u.name,
        role,
        organisation: u.organisation_id.map(OrganisationId),
        organisation_name: org.map(|o| o.name),
        organisation_role,
        join_request,
        email_verified: u.email_verified_at.is_some(),
        token_generation: u.token_generation,
    })
}

pub(crate) fn organisation_model(
    id: Uuid,
    o: &NewOrganisation,
    now: DateTime<Utc>,
) -> organisation::ActiveModel {
    organisation::ActiveModel {
        id: Set(id),
        cvr: Set(o.cvr.map(|c| c.to_string())),
        name: Set(o.name.clone()),
        industry_classification: Set(o.industry.classification().as_str().to_string()),
        industry_code: Set(o.industry.code().to_string()),
        industry_section: Set(o.industry.section().to_string()),
        size_class: Set(o.size_class.as_str().to_string()),
        area_code: Set(o.area.as_str().to_string()),
        respondent_type: Set(o.respondent_type.as_str().to_string()),
        created_at: Set(now),
        source: Set(hearings_core::register::Source::Registered
            .as_str()
            .to_string()),
        email: Set(None),
        address: Set(None),
        postcode: Set(None),
        employees: Set(None),
        updated_at: Set(None),
        town: Set(None),
    }
}

impl Store {
    /// Creates a staff, politician or admin account (the operator's command).
    pub async fn create_user(
        &self,
        email: &str,
        name: &str,
        password: &str,
        role: Role,
        now: DateTime<Utc>,
    ) -> Result<UserId, StoreError> {
        let mut errors = Vec::new();
        let email = hearings_core::input::email(email)
            .map_err(|p| errors.push(FieldError::new("email", p)))
            .ok();
        let name = hearings_core::input::required_text(name, 200)
            .map_err(|p| errors.push(FieldError::new("name", p)))
            .ok();
        let pw = hearings_core::input::password(password)
            .map_err(|p| errors.push(FieldError::new("password", p)))
            .ok();
        if !role.is_operator_assignable() {
            errors.push(FieldError::new(
                "role",
                Problem::NotOneOf(hearings_core::ParseEnumError {
                    given: role.to_string(),
                    expected: "staff politician admin",
                }),
            ));
        }
        let (Some(email), Some(name), Some(pw)) = (email, name, pw) else {
            return Err(StoreError::Invalid(errors));
        };
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        if user::Entity::find()
            .filter(user::Column::Email.eq(&email))
            .one(&self.db)
            .await?
            .is_some()
        {
            return Err(StoreError::Invalid(vec![FieldError::new(
                "email",
                Problem::EmailTaken,
            )]));
        }
        let hash = blocking(move || hash_password(&pw)).await??;
        let id = Uuid::new_v4();
        user::Entity::insert(user::ActiveModel {
            id: Set(id),
            email: Set(email),
            name: Set(name),
            password_hash: Set(hash),
            role: Set(role.as_str().to_string()),
            organisation_id: Set(None),
            created_at: Set(now),
            email_verified_at: Set(Some(now)),
            token_generation: Set(0),
            organisation_role: Set(None),
        })
        .exec(&self.db)
        .await?;
        Ok(UserId(id))
    }

    /// Registers a respondent and their organisation in one transaction,
    /// with the e-mail address counted as confirmed and no e-mail sent: for
    /// the demo data and tests. The front doors use [`Store::sign_up`],
    /// which sends the verification link.
    #[tracing::instrument(skip_all)]
    pub async fn register(
        &self,
        reg: NewRegistration,
        now: DateTime<Utc>,
    ) -> Result<Account, StoreError> {
        let hash = self.check_registration(&reg).await?;
        self.register_hashed(reg, hash, now).await
    }

    /// Checks a registration against what is stored (the area and the
    /// industry section exist and are not retired, the e-mail address is
    /// free) and hashes its password. A CVR number that has an
    /// organisation already is no refusal: the registration then claims it
    /// or asks to join it (see [`Store::insert_registration`]).
    pub(crate) async fn check_registration(
        &self,
        reg: &NewRegistration,
    ) -> Result<String, StoreError> {
        let mut errors = Vec::new();
        let org = &reg.organisation;
        match area::Entity::find_by_id(org.area.as_str().to_string())
            .one(&self.db)
            .await?
        {
            None => errors.push(FieldError::new("organisation.area", Problem::UnknownArea)),
            Some(a) if a.retired_at.is_some() => {
                errors.push(FieldError::new("organisation.area", Problem::Retired))
            }
            Some(_) => {}
        }
        if let Err(p) = crate::reference::check_section(
            &self.db,
            org.industry.classification(),
            org.industry.section(),
        )
        .await?
        {
            errors.push(FieldError::new("organisation.industry.code", p));
        }
        if user::Entity::find()
            .filter(user::Column::Email.eq(&reg.email))
            .one(&self.db)
            .await?
            .is_some()
        {
            errors.push(FieldError::new("email", Problem::EmailTaken));
        }
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let pw = reg.password.clone();
        blocking(move || hash_password(&pw)).await?
    }

    /// Registers with a password hash made already (the demo data shares
    /// one unusable hash among its many organisations).
    pub(crate) async fn register_hashed(
        &self,
        reg: NewRegistration,
        hash: String,
        now: DateTime<Utc>,
    ) -> Result<Account, StoreError> {
        let txn = self.begin_write().await?;
        let account = self
            .insert_registration(&txn, reg, hash, now, Some(now))
            .await?;
        txn.commit().await?;
        Ok(account)
    }

    /// Writes a respondent and their organisation on `txn`; the address
    /// counts as confirmed from `verified_at`, if given.
    ///
    /// With a CVR number that no organisation has, the organisation is
    /// created and the respondent is its administrator. With the CVR number
    /// of an organisation without members (one imported from the business
    /// register), the respondent claims it: it takes the registration's
    /// name, industry, size, area and type, keeps the address, e-mail and
    /// number of employees it was imported with, counts as registered from
    /// now on (a later import only fills in what it lacks), and the
    /// respondent is its administrator. With the CVR number of an
    /// organisation that has members, no second organisation is made: the
    /// account belongs to none and asks to join that one, and each of its
    /// administrators is e-mailed (in this transaction).
    pub(crate) async fn insert_registration(
        &self,
        txn: &DatabaseTransaction,
        reg: NewRegistration,
        hash: String,
        now: DateTime<Utc>,
        verified_at: Option<DateTime<Utc>>,
    ) -> Result<Account, StoreError> {
        let org = &reg.organisation;
        let existing = match org.cvr {
            Some(cvr) => {
                organisation::Entity::find()
                    .filter(organisation::Column::Cvr.eq(cvr.to_string()))
                    .one(txn)
                    .await?
            }
            None => None,
        };
        let (member_of, join) = match existing {
            None => {
                let org_id = Uuid::new_v4();
                organisation::Entity::insert(organisation_model(org_id, org, now))
                    .exec(txn)
                    .await?;
                (Some((org_id, org.name.clone())), None)
            }
            Some(found) => {
                let members = user::Entity::find()
                    .filter(user::Column::OrganisationId.eq(found.id))
                    .count(txn)
                    .await?;
                if members == 0 {
                    let id = found.id;
                    let mut claimed: organisation::ActiveModel = found.into();
                    claimed.name = Set(org.name.clone());
                    claimed.industry_classification =
                        Set(org.industry.classification().as_str().to_string());
                    claimed.industry_code = Set(org.industry.code().to_string());
                    claimed.industry_section = Set(org.industry.section().to_string());
                    claimed.size_class = Set(org.size_class.as_str().to_string());
                    claimed.area_code = Set(org.area.as_str().to_string());
                    claimed.respondent_type = Set(org.respondent_type.as_str().to_string());
                    claimed.source = Set(hearings_core::register::Source::Registered
                        .as_str()
                        .to_string());
                    claimed.updated_at = Set(Some(now));
                    organisation::Entity::update(claimed).exec(txn).await?;
                    tracing::info!(organisation_id = %id, "imported organisation claimed");
                    (Some((id, org.name.clone())), None)
                } else {
                    (None, Some(found))
                }
            }
        };
        let user_id = Uuid::new_v4();
        user::Entity::insert(user::ActiveModel {
            id: Set(user_id),
            email: Set(reg.email.clone()),
            name: Set(reg.name.clone()),
            password_hash: Set(hash),
            role: Set(Role::Respondent.as_str().to_string()),
            organisation_id: Set(member_of.as_ref().map(|(id, _)| *id)),
            created_at: Set(now),
            email_verified_at: Set(verified_at),
            token_generation: Set(0),
            organisation_role: Set(member_of
                .as_ref()
                .map(|_| MemberRole::Admin.as_str().to_string())),
        })
        .exec(txn)
        .await?;
        let join_request = match join {
            Some(o) => Some(
                self.ask_to_join(txn, &o, UserId(user_id), &reg.name, &reg.email, now)
                    .await?,
            ),
            None => None,
        };
        Ok(Account {
            id: UserId(user_id),
            email: reg.email,
            name: reg.name,
            role: Role::Respondent,
            organisation: member_of.as_ref().map(|(id, _)| OrganisationId(*id)),
            organisation_name: member_of.map(|(_, name)| name),
            organisation_role: join_request.is_none().then_some(MemberRole::Admin),
            join_request,
            email_verified: verified_at.is_some(),
            token_generation: 0,
        })
    }

    /// Records a request from `user` to join `org` and e-mails each of its
    /// administrators, on `txn`.
    async fn ask_to_join(
        &self,
        txn: &DatabaseTransaction,
        org: &organisation::Model,
        user: UserId,
        name: &str,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<PendingJoin, StoreError> {
        let id = Uuid::new_v4();
        join_request::Entity::insert(join_request::ActiveModel {
            id: Set(id),
            organisation_id: Set(org.id),
            user_id: Set(user.0),
            requested_at: Set(now),
            decided_at: Set(None),
            decided_by: Set(None),
            outcome: Set(None),
        })
        .exec_without_returning(txn)
        .await?;
        let admins = user::Entity::find()
            .filter(user::Column::OrganisationId.eq(org.id))
            .filter(user::Column::OrganisationRole.eq(MemberRole::Admin.as_str()))
            .all(txn)
            .await?;
        let link = self.link("/organisation");
        for admin in &admins {
            let (subject, body) = hearings_i18n::join_request_email(&org.name, name, email, &link);
            enqueue(
                txn,
                MessageKind::JoinRequest,
                &admin.email,
                subject,
                body,
                now,
            )
            .await?;
        }
        tracing::info!(organisation_id = %org.id, user_id = %user, admins = admins.len(), "request to join e-mailed");
        Ok(PendingJoin {
            id: JoinRequestId(id),
            organisation_name: org.name.clone(),
            requested_at: now,
        })
    }

    /// The account with this e-mail and password, or `None`. Takes as long
    /// for an unknown address as for a wrong password.
    pub async fn authenticate(
        &self,
        email: &str,
        password: &str,
    ) -> Result<Option<Account>, StoreError> {
        let email = email.trim().to_lowercase();
        let found = user::Entity::find()
            .filter(user::Column::Email.eq(&email))
            .one(&self.db)
            .await?;
        let hash = match &found {
            Some(u) => u.password_hash.clone(),
            None => DUMMY_HASH
                .get_or_init(|| hash_password("not a password of anyone").unwrap_or_default())
                .clone(),
        };
        let pw = password.to_string();
        let ok = blocking(move || verify_password(&pw, &hash)).await?;
        match found {
            Some(u) if ok => self.with_organisation(u).await.map(Some),
            _ => Ok(None),
        }
    }

    /// The account of a user row, with its organisation (one query), or,
    /// for a respondent without one, its request to join waiting for an
    /// answer (two queries). Loaded on every request, so a member who was
    /// removed has lost the organisation's data at once.
    async fn with_organisation(&self, u: user::Model) -> Result<Account, StoreError> {
        let org = match u.organisation_id {
            Some(id) => organisation::Entity::find_by_id(id).one(&self.db).await?,
            None => None,
        };
        let pending = if u.organisation_id.is_none() && u.role == Role::Respondent.as_str() {
            self.pending_join(UserId(u.id)).await?
        } else {
            None
        };
        account(u, org, pending)
    }

    /// The request to join of `user` that waits for an answer, if any.
    pub(crate) async fn pending_join(
        &self,
        user: UserId,
    ) -> Result<Option<PendingJoin>, StoreError> {
        let Some(r) = join_request::Entity::find()
            .filter(join_request::Column::UserId.eq(user.0))
            .filter(join_request::Column::DecidedAt.is_null())
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let name = organisation::Entity::find_by_id(r.organisation_id)
            .one(&self.db)
            .await?
            .map(|o| o.name)
            .unwrap_or_default();
        Ok(Some(PendingJoin {
            id: JoinRequestId(r.id),
            organisation_name: name,
            requested_at: r.requested_at,
        }))
    }

    /// The account with this id.
    pub async fn account(&self, id: UserId) -> Result<Account, StoreError> {
        let u = user::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.with_organisation(u).await
    }

    /// Starts a session and returns its secret token (only its hash is kept).
    pub async fn create_session(
        &self,
        user: UserId,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let token = new_token();
        session::Entity::insert(session::ActiveModel {
            id: Set(token_id(&token)),
            user_id: Set(user.0),
            created_at: Set(now),
            expires_at: Set(now + SESSION_LIFETIME),
        })
        .exec(&self.db)
        .await?;
        Ok(token)
    }

    /// The account of a live session (one query for the session and user, one for the organisation).
    pub async fn session_account(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Account>, StoreError> {
        let found = session::Entity::find_by_id(token_id(token))
            .one(&self.db)
            .await?;
        let Some(s) = found else { return Ok(None) };
        if s.expires_at <= now {
            session::Entity::delete_by_id(s.id).exec(&self.db).await?;
            return Ok(None);
        }
        let Some(u) = user::Entity::find_by_id(s.user_id).one(&self.db).await? else {
            return Ok(None);
        };
        self.with_organisation(u).await.map(Some)
    }

    /// Ends a session.
    pub async fn delete_session(&self, token: &str) -> Result<(), StoreError> {
        session::Entity::delete_by_id(token_id(token))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// A named secret (e.g. the token-signing key), made on first use and
    /// kept in the database so every server process shares it.
    pub async fn secret(&self, name: &str) -> Result<String, StoreError> {
        let key = format!("secret.{name}");
        if let Some(s) = setting::Entity::find_by_id(key.clone())
            .one(&self.db)
            .await?
        {
            return Ok(s.value);
        }
        let value = new_token();
        setting::Entity::insert(setting::ActiveModel {
            key: Set(key.clone()),
            value: Set(value.clone()),
        })
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(setting::Column::Key)
                .do_nothing()
                .to_owned(),
        )
        .try_insert()
        .exec(&self.db)
        .await?;
        let s = setting::Entity::find_by_id(key)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(s.value)
    }

    /// Whether any account exists (an empty database gets the demo data).
    pub async fn has_users(&self) -> Result<bool, StoreError> {
        Ok(user::Entity::find().one(&self.db).await?.is_some())
    }
}
