//! Submission keys: a submission repeated with the same key (a double
//! click, a retry after a timeout, a replayed API call) gives the same
//! receipt instead of a second version.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("submission_keys")
                .col(uuid("organisation_id"))
                .col(string_len("key", 200))
                .col(uuid("response_id"))
                .col(integer("version"))
                .col(string("request_hash"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(Index::create().col("organisation_id").col("key"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_submission_keys_response_id")
                        .from("submission_keys", "response_id")
                        .to("responses", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("submission_keys").take())
            .await
    }
}
