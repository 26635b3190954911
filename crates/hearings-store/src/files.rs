//! Files: the PDF documents of a hearing, and the files respondents
//! upload (the answers to file questions). The bytes are kept in the
//! database (`file_contents`), outside any web root, apart from their facts
//! (`files`), so lists never read them; they are read only to be sent as a
//! download, and only to those who may see them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use hearings_core::audit::AuditAction;
use hearings_core::files::{DOCUMENT_MAX_BYTES, DOCUMENT_TITLE_MAX, UPLOAD_MAX_BYTES, check_pdf};
use hearings_core::input::{FieldError, Problem};
use hearings_core::{DocumentId, FileId, HearingId, HearingState, OrganisationId, TransitionError};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::audit::{self, Object};
use crate::corrections::CORRECTION_NOTE_MAX;
use crate::entity::{
    answer, file, file_content, hearing, hearing_correction, hearing_document, response,
};
use crate::hearings::list_item;
use crate::{Account, Store, StoreError};

/// A stored file's facts (never its bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    /// Id.
    pub id: FileId,
    /// The cleaned file name, ending in `.pdf`.
    pub filename: String,
    /// Always `application/pdf` today.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// SHA-256 of the bytes, in hex.
    pub sha256: String,
    /// The organisation it was uploaded for (none for a hearing's document).
    pub organisation: Option<OrganisationId>,
    /// When it was uploaded.
    pub created_at: DateTime<Utc>,
}

/// A document attached to a hearing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HearingDocument {
    /// Id.
    pub id: DocumentId,
    /// The title shown on the hearing page.
    pub title: String,
    /// The file.
    pub file: StoredFile,
}

/// A file with its bytes, for a download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    /// The file's facts.
    pub file: StoredFile,
    /// The bytes.
    pub bytes: Vec<u8>,
}

pub(crate) fn stored(f: file::Model) -> StoredFile {
    StoredFile {
        id: FileId(f.id),
        filename: f.filename,
        content_type: f.content_type,
        size: f.size,
        sha256: f.sha256,
        organisation: f.organisation_id.map(OrganisationId),
        created_at: f.created_at,
    }
}

fn invalid(field: &str, p: impl Into<Problem>) -> StoreError {
    StoreError::Invalid(vec![FieldError::new(field, p.into())])
}

/// Writes a checked file and its bytes inside the caller's transaction.
async fn insert_file(
    txn: &DatabaseTransaction,
    by: &Account,
    filename: String,
    organisation: Option<OrganisationId>,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<StoredFile, StoreError> {
    let id = Uuid::new_v4();
    let row = file::Entity::insert(file::ActiveModel {
        id: Set(id),
        filename: Set(filename),
        content_type: Set("application/pdf".into()),
        size: Set(bytes.len() as i64),
        sha256: Set(hex::encode(Sha256::digest(bytes))),
        uploaded_by: Set(Some(by.id.0)),
        organisation_id: Set(organisation.map(|o| o.0)),
        created_at: Set(now),
    })
    .exec_with_returning(txn)
    .await?;
    file_content::Entity::insert(file_content::ActiveModel {
        file_id: Set(id),
        content: Set(bytes.to_vec()),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(stored(row))
}

/// A correction note for a published hearing: required, limited.
fn correction_note(note: &str) -> Result<String, StoreError> {
    let note = note.trim();
    if note.is_empty() {
        return Err(invalid("note", Problem::Required));
    }
    if note.chars().count() > CORRECTION_NOTE_MAX {
        return Err(invalid(
            "note",
            Problem::TooLong {
                max: CORRECTION_NOTE_MAX,
            },
        ));
    }
    Ok(note.to_string())
}

impl Store {
    /// Keeps a PDF a respondent uploads for its organisation (to answer a
    /// file question), checked by its bytes and limited to
    /// [`UPLOAD_MAX_BYTES`]. Only members of that organisation, and, once
    /// a submitted response refers to it, those who read responses, may
    /// download it. The field of a refusal is `file`.
    #[tracing::instrument(skip_all)]
    pub async fn upload(
        &self,
        by: &Account,
        name: &str,
        bytes: &[u8],
        now: DateTime<Utc>,
    ) -> Result<StoredFile, StoreError> {
        let (true, Some(org)) = (by.role.responds(), by.organisation) else {
            return Err(StoreError::Forbidden);
        };
        let checked = check_pdf(name, bytes, UPLOAD_MAX_BYTES).map_err(|p| invalid("file", p))?;
        let txn = self.begin_write().await?;
        let f = insert_file(&txn, by, checked.filename, Some(org), bytes, now).await?;
        txn.commit().await?;
        tracing::info!(file_id = %f.id, size = f.size, "file uploaded");
        Ok(f)
    }

    /// The facts of the organisation's own uploads among `ids` (one query);
    /// an id of another organisation's file, or of a hearing's document, is
    /// left out, so the caller can refuse it.
    pub(crate) async fn own_uploads(
        &self,
        org: OrganisationId,
        ids: &[FileId],
    ) -> Result<HashMap<FileId, StoredFile>, StoreError> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        Ok(file::Entity::find()
            .filter(file::Column::Id.is_in(ids.iter().map(|i| i.0)))
            .filter(file::Column::OrganisationId.eq(org.0))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|f| (FileId(f.id), stored(f)))
            .collect())
    }

    /// Facts of files by id (one query), for showing file answers.
    pub async fn files(&self, ids: &[FileId]) -> Result<HashMap<FileId, StoredFile>, StoreError> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        Ok(file::Entity::find()
            .filter(file::Column::Id.is_in(ids.iter().map(|i| i.0)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|f| (FileId(f.id), stored(f)))
            .collect())
    }

    /// An uploaded file for download: for members of its organisation; for
    /// staff, politicians and administrators once a submitted response
    /// answers with it. Anyone else, and a hearing's document, get
    /// `NotFound` (documents are read with [`Store::document_download`]).
    pub async fn upload_download(
        &self,
        viewer: &Account,
        id: FileId,
    ) -> Result<Download, StoreError> {
        let f = file::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let Some(org) = f.organisation_id else {
            return Err(StoreError::NotFound);
        };
        let own = viewer.organisation.is_some_and(|o| o.0 == org) && viewer.role.responds();
        let allowed = own
            || (viewer.role.reads_summaries() && {
                let value = json!(id.to_string()).to_string();
                let responses = Query::select()
                    .column(response::Column::Id)
                    .from(response::Entity)
                    .and_where(response::Column::OrganisationId.eq(org))
                    .to_owned();
                answer::Entity::find()
                    .filter(answer::Column::Value.eq(value))
                    .filter(answer::Column::ResponseId.in_subquery(responses))
                    .select_only()
                    .column(answer::Column::ResponseId)
                    .into_tuple::<Uuid>()
                    .one(&self.db)
                    .await?
                    .is_some()
            });
        if !allowed {
            return Err(StoreError::NotFound);
        }
        if !own {
            tracing::info!(file_id = %id, viewer = %viewer.id, "non-public upload read");
        }
        self.download(stored(f)).await
    }

    async fn download(&self, file: StoredFile) -> Result<Download, StoreError> {
        let content = file_content::Entity::find_by_id(file.id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(Download {
            file,
            bytes: content.content,
        })
    }

    /// The documents of hearings, in their order, by hearing (two queries).
    pub(crate) async fn documents_of(
        &self,
        hearings: &[Uuid],
    ) -> Result<HashMap<Uuid, Vec<HearingDocument>>, StoreError> {
        let mut out: HashMap<Uuid, Vec<HearingDocument>> = HashMap::new();
        if hearings.is_empty() {
            return Ok(out);
        }
        let rows = hearing_document::Entity::find()
            .filter(hearing_document::Column::HearingId.is_in(hearings.iter().copied()))
            .order_by_asc(hearing_document::Column::Position)
            .order_by_asc(hearing_document::Column::AddedAt)
            .all(&self.db)
            .await?;
        let ids: Vec<FileId> = rows.iter().map(|d| FileId(d.file_id)).collect();
        let mut files = self.files(&ids).await?;
        for d in rows {
            let Some(f) = files.remove(&FileId(d.file_id)) else {
                continue;
            };
            out.entry(d.hearing_id).or_default().push(HearingDocument {
                id: DocumentId(d.id),
                title: d.title,
                file: f,
            });
        }
        Ok(out)
    }

    /// A hearing's document for download, for whoever may see the hearing.
    pub async fn document_download(
        &self,
        viewer: Option<&Account>,
        id: DocumentId,
        now: DateTime<Utc>,
    ) -> Result<Download, StoreError> {
        let d = hearing_document::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        // The hearing's own visibility rule decides.
        self.hearing(HearingId(d.hearing_id), viewer, now).await?;
        let f = file::Entity::find_by_id(d.file_id)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.download(stored(f)).await
    }

    /// Attaches a PDF document (at most [`DOCUMENT_MAX_BYTES`]) to a
    /// hearing, after its others. A draft takes it freely; a scheduled,
    /// open or closed hearing takes it as a correction, with a required
    /// note, shown on its public page. Audited (`hearing.document_add`).
    /// Refusals name the fields `title`, `file` and `note`.
    #[allow(clippy::too_many_arguments)]
    #[tracing::instrument(skip_all, fields(hearing_id = %hearing_id))]
    pub async fn add_document(
        &self,
        by: &Account,
        hearing_id: HearingId,
        title: &str,
        filename: &str,
        bytes: &[u8],
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<DocumentId, StoreError> {
        if !by.role.manages_hearings() {
            return Err(StoreError::Forbidden);
        }
        let mut errors = Vec::new();
        let title = title.trim();
        if title.chars().count() > DOCUMENT_TITLE_MAX {
            errors.push(FieldError::new(
                "title",
                Problem::TooLong {
                    max: DOCUMENT_TITLE_MAX,
                },
            ));
        }
        let checked = match check_pdf(filename, bytes, DOCUMENT_MAX_BYTES) {
            Ok(c) => Some(c),
            Err(p) => {
                errors.push(FieldError::new("file", Problem::File(p)));
                None
            }
        };
        let txn = self.begin_write().await?;
        let (h, draft) = self.correctable(&txn, hearing_id, now).await?;
        let note = if draft {
            None
        } else {
            match correction_note(note) {
                Ok(n) => Some(n),
                Err(StoreError::Invalid(mut e)) => {
                    errors.append(&mut e);
                    None
                }
                Err(e) => return Err(e),
            }
        };
        let Some(checked) = checked.filter(|_| errors.is_empty()) else {
            return Err(StoreError::Invalid(errors));
        };
        let title = if title.is_empty() {
            checked.filename.trim_end_matches(".pdf").to_string()
        } else {
            title.to_string()
        };
        let f = insert_file(&txn, by, checked.filename, None, bytes, now).await?;
        let position = hearing_document::Entity::find()
            .filter(hearing_document::Column::HearingId.eq(h.id))
            .select_only()
            .column_as(hearing_document::Column::Position.max(), "max")
            .into_tuple::<Option<i32>>()
            .one(&txn)
            .await?
            .flatten()
            .map_or(0, |p| p + 1);
        let id = Uuid::new_v4();
        hearing_document::Entity::insert(hearing_document::ActiveModel {
            id: Set(id),
            hearing_id: Set(h.id),
            file_id: Set(f.id.0),
            title: Set(title.clone()),
            position: Set(position),
            added_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        let after = json!({"document": id, "title": title, "filename": f.filename, "size": f.size, "sha256": f.sha256, "note": note});
        self.document_change(
            &txn,
            by,
            hearing_id,
            note,
            AuditAction::HearingDocumentAdd,
            None,
            Some(&after),
            now,
        )
        .await?;
        txn.commit().await?;
        tracing::info!(document_id = %id, "document attached");
        Ok(DocumentId(id))
    }

    /// Takes a document off a hearing: freely from a draft; from a
    /// published hearing (until it is decided) as a correction with a
    /// required note. The file itself is kept for the audit trail.
    /// Audited (`hearing.document_remove`).
    #[tracing::instrument(skip_all, fields(hearing_id = %hearing_id))]
    pub async fn remove_document(
        &self,
        by: &Account,
        hearing_id: HearingId,
        id: DocumentId,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if !by.role.manages_hearings() {
            return Err(StoreError::Forbidden);
        }
        let txn = self.begin_write().await?;
        let (h, draft) = self.correctable(&txn, hearing_id, now).await?;
        let d = hearing_document::Entity::find_by_id(id.0)
            .one(&txn)
            .await?
            .filter(|d| d.hearing_id == h.id)
            .ok_or(StoreError::NotFound)?;
        let f = file::Entity::find_by_id(d.file_id).one(&txn).await?;
        let note = if draft {
            None
        } else {
            Some(correction_note(note)?)
        };
        hearing_document::Entity::delete_by_id(d.id)
            .exec(&txn)
            .await?;
        let before = json!({"document": d.id, "title": d.title, "filename": f.map(|f| f.filename), "note": note});
        self.document_change(
            &txn,
            by,
            hearing_id,
            note,
            AuditAction::HearingDocumentRemove,
            Some(&before),
            None,
            now,
        )
        .await?;
        txn.commit().await?;
        tracing::info!(document_id = %id, "document removed");
        Ok(())
    }

    /// The hearing, if its documents may change now, and whether it is a
    /// draft (no correction needed).
    async fn correctable(
        &self,
        txn: &DatabaseTransaction,
        id: HearingId,
        now: DateTime<Utc>,
    ) -> Result<(hearing::Model, bool), StoreError> {
        let h = hearing::Entity::find_by_id(id.0)
            .one(txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let state = list_item(h.clone(), now)?.state;
        match state {
            HearingState::Draft => Ok((h, true)),
            HearingState::Scheduled | HearingState::Open | HearingState::Closed => Ok((h, false)),
            from => Err(StoreError::Transition(TransitionError::NotAllowed {
                from,
                action: "corrected",
            })),
        }
    }

    /// The correction row (for a published hearing) and the audit row of a
    /// change to a hearing's documents.
    #[allow(clippy::too_many_arguments)]
    async fn document_change(
        &self,
        txn: &DatabaseTransaction,
        by: &Account,
        hearing_id: HearingId,
        note: Option<String>,
        action: AuditAction,
        before: Option<&serde_json::Value>,
        after: Option<&serde_json::Value>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if let Some(note) = note {
            hearing_correction::Entity::insert(hearing_correction::ActiveModel {
                id: Set(Uuid::new_v4()),
                hearing_id: Set(hearing_id.0),
                at: Set(now),
                by_user: Set(Some(by.id.0)),
                fields: Set(r#"["documents"]"#.into()),
                note: Set(note),
            })
            .exec_without_returning(txn)
            .await?;
        }
        audit::record(
            txn,
            by,
            action,
            Object::hearing(hearing_id),
            before,
            after,
            now,
        )
        .await
    }
}
