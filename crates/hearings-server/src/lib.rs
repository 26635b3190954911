//! The one binary, `hearings`: configuration, logging, migrations at start,
//! the demo data on an empty database, the one real clock, and the two front
//! doors (pages and API) composed behind the security headers.
//!
//! Tests start the server in-process with [`start`] (or [`start_with`], which
//! also runs the e-mail worker) on port 0 and their own [`SettableClock`].

pub mod import;
mod mail;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Utc};
use hearings_core::time::Clock;
use hearings_store::Store;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use mail::{DEFAULT_INTERVAL, DEFAULT_MAIL_FROM, Delivered, MailConfig, Mailer};

/// The real clock.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)]
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that tests set.
#[derive(Debug)]
pub struct SettableClock(Mutex<DateTime<Utc>>);

impl SettableClock {
    /// A clock showing `at`.
    pub fn new(at: DateTime<Utc>) -> Self {
        Self(Mutex::new(at))
    }

    /// Moves the clock.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Ok(mut t) = self.0.lock() {
            *t = at;
        }
    }
}

impl Clock for SettableClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.lock().map(|t| *t).unwrap_or_default()
    }
}

/// How the server is configured.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on.
    pub bind: SocketAddr,
    /// Database URL; by default an SQLite file in `data_dir`.
    pub database_url: Option<String>,
    /// Where the SQLite file (and later files) live.
    pub data_dir: PathBuf,
    /// Skip the demo data on an empty database.
    pub no_demo: bool,
    /// The public URL; when https, cookies are `Secure` with the `__Host-` prefix.
    pub public_url: Option<String>,
    /// The SMTP server's URL; without it, e-mails are written into `data_dir/outbox/`.
    pub smtp_url: Option<String>,
    /// The From address of e-mails.
    pub mail_from: String,
    /// How often the e-mail worker looks for due messages.
    pub mail_interval: std::time::Duration,
}

impl Config {
    /// The database URL in effect.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(u) => u.clone(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("hearings.db").display()
            ),
        }
    }

    /// How e-mails are delivered: through `smtp_url`, or as `.eml` files
    /// into `data_dir/outbox/`.
    pub fn mail(&self) -> MailConfig {
        MailConfig {
            smtp_url: self.smtp_url.clone(),
            from: self.mail_from.clone(),
            outbox_dir: self.data_dir.join("outbox"),
            interval: self.mail_interval,
        }
    }
}

/// Why the server could not start.
#[derive(Debug)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

fn start_err(context: &str) -> impl Fn(hearings_store::StoreError) -> StartError + '_ {
    move |e| {
        StartError(format!(
            "{context}: {e} {}",
            match &e {
                hearings_store::StoreError::Internal(m) => m.as_str(),
                _ => "",
            }
        ))
    }
}

/// Connects to the database (making the data folder for SQLite) and applies the migrations.
pub async fn open_store(config: &Config) -> Result<Store, StartError> {
    if config.database_url.is_none() {
        std::fs::create_dir_all(&config.data_dir).map_err(|e| {
            StartError(format!(
                "cannot create data directory {}: {e}",
                config.data_dir.display()
            ))
        })?;
    }
    let store = Store::connect(&config.database_url())
        .await
        .map_err(start_err("cannot open the database"))?;
    store
        .migrate()
        .await
        .map_err(start_err("cannot apply the migrations"))?;
    Ok(store)
}

/// Loads the demo data if the database has no accounts; says whether it did.
pub async fn load_demo_if_empty(store: &Store, clock: &dyn Clock) -> Result<bool, StartError> {
    if store
        .has_users()
        .await
        .map_err(start_err("cannot read the database"))?
    {
        return Ok(false);
    }
    store
        .load_demo(clock.now())
        .await
        .map_err(start_err("cannot load the demo data"))?;
    Ok(true)
}

/// The demo accounts, for printing.
pub fn demo_accounts_text() -> String {
    let mut s = String::from("Demo accounts (e-mail / password):\n");
    for a in hearings_store::demo::ACCOUNTS {
        s.push_str(&format!(
            "  {:<11} {:<32} {}\n",
            a.role.as_str(),
            a.email,
            a.password
        ));
    }
    s
}

async fn security_headers(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    res
}

async fn healthz() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        r#"{"status":"alive"}"#,
    )
        .into_response()
}

async fn readyz(State(store): State<Store>) -> Response {
    match store.ping().await {
        Ok(()) => (
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"status":"ready"}"#,
        )
            .into_response(),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"status":"database unreachable"}"#,
        )
            .into_response(),
    }
}

/// The largest request body taken at all: the response form with its
/// files, or a file sent to the API. Every other route keeps a 2 MB limit
/// of its own.
pub const BODY_CEILING: usize = {
    let (form, api) = (
        hearings_web::RESPONSE_BODY_LIMIT,
        hearings_api::FILE_BODY_LIMIT,
    );
    if form > api { form } else { api }
};

/// The whole application: health checks, the API and the pages.
pub async fn app(
    store: Store,
    clock: Arc<dyn Clock>,
    secure_cookies: bool,
) -> Result<Router, StartError> {
    let jwt_secret = store
        .secret("jwt")
        .await
        .map_err(start_err("cannot read the token key"))?;
    let csrf_secret = store
        .secret("csrf")
        .await
        .map_err(start_err("cannot read the form key"))?;
    let keys = hearings_api::TokenKeys::new(jwt_secret.as_bytes())
        .map_err(|e| StartError(format!("token key: {e}")))?;
    let api = hearings_api::router(hearings_api::ApiState {
        store: store.clone(),
        clock: clock.clone(),
        keys: Arc::new(keys),
    });
    let web = hearings_web::router(hearings_web::WebState {
        store: store.clone(),
        clock,
        secure_cookies,
        csrf_key: csrf_secret.into_bytes(),
    });
    let health = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .with_state(store);
    Ok(health
        .merge(api)
        .merge(web)
        .layer(axum::middleware::from_fn(security_headers))
        // The hard ceiling of any body. Each extractor keeps axum's 2 MB
        // default, except the routes that take files, which set their own.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(BODY_CEILING))
        .layer(tower_http::trace::TraceLayer::new_for_http()))
}

/// A running server.
#[derive(Debug)]
pub struct Running {
    /// The address it listens on (port 0 becomes a real port).
    pub addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    handle: JoinHandle<std::io::Result<()>>,
    worker: Option<mail::Worker>,
}

impl Running {
    /// Stops the server, then the e-mail worker (after the pass in
    /// progress), and waits for both.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = self.handle.await;
        if let Some(worker) = self.worker.take() {
            worker.stop().await;
        }
    }

    /// Waits until the server stops (on Ctrl-C or SIGTERM when started by [`serve`]).
    pub async fn wait(self) -> std::io::Result<()> {
        self.handle.await.map_err(std::io::Error::other)?
    }
}

/// How to start the server, beyond its store and clock.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// Address to listen on (port 0 picks a free port).
    pub bind: SocketAddr,
    /// Cookies `Secure` with the `__Host-` prefix (when served over https).
    pub secure_cookies: bool,
    /// The public URL that links in e-mails start with; by default
    /// `http://` and the address listened on.
    pub public_url: Option<String>,
    /// The e-mail worker; without it, messages wait in the outbox.
    pub mail: Option<MailConfig>,
}

impl ServerOptions {
    /// Listen on `bind`, plain cookies, no public URL, no e-mail worker.
    pub fn new(bind: SocketAddr) -> Self {
        Self {
            bind,
            secure_cookies: false,
            public_url: None,
            mail: None,
        }
    }
}

/// Binds and serves `store` on `bind` until stopped, without the e-mail worker.
pub async fn start(
    bind: SocketAddr,
    store: Store,
    clock: Arc<dyn Clock>,
    secure_cookies: bool,
) -> Result<Running, StartError> {
    start_with(
        store,
        clock,
        ServerOptions {
            secure_cookies,
            ..ServerOptions::new(bind)
        },
    )
    .await
}

/// Binds and serves `store` until stopped, with the e-mail worker when
/// `options.mail` is given. The worker delivers the outbox with the time
/// from `clock`.
pub async fn start_with(
    store: Store,
    clock: Arc<dyn Clock>,
    options: ServerOptions,
) -> Result<Running, StartError> {
    let bind = options.bind;
    let listener = TcpListener::bind(bind)
        .await
        .map_err(|e| StartError(format!("cannot listen on {bind}: {e}")))?;
    let addr = listener
        .local_addr()
        .map_err(|e| StartError(e.to_string()))?;
    let public_url = options
        .public_url
        .clone()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| format!("http://{addr}"));
    let store = store.with_public_url(&public_url);
    let mailer = match &options.mail {
        Some(config) => Some((Mailer::new(config, store.clone())?, config.interval)),
        None => None,
    };
    let app = app(store, clock.clone(), options.secure_cookies).await?;
    let (tx, rx) = oneshot::channel::<()>();
    let handle = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = rx.await;
            })
            .await
    });
    let worker = mailer.map(|(mailer, interval)| {
        tracing::info!(smtp = mailer.uses_smtp(), "e-mail worker started");
        mail::Worker::start(mailer, clock, interval)
    });
    Ok(Running {
        addr,
        shutdown: Some(tx),
        handle,
        worker,
    })
}

/// Whether a public URL is served over https.
pub fn is_https(public_url: Option<&str>) -> bool {
    public_url.is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("https://"))
}
