//! Backups of the database file: `VACUUM INTO` copies (consistent, compact, made while
//! the app runs), one a day automatically, the newest [`Backups::KEEP`] kept; and restore.
//! A backup is 0600 in a 0700 folder (Unix) and carries no device token (the token is in
//! the secret store; [`Backups::forget_tokens`] takes it out of backups older versions
//! made).

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags};

use crate::{Result, Store, StoreError, migrate};

const PREFIX: &str = "xaso-";
const SUFFIX: &str = ".sqlite3";
const STAMP: &str = "%Y%m%dT%H%M%S%.3fZ";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupInfo {
    /// File name inside the backup folder (what the UI passes back to restore).
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub size_bytes: u64,
}

/// The backup folder of one database.
#[derive(Debug, Clone)]
pub struct Backups {
    dir: PathBuf,
}

impl Backups {
    /// How many backups are kept.
    pub const KEEP: usize = 7;

    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Newest first. Files that are not ours are ignored.
    pub fn list(&self) -> Result<Vec<BackupInfo>> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e.into()),
        };
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(stamp) = name.strip_prefix(PREFIX).and_then(|s| s.strip_suffix(SUFFIX)) else {
                continue;
            };
            let Ok(at) = NaiveDateTime::parse_from_str(stamp, STAMP) else { continue };
            out.push(BackupInfo {
                name,
                created_at: at.and_utc(),
                size_bytes: entry.metadata()?.len(),
            });
        }
        out.sort_by_key(|b| std::cmp::Reverse(b.created_at));
        Ok(out)
    }

    /// Backs `store` up now, then keeps only the newest [`Self::KEEP`].
    pub fn create(&self, store: &Store, now: DateTime<Utc>) -> Result<BackupInfo> {
        self.create_with(store.conn(), now)
    }

    /// The daily backup of the database file at `db`, made on a read-only connection of
    /// its own: the app's connection (and every command waiting on it) is not held while
    /// the file is copied. `None` when the newest backup is less than a day old.
    pub fn create_daily_of_file(
        &self,
        db: &Path,
        now: DateTime<Utc>,
    ) -> Result<Option<BackupInfo>> {
        if !self.due(now)? {
            return Ok(None);
        }
        let conn = Connection::open_with_flags(
            db,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        self.create_with(&conn, now).map(Some)
    }

    fn create_with(&self, conn: &Connection, now: DateTime<Utc>) -> Result<BackupInfo> {
        crate::private_dir(&self.dir)?;
        let name = format!("{PREFIX}{}{SUFFIX}", now.format(STAMP));
        let path = self.dir.join(&name);
        // VACUUM INTO refuses to overwrite, so a half-written file from a crash is
        // removed first; the name carries milliseconds, so it is never a good backup.
        let _ = std::fs::remove_file(&path);
        // Created 0600 before SQLite writes into it (it would make it 0644).
        crate::private_file(&path)?;
        let target =
            path.to_str().ok_or_else(|| StoreError::Invalid("backup path is not UTF-8".into()))?;
        conn.execute("VACUUM INTO ?1", [target])?;
        self.prune()?;
        let size_bytes = std::fs::metadata(&path)?.len();
        tracing::info!(backup = %name, size_bytes, "backed up the local store");
        Ok(BackupInfo { name, created_at: now, size_bytes })
    }

    /// Deletes the device token from every backup that an older version made with it
    /// (`secure_delete`, then `VACUUM`, so no free page keeps it). Answers how many
    /// backups held one. A backup that cannot be opened is left as it is.
    pub fn forget_tokens(&self) -> Result<usize> {
        let mut cleaned = 0;
        for backup in self.list()? {
            let path = self.dir.join(&backup.name);
            let forgot = (|| -> rusqlite::Result<bool> {
                let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
                let held: bool = conn
                    .query_row(
                        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'local_meta')
                         AND EXISTS (SELECT 1 FROM local_meta WHERE key = 'sync.token')",
                        [],
                        |r| r.get(0),
                    )
                    .unwrap_or(false);
                if held {
                    conn.pragma_update(None, "secure_delete", "ON")?;
                    conn.execute("DELETE FROM local_meta WHERE key = 'sync.token'", [])?;
                    conn.execute_batch("VACUUM")?;
                }
                Ok(held)
            })();
            match forgot {
                Ok(true) => cleaned += 1,
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(backup = %backup.name, "could not take the token out of a backup: {e}")
                }
            }
            crate::private_file(&path)?;
        }
        Ok(cleaned)
    }

    /// Backs up unless the newest backup is less than a day old.
    pub fn create_daily(&self, store: &Store, now: DateTime<Utc>) -> Result<Option<BackupInfo>> {
        if !self.due(now)? {
            return Ok(None);
        }
        self.create(store, now).map(Some)
    }

    /// No backup yet, or the newest is a day old.
    fn due(&self, now: DateTime<Utc>) -> Result<bool> {
        let newest = self.list()?.into_iter().next();
        Ok(newest.is_none_or(|b| now - b.created_at >= chrono::Duration::hours(24)))
    }

    fn prune(&self) -> Result<()> {
        for old in self.list()?.into_iter().skip(Self::KEEP) {
            std::fs::remove_file(self.dir.join(&old.name))?;
        }
        Ok(())
    }

    /// Checks that backup `name` is a sound database this version can open, without
    /// modifying it. Returns its path.
    pub fn verify(&self, name: &str) -> Result<PathBuf> {
        let known = self.list()?.into_iter().any(|b| b.name == name);
        if !known {
            return Err(StoreError::NotFound(format!("backup {name}")));
        }
        let path = self.dir.join(name);
        let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > migrate::SCHEMA_VERSION {
            return Err(StoreError::Invalid(format!(
                "backup {name} was written by a newer version"
            )));
        }
        let problems = crate::quick_check(&conn)?;
        if !problems.is_empty() {
            return Err(StoreError::Invalid(format!(
                "backup {name} is damaged: {}",
                problems.join("; ")
            )));
        }
        Ok(path)
    }

    /// Replaces the database file at `live` with backup `name`. The caller must have
    /// closed every connection to `live`. The file being replaced is not deleted: it is
    /// moved aside to `<live>.replaced-<time>` so nothing is ever lost by a restore.
    pub fn restore(&self, name: &str, live: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
        let source = self.verify(name)?;
        let tmp = live.with_extension("restoring");
        std::fs::copy(&source, &tmp)?;
        let aside =
            PathBuf::from(format!("{}.replaced-{}", live.display(), now.format("%Y%m%dT%H%M%SZ")));
        if live.exists() {
            std::fs::rename(live, &aside)?;
        }
        for ext in ["-wal", "-shm"] {
            let side = PathBuf::from(format!("{}{ext}", live.display()));
            if side.exists() {
                std::fs::rename(&side, PathBuf::from(format!("{}{ext}", aside.display())))?;
            }
        }
        std::fs::rename(&tmp, live)?;
        tracing::warn!(backup = %name, kept_aside = %aside.display(), "restored the local store from a backup");
        Ok(aside)
    }
}
