//! The three journeys and their refusals through the JSON API.

use chrono::Duration;
use serde_json::{Value, json};

use crate::support::{
    POLITICIAN, STAFF, Server, client, cvr, each, get_json, registration, token, verify_email,
};

fn hearing_body(s: &Server, kind: &str, weeks: i64) -> Value {
    let now = s.clock_now();
    json!({
        "title": "Forslag til lokalplan for Hovedvejen",
        "summary": "Butikker i stueetagen langs Hovedvejen.",
        "kind": kind,
        "opens_at": (now - Duration::days(1)).to_rfc3339(),
        "closes_at": (now - Duration::days(1) + Duration::weeks(weeks)).to_rfc3339(),
        "area": "bymidten",
        "sections": [{"heading": "Formål", "body": "At give plads til butikker."}],
        "questions": [
            {"kind": "single_choice", "prompt": "Hvordan påvirkes I?", "required": true, "options": ["Positivt", "Negativt", "Ikke"]},
            {"kind": "number", "prompt": "Forventet omkostning", "required": false, "unit": "kr."},
            {"kind": "scale", "prompt": "Hvor vigtigt?", "required": true},
            {"kind": "multiple_choice", "prompt": "Hvad mangler?", "required": false, "options": ["Parkering", "Cykelstier", "Skilte"]},
            {"kind": "yes_no", "prompt": "Har I en butik?", "required": false},
            {"kind": "long_text", "prompt": "Bemærkninger", "required": false}
        ]
    })
}

impl Server {
    pub fn clock_now(&self) -> chrono::DateTime<chrono::Utc> {
        use hearings_core::time::Clock;
        self.clock.now()
    }
}

async fn staff_creates_and_publishes(s: &Server) -> (String, Vec<Value>) {
    let staff = token(s, STAFF.0, STAFF.1).await;
    let res = client()
        .post(s.url("/api/v1/hearings"))
        .bearer_auth(&staff)
        .json(&hearing_body(s, "lokalplanforslag", 5))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["state"], "draft");
    let res = client()
        .post(s.url(&format!("/api/v1/hearings/{id}/publish")))
        .bearer_auth(&staff)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let published: Value = res.json().await.unwrap();
    assert_eq!(published["state"], "open");
    (id, published["questions"].as_array().unwrap().clone())
}

pub(crate) async fn new_respondent(s: &Server, email: &str, n: u32) -> String {
    let res = client()
        .post(s.url("/api/v1/auth/register"))
        .json(&registration(email, &cvr(n)))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        201,
        "{}",
        res.text().await.unwrap_or_default()
    );
    // The e-mailed link confirms the address; only then may it submit.
    verify_email(s, email).await;
    token(s, email, "et-godt-kodeord").await
}

#[tokio::test]
async fn staff_post_a_hearing_a_business_answers_it_and_a_politician_reads_the_summary() {
    each(true, |s| async move {
        let (id, questions) = staff_creates_and_publishes(&s).await;

        // A visitor sees it, with its questions.
        let list: Value = get_json(s.url("/api/v1/hearings"), None).await;
        assert!(
            list["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|h| h["id"] == id.as_str())
        );
        let detail: Value = get_json(s.url(&format!("/api/v1/hearings/{id}")), None).await;
        assert_eq!(detail["questions"].as_array().unwrap().len(), 6);
        assert_eq!(detail["questions"][1]["unit"], "kr.");

        // A business registers and answers.
        let respondent = new_respondent(&s, "bente@butik.example", 1).await;
        let q = |i: usize| questions[i]["id"].as_str().unwrap().to_string();
        let answer = json!({
            "stance": "supports_with_changes",
            "publication": "named",
            "answers": [
                {"question_id": q(0), "value": "Positivt"},
                {"question_id": q(1), "value": 12500.5},
                {"question_id": q(2), "value": 4},
                {"question_id": q(3), "value": ["Skilte", "Parkering"]},
                {"question_id": q(4), "value": true},
                {"question_id": q(5), "value": "Godt forslag, men husk varelevering."}
            ]
        });
        let res = client()
            .post(s.url(&format!("/api/v1/hearings/{id}/responses")))
            .bearer_auth(&respondent)
            .json(&answer)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let receipt: Value = res.json().await.unwrap();
        let digest = receipt["digest"].as_str().unwrap();
        assert!(digest.len() == 64 && digest.chars().all(|c| c.is_ascii_hexdigit()));
        assert!(receipt["reference"].as_str().unwrap().starts_with("GLO-"));
        assert!(receipt["submitted_at"].as_str().is_some());

        // The receipt can be fetched again, unchanged.
        let again: Value = get_json(
            s.url(&format!(
                "/api/v1/responses/{}",
                receipt["id"].as_str().unwrap()
            )),
            Some(&respondent),
        )
        .await;
        assert_eq!(again, receipt);

        // A politician reads the summary and the list.
        let politician = token(&s, POLITICIAN.0, POLITICIAN.1).await;
        let summary: Value = get_json(
            s.url(&format!("/api/v1/hearings/{id}/summary")),
            Some(&politician),
        )
        .await;
        assert_eq!(summary["total"], 1);
        assert_eq!(summary["by_stance"], json!({"supports_with_changes": 1}));
        assert_eq!(summary["by_industry_section"], json!({"G": 1}));
        assert_eq!(summary["by_size_class"], json!({"micro": 1}));
        assert_eq!(summary["by_area"], json!({"bymidten": 1}));
        let responses: Value = get_json(
            s.url(&format!("/api/v1/hearings/{id}/responses")),
            Some(&politician),
        )
        .await;
        assert_eq!(
            responses["items"][0]["organisation"],
            "Butikken på hjørnet (fiktiv)"
        );
    })
    .await;
}

#[tokio::test]
async fn the_demo_policy_hearing_has_a_summary_of_at_least_forty_responses() {
    each(true, |s| async move {
        let list: Value = get_json(s.url("/api/v1/hearings"), None).await;
        let policy = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["kind"] == "policy")
            .unwrap()
            .clone();
        assert_eq!(policy["state"], "closed");
        let politician = token(&s, POLITICIAN.0, POLITICIAN.1).await;
        let summary: Value = get_json(
            s.url(&format!(
                "/api/v1/hearings/{}/summary",
                policy["id"].as_str().unwrap()
            )),
            Some(&politician),
        )
        .await;
        let total = summary["total"].as_i64().unwrap();
        assert!(total >= 40);
        for key in [
            "by_stance",
            "by_industry_section",
            "by_size_class",
            "by_area",
        ] {
            let sum: i64 = summary[key]
                .as_object()
                .unwrap()
                .values()
                .map(|v| v.as_i64().unwrap())
                .sum();
            assert_eq!(sum, total, "{key} adds up to the total");
        }
    })
    .await;
}

async fn problem(res: reqwest::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    (status, res.json().await.unwrap())
}

#[tokio::test]
async fn the_wrong_role_is_refused_for_every_staff_and_reader_action() {
    each(true, |s| async move {
        let (id, _) = staff_creates_and_publishes(&s).await;
        let respondent = new_respondent(&s, "r@butik.example", 2).await;
        let politician = token(&s, POLITICIAN.0, POLITICIAN.1).await;
        let body = hearing_body(&s, "policy", 4);

        let (status, _) = problem(
            client()
                .post(s.url("/api/v1/hearings"))
                .json(&body)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 401, "a visitor cannot create a hearing");
        let (status, _) = problem(
            client()
                .post(s.url("/api/v1/hearings"))
                .bearer_auth(&respondent)
                .json(&body)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 403, "a respondent cannot create a hearing");
        let (status, _) = problem(
            client()
                .post(s.url("/api/v1/hearings"))
                .bearer_auth(&politician)
                .json(&body)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 403, "a politician cannot create a hearing");
        let publish = s.url(&format!("/api/v1/hearings/{id}/publish"));
        let (status, _) = problem(
            client()
                .post(&publish)
                .bearer_auth(&politician)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 403, "a politician cannot publish");
        for path in ["summary", "responses"] {
            let url = s.url(&format!("/api/v1/hearings/{id}/{path}"));
            let (status, _) = problem(
                client()
                    .get(&url)
                    .bearer_auth(&respondent)
                    .send()
                    .await
                    .unwrap(),
            )
            .await;
            assert_eq!(status, 403, "a respondent cannot read the {path}");
            let (status, _) = problem(client().get(&url).send().await.unwrap()).await;
            assert_eq!(status, 401, "a visitor cannot read the {path}");
        }
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let answer = json!({"stance": "neutral", "publication": "named", "answers": []});
        let (status, _) = problem(
            client()
                .post(s.url(&format!("/api/v1/hearings/{id}/responses")))
                .bearer_auth(&staff)
                .json(&answer)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 403, "staff do not answer hearings");
    })
    .await;
}

#[tokio::test]
async fn a_closed_hearing_refuses_a_response_with_the_deadline_in_the_message() {
    each(false, |s| async move {
        // No demo data: make the staff account through the store's operator path instead.
        let store = hearings_store::Store::connect(&s.db_url()).await.unwrap();
        store.create_user(STAFF.0, "Staff", STAFF.1, hearings_core::Role::Staff, s.clock_now()).await.unwrap();
        let (id, questions) = staff_creates_and_publishes(&s).await;
        new_respondent(&s, "late@butik.example", 3).await;
        let closes = s.clock_now() - Duration::days(1) + Duration::weeks(5);
        s.clock.set(closes + Duration::milliseconds(1));
        // A token lives 15 minutes by the server clock: take a fresh one.
        let respondent = token(&s, "late@butik.example", "et-godt-kodeord").await;
        let answer = json!({
            "stance": "opposes", "publication": "anonymous",
            "answers": [{"question_id": questions[0]["id"], "value": "Negativt"}, {"question_id": questions[2]["id"], "value": 2}]
        });
        let url = s.url(&format!("/api/v1/hearings/{id}/responses"));
        let res = client().post(&url).bearer_auth(&respondent).header("accept-language", "en").json(&answer).send().await.unwrap();
        let (status, body) = problem(res).await;
        assert_eq!(status, 409);
        let detail = body["detail"].as_str().unwrap();
        assert!(detail.contains("deadline"), "{detail}");
        // The deadline is shown in Copenhagen time (summer: UTC+2).
        let local = hearings_core::time::in_copenhagen(closes).format("%H:%M").to_string();
        assert!(detail.contains(&local), "{detail} should contain {local}");
        // One millisecond before the deadline it is taken.
        s.clock.set(closes - Duration::milliseconds(1));
        let respondent = token(&s, "late@butik.example", "et-godt-kodeord").await;
        let res = client().post(&url).bearer_auth(&respondent).json(&answer).send().await.unwrap();
        assert_eq!(res.status(), 201);
        store.close().await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn bad_input_gets_a_clear_problem_naming_the_field_and_never_a_500() {
    each(true, |s| async move {
        // A bad CVR.
        let res = client()
            .post(s.url("/api/v1/auth/register"))
            .json(&registration("x@y.example", "12345678"))
            .send()
            .await
            .unwrap();
        let (status, body) = problem(res).await;
        assert_eq!(status, 422);
        assert_eq!(body["errors"][0]["field"], "organisation.cvr");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("CVR")
        );

        // A too-short period names the minimum, in Danish by default and in English on request.
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let short = hearing_body(&s, "lokalplanforslag", 2);
        let res = client()
            .post(s.url("/api/v1/hearings"))
            .bearer_auth(&staff)
            .json(&short)
            .send()
            .await
            .unwrap();
        let (status, body) = problem(res).await;
        assert_eq!(status, 422);
        assert_eq!(body["errors"][0]["field"], "closes_at");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("mindst 4 uger")
        );
        let res = client()
            .post(s.url("/api/v1/hearings"))
            .bearer_auth(&staff)
            .header("accept-language", "en")
            .json(&short)
            .send()
            .await
            .unwrap();
        let (_, body) = problem(res).await;
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("at least 4 weeks")
        );

        // An invalid answer names its question.
        let (id, questions) = staff_creates_and_publishes(&s).await;
        let respondent = new_respondent(&s, "bad@butik.example", 4).await;
        let answer = json!({"stance": "neutral", "publication": "named", "answers": [
            {"question_id": questions[0]["id"], "value": "Måske"},
            {"question_id": questions[2]["id"], "value": 9}
        ]});
        let res = client()
            .post(s.url(&format!("/api/v1/hearings/{id}/responses")))
            .bearer_auth(&respondent)
            .json(&answer)
            .send()
            .await
            .unwrap();
        let (status, body) = problem(res).await;
        assert_eq!(status, 422);
        let fields: Vec<&str> = body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        let q0 = format!("answers.{}", questions[0]["id"].as_str().unwrap());
        let q2 = format!("answers.{}", questions[2]["id"].as_str().unwrap());
        assert_eq!(fields, vec![q0.as_str(), q2.as_str()]);

        // Not JSON, wrong JSON shapes, unknown ids, bad tokens: 4xx problems, never 500.
        let url = s.url(&format!("/api/v1/hearings/{id}/responses"));
        let (status, _) = problem(
            client()
                .post(&url)
                .bearer_auth(&respondent)
                .body("{not json")
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 400);
        let (status, _) = problem(
            client()
                .post(&url)
                .bearer_auth(&respondent)
                .json(&json!({"answers": "x"}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 400);
        let (status, _) = problem(
            client()
                .post(&url)
                .bearer_auth(&respondent)
                .json(&json!({"answers": [{"question_id": "nope", "value": {}}]}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 422);
        let (status, _) = problem(
            client()
                .get(s.url("/api/v1/hearings/not-a-uuid"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 404);
        let (status, _) = problem(
            client()
                .get(s.url(&format!("/api/v1/hearings/{}", uuid::Uuid::new_v4())))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 404);
        let (status, _) = problem(
            client()
                .get(s.url("/api/v1/me"))
                .bearer_auth("not.a.token")
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 401);
        let (status, _) = problem(
            client()
                .post(s.url("/api/v1/auth/token"))
                .json(&json!({"email": STAFF.0, "password": "wrong-password"}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 401);
    })
    .await;
}

#[tokio::test]
async fn a_token_expires_after_fifteen_minutes_by_the_server_clock() {
    each(true, |s| async move {
        let staff = token(&s, STAFF.0, STAFF.1).await;
        assert_eq!(
            client()
                .get(s.url("/api/v1/me"))
                .bearer_auth(&staff)
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
        s.clock.set(s.clock_now() + Duration::minutes(15));
        assert_eq!(
            client()
                .get(s.url("/api/v1/me"))
                .bearer_auth(&staff)
                .send()
                .await
                .unwrap()
                .status(),
            401
        );
    })
    .await;
}

#[tokio::test]
async fn a_draft_is_hidden_from_visitors_and_respondents() {
    each(true, |s| async move {
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let res = client()
            .post(s.url("/api/v1/hearings"))
            .bearer_auth(&staff)
            .json(&hearing_body(&s, "policy", 4))
            .send()
            .await
            .unwrap();
        let id = res.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(
            client()
                .get(s.url(&format!("/api/v1/hearings/{id}")))
                .send()
                .await
                .unwrap()
                .status(),
            404
        );
        let respondent = new_respondent(&s, "d@butik.example", 5).await;
        assert_eq!(
            client()
                .get(s.url(&format!("/api/v1/hearings/{id}")))
                .bearer_auth(&respondent)
                .send()
                .await
                .unwrap()
                .status(),
            404
        );
        assert_eq!(
            client()
                .get(s.url(&format!("/api/v1/hearings/{id}")))
                .bearer_auth(&staff)
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
        let list: Value = get_json(s.url("/api/v1/hearings"), None).await;
        assert!(
            !list["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|h| h["id"] == id.as_str())
        );
        // Published once, not twice.
        let publish = s.url(&format!("/api/v1/hearings/{id}/publish"));
        assert_eq!(
            client()
                .post(&publish)
                .bearer_auth(&staff)
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
        let (status, body) = problem(
            client()
                .post(&publish)
                .bearer_auth(&staff)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 409);
        assert!(
            body["title"].as_str().unwrap().contains("tilstand"),
            "{body}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_openapi_document_describes_every_route_and_the_health_checks_answer() {
    each(false, |s| async move {
        let doc: Value = get_json(s.url("/api/openapi.json"), None).await;
        assert_eq!(doc["openapi"], "3.1.0");
        for (path, method) in [
            ("/api/v1/auth/token", "post"),
            ("/api/v1/auth/register", "post"),
            ("/api/v1/auth/verify", "post"),
            ("/api/v1/auth/verify/resend", "post"),
            ("/api/v1/auth/password-reset", "post"),
            ("/api/v1/auth/password-reset/confirm", "post"),
            ("/api/v1/auth/sign-out-everywhere", "post"),
            ("/api/v1/me", "get"),
            ("/api/v1/hearings", "get"),
            ("/api/v1/hearings", "post"),
            ("/api/v1/hearings/{id}", "get"),
            ("/api/v1/hearings/{id}", "put"),
            ("/api/v1/hearings/{id}/publish", "post"),
            ("/api/v1/hearings/{id}/withdraw", "post"),
            ("/api/v1/hearings/{id}/review", "post"),
            ("/api/v1/hearings/{id}/decision", "post"),
            ("/api/v1/hearings/{id}/outcome", "get"),
            ("/api/v1/responses/{id}/outcome", "get"),
            ("/api/v1/hearings/{id}/memo", "get"),
            ("/api/v1/hearings/{id}/memo", "put"),
            ("/api/v1/hearings/{id}/memo/compose", "post"),
            ("/api/v1/hearings/{id}/memo/finalise", "post"),
            ("/api/v1/hearings/{id}/memo/export/{format}", "get"),
            ("/api/v1/audit", "get"),
            ("/api/v1/hearings/{id}/responses", "get"),
            ("/api/v1/hearings/{id}/responses", "post"),
            ("/api/v1/hearings/{id}/summary", "get"),
            ("/api/v1/briefing", "get"),
            ("/api/v1/hearings/{id}/published-responses", "get"),
            ("/api/v1/responses/{id}", "get"),
            ("/api/v1/responses/{id}/versions", "get"),
            ("/api/v1/my/responses", "get"),
            ("/api/v1/hearings/{id}/inquiries", "get"),
            ("/api/v1/hearings/{id}/inquiries", "post"),
            ("/api/v1/inquiries/unanswered", "get"),
            ("/api/v1/staff/dashboard", "get"),
            ("/api/v1/inquiries/{id}/answer", "post"),
            ("/api/v1/inquiries/{id}/hide", "post"),
            ("/api/v1/hearings/{id}/documents", "post"),
            ("/api/v1/hearings/{id}/documents/{document}", "delete"),
            ("/api/v1/documents/{id}", "get"),
            ("/api/v1/uploads", "post"),
            ("/api/v1/uploads/{id}", "get"),
            ("/api/v1/hearings/{id}/draft", "get"),
            ("/api/v1/hearings/{id}/draft", "put"),
            ("/api/v1/my/drafts", "get"),
            ("/api/v1/responses/{id}/content", "get"),
            ("/api/v1/responses/{id}/pdf", "get"),
            ("/api/v1/passages/{id}/decision", "post"),
            ("/api/v1/hearings/{id}/analysis", "get"),
            ("/api/v1/responses/{id}/analysis", "get"),
            ("/api/v1/hearings/{id}/export/responses.xlsx", "get"),
            ("/api/v1/hearings/{id}/export/responses.csv", "get"),
            ("/api/v1/hearings/{id}/export/archive.zip", "get"),
            ("/api/v1/responses/{id}/assessment", "put"),
            ("/api/v1/hearings/{id}/themes", "get"),
            ("/api/v1/hearings/{id}/themes", "post"),
            ("/api/v1/themes/{id}", "get"),
            ("/api/v1/themes/{id}", "put"),
            ("/api/v1/themes/{id}", "delete"),
            ("/api/v1/themes/{id}/tags", "post"),
            ("/api/v1/tags/{id}", "delete"),
            ("/api/v1/hearings/{id}/campaigns", "get"),
            ("/api/v1/hearings/{id}/campaigns/detect", "post"),
            ("/api/v1/campaigns/{id}/confirm", "post"),
            ("/api/v1/campaigns/{id}/split", "post"),
            ("/api/v1/hearings/{id}/terms", "get"),
            ("/api/v1/hearings/{id}/terms/{term}/responses", "get"),
            ("/api/v1/reference", "get"),
            ("/api/v1/reference/{kind}", "get"),
            ("/api/v1/reference/{kind}", "post"),
            ("/api/v1/reference/{kind}/{key}", "put"),
            ("/api/v1/reference/{kind}/{key}", "delete"),
            ("/api/v1/reference/{kind}/{key}/retire", "post"),
            ("/api/v1/reference/{kind}/{key}/restore", "post"),
            ("/api/v1/organisation", "get"),
            ("/api/v1/organisation", "put"),
            ("/api/v1/organisation/members", "get"),
            ("/api/v1/organisation/members/{id}", "delete"),
            ("/api/v1/organisation/members/{id}/role", "put"),
            ("/api/v1/organisation/join-requests", "get"),
            ("/api/v1/organisation/join-requests/{id}/accept", "post"),
            ("/api/v1/organisation/join-requests/{id}/refuse", "post"),
            ("/api/v1/organisation/invitations", "get"),
            ("/api/v1/organisation/invitations", "post"),
            ("/api/v1/organisation/invitations/{id}", "delete"),
            ("/api/v1/invitations/register", "post"),
            ("/api/v1/invitations/accept", "post"),
        ] {
            assert!(
                doc["paths"][path][method].is_object(),
                "{method} {path} is documented"
            );
        }
        assert_eq!(
            client()
                .get(s.url("/healthz"))
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
        assert_eq!(
            client()
                .get(s.url("/readyz"))
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
    })
    .await;
}
