//! Corrections: what staff changed on a hearing after publishing it, when,
//! by whom and why, shown on the public hearing page.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("hearing_corrections")
                .col(uuid("id").primary_key())
                .col(uuid("hearing_id"))
                .col(timestamp_with_time_zone("at"))
                .col(uuid_null("by_user"))
                .col(text("fields"))
                .col(text("note"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_hearing_corrections_hearing_id")
                        .from("hearing_corrections", "hearing_id")
                        .to("hearings", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_hearing_corrections_hearing_at")
                .table("hearing_corrections")
                .col("hearing_id")
                .col("at")
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("hearing_corrections").take())
            .await
    }
}
