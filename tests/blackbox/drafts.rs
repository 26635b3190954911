//! A response written together: the organisation's shared draft through
//! the API (`If-Match` versions) and the pages (two colleagues, one save
//! on an older version shown side by side), comments on sections,
//! attachments, confidential passages decided by staff and withheld from
//! publication, and the draft kept when the deadline has passed.

use chrono::Duration;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::documents::pdf;
use crate::support::{
    POLITICIAN, RESPONDENT, STAFF, Server, client, csrf, cvr, each, field_value, get_json,
    registration, sign_in, token, verify_email,
};

/// An open hearing with two sections and a long-text question; its id,
/// question id and section ids.
async fn hearing(s: &Server) -> (String, String, Vec<String>) {
    let staff = token(s, STAFF.0, STAFF.1).await;
    let now = s.clock_now();
    let res = client()
        .post(s.url("/api/v1/hearings"))
        .bearer_auth(&staff)
        .json(&json!({
            "title": "Lokalplan for Hersted Industripark",
            "summary": "Lettere industri og lager.",
            "kind": "lokalplanforslag",
            "opens_at": (now - Duration::days(1)).to_rfc3339(),
            "closes_at": (now + Duration::weeks(5)).to_rfc3339(),
            "area": "sydvest",
            "sections": [
                {"heading": "Formål", "body": "At give plads til lettere industri."},
                {"heading": "Bebyggelsens omfang", "body": "Bygninger må være højst 12 meter høje."}
            ],
            "questions": [{"kind": "long_text", "prompt": "Bemærkninger", "required": true}]
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let h: Value = res.json().await.unwrap();
    let id = h["id"].as_str().unwrap().to_string();
    let res = client()
        .post(s.url(&format!("/api/v1/hearings/{id}/publish")))
        .bearer_auth(&staff)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let q = h["questions"][0]["id"].as_str().unwrap().to_string();
    let sections = h["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_string())
        .collect();
    (id, q, sections)
}

/// A colleague of the demo bakery's respondent, with the same password.
async fn colleague(s: &Server, email: &str, name: &str) {
    let store = hearings_store::Store::connect(&s.db_url()).await.unwrap();
    let bakery = store
        .authenticate(RESPONDENT.0, RESPONDENT.1)
        .await
        .unwrap()
        .unwrap();
    hearings_store::testing::add_colleague(&store, &bakery, email, name)
        .await
        .unwrap();
    store.close().await.unwrap();
}

async fn put_draft(
    s: &Server,
    t: &str,
    id: &str,
    if_match: Option<&str>,
    body: &Value,
) -> (u16, Option<String>, Value) {
    let mut req = client()
        .put(s.url(&format!("/api/v1/hearings/{id}/draft")))
        .bearer_auth(t)
        .json(body);
    if let Some(v) = if_match {
        req = req.header("if-match", v);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let etag = res
        .headers()
        .get("etag")
        .map(|v| v.to_str().unwrap().to_string());
    (status, etag, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn two_colleagues_write_one_draft_through_the_api_and_a_stale_version_overwrites_nothing() {
    each(true, |s| async move {
        let (id, q, sections) = hearing(&s).await;
        colleague(&s, "bo@bageri.example", "Bo Bager").await;
        let anna = token(&s, RESPONDENT.0, RESPONDENT.1).await;
        let bo = token(&s, "bo@bageri.example", RESPONDENT.1).await;

        let res = client()
            .get(s.url(&format!("/api/v1/hearings/{id}/draft")))
            .bearer_auth(&anna)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "no draft yet");
        let first = json!({"stance": "opposes", "answers": {&q: "Annas udkast"}});
        let (status, etag, _) = put_draft(&s, &anna, &id, Some("*"), &first).await;
        assert_eq!((status, etag.as_deref()), (200, Some("\"1\"")));

        let got = client()
            .get(s.url(&format!("/api/v1/hearings/{id}/draft")))
            .bearer_auth(&bo)
            .send()
            .await
            .unwrap();
        assert_eq!(got.headers()["etag"], "\"1\"");
        let d: Value = got.json().await.unwrap();
        assert_eq!(d["content"]["answers"][&q][0], "Annas udkast");
        assert_eq!(d["updated_by"], "Kontaktperson 1 (demo)");

        let bos = json!({"stance": "opposes", "answers": {&q: "Bos tekst"},
                         "comments": {&sections[1]: "12 meter er for lidt."}});
        assert_eq!(put_draft(&s, &bo, &id, Some("\"1\""), &bos).await.0, 200);
        // Anna saves on version 1: refused with Bo's draft, nothing overwritten.
        let annas = json!({"stance": "supports", "answers": {&q: "Annas anden tekst"}});
        let (status, etag, body) = put_draft(&s, &anna, &id, Some("\"1\""), &annas).await;
        assert_eq!(status, 412, "{body}");
        assert_eq!(etag.as_deref(), Some("\"2\""));
        assert_eq!(body["current"]["content"]["answers"][&q][0], "Bos tekst");
        assert_eq!(body["current"]["updated_by"], "Bo Bager");
        let (status, _, _) = put_draft(&s, &anna, &id, None, &annas).await;
        assert_eq!(status, 428, "a draft exists: If-Match is required");
        let (status, _, _) = put_draft(&s, &anna, &id, Some("tre"), &annas).await;
        assert_eq!(status, 400);

        // Submitting with a stale If-Match is refused; with the current one it goes through.
        let submit = |t: String, v: &'static str| {
            let s = s.clone();
            let (id, q, sec) = (id.clone(), q.clone(), sections[1].clone());
            async move {
                client()
                    .post(s.url(&format!("/api/v1/hearings/{id}/responses")))
                    .bearer_auth(&t)
                    .header("if-match", v)
                    .json(&json!({
                        "stance": "opposes", "publication": "named",
                        "answers": [{"question_id": q, "value": "Bos tekst"}],
                        "comments": [{"section_id": sec, "text": "12 meter er for lidt."}]
                    }))
                    .send()
                    .await
                    .unwrap()
            }
        };
        assert_eq!(submit(anna.clone(), "\"1\"").await.status(), 412);
        let res = submit(anna.clone(), "\"2\"").await;
        assert_eq!(res.status(), 201);
        let receipt: Value = res.json().await.unwrap();
        let rid = receipt["id"].as_str().unwrap();
        let d = get_json(s.url(&format!("/api/v1/hearings/{id}/draft")), Some(&bo)).await;
        assert_eq!(d["version"], 3, "the submission moved the draft on");
        assert_eq!(d["unsubmitted_changes"], false);

        let full = get_json(
            s.url(&format!("/api/v1/responses/{rid}/content")),
            Some(&bo),
        )
        .await;
        assert_eq!(full["comments"][0]["number"], 2);
        assert_eq!(full["comments"][0]["text"], "12 meter er for lidt.");

        // Another organisation sees none of it, whatever id it guesses.
        let res = client()
            .post(s.url("/api/v1/auth/register"))
            .json(&registration("c@andet.example", &cvr(91)))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        verify_email(&s, "c@andet.example").await;
        let other = token(&s, "c@andet.example", "et-godt-kodeord").await;
        let res = client()
            .get(s.url(&format!("/api/v1/hearings/{id}/draft")))
            .bearer_auth(&other)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
        for path in [
            format!("/api/v1/responses/{rid}/content"),
            format!("/api/v1/responses/{rid}/versions"),
            format!("/api/v1/responses/{rid}"),
        ] {
            let res = client()
                .get(s.url(&path))
                .bearer_auth(&other)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 404, "{path}");
        }
        let (status, _, _) = put_draft(&s, &other, &id, Some("*"), &first).await;
        assert_eq!(status, 200, "its own draft, apart");
        let mine = get_json(s.url(&format!("/api/v1/hearings/{id}/draft")), Some(&anna)).await;
        assert_eq!(mine["content"]["answers"][&q][0], "Bos tekst");
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let res = client()
            .get(s.url(&format!("/api/v1/hearings/{id}/draft")))
            .bearer_auth(&staff)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "staff keep no draft");
    })
    .await;
}

#[tokio::test]
async fn a_confidential_passage_is_decided_by_staff_and_withheld_from_the_published_response() {
    each(true, |s| async move {
        let (id, q, sections) = hearing(&s).await;
        let bakery = token(&s, RESPONDENT.0, RESPONDENT.1).await;
        let upload = client()
            .post(s.url("/api/v1/uploads?filename=budget.pdf"))
            .bearer_auth(&bakery)
            .header("content-type", "application/pdf")
            .body(pdf(900))
            .send()
            .await
            .unwrap();
        let file: Value = upload.json().await.unwrap();
        let body = json!({
            "stance": "supports_with_changes", "publication": "named",
            "answers": [{"question_id": q, "value": "Vi investerer 4,2 mio. kr. i en ny hal."}],
            "comments": [{"section_id": sections[0], "text": "Vores kunde Nordlager A/S flytter med."}],
            "attachments": [file["id"]],
            "confidential": [
                {"location": format!("answer:{q}"), "text": "4,2 mio. kr.", "reason": "Investeringen er ikke offentlig."},
                {"location": format!("comment:{}", sections[0]), "text": "Nordlager A/S", "reason": "Kundeforhold."}
            ]
        });
        let mut bad = body.clone();
        bad["confidential"][0]["text"] = json!("5 mio. kr.");
        let res = client()
            .post(s.url(&format!("/api/v1/hearings/{id}/responses")))
            .bearer_auth(&bakery)
            .header("accept-language", "en")
            .json(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let p: Value = res.json().await.unwrap();
        assert_eq!(p["errors"][0]["field"], "confidential[0].text");
        assert!(p["errors"][0]["message"].as_str().unwrap().contains("word for word"), "{p}");
        let mut too_many = body.clone();
        too_many["attachments"] = json!([file["id"], uuid::Uuid::new_v4().to_string()]);
        let res = client()
            .post(s.url(&format!("/api/v1/hearings/{id}/responses")))
            .bearer_auth(&bakery)
            .json(&too_many)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "an attachment that is not the organisation's own");

        let res = client()
            .post(s.url(&format!("/api/v1/hearings/{id}/responses")))
            .bearer_auth(&bakery)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let rid = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let politician = token(&s, POLITICIAN.0, POLITICIAN.1).await;
        let full = get_json(s.url(&format!("/api/v1/responses/{rid}/content")), Some(&politician)).await;
        assert_eq!(full["confidential"][0]["decision"], "pending");
        assert_eq!(full["attachments"][0]["filename"], "budget.pdf");
        let money = full["confidential"][0]["id"].as_str().unwrap().to_string();
        let client_name = full["confidential"][1]["id"].as_str().unwrap().to_string();
        let decide = |t: String, passage: String, body: Value| {
            let s = s.clone();
            async move {
                client()
                    .post(s.url(&format!("/api/v1/passages/{passage}/decision")))
                    .bearer_auth(&t)
                    .json(&body)
                    .send()
                    .await
                    .unwrap()
            }
        };
        for t in [&politician, &bakery] {
            let res = decide(t.clone(), money.clone(), json!({"decision": "granted", "reason": "x"})).await;
            assert_eq!(res.status(), 403);
        }
        let res = decide(staff.clone(), money.clone(), json!({"decision": "granted"})).await;
        assert_eq!(res.status(), 422);
        let res = decide(
            staff.clone(),
            money.clone(),
            json!({"decision": "granted", "reason": "Forretningshemmelighed efter § 30 nr. 2."}),
        )
        .await;
        assert_eq!(res.status(), 200);
        let res = decide(
            staff.clone(),
            client_name.clone(),
            json!({"decision": "refused", "reason": "Kundeforholdet er offentligt kendt."}),
        )
        .await;
        assert_eq!(res.status(), 200);
        let mine = get_json(s.url(&format!("/api/v1/responses/{rid}/content")), Some(&bakery)).await;
        assert_eq!(mine["confidential"][0]["decision"], "granted");
        assert_eq!(mine["confidential"][1]["decision_reason"], "Kundeforholdet er offentligt kendt.");

        // After the deadline the public reads it with the granted passage withheld.
        s.clock.set(s.clock_now() + Duration::weeks(6));
        let public = get_json(s.url(&format!("/api/v1/hearings/{id}/published-responses")), None).await;
        let text = public.to_string();
        assert!(!text.contains("4,2 mio"), "{text}");
        assert!(text.contains("Vi investerer […] i en ny hal."), "{text}");
        assert!(text.contains("Nordlager A/S"), "a refused request is published");
        let page = client()
            .get(s.url(&format!("/hearings/{id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!page.contains("4,2 mio"));
        assert!(page.contains("Vi investerer […] i en ny hal."));
    })
    .await;
}

/// The response form of a signed-in client: its HTML.
async fn form(c: &reqwest::Client, s: &Server, id: &str) -> String {
    let res = c
        .get(s.url(&format!("/hearings/{id}/respond")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.text().await.unwrap()
}

/// The fields of the response form as a browser sends them, from its page.
fn fields(html: &str, q: &str, text: &str, comment: (&str, &str), action: &str) -> Form {
    Form::new()
        .text("csrf", csrf(html))
        .text(
            "draft_version",
            field_value(html, "draft_version").unwrap_or_default(),
        )
        .text(
            "submission_key",
            field_value(html, "submission_key").unwrap_or_default(),
        )
        .text("conf_rows", "1")
        .text("stance", "opposes")
        .text("publication", "named")
        .text(format!("answer_{q}"), text.to_string())
        .text(format!("comment_{}", comment.0), comment.1.to_string())
        .text("action", action.to_string())
}

#[tokio::test]
async fn on_the_pages_a_save_on_an_older_version_shows_both_texts_side_by_side_and_nothing_is_lost()
{
    each(true, |s| async move {
        let (id, q, sections) = hearing(&s).await;
        colleague(&s, "bo@bageri.example", "Bo Bager").await;
        let anna = sign_in(&s, RESPONDENT).await;
        let bo = sign_in(&s, ("bo@bageri.example", RESPONDENT.1)).await;
        let post = |c: reqwest::Client, f: Form| {
            let url = s.url(&format!("/hearings/{id}/respond"));
            async move { c.post(url).multipart(f).send().await.unwrap() }
        };

        // Anna saves a first draft; it is there after she signs out and in again.
        let html = form(&anna, &s, &id).await;
        let res = post(
            anna.clone(),
            fields(
                &html,
                &q,
                "Annas tekst",
                (&sections[0], "Annas kommentar"),
                "save",
            ),
        )
        .await;
        assert_eq!(res.status(), 303);
        let html = form(&anna, &s, &id).await;
        assert!(html.contains(">Annas tekst</textarea>"));
        assert!(html.contains("id=\"draft-status\""));
        let anna = sign_in(&s, RESPONDENT).await;
        let annas_page = form(&anna, &s, &id).await;
        assert!(
            annas_page.contains(">Annas tekst</textarea>"),
            "the draft survives signing out"
        );
        assert!(annas_page.contains(">Annas kommentar</textarea>"));

        // Bo opens the same draft and saves; Anna, still on the older version, saves.
        let bos_page = form(&bo, &s, &id).await;
        let res = post(
            bo.clone(),
            fields(
                &bos_page,
                &q,
                "Bos tekst",
                (&sections[0], "Annas kommentar"),
                "save",
            ),
        )
        .await;
        assert_eq!(res.status(), 303);
        let res = post(
            anna.clone(),
            fields(
                &annas_page,
                &q,
                "Annas nye tekst",
                (&sections[0], "Annas bedre kommentar"),
                "save",
            ),
        )
        .await;
        assert_eq!(res.status(), 409);
        let conflict = res.text().await.unwrap();
        assert!(conflict.contains("Bo Bager"));
        assert!(
            conflict.contains("Annas nye tekst") && conflict.contains("Bos tekst"),
            "both texts, side by side"
        );
        assert!(conflict.contains("class=\"side-by-side\""));

        // She keeps Bo's answer and her own comment.
        let mut choose = Form::new()
            .text("csrf", csrf(&conflict))
            .text("action", "resolve")
            .text(format!("choose_answer_{q}"), "theirs")
            .text(format!("choose_comment_{}", sections[0]), "mine");
        for (name, value) in hidden_fields(&conflict) {
            choose = choose.text(name, value);
        }
        let res = post(anna.clone(), choose).await;
        assert_eq!(res.status(), 303);
        let html = form(&anna, &s, &id).await;
        assert!(html.contains(">Bos tekst</textarea>"), "{html}");
        assert!(html.contains(">Annas bedre kommentar</textarea>"));

        // Submitting from the form gives a receipt; the draft follows.
        let res = post(
            anna.clone(),
            fields(
                &html,
                &q,
                "Bos tekst",
                (&sections[0], "Annas bedre kommentar"),
                "submit",
            ),
        )
        .await;
        assert_eq!(res.status(), 303);
        assert!(
            res.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/receipts/")
        );
        // Bo, on the version before the submission, is told too, his text kept.
        let res = post(
            bo.clone(),
            fields(
                &bos_page,
                &q,
                "Bos sene rettelse",
                (&sections[0], ""),
                "submit",
            ),
        )
        .await;
        assert_eq!(res.status(), 409);
        assert!(res.text().await.unwrap().contains("Bos sene rettelse"));

        // The page's script saves while typing: JSON, and 409 on an older version.
        let html = form(&anna, &s, &id).await;
        let res = anna
            .post(s.url(&format!("/hearings/{id}/draft")))
            .multipart(fields(
                &html,
                &q,
                "Skrevet videre",
                (&sections[0], ""),
                "save",
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let saved: Value = res.json().await.unwrap();
        assert!(
            saved["message"]
                .as_str()
                .unwrap()
                .contains("gemt automatisk")
        );
        let res = anna
            .post(s.url(&format!("/hearings/{id}/draft")))
            .multipart(fields(
                &html,
                &q,
                "Noget helt andet",
                (&sections[0], ""),
                "save",
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409);

        let listed = anna
            .get(s.url("/responses"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            listed.contains("class=\"my-draft\""),
            "the unsubmitted changes are listed"
        );
    })
    .await;
}

/// The hidden fields of a page (name, value), but the CSRF token.
fn hidden_fields(html: &str) -> Vec<(String, String)> {
    html.split("<input type=\"hidden\" name=\"")
        .skip(1)
        .filter_map(|part| {
            let name = part.split('"').next()?.to_string();
            let value = part
                .split("value=\"")
                .nth(1)?
                .split('"')
                .next()?
                .to_string();
            let value = value
                .replace("&#x27;", "'")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            (name != "csrf").then_some((name, value))
        })
        .collect()
}

#[tokio::test]
async fn after_the_deadline_a_submission_is_refused_with_the_deadline_and_the_draft_is_kept() {
    each(true, |s| async move {
        let (id, q, sections) = hearing(&s).await;
        // Past the deadline (a new session: the old one has expired by then).
        s.clock.set(s.clock_now() + Duration::weeks(6));
        let c = sign_in(&s, RESPONDENT).await;
        let html = form(&c, &s, &id).await;
        assert!(
            html.contains("Høringen er lukket"),
            "the form says so before anything is sent"
        );
        let res = c
            .post(s.url(&format!("/hearings/{id}/respond")))
            .multipart(fields(
                &html,
                &q,
                "Sendt for sent",
                (&sections[0], "Også for sent"),
                "submit",
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409);
        let page = res.text().await.unwrap();
        assert!(page.contains("Høringen er lukket. Fristen var"), "{page}");
        assert!(page.contains("Din kladde er gemt"));
        assert!(page.contains(">Sendt for sent</textarea>"));
        let again = form(&c, &s, &id).await;
        assert!(
            again.contains(">Også for sent</textarea>"),
            "the draft is kept"
        );
    })
    .await;
}

#[tokio::test]
async fn staff_decide_on_a_passage_on_the_response_page_and_the_respondent_reads_the_decision() {
    each(true, |s| async move {
        let (id, q, sections) = hearing(&s).await;
        let c = sign_in(&s, RESPONDENT).await;
        let html = form(&c, &s, &id).await;
        let f = fields(
            &html,
            &q,
            "Vores pris er 900 kr. pr. m².",
            (&sections[0], ""),
            "submit",
        )
        .text("conf_location_0", format!("answer:{q}"))
        .text("conf_text_0", "900 kr.")
        .text("conf_reason_0", "Prisen er en forretningshemmelighed.")
        .part(
            "attachment_file",
            Part::bytes(pdf(700)).file_name("bilag.pdf"),
        );
        let res = c
            .post(s.url(&format!("/hearings/{id}/respond")))
            .multipart(f)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "{:?}", res.text().await);
        let receipt = res.headers()["location"].to_str().unwrap().to_string();
        let rid = receipt.trim_start_matches("/receipts/").to_string();

        let staff = sign_in(&s, STAFF).await;
        let page = staff
            .get(s.url(&format!("/responses/{rid}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("900 kr."), "staff see the passage");
        assert!(page.contains("download>bilag.pdf</a>"));
        let passage = page
            .split("action=\"/passages/")
            .nth(1)
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .to_string();
        let res = staff
            .post(s.url(&format!("/passages/{passage}/decision")))
            .form(&[
                ("csrf", csrf(&page)),
                ("response", rid.clone()),
                ("decision", "granted".into()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "a reason is required");
        assert!(
            res.text()
                .await
                .unwrap()
                .contains(&format!("id=\"reason-{passage}-error\""))
        );
        let res = staff
            .post(s.url(&format!("/passages/{passage}/decision")))
            .form(&[
                ("csrf", csrf(&page)),
                ("response", rid.clone()),
                ("decision", "granted".into()),
                ("reason", "Omfattet af § 30 nr. 2.".into()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);

        // The respondent reads the decision, on the response and on the form.
        let mine = c
            .get(s.url(&format!("/responses/{rid}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(mine.contains("Imødekommet") && mine.contains("Omfattet af § 30 nr. 2."));
        assert!(
            !mine.contains("action=\"/passages/"),
            "respondents decide nothing"
        );
        let again = form(&c, &s, &id).await;
        assert!(again.contains("Imødekommet"), "{again}");
        let res = c
            .post(s.url(&format!("/passages/{passage}/decision")))
            .form(&[
                ("csrf", csrf(&again)),
                ("response", rid.clone()),
                ("decision", "refused".into()),
                ("reason", "x".into()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        let other = crate::support::browser();
        let res = other
            .get(s.url(&format!("/responses/{rid}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "visitors sign in first");

        // The PDF copy: for the organisation and readers, never for others.
        let res = c
            .get(s.url(&format!("/responses/{rid}/pdf")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "application/pdf");
        assert!(
            res.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment;")
        );
        let bytes = res.bytes().await.unwrap();
        assert!(hearings_core::files::check_pdf("x.pdf", &bytes, 10_000_000).is_ok());
        let politician = token(&s, POLITICIAN.0, POLITICIAN.1).await;
        let res = client()
            .get(s.url(&format!("/api/v1/responses/{rid}/pdf")))
            .bearer_auth(&politician)
            .header("accept-language", "en")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.bytes().await.unwrap().starts_with(b"%PDF-"));
        let res = client()
            .post(s.url("/api/v1/auth/register"))
            .json(&registration("d@andet.example", &cvr(93)))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        verify_email(&s, "d@andet.example").await;
        let stranger = token(&s, "d@andet.example", "et-godt-kodeord").await;
        let res = client()
            .get(s.url(&format!("/api/v1/responses/{rid}/pdf")))
            .bearer_auth(&stranger)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "another organisation gets nothing");
    })
    .await;
}

#[tokio::test]
async fn a_saved_draft_survives_a_restart_of_the_server_and_a_member_without_an_organisation_gets_no_form()
 {
    for backend in hearings_store::testing::TestDatabase::backends() {
        let s = Server::start(backend, true, crate::support::t0()).await;
        let (id, q, sections) = hearing(&s).await;
        let c = sign_in(&s, RESPONDENT).await;
        let html = form(&c, &s, &id).await;
        let res = c
            .post(s.url(&format!("/hearings/{id}/respond")))
            .multipart(fields(
                &html,
                &q,
                "Skrevet før genstart",
                (&sections[1], "Også før"),
                "save",
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let s = s.restart(crate::support::t0() + Duration::minutes(5)).await;
        let c = sign_in(&s, RESPONDENT).await;
        let html = form(&c, &s, &id).await;
        assert!(html.contains(">Skrevet før genstart</textarea>"), "{html}");
        assert!(html.contains(">Også før</textarea>"));

        // An account that belongs to no organisation is told why, not given a form.
        let store = hearings_store::Store::connect(&s.db_url()).await.unwrap();
        hearings_store::testing::run_sql(
            &store,
            "UPDATE users SET organisation_id = NULL WHERE email = 'virksomhed@bageri.example'",
        )
        .await
        .unwrap();
        store.close().await.unwrap();
        let res = c
            .get(s.url(&format!("/hearings/{id}/respond")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("hører ikke til en organisation endnu")
        );
        s.stop().await;
    }
}
