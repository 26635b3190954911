//! The XLSX (and CSV) export of many responses, through the same code the
//! front doors use (`headers`, `cells`, `XlsxWriter`, `CsvWriter`), with
//! generated rows made a page of 1,000 at a time as the store gives them.
//! Reports the time and the peak resident memory (VmHWM).
//!
//! `cargo bench -p hearings-export --bench xlsx_export` (100,000 rows), or
//! `EXPORT_BENCH_ROWS=10000 cargo bench -p hearings-export --bench xlsx_export`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use hearings_core::analysis::{Analysis, Assessment};
use hearings_core::response_parts::{Decision, Location};
use hearings_core::{
    FileId, HearingId, HearingState, QuestionId, QuestionKind, QuestionSpec, ResponseId, SectionId,
    Stance,
};
use hearings_export::{CsvWriter, XlsxWriter, cells, headers};
use hearings_i18n::Lang;
use hearings_store::{
    DetailAnswer, DetailComment, ExportHearing, ExportRow, ExportSection, PassageView,
    QuestionView, ResponseDetail, StoredFile,
};
use uuid::Uuid;

fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn hearing() -> ExportHearing {
    let q = |n: u128, kind: QuestionKind, prompt: &str| QuestionView {
        id: QuestionId(Uuid::from_u128(n)),
        position: n as i32,
        spec: QuestionSpec {
            kind,
            prompt: prompt.into(),
            help: String::new(),
            required: false,
        },
    };
    ExportHearing {
        id: HearingId(Uuid::from_u128(1)),
        title: "Erhvervspolitik 2027".into(),
        kind: "policy".into(),
        state: HearingState::Closed,
        opens_at: Utc.with_ymd_and_hms(2026, 9, 1, 8, 0, 0).unwrap(),
        closes_at: Some(Utc.with_ymd_and_hms(2026, 10, 1, 10, 0, 0).unwrap()),
        questions: vec![
            q(10, QuestionKind::LongText, "Bemærkninger"),
            q(
                11,
                QuestionKind::MultipleChoice(vec!["Parkering".into(), "Cykelstier".into()]),
                "Hvad berører jer?",
            ),
            q(12, QuestionKind::Scale, "Hvor enige er I?"),
            q(
                13,
                QuestionKind::Number("kr.".into()),
                "Forventet omkostning",
            ),
            q(14, QuestionKind::YesNo, "Flere ansatte?"),
        ],
        sections: (1..=3)
            .map(|n| ExportSection {
                id: SectionId(Uuid::from_u128(100 + n as u128)),
                number: n,
                heading: format!("Afsnit {n}"),
            })
            .collect(),
        themes: vec![],
    }
}

fn row(h: &ExportHearing, i: u64) -> ExportRow {
    let at = Utc.with_ymd_and_hms(2026, 9, 2, 8, 0, 0).unwrap() + Duration::seconds(i as i64);
    let text = format!(
        "Svar {i}: Vi bakker op om forslaget, men savner parkering ved butikkerne og bedre cykelstier langs Hovedvejen. Det koster os omkring {} kr. om året.",
        i * 7 % 100_000
    );
    let answers = vec![
        DetailAnswer {
            question: h.questions[0].id,
            prompt: h.questions[0].spec.prompt.clone(),
            kind: h.questions[0].spec.kind.clone(),
            values: vec![text.clone()],
            file: None,
        },
        DetailAnswer {
            question: h.questions[1].id,
            prompt: h.questions[1].spec.prompt.clone(),
            kind: h.questions[1].spec.kind.clone(),
            values: vec!["Parkering".into(), "Cykelstier".into()],
            file: None,
        },
        DetailAnswer {
            question: h.questions[2].id,
            prompt: h.questions[2].spec.prompt.clone(),
            kind: QuestionKind::Scale,
            values: vec![(i % 5 + 1).to_string()],
            file: None,
        },
        DetailAnswer {
            question: h.questions[3].id,
            prompt: h.questions[3].spec.prompt.clone(),
            kind: h.questions[3].spec.kind.clone(),
            values: vec![(i * 13 % 50_000).to_string()],
            file: None,
        },
        DetailAnswer {
            question: h.questions[4].id,
            prompt: h.questions[4].spec.prompt.clone(),
            kind: QuestionKind::YesNo,
            values: vec![if i.is_multiple_of(2) { "yes" } else { "no" }.into()],
            file: None,
        },
    ];
    let comments = h
        .sections
        .iter()
        .take((i % 3) as usize + 1)
        .map(|s| DetailComment {
            section: s.id,
            number: s.number,
            heading: s.heading.clone(),
            section_text: String::new(),
            text: format!("Bemærkning {i} til § {}.", s.number),
        })
        .collect();
    let attachments = if i.is_multiple_of(10) {
        vec![StoredFile {
            id: FileId(Uuid::from_u128(u128::from(i) + 1_000_000)),
            filename: format!("bilag-{i}.pdf"),
            content_type: "application/pdf".into(),
            size: 123_456,
            sha256: "ab".repeat(32),
            organisation: None,
            created_at: at,
        }]
    } else {
        vec![]
    };
    let confidential = if i.is_multiple_of(20) {
        vec![PassageView {
            id: Uuid::from_u128(u128::from(i) + 2_000_000),
            location: Location::Answer(h.questions[0].id),
            location_label: h.questions[0].spec.prompt.clone(),
            text: "savner parkering".into(),
            reason: "Forretningshemmelighed".into(),
            decision: Decision::Granted,
            decision_reason: Some("Oplysningerne er forretningshemmeligheder.".into()),
            decided_at: Some(at),
        }]
    } else {
        vec![]
    };
    ExportRow {
        detail: ResponseDetail {
            id: ResponseId(Uuid::from_u128(u128::from(i) + 3_000_000)),
            reference: format!("GLO-{:04X}-{:04X}", i / 65_536, i % 65_536),
            hearing: h.id,
            hearing_title: h.title.clone(),
            hearing_state: h.state,
            organisation_name: format!("Virksomhed nr. {i} ApS (fiktiv)"),
            respondent_type: "company".into(),
            stance: [
                Stance::Supports,
                Stance::SupportsWithChanges,
                Stance::Neutral,
                Stance::Opposes,
            ][(i % 4) as usize],
            publication: "named".into(),
            version: 1 + (i % 3) as i32,
            submitted_at: at,
            submitted_by: format!("Person {i}"),
            digest: format!("{:064x}", u128::from(i) * 0x9E37_79B9_7F4A_7C15),
            answers,
            comments,
            attachments,
            confidential,
            versions: vec![],
        },
        first_submitted_at: at,
        cvr: Some(format!("{:08}", 10_000_000 + i)),
        industry_classification: "DB25".into(),
        industry_code: "47.24".into(),
        industry_section: "G".into(),
        size_class: ["micro", "small", "medium", "large"][(i % 4) as usize].into(),
        area: "bymidten".into(),
        analysis: i.is_multiple_of(2).then(|| Analysis {
            summary: format!("Ønsker parkering ({i})."),
            assessment: Some(Assessment::Partly),
            reason: "Der udlægges 20 pladser.".into(),
        }),
        comment_analyses: vec![],
        themes: vec!["Parkering".into(), "Trafik".into()],
    }
}

fn main() {
    let n: u64 = std::env::var("EXPORT_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let lang = Lang::Da;
    let h = hearing();
    let base = vm_hwm_kib();

    let started = Instant::now();
    let mut w = XlsxWriter::new(lang.t("export.sheet"), &headers(lang, &h)).unwrap();
    let mut i = 0;
    while i < n {
        let page: Vec<ExportRow> = (i..(i + 1_000).min(n)).map(|k| row(&h, k)).collect();
        for r in &page {
            w.push(&cells(lang, &h, r)).unwrap();
        }
        i += page.len() as u64;
    }
    let mut out = tempfile::tempfile().unwrap();
    w.finish(&mut out).unwrap();
    let xlsx_time = started.elapsed();
    let xlsx_size = out.metadata().unwrap().len();
    let xlsx_hwm = vm_hwm_kib();

    let started = Instant::now();
    let mut c = CsvWriter::new(&headers(lang, &h)).unwrap();
    let mut csv_size = c.chunk().unwrap().len();
    let mut i = 0;
    while i < n {
        let page: Vec<ExportRow> = (i..(i + 1_000).min(n)).map(|k| row(&h, k)).collect();
        for r in &page {
            c.push(&cells(lang, &h, r)).unwrap();
        }
        csv_size += c.chunk().unwrap().len();
        i += page.len() as u64;
    }
    let csv_time = started.elapsed();
    let csv_hwm = vm_hwm_kib();

    println!("rows: {n}");
    println!("peak RSS before writing (VmHWM): {} MiB", base / 1024);
    println!(
        "xlsx: {:.2} s, {:.1} MiB file, peak RSS (VmHWM) {} MiB",
        xlsx_time.as_secs_f64(),
        xlsx_size as f64 / 1_048_576.0,
        xlsx_hwm / 1024
    );
    println!(
        "csv:  {:.2} s, {:.1} MiB streamed, peak RSS (VmHWM) {} MiB",
        csv_time.as_secs_f64(),
        csv_size as f64 / 1_048_576.0,
        csv_hwm / 1024
    );
}
