//! The exports opened and read back: the XLSX parsed with calamine, the
//! CSV with the `csv` crate, the archive unzipped with its manifest checked
//! against the responses and a response's PDF read as text. Each runs on
//! SQLite and (when configured) PostgreSQL, with pages smaller than the
//! number of responses so the paging is crossed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use chrono::{DateTime, Duration, Utc};
use futures_util::StreamExt;
use hearings_core::analysis::{RawAnalysis, RawTag, RawTheme};
use hearings_core::input::{
    AnswerInput, RawHearing, RawOrganisation, RawQuestion, RawRegistration, RawSection,
};
use hearings_core::response_parts::{RawParts, RawPassage};
use hearings_core::{HearingId, Role};
use hearings_export::{ExtraFile, archive_file, csv_stream_paged, xlsx_file_paged};
use hearings_i18n::Lang;
use hearings_store::testing::TestDatabase;
use hearings_store::{Account, ExportFormat, Store, StoreError, Submission};
use sha2::{Digest, Sha256};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-10-12T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

async fn each<F, Fut>(f: F)
where
    F: Fn(Store) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for backend in TestDatabase::backends() {
        let db = TestDatabase::create(backend).await.expect("database");
        let store = db.store().await.expect("migrate");
        f(store.clone()).await;
        store.close().await.unwrap();
        db.drop_database().await.unwrap();
    }
}

fn question(kind: &str, prompt: &str, options: &[&str]) -> RawQuestion {
    RawQuestion {
        kind: kind.into(),
        prompt: prompt.into(),
        required: false,
        options: options.iter().map(|s| s.to_string()).collect(),
        unit: (kind == "number").then(|| "kr.".into()),
        help: String::new(),
    }
}

fn pdf_bytes(text: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% {text}\n%%EOF\n").into_bytes()
}

struct Fixture {
    hearing: HearingId,
    staff: Account,
    politician: Account,
    respondent: Account,
    references: Vec<String>,
}

const NAMES: [&str; 3] = [
    "Ærø Bageri (fiktiv)",
    "Glostrup Cykler, \"Nord\" (fiktiv)",
    "Hvissinge VVS (fiktiv)",
];

async fn fixture(store: &Store) -> Fixture {
    let staff = {
        let id = store
            .create_user(
                "staff@k.example",
                "Staff",
                "staff-kodeord-1",
                Role::Staff,
                now(),
            )
            .await
            .unwrap();
        store.account(id).await.unwrap()
    };
    let politician = {
        let id = store
            .create_user(
                "pol@k.example",
                "Pol",
                "politiker-kodeord",
                Role::Politician,
                now(),
            )
            .await
            .unwrap();
        store.account(id).await.unwrap()
    };
    let raw = RawHearing {
        title: "Lokalplan for Hovedvejen".into(),
        summary: "Resumé".into(),
        kind: "lokalplanforslag".into(),
        opens_at: Ok(now() - Duration::days(1)),
        closes_at: Ok(Some(now() + Duration::weeks(5))),
        area: Some("bymidten".into()),
        sections: vec![RawSection {
            heading: "Formål".into(),
            body: "Området udlægges til butikker.".into(),
        }],
        questions: vec![
            question("long_text", "Bemærkninger", &[]),
            question(
                "multiple_choice",
                "Hvad berører jer?",
                &["Parkering", "Cykelstier", "Støj"],
            ),
            question("scale", "Hvor enig?", &[]),
            question("number", "Omkostning", &[]),
            question("yes_no", "Flere ansatte?", &[]),
        ],
    };
    let hearing = store
        .create_hearing(&staff, raw.parse().unwrap(), now())
        .await
        .unwrap();
    store.publish_hearing(&staff, hearing, now()).await.unwrap();
    let d = store.hearing(hearing, None, now()).await.unwrap();
    let q: Vec<_> = d.questions.iter().map(|q| q.id).collect();
    let section = d.sections[0].id;
    let theme = store
        .create_theme(
            &staff,
            hearing,
            &RawTheme {
                name: "Parkering".into(),
                ..RawTheme::default()
            },
            now(),
        )
        .await
        .unwrap();
    let mut references = vec![];
    let mut respondent = None;
    for (i, (cvr, name)) in ["13748136", "10000009", "10000017"]
        .into_iter()
        .zip(NAMES)
        .enumerate()
    {
        let reg = RawRegistration {
            name: format!("Person {i}"),
            email: format!("r{i}@x.example"),
            password: "langt-nok-kodeord".into(),
            organisation: RawOrganisation {
                cvr: cvr.into(),
                name: name.into(),
                classification: "DB25".into(),
                industry_code: "47.24".into(),
                size_class: "small".into(),
                area: "ejby".into(),
                respondent_type: "company".into(),
            },
        };
        let a = store.register(reg.parse().unwrap(), now()).await.unwrap();
        let text = format!("Svar nummer {i}: vi mangler parkering.");
        let answers = [
            (q[0], AnswerInput::Form(vec![text.clone()])),
            (
                q[1],
                AnswerInput::Form(vec!["Parkering".into(), "Støj".into()]),
            ),
            (q[2], AnswerInput::Form(vec![format!("{}", i + 2)])),
            (q[3], AnswerInput::Form(vec!["1250,5".into()])),
            (q[4], AnswerInput::Form(vec!["yes".into()])),
        ];
        let mut parts = RawParts {
            comments: vec![(section.to_string(), format!("Kommentar til formål {i}"))],
            ..RawParts::default()
        };
        if i == 0 {
            let f = store
                .upload(&a, "Bilag æøå.pdf", &pdf_bytes("bilag"), now())
                .await
                .unwrap();
            parts.attachments = vec![f.id.to_string()];
            parts.confidential = vec![RawPassage {
                location: format!("answer:{}", q[0]),
                text: "vi mangler parkering".into(),
                reason: "Forretningshemmelighed".into(),
            }];
        }
        let sub = Submission {
            stance: if i == 1 { "supports" } else { "opposes" },
            publication: "named",
            answers: &answers,
            parts: &parts,
            expect_draft: None,
        };
        let receipt = store
            .submit_full(&a, hearing, None, &sub, now() + Duration::minutes(i as i64))
            .await
            .unwrap();
        if i == 0 {
            store
                .assess(
                    &staff,
                    receipt.id,
                    None,
                    &RawAnalysis {
                        summary: "Ønsker parkering.".into(),
                        assessment: "partly".into(),
                        reason: "Der udlægges 20 pladser.".into(),
                    },
                    now(),
                )
                .await
                .unwrap();
            store
                .tag(&staff, theme, receipt.id, &RawTag::default(), now())
                .await
                .unwrap();
            respondent = Some(a.clone());
        }
        references.push(receipt.reference);
    }
    Fixture {
        hearing,
        staff,
        politician,
        respondent: respondent.unwrap(),
        references,
    }
}

fn read_xlsx(bytes: Vec<u8>, sheet: &str) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("an XLSX");
    let range = wb.worksheet_range(sheet).expect("the sheet");
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn col(rows: &[Vec<String>], name: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name:?} in {:?}", rows[0]))
}

/// What both tables must hold, whichever format.
fn check_table(rows: &[Vec<String>], f: &Fixture) {
    assert_eq!(rows.len(), 4, "a header and three responses");
    let reference = col(rows, "Reference");
    let got: Vec<&str> = rows[1..].iter().map(|r| r[reference].as_str()).collect();
    assert_eq!(
        got,
        f.references.iter().map(String::as_str).collect::<Vec<_>>()
    );
    let r = &rows[1];
    assert_eq!(r[col(rows, "Organisation")], NAMES[0]);
    assert_eq!(r[col(rows, "CVR-nummer")], "13748136");
    assert_eq!(r[col(rows, "Version")], "1");
    assert_eq!(r[col(rows, "Indsendt (dansk tid)")], "2026-10-12 12:00:00");
    assert_eq!(r[col(rows, "Holdning")], "Imod");
    assert_eq!(r[col(rows, "Størrelse")], "Lille (10-49)");
    assert_eq!(r[col(rows, "Branchekode")], "47.24");
    assert_eq!(r[col(rows, "Hvad berører jer?")], "Parkering; Støj");
    assert_eq!(r[col(rows, "Hvor enig?")], "2");
    assert_eq!(r[col(rows, "Omkostning")], "1250.5");
    assert_eq!(r[col(rows, "Flere ansatte?")], "Ja");
    assert_eq!(
        r[col(rows, "Bemærkninger")],
        "Svar nummer 0: vi mangler parkering."
    );
    assert_eq!(r[col(rows, "§ 1 Formål")], "Kommentar til formål 0");
    assert_eq!(r[col(rows, "Bilag")], "Bilag æøå.pdf");
    let conf = &r[col(rows, "Fortrolige passager (afgørelse)")];
    assert!(
        conf.contains("«vi mangler parkering»") && conf.contains("Afventer"),
        "{conf}"
    );
    assert_eq!(r[col(rows, "Resumé")], "Ønsker parkering.");
    assert_eq!(r[col(rows, "Vurdering")], "Delvist imødekommet");
    assert_eq!(r[col(rows, "Begrundelse")], "Der udlægges 20 pladser.");
    assert_eq!(r[col(rows, "Temaer")], "Parkering");
    assert_eq!(rows[2][col(rows, "Organisation")], NAMES[1]);
    assert_eq!(rows[2][col(rows, "Holdning")], "Støtter");
    assert_eq!(rows[2][col(rows, "Temaer")], "");
}

#[tokio::test]
async fn all_responses_as_xlsx_read_back_with_every_field_across_pages() {
    each(|store| async move {
        let f = fixture(&store).await;
        let h = store
            .begin_export(&f.staff, f.hearing, ExportFormat::Xlsx, now())
            .await
            .unwrap();
        let mut file = xlsx_file_paged(&store, &f.staff, &h, Lang::Da, 2)
            .await
            .unwrap();
        let mut bytes = vec![];
        file.read_to_end(&mut bytes).unwrap();
        assert!(bytes.starts_with(b"PK"), "a ZIP container");
        check_table(&read_xlsx(bytes, "Høringssvar"), &f);

        // In English, for a politician (who reads responses).
        let h = store
            .begin_export(&f.politician, f.hearing, ExportFormat::Xlsx, now())
            .await
            .unwrap();
        let mut file = xlsx_file_paged(&store, &f.politician, &h, Lang::En, 1000)
            .await
            .unwrap();
        let mut bytes = vec![];
        file.read_to_end(&mut bytes).unwrap();
        let rows = read_xlsx(bytes, "Responses");
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[1][col(&rows, "Stance")], "Opposes");
        assert_eq!(rows[1][col(&rows, "Assessment")], "Partly accommodated");
    })
    .await;
}

#[tokio::test]
async fn all_responses_as_csv_read_back_with_every_field_across_pages() {
    each(|store| async move {
        let f = fixture(&store).await;
        let h = store
            .begin_export(&f.staff, f.hearing, ExportFormat::Csv, now())
            .await
            .unwrap();
        let chunks: Vec<Vec<u8>> = csv_stream_paged(store.clone(), f.staff.clone(), h, Lang::Da, 2)
            .map(|c| c.unwrap())
            .collect()
            .await;
        assert_eq!(chunks.len(), 3, "the header, then one chunk per page");
        let bytes = chunks.concat();
        assert!(
            bytes.starts_with("\u{feff}".as_bytes()),
            "a byte order mark"
        );
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&bytes[3..]);
        let rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        check_table(&rows, &f);
    })
    .await;
}

#[tokio::test]
async fn a_respondent_may_not_export_and_an_unknown_hearing_is_not_found() {
    each(|store| async move {
        let f = fixture(&store).await;
        for format in [ExportFormat::Xlsx, ExportFormat::Csv, ExportFormat::Archive] {
            assert!(matches!(
                store
                    .begin_export(&f.respondent, f.hearing, format, now())
                    .await,
                Err(StoreError::Forbidden)
            ));
        }
        assert!(matches!(
            store
                .begin_export(
                    &f.staff,
                    HearingId(uuid::Uuid::new_v4()),
                    ExportFormat::Csv,
                    now()
                )
                .await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn the_archive_holds_a_manifest_true_to_the_responses_their_pdfs_files_and_the_extras() {
    each(|store| async move {
        let f = fixture(&store).await;
        let h = store
            .begin_export(&f.staff, f.hearing, ExportFormat::Archive, now())
            .await
            .unwrap();
        let memo = ExtraFile {
            name: "memo.pdf".into(),
            bytes: pdf_bytes("memo"),
        };
        let file = archive_file(&store, &f.staff, &h, Lang::Da, now(), vec![memo.clone()])
            .await
            .unwrap();
        let mut zip = zip::ZipArchive::new(file).expect("a ZIP");
        let mut read = |name: &str| {
            let mut entry = zip
                .by_name(name)
                .unwrap_or_else(|_| panic!("{name} in the ZIP"));
            let mut bytes = vec![];
            entry.read_to_end(&mut bytes).unwrap();
            bytes
        };
        let manifest: serde_json::Value = serde_json::from_slice(&read("manifest.json")).unwrap();
        assert_eq!(manifest["hearing"]["id"], f.hearing.to_string());
        assert_eq!(manifest["hearing"]["title"], "Lokalplan for Hovedvejen");
        assert_eq!(manifest["response_count"], 3);
        let responses = manifest["responses"].as_array().unwrap();
        let refs: Vec<&str> = responses
            .iter()
            .map(|r| r["reference"].as_str().unwrap())
            .collect();
        assert_eq!(
            refs,
            f.references.iter().map(String::as_str).collect::<Vec<_>>()
        );
        for (r, name) in responses.iter().zip(NAMES) {
            assert_eq!(r["organisation"], name);
            assert_eq!(r["version"], 1);
            assert_eq!(r["digest"].as_str().unwrap().len(), 64);
            assert!(
                r["submitted_at"]
                    .as_str()
                    .unwrap()
                    .starts_with("2026-10-12T10:0")
            );
            for file in r["files"].as_array().unwrap() {
                let path = file["path"].as_str().unwrap();
                assert!(
                    path.starts_with(&format!("responses/{}/", r["reference"].as_str().unwrap()))
                );
                let bytes = read(path);
                assert_eq!(
                    file["sha256"],
                    hex::encode(Sha256::digest(&bytes)),
                    "{path}"
                );
                assert_eq!(file["size"], bytes.len());
            }
        }
        let first = &responses[0]["files"];
        assert_eq!(
            first.as_array().unwrap().len(),
            2,
            "the PDF and the attachment"
        );
        assert_eq!(first[1]["role"], "attachment");
        assert_eq!(first[1]["name"], "Bilag æøå.pdf");
        assert_eq!(read(first[1]["path"].as_str().unwrap()), pdf_bytes("bilag"));
        let pdf = read(first[0]["path"].as_str().unwrap());
        assert!(pdf.starts_with(b"%PDF-"));
        let text = pdf_extract::extract_text_from_mem(&pdf).expect("text from the PDF");
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&f.references[0]), "{flat}");
        assert!(flat.contains("Ærø Bageri"), "{flat}");

        let top: Vec<&str> = manifest["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["path"].as_str().unwrap())
            .collect();
        assert_eq!(top, ["responses.xlsx", "memo.pdf"]);
        assert_eq!(read("memo.pdf"), memo.bytes);
        let sheet = read("responses.xlsx");
        assert_eq!(
            manifest["files"][0]["sha256"],
            hex::encode(Sha256::digest(&sheet))
        );
        check_table(&read_xlsx(sheet, "Høringssvar"), &f);
    })
    .await;
}
