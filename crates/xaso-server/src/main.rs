//! `xaso-server`: serve the city's sync endpoints, and the admin's commands.

use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use uuid::Uuid;
use xaso_domain::Role;
use xaso_server::{Revocation, ServeOptions, Storage, TlsFiles};

#[derive(Debug, Parser)]
#[command(
    name = "xaso-server",
    version,
    about = "Máy chủ thành phố của Xã Số / the Xã Số city server"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args)]
struct Database {
    /// SQLite file path, or postgres://user:password@host/database.
    #[arg(long, env = "XASO_SERVER_DATABASE", default_value = "./xaso-server.sqlite3")]
    database: String,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the sync endpoints.
    Serve {
        #[command(flatten)]
        db: Database,
        #[arg(long, env = "XASO_SERVER_LISTEN", default_value = "127.0.0.1:8443")]
        listen: SocketAddr,
        /// PEM certificate chain; with --tls-key, serve HTTPS.
        #[arg(long, requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// PEM private key.
        #[arg(long, requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        /// The folder of published files (training materials); by default
        /// `xaso-server-blobs` beside the SQLite file, or `./xaso-server-blobs` with
        /// PostgreSQL.
        #[arg(long, env = "XASO_SERVER_BLOBS")]
        blobs: Option<PathBuf>,
    },
    /// Load the units (code,name,kind); the bundled 168 units of 2025 by default.
    ImportUnits {
        #[command(flatten)]
        db: Database,
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// Users: add, reset-password, disable, enable, list.
    #[command(subcommand)]
    User(UserCommand),
    /// Devices: list, revoke.
    #[command(subcommand)]
    Device(DeviceCommand),
    /// Client addresses: unlock one locked by failed sign-ins.
    #[command(subcommand)]
    Address(AddressCommand),
    /// A consistent copy of the SQLite database while the server runs (with PostgreSQL,
    /// use pg_dump or a base backup, then `new-history` on the restored database).
    Backup {
        #[command(flatten)]
        db: Database,
        /// The file to write (must not exist).
        #[arg(long)]
        to: PathBuf,
    },
    /// Put a SQLite backup in place of the database (stop the server first); the file it
    /// replaces is kept beside it. Every laptop reconciles at its next sync.
    Restore {
        #[command(flatten)]
        db: Database,
        /// The backup to restore.
        #[arg(long)]
        from: PathBuf,
    },
    /// Give the database a new history id (after restoring PostgreSQL with its own
    /// tools): every laptop re-sends what the server may have lost and pulls again.
    NewHistory {
        #[command(flatten)]
        db: Database,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create a user. Without --password-stdin a password is generated and printed once.
    Add {
        #[command(flatten)]
        db: Database,
        #[arg(long)]
        name: String,
        #[arg(long)]
        display_name: String,
        /// unit_official, unit_lead, city_reviewer or city_admin.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// The unit's 5-digit code (unit roles only).
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a new password (generated and printed once unless --password-stdin) and revoke
    /// every signed-in device of the user, who enrols each laptop again with it.
    ResetPassword {
        #[command(flatten)]
        db: Database,
        #[arg(long)]
        name: String,
        #[arg(long)]
        password_stdin: bool,
        /// Leave the user's devices signed in (only when the old password cannot have been
        /// known to anyone else).
        #[arg(long)]
        keep_devices: bool,
    },
    /// Disable a user: every device revoked at once, no new enrolment, until `enable`.
    Disable {
        #[command(flatten)]
        db: Database,
        #[arg(long)]
        name: String,
    },
    /// Enable a disabled user: they may enrol again (their old devices stay revoked).
    Enable {
        #[command(flatten)]
        db: Database,
        #[arg(long)]
        name: String,
    },
    List {
        #[command(flatten)]
        db: Database,
    },
    /// Lift the lock of failed sign-ins on an account name (works while the server runs).
    Unlock {
        #[command(flatten)]
        db: Database,
        #[arg(long)]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
enum AddressCommand {
    /// Lift the lock of failed sign-ins on a client IP address (works while the server
    /// runs).
    Unlock {
        #[command(flatten)]
        db: Database,
        #[arg(long)]
        address: String,
    },
}

#[derive(Debug, Subcommand)]
enum DeviceCommand {
    List {
        #[command(flatten)]
        db: Database,
        /// Only this user's devices.
        #[arg(long)]
        user: Option<String>,
    },
    /// Revoke a device: its token stops working at once.
    Revoke {
        #[command(flatten)]
        db: Database,
        #[arg(long)]
        id: Uuid,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| {
        format!(
            "vai trò không hợp lệ / unknown role {s:?}: unit_official, unit_lead, city_reviewer, city_admin"
        )
    })
}

/// The SQLite file of `--database`; PostgreSQL has its own backup tools.
fn sqlite_path(db: &Database) -> anyhow::Result<PathBuf> {
    if db.database.starts_with("postgres://") || db.database.starts_with("postgresql://") {
        bail!(
            "với PostgreSQL hãy dùng pg_dump / pg_restore rồi `xaso-server new-history` / \
             with PostgreSQL use pg_dump / pg_restore, then `xaso-server new-history`"
        );
    }
    Ok(PathBuf::from(db.database.strip_prefix("sqlite://").unwrap_or(&db.database)))
}

fn open(db: &Database) -> anyhow::Result<Storage> {
    Storage::open(&db.database).context("while opening the database / khi mở cơ sở dữ liệu")
}

/// The password from standard input (first line), or a generated one that is printed.
fn password(from_stdin: bool) -> anyhow::Result<(String, bool)> {
    if from_stdin {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).context("while reading the password")?;
        let line = text.lines().next().unwrap_or_default().to_owned();
        Ok((line, false))
    } else {
        Ok((xaso_server::generate_password()?, true))
    }
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    match cli.command {
        Command::Serve { db, listen, tls_cert, tls_key, blobs } => {
            let storage = open(&db)?;
            tracing::info!(database = ?storage, "opened");
            let tls = match (tls_cert, tls_key) {
                (Some(cert), Some(key)) => Some(TlsFiles { cert, key }),
                (None, None) => None,
                _ => bail!(
                    "--tls-cert và --tls-key đi cùng nhau / --tls-cert and --tls-key go together"
                ),
            };
            let blobs = blobs.unwrap_or_else(|| xaso_server::default_blob_dir(&db.database));
            let options = ServeOptions { tls, blobs: Some(blobs), ..ServeOptions::default() };
            let runtime = tokio::runtime::Runtime::new().context("while starting the runtime")?;
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind(listen)
                    .await
                    .with_context(|| format!("while binding {listen} / khi mở cổng {listen}"))?;
                xaso_server::serve(listener, storage, options, shutdown_signal())
                    .await
                    .context("while serving")
            })?;
        }
        Command::ImportUnits { db, file } => {
            let text = match file {
                Some(path) => std::fs::read_to_string(&path)
                    .with_context(|| format!("while reading {}", path.display()))?,
                None => xaso_server::BUNDLED_UNITS.to_owned(),
            };
            let n = xaso_server::import_units(&open(&db)?, &text)?;
            println!("Đã nạp {n} đơn vị mới hoặc thay đổi / {n} units added or changed.");
        }
        Command::User(UserCommand::Add { db, name, display_name, role, unit, password_stdin }) => {
            let (pw, generated) = password(password_stdin)?;
            xaso_server::add_user(&open(&db)?, &name, &display_name, role, unit.as_deref(), &pw)?;
            println!("Đã tạo người dùng / created user {name} ({}).", role.as_str());
            if generated {
                println!("Mật khẩu (chỉ hiện một lần) / password (shown once): {pw}");
            }
        }
        Command::User(UserCommand::ResetPassword { db, name, password_stdin, keep_devices }) => {
            let (pw, generated) = password(password_stdin)?;
            let revoked = xaso_server::reset_password(&open(&db)?, &name, &pw, keep_devices)?;
            println!("Đã đặt mật khẩu mới / new password set for {name}.");
            if generated {
                println!("Mật khẩu (chỉ hiện một lần) / password (shown once): {pw}");
            }
            if keep_devices {
                println!(
                    "Các thiết bị vẫn đăng nhập (--keep-devices) / devices left signed in                      (--keep-devices)."
                );
            } else {
                println!(
                    "Đã thu hồi {revoked} thiết bị; người dùng đăng nhập lại bằng mật khẩu mới /                      {revoked} devices revoked; the user signs in again with the new password."
                );
            }
        }
        Command::User(UserCommand::Disable { db, name }) => {
            let revoked = xaso_server::disable_user(&open(&db)?, &name)?;
            println!(
                "Đã khoá {name}: đã thu hồi {revoked} thiết bị, không đăng nhập được nữa cho tới                  `user enable` / disabled {name}: {revoked} devices revoked, no sign-in until                  `user enable`."
            );
        }
        Command::User(UserCommand::Enable { db, name }) => {
            if xaso_server::enable_user(&open(&db)?, &name)? {
                println!(
                    "Đã mở lại {name}: có thể đăng nhập lại (các thiết bị cũ vẫn bị thu hồi) /                      enabled {name}: may sign in again (old devices stay revoked)."
                );
            } else {
                println!("{name} không bị khoá / {name} was not disabled.");
            }
        }
        Command::User(UserCommand::List { db }) => {
            for u in xaso_server::list_users(&open(&db)?)? {
                let state = match u.disabled_at {
                    Some(at) => format!("disabled {}", at.to_rfc3339()),
                    None => "enabled".to_owned(),
                };
                println!(
                    "{}\t{}\t{}\t{}\t{state}",
                    u.name,
                    u.display_name,
                    u.role.as_str(),
                    u.unit.as_deref().unwrap_or("-")
                );
            }
        }
        Command::Device(DeviceCommand::List { db, user }) => {
            for d in xaso_server::list_devices(&open(&db)?, user.as_deref())? {
                let state = match (d.revoked_reason, d.signed_in) {
                    (Some(Revocation::Replaced), _) => "replaced",
                    (Some(Revocation::AccountDisabled), _) => "revoked (account disabled)",
                    (Some(Revocation::PasswordReset), _) => "revoked (password reset)",
                    (Some(Revocation::Device), _) => "revoked",
                    (None, _) if d.revoked_at.is_some() => "revoked",
                    (None, true) => "signed-in",
                    (None, false) => "signed-out",
                };
                let seen = d.last_seen_at.map(|t| t.to_rfc3339()).unwrap_or_else(|| "-".into());
                println!("{}\t{}\t{}\t{state}\tlast seen {seen}", d.id, d.user, d.name);
            }
        }
        Command::Backup { db, to } => {
            let path = sqlite_path(&db)?;
            let id = xaso_server::history::backup_sqlite(&path, &to)
                .with_context(|| format!("while backing up to {}", to.display()))?;
            println!("Đã sao lưu vào / backed up to {} (lịch sử / history {id}).", to.display());
        }
        Command::Restore { db, from } => {
            let path = sqlite_path(&db)?;
            let (id, aside) = xaso_server::history::restore_sqlite(&path, &from)
                .with_context(|| format!("while restoring {}", from.display()))?;
            if let Some(aside) = aside {
                println!("Tệp cũ được giữ ở / the replaced file is kept as {}", aside.display());
            }
            println!(
                "Đã khôi phục; lịch sử mới {id}: các máy sẽ tự đối chiếu khi đồng bộ / restored; \
                 new history {id}: laptops reconcile at their next sync."
            );
        }
        Command::NewHistory { db } => {
            let id = xaso_server::history::new_history(&open(&db)?)?;
            println!(
                "Lịch sử mới / new history: {id}. Các máy sẽ gửi lại và tải lại khi đồng bộ / \
                 laptops re-send and pull again at their next sync."
            );
        }
        Command::User(UserCommand::Unlock { db, name }) => {
            let kind = xaso_server::throttle::Kind::Account;
            if xaso_server::throttle::unlock(&open(&db)?, kind, &name)? {
                println!("Đã mở khóa đăng nhập / sign-in unlocked for {name}.");
            } else {
                println!("Không có gì để mở khóa / nothing to unlock for {name}.");
            }
        }
        Command::Address(AddressCommand::Unlock { db, address }) => {
            let kind = xaso_server::throttle::Kind::Address;
            if xaso_server::throttle::unlock(&open(&db)?, kind, &address)? {
                println!("Đã mở khóa đăng nhập / sign-in unlocked for {address}.");
            } else {
                println!("Không có gì để mở khóa / nothing to unlock for {address}.");
            }
        }
        Command::Device(DeviceCommand::Revoke { db, id }) => {
            let storage = open(&db)?;
            xaso_server::revoke_device(&storage, id)?;
            let user = xaso_server::list_devices(&storage, None)?
                .into_iter()
                .find(|d| d.id == id)
                .map_or_else(|| "…".to_owned(), |d| d.user);
            println!("Đã thu hồi thiết bị / device revoked: {id} ({user})");
            println!(
                "{user} vẫn đăng nhập được trên một máy khác bằng mật khẩu của mình; để chặn: \
                 `xaso-server user reset-password --name {user}` (mật khẩu mới) hoặc \
                 `xaso-server user disable --name {user}` (khoá tài khoản)."
            );
            println!(
                "{user} can still enrol another laptop with their password; to stop that: \
                 `xaso-server user reset-password --name {user}` (a new password) or \
                 `xaso-server user disable --name {user}` (disable the account)."
            );
        }
    }
    Ok(())
}

/// Ctrl-C or SIGTERM: stop accepting, finish what is in flight.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
