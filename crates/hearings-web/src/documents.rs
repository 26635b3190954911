//! A hearing's documents (PDF): staff attach and remove them on the
//! hearing page; everyone who may see the hearing downloads them. Files
//! that respondents upload are downloaded here too, by those who may.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use hearings_core::files::{Keep, download_headers};
use hearings_core::{DocumentId, FileId};
use hearings_store::{Download, StoreError};

use crate::ctx::{CsrfForm, Ctx};
use crate::error::PageError;
use crate::pages::{hearing_page, parse_id};
use crate::views::FormState;
use crate::{WebState, render};

pub(crate) fn require_staff(c: &Ctx) -> Result<&hearings_store::Account, PageError> {
    let a = c.require_account()?;
    if a.role.manages_hearings() {
        Ok(a)
    } else {
        Err(PageError::forbidden(c.lang))
    }
}

/// A file as a download: never shown inline, never sniffed, never cached
/// by a shared cache.
pub(crate) fn download(d: Download) -> Response {
    (
        download_headers("application/pdf", &d.file.filename, Keep::AskAgain),
        d.bytes,
    )
        .into_response()
}

/// `GET /documents/{id}`: a hearing's document, for whoever may see the hearing.
pub async fn get(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id: DocumentId = id.parse().map_err(|_| PageError::not_found(c.lang))?;
    let d = s
        .store
        .document_download(c.account.as_ref(), id, s.clock.now())
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    Ok(download(d))
}

/// `GET /files/{id}`: a respondent's uploaded file, for its organisation's
/// members and, once submitted, for those who read responses.
pub async fn get_upload(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id: FileId = id.parse().map_err(|_| PageError::not_found(c.lang))?;
    let a = c.require_account()?;
    let d = s
        .store
        .upload_download(a, id)
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    Ok(download(d))
}

/// Shows the hearing page again with the documents form's errors and
/// what was typed (a file cannot be kept by the browser: it is chosen again).
async fn again(
    s: &WebState,
    c: &Ctx,
    id: hearings_core::HearingId,
    values: Vec<(String, String)>,
    errors: Vec<hearings_core::input::FieldError>,
) -> Result<Response, PageError> {
    let mut page = hearing_page(s, c, id, FormState::default(), false).await?;
    let removing = values
        .iter()
        .find(|(k, _)| k == "remove")
        .map(|(_, v)| v.clone());
    let errors = errors
        .iter()
        .map(|e| {
            let (field, label) = match (e.field.as_str(), &removing) {
                ("note", Some(doc)) => (format!("remove-note-{doc}"), "edit.note"),
                ("title", _) => ("document-title".into(), "documents.title_field"),
                ("note", None) => ("document-note".into(), "edit.note"),
                _ => ("document-file".into(), "documents.file_field"),
            };
            (
                field,
                c.lang.problem(&e.problem),
                c.lang.t(label).to_string(),
            )
        })
        .collect();
    page.documents_form = FormState { values, errors };
    let mut res = render(c.lang, page)?;
    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

/// `POST /hearings/{id}/documents` (multipart: `title`, `file`, and
/// `note` once published): attaches a PDF.
pub async fn add(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let id = parse_id(c.lang, &id)?;
    let account = require_staff(&c)?.clone();
    let (filename, bytes) = form
        .file("file")
        .map(|f| (f.filename.as_str(), f.bytes.as_slice()))
        .unwrap_or(("", &[]));
    let result = s
        .store
        .add_document(
            &account,
            id,
            form.get("title"),
            filename,
            bytes,
            form.get("note"),
            s.clock.now(),
        )
        .await;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/hearings/{id}#documents")).into_response()),
        Err(StoreError::Invalid(errors)) => again(&s, &c, id, form.values(), errors).await,
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}

/// `POST /hearings/{id}/documents/{doc}/remove` (with `note` once published).
pub async fn remove(
    State(s): State<WebState>,
    c: Ctx,
    Path((id, doc)): Path<(String, String)>,
    form: CsrfForm,
) -> Result<Response, PageError> {
    let id = parse_id(c.lang, &id)?;
    let doc: DocumentId = doc.parse().map_err(|_| PageError::not_found(c.lang))?;
    let account = require_staff(&c)?.clone();
    let result = s
        .store
        .remove_document(&account, id, doc, form.get("note"), s.clock.now())
        .await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/hearings/{id}#documents")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            let mut values = form.values();
            values.push(("remove".into(), doc.to_string()));
            again(&s, &c, id, values, errors).await
        }
        Err(e) => Err(PageError::from_store(c.lang, e)),
    }
}
