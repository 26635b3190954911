//! The downloads of a hearing's responses, by page and through the API:
//! all responses as XLSX and CSV and the archive bundle, with their
//! headers; staff, politicians and administrators download, respondents
//! and visitors are refused, and every download is in the audit log.

use std::io::{Cursor, Read};

use serde_json::{Value, json};

use crate::support::{
    POLITICIAN, RESPONDENT, STAFF, browser, client, each, get_json, policy_hearing, sign_in, token,
};

const ADMIN: (&str, &str) = ("admin@glostrup.example", "Demo-Admin-1");

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn xlsx_rows(bytes: Vec<u8>, sheet: &str) -> usize {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    wb.worksheet_range(sheet).unwrap().rows().count()
}

#[tokio::test]
async fn staff_and_politicians_download_all_responses_by_page_and_api_and_each_download_is_audited()
{
    each(true, |s| async move {
        let id = policy_hearing(&s).await;
        let politician = token(&s, POLITICIAN.0, POLITICIAN.1).await;
        let summary = get_json(
            s.url(&format!("/api/v1/hearings/{id}/summary")),
            Some(&politician),
        )
        .await;
        let total = summary["total"].as_u64().unwrap() as usize;
        assert!(total >= 40, "{summary}");

        // The pages link to the downloads.
        let c = sign_in(&s, STAFF).await;
        for page in ["summary", "analysis"] {
            let html = c
                .get(s.url(&format!("/hearings/{id}/{page}")))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            for what in ["responses.xlsx", "responses.csv", "archive.zip"] {
                assert!(
                    html.contains(&format!("href=\"/hearings/{id}/export/{what}\"")),
                    "{page} links to {what}"
                );
            }
        }

        // CSV by page, in Danish.
        let res = c
            .get(s.url(&format!("/hearings/{id}/export/responses.csv")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(header(&res, "content-type"), "text/csv; charset=utf-8");
        let disposition = header(&res, "content-disposition");
        assert!(
            disposition.starts_with("attachment;") && disposition.contains("responses.csv"),
            "{disposition}"
        );
        assert_eq!(header(&res, "cache-control"), "private, no-store");
        let rows = csv_rows(&res.bytes().await.unwrap());
        assert_eq!(rows.len(), total + 1, "a header and every response");
        assert_eq!(rows[0][0], "Reference");
        assert!(rows[0].iter().any(|h| h == "Indsendt (dansk tid)"));

        // XLSX by page, and through the API for a politician, in English.
        let res = c
            .get(s.url(&format!("/hearings/{id}/export/responses.xlsx")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(
            header(&res, "content-type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        let len: usize = header(&res, "content-length").parse().unwrap();
        let bytes = res.bytes().await.unwrap().to_vec();
        assert_eq!(bytes.len(), len);
        assert_eq!(xlsx_rows(bytes, "Høringssvar"), total + 1);
        let res = client()
            .get(s.url(&format!("/api/v1/hearings/{id}/export/responses.xlsx")))
            .bearer_auth(&politician)
            .header("accept-language", "en")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(header(&res, "content-disposition").contains("hearing-"));
        assert_eq!(
            xlsx_rows(res.bytes().await.unwrap().to_vec(), "Responses"),
            total + 1
        );
        let res = client()
            .get(s.url(&format!("/api/v1/hearings/{id}/export/responses.csv")))
            .bearer_auth(&politician)
            .header("accept-language", "en")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let rows = csv_rows(&res.bytes().await.unwrap());
        assert_eq!(rows.len(), total + 1);
        assert!(rows[0].iter().any(|h| h == "Submitted (Copenhagen time)"));

        // Four downloads, four rows in the audit log.
        let admin = token(&s, ADMIN.0, ADMIN.1).await;
        let log = get_json(s.url("/api/v1/audit"), Some(&admin)).await;
        let exports: Vec<&Value> = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "hearing.export" && e["object_id"] == id.as_str())
            .collect();
        assert_eq!(exports.len(), 4, "{log}");
        assert!(
            exports.iter().any(|e| e["actor_email"] == POLITICIAN.0),
            "{log}"
        );
    })
    .await;
}

#[tokio::test]
async fn respondents_and_visitors_may_not_download_the_exports() {
    each(true, |s| async move {
        let id = policy_hearing(&s).await;
        let bakery = token(&s, RESPONDENT.0, RESPONDENT.1).await;
        let respondent = sign_in(&s, RESPONDENT).await;
        for what in ["responses.xlsx", "responses.csv", "archive.zip"] {
            let page = format!("/hearings/{id}/export/{what}");
            let res = respondent.get(s.url(&page)).send().await.unwrap();
            assert_eq!(res.status(), 403, "{page}");
            let res = browser().get(s.url(&page)).send().await.unwrap();
            assert!(
                res.status().is_redirection() || res.status() == 401,
                "{page}: {}",
                res.status()
            );
            assert!(header(&res, "content-disposition").is_empty());
            let api = format!("/api/v1/hearings/{id}/export/{what}");
            let res = client()
                .get(s.url(&api))
                .bearer_auth(&bakery)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 403, "{api}");
            assert!(header(&res, "content-type").contains("problem+json"));
            let res = client().get(s.url(&api)).send().await.unwrap();
            assert_eq!(res.status(), 401, "{api}");
        }
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let res = client()
            .get(
                s.url("/api/v1/hearings/00000000-0000-0000-0000-000000000000/export/responses.csv"),
            )
            .bearer_auth(&staff)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
        let admin = token(&s, ADMIN.0, ADMIN.1).await;
        let log = get_json(s.url("/api/v1/audit"), Some(&admin)).await;
        assert!(
            !log["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["action"] == "hearing.export"),
            "a refusal is not an export"
        );
    })
    .await;
}

#[tokio::test]
async fn the_archive_bundle_downloads_with_a_manifest_true_to_the_responses() {
    each(true, |s| async move {
        let (id, q) = crate::account::open_hearing(&s).await;
        let bakery = token(&s, RESPONDENT.0, RESPONDENT.1).await;
        let res = client()
            .post(s.url(&format!("/api/v1/hearings/{id}/responses")))
            .bearer_auth(&bakery)
            .json(&json!({
                "stance": "supports",
                "publication": "named",
                "answers": [{"question_id": q, "value": 4}]
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let receipt: Value = res.json().await.unwrap();

        for (c, path) in [
            (
                sign_in(&s, STAFF).await,
                format!("/hearings/{id}/export/archive.zip"),
            ),
            (
                client(),
                format!("/api/v1/hearings/{id}/export/archive.zip"),
            ),
        ] {
            let mut req = c.get(s.url(&path));
            if path.starts_with("/api") {
                req = req.bearer_auth(token(&s, POLITICIAN.0, POLITICIAN.1).await);
            }
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), 200, "{path}");
            assert_eq!(header(&res, "content-type"), "application/zip");
            assert!(header(&res, "content-disposition").contains("archive.zip"));
            let bytes = res.bytes().await.unwrap().to_vec();
            let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
            let mut manifest = String::new();
            zip.by_name("manifest.json")
                .unwrap()
                .read_to_string(&mut manifest)
                .unwrap();
            let manifest: Value = serde_json::from_str(&manifest).unwrap();
            assert_eq!(manifest["hearing"]["id"], id.as_str());
            assert_eq!(manifest["response_count"], 1);
            let r = &manifest["responses"][0];
            assert_eq!(r["reference"], receipt["reference"]);
            assert_eq!(r["digest"], receipt["digest"]);
            assert_eq!(r["version"], 1);
            let pdf_path = r["files"][0]["path"].as_str().unwrap().to_string();
            let mut pdf = vec![];
            zip.by_name(&pdf_path)
                .unwrap()
                .read_to_end(&mut pdf)
                .unwrap();
            assert!(pdf.starts_with(b"%PDF-"), "{pdf_path}");
            assert!(zip.by_name("responses.xlsx").is_ok());
        }
    })
    .await;
}
