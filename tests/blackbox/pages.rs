//! The three journeys and their refusals through the HTML pages, as a
//! browser without JavaScript would use them.

use chrono::Duration;
use reqwest::Client;

use crate::support::{
    POLITICIAN, RESPONDENT, STAFF, Server, browser, csrf, cvr, each, sign_in, verify_email,
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

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

fn hearing_form<'a>(opens: &'a str, closes: &'a str, kind: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", "Regulativ for udeservering"),
        ("summary", "Regler for borde og stole på fortovet."),
        ("kind", kind),
        ("area", "bymidten"),
        ("opens_date", opens),
        ("opens_time", "08:00"),
        ("closes_date", closes),
        ("closes_time", "12:00"),
        ("section_rows", "3"),
        ("question_rows", "3"),
        ("section_heading_0", "Formål"),
        ("section_body_0", "At skabe liv i byen."),
        ("section_heading_1", "Omfang"),
        ("section_body_1", "Gælder hele Bymidten."),
        ("q_kind_0", "single_choice"),
        ("q_prompt_0", "Er reglerne rimelige?"),
        ("q_required_0", "on"),
        ("q_options_0", "Ja\nNej\nDelvist"),
        ("q_kind_1", "number"),
        ("q_prompt_1", "Hvor mange borde har I?"),
        ("q_unit_1", "borde"),
        ("q_kind_2", "short_text"),
        ("action", "save"),
    ]
}

fn day(s: &Server, days: i64) -> String {
    hearings_core::time::in_copenhagen(s.clock_now() + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

#[tokio::test]
async fn every_page_sends_a_strict_content_security_policy_and_nosniff() {
    each(true, |s| async move {
        for path in [
            "/",
            "/signin",
            "/register",
            "/accessibility",
            "/no-such-page",
        ] {
            let res = browser().get(s.url(path)).send().await.unwrap();
            let csp = res.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_string();
            assert!(
                csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
                "{path}: {csp}"
            );
            assert!(!csp.contains("unsafe-inline"), "{path}");
            assert_eq!(res.headers()["x-content-type-options"], "nosniff");
            let html = res.text().await.unwrap();
            assert!(!html.contains("<script>"), "{path} has no inline script");
        }
    })
    .await;
}

#[tokio::test]
async fn staff_prepare_and_publish_a_business_answers_and_a_politician_reads_the_summary_through_the_pages()
 {
    each(true, |s| async move {
        // Staff create a hearing with the form and publish it.
        let staff = sign_in(&s, STAFF).await;
        let (opens, closes) = (day(&s, -1), day(&s, 30));
        let res = post(
            &staff,
            &s,
            "/staff/hearings/new",
            "/staff/hearings/new",
            &hearing_form(&opens, &closes, "regulation"),
        )
        .await;
        assert_eq!(res.status(), 303);
        let hearing = location(&res);
        assert!(hearing.starts_with("/hearings/"));
        let (_, html) = get(&staff, &s, &hearing).await;
        assert!(html.contains("data-state=\"draft\""));
        assert!(html.contains("id=\"s2\""), "sections have anchors");
        let res = post(&staff, &s, &hearing, &format!("{hearing}/publish"), &[]).await;
        assert_eq!(res.status(), 303);
        let (_, html) = get(&browser(), &s, &hearing).await;
        assert!(
            html.contains("data-state=\"open\""),
            "a visitor sees it open"
        );
        assert!(html.contains("Regulativ for udeservering"));

        // A new business registers and answers.
        let business = browser();
        let my_cvr = cvr(11);
        let res = post(
            &business,
            &s,
            "/register",
            "/register",
            &[
                ("name", "Ole Café"),
                ("email", "ole@cafe.example"),
                ("password", "kaffe-og-kage-1"),
                ("org_cvr", &my_cvr),
                ("org_name", "Caféen (fiktiv)"),
                ("org_industry", "DB25:I"),
                ("org_size", "small"),
                ("org_area", "bymidten"),
                ("org_type", "company"),
            ],
        )
        .await;
        assert_eq!(res.status(), 303, "registered");
        // The e-mailed link confirms the address; only then may it submit.
        verify_email(&s, "ole@cafe.example").await;
        let respond = format!("{hearing}/respond");
        let (status, form) = get(&business, &s, &respond).await;
        assert_eq!(status, 200);
        let field = |n: usize| -> String {
            let at = form.match_indices("name=\"answer_").nth(n).unwrap().0 + "name=\"".len();
            form[at..].split('"').next().unwrap().to_string()
        };
        let (q0, q1) = (field(0), field(1));
        let res = post(
            &business,
            &s,
            &respond,
            &respond,
            &[
                ("stance", "opposes"),
                ("publication", "named"),
                (&q0, "Delvist"),
                (&q1, "12"),
            ],
        )
        .await;
        assert_eq!(res.status(), 303);
        let receipt = location(&res);
        assert!(receipt.starts_with("/receipts/"));
        let (status, html) = get(&business, &s, &receipt).await;
        assert_eq!(status, 200);
        assert!(html.contains("class=\"receipt-reference\">GLO-"));
        let digest_at =
            html.find("class=\"receipt-digest\">").unwrap() + "class=\"receipt-digest\">".len();
        assert_eq!(html[digest_at..].split('<').next().unwrap().len(), 64);

        // Another organisation cannot open that receipt.
        let other = sign_in(&s, RESPONDENT).await;
        assert_eq!(get(&other, &s, &receipt).await.0, 404);

        // A politician reads the summary.
        let politician = sign_in(&s, POLITICIAN).await;
        let (status, html) = get(&politician, &s, &format!("{hearing}/summary")).await;
        assert_eq!(status, 200);
        assert!(html.contains("class=\"summary-total\">1<"));
        assert!(html.contains("Caféen (fiktiv)"));
        assert!(html.contains("<caption>Efter holdning</caption>"));
    })
    .await;
}

#[tokio::test]
async fn pages_refuse_the_wrong_role_and_a_form_without_its_token() {
    each(true, |s| async move {
        let visitor = browser();
        let res = visitor
            .get(s.url("/staff/hearings/new"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "a visitor is sent to sign in");
        assert!(location(&res).starts_with("/signin?next="));
        let respondent = sign_in(&s, RESPONDENT).await;
        assert_eq!(get(&respondent, &s, "/staff/hearings/new").await.0, 403);
        let politician = sign_in(&s, POLITICIAN).await;
        assert_eq!(get(&politician, &s, "/staff/hearings/new").await.0, 403);

        let (_, home) = get(&visitor, &s, "/").await;
        let policy = home
            .split("href=\"/hearings/")
            .nth(4)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let summary = format!("/hearings/{policy}/summary");
        assert_eq!(
            get(&respondent, &s, &summary).await.0,
            403,
            "a respondent cannot read a summary"
        );
        assert_eq!(get(&politician, &s, &summary).await.0, 200);

        // A form posted without, or with a wrong, CSRF token is refused.
        let res = respondent
            .post(s.url("/signout"))
            .form(&[("csrf", "forged")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        let res = browser()
            .post(s.url("/signin"))
            .form(&[("email", STAFF.0), ("password", STAFF.1)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        // Staff cannot answer; a politician cannot publish.
        let staff = sign_in(&s, STAFF).await;
        assert_eq!(
            get(&staff, &s, &format!("/hearings/{policy}/respond"))
                .await
                .0,
            403
        );
        let res = post(
            &politician,
            &s,
            "/",
            &format!("/hearings/{policy}/publish"),
            &[],
        )
        .await;
        assert_eq!(res.status(), 403);
    })
    .await;
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    each(true, |s| async move {
        let c = sign_in(&s, POLITICIAN).await;
        let (_, html) = get(&c, &s, "/").await;
        let cookie_before = html.contains("Log ud");
        assert!(cookie_before);
        let res = post(&c, &s, "/", "/signout", &[]).await;
        assert_eq!(res.status(), 303);
        let (_, html) = get(&c, &s, "/").await;
        assert!(!html.contains("Log ud"));
    })
    .await;
}

#[tokio::test]
async fn bad_input_on_the_pages_gets_a_message_next_to_the_field_and_keeps_what_was_typed() {
    each(true, |s| async move {
        // A bad CVR on registration.
        let c = browser();
        let res = post(
            &c,
            &s,
            "/register",
            "/register",
            &[
                ("name", "Ida Is"),
                ("email", "ida@is.example"),
                ("password", "iskold-sommer-1"),
                ("org_cvr", "12345678"),
                ("org_name", "Isbaren (fiktiv)"),
                ("org_industry", "DB25:I"),
                ("org_size", "micro"),
                ("org_area", "ejby"),
                ("org_type", "company"),
            ],
        )
        .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("id=\"org_cvr-error\""),
            "the message is next to the field"
        );
        assert!(html.contains("kontrolcifferet"), "in Danish");
        assert!(
            html.contains("value=\"Isbaren (fiktiv)\"") && html.contains("value=\"12345678\""),
            "typed values kept"
        );
        assert!(html.contains("value=\"ejby\" selected"));

        // A too-short period names the minimum and keeps the form.
        let staff = sign_in(&s, STAFF).await;
        let (opens, closes) = (day(&s, 0), day(&s, 10));
        let res = post(
            &staff,
            &s,
            "/staff/hearings/new",
            "/staff/hearings/new",
            &hearing_form(&opens, &closes, "lokalplanforslag"),
        )
        .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("mindst 4 uger"));
        assert!(
            html.contains("value=\"Regulativ for udeservering\"")
                && html.contains("Ja\nNej\nDelvist")
        );

        // "More rows" adds rows and keeps everything.
        let mut more = hearing_form(&opens, &closes, "policy");
        more.retain(|(k, _)| *k != "action");
        more.push(("action", "more"));
        let res = post(
            &staff,
            &s,
            "/staff/hearings/new",
            "/staff/hearings/new",
            &more,
        )
        .await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("name=\"q_prompt_5\"")
                && html.contains("value=\"Er reglerne rimelige?\"")
        );

        // After the deadline the form is refused with the deadline, and the text typed is kept.
        let business = sign_in(&s, RESPONDENT).await;
        let (_, home) = get(&business, &s, "/").await;
        let lokalplan = home
            .split("href=\"/hearings/")
            .find(|p| p.contains("Lokalplanforslag"))
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let respond = format!("/hearings/{lokalplan}/respond");
        let (_, form) = get(&business, &s, &respond).await;
        let long_text = {
            let at = form.find("<textarea id=\"answer_").unwrap() + "<textarea id=\"".len();
            form[at..].split('"').next().unwrap().to_string()
        };
        s.clock.set(s.clock_now() + Duration::days(60));
        // Sessions last 12 hours by the server clock: sign in again.
        let business = sign_in(&s, RESPONDENT).await;
        let res = post(
            &business,
            &s,
            &respond,
            &respond,
            &[
                ("stance", "supports"),
                ("publication", "named"),
                (&long_text, "Min vigtige kommentar"),
            ],
        )
        .await;
        assert_eq!(res.status(), 409);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("Høringen er lukket. Fristen var"),
            "the refusal names the deadline"
        );
        assert!(
            html.contains("Min vigtige kommentar"),
            "nothing typed is lost"
        );
    })
    .await;
}

#[tokio::test]
async fn the_language_switch_shows_the_pages_in_english() {
    each(true, |s| async move {
        let c = browser();
        let res = c.get(s.url("/lang/en?next=/signin")).send().await.unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/signin");
        let (_, html) = get(&c, &s, "/signin").await;
        assert!(
            html.contains("<html lang=\"en\">")
                && html.contains("Sign in")
                && html.contains("hreflang=\"da\"")
        );
        let res = c
            .get(s.url("/lang/da?next=//evil.example"))
            .send()
            .await
            .unwrap();
        assert_eq!(location(&res), "/", "never a redirect to another site");
        let (_, html) = get(&c, &s, "/").await;
        assert!(html.contains("<html lang=\"da\">"));
    })
    .await;
}

#[tokio::test]
async fn over_https_the_cookies_are_secure_and_host_prefixed() {
    let db =
        hearings_store::testing::TestDatabase::create(hearings_store::testing::Backend::Sqlite)
            .await
            .unwrap();
    let store = db.store().await.unwrap();
    store.load_demo(crate::support::t0()).await.unwrap();
    let clock = std::sync::Arc::new(hearings_server::SettableClock::new(crate::support::t0()));
    let running = hearings_server::start("127.0.0.1:0".parse().unwrap(), store, clock, true)
        .await
        .unwrap();
    let base = format!("http://{}", running.addr);
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = c.get(format!("{base}/signin")).send().await.unwrap();
    let set = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        set.starts_with("__Host-hearings_csrf=")
            && set.contains("; Secure")
            && set.contains("HttpOnly")
            && set.contains("SameSite=Lax"),
        "{set}"
    );
    let seed = set.split(';').next().unwrap().to_string();
    let html = res.text().await.unwrap();
    let res = c
        .post(format!("{base}/signin"))
        .header("cookie", &seed)
        .form(&[
            ("csrf", csrf(&html).as_str()),
            ("email", STAFF.0),
            ("password", STAFF.1),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let session = res.headers()["set-cookie"].to_str().unwrap();
    assert!(
        session.starts_with("__Host-hearings_session=")
            && session.contains("; Secure")
            && session.contains("HttpOnly"),
        "{session}"
    );
    running.stop().await;
    db.drop_database().await.unwrap();
}

#[tokio::test]
async fn markdown_in_a_proposal_is_shown_formatted_and_no_script_survives() {
    each(true, |s| async move {
        let staff = sign_in(&s, STAFF).await;
        let (opens, closes) = (day(&s, -1), day(&s, 30));
        let mut form = hearing_form(&opens, &closes, "policy");
        for (k, v) in form.iter_mut() {
            if *k == "section_body_0" {
                *v = "Butikker er **velkomne**.\n\n<script>alert('x')</script>\n\n[klik](javascript:alert(1)) <img src=x onerror=alert(2)>";
            }
            if *k == "summary" {
                *v = "Et *kort* resumé <iframe src=\"https://evil.example\"></iframe>";
            }
        }
        let res = post(&staff, &s, "/staff/hearings/new", "/staff/hearings/new", &form).await;
        assert_eq!(res.status(), 303);
        let hearing = location(&res);
        let (_, html) = get(&staff, &s, &hearing).await;
        assert!(html.contains("<strong>velkomne</strong>") && html.contains("<em>kort</em>"), "Markdown is rendered");
        for bad in ["<script>alert", "javascript:", "onerror", "<iframe"] {
            assert!(!html.contains(bad), "{bad} survived on the page");
        }
        let id = hearing.trim_start_matches("/hearings/");
        let token = crate::support::token(&s, STAFF.0, STAFF.1).await;
        let json = crate::support::get_json(s.url(&format!("/api/v1/hearings/{id}")), Some(&token)).await;
        let body_html = json["sections"][0]["body_html"].as_str().unwrap();
        assert!(body_html.contains("<strong>velkomne</strong>") && !body_html.contains("<script") && !body_html.contains("javascript:"));
        assert!(json["sections"][0]["body"].as_str().unwrap().contains("<script>"), "the source is kept as typed");
    })
    .await;
}
