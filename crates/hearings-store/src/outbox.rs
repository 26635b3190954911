//! The durable e-mail outbox. A message is written in the same transaction
//! as the change it tells about (a receipt with the response it confirms),
//! so no message goes out for a change that was not stored, and none is lost
//! for one that was. The server's mail worker takes the due messages, sends
//! them and marks each sent, or failed with a growing delay before the next
//! attempt (1, 2, 4 … minutes, at most an hour) until it gives up after
//! [`MAX_ATTEMPTS`], keeping the message with its last error.

use chrono::{DateTime, Duration, Utc};
use hearings_core::MessageId;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::entity::outbox;
use crate::{Store, StoreError};

/// Delivery attempts before a message is given up (it stays in the table
/// with its last error).
pub const MAX_ATTEMPTS: i32 = 10;

/// How long a worker holds a message it took before another may take it
/// (only reached when a worker stopped between taking and marking it).
pub const LEASE: Duration = Duration::minutes(10);

/// The longest wait between two attempts.
pub const MAX_RETRY_DELAY: Duration = Duration::hours(1);

/// The longest error text kept, in characters.
const MAX_ERROR_CHARS: usize = 1000;

/// What a message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// The receipt for a submitted response.
    Receipt,
    /// The link that confirms a new account's e-mail address.
    Verify,
    /// The link that sets a new password.
    Reset,
    /// An invitation to answer a hearing (its hearing list).
    Invitation,
    /// A reminder before a hearing's deadline to an invited party.
    Reminder,
    /// To an organisation's administrators: someone asks to join it.
    JoinRequest,
    /// To someone who asked to join an organisation: the answer.
    JoinDecision,
    /// An administrator's invitation to join their organisation.
    MemberInvitation,
    /// To a respondent: the decision on a hearing it answered.
    Outcome,
}

impl MessageKind {
    /// The name kept in the database.
    pub fn as_str(&self) -> &'static str {
        match self {
            MessageKind::Receipt => "receipt",
            MessageKind::Verify => "verify",
            MessageKind::Reset => "reset",
            MessageKind::Invitation => "invitation",
            MessageKind::Reminder => "reminder",
            MessageKind::JoinRequest => "join_request",
            MessageKind::JoinDecision => "join_decision",
            MessageKind::MemberInvitation => "member_invitation",
            MessageKind::Outcome => "outcome",
        }
    }
}

/// A message in the outbox, as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMessage {
    /// Id.
    pub id: MessageId,
    /// What it is about (`receipt` …).
    pub kind: String,
    /// The recipient's address.
    pub to: String,
    /// Subject.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
    /// When it may next be attempted.
    pub next_attempt_at: DateTime<Utc>,
    /// Delivery attempts so far, the successful one included.
    pub attempts: i32,
    /// When it was delivered.
    pub sent_at: Option<DateTime<Utc>>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
}

impl From<outbox::Model> for OutboxMessage {
    fn from(m: outbox::Model) -> Self {
        Self {
            id: MessageId(m.id),
            kind: m.kind,
            to: m.to_address,
            subject: m.subject,
            body: m.body_text,
            created_at: m.created_at,
            next_attempt_at: m.next_attempt_at,
            attempts: m.attempts,
            sent_at: m.sent_at,
            last_error: m.last_error,
        }
    }
}

/// What became of a message after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// It is tried again at this time.
    RetryAt(DateTime<Utc>),
    /// It had its last attempt; it stays in the outbox with the error.
    GaveUp,
    /// It was marked sent meanwhile (by another worker); nothing changed.
    AlreadySent,
}

/// The wait after the `attempts`-th failed attempt: 1, 2, 4 … minutes,
/// at most [`MAX_RETRY_DELAY`].
pub fn retry_delay(attempts: i32) -> Duration {
    let doublings = attempts.clamp(1, 8) - 1;
    (Duration::minutes(1) * (1 << doublings)).min(MAX_RETRY_DELAY)
}

/// Puts a message in the outbox, on `conn` (the caller's transaction), due at once.
pub(crate) async fn enqueue<C: ConnectionTrait>(
    conn: &C,
    kind: MessageKind,
    to: &str,
    subject: String,
    body: String,
    now: DateTime<Utc>,
) -> Result<MessageId, StoreError> {
    let id = Uuid::new_v4();
    outbox::Entity::insert(outbox::ActiveModel {
        id: Set(id),
        kind: Set(kind.as_str().to_string()),
        to_address: Set(to.to_string()),
        subject: Set(subject),
        body_text: Set(body),
        created_at: Set(now),
        next_attempt_at: Set(now),
        attempts: Set(0),
        sent_at: Set(None),
        last_error: Set(None),
    })
    .exec(conn)
    .await?;
    Ok(MessageId(id))
}

impl Store {
    /// Takes up to `limit` messages that are due at `now` (not sent, not
    /// given up, next attempt not in the future), oldest due first, and
    /// holds each for [`LEASE`] so that another worker on the same database
    /// does not send it at the same time. The caller marks each sent or failed.
    /// One query to find them and one per message to take it.
    pub async fn due_messages(
        &self,
        now: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<OutboxMessage>, StoreError> {
        let due = || {
            outbox::Entity::find()
                .filter(outbox::Column::SentAt.is_null())
                .filter(outbox::Column::NextAttemptAt.lte(now))
                .filter(outbox::Column::Attempts.lt(MAX_ATTEMPTS))
        };
        let rows = due()
            .order_by_asc(outbox::Column::NextAttemptAt)
            .order_by_asc(outbox::Column::CreatedAt)
            .limit(limit)
            .all(&self.db)
            .await?;
        let held_until = now + LEASE;
        let mut taken = Vec::with_capacity(rows.len());
        for row in rows {
            let res = outbox::Entity::update_many()
                .col_expr(outbox::Column::NextAttemptAt, Expr::value(held_until))
                .filter(outbox::Column::Id.eq(row.id))
                .filter(outbox::Column::SentAt.is_null())
                .filter(outbox::Column::NextAttemptAt.lte(now))
                .exec(&self.db)
                .await?;
            if res.rows_affected == 1 {
                let mut m = OutboxMessage::from(row);
                m.next_attempt_at = held_until;
                taken.push(m);
            }
        }
        Ok(taken)
    }

    /// Marks a message delivered at `now`. A message already marked keeps
    /// its first time.
    pub async fn mark_sent(&self, id: MessageId, now: DateTime<Utc>) -> Result<(), StoreError> {
        let res = outbox::Entity::update_many()
            .col_expr(outbox::Column::SentAt, Expr::value(Some(now)))
            .col_expr(
                outbox::Column::Attempts,
                Expr::col(outbox::Column::Attempts).add(1),
            )
            .col_expr(outbox::Column::LastError, Expr::value(None::<String>))
            .filter(outbox::Column::Id.eq(id.0))
            .filter(outbox::Column::SentAt.is_null())
            .exec(&self.db)
            .await?;
        if res.rows_affected == 0 {
            outbox::Entity::find_by_id(id.0)
                .one(&self.db)
                .await?
                .ok_or(StoreError::NotFound)?;
        }
        Ok(())
    }

    /// Records a failed attempt at `now` with its error, and when the
    /// message is tried next (see [`retry_delay`]), or that it is given up
    /// after [`MAX_ATTEMPTS`].
    pub async fn mark_failed(
        &self,
        id: MessageId,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<Failure, StoreError> {
        let txn = self.begin_write().await?;
        let row = outbox::Entity::find_by_id(id.0)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if row.sent_at.is_some() {
            return Ok(Failure::AlreadySent);
        }
        let attempts = row.attempts + 1;
        let outcome = if attempts >= MAX_ATTEMPTS {
            Failure::GaveUp
        } else {
            Failure::RetryAt(now + retry_delay(attempts))
        };
        let next = match outcome {
            Failure::RetryAt(at) => at,
            _ => now,
        };
        let error: String = error.chars().take(MAX_ERROR_CHARS).collect();
        outbox::Entity::update(outbox::ActiveModel {
            id: Set(row.id),
            attempts: Set(attempts),
            next_attempt_at: Set(next),
            last_error: Set(Some(error)),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
        txn.commit().await?;
        Ok(outcome)
    }

    /// One message of the outbox, whatever its state (for operators and tests).
    pub async fn outbox_message(&self, id: MessageId) -> Result<OutboxMessage, StoreError> {
        outbox::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .map(OutboxMessage::from)
            .ok_or(StoreError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_from_a_minute_and_stops_at_an_hour() {
        let minutes: Vec<i64> = (1..=10).map(|n| retry_delay(n).num_minutes()).collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 60, 60, 60, 60]);
        assert_eq!(retry_delay(0), Duration::minutes(1));
        assert_eq!(retry_delay(i32::MAX), MAX_RETRY_DELAY);
    }
}
