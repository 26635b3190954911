//! Test support: a fresh database per test, on SQLite always and on
//! PostgreSQL when `HEARINGS_TEST_DATABASE_URL` is set (a database is made
//! for the test and dropped afterwards).

use sea_orm::{ConnectionTrait, Database};
use uuid::Uuid;

use crate::{Store, StoreError};

/// The environment variable naming a PostgreSQL server for tests
/// (e.g. `postgres://postgres@127.0.0.1:5432/postgres`).
pub const POSTGRES_ENV: &str = "HEARINGS_TEST_DATABASE_URL";

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An SQLite file in a temporary folder.
    Sqlite,
    /// A fresh PostgreSQL database.
    Postgres,
}

/// A database made for one test.
#[derive(Debug)]
pub struct TestDatabase {
    /// The backend.
    pub backend: Backend,
    /// Its URL.
    pub url: String,
    /// Its temporary folder (SQLite) or name (PostgreSQL).
    place: String,
    admin_url: Option<String>,
}

impl TestDatabase {
    /// The backends to run on: SQLite, and PostgreSQL when configured.
    /// Says plainly on stderr when PostgreSQL is skipped; fails instead when
    /// `HEARINGS_REQUIRE_POSTGRES=1`.
    pub fn backends() -> Vec<Backend> {
        match std::env::var(POSTGRES_ENV) {
            Ok(url) if !url.trim().is_empty() => vec![Backend::Sqlite, Backend::Postgres],
            _ => {
                assert!(
                    std::env::var("HEARINGS_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                    "HEARINGS_REQUIRE_POSTGRES=1 but {POSTGRES_ENV} is not set"
                );
                eprintln!(
                    "PostgreSQL SKIPPED: {POSTGRES_ENV} is not set; this test ran on SQLite only"
                );
                vec![Backend::Sqlite]
            }
        }
    }

    /// Makes an empty database on the backend.
    pub async fn create(backend: Backend) -> Result<Self, StoreError> {
        let name = format!("hearings_t_{}", Uuid::new_v4().simple());
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(&name);
                std::fs::create_dir_all(&dir).map_err(|e| StoreError::Internal(e.to_string()))?;
                let url = format!("sqlite://{}?mode=rwc", dir.join("hearings.db").display());
                Ok(Self {
                    backend,
                    url,
                    place: dir.display().to_string(),
                    admin_url: None,
                })
            }
            Backend::Postgres => {
                let admin_url =
                    std::env::var(POSTGRES_ENV).map_err(|e| StoreError::Internal(e.to_string()))?;
                let admin = Database::connect(&admin_url).await?;
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await?;
                admin.close().await?;
                let base = admin_url
                    .rsplit_once('/')
                    .map(|(b, _)| b.to_string())
                    .unwrap_or(admin_url.clone());
                Ok(Self {
                    backend,
                    url: format!("{base}/{name}"),
                    place: name,
                    admin_url: Some(admin_url),
                })
            }
        }
    }

    /// Connects and migrates.
    pub async fn store(&self) -> Result<Store, StoreError> {
        let store = Store::connect(&self.url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Removes the database (PostgreSQL: `DROP DATABASE … WITH (FORCE)`).
    pub async fn drop_database(self) -> Result<(), StoreError> {
        match (self.backend, self.admin_url) {
            (Backend::Postgres, Some(admin_url)) => {
                let admin = Database::connect(&admin_url).await?;
                admin
                    .execute_unprepared(&format!(
                        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                        self.place
                    ))
                    .await?;
                admin.close().await?;
            }
            _ => {
                let _ = std::fs::remove_dir_all(&self.place);
            }
        }
        Ok(())
    }
}

/// For tests only: moves a hearing straight to a stored status that no use
/// case reaches yet (such as `decided`), with no rule checked and nothing
/// recorded in the audit log.
pub async fn set_hearing_status(
    store: &Store,
    id: hearings_core::HearingId,
    status: hearings_core::HearingStatus,
) -> Result<(), StoreError> {
    use sea_orm::{ActiveValue::Set, EntityTrait};
    let h = crate::entity::hearing::Entity::find_by_id(id.0)
        .one(&store.db)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut active: crate::entity::hearing::ActiveModel = h.into();
    active.status = Set(status.as_str().to_string());
    crate::entity::hearing::Entity::update(active)
        .exec(&store.db)
        .await?;
    Ok(())
}

/// For tests only: runs a statement on the store's database, e.g. to make a
/// table unwritable and check that a use case then stores nothing.
pub async fn run_sql(store: &Store, sql: &str) -> Result<(), StoreError> {
    use sea_orm::ConnectionTrait;
    store.db.execute_unprepared(sql).await?;
    Ok(())
}

/// For tests only: every message queued for `address`, oldest first,
/// whatever its state (a test reads the one-time link in an e-mail with it
/// when no mail worker runs).
pub async fn messages_to(
    store: &Store,
    address: &str,
) -> Result<Vec<crate::OutboxMessage>, StoreError> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let rows = crate::entity::outbox::Entity::find()
        .filter(crate::entity::outbox::Column::ToAddress.eq(address))
        .order_by_asc(crate::entity::outbox::Column::CreatedAt)
        .all(&store.db)
        .await?;
    Ok(rows.into_iter().map(crate::OutboxMessage::from).collect())
}

/// For tests only: the one-time link (from `/` to the end of its line) in
/// the newest message of `kind` (`verify`, `reset`) queued for `address`.
pub async fn link_in_newest(
    store: &Store,
    address: &str,
    kind: &str,
) -> Result<Option<String>, StoreError> {
    let messages = messages_to(store, address).await?;
    Ok(messages
        .iter()
        .rev()
        .find(|m| m.kind == kind)
        .and_then(|m| link_in(&m.body)))
}

/// The first link to `/verify?token=`, `/password-reset/confirm?token=` or
/// `/invitation?token=` in a text, as a path with its query.
pub fn link_in(text: &str) -> Option<String> {
    [
        "/verify?token=",
        "/password-reset/confirm?token=",
        "/invitation?token=",
    ]
    .iter()
    .find_map(|p| text.find(p).map(|at| (at, *p)))
    .map(|(at, p)| {
        let token: String = text[at + p.len()..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect();
        format!("{p}{token}")
    })
}

/// For tests only: a second respondent account in the organisation of
/// `member`, with the same password, its address confirmed (a colleague
/// who co-authors the organisation's response).
pub async fn add_colleague(
    store: &Store,
    member: &crate::Account,
    email: &str,
    name: &str,
) -> Result<crate::Account, StoreError> {
    use sea_orm::{ActiveValue::Set, EntityTrait};
    let u = crate::entity::user::Entity::find_by_id(member.id.0)
        .one(&store.db)
        .await?
        .ok_or(StoreError::NotFound)?;
    let id = uuid::Uuid::new_v4();
    crate::entity::user::Entity::insert(crate::entity::user::ActiveModel {
        id: Set(id),
        email: Set(email.to_string()),
        name: Set(name.to_string()),
        password_hash: Set(u.password_hash),
        role: Set(u.role),
        organisation_id: Set(u.organisation_id),
        created_at: Set(u.created_at),
        email_verified_at: Set(Some(u.created_at)),
        token_generation: Set(0),
        // A colleague joins as a plain member.
        organisation_role: Set(u
            .organisation_id
            .map(|_| hearings_core::MemberRole::Member.as_str().to_string())),
    })
    .exec_without_returning(&store.db)
    .await?;
    store.account(hearings_core::UserId(id)).await
}
