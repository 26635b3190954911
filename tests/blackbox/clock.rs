//! Opening and closing by the clock alone, with nobody pressing a button:
//! a hearing opens at its start and closes at its deadline to the
//! millisecond, across the October change from summer to winter time, and
//! keeps doing so after the server restarts.

use chrono::{DateTime, Utc};
use hearings_store::testing::TestDatabase;
use serde_json::{Value, json};

use crate::support::{RESPONDENT, STAFF, Server, client, get_json, token};

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

async fn state(s: &Server, id: &str) -> String {
    let d = get_json(s.url(&format!("/api/v1/hearings/{id}")), None).await;
    d["state"].as_str().unwrap().to_string()
}

/// Submits the bakery's response; the status and the body.
async fn respond(s: &Server, id: &str, question: &str, text: &str) -> (u16, Value) {
    let bakery = token(s, RESPONDENT.0, RESPONDENT.1).await;
    let res = client()
        .post(s.url(&format!("/api/v1/hearings/{id}/responses")))
        .bearer_auth(&bakery)
        .json(&json!({
            "stance": "supports",
            "publication": "named",
            "answers": [{"question_id": question, "value": text}]
        }))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn a_hearing_opens_and_closes_by_the_clock_across_the_october_change_and_a_restart() {
    for backend in TestDatabase::backends() {
        // Tuesday 20 October 2026, summer time (UTC+2).
        let s = Server::start(backend, true, at("2026-10-20T10:00:00Z")).await;
        let staff = token(&s, STAFF.0, STAFF.1).await;
        // Opens Thursday 22 October 09:00 summer time; closes Thursday 19
        // November 09:00 winter time: four weeks on the Copenhagen calendar,
        // four weeks and an hour by the clock.
        let res = client()
            .post(s.url("/api/v1/hearings"))
            .bearer_auth(&staff)
            .json(&json!({
                "title": "Lokalplan for Glostrup Storcenter",
                "summary": "Nye butikker og boliger.",
                "kind": "lokalplanforslag",
                "opens_at": "2026-10-22T09:00:00+02:00",
                "closes_at": "2026-11-19T09:00:00+01:00",
                "area": "bymidten",
                "questions": [{"kind": "long_text", "prompt": "Bemærkninger", "required": true}]
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let hearing: Value = res.json().await.unwrap();
        let id = hearing["id"].as_str().unwrap().to_string();
        assert_eq!(hearing["closes_at"], "2026-11-19T08:00:00.000Z");
        let question = hearing["questions"][0]["id"].as_str().unwrap().to_string();
        let res = client()
            .post(s.url(&format!("/api/v1/hearings/{id}/publish")))
            .bearer_auth(&staff)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);

        assert_eq!(state(&s, &id).await, "scheduled");
        s.clock.set(at("2026-10-22T06:59:59.999Z"));
        assert_eq!(state(&s, &id).await, "scheduled");
        let (status, p) = respond(&s, &id, &question, "For tidligt").await;
        assert_eq!(status, 409, "{p}");
        assert!(
            p["detail"]
                .as_str()
                .unwrap()
                .contains("22. oktober 2026 kl. 09:00"),
            "{p}"
        );
        s.clock.set(at("2026-10-22T07:00:00Z"));
        assert_eq!(
            state(&s, &id).await,
            "open",
            "open at the start, to the millisecond"
        );
        let (status, first) = respond(&s, &id, &question, "Første udgave").await;
        assert_eq!(status, 201, "{first}");

        // Past the change to winter time (25 October), the server restarts.
        let s = s.restart(at("2026-11-19T07:59:59.999Z")).await;
        assert_eq!(state(&s, &id).await, "open", "still open after the restart");
        let (status, second) = respond(&s, &id, &question, "Anden udgave").await;
        assert_eq!(status, 201, "taken 1 ms before the deadline: {second}");
        assert_eq!(second["version"], 2);

        s.clock.set(at("2026-11-19T08:00:00Z"));
        assert_eq!(
            state(&s, &id).await,
            "closed",
            "closed at the deadline, 09:00 winter time"
        );
        let (status, p) = respond(&s, &id, &question, "For sent").await;
        assert_eq!(status, 409, "{p}");
        assert!(
            p["detail"]
                .as_str()
                .unwrap()
                .contains("19. november 2026 kl. 09:00"),
            "{p}"
        );

        // And again after another restart, a day later.
        let s = s.restart(at("2026-11-20T08:00:00Z")).await;
        assert_eq!(state(&s, &id).await, "closed");
        s.stop().await;
    }
}
