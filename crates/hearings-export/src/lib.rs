//! Documents made from what is kept: the PDF copy of a submitted
//! response, typeset by Typst (used as a library, with its own embedded
//! fonts, so no font or file is read from the machine); all responses of a
//! hearing as XLSX and CSV (`table`, `sheet`, `run`); and the archive
//! bundle for the case system (`bundle`). Both front doors serve them;
//! this crate knows no HTTP and no database, only the store's use cases
//! and read models and the texts.
//!
//! Every text goes into the document as data (`sys.inputs`, JSON), never
//! as Typst markup, so nothing a respondent typed can change the document.

mod bundle;
mod run;
mod sheet;
mod table;

pub use bundle::{ARCHIVE_PAGE_SIZE, ExtraFile, archive_file};
pub use run::{
    CSV_TYPE, XLSX_TYPE, ZIP_TYPE, csv_stream, csv_stream_paged, export_filename, file_chunks,
    xlsx_file, xlsx_file_paged,
};
pub use sheet::{CsvWriter, XlsxWriter};
pub use table::{Cell, cells, headers, local_time};

use std::sync::LazyLock;

pub mod memo;

use hearings_core::QuestionKind;
use hearings_core::files::human_size;
use hearings_i18n::Lang;
use hearings_store::ResponseDetail;
use serde_json::{Value, json};
use typst::foundations::{Dict, IntoValue};
use typst_as_lib::TypstEngine;
use typst_as_lib::TypstTemplateMainFile;
use typst_layout::PagedDocument;

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Typst refused the template or the data (a bug, logged).
    #[error("typesetting failed: {0}")]
    Typeset(String),
    /// The store refused or failed (its own error).
    #[error(transparent)]
    Store(#[from] hearings_store::StoreError),
    /// A spreadsheet, CSV or ZIP could not be written (a bug, logged).
    #[error("writing failed: {0}")]
    Write(String),
    /// A temporary file could not be written or read.
    #[error("temporary file: {0}")]
    Io(std::io::Error),
}

const RESPONSE_TEMPLATE: &str = include_str!("../templates/response.typ");

static RESPONSE_ENGINE: LazyLock<TypstEngine<TypstTemplateMainFile>> = LazyLock::new(|| {
    TypstEngine::builder()
        .main_file(RESPONSE_TEMPLATE)
        .fonts(typst_assets::fonts())
        .build()
});

/// Typesets `template`'s engine with `data` as `sys.inputs.data`, to PDF.
pub(crate) fn typeset(
    engine: &TypstEngine<TypstTemplateMainFile>,
    data: &Value,
) -> Result<Vec<u8>, ExportError> {
    let mut inputs = Dict::new();
    inputs.insert("data".into(), data.to_string().into_value());
    let doc: PagedDocument = engine
        .compile_with_input(inputs)
        .output
        .map_err(|e| ExportError::Typeset(format!("{e:?}")))?;
    typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default())
        .map_err(|e| ExportError::Typeset(format!("{e:?}")))
}

fn answer_text(lang: Lang, kind: &QuestionKind, values: &[String]) -> String {
    match kind {
        QuestionKind::YesNo => values
            .iter()
            .map(|v| lang.t(if v == "yes" { "yes" } else { "no" }).to_string())
            .collect::<Vec<_>>()
            .join(", "),
        QuestionKind::Number(unit) => format!("{} {unit}", values.join(", ")),
        _ => values.join(", "),
    }
}

/// A digest in groups of 16 hex digits, so it breaks at the margin.
fn spaced(digest: &str) -> String {
    digest
        .as_bytes()
        .chunks(16)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What the PDF copy of a response shows, as the template reads it.
pub fn response_data(lang: Lang, d: &ResponseDetail) -> Value {
    let size = |n: i64| human_size(n.max(0) as u64, lang == Lang::Da);
    json!({
        "lang": if lang == Lang::Da { "da" } else { "en" },
        "title": lang.t("response.title"),
        "organisation": d.organisation_name,
        "hearing": d.hearing_title,
        "facts": [
            [lang.t("receipt.reference"), d.reference],
            [lang.t("receipt.version"), d.version.to_string()],
            [lang.t("receipt.time"), lang.precise(d.submitted_at)],
            [lang.t("my_responses.submitted_by"), d.submitted_by],
            [lang.t("field.stance"), lang.t(&format!("stance.{}", d.stance.as_str()))],
            [lang.t("field.publication"), lang.t(&format!("publication.{}", d.publication))],
            [lang.t("receipt.digest"), spaced(&d.digest)],
        ],
        "labels": {
            "answers": lang.t("response.answers"),
            "none": lang.t("response.no_answers"),
            "comments": lang.t("respond.comments"),
            "attachments": lang.t("respond.attachments"),
            "confidential": lang.t("respond.confidential"),
        },
        "answers": d.answers.iter().map(|a| {
            let text = match &a.file {
                Some(f) => format!("{} (PDF, {})", f.filename, size(f.size)),
                None => answer_text(lang, &a.kind, &a.values),
            };
            json!([a.prompt, text])
        }).collect::<Vec<_>>(),
        "comments": d.comments.iter().map(|c| json!([format!("§ {} {}", c.number, c.heading), c.text])).collect::<Vec<_>>(),
        "attachments": d.attachments.iter().map(|f| format!("{} (PDF, {}, SHA-256 {})", f.filename, size(f.size), f.sha256)).collect::<Vec<_>>(),
        "confidential": d.confidential.iter().map(|p| json!([
            p.location_label,
            p.text,
            format!("{}: {}", lang.t("respond.conf_reason"), p.reason),
            format!(
                "{}: {}{}",
                lang.t("respond.conf_decision"),
                lang.t(&format!("decision.{}", p.decision.as_str())),
                p.decision_reason.as_ref().map(|r| format!(" — {r}")).unwrap_or_default()
            ),
        ])).collect::<Vec<_>>(),
        "footer": format!("{} {} ({} {})", lang.t("response.pdf_footer"), d.reference, lang.t("receipt.version"), d.version),
    })
}

/// The PDF copy of a response, in `lang`. Typesetting takes a moment: call
/// it off the async threads.
pub fn response_pdf(lang: Lang, d: &ResponseDetail) -> Result<Vec<u8>, ExportError> {
    typeset(&RESPONSE_ENGINE, &response_data(lang, d))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use chrono::TimeZone;
    use hearings_core::response_parts::{Decision, Location};
    use hearings_core::{HearingId, QuestionId, ResponseId, SectionId, Stance};
    use hearings_store::{DetailAnswer, DetailComment, PassageView};
    use uuid::Uuid;

    fn detail() -> ResponseDetail {
        let q = QuestionId(Uuid::from_u128(1));
        ResponseDetail {
            id: ResponseId(Uuid::from_u128(2)),
            reference: "GLO-1A2B-3C4D".into(),
            hearing: HearingId(Uuid::from_u128(3)),
            hearing_title: "Lokalplan for Hovedvejen".into(),
            hearing_state: hearings_core::HearingState::Open,
            organisation_name: "Ærø Øl & Å-bageriet #set text(red) (fiktiv)".into(),
            respondent_type: "company".into(),
            stance: Stance::SupportsWithChanges,
            publication: "named".into(),
            version: 2,
            submitted_at: chrono::Utc
                .with_ymd_and_hms(2026, 10, 25, 1, 30, 0)
                .unwrap(),
            submitted_by: "Bente Bager".into(),
            digest: "ab".repeat(32),
            answers: vec![DetailAnswer {
                question: q,
                prompt: "Bemærkninger".into(),
                kind: QuestionKind::LongText,
                values: vec!["Første linje.\nAnden linje med \"citat\" og ]].".into()],
                file: None,
            }],
            comments: vec![DetailComment {
                section: SectionId(Uuid::from_u128(4)),
                number: 2,
                heading: "Bebyggelse".into(),
                section_text: "Højst tre etager.".into(),
                text: "Fire etager bør tillades.".into(),
            }],
            attachments: vec![],
            confidential: vec![PassageView {
                id: Uuid::from_u128(5),
                location: Location::Answer(q),
                location_label: "Bemærkninger".into(),
                text: "Anden linje".into(),
                reason: "Forretningshemmelighed".into(),
                decision: Decision::Pending,
                decision_reason: None,
                decided_at: None,
            }],
            versions: vec![],
        }
    }

    #[test]
    fn a_response_becomes_a_pdf_with_danish_letters_and_markup_kept_as_text() {
        let pdf = response_pdf(Lang::Da, &detail()).expect("typeset");
        // To look at it: HEARINGS_PDF_OUT=/tmp/response.pdf cargo test -p hearings-export
        if let Ok(path) = std::env::var("HEARINGS_PDF_OUT") {
            std::fs::write(path, &pdf).unwrap();
        }
        assert!(
            hearings_core::files::check_pdf("svar.pdf", &pdf, 10_000_000).is_ok(),
            "a well-formed PDF"
        );
        let data = response_data(Lang::Da, &detail());
        assert_eq!(data["facts"][0][1], "GLO-1A2B-3C4D");
        assert_eq!(
            data["organisation"],
            "Ærø Øl & Å-bageriet #set text(red) (fiktiv)"
        );
        assert!(
            data["confidential"][0][3]
                .as_str()
                .unwrap()
                .contains("Afventer")
        );
        let english = response_pdf(Lang::En, &detail()).expect("typeset in English");
        assert!(english.starts_with(b"%PDF-"));
    }
}
