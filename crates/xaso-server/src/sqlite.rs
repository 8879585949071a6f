//! The embedded SQLite backend: one file, WAL, one writer thread and a few readers.
//!
//! SQLite allows one writer at a time anyway; giving writes their own thread (and
//! `BEGIN IMMEDIATE`) serializes pushes without busy-waiting, while pulls read a snapshot
//! in parallel. The batches of [`Tx`] are loops over cached statements here: in-process
//! statements cost microseconds, so multi-row SQL would buy nothing.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use uuid::Uuid;
use xaso_domain::Unit;

use crate::storage::{
    Access, ChangeRecord, ChangesPage, Connection, Creation, DeviceInfo, DeviceRecord, FieldKey,
    FieldState, Held, Migration, PageScan, Result, Revocation, RowKey, SignInFailures, Storage,
    StoreError, Tx, UserRecord, Writes, latest, parse_role,
};

const MIGRATIONS: &[Migration] = &[
    (1, include_str!("../../../migrations/server/sqlite/0001_init.sql")),
    (2, include_str!("../../../migrations/server/sqlite/0002_trust.sql")),
    (3, include_str!("../../../migrations/server/sqlite/0003_accounts.sql")),
    (4, include_str!("../../../migrations/server/sqlite/0004_abuse.sql")),
    (5, include_str!("../../../migrations/server/sqlite/0005_perf.sql")),
    (6, include_str!("../../../migrations/server/sqlite/0006_changes_rowid.sql")),
];

/// Read-only connections; pulls and token lookups run on them in parallel.
const READERS: usize = 3;

pub(crate) fn open(path: &Path) -> Result<Storage> {
    let mut conn = connect(path)?;
    migrate(&mut conn)?;
    drop(conn);
    let owned = path.to_owned();
    let connect: Arc<dyn Fn() -> Result<Box<dyn Connection>> + Send + Sync> =
        Arc::new(move || Ok(Box::new(SqliteConn(connect(&owned)?)) as Box<dyn Connection>));
    Storage::start(format!("sqlite:{}", path.display()), connect, 1, READERS, false)
}

fn connect(path: &Path) -> Result<rusqlite::Connection> {
    let conn = rusqlite::Connection::open(path)
        .map_err(|e| StoreError::Open(format!("{}: {e}", path.display())))?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // FULL: a commit is on disk before the answer goes out, so a power cut never takes
    // back a change a laptop was told was stored (with NORMAL, WAL may lose the last
    // transactions). BENCHMARKS.md has the cost; `XASO_SERVER_SQLITE_SYNCHRONOUS=normal`
    // is there for that measurement only.
    let synchronous = match std::env::var("XASO_SERVER_SQLITE_SYNCHRONOUS").as_deref() {
        Ok("normal") => "NORMAL",
        _ => "FULL",
    };
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = {synchronous};
         PRAGMA foreign_keys = ON;"
    ))?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// Applies the pending migrations in one transaction; refuses a newer schema before
/// writing anything.
fn migrate(conn: &mut rusqlite::Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
           version INTEGER PRIMARY KEY,
           applied_at TEXT NOT NULL
         )",
    )?;
    let current: i64 =
        tx.query_row("SELECT coalesce(max(version), 0) FROM schema_migrations", [], |r| r.get(0))?;
    let known = latest(MIGRATIONS);
    if current > known {
        return Err(StoreError::NewerSchema { found: current, known });
    }
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)",
            params![version, ts(Utc::now())],
        )?;
    }
    tx.commit()?;
    Ok(())
}

struct SqliteConn(rusqlite::Connection);

impl Connection for SqliteConn {
    fn transaction(
        &mut self,
        access: Access,
        f: &mut dyn FnMut(&mut dyn Tx) -> Result<()>,
    ) -> Result<()> {
        let behavior = match access {
            Access::Read => TransactionBehavior::Deferred,
            Access::Write => TransactionBehavior::Immediate,
        };
        let tx = self.0.transaction_with_behavior(behavior)?;
        f(&mut SqliteTx(&tx))?;
        tx.commit()?;
        Ok(())
    }

    fn is_broken(&self) -> bool {
        false
    }
}

struct SqliteTx<'a>(&'a rusqlite::Transaction<'a>);

fn ts(t: DateTime<Utc>) -> String {
    xaso_domain::time::stored(t)
}

fn parse_ts(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("timestamp {s:?}: {e}")))
}

fn parse_uuid(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|e| StoreError::Corrupt(format!("id {s:?}: {e}")))
}

const USER_COLUMNS: &str =
    "id, name, display_name, role, unit_code, password_hash, created_at, disabled_at";

type UserRow = (String, String, String, String, Option<String>, String, String, Option<String>);

fn user_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<UserRow> {
    user_row_at(r, 0)
}

fn user_row_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<UserRow> {
    eight_columns(r, at)
}

/// Eight columns from `at` as a tuple: the shape of a user's row and of a device's.
#[allow(clippy::type_complexity)]
fn eight_columns<A, B, C, D, E, F, G, H>(
    r: &rusqlite::Row<'_>,
    at: usize,
) -> rusqlite::Result<(A, B, C, D, E, F, G, H)>
where
    A: rusqlite::types::FromSql,
    B: rusqlite::types::FromSql,
    C: rusqlite::types::FromSql,
    D: rusqlite::types::FromSql,
    E: rusqlite::types::FromSql,
    F: rusqlite::types::FromSql,
    G: rusqlite::types::FromSql,
    H: rusqlite::types::FromSql,
{
    Ok((
        r.get(at)?,
        r.get(at + 1)?,
        r.get(at + 2)?,
        r.get(at + 3)?,
        r.get(at + 4)?,
        r.get(at + 5)?,
        r.get(at + 6)?,
        r.get(at + 7)?,
    ))
}

fn user(row: UserRow) -> Result<UserRecord> {
    let (id, name, display_name, role, unit, password_hash, created_at, disabled_at) = row;
    Ok(UserRecord {
        id: parse_uuid(&id)?,
        name,
        display_name,
        role: parse_role(&role)?,
        unit,
        password_hash,
        created_at: parse_ts(&created_at)?,
        disabled_at: disabled_at.as_deref().map(parse_ts).transpose()?,
    })
}

type DeviceRow = (
    String,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

const DEVICE_COLUMNS: &str = "d.id, d.user_id, d.name, d.token_hash, d.created_at, \
                              d.last_seen_at, d.revoked_at, d.revoked_reason";

fn device_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<DeviceRow> {
    eight_columns(r, at)
}

fn device(row: DeviceRow) -> Result<DeviceRecord> {
    let (id, user_id, name, token_hash, created_at, last_seen_at, revoked_at, reason) = row;
    Ok(DeviceRecord {
        id: parse_uuid(&id)?,
        user_id: parse_uuid(&user_id)?,
        name,
        token_hash,
        created_at: parse_ts(&created_at)?,
        last_seen_at: last_seen_at.as_deref().map(parse_ts).transpose()?,
        revoked_at: revoked_at.as_deref().map(parse_ts).transpose()?,
        revoked_reason: reason.as_deref().map(Revocation::parse).transpose()?,
    })
}

fn change(partition: &str, r: &rusqlite::Row<'_>) -> rusqlite::Result<(ChangeRecord, String)> {
    let device: String = r.get(6)?;
    Ok((
        ChangeRecord {
            partition: partition.to_owned(),
            seq: r.get(0)?,
            tbl: r.get(1)?,
            row_id: r.get(2)?,
            field: r.get(3)?,
            value: r.get(4)?,
            hlc: r.get(5)?,
            device_id: Uuid::nil(),
            actor: r.get(7)?,
            op_id: None,
            as_sent: r.get(8)?,
        },
        device,
    ))
}

impl Tx for SqliteTx<'_> {
    fn upsert_units(&mut self, units: &[Unit]) -> Result<usize> {
        let mut stmt = self.0.prepare_cached(
            "INSERT INTO units (code, name, kind) VALUES (?1, ?2, ?3)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind
             WHERE units.name <> excluded.name OR units.kind <> excluded.kind",
        )?;
        let mut n = 0;
        for u in units {
            n += stmt.execute(params![u.code.as_str(), u.name, u.kind.as_str()])?;
        }
        Ok(n)
    }

    fn unit_exists(&mut self, code: &str) -> Result<bool> {
        let mut stmt = self.0.prepare_cached("SELECT 1 FROM units WHERE code = ?1")?;
        Ok(stmt.exists([code])?)
    }

    fn user_by_name(&mut self, name: &str) -> Result<Option<UserRecord>> {
        let mut stmt =
            self.0.prepare_cached(&format!("SELECT {USER_COLUMNS} FROM users WHERE name = ?1"))?;
        stmt.query_row([name], user_row).optional()?.map(user).transpose()
    }

    fn insert_user(&mut self, u: &UserRecord) -> Result<()> {
        self.0.execute(
            &format!("INSERT INTO users ({USER_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
            params![
                u.id.to_string(),
                u.name,
                u.display_name,
                u.role.as_str(),
                u.unit,
                u.password_hash,
                ts(u.created_at),
                u.disabled_at.map(ts)
            ],
        )?;
        Ok(())
    }

    fn set_password_hash(&mut self, name: &str, hash: &str) -> Result<bool> {
        let n = self
            .0
            .execute("UPDATE users SET password_hash = ?2 WHERE name = ?1", params![name, hash])?;
        Ok(n > 0)
    }

    fn users(&mut self) -> Result<Vec<UserRecord>> {
        let mut stmt =
            self.0.prepare_cached(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY name"))?;
        let rows = stmt.query_map([], user_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(user).collect()
    }

    fn device(&mut self, id: Uuid) -> Result<Option<DeviceRecord>> {
        let mut stmt = self
            .0
            .prepare_cached(&format!("SELECT {DEVICE_COLUMNS} FROM devices d WHERE d.id = ?1"))?;
        stmt.query_row([id.to_string()], |r| device_row(r, 0)).optional()?.map(device).transpose()
    }

    fn save_device(&mut self, d: &DeviceRecord) -> Result<()> {
        self.0.execute(
            "INSERT INTO devices (id, user_id, name, token_hash, created_at, last_seen_at, revoked_at,
                                  revoked_reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, name = excluded.name,
               token_hash = excluded.token_hash, created_at = excluded.created_at,
               last_seen_at = excluded.last_seen_at, revoked_at = excluded.revoked_at,
               revoked_reason = excluded.revoked_reason",
            params![
                d.id.to_string(),
                d.user_id.to_string(),
                d.name,
                d.token_hash,
                ts(d.created_at),
                d.last_seen_at.map(ts),
                d.revoked_at.map(ts),
                d.revoked_reason.map(Revocation::as_str)
            ],
        )?;
        Ok(())
    }

    fn devices(&mut self, user: Option<&str>) -> Result<Vec<DeviceInfo>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {DEVICE_COLUMNS}, u.name FROM devices d JOIN users u ON u.id = d.user_id
             WHERE ?1 IS NULL OR u.name = ?1 ORDER BY d.created_at, d.id"
        ))?;
        let rows = stmt
            .query_map([user], |r| Ok((device_row(r, 0)?, r.get::<_, String>(8)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(d, user)| {
                let d = device(d)?;
                Ok(DeviceInfo {
                    signed_in: d.signed_in(),
                    id: d.id,
                    name: d.name,
                    user,
                    created_at: d.created_at,
                    last_seen_at: d.last_seen_at,
                    revoked_at: d.revoked_at,
                    revoked_reason: d.revoked_reason,
                })
            })
            .collect()
    }

    fn session(&mut self, token_hash: &str) -> Result<Option<(DeviceRecord, UserRecord)>> {
        let mut stmt = self.0.prepare_cached(&format!(
            "SELECT {DEVICE_COLUMNS}, u.id, u.name, u.display_name, u.role, u.unit_code,
                    u.password_hash, u.created_at, u.disabled_at
             FROM devices d JOIN users u ON u.id = d.user_id
             WHERE d.token_hash = ?1"
        ))?;
        let row = stmt
            .query_row([token_hash], |r| Ok((device_row(r, 0)?, user_row_at(r, 8)?)))
            .optional()?;
        row.map(|(d, u)| Ok((device(d)?, user(u)?))).transpose()
    }

    fn touch_device(&mut self, id: Uuid, now: DateTime<Utc>) -> Result<()> {
        let mut stmt = self.0.prepare_cached(
            "UPDATE devices SET last_seen_at = ?2
             WHERE id = ?1 AND (last_seen_at IS NULL OR last_seen_at < ?3)",
        )?;
        stmt.execute(params![id.to_string(), ts(now), ts(now - chrono::Duration::minutes(1))])?;
        Ok(())
    }

    fn set_disabled(&mut self, user: Uuid, at: Option<DateTime<Utc>>) -> Result<()> {
        self.0.execute(
            "UPDATE users SET disabled_at = ?2 WHERE id = ?1",
            params![user.to_string(), at.map(ts)],
        )?;
        Ok(())
    }

    fn revoke_devices(&mut self, user: Uuid, at: DateTime<Utc>, why: Revocation) -> Result<usize> {
        Ok(self.0.execute(
            "UPDATE devices SET revoked_at = ?2, revoked_reason = ?3
             WHERE user_id = ?1 AND revoked_at IS NULL AND token_hash IS NOT NULL",
            params![user.to_string(), ts(at), why.as_str()],
        )?)
    }

    fn lock_partitions(&mut self, names: &[String]) -> Result<BTreeMap<String, i64>> {
        // The write transaction (BEGIN IMMEDIATE) already holds SQLite's only write lock.
        let mut insert = self.0.prepare_cached(
            "INSERT INTO partitions (name, last_seq) VALUES (?1, 0) ON CONFLICT DO NOTHING",
        )?;
        let mut select =
            self.0.prepare_cached("SELECT last_seq FROM partitions WHERE name = ?1")?;
        let mut out = BTreeMap::new();
        for name in names {
            insert.execute([name])?;
            out.insert(name.clone(), select.query_row([name], |r| r.get(0))?);
        }
        Ok(out)
    }

    fn partitions(&mut self) -> Result<BTreeMap<String, i64>> {
        let mut stmt = self.0.prepare_cached("SELECT name, last_seq FROM partitions")?;
        Ok(stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?)
    }

    fn op_results(&mut self, user: Uuid, ids: &[Uuid]) -> Result<HashMap<Uuid, String>> {
        let mut stmt = self
            .0
            .prepare_cached("SELECT result FROM op_answers WHERE user_id = ?1 AND op_id = ?2")?;
        let user = user.to_string();
        let mut out = HashMap::new();
        for id in ids {
            if let Some(result) =
                stmt.query_row([&user, &id.to_string()], |r| r.get(0)).optional()?
            {
                out.insert(*id, result);
            }
        }
        Ok(out)
    }

    fn row_partitions(&mut self, keys: &[RowKey]) -> Result<HashMap<RowKey, String>> {
        let mut stmt =
            self.0.prepare_cached("SELECT partition FROM rows WHERE tbl = ?1 AND row_id = ?2")?;
        let mut out = HashMap::new();
        for key in keys {
            if let Some(p) = stmt.query_row([&key.tbl, &key.row_id], |r| r.get(0)).optional()? {
                out.insert(key.clone(), p);
            }
        }
        Ok(out)
    }

    fn fields(&mut self, keys: &[FieldKey]) -> Result<HashMap<FieldKey, FieldState>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT value, version, hlc, device_id, actor FROM fields
             WHERE tbl = ?1 AND row_id = ?2 AND field = ?3",
        )?;
        let mut out = HashMap::new();
        for key in keys {
            let row = stmt
                .query_row([&key.tbl, &key.row_id, &key.field], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?, r.get(4)?))
                })
                .optional()?;
            if let Some((value, version, hlc, device, actor)) = row {
                let device_id = parse_uuid(&device)?;
                out.insert(key.clone(), FieldState { value, version, hlc, device_id, actor });
            }
        }
        Ok(out)
    }

    fn creations(&mut self, keys: &[RowKey]) -> Result<HashMap<RowKey, Creation>> {
        let mut stmt = self.0.prepare_cached(
            "SELECT c.seq, c.value, c.hlc, c.device_id, c.actor
             FROM rows r JOIN changes c ON c.partition = r.partition AND c.seq = r.created_seq
             WHERE r.tbl = ?1 AND r.row_id = ?2",
        )?;
        let mut out = HashMap::new();
        for key in keys {
            let row = stmt
                .query_row([&key.tbl, &key.row_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?, r.get(4)?))
                })
                .optional()?;
            if let Some((seq, value, hlc, device, actor)) = row {
                let device_id = parse_uuid(&device)?;
                out.insert(key.clone(), Creation { seq, value, hlc, device_id, actor });
            }
        }
        Ok(out)
    }

    fn write(&mut self, w: &Writes) -> Result<()> {
        let mut rows = self.0.prepare_cached(
            "INSERT INTO rows (tbl, row_id, partition, created_seq) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for row in &w.rows {
            rows.execute(params![row.key.tbl, row.key.row_id, row.partition, row.created_seq])?;
        }
        let mut fields = self.0.prepare_cached(
            "INSERT INTO fields (tbl, row_id, field, value, version, hlc, device_id, actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (tbl, row_id, field) DO UPDATE SET value = excluded.value,
               version = excluded.version, hlc = excluded.hlc, device_id = excluded.device_id,
               actor = excluded.actor",
        )?;
        for (k, s) in &w.fields {
            fields.execute(params![
                k.tbl,
                k.row_id,
                k.field,
                s.value,
                s.version,
                s.hlc,
                s.device_id.to_string(),
                s.actor
            ])?;
        }
        let mut changes = self.0.prepare_cached(
            "INSERT INTO changes
               (partition, seq, tbl, row_id, field, value, hlc, device_id, actor, op_id, as_sent)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        for c in &w.changes {
            changes.execute(params![
                c.partition,
                c.seq,
                c.tbl,
                c.row_id,
                c.field,
                c.value,
                c.hlc,
                c.device_id.to_string(),
                c.actor,
                c.op_id.map(|id| id.to_string()),
                c.as_sent
            ])?;
        }
        let mut ops = self.0.prepare_cached(
            "INSERT INTO op_answers (user_id, op_id, result) VALUES (?1, ?2, ?3)",
        )?;
        let user = w.ops_user.to_string();
        for (id, result) in &w.ops {
            ops.execute([user.clone(), id.to_string(), result.clone()])?;
        }
        let mut seqs =
            self.0.prepare_cached("UPDATE partitions SET last_seq = ?2 WHERE name = ?1")?;
        for (name, seq) in &w.last_seqs {
            seqs.execute(params![name, seq])?;
        }
        Ok(())
    }

    fn changes_since(
        &mut self,
        partition: &str,
        after: i64,
        limit: usize,
        max_bytes: usize,
        held: Held<'_>,
    ) -> Result<ChangesPage> {
        // First the lengths only (streamed, nothing kept; `octet_length` of a column reads
        // its size from the record header, not the text), then the rows that fit.
        let mut scan = PageScan::new(after, limit, max_bytes, held);
        let mut lengths = self.0.prepare_cached(
            "SELECT seq, octet_length(value), device_id, as_sent FROM changes
             WHERE partition = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
        )?;
        let mut rows = lengths.query(params![partition, after, scan.scan_limit(after)])?;
        while let Some(row) = rows.next()? {
            let (seq, len): (i64, i64) = (row.get(0)?, row.get(1)?);
            let as_sent: bool = row.get(3)?;
            // The device is parsed only where it could matter.
            let device = if as_sent { parse_uuid(&row.get::<_, String>(2)?)? } else { Uuid::nil() };
            if !scan.next(seq, usize::try_from(len).unwrap_or(usize::MAX), device, as_sent) {
                break;
            }
        }
        drop(rows);
        let end = scan.end;
        // Only from the first change taken to the last: held ones around them (a pusher's
        // whole first push, when it pulls) are not read twice.
        let (Some(&first), Some(&last)) = (scan.taken.first(), scan.taken.last()) else {
            return Ok(ChangesPage { changes: Vec::new(), end });
        };
        let mut stmt = self.0.prepare_cached(
            "SELECT seq, tbl, row_id, field, value, hlc, device_id, actor, as_sent FROM changes
             WHERE partition = ?1 AND seq >= ?2 AND seq <= ?3 ORDER BY seq",
        )?;
        let mut rows = stmt.query(params![partition, first, last])?;
        let mut changes = Vec::new();
        while let Some(row) = rows.next()? {
            // A held change's value is never read.
            if scan.is_skipped(row.get(0)?) {
                continue;
            }
            let (mut c, device) = change(partition, row)?;
            c.device_id = parse_uuid(&device)?;
            changes.push(c);
        }
        Ok(ChangesPage { changes, end })
    }

    fn meta(&mut self, key: &str) -> Result<Option<String>> {
        let mut stmt = self.0.prepare_cached("SELECT value FROM server_meta WHERE key = ?1")?;
        Ok(stmt.query_row([key], |r| r.get(0)).optional()?)
    }

    fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.0
            .prepare_cached(
                "INSERT INTO server_meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute([key, value])?;
        Ok(())
    }

    fn sign_in_failures(
        &mut self,
        kind: &str,
        key: &str,
        _for_update: bool,
    ) -> Result<Option<SignInFailures>> {
        // SQLite's write transaction (BEGIN IMMEDIATE) already excludes other writers.
        let mut stmt = self.0.prepare_cached(
            "SELECT failures, last_failure_at, locked_at FROM sign_in_failures
             WHERE kind = ?1 AND key = ?2",
        )?;
        let row = stmt
            .query_row([kind, key], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?))
            })
            .optional()?;
        let Some((failures, last, locked)) = row else { return Ok(None) };
        Ok(Some(SignInFailures {
            kind: kind.to_owned(),
            key: key.to_owned(),
            failures,
            last_failure_at: parse_ts(&last)?,
            locked_at: locked.as_deref().map(parse_ts).transpose()?,
        }))
    }

    fn save_sign_in_failures(&mut self, record: &SignInFailures) -> Result<()> {
        self.0
            .prepare_cached(
                "INSERT INTO sign_in_failures (kind, key, failures, last_failure_at, locked_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (kind, key) DO UPDATE SET failures = excluded.failures,
                   last_failure_at = excluded.last_failure_at, locked_at = excluded.locked_at",
            )?
            .execute(params![
                record.kind,
                record.key,
                record.failures,
                ts(record.last_failure_at),
                record.locked_at.map(ts)
            ])?;
        Ok(())
    }

    fn clear_sign_in_failures(&mut self, kind: &str, key: &str) -> Result<bool> {
        let n = self
            .0
            .prepare_cached("DELETE FROM sign_in_failures WHERE kind = ?1 AND key = ?2")?
            .execute([kind, key])?;
        Ok(n > 0)
    }

    fn forget_sign_in_failures(&mut self, before: DateTime<Utc>) -> Result<usize> {
        Ok(self
            .0
            .prepare_cached(
                "DELETE FROM sign_in_failures WHERE last_failure_at < ?1 AND locked_at IS NULL",
            )?
            .execute([ts(before)])?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newer_schema_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sqlite3");
        let mut conn = connect(&path).unwrap();
        migrate(&mut conn).unwrap();
        conn.execute("INSERT INTO schema_migrations VALUES (999, 'x')", []).unwrap();
        drop(conn);
        let err = Storage::open(path.to_str().unwrap()).unwrap_err();
        assert!(matches!(err, StoreError::NewerSchema { found: 999, .. }), "{err}");
    }

    #[test]
    fn every_migration_file_is_applied() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../migrations/server/sqlite");
        let files = std::fs::read_dir(dir).unwrap().count();
        assert_eq!(files, MIGRATIONS.len(), "a file in {dir} is not listed in MIGRATIONS");
    }
}
