//! The e-mail outbox seen from outside: the receipt e-mail after a
//! submission through the API, written as an `.eml` file when no SMTP server
//! is configured, and delivered to a real SMTP server process (Python's
//! aiosmtpd, `tests/smtp/sink.py`) when one is, with a refused delivery
//! retried when the server's clock reaches the next attempt.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::Duration as Span;
use hearings_server::MailConfig;
use hearings_store::testing::TestDatabase;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::support::{STAFF, Server, client, cvr, registration, t0, token, verify_email};

/// How often the worker looks in the tests.
pub(crate) const TICK: Duration = Duration::from_millis(50);

/// A fresh folder for one test's files.
pub(crate) fn temp_folder() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hearings_mail_{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Staff create and publish a hearing with one required question; a new
/// business registers with `email` and answers it. Returns the API's receipt.
async fn a_business_responds(s: &Server, email: &str) -> Value {
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
    let published: Value = res.json().await.unwrap();
    let question = published["questions"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();

    let res = client()
        .post(s.url("/api/v1/auth/register"))
        .json(&registration(email, &cvr(7)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    // The e-mailed link confirms the address; only then may it submit.
    verify_email(s, email).await;
    let business = token(s, email, "et-godt-kodeord").await;
    let res = client()
        .post(s.url(&format!("/api/v1/hearings/{id}/responses")))
        .bearer_auth(&business)
        .json(&json!({
            "stance": "supports",
            "publication": "named",
            "answers": [{"question_id": question, "value": 4}]
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

/// Undoes quoted-printable (soft line breaks and `=XX`), as a mail reader does.
pub(crate) fn decode_quoted_printable(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Waits up to 20 seconds for `probe` to give a value.
pub(crate) async fn eventually<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    for _ in 0..400 {
        if let Some(v) = probe() {
            return v;
        }
        tokio::time::sleep(TICK).await;
    }
    panic!("timed out waiting for {what}");
}

/// The `.eml` files in a folder.
pub(crate) fn eml_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect()
}

/// Whether a message (as decoded) is a receipt e-mail rather than, say,
/// the verification e-mail sent at registration.
fn is_receipt(decoded: &str) -> bool {
    decoded.contains("Receipt for your response")
}

/// The `.eml` file of the receipt among the files in a folder.
fn receipt_file(dir: &Path) -> Option<PathBuf> {
    eml_files(dir).into_iter().find(|p| {
        std::fs::read_to_string(p).is_ok_and(|raw| is_receipt(&decode_quoted_printable(&raw)))
    })
}

/// Checks the receipt e-mail (as decoded) against the API's receipt.
fn assert_is_the_receipt(text: &str, receipt: &Value, s: &Server) {
    let reference = receipt["reference"].as_str().unwrap();
    let digest = receipt["digest"].as_str().unwrap();
    assert_eq!(digest.len(), 64);
    let link = s.url(&format!("/receipts/{}", receipt["id"].as_str().unwrap()));
    for needle in [
        reference,
        digest,
        &link,
        "Forslag til lokalplan for Stationsområdet",
        "Butikken på hjørnet (fiktiv)",
        "Kvittering for høringssvar",
        "Receipt for your response",
        "Version: 1",
        "Content-Type: text/plain; charset=utf-8",
        "Auto-Submitted: auto-generated",
        // Dated by the server's clock (the test's t0), not the machine's.
        "Date: Mon, 01 Jun 2026 08:00:00 +0000",
        "01-06-2026 kl. 10:00:00.000 (UTC+02:00)",
    ] {
        assert!(text.contains(needle), "the e-mail lacks {needle}:\n{text}");
    }
}

#[tokio::test]
async fn without_an_smtp_server_the_receipt_email_is_written_as_an_eml_file_with_reference_and_digest()
 {
    for backend in TestDatabase::backends() {
        let dir = temp_folder();
        let outbox = dir.join("outbox");
        let mail = MailConfig {
            interval: TICK,
            ..MailConfig::files(outbox.clone())
        };
        let s = Server::start_with_mail(backend, true, t0(), Some(mail)).await;
        let receipt = a_business_responds(&s, "bente@butik.example").await;

        let file = eventually("the receipt's .eml file", || receipt_file(&outbox)).await;
        let raw = std::fs::read_to_string(&file).unwrap();
        let header = |line: &str| raw.lines().any(|l| l == line);
        assert!(header("To: bente@butik.example"), "{raw}");
        assert!(header("From: hearings@glostrup.example"), "{raw}");
        assert!(
            raw.contains("Content-Transfer-Encoding: quoted-printable"),
            "{raw}"
        );
        assert_is_the_receipt(&decode_quoted_printable(&raw), &receipt, &s);

        // Written once: later passes of the worker find nothing due. The
        // other file is the verification e-mail sent at registration.
        tokio::time::sleep(TICK * 6).await;
        assert_eq!(
            eml_files(&outbox).len(),
            2,
            "the demo's responses send no mail"
        );
        s.stop().await;
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// Whether Python's aiosmtpd can run. Says so plainly on stderr when not;
/// fails instead when `HEARINGS_REQUIRE_SMTP=1`.
fn aiosmtpd_available() -> bool {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var("HEARINGS_REQUIRE_SMTP").as_deref() != Ok("1"),
            "HEARINGS_REQUIRE_SMTP=1 but Python's aiosmtpd is not installed (pip install aiosmtpd)"
        );
        eprintln!(
            "SMTP SKIPPED: Python's aiosmtpd is not installed (pip install aiosmtpd); \
             the test against a real SMTP server did not run"
        );
    }
    ok
}

/// A running `tests/smtp/sink.py`, killed when dropped.
struct SmtpSink {
    port: u16,
    log: PathBuf,
    _child: tokio::process::Child,
}

impl SmtpSink {
    /// Starts the sink, refusing the first `refuse_first` messages with a 451.
    async fn start(log: PathBuf, refuse_first: u32) -> SmtpSink {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/smtp/sink.py");
        let mut child = tokio::process::Command::new("python3")
            .arg(script)
            .arg(&log)
            .arg(refuse_first.to_string())
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("python3 tests/smtp/sink.py");
        let stdout = child.stdout.take().unwrap();
        let line = tokio::time::timeout(
            Duration::from_secs(30),
            BufReader::new(stdout).lines().next_line(),
        )
        .await
        .expect("the SMTP sink says its port in time")
        .unwrap()
        .expect("the SMTP sink says its port");
        SmtpSink {
            port: line.trim().parse().unwrap(),
            log,
            _child: child,
        }
    }

    /// The messages that reached DATA so far.
    fn received_all(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// The receipt e-mails among them.
    fn received(&self) -> Vec<Value> {
        self.received_all()
            .into_iter()
            .filter(|m| {
                is_receipt(&decode_quoted_printable(
                    m["data"].as_str().unwrap_or_default(),
                ))
            })
            .collect()
    }
}

#[tokio::test]
async fn a_receipt_reaches_a_real_smtp_server_and_a_refused_delivery_is_retried_when_due() {
    if !aiosmtpd_available() {
        return;
    }
    for backend in TestDatabase::backends() {
        let dir = temp_folder();
        // The first two messages are refused: the verification e-mail sent at
        // registration and the receipt; only the receipt's are checked below.
        let sink = SmtpSink::start(dir.join("received.jsonl"), 2).await;
        let mail = MailConfig {
            smtp_url: Some(format!("smtp://127.0.0.1:{}", sink.port)),
            from: "hoeringer@glostrup.example".into(),
            outbox_dir: dir.join("outbox"),
            interval: TICK,
        };
        let s = Server::start_with_mail(backend, true, t0(), Some(mail)).await;
        let receipt = a_business_responds(&s, "bente@butik.example").await;

        // The first delivery is refused (451): the next attempt is due a
        // minute later by the server's clock, and not before.
        eventually("the first attempt", || {
            (!sink.received().is_empty()).then_some(())
        })
        .await;
        tokio::time::sleep(TICK * 6).await;
        let received = sink.received();
        assert_eq!(received.len(), 1, "no retry before the clock moves");
        assert_eq!(received[0]["accepted"], false);

        s.clock.set(t0() + Span::minutes(1));
        let received = eventually("the second attempt", || {
            let r = sink.received();
            (r.len() >= 2).then_some(r)
        })
        .await;
        let delivered = &received[1];
        assert_eq!(delivered["accepted"], true);
        assert_eq!(delivered["mail_from"], "hoeringer@glostrup.example");
        assert_eq!(delivered["rcpt_tos"], json!(["bente@butik.example"]));
        let text = decode_quoted_printable(delivered["data"].as_str().unwrap());
        assert!(text.contains("From: hoeringer@glostrup.example"), "{text}");
        assert_is_the_receipt(&text, &receipt, &s);

        // Delivered once: later passes send nothing more, and no file is written.
        s.clock.set(t0() + Span::hours(2));
        tokio::time::sleep(TICK * 6).await;
        assert_eq!(sink.received().len(), 2, "a sent message is not sent again");
        assert_eq!(
            sink.received_all().len(),
            4,
            "the verification e-mail was refused once and delivered once"
        );
        assert!(eml_files(&dir.join("outbox")).is_empty());
        s.stop().await;
        drop(sink);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
