//! Files through the API: a hearing's documents (staff attach and remove
//! them; anyone who may see the hearing downloads them) and respondents'
//! uploads (the answers to file questions). A file is sent as the raw body
//! (`Content-Type: application/pdf`), its name and title in the query.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hearings_core::files::{Keep, download_headers};
use hearings_core::{DocumentId, FileId};
use hearings_store::{Download, HearingDocument, StoredFile};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::Caller;
use crate::dto::time;
use crate::{ApiError, ApiState};

/// The facts of a stored file.
pub(crate) fn file_json(f: &StoredFile, href: String) -> Value {
    json!({
        "id": f.id.to_string(),
        "filename": f.filename,
        "content_type": f.content_type,
        "size": f.size,
        "sha256": f.sha256,
        "uploaded_at": time(f.created_at),
        "href": href,
    })
}

/// A hearing's document.
pub(crate) fn document_json(d: &HearingDocument) -> Value {
    json!({
        "id": d.id.to_string(),
        "title": d.title,
        "file": file_json(&d.file, format!("/api/v1/documents/{}", d.id)),
    })
}

/// The body of a file upload, or 413 in the caller's language.
fn file_body(c: &Caller, bytes: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    bytes.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::too_large(c.lang)
        } else {
            ApiError::bad_json(c.lang, e.body_text())
        }
    })
}

fn download(d: Download) -> Response {
    (
        download_headers("application/pdf", &d.file.filename, Keep::AskAgain),
        d.bytes,
    )
        .into_response()
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct DocumentQuery {
    title: String,
    filename: String,
    note: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct NoteQuery {
    note: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct UploadQuery {
    filename: String,
}

/// `POST /api/v1/hearings/{id}/documents?title=…&filename=…&note=…`
/// (staff; the body is the PDF): attaches a document. `note` is required
/// once the hearing is published (the change is then a public correction).
pub async fn add_document(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
    Query(q): Query<DocumentQuery>,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let account = c.require_staff()?;
    let bytes = file_body(&c, bytes)?;
    let id = id.parse().map_err(|_| ApiError::not_found(c.lang))?;
    let now = s.clock.now();
    let doc = s
        .store
        .add_document(account, id, &q.title, &q.filename, &bytes, &q.note, now)
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    let d = s
        .store
        .hearing(id, Some(account), now)
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    let body = d
        .documents
        .iter()
        .find(|x| x.id == doc)
        .map(document_json)
        .unwrap_or_else(|| json!({"id": doc.to_string()}));
    Ok((StatusCode::CREATED, axum::Json(body)).into_response())
}

/// `DELETE /api/v1/hearings/{id}/documents/{doc}?note=…` (staff).
pub async fn remove_document(
    State(s): State<ApiState>,
    c: Caller,
    Path((id, doc)): Path<(String, String)>,
    Query(q): Query<NoteQuery>,
) -> Result<Response, ApiError> {
    let account = c.require_staff()?;
    let id = id.parse().map_err(|_| ApiError::not_found(c.lang))?;
    let doc: DocumentId = doc.parse().map_err(|_| ApiError::not_found(c.lang))?;
    s.store
        .remove_document(account, id, doc, &q.note, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /api/v1/documents/{id}`: the PDF, for whoever may see the hearing.
pub async fn get_document(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id: DocumentId = id.parse().map_err(|_| ApiError::not_found(c.lang))?;
    let d = s
        .store
        .document_download(c.account.as_ref(), id, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    Ok(download(d))
}

/// `POST /api/v1/uploads?filename=…` (respondents; the body is the PDF):
/// keeps a file for the organisation; its `id` is the answer to a file
/// question.
pub async fn upload(
    State(s): State<ApiState>,
    c: Caller,
    Query(q): Query<UploadQuery>,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let bytes = file_body(&c, bytes)?;
    let f = s
        .store
        .upload(account, &q.filename, &bytes, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    let body = file_json(&f, format!("/api/v1/uploads/{}", f.id));
    Ok((StatusCode::CREATED, axum::Json(body)).into_response())
}

/// `GET /api/v1/uploads/{id}`: an uploaded file, for its organisation's
/// members and, once a submitted response answers with it, for readers.
pub async fn get_upload(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let id: FileId = id.parse().map_err(|_| ApiError::not_found(c.lang))?;
    let d = s
        .store
        .upload_download(account, id)
        .await
        .map_err(|e| ApiError::from_store(c.lang, e))?;
    Ok(download(d))
}
