//! Drafts: an organisation's working copy of its response to a hearing,
//! shared by its members, kept exactly as typed (valid or not) through
//! sign-outs, closed tabs and restarts.
//!
//! Every save carries the version it started from. A save on an older
//! version does not overwrite: it is refused with the draft as it now is,
//! so the author can compare the two and choose, and the refused content is
//! kept in `draft_revisions` all the same: nothing anyone wrote is lost.
//! A submission raises the version too, so an editor who started before a
//! colleague submitted is told.

use chrono::{DateTime, Utc};
use hearings_core::response_parts::{RawParts, RawPassage, RawResponse};
use hearings_core::{HearingId, OrganisationId, QuestionId};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter,
};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::entity::{draft, draft_revision, hearing, user};
use crate::hearings::list_item;
use crate::{Account, Store, StoreError};

/// An organisation's draft of its response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Raised by every save and every submission; a save must name it.
    pub version: i32,
    /// What was typed.
    pub content: RawResponse,
    /// Whether it has changes not yet submitted.
    pub unsubmitted: bool,
    /// Who saved it last (a name).
    pub updated_by: String,
    /// When.
    pub updated_at: DateTime<Utc>,
}

/// The outcome of a save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftSave {
    /// Saved as this new version.
    Saved {
        /// The new version.
        version: i32,
        /// When.
        at: DateTime<Utc>,
    },
    /// Not saved: the draft was changed since the version the save started
    /// from. This is the draft as it now is; what was sent is kept as a
    /// revision and given back to the author to choose from.
    Conflict(Box<Draft>),
}

/// A draft's content as kept (and as the API shows it).
pub fn content_json(r: &RawResponse) -> Value {
    let answers: Map<String, Value> = r
        .answers
        .iter()
        .map(|(q, v)| (q.to_string(), json!(v)))
        .collect();
    let comments: Map<String, Value> = r
        .parts
        .comments
        .iter()
        .map(|(s, t)| (s.clone(), json!(t)))
        .collect();
    json!({
        "stance": r.stance,
        "publication": r.publication,
        "answers": answers,
        "comments": comments,
        "attachments": r.parts.attachments,
        "confidential": r.parts.confidential.iter().map(|p| json!({
            "location": p.location, "text": p.text, "reason": p.reason,
        })).collect::<Vec<_>>(),
    })
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        other => other.to_string(),
    }
}

/// Reads a draft's content as kept, or as an API client sends it: answers
/// may be a string, a number, a boolean or a list of them; they are kept as
/// the strings a form would send. Unknown question ids are dropped.
pub fn content_from_json(v: &Value) -> RawResponse {
    let answers = v["answers"]
        .as_object()
        .map(|m| {
            m.iter()
                .filter_map(|(q, vals)| {
                    let q: QuestionId = q.parse().ok()?;
                    let values = match vals {
                        Value::Array(items) => items.iter().map(text).collect(),
                        Value::Null => vec![],
                        one => vec![text(one)],
                    };
                    Some((q, values))
                })
                .collect()
        })
        .unwrap_or_default();
    let comments = match &v["comments"] {
        Value::Object(m) => m.iter().map(|(s, t)| (s.clone(), text(t))).collect(),
        Value::Array(items) => items
            .iter()
            .map(|c| (text(&c["section_id"]), text(&c["text"])))
            .collect(),
        _ => vec![],
    };
    RawResponse {
        stance: text(&v["stance"]),
        publication: text(&v["publication"]),
        answers,
        parts: RawParts {
            comments,
            attachments: v["attachments"]
                .as_array()
                .map(|a| a.iter().map(text).collect())
                .unwrap_or_default(),
            confidential: v["confidential"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|p| RawPassage {
                            location: text(&p["location"]),
                            text: text(&p["text"]),
                            reason: text(&p["reason"]),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        },
    }
}

fn parse_content(raw: &str) -> Result<RawResponse, StoreError> {
    let v: Value = serde_json::from_str(raw).map_err(|e| StoreError::Internal(e.to_string()))?;
    Ok(content_from_json(&v))
}

async fn name_of(db: &impl ConnectionTrait, id: Option<Uuid>) -> Result<String, StoreError> {
    let Some(id) = id else {
        return Ok(String::new());
    };
    Ok(user::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|u| u.name)
        .unwrap_or_default())
}

async fn view(db: &impl ConnectionTrait, d: draft::Model) -> Result<Draft, StoreError> {
    Ok(Draft {
        version: d.version,
        content: parse_content(&d.content)?,
        unsubmitted: d.dirty,
        updated_by: name_of(db, d.updated_by).await?,
        updated_at: d.updated_at,
    })
}

async fn find(
    db: &impl ConnectionTrait,
    hearing: HearingId,
    org: OrganisationId,
) -> Result<Option<draft::Model>, DbErr> {
    draft::Entity::find()
        .filter(draft::Column::HearingId.eq(hearing.0))
        .filter(draft::Column::OrganisationId.eq(org.0))
        .one(db)
        .await
}

/// Writes `content` as the organisation's draft at `base + 1` inside the
/// caller's transaction, if the draft is still at `base` (`None`: there is
/// no draft yet). `dirty` is false for a submission. Returns the new
/// version, or `None` if the draft had moved on.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn write(
    txn: &DatabaseTransaction,
    by: &Account,
    hearing: HearingId,
    org: OrganisationId,
    base: Option<i32>,
    content: &RawResponse,
    dirty: bool,
    now: DateTime<Utc>,
) -> Result<Option<(Uuid, i32)>, StoreError> {
    let json = content_json(content).to_string();
    let current = find(txn, hearing, org).await?;
    let (id, version) = match (current, base) {
        (None, None) => {
            let id = Uuid::new_v4();
            draft::Entity::insert(draft::ActiveModel {
                id: Set(id),
                hearing_id: Set(hearing.0),
                organisation_id: Set(org.0),
                version: Set(1),
                content: Set(json.clone()),
                dirty: Set(dirty),
                updated_by: Set(Some(by.id.0)),
                updated_at: Set(now),
            })
            .exec_without_returning(txn)
            .await?;
            (id, 1)
        }
        (Some(d), Some(b)) if d.version == b => {
            let updated = draft::Entity::update_many()
                .col_expr(draft::Column::Version, (b + 1).into())
                .col_expr(draft::Column::Content, json.clone().into())
                .col_expr(draft::Column::Dirty, dirty.into())
                .col_expr(draft::Column::UpdatedBy, Some(by.id.0).into())
                .col_expr(draft::Column::UpdatedAt, now.into())
                .filter(draft::Column::Id.eq(d.id))
                .filter(draft::Column::Version.eq(b))
                .exec(txn)
                .await?;
            if updated.rows_affected != 1 {
                return Ok(None);
            }
            (d.id, b + 1)
        }
        _ => return Ok(None),
    };
    draft_revision::Entity::insert(draft_revision::ActiveModel {
        id: Set(Uuid::new_v4()),
        draft_id: Set(id),
        version: Set(version),
        base_version: Set(base),
        conflict: Set(false),
        content: Set(json),
        saved_by: Set(Some(by.id.0)),
        saved_at: Set(now),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(Some((id, version)))
}

/// The organisation of a respondent who may draft on the hearing now (it
/// is visible to them); drafts are kept whatever the hearing's state, so a
/// draft refused at the deadline is not lost.
async fn drafter(
    store: &Store,
    by: &Account,
    hearing_id: HearingId,
    now: DateTime<Utc>,
) -> Result<OrganisationId, StoreError> {
    let (true, Some(org)) = (by.role.responds(), by.organisation) else {
        return Err(StoreError::Forbidden);
    };
    let h = hearing::Entity::find_by_id(hearing_id.0)
        .one(&store.db)
        .await?
        .ok_or(StoreError::NotFound)?;
    let published = h.published_at.is_some();
    let item = list_item(h, now)?;
    if !item.state.is_public() || !published {
        return Err(StoreError::NotFound);
    }
    Ok(org)
}

impl Store {
    /// The draft of the account's organisation for a hearing, if any (for
    /// its members only; two queries).
    pub async fn draft(
        &self,
        by: &Account,
        hearing: HearingId,
        now: DateTime<Utc>,
    ) -> Result<Option<Draft>, StoreError> {
        let org = drafter(self, by, hearing, now).await?;
        match find(&self.db, hearing, org).await? {
            Some(d) => Ok(Some(view(&self.db, d).await?)),
            None => Ok(None),
        }
    }

    /// Saves the organisation's draft, exactly as typed, if it is still at
    /// `base` (the version the author started from; `None` when there was
    /// no draft). Otherwise nothing is overwritten: the save is kept as a
    /// refused revision and the draft as it now is comes back
    /// ([`DraftSave::Conflict`]).
    #[tracing::instrument(skip_all, fields(hearing_id = %hearing))]
    pub async fn save_draft(
        &self,
        by: &Account,
        hearing: HearingId,
        base: Option<i32>,
        content: &RawResponse,
        now: DateTime<Utc>,
    ) -> Result<DraftSave, StoreError> {
        let org = drafter(self, by, hearing, now).await?;
        let txn = self.begin_write().await?;
        let written = match write(&txn, by, hearing, org, base, content, true, now).await {
            Ok(w) => w,
            // Two first saves at once: the unique index refuses the second.
            Err(StoreError::Internal(_)) if base.is_none() => None,
            Err(e) => return Err(e),
        };
        if let Some((_, version)) = written {
            txn.commit().await?;
            tracing::info!(version, "draft saved");
            return Ok(DraftSave::Saved { version, at: now });
        }
        txn.rollback().await?;
        let current = find(&self.db, hearing, org)
            .await?
            .ok_or(StoreError::NotFound)?;
        // The same content saved meanwhile (the page's own save while
        // typing, a double click): nothing to choose between.
        if content_json(&parse_content(&current.content)?) == content_json(content) {
            return Ok(DraftSave::Saved {
                version: current.version,
                at: current.updated_at,
            });
        }
        self.keep_refused(by, hearing, org, base, content, now)
            .await?;
        tracing::info!(
            base,
            current = current.version,
            "draft save refused: changed meanwhile"
        );
        Ok(DraftSave::Conflict(Box::new(
            view(&self.db, current).await?,
        )))
    }

    /// Keeps a save that was refused because the draft had moved on.
    pub(crate) async fn keep_refused(
        &self,
        by: &Account,
        hearing: HearingId,
        org: OrganisationId,
        base: Option<i32>,
        content: &RawResponse,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let Some(current) = find(&self.db, hearing, org).await? else {
            return Ok(());
        };
        draft_revision::Entity::insert(draft_revision::ActiveModel {
            id: Set(Uuid::new_v4()),
            draft_id: Set(current.id),
            version: Set(current.version),
            base_version: Set(base),
            conflict: Set(true),
            content: Set(content_json(content).to_string()),
            saved_by: Set(Some(by.id.0)),
            saved_at: Set(now),
        })
        .exec_without_returning(&self.db)
        .await?;
        Ok(())
    }

    /// How many saves of the organisation's draft were refused as changed
    /// meanwhile, and are kept (for tests and support).
    pub async fn refused_draft_saves(
        &self,
        by: &Account,
        hearing: HearingId,
        now: DateTime<Utc>,
    ) -> Result<Vec<RawResponse>, StoreError> {
        let org = drafter(self, by, hearing, now).await?;
        let Some(d) = find(&self.db, hearing, org).await? else {
            return Ok(Vec::new());
        };
        draft_revision::Entity::find()
            .filter(draft_revision::Column::DraftId.eq(d.id))
            .filter(draft_revision::Column::Conflict.eq(true))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|r| parse_content(&r.content))
            .collect()
    }
}

/// A draft with changes not yet submitted, as listed for the organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyDraft {
    /// The hearing.
    pub hearing: HearingId,
    /// Its title.
    pub hearing_title: String,
    /// Its state now.
    pub hearing_state: hearings_core::HearingState,
    /// Its deadline.
    pub closes_at: Option<DateTime<Utc>>,
    /// The draft's version.
    pub version: i32,
    /// Whether a version of the response has been submitted already.
    pub submitted_before: bool,
    /// Who saved it last (a name).
    pub updated_by: String,
    /// When.
    pub updated_at: DateTime<Utc>,
}

impl Store {
    /// The drafts of the viewer's organisation that have changes not yet
    /// submitted, most recently saved first: four queries (drafts, their
    /// hearings, the responses among them, the names), whatever their number.
    pub async fn my_drafts(
        &self,
        viewer: &Account,
        now: DateTime<Utc>,
    ) -> Result<Vec<MyDraft>, StoreError> {
        use sea_orm::QueryOrder;
        let (true, Some(org)) = (viewer.role.responds(), viewer.organisation) else {
            return Ok(Vec::new());
        };
        let rows = draft::Entity::find()
            .filter(draft::Column::OrganisationId.eq(org.0))
            .filter(draft::Column::Dirty.eq(true))
            .order_by_desc(draft::Column::UpdatedAt)
            .all(&self.db)
            .await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let hearings = hearing::Entity::find()
            .filter(hearing::Column::Id.is_in(rows.iter().map(|d| d.hearing_id)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|h| list_item(h, now))
            .collect::<Result<Vec<_>, _>>()?;
        let submitted: Vec<Uuid> = crate::entity::response::Entity::find()
            .filter(crate::entity::response::Column::OrganisationId.eq(org.0))
            .filter(
                crate::entity::response::Column::HearingId.is_in(rows.iter().map(|d| d.hearing_id)),
            )
            .all(&self.db)
            .await?
            .into_iter()
            .map(|r| r.hearing_id)
            .collect();
        let names: Vec<(Uuid, String)> = user::Entity::find()
            .filter(user::Column::Id.is_in(rows.iter().filter_map(|d| d.updated_by)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        Ok(rows
            .into_iter()
            .filter_map(|d| {
                let h = hearings.iter().find(|h| h.id.0 == d.hearing_id)?;
                Some(MyDraft {
                    hearing: h.id,
                    hearing_title: h.title.clone(),
                    hearing_state: h.state,
                    closes_at: h.closes_at,
                    version: d.version,
                    submitted_before: submitted.contains(&d.hearing_id),
                    updated_by: names
                        .iter()
                        .find(|(u, _)| Some(*u) == d.updated_by)
                        .map(|(_, n)| n.clone())
                        .unwrap_or_default(),
                    updated_at: d.updated_at,
                })
            })
            .collect())
    }
}
