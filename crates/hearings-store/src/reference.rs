//! Reference data: local areas, committees, topics and industry sections,
//! seeded from the files in `seed/` (copied from the municipality's data)
//! into empty tables, and kept by administrators from then on: they add an
//! entry, rename it, retire it and bring it back, and delete one that
//! nothing uses. A code never changes. A retired entry keeps showing on the
//! hearings and organisations that use it, but is not offered for new
//! choices (see `Store::check_particulars`, `Store::check_registration`
//! and the invitation rules). Every change writes its audit row in its own
//! transaction.

use chrono::{DateTime, Utc};
use hearings_core::CommitteeId;
use hearings_core::audit::AuditAction;
use hearings_core::input::{FieldError, Problem};
use hearings_core::reference::{
    NewCode, NewReferenceEntry, ReferenceKey, ReferenceKind, ReferenceNames,
};
use hearings_core::{AreaCode, Classification, hearing_info::TopicCode, register::SectionRef};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, SqlErr,
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::audit::{self, Object};
use crate::entity::{
    area, committee, hearing, hearing_area, hearing_topic, industry_section, organisation,
    response, topic,
};
use crate::{Account, Store, StoreError};

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
    /// Retired by an administrator: not offered for new choices.
    pub retired: bool,
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
    /// Retired by an administrator: not offered for new choices.
    pub retired: bool,
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
    /// Retired by an administrator: not offered for new choices.
    pub retired: bool,
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
    /// Retired by an administrator: not offered for new choices.
    pub retired: bool,
}

/// All reference data, for forms and breakdowns, retired entries included
/// (a chooser leaves them out unless already chosen).
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

/// What uses an entry. Areas are used by hearings, organisations and the
/// responses (which keep the organisation's area as it was); committees and
/// topics by hearings; sections by organisations and responses (a response
/// keeps only the letter, so it counts for that letter in both
/// classifications).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Hearings.
    pub hearings: u64,
    /// Organisations.
    pub organisations: u64,
    /// Responses.
    pub responses: u64,
    /// The product itself relies on it: the area `hele-kommunen`, which
    /// matches every area filter and is given to imported organisations
    /// without an area.
    pub by_the_system: bool,
}

impl Usage {
    /// Whether anything uses the entry (then it may be retired, never deleted).
    pub fn in_use(&self) -> bool {
        self.by_the_system || self.hearings + self.organisations + self.responses > 0
    }
}

/// Whether the product itself relies on the entry (see [`Usage::by_the_system`]).
fn by_the_system(key: &ReferenceKey) -> bool {
    matches!(key, ReferenceKey::Area(c) if c.as_str() == crate::WHOLE_MUNICIPALITY)
}

/// An entry of the reference data as its kind's list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceEntry {
    /// Which entry.
    pub key: ReferenceKey,
    /// Danish name.
    pub name_da: String,
    /// English name.
    pub name_en: String,
    /// When an administrator retired it (none while in use).
    pub retired_at: Option<DateTime<Utc>>,
    /// What uses it: counted for administrators only.
    pub usage: Option<Usage>,
}

/// The four kinds of reference data, each in its order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReferenceOverview {
    /// Local areas.
    pub areas: Vec<ReferenceEntry>,
    /// Committees.
    pub committees: Vec<ReferenceEntry>,
    /// Topics.
    pub topics: Vec<ReferenceEntry>,
    /// Industry sections, DB07 then DB25.
    pub sections: Vec<ReferenceEntry>,
}

impl ReferenceOverview {
    /// The entries of a kind.
    pub fn of(&self, kind: ReferenceKind) -> &[ReferenceEntry] {
        match kind {
            ReferenceKind::Area => &self.areas,
            ReferenceKind::Committee => &self.committees,
            ReferenceKind::Topic => &self.topics,
            ReferenceKind::Section => &self.sections,
        }
    }

    /// The entry with this key.
    pub fn find(&self, key: &ReferenceKey) -> Option<&ReferenceEntry> {
        self.of(key.kind()).iter().find(|e| &e.key == key)
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
                retired_at: Set(None),
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
                retired_at: Set(None),
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
                retired_at: Set(None),
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
                retired_at: Set(None),
            })
            .collect::<Vec<_>>();
        industry_section::Entity::insert_many(models)
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Runs `$body` with `$m` naming the entity module of the key's table and
/// `$cond` the condition that picks the key's row. Every reference table
/// has `name_da`, `name_en` and `retired_at`, so a body that uses only
/// those compiles for all four.
macro_rules! on_table {
    ($key:expr, $m:ident, $cond:ident => $body:expr) => {
        match $key {
            ReferenceKey::Area(code) => {
                use crate::entity::area as $m;
                let $cond = Condition::all().add($m::Column::Code.eq(code.as_str()));
                $body
            }
            ReferenceKey::Committee(id) => {
                use crate::entity::committee as $m;
                let $cond = Condition::all().add($m::Column::Id.eq(id.0));
                $body
            }
            ReferenceKey::Topic(code) => {
                use crate::entity::topic as $m;
                let $cond = Condition::all().add($m::Column::Code.eq(code.as_str()));
                $body
            }
            ReferenceKey::Section(s) => {
                use crate::entity::industry_section as $m;
                let $cond = Condition::all()
                    .add($m::Column::Classification.eq(s.classification.as_str()))
                    .add($m::Column::Section.eq(s.section.to_string()));
                $body
            }
        }
    };
}

/// The row of an entry, as the audit log keeps it and the use cases return it.
async fn find(
    conn: &impl ConnectionTrait,
    key: &ReferenceKey,
) -> Result<Option<ReferenceEntry>, StoreError> {
    let found = on_table!(key, m, cond => m::Entity::find()
        .filter(cond)
        .one(conn)
        .await?
        .map(|r| (r.name_da, r.name_en, r.retired_at)));
    Ok(found.map(|(name_da, name_en, retired_at)| ReferenceEntry {
        key: key.clone(),
        name_da,
        name_en,
        retired_at,
        usage: None,
    }))
}

fn snapshot(e: &ReferenceEntry) -> Value {
    json!({
        "kind": e.key.kind().as_str(),
        "key": e.key.to_string(),
        "name_da": e.name_da,
        "name_en": e.name_en,
        "retired_at": e.retired_at.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
    })
}

fn object(key: &ReferenceKey) -> Object {
    Object::reference(format!("{}/{key}", key.kind()))
}

fn invalid(field: &str, p: Problem) -> StoreError {
    StoreError::Invalid(vec![FieldError::new(field, p)])
}

/// A unique constraint refused the write: another entry has the code (or,
/// for a committee, the Danish name). Anything else is a database error.
fn taken(e: DbErr, field: &str, p: Problem) -> StoreError {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => invalid(field, p),
        _ => e.into(),
    }
}

/// What uses one entry (two to four count queries).
async fn usage_of(conn: &impl ConnectionTrait, key: &ReferenceKey) -> Result<Usage, StoreError> {
    Ok(match key {
        ReferenceKey::Area(code) => {
            let c = code.as_str();
            let joined = hearing_area::Entity::find()
                .filter(hearing_area::Column::AreaCode.eq(c))
                .count(conn)
                .await?;
            let legacy = hearing::Entity::find()
                .filter(hearing::Column::AreaCode.eq(c))
                .count(conn)
                .await?;
            Usage {
                by_the_system: by_the_system(key),
                hearings: Ord::max(joined, legacy),
                organisations: organisation::Entity::find()
                    .filter(organisation::Column::AreaCode.eq(c))
                    .count(conn)
                    .await?,
                responses: response::Entity::find()
                    .filter(response::Column::AreaCode.eq(c))
                    .count(conn)
                    .await?,
            }
        }
        ReferenceKey::Committee(id) => Usage {
            hearings: hearing::Entity::find()
                .filter(hearing::Column::CommitteeId.eq(id.0))
                .count(conn)
                .await?,
            ..Usage::default()
        },
        ReferenceKey::Topic(code) => Usage {
            hearings: hearing_topic::Entity::find()
                .filter(hearing_topic::Column::TopicCode.eq(code.as_str()))
                .count(conn)
                .await?,
            ..Usage::default()
        },
        ReferenceKey::Section(s) => Usage {
            organisations: organisation::Entity::find()
                .filter(organisation::Column::IndustryClassification.eq(s.classification.as_str()))
                .filter(organisation::Column::IndustrySection.eq(s.section.to_string()))
                .count(conn)
                .await?,
            responses: response::Entity::find()
                .filter(response::Column::IndustrySection.eq(s.section.to_string()))
                .count(conn)
                .await?,
            ..Usage::default()
        },
    })
}

fn counted<K: PartialEq>(rows: &[(K, i64)], key: &K) -> u64 {
    rows.iter()
        .find(|(k, _)| k == key)
        .map(|(_, n)| u64::try_from(*n).unwrap_or_default())
        .unwrap_or_default()
}

impl Store {
    /// All reference data, retired entries included (four queries).
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
                    retired: a.retired_at.is_some(),
                    code: a.code,
                    name_da: a.name_da,
                    name_en: a.name_en,
                })
                .collect(),
            committees: committees
                .into_iter()
                .map(|c| Committee {
                    retired: c.retired_at.is_some(),
                    id: c.id,
                    name_da: c.name_da,
                    name_en: c.name_en,
                })
                .collect(),
            sections: sections
                .into_iter()
                .map(|s| IndustrySection {
                    retired: s.retired_at.is_some(),
                    classification: s.classification,
                    section: s.section,
                    name_da: s.name_da,
                    name_en: s.name_en,
                })
                .collect(),
            topics: topics
                .into_iter()
                .map(|t| Topic {
                    retired: t.retired_at.is_some(),
                    code: t.code,
                    name_da: t.name_da,
                    name_en: t.name_en,
                })
                .collect(),
        })
    }

    /// The four kinds of reference data with their retired entries. For an
    /// administrator each entry carries what uses it. Four queries for
    /// anyone; eleven for an administrator (the counts are `GROUP BY`
    /// queries in the database: hearings per area, topic and committee;
    /// organisations per area and per section; responses per area and per
    /// section letter), whatever the number of rows.
    pub async fn reference_overview(
        &self,
        viewer: Option<&Account>,
    ) -> Result<ReferenceOverview, StoreError> {
        let entry =
            |key: ReferenceKey, da: String, en: String, at: Option<DateTime<Utc>>| ReferenceEntry {
                key,
                name_da: da,
                name_en: en,
                retired_at: at,
                usage: None,
            };
        let mut o = ReferenceOverview {
            areas: area::Entity::find()
                .order_by_asc(area::Column::Position)
                .all(&self.db)
                .await?
                .into_iter()
                .filter_map(|a| {
                    let key = ReferenceKey::Area(AreaCode::parse(&a.code).ok()?);
                    Some(entry(key, a.name_da, a.name_en, a.retired_at))
                })
                .collect(),
            committees: committee::Entity::find()
                .order_by_asc(committee::Column::Position)
                .all(&self.db)
                .await?
                .into_iter()
                .map(|c| {
                    let key = ReferenceKey::Committee(CommitteeId(c.id));
                    entry(key, c.name_da, c.name_en, c.retired_at)
                })
                .collect(),
            topics: topic::Entity::find()
                .order_by_asc(topic::Column::Position)
                .all(&self.db)
                .await?
                .into_iter()
                .filter_map(|t| {
                    let key = ReferenceKey::Topic(TopicCode::parse(&t.code).ok()?);
                    Some(entry(key, t.name_da, t.name_en, t.retired_at))
                })
                .collect(),
            sections: industry_section::Entity::find()
                .order_by_asc(industry_section::Column::Classification)
                .order_by_asc(industry_section::Column::Section)
                .all(&self.db)
                .await?
                .into_iter()
                .filter_map(|s| {
                    let raw = format!("{}:{}", s.classification, s.section);
                    let key = ReferenceKey::Section(SectionRef::parse(&raw).ok()?);
                    Some(entry(key, s.name_da, s.name_en, s.retired_at))
                })
                .collect(),
        };
        if viewer.is_some_and(|a| a.role.manages_reference_data()) {
            self.count_usage(&mut o).await?;
        }
        Ok(o)
    }

    /// Fills in what uses each entry (seven `GROUP BY` queries).
    async fn count_usage(&self, o: &mut ReferenceOverview) -> Result<(), StoreError> {
        let db = &self.db;
        let hearings_by_area: Vec<(String, i64)> = hearing_area::Entity::find()
            .select_only()
            .column(hearing_area::Column::AreaCode)
            .column_as(Expr::col(hearing_area::Column::HearingId).count(), "n")
            .group_by(hearing_area::Column::AreaCode)
            .into_tuple()
            .all(db)
            .await?;
        let orgs_by_area: Vec<(String, i64)> = organisation::Entity::find()
            .select_only()
            .column(organisation::Column::AreaCode)
            .column_as(Expr::col(organisation::Column::Id).count(), "n")
            .group_by(organisation::Column::AreaCode)
            .into_tuple()
            .all(db)
            .await?;
        let responses_by_area: Vec<(String, i64)> = response::Entity::find()
            .select_only()
            .column(response::Column::AreaCode)
            .column_as(Expr::col(response::Column::Id).count(), "n")
            .group_by(response::Column::AreaCode)
            .into_tuple()
            .all(db)
            .await?;
        let hearings_by_topic: Vec<(String, i64)> = hearing_topic::Entity::find()
            .select_only()
            .column(hearing_topic::Column::TopicCode)
            .column_as(Expr::col(hearing_topic::Column::HearingId).count(), "n")
            .group_by(hearing_topic::Column::TopicCode)
            .into_tuple()
            .all(db)
            .await?;
        let hearings_by_committee: Vec<(Uuid, i64)> = hearing::Entity::find()
            .select_only()
            .column(hearing::Column::CommitteeId)
            .column_as(Expr::col(hearing::Column::Id).count(), "n")
            .filter(hearing::Column::CommitteeId.is_not_null())
            .group_by(hearing::Column::CommitteeId)
            .into_tuple()
            .all(db)
            .await?;
        let orgs_by_section: Vec<(String, String, i64)> = organisation::Entity::find()
            .select_only()
            .column(organisation::Column::IndustryClassification)
            .column(organisation::Column::IndustrySection)
            .column_as(Expr::col(organisation::Column::Id).count(), "n")
            .group_by(organisation::Column::IndustryClassification)
            .group_by(organisation::Column::IndustrySection)
            .into_tuple()
            .all(db)
            .await?;
        let responses_by_letter: Vec<(String, i64)> = response::Entity::find()
            .select_only()
            .column(response::Column::IndustrySection)
            .column_as(Expr::col(response::Column::Id).count(), "n")
            .group_by(response::Column::IndustrySection)
            .into_tuple()
            .all(db)
            .await?;
        for e in o.areas.iter_mut() {
            let code = e.key.to_string();
            e.usage = Some(Usage {
                by_the_system: by_the_system(&e.key),
                hearings: counted(&hearings_by_area, &code),
                organisations: counted(&orgs_by_area, &code),
                responses: counted(&responses_by_area, &code),
            });
        }
        for e in o.topics.iter_mut() {
            let code = e.key.to_string();
            e.usage = Some(Usage {
                hearings: counted(&hearings_by_topic, &code),
                ..Usage::default()
            });
        }
        for e in o.committees.iter_mut() {
            if let ReferenceKey::Committee(id) = &e.key {
                e.usage = Some(Usage {
                    hearings: counted(&hearings_by_committee, &id.0),
                    ..Usage::default()
                });
            }
        }
        for e in o.sections.iter_mut() {
            if let ReferenceKey::Section(s) = &e.key {
                let letter = s.section.to_string();
                let organisations = orgs_by_section
                    .iter()
                    .find(|(c, l, _)| c == s.classification.as_str() && *l == letter)
                    .map(|(_, _, n)| u64::try_from(*n).unwrap_or_default())
                    .unwrap_or_default();
                e.usage = Some(Usage {
                    organisations,
                    responses: counted(&responses_by_letter, &letter),
                    ..Usage::default()
                });
            }
        }
        Ok(())
    }

    /// Adds an entry (administrators): an area or topic after the others,
    /// with its code, which must be free; a committee with a new id and a
    /// Danish name no other committee has; a section of a classification
    /// that the table lacks. One transaction with its audit row
    /// (`reference.create`). Returns the new entry.
    #[tracing::instrument(skip_all, fields(kind = %new.code.kind()))]
    pub async fn create_reference(
        &self,
        by: &Account,
        new: NewReferenceEntry,
        now: DateTime<Utc>,
    ) -> Result<ReferenceEntry, StoreError> {
        if !by.role.manages_reference_data() {
            return Err(StoreError::Forbidden);
        }
        let ReferenceNames { name_da, name_en } = new.names;
        let txn = self.begin_write().await?;
        let key = match new.code {
            NewCode::Area(code) => {
                let key = ReferenceKey::Area(code.clone());
                if find(&txn, &key).await?.is_some() {
                    return Err(invalid("code", Problem::CodeTaken));
                }
                let last = area::Entity::find()
                    .order_by_desc(area::Column::Position)
                    .one(&txn)
                    .await?
                    .map_or(-1, |a| a.position);
                area::Entity::insert(area::ActiveModel {
                    code: Set(code.as_str().to_string()),
                    name_da: Set(name_da),
                    name_en: Set(name_en),
                    position: Set(last + 1),
                    retired_at: Set(None),
                })
                .exec_without_returning(&txn)
                .await
                .map_err(|e| taken(e, "code", Problem::CodeTaken))?;
                key
            }
            NewCode::Topic(code) => {
                let key = ReferenceKey::Topic(code.clone());
                if find(&txn, &key).await?.is_some() {
                    return Err(invalid("code", Problem::CodeTaken));
                }
                let last = topic::Entity::find()
                    .order_by_desc(topic::Column::Position)
                    .one(&txn)
                    .await?
                    .map_or(-1, |t| t.position);
                topic::Entity::insert(topic::ActiveModel {
                    code: Set(code.as_str().to_string()),
                    name_da: Set(name_da),
                    name_en: Set(name_en),
                    position: Set(last + 1),
                    retired_at: Set(None),
                })
                .exec_without_returning(&txn)
                .await
                .map_err(|e| taken(e, "code", Problem::CodeTaken))?;
                key
            }
            NewCode::Committee => {
                if committee::Entity::find()
                    .filter(committee::Column::NameDa.eq(&name_da))
                    .one(&txn)
                    .await?
                    .is_some()
                {
                    return Err(invalid("name_da", Problem::NameTaken));
                }
                let last = committee::Entity::find()
                    .order_by_desc(committee::Column::Position)
                    .one(&txn)
                    .await?
                    .map_or(-1, |c| c.position);
                let id = Uuid::new_v4();
                committee::Entity::insert(committee::ActiveModel {
                    id: Set(id),
                    name_da: Set(name_da),
                    name_en: Set(name_en),
                    position: Set(last + 1),
                    retired_at: Set(None),
                })
                .exec_without_returning(&txn)
                .await
                .map_err(|e| taken(e, "name_da", Problem::NameTaken))?;
                ReferenceKey::Committee(CommitteeId(id))
            }
            NewCode::Section(s) => {
                let key = ReferenceKey::Section(s);
                if find(&txn, &key).await?.is_some() {
                    return Err(invalid("code", Problem::CodeTaken));
                }
                industry_section::Entity::insert(industry_section::ActiveModel {
                    classification: Set(s.classification.as_str().to_string()),
                    section: Set(s.section.to_string()),
                    name_da: Set(name_da),
                    name_en: Set(name_en),
                    retired_at: Set(None),
                })
                .exec_without_returning(&txn)
                .await
                .map_err(|e| taken(e, "code", Problem::CodeTaken))?;
                key
            }
        };
        let created = find(&txn, &key).await?.ok_or(StoreError::NotFound)?;
        audit::record(
            &txn,
            by,
            AuditAction::ReferenceCreate,
            object(&key),
            None,
            Some(&snapshot(&created)),
            now,
        )
        .await?;
        txn.commit().await?;
        tracing::info!(key = %key, "reference entry created");
        Ok(created)
    }

    /// Renames an entry in Danish and English (administrators); its code
    /// stays. A committee's Danish name must stay unique. Names as they
    /// were: nothing is written. Otherwise one transaction with its audit
    /// row (`reference.update`).
    #[tracing::instrument(skip_all, fields(key = %key))]
    pub async fn rename_reference(
        &self,
        by: &Account,
        key: &ReferenceKey,
        names: ReferenceNames,
        now: DateTime<Utc>,
    ) -> Result<ReferenceEntry, StoreError> {
        if !by.role.manages_reference_data() {
            return Err(StoreError::Forbidden);
        }
        let txn = self.begin_write().await?;
        let before = find(&txn, key).await?.ok_or(StoreError::NotFound)?;
        if before.name_da == names.name_da && before.name_en == names.name_en {
            return Ok(before);
        }
        if let ReferenceKey::Committee(id) = key
            && committee::Entity::find()
                .filter(committee::Column::NameDa.eq(&names.name_da))
                .filter(committee::Column::Id.ne(id.0))
                .one(&txn)
                .await?
                .is_some()
        {
            return Err(invalid("name_da", Problem::NameTaken));
        }
        on_table!(key, m, cond => m::Entity::update_many()
            .col_expr(m::Column::NameDa, Expr::value(names.name_da.clone()))
            .col_expr(m::Column::NameEn, Expr::value(names.name_en.clone()))
            .filter(cond)
            .exec(&txn)
            .await
            .map_err(|e| taken(e, "name_da", Problem::NameTaken))?);
        let after = find(&txn, key).await?.ok_or(StoreError::NotFound)?;
        audit::record(
            &txn,
            by,
            AuditAction::ReferenceUpdate,
            object(key),
            Some(&snapshot(&before)),
            Some(&snapshot(&after)),
            now,
        )
        .await?;
        txn.commit().await?;
        tracing::info!("reference entry renamed");
        Ok(after)
    }

    /// Retires an entry (administrators): it is no longer offered for new
    /// hearings, registrations and invitation rules, and stays on what uses
    /// it. Retiring a retired entry changes nothing and writes nothing.
    #[tracing::instrument(skip_all, fields(key = %key))]
    pub async fn retire_reference(
        &self,
        by: &Account,
        key: &ReferenceKey,
        now: DateTime<Utc>,
    ) -> Result<ReferenceEntry, StoreError> {
        self.set_retired(by, key, Some(now), now).await
    }

    /// Brings a retired entry back into use (administrators). An entry in
    /// use already is left as it is, and nothing is written.
    #[tracing::instrument(skip_all, fields(key = %key))]
    pub async fn restore_reference(
        &self,
        by: &Account,
        key: &ReferenceKey,
        now: DateTime<Utc>,
    ) -> Result<ReferenceEntry, StoreError> {
        self.set_retired(by, key, None, now).await
    }

    async fn set_retired(
        &self,
        by: &Account,
        key: &ReferenceKey,
        retired_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<ReferenceEntry, StoreError> {
        if !by.role.manages_reference_data() {
            return Err(StoreError::Forbidden);
        }
        let txn = self.begin_write().await?;
        let before = find(&txn, key).await?.ok_or(StoreError::NotFound)?;
        if before.retired_at.is_some() == retired_at.is_some() {
            return Ok(before);
        }
        let changed = on_table!(key, m, cond => {
            let still = if retired_at.is_some() {
                m::Column::RetiredAt.is_null()
            } else {
                m::Column::RetiredAt.is_not_null()
            };
            m::Entity::update_many()
                .col_expr(m::Column::RetiredAt, Expr::value(retired_at))
                .filter(cond)
                .filter(still)
                .exec(&txn)
                .await?
                .rows_affected
        });
        if changed == 0 {
            return Ok(before);
        }
        let after = find(&txn, key).await?.ok_or(StoreError::NotFound)?;
        let action = if retired_at.is_some() {
            AuditAction::ReferenceRetire
        } else {
            AuditAction::ReferenceRestore
        };
        audit::record(
            &txn,
            by,
            action,
            object(key),
            Some(&snapshot(&before)),
            Some(&snapshot(&after)),
            now,
        )
        .await?;
        txn.commit().await?;
        tracing::info!(%action, "reference entry retired or restored");
        Ok(after)
    }

    /// Deletes an entry that nothing uses (administrators), with its audit
    /// row (`reference.delete`) in the same transaction. An entry in use is
    /// refused with [`StoreError::InUse`]: retire it instead.
    #[tracing::instrument(skip_all, fields(key = %key))]
    pub async fn delete_reference(
        &self,
        by: &Account,
        key: &ReferenceKey,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if !by.role.manages_reference_data() {
            return Err(StoreError::Forbidden);
        }
        let txn = self.begin_write().await?;
        let before = find(&txn, key).await?.ok_or(StoreError::NotFound)?;
        if usage_of(&txn, key).await?.in_use() {
            return Err(StoreError::InUse);
        }
        on_table!(key, m, cond => m::Entity::delete_many().filter(cond).exec(&txn).await?);
        audit::record(
            &txn,
            by,
            AuditAction::ReferenceDelete,
            object(key),
            Some(&snapshot(&before)),
            None,
            now,
        )
        .await?;
        txn.commit().await?;
        tracing::info!("reference entry deleted");
        Ok(())
    }
}

/// Whether the classification's section exists and is in use, for a new
/// registration: `Err` names the problem of `organisation.industry.code`.
pub(crate) async fn check_section(
    conn: &impl ConnectionTrait,
    classification: Classification,
    letter: char,
) -> Result<Result<(), Problem>, StoreError> {
    let row = industry_section::Entity::find()
        .filter(industry_section::Column::Classification.eq(classification.as_str()))
        .filter(industry_section::Column::Section.eq(letter.to_string()))
        .one(conn)
        .await?;
    Ok(match row {
        None => Err(Problem::Industry(
            hearings_core::IndustryError::UnknownSection {
                classification,
                section: letter.to_string(),
            },
        )),
        Some(r) if r.retired_at.is_some() => Err(Problem::Retired),
        Some(_) => Ok(()),
    })
}
