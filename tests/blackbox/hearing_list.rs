//! The hearing list (høringsliste): the organisation register, through the
//! API and the pages, and its refusals to everyone but staff.

use reqwest::Client;
use serde_json::Value;

use crate::support::{
    POLITICIAN, RESPONDENT, STAFF, Server, browser, client, csrf, cvr, each, registration, sign_in,
    token,
};

async fn get(c: &Client, s: &Server, path: &str) -> (u16, String) {
    let res = c.get(s.url(path)).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn api_get(s: &Server, path: &str, bearer: Option<&str>) -> (u16, Value) {
    let mut req = client().get(s.url(path));
    if let Some(t) = bearer {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.unwrap();
    (
        res.status().as_u16(),
        res.json().await.unwrap_or(Value::Null),
    )
}

/// The staff-only routes of the hearing list, as (method, path) for the
/// API and path for the pages.
const STAFF_API: &[&str] = &["/api/v1/organisations", "/api/v1/organisations?q=bageri"];
const STAFF_PAGES: &[&str] = &["/staff/organisations", "/staff/organisations?q=bageri"];

/// Registers three more organisations, so the demo's 48 fill more than a page of 50.
async fn three_more(s: &Server) {
    for n in [7001, 7002, 7003] {
        let res = client()
            .post(s.url("/api/v1/auth/register"))
            .json(&registration(&format!("ekstra{n}@butik.example"), &cvr(n)))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    }
}

#[tokio::test]
async fn staff_search_the_register_through_the_api_by_name_or_cvr_a_page_at_a_time() {
    each(true, |s| async move {
        three_more(&s).await;
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let (status, all) = api_get(&s, "/api/v1/organisations", Some(&staff)).await;
        assert_eq!(status, 200);
        let total = all["total"].as_u64().unwrap();
        assert!(
            total > 50,
            "the demo's organisations and three more: {total}"
        );
        assert_eq!(all["page_size"], 50);
        assert_eq!(all["items"].as_array().unwrap().len(), 50);
        assert_eq!(all["pages"], total.div_ceil(50));

        let (_, bakery) = api_get(&s, "/api/v1/organisations?q=BAGERI", Some(&staff)).await;
        let item = bakery["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == "Hovedgadens Bageri ApS (fiktiv)")
            .expect("the demo bakery by any case of its name")
            .clone();
        assert_eq!(item["source"], "registered");
        let cvr = item["cvr"].as_str().unwrap();
        let (_, by_cvr) = api_get(
            &s,
            &format!("/api/v1/organisations?q={}", &cvr[..6]),
            Some(&staff),
        )
        .await;
        assert!(
            by_cvr["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["cvr"] == cvr)
        );
        let (_, second) = api_get(&s, "/api/v1/organisations?page=2", Some(&staff)).await;
        assert_eq!(second["page"], 2);
        assert_ne!(second["items"][0]["id"], all["items"][0]["id"]);
        let (status, _) = api_get(&s, "/api/v1/organisations?page=x", Some(&staff)).await;
        assert_eq!(status, 400);
    })
    .await;
}

#[tokio::test]
async fn staff_search_the_register_on_its_page_with_a_get_form_and_page_links() {
    each(true, |s| async move {
        three_more(&s).await;
        let c = sign_in(&s, STAFF).await;
        let (status, html) = get(&c, &s, "/").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("href=\"/staff/organisations\""),
            "a link in the menu"
        );
        let (status, html) = get(&c, &s, "/staff/organisations").await;
        assert_eq!(status, 200);
        assert!(html.contains("<form method=\"get\" action=\"/staff/organisations\""));
        assert!(html.contains("rel=\"next\""), "more than one page");
        let (status, html) = get(&c, &s, "/staff/organisations?q=bageri").await;
        assert_eq!(status, 200);
        assert!(html.contains("Hovedgadens Bageri ApS (fiktiv)"));
        assert!(!html.contains("rel=\"next\""), "one page of bakeries");
        assert!(
            html.contains("value=\"bageri\""),
            "the search stays in the field"
        );
        let (_, html) = get(&c, &s, "/staff/organisations?q=zzz-ingen").await;
        assert!(html.contains("Ingen organisationer passer til søgningen."));
        let (status, _) = get(&c, &s, "/staff/organisations?page=nonsense").await;
        assert_eq!(status, 200, "a bad page number shows the first page");
    })
    .await;
}

#[tokio::test]
async fn respondents_and_politicians_are_refused_every_staff_route_and_visitors_must_sign_in() {
    each(true, |s| async move {
        for who in [RESPONDENT, POLITICIAN] {
            let bearer = token(&s, who.0, who.1).await;
            for path in STAFF_API {
                let (status, body) = api_get(&s, path, Some(&bearer)).await;
                assert_eq!(status, 403, "{} on {path}: {body}", who.0);
            }
            let c = sign_in(&s, who).await;
            for path in STAFF_PAGES {
                let (status, _) = get(&c, &s, path).await;
                assert_eq!(status, 403, "{} on {path}", who.0);
            }
        }
        for path in STAFF_API {
            assert_eq!(api_get(&s, path, None).await.0, 401, "{path}");
        }
        for path in STAFF_PAGES {
            let res = browser().get(s.url(path)).send().await.unwrap();
            assert_eq!(res.status(), 303, "{path}");
        }
    })
    .await;
}

async fn lokalplan(s: &Server) -> String {
    let (_, list) = api_get(s, "/api/v1/hearings", None).await;
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["kind"] == "lokalplanforslag")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn api_send(
    s: &Server,
    method: reqwest::Method,
    path: &str,
    bearer: &str,
    body: Value,
) -> (u16, Value) {
    let res = client()
        .request(method, s.url(path))
        .bearer_auth(bearer)
        .json(&body)
        .send()
        .await
        .unwrap();
    (
        res.status().as_u16(),
        res.json().await.unwrap_or(Value::Null),
    )
}

/// Posts a form from `page` (taking its CSRF token) to `action`.
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

#[tokio::test]
async fn staff_count_then_send_invitations_through_the_api_and_the_public_sees_names_only() {
    each(true, |s| async move {
        let id = lokalplan(&s).await;
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let (_, bakery) = api_get(&s, "/api/v1/organisations?q=Hovedgadens", Some(&staff)).await;
        let bakery_id = bakery["items"][0]["id"].as_str().unwrap().to_string();
        let body = serde_json::json!({
            "organisations": [bakery_id],
            "emails": ["Formand@Handelsforening.example"],
            "dry_run": true
        });
        let path = format!("/api/v1/hearings/{id}/invitations");
        let (status, count) =
            api_send(&s, reqwest::Method::POST, &path, &staff, body.clone()).await;
        assert_eq!(status, 200, "{count}");
        assert_eq!(
            (count["invited"].as_u64(), count["sent"].as_bool()),
            (Some(2), Some(false))
        );
        let (_, list) = api_get(
            &s,
            &format!("/api/v1/hearings/{id}/hearing-list"),
            Some(&staff),
        )
        .await;
        assert_eq!(
            list["items"].as_array().unwrap().len(),
            0,
            "a dry run invites nobody"
        );

        let mut send = body.clone();
        send["dry_run"] = false.into();
        let (status, sent) = api_send(&s, reqwest::Method::POST, &path, &staff, send.clone()).await;
        assert_eq!(
            (status, sent["invited"].as_u64(), sent["sent"].as_bool()),
            (200, Some(2), Some(true))
        );
        let (_, again) = api_send(&s, reqwest::Method::POST, &path, &staff, send).await;
        assert_eq!(
            (again["invited"].as_u64(), again["already_invited"].as_u64()),
            (Some(0), Some(2))
        );

        let (status, bad) = api_send(
            &s,
            reqwest::Method::POST,
            &path,
            &staff,
            serde_json::json!({"emails": ["ikke en adresse"], "rule": {"size_classes": ["huge"]}}),
        )
        .await;
        assert_eq!(status, 422, "{bad}");

        let (_, tracked) = api_get(
            &s,
            &format!("/api/v1/hearings/{id}/hearing-list"),
            Some(&staff),
        )
        .await;
        let items = tracked["items"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0]["name"], "Hovedgadens Bageri ApS (fiktiv)");
        assert_eq!(
            items[0]["email"], RESPONDENT.0,
            "the bakery's respondent gets it"
        );
        assert_eq!(items[1]["name"], Value::Null);
        assert_eq!(items[1]["email"], "formand@handelsforening.example");
        assert_eq!(items[1]["responded"], false);
        assert!(items[0]["invited_at"].is_string());
        assert_eq!(
            tracked["reminder_days_before"],
            Value::Null,
            "no reminder by default"
        );

        let reminder = format!("/api/v1/hearings/{id}/reminder");
        let (status, _) = api_send(
            &s,
            reqwest::Method::PUT,
            &reminder,
            &staff,
            serde_json::json!({"days_before": 3}),
        )
        .await;
        assert_eq!(status, 200);
        let (status, _) = api_send(
            &s,
            reqwest::Method::PUT,
            &reminder,
            &staff,
            serde_json::json!({"days_before": 0}),
        )
        .await;
        assert_eq!(status, 422);
        let (_, tracked) = api_get(
            &s,
            &format!("/api/v1/hearings/{id}/hearing-list"),
            Some(&staff),
        )
        .await;
        assert_eq!(tracked["reminder_days_before"], 3);

        let (status, public) =
            api_get(&s, &format!("/api/v1/hearings/{id}/hearing-list"), None).await;
        assert_eq!(status, 200);
        let text = public.to_string();
        assert!(!text.contains('@'), "no address is public: {text}");
        assert!(public.get("reminder_days_before").is_none());
        assert_eq!(
            public["items"][0],
            serde_json::json!({"name": "Hovedgadens Bageri ApS (fiktiv)"})
        );
        assert_eq!(public["items"][1], serde_json::json!({"name": null}));

        let html = browser()
            .get(s.url(&format!("/hearings/{id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("id=\"hearing-list\""));
        assert!(html.contains("Hovedgadens Bageri ApS (fiktiv)") && html.contains("Anden part"));
        assert!(!html.contains("formand@handelsforening.example"));
    })
    .await;
}

#[tokio::test]
async fn staff_invite_by_rule_on_the_pages_with_the_count_shown_before_sending() {
    each(true, |s| async move {
        let id = lokalplan(&s).await;
        let c = sign_in(&s, STAFF).await;
        let (_, html) = get(&c, &s, &format!("/hearings/{id}")).await;
        assert!(
            html.contains(&format!("href=\"/hearings/{id}/invite\"")),
            "staff reach the invitation page from the hearing"
        );
        let page = format!("/hearings/{id}/invite");
        let (status, html) = get(&c, &s, &format!("{page}?q=bageri")).await;
        assert_eq!(status, 200);
        assert!(
            html.contains("Hovedgadens Bageri ApS (fiktiv)"),
            "the search finds the bakery to tick"
        );

        let res = post_form(
            &c,
            &s,
            &page,
            &page,
            &[
                ("emails", "a@forening.example\nb@forening.example"),
                ("action", "preview"),
            ],
        )
        .await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("id=\"count-new\">2<"),
            "the count before sending"
        );
        assert!(html.contains("value=\"send\""), "and a button to send");
        assert!(
            html.contains("a@forening.example\nb@forening.example"),
            "nothing typed is lost"
        );
        let (_, list) = get(&c, &s, &format!("/hearings/{id}")).await;
        assert!(
            !list.contains("a@forening.example"),
            "a count sends nothing"
        );

        let res = post_form(
            &c,
            &s,
            &page,
            &page,
            &[
                ("emails", "a@forening.example\nb@forening.example"),
                ("action", "send"),
            ],
        )
        .await;
        assert_eq!(res.status(), 303);
        let to = res.headers()["location"].to_str().unwrap().to_string();
        assert!(to.starts_with(&format!("{page}?sent=2")), "{to}");
        let (_, html) = get(&c, &s, &to).await;
        assert!(
            html.contains("a@forening.example"),
            "staff see the addresses invited"
        );

        let res = post_form(
            &c,
            &s,
            &page,
            &page,
            &[
                ("areas", "kirkebjerg"),
                ("sizes", "micro"),
                ("action", "preview"),
            ],
        )
        .await;
        assert_eq!(res.status(), 200);
        let res = post_form(
            &c,
            &s,
            &page,
            &page,
            &[("emails", "ikke-en-adresse"), ("action", "preview")],
        )
        .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("id=\"emails-error\""));
        let res = post_form(&c, &s, &page, &page, &[("action", "preview")]).await;
        assert_eq!(res.status(), 422, "nothing chosen");

        let reminder = format!("/hearings/{id}/reminder");
        let res = post_form(&c, &s, &page, &reminder, &[("reminder_days_before", "5")]).await;
        assert_eq!(res.status(), 303);
        let (_, html) = get(&c, &s, &format!("/hearings/{id}")).await;
        assert!(
            html.contains("<strong>5</strong>"),
            "the reminder setting is shown"
        );
        let res = post_form(&c, &s, &page, &reminder, &[("reminder_days_before", "99")]).await;
        assert_eq!(res.status(), 422);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("id=\"reminder_days_before-error\"")
        );
    })
    .await;
}

#[tokio::test]
async fn respondents_and_politicians_are_refused_inviting_and_the_reminder() {
    each(true, |s| async move {
        let id = lokalplan(&s).await;
        for who in [RESPONDENT, POLITICIAN] {
            let bearer = token(&s, who.0, who.1).await;
            let (status, _) = api_send(
                &s,
                reqwest::Method::POST,
                &format!("/api/v1/hearings/{id}/invitations"),
                &bearer,
                serde_json::json!({"emails": ["x@y.example"], "dry_run": true}),
            )
            .await;
            assert_eq!(status, 403, "{} invitations", who.0);
            let (status, _) = api_send(
                &s,
                reqwest::Method::PUT,
                &format!("/api/v1/hearings/{id}/reminder"),
                &bearer,
                serde_json::json!({"days_before": 3}),
            )
            .await;
            assert_eq!(status, 403, "{} reminder", who.0);
            let (_, list) = api_get(
                &s,
                &format!("/api/v1/hearings/{id}/hearing-list"),
                Some(&bearer),
            )
            .await;
            assert!(
                list.get("reminder_days_before").is_none(),
                "{} sees the public list",
                who.0
            );

            let c = sign_in(&s, who).await;
            let page = format!("/hearings/{id}/invite");
            assert_eq!(get(&c, &s, &page).await.0, 403, "{} invite page", who.0);
            for action in [page.clone(), format!("/hearings/{id}/reminder")] {
                let res = post_form(
                    &c,
                    &s,
                    "/",
                    &action,
                    &[
                        ("emails", "x@y.example"),
                        ("reminder_days_before", "3"),
                        ("action", "send"),
                    ],
                )
                .await;
                assert_eq!(res.status(), 403, "{} {action}", who.0);
            }
        }
        assert_eq!(
            browser()
                .get(s.url(&format!("/hearings/{id}/invite")))
                .send()
                .await
                .unwrap()
                .status(),
            303
        );
    })
    .await;
}

#[tokio::test]
async fn the_openapi_document_describes_the_hearing_list_routes() {
    each(false, |s| async move {
        let (_, doc) = api_get(&s, "/api/openapi.json", None).await;
        for (path, method) in [
            ("/api/v1/organisations", "get"),
            ("/api/v1/hearings/{id}/hearing-list", "get"),
            ("/api/v1/hearings/{id}/invitations", "post"),
            ("/api/v1/hearings/{id}/reminder", "put"),
        ] {
            assert!(
                doc["paths"][path][method].is_object(),
                "{method} {path} is documented"
            );
        }
    })
    .await;
}
