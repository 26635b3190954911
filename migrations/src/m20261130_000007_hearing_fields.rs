//! Every field of a hearing: the council meeting that decides it
//! (`hearings.council_meeting_date`, `council_meeting_title`), a contact
//! person (`contact_name`, `contact_email`, `contact_phone`), the topics
//! (`topics`, reference data), and several local areas and topics per
//! hearing (`hearing_areas`, `hearing_topics`). The single
//! `hearings.area_code` of earlier hearings is copied into `hearing_areas`;
//! the column stays, holding a hearing's first area.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn join_table(
    table: &'static str,
    code: &'static str,
    reference: &'static str,
    reference_col: &'static str,
) -> TableCreateStatement {
    Table::create()
        .table(table)
        .col(uuid("hearing_id"))
        .col(string(code))
        .primary_key(Index::create().col("hearing_id").col(code))
        .foreign_key(
            ForeignKey::create()
                .name(format!("fk_{table}_hearing_id"))
                .from(table, "hearing_id")
                .to("hearings", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name(format!("fk_{table}_{code}"))
                .from(table, code)
                .to(reference, reference_col),
        )
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        let columns = [
            date_null("council_meeting_date"),
            string_null("council_meeting_title"),
            string_null("contact_name"),
            string_null("contact_email"),
            string_null("contact_phone"),
        ];
        for column in columns {
            m.alter_table(Table::alter().table("hearings").add_column(column).take())
                .await?;
        }
        m.create_table(
            Table::create()
                .table("topics")
                .col(string("code").primary_key())
                .col(string("name_da"))
                .col(string("name_en"))
                .col(integer("position"))
                .take(),
        )
        .await?;
        m.create_table(join_table("hearing_areas", "area_code", "areas", "code"))
            .await?;
        m.create_table(join_table("hearing_topics", "topic_code", "topics", "code"))
            .await?;
        for (table, col) in [
            ("hearing_areas", "area_code"),
            ("hearing_topics", "topic_code"),
        ] {
            m.create_index(
                Index::create()
                    .name(format!("ix_{table}_{col}"))
                    .table(table)
                    .col(col)
                    .take(),
            )
            .await?;
        }
        m.get_connection()
            .execute_unprepared(
                "INSERT INTO hearing_areas (hearing_id, area_code) \
                 SELECT id, area_code FROM hearings WHERE area_code IS NOT NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["hearing_topics", "hearing_areas", "topics"] {
            m.drop_table(Table::drop().table(table).take()).await?;
        }
        for column in [
            "contact_phone",
            "contact_email",
            "contact_name",
            "council_meeting_title",
            "council_meeting_date",
        ] {
            m.alter_table(Table::alter().table("hearings").drop_column(column).take())
                .await?;
        }
        Ok(())
    }
}
