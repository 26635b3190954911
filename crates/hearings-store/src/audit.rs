//! The audit log of staff actions: who did what to which object, when, and
//! the object before and after, as JSON.
//!
//! Every use case that changes something on behalf of staff calls
//! [`record`] with its own open transaction, after the change and before
//! the commit, so the change and its log row are kept together or not at
//! all. Admins read the log newest first with [`Store::audit_log`].

use std::collections::BTreeSet;

use chrono::{DateTime, SecondsFormat, Utc};
use hearings_core::audit::{AuditAction, AuditCursor};
use hearings_core::ids::AuditEntryId;
use hearings_core::{HearingId, UserId};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::entity::{audit_log, hearing};
use crate::{Account, Store, StoreError};

/// The most rows a page of the audit log holds.
pub const AUDIT_PAGE_SIZE: u64 = 100;

/// What it was done to.
#[derive(Debug, Clone)]
pub(crate) struct Object {
    kind: &'static str,
    id: String,
}

impl Object {
    /// A hearing.
    pub(crate) fn hearing(id: HearingId) -> Self {
        Self {
            kind: "hearing",
            id: id.to_string(),
        }
    }

    /// A response.
    pub(crate) fn response(id: hearings_core::ResponseId) -> Self {
        Self {
            kind: "response",
            id: id.to_string(),
        }
    }

    /// An entry of the reference data, as `<kind>/<key>` (`topics/handel`,
    /// `sections/DB25:G`, `committees/<id>`).
    pub(crate) fn reference(id: String) -> Self {
        Self {
            kind: "reference",
            id,
        }
    }

    /// A theme of a hearing's analysis.
    pub(crate) fn theme(id: hearings_core::ThemeId) -> Self {
        Self {
            kind: "theme",
            id: id.to_string(),
        }
    }

    /// A campaign of near-identical responses.
    pub(crate) fn campaign(id: hearings_core::CampaignId) -> Self {
        Self {
            kind: "campaign",
            id: id.to_string(),
        }
    }

    /// A question asked on a hearing.
    pub(crate) fn inquiry(id: hearings_core::InquiryId) -> Self {
        Self {
            kind: "inquiry",
            id: id.to_string(),
        }
    }
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A hearing row as the audit log keeps it (everything but its id, which is
/// the log row's object id).
pub(crate) fn hearing_snapshot(h: &hearing::Model) -> Value {
    json!({
        "kind": h.kind,
        "status": h.status,
        "title": h.title,
        "summary": h.summary,
        "area": h.area_code,
        "committee": h.committee_id,
        "council_meeting_date": h.council_meeting_date.map(|d| d.to_string()),
        "council_meeting_title": h.council_meeting_title,
        "contact_name": h.contact_name,
        "contact_email": h.contact_email,
        "contact_phone": h.contact_phone,
        "opens_at": time(h.opens_at),
        "closes_at": h.closes_at.map(time),
        "published_at": h.published_at.map(time),
        "withdrawn_at": h.withdrawn_at.map(time),
        "withdrawal_reason": h.withdrawal_reason,
    })
}

/// Writes one row of the audit log inside the caller's transaction, so the
/// row is committed with the change it describes or not at all. Its id is
/// ordered by when it was written (UUID version 7), so rows of the same
/// moment, such as those of one bulk action, are listed newest first too.
pub(crate) async fn record(
    txn: &DatabaseTransaction,
    actor: &Account,
    action: AuditAction,
    object: Object,
    before: Option<&Value>,
    after: Option<&Value>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    audit_log::Entity::insert(row(actor, action, object, before, after, now))
        .exec_without_returning(txn)
        .await?;
    Ok(())
}

/// Rows of the audit log per insert in [`record_many`].
const AUDIT_CHUNK: usize = 500;

/// Writes one row of the audit log per change of the same action, as
/// [`record`] would one by one, in multi-row inserts.
pub(crate) async fn record_many(
    txn: &DatabaseTransaction,
    actor: &Account,
    action: AuditAction,
    changes: &[(Object, Option<Value>, Option<Value>)],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    for chunk in changes.chunks(AUDIT_CHUNK) {
        audit_log::Entity::insert_many(chunk.iter().map(|(object, before, after)| {
            row(
                actor,
                action,
                object.clone(),
                before.as_ref(),
                after.as_ref(),
                now,
            )
        }))
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}

fn row(
    actor: &Account,
    action: AuditAction,
    object: Object,
    before: Option<&Value>,
    after: Option<&Value>,
    now: DateTime<Utc>,
) -> audit_log::ActiveModel {
    audit_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        at: Set(now),
        actor_id: Set(Some(actor.id.0)),
        actor_email: Set(actor.email.clone()),
        action: Set(action.as_str().to_string()),
        object_type: Set(object.kind.to_string()),
        object_id: Set(object.id),
        before: Set(before.map(Value::to_string)),
        after: Set(after.map(Value::to_string)),
    }
}

/// A row of the audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    /// Id.
    pub id: AuditEntryId,
    /// When.
    pub at: DateTime<Utc>,
    /// Who (kept as an id without a foreign key, so the row outlives the
    /// account; none is reserved for actions of the system itself).
    pub actor: Option<UserId>,
    /// Their e-mail address at the time.
    pub actor_email: String,
    /// What, by its stable name (`hearing.publish`); kept as text so a row
    /// written by a later version still reads.
    pub action: String,
    /// The kind of object (`hearing`).
    pub object_type: String,
    /// Its id.
    pub object_id: String,
    /// The object before, as JSON text (none when the action created it).
    pub before: Option<String>,
    /// The object after, as JSON text (none when the action deleted it).
    pub after: Option<String>,
}

/// One field that an action changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The field.
    pub field: String,
    /// Its value before, as text (none when empty or absent).
    pub before: Option<String>,
    /// Its value after.
    pub after: Option<String>,
}

fn fields(json: Option<&str>) -> Map<String, Value> {
    match json.map(serde_json::from_str::<Value>) {
        Some(Ok(Value::Object(m))) => m,
        _ => Map::new(),
    }
}

fn shown(v: Option<&Value>) -> Option<String> {
    match v {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.is_empty() => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => Some(other.to_string()),
    }
}

impl AuditEntry {
    /// The fields whose value differs between before and after, in
    /// alphabetical order. Empty values (null, "") count as absent.
    pub fn changes(&self) -> Vec<Change> {
        let before = fields(self.before.as_deref());
        let after = fields(self.after.as_deref());
        let keys: BTreeSet<&String> = after.keys().chain(before.keys()).collect();
        keys.into_iter()
            .filter_map(|k| {
                let (b, a) = (shown(before.get(k)), shown(after.get(k)));
                (b != a).then(|| Change {
                    field: k.clone(),
                    before: b,
                    after: a,
                })
            })
            .collect()
    }
}

/// A page of the audit log, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditPage {
    /// The rows.
    pub entries: Vec<AuditEntry>,
    /// Where the next (older) page starts, if there is one.
    pub next: Option<AuditCursor>,
}

fn entry(m: audit_log::Model) -> AuditEntry {
    AuditEntry {
        id: AuditEntryId(m.id),
        at: m.at,
        actor: m.actor_id.map(UserId),
        actor_email: m.actor_email,
        action: m.action,
        object_type: m.object_type,
        object_id: m.object_id,
        before: m.before,
        after: m.after,
    }
}

impl Store {
    /// A page of the audit log for an administrator, newest first: at most
    /// `limit` rows (1 to [`AUDIT_PAGE_SIZE`]) older than `before`, ordered
    /// by time and then id, so rows of the same moment are never repeated
    /// or skipped between pages and come in the order they were written. One query, whatever the size of the log.
    #[tracing::instrument(skip_all)]
    pub async fn audit_log(
        &self,
        by: &Account,
        before: Option<AuditCursor>,
        limit: u64,
    ) -> Result<AuditPage, StoreError> {
        if !by.role.reads_audit_log() {
            return Err(StoreError::Forbidden);
        }
        let limit = limit.clamp(1, AUDIT_PAGE_SIZE);
        let mut query = audit_log::Entity::find()
            .order_by_desc(audit_log::Column::At)
            .order_by_desc(audit_log::Column::Id)
            .limit(limit + 1);
        if let Some(c) = before {
            query = query.filter(
                Condition::any().add(audit_log::Column::At.lt(c.at)).add(
                    Condition::all()
                        .add(audit_log::Column::At.eq(c.at))
                        .add(audit_log::Column::Id.lt(c.id.0)),
                ),
            );
        }
        let mut rows = query.all(&self.db).await?;
        let more = rows.len() as u64 > limit;
        rows.truncate(limit as usize);
        let next = match rows.last() {
            Some(last) if more => Some(AuditCursor {
                at: last.at,
                id: AuditEntryId(last.id),
            }),
            _ => None,
        };
        Ok(AuditPage {
            entries: rows.into_iter().map(entry).collect(),
            next,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(before: Option<&str>, after: Option<&str>) -> AuditEntry {
        AuditEntry {
            id: AuditEntryId(Uuid::nil()),
            at: DateTime::UNIX_EPOCH,
            actor: None,
            actor_email: "a@b.example".into(),
            action: "hearing.publish".into(),
            object_type: "hearing".into(),
            object_id: "x".into(),
            before: before.map(str::to_string),
            after: after.map(str::to_string),
        }
    }

    #[test]
    fn the_changes_are_the_fields_that_differ() {
        let c = e(
            Some(r#"{"status":"draft","title":"T","published_at":null}"#),
            Some(r#"{"status":"published","title":"T","published_at":"2026-06-01T08:00:00.000Z"}"#),
        )
        .changes();
        assert_eq!(
            c,
            vec![
                Change {
                    field: "published_at".into(),
                    before: None,
                    after: Some("2026-06-01T08:00:00.000Z".into())
                },
                Change {
                    field: "status".into(),
                    before: Some("draft".into()),
                    after: Some("published".into())
                },
            ]
        );
        let created = e(None, Some(r#"{"title":"T","area":null,"sections":2}"#)).changes();
        assert_eq!(
            created.len(),
            2,
            "empty fields of a new object are left out"
        );
        assert!(e(Some("not json"), None).changes().is_empty());
    }
}
