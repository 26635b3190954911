//! A hearing's documents (PDF) and file questions, through the API and the
//! pages: checked by their bytes, limited in size, downloaded as
//! attachments by those who may see them, and every change to a published
//! hearing's documents shown as a correction.

use chrono::Duration;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::support::{
    POLITICIAN, RESPONDENT, STAFF, Server, client, csrf, cvr, each, get_json, registration,
    sign_in, token, verify_email,
};

/// A small but well-formed PDF of about `size` bytes.
pub fn pdf(size: usize) -> Vec<u8> {
    let mut b = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
    while b.len() + 30 < size {
        b.extend_from_slice(b"% padding padding padding\n");
    }
    b.extend_from_slice(b"trailer << >>\n%%EOF\n");
    b
}

fn body(s: &Server, questions: Value) -> Value {
    let now = s.clock_now();
    json!({
        "title": "Lokalplan for Stationsparken",
        "summary": "Boliger og erhverv ved stationen.",
        "kind": "lokalplanforslag",
        "opens_at": (now - Duration::days(1)).to_rfc3339(),
        "closes_at": (now + Duration::weeks(5)).to_rfc3339(),
        "area": "bymidten",
        "sections": [{"heading": "Formål", "body": "At give plads til boliger."}],
        "questions": questions,
    })
}

async fn draft(s: &Server, staff: &str, questions: Value) -> String {
    let res = client()
        .post(s.url("/api/v1/hearings"))
        .bearer_auth(staff)
        .json(&body(s, questions))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let v: Value = res.json().await.unwrap();
    v["id"].as_str().unwrap().to_string()
}

async fn publish(s: &Server, staff: &str, id: &str) {
    let res = client()
        .post(s.url(&format!("/api/v1/hearings/{id}/publish")))
        .bearer_auth(staff)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

async fn attach(
    s: &Server,
    token: Option<&str>,
    id: &str,
    query: &str,
    bytes: Vec<u8>,
    lang: &str,
) -> (u16, Value) {
    let mut req = client()
        .post(s.url(&format!("/api/v1/hearings/{id}/documents?{query}")))
        .header("content-type", "application/pdf")
        .header("accept-language", lang)
        .body(bytes);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn one_question() -> Value {
    json!([{"kind": "long_text", "prompt": "Bemærkninger", "required": false}])
}

#[tokio::test]
async fn a_document_is_checked_by_its_bytes_and_downloaded_as_an_attachment_once_the_hearing_is_public()
 {
    each(true, |s| async move {
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let id = draft(&s, &staff, one_question()).await;
        let file = pdf(5_000);
        let (status, doc) = attach(
            &s,
            Some(&staff),
            &id,
            "title=Kortbilag%201&filename=kortbilag.pdf",
            file.clone(),
            "da",
        )
        .await;
        assert_eq!(status, 201, "{doc}");
        assert_eq!(doc["title"], "Kortbilag 1");
        assert_eq!(doc["file"]["filename"], "kortbilag.pdf");
        assert_eq!(doc["file"]["size"], file.len());
        let sha = {
            use sha2::Digest;
            hex::encode(sha2::Sha256::digest(&file))
        };
        assert_eq!(doc["file"]["sha256"], sha);
        let doc_id = doc["id"].as_str().unwrap().to_string();

        // A draft's document is as hidden as the draft.
        let res = client()
            .get(s.url(&format!("/api/v1/documents/{doc_id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
        let res = client()
            .get(s.url(&format!("/documents/{doc_id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);

        publish(&s, &staff, &id).await;
        let detail = get_json(s.url(&format!("/api/v1/hearings/{id}")), None).await;
        assert_eq!(detail["documents"][0]["id"], doc_id.as_str());
        for path in [
            format!("/api/v1/documents/{doc_id}"),
            format!("/documents/{doc_id}"),
        ] {
            let res = client().get(s.url(&path)).send().await.unwrap();
            assert_eq!(res.status(), 200, "{path}");
            let h = res.headers().clone();
            assert_eq!(h["content-type"], "application/pdf");
            assert!(
                h["content-disposition"]
                    .to_str()
                    .unwrap()
                    .starts_with("attachment; filename=\"kortbilag.pdf\""),
                "{path}: {:?}",
                h["content-disposition"]
            );
            assert_eq!(h["x-content-type-options"], "nosniff");
            assert_eq!(res.bytes().await.unwrap().to_vec(), file);
        }
        let page = client()
            .get(s.url(&format!("/hearings/{id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains(&format!(
            "href=\"/documents/{doc_id}\" download>Kortbilag 1</a>"
        )));

        // Not a PDF, whatever the name; over the limit; nothing at all.
        let (status, p) = attach(
            &s,
            Some(&staff),
            &id,
            "filename=plan.pdf&note=x",
            b"<html><script>alert(1)</script></html>".to_vec(),
            "en",
        )
        .await;
        assert_eq!(status, 422, "{p}");
        assert_eq!(p["errors"][0]["field"], "file");
        assert!(
            p["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("not a PDF document")
        );
        let (status, p) = attach(
            &s,
            Some(&staff),
            &id,
            "filename=stor.pdf&note=x",
            pdf(21 * 1024 * 1024),
            "da",
        )
        .await;
        assert_eq!(status, 422, "{p}");
        assert!(
            p["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("20 MB"),
            "{p}"
        );
        let (status, p) = attach(&s, Some(&staff), &id, "note=x", vec![], "da").await;
        assert_eq!(status, 422, "{p}");
        assert_eq!(p["errors"][0]["message"], "Vælg en fil.");
        let (status, p) = attach(
            &s,
            Some(&staff),
            &id,
            "filename=enorm.pdf&note=x",
            pdf(41 * 1024 * 1024),
            "en",
        )
        .await;
        assert_eq!(status, 413, "{p}");
        assert!(p["title"].as_str().unwrap().contains("too large"), "{p}");

        // Only staff attach.
        let respondent = token(&s, RESPONDENT.0, RESPONDENT.1).await;
        let politician = token(&s, POLITICIAN.0, POLITICIAN.1).await;
        for t in [&respondent, &politician] {
            let (status, _) =
                attach(&s, Some(t), &id, "filename=a.pdf&note=x", pdf(100), "da").await;
            assert_eq!(status, 403);
        }
        assert_eq!(
            attach(&s, None, &id, "filename=a.pdf", pdf(100), "da")
                .await
                .0,
            401
        );
        let res = client()
            .delete(s.url(&format!("/api/v1/hearings/{id}/documents/{doc_id}?note=x")))
            .bearer_auth(&respondent)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
    })
    .await;
}

/// The `fields` of the hearing's public corrections.
async fn corrections(s: &Server, id: &str) -> Vec<Value> {
    let d = get_json(s.url(&format!("/api/v1/hearings/{id}")), None).await;
    d["corrections"].as_array().unwrap().clone()
}

#[tokio::test]
async fn after_publication_adding_or_removing_a_document_needs_a_note_and_is_a_public_correction() {
    each(true, |s| async move {
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let id = draft(&s, &staff, one_question()).await;
        // On a draft: freely, no correction.
        let (status, first) =
            attach(&s, Some(&staff), &id, "filename=udkast.pdf", pdf(300), "da").await;
        assert_eq!(status, 201);
        assert_eq!(
            first["title"], "udkast",
            "the title defaults to the file name"
        );
        publish(&s, &staff, &id).await;
        assert!(corrections(&s, &id).await.is_empty());

        let (status, p) = attach(
            &s,
            Some(&staff),
            &id,
            "title=Bilag&filename=bilag.pdf",
            pdf(300),
            "en",
        )
        .await;
        assert_eq!(status, 422, "{p}");
        assert_eq!(p["errors"][0]["field"], "note");
        let (status, second) = attach(
            &s,
            Some(&staff),
            &id,
            "title=Bilag&filename=bilag.pdf&note=Bilaget%20manglede",
            pdf(300),
            "da",
        )
        .await;
        assert_eq!(status, 201, "{second}");
        let c = corrections(&s, &id).await;
        assert_eq!(c.len(), 1);
        assert_eq!(c[0]["fields"], json!(["documents"]));
        assert_eq!(c[0]["note"], "Bilaget manglede");

        let first_id = first["id"].as_str().unwrap();
        let res = client()
            .delete(s.url(&format!("/api/v1/hearings/{id}/documents/{first_id}")))
            .bearer_auth(&staff)
            .header("accept-language", "en")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let res = client()
            .delete(s.url(&format!(
                "/api/v1/hearings/{id}/documents/{first_id}?note=Forkert%20udgave"
            )))
            .bearer_auth(&staff)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);
        let detail = get_json(s.url(&format!("/api/v1/hearings/{id}")), None).await;
        let docs = detail["documents"].as_array().unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0]["title"], "Bilag");
        assert_eq!(corrections(&s, &id).await.len(), 2);
        let page = client()
            .get(s.url(&format!("/hearings/{id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("dokumenter — <span class=\"correction-note\">Forkert udgave</span>")
        );

        // Every change is in the audit log.
        let admin = token(&s, "admin@glostrup.example", "Demo-Admin-1").await;
        let log = get_json(s.url("/api/v1/audit"), Some(&admin)).await;
        let actions: Vec<&str> = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["object_id"] == id.as_str())
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(
            actions
                .iter()
                .filter(|a| a.starts_with("hearing.document"))
                .count(),
            3,
            "{actions:?}"
        );
    })
    .await;
}

async fn page(c: &reqwest::Client, s: &Server, path: &str) -> (u16, String) {
    let res = c.get(s.url(path)).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test]
async fn staff_attach_a_document_on_the_hearing_page_and_a_refused_file_keeps_the_title() {
    each(true, |s| async move {
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let id = draft(&s, &staff, one_question()).await;
        let c = sign_in(&s, STAFF).await;
        let (_, html) = page(&c, &s, &format!("/hearings/{id}")).await;
        assert!(html.contains("enctype=\"multipart/form-data\""));
        let form = |title: &str, name: &str, bytes: Vec<u8>, token: &str| {
            Form::new()
                .text("csrf", token.to_string())
                .text("title", title.to_string())
                .part(
                    "file",
                    Part::bytes(bytes)
                        .file_name(name.to_string())
                        .mime_str("application/pdf")
                        .unwrap(),
                )
        };
        let res = c
            .post(s.url(&format!("/hearings/{id}/documents")))
            .multipart(form(
                "Planbilag",
                "billede.pdf",
                b"GIF89a....".to_vec(),
                &csrf(&html),
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("Filen er ikke et PDF-dokument"), "{html}");
        assert!(html.contains("value=\"Planbilag\""), "the title is kept");
        assert!(html.contains("id=\"document-file-error\""));

        let res = c
            .post(s.url(&format!("/hearings/{id}/documents")))
            .multipart(form("Planbilag", "plan.pdf", pdf(2_000), &csrf(&html)))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let (_, html) = page(&c, &s, &format!("/hearings/{id}")).await;
        assert!(html.contains("download>Planbilag</a>"), "{html}");
        let doc = get_json(s.url(&format!("/api/v1/hearings/{id}")), Some(&staff)).await;
        let doc_id = doc["documents"][0]["id"].as_str().unwrap().to_string();

        // Without a token the form is refused; another role is refused.
        let res = c
            .post(s.url(&format!("/hearings/{id}/documents")))
            .multipart(form("X", "x.pdf", pdf(100), "forkert"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        let r = sign_in(&s, RESPONDENT).await;
        let (_, rhtml) = page(&r, &s, "/").await;
        let res = r
            .post(s.url(&format!("/hearings/{id}/documents")))
            .multipart(form("X", "x.pdf", pdf(100), &csrf(&rhtml)))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        let res = r
            .post(s.url(&format!("/hearings/{id}/documents/{doc_id}/remove")))
            .form(&[("csrf", csrf(&rhtml))])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);

        // Staff remove it from the draft.
        let res = c
            .post(s.url(&format!("/hearings/{id}/documents/{doc_id}/remove")))
            .form(&[("csrf", csrf(&html))])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let (_, html) = page(&c, &s, &format!("/hearings/{id}")).await;
        assert!(!html.contains("download>Planbilag</a>"));
    })
    .await;
}

/// The fields of the hearing form with one filled question row per entry
/// of `questions`: (kind, prompt, help).
fn builder_form(
    token: &str,
    s: &Server,
    questions: &[(&str, &str, &str)],
    action: &str,
) -> Vec<(String, String)> {
    let day = |d: i64| {
        hearings_core::time::in_copenhagen(s.clock_now() + Duration::days(d))
            .format("%Y-%m-%d")
            .to_string()
    };
    let mut f: Vec<(String, String)> = vec![
        ("csrf".into(), token.into()),
        ("title".into(), "Høring om skilte".into()),
        ("summary".into(), "Regler for skilte.".into()),
        ("kind".into(), "policy".into()),
        ("opens_date".into(), day(1)),
        ("opens_time".into(), "08:00".into()),
        ("closes_date".into(), day(40)),
        ("closes_time".into(), "12:00".into()),
        ("section_rows".into(), "1".into()),
        ("section_heading_0".into(), "Formål".into()),
        ("section_body_0".into(), "Skilte.".into()),
        ("question_rows".into(), questions.len().to_string()),
        ("action".into(), action.into()),
    ];
    for (i, (kind, prompt, help)) in questions.iter().enumerate() {
        f.push((format!("q_kind_{i}"), kind.to_string()));
        f.push((format!("q_prompt_{i}"), prompt.to_string()));
        f.push((format!("q_help_{i}"), help.to_string()));
    }
    f
}

/// The prompts of the question rows, in the order shown.
fn prompts_in(html: &str) -> Vec<String> {
    html.split("name=\"q_prompt_")
        .skip(1)
        .map(|part| {
            let v = part.split("value=\"").nth(1).unwrap_or_default();
            v.split('"').next().unwrap_or_default().to_string()
        })
        .collect()
}

#[tokio::test]
async fn the_question_builder_moves_removes_and_previews_questions_without_losing_what_was_typed() {
    each(true, |s| async move {
        let c = sign_in(&s, STAFF).await;
        let (_, html) = page(&c, &s, "/staff/hearings/new").await;
        assert!(html.contains("<option value=\"file\">Fil (PDF)</option>"));
        let token = csrf(&html);
        let questions = [
            ("long_text", "Første", "Skriv frit."),
            ("file", "Anden: vedhæft jeres plan", "Kun PDF."),
            ("yes_no", "Tredje", ""),
        ];
        let post = |fields: Vec<(String, String)>| {
            let c = c.clone();
            let url = s.url("/staff/hearings/new");
            async move { c.post(url).form(&fields).send().await.unwrap() }
        };
        let res = post(builder_form(&token, &s, &questions, "up_2")).await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert_eq!(
            prompts_in(&html),
            ["Første", "Tredje", "Anden: vedhæft jeres plan"]
        );
        assert!(
            html.contains("value=\"up_1\" class=\"secondary\" autofocus"),
            "focus follows the moved question"
        );
        assert!(
            html.contains(">Kun PDF.</textarea>"),
            "the help text moves with its question"
        );

        let res = post(builder_form(&token, &s, &questions, "down_0")).await;
        let html = res.text().await.unwrap();
        assert_eq!(
            prompts_in(&html),
            ["Anden: vedhæft jeres plan", "Første", "Tredje"]
        );

        let res = post(builder_form(&token, &s, &questions, "remove_1")).await;
        let html = res.text().await.unwrap();
        assert_eq!(prompts_in(&html), ["Første", "Tredje"]);
        assert!(html.contains("name=\"question_rows\" value=\"2\""));

        // The preview is the respondent's form: help texts, a file input, no submit.
        let res = post(builder_form(&token, &s, &questions, "preview")).await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains("Forhåndsvisning af svarformularen"));
        assert!(html.contains("<p class=\"hint\" id=\"answer_"), "{html}");
        assert!(html.contains("Skriv frit."));
        assert!(html.contains("type=\"file\" accept=\"application/pdf,.pdf\""));
        assert!(!html.contains(">Indsend høringssvar</button>"));
        assert!(
            html.contains("name=\"q_help_1\" value=\"Kun PDF.\""),
            "the way back keeps the help text"
        );
        // Back to editing keeps everything.
        let res = post(builder_form(&token, &s, &questions, "back")).await;
        let html = res.text().await.unwrap();
        assert_eq!(
            prompts_in(&html),
            ["Første", "Anden: vedhæft jeres plan", "Tredje"]
        );
        assert!(html.contains("value=\"Høring om skilte\""));

        // A preview of questions with errors shows the errors instead.
        let res = post(builder_form(
            &token,
            &s,
            &[("single_choice", "Vælg", "")],
            "preview",
        ))
        .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("mindst to forskellige svarmuligheder"));

        // Saved, with the help texts and the file question in its order.
        let res = post(builder_form(&token, &s, &questions, "save")).await;
        assert_eq!(res.status(), 303);
        let id = res.headers()["location"]
            .to_str()
            .unwrap()
            .trim_start_matches("/hearings/")
            .to_string();
        let staff = crate::support::token(&s, STAFF.0, STAFF.1).await;
        let d = get_json(s.url(&format!("/api/v1/hearings/{id}")), Some(&staff)).await;
        let q = d["questions"].as_array().unwrap();
        assert_eq!(q[1]["kind"], "file");
        assert_eq!(q[1]["help"], "Kun PDF.");
        assert_eq!(q[0]["help"], "Skriv frit.");

        // The saved hearing's preview is for staff only.
        let (status, html) = page(&c, &s, &format!("/staff/hearings/{id}/preview")).await;
        assert_eq!(status, 200);
        assert!(html.contains("Anden: vedhæft jeres plan"));
        let r = sign_in(&s, RESPONDENT).await;
        assert_eq!(
            page(&r, &s, &format!("/staff/hearings/{id}/preview"))
                .await
                .0,
            403
        );
        let p = sign_in(&s, POLITICIAN).await;
        assert_eq!(
            page(&p, &s, &format!("/staff/hearings/{id}/preview"))
                .await
                .0,
            403
        );
        assert_eq!(
            page(
                &crate::support::browser(),
                &s,
                &format!("/staff/hearings/{id}/preview")
            )
            .await
            .0,
            303
        );
    })
    .await;
}

async fn upload(s: &Server, t: &str, name: &str, bytes: Vec<u8>) -> (u16, Value) {
    let res = client()
        .post(s.url(&format!("/api/v1/uploads?filename={name}")))
        .bearer_auth(t)
        .header("content-type", "application/pdf")
        .body(bytes)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn a_file_question_is_answered_with_the_organisations_own_upload_and_only_readers_see_it() {
    each(true, |s| async move {
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let id = draft(
            &s,
            &staff,
            json!([
                {"kind": "file", "prompt": "Vedhæft jeres plan", "required": true, "help": "PDF"},
                {"kind": "long_text", "prompt": "Bemærkninger", "required": false}
            ]),
        )
        .await;
        publish(&s, &staff, &id).await;
        let d = get_json(s.url(&format!("/api/v1/hearings/{id}")), None).await;
        let qid = d["questions"][0]["id"].as_str().unwrap().to_string();

        let bakery = token(&s, RESPONDENT.0, RESPONDENT.1).await;
        let (status, p) = upload(&s, &bakery, "plan.pdf", b"MZ\x90\x00 not a pdf".to_vec()).await;
        assert_eq!(status, 422, "{p}");
        let (status, p) = upload(&s, &bakery, "plan.pdf", pdf(11 * 1024 * 1024)).await;
        assert_eq!(status, 422, "{p}");
        let (status, file) = upload(&s, &bakery, "vores plan.pdf", pdf(1_000)).await;
        assert_eq!(status, 201, "{file}");
        let file_id = file["id"].as_str().unwrap().to_string();

        // Another organisation can neither see nor use it.
        let other = {
            let res = client()
                .post(s.url("/api/v1/auth/register"))
                .json(&registration("anden@firma.example", &cvr(77)))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 201);
            verify_email(&s, "anden@firma.example").await;
            token(&s, "anden@firma.example", "et-godt-kodeord").await
        };
        let res = client()
            .get(s.url(&format!("/api/v1/uploads/{file_id}")))
            .bearer_auth(&other)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
        let res = client()
            .post(s.url(&format!("/api/v1/hearings/{id}/responses")))
            .bearer_auth(&other)
            .json(&json!({"stance": "neutral", "publication": "named", "answers": [{"question_id": &qid, "value": &file_id}]}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let p: Value = res.json().await.unwrap();
        assert_eq!(p["errors"][0]["field"], format!("answers.{qid}"));

        // Staff cannot read it before it is submitted; after, they can.
        let res = client()
            .get(s.url(&format!("/api/v1/uploads/{file_id}")))
            .bearer_auth(&staff)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
        let res = client()
            .post(s.url(&format!("/api/v1/hearings/{id}/responses")))
            .bearer_auth(&bakery)
            .json(&json!({"stance": "supports", "publication": "named", "answers": [{"question_id": &qid, "value": &file_id}]}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "{:?}", res.text().await);
        for t in [&staff, &bakery, &token(&s, POLITICIAN.0, POLITICIAN.1).await] {
            let res = client()
                .get(s.url(&format!("/api/v1/uploads/{file_id}")))
                .bearer_auth(t)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            assert_eq!(res.headers()["content-type"], "application/pdf");
            assert_eq!(res.bytes().await.unwrap().to_vec(), pdf(1_000));
        }
        let res = client()
            .get(s.url(&format!("/api/v1/uploads/{file_id}")))
            .bearer_auth(&other)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "still not another organisation's");
    })
    .await;
}

#[tokio::test]
async fn on_the_response_form_a_chosen_file_is_kept_when_another_answer_is_missing() {
    each(true, |s| async move {
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let id = draft(
            &s,
            &staff,
            json!([
                {"kind": "file", "prompt": "Vedhæft jeres plan", "required": true},
                {"kind": "short_text", "prompt": "Kontaktperson", "required": true}
            ]),
        )
        .await;
        publish(&s, &staff, &id).await;
        let d = get_json(s.url(&format!("/api/v1/hearings/{id}")), None).await;
        let file_q = format!("answer_{}", d["questions"][0]["id"].as_str().unwrap());
        let text_q = format!("answer_{}", d["questions"][1]["id"].as_str().unwrap());

        let c = sign_in(&s, RESPONDENT).await;
        let (_, html) = page(&c, &s, &format!("/hearings/{id}/respond")).await;
        assert!(html.contains("enctype=\"multipart/form-data\""));
        let key = html
            .split("name=\"submission_key\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let base = |html: &str| {
            Form::new()
                .text("csrf", csrf(html))
                .text(
                    "draft_version",
                    crate::support::field_value(html, "draft_version").unwrap_or_default(),
                )
                .text("submission_key", key.clone())
                .text("stance", "supports")
                .text("publication", "named")
        };
        // A file that is not a PDF: refused next to its field, the text kept.
        let res = c
            .post(s.url(&format!("/hearings/{id}/respond")))
            .multipart(base(&html).text(text_q.clone(), "Bente").part(
                format!("{file_q}_file"),
                Part::bytes(b"not a pdf".to_vec()).file_name("plan.pdf"),
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(
            html.contains(&format!(
                "id=\"{file_q}-error\">Filen er ikke et PDF-dokument"
            )),
            "{html}"
        );
        assert!(html.contains("value=\"Bente\""));

        // A good file with the other answer missing: the file is kept.
        let res = c
            .post(s.url(&format!("/hearings/{id}/respond")))
            .multipart(base(&html).part(
                format!("{file_q}_file"),
                Part::bytes(pdf(800)).file_name("Vores plan.pdf"),
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains(&format!("id=\"{text_q}-error\"")));
        assert!(html.contains("download>Vores plan.pdf</a>"), "{html}");
        let kept = html
            .split(&format!("name=\"{file_q}\" value=\""))
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();

        // Sent again with the kept file and the missing answer: one receipt.
        let res = c
            .post(s.url(&format!("/hearings/{id}/respond")))
            .multipart(
                base(&html)
                    .text(file_q.clone(), kept.clone())
                    .text(text_q.clone(), "Bente"),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let receipt = res.headers()["location"].to_str().unwrap().to_string();
        assert!(receipt.starts_with("/receipts/"));
        let res = c
            .get(s.url(&format!("/files/{kept}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(
            res.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .contains("Vores plan.pdf")
        );
    })
    .await;
}
