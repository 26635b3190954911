//! The exports of all a hearing's responses, driven page by page: the
//! store reads a page of responses ([`EXPORT_PAGE_SIZE`]), a writer on a
//! blocking thread takes it through a channel that holds at most two
//! pages, so memory stays bounded whatever the number of responses.
//!
//! The XLSX and the archive are written to an anonymous temporary file
//! (deleted when closed), which the front doors then send in chunks
//! ([`file_chunks`]); the CSV is sent as it is written ([`csv_stream`]).

use std::fs::File;
use std::io::{Seek, SeekFrom};
use std::sync::Arc;

use futures_util::Stream;
use hearings_i18n::Lang;
use hearings_store::{Account, EXPORT_PAGE_SIZE, ExportCursor, ExportHearing, ExportRow, Store};
use tokio::io::AsyncReadExt;
use tokio::sync::mpsc;

use crate::ExportError;
use crate::sheet::{CsvWriter, XlsxWriter};
use crate::table::{cells, headers};

/// The media type of an XLSX workbook.
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The media type of the CSV export.
pub const CSV_TYPE: &str = "text/csv; charset=utf-8";
/// The media type of the archive bundle.
pub const ZIP_TYPE: &str = "application/zip";

/// The file name of an export of a hearing (`<kind>` is e.g.
/// `responses.xlsx`), ASCII only.
pub fn export_filename(h: &ExportHearing, lang: Lang, what: &str) -> String {
    let prefix = if lang == Lang::Da {
        "hoering"
    } else {
        "hearing"
    };
    let short: String = h.id.to_string().chars().take(8).collect();
    format!("{prefix}-{short}-{what}")
}

pub(crate) fn temp_file() -> Result<File, ExportError> {
    tempfile::tempfile().map_err(ExportError::Io)
}

pub(crate) fn rewind(mut f: File) -> Result<File, ExportError> {
    f.seek(SeekFrom::Start(0)).map_err(ExportError::Io)?;
    Ok(f)
}

/// Feeds every page of the hearing's responses to `tx`; stops early when
/// the writer has gone (it failed; its error is what counts).
async fn feed(
    store: &Store,
    viewer: &Account,
    h: &ExportHearing,
    page_size: u64,
    tx: mpsc::Sender<Vec<ExportRow>>,
) -> Result<(), ExportError> {
    let mut after: Option<ExportCursor> = None;
    loop {
        let page = store.export_page(viewer, h, after, page_size).await?;
        if !page.rows.is_empty() && tx.send(page.rows).await.is_err() {
            return Ok(());
        }
        match page.next {
            Some(c) => after = Some(c),
            None => return Ok(()),
        }
    }
}

/// Writes the spreadsheet of all responses from pages coming through `rx`
/// (on a blocking thread), to an anonymous temporary file.
pub(crate) fn xlsx_from_pages(
    lang: Lang,
    h: &ExportHearing,
    mut rx: mpsc::Receiver<Vec<ExportRow>>,
) -> Result<File, ExportError> {
    let mut w = XlsxWriter::new(lang.t("export.sheet"), &headers(lang, h))?;
    while let Some(rows) = rx.blocking_recv() {
        for r in &rows {
            w.push(&cells(lang, h, r))?;
        }
    }
    let mut f = temp_file()?;
    w.finish(&mut f)?;
    rewind(f)
}

/// All responses of the hearing `h` (from [`Store::begin_export`]) as an
/// XLSX workbook in an anonymous temporary file, read from the start.
pub async fn xlsx_file(
    store: &Store,
    viewer: &Account,
    h: &ExportHearing,
    lang: Lang,
) -> Result<File, ExportError> {
    xlsx_file_paged(store, viewer, h, lang, EXPORT_PAGE_SIZE).await
}

/// [`xlsx_file`] with pages of `page_size` responses (tests use small ones).
pub async fn xlsx_file_paged(
    store: &Store,
    viewer: &Account,
    h: &ExportHearing,
    lang: Lang,
    page_size: u64,
) -> Result<File, ExportError> {
    let (tx, rx) = mpsc::channel(2);
    let hearing = Arc::new(h.clone());
    let writer = tokio::task::spawn_blocking(move || xlsx_from_pages(lang, &hearing, rx));
    let fed = feed(store, viewer, h, page_size, tx).await;
    let written = writer
        .await
        .map_err(|e| ExportError::Write(format!("writer: {e}")))?;
    fed?;
    written
}

enum CsvState {
    Start,
    Page(Option<ExportCursor>, Box<CsvWriter>),
    Done,
}

/// All responses of the hearing `h` (from [`Store::begin_export`]) as CSV,
/// a chunk per page: the header first, then each page's rows.
pub fn csv_stream(
    store: Store,
    viewer: Account,
    h: ExportHearing,
    lang: Lang,
) -> impl Stream<Item = Result<Vec<u8>, ExportError>> + Send + 'static {
    csv_stream_paged(store, viewer, h, lang, EXPORT_PAGE_SIZE)
}

/// [`csv_stream`] with pages of `page_size` responses.
pub fn csv_stream_paged(
    store: Store,
    viewer: Account,
    h: ExportHearing,
    lang: Lang,
    page_size: u64,
) -> impl Stream<Item = Result<Vec<u8>, ExportError>> + Send + 'static {
    let ctx = Arc::new((store, viewer, h));
    futures_util::stream::unfold(CsvState::Start, move |state| {
        let ctx = ctx.clone();
        async move {
            let (store, viewer, h) = &*ctx;
            match state {
                CsvState::Done => None,
                CsvState::Start => match CsvWriter::new(&headers(lang, h)) {
                    Ok(mut w) => match w.chunk() {
                        Ok(bytes) => Some((Ok(bytes), CsvState::Page(None, Box::new(w)))),
                        Err(e) => Some((Err(e), CsvState::Done)),
                    },
                    Err(e) => Some((Err(e), CsvState::Done)),
                },
                CsvState::Page(after, mut w) => {
                    let page = match store.export_page(viewer, h, after, page_size).await {
                        Ok(p) => p,
                        Err(e) => return Some((Err(ExportError::Store(e)), CsvState::Done)),
                    };
                    if page.rows.is_empty() {
                        return None;
                    }
                    let written = page
                        .rows
                        .iter()
                        .try_for_each(|r| w.push(&cells(lang, h, r)))
                        .and_then(|()| w.chunk());
                    match (written, page.next) {
                        (Err(e), _) => Some((Err(e), CsvState::Done)),
                        (Ok(bytes), Some(next)) => Some((Ok(bytes), CsvState::Page(Some(next), w))),
                        (Ok(bytes), None) => Some((Ok(bytes), CsvState::Done)),
                    }
                }
            }
        }
    })
}

/// A file's bytes in chunks of 64 KiB, from where it is read, for a
/// response body.
pub fn file_chunks(file: File) -> impl Stream<Item = std::io::Result<Vec<u8>>> + Send + 'static {
    let file = tokio::fs::File::from_std(file);
    futures_util::stream::unfold(Some(file), |state| async move {
        let mut f = state?;
        let mut buf = vec![0u8; 64 * 1024];
        match f.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(buf), Some(f)))
            }
            Err(e) => Some((Err(e), None)),
        }
    })
}
