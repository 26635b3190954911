//! The secretariat's overview: hearings by state, deadlines in the coming
//! days, unanswered questions, and responses and the hearing list's
//! response rate per open hearing. A fixed number of queries, whatever the
//! number of hearings, invitations or responses.

use chrono::{DateTime, Duration, Utc};
use hearings_core::{HearingId, HearingKind, HearingState};
use sea_orm::sea_query::{Alias, Condition, Expr, ExprTrait, Func, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::entity::{hearing, inquiry, invitation, response, user};
use crate::hearings::list_item;
use crate::{Account, Store, StoreError};

/// How far ahead the dashboard looks for deadlines.
pub const DEADLINE_HORIZON_DAYS: i64 = 14;

/// A hearing as the dashboard lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct DashboardHearing {
    /// Id.
    pub id: HearingId,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: HearingKind,
    /// State at the time asked.
    pub state: HearingState,
    /// Start.
    pub opens_at: DateTime<Utc>,
    /// Deadline.
    pub closes_at: Option<DateTime<Utc>>,
}

/// The hearings in one state.
#[derive(Debug, Clone, PartialEq)]
pub struct StateGroup {
    /// The state.
    pub state: HearingState,
    /// Its hearings, newest start first.
    pub hearings: Vec<DashboardHearing>,
}

/// An open hearing with its response count.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenHearingStats {
    /// The hearing.
    pub hearing: DashboardHearing,
    /// Organisations that have responded (one response each).
    pub responses: i64,
    /// Parties on the hearing list (invited).
    pub invited: i64,
    /// Of those, the ones that have responded (as the hearing list counts
    /// them: the invited organisation, or for a bare address the
    /// organisation of the account with that address, has a response).
    pub invited_responded: i64,
}

impl OpenHearingStats {
    /// The hearing list's response rate in whole percent; none when nobody
    /// was invited.
    pub fn response_rate(&self) -> Option<i64> {
        (self.invited > 0).then(|| self.invited_responded * 100 / self.invited)
    }
}

/// The staff dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    /// Every state, in the order of [`HearingState::ALL`], with its hearings
    /// (possibly none).
    pub by_state: Vec<StateGroup>,
    /// Open hearings whose deadline falls within
    /// [`DEADLINE_HORIZON_DAYS`] days, soonest first.
    pub deadlines_soon: Vec<DashboardHearing>,
    /// Questions neither answered nor hidden, across hearings.
    pub unanswered_inquiries: u64,
    /// Open hearings, soonest deadline first (none last), with their responses.
    pub open: Vec<OpenHearingStats>,
}

impl Store {
    /// The dashboard for staff (five queries: the hearings; grouped in SQL
    /// for the open ones, their response counts, their invited parties and
    /// the invited parties that responded; and the count of unanswered
    /// questions).
    #[tracing::instrument(skip_all)]
    pub async fn dashboard(
        &self,
        by: &Account,
        now: DateTime<Utc>,
    ) -> Result<Dashboard, StoreError> {
        if !by.role.manages_hearings() {
            return Err(StoreError::Forbidden);
        }
        let rows = hearing::Entity::find()
            .order_by_desc(hearing::Column::OpensAt)
            .all(&self.db)
            .await?;
        let mut all = Vec::with_capacity(rows.len());
        for h in rows {
            let item = list_item(h, now)?;
            all.push(DashboardHearing {
                id: item.id,
                title: item.title,
                kind: item.kind,
                state: item.state,
                opens_at: item.opens_at,
                closes_at: item.closes_at,
            });
        }
        let by_state = HearingState::ALL
            .iter()
            .map(|s| StateGroup {
                state: *s,
                hearings: all.iter().filter(|h| h.state == *s).cloned().collect(),
            })
            .collect();
        let horizon = now + Duration::days(DEADLINE_HORIZON_DAYS);
        let mut open: Vec<DashboardHearing> = all
            .iter()
            .filter(|h| h.state == HearingState::Open)
            .cloned()
            .collect();
        open.sort_by_key(|h| (h.closes_at.is_none(), h.closes_at));
        let deadlines_soon = open
            .iter()
            .filter(|h| h.closes_at.is_some_and(|c| c >= now && c <= horizon))
            .cloned()
            .collect();
        let open_ids: Vec<Uuid> = open.iter().map(|h| h.id.0).collect();
        let (counts, invited, invited_responded) = if open_ids.is_empty() {
            (Vec::new(), Vec::new(), Vec::new())
        } else {
            (
                response::Entity::find()
                    .select_only()
                    .column(response::Column::HearingId)
                    .column_as(Expr::col(response::Column::Id).count(), "n")
                    .filter(response::Column::HearingId.is_in(open_ids.clone()))
                    .group_by(response::Column::HearingId)
                    .into_tuple::<(Uuid, i64)>()
                    .all(&self.db)
                    .await?,
                invitation::Entity::find()
                    .select_only()
                    .column(invitation::Column::HearingId)
                    .column_as(Expr::col(invitation::Column::Id).count(), "n")
                    .filter(invitation::Column::HearingId.is_in(open_ids.clone()))
                    .group_by(invitation::Column::HearingId)
                    .into_tuple::<(Uuid, i64)>()
                    .all(&self.db)
                    .await?,
                self.invited_responded(open_ids).await?,
            )
        };
        let count_of = |rows: &[(Uuid, i64)], id: Uuid| {
            rows.iter().find(|(h, _)| *h == id).map_or(0, |(_, n)| *n)
        };
        let unanswered_inquiries = inquiry::Entity::find()
            .filter(inquiry::Column::Answer.is_null())
            .filter(inquiry::Column::HiddenAt.is_null())
            .count(&self.db)
            .await?;
        let open = open
            .into_iter()
            .map(|h| OpenHearingStats {
                responses: count_of(&counts, h.id.0),
                invited: count_of(&invited, h.id.0),
                invited_responded: count_of(&invited_responded, h.id.0),
                hearing: h,
            })
            .collect();
        Ok(Dashboard {
            by_state,
            deadlines_soon,
            unanswered_inquiries,
            open,
        })
    }

    /// Per hearing, the invited parties that have responded (one query,
    /// grouped in SQL): an invitation counts when a response to the same
    /// hearing is from its organisation, or, for a bare address, from the
    /// organisation of the account with that address.
    pub(crate) async fn invited_responded(
        &self,
        hearings: Vec<Uuid>,
    ) -> Result<Vec<(Uuid, i64)>, StoreError> {
        let n = Alias::new("n");
        let mut q = Query::select();
        q.column((invitation::Entity, invitation::Column::HearingId))
            .expr_as(
                Expr::col((invitation::Entity, invitation::Column::Id)).count_distinct(),
                n.clone(),
            )
            .from(invitation::Entity)
            .left_join(
                user::Entity,
                Condition::all()
                    .add(
                        Expr::col((user::Entity, user::Column::Email))
                            .equals((invitation::Entity, invitation::Column::Email)),
                    )
                    .add(
                        Expr::col((invitation::Entity, invitation::Column::OrganisationId))
                            .is_null(),
                    ),
            )
            .inner_join(
                response::Entity,
                Condition::all()
                    .add(
                        Expr::col((response::Entity, response::Column::HearingId))
                            .equals((invitation::Entity, invitation::Column::HearingId)),
                    )
                    // The invitation's organisation, or (a bare address) its
                    // account's: one equality, so the database can hash-join
                    // a long hearing list against many responses.
                    .add(
                        Expr::col((response::Entity, response::Column::OrganisationId)).eq(
                            Func::coalesce([
                                Expr::col((invitation::Entity, invitation::Column::OrganisationId)),
                                Expr::col((user::Entity, user::Column::OrganisationId)),
                            ]),
                        ),
                    ),
            )
            .and_where(
                Expr::col((invitation::Entity, invitation::Column::HearingId)).is_in(hearings),
            )
            .group_by_col((invitation::Entity, invitation::Column::HearingId));
        let stmt = self.db.get_database_backend().build(&q);
        let rows = self.db.query_all_raw(stmt).await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get_by_index::<Uuid>(0)?,
                    r.try_get_by_index::<i64>(1)?,
                ))
            })
            .collect::<Result<Vec<_>, sea_orm::DbErr>>()
            .map_err(StoreError::from)
    }
}
