//! `hearings import organisations FILE.csv`: reads an extract of the
//! business register into the organisation register, row by row, and
//! reports what was refused and why (in English, for the operator).
//!
//! Columns, by header name (any case) or, without a header row, in this
//! order: `cvr`, `name`, `industry_code`, `classification`, `employees`
//! (a number, or a size class: micro, small, medium, large), `address`,
//! `postcode`, `email`, and optionally `area` (a local area code; without
//! it every organisation is in `hele-kommunen`). Commas or semicolons.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use hearings_core::register::RawRegisterRow;
use hearings_store::{ImportOutcome, Store, StoreError};

/// The columns in the order assumed when the file has no header row.
pub const COLUMNS: [&str; 9] = [
    "cvr",
    "name",
    "industry_code",
    "classification",
    "employees",
    "address",
    "postcode",
    "email",
    "area",
];

/// Other names a header may give a column (Danish, and common variants).
const ALIASES: &[(&str, &str)] = &[
    ("cvr-nummer", "cvr"),
    ("cvrnr", "cvr"),
    ("navn", "name"),
    ("branchekode", "industry_code"),
    ("industry code", "industry_code"),
    ("klassifikation", "classification"),
    ("ansatte", "employees"),
    ("size_class", "employees"),
    ("size class", "employees"),
    ("adresse", "address"),
    ("postnr", "postcode"),
    ("postnummer", "postcode"),
    ("e-mail", "email"),
    ("omraade", "area"),
    ("område", "area"),
];

/// A row that was not imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Its line in the file, from 1.
    pub line: u64,
    /// The CVR number as written.
    pub cvr: String,
    /// Why, in English.
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Rows read (the header not counted).
    pub rows: u64,
    /// New organisations.
    pub created: u64,
    /// Organisations brought up to date.
    pub updated: u64,
    /// Rows equal to what was kept.
    pub unchanged: u64,
    /// Rows refused, with their reasons.
    pub refused: Vec<Refusal>,
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for r in &self.refused {
            let cvr = if r.cvr.is_empty() { "(none)" } else { &r.cvr };
            writeln!(f, "refused: line {}, CVR {cvr}: {}", r.line, r.reason)?;
        }
        writeln!(
            f,
            "{} rows: {} created, {} updated, {} unchanged, {} refused.",
            self.rows,
            self.created,
            self.updated,
            self.unchanged,
            self.refused.len()
        )
    }
}

fn canonical(header: &str) -> String {
    let h = header.trim().trim_start_matches('\u{feff}').to_lowercase();
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == h)
        .map(|(_, name)| (*name).to_string())
        .unwrap_or(h)
}

/// Reads the CSV text into (line, row) pairs. A first row with a field
/// `cvr` (or a Danish variant) is a header naming the columns.
pub fn read_rows(text: &str) -> Result<Vec<(u64, RawRegisterRow)>, String> {
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut records = reader.records().peekable();
    let mut positions: HashMap<String, usize> = COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| ((*c).to_string(), i))
        .collect();
    if let Some(Ok(first)) = records.peek()
        && first.iter().any(|h| canonical(h) == "cvr")
    {
        positions = first
            .iter()
            .enumerate()
            .map(|(i, h)| (canonical(h), i))
            .collect();
        let missing: Vec<&str> = COLUMNS[..8]
            .iter()
            .copied()
            .filter(|c| !positions.contains_key(*c))
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "the header row lacks the column(s) {}; expected {}",
                missing.join(", "),
                COLUMNS.join(",")
            ));
        }
        records.next();
    }
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| format!("the file is not readable CSV: {e}"))?;
        let line = record.position().map(|p| p.line()).unwrap_or_default();
        if record.iter().all(str::is_empty) {
            continue;
        }
        let field = |name: &str| {
            positions
                .get(name)
                .and_then(|i| record.get(*i))
                .unwrap_or_default()
                .to_string()
        };
        rows.push((
            line,
            RawRegisterRow {
                cvr: field("cvr"),
                name: field("name"),
                industry_code: field("industry_code"),
                classification: field("classification"),
                employees_or_size: field("employees"),
                address: field("address"),
                postcode: field("postcode"),
                email: field("email"),
                area: field("area"),
            },
        ));
    }
    Ok(rows)
}

/// Imports the rows, calling `progress` after each. A CVR number seen
/// earlier in the same file is refused, so a re-run changes nothing.
pub async fn import_rows(
    store: &Store,
    rows: &[(u64, RawRegisterRow)],
    now: DateTime<Utc>,
    mut progress: impl FnMut(),
) -> Result<ImportReport, StoreError> {
    let mut report = ImportReport::default();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (line, raw) in rows {
        report.rows += 1;
        let refuse = |reason: String| Refusal {
            line: *line,
            cvr: raw.cvr.trim().to_string(),
            reason,
        };
        match raw.parse() {
            Err(errors) => {
                let why: Vec<String> = errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.problem))
                    .collect();
                report.refused.push(refuse(why.join("; ")));
            }
            Ok(entry) => {
                let cvr = entry.cvr.to_string();
                if let Some(first) = seen.get(&cvr) {
                    report.refused.push(refuse(format!(
                        "cvr: the CVR number appears earlier in the file (line {first})"
                    )));
                } else {
                    seen.insert(cvr, *line);
                    match store.import_organisation(&entry, now).await {
                        Ok(ImportOutcome::Created) => report.created += 1,
                        Ok(ImportOutcome::Updated) => report.updated += 1,
                        Ok(ImportOutcome::Unchanged) => report.unchanged += 1,
                        Err(StoreError::Invalid(errors)) => {
                            let why: Vec<String> = errors
                                .iter()
                                .map(|e| match e.field.as_str() {
                                    "area" => format!("area: {} '{}'", e.problem, entry.area),
                                    _ => format!("{}: {}", e.field, e.problem),
                                })
                                .collect();
                            report.refused.push(refuse(why.join("; ")));
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
        }
        progress();
    }
    Ok(report)
}

/// Reads and imports a file, with a progress bar on standard error (hidden
/// when standard error is not a terminal).
pub async fn import_file(
    store: &Store,
    path: &Path,
    now: DateTime<Utc>,
) -> Result<ImportReport, Box<dyn std::error::Error>> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text =
        String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text", path.display()))?;
    let rows = read_rows(&text)?;
    let bar = indicatif::ProgressBar::new(rows.len() as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} rows ({eta} left)")
    {
        bar.set_style(style);
    }
    let report = import_rows(store, &rows, now, || bar.inc(1)).await;
    bar.finish_and_clear();
    Ok(report?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_row_names_the_columns_in_any_order_and_case() {
        let rows = read_rows(
            "Navn;CVR;Branchekode;Klassifikation;Ansatte;Adresse;Postnr;E-mail\n\
             Bageriet;13748136;47.24;DB25;3;Vej 1;2600;a@b.example\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].0, rows[0].1.name.as_str()), (2, "Bageriet"));
        assert_eq!(rows[0].1.cvr, "13748136");
        assert_eq!(rows[0].1.area, "");
    }

    #[test]
    fn without_a_header_the_columns_are_in_the_documented_order() {
        let rows = read_rows("13748136,Bageriet,47.24,DB25,small,Vej 1,2600,,ejby\n\n").unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].1.employees_or_size, "small");
        assert_eq!(rows[0].1.area, "ejby");
    }

    #[test]
    fn a_header_without_a_needed_column_is_refused_whole() {
        let e = read_rows("cvr,name\n13748136,X\n").unwrap_err();
        assert!(e.contains("industry_code"), "{e}");
    }
}
