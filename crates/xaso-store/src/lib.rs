//! The local SQLite store of Xã Số.
//!
//! It owns the database file of one installation: opening it safely (PRAGMAs, integrity
//! check, refusing a file written by a newer version), the append-only migrations from
//! `migrations/client/`, one module per table, the change [`outbox`], diacritics-free
//! full-text search, backups, and the client side of [`sync`] (applying pulled pages,
//! acknowledging pushes, conflicts and refused changes).
//!
//! The one rule it exists to keep: **every write to a synced table goes through
//! [`Store::write`], whose [`Changes`] appends the matching outbox entries in the same
//! transaction.** Table modules expose reads to everyone but their writes only on a write
//! handle that [`Changes`] gives out (`changes.tasks()`, `changes.materials()`, …), so
//! there is no other path that writes a synced row.
//!
//! It deliberately knows nothing of the UI, the network or use cases: those are
//! `xaso-core` and `xaso-sync`.

mod backup;
mod changes;
pub mod conflicts;
pub mod dead_letters;
mod error;
pub mod estimates;
pub mod feed;
pub mod indicators;
pub mod meta;
mod migrate;
pub mod milestones;
pub mod norms;
pub mod outbox;
pub mod plans;
pub mod reports;
mod rows;
pub mod secrets;
pub mod set_aside;
pub(crate) mod sql;
pub mod sync;
pub mod tasks;
pub mod training;
pub mod transitions;
pub mod units;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use backup::{BackupInfo, Backups};
pub use changes::Changes;
pub use error::{OpenError, StoreError};
pub use migrate::SCHEMA_VERSION;
pub use secrets::{FileSecrets, MemorySecrets, SecretError, SecretKind, SecretStore};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open, checked, migrated database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Which synced tables and columns this database has (read on first pull).
    sync_schema: std::cell::OnceCell<sync::SyncSchema>,
    /// Where the device token lives ([`Store::open_with`]); `None`: this connection has
    /// no token to give (tests, tools, a second look at a file).
    secrets: Option<Arc<dyn SecretStore>>,
    /// The data folder's canonical path: the secret names it.
    folder: Option<PathBuf>,
}

impl Store {
    /// Opens (creating if needed) the database at `path`, without a secret store: the
    /// sync settings carry no token, and a token an older version left in `local_meta`
    /// stays there until the app opens the file with [`Store::open_with`].
    ///
    /// In this order, so that a file we must refuse is never modified: read its schema
    /// version (refuse a newer one), check its integrity (refuse a damaged one), and only
    /// then switch on WAL and migrate.
    pub fn open(path: &Path) -> Result<Store, OpenError> {
        Self::open_file(path, None, Integrity::AtOpen)
    }

    /// Opens the database at `path` as the app does: as [`Store::open`], then the device
    /// token moves to `secrets` if an older version left it in the database (deleted with
    /// `secure_delete`, the file vacuumed, so neither it nor a later backup carries it),
    /// and a data folder copied from another machine or folder is noticed (see
    /// [`sync::SyncSettings::copied`]). The data folder is made 0700 and the file 0600.
    pub fn open_with(path: &Path, secrets: Arc<dyn SecretStore>) -> Result<Store, OpenError> {
        Self::open_settled(path, secrets, Integrity::AtOpen)
    }

    /// As [`Store::open_with`], but the integrity check, which reads every page of the
    /// file, is left to the caller ([`check_integrity`], on another connection and
    /// thread) so that the first screen does not wait for it — unless a migration is
    /// pending: a file is checked before it is upgraded.
    pub fn open_checking_later(
        path: &Path,
        secrets: Arc<dyn SecretStore>,
    ) -> Result<Store, OpenError> {
        Self::open_settled(path, secrets, Integrity::Later)
    }

    fn open_settled(
        path: &Path,
        secrets: Arc<dyn SecretStore>,
        integrity: Integrity,
    ) -> Result<Store, OpenError> {
        let mut store = Self::open_file(path, Some(secrets), integrity)?;
        sync::identity::settle(&mut store).map_err(|e| OpenError::Secret(path.to_owned(), e))?;
        Ok(store)
    }

    fn open_file(
        path: &Path,
        secrets: Option<Arc<dyn SecretStore>>,
        integrity: Integrity,
    ) -> Result<Store, OpenError> {
        let io = |e| OpenError::Io(path.to_owned(), e);
        let mut folder = None;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            private_dir(dir).map_err(io)?;
            folder = Some(std::fs::canonicalize(dir).map_err(io)?);
        }
        private_file(path).map_err(io)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| OpenError::classify(path, e))?;
        let mut store = Self::prepare(conn, Some(path.to_owned()), integrity)?;
        store.secrets = secrets;
        store.folder = folder;
        Ok(store)
    }

    /// A private database in memory, for tests and throw-away work.
    pub fn open_in_memory() -> Result<Store, OpenError> {
        let conn = Connection::open_in_memory()
            .map_err(|e| OpenError::classify(Path::new(":memory:"), e))?;
        Self::prepare(conn, None, Integrity::AtOpen)
    }

    /// A database in memory whose enrolment keeps its token in `secrets` (tests of sync).
    pub fn open_in_memory_with(secrets: Arc<dyn SecretStore>) -> Result<Store, OpenError> {
        let mut store = Self::open_in_memory()?;
        store.secrets = Some(secrets);
        store.folder = Some(PathBuf::from(":memory:"));
        Ok(store)
    }

    fn prepare(
        mut conn: Connection,
        path: Option<PathBuf>,
        integrity: Integrity,
    ) -> Result<Store, OpenError> {
        let at = path.clone().unwrap_or_else(|| PathBuf::from(":memory:"));
        let classify = |e| OpenError::classify(&at, e);
        conn.busy_timeout(Duration::from_secs(5)).map_err(classify)?;
        migrate::refuse_newer(&conn).map_err(|e| e.at(&at))?;
        let check_now = match integrity {
            Integrity::AtOpen => true,
            Integrity::Later => migrate::pending(&conn).map_err(classify)?,
        };
        if check_now {
            let problems = quick_check(&conn).map_err(classify)?;
            if !problems.is_empty() {
                return Err(OpenError::Corrupt { path: at, details: problems.join("; ") });
            }
        }
        conn.pragma_update(None, "journal_mode", "WAL").map_err(classify)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(classify)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(classify)?;
        // 32 MiB of page cache instead of SQLite's 2 MiB: a pulled page of 1 000 tasks
        // touches the tasks table, its ten indexes and the search index, which no longer fit
        // in 2 MiB and were read again from the file within the same transaction.
        conn.pragma_update(None, "cache_size", -32_768).map_err(classify)?;
        migrate::run(&mut conn).map_err(|e| e.at(&at))?;
        Ok(Store {
            conn,
            path,
            sync_schema: std::cell::OnceCell::new(),
            secrets: None,
            folder: None,
        })
    }

    /// The database file, or `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Read access for the table modules' query functions.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one immediate transaction. Every change it makes to a synced table is
    /// appended to the outbox in that same transaction; if `f` fails, neither the change
    /// nor its outbox entries remain.
    pub fn write<T>(
        &mut self,
        actor: &str,
        now: chrono::DateTime<chrono::Utc>,
        f: impl FnOnce(&mut Changes<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut changes = Changes::begin(&tx, actor, now)?;
        let out = f(&mut changes)?;
        changes.finish()?;
        tx.commit()?;
        Ok(out)
    }

    /// Local-only settings (never synced): written directly.
    pub fn meta(&self) -> meta::Meta<'_> {
        meta::Meta::new(&self.conn)
    }

    /// Replaces the reference list of units. City data arriving from outside (the bundled
    /// file now, a pull later) is not a local change, so it makes no outbox entries.
    pub fn replace_units(&mut self, units: &[xaso_domain::Unit]) -> Result<()> {
        let tx = self.conn.transaction()?;
        units::replace_all(&tx, units)?;
        tx.commit()?;
        Ok(())
    }

    /// Loads the bundled norms if the city has published none yet (city data: no outbox).
    pub fn seed_norms(&mut self, norms: &[xaso_domain::norm::Norm]) -> Result<()> {
        let tx = self.conn.transaction()?;
        norms::seed(&tx, norms)?;
        tx.commit()?;
        Ok(())
    }

    /// Loads the bundled KPI indicators into an empty table (see [`indicators`]).
    pub fn seed_indicators(&mut self, list: &[xaso_domain::kpi::Indicator]) -> Result<()> {
        let tx = self.conn.transaction()?;
        indicators::seed(&tx, list)?;
        tx.commit()?;
        Ok(())
    }

    /// Loads the bundled report forms into an empty table (see [`reports`]).
    pub fn seed_report_forms(&mut self, forms: &[xaso_domain::report::ReportForm]) -> Result<()> {
        let tx = self.conn.transaction()?;
        reports::seed_forms(&tx, forms)?;
        tx.commit()?;
        Ok(())
    }

    /// Asks for a file to be downloaded (a material opened or "download" pressed), or to
    /// be uploaded (a material published here). Local bookkeeping: no outbox.
    pub fn want_file(&mut self, sha256: &str, direction: training::Direction) -> Result<()> {
        training::want(
            &self.conn,
            sha256,
            direction,
            &xaso_domain::time::stored(chrono::Utc::now()),
        )
    }

    /// The file moved (downloaded and verified, or stored by the server).
    pub fn file_moved(&mut self, sha256: &str, direction: training::Direction) -> Result<()> {
        training::done(&self.conn, sha256, direction)
    }

    /// Keeps (or stops keeping) every material of a programme on this laptop.
    pub fn keep_offline(
        &mut self,
        programme_id: xaso_domain::ProgrammeId,
        keep: bool,
    ) -> Result<()> {
        training::set_keep_offline(&self.conn, programme_id, keep)
    }

    /// Stores the text extracted from a file (a PDF) for the library's search.
    pub fn set_file_text(&mut self, sha256: &str, text: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        training::set_file_text(&tx, sha256, text, &xaso_domain::time::stored(chrono::Utc::now()))?;
        tx.commit()?;
        Ok(())
    }

    /// `PRAGMA quick_check`: an empty list when the file is sound.
    pub fn quick_check(&self) -> Result<Vec<String>> {
        Ok(quick_check(&self.conn)?)
    }
}

/// Makes `dir` (and its parents) exist, and `dir` itself readable by its owner only
/// (Unix: 0700), correcting a folder an older version made 0755. A sticky shared folder
/// (`/tmp`) is never narrowed: it is not ours.
pub(crate) fn private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(dir)?.permissions().mode();
        if mode & 0o1000 == 0 && mode & 0o777 != 0o700 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}

/// Creates the database file 0600 if it is missing (SQLite would make it 0644; its WAL
/// and shared-memory files take the database's mode), and corrects an existing one.
pub(crate) fn private_file(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
        match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                if std::fs::metadata(path)?.permissions().mode() & 0o777 != 0o600 {
                    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
                }
            }
            Err(e) => return Err(e),
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// When a store checks its file (`PRAGMA quick_check`).
#[derive(Clone, Copy, Debug)]
enum Integrity {
    /// Before anything else: a damaged file is refused.
    AtOpen,
    /// By the caller, with [`check_integrity`]; at open only before a migration.
    Later,
}

/// `PRAGMA quick_check` of the database at `path`, on a read-only connection of its own
/// (so the app's connection stays free while it reads every page): an empty list when
/// the file is sound.
pub fn check_integrity(path: &Path) -> rusqlite::Result<Vec<String>> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(5))?;
    quick_check(&conn)
}

fn quick_check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA quick_check")?;
    let rows =
        stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.into_iter().filter(|r| r != "ok").collect())
}
