//! The secretariat's analysis: a summary and an assessment of each
//! response (`response_analyses`) and of each comment on a section
//! (`comment_analyses`), and a hearing's themes (`themes`: name, the views
//! summed up, the administration's comment, the resulting change) with the
//! responses and passages tagged with them (`theme_tags`).

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

fn analysis_cols(t: &mut TableCreateStatement) -> &mut TableCreateStatement {
    t.col(text("summary"))
        .col(string_null("assessment"))
        .col(text("reason"))
        .col(uuid_null("updated_by"))
        .col(timestamp_with_time_zone("updated_at"))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut t = Table::create();
        t.table("response_analyses")
            .col(uuid("response_id").primary_key());
        analysis_cols(&mut t).foreign_key(&mut fk("response_analyses", "response_id", "responses"));
        m.create_table(t.take()).await?;

        let mut t = Table::create();
        t.table("comment_analyses")
            .col(uuid("response_id"))
            .col(uuid("section_id"))
            .primary_key(Index::create().col("response_id").col("section_id"));
        analysis_cols(&mut t)
            .foreign_key(&mut fk("comment_analyses", "response_id", "responses"))
            .foreign_key(&mut fk(
                "comment_analyses",
                "section_id",
                "hearing_sections",
            ));
        m.create_table(t.take()).await?;

        m.create_table(
            Table::create()
                .table("themes")
                .col(uuid("id").primary_key())
                .col(uuid("hearing_id"))
                .col(string("name"))
                .col(text("views"))
                .col(text("comment"))
                .col(text("change"))
                .col(integer("position"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("themes", "hearing_id", "hearings"))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_themes_hearing")
                .table("themes")
                .col("hearing_id")
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("theme_tags")
                .col(uuid("id").primary_key())
                .col(uuid("theme_id"))
                .col(uuid("response_id"))
                .col(string_null("location"))
                .col(text("passage"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("theme_tags", "theme_id", "themes"))
                .foreign_key(&mut fk("theme_tags", "response_id", "responses"))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_theme_tags_theme")
                .table("theme_tags")
                .col("theme_id")
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_theme_tags_response")
                .table("theme_tags")
                .col("response_id")
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "theme_tags",
            "themes",
            "comment_analyses",
            "response_analyses",
        ] {
            m.drop_table(Table::drop().table(table).take()).await?;
        }
        Ok(())
    }
}
