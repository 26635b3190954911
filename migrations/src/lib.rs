//! The schema's frozen history, as sea-orm migrations that run on SQLite and
//! PostgreSQL alike. A migration never imports the store's entities and is
//! never edited once applied: change the schema with a new migration.

pub use sea_orm_migration::prelude::*;

mod m20261130_000001_initial;

/// Applies the migrations in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(m20261130_000001_initial::Migration)]
    }
}
