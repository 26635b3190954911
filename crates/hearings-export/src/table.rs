//! The table of all responses that the XLSX and CSV exports share: the
//! columns in the user's language, and each response as a row of cells.

use hearings_core::QuestionKind;
use hearings_core::time::in_copenhagen;
use hearings_i18n::Lang;
use hearings_store::{ExportHearing, ExportRow};

/// A cell of the table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number (a version, a scale or number answer), so a spreadsheet can
    /// sum it.
    Number(f64),
}

impl Cell {
    /// The cell as text (what the CSV holds).
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => n.to_string(),
        }
    }
}

/// A time as the exports show it: Copenhagen wall-clock time to the second.
pub fn local_time(at: chrono::DateTime<chrono::Utc>) -> String {
    in_copenhagen(at).format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The column headers, in `lang`: the fixed columns, then one per question
/// and one per section of the proposal, then the attachments, the
/// confidential passages and staff's analysis.
pub fn headers(lang: Lang, h: &ExportHearing) -> Vec<String> {
    let t = |k: &str| lang.t(k).to_string();
    let mut out = vec![
        t("export.col.reference"),
        t("export.col.version"),
        t("export.col.submitted_at"),
        t("export.col.first_submitted_at"),
        t("export.col.organisation"),
        t("export.col.cvr"),
        t("export.col.respondent_type"),
        t("export.col.industry_classification"),
        t("export.col.industry_code"),
        t("export.col.industry_section"),
        t("export.col.size_class"),
        t("export.col.area"),
        t("export.col.stance"),
        t("export.col.publication"),
        t("export.col.submitted_by"),
        t("export.col.digest"),
    ];
    out.extend(h.questions.iter().map(|q| q.spec.prompt.clone()));
    out.extend(
        h.sections
            .iter()
            .map(|s| format!("§ {} {}", s.number, s.heading)),
    );
    out.extend([
        t("export.col.attachments"),
        t("export.col.confidential"),
        t("export.col.summary"),
        t("export.col.assessment"),
        t("export.col.reason"),
        t("export.col.comment_analyses"),
        t("export.col.themes"),
    ]);
    out
}

fn label(lang: Lang, prefix: &str, value: &str) -> String {
    if value.is_empty() {
        return String::new();
    }
    let key = format!("{prefix}.{value}");
    match lang.t(&key) {
        "??" => value.to_string(),
        s => s.to_string(),
    }
}

fn answer_cell(lang: Lang, kind: &QuestionKind, values: &[String]) -> Cell {
    match kind {
        QuestionKind::Scale | QuestionKind::Number(_) if values.len() == 1 => {
            match values[0].parse::<f64>() {
                Ok(n) if n.is_finite() => Cell::Number(n),
                _ => Cell::Text(values.join("; ")),
            }
        }
        QuestionKind::YesNo => Cell::Text(
            values
                .iter()
                .map(|v| lang.t(if v == "yes" { "yes" } else { "no" }))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        _ => Cell::Text(values.join("; ")),
    }
}

/// One response as a row, matching [`headers`].
pub fn cells(lang: Lang, h: &ExportHearing, row: &ExportRow) -> Vec<Cell> {
    let d = &row.detail;
    let text = |s: &str| Cell::Text(s.to_string());
    let mut out = vec![
        text(&d.reference),
        Cell::Number(f64::from(d.version)),
        Cell::Text(local_time(d.submitted_at)),
        Cell::Text(local_time(row.first_submitted_at)),
        text(&d.organisation_name),
        text(row.cvr.as_deref().unwrap_or("")),
        Cell::Text(label(lang, "rtype", &d.respondent_type)),
        text(&row.industry_classification),
        text(&row.industry_code),
        text(&row.industry_section),
        Cell::Text(label(lang, "size", &row.size_class)),
        text(&row.area),
        Cell::Text(label(lang, "stance", d.stance.as_str())),
        Cell::Text(label(lang, "publication", &d.publication)),
        text(&d.submitted_by),
        text(&d.digest),
    ];
    for q in &h.questions {
        out.push(match d.answers.iter().find(|a| a.question == q.id) {
            None => Cell::Text(String::new()),
            Some(a) => match &a.file {
                Some(f) => Cell::Text(f.filename.clone()),
                None => answer_cell(lang, &a.kind, &a.values),
            },
        });
    }
    for s in &h.sections {
        out.push(Cell::Text(
            d.comments
                .iter()
                .find(|c| c.section == s.id)
                .map(|c| c.text.clone())
                .unwrap_or_default(),
        ));
    }
    out.push(Cell::Text(
        d.attachments
            .iter()
            .map(|f| f.filename.as_str())
            .collect::<Vec<_>>()
            .join("; "),
    ));
    out.push(Cell::Text(
        d.confidential
            .iter()
            .map(|p| {
                format!(
                    "{}: «{}» — {}{}",
                    p.location_label,
                    p.text,
                    lang.t(&format!("decision.{}", p.decision.as_str())),
                    p.decision_reason
                        .as_ref()
                        .map(|r| format!(" ({r})"))
                        .unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
    ));
    let a = row.analysis.as_ref();
    out.push(Cell::Text(a.map(|a| a.summary.clone()).unwrap_or_default()));
    out.push(Cell::Text(
        a.and_then(|a| a.assessment)
            .map(|x| label(lang, "assessment", x.as_str()))
            .unwrap_or_default(),
    ));
    out.push(Cell::Text(a.map(|a| a.reason.clone()).unwrap_or_default()));
    out.push(Cell::Text(
        row.comment_analyses
            .iter()
            .map(|(s, a)| {
                let section = h
                    .sections
                    .iter()
                    .find(|x| x.id == *s)
                    .map(|x| format!("§ {}", x.number))
                    .unwrap_or_default();
                let mut parts = vec![section];
                if let Some(x) = a.assessment {
                    parts.push(label(lang, "assessment", x.as_str()));
                }
                if !a.summary.is_empty() {
                    parts.push(a.summary.clone());
                }
                if !a.reason.is_empty() {
                    parts.push(format!("({})", a.reason));
                }
                parts.join(" — ")
            })
            .collect::<Vec<_>>()
            .join("\n"),
    ));
    out.push(Cell::Text(row.themes.join("; ")));
    out
}
