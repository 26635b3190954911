//! Accounts, organisations, sign-in and sessions.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Duration, Utc};
use hearings_core::input::{FieldError, NewOrganisation, NewRegistration, Problem};
use hearings_core::{OrganisationId, Role, UserId};
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::entity::{area, organisation, session, setting, user};
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
    /// Whether the e-mail address has been confirmed through the link sent
    /// to it (operator-made and demo accounts count as confirmed).
    pub email_verified: bool,
    /// Raised by "sign out everywhere" and a password reset: an API token
    /// made for an older generation no longer works.
    pub token_generation: i32,
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

fn account(u: user::Model, org: Option<organisation::Model>) -> Result<Account, StoreError> {
    let role = Role::parse(&u.role).map_err(|e| StoreError::Internal(e.to_string()))?;
    Ok(Account {
        id: UserId(u.id),
        email: u.email,
        name: u.name,
        role,
        organisation: u.organisation_id.map(OrganisationId),
        organisation_name: org.map(|o| o.name),
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
    /// industry section exist and are not retired, the e-mail address and
    /// CVR number are free) and hashes its password.
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
        if let Some(cvr) = org.cvr
            && organisation::Entity::find()
                .filter(organisation::Column::Cvr.eq(cvr.to_string()))
                .one(&self.db)
                .await?
                .is_some()
        {
            errors.push(FieldError::new("organisation.cvr", Problem::CvrTaken));
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
        let account = Self::insert_registration(&txn, reg, hash, now, Some(now)).await?;
        txn.commit().await?;
        Ok(account)
    }

    /// Writes a respondent and their organisation on `txn`; the address
    /// counts as confirmed from `verified_at`, if given.
    pub(crate) async fn insert_registration(
        txn: &DatabaseTransaction,
        reg: NewRegistration,
        hash: String,
        now: DateTime<Utc>,
        verified_at: Option<DateTime<Utc>>,
    ) -> Result<Account, StoreError> {
        let org = &reg.organisation;
        let org_id = Uuid::new_v4();

        organisation::Entity::insert(organisation_model(org_id, org, now))
            .exec(txn)
            .await?;
        let user_id = Uuid::new_v4();
        user::Entity::insert(user::ActiveModel {
            id: Set(user_id),
            email: Set(reg.email.clone()),
            name: Set(reg.name.clone()),
            password_hash: Set(hash),
            role: Set(Role::Respondent.as_str().to_string()),
            organisation_id: Set(Some(org_id)),
            created_at: Set(now),
            email_verified_at: Set(verified_at),
            token_generation: Set(0),
        })
        .exec(txn)
        .await?;
        Ok(Account {
            id: UserId(user_id),
            email: reg.email,
            name: reg.name,
            role: Role::Respondent,
            organisation: Some(OrganisationId(org_id)),
            organisation_name: Some(org.name.clone()),
            email_verified: verified_at.is_some(),
            token_generation: 0,
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

    async fn with_organisation(&self, u: user::Model) -> Result<Account, StoreError> {
        let org = match u.organisation_id {
            Some(id) => organisation::Entity::find_by_id(id).one(&self.db).await?,
            None => None,
        };
        account(u, org)
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
