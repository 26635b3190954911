//! The hearing list (høringsliste): the organisation register gets the
//! fields of an extract of the business register (`organisations.source`
//! registered|imported, `email`, `address`, `postcode`, `employees`,
//! `updated_at`), so imported organisations sit beside registered ones;
//! the parties invited to a hearing (`invitations`, one per hearing and
//! e-mail address); and the reminder setting of a hearing
//! (`hearing_reminders.reminder_days_before`; no row means no reminder).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        let columns = [
            string("source").default("registered").take(),
            string_null("email"),
            string_null("address"),
            string_null("postcode"),
            integer_null("employees"),
            timestamp_with_time_zone_null("updated_at"),
        ];
        for column in columns {
            m.alter_table(
                Table::alter()
                    .table("organisations")
                    .add_column(column)
                    .take(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("ix_organisations_name")
                .table("organisations")
                .col("name")
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("hearing_reminders")
                .col(pk_uuid("hearing_id"))
                .col(integer("reminder_days_before"))
                .col(timestamp_with_time_zone("set_at"))
                .col(uuid_null("set_by"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_hearing_reminders_hearing_id")
                        .from("hearing_reminders", "hearing_id")
                        .to("hearings", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("invitations")
                .col(pk_uuid("id"))
                .col(uuid("hearing_id"))
                .col(uuid_null("organisation_id"))
                .col(string("email"))
                .col(timestamp_with_time_zone("invited_at"))
                .col(uuid_null("invited_by"))
                .col(timestamp_with_time_zone_null("reminded_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_invitations_hearing_id")
                        .from("invitations", "hearing_id")
                        .to("hearings", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_invitations_organisation_id")
                        .from("invitations", "organisation_id")
                        .to("organisations", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_invitations_hearing_id_email")
                .table("invitations")
                .col("hearing_id")
                .col("email")
                .unique()
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("invitations").take())
            .await?;
        m.drop_table(Table::drop().table("hearing_reminders").take())
            .await?;
        let mut drop = Index::drop();
        drop.name("ix_organisations_name").table("organisations");
        m.drop_index(drop).await?;
        for column in [
            "updated_at",
            "employees",
            "postcode",
            "address",
            "email",
            "source",
        ] {
            m.alter_table(
                Table::alter()
                    .table("organisations")
                    .drop_column(column)
                    .take(),
            )
            .await?;
        }
        Ok(())
    }
}
