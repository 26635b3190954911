//! Withdrawal of a hearing with a public reason (`hearings.withdrawn_at`,
//! `hearings.withdrawal_reason`), and the audit log of staff actions
//! (`audit_log`, read newest first by `at`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        m.alter_table(
            Table::alter()
                .table("hearings")
                .add_column(timestamp_with_time_zone_null("withdrawn_at"))
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("hearings")
                .add_column(text_null("withdrawal_reason"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("audit_log")
                .col(pk_uuid("id"))
                .col(timestamp_with_time_zone("at"))
                .col(uuid_null("actor_id"))
                .col(string("actor_email"))
                .col(string("action"))
                .col(string("object_type"))
                .col(string("object_id"))
                .col(text_null("before"))
                .col(text_null("after"))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_audit_log_at")
                .table("audit_log")
                .col("at")
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("audit_log").take())
            .await?;
        for column in ["withdrawal_reason", "withdrawn_at"] {
            m.alter_table(Table::alter().table("hearings").drop_column(column).take())
                .await?;
        }
        Ok(())
    }
}
