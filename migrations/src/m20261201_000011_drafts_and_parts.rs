//! Drafts and the parts of a response beyond its answers.
//!
//! `drafts`: an organisation's working copy of its response to a hearing,
//! as typed (JSON), with a version that every save and every submission
//! raises, so a save made on an older version is caught; `dirty` says it
//! has changes not yet submitted. `draft_revisions`: every save, and every
//! save refused because the draft had changed meanwhile, so nothing anyone
//! wrote is lost. `response_comments` (one per section), `response_attachments`
//! and `confidential_passages` (with staff's decision) belong to the
//! submitted response.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(table: &str, col: &str, to: &str, cascade: bool) -> ForeignKeyCreateStatement {
    let mut k = ForeignKey::create()
        .name(format!("fk_{table}_{col}"))
        .from(table.to_string(), col.to_string())
        .to(to.to_string(), "id")
        .to_owned();
    if cascade {
        k.on_delete(ForeignKeyAction::Cascade);
    }
    k
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("drafts")
                .col(uuid("id").primary_key())
                .col(uuid("hearing_id"))
                .col(uuid("organisation_id"))
                .col(integer("version"))
                .col(text("content"))
                .col(boolean("dirty"))
                .col(uuid_null("updated_by"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("drafts", "hearing_id", "hearings", true))
                .foreign_key(&mut fk("drafts", "organisation_id", "organisations", true))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_drafts_hearing_organisation")
                .table("drafts")
                .col("hearing_id")
                .col("organisation_id")
                .unique()
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("draft_revisions")
                .col(uuid("id").primary_key())
                .col(uuid("draft_id"))
                .col(integer("version"))
                .col(integer_null("base_version"))
                .col(boolean("conflict"))
                .col(text("content"))
                .col(uuid_null("saved_by"))
                .col(timestamp_with_time_zone("saved_at"))
                .foreign_key(&mut fk("draft_revisions", "draft_id", "drafts", true))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_draft_revisions_draft")
                .table("draft_revisions")
                .col("draft_id")
                .col("saved_at")
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("response_comments")
                .col(uuid("response_id"))
                .col(uuid("section_id"))
                .col(text("text"))
                .primary_key(Index::create().col("response_id").col("section_id"))
                .foreign_key(&mut fk(
                    "response_comments",
                    "response_id",
                    "responses",
                    true,
                ))
                .foreign_key(&mut fk(
                    "response_comments",
                    "section_id",
                    "hearing_sections",
                    true,
                ))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("response_attachments")
                .col(uuid("response_id"))
                .col(uuid("file_id"))
                .col(integer("position"))
                .primary_key(Index::create().col("response_id").col("file_id"))
                .foreign_key(&mut fk(
                    "response_attachments",
                    "response_id",
                    "responses",
                    true,
                ))
                .foreign_key(&mut fk("response_attachments", "file_id", "files", false))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("confidential_passages")
                .col(uuid("id").primary_key())
                .col(uuid("response_id"))
                .col(string("location"))
                .col(text("text"))
                .col(text("reason"))
                .col(string("decision"))
                .col(text_null("decision_reason"))
                .col(uuid_null("decided_by"))
                .col(timestamp_with_time_zone_null("decided_at"))
                .foreign_key(&mut fk(
                    "confidential_passages",
                    "response_id",
                    "responses",
                    true,
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_confidential_passages_response")
                .table("confidential_passages")
                .col("response_id")
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "confidential_passages",
            "response_attachments",
            "response_comments",
            "draft_revisions",
            "drafts",
        ] {
            m.drop_table(Table::drop().table(table).take()).await?;
        }
        Ok(())
    }
}
