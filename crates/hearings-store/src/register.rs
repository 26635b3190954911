//! The organisation register: the organisations that registered, plus
//! those imported from an extract of the business register. The import
//! upserts by CVR number, so the same file twice changes nothing; staff
//! search the register by name or CVR number, a page at a time.

use chrono::{DateTime, Utc};
use hearings_core::input::{FieldError, Problem};
use hearings_core::register::{RegisterEntry, RegisterQuery, Source};
use hearings_core::{OrganisationId, RespondentType, SizeClass};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::entity::{area, organisation};
use crate::{Account, Store, StoreError};

/// Organisations on a page of the register.
pub const REGISTER_PAGE_SIZE: u64 = 50;

/// What the import did with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportOutcome {
    /// A new organisation was added.
    Created,
    /// An organisation with the CVR number was changed.
    Updated,
    /// The organisation was already as the row says.
    Unchanged,
}

/// An organisation of the register, for staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterItem {
    /// Id.
    pub id: OrganisationId,
    /// CVR number.
    pub cvr: Option<String>,
    /// Name.
    pub name: String,
    /// Industry classification (`DB07`, `DB25`).
    pub classification: String,
    /// Industry code as given.
    pub industry_code: String,
    /// Industry section letter.
    pub industry_section: String,
    /// Size class.
    pub size_class: SizeClass,
    /// Number of employees, when known.
    pub employees: Option<u32>,
    /// Local area code.
    pub area: String,
    /// Respondent type.
    pub respondent_type: RespondentType,
    /// Registered or imported.
    pub source: Source,
    /// E-mail address, when known.
    pub email: Option<String>,
    /// Street address.
    pub address: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
}

/// A page of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterPage {
    /// The organisations, by name.
    pub items: Vec<RegisterItem>,
    /// How many match in all.
    pub total: u64,
    /// This page, from 1.
    pub page: u64,
    /// The number of pages (at least 1).
    pub pages: u64,
}

pub(crate) fn register_item(o: organisation::Model) -> RegisterItem {
    RegisterItem {
        id: OrganisationId(o.id),
        cvr: o.cvr,
        name: o.name,
        classification: o.industry_classification,
        industry_code: o.industry_code,
        industry_section: o.industry_section,
        size_class: SizeClass::parse(&o.size_class).unwrap_or(SizeClass::Micro),
        employees: o.employees.and_then(|n| u32::try_from(n).ok()),
        area: o.area_code,
        respondent_type: RespondentType::parse(&o.respondent_type)
            .unwrap_or(RespondentType::OtherOrganisation),
        source: Source::parse(&o.source),
        email: o.email,
        address: o.address,
        postcode: o.postcode,
    }
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// `%text%` for LIKE, with `\` escaping the wildcards typed.
fn contains(text: &str) -> LikeExpr {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

/// The text with its first letter upper-cased ("øst" → "Øst"): SQLite's
/// `lower()` folds ASCII letters only.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Store {
    /// Adds an organisation of an extract of the business register, or
    /// brings the one with its CVR number up to date: an imported one
    /// takes the row's values; one that registered itself keeps its own
    /// profile and only gets the e-mail, address, postcode and employees it
    /// lacks. A row equal to what is kept changes nothing. One transaction.
    #[tracing::instrument(skip_all)]
    pub async fn import_organisation(
        &self,
        e: &RegisterEntry,
        now: DateTime<Utc>,
    ) -> Result<ImportOutcome, StoreError> {
        if area::Entity::find_by_id(e.area.as_str().to_string())
            .one(&self.db)
            .await?
            .is_none()
        {
            return Err(StoreError::Invalid(vec![FieldError::new(
                "area",
                Problem::UnknownArea,
            )]));
        }
        let cvr = e.cvr.to_string();
        let employees = e.employees.and_then(|n| i32::try_from(n).ok());
        let txn = self.begin_write().await?;
        let existing = organisation::Entity::find()
            .filter(organisation::Column::Cvr.eq(&cvr))
            .one(&txn)
            .await?;
        let outcome = match existing {
            None => {
                organisation::Entity::insert(organisation::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    cvr: Set(Some(cvr)),
                    name: Set(e.name.clone()),
                    industry_classification: Set(e.industry.classification().as_str().into()),
                    industry_code: Set(e.industry.code().to_string()),
                    industry_section: Set(e.industry.section().to_string()),
                    size_class: Set(e.size_class.as_str().to_string()),
                    area_code: Set(e.area.as_str().to_string()),
                    respondent_type: Set(RespondentType::Company.as_str().to_string()),
                    created_at: Set(now),
                    source: Set(Source::Imported.as_str().to_string()),
                    email: Set(e.email.clone()),
                    address: Set(non_empty(&e.address)),
                    postcode: Set(non_empty(&e.postcode)),
                    employees: Set(employees),
                    updated_at: Set(None),
                    town: Set(None),
                })
                .exec_without_returning(&txn)
                .await?;
                ImportOutcome::Created
            }
            Some(o) if Source::parse(&o.source) == Source::Imported => {
                let wanted = organisation::Model {
                    name: e.name.clone(),
                    industry_classification: e.industry.classification().as_str().into(),
                    industry_code: e.industry.code().to_string(),
                    industry_section: e.industry.section().to_string(),
                    size_class: e.size_class.as_str().to_string(),
                    area_code: e.area.as_str().to_string(),
                    email: e.email.clone(),
                    address: non_empty(&e.address),
                    postcode: non_empty(&e.postcode),
                    employees,
                    ..o.clone()
                };
                if wanted == o {
                    ImportOutcome::Unchanged
                } else {
                    let mut active: organisation::ActiveModel = o.into();
                    active.name = Set(wanted.name);
                    active.industry_classification = Set(wanted.industry_classification);
                    active.industry_code = Set(wanted.industry_code);
                    active.industry_section = Set(wanted.industry_section);
                    active.size_class = Set(wanted.size_class);
                    active.area_code = Set(wanted.area_code);
                    active.email = Set(wanted.email);
                    active.address = Set(wanted.address);
                    active.postcode = Set(wanted.postcode);
                    active.employees = Set(wanted.employees);
                    active.updated_at = Set(Some(now));
                    organisation::Entity::update(active).exec(&txn).await?;
                    ImportOutcome::Updated
                }
            }
            Some(o) => {
                let fill_email = o.email.is_none() && e.email.is_some();
                let fill_address = o.address.is_none() && !e.address.is_empty();
                let fill_postcode = o.postcode.is_none() && !e.postcode.is_empty();
                let fill_employees = o.employees.is_none() && employees.is_some();
                if !(fill_email || fill_address || fill_postcode || fill_employees) {
                    ImportOutcome::Unchanged
                } else {
                    let mut active: organisation::ActiveModel = o.into();
                    if fill_email {
                        active.email = Set(e.email.clone());
                    }
                    if fill_address {
                        active.address = Set(non_empty(&e.address));
                    }
                    if fill_postcode {
                        active.postcode = Set(non_empty(&e.postcode));
                    }
                    if fill_employees {
                        active.employees = Set(employees);
                    }
                    active.updated_at = Set(Some(now));
                    organisation::Entity::update(active).exec(&txn).await?;
                    ImportOutcome::Updated
                }
            }
        };
        txn.commit().await?;
        Ok(outcome)
    }

    /// The organisations with these ids, by name (staff; one query).
    pub async fn register_items(
        &self,
        by: &Account,
        ids: &[OrganisationId],
    ) -> Result<Vec<RegisterItem>, StoreError> {
        if !by.role.manages_hearings() {
            return Err(StoreError::Forbidden);
        }
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(ids.iter().map(|o| o.0)))
            .order_by_asc(organisation::Column::Name)
            .all(&self.db)
            .await?
            .into_iter()
            .map(register_item)
            .collect())
    }

    /// A page of the register for staff, by name: organisations whose name
    /// contains the text (any case), or whose CVR number starts with it
    /// when it is digits. Two queries (count and page), whatever the size.
    #[tracing::instrument(skip_all)]
    pub async fn search_register(
        &self,
        by: &Account,
        q: &RegisterQuery,
    ) -> Result<RegisterPage, StoreError> {
        if !by.role.manages_hearings() {
            return Err(StoreError::Forbidden);
        }
        let mut query = organisation::Entity::find();
        if let Some(digits) = q.cvr_prefix() {
            query = query.filter(organisation::Column::Cvr.like(format!("{digits}%")));
        } else if !q.text.is_empty() {
            let lower = q.text.to_lowercase();
            query = query.filter(
                Condition::any()
                    .add(
                        Expr::expr(Func::lower(Expr::col(organisation::Column::Name)))
                            .like(contains(&lower)),
                    )
                    .add(Expr::col(organisation::Column::Name).like(contains(&q.text)))
                    .add(
                        Expr::col(organisation::Column::Name).like(contains(&capitalised(&lower))),
                    ),
            );
        }
        let total = query.clone().count(&self.db).await?;
        let pages = Ord::max(total.div_ceil(REGISTER_PAGE_SIZE), 1);
        let page = Ord::min(q.page, pages);
        let rows = query
            .order_by_asc(organisation::Column::Name)
            .order_by_asc(organisation::Column::Id)
            .limit(REGISTER_PAGE_SIZE)
            .offset((page - 1) * REGISTER_PAGE_SIZE)
            .all(&self.db)
            .await?;
        Ok(RegisterPage {
            items: rows.into_iter().map(register_item).collect(),
            total,
            page,
            pages,
        })
    }
}
