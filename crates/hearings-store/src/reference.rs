//! Reference data: local areas, committees, topics and industry sections, seeded
//! from the files in `seed/` (copied from the municipality's data) and
//! editable later.

use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, PaginatorTrait, QueryOrder};
use uuid::Uuid;

use crate::entity::{area, committee, industry_section, topic};
use crate::{Store, StoreError};

const AREAS: &str = include_str!("../seed/local-areas.csv");
const COMMITTEES: &str = include_str!("../seed/committees.csv");
const SECTIONS: &str = include_str!("../seed/industry-sections.csv");
const TOPICS: &str = include_str!("../seed/topics.csv");

/// A local area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    /// Code, e.g. `bymidten`.
    pub code: String,
    /// Danish name.
    pub name_da: String,
    /// English name.
    pub name_en: String,
}

/// A standing committee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committee {
    /// Id.
    pub id: Uuid,
    /// Danish name.
    pub name_da: String,
    /// English name.
    pub name_en: String,
}

/// A topic a hearing may concern (e.g. `handel`, "Handel og butikker").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// Code, e.g. `handel`.
    pub code: String,
    /// Danish name.
    pub name_da: String,
    /// English name.
    pub name_en: String,
}

/// An industry section of a classification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndustrySection {
    /// `DB07` or `DB25`.
    pub classification: String,
    /// The letter.
    pub section: String,
    /// Danish name.
    pub name_da: String,
    /// English name.
    pub name_en: String,
}

/// All reference data, for forms and breakdowns.
#[derive(Debug, Clone, Default)]
pub struct ReferenceData {
    /// Local areas, in their order.
    pub areas: Vec<Area>,
    /// Committees, in their order.
    pub committees: Vec<Committee>,
    /// Industry sections, DB07 then DB25.
    pub sections: Vec<IndustrySection>,
    /// Topics, in their order.
    pub topics: Vec<Topic>,
}

impl ReferenceData {
    /// The area with this code.
    pub fn area(&self, code: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.code == code)
    }

    /// The topic with this code.
    pub fn topic(&self, code: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.code == code)
    }

    /// The section with this letter, in the newest classification that has it.
    pub fn section(&self, letter: &str) -> Option<&IndustrySection> {
        self.sections.iter().rev().find(|s| s.section == letter)
    }
}

fn rows(text: &str) -> Result<Vec<csv::StringRecord>, StoreError> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| StoreError::Internal(format!("bad seed file: {e}")))
}

fn field(r: &csv::StringRecord, i: usize) -> String {
    r.get(i).unwrap_or_default().to_string()
}

/// Inserts the seed rows into empty reference tables.
pub(crate) async fn seed(db: &impl ConnectionTrait) -> Result<(), StoreError> {
    if area::Entity::find().count(db).await? == 0 {
        let models = rows(AREAS)?
            .iter()
            .enumerate()
            .map(|(i, r)| area::ActiveModel {
                code: Set(field(r, 0)),
                name_da: Set(field(r, 1)),
                name_en: Set(field(r, 2)),
                position: Set(i as i32),
            })
            .collect::<Vec<_>>();
        area::Entity::insert_many(models).exec(db).await?;
    }
    if committee::Entity::find().count(db).await? == 0 {
        let models = rows(COMMITTEES)?
            .iter()
            .enumerate()
            .map(|(i, r)| committee::ActiveModel {
                id: Set(Uuid::new_v4()),
                name_da: Set(field(r, 0)),
                name_en: Set(field(r, 1)),
                position: Set(i as i32),
            })
            .collect::<Vec<_>>();
        committee::Entity::insert_many(models).exec(db).await?;
    }
    if topic::Entity::find().count(db).await? == 0 {
        let models = rows(TOPICS)?
            .iter()
            .enumerate()
            .map(|(i, r)| topic::ActiveModel {
                code: Set(field(r, 0)),
                name_da: Set(field(r, 1)),
                name_en: Set(field(r, 2)),
                position: Set(i as i32),
            })
            .collect::<Vec<_>>();
        topic::Entity::insert_many(models).exec(db).await?;
    }
    if industry_section::Entity::find().count(db).await? == 0 {
        let models = rows(SECTIONS)?
            .iter()
            .map(|r| industry_section::ActiveModel {
                classification: Set(field(r, 0)),
                section: Set(field(r, 1)),
                name_en: Set(field(r, 2)),
                name_da: Set(field(r, 3)),
            })
            .collect::<Vec<_>>();
        industry_section::Entity::insert_many(models)
            .exec(db)
            .await?;
    }
    Ok(())
}

impl Store {
    /// All reference data (four queries).
    pub async fn reference_data(&self) -> Result<ReferenceData, StoreError> {
        let areas = area::Entity::find()
            .order_by_asc(area::Column::Position)
            .all(&self.db)
            .await?;
        let committees = committee::Entity::find()
            .order_by_asc(committee::Column::Position)
            .all(&self.db)
            .await?;
        let topics = topic::Entity::find()
            .order_by_asc(topic::Column::Position)
            .all(&self.db)
            .await?;
        let sections = industry_section::Entity::find()
            .order_by_asc(industry_section::Column::Classification)
            .order_by_asc(industry_section::Column::Section)
            .all(&self.db)
            .await?;
        Ok(ReferenceData {
            areas: areas
                .into_iter()
                .map(|a| Area {
                    code: a.code,
                    name_da: a.name_da,
                    name_en: a.name_en,
                })
                .collect(),
            committees: committees
                .into_iter()
                .map(|c| Committee {
                    id: c.id,
                    name_da: c.name_da,
                    name_en: c.name_en,
                })
                .collect(),
            sections: sections
                .into_iter()
                .map(|s| IndustrySection {
                    classification: s.classification,
                    section: s.section,
                    name_da: s.name_da,
                    name_en: s.name_en,
                })
                .collect(),
            topics: topics
                .into_iter()
                .map(|t| Topic {
                    code: t.code,
                    name_da: t.name_da,
                    name_en: t.name_en,
                })
                .collect(),
        })
    }
}
