//! Reference data, organisations, users, sessions, hearings with their
//! sections and questions, and responses with their answers and versions.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(
    from_table: &'static str,
    from_col: &'static str,
    to_table: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from_table}_{from_col}"))
        .from(from_table, from_col)
        .to(to_table, "id")
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

fn index(table: &'static str, cols: &[&'static str], unique: bool) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(format!("ix_{table}_{}", cols.join("_")))
        .table(table);
    for c in cols {
        i.col(*c);
    }
    if unique {
        i.unique();
    }
    i.take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("areas")
                .col(string("code").primary_key())
                .col(string("name_da"))
                .col(string("name_en"))
                .col(integer("position"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("committees")
                .col(pk_uuid("id"))
                .col(string_uniq("name_da"))
                .col(string("name_en"))
                .col(integer("position"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("industry_sections")
                .col(string("classification"))
                .col(string("section"))
                .col(string("name_da"))
                .col(string("name_en"))
                .primary_key(Index::create().col("classification").col("section"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("settings")
                .col(string("key").primary_key())
                .col(text("value"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("organisations")
                .col(pk_uuid("id"))
                .col(string_null("cvr"))
                .col(string("name"))
                .col(string("industry_classification"))
                .col(string("industry_code"))
                .col(string("industry_section"))
                .col(string("size_class"))
                .col(string("area_code"))
                .col(string("respondent_type"))
                .col(timestamp_with_time_zone("created_at"))
                .take(),
        )
        .await?;
        m.create_index(index("organisations", &["cvr"], true))
            .await?;
        m.create_table(
            Table::create()
                .table("users")
                .col(pk_uuid("id"))
                .col(string_uniq("email"))
                .col(string("name"))
                .col(string("password_hash"))
                .col(string("role"))
                .col(uuid_null("organisation_id"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("users", "organisation_id", "organisations"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("sessions")
                .col(string("id").primary_key())
                .col(uuid("user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .foreign_key(&mut fk("sessions", "user_id", "users"))
                .take(),
        )
        .await?;
        m.create_index(index("sessions", &["user_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("hearings")
                .col(pk_uuid("id"))
                .col(string("kind"))
                .col(string("status"))
                .col(string("title"))
                .col(text("summary"))
                .col(string_null("area_code"))
                .col(uuid_null("committee_id"))
                .col(timestamp_with_time_zone("opens_at"))
                .col(timestamp_with_time_zone_null("closes_at"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(timestamp_with_time_zone_null("published_at"))
                .take(),
        )
        .await?;
        m.create_index(index("hearings", &["status", "opens_at"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("hearing_sections")
                .col(pk_uuid("id"))
                .col(uuid("hearing_id"))
                .col(integer("number"))
                .col(string("heading"))
                .col(text("body"))
                .foreign_key(&mut fk("hearing_sections", "hearing_id", "hearings"))
                .take(),
        )
        .await?;
        m.create_index(index("hearing_sections", &["hearing_id", "number"], true))
            .await?;
        m.create_table(
            Table::create()
                .table("questions")
                .col(pk_uuid("id"))
                .col(uuid("hearing_id"))
                .col(integer("position"))
                .col(string("kind"))
                .col(text("prompt"))
                .col(boolean("required"))
                .col(text("options"))
                .col(string_null("unit"))
                .foreign_key(&mut fk("questions", "hearing_id", "hearings"))
                .take(),
        )
        .await?;
        m.create_index(index("questions", &["hearing_id", "position"], true))
            .await?;
        m.create_table(
            Table::create()
                .table("responses")
                .col(pk_uuid("id"))
                .col(uuid("hearing_id"))
                .col(uuid("organisation_id"))
                .col(string_uniq("reference"))
                .col(integer("version"))
                .col(string("stance"))
                .col(string("publication"))
                .col(string("digest"))
                .col(uuid("submitted_by"))
                .col(timestamp_with_time_zone("submitted_at"))
                .col(timestamp_with_time_zone("first_submitted_at"))
                .col(string("respondent_type"))
                .col(string("industry_section"))
                .col(string("size_class"))
                .col(string("area_code"))
                .foreign_key(&mut fk("responses", "hearing_id", "hearings"))
                .foreign_key(&mut fk("responses", "organisation_id", "organisations"))
                .take(),
        )
        .await?;
        m.create_index(index("responses", &["hearing_id", "organisation_id"], true))
            .await?;
        m.create_table(
            Table::create()
                .table("answers")
                .col(uuid("response_id"))
                .col(uuid("question_id"))
                .col(text("value"))
                .primary_key(Index::create().col("response_id").col("question_id"))
                .foreign_key(&mut fk("answers", "response_id", "responses"))
                .foreign_key(&mut fk("answers", "question_id", "questions"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("response_versions")
                .col(pk_uuid("id"))
                .col(uuid("response_id"))
                .col(integer("version"))
                .col(text("content"))
                .col(string("digest"))
                .col(uuid("submitted_by"))
                .col(timestamp_with_time_zone("submitted_at"))
                .foreign_key(&mut fk("response_versions", "response_id", "responses"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "response_versions",
            &["response_id", "version"],
            true,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "response_versions",
            "answers",
            "responses",
            "questions",
            "hearing_sections",
            "hearings",
            "sessions",
            "users",
            "organisations",
            "settings",
            "industry_sections",
            "committees",
            "areas",
        ] {
            m.drop_table(Table::drop().table(t).take()).await?;
        }
        Ok(())
    }
}
