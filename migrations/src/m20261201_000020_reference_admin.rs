//! Reference data that administrators keep: each local area, committee,
//! topic and industry section gets `retired_at`, the moment it was taken out
//! of use (null while in use). A retired entry stays on the hearings and
//! organisations that use it but is not offered for new choices. Nothing is
//! retired by this migration.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 4] = ["areas", "committees", "topics", "industry_sections"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for table in TABLES {
            m.alter_table(
                Table::alter()
                    .table(table)
                    .add_column(timestamp_with_time_zone_null("retired_at"))
                    .take(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            m.alter_table(Table::alter().table(table).drop_column("retired_at").take())
                .await?;
        }
        Ok(())
    }
}
