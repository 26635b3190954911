//! Questions asked on a hearing and the secretariat's public answers.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("inquiries")
                .col(pk_uuid("id"))
                .col(uuid("hearing_id"))
                .col(uuid("asked_by"))
                .col(string("asker_role"))
                .col(string_null("asker_organisation"))
                .col(text("question"))
                .col(timestamp_with_time_zone("asked_at"))
                .col(text_null("answer"))
                .col(uuid_null("answered_by"))
                .col(timestamp_with_time_zone_null("answered_at"))
                .col(timestamp_with_time_zone_null("hidden_at"))
                .col(uuid_null("hidden_by"))
                .col(text_null("hidden_reason"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_inquiries_hearing_id")
                        .from("inquiries", "hearing_id")
                        .to("hearings", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_inquiries_hearing_id_asked_at")
                .table("inquiries")
                .col("hearing_id")
                .col("asked_at")
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_inquiries_answered_at")
                .table("inquiries")
                .col("answered_at")
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("inquiries").take()).await
    }
}
