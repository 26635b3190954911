//! The analysis workspace through the API and the pages: themes, summaries
//! and assessments, tags on passages, filters and progress; staff write,
//! politicians read, respondents and visitors are refused.

use serde_json::{Value, json};

use crate::support::{
    POLITICIAN, RESPONDENT, STAFF, Server, client, csrf, each, field_value, get_json,
    policy_hearing, sign_in, token,
};

async fn send(
    s: &Server,
    method: reqwest::Method,
    path: &str,
    t: Option<&str>,
    body: Value,
) -> (u16, Value) {
    let mut req = client()
        .request(method, s.url(path))
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

#[tokio::test]
async fn staff_code_the_responses_through_the_api_and_politicians_only_read() {
    each(true, |s| async move {
        let id = policy_hearing(&s).await;
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let politician = token(&s, POLITICIAN.0, POLITICIAN.1).await;
        let bakery = token(&s, RESPONDENT.0, RESPONDENT.1).await;
        use reqwest::Method;

        let w = get_json(s.url(&format!("/api/v1/hearings/{id}/analysis")), Some(&staff)).await;
        let total = w["progress"]["total"].as_i64().unwrap();
        assert!(total >= 40, "{w}");
        assert_eq!(w["progress"]["assessed"], 0);
        let first = w["responses"][0]["id"].as_str().unwrap().to_string();

        let (status, p) = send(&s, Method::POST, &format!("/api/v1/hearings/{id}/themes"), Some(&staff), json!({})).await;
        assert_eq!(status, 422, "{p}");
        assert_eq!(p["errors"][0]["field"], "name");
        let (status, theme) = send(&s, Method::POST, &format!("/api/v1/hearings/{id}/themes"), Some(&staff), json!({"name": "Parkering"})).await;
        assert_eq!(status, 201, "{theme}");
        let theme_id = theme["id"].as_str().unwrap().to_string();

        let (status, p) = send(&s, Method::PUT, &format!("/api/v1/responses/{first}/assessment"), Some(&staff),
            json!({"summary": "Vil have parkering.", "assessment": "partly"})).await;
        assert_eq!(status, 422, "{p}");
        assert_eq!(p["errors"][0]["field"], "reason");
        let (status, work) = send(&s, Method::PUT, &format!("/api/v1/responses/{first}/assessment"), Some(&staff),
            json!({"summary": "Vil have parkering.", "assessment": "partly", "reason": "Der etableres 20 pladser."})).await;
        assert_eq!(status, 200, "{work}");
        assert_eq!(work["analysis"]["assessment"], "partly");
        let (status, tag) = send(&s, Method::POST, &format!("/api/v1/themes/{theme_id}/tags"), Some(&staff),
            json!({"response_id": first})).await;
        assert_eq!(status, 201, "{tag}");

        let w = get_json(s.url(&format!("/api/v1/hearings/{id}/analysis?theme={theme_id}")), Some(&politician)).await;
        assert_eq!(w["responses"].as_array().unwrap().len(), 1);
        assert_eq!(w["responses"][0]["themes"][0]["name"], "Parkering");
        assert_eq!(w["progress"]["assessed"], 1);
        let w = get_json(s.url(&format!("/api/v1/hearings/{id}/analysis?assessment=none")), Some(&staff)).await;
        assert_eq!(w["responses"].as_array().unwrap().len() as i64, total - 1);
        let t = get_json(s.url(&format!("/api/v1/themes/{theme_id}")), Some(&politician)).await;
        assert_eq!(t["responses"], 1);
        assert_eq!(t["tags"][0]["response_id"], first.as_str());

        // Politicians read and change nothing; respondents and visitors get nothing.
        for (path, method, body) in [
            (format!("/api/v1/responses/{first}/assessment"), Method::PUT, json!({"summary": "x"})),
            (format!("/api/v1/hearings/{id}/themes"), Method::POST, json!({"name": "x"})),
            (format!("/api/v1/themes/{theme_id}"), Method::PUT, json!({"name": "x"})),
            (format!("/api/v1/themes/{theme_id}/tags"), Method::POST, json!({"response_id": first})),
        ] {
            assert_eq!(send(&s, method.clone(), &path, Some(&politician), body.clone()).await.0, 403, "{path}");
            assert_eq!(send(&s, method.clone(), &path, Some(&bakery), body.clone()).await.0, 403, "{path}");
            assert_eq!(send(&s, method, &path, None, body).await.0, 401, "{path}");
        }
        for path in [format!("/api/v1/hearings/{id}/analysis"), format!("/api/v1/themes/{theme_id}"), format!("/api/v1/responses/{first}/analysis")] {
            assert_eq!(send(&s, Method::GET, &path, Some(&bakery), Value::Null).await.0, 403, "{path}");
        }
        let (status, _) = send(&s, Method::DELETE, &format!("/api/v1/themes/{theme_id}"), Some(&politician), Value::Null).await;
        assert_eq!(status, 403);
        let (status, _) = send(&s, Method::DELETE, &format!("/api/v1/themes/{theme_id}"), Some(&staff), Value::Null).await;
        assert_eq!(status, 204);
    })
    .await;
}

#[tokio::test]
async fn on_the_pages_staff_create_a_theme_assess_and_tag_a_passage_and_errors_keep_what_was_typed()
{
    each(true, |s| async move {
        let id = policy_hearing(&s).await;
        let c = sign_in(&s, STAFF).await;
        let page = c
            .get(s.url(&format!("/hearings/{id}/analysis")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("id=\"progress-total\""));
        let res = c
            .post(s.url(&format!("/hearings/{id}/themes")))
            .form(&[("csrf", csrf(&page)), ("name", "  ".into())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("id=\"theme-name-error\"")
        );
        let res = c
            .post(s.url(&format!("/hearings/{id}/themes")))
            .form(&[("csrf", csrf(&page)), ("name", "Byliv".into())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let page = c
            .get(s.url(&format!("/hearings/{id}/analysis")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains(">Byliv</a>"));
        let response = page
            .split("href=\"/responses/")
            .nth(1)
            .unwrap()
            .split('#')
            .next()
            .unwrap()
            .to_string();

        let rpage = c
            .get(s.url(&format!("/responses/{response}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(rpage.contains("id=\"analysis\""));
        let res = c
            .post(s.url(&format!("/responses/{response}/assessment")))
            .form(&[
                ("csrf", csrf(&rpage)),
                ("section", String::new()),
                ("summary", "Ønsker mere byliv.".into()),
                ("assessment", "accommodated".into()),
                ("reason", String::new()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("id=\"analysis-reason-error\""),
            "the error is next to the reason"
        );
        assert!(
            html.contains(">Ønsker mere byliv.</textarea>"),
            "the summary is kept"
        );
        let res = c
            .post(s.url(&format!("/responses/{response}/assessment")))
            .form(&[
                ("csrf", csrf(&rpage)),
                ("section", String::new()),
                ("summary", "Ønsker mere byliv.".into()),
                ("assessment", "accommodated".into()),
                ("reason", "Planen udvides med et torv.".into()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);

        let theme = rpage
            .split("name=\"theme\"")
            .nth(1)
            .unwrap()
            .split("<option value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let location = rpage
            .split("name=\"location\"")
            .nth(1)
            .unwrap()
            .split("<option value=\"answer:")
            .nth(1)
            .map(|x| format!("answer:{}", x.split('"').next().unwrap()));
        if let Some(location) = location {
            let res = c
                .post(s.url(&format!("/responses/{response}/tags")))
                .form(&[
                    ("csrf", csrf(&rpage)),
                    ("theme", theme.clone()),
                    ("location", location),
                    ("passage", "ingen sådan tekst".into()),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 422);
            assert!(
                res.text()
                    .await
                    .unwrap()
                    .contains("id=\"tag-passage-error\"")
            );
        }
        let res = c
            .post(s.url(&format!("/responses/{response}/tags")))
            .form(&[
                ("csrf", csrf(&rpage)),
                ("theme", theme.clone()),
                ("location", String::new()),
                ("passage", String::new()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let page = c
            .get(s.url(&format!("/hearings/{id}/analysis?theme={theme}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(page.matches("class=\"analysis-row\"").count(), 1);
        assert!(page.contains("Imødekommet"));

        // A politician reads the analysis but gets no forms; a respondent gets nothing.
        let p = sign_in(&s, POLITICIAN).await;
        let html = p
            .get(s.url(&format!("/responses/{response}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("Planen udvides med et torv."));
        assert!(!html.contains("/assessment\""));
        let res = p
            .post(s.url(&format!("/responses/{response}/assessment")))
            .form(&[("csrf", csrf(&html)), ("summary", "x".into())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        let r = sign_in(&s, RESPONDENT).await;
        let res = r
            .get(s.url(&format!("/hearings/{id}/analysis")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
    })
    .await;
}

/// The values of every field `name` in a page, in order.
fn field_values(html: &str, name: &str) -> Vec<String> {
    let marker = format!("name=\"{name}\" value=\"");
    html.split(&marker)
        .skip(1)
        .filter_map(|rest| rest.split('"').next().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn staff_tag_and_assess_many_responses_at_once_on_the_pages_and_through_the_api() {
    each(true, |s| async move {
        use reqwest::Method;
        let id = policy_hearing(&s).await;
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let politician = token(&s, POLITICIAN.0, POLITICIAN.1).await;
        let bakery = token(&s, RESPONDENT.0, RESPONDENT.1).await;
        let (_, theme) = send(&s, Method::POST, &format!("/api/v1/hearings/{id}/themes"), Some(&staff), json!({"name": "Erhvervsservice"})).await;
        let theme_id = theme["id"].as_str().unwrap().to_string();
        let w = get_json(s.url(&format!("/api/v1/hearings/{id}/analysis")), Some(&staff)).await;
        let ids: Vec<String> = w["responses"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
        let path = format!("/api/v1/hearings/{id}/analysis/bulk");
        let body = json!({"response_ids": &ids[..3], "theme_id": theme_id, "assessment": "not_accommodated", "reason": "Servicen fastholdes."});

        // The API: refusals first, then the action.
        assert_eq!(send(&s, Method::POST, &path, Some(&politician), body.clone()).await.0, 403);
        assert_eq!(send(&s, Method::POST, &path, Some(&bakery), body.clone()).await.0, 403);
        assert_eq!(send(&s, Method::POST, &path, None, body.clone()).await.0, 401);
        let (status, p) = send(&s, Method::POST, &path, Some(&staff), json!({"response_ids": [], "theme_id": theme_id})).await;
        assert_eq!(status, 422, "{p}");
        assert_eq!(p["errors"][0]["field"], "responses");
        let (status, p) = send(&s, Method::POST, &path, Some(&staff), json!({"response_ids": &ids[..1]})).await;
        assert_eq!(status, 422, "{p}");
        assert_eq!(p["errors"][0]["field"], "action");
        let (status, done) = send(&s, Method::POST, &path, Some(&staff), body).await;
        assert_eq!(status, 200, "{done}");
        assert_eq!(done, json!({"tagged": 3, "assessed": 3}));
        let w = get_json(s.url(&format!("/api/v1/hearings/{id}/analysis?assessment=not_accommodated")), Some(&politician)).await;
        assert_eq!(w["responses"].as_array().unwrap().len(), 3);
        assert_eq!(w["responses"][0]["themes"][0]["name"], "Erhvervsservice");
        let work = get_json(s.url(&format!("/api/v1/responses/{}/analysis", ids[0])), Some(&staff)).await;
        assert_eq!(work["analysis"]["reason"], "Servicen fastholdes.");
        assert_eq!(work["next_to_assess"], ids[3].as_str(), "the next one without an assessment");

        // The pages: a refusal keeps what was typed, then every response shown.
        let c = sign_in(&s, STAFF).await;
        let page = c.get(s.url(&format!("/hearings/{id}/analysis?stance=opposes"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("id=\"bulk-form\""));
        let shown = field_values(&page, "shown");
        assert!(!shown.is_empty() && shown.len() < ids.len(), "{} of {}", shown.len(), ids.len());
        let mut form: Vec<(String, String)> = vec![
            ("csrf".into(), csrf(&page)),
            ("back".into(), field_value(&page, "back").unwrap()),
            ("scope".into(), "picked".into()),
            ("theme".into(), String::new()),
            ("assessment".into(), "partly".into()),
            ("reason".into(), "Der kommer en erhvervskonsulent.".into()),
        ];
        form.extend(shown.iter().map(|r| ("shown".to_string(), r.clone())));
        let res = c.post(s.url(&format!("/hearings/{id}/analysis/bulk"))).form(&form).send().await.unwrap();
        assert_eq!(res.status(), 422, "nothing ticked");
        let html = res.text().await.unwrap();
        assert!(html.contains("Vælg mindst ét høringssvar."), "the message in Danish");
        assert!(html.contains(">Der kommer en erhvervskonsulent.</textarea>"), "the reason is kept");
        assert!(html.contains("id=\"bulk-assessment-partly\" name=\"assessment\" value=\"partly\" checked"), "the choice is kept");
        assert_eq!(field_values(&html, "shown"), shown, "the same filtered list");

        form[2].1 = "shown".into();
        let res = c.post(s.url(&format!("/hearings/{id}/analysis/bulk"))).form(&form).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let to = res.headers()["location"].to_str().unwrap().to_string();
        assert!(to.contains("stance=opposes") && to.contains(&format!("assessed={}", shown.len())), "{to}");
        let page = c.get(s.url(&to)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("id=\"bulk-notice\""), "the page says what changed");
        let w = get_json(s.url(&format!("/api/v1/hearings/{id}/analysis?stance=opposes&assessment=partly")), Some(&staff)).await;
        assert_eq!(w["responses"].as_array().unwrap().len(), shown.len());

        // A politician sees no form and may not post one.
        let pc = sign_in(&s, POLITICIAN).await;
        let page = pc.get(s.url(&format!("/hearings/{id}/analysis"))).send().await.unwrap().text().await.unwrap();
        assert!(!page.contains("id=\"bulk-form\""));
        form[0].1 = csrf(&page);
        let res = pc.post(s.url(&format!("/hearings/{id}/analysis/bulk"))).form(&form).send().await.unwrap();
        assert_eq!(res.status(), 403);
    })
    .await;
}
