//! Delivering the e-mail outbox: a worker that, every few seconds, takes the
//! due messages from the store and sends each through SMTP (lettre) or, with
//! no SMTP server configured, writes it as an RFC 5322 `.eml` file into the
//! outbox folder. Each is then marked sent, or failed (the store decides when
//! it is tried again). Logs name messages by id only, never their text or
//! recipient.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use hearings_core::time::Clock;
use hearings_store::{Failure, OutboxMessage, Store, StoreError};
use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Body, Mailbox, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::StartError;

/// The From address when none is configured.
pub const DEFAULT_MAIL_FROM: &str = "hearings@glostrup.example";

/// How often the worker looks for due messages when not told otherwise.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(5);

/// Messages taken per pass; a full pass is followed by another at once.
const BATCH: u64 = 50;

/// How long one SMTP conversation may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// How the outbox is delivered.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// The SMTP server, as lettre reads it: `smtp://host:port` (plain),
    /// `smtp://host:587?tls=required` (STARTTLS), `smtps://host:465` (TLS),
    /// with `user:password@` for authentication. Without it, messages are
    /// written as `.eml` files into `outbox_dir`.
    pub smtp_url: Option<String>,
    /// The From address.
    pub from: String,
    /// Where `.eml` files go when there is no SMTP server.
    pub outbox_dir: PathBuf,
    /// How often the worker looks for due messages.
    pub interval: Duration,
}

impl MailConfig {
    /// Files into `outbox_dir`, from the default address, every five seconds.
    pub fn files(outbox_dir: PathBuf) -> Self {
        Self {
            smtp_url: None,
            from: DEFAULT_MAIL_FROM.to_string(),
            outbox_dir,
            interval: DEFAULT_INTERVAL,
        }
    }
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

/// What one pass of the worker did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivered {
    /// Messages sent (or written).
    pub sent: usize,
    /// Messages whose attempt failed.
    pub failed: usize,
}

/// Sends the outbox's due messages.
pub struct Mailer {
    store: Store,
    transport: Transport,
    from: Mailbox,
    /// The right-hand side of the Message-IDs (the From address's domain).
    domain: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The SMTP URL may hold a password: name the transport only.
        let transport = match &self.transport {
            Transport::Smtp(_) => "smtp".to_string(),
            Transport::Files(dir) => format!("files in {}", dir.display()),
        };
        f.debug_struct("Mailer")
            .field("transport", &transport)
            .field("from", &self.from.to_string())
            .finish()
    }
}

impl Mailer {
    /// Checks the configuration (the From address and the SMTP URL); connects to nothing yet.
    pub fn new(config: &MailConfig, store: Store) -> Result<Self, StartError> {
        let from: Mailbox = config
            .from
            .trim()
            .parse()
            .map_err(|e| StartError(format!("the mail From address is not valid: {e}")))?;
        let domain = from.email.domain().to_string();
        let transport = match config.smtp_url.as_deref().map(str::trim) {
            Some(url) if !url.is_empty() => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    // The error never repeats the URL, which may hold a password.
                    .map_err(|e| StartError(format!("the SMTP URL is not valid: {e}")))?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build(),
            ),
            _ => Transport::Files(config.outbox_dir.clone()),
        };
        Ok(Self {
            store,
            transport,
            from,
            domain,
        })
    }

    /// Whether messages go to an SMTP server (rather than into files).
    pub fn uses_smtp(&self) -> bool {
        matches!(self.transport, Transport::Smtp(_))
    }

    /// Takes the messages due at `now` and delivers them, each marked sent
    /// or failed at `now`.
    pub async fn deliver_due(&self, now: DateTime<Utc>) -> Result<Delivered, StoreError> {
        let mut done = Delivered::default();
        for m in self.store.due_messages(now, BATCH).await? {
            match self.deliver(&m).await {
                Ok(()) => {
                    self.store.mark_sent(m.id, now).await?;
                    done.sent += 1;
                    tracing::info!(message_id = %m.id, kind = %m.kind, attempt = m.attempts + 1, "e-mail sent");
                }
                Err(error) => {
                    done.failed += 1;
                    match self.store.mark_failed(m.id, &error, now).await? {
                        Failure::RetryAt(at) => tracing::warn!(
                            message_id = %m.id, kind = %m.kind, attempt = m.attempts + 1,
                            %error, retry_at = %at, "e-mail not delivered; will retry"
                        ),
                        Failure::GaveUp => tracing::error!(
                            message_id = %m.id, kind = %m.kind, attempt = m.attempts + 1,
                            %error, "e-mail not delivered; given up"
                        ),
                        Failure::AlreadySent => {}
                    }
                }
            }
        }
        Ok(done)
    }

    /// The message as an RFC 5322 e-mail: plain text in UTF-8,
    /// quoted-printable, dated when it was queued, with a Message-ID made
    /// from its outbox id (so a resent copy can be recognised).
    fn message(&self, m: &OutboxMessage) -> Result<Message, String> {
        let to: Mailbox =
            m.to.parse()
                .map_err(|e| format!("the recipient address is not valid: {e}"))?;
        let body =
            Body::new_with_encoding(m.body.clone(), ContentTransferEncoding::QuotedPrintable)
                .map_err(|_| "the body cannot be encoded".to_string())?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.subject.clone())
            .date(SystemTime::from(m.created_at))
            .message_id(Some(format!("<{}@{}>", m.id, self.domain)))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-generated".to_string(),
            ))
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .body(body),
            )
            .map_err(|e| format!("the message cannot be built: {e}"))
    }

    async fn deliver(&self, m: &OutboxMessage) -> Result<(), String> {
        let message = self.message(m)?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| format!("SMTP: {e}")),
            Transport::Files(dir) => {
                let dir = dir.clone();
                let name = format!("{}.eml", m.id);
                let bytes = message.formatted();
                tokio::task::spawn_blocking(move || write_file(&dir, &name, &bytes))
                    .await
                    .map_err(|e| format!("the file writer failed: {e}"))?
                    .map_err(|e| format!("cannot write the .eml file: {e}"))
            }
        }
    }
}

/// Writes `dir/name` whole or not at all (a temporary file, synced, then renamed).
fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{name}.tmp"));
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, dir.join(name))
}

/// The running worker.
#[derive(Debug)]
pub(crate) struct Worker {
    stop: oneshot::Sender<()>,
    handle: JoinHandle<()>,
}

impl Worker {
    /// Starts the worker: a pass at once, then one every `interval`, with
    /// the time from `clock`.
    pub(crate) fn start(mailer: Mailer, clock: Arc<dyn Clock>, interval: Duration) -> Self {
        let (stop, mut stopped) = oneshot::channel::<()>();
        let handle = tokio::spawn(async move {
            let mut tick = tokio::time::interval(interval.max(Duration::from_millis(10)));
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = &mut stopped => break,
                    _ = tick.tick() => {}
                }
                // The reminders that are due go into the outbox first, so this pass sends them.
                match mailer.store.send_due_reminders(clock.now()).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(queued = n, "reminders queued"),
                    Err(e) => tracing::error!(error = %e, "the reminders could not be queued"),
                }
                loop {
                    match mailer.deliver_due(clock.now()).await {
                        // A full batch: there may be more waiting.
                        Ok(d) if (d.sent + d.failed) as u64 >= BATCH => continue,
                        Ok(_) => break,
                        Err(e) => {
                            tracing::error!(error = %e, "the outbox could not be read");
                            break;
                        }
                    }
                }
            }
        });
        Self { stop, handle }
    }

    /// Stops the worker after the pass in progress, if any.
    pub(crate) async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.handle.await;
    }
}
