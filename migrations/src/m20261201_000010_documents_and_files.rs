//! Files: the PDF documents staff attach to a hearing and the files
//! respondents upload. A file's facts (`files`: name, size, SHA-256, who
//! uploaded it and for which organisation) are kept apart from its bytes
//! (`file_contents`), so lists never read the bytes. `hearing_documents`
//! ties a file to a hearing with a title and a position. A question gets
//! a help text (`questions.help`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("files")
                .col(uuid("id").primary_key())
                .col(string("filename"))
                .col(string("content_type"))
                .col(big_integer("size"))
                .col(string("sha256"))
                .col(uuid_null("uploaded_by"))
                .col(uuid_null("organisation_id"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_files_uploaded_by")
                        .from("files", "uploaded_by")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_files_organisation_id")
                        .from("files", "organisation_id")
                        .to("organisations", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_files_organisation_id")
                .table("files")
                .col("organisation_id")
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("file_contents")
                .col(uuid("file_id").primary_key())
                .col(blob("content"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_file_contents_file_id")
                        .from("file_contents", "file_id")
                        .to("files", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("hearing_documents")
                .col(uuid("id").primary_key())
                .col(uuid("hearing_id"))
                .col(uuid("file_id"))
                .col(string("title"))
                .col(integer("position"))
                .col(timestamp_with_time_zone("added_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_hearing_documents_hearing_id")
                        .from("hearing_documents", "hearing_id")
                        .to("hearings", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_hearing_documents_file_id")
                        .from("hearing_documents", "file_id")
                        .to("files", "id"),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_hearing_documents_hearing_id")
                .table("hearing_documents")
                .col("hearing_id")
                .col("position")
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("questions")
                .add_column(text("help").default(""))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("questions").drop_column("help").take())
            .await?;
        for table in ["hearing_documents", "file_contents", "files"] {
            m.drop_table(Table::drop().table(table).take()).await?;
        }
        Ok(())
    }
}
