//! The schema's frozen history, as sea-orm migrations that run on SQLite and
//! PostgreSQL alike. A migration never imports the store's entities and is
//! never edited once applied: change the schema with a new migration.

pub use sea_orm_migration::prelude::*;

mod m20261130_000001_initial;
mod m20261130_000002_outbox;
mod m20261130_000003_withdraw_and_audit;
mod m20261130_000004_inquiries;
mod m20261130_000005_hearing_list;
mod m20261130_000006_account_security;
mod m20261130_000007_hearing_fields;
mod m20261130_000008_idempotency;
mod m20261130_000009_corrections;
mod m20261201_000010_documents_and_files;
mod m20261201_000011_drafts_and_parts;
mod m20261201_000020_reference_admin;
mod m20261201_000030_organisation_members;
mod m20261202_000060_analysis;
mod m20261202_000061_outcome;
mod m20261202_000062_memo;
mod m20261202_000070_campaigns;

/// Applies the migrations in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261130_000001_initial::Migration),
            Box::new(m20261130_000002_outbox::Migration),
            Box::new(m20261130_000003_withdraw_and_audit::Migration),
            Box::new(m20261130_000004_inquiries::Migration),
            Box::new(m20261130_000005_hearing_list::Migration),
            Box::new(m20261130_000006_account_security::Migration),
            Box::new(m20261130_000007_hearing_fields::Migration),
            Box::new(m20261130_000008_idempotency::Migration),
            Box::new(m20261130_000009_corrections::Migration),
            Box::new(m20261201_000010_documents_and_files::Migration),
            Box::new(m20261201_000011_drafts_and_parts::Migration),
            Box::new(m20261201_000020_reference_admin::Migration),
            Box::new(m20261201_000030_organisation_members::Migration),
            Box::new(m20261202_000060_analysis::Migration),
            Box::new(m20261202_000061_outcome::Migration),
            Box::new(m20261202_000062_memo::Migration),
            Box::new(m20261202_000070_campaigns::Migration),
        ]
    }
}
