//! Campaigns: groups of near-identical responses (`campaigns`: the hearing,
//! the shared text, whether staff confirmed the group or it is a suggestion,
//! when and by whom it was found and confirmed) and their members
//! (`campaign_members`: a response at most once per campaign).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(table: &str, col: &str, to: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{col}"))
        .from(table.to_string(), col.to_string())
        .to(to.to_string(), "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("campaigns")
                .col(uuid("id").primary_key())
                .col(uuid("hearing_id"))
                .col(text("shared_text"))
                .col(boolean("confirmed"))
                .col(timestamp_with_time_zone("created_at"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone_null("confirmed_at"))
                .col(uuid_null("confirmed_by"))
                .foreign_key(&mut fk("campaigns", "hearing_id", "hearings"))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_campaigns_hearing")
                .table("campaigns")
                .col("hearing_id")
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("campaign_members")
                .col(uuid("campaign_id"))
                .col(uuid("response_id"))
                .primary_key(Index::create().col("campaign_id").col("response_id"))
                .foreign_key(&mut fk("campaign_members", "campaign_id", "campaigns"))
                .foreign_key(&mut fk("campaign_members", "response_id", "responses"))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_campaign_members_response")
                .table("campaign_members")
                .col("response_id")
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["campaign_members", "campaigns"] {
            m.drop_table(Table::drop().table(table).take()).await?;
        }
        Ok(())
    }
}
