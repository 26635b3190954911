//! `hearings`: serve (the default), migrate, demo, user create, import organisations.

use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use clap::{Parser, Subcommand};
use hearings_core::Role;
use hearings_core::time::Clock;
use hearings_server::{
    Config, ServerOptions, SystemClock, demo_accounts_text, is_https, load_demo_if_empty,
    open_store, start_with,
};

#[derive(Parser, Debug)]
#[command(
    name = "hearings",
    version,
    about = "Hearings and consultations for Glostrup Kommune"
)]
struct Cli {
    /// Address to listen on.
    #[arg(
        long,
        env = "HEARINGS_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    bind: SocketAddr,
    /// Database URL (postgres://… or sqlite://…); by default an SQLite file in the data directory.
    #[arg(long, env = "HEARINGS_DATABASE_URL", global = true)]
    database_url: Option<String>,
    /// Data directory.
    #[arg(
        long,
        env = "HEARINGS_DATA_DIR",
        default_value = "./data",
        global = true
    )]
    data_dir: PathBuf,
    /// The public URL (https makes cookies Secure with the __Host- prefix).
    #[arg(long, env = "HEARINGS_PUBLIC_URL", global = true)]
    public_url: Option<String>,
    /// Do not load the demo data into an empty database.
    #[arg(long, global = true)]
    no_demo: bool,
    /// SMTP server for e-mail: smtp://host:port (plain), smtp://host:587?tls=required
    /// (STARTTLS) or smtps://host:465, with user:password@ if needed. Without it,
    /// e-mails are written as .eml files into DATA_DIR/outbox/.
    #[arg(long, env = "HEARINGS_SMTP_URL", global = true, hide_env_values = true)]
    smtp_url: Option<String>,
    /// The From address of e-mails.
    #[arg(long, env = "HEARINGS_MAIL_FROM", default_value = hearings_server::DEFAULT_MAIL_FROM, global = true)]
    mail_from: String,
    /// Seconds between two looks at the e-mail outbox.
    #[arg(
        long,
        env = "HEARINGS_MAIL_INTERVAL",
        default_value_t = 5,
        value_parser = clap::value_parser!(u64).range(1..=3600),
        global = true
    )]
    mail_interval: u64,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the product (the default).
    Serve,
    /// Apply the database migrations and exit.
    Migrate,
    /// Load the demo data into the configured database (if it has no accounts);
    /// with --responses N, add a closed hearing with N fictitious responses
    /// instead (for measuring the summary).
    Demo {
        /// Make a closed hearing with this many responses (scale, number and
        /// text answers spread over respondent types, sections, sizes and areas).
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
        responses: Option<u64>,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Import data from a file.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
}

#[derive(Subcommand, Debug)]
enum ImportCommand {
    /// Import organisations from a CSV extract of the business register
    /// (columns: cvr, name, industry_code, classification, employees,
    /// address, postcode, email, and optionally area). Re-running the same
    /// file changes nothing.
    Organisations {
        /// The CSV file.
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
enum UserCommand {
    /// Create a staff, politician or admin account; the password is read from standard input.
    Create {
        /// E-mail address.
        #[arg(long)]
        email: String,
        /// Name.
        #[arg(long)]
        name: String,
        /// staff, politician or admin.
        #[arg(long)]
        role: String,
        /// Read the password from standard input (required).
        #[arg(long)]
        password_stdin: bool,
    },
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("HEARINGS_LOG").unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(
            "info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn,tower_http=warn",
        )
    });
    let json = std::env::var("HEARINGS_LOG_FORMAT").is_ok_and(|v| v.eq_ignore_ascii_case("json"));
    if json {
        tracing_subscriber::fmt()
            .json()
            .with_writer(std::io::stderr)
            .with_env_filter(filter)
            .init();
    } else {
        tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_env_filter(filter)
            .init();
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    init_logging();
    match run(Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hearings: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let config = Config {
        bind: cli.bind,
        database_url: cli.database_url.clone(),
        data_dir: cli.data_dir.clone(),
        no_demo: cli.no_demo,
        public_url: cli.public_url.clone(),
        smtp_url: cli.smtp_url.clone(),
        mail_from: cli.mail_from.clone(),
        mail_interval: std::time::Duration::from_secs(cli.mail_interval),
    };
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Migrate => {
            open_store(&config).await?;
            println!("Migrations applied.");
        }
        Command::Demo { responses: Some(n) } => {
            let store = open_store(&config).await?;
            let mut last = 0;
            let made = store
                .demo_bulk(n, clock.now(), |done| {
                    if done - last >= 100_000 || done == n {
                        last = done;
                        eprintln!(
                            "{done} of {n} responses written ({:.0?})",
                            started.elapsed()
                        );
                    }
                })
                .await?;
            println!(
                "Hearing {} made with {} responses in {:.1?}.",
                made.hearing,
                made.responses,
                started.elapsed()
            );
        }
        Command::Demo { responses: None } => {
            let store = open_store(&config).await?;
            if load_demo_if_empty(&store, clock.as_ref()).await? {
                print!("Demo data loaded.\n{}", demo_accounts_text());
            } else {
                println!("The database already has accounts; demo data not loaded.");
            }
        }
        Command::User {
            command:
                UserCommand::Create {
                    email,
                    name,
                    role,
                    password_stdin,
                },
        } => {
            if !password_stdin {
                return Err("give the password on standard input with --password-stdin".into());
            }
            let role = Role::parse(&role)
                .ok()
                .filter(Role::is_operator_assignable)
                .ok_or("role must be staff, politician or admin")?;
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password)?;
            let password = password.trim_end_matches(['\n', '\r']);
            let store = open_store(&config).await?;
            match store
                .create_user(&email, &name, password, role, clock.now())
                .await
            {
                Ok(id) => println!("Created {role} account {email} ({id})."),
                Err(hearings_store::StoreError::Invalid(errors)) => {
                    let why: Vec<String> = errors
                        .iter()
                        .map(|e| format!("{}: {}", e.field, e.problem))
                        .collect();
                    return Err(why.join("; ").into());
                }
                Err(e) => return Err(e.into()),
            }
        }
        Command::Import {
            command: ImportCommand::Organisations { file },
        } => {
            let store = open_store(&config).await?;
            let report = hearings_server::import::import_file(&store, &file, clock.now()).await?;
            print!("{report}");
        }
        Command::Serve => {
            let store = open_store(&config).await?;
            if !config.no_demo && load_demo_if_empty(&store, clock.as_ref()).await? {
                print!(
                    "The database was empty: demo data loaded.\n{}",
                    demo_accounts_text()
                );
            }
            let running = start_with(
                store,
                clock,
                ServerOptions {
                    bind: config.bind,
                    secure_cookies: is_https(config.public_url.as_deref()),
                    public_url: config.public_url.clone(),
                    mail: Some(config.mail()),
                },
            )
            .await?;
            println!(
                "hearings listening on http://{} (ready in {} ms)",
                running.addr,
                started.elapsed().as_millis()
            );
            tracing::info!(addr = %running.addr, "listening");
            shutdown_signal().await;
            running.stop().await;
        }
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
