//! The browser tests (tests/browser, run by Node in headless Chromium with
//! axe-core) against a server with the demo data, on each backend. The
//! server's e-mail worker writes `.eml` files into a folder named to Node in
//! `HEARINGS_OUTBOX_DIR`, so a journey can follow a link it was sent.

use std::path::PathBuf;
use std::process::Command;

use hearings_server::MailConfig;
use hearings_store::testing::TestDatabase;

use crate::support::{RESPONDENT, Server, real_now};

/// The demo respondent's colleague in the browser tests (same password).
const COLLEAGUE: &str = "kollega@bageri.example";

fn browser_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("browser")
}

/// Whether Chromium, Node and the test packages are here; fails instead of
/// skipping when `HEARINGS_REQUIRE_BROWSER=1`.
fn ready() -> bool {
    let chromium = std::path::Path::new("/usr/bin/chromium").exists();
    let modules = browser_dir().join("node_modules/playwright-core").exists()
        && browser_dir().join("node_modules/axe-core").exists();
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let ok = chromium && modules && node;
    if !ok {
        assert!(
            std::env::var("HEARINGS_REQUIRE_BROWSER").as_deref() != Ok("1"),
            "HEARINGS_REQUIRE_BROWSER=1 but the browser tests cannot run (chromium: {chromium}, node: {node}, node_modules: {modules})"
        );
        eprintln!(
            "Browser tests SKIPPED: install chromium and run `npm ci` in tests/browser (.ci/run does both)"
        );
    }
    ok
}

#[tokio::test]
async fn the_three_journeys_pass_in_headless_chromium_with_no_accessibility_violations() {
    if !ready() {
        return;
    }
    for backend in TestDatabase::backends() {
        // The e-mail worker writes `.eml` files, from which the journeys read
        // the links sent to a new respondent (verification, password reset).
        let outbox = std::env::temp_dir().join(format!(
            "hearings_browser_outbox_{}",
            uuid::Uuid::new_v4().simple()
        ));
        let mail = MailConfig {
            interval: std::time::Duration::from_millis(100),
            ..MailConfig::files(outbox.clone())
        };
        let server = Server::start_with_mail(backend, true, real_now(), Some(mail)).await;
        // A colleague of the demo respondent, to write one response together.
        let hundred = {
            let store = hearings_store::Store::connect(&server.db_url())
                .await
                .unwrap();
            let bakery = store
                .authenticate(RESPONDENT.0, RESPONDENT.1)
                .await
                .unwrap()
                .unwrap();
            hearings_store::testing::add_colleague(&store, &bakery, COLLEAGUE, "Kollega Bager")
                .await
                .unwrap();
            // A closed hearing with a hundred responses, for the journey from
            // the responses to a final memo.
            let hundred = store.demo_bulk(100, real_now(), |_| {}).await.unwrap();
            store.close().await.unwrap();
            hundred.hearing
        };
        let base = server.base.clone();
        let outbox_env = outbox.clone();
        let dir = browser_dir();
        let out = tokio::task::spawn_blocking(move || {
            Command::new("node")
                .args(["--test", "--test-concurrency=1", "."])
                .current_dir(dir)
                .env("HEARINGS_BASE_URL", base)
                .env("HEARINGS_OUTBOX_DIR", outbox_env)
                .env("HEARINGS_COLLEAGUE_EMAIL", COLLEAGUE)
                .env("HEARINGS_HUNDRED_HEARING", hundred.to_string())
                .output()
        })
        .await
        .unwrap()
        .expect("node runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        println!("--- browser tests on {backend:?} ---\n{stdout}\n{stderr}");
        server.stop().await;
        let _ = std::fs::remove_dir_all(&outbox);
        assert!(out.status.success(), "browser tests failed on {backend:?}");
    }
}
