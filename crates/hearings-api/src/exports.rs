//! The downloads of a hearing's responses through the API, with the same
//! rules as the pages: all responses as XLSX and CSV, and the archive
//! bundle, for staff, politicians and administrators; every export audited.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use hearings_core::HearingId;
use hearings_core::files::{Keep, download_headers};
use hearings_export::ExportError;
use hearings_i18n::Lang;
use hearings_store::{ExportFormat, StoreError};

use crate::auth::Caller;
use crate::{ApiError, ApiState};

fn failed(lang: Lang) -> impl Fn(ExportError) -> ApiError {
    move |e| match e {
        ExportError::Store(e) => ApiError::from_store(lang, e),
        e => {
            tracing::error!(error = %e, "export failed");
            ApiError::from_store(lang, StoreError::Internal(e.to_string()))
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

fn hearing_id(c: &Caller, raw: &str) -> Result<HearingId, ApiError> {
    raw.parse().map_err(|_| ApiError::not_found(c.lang))
}

/// `GET /api/v1/hearings/{id}/export/responses.xlsx`
pub async fn xlsx(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let id = hearing_id(&c, &id)?;
    let lang = c.lang;
    let h = s
        .store
        .begin_export(account, id, ExportFormat::Xlsx, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(lang, e))?;
    let file = hearings_export::xlsx_file(&s.store, account, &h, lang)
        .await
        .map_err(failed(lang))?;
    let name = hearings_export::export_filename(&h, lang, "responses.xlsx");
    Ok(download(file, hearings_export::XLSX_TYPE, &name))
}

/// `GET /api/v1/hearings/{id}/export/responses.csv`: sent as it is written.
pub async fn csv(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let id = hearing_id(&c, &id)?;
    let lang = c.lang;
    let h = s
        .store
        .begin_export(account, id, ExportFormat::Csv, s.clock.now())
        .await
        .map_err(|e| ApiError::from_store(lang, e))?;
    let name = hearings_export::export_filename(&h, lang, "responses.csv");
    let stream = hearings_export::csv_stream(s.store.clone(), account.clone(), h, lang);
    Ok((
        download_headers(hearings_export::CSV_TYPE, &name, Keep::Never),
        Body::from_stream(stream),
    )
        .into_response())
}

/// `GET /api/v1/hearings/{id}/export/archive.zip`
pub async fn archive(
    State(s): State<ApiState>,
    c: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let account = c.require()?;
    let id = hearing_id(&c, &id)?;
    let lang = c.lang;
    let now = s.clock.now();
    let h = s
        .store
        .begin_export(account, id, ExportFormat::Archive, now)
        .await
        .map_err(|e| ApiError::from_store(lang, e))?;
    let extra = hearings_export::memo::memo_extras(&s.store, account, id, lang)
        .await
        .map_err(failed(lang))?;
    let file = hearings_export::archive_file(&s.store, account, &h, lang, now, extra)
        .await
        .map_err(failed(lang))?;
    let name = hearings_export::export_filename(&h, lang, "archive.zip");
    Ok(download(file, hearings_export::ZIP_TYPE, &name))
}
