//! The downloads of a hearing's responses: all of them as XLSX and CSV,
//! and the archive bundle for the case system. For staff, politicians and
//! administrators (the store checks and audits); a respondent is refused.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use hearings_core::files::{Keep, download_headers};
use hearings_export::ExportError;
use hearings_i18n::Lang;
use hearings_store::ExportFormat;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::PageError;
use crate::pages::parse_id;

fn failed(lang: Lang) -> impl Fn(ExportError) -> PageError {
    move |e| match e {
        ExportError::Store(e) => PageError::from_store(lang, e),
        e => {
            tracing::error!(error = %e, "export failed");
            PageError::internal(lang)
        }
    }
}

fn download(file: std::fs::File, content_type: &str, name: &str) -> Response {
    let len = file.metadata().map(|m| m.len()).ok();
    let mut r = (
        download_headers(content_type, name, Keep::Never),
        Body::from_stream(hearings_export::file_chunks(file)),
    )
        .into_response();
    if let Some(len) = len {
        r.headers_mut()
            .insert(header::CONTENT_LENGTH, header::HeaderValue::from(len));
    }
    r
}

/// `GET /hearings/{id}/export/responses.xlsx`
pub async fn xlsx(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(c.lang, &id)?;
    let account = c.require_account()?;
    let lang = c.lang;
    let h = s
        .store
        .begin_export(account, id, ExportFormat::Xlsx, s.clock.now())
        .await
        .map_err(|e| PageError::from_store(lang, e))?;
    let file = hearings_export::xlsx_file(&s.store, account, &h, lang)
        .await
        .map_err(failed(lang))?;
    let name = hearings_export::export_filename(&h, lang, "responses.xlsx");
    Ok(download(file, hearings_export::XLSX_TYPE, &name))
}

/// `GET /hearings/{id}/export/responses.csv`: sent as it is written.
pub async fn csv(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(c.lang, &id)?;
    let account = c.require_account()?;
    let lang = c.lang;
    let h = s
        .store
        .begin_export(account, id, ExportFormat::Csv, s.clock.now())
        .await
        .map_err(|e| PageError::from_store(lang, e))?;
    let name = hearings_export::export_filename(&h, lang, "responses.csv");
    let stream = hearings_export::csv_stream(s.store.clone(), account.clone(), h, lang);
    Ok((
        download_headers(hearings_export::CSV_TYPE, &name, Keep::Never),
        Body::from_stream(stream),
    )
        .into_response())
}

/// `GET /hearings/{id}/export/archive.zip`
pub async fn archive(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(c.lang, &id)?;
    let account = c.require_account()?;
    let lang = c.lang;
    let now = s.clock.now();
    let h = s
        .store
        .begin_export(account, id, ExportFormat::Archive, now)
        .await
        .map_err(|e| PageError::from_store(lang, e))?;
    let extra = hearings_export::memo::memo_extras(&s.store, account, id, lang)
        .await
        .map_err(failed(lang))?;
    let file = hearings_export::archive_file(&s.store, account, &h, lang, now, extra)
        .await
        .map_err(failed(lang))?;
    let name = hearings_export::export_filename(&h, lang, "archive.zip");
    Ok(download(file, hearings_export::ZIP_TYPE, &name))
}
