//! The identity of the server's history, and backups that change it.
//!
//! Every change a server stores gets the next sequence number of its partition, and a
//! laptop remembers how far it has pulled. After a restore from a backup (or any loss of
//! the last writes) those numbers start again from an earlier point and would be given
//! to new, different changes: a laptop whose cursor is past them would never receive
//! them, and the changes it had pushed since the backup would be gone. So the server has
//! a *history id* (`server_meta.history`, a UUIDv7 made when the database is created),
//! sent in every pull answer, and it changes whenever the history may have been rolled
//! back: a backup carries a new one (so restoring it by copying the file back is noticed
//! too), and `restore` / `new-history` make another. A laptop that sees a new history id,
//! or a cursor beyond its partition's head, reconciles: it sends again what it had sent
//! (the server answers what it still has as a replay, and stores the rest) and pulls
//! everything again.
//!
//! With PostgreSQL, use its own tools (`pg_dump` / `pg_restore`, or a base backup and
//! WAL archive), then run `xaso-server new-history` on the restored database before
//! serving it.

use std::path::Path;

use uuid::Uuid;

use crate::storage::{Access, Result, Storage, StoreError, Tx};

const KEY: &str = "history";

/// The history id, if the database has one (every database [`Storage::open`] opened has).
pub(crate) fn read(tx: &mut dyn Tx) -> Result<Option<Uuid>> {
    match tx.meta(KEY)? {
        None => Ok(None),
        Some(text) => text
            .parse()
            .map(Some)
            .map_err(|_| StoreError::Corrupt(format!("server_meta.history {text:?}"))),
    }
}

/// Gives the database a history id if it has none (a new database, or one made before
/// history ids existed). Answers the id.
pub(crate) fn ensure(storage: &Storage) -> Result<Uuid> {
    storage.run_blocking(Access::Write, |tx| match read(tx)? {
        Some(id) => Ok(id),
        None => {
            let id = Uuid::now_v7();
            tx.set_meta(KEY, &id.to_string())?;
            Ok(id)
        }
    })
}

/// Gives the database a new history id: after a restore, so that every laptop
/// reconciles. Answers the new id.
pub fn new_history(storage: &Storage) -> Result<Uuid> {
    let id = Uuid::now_v7();
    storage.run_blocking(Access::Write, move |tx| tx.set_meta(KEY, &id.to_string()))?;
    tracing::info!(history = %id, "new history id: laptops will reconcile at their next sync");
    Ok(id)
}

/// The history id of the database (for `xaso-server status` and tests).
pub fn history_id(storage: &Storage) -> Result<Option<Uuid>> {
    storage.run_blocking(Access::Read, read)
}

/// A consistent copy of the running server's SQLite database at `to` (`VACUUM INTO`:
/// one read transaction, the server keeps serving), carrying a new history id of its own
/// so that a server restored from it is told apart from the one it was copied from.
pub fn backup_sqlite(database: &Path, to: &Path) -> Result<Uuid> {
    if to.exists() {
        return Err(StoreError::Open(format!(
            "{} đã có / already exists: chọn tên khác / choose another name",
            to.display()
        )));
    }
    let conn =
        rusqlite::Connection::open_with_flags(database, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| StoreError::Open(format!("{}: {e}", database.display())))?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    conn.execute("VACUUM INTO ?1", [to.display().to_string()])?;
    drop(conn);
    let copy = rusqlite::Connection::open(to)?;
    let id = Uuid::now_v7();
    copy.execute(
        "INSERT INTO server_meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [KEY, &id.to_string()],
    )?;
    Ok(id)
}

/// Puts the SQLite backup `from` in place of `database` (the server must be stopped),
/// keeping the replaced file beside it as `<name>.replaced-<time>`, and gives the
/// restored database a new history id. Answers the new id and where the old file went.
pub fn restore_sqlite(database: &Path, from: &Path) -> Result<(Uuid, Option<std::path::PathBuf>)> {
    // Check the backup is a database of ours before touching anything.
    {
        let conn =
            rusqlite::Connection::open_with_flags(from, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .map_err(|e| StoreError::Open(format!("{}: {e}", from.display())))?;
        let ok: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if ok != "ok" {
            return Err(StoreError::Corrupt(format!("{}: {ok}", from.display())));
        }
        conn.query_row("SELECT count(*) FROM changes", [], |r| r.get::<_, i64>(0))?;
    }
    let moved = if database.exists() {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let aside = database.with_file_name(format!(
            "{}.replaced-{stamp}",
            database.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
        ));
        std::fs::rename(database, &aside).map_err(|e| StoreError::Open(e.to_string()))?;
        for suffix in ["-wal", "-shm"] {
            let side = std::path::PathBuf::from(format!("{}{suffix}", database.display()));
            if side.exists() {
                let to = std::path::PathBuf::from(format!("{}{suffix}", aside.display()));
                std::fs::rename(&side, &to).map_err(|e| StoreError::Open(e.to_string()))?;
            }
        }
        Some(aside)
    } else {
        None
    };
    std::fs::copy(from, database).map_err(|e| StoreError::Open(e.to_string()))?;
    let storage = Storage::open(&database.display().to_string())?;
    let id = new_history(&storage)?;
    Ok((id, moved))
}
