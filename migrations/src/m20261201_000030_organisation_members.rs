//! An organisation's members: `users.organisation_role` (`admin` or
//! `member`; every account that belonged to an organisation before is its
//! administrator, as it registered it), `organisations.town` (the profile's
//! address is street, postcode and town), `join_requests` (a registration
//! with the CVR number of an organisation that has members waits for one of
//! its administrators), and `member_invitations` (an administrator's
//! invitation by e-mail, kept only as the SHA-256 of the link's secret).

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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        m.alter_table(
            Table::alter()
                .table("users")
                .add_column(string_null("organisation_role"))
                .take(),
        )
        .await?;
        m.exec_stmt(
            Query::update()
                .table("users")
                .value("organisation_role", "admin")
                .and_where(Expr::col("organisation_id").is_not_null())
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("organisations")
                .add_column(string_null("town"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("join_requests")
                .col(pk_uuid("id"))
                .col(uuid("organisation_id"))
                .col(uuid("user_id"))
                .col(timestamp_with_time_zone("requested_at"))
                .col(timestamp_with_time_zone_null("decided_at"))
                // Kept without a foreign key, like the audit log's actor.
                .col(uuid_null("decided_by"))
                .col(string_null("outcome"))
                .foreign_key(&mut fk("join_requests", "organisation_id", "organisations"))
                .foreign_key(&mut fk("join_requests", "user_id", "users"))
                .take(),
        )
        .await?;
        for col in ["organisation_id", "user_id"] {
            m.create_index(
                Index::create()
                    .name(format!("ix_join_requests_{col}"))
                    .table("join_requests")
                    .col(col)
                    .take(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table("member_invitations")
                .col(pk_uuid("id"))
                .col(uuid("organisation_id"))
                .col(string("email"))
                .col(string_uniq("token_hash"))
                .col(uuid_null("invited_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("accepted_at"))
                .col(uuid_null("accepted_by"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .foreign_key(&mut fk(
                    "member_invitations",
                    "organisation_id",
                    "organisations",
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_member_invitations_organisation_id")
                .table("member_invitations")
                .col("organisation_id")
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("member_invitations").take())
            .await?;
        m.drop_table(Table::drop().table("join_requests").take())
            .await?;
        m.alter_table(
            Table::alter()
                .table("organisations")
                .drop_column("town")
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("users")
                .drop_column("organisation_role")
                .take(),
        )
        .await?;
        Ok(())
    }
}
