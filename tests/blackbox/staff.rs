//! The secretariat's withdrawal of a hearing, the deadline warnings, and the
//! administrators' audit log, through the API and the pages.

use chrono::{DateTime, Duration, Utc};
use reqwest::Client;
use serde_json::{Value, json};

use crate::support::{
    POLITICIAN, RESPONDENT, STAFF, Server, browser, client, csrf, each, get_json, sign_in, token,
};

const ADMIN: (&str, &str) = ("admin@glostrup.example", "Demo-Admin-1");

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

fn hearing_body(title: &str, opens: DateTime<Utc>, closes: DateTime<Utc>) -> Value {
    json!({
        "title": title,
        "summary": "Regler for skilte på facader.",
        "kind": "policy",
        "opens_at": opens.to_rfc3339(),
        "closes_at": closes.to_rfc3339(),
        "area": "bymidten",
        "questions": [{"kind": "long_text", "prompt": "Bemærkninger", "required": false}]
    })
}

/// Creates a draft through the API as staff; returns its id and the body.
async fn create(s: &Server, staff: &str, body: &Value, lang: &str) -> (String, Value) {
    let res = client()
        .post(s.url("/api/v1/hearings"))
        .bearer_auth(staff)
        .header("accept-language", lang)
        .json(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let v: Value = res.json().await.unwrap();
    (v["id"].as_str().unwrap().to_string(), v)
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

/// An open hearing (from yesterday, four weeks), published by staff.
async fn open_hearing(s: &Server, staff: &str, title: &str) -> String {
    let now = s.clock_now();
    let (id, _) = create(
        s,
        staff,
        &hearing_body(title, now - Duration::days(1), now + Duration::weeks(4)),
        "da",
    )
    .await;
    publish(s, staff, &id).await;
    id
}

async fn withdraw_api(s: &Server, token: Option<&str>, id: &str, body: Value) -> (u16, Value) {
    let mut req = client()
        .post(s.url(&format!("/api/v1/hearings/{id}/withdraw")))
        .json(&body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    if status >= 400 {
        assert_eq!(res.headers()["content-type"], "application/problem+json");
    }
    (status, res.json().await.unwrap())
}

async fn mark_decided(s: &Server, id: &str) {
    let store = hearings_store::Store::connect(&s.db_url()).await.unwrap();
    hearings_store::testing::set_hearing_status(
        &store,
        id.parse().unwrap(),
        hearings_core::HearingStatus::Decided,
    )
    .await
    .unwrap();
    store.close().await.unwrap();
}

async fn get(c: &Client, s: &Server, path: &str) -> (u16, String) {
    let res = c.get(s.url(path)).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// Posts a form with the CSRF token of the page at `page`.
async fn post(
    c: &Client,
    s: &Server,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let (_, html) = get(c, s, page).await;
    let token = csrf(&html);
    let mut form: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
    form.extend_from_slice(fields);
    c.post(s.url(action)).form(&form).send().await.unwrap()
}

#[tokio::test]
async fn withdrawing_through_the_api_needs_a_reason_is_for_staff_only_and_is_refused_once_decided()
{
    each(true, |s| async move {
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let id = open_hearing(&s, &staff, "Skiltepolitik").await;

        let (status, body) = withdraw_api(&s, Some(&staff), &id, json!({})).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["errors"][0]["field"], "reason");
        let (status, _) = withdraw_api(&s, Some(&staff), &id, json!({"reason": "   "})).await;
        assert_eq!(status, 422);
        let (status, _) =
            withdraw_api(&s, Some(&staff), &id, json!({"reason": "x".repeat(2_001)})).await;
        assert_eq!(status, 422, "at most 2000 characters");

        let politician = token(&s, POLITICIAN.0, POLITICIAN.1).await;
        let respondent = token(&s, RESPONDENT.0, RESPONDENT.1).await;
        let reason = json!({"reason": "Udvalget har trukket forslaget."});
        for (who, t) in [("politician", &politician), ("respondent", &respondent)] {
            let (status, _) = withdraw_api(&s, Some(t), &id, reason.clone()).await;
            assert_eq!(status, 403, "a {who} cannot withdraw");
        }
        let (status, _) = withdraw_api(&s, None, &id, reason.clone()).await;
        assert_eq!(status, 401);

        let (status, body) = withdraw_api(&s, Some(&staff), &id, reason.clone()).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["state"], "withdrawn");
        assert_eq!(body["withdrawal_reason"], "Udvalget har trukket forslaget.");
        assert_eq!(body["withdrawn_at"], "2026-06-01T08:00:00.000Z");

        // The public sees it, with the reason, and it takes no responses.
        let public = get_json(s.url(&format!("/api/v1/hearings/{id}")), None).await;
        assert_eq!(public["state"], "withdrawn");
        assert_eq!(
            public["withdrawal_reason"],
            "Udvalget har trukket forslaget."
        );
        let list = get_json(s.url("/api/v1/hearings"), None).await;
        assert!(
            list["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|h| h["id"] == id.as_str() && h["state"] == "withdrawn")
        );
        let res = client()
            .post(s.url(&format!("/api/v1/hearings/{id}/responses")))
            .bearer_auth(&respondent)
            .header("accept-language", "en")
            .json(&json!({"stance": "neutral", "publication": "named", "answers": []}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409);
        let problem: Value = res.json().await.unwrap();
        assert!(
            problem["detail"].as_str().unwrap().contains("withdrawn"),
            "{problem}"
        );
        let (status, _) = withdraw_api(&s, Some(&staff), &id, reason.clone()).await;
        assert_eq!(status, 409, "withdrawn once, not twice");

        // A decided hearing cannot be withdrawn.
        let decided = open_hearing(&s, &staff, "Besluttet politik").await;
        mark_decided(&s, &decided).await;
        let (status, body) = withdraw_api(&s, Some(&staff), &decided, reason).await;
        assert_eq!(status, 409, "{body}");
        let after = get_json(s.url(&format!("/api/v1/hearings/{decided}")), None).await;
        assert_eq!(
            (after["state"].as_str(), &after["withdrawal_reason"]),
            (Some("decided"), &Value::Null)
        );
    })
    .await;
}

#[tokio::test]
async fn withdrawing_through_the_pages_shows_the_reason_publicly_and_refuses_other_roles() {
    each(true, |s| async move {
        let api_staff = token(&s, STAFF.0, STAFF.1).await;
        let id = open_hearing(&s, &api_staff, "Skiltepolitik for Bymidten").await;
        let page = format!("/hearings/{id}");
        let action = format!("/hearings/{id}/withdraw");

        let staff = sign_in(&s, STAFF).await;
        let (_, html) = get(&staff, &s, &page).await;
        assert!(html.contains(&format!("action=\"{action}\"")), "staff see the form");

        // No reason: the page comes back with the message next to the field.
        let res = post(&staff, &s, &page, &action, &[("reason", "  ")]).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("id=\"withdraw-reason-error\""));
        assert!(html.contains("Skal udfyldes."));
        assert!(html.contains("<details class=\"withdraw\" open>"));
        assert!(html.contains("data-state=\"open\""), "nothing was withdrawn");

        for who in [POLITICIAN, RESPONDENT] {
            let c = sign_in(&s, who).await;
            let (_, html) = get(&c, &s, &page).await;
            assert!(!html.contains(&action), "{} sees no withdraw form", who.0);
            let res = post(&c, &s, &page, &action, &[("reason", "Nej")]).await;
            assert_eq!(res.status(), 403, "{} may not withdraw", who.0);
        }
        let visitor = browser();
        let res = post(&visitor, &s, "/signin", &action, &[("reason", "Nej")]).await;
        assert_eq!(res.status(), 303, "a visitor is sent to sign in");

        let reason = "Forslaget trækkes på grund af nye regler for facader & skilte.";
        let res = post(&staff, &s, &page, &action, &[("reason", reason)]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(
            res.headers()["location"].to_str().unwrap(),
            format!("{page}#withdrawal")
        );

        let (status, html) = get(&visitor, &s, &page).await;
        assert_eq!(status, 200);
        assert!(html.contains("data-state=\"withdrawn\""));
        assert!(
            html.contains(
                "Trukket tilbage den 1. juni 2026 kl. 10:00: <span class=\"withdrawal-reason\">Forslaget trækkes på grund af nye regler for facader &#38; skilte.</span>"
            ) || html.contains(
                "Trukket tilbage den 1. juni 2026 kl. 10:00: <span class=\"withdrawal-reason\">Forslaget trækkes på grund af nye regler for facader &amp; skilte.</span>"
            ),
            "the date and reason are shown publicly"
        );
        assert!(!html.contains("/respond\""), "no link to respond");
        let (_, html) = get(&staff, &s, &page).await;
        assert!(!html.contains(&action), "nothing left to withdraw");

        // Listed among the closed hearings on the front page.
        let (_, home) = get(&visitor, &s, "/").await;
        let closed = home.split("id=\"closed-h\"").nth(1).unwrap();
        assert!(closed.contains("Skiltepolitik for Bymidten") && closed.contains("state-withdrawn"));

        // A decided hearing is refused with a conflict.
        let decided = open_hearing(&s, &api_staff, "Besluttet").await;
        mark_decided(&s, &decided).await;
        let res = post(
            &staff,
            &s,
            &format!("/hearings/{decided}"),
            &format!("/hearings/{decided}/withdraw"),
            &[("reason", "For sent")],
        )
        .await;
        assert_eq!(res.status(), 409);
    })
    .await;
}

#[tokio::test]
async fn staff_are_warned_of_a_deadline_on_christmas_day_or_in_july_but_not_on_a_tuesday_in_march()
{
    each(true, |s| async move {
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let now = s.clock_now();

        let christmas = hearing_body(
            "Jul",
            at("2026-11-20T08:00:00+01:00"),
            at("2026-12-25T12:00:00+01:00"),
        );
        let (id, body) = create(&s, &staff, &christmas, "da").await;
        assert_eq!(
            body["warnings"],
            json!([{
                "code": "deadline_on_holiday",
                "holiday": "juledag",
                "date": "2026-12-25",
                "message": "Fristen falder på en helligdag: Juledag, 25. december 2026."
            }])
        );
        let (_, english) = create(&s, &staff, &christmas, "en").await;
        assert_eq!(
            english["warnings"][0]["message"],
            "The deadline falls on a public holiday: Christmas Day, 25 December 2026."
        );

        let july = hearing_body("Sommer", now, at("2026-07-14T12:00:00+02:00"));
        let (july_id, body) = create(&s, &staff, &july, "da").await;
        let codes: Vec<&str> = body["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, vec!["deadline_in_july"]);

        let across = hearing_body("Hen over sommeren", now, at("2026-08-18T12:00:00+02:00"));
        let (_, body) = create(&s, &staff, &across, "da").await;
        assert_eq!(body["warnings"][0]["code"], "period_overlaps_july");

        let tuesday = hearing_body(
            "Marts",
            at("2027-02-01T08:00:00+01:00"),
            at("2027-03-09T12:00:00+01:00"),
        );
        let (tuesday_id, body) = create(&s, &staff, &tuesday, "da").await;
        assert_eq!(body["warnings"], json!([]));

        // A warning never refuses: the hearing publishes, and the public never sees warnings.
        publish(&s, &staff, &id).await;
        let public = get_json(s.url(&format!("/api/v1/hearings/{id}")), None).await;
        assert_eq!(public["warnings"], json!([]));

        // The draft's page shows them to staff, in the user's language.
        let c = sign_in(&s, STAFF).await;
        let (_, html) = get(&c, &s, &format!("/hearings/{july_id}")).await;
        assert!(
            html.contains("class=\"deadline-warning\">Fristen falder i juli"),
            "{html}"
        );
        let (_, html) = get(&c, &s, &format!("/hearings/{tuesday_id}")).await;
        assert!(!html.contains("deadline-warning"));
        let (_, html) = get(&c, &s, &format!("/hearings/{id}")).await;
        assert!(
            html.contains("Juledag, 25. december 2026."),
            "scheduled: still warned"
        );
        c.get(s.url("/lang/en")).send().await.unwrap();
        let (_, html) = get(&c, &s, &format!("/hearings/{id}")).await;
        assert!(html.contains("Christmas Day, 25 December 2026."));
        let (_, html) = get(&browser(), &s, &format!("/hearings/{id}")).await;
        assert!(
            !html.contains("deadline-warning"),
            "visitors see no warnings"
        );
    })
    .await;
}

async fn audit_api(s: &Server, token: Option<&str>, query: &str) -> (u16, Value) {
    let mut req = client().get(s.url(&format!("/api/v1/audit{query}")));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn each_staff_action_writes_one_audit_row_that_only_administrators_read() {
    each(true, |s| async move {
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let admin = token(&s, ADMIN.0, ADMIN.1).await;
        let (status, log) = audit_api(&s, Some(&admin), "").await;
        assert_eq!(status, 200);
        let before = log["items"].as_array().unwrap().len();

        // Each action a second after the one before (rows of one moment are ordered by id).
        let tick = || s.clock.set(s.clock_now() + Duration::seconds(1));
        tick();
        let now = s.clock_now();
        let (id, _) = create(
            &s,
            &staff,
            &hearing_body("Revideret", now, now + Duration::weeks(4)),
            "da",
        )
        .await;
        let (_, log) = audit_api(&s, Some(&admin), "").await;
        let items = log["items"].as_array().unwrap();
        assert_eq!(items.len(), before + 1);
        let row = &items[0];
        assert_eq!(row["action"], "hearing.create");
        assert_eq!(row["actor_email"], STAFF.0);
        assert!(row["actor_id"].is_string());
        assert_eq!(
            (row["object_type"].as_str(), row["object_id"].as_str()),
            (Some("hearing"), Some(id.as_str()))
        );
        assert_eq!(row["before"], Value::Null);
        assert_eq!(row["after"]["title"], "Revideret");

        tick();
        publish(&s, &staff, &id).await;
        tick();
        let res = client()
            .post(s.url(&format!("/api/v1/hearings/{id}/publish")))
            .bearer_auth(&staff)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409);
        tick();
        let (status, _) =
            withdraw_api(&s, Some(&staff), &id, json!({"reason": "Trukket igen"})).await;
        assert_eq!(status, 200);
        let (_, log) = audit_api(&s, Some(&admin), "").await;
        let items = log["items"].as_array().unwrap();
        assert_eq!(
            items.len(),
            before + 3,
            "one row per action; none for the refused one"
        );
        assert_eq!(items[1]["action"], "hearing.publish");
        assert_eq!(
            (
                items[1]["before"]["status"].as_str(),
                items[1]["after"]["status"].as_str()
            ),
            (Some("draft"), Some("published"))
        );
        assert_eq!(items[0]["action"], "hearing.withdraw");
        assert_eq!(items[0]["before"]["status"], "published");
        assert_eq!(items[0]["after"]["withdrawal_reason"], "Trukket igen");
        assert_eq!(log["next"], Value::Null);

        // Only administrators read it, through the API and the pages.
        let politician = token(&s, POLITICIAN.0, POLITICIAN.1).await;
        let respondent = token(&s, RESPONDENT.0, RESPONDENT.1).await;
        for t in [&staff, &politician, &respondent] {
            assert_eq!(audit_api(&s, Some(t), "").await.0, 403);
        }
        assert_eq!(audit_api(&s, None, "").await.0, 401);
        let (status, body) = audit_api(&s, Some(&admin), "?before=yesterday").await;
        assert_eq!(
            (status, body["errors"][0]["field"].as_str()),
            (422, Some("before"))
        );

        for who in [STAFF, POLITICIAN, RESPONDENT] {
            let c = sign_in(&s, who).await;
            assert_eq!(get(&c, &s, "/admin/audit").await.0, 403, "{}", who.0);
            let (_, home) = get(&c, &s, "/").await;
            assert!(
                !home.contains("href=\"/admin/audit\""),
                "{} has no link",
                who.0
            );
        }
        let res = browser().get(s.url("/admin/audit")).send().await.unwrap();
        assert_eq!(res.status(), 303, "a visitor is sent to sign in");
        let c = sign_in(&s, ADMIN).await;
        let (_, home) = get(&c, &s, "/").await;
        assert!(
            home.contains("href=\"/admin/audit\""),
            "the header links the log for admins"
        );
        let (status, html) = get(&c, &s, "/admin/audit").await;
        assert_eq!(status, 200);
        assert_eq!(html.matches("class=\"audit-row\"").count(), before + 3);
        assert!(html.contains("Trak en høring tilbage") && html.contains(STAFF.0));
        assert!(html.contains("<code>status</code>: published → withdrawn"));
        assert!(!html.contains("Næste side"));
        assert_eq!(get(&c, &s, "/admin/audit?before=nonsense").await.0, 400);
    })
    .await;
}

#[tokio::test]
async fn the_audit_log_shows_a_hundred_rows_to_a_page_with_a_link_to_the_next() {
    each(false, |s| async move {
        let store = hearings_store::Store::connect(&s.db_url()).await.unwrap();
        let now = s.clock_now();
        for (email, password, role) in [
            (STAFF.0, STAFF.1, hearings_core::Role::Staff),
            (ADMIN.0, ADMIN.1, hearings_core::Role::Admin),
        ] {
            store
                .create_user(email, "Navn", password, role, now)
                .await
                .unwrap();
        }
        let staff = store.authenticate(STAFF.0, STAFF.1).await.unwrap().unwrap();
        for i in 0..103 {
            let raw = hearings_core::input::RawHearing {
                title: format!("Høring {i}"),
                summary: "Resumé".into(),
                kind: "policy".into(),
                opens_at: Ok(now),
                closes_at: Ok(Some(now + Duration::weeks(4))),
                area: None,
                sections: vec![],
                questions: vec![hearings_core::input::RawQuestion {
                    kind: "long_text".into(),
                    prompt: "Bemærkninger".into(),
                    required: false,
                    options: vec![],
                    unit: None,
                    help: String::new(),
                }],
            };
            // Every third at the same moment as the one before.
            let at = now + Duration::seconds(i / 3);
            store
                .create_hearing(&staff, raw.parse().unwrap(), at)
                .await
                .unwrap();
        }
        store.close().await.unwrap();

        let admin = token(&s, ADMIN.0, ADMIN.1).await;
        let (_, first) = audit_api(&s, Some(&admin), "").await;
        assert_eq!(first["items"].as_array().unwrap().len(), 100);
        let next = first["next"].as_str().unwrap().to_string();
        let (_, second) = audit_api(&s, Some(&admin), &format!("?before={}", encode(&next))).await;
        assert_eq!(second["items"].as_array().unwrap().len(), 3);
        assert_eq!(second["next"], Value::Null);
        let mut ids: Vec<&str> = first["items"]
            .as_array()
            .unwrap()
            .iter()
            .chain(second["items"].as_array().unwrap())
            .map(|r| r["object_id"].as_str().unwrap())
            .collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 103, "every row once");

        let c = sign_in(&s, ADMIN).await;
        let (_, html) = get(&c, &s, "/admin/audit").await;
        assert_eq!(html.matches("class=\"audit-row\"").count(), 100);
        let link_at = html.find("rel=\"next\"").expect("a link to the next page");
        let href_at = html[..link_at].rfind("href=\"").unwrap() + "href=\"".len();
        let href = html[href_at..]
            .split('"')
            .next()
            .unwrap()
            .replace("&#38;", "&")
            .replace("&amp;", "&");
        assert!(html[link_at..].starts_with("rel=\"next\">Næste side<"));
        let (status, html) = get(&c, &s, &href).await;
        assert_eq!(status, 200, "{href}");
        assert_eq!(html.matches("class=\"audit-row\"").count(), 3);
        assert!(html.contains("Første side") && !html.contains("Næste side"));
    })
    .await;
}

/// Percent-encodes a query value.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
