//! The writers of the table: XLSX (rust_xlsxwriter in its constant-memory
//! mode, which writes each row to a temporary file as soon as the next one
//! starts, so memory does not grow with the rows) and CSV (the `csv`
//! crate, in chunks the front doors send as they come).

use std::io::Write;

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::ExportError;
use crate::table::Cell;

/// The longest text an XLSX cell holds.
const XLSX_CELL_MAX: usize = 32_767;

impl From<XlsxError> for ExportError {
    fn from(e: XlsxError) -> Self {
        ExportError::Write(format!("xlsx: {e}"))
    }
}

impl From<csv::Error> for ExportError {
    fn from(e: csv::Error) -> Self {
        ExportError::Write(format!("csv: {e}"))
    }
}

/// A spreadsheet being written, one row after the other.
pub struct XlsxWriter {
    workbook: Workbook,
    next_row: u32,
    columns: u16,
}

fn clip(s: &str) -> &str {
    match s.char_indices().nth(XLSX_CELL_MAX) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

impl XlsxWriter {
    /// A workbook with one sheet named `sheet`, its header row in bold,
    /// frozen and with a filter.
    pub fn new(sheet: &str, headers: &[String]) -> Result<Self, ExportError> {
        let mut workbook = Workbook::new();
        let bold = Format::new().set_bold();
        let columns = u16::try_from(headers.len())
            .map_err(|_| ExportError::Write("too many columns".into()))?;
        let ws = workbook.add_worksheet_with_constant_memory()?;
        ws.set_name(sheet)?;
        for (i, h) in headers.iter().enumerate() {
            let col = i as u16;
            ws.set_column_width(col, if i < 16 { 18 } else { 40 })?;
            ws.write_string_with_format(0, col, clip(h), &bold)?;
        }
        ws.set_freeze_panes(1, 0)?;
        if columns > 0 {
            ws.autofilter(0, 0, 0, columns - 1)?;
        }
        Ok(Self {
            workbook,
            next_row: 1,
            columns,
        })
    }

    /// Writes the next row.
    pub fn push(&mut self, cells: &[Cell]) -> Result<(), ExportError> {
        let row = self.next_row;
        let ws = self.workbook.worksheet_from_index(0)?;
        for (i, c) in cells.iter().enumerate().take(usize::from(self.columns)) {
            let col = i as u16;
            match c {
                Cell::Text(s) if s.is_empty() => {}
                Cell::Text(s) => {
                    ws.write_string(row, col, clip(s))?;
                }
                Cell::Number(n) => {
                    ws.write_number(row, col, *n)?;
                }
            }
        }
        self.next_row += 1;
        Ok(())
    }

    /// How many rows of responses were written.
    pub fn rows(&self) -> u32 {
        self.next_row - 1
    }

    /// Writes the workbook out.
    pub fn finish<W: Write + Send>(mut self, out: W) -> Result<(), ExportError> {
        self.workbook.save_to_writer(out)?;
        Ok(())
    }
}

/// The CSV table in chunks: the header first (after a UTF-8 byte order
/// mark, so spreadsheet programs read Danish letters right), then the rows
/// as they are given (RFC 4180: commas, quotes doubled, CRLF line ends).
pub struct CsvWriter {
    builder: csv::WriterBuilder,
    buf: Vec<u8>,
}

impl CsvWriter {
    /// A writer whose first chunk holds the header.
    pub fn new(headers: &[String]) -> Result<Self, ExportError> {
        let mut builder = csv::WriterBuilder::new();
        builder
            .terminator(csv::Terminator::CRLF)
            .buffer_capacity(4 * 1024);
        let mut w = Self {
            builder,
            buf: Vec::with_capacity(64 * 1024),
        };
        w.buf.extend_from_slice("\u{feff}".as_bytes());
        w.record(headers.iter().map(String::as_str))?;
        Ok(w)
    }

    fn record<'a>(&mut self, fields: impl IntoIterator<Item = &'a str>) -> Result<(), ExportError> {
        let mut w = self.builder.from_writer(&mut self.buf);
        w.write_record(fields)?;
        w.flush()
            .map_err(|e| ExportError::Write(format!("csv: {e}")))?;
        Ok(())
    }

    /// Adds a row.
    pub fn push(&mut self, cells: &[Cell]) -> Result<(), ExportError> {
        let texts: Vec<String> = cells.iter().map(Cell::text).collect();
        self.record(texts.iter().map(String::as_str))
    }

    /// Takes what was written since the last chunk.
    pub fn chunk(&mut self) -> Result<Vec<u8>, ExportError> {
        Ok(std::mem::take(&mut self.buf))
    }
}
