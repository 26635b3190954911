//! The summary of a hearing, the politicians' briefing and the audit of
//! reading, through the API and the pages: every figure adds up and
//! agrees between the two, every figure links to the responses behind it,
//! politicians read and never write, respondents are refused, and reading
//! a response in full is recorded for administrators to see.

use serde_json::{Value, json};

use crate::support::{
    POLITICIAN, RESPONDENT, STAFF, Server, client, csrf, each, get_json, policy_hearing, sign_in,
    token,
};

const ADMIN: (&str, &str) = ("admin@glostrup.example", "Demo-Admin-1");

async fn page(c: &reqwest::Client, s: &Server, path: &str) -> (u16, String) {
    let res = c.get(s.url(path)).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// The drill-down links of a page with the figure each shows:
/// (`/hearings/…/analysis?…`, the number as shown).
fn drill_links(html: &str) -> Vec<(String, String)> {
    html.split("<a href=\"")
        .skip(1)
        .filter_map(|rest| {
            let (href, after) = rest.split_once("\">")?;
            if !href.contains("/analysis?") {
                return None;
            }
            let text = after.split('<').next()?.to_string();
            Some((href.replace("&amp;", "&").replace("&#38;", "&"), text))
        })
        .collect()
}

/// "14. januar 2027" or "14 January 2027".
fn long_date(d: chrono::NaiveDate, danish: bool) -> String {
    use chrono::Datelike;
    const DA: [&str; 12] = [
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let m = d.month0() as usize;
    if danish {
        format!("{}. {} {}", d.day(), DA[m], d.year())
    } else {
        format!("{} {} {}", d.day(), EN[m], d.year())
    }
}

fn rows_of(html: &str) -> usize {
    html.matches("class=\"analysis-row\"").count()
}

fn sum_of(v: &Value) -> i64 {
    v.as_object()
        .unwrap()
        .values()
        .map(|n| n.as_i64().unwrap())
        .sum()
}

#[tokio::test]
async fn the_summary_has_every_figure_through_the_api_and_the_page_and_they_add_up() {
    each(true, |s| async move {
        let id = policy_hearing(&s).await;
        let politician = token(&s, POLITICIAN.0, POLITICIAN.1).await;
        let sum = get_json(
            s.url(&format!("/api/v1/hearings/{id}/summary")),
            Some(&politician),
        )
        .await;
        let total = sum["total"].as_i64().unwrap();
        assert_eq!(total, 54, "{sum}");
        for key in [
            "by_stance",
            "by_respondent_type",
            "by_industry_section",
            "by_size_class",
            "by_area",
        ] {
            assert_eq!(sum_of(&sum[key]), total, "{key}");
        }
        for (dim, groups) in sum["stance_by_group"].as_object().unwrap() {
            let groups = groups.as_array().unwrap();
            let mut all = 0;
            for g in groups {
                assert_eq!(
                    sum_of(&g["by_stance"]),
                    g["total"].as_i64().unwrap(),
                    "{dim}"
                );
                assert_eq!(g["by_stance"].as_object().unwrap().len(), 4, "every stance");
                all += g["total"].as_i64().unwrap();
            }
            assert_eq!(all, total, "{dim} adds up to the total");
        }
        // The demo's answers: the scale from the stance, the number question
        // cycling through 3, 8, 25, 120, 4, 15.
        let scale = &sum["scales"][0];
        assert_eq!(scale["answered"], 54);
        assert_eq!(sum_of(&scale["distribution"]), 54);
        let number = &sum["numbers"][0];
        assert_eq!(number["unit"], "ansatte");
        assert_eq!(number["answered"], 54);
        let mut values: Vec<f64> = (0..54)
            .map(|i| [3.0, 8.0, 25.0, 120.0, 4.0, 15.0][i % 6])
            .collect();
        assert_eq!(number["sum"], json!(values.iter().sum::<f64>()));
        values.sort_by(f64::total_cmp);
        assert_eq!(number["median"], json!((values[26] + values[27]) / 2.0));
        assert_eq!(number["median"], json!(11.5));
        assert_eq!(sum["response_rate"]["invited"], 0);
        assert_eq!(sum["response_rate"]["percent"], Value::Null);

        // The page shows the same figures, each chart with its table.
        let c = sign_in(&s, POLITICIAN).await;
        let (status, html) = page(&c, &s, &format!("/hearings/{id}/summary")).await;
        assert_eq!(status, 200);
        assert!(html.contains("class=\"summary-total\">54<"));
        for fig in [
            "by-stance",
            "by-respondent-type",
            "by-industry-section",
            "by-size-class",
            "by-area",
            "scale-1",
            "numbers",
            "response-rate",
        ] {
            assert!(
                html.contains(&format!("<figure class=\"figure\" id=\"{fig}\">")),
                "{fig}"
            );
        }
        assert_eq!(
            html.matches("<svg class=\"chart\"").count(),
            html.matches("aria-hidden=\"true\" focusable=\"false\">")
                .count(),
            "every chart is hidden from screen readers"
        );
        assert!(html.matches("<svg class=\"chart\"").count() >= 7);
        assert!(!html.contains("style="), "no inline style under the CSP");
        assert!(
            html.contains("<td class=\"num\">1.575</td>"),
            "the sum, in Danish notation"
        );
        assert!(html.contains("<td class=\"num\">11,5</td>"), "the median");
        for (stance, n) in sum["by_stance"].as_object().unwrap() {
            assert!(
                html.contains(&format!("/analysis?stance={stance}#responses\">{n}<")),
                "{stance}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn every_figure_links_to_the_responses_behind_it() {
    each(true, |s| async move {
        let id = policy_hearing(&s).await;
        let staff = token(&s, STAFF.0, STAFF.1).await;
        // A theme on three responses, to drill into.
        let w = get_json(
            s.url(&format!("/api/v1/hearings/{id}/analysis")),
            Some(&staff),
        )
        .await;
        let theme: Value = client()
            .post(s.url(&format!("/api/v1/hearings/{id}/themes")))
            .bearer_auth(&staff)
            .json(&json!({"name": "Parkering", "comment": "Der etableres 20 pladser."}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let theme_id = theme["id"].as_str().unwrap();
        for r in w["responses"].as_array().unwrap().iter().take(3) {
            let res = client()
                .post(s.url(&format!("/api/v1/themes/{theme_id}/tags")))
                .bearer_auth(&staff)
                .json(&json!({"response_id": r["id"]}))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 201);
        }

        let c = sign_in(&s, POLITICIAN).await;
        let (_, html) = page(&c, &s, &format!("/hearings/{id}/summary")).await;
        let links = drill_links(&html);
        assert!(links.len() >= 30, "{} links", links.len());
        let mut checked = 0;
        for (href, shown) in &links {
            let Ok(n) = shown.replace('.', "").parse::<usize>() else {
                continue;
            };
            // A sample of each kind: stance, group, group and stance, scale value, number, theme.
            let kind = href.split('?').nth(1).unwrap().split('=').next().unwrap();
            let wanted = [
                "stance", "rtype", "section", "size", "area", "question", "theme",
            ];
            if !wanted.contains(&kind) || (checked > 12 && !href.contains("theme=")) {
                continue;
            }
            let (status, list) = page(&c, &s, href.split('#').next().unwrap()).await;
            assert_eq!(status, 200, "{href}");
            assert_eq!(rows_of(&list), n, "{href} shows {n}");
            checked += 1;
        }
        assert!(checked >= 10);
        assert!(html.contains(&format!("/analysis?theme={theme_id}#responses\">3<")));

        // The API's figures link the same way.
        let politician = token(&s, POLITICIAN.0, POLITICIAN.1).await;
        let sum = get_json(
            s.url(&format!("/api/v1/hearings/{id}/summary")),
            Some(&politician),
        )
        .await;
        let company = sum["stance_by_group"]["respondent_type"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["group"] == "company")
            .unwrap()
            .clone();
        let list = get_json(
            s.url(company["responses_href"].as_str().unwrap()),
            Some(&politician),
        )
        .await;
        assert_eq!(
            list["responses"].as_array().unwrap().len() as i64,
            company["total"].as_i64().unwrap()
        );
        let q = &sum["scales"][0];
        let ones = get_json(
            s.url(&format!(
                "{}&value=1",
                q["responses_href"].as_str().unwrap()
            )),
            Some(&politician),
        )
        .await;
        assert_eq!(
            ones["responses"].as_array().unwrap().len() as i64,
            q["distribution"]["1"].as_i64().unwrap()
        );
        let themed = get_json(
            s.url(sum["themes"][0]["responses_href"].as_str().unwrap()),
            Some(&politician),
        )
        .await;
        assert_eq!(themed["responses"].as_array().unwrap().len(), 3);
        assert_eq!(sum["themes"][0]["comment"], "Der etableres 20 pladser.");
    })
    .await;
}

#[tokio::test]
async fn the_briefing_groups_the_hearings_by_council_meeting_with_their_figures() {
    each(true, |s| async move {
        let id = policy_hearing(&s).await;
        let politician = token(&s, POLITICIAN.0, POLITICIAN.1).await;
        let b = get_json(s.url("/api/v1/briefing"), Some(&politician)).await;
        let meetings = b["meetings"].as_array().unwrap();
        assert!(!meetings.is_empty(), "{b}");
        let dates: Vec<&str> = meetings
            .iter()
            .map(|m| m["date"].as_str().unwrap())
            .collect();
        let mut sorted = dates.clone();
        sorted.sort();
        assert_eq!(dates, sorted, "upcoming meetings, soonest first");
        let (meeting, h) = meetings
            .iter()
            .find_map(|m| {
                m["hearings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|h| h["id"] == id.as_str())
                    .map(|h| (m.clone(), h.clone()))
            })
            .expect("the policy hearing is on the briefing");
        assert_eq!(h["responses"], 54);
        assert_eq!(sum_of(&h["by_stance"]), 54);
        assert_eq!(h["summary_href"], format!("/api/v1/hearings/{id}/summary"));

        let c = sign_in(&s, POLITICIAN).await;
        let (status, html) = page(&c, &s, "/briefing").await;
        assert_eq!(status, 200);
        let date = chrono::NaiveDate::parse_from_str(meeting["date"].as_str().unwrap(), "%Y-%m-%d")
            .unwrap();
        let danish = long_date(date, true);
        assert!(
            html.contains(&format!("Til beslutning {danish}")),
            "{danish}"
        );
        assert!(html.contains(&format!("href=\"/hearings/{id}/summary\"")));
        assert!(html.contains(&format!(
            "href=\"/hearings/{id}/analysis?stance=opposes#responses\""
        )));
        assert!(html.contains("href=\"/briefing\""), "in the navigation");
        // The English page.
        let en = c
            .get(s.url("/lang/en?next=/briefing"))
            .send()
            .await
            .unwrap();
        assert!(en.status().is_redirection() || en.status().is_success());
        let (_, html) = page(&c, &s, "/briefing").await;
        let english = long_date(date, false);
        assert!(
            html.contains(&format!("Up for decision on {english}")),
            "{english}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_politician_reads_but_is_refused_every_change_by_page_and_api() {
    each(true, |s| async move {
        let id = policy_hearing(&s).await;
        let politician = token(&s, POLITICIAN.0, POLITICIAN.1).await;
        let staff = token(&s, STAFF.0, STAFF.1).await;
        let w = get_json(
            s.url(&format!("/api/v1/hearings/{id}/analysis")),
            Some(&politician),
        )
        .await;
        let response = w["responses"][0]["id"].as_str().unwrap().to_string();
        let theme: Value = client()
            .post(s.url(&format!("/api/v1/hearings/{id}/themes")))
            .bearer_auth(&staff)
            .json(&json!({"name": "Trafik"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let theme_id = theme["id"].as_str().unwrap().to_string();
        use reqwest::Method;
        for (method, path, body) in [
            (
                Method::POST,
                format!("/api/v1/hearings/{id}/themes"),
                json!({"name": "X"}),
            ),
            (
                Method::PUT,
                format!("/api/v1/themes/{theme_id}"),
                json!({"name": "Y"}),
            ),
            (
                Method::DELETE,
                format!("/api/v1/themes/{theme_id}"),
                Value::Null,
            ),
            (
                Method::POST,
                format!("/api/v1/themes/{theme_id}/tags"),
                json!({"response_id": response}),
            ),
            (
                Method::PUT,
                format!("/api/v1/responses/{response}/assessment"),
                json!({"summary": "x"}),
            ),
            (
                Method::POST,
                format!("/api/v1/hearings/{id}/publish"),
                Value::Null,
            ),
        ] {
            let res = client()
                .request(method, s.url(&path))
                .bearer_auth(&politician)
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 403, "{path}");
        }
        let c = sign_in(&s, POLITICIAN).await;
        let (status, html) = page(&c, &s, &format!("/hearings/{id}/summary")).await;
        assert_eq!(status, 200);
        assert!(
            !html.contains("method=\"post\" action=\"/hearings/"),
            "no form to change anything"
        );
        let token = csrf(&html);
        for (path, form) in [
            (format!("/hearings/{id}/themes"), vec![("name", "X")]),
            (format!("/themes/{theme_id}"), vec![("name", "Y")]),
            (format!("/themes/{theme_id}/delete"), vec![]),
            (
                format!("/responses/{response}/assessment"),
                vec![("summary", "x")],
            ),
            (
                format!("/responses/{response}/tags"),
                vec![("theme", theme_id.as_str())],
            ),
        ] {
            let mut fields = vec![("csrf", token.as_str())];
            fields.extend(form);
            let res = c.post(s.url(&path)).form(&fields).send().await.unwrap();
            assert_eq!(res.status(), 403, "{path}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_respondent_and_a_visitor_are_refused_the_summary_and_the_briefing() {
    each(true, |s| async move {
        let id = policy_hearing(&s).await;
        let bakery = token(&s, RESPONDENT.0, RESPONDENT.1).await;
        for path in [
            format!("/api/v1/hearings/{id}/summary"),
            "/api/v1/briefing".to_string(),
        ] {
            let res = client()
                .get(s.url(&path))
                .bearer_auth(&bakery)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 403, "{path}");
            let res = client().get(s.url(&path)).send().await.unwrap();
            assert_eq!(res.status(), 401, "{path}");
        }
        let c = sign_in(&s, RESPONDENT).await;
        for path in [format!("/hearings/{id}/summary"), "/briefing".to_string()] {
            let (status, _) = page(&c, &s, &path).await;
            assert_eq!(status, 403, "{path}");
        }
        let (_, home) = page(&c, &s, "/").await;
        assert!(
            !home.contains("href=\"/briefing\""),
            "no briefing in a respondent's navigation"
        );
        let res = crate::support::browser()
            .get(s.url("/briefing"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "a visitor is sent to sign in");
    })
    .await;
}

#[tokio::test]
async fn reading_a_response_in_full_is_recorded_in_the_audit_log_for_administrators() {
    each(true, |s| async move {
        let id = policy_hearing(&s).await;
        let politician = token(&s, POLITICIAN.0, POLITICIAN.1).await;
        let w = get_json(
            s.url(&format!("/api/v1/hearings/{id}/analysis")),
            Some(&politician),
        )
        .await;
        let response = w["responses"][0]["id"].as_str().unwrap().to_string();

        let c = sign_in(&s, POLITICIAN).await;
        assert_eq!(page(&c, &s, &format!("/responses/{response}")).await.0, 200);
        let pdf = c
            .get(s.url(&format!("/responses/{response}/pdf")))
            .send()
            .await
            .unwrap();
        assert_eq!(pdf.status(), 200);
        let res = client()
            .get(s.url(&format!("/api/v1/responses/{response}/content")))
            .bearer_auth(&politician)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);

        let admin = token(&s, ADMIN.0, ADMIN.1).await;
        let log = get_json(s.url("/api/v1/audit"), Some(&admin)).await;
        let reads: Vec<&Value> = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "response.read")
            .collect();
        assert_eq!(reads.len(), 3, "the page, the PDF and the API: {log}");
        for e in &reads {
            assert_eq!(e["actor_email"], POLITICIAN.0);
            assert_eq!(e["object_type"], "response");
            assert_eq!(e["object_id"], response.as_str());
            assert_eq!(e["after"]["role"], "politician");
        }
        let a = sign_in(&s, ADMIN).await;
        let (status, html) = page(&a, &s, "/admin/audit").await;
        assert_eq!(status, 200);
        assert!(html.contains("Læste et høringssvar, der ikke er offentligt"));
        assert!(html.contains(&format!("href=\"/responses/{response}\"")));
        // The audit log stays the administrators'.
        let res = client()
            .get(s.url("/api/v1/audit"))
            .bearer_auth(&politician)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
    })
    .await;
}
