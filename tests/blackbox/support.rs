//! Starting a server for a test, and small HTTP helpers.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use hearings_server::{MailConfig, Running, ServerOptions, SettableClock, start_with};
use hearings_store::testing::{Backend, TestDatabase};
use serde_json::{Value, json};

/// A server under test.
pub struct Server {
    pub base: String,
    pub clock: Arc<SettableClock>,
    running: Running,
    db: TestDatabase,
}

/// The moment every test starts at (a Monday in Copenhagen summer time).
pub fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-06-01T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// The real time: the browser tests type dates from the browser's own clock.
#[allow(clippy::disallowed_methods)]
pub fn real_now() -> DateTime<Utc> {
    Utc::now()
}

impl Server {
    /// Starts a server on a fresh database; with the demo data if asked.
    pub async fn start(backend: Backend, demo: bool, now: DateTime<Utc>) -> Server {
        Self::start_with_mail(backend, demo, now, None).await
    }

    /// [`Server::start`], with the e-mail worker when `mail` is given.
    pub async fn start_with_mail(
        backend: Backend,
        demo: bool,
        now: DateTime<Utc>,
        mail: Option<MailConfig>,
    ) -> Server {
        let db = TestDatabase::create(backend)
            .await
            .expect("create database");
        let store = db.store().await.expect("migrate");
        if demo {
            store.load_demo(now).await.expect("demo data");
        }
        let clock = Arc::new(SettableClock::new(now));
        let options = ServerOptions {
            mail,
            ..ServerOptions::new("127.0.0.1:0".parse().unwrap())
        };
        let running = start_with(store, clock.clone(), options)
            .await
            .expect("start");
        Server {
            base: format!("http://{}", running.addr),
            clock,
            running,
            db,
        }
    }

    /// Stops the server and starts a new one on the same database, with its
    /// clock at `now`, as a restart of the process would.
    pub async fn restart(self, now: DateTime<Utc>) -> Server {
        self.running.stop().await;
        let store = self.db.store().await.expect("migrate");
        let clock = Arc::new(SettableClock::new(now));
        let running = start_with(
            store,
            clock.clone(),
            ServerOptions::new("127.0.0.1:0".parse().unwrap()),
        )
        .await
        .expect("start again");
        Server {
            base: format!("http://{}", running.addr),
            clock,
            running,
            db: self.db,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn db_url(&self) -> String {
        self.db.url.clone()
    }

    pub async fn stop(self) {
        self.running.stop().await;
        self.db.drop_database().await.expect("drop database");
    }
}

/// Runs `f` against a fresh server on each backend.
pub async fn each<F, Fut>(demo: bool, f: F)
where
    F: Fn(Arc<Server>) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for backend in TestDatabase::backends() {
        let server = Arc::new(Server::start(backend, demo, t0()).await);
        f(server.clone()).await;
        match Arc::try_unwrap(server) {
            Ok(s) => s.stop().await,
            Err(_) => panic!("a test kept the server"),
        }
    }
}

/// A client that does not follow redirects and keeps cookies.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap()
}

/// A client for the API.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A browser-like client signed in on the sign-in page (with its CSRF token).
pub async fn sign_in(s: &Server, who: (&str, &str)) -> reqwest::Client {
    let c = browser();
    let html = c
        .get(s.url("/signin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let res = c
        .post(s.url("/signin"))
        .form(&[
            ("csrf", csrf(&html).as_str()),
            ("email", who.0),
            ("password", who.1),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "sign-in of {}", who.0);
    c
}

/// GETs a JSON document, with a bearer token if given.
pub async fn get_json(url: String, token: Option<&str>) -> Value {
    let mut req = client().get(url);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap().json().await.unwrap()
}

/// A bearer token for an account.
pub async fn token(s: &Server, email: &str, password: &str) -> String {
    let res = client()
        .post(s.url("/api/v1/auth/token"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "sign-in of {email}");
    let body: Value = res.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_string()
}

/// A CVR number with a valid check digit, different for each `n`.
pub fn cvr(n: u32) -> String {
    (n * 10 + 2_000_000..)
        .find_map(|p| hearings_core::Cvr::check_digit_for(p).map(|c| format!("{p}{c}")))
        .unwrap()
}

/// A registration body.
pub fn registration(email: &str, cvr: &str) -> Value {
    json!({
        "email": email,
        "password": "et-godt-kodeord",
        "name": "Bente Butik",
        "organisation": {
            "cvr": cvr,
            "name": "Butikken på hjørnet (fiktiv)",
            "industry": {"classification": "DB25", "code": "47.11"},
            "size_class": "micro",
            "area": "bymidten",
            "respondent_type": "company"
        }
    })
}

/// A value of a hidden `csrf` field in a page.
pub fn csrf(html: &str) -> String {
    let at =
        html.find("name=\"csrf\" value=\"").expect("a csrf field") + "name=\"csrf\" value=\"".len();
    html[at..].split('"').next().unwrap().to_string()
}

/// The demo accounts.
pub const STAFF: (&str, &str) = ("sekretariat@glostrup.example", "Demo-Sekretariat-1");
pub const POLITICIAN: (&str, &str) = ("politiker@glostrup.example", "Demo-Politiker-1");
pub const RESPONDENT: (&str, &str) = ("virksomhed@bageri.example", "Demo-Virksomhed-1");

/// The one-time link (a path with its `?token=`) of `kind` (`verify`,
/// `reset`) newest in the e-mails queued for `email`, read from the outbox
/// table: the tests that run no mail worker read it there, the mail tests
/// from the `.eml` files.
pub async fn emailed_link(s: &Server, email: &str, kind: &str) -> String {
    let store = hearings_store::Store::connect(&s.db_url()).await.unwrap();
    let link = hearings_store::testing::link_in_newest(&store, email, kind)
        .await
        .unwrap();
    store.close().await.unwrap();
    link.unwrap_or_else(|| panic!("a {kind} e-mail to {email}"))
}

/// Follows the verification link e-mailed to `email` at registration, as
/// its owner would, so that the new respondent may submit.
pub async fn verify_email(s: &Server, email: &str) {
    let link = emailed_link(s, email, "verify").await;
    let res = client().get(s.url(&link)).send().await.unwrap();
    assert_eq!(res.status(), 200, "the verification link of {email} works");
}

/// The value of a hidden or text field `name` in a page, if it has one.
pub fn field_value(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let at = html.find(&marker)? + marker.len();
    html[at..].split('"').next().map(str::to_string)
}

/// The id of the demo's closed business-policy hearing.
pub async fn policy_hearing(s: &Server) -> String {
    let list = get_json(s.url("/api/v1/hearings"), None).await;
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["kind"] == "policy")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}
