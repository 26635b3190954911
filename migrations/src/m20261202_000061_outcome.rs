//! The outcome of a hearing: the decision staff record once the council (or
//! the body it delegated to) has decided (`hearing_decisions`, one per
//! hearing: date, body, text, a link to the minutes, who recorded it and
//! when).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("hearing_decisions")
                .col(uuid("hearing_id").primary_key())
                .col(date("decided_on"))
                .col(string("body"))
                .col(text("text"))
                .col(string_null("minutes_url"))
                .col(uuid("recorded_by"))
                .col(timestamp_with_time_zone("recorded_at"))
                .col(integer("notified"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_hearing_decisions_hearing_id")
                        .from("hearing_decisions", "hearing_id")
                        .to("hearings", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("hearing_decisions").take())
            .await
    }
}
