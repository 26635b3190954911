//! "My organisation's responses": an organisation's submitted responses
//! across hearings, and the versions of one response. Drafts do not exist
//! yet; when they do, they join this list.

use chrono::{DateTime, Utc};
use hearings_core::{HearingId, HearingState, ResponseId};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::entity::{hearing, response, response_version, user};
use crate::hearings::list_item;
use crate::{Account, Store, StoreError};

/// A response of the viewer's organisation, as listed for its members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyResponse {
    /// The response.
    pub id: ResponseId,
    /// The hearing.
    pub hearing: HearingId,
    /// The hearing's title.
    pub hearing_title: String,
    /// The hearing's state at the time asked.
    pub hearing_state: HearingState,
    /// The hearing's deadline.
    pub closes_at: Option<DateTime<Utc>>,
    /// The reference to quote.
    pub reference: String,
    /// The latest version.
    pub version: i32,
    /// When the latest version was stored.
    pub submitted_at: DateTime<Utc>,
    /// The name of the member who submitted the latest version.
    pub submitted_by: String,
}

/// One version of a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseVersion {
    /// Version, from 1.
    pub version: i32,
    /// When it was stored.
    pub submitted_at: DateTime<Utc>,
    /// SHA-256 (hex) of exactly what was submitted.
    pub digest: String,
    /// The name of the member who submitted it.
    pub submitted_by: String,
}

async fn names(
    db: &sea_orm::DatabaseConnection,
    ids: Vec<Uuid>,
) -> Result<Vec<(Uuid, String)>, StoreError> {
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

fn name_of(names: &[(Uuid, String)], id: Uuid) -> String {
    names
        .iter()
        .find(|(u, _)| *u == id)
        .map(|(_, n)| n.clone())
        .unwrap_or_default()
}

impl Store {
    /// The responses of the viewer's organisation, newest first: three
    /// queries (responses, their hearings, their submitters), whatever
    /// their number. An account without an organisation has none.
    #[tracing::instrument(skip_all)]
    pub async fn my_responses(
        &self,
        viewer: &Account,
        now: DateTime<Utc>,
    ) -> Result<Vec<MyResponse>, StoreError> {
        let Some(org) = viewer.organisation else {
            return Ok(Vec::new());
        };
        let rows = response::Entity::find()
            .filter(response::Column::OrganisationId.eq(org.0))
            .order_by_desc(response::Column::SubmittedAt)
            .order_by_asc(response::Column::Id)
            .all(&self.db)
            .await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let hearings = hearing::Entity::find()
            .filter(hearing::Column::Id.is_in(rows.iter().map(|r| r.hearing_id)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|h| list_item(h, now))
            .collect::<Result<Vec<_>, _>>()?;
        let names = names(&self.db, rows.iter().map(|r| r.submitted_by).collect()).await?;
        rows.into_iter()
            .map(|r| {
                let h = hearings
                    .iter()
                    .find(|h| h.id.0 == r.hearing_id)
                    .ok_or_else(|| StoreError::Internal("response without hearing".into()))?;
                Ok(MyResponse {
                    id: ResponseId(r.id),
                    hearing: h.id,
                    hearing_title: h.title.clone(),
                    hearing_state: h.state,
                    closes_at: h.closes_at,
                    reference: r.reference,
                    version: r.version,
                    submitted_at: r.submitted_at,
                    submitted_by: name_of(&names, r.submitted_by),
                })
            })
            .collect()
    }

    /// Every version of a response, oldest first: for members of its
    /// organisation and for staff; anyone else is told it does not exist,
    /// whatever id they guess. Three queries.
    #[tracing::instrument(skip_all, fields(response_id = %id))]
    pub async fn response_versions(
        &self,
        viewer: &Account,
        id: ResponseId,
    ) -> Result<Vec<ResponseVersion>, StoreError> {
        let r = response::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let own = viewer
            .organisation
            .is_some_and(|o| o.0 == r.organisation_id);
        if !own && !viewer.role.manages_hearings() {
            return Err(StoreError::NotFound);
        }
        let rows = response_version::Entity::find()
            .filter(response_version::Column::ResponseId.eq(id.0))
            .order_by_asc(response_version::Column::Version)
            .all(&self.db)
            .await?;
        let names = names(&self.db, rows.iter().map(|v| v.submitted_by).collect()).await?;
        Ok(rows
            .into_iter()
            .map(|v| ResponseVersion {
                version: v.version,
                submitted_at: v.submitted_at,
                digest: v.digest,
                submitted_by: name_of(&names, v.submitted_by),
            })
            .collect())
    }
}
