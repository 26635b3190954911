//! Campaigns and key terms through the API and the pages: staff find,
//! confirm and split campaigns; politicians read them and change nothing;
//! respondents and visitors are refused; key terms lead to the responses
//! that use them.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{
    POLITICIAN, RESPONDENT, STAFF, Server, client, csrf, each, get_json, sign_in, token,
};

/// The demo's closed policy hearing, and the id of its first text question.
async fn policy(s: &Server) -> (String, String) {
    let list = get_json(s.url("/api/v1/hearings"), None).await;
    let id = list
        .as_array()
        .or_else(|| list["items"].as_array())
        .unwrap()
        .iter()
        .find(|h| {
            h["title"]
                .as_str()
                .unwrap_or_default()
                .contains("Erhvervspolitik")
        })
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let d = get_json(s.url(&format!("/api/v1/hearings/{id}")), None).await;
    let q = d["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["kind"] == "long_text" || q["kind"] == "short_text")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    (id, q)
}

async fn send(
    s: &Server,
    method: Method,
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

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|m| m["response_id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn through_the_api_staff_find_confirm_and_split_campaigns_and_politicians_only_read() {
    each(true, |s| async move {
        let (id, question) = policy(&s).await;
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let politician = token(&s, POLITICIAN.0, POLITICIAN.1).await;
        let bakery = token(&s, RESPONDENT.0, RESPONDENT.1).await;
        let list_path = format!("/api/v1/hearings/{id}/campaigns");

        // The demo's two form letters are suggested on a fresh start.
        let (status, list) =
            send(&s, Method::GET, &list_path, Some(&politician), Value::Null).await;
        assert_eq!(status, 200, "{list}");
        let counts: Vec<i64> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["count"].as_i64().unwrap())
            .collect();
        assert_eq!(counts, [6, 5]);
        assert_eq!(list["items"][0]["confirmed"], false);

        // Found again: the suggestions are replaced.
        let (status, again) = send(
            &s,
            Method::POST,
            &format!("{list_path}/detect"),
            Some(&staff),
            Value::Null,
        )
        .await;
        assert_eq!(status, 200, "{again}");
        assert_eq!(again["items"].as_array().unwrap().len(), 2);
        assert_ne!(again["items"][0]["id"], list["items"][0]["id"]);
        let big = again["items"][0].clone();
        let cid = big["id"].as_str().unwrap().to_string();
        let members = ids(&big["members"]);
        assert!(
            big["shared_text"]
                .as_str()
                .unwrap()
                .contains("Erhvervsnetværket")
        );
        assert!(
            big["members"][0]["organisation"]
                .as_str()
                .unwrap()
                .ends_with("(fiktiv)")
        );

        // The campaign filter of the workspace: its six, while all still count.
        let w = get_json(
            s.url(&format!("/api/v1/hearings/{id}/analysis?campaign={cid}")),
            Some(&politician),
        )
        .await;
        assert_eq!(w["responses"].as_array().unwrap().len(), 6);
        assert!(w["progress"]["total"].as_i64().unwrap() >= 46);

        let (status, c) = send(
            &s,
            Method::POST,
            &format!("/api/v1/campaigns/{cid}/confirm"),
            Some(&staff),
            Value::Null,
        )
        .await;
        assert_eq!(status, 200, "{c}");
        assert_eq!(c["confirmed"], true);

        // Splitting: nothing chosen, or a response from elsewhere, is refused in the caller's language.
        let split = format!("/api/v1/campaigns/{cid}/split");
        let (status, p) = send(
            &s,
            Method::POST,
            &split,
            Some(&staff),
            json!({"response_ids": []}),
        )
        .await;
        assert_eq!(status, 422, "{p}");
        assert_eq!(p["errors"][0]["field"], "responses");
        let other = ids(&again["items"][1]["members"]).remove(0);
        let (status, p) = send(
            &s,
            Method::POST,
            &split,
            Some(&staff),
            json!({"response_ids": [other]}),
        )
        .await;
        assert_eq!(status, 422, "{p}");
        assert!(
            p["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("not in the campaign"),
            "{p}"
        );
        let (status, p) = send(
            &s,
            Method::POST,
            &split,
            Some(&staff),
            json!({"response_ids": "x"}),
        )
        .await;
        assert_eq!(status, 400, "{p}");
        let (status, c) = send(
            &s,
            Method::POST,
            &split,
            Some(&staff),
            json!({"response_ids": [members[0]]}),
        )
        .await;
        assert_eq!(status, 200, "{c}");
        assert_eq!(
            (c["count"].as_i64(), c["dissolved"].as_bool()),
            (Some(5), Some(false))
        );
        let (status, c) = send(
            &s,
            Method::POST,
            &split,
            Some(&staff),
            json!({"response_ids": members[1..5]}),
        )
        .await;
        assert_eq!(status, 200, "{c}");
        assert_eq!(c["dissolved"], true);
        let (_, after) = send(&s, Method::GET, &list_path, Some(&staff), Value::Null).await;
        assert_eq!(after["items"].as_array().unwrap().len(), 1);

        // Key terms of a text question, and the responses that use one.
        let (status, terms) = send(
            &s,
            Method::GET,
            &format!("/api/v1/hearings/{id}/terms?question={question}"),
            Some(&politician),
            Value::Null,
        )
        .await;
        assert_eq!(status, 200, "{terms}");
        let first = terms["items"][0]["term"].as_str().unwrap().to_string();
        assert!(terms["items"][0]["responses"].as_i64().unwrap() >= 2);
        let (status, using) = send(
            &s,
            Method::GET,
            &format!("/api/v1/hearings/{id}/terms/{first}/responses?question={question}"),
            Some(&staff),
            Value::Null,
        )
        .await;
        assert_eq!(status, 200, "{using}");
        assert_eq!(
            using["items"].as_array().unwrap().len() as i64,
            terms["items"][0]["responses"].as_i64().unwrap()
        );
        assert!(!using["items"][0]["excerpt"].as_str().unwrap().is_empty());
        let (status, _) = send(
            &s,
            Method::GET,
            &format!("/api/v1/hearings/{id}/terms?question=nope"),
            Some(&staff),
            Value::Null,
        )
        .await;
        assert_eq!(status, 404);

        // Politicians change nothing; respondents and visitors get nothing.
        let remaining = after["items"][0]["id"].as_str().unwrap().to_string();
        for (method, path, body) in [
            (Method::POST, format!("{list_path}/detect"), Value::Null),
            (
                Method::POST,
                format!("/api/v1/campaigns/{remaining}/confirm"),
                Value::Null,
            ),
            (
                Method::POST,
                format!("/api/v1/campaigns/{remaining}/split"),
                json!({"response_ids": [other]}),
            ),
        ] {
            assert_eq!(
                send(&s, method.clone(), &path, Some(&politician), body.clone())
                    .await
                    .0,
                403,
                "{path}"
            );
            assert_eq!(
                send(&s, method.clone(), &path, Some(&bakery), body.clone())
                    .await
                    .0,
                403,
                "{path}"
            );
            assert_eq!(send(&s, method, &path, None, body).await.0, 401, "{path}");
        }
        for path in [
            list_path.clone(),
            format!("/api/v1/hearings/{id}/terms"),
            format!("/api/v1/hearings/{id}/terms/parkering/responses"),
        ] {
            assert_eq!(
                send(&s, Method::GET, &path, Some(&bakery), Value::Null)
                    .await
                    .0,
                403,
                "{path}"
            );
            assert_eq!(
                send(&s, Method::GET, &path, None, Value::Null).await.0,
                401,
                "{path}"
            );
        }
        let (_, still) = send(&s, Method::GET, &list_path, Some(&staff), Value::Null).await;
        assert_eq!(
            still["items"][0]["confirmed"], false,
            "the politician's confirm did nothing"
        );
    })
    .await;
}

async fn page(c: &reqwest::Client, s: &Server, path: &str) -> (u16, String) {
    let res = c.get(s.url(path)).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test]
async fn on_the_pages_staff_find_confirm_and_split_with_forms_and_key_terms_link_to_responses() {
    each(true, |s| async move {
        let (id, question) = policy(&s).await;
        let c = sign_in(&s, STAFF).await;
        let (status, analysis) = page(&c, &s, &format!("/hearings/{id}/analysis")).await;
        assert_eq!(status, 200);
        assert!(analysis.contains(&format!("href=\"/hearings/{id}/campaigns\"")));
        assert!(
            analysis.contains("name=\"campaign\""),
            "the campaign filter"
        );
        assert!(
            analysis.contains(&format!("id=\"terms-{question}\"")),
            "key terms per question"
        );
        assert!(analysis.contains(&format!("/hearings/{id}/terms/")));

        let path = format!("/hearings/{id}/campaigns");
        let (status, html) = page(&c, &s, &path).await;
        assert_eq!(status, 200);
        assert!(html.contains("Find kampagner"));
        assert_eq!(html.matches("class=\"campaign\"").count(), 2);
        assert!(html.contains("Kampagne med 6 høringssvar"));
        // Without the CSRF token nothing happens.
        let res = c
            .post(s.url(&format!("{path}/detect")))
            .form(&[("x", "y")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        let res = c
            .post(s.url(&format!("{path}/detect")))
            .form(&[("csrf", csrf(&html))])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let to = res.headers()["location"].to_str().unwrap().to_string();
        assert_eq!(to, format!("{path}?found=2"));
        let (_, html) = page(&c, &s, &to).await;
        assert!(html.contains("Kampagner fundet: 2 forslag."));
        let cid = html
            .split("action=\"/campaigns/")
            .nth(1)
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .to_string();
        let res = c
            .post(s.url(&format!("/campaigns/{cid}/confirm")))
            .form(&[("csrf", csrf(&html))])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let (_, html) = page(&c, &s, &path).await;
        assert!(html.contains("Bekræftet"));

        // Split with nothing checked: the page says why, next to the senders.
        let res = c
            .post(s.url(&format!("/campaigns/{cid}/split")))
            .form(&[("csrf", csrf(&html))])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(
            body.contains("error-summary") && body.contains(&format!("href=\"#split-{cid}\"")),
            "{body}"
        );
        let member = body
            .split(&format!("id=\"campaign-{cid}\""))
            .nth(1)
            .unwrap()
            .split("name=\"response\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let res = c
            .post(s.url(&format!("/campaigns/{cid}/split")))
            .form(&[("csrf", csrf(&html)), ("response", member.clone())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let (_, html) = page(&c, &s, &path).await;
        assert!(html.contains("Kampagne med 5 høringssvar"), "{html}");

        // The analysis filtered to the campaign lists its five.
        let (_, filtered) = page(&c, &s, &format!("/hearings/{id}/analysis?campaign={cid}")).await;
        assert_eq!(filtered.matches("class=\"analysis-row\"").count(), 5);

        // A key term's page lists the responses that use it, in English too.
        let (status, term) = page(
            &c,
            &s,
            &format!("/hearings/{id}/terms/parkering?question={question}"),
        )
        .await;
        assert_eq!(status, 200);
        assert!(term.contains("class=\"term-row\""), "{term}");
        assert!(term.contains("Høringssvar med ordet «parkering»"));
        let (status, _) = page(
            &c,
            &s,
            &format!("/hearings/{id}/terms/parkering?question=nope"),
        )
        .await;
        assert_eq!(status, 404);
        let en = c.get(s.url("/lang/en")).send().await.unwrap();
        assert!(en.status().is_redirection());
        let (_, term) = page(&c, &s, &format!("/hearings/{id}/terms/parkering")).await;
        assert!(
            term.contains("Responses using the word «parkering»"),
            "{term}"
        );
    })
    .await;
}

#[tokio::test]
async fn on_the_pages_politicians_read_campaigns_without_forms_and_respondents_are_refused() {
    each(true, |s| async move {
        let (id, _) = policy(&s).await;
        let path = format!("/hearings/{id}/campaigns");
        let p = sign_in(&s, POLITICIAN).await;
        let (status, html) = page(&p, &s, &path).await;
        assert_eq!(status, 200);
        assert!(html.contains("Kampagne med 6 høringssvar"));
        assert!(!html.contains("Find kampagner") && !html.contains("name=\"response\""));
        let cid = html
            .split("id=\"campaign-")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        for action in [
            format!("{path}/detect"),
            format!("/campaigns/{cid}/confirm"),
            format!("/campaigns/{cid}/split"),
        ] {
            let res = p
                .post(s.url(&action))
                .form(&[("csrf", csrf(&html))])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 403, "{action}");
        }
        let (_, html) = page(&p, &s, &path).await;
        assert!(
            html.contains("Forslag") && !html.contains("Bekræftet"),
            "nothing changed"
        );
        let r = sign_in(&s, RESPONDENT).await;
        for path in [path.clone(), format!("/hearings/{id}/terms/parkering")] {
            let (status, _) = page(&r, &s, &path).await;
            assert_eq!(status, 403, "{path}");
        }
        let res = client().get(s.url(&path)).send().await.unwrap();
        assert!(
            res.status().is_redirection() || res.status() == 401,
            "{}",
            res.status()
        );
    })
    .await;
}
