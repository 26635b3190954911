//! The one error type of the store's use cases.

use chrono::{DateTime, Utc};
use hearings_core::input::FieldError;
use hearings_core::{HearingState, TransitionError};

/// Why a use case did not go through.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such thing, or not visible to this user (the two are not told apart).
    #[error("not found")]
    NotFound,
    /// The user may not do this.
    #[error("forbidden")]
    Forbidden,
    /// Bad input, field by field.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// The hearing cannot move as asked.
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// The hearing takes no responses now.
    #[error("the hearing is {state}")]
    NotOpen {
        /// Its state.
        state: HearingState,
        /// When it opens.
        opens_at: DateTime<Utc>,
        /// Its deadline.
        closes_at: Option<DateTime<Utc>>,
    },
    /// An entry of the reference data that something uses cannot be
    /// deleted (it may be retired instead).
    #[error("in use")]
    InUse,
    /// A respondent whose e-mail address is not yet confirmed may not submit.
    #[error("the e-mail address is not verified")]
    EmailUnverified,
    /// A one-time link from an e-mail that does not work (unknown, used or expired).
    #[error(transparent)]
    Link(#[from] hearings_core::account::TokenError),
    /// A change of an organisation's membership that its rules refuse
    /// (the last administrator, an account with an organisation already …).
    #[error(transparent)]
    Membership(#[from] hearings_core::membership::MembershipError),
    /// The database failed; the cause is logged, never shown.
    #[error("internal error")]
    Internal(String),
}

impl From<sea_orm::DbErr> for StoreError {
    fn from(e: sea_orm::DbErr) -> Self {
        tracing::error!(error = %e, "database error");
        StoreError::Internal(e.to_string())
    }
}

impl<E: std::error::Error> From<sea_orm::TransactionError<E>> for StoreError
where
    StoreError: From<E>,
{
    fn from(e: sea_orm::TransactionError<E>) -> Self {
        match e {
            sea_orm::TransactionError::Connection(c) => c.into(),
            sea_orm::TransactionError::Transaction(t) => t.into(),
        }
    }
}
