//! `xaso`, the headless Xã Số client: what a ward's IT person schedules (`xaso sync`) and
//! what scripts use. Every subcommand is a call into `xaso_core::App`, the same use cases
//! the desktop app runs, on the same database (`--data-dir`, `XASO_DATA_DIR`, or the
//! configured folder), so the app and the CLI never disagree.
//!
//! Exit codes: 0 done; 1 failed (the message says why, in Vietnamese then English where
//! the core gives both); 2 bad usage; 3 `check` found problems.

use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand, ValueEnum};
use xaso_core::{
    ApiError, App, Config, ConflictChoice, ConflictResolve, DeadLetterRef, ProfileSet, Role,
    SyncEnroll, SyncState,
};

#[derive(Debug, Parser)]
#[command(name = "xaso", version, about = "Xã Số — the headless client (sync, export, backup)")]
struct Cli {
    /// The folder of the local database (default: the app's, ~/.local/share/xaso).
    #[arg(long, global = true, env = "XASO_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create (or open) the local database; optionally set who works on it.
    Init {
        /// The unit's five-digit code (see data/hcm-units-2025.csv).
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, value_enum, default_value = "unit-official")]
        role: RoleArg,
    },
    /// Enrol this machine with the city server (the password is read from stdin).
    Enroll {
        #[arg(long)]
        server: String,
        #[arg(long)]
        user: String,
        #[arg(long, default_value = "xaso CLI")]
        device_name: String,
        /// A PEM file with the city's certificate authority.
        #[arg(long)]
        ca: Option<PathBuf>,
        /// Accept a plain http:// server on another computer: the password and the data
        /// then cross the network unencrypted. Only if the administrator says so.
        #[arg(long)]
        allow_insecure_http: bool,
    },
    /// Forget this machine's token; unsynced changes stay and go after the next enrol.
    SignOut,
    /// Push local changes and pull the city's, then move the training files that are
    /// wanted here (published here, asked for, or of a programme kept offline); once or
    /// every `--interval` seconds.
    Sync {
        #[arg(long)]
        watch: bool,
        #[arg(long, default_value_t = 60)]
        interval: u64,
    },
    /// Online or not, pending changes, last sync, open conflicts.
    Status,
    /// List conflicts; `--resolve ID --keep kept|other` settles one.
    Conflicts {
        #[arg(long, requires = "keep")]
        resolve: Option<String>,
        #[arg(long, value_enum)]
        keep: Option<KeepArg>,
        /// Include resolved ones.
        #[arg(long)]
        all: bool,
    },
    /// List the changes the server refused, with its reason; `--dismiss ID` clears one
    /// once read (nothing is sent).
    Refused {
        #[arg(long)]
        dismiss: Option<String>,
    },
    /// List the changes received from the server that this machine could not store (set
    /// aside, with the reason, so that everything after them still arrives).
    SetAside,
    /// Write the unit's tasks (with milestones and history) as JSON.
    Export {
        /// The file to write (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Read tasks exported by `xaso export` (ids already here are skipped).
    Import { file: PathBuf },
    /// Copy the database into its backups folder now.
    Backup,
    /// Check the database's integrity and what waits to be synced.
    Check,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RoleArg {
    UnitOfficial,
    UnitLead,
    CityReviewer,
    CityAdmin,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::UnitOfficial => Role::UnitOfficial,
            RoleArg::UnitLead => Role::UnitLead,
            RoleArg::CityReviewer => Role::CityReviewer,
            RoleArg::CityAdmin => Role::CityAdmin,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum KeepArg {
    Kept,
    Other,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("xaso: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn open(cli: &Cli) -> anyhow::Result<App> {
    let mut config = Config::load(&[]).context("while loading the configuration")?;
    if let Some(dir) = &cli.data_dir {
        config = Config { data_dir: dir.clone(), ..config };
    }
    let app = App::open(config);
    // The window checks the file beside its first screen; a command line has no first
    // screen, so it checks before it acts, as it always did.
    let _ = app.check_store();
    let status = app.app_status();
    if let Some(message) = status.message {
        bail!("{message} ({})", status.db_path);
    }
    Ok(app)
}

/// An `ApiError` as the CLI reports it: the message, then each field's.
fn api(e: ApiError) -> anyhow::Error {
    let mut text = e.message;
    for issue in e.fields {
        text.push_str(&format!("\n  {}: {}", issue.field, issue.message));
    }
    anyhow::anyhow!(text)
}

fn print<T: serde::Serialize>(json: bool, value: &T, text: impl FnOnce() -> String) {
    if json {
        println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
    } else {
        println!("{}", text());
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let app = open(&cli)?;
    let json = cli.json;
    match cli.command {
        Command::Init { unit, name, role } => {
            if let Some(unit) = unit {
                let display_name = name.unwrap_or_else(|| "xaso".to_owned());
                app.profile_set(ProfileSet { unit_code: unit, display_name, role: role.into() })
                    .map_err(api)?;
            }
            let status = app.app_status();
            print(json, &status, || format!("database: {}", status.db_path));
        }
        Command::Enroll { server, user, device_name, ca, allow_insecure_http } => {
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password).context("while reading the password")?;
            let view = app
                .sync_enroll(SyncEnroll {
                    server_url: server,
                    user,
                    password: password.trim_end_matches(['\r', '\n']).to_owned(),
                    device_name,
                    ca_file: ca.map(|p| p.display().to_string()),
                    allow_insecure_http,
                })
                .map_err(api)?;
            print(json, &view, || status_text(&view));
        }
        Command::SignOut => {
            let view = app.sync_sign_out().map_err(api)?;
            print(json, &view, || status_text(&view));
        }
        Command::Sync { watch, interval } => loop {
            let outcome = app.sync_once();
            match &outcome {
                Ok(report) => print(json, report, || report.summary.clone()),
                Err(e) if !watch => return Err(api(e.clone())),
                Err(e) => eprintln!("xaso: {}", e.message),
            }
            // Files after rows: a file never holds the rows back. A failed file is tried
            // again next time; it does not fail the command.
            if outcome.is_ok()
                && let Err(e) = app.move_files_now()
            {
                eprintln!("xaso: {}", e.message);
            }
            if !watch {
                break;
            }
            std::thread::sleep(Duration::from_secs(interval.max(1)));
        },
        Command::Status => {
            let view = app.sync_status();
            print(json, &view, || status_text(&view));
        }
        Command::Conflicts { resolve, keep, all } => {
            let list = match (resolve, keep) {
                (Some(id), Some(keep)) => {
                    let choice = match keep {
                        KeepArg::Kept => ConflictChoice::Kept,
                        KeepArg::Other => ConflictChoice::Other,
                    };
                    app.conflict_resolve(ConflictResolve { id, choice, merged: None })
                        .map_err(api)?
                }
                _ => app.conflicts_list().map_err(api)?,
            };
            let shown: Vec<_> = list.into_iter().filter(|c| all || !c.resolved).collect();
            print(json, &shown, || {
                if shown.is_empty() {
                    return "Không có xung đột nào. / No conflicts.".to_owned();
                }
                shown
                    .iter()
                    .map(|c| {
                        format!(
                            "{}  {}{}\n  kept:  {} ({}, {})\n  other: {} ({}, {})",
                            c.id,
                            c.label,
                            if c.resolved { " [resolved]" } else { "" },
                            c.kept.value,
                            c.kept.actor,
                            c.kept.at,
                            c.other.value,
                            c.other.actor,
                            c.other.at
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Refused { dismiss } => {
            let list = match dismiss {
                Some(op_id) => app.dead_letter_dismiss(DeadLetterRef { op_id }).map_err(api)?,
                None => app.dead_letters_list().map_err(api)?,
            };
            let set_aside = app.sync_status().set_aside;
            print(json, &list, || {
                let mut text = if list.is_empty() {
                    "Không có thay đổi nào bị từ chối. / No refused changes.".to_owned()
                } else {
                    String::new()
                };
                if set_aside > 0 {
                    text.push_str(&format!(
                        "{}{set_aside} thay đổi nhận về không áp dụng được trên máy này: xem `xaso set-aside`. / {set_aside} received changes could not be stored here: see `xaso set-aside`.",
                        if text.is_empty() { "" } else { "\n" }
                    ));
                }
                if list.is_empty() {
                    return text;
                }
                let listed = list
                    .iter()
                    .map(|d| {
                        format!(
                            "{}  {} ({})
  value:  {}
  reason: {}",
                            d.op_id, d.label, d.at, d.value, d.reason
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                if set_aside > 0 { format!("{listed}\n{text}") } else { listed }
            });
        }
        Command::SetAside => {
            let list = app.set_aside_list().map_err(api)?;
            print(json, &list, || {
                if list.is_empty() {
                    return "Không có thay đổi nhận về nào bị để riêng. / No received change was set aside.".to_owned();
                }
                list.iter()
                    .map(|c| {
                        format!(
                            "{} #{}  {} ({})\n  row:    {} {}\n  value:  {}\n  by:     {}\n  reason: {}",
                            c.partition, c.seq, c.label, c.at, c.table, c.row_id, c.value, c.actor, c.reason
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Export { out } => {
            let doc = app.export_json().map_err(api)?;
            let text = serde_json::to_string_pretty(&doc)?;
            match out {
                Some(path) => {
                    std::fs::write(&path, text)
                        .with_context(|| format!("while writing {}", path.display()))?;
                    eprintln!("xaso: wrote {}", path.display());
                }
                None => println!("{text}"),
            }
        }
        Command::Import { file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("while reading {}", file.display()))?;
            let doc: serde_json::Value = serde_json::from_str(&text)
                .with_context(|| format!("{} is not JSON", file.display()))?;
            let report = app.import_json(&doc).map_err(api)?;
            print(json, &report, || report.summary.clone());
        }
        Command::Backup => {
            let backup = app.backup_now().map_err(api)?;
            print(json, &backup, || format!("backup: {}", backup.name));
        }
        Command::Check => {
            let report = app.check().map_err(api)?;
            print(json, &report, || report.summary.clone());
            if !report.ok {
                return Ok(ExitCode::from(3));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn status_text(v: &xaso_core::SyncView) -> String {
    let state = match v.state {
        SyncState::NotEnrolled => "chưa kết nối máy chủ / not enrolled",
        SyncState::Online => "trực tuyến / online",
        SyncState::Offline => "ngoại tuyến / offline",
        SyncState::Syncing => "đang đồng bộ / syncing",
        SyncState::NeedsUpdate => "cần cập nhật ứng dụng / update needed",
        SyncState::Unauthorized => "thiết bị bị từ chối / device not accepted",
        SyncState::AccountDisabled => {
            "tài khoản bị khoá, hỏi quản trị viên thành phố / account disabled, ask the city admin"
        }
    };
    let mut lines = vec![format!("state:     {state}")];
    if let Some(url) = &v.server_url {
        lines.push(format!("server:    {url}"));
    }
    if let Some(a) = &v.account {
        lines.push(format!(
            "account:   {} ({}, {})",
            a.display_name,
            a.role.as_str(),
            a.unit_name.as_deref().unwrap_or("Sở KHCN")
        ));
    }
    lines.push(format!("pending:   {}", v.pending));
    lines.push(format!("conflicts: {}", v.conflicts_open));
    lines.push(format!("refused:   {}", v.refused));
    if v.set_aside > 0 {
        lines.push(format!("set aside: {} (xaso set-aside)", v.set_aside));
    }
    if let Some(w) = &v.clock_warning {
        lines.push(format!("clock:     {w}"));
    }
    if let Some(copied) = &v.copied {
        lines.push(format!("copied:    {copied}"));
    }
    lines.push(format!("last sync: {}", v.last_success.as_deref().unwrap_or("—")));
    if let Some(e) = &v.last_error {
        lines.push(format!("error:     {e}"));
    }
    lines.join("\n")
}
