//! The e-mail outbox: every message the product sends is first written here,
//! in the same transaction as the change it tells about, and delivered later
//! by the server's mail worker (with retries).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("outbox")
                .col(pk_uuid("id"))
                .col(string("kind"))
                .col(string("to_address"))
                .col(text("subject"))
                .col(text("body_text"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("next_attempt_at"))
                .col(integer("attempts").default(0))
                .col(timestamp_with_time_zone_null("sent_at"))
                .col(text_null("last_error"))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_outbox_sent_at_next_attempt_at")
                .table("outbox")
                .col("sent_at")
                .col("next_attempt_at")
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("outbox").take()).await
    }
}
