//! Account security through HTTP: the verification link e-mailed at
//! registration (a respondent submits only once the address is confirmed),
//! password reset by e-mail, and signing out everywhere. The links are read
//! from the `.eml` files the server's e-mail worker writes into its outbox
//! folder, as a person would read them from their mailbox.

use std::path::{Path, PathBuf};

use chrono::Duration as Span;
use hearings_server::MailConfig;
use hearings_store::testing::TestDatabase;
use reqwest::Client;
use serde_json::{Value, json};

use crate::mail::{TICK, decode_quoted_printable, eml_files, eventually, temp_folder};
use crate::support::{
    RESPONDENT, STAFF, Server, browser, client, csrf, cvr, registration, sign_in, t0, token,
};

const VERIFY: &str = "/verify?token=";
const RESET: &str = "/password-reset/confirm?token=";

/// A server with the demo data whose e-mail worker writes `.eml` files.
pub(crate) struct MailServer {
    pub(crate) s: Server,
    dir: PathBuf,
}

impl MailServer {
    pub(crate) async fn start(backend: hearings_store::testing::Backend) -> MailServer {
        let dir = temp_folder();
        let mail = MailConfig {
            interval: TICK,
            ..MailConfig::files(dir.join("outbox"))
        };
        let s = Server::start_with_mail(backend, true, t0(), Some(mail)).await;
        MailServer { s, dir }
    }

    pub(crate) fn outbox(&self) -> PathBuf {
        self.dir.join("outbox")
    }

    /// Every link starting with `prefix` (as a path with its query) in the
    /// e-mails written for `to`.
    pub(crate) fn links(&self, to: &str, prefix: &str) -> Vec<String> {
        links_in(&self.outbox(), to, prefix)
    }

    /// Waits for an e-mail to `to` with a link of `prefix` that is not
    /// among `seen`, and returns that link.
    pub(crate) async fn new_link(&self, to: &str, prefix: &str, seen: &[String]) -> String {
        eventually("the e-mail with the link", || {
            self.links(to, prefix)
                .into_iter()
                .find(|l| !seen.contains(l))
        })
        .await
    }

    pub(crate) async fn stop(self) {
        self.s.stop().await;
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn links_in(dir: &Path, to: &str, prefix: &str) -> Vec<String> {
    let mut found = Vec::new();
    for file in eml_files(dir) {
        let Ok(raw) = std::fs::read_to_string(&file) else {
            continue;
        };
        if !raw.lines().any(|l| l == format!("To: {to}")) {
            continue;
        }
        let text = decode_quoted_printable(&raw);
        if let Some(at) = text.find(prefix) {
            let token: String = text[at + prefix.len()..]
                .chars()
                .take_while(char::is_ascii_hexdigit)
                .collect();
            found.push(format!("{prefix}{token}"));
        }
    }
    found
}

pub(crate) async fn get(c: &Client, s: &Server, path: &str) -> (u16, String) {
    let res = c.get(s.url(path)).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// Posts a form from the page at `page` (taking its CSRF token) to `action`.
pub(crate) async fn post(
    c: &Client,
    s: &Server,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let (_, html) = get(c, s, page).await;
    let token = csrf(&html);
    // As a browser does: the form's draft version goes with it.
    let draft = crate::support::field_value(&html, "draft_version").unwrap_or_default();
    let mut form: Vec<(&str, &str)> = vec![("csrf", token.as_str()), ("draft_version", &draft)];
    form.extend_from_slice(fields);
    c.post(s.url(action)).form(&form).send().await.unwrap()
}

pub(crate) fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// Staff create and publish a hearing with one required scale question;
/// returns its id and the question's id.
pub(crate) async fn open_hearing(s: &Server) -> (String, String) {
    let staff = token(s, STAFF.0, STAFF.1).await;
    let now = s.clock_now();
    let res = client()
        .post(s.url("/api/v1/hearings"))
        .bearer_auth(&staff)
        .json(&json!({
            "title": "Forslag til lokalplan for Stationsområdet",
            "summary": "Boliger og butikker ved stationen.",
            "kind": "lokalplanforslag",
            "opens_at": (now - Span::days(1)).to_rfc3339(),
            "closes_at": (now + Span::weeks(5)).to_rfc3339(),
            "area": "bymidten",
            "sections": [{"heading": "Formål", "body": "At give plads til boliger."}],
            "questions": [{"kind": "scale", "prompt": "Hvor enige er I?", "required": true}]
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let res = client()
        .post(s.url(&format!("/api/v1/hearings/{id}/publish")))
        .bearer_auth(&staff)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let q = res.json::<Value>().await.unwrap()["questions"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    (id, q)
}

async fn submit_api(s: &Server, bearer: &str, hearing: &str, question: &str) -> reqwest::Response {
    client()
        .post(s.url(&format!("/api/v1/hearings/{hearing}/responses")))
        .bearer_auth(bearer)
        .header("accept-language", "en")
        .json(&json!({
            "stance": "supports",
            "publication": "named",
            "answers": [{"question_id": question, "value": 4}]
        }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_new_respondent_may_draft_but_submits_only_after_following_the_emailed_link() {
    for backend in TestDatabase::backends() {
        let m = MailServer::start(backend).await;
        let s = &m.s;
        let (hearing, _) = open_hearing(s).await;

        // Register through the pages: signed in at once, the address not yet confirmed.
        let c = browser();
        let res = post(
            &c,
            s,
            "/register",
            "/register",
            &[
                ("name", "Ole Café"),
                ("email", "ole@cafe.example"),
                ("password", "kaffe-og-kage-1"),
                ("org_cvr", &cvr(21)),
                ("org_name", "Caféen (fiktiv)"),
                ("org_industry", "DB25:I"),
                ("org_size", "small"),
                ("org_area", "bymidten"),
                ("org_type", "company"),
            ],
        )
        .await;
        assert_eq!(res.status(), 303, "registered");
        let first = m.new_link("ole@cafe.example", VERIFY, &[]).await;
        let raw: String = eml_files(&m.outbox())
            .iter()
            .map(|f| decode_quoted_printable(&std::fs::read_to_string(f).unwrap()))
            .collect();
        assert!(raw.contains(&s.url(&first)), "the link is absolute: {raw}");
        assert!(
            raw.contains("Bekræft din e-mailadresse")
                && raw.contains("Confirm your e-mail address")
        );

        // The form shows why it cannot be sent yet, with a button for a new link.
        let respond = format!("/hearings/{hearing}/respond");
        let (status, form) = get(&c, s, &respond).await;
        assert_eq!(status, 200);
        assert!(form.contains("id=\"unverified\""), "{form}");
        assert!(form.contains("action=\"/verify/resend\""));
        let scale = {
            let at = form.find("name=\"answer_").unwrap() + "name=\"".len();
            form[at..].split('"').next().unwrap().to_string()
        };
        let res = post(
            &c,
            s,
            &respond,
            &respond,
            &[
                ("stance", "opposes"),
                ("publication", "anonymous"),
                (scale.as_str(), "2"),
            ],
        )
        .await;
        assert_eq!(res.status(), 403, "refused until confirmed");
        let html = res.text().await.unwrap();
        assert!(
            html.contains("Bekræft din e-mailadresse, før du indsender"),
            "{html}"
        );
        assert!(
            html.contains("value=\"opposes\" checked")
                && html.contains("value=\"anonymous\" checked"),
            "what was chosen is kept"
        );
        let (_, account) = get(&c, s, "/account").await;
        assert!(
            account.contains("ole@cafe.example")
                && account.contains("id=\"account-verified\">Nej<")
        );

        // Asking again sends a second, different link.
        let res = post(&c, s, &respond, "/verify/resend", &[("next", &respond)]).await;
        assert_eq!(res.status(), 200);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains(&format!("href=\"{respond}\""))
        );
        let second = m
            .new_link("ole@cafe.example", VERIFY, std::slice::from_ref(&first))
            .await;

        // Following the link confirms the address, once.
        let (status, html) = get(&c, s, &second).await;
        assert_eq!(status, 200, "{html}");
        assert!(html.contains("Din e-mailadresse er bekræftet"));
        let (status, html) = get(&c, s, &second).await;
        assert_eq!(status, 400, "a used link is refused, never a 500");
        assert!(html.contains("Linket er allerede brugt"), "{html}");
        let (status, html) = get(&browser(), s, "/verify?token=0123456789abcdef").await;
        assert_eq!(status, 400);
        assert!(html.contains("Linket er ukendt"), "{html}");
        let (status, _) = get(&browser(), s, "/verify").await;
        assert_eq!(status, 400, "no token at all");

        let (_, form) = get(&c, s, &respond).await;
        assert!(!form.contains("id=\"unverified\""));
        let res = post(
            &c,
            s,
            &respond,
            &respond,
            &[
                ("stance", "opposes"),
                ("publication", "anonymous"),
                (scale.as_str(), "2"),
            ],
        )
        .await;
        assert_eq!(res.status(), 303, "taken once confirmed");
        assert!(location(&res).starts_with("/receipts/"));
        m.stop().await;
    }
}

#[tokio::test]
async fn an_expired_verification_link_says_so_in_english_and_the_api_refuses_with_its_own_problem_type()
 {
    for backend in TestDatabase::backends() {
        let m = MailServer::start(backend).await;
        let s = &m.s;
        let (hearing, question) = open_hearing(s).await;
        let res = client()
            .post(s.url("/api/v1/auth/register"))
            .json(&registration("bente@butik.example", &cvr(22)))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        assert_eq!(res.json::<Value>().await.unwrap()["email_verified"], false);
        let bearer = token(s, "bente@butik.example", "et-godt-kodeord").await;
        let res = submit_api(s, &bearer, &hearing, &question).await;
        assert_eq!(res.status(), 403);
        let body: Value = res.json().await.unwrap();
        assert_eq!(
            body["type"],
            "https://hearings.glostrup.example/problems/email-unverified"
        );
        assert!(
            body["title"]
                .as_str()
                .unwrap()
                .contains("Confirm your e-mail address"),
            "{body}"
        );

        // 48 hours later the link has expired: the page says so in the user's language.
        let link = m.new_link("bente@butik.example", VERIFY, &[]).await;
        s.clock.set(t0() + Span::hours(48));
        let en = browser();
        en.get(s.url("/lang/en?next=/")).send().await.unwrap();
        let (status, html) = get(&en, s, &link).await;
        assert_eq!(status, 400);
        assert!(html.contains("The link has expired"), "{html}");
        assert!(html.contains("lang=\"en\""));
        let token_only = link.trim_start_matches(VERIFY);
        let res = client()
            .post(s.url("/api/v1/auth/verify"))
            .json(&json!({"token": token_only}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
        assert_eq!(
            res.json::<Value>().await.unwrap()["type"],
            "https://hearings.glostrup.example/problems/link-invalid"
        );

        // A new link through the API, and confirming through the API.
        let bearer = token(s, "bente@butik.example", "et-godt-kodeord").await;
        let res = client()
            .post(s.url("/api/v1/auth/verify/resend"))
            .bearer_auth(&bearer)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 202);
        let fresh = m.new_link("bente@butik.example", VERIFY, &[link]).await;
        let res = client()
            .post(s.url("/api/v1/auth/verify"))
            .json(&json!({"token": fresh.trim_start_matches(VERIFY)}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);
        let me: Value = client()
            .get(s.url("/api/v1/me"))
            .bearer_auth(&bearer)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(me["email_verified"], true);
        // The hearing is still open 48 hours on.
        assert_eq!(
            submit_api(s, &bearer, &hearing, &question).await.status(),
            201
        );
        m.stop().await;
    }
}

#[tokio::test]
async fn a_password_reset_by_email_ends_every_session_and_signs_in_anew_and_never_tells_who_has_an_account()
 {
    for backend in TestDatabase::backends() {
        let m = MailServer::start(backend).await;
        let s = &m.s;
        let laptop = sign_in(s, RESPONDENT).await;
        let phone = sign_in(s, RESPONDENT).await;
        let bearer = token(s, RESPONDENT.0, RESPONDENT.1).await;

        let (_, signin) = get(&browser(), s, "/signin").await;
        assert!(signin.contains("href=\"/password-reset\""));
        assert!(signin.contains("Glemt adgangskode?"));

        // The same answer for an address with an account and one without.
        let visitor = browser();
        let (status, _) = get(&visitor, s, "/password-reset").await;
        assert_eq!(status, 200);
        let known = post(
            &visitor,
            s,
            "/password-reset",
            "/password-reset",
            &[("email", RESPONDENT.0)],
        )
        .await;
        assert_eq!(known.status(), 200);
        let known = known.text().await.unwrap();
        let unknown = post(
            &visitor,
            s,
            "/password-reset",
            "/password-reset",
            &[("email", "nobody@nowhere.example")],
        )
        .await;
        assert_eq!(unknown.status(), 200);
        let unknown = unknown.text().await.unwrap();
        let message = |html: &str| {
            html.split("id=\"notice\">")
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .to_string()
        };
        assert_eq!(message(&known), message(&unknown));
        assert!(message(&known).contains("Hvis der findes en konto"));
        let res = client()
            .post(s.url("/api/v1/auth/password-reset"))
            .json(&json!({"email": "nobody@nowhere.example"}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            202,
            "the API answers the same for an unknown address"
        );

        let link = m.new_link(RESPONDENT.0, RESET, &[]).await;
        tokio::time::sleep(TICK * 6).await;
        assert!(
            links_in(&m.outbox(), "nobody@nowhere.example", RESET).is_empty(),
            "no e-mail for an unknown address"
        );

        // The form for the new password; a too-short one is refused next to the field.
        let (status, form) = get(&visitor, s, &link).await;
        assert_eq!(status, 200, "{form}");
        assert!(form.contains("autocomplete=\"new-password\""));
        let token_value = link.trim_start_matches(RESET).to_string();
        let res = post(
            &visitor,
            s,
            &link,
            "/password-reset/confirm",
            &[("token", &token_value), ("password", "kort")],
        )
        .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("id=\"password-error\""));
        let res = post(
            &visitor,
            s,
            &link,
            "/password-reset/confirm",
            &[
                ("token", &token_value),
                ("password", "Et-helt-nyt-kodeord-1"),
            ],
        )
        .await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/account?changed=1");
        let (status, account) = get(&visitor, s, "/account?changed=1").await;
        assert_eq!(status, 200, "signed in anew");
        assert!(account.contains("Din adgangskode er skiftet"));
        assert!(account.contains(RESPONDENT.0));

        // Every other session and token has ended.
        for c in [&laptop, &phone] {
            let res = c.get(s.url("/account")).send().await.unwrap();
            assert_eq!(res.status(), 303, "the old session has ended");
            assert!(location(&res).starts_with("/signin"));
        }
        let res = client()
            .get(s.url("/api/v1/me"))
            .bearer_auth(&bearer)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "an old API token has stopped working");
        let res = client()
            .post(s.url("/api/v1/auth/token"))
            .json(&json!({"email": RESPONDENT.0, "password": RESPONDENT.1}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "the old password no longer works");
        sign_in(s, (RESPONDENT.0, "Et-helt-nyt-kodeord-1")).await;

        // The link works once; the page says so, in Danish or English.
        let (status, html) = get(&browser(), s, &link).await;
        assert_eq!(status, 400);
        assert!(
            html.contains("Linket er allerede brugt") && html.contains("href=\"/password-reset\"")
        );
        let en = browser();
        en.get(s.url("/lang/en?next=/")).send().await.unwrap();
        let (status, html) = get(&en, s, &link).await;
        assert_eq!(status, 400);
        assert!(html.contains("The link has been used already"), "{html}");

        // Through the API: a link an hour old has expired; a fresh one works once.
        let res = client()
            .post(s.url("/api/v1/auth/password-reset"))
            .json(&json!({"email": RESPONDENT.0}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 202);
        let second = m
            .new_link(RESPONDENT.0, RESET, std::slice::from_ref(&link))
            .await;
        let confirm = |token: String, password: &'static str| {
            let url = s.url("/api/v1/auth/password-reset/confirm");
            async move {
                client()
                    .post(url)
                    .header("accept-language", "en")
                    .json(&json!({"token": token, "password": password}))
                    .send()
                    .await
                    .unwrap()
            }
        };
        s.clock.set(t0() + Span::hours(1));
        let res = confirm(
            second.trim_start_matches(RESET).to_string(),
            "Tredje-kodeord-123",
        )
        .await;
        assert_eq!(res.status(), 400);
        let body: Value = res.json().await.unwrap();
        assert_eq!(
            body["type"],
            "https://hearings.glostrup.example/problems/link-invalid"
        );
        assert!(
            body["title"].as_str().unwrap().contains("expired"),
            "{body}"
        );
        let res = client()
            .post(s.url("/api/v1/auth/password-reset"))
            .json(&json!({"email": RESPONDENT.0}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 202);
        let third = m.new_link(RESPONDENT.0, RESET, &[link, second]).await;
        let third = third.trim_start_matches(RESET).to_string();
        let res = confirm(third.clone(), "kort").await;
        assert_eq!(res.status(), 422);
        assert_eq!(
            res.json::<Value>().await.unwrap()["errors"][0]["field"],
            "password"
        );
        assert_eq!(
            confirm(third.clone(), "Tredje-kodeord-123").await.status(),
            204
        );
        assert_eq!(confirm(third, "Fjerde-kodeord-123").await.status(), 400);
        assert_eq!(
            confirm("not-hex at all".into(), "Fjerde-kodeord-123")
                .await
                .status(),
            400
        );
        token(s, RESPONDENT.0, "Tredje-kodeord-123").await;
        m.stop().await;
    }
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_and_every_api_token_of_the_user() {
    for backend in TestDatabase::backends() {
        let m = MailServer::start(backend).await;
        let s = &m.s;
        let here = sign_in(s, STAFF).await;
        let there = sign_in(s, STAFF).await;
        let someone_else = sign_in(s, RESPONDENT).await;
        let bearer = token(s, STAFF.0, STAFF.1).await;

        let (status, account) = get(&here, s, "/account").await;
        assert_eq!(status, 200);
        for needle in [
            STAFF.0,
            "Sekretariat",
            "id=\"account-verified\">Ja<",
            "action=\"/account/sign-out-everywhere\"",
        ] {
            assert!(account.contains(needle), "the account page lacks {needle}");
        }
        let res = post(&here, s, "/account", "/account/sign-out-everywhere", &[]).await;
        assert_eq!(res.status(), 200);
        assert!(
            res.headers()
                .get_all("set-cookie")
                .iter()
                .any(|v| v.to_str().unwrap().starts_with("hearings_session=;"))
        );
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("Du er logget ud overalt")
        );
        for c in [&here, &there] {
            let res = c.get(s.url("/account")).send().await.unwrap();
            assert_eq!(res.status(), 303, "every session of the user has ended");
        }
        assert_eq!(
            get(&someone_else, s, "/account").await.0,
            200,
            "another user's session is not touched"
        );
        let me = |t: String| {
            let url = s.url("/api/v1/me");
            async move {
                client()
                    .get(url)
                    .bearer_auth(t)
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        };
        assert_eq!(
            me(bearer).await,
            401,
            "a token issued before has stopped working"
        );

        // Through the API: a fresh token works until the user signs out everywhere.
        let fresh = token(s, STAFF.0, STAFF.1).await;
        assert_eq!(me(fresh.clone()).await, 200);
        let res = client()
            .post(s.url("/api/v1/auth/sign-out-everywhere"))
            .bearer_auth(&fresh)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);
        assert_eq!(me(fresh).await, 401);
        assert_eq!(
            me(token(s, STAFF.0, STAFF.1).await).await,
            200,
            "signing in again works"
        );
        let res = client()
            .post(s.url("/api/v1/auth/sign-out-everywhere"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "only for a signed-in caller");
        m.stop().await;
    }
}
