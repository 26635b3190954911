//! The hearing memo (høringsnotat): `memos`, every version of a hearing's
//! memo as Markdown. The newest version is a draft while `finalised_at` is
//! null; a final version is frozen, and editing it again starts the next
//! version.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("memos")
                .col(uuid("id").primary_key())
                .col(uuid("hearing_id"))
                .col(integer("version"))
                .col(text("markdown"))
                .col(uuid("updated_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(timestamp_with_time_zone_null("finalised_at"))
                .col(uuid_null("finalised_by"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_memos_hearing_id")
                        .from("memos", "hearing_id")
                        .to("hearings", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_memos_hearing_version")
                .table("memos")
                .col("hearing_id")
                .col("version")
                .unique()
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("memos").take()).await
    }
}
