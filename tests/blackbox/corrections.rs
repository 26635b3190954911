//! Editing a hearing and correcting it after publication, through the API
//! and the pages: the correction is shown publicly, the roles are checked,
//! and a refused edit keeps everything typed.

use chrono::Duration;
use serde_json::{Value, json};

use crate::support::{
    POLITICIAN, RESPONDENT, STAFF, Server, client, csrf, each, get_json, sign_in, token,
};

/// Opens 2026-05-31 10:00 and closes 2026-06-30 10:00 (Copenhagen).
fn body(title: &str, s: &Server) -> Value {
    let now = s.clock_now();
    json!({
        "title": title,
        "summary": "Regler for skilte på facader.",
        "kind": "lokalplanforslag",
        "opens_at": (now - Duration::days(1)).to_rfc3339(),
        "closes_at": (now + Duration::weeks(4) + Duration::days(1)).to_rfc3339(),
        "area": "bymidten",
        "areas": ["bymidten"],
        "sections": [{"heading": "Formål", "body": "Skilte skal passe til bygningen."}],
        "questions": [{"kind": "long_text", "prompt": "Bemærkninger", "required": false}]
    })
}

async fn published(s: &Server, staff: &str, title: &str) -> String {
    let res = client()
        .post(s.url("/api/v1/hearings"))
        .bearer_auth(staff)
        .json(&body(title, s))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let v: Value = res.json().await.unwrap();
    let id = v["id"].as_str().unwrap().to_string();
    let res = client()
        .post(s.url(&format!("/api/v1/hearings/{id}/publish")))
        .bearer_auth(staff)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    id
}

async fn put(s: &Server, t: Option<&str>, id: &str, body: &Value, lang: &str) -> (u16, Value) {
    let mut req = client()
        .put(s.url(&format!("/api/v1/hearings/{id}")))
        .header("accept-language", lang)
        .json(body);
    if let Some(t) = t {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn a_published_hearing_is_corrected_through_the_api_with_a_note_and_the_correction_is_public()
{
    each(true, |s| async move {
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let id = published(&s, &staff, "Skiltepolitik").await;
        let mut changed = body("Skiltepolitik for Bymidten", &s);

        let (status, problem) = put(&s, Some(&staff), &id, &changed, "en").await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(problem["errors"][0]["field"], "note");

        for (who, t) in [
            ("politician", token(&s, POLITICIAN.0, POLITICIAN.1).await),
            ("respondent", token(&s, RESPONDENT.0, RESPONDENT.1).await),
        ] {
            changed["note"] = json!("x");
            let (status, _) = put(&s, Some(&t), &id, &changed, "da").await;
            assert_eq!(status, 403, "a {who} cannot edit");
        }
        assert_eq!(put(&s, None, &id, &changed, "da").await.0, 401);

        changed["closes_at"] = json!((s.clock_now() + Duration::weeks(3)).to_rfc3339());
        changed["note"] = json!("Titlen var for bred.");
        let (status, problem) = put(&s, Some(&staff), &id, &changed, "en").await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(problem["errors"][0]["field"], "closes_at");

        changed["closes_at"] = body("", &s)["closes_at"].clone();
        let (status, hearing) = put(&s, Some(&staff), &id, &changed, "da").await;
        assert_eq!(status, 200, "{hearing}");
        assert_eq!(hearing["title"], "Skiltepolitik for Bymidten");

        let public = get_json(s.url(&format!("/api/v1/hearings/{id}")), None).await;
        assert_eq!(public["corrections"].as_array().unwrap().len(), 1);
        assert_eq!(public["corrections"][0]["fields"], json!(["title"]));
        assert_eq!(public["corrections"][0]["note"], "Titlen var for bred.");
        assert_eq!(public["corrections"][0]["at"], "2026-06-01T08:00:00.000Z");
        let page = client()
            .get(s.url(&format!("/hearings/{id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("Ændret den 1. juni 2026 kl. 10:00: titel — <span class=\"correction-note\">Titlen var for bred.</span>"),
            "{page}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_edit_page_is_for_staff_and_a_refused_correction_says_why_in_english_keeping_what_was_typed()
 {
    each(true, |s| async move {
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let id = published(&s, &staff, "Skiltepolitik").await;
        let edit = format!("/staff/hearings/{id}/edit");
        for who in [POLITICIAN, RESPONDENT] {
            let c = sign_in(&s, who).await;
            let res = c.get(s.url(&edit)).send().await.unwrap();
            assert_eq!(res.status(), 403, "{}", who.0);
        }

        let c = sign_in(&s, STAFF).await;
        c.get(s.url("/lang/en?next=/")).send().await.unwrap();
        let res = c.get(s.url(&edit)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains("value=\"Skiltepolitik\""), "the form is filled in");
        assert!(html.contains("Skilte skal passe til bygningen."));
        let token = csrf(&html);
        let form = |title: &'static str, closes_date: &'static str| {
            vec![
                ("csrf", token.clone()),
                ("action", "save".into()),
                ("note", "Fristen er rettet.".into()),
                ("title", title.into()),
                ("summary", "Regler for skilte på facader.".into()),
                ("kind", "lokalplanforslag".into()),
                ("areas", "bymidten".into()),
                ("opens_date", "2026-05-31".into()),
                ("opens_time", "10:00".into()),
                ("closes_date", closes_date.into()),
                ("closes_time", "10:00".into()),
                ("section_rows", "1".into()),
                ("section_heading_0", "Formål".into()),
                ("section_body_0", "Skilte skal passe til bygningen.".into()),
                ("question_rows", "1".into()),
                ("q_kind_0", "long_text".into()),
                ("q_prompt_0", "Bemærkninger".into()),
                ("q_options_0", "".into()),
                ("q_unit_0", "".into()),
            ]
        };
        let res = c
            .post(s.url(&edit))
            .form(&form("Skiltepolitik, rettet", "2026-06-29"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("After publication the deadline can only be moved later."),
            "{html}"
        );
        assert!(html.contains("value=\"Skiltepolitik, rettet\""));
        assert!(html.contains("Fristen er rettet."));
        assert!(html.contains("value=\"2026-06-29\""));

        let res = c
            .post(s.url(&edit))
            .form(&form("Skiltepolitik", "2026-07-01"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let page = c
            .get(s.url(&format!("/hearings/{id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("Changed on 1 June 2026, 10:00: deadline — <span class=\"correction-note\">Fristen er rettet.</span>"),
            "{page}"
        );
    })
    .await;
}
