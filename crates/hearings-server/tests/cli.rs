//! The `hearings` binary as an operator uses it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use hearings_store::testing::TestDatabase;

const BIN: &str = env!("CARGO_BIN_EXE_hearings");

fn run(args: &[&str], url: &str, stdin: Option<&str>) -> (bool, String, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .env("HEARINGS_DATABASE_URL", url)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[tokio::test]
async fn an_operator_migrates_creates_staff_accounts_and_loads_the_demo() {
    for backend in TestDatabase::backends() {
        let db = TestDatabase::create(backend).await.unwrap();
        let (ok, out, err) = run(&["migrate"], &db.url, None);
        assert!(ok, "{err}");
        assert!(out.contains("Migrations applied"));

        let create = [
            "user",
            "create",
            "--email",
            "chef@glostrup.example",
            "--name",
            "Chefen",
            "--role",
            "staff",
            "--password-stdin",
        ];
        let (ok, out, err) = run(&create, &db.url, Some("et-langt-kodeord\n"));
        assert!(ok, "{err}");
        assert!(out.contains("Created staff account chef@glostrup.example"));
        let (ok, _, err) = run(&create, &db.url, Some("et-langt-kodeord\n"));
        assert!(
            !ok && err.contains("email"),
            "the same address twice is refused: {err}"
        );
        let (ok, _, err) = run(
            &[
                "user",
                "create",
                "--email",
                "a@b.example",
                "--name",
                "A",
                "--role",
                "respondent",
                "--password-stdin",
            ],
            &db.url,
            Some("et-langt-kodeord"),
        );
        assert!(
            !ok && err.contains("role"),
            "respondents register themselves: {err}"
        );
        let (ok, _, err) = run(
            &[
                "user",
                "create",
                "--email",
                "k@b.example",
                "--name",
                "K",
                "--role",
                "staff",
                "--password-stdin",
            ],
            &db.url,
            Some("kort"),
        );
        assert!(
            !ok && err.contains("password"),
            "a short password is refused: {err}"
        );

        let store = db.store().await.unwrap();
        assert!(
            store
                .authenticate("chef@glostrup.example", "et-langt-kodeord")
                .await
                .unwrap()
                .is_some()
        );

        let (ok, out, _) = run(&["demo"], &db.url, None);
        assert!(
            ok && out.contains("already has accounts"),
            "demo data only goes into an empty database"
        );
        store.close().await.unwrap();
        db.drop_database().await.unwrap();
    }
}

#[tokio::test]
async fn serve_loads_the_demo_into_an_empty_database_prints_the_accounts_and_answers_health_checks()
{
    let dir = std::env::temp_dir().join(format!("hearings-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut child = Command::new(BIN)
        .args(["--bind", "127.0.0.1:0", "--data-dir", dir.to_str().unwrap()])
        .env_remove("HEARINGS_DATABASE_URL")
        .env("HEARINGS_LOG_FORMAT", "json")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = String::new();
    let addr = loop {
        let line = lines
            .next()
            .expect("the server prints its address")
            .unwrap();
        printed.push_str(&line);
        printed.push('\n');
        if let Some(rest) = line.strip_prefix("hearings listening on http://") {
            break rest.split(' ').next().unwrap().to_string();
        }
    };
    assert!(
        printed.contains("sekretariat@glostrup.example") && printed.contains("Demo-Sekretariat-1"),
        "{printed}"
    );
    assert!(
        dir.join("hearings.db").exists(),
        "the SQLite file is made in the data directory"
    );
    let client = reqwest::Client::new();
    assert_eq!(
        client
            .get(format!("http://{addr}/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        client
            .get(format!("http://{addr}/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    let logs = String::from_utf8_lossy(&out.stderr);
    let first = logs.lines().find(|l| !l.trim().is_empty()).unwrap_or("{}");
    assert!(
        first.starts_with('{') && first.contains("\"level\""),
        "JSON logs: {first}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn an_operator_imports_organisations_with_a_report_of_refused_rows_and_a_rerun_changes_nothing()
 {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/organisations.csv"
    );
    for backend in TestDatabase::backends() {
        let db = TestDatabase::create(backend).await.unwrap();
        let (ok, out, err) = run(&["import", "organisations", file], &db.url, None);
        assert!(ok, "{err}");
        for refusal in [
            "refused: line 6, CVR 29100041: cvr: the check digit of the CVR number does not match",
            "refused: line 7, CVR 29100047: classification: 'DB93' is not one of: DB07 DB25",
            "refused: line 8, CVR 29100055: name: required",
            "refused: line 9, CVR 29100004: cvr: the CVR number appears earlier in the file (line 2)",
        ] {
            assert!(out.contains(refusal), "{refusal} in:\n{out}");
        }
        assert!(
            out.contains("8 rows: 4 created, 0 updated, 0 unchanged, 4 refused."),
            "{out}"
        );
        let (ok, again, err) = run(&["import", "organisations", file], &db.url, None);
        assert!(ok, "{err}");
        assert!(
            again.contains("8 rows: 0 created, 0 updated, 4 unchanged, 4 refused."),
            "the same file twice changes nothing:\n{again}"
        );
        let (ok, _, err) = run(
            &["import", "organisations", "/nonexistent.csv"],
            &db.url,
            None,
        );
        assert!(!ok && err.contains("cannot read /nonexistent.csv"), "{err}");
        db.drop_database().await.unwrap();
    }
}
