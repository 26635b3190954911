//! Account security: `users.email_verified_at` (set for every account that
//! exists already, so nobody is locked out), `users.token_generation` (raised
//! by "sign out everywhere" and a password reset, which makes older API
//! tokens stop working), and `account_tokens`, the one-time links sent by
//! e-mail, kept only as the SHA-256 of the secret.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        m.alter_table(
            Table::alter()
                .table("users")
                .add_column(timestamp_with_time_zone_null("email_verified_at"))
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("users")
                .add_column(integer("token_generation").default(0))
                .take(),
        )
        .await?;
        // Accounts made before verification existed count as verified.
        m.exec_stmt(
            Query::update()
                .table("users")
                .value("email_verified_at", Expr::col("created_at"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("account_tokens")
                .col(string("id").primary_key())
                .col(string("purpose"))
                .col(uuid("user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_account_tokens_user_id")
                        .from("account_tokens", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_account_tokens_user_id")
                .table("account_tokens")
                .col("user_id")
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("account_tokens").take())
            .await?;
        for column in ["token_generation", "email_verified_at"] {
            m.alter_table(Table::alter().table("users").drop_column(column).take())
                .await?;
        }
        Ok(())
    }
}
