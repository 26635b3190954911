//! The hearing memo of a hearing with 10,000 responses: composed from the
//! analysis and written as DOCX (and, for comparison, as PDF), timed, with
//! the process's peak memory. Run with
//! `cargo bench -p hearings-export --bench memo_docx`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::time::Instant;

use chrono::TimeZone;
use hearings_core::analysis::{Assessment, Theme};
use hearings_core::{HearingId, HearingKind, HearingState, ResponseId};
use hearings_export::memo::{compose, memo_docx, memo_pdf};
use hearings_i18n::Lang;
use hearings_store::{HearingListItem, MemoCampaign, MemoData, MemoParty, MemoResponse, MemoTheme};
use uuid::Uuid;

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).map(|v| v.parse().unwrap_or(0)))
        })
        .unwrap_or(0)
}

fn data(n: usize) -> MemoData {
    let assessments = [
        Some(Assessment::Accommodated),
        Some(Assessment::Partly),
        Some(Assessment::NotAccommodated),
        None,
    ];
    let responses: Vec<MemoResponse> = (0..n)
        .map(|i| MemoResponse {
            id: ResponseId(Uuid::from_u128(i as u128 + 1)),
            reference: format!("GLO-{:04X}-{:04X}", i / 65536, i % 65536),
            name: (i % 7 != 0).then(|| format!("Virksomhed nr. {i} ApS (fiktiv)")),
            href: format!("https://hoeringer.glostrup.example/responses/{}", Uuid::from_u128(i as u128 + 1)),
            summary: format!("Ønsker bedre parkering og varelevering ved butik {i}; bekymret for trafikken i Hovedvejen."),
            assessment: assessments[i % 4],
            reason: if i % 4 == 3 { String::new() } else { "Forvaltningen vurderer, at lokalplanens bestemmelser tilgodeser ønsket delvist.".into() },
        })
        .collect();
    let themes = (0..20)
        .map(|t| MemoTheme {
            theme: Theme {
                name: format!("Tema {t}: parkering, trafik og byliv"),
                views: "Mange høringssvar ønsker flere parkeringspladser og bedre forhold for varelevering. Flere peger på **trafiksikkerheden** ved skolen.".into(),
                comment: "Forvaltningen anbefaler, at der etableres 20 nye pladser, og at varelevering tillades fra kl. 6.".into(),
                change: if t % 2 == 0 { format!("§ {} ændres, så der etableres 20 nye pladser.", t + 1) } else { String::new() },
            },
            responses: (0..n).filter(|i| i % 20 == t || i % 33 == t).collect(),
        })
        .collect();
    let campaigns = vec![MemoCampaign {
        text: "Vi protesterer mod nedlæggelsen af parkeringspladserne på Torvet. [...]".into(),
        responses: (0..n).filter(|i| i % 50 == 0).collect(),
    }];
    let hearing = HearingListItem {
        id: HearingId(Uuid::from_u128(u128::MAX)),
        kind: HearingKind::Lokalplanforslag,
        state: HearingState::InReview,
        title: "Forslag til lokalplan for Glostrup Bymidte".into(),
        summary: String::new(),
        area: None,
        opens_at: chrono::Utc.with_ymd_and_hms(2026, 10, 1, 8, 0, 0).unwrap(),
        closes_at: Some(chrono::Utc.with_ymd_and_hms(2026, 11, 5, 11, 0, 0).unwrap()),
        committee: None,
        council_meeting: None,
        areas: vec![],
        topics: vec![],
        contact: None,
    };
    let parties = (0..2_000)
        .map(|i| MemoParty {
            name: Some(format!("Part {i} A/S")),
            responded: i % 3 == 0,
        })
        .collect();
    MemoData {
        hearing,
        parties,
        responses,
        themes,
        campaigns,
        decision: None,
    }
}

fn main() {
    let n: usize = std::env::var("MEMO_RESPONSES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let d = data(n);
    let before = peak_rss_kib();
    for run in 1..=3 {
        let t = Instant::now();
        let md = compose(Lang::Da, &d);
        let composed = t.elapsed();
        let docx = memo_docx("Høringsnotat", &md, "").unwrap();
        let total = t.elapsed();
        println!(
            "run {run}: {n} responses: compose {:.0} ms, compose + DOCX {:.0} ms; Markdown {} kB, DOCX {} kB; peak RSS {} MB (data alone {} MB)",
            composed.as_secs_f64() * 1000.0,
            total.as_secs_f64() * 1000.0,
            md.len() / 1024,
            docx.len() / 1024,
            peak_rss_kib() / 1024,
            before / 1024,
        );
    }
    let md = compose(Lang::Da, &d);
    let t = Instant::now();
    let pdf = memo_pdf(Lang::Da, "Høringsnotat", "Høringsnotat, version 1", &md, "").unwrap();
    println!(
        "PDF of the same memo: {:.0} ms, {} kB; peak RSS {} MB",
        t.elapsed().as_secs_f64() * 1000.0,
        pdf.len() / 1024,
        peak_rss_kib() / 1024
    );
}
