//! What is kept: the sea-orm entities, the queries, and the use cases that
//! load, ask `hearings-core` for the rules, write and commit in one
//! transaction. The same code runs on SQLite (the embedded default) and on
//! PostgreSQL.
//!
//! Entities never leave this crate: use cases take core types and return
//! the read models defined here. This crate knows nothing of HTTP, HTML or
//! JSON on the wire.

mod accounts;
mod analysis;
mod audit;
mod campaigns;
mod corrections;
mod dashboard;
pub mod demo;
mod demo_bulk;
mod demo_content;
mod drafts;
mod entity;
mod error;
mod export;
mod files;
mod hearing_list;
mod hearings;
mod inquiries;
mod members;
mod memo;
mod my_responses;
mod outbox;
mod outcome;
mod published;
mod reference;
mod register;
mod response_detail;
mod responses;
mod security;
mod summary;
pub mod testing;

use std::sync::Arc;
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};

pub use accounts::{Account, PendingJoin, SESSION_LIFETIME, new_token as new_secret};
pub use analysis::{
    AnalysisFilter, AnalysisRow, AnalysisView, BulkOutcome, ResponseWork, TagView, ThemeView,
    Workspace,
};
pub use audit::{AUDIT_PAGE_SIZE, AuditEntry, AuditPage, Change};
pub use campaigns::{
    CampaignMember, CampaignView, KEY_TERMS, QuestionTerms, SplitOutcome, TermResponse, TermScope,
    TermView,
};
pub use corrections::{CORRECTION_NOTE_MAX, Correction};
pub use dashboard::{
    DEADLINE_HORIZON_DAYS, Dashboard, DashboardHearing, OpenHearingStats, StateGroup,
};
pub use demo_bulk::{BULK_BATCH, BulkDemo};
pub use drafts::{
    Draft, DraftSave, MyDraft, content_from_json as draft_from_json, content_json as draft_json,
};
pub use error::StoreError;
pub use export::{
    EXPORT_PAGE_SIZE, ExportCursor, ExportFormat, ExportHearing, ExportPage, ExportRow,
    ExportSection,
};
pub use files::{Download, HearingDocument, StoredFile};
pub use hearing_list::{HearingList, InviteCount, Invitees, MAX_REMINDER_DAYS, Party};
pub use hearings::{
    HearingDetail, HearingFilter, HearingListItem, QuestionView, SectionView, WHOLE_MUNICIPALITY,
};
pub use inquiries::Inquiry;
pub use members::{
    InvitationInfo, JoinRequest, Member, MemberInvitation, OrganisationProfile, OrganisationView,
};
pub use memo::{MEMO_MAX, MemoCampaign, MemoData, MemoParty, MemoResponse, MemoTheme, MemoView};
pub use my_responses::{MyResponse, ResponseVersion};
pub use outbox::{
    Failure, LEASE, MAX_ATTEMPTS, MAX_RETRY_DELAY, MessageKind, OutboxMessage, retry_delay,
};
pub use outcome::{DecisionView, OutcomePoint, OutcomeTheme, PublicOutcome, ResponseOutcome};
pub use published::{Published, PublishedAnswer, PublishedResponse, publishes_responses};
pub use reference::{
    Area, Committee, IndustrySection, ReferenceData, ReferenceEntry, ReferenceOverview, Topic,
    Usage,
};
pub use register::{ImportOutcome, REGISTER_PAGE_SIZE, RegisterItem, RegisterPage};
pub use response_detail::{
    DECISION_REASON_MAX, DetailAnswer, DetailComment, PassageView, ResponseDetail,
};
pub use responses::{Receipt, ResponseListItem, Submission};
pub use summary::{
    BRIEFING_THEMES, Breakdown, BriefingHearing, Dimension, Group, MeetingGroup, NumberFigures,
    ResponseRate, ScaleFigures, Summary,
};

use migration::MigratorTrait;

/// The handle to the database. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    db: DatabaseConnection,
    /// The public base URL (no trailing slash) that links in e-mails start with.
    public_url: Option<Arc<str>>,
}

impl Store {
    /// Connects to `url` (`sqlite://path?mode=rwc` or `postgres://…`).
    /// SQLite runs in WAL mode with `synchronous=FULL`, so a committed
    /// response survives a power cut.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let mut opts = ConnectOptions::new(url.to_string());
        opts.sqlx_logging(false)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(10));
        if url.starts_with("sqlite:") {
            opts.max_connections(8).map_sqlx_sqlite_opts(|o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .create_if_missing(true)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
            });
        } else {
            opts.max_connections(16);
        }
        let db = Database::connect(opts).await?;
        Ok(Self {
            db,
            public_url: None,
        })
    }

    /// The same store, making the links in the e-mails it queues absolute
    /// with `url` (e.g. `https://hoeringer.glostrup.dk`). Without it, a link
    /// is a path such as `/receipts/…`.
    pub fn with_public_url(mut self, url: &str) -> Self {
        let url = url.trim().trim_end_matches('/');
        self.public_url = (!url.is_empty()).then(|| Arc::from(url));
        self
    }

    /// A link to `path` (which starts with `/`) for an e-mail.
    /// The server's public address (no trailing slash), or "" if not given.
    pub fn public_url(&self) -> &str {
        self.public_url.as_deref().unwrap_or_default()
    }

    pub(crate) fn link(&self, path: &str) -> String {
        match &self.public_url {
            Some(base) => format!("{base}{path}"),
            None => path.to_string(),
        }
    }

    /// Applies the pending migrations and seeds missing reference data.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        migration::Migrator::up(&self.db, None).await?;
        reference::seed(&self.db).await?;
        Ok(())
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.db.ping().await?;
        Ok(())
    }

    /// A transaction that will write. On SQLite it takes the write lock at
    /// once (`BEGIN IMMEDIATE`), so two writers at the same moment queue on
    /// the busy timeout instead of one failing when it upgrades from
    /// reading to writing.
    pub(crate) async fn begin_write(&self) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
        use sea_orm::TransactionTrait;
        if self.is_sqlite() {
            let options = sea_orm::TransactionOptions {
                sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
                ..Default::default()
            };
            self.db.begin_with_options(options).await
        } else {
            self.db.begin().await
        }
    }

    /// Whether the database is of SQLite.
    pub fn is_sqlite(&self) -> bool {
        matches!(self.db.get_database_backend(), sea_orm::DbBackend::Sqlite)
    }

    /// Closes the connections.
    pub async fn close(self) -> Result<(), StoreError> {
        self.db.close().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectionTrait, Statement};

    use super::*;

    #[tokio::test]
    async fn sqlite_runs_in_wal_mode_with_full_synchronous_writes() {
        let db = testing::TestDatabase::create(testing::Backend::Sqlite)
            .await
            .unwrap();
        let store = db.store().await.unwrap();
        let backend = store.db.get_database_backend();
        let pragma = |name: &'static str| {
            let store = store.clone();
            async move {
                let row = store
                    .db
                    .query_one_raw(Statement::from_string(backend, format!("PRAGMA {name}")))
                    .await
                    .unwrap()
                    .unwrap();
                row.try_get_by_index::<String>(0)
                    .or_else(|_| row.try_get_by_index::<i32>(0).map(|n| n.to_string()))
                    .unwrap()
            }
        };
        assert_eq!(pragma("journal_mode").await, "wal");
        assert_eq!(pragma("synchronous").await, "2", "2 is FULL");
        assert_eq!(pragma("foreign_keys").await, "1");
        store.close().await.unwrap();
        db.drop_database().await.unwrap();
    }
}
