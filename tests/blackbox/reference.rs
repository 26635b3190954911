//! Reference data kept by administrators, through the API and the pages:
//! the public lists with their retired entries flagged, adding, renaming,
//! retiring, restoring and deleting an unused entry, the refusals of
//! everyone else, bad input in both languages, and the choosers that no
//! longer offer a retired entry while the hearings that use it keep its name.

use chrono::Duration;
use reqwest::Client;
use serde_json::{Value, json};

use crate::support::{
    POLITICIAN, RESPONDENT, STAFF, Server, browser, client, csrf, each, get_json, sign_in, token,
};

const ADMIN: (&str, &str) = ("admin@glostrup.example", "Demo-Admin-1");

/// Sends `body` (JSON, or none) with a token (or none) and a language.
async fn call(
    s: &Server,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    lang: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = client()
        .request(method, s.url(path))
        .header("accept-language", lang);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn post(
    s: &Server,
    path: &str,
    token: Option<&str>,
    lang: &str,
    body: Value,
) -> (u16, Value) {
    call(s, reqwest::Method::POST, path, token, lang, Some(body)).await
}

fn entry<'a>(lists: &'a Value, kind: &str, key: &str) -> Option<&'a Value> {
    lists[kind]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == key)
}

fn field_errors(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap().to_string(),
                        e["message"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A new hearing's body with these topics.
fn hearing(s: &Server, topics: &[&str]) -> Value {
    let now = s.clock_now();
    json!({
        "title": "Plan for grøn omstilling",
        "summary": "Resumé",
        "kind": "policy",
        "opens_at": (now + Duration::days(1)).to_rfc3339(),
        "closes_at": (now + Duration::weeks(5)).to_rfc3339(),
        "topics": topics,
        "questions": [{"kind": "long_text", "prompt": "Bemærkninger", "required": false}]
    })
}

#[tokio::test]
async fn the_reference_lists_are_public_with_retired_flags_and_administrators_see_what_uses_each() {
    each(true, |s| async move {
        let public = get_json(s.url("/api/v1/reference"), None).await;
        for kind in ["areas", "committees", "topics", "sections"] {
            let list = public[kind].as_array().unwrap();
            assert!(!list.is_empty(), "{kind} are listed");
            assert!(
                list.iter()
                    .all(|e| e["retired"] == false && e.get("usage").is_none())
            );
        }
        let bymidten = entry(&public, "areas", "bymidten").unwrap();
        assert_eq!(
            (bymidten["code"].as_str(), bymidten["name"].as_str()),
            (Some("bymidten"), Some("Glostrup Bymidte"))
        );
        let g = entry(&public, "sections", "DB25:G").unwrap();
        assert_eq!(
            (g["classification"].as_str(), g["section"].as_str()),
            (Some("DB25"), Some("G"))
        );
        let committee = &public["committees"][0];
        assert_eq!(committee["key"], committee["id"]);

        let (status, topics) = call(
            &s,
            reqwest::Method::GET,
            "/api/v1/reference/topics",
            None,
            "en",
            None,
        )
        .await;
        assert_eq!(status, 200);
        let handel = topics["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["key"] == "handel")
            .unwrap();
        assert_eq!(
            handel["name"], "Retail and shops",
            "names in the language asked for"
        );

        let admin = token(&s, ADMIN.0, ADMIN.1).await;
        let counted = get_json(s.url("/api/v1/reference"), Some(&admin)).await;
        let bymidten = entry(&counted, "areas", "bymidten").unwrap();
        assert!(
            bymidten["usage"]["hearings"].as_u64().unwrap() >= 1,
            "the demo's lokalplan is in the town centre"
        );
        assert!(bymidten["usage"]["organisations"].as_u64().unwrap() >= 1);
        assert_eq!(bymidten["usage"]["in_use"], true);
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let for_staff = get_json(s.url("/api/v1/reference"), Some(&staff)).await;
        assert!(
            entry(&for_staff, "areas", "bymidten")
                .unwrap()
                .get("usage")
                .is_none()
        );
        let (status, _) = call(
            &s,
            reqwest::Method::GET,
            "/api/v1/reference/planets",
            None,
            "da",
            None,
        )
        .await;
        assert_eq!(status, 404);
    })
    .await;
}

#[tokio::test]
async fn an_administrator_adds_renames_retires_restores_and_deletes_a_topic_through_the_api() {
    each(true, |s| async move {
        let admin = token(&s, ADMIN.0, ADMIN.1).await;
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let (status, created) = post(
            &s,
            "/api/v1/reference/topics",
            Some(&admin),
            "da",
            json!({"code": "groen-omstilling", "name_da": "Grøn omstilling", "name_en": "Green transition"}),
        )
        .await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(
            (created["key"].as_str(), created["retired"].as_bool()),
            (Some("groen-omstilling"), Some(false))
        );

        // Staff choose it for a hearing.
        let (status, h) = post(&s, "/api/v1/hearings", Some(&staff), "da", hearing(&s, &["groen-omstilling"])).await;
        assert_eq!(status, 201, "{h}");
        let hearing_id = h["id"].as_str().unwrap().to_string();

        let (status, renamed) = call(
            &s,
            reqwest::Method::PUT,
            "/api/v1/reference/topics/groen-omstilling",
            Some(&admin),
            "en",
            Some(json!({"name_da": "Klima og grøn omstilling", "name_en": "Climate and green transition"})),
        )
        .await;
        assert_eq!(status, 200, "{renamed}");
        assert_eq!(renamed["name"], "Climate and green transition");

        let (status, retired) = post(
            &s,
            "/api/v1/reference/topics/groen-omstilling/retire",
            Some(&admin),
            "da",
            json!({}),
        )
        .await;
        assert_eq!((status, retired["retired"].as_bool()), (200, Some(true)));
        let public = get_json(s.url("/api/v1/reference"), None).await;
        assert_eq!(entry(&public, "topics", "groen-omstilling").unwrap()["retired"], true);

        // The hearing that has it keeps showing its (new) name; a new one may not choose it.
        let shown = get_json(s.url(&format!("/api/v1/hearings/{hearing_id}")), Some(&staff)).await;
        assert_eq!(shown["topics"][0]["name"], "Klima og grøn omstilling");
        for (lang, text) in [("da", "taget den ud af brug"), ("en", "has retired it")] {
            let (status, refused) =
                post(&s, "/api/v1/hearings", Some(&staff), lang, hearing(&s, &["groen-omstilling"])).await;
            assert_eq!(status, 422, "{refused}");
            let errors = field_errors(&refused);
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].0, "topics");
            assert!(errors[0].1.contains(text), "{lang}: {}", errors[0].1);
        }

        let (status, restored) = post(
            &s,
            "/api/v1/reference/topics/groen-omstilling/restore",
            Some(&admin),
            "da",
            json!({}),
        )
        .await;
        assert_eq!((status, restored["retired"].as_bool()), (200, Some(false)));
        let (status, _) = post(&s, "/api/v1/hearings", Some(&staff), "da", hearing(&s, &["groen-omstilling"])).await;
        assert_eq!(status, 201, "offered again once restored");

        // In use: never deleted, in either language; an unused one is.
        for (lang, text) in [("da", "kan ikke slettes"), ("en", "cannot be deleted")] {
            let (status, p) = call(
                &s,
                reqwest::Method::DELETE,
                "/api/v1/reference/topics/groen-omstilling",
                Some(&admin),
                lang,
                None,
            )
            .await;
            assert_eq!(status, 409);
            assert!(p["title"].as_str().unwrap().contains(text), "{p}");
        }
        let (status, _) = post(
            &s,
            "/api/v1/reference/topics",
            Some(&admin),
            "da",
            json!({"code": "tastefejl", "name_da": "Tastefejl", "name_en": "Typo"}),
        )
        .await;
        assert_eq!(status, 201);
        let (status, _) = call(
            &s,
            reqwest::Method::DELETE,
            "/api/v1/reference/topics/tastefejl",
            Some(&admin),
            "da",
            None,
        )
        .await;
        assert_eq!(status, 204);
        let public = get_json(s.url("/api/v1/reference"), None).await;
        assert!(entry(&public, "topics", "tastefejl").is_none());

        // Each change is one row of the audit log.
        let log = get_json(s.url("/api/v1/audit"), Some(&admin)).await;
        let actions: Vec<&str> = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["object_type"] == "reference")
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(
            actions.iter().filter(|a| a.starts_with("reference.")).count(),
            6,
            "create, update, retire, restore, create, delete: {actions:?}"
        );
        for a in ["reference.create", "reference.update", "reference.retire", "reference.restore", "reference.delete"] {
            assert!(actions.contains(&a), "{a} in {actions:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn every_change_through_the_api_is_refused_to_staff_politicians_respondents_and_visitors() {
    each(true, |s| async move {
        let mut callers = vec![(None, 401)];
        for who in [STAFF, POLITICIAN, RESPONDENT] {
            callers.push((Some(token(&s, who.0, who.1).await), 403));
        }
        let new = json!({"code": "ny-kode", "name_da": "Ny", "name_en": "New"});
        let names = json!({"name_da": "X", "name_en": "Y"});
        for (t, expected) in &callers {
            let t = t.as_deref();
            for (method, path, body) in [
                (
                    reqwest::Method::POST,
                    "/api/v1/reference/topics",
                    Some(new.clone()),
                ),
                (
                    reqwest::Method::PUT,
                    "/api/v1/reference/topics/handel",
                    Some(names.clone()),
                ),
                (
                    reqwest::Method::POST,
                    "/api/v1/reference/topics/handel/retire",
                    None,
                ),
                (
                    reqwest::Method::POST,
                    "/api/v1/reference/topics/handel/restore",
                    None,
                ),
                (
                    reqwest::Method::DELETE,
                    "/api/v1/reference/sections/DB07:U",
                    None,
                ),
            ] {
                let (status, p) = call(&s, method.clone(), path, t, "en", body).await;
                assert_eq!(status, *expected, "{method} {path}: {p}");
                assert!(p["title"].is_string(), "a problem");
            }
        }
        let public = get_json(s.url("/api/v1/reference"), None).await;
        let handel = entry(&public, "topics", "handel").unwrap();
        assert_eq!(
            (handel["name_da"].as_str(), handel["retired"].as_bool()),
            (Some("Handel og butikker"), Some(false))
        );
        assert!(entry(&public, "topics", "ny-kode").is_none());
        assert!(entry(&public, "sections", "DB07:U").is_some());
    })
    .await;
}

#[tokio::test]
async fn bad_input_through_the_api_is_refused_by_field_in_the_callers_language() {
    each(true, |s| async move {
        let admin = token(&s, ADMIN.0, ADMIN.1).await;
        for (lang, format, taken, required) in [
            ("da", "små bogstaver", "allerede i brug", "skal udfyldes"),
            ("en", "lowercase letters", "already taken", "required"),
        ] {
            let (status, p) = post(
                &s,
                "/api/v1/reference/areas",
                Some(&admin),
                lang,
                json!({"code": "Ny By", "name_da": "", "name_en": "New town"}),
            )
            .await;
            assert_eq!(status, 422, "{p}");
            let errors = field_errors(&p);
            let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
            assert_eq!(fields, ["code", "name_da"]);
            assert!(errors[0].1.contains(format), "{lang}: {}", errors[0].1);
            assert!(
                errors[1]
                    .1
                    .to_lowercase()
                    .contains(&required.to_lowercase()),
                "{lang}: {}",
                errors[1].1
            );

            let (status, p) = post(
                &s,
                "/api/v1/reference/topics",
                Some(&admin),
                lang,
                json!({"code": "handel", "name_da": "Handel", "name_en": "Trade"}),
            )
            .await;
            assert_eq!(status, 422);
            assert_eq!(field_errors(&p)[0].0, "code");
            assert!(field_errors(&p)[0].1.contains(taken), "{lang}: {p}");
        }
        let (status, p) = post(
            &s,
            "/api/v1/reference/sections",
            Some(&admin),
            "en",
            json!({"code": "V", "classification": "DB07", "name_da": "X", "name_en": "X"}),
        )
        .await;
        assert_eq!(
            (status, field_errors(&p)[0].0.as_str()),
            (422, "code"),
            "{p}"
        );
        let (status, p) = call(
            &s,
            reqwest::Method::PUT,
            "/api/v1/reference/topics/handel",
            Some(&admin),
            "en",
            Some(json!({"name_da": "  ", "name_en": "x".repeat(201)})),
        )
        .await;
        assert_eq!(status, 422);
        let fields: Vec<String> = field_errors(&p).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["name_da", "name_en"]);
        let res = client()
            .post(s.url("/api/v1/reference/topics"))
            .bearer_auth(&admin)
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
        let (status, _) = post(
            &s,
            "/api/v1/reference/topics/findes-ikke/retire",
            Some(&admin),
            "da",
            json!({}),
        )
        .await;
        assert_eq!(status, 404);
        let (status, _) = post(
            &s,
            "/api/v1/reference/committees/not-a-uuid/retire",
            Some(&admin),
            "da",
            json!({}),
        )
        .await;
        assert_eq!(status, 404);
    })
    .await;
}

async fn get(c: &Client, s: &Server, path: &str) -> (u16, String) {
    let res = c.get(s.url(path)).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// Posts a form from the page at `page` (taking its CSRF token) to `action`.
async fn post_form(
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

fn location(res: &reqwest::Response) -> String {
    res.headers()["location"].to_str().unwrap().to_string()
}

#[tokio::test]
async fn an_administrator_keeps_the_reference_data_on_the_pages_with_errors_by_their_fields() {
    each(true, |s| async move {
        let c = sign_in(&s, ADMIN).await;
        let (status, home) = get(&c, &s, "/").await;
        assert_eq!(status, 200);
        assert!(
            home.contains("href=\"/admin/reference\""),
            "the header links to it"
        );
        let (status, html) = get(&c, &s, "/admin/reference").await;
        assert_eq!(status, 200);
        for kind in ["areas", "committees", "topics", "sections"] {
            assert!(
                html.contains(&format!("href=\"/admin/reference/{kind}\"")),
                "{kind}"
            );
        }

        // Bad input comes back with 422, the message by its field and what was typed.
        let res = post_form(
            &c,
            &s,
            "/admin/reference/topics",
            "/admin/reference/topics",
            &[
                ("code", "Grøn"),
                ("name_da", "Grøn omstilling"),
                ("name_en", ""),
            ],
        )
        .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("id=\"code-error\"") && html.contains("id=\"name_en-error\""));
        assert!(html.contains("Brug 2-40 små bogstaver"), "in Danish");
        assert!(html.contains("value=\"Grøn omstilling\"") && html.contains("value=\"Grøn\""));
        assert!(html.contains("class=\"error-summary\""));

        let res = post_form(
            &c,
            &s,
            "/admin/reference/topics",
            "/admin/reference/topics",
            &[
                ("code", "groen-omstilling"),
                ("name_da", "Grøn omstilling"),
                ("name_en", "Green transition"),
            ],
        )
        .await;
        assert_eq!(res.status(), 303);
        let to = location(&res);
        assert!(
            to.starts_with("/admin/reference/topics?done=created"),
            "{to}"
        );
        let (_, html) = get(&c, &s, &to).await;
        assert!(html.contains("id=\"notice\"") && html.contains("Tilføjet: Grøn omstilling"));
        assert!(html.contains("id=\"entry-groen-omstilling\""));

        // Staff are offered it on the new-hearing form.
        let staff = sign_in(&s, STAFF).await;
        let (_, form) = get(&staff, &s, "/staff/hearings/new").await;
        assert!(form.contains("id=\"topics-groen-omstilling\""));

        // Renamed, in English, with an error first.
        c.get(s.url("/lang/en?next=/")).send().await.unwrap();
        let edit = "/admin/reference/topics/groen-omstilling/edit";
        let (status, html) = get(&c, &s, edit).await;
        assert_eq!(status, 200);
        assert!(html.contains("value=\"Green transition\""));
        let res = post_form(
            &c,
            &s,
            edit,
            edit,
            &[("name_da", ""), ("name_en", "Climate")],
        )
        .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("id=\"name_da-error\"") && html.contains("lang=\"en\""));
        assert!(html.contains("value=\"Climate\""), "what was typed is kept");
        let res = post_form(
            &c,
            &s,
            edit,
            edit,
            &[("name_da", "Klima"), ("name_en", "Climate")],
        )
        .await;
        assert_eq!(res.status(), 303);
        let (_, html) = get(&c, &s, &location(&res)).await;
        assert!(html.contains("Renamed: Climate"), "{html}");

        // A code that is taken, in English.
        let res = post_form(
            &c,
            &s,
            "/admin/reference/areas",
            "/admin/reference/areas",
            &[("code", "ejby"), ("name_da", "Ejby"), ("name_en", "Ejby")],
        )
        .await;
        assert_eq!(res.status(), 422);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("The code is already taken")
        );

        // Retired: no longer offered to staff, and back again.
        let res = post_form(
            &c,
            &s,
            "/admin/reference/topics",
            "/admin/reference/topics/groen-omstilling/retire",
            &[],
        )
        .await;
        assert_eq!(res.status(), 303);
        let (_, html) = get(&c, &s, &location(&res)).await;
        assert!(html.contains("data-key=\"groen-omstilling\" data-retired=\"true\""));
        let (_, form) = get(&staff, &s, "/staff/hearings/new").await;
        assert!(
            !form.contains("id=\"topics-groen-omstilling\""),
            "a retired topic is not offered"
        );
        let res = post_form(
            &c,
            &s,
            "/admin/reference/topics",
            "/admin/reference/topics/groen-omstilling/restore",
            &[],
        )
        .await;
        assert_eq!(res.status(), 303);
        let (_, form) = get(&staff, &s, "/staff/hearings/new").await;
        assert!(form.contains("id=\"topics-groen-omstilling\""));

        // An unused entry may be deleted; one in use may not.
        let res = post_form(
            &c,
            &s,
            "/admin/reference/topics",
            "/admin/reference/topics/groen-omstilling/delete",
            &[],
        )
        .await;
        assert_eq!(res.status(), 303);
        let (_, html) = get(&c, &s, "/admin/reference/topics").await;
        assert!(!html.contains("entry-groen-omstilling"));
        let res = post_form(
            &c,
            &s,
            "/admin/reference/areas",
            "/admin/reference/areas/bymidten/delete",
            &[],
        )
        .await;
        assert_eq!(res.status(), 409);
        assert!(res.text().await.unwrap().contains("cannot be deleted"));

        // The audit log names the changes and links to the kind's page.
        let (_, log) = get(&c, &s, "/admin/audit").await;
        assert!(
            log.contains("data-action=\"reference.retire\"")
                && log.contains("data-action=\"reference.delete\"")
        );
        assert!(log.contains("href=\"/admin/reference/topics\""));
    })
    .await;
}

#[tokio::test]
async fn a_retired_area_topic_and_section_stay_on_what_uses_them_but_are_not_offered_on_the_forms()
{
    each(true, |s| async move {
        let admin = sign_in(&s, ADMIN).await;
        for path in [
            "/admin/reference/areas/bymidten/retire",
            "/admin/reference/topics/trafik/retire",
            "/admin/reference/sections/DB25:G/retire",
        ] {
            let res = post_form(&admin, &s, "/admin/reference", path, &[]).await;
            assert_eq!(res.status(), 303, "{path}");
        }
        // The demo's lokalplan is in the town centre and on traffic: it still says so.
        let list = get_json(s.url("/api/v1/hearings"), None).await;
        let id = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["kind"] == "lokalplanforslag")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let (status, page) = get(&browser(), &s, &format!("/hearings/{id}")).await;
        assert_eq!(status, 200);
        assert!(page.contains("Glostrup Bymidte") && page.contains("Trafik og parkering"));

        // The registration form offers neither the area nor the section.
        let (_, form) = get(&browser(), &s, "/register").await;
        assert!(
            !form.contains("value=\"bymidten\""),
            "a retired area is not offered"
        );
        assert!(
            !form.contains("value=\"DB25:G\""),
            "a retired section is not offered"
        );
        assert!(form.contains("value=\"ejby\"") && form.contains("value=\"DB07:G\""));
        // Typed in anyway, it is refused by its field.
        let c = browser();
        let res = post_form(
            &c,
            &s,
            "/register",
            "/register",
            &[
                ("name", "Bente"),
                ("email", "bente@butik.example"),
                ("password", "et-godt-kodeord"),
                ("org_cvr", &crate::support::cvr(7)),
                ("org_name", "Butikken (fiktiv)"),
                ("org_industry", "DB25:G"),
                ("org_size", "micro"),
                ("org_area", "bymidten"),
                ("org_type", "company"),
            ],
        )
        .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("id=\"org_area-error\"") && html.contains("id=\"org_industry-error\"")
        );
        assert!(html.contains("taget den ud af brug"));
        // Registration through the API is refused the same way, in English.
        let mut body = crate::support::registration("bente@butik.example", &crate::support::cvr(8));
        body["organisation"]["area"] = json!("bymidten");
        let (status, p) = post(&s, "/api/v1/auth/register", None, "en", body).await;
        assert_eq!(status, 422);
        let errors = field_errors(&p);
        assert_eq!(errors[0].0, "organisation.area");
        assert!(errors[0].1.contains("has retired it"));

        // The invitation rule form offers neither; the hearing still may be edited with them.
        let staff = sign_in(&s, STAFF).await;
        let (status, invite) = get(&staff, &s, &format!("/hearings/{id}/invite")).await;
        assert_eq!(status, 200);
        assert!(!invite.contains("value=\"DB25:G\"") && !invite.contains("value=\"bymidten\""));
        assert!(invite.contains("value=\"DB25:C\"") && invite.contains("value=\"ejby\""));
        let (_, edit) = get(&staff, &s, &format!("/staff/hearings/{id}/edit")).await;
        assert!(
            edit.contains("id=\"areas-bymidten\"") && edit.contains("id=\"topics-trafik\""),
            "the hearing's own retired area and topic stay on its form"
        );
        let (_, new) = get(&staff, &s, "/staff/hearings/new").await;
        assert!(!new.contains("id=\"areas-bymidten\"") && !new.contains("id=\"topics-trafik\""));
        // The API refuses a rule with a retired area.
        let staff_token = token(&s, STAFF.0, STAFF.1).await;
        let (status, p) = post(
            &s,
            &format!("/api/v1/hearings/{id}/invitations"),
            Some(&staff_token),
            "da",
            json!({"rule": {"areas": ["bymidten"]}, "dry_run": true}),
        )
        .await;
        assert_eq!(status, 422, "{p}");
        assert_eq!(field_errors(&p)[0].0, "rule.areas");
    })
    .await;
}

#[tokio::test]
async fn the_reference_pages_are_refused_to_everyone_but_administrators() {
    each(true, |s| async move {
        let visitor = browser();
        let res = visitor
            .get(s.url("/admin/reference/topics"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        assert!(location(&res).starts_with("/signin?next="));
        let res = post_form(
            &visitor,
            &s,
            "/signin",
            "/admin/reference/topics",
            &[("code", "ny-kode"), ("name_da", "Ny"), ("name_en", "New")],
        )
        .await;
        assert_eq!(res.status(), 303, "a visitor is sent to sign in");
        for who in [STAFF, POLITICIAN, RESPONDENT] {
            let c = sign_in(&s, who).await;
            let (_, home) = get(&c, &s, "/").await;
            assert!(
                !home.contains("href=\"/admin/reference\""),
                "no link for {}",
                who.0
            );
            for path in [
                "/admin/reference",
                "/admin/reference/topics",
                "/admin/reference/topics/handel/edit",
            ] {
                let (status, _) = get(&c, &s, path).await;
                assert_eq!(status, 403, "{} GET {path}", who.0);
            }
            for (action, fields) in [
                (
                    "/admin/reference/topics",
                    vec![("code", "ny-kode"), ("name_da", "Ny"), ("name_en", "New")],
                ),
                (
                    "/admin/reference/topics/handel/edit",
                    vec![("name_da", "X"), ("name_en", "Y")],
                ),
                ("/admin/reference/topics/handel/retire", vec![]),
                ("/admin/reference/topics/handel/restore", vec![]),
                ("/admin/reference/sections/DB07:U/delete", vec![]),
            ] {
                let res = post_form(&c, &s, "/", action, &fields).await;
                assert_eq!(res.status(), 403, "{} POST {action}", who.0);
            }
        }
        let public = get_json(s.url("/api/v1/reference"), None).await;
        let handel = entry(&public, "topics", "handel").unwrap();
        assert_eq!(
            (handel["name_da"].as_str(), handel["retired"].as_bool()),
            (Some("Handel og butikker"), Some(false))
        );
        assert!(entry(&public, "topics", "ny-kode").is_none());
        assert!(entry(&public, "sections", "DB07:U").is_some());
        // An unknown kind or entry is not found, also for an administrator.
        let admin = sign_in(&s, ADMIN).await;
        assert_eq!(get(&admin, &s, "/admin/reference/planets").await.0, 404);
        assert_eq!(
            get(&admin, &s, "/admin/reference/topics/findes-ikke/edit")
                .await
                .0,
            404
        );
    })
    .await;
}
