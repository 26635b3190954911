//! The archive bundle of a hearing for the case system: a ZIP holding
//! `manifest.json` (the hearing, every response with its reference,
//! version, digest and time, and every file with its SHA-256), each
//! response as PDF with its files under `responses/<reference>/`, the
//! spreadsheet of all responses (`responses.xlsx`), and any extra files
//! the caller adds (the hearing memo).
//!
//! Responses are read a page at a time and each one's files separately;
//! a blocking thread typesets and writes them into the ZIP, which goes to
//! an anonymous temporary file.

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::sync::Arc;

use chrono::{DateTime, Datelike, Timelike, Utc};
use hearings_core::time::in_copenhagen;
use hearings_i18n::Lang;
use hearings_store::{Account, Download, ExportCursor, ExportHearing, ExportRow, Store};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::run::{rewind, temp_file};
use crate::sheet::XlsxWriter;
use crate::table::{cells, headers};
use crate::{ExportError, response_pdf};

/// How many responses the archive reads at a time (their files are read
/// one response at a time).
pub const ARCHIVE_PAGE_SIZE: u64 = 100;

/// A file added to the bundle as it is, at the top level (the memo as
/// `memo.docx` and `memo.pdf`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraFile {
    /// Its name in the ZIP (a plain name, no folders).
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

impl From<zip::result::ZipError> for ExportError {
    fn from(e: zip::result::ZipError) -> Self {
        ExportError::Write(format!("zip: {e}"))
    }
}

fn io(e: std::io::Error) -> ExportError {
    ExportError::Io(e)
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A name safe as one part of a path in the ZIP.
fn safe(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_start_matches('.').trim().to_string();
    if s.is_empty() { "file".into() } else { s }
}

struct Bundle {
    zip: ZipWriter<File>,
    options: SimpleFileOptions,
    files: Vec<Value>,
    responses: Vec<Value>,
}

impl Bundle {
    fn new(now: DateTime<Utc>) -> Result<Self, ExportError> {
        let local = in_copenhagen(now);
        let stamp = zip::DateTime::from_date_and_time(
            u16::try_from(local.year()).unwrap_or(1980),
            local.month() as u8,
            local.day() as u8,
            local.hour() as u8,
            local.minute() as u8,
            local.second() as u8,
        )
        .unwrap_or_default();
        Ok(Self {
            zip: ZipWriter::new(temp_file()?),
            options: SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .last_modified_time(stamp)
                .large_file(true),
            files: vec![],
            responses: vec![],
        })
    }

    /// Adds a file; returns its entry for the manifest.
    fn add(&mut self, path: &str, bytes: &[u8], stored: bool) -> Result<Value, ExportError> {
        let options = if stored {
            self.options.compression_method(CompressionMethod::Stored)
        } else {
            self.options
        };
        self.zip.start_file(path, options)?;
        self.zip.write_all(bytes).map_err(io)?;
        Ok(json!({"path": path, "size": bytes.len(), "sha256": sha256(bytes)}))
    }

    fn response(
        &mut self,
        lang: Lang,
        row: &ExportRow,
        downloads: &[Download],
    ) -> Result<(), ExportError> {
        let d = &row.detail;
        let dir = format!("responses/{}", safe(&d.reference));
        let pdf = response_pdf(lang, d)?;
        let mut files = vec![];
        let mut entry = self.add(
            &format!("{dir}/{}-v{}.pdf", safe(&d.reference), d.version),
            &pdf,
            false,
        )?;
        entry["role"] = json!("response");
        files.push(entry);
        for (n, f) in downloads.iter().enumerate() {
            let mut entry = self.add(
                &format!("{dir}/{}-{}", n + 1, safe(&f.file.filename)),
                &f.bytes,
                false,
            )?;
            let role = if d.attachments.iter().any(|a| a.id == f.file.id) {
                "attachment"
            } else {
                "answer"
            };
            entry["role"] = json!(role);
            entry["name"] = json!(f.file.filename);
            files.push(entry);
        }
        self.responses.push(json!({
            "id": d.id.to_string(),
            "reference": d.reference,
            "version": d.version,
            "digest": d.digest,
            "submitted_at": d.submitted_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            "first_submitted_at": row.first_submitted_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            "organisation": d.organisation_name,
            "cvr": row.cvr,
            "stance": d.stance.as_str(),
            "files": files,
        }));
        Ok(())
    }

    /// Adds a file from another file, hashing it on the way.
    fn add_file(&mut self, path: &str, mut from: File) -> Result<Value, ExportError> {
        self.zip.start_file(
            path,
            self.options.compression_method(CompressionMethod::Stored),
        )?;
        let mut hasher = Sha256::new();
        let mut size = 0usize;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = from.read(&mut buf).map_err(io)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            self.zip.write_all(&buf[..n]).map_err(io)?;
            size += n;
        }
        Ok(json!({"path": path, "size": size, "sha256": hex::encode(hasher.finalize())}))
    }
}

fn write_bundle(
    lang: Lang,
    h: &ExportHearing,
    now: DateTime<Utc>,
    extra: Vec<ExtraFile>,
    mut rx: mpsc::Receiver<(ExportRow, Vec<Download>)>,
) -> Result<File, ExportError> {
    let mut bundle = Bundle::new(now)?;
    let mut sheet = XlsxWriter::new(lang.t("export.sheet"), &headers(lang, h))?;
    while let Some((row, downloads)) = rx.blocking_recv() {
        sheet.push(&cells(lang, h, &row))?;
        bundle.response(lang, &row, &downloads)?;
    }
    let mut xlsx = temp_file()?;
    sheet.finish(&mut xlsx)?;
    let xlsx = rewind(xlsx)?;
    let entry = bundle.add_file("responses.xlsx", xlsx)?;
    bundle.files.push(entry);
    for f in &extra {
        let entry = bundle.add(&safe(&f.name), &f.bytes, false)?;
        bundle.files.push(entry);
    }
    let time = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let manifest = json!({
        "format": "hearings-archive",
        "format_version": 1,
        "generated_at": time(now),
        "language": if lang == Lang::Da { "da" } else { "en" },
        "hearing": {
            "id": h.id.to_string(),
            "title": h.title,
            "kind": h.kind,
            "state": h.state.as_str(),
            "opens_at": time(h.opens_at),
            "closes_at": h.closes_at.map(time),
        },
        "response_count": bundle.responses.len(),
        "responses": bundle.responses,
        "files": bundle.files,
    });
    let text = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| ExportError::Write(format!("manifest: {e}")))?;
    bundle.add("manifest.json", &text, false)?;
    let mut file = bundle.zip.finish()?;
    file.flush().map_err(io)?;
    file.rewind().map_err(io)?;
    Ok(file)
}

/// The archive bundle of the hearing `h` (from [`Store::begin_export`]),
/// with `extra` files at its top level, in an anonymous temporary file
/// read from the start. Typesetting runs on a blocking thread.
pub async fn archive_file(
    store: &Store,
    viewer: &Account,
    h: &ExportHearing,
    lang: Lang,
    now: DateTime<Utc>,
    extra: Vec<ExtraFile>,
) -> Result<File, ExportError> {
    let (tx, rx) = mpsc::channel::<(ExportRow, Vec<Download>)>(2);
    let hearing = Arc::new(h.clone());
    let writer = tokio::task::spawn_blocking(move || write_bundle(lang, &hearing, now, extra, rx));
    let fed = async {
        let mut after: Option<ExportCursor> = None;
        loop {
            let page = store
                .export_page(viewer, h, after, ARCHIVE_PAGE_SIZE)
                .await?;
            for row in page.rows {
                let downloads = store.export_files(viewer, &row).await?;
                if tx.send((row, downloads)).await.is_err() {
                    return Ok::<(), ExportError>(());
                }
            }
            match page.next {
                Some(c) => after = Some(c),
                None => return Ok(()),
            }
        }
    }
    .await;
    drop(tx);
    let written = writer
        .await
        .map_err(|e| ExportError::Write(format!("writer: {e}")))?;
    fed?;
    written
}
