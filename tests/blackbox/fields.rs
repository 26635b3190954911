//! Every field of a hearing (committee, council meeting, areas, topics,
//! contact) and the secretariat's dashboard, through the API and the pages.

use chrono::Duration;
use reqwest::Client;
use serde_json::{Value, json};

use crate::support::{
    POLITICIAN, RESPONDENT, STAFF, Server, browser, client, csrf, each, get_json, sign_in, token,
};

async fn get(c: &Client, s: &Server, path: &str) -> (u16, String) {
    let res = c.get(s.url(path)).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// Posts a form from the page at `page` (taking its CSRF token) to `action`.
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

fn day(s: &Server, days: i64) -> String {
    hearings_core::time::in_copenhagen(s.clock_now() + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

async fn post_json(s: &Server, path: &str, token: &str, lang: &str, body: &Value) -> (u16, Value) {
    let res = client()
        .post(s.url(path))
        .bearer_auth(token)
        .header("accept-language", lang)
        .json(body)
        .send()
        .await
        .unwrap();
    (
        res.status().as_u16(),
        res.json().await.unwrap_or(Value::Null),
    )
}

/// The id of the committee that the demo's lokalplanforslag belongs to.
async fn demo_committee(s: &Server) -> String {
    let list = get_json(s.url("/api/v1/hearings"), None).await;
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["kind"] == "lokalplanforslag")
        .unwrap()["committee"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn body(s: &Server, committee: &str) -> Value {
    let now = s.clock_now();
    json!({
        "title": "Regulativ for skilte i Kirkebjerg",
        "summary": "Regler for skilte på erhvervsbygninger.",
        "kind": "policy",
        "opens_at": (now - Duration::days(1)).to_rfc3339(),
        "closes_at": (now + Duration::weeks(4)).to_rfc3339(),
        "area": "kirkebjerg",
        "areas": ["hvissinge", "kirkebjerg"],
        "topics": ["erhverv", "byudvikling"],
        "committee": committee,
        "council_meeting": {"date": day(s, 50), "agenda_title": "Skilteregulativ – vedtagelse"},
        "contact": {"name": "Erhvervssekretariatet", "email": "erhverv@glostrup.example", "phone": "+45 12 34 56 78"},
        "questions": [{"kind": "long_text", "prompt": "Bemærkninger", "required": false}]
    })
}

#[tokio::test]
async fn the_api_creates_a_hearing_with_every_field_and_shows_them_in_its_detail_and_the_list() {
    each(true, |s| async move {
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let committee = demo_committee(&s).await;
        let (status, created) =
            post_json(&s, "/api/v1/hearings", &staff, "en", &body(&s, &committee)).await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["committee"]["id"], committee.as_str());
        assert_eq!(
            created["committee"]["name"], "Growth and Urban Development Committee",
            "names in the language asked for"
        );
        assert_eq!(
            created["council_meeting"],
            json!({"date": day(&s, 50), "agenda_title": "Skilteregulativ – vedtagelse"})
        );
        assert_eq!(created["area"], "kirkebjerg", "the single area stays for older clients");
        let areas: Vec<&str> = created["areas"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["code"].as_str().unwrap())
            .collect();
        assert_eq!(areas, ["hvissinge", "kirkebjerg"]);
        assert_eq!(
            created["topics"],
            json!([{"code": "erhverv", "name": "Business"}, {"code": "byudvikling", "name": "Urban development"}])
        );
        assert_eq!(
            created["contact"],
            json!({"name": "Erhvervssekretariatet", "email": "erhverv@glostrup.example", "phone": "+45 12 34 56 78"})
        );
        let id = created["id"].as_str().unwrap();
        let detail = get_json(s.url(&format!("/api/v1/hearings/{id}")), Some(&staff)).await;
        assert_eq!(detail["topics"][0]["name"], "Erhverv", "Danish by default");
        let list = get_json(s.url("/api/v1/hearings"), Some(&staff)).await;
        let listed = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["id"] == id)
            .unwrap()
            .clone();
        assert_eq!(listed["contact"], created["contact"]);
        assert_eq!(listed["council_meeting"], created["council_meeting"]);

        // An older client that sends only `area` still works.
        let mut old = body(&s, &committee);
        for k in ["areas", "topics", "committee", "council_meeting", "contact"] {
            old.as_object_mut().unwrap().remove(k);
        }
        let (status, created) = post_json(&s, "/api/v1/hearings", &staff, "da", &old).await;
        assert_eq!(status, 201);
        assert_eq!(created["areas"][0]["code"], "kirkebjerg");
        assert_eq!(created["committee"], Value::Null);
        assert_eq!(created["contact"], Value::Null);
    })
    .await;
}

#[tokio::test]
async fn the_api_refuses_bad_particulars_naming_each_field_in_the_callers_language() {
    each(true, |s| async move {
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let committee = demo_committee(&s).await;
        let mut bad = body(&s, &committee);
        bad["council_meeting"]["date"] = json!(day(&s, 3));
        bad["contact"]["email"] = json!("ikke-en-adresse");
        bad["topics"] = json!(["Ikke Et Emne"]);
        let (status, problem) = post_json(&s, "/api/v1/hearings", &staff, "en", &bad).await;
        assert_eq!(status, 422, "{problem}");
        let fields: Vec<&str> = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(
            fields,
            ["council_meeting.date", "topics[0]", "contact.email"]
        );
        assert!(
            problem
                .to_string()
                .contains("council meeting cannot be before"),
            "{problem}"
        );

        // Unknown to the store: a committee, an area, a topic.
        let mut unknown = body(&s, "6f1c2d9e-0000-4000-8000-000000000001");
        unknown["areas"] = json!(["atlantis"]);
        unknown["topics"] = json!(["rumfart"]);
        let (status, problem) = post_json(&s, "/api/v1/hearings", &staff, "da", &unknown).await;
        assert_eq!(status, 422, "{problem}");
        let fields: Vec<&str> = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["committee", "areas", "topics"]);
        assert!(problem.to_string().contains("Vælg et af kommunens udvalg"));
    })
    .await;
}

#[tokio::test]
async fn the_list_is_filtered_by_area_and_topic_on_the_api_and_the_front_page() {
    each(true, |s| async move {
        let titles = |v: Value| -> Vec<String> {
            let mut t: Vec<String> = v["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["kind"].as_str().unwrap().to_string())
                .collect();
            t.sort();
            t
        };
        let both = get_json(s.url("/api/v1/hearings?area=bymidten&topic=handel"), None).await;
        assert_eq!(
            titles(both),
            ["lokalplanforslag", "policy"],
            "the policy concerns the whole municipality, so it is in Bymidten too"
        );
        let kultur = get_json(s.url("/api/v1/hearings?topic=kultur"), None).await;
        assert_eq!(titles(kultur), ["open_call", "policy"]);
        let ejby_trafik = get_json(s.url("/api/v1/hearings?area=ejby&topic=trafik"), None).await;
        assert!(titles(ejby_trafik).is_empty());

        let (status, html) = get(&browser(), &s, "/?area=bymidten&topic=trafik").await;
        assert_eq!(status, 200);
        assert!(html.contains("Lokalplanforslag 312"));
        assert!(!html.contains("Erhvervspolitik 2026"));
        assert!(
            html.contains("<option value=\"trafik\" selected>"),
            "the chosen filter is kept"
        );
        assert!(html.contains("<form method=\"get\" action=\"/\""));
        let (_, all) = get(&browser(), &s, "/").await;
        assert!(all.contains("Erhvervspolitik 2026"));
    })
    .await;
}

fn form<'a>(
    opens: &'a str,
    closes: &'a str,
    meeting: &'a str,
    committee: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", "Regulativ for udeservering i Ejby"),
        ("summary", "Regler for borde og stole på fortovet."),
        ("kind", "policy"),
        ("committee", committee),
        ("areas", "ejby"),
        ("areas", "sydvest"),
        ("topics", "handel"),
        ("topics", "trafik"),
        ("opens_date", opens),
        ("opens_time", "08:00"),
        ("closes_date", closes),
        ("closes_time", "12:00"),
        ("council_meeting_date", meeting),
        (
            "council_meeting_title",
            "Udeserveringsregulativ – vedtagelse",
        ),
        ("contact_name", "Erhvervssekretariatet"),
        ("contact_email", "erhverv@glostrup.example"),
        ("contact_phone", ""),
        ("section_rows", "3"),
        ("question_rows", "3"),
        ("q_kind_0", "long_text"),
        ("q_prompt_0", "Bemærkninger"),
        ("action", "save"),
    ]
}

#[tokio::test]
async fn staff_fill_in_every_field_on_the_form_and_the_hearing_page_shows_them() {
    each(true, |s| async move {
        let staff = sign_in(&s, STAFF).await;
        let (status, html) = get(&staff, &s, "/staff/hearings/new").await;
        assert_eq!(status, 200);
        for needle in [
            "<legend>Lokalområder</legend>",
            "<legend>Emner</legend>",
            "<legend>Kommunalbestyrelsens behandling</legend>",
            "<legend>Kontaktperson</legend>",
            "name=\"areas\" type=\"checkbox\" value=\"bymidten\"",
            "name=\"topics\" type=\"checkbox\" value=\"handel\"",
            "<select id=\"committee\" name=\"committee\"",
        ] {
            assert!(html.contains(needle), "the form has {needle}");
        }
        let committee = demo_committee(&s).await;
        let (opens, closes) = (day(&s, 1), day(&s, 40));

        // A bad contact e-mail: 422, the message by the field, and every choice kept.
        let meeting = day(&s, 60);
        let mut bad = form(&opens, &closes, &meeting, &committee);
        bad.retain(|(k, _)| *k != "contact_email");
        bad.push(("contact_email", "ikke-en-adresse"));
        let res = post(
            &staff,
            &s,
            "/staff/hearings/new",
            "/staff/hearings/new",
            &bad,
        )
        .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("id=\"contact_email-error\""));
        assert!(
            html.contains("href=\"#contact_email\""),
            "the error summary links to the field"
        );
        assert!(
            html.contains("value=\"sydvest\" checked"),
            "checked areas are kept"
        );
        assert!(
            html.contains("value=\"trafik\" checked"),
            "checked topics are kept"
        );
        assert!(html.contains(&format!("<option value=\"{committee}\" selected>")));
        assert!(html.contains("value=\"Udeserveringsregulativ – vedtagelse\""));

        let res = post(
            &staff,
            &s,
            "/staff/hearings/new",
            "/staff/hearings/new",
            &form(&opens, &closes, &meeting, &committee),
        )
        .await;
        assert_eq!(res.status(), 303);
        let to = res.headers()["location"].to_str().unwrap().to_string();
        let (_, page) = get(&staff, &s, &to).await;
        for needle in [
            "Vækst- og Byudviklingsudvalget",
            "Ejby, Glostrup Sydvest",
            "Handel og butikker, Trafik og parkering",
            "Udeserveringsregulativ – vedtagelse",
            "<a href=\"mailto:erhverv@glostrup.example\">",
            &format!("<time datetime=\"{meeting}\">"),
        ] {
            assert!(page.contains(needle), "the hearing page shows {needle}");
        }

        // The new fields are optional: the form without them still saves.
        let minimal: Vec<(&str, &str)> = form(&opens, &closes, "", "")
            .into_iter()
            .filter(|(k, _)| {
                !k.starts_with("contact")
                    && !k.starts_with("council")
                    && *k != "areas"
                    && *k != "topics"
            })
            .collect();
        let res = post(
            &staff,
            &s,
            "/staff/hearings/new",
            "/staff/hearings/new",
            &minimal,
        )
        .await;
        assert_eq!(res.status(), 303);
    })
    .await;
}

#[tokio::test]
async fn the_dashboard_shows_staff_states_deadlines_questions_and_responses_and_refuses_others() {
    each(true, |s| async move {
        // One question waiting for an answer.
        let business = token(&s, RESPONDENT.0, RESPONDENT.1).await;
        let list = get_json(s.url("/api/v1/hearings"), None).await;
        let lokalplan = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["kind"] == "lokalplanforslag")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let (status, _) = post_json(
            &s,
            &format!("/api/v1/hearings/{lokalplan}/inquiries"),
            &business,
            "da",
            &json!({"question": "Gælder det også kiosker?"}),
        )
        .await;
        assert_eq!(status, 201);

        let staff = token(&s, STAFF.0, STAFF.1).await;
        let d = get_json(s.url("/api/v1/staff/dashboard"), Some(&staff)).await;
        let count = |state: &str| {
            d["by_state"]
                .as_array()
                .unwrap()
                .iter()
                .find(|g| g["state"] == state)
                .unwrap()["count"]
                .as_u64()
                .unwrap()
        };
        assert_eq!((count("open"), count("closed"), count("draft")), (3, 1, 0));
        assert_eq!(d["deadline_horizon_days"], 14);
        let soon: Vec<&str> = d["deadlines_soon"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            soon,
            ["pulse_survey"],
            "the pulse survey closes in 11 days, the lokalplan in 25"
        );
        assert_eq!(d["unanswered_inquiries"], 1);
        let open: Vec<(&str, i64)> = d["open_hearings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["kind"].as_str().unwrap(),
                    h["responses"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            open,
            [
                ("pulse_survey", 0),
                ("lokalplanforslag", 0),
                ("open_call", 0)
            ],
            "soonest deadline first, none last"
        );
        for h in d["open_hearings"].as_array().unwrap() {
            let invited = h["invited"].as_i64().unwrap();
            assert!(h["invited_responded"].as_i64().unwrap() <= invited);
            if invited == 0 {
                assert_eq!(
                    h["response_rate"],
                    Value::Null,
                    "no rate without a hearing list"
                );
            } else {
                assert!(h["response_rate"].is_i64());
            }
        }

        let page = sign_in(&s, STAFF).await;
        let (status, html) = get(&page, &s, "/").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("<a href=\"/staff\">Overblik</a>"),
            "the header links to it"
        );
        let (status, html) = get(&page, &s, "/staff").await;
        assert_eq!(status, 200);
        assert!(html.contains("<h1>Overblik for sekretariatet</h1>"));
        assert!(html.contains("<span class=\"count\" data-state=\"open\">3</span>"));
        assert!(html.contains("<span class=\"unanswered-count\">1</span>"));
        assert!(html.contains("href=\"/staff/inquiries\""));
        assert!(html.contains("Hvad holder din virksomhed tilbage?"));
        assert!(
            html.contains("Høringslisten: svarprocent"),
            "the hearing list's rate has a column"
        );

        for who in [RESPONDENT, POLITICIAN] {
            let c = sign_in(&s, who).await;
            let (status, _) = get(&c, &s, "/staff").await;
            assert_eq!(status, 403, "{} may not see the dashboard", who.0);
            let (_, home) = get(&c, &s, "/").await;
            assert!(!home.contains("href=\"/staff\""));
            let t = token(&s, who.0, who.1).await;
            let res = client()
                .get(s.url("/api/v1/staff/dashboard"))
                .bearer_auth(&t)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 403, "{} gets 403 from the API", who.0);
        }
        let res = client()
            .get(s.url("/api/v1/staff/dashboard"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "a visitor is asked to sign in");
        let (status, _) = get(&browser(), &s, "/staff").await;
        assert!(
            status == 303 || status == 401,
            "a visitor is sent to sign in ({status})"
        );
    })
    .await;
}
