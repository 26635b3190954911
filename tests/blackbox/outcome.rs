//! The outcome of a hearing through the API and the pages: staff take a
//! closed hearing into review and record the decision; the public reads what
//! was decided; each respondent is e-mailed, and reads on its page, how its
//! own points were assessed; everyone else is refused.

use chrono::Duration;
use serde_json::{Value, json};

use crate::account::open_hearing;
use crate::api::new_respondent;
use crate::support::{
    POLITICIAN, RESPONDENT, STAFF, Server, client, csrf, each, get_json, policy_hearing, sign_in,
    token,
};

async fn send(s: &Server, path: &str, t: Option<&str>, body: Value) -> (u16, Value) {
    let mut req = client()
        .post(s.url(path))
        .header("accept-language", "en")
        .json(&body);
    if let Some(t) = t {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.unwrap();
    (
        res.status().as_u16(),
        res.json().await.unwrap_or(Value::Null),
    )
}

fn decision(on: &str) -> Value {
    json!({
        "decided_on": on,
        "body": "Kommunalbestyrelsen",
        "text": "Lokalplanen vedtages **endeligt**.",
        "minutes_url": "https://www.glostrup.dk/referat"
    })
}

#[tokio::test]
async fn staff_record_the_decision_and_the_respondent_reads_its_assessed_points() {
    each(true, |s| async move {
        let (id, question) = open_hearing(&s).await;
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let bakery = token(&s, RESPONDENT.0, RESPONDENT.1).await;
        let d = get_json(s.url(&format!("/api/v1/hearings/{id}")), None).await;
        let section = d["sections"][0]["id"].as_str().unwrap().to_string();
        let res = client()
            .post(s.url(&format!("/api/v1/hearings/{id}/responses")))
            .bearer_auth(&bakery)
            .json(&json!({
                "stance": "supports_with_changes",
                "publication": "named",
                "answers": [{"question_id": question, "value": 4}],
                "comments": [{"section_id": section, "text": "Husk varelevering om morgenen."}]
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let rid = res.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();

        // While it is open nothing is decided; only staff may act at all.
        let (status, _) = send(&s, &format!("/api/v1/hearings/{id}/review"), Some(&staff), Value::Null).await;
        assert_eq!(status, 409);
        let (status, _) = send(&s, &format!("/api/v1/hearings/{id}/decision"), Some(&staff), decision("2030-01-01")).await;
        assert_eq!(status, 409);
        s.clock.set(s.clock_now() + Duration::weeks(6));
        // (Tokens expire meanwhile: sign in again.)
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let politician = token(&s, POLITICIAN.0, POLITICIAN.1).await;
        let bakery = token(&s, RESPONDENT.0, RESPONDENT.1).await;
        for path in [format!("/api/v1/hearings/{id}/review"), format!("/api/v1/hearings/{id}/decision")] {
            assert_eq!(send(&s, &path, Some(&politician), decision("2030-01-01")).await.0, 403, "{path}");
            assert_eq!(send(&s, &path, Some(&bakery), decision("2030-01-01")).await.0, 403, "{path}");
            assert_eq!(send(&s, &path, None, decision("2030-01-01")).await.0, 401, "{path}");
        }
        let (status, _) = send(&s, &format!("/api/v1/hearings/{id}/review"), Some(&staff), Value::Null).await;
        assert_eq!(status, 204);
        let h = get_json(s.url(&format!("/api/v1/hearings/{id}")), None).await;
        assert_eq!(h["state"], "in_review");

        let res = client()
            .put(s.url(&format!("/api/v1/responses/{rid}/assessment")))
            .bearer_auth(&staff)
            .json(&json!({"section_id": section, "summary": "Varelevering.", "assessment": "accommodated", "reason": "Leveringer tillades fra kl. 6."}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);

        // Before the decision the respondent sees no assessment.
        let o = get_json(s.url(&format!("/api/v1/responses/{rid}/outcome")), Some(&bakery)).await;
        assert_eq!(o["decision"], Value::Null);
        assert_eq!(o["points"].as_array().unwrap().len(), 0);
        let res = client().get(s.url(&format!("/api/v1/hearings/{id}/outcome"))).send().await.unwrap();
        assert_eq!(res.status(), 404);

        // Bad input: every field named, in the caller's language; bad JSON is 400.
        let (status, p) = send(&s, &format!("/api/v1/hearings/{id}/decision"), Some(&staff),
            json!({"decided_on": "2026-01-01", "body": "", "text": "x", "minutes_url": "javascript:alert(1)"})).await;
        assert_eq!(status, 422, "{p}");
        let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["decided_on", "body", "minutes_url"]);
        assert!(p["errors"][0]["message"].as_str().unwrap().contains("deadline"), "{p}");
        let (status, _) = send(&s, &format!("/api/v1/hearings/{id}/decision"), Some(&staff), json!({"decided_on": 5})).await;
        assert_eq!(status, 400);

        let today = s.clock_now().date_naive().to_string();
        let (status, rec) = send(&s, &format!("/api/v1/hearings/{id}/decision"), Some(&staff), decision(&today)).await;
        assert_eq!(status, 201, "{rec}");
        assert_eq!(rec["notified"], 1);
        let (status, _) = send(&s, &format!("/api/v1/hearings/{id}/decision"), Some(&staff), decision(&today)).await;
        assert_eq!(status, 409, "decided once");

        // The public outcome, and the respondent's own.
        let public = get_json(s.url(&format!("/api/v1/hearings/{id}/outcome")), None).await;
        assert_eq!(public["decision"]["body"], "Kommunalbestyrelsen");
        assert_eq!(public["responses"], 1);
        let o = get_json(s.url(&format!("/api/v1/responses/{rid}/outcome")), Some(&bakery)).await;
        assert_eq!(o["decision"]["decided_on"], today.as_str());
        assert_eq!(o["points"][0]["section"], Value::Null);
        assert_eq!(o["points"][0]["assessment"], Value::Null);
        assert_eq!(o["points"][1]["section"]["number"], 1);
        assert_eq!(o["points"][1]["assessment"], "accommodated");
        assert_eq!(o["points"][1]["reason"], "Leveringer tillades fra kl. 6.");
        let stranger = new_respondent(&s, "anden@virksomhed.example", 77).await;
        let res = client().get(s.url(&format!("/api/v1/responses/{rid}/outcome"))).bearer_auth(&stranger).send().await.unwrap();
        assert_eq!(res.status(), 404, "another organisation's response does not exist for it");
        let res = client().get(s.url(&format!("/api/v1/responses/{rid}/outcome"))).send().await.unwrap();
        assert_eq!(res.status(), 401);

        // The e-mail to the submitter.
        let store = hearings_store::Store::connect(&s.db_url()).await.unwrap();
        let mails = hearings_store::testing::messages_to(&store, RESPONDENT.0).await.unwrap();
        store.close().await.unwrap();
        let mail = mails.iter().rev().find(|m| m.kind == "outcome").expect("an outcome e-mail");
        for needle in ["Kommunalbestyrelsen", "Leveringer tillades fra kl. 6.", "Imødekommet", "Accommodated", &format!("/responses/{rid}/outcome")] {
            assert!(mail.body.contains(needle), "lacks {needle}:\n{}", mail.body);
        }

        // The pages: the hearing says what was decided; the respondent's page and list.
        let page = client().get(s.url(&format!("/hearings/{id}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("id=\"outcome\""), "{page}");
        assert!(page.contains("<strong>endeligt</strong>"));
        assert!(page.contains("href=\"https://www.glostrup.dk/referat\""));
        let c = sign_in(&s, RESPONDENT).await;
        let own = c.get(s.url(&format!("/responses/{rid}/outcome"))).send().await.unwrap();
        assert_eq!(own.status(), 200);
        let own = own.text().await.unwrap();
        assert!(own.contains("Leveringer tillades fra kl. 6."));
        assert!(own.contains("Husk varelevering om morgenen."));
        let mine = c.get(s.url("/responses")).send().await.unwrap().text().await.unwrap();
        assert!(mine.contains(&format!("href=\"/responses/{rid}/outcome\"")), "{mine}");
    })
    .await;
}

#[tokio::test]
async fn on_the_page_a_decision_with_errors_keeps_what_was_typed_and_only_staff_see_the_form() {
    each(true, |s| async move {
        let policy = policy_hearing(&s).await;
        let pol = sign_in(&s, POLITICIAN).await;
        let page = pol
            .get(s.url(&format!("/hearings/{policy}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!page.contains("action=\"/hearings/{policy}/decision\""));
        let res = pol
            .post(s.url(&format!("/hearings/{policy}/decision")))
            .form(&[
                ("csrf", csrf(&page)),
                ("decided_on", "2030-01-01".into()),
                ("body", "x".into()),
                ("text", "y".into()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);

        let c = sign_in(&s, STAFF).await;
        let page = c
            .get(s.url(&format!("/hearings/{policy}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains(&format!("action=\"/hearings/{policy}/decision\"")));
        assert!(page.contains(&format!("action=\"/hearings/{policy}/review\"")));
        let res = c
            .post(s.url(&format!("/hearings/{policy}/decision")))
            .form(&[
                ("csrf", csrf(&page)),
                ("decided_on", "14-01-2027".into()),
                ("body", "".into()),
                ("text", "Vedtaget som foreslået.".into()),
                ("minutes_url", "ftp://x".into()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("id=\"decision-decided_on-error\""), "{html}");
        assert!(html.contains("id=\"decision-body-error\""));
        assert!(html.contains("id=\"decision-minutes_url-error\""));
        assert!(
            html.contains("Vedtaget som foreslået.</textarea>"),
            "what was typed is kept"
        );
        assert!(html.contains("value=\"14-01-2027\""));
        assert!(html.contains("Skriv et link"), "Danish by default: {html}");

        let today = s.clock_now().date_naive().to_string();
        let res = c
            .post(s.url(&format!("/hearings/{policy}/decision")))
            .form(&[
                ("csrf", csrf(&page)),
                ("decided_on", today),
                ("body", "Kommunalbestyrelsen".into()),
                ("text", "Vedtaget som foreslået.".into()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let page = c
            .get(s.url(&format!("/hearings/{policy}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("id=\"outcome\""));
        assert!(
            page.contains("class=\"note outcome-notified\""),
            "staff see how many were told"
        );
        assert!(
            !page.contains(&format!("action=\"/hearings/{policy}/decision\"")),
            "decided once"
        );
        let public = client()
            .get(s.url(&format!("/hearings/{policy}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(public.contains("Vedtaget som foreslået."));
        assert!(!public.contains("outcome-notified"));
        // The audit log records it.
        let admin = token(&s, "admin@glostrup.example", "Demo-Admin-1").await;
        let audit = get_json(s.url("/api/v1/audit"), Some(&admin)).await;
        assert!(audit.to_string().contains("hearing.decide"), "{audit}");
    })
    .await;
}
