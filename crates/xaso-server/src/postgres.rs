//! The PostgreSQL backend, for a city that wants its server data in its own database.
//!
//! It uses the synchronous `postgres` crate on the storage's worker threads rather than
//! `tokio-postgres` on the executor: the sync logic is written once against the
//! synchronous [`Tx`] trait that SQLite (which has no async driver) also implements, and
//! a pool of worker threads each owning a client is all the pooling a city server needs.
//! Each worker's client runs its own small runtime on that thread, so nothing here ever
//! blocks an async task.
//!
//! Pushes run in READ COMMITTED and lock the rows of their partitions (`FOR UPDATE`, in
//! name order) before reading anything: two pushes to one partition are serialized, so
//! neither can miss the other's edit of a field, and each partition's sequence numbers
//! become visible in order. Pulls read one REPEATABLE READ snapshot. Batches are single
//! statements over `unnest` arrays; statements are prepared once per connection.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use postgres::{Client, IsolationLevel, Row, Statement};
use uuid::Uuid;
use xaso_domain::Unit;

use crate::pg_tls::{self, PgTarget};
use crate::storage::{
    Access, ChangeRecord, ChangesPage, Connection, Creation, DeviceInfo, DeviceRecord, FieldKey,
    FieldState, Held, Migration, PageScan, Result, Revocation, RowKey, SignInFailures, Storage,
    StoreError, Tx, UserRecord, Writes, latest, parse_role, redact,
};

const MIGRATIONS: &[Migration] = &[
    (1, include_str!("../../../migrations/server/postgres/0001_init.sql")),
    (2, include_str!("../../../migrations/server/postgres/0002_trust.sql")),
    (3, include_str!("../../../migrations/server/postgres/0003_accounts.sql")),
    (4, include_str!("../../../migrations/server/postgres/0004_abuse.sql")),
    (5, include_str!("../../../migrations/server/postgres/0005_perf.sql")),
];

/// Connections (and worker threads). Pushes to different partitions proceed in parallel.
const POOL: usize = 6;

pub(crate) fn open(url: &str) -> Result<Storage> {
    let target = Arc::new(
        pg_tls::target(url).map_err(|e| StoreError::Open(format!("{}: {e}", redact(url))))?,
    );
    warn_if_unverified(&target, url);
    // Connect and migrate on a thread of our own: the client drives a runtime of its own,
    // which must not happen on a thread that is already running async tasks.
    let migrated = std::thread::scope(|s| {
        s.spawn(|| -> Result<()> {
            let mut client = connect(&target, url)?;
            migrate(&mut client)
        })
        .join()
    });
    migrated.map_err(|_| StoreError::Open("the migration thread panicked".into()))??;
    let owned = url.to_owned();
    let connect: Arc<dyn Fn() -> Result<Box<dyn Connection>> + Send + Sync> = Arc::new(move || {
        Ok(Box::new(PgConn { client: connect(&target, &owned)?, statements: HashMap::new() })
            as Box<dyn Connection>)
    });
    Storage::start(redact(url), connect, POOL, 0, true)
}

fn connect(target: &PgTarget, url: &str) -> Result<Client> {
    target
        .config
        .connect(target.tls.clone())
        .map_err(|e| StoreError::Open(format!("{}: {}", redact(url), describe(&e))))
}

/// The error and its causes: a refused certificate is only named in the source.
fn describe(e: &postgres::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// A database on another machine reached without checking its certificate can be
/// intercepted: said once at start, with what to write instead.
fn warn_if_unverified(target: &PgTarget, url: &str) {
    let remote = target.config.get_hosts().iter().any(|host| match host {
        postgres::config::Host::Tcp(name) => {
            name != "localhost"
                && !name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
        }
        #[cfg(unix)]
        postgres::config::Host::Unix(_) => false,
    });
    if remote && !target.mode.verifies() {
        tracing::warn!(
            database = %redact(url),
            mode = ?target.mode,
            "the database's certificate is not checked: add sslmode=verify-full (and \
             sslrootcert=CA.pem for a city CA) to the URL"
        );
    }
}

/// Applies the pending migrations in one transaction, one server at a time (advisory
/// lock); refuses a newer schema before writing anything.
fn migrate(client: &mut Client) -> Result<()> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock(7306657)", &[])?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
           version bigint PRIMARY KEY,
           applied_at timestamptz NOT NULL DEFAULT now()
         )",
    )?;
    let current: i64 =
        tx.query_one("SELECT coalesce(max(version), 0) FROM schema_migrations", &[])?.get(0);
    let known = latest(MIGRATIONS);
    if current > known {
        return Err(StoreError::NewerSchema { found: current, known });
    }
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        tx.batch_execute(sql)?;
        tx.execute("INSERT INTO schema_migrations (version) VALUES ($1)", &[version])?;
    }
    tx.commit()?;
    Ok(())
}

struct PgConn {
    client: Client,
    /// Prepared statements of this connection, by SQL text.
    statements: HashMap<&'static str, Statement>,
}

impl Connection for PgConn {
    fn transaction(
        &mut self,
        access: Access,
        f: &mut dyn FnMut(&mut dyn Tx) -> Result<()>,
    ) -> Result<()> {
        let builder = self.client.build_transaction();
        let tx = match access {
            Access::Read => {
                builder.isolation_level(IsolationLevel::RepeatableRead).read_only(true).start()?
            }
            Access::Write => builder.isolation_level(IsolationLevel::ReadCommitted).start()?,
        };
        let mut pg = PgTx { tx, statements: &mut self.statements };
        f(&mut pg)?;
        pg.tx.commit()?;
        Ok(())
    }

    fn is_broken(&self) -> bool {
        self.client.is_closed()
    }
}

struct PgTx<'a> {
    tx: postgres::Transaction<'a>,
    statements: &'a mut HashMap<&'static str, Statement>,
}

impl PgTx<'_> {
    fn prepared(&mut self, sql: &'static str) -> Result<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.tx.prepare(sql)?;
        self.statements.insert(sql, s.clone());
        Ok(s)
    }

    fn query(
        &mut self,
        sql: &'static str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<Vec<Row>> {
        let s = self.prepared(sql)?;
        Ok(self.tx.query(&s, params)?)
    }

    fn execute(
        &mut self,
        sql: &'static str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<u64> {
        let s = self.prepared(sql)?;
        Ok(self.tx.execute(&s, params)?)
    }
}

fn user(r: &Row, at: usize) -> Result<UserRecord> {
    Ok(UserRecord {
        id: r.try_get(at)?,
        name: r.try_get(at + 1)?,
        display_name: r.try_get(at + 2)?,
        role: parse_role(r.try_get(at + 3)?)?,
        unit: r.try_get(at + 4)?,
        password_hash: r.try_get(at + 5)?,
        created_at: r.try_get(at + 6)?,
        disabled_at: r.try_get(at + 7)?,
    })
}

fn device(r: &Row, at: usize) -> Result<DeviceRecord> {
    Ok(DeviceRecord {
        id: r.try_get(at)?,
        user_id: r.try_get(at + 1)?,
        name: r.try_get(at + 2)?,
        token_hash: r.try_get(at + 3)?,
        created_at: r.try_get(at + 4)?,
        last_seen_at: r.try_get(at + 5)?,
        revoked_at: r.try_get(at + 6)?,
        revoked_reason: r.try_get::<_, Option<&str>>(at + 7)?.map(Revocation::parse).transpose()?,
    })
}

impl Tx for PgTx<'_> {
    fn upsert_units(&mut self, units: &[Unit]) -> Result<usize> {
        let codes: Vec<&str> = units.iter().map(|u| u.code.as_str()).collect();
        let names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
        let kinds: Vec<&str> = units.iter().map(|u| u.kind.as_str()).collect();
        let n = self.execute(
            "INSERT INTO units (code, name, kind)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind
             WHERE units.name <> excluded.name OR units.kind <> excluded.kind",
            &[&codes, &names, &kinds],
        )?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    fn unit_exists(&mut self, code: &str) -> Result<bool> {
        Ok(!self.query("SELECT 1 FROM units WHERE code = $1", &[&code])?.is_empty())
    }

    fn user_by_name(&mut self, name: &str) -> Result<Option<UserRecord>> {
        let rows = self.query(
            "SELECT id, name, display_name, role, unit_code, password_hash, created_at, disabled_at
             FROM users WHERE name = $1",
            &[&name],
        )?;
        rows.first().map(|r| user(r, 0)).transpose()
    }

    fn insert_user(&mut self, u: &UserRecord) -> Result<()> {
        self.execute(
            "INSERT INTO users (id, name, display_name, role, unit_code, password_hash, created_at,
                                disabled_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                &u.id,
                &u.name,
                &u.display_name,
                &u.role.as_str(),
                &u.unit,
                &u.password_hash,
                &u.created_at,
                &u.disabled_at,
            ],
        )?;
        Ok(())
    }

    fn set_password_hash(&mut self, name: &str, hash: &str) -> Result<bool> {
        Ok(self.execute("UPDATE users SET password_hash = $2 WHERE name = $1", &[&name, &hash])?
            > 0)
    }

    fn users(&mut self) -> Result<Vec<UserRecord>> {
        self.query(
            "SELECT id, name, display_name, role, unit_code, password_hash, created_at, disabled_at
             FROM users ORDER BY name",
            &[],
        )?
        .iter()
        .map(|r| user(r, 0))
        .collect()
    }

    fn device(&mut self, id: Uuid) -> Result<Option<DeviceRecord>> {
        let rows = self.query(
            "SELECT id, user_id, name, token_hash, created_at, last_seen_at, revoked_at,
                    revoked_reason
             FROM devices WHERE id = $1",
            &[&id],
        )?;
        rows.first().map(|r| device(r, 0)).transpose()
    }

    fn save_device(&mut self, d: &DeviceRecord) -> Result<()> {
        self.execute(
            "INSERT INTO devices (id, user_id, name, token_hash, created_at, last_seen_at, revoked_at,
                                  revoked_reason)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, name = excluded.name,
               token_hash = excluded.token_hash, created_at = excluded.created_at,
               last_seen_at = excluded.last_seen_at, revoked_at = excluded.revoked_at,
               revoked_reason = excluded.revoked_reason",
            &[
                &d.id,
                &d.user_id,
                &d.name,
                &d.token_hash,
                &d.created_at,
                &d.last_seen_at,
                &d.revoked_at,
                &d.revoked_reason.map(Revocation::as_str),
            ],
        )?;
        Ok(())
    }

    fn devices(&mut self, user: Option<&str>) -> Result<Vec<DeviceInfo>> {
        self.query(
            "SELECT d.id, d.user_id, d.name, d.token_hash, d.created_at, d.last_seen_at,
                    d.revoked_at, d.revoked_reason, u.name
             FROM devices d JOIN users u ON u.id = d.user_id
             WHERE $1::text IS NULL OR u.name = $1 ORDER BY d.created_at, d.id",
            &[&user],
        )?
        .iter()
        .map(|r| {
            let d = device(r, 0)?;
            Ok(DeviceInfo {
                signed_in: d.signed_in(),
                id: d.id,
                name: d.name,
                user: r.try_get(8)?,
                created_at: d.created_at,
                last_seen_at: d.last_seen_at,
                revoked_at: d.revoked_at,
                revoked_reason: d.revoked_reason,
            })
        })
        .collect()
    }

    fn session(&mut self, token_hash: &str) -> Result<Option<(DeviceRecord, UserRecord)>> {
        let rows = self.query(
            "SELECT d.id, d.user_id, d.name, d.token_hash, d.created_at, d.last_seen_at,
                    d.revoked_at, d.revoked_reason, u.id, u.name, u.display_name, u.role,
                    u.unit_code, u.password_hash, u.created_at, u.disabled_at
             FROM devices d JOIN users u ON u.id = d.user_id
             WHERE d.token_hash = $1",
            &[&token_hash],
        )?;
        rows.first().map(|r| Ok((device(r, 0)?, user(r, 8)?))).transpose()
    }

    fn touch_device(&mut self, id: Uuid, now: DateTime<Utc>) -> Result<()> {
        let stale = now - chrono::Duration::minutes(1);
        self.execute(
            "UPDATE devices SET last_seen_at = $2
             WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < $3)",
            &[&id, &now, &stale],
        )?;
        Ok(())
    }

    fn set_disabled(&mut self, user: Uuid, at: Option<DateTime<Utc>>) -> Result<()> {
        self.execute("UPDATE users SET disabled_at = $2 WHERE id = $1", &[&user, &at])?;
        Ok(())
    }

    fn revoke_devices(&mut self, user: Uuid, at: DateTime<Utc>, why: Revocation) -> Result<usize> {
        let n = self.execute(
            "UPDATE devices SET revoked_at = $2, revoked_reason = $3
             WHERE user_id = $1 AND revoked_at IS NULL AND token_hash IS NOT NULL",
            &[&user, &at, &why.as_str()],
        )?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    fn lock_partitions(&mut self, names: &[String]) -> Result<BTreeMap<String, i64>> {
        let mut sorted = names.to_vec();
        sorted.sort();
        sorted.dedup();
        self.execute(
            "INSERT INTO partitions (name, last_seq)
             SELECT n, 0 FROM unnest($1::text[]) AS n ORDER BY n
             ON CONFLICT DO NOTHING",
            &[&sorted],
        )?;
        let rows = self.query(
            "SELECT name, last_seq FROM partitions WHERE name = ANY($1)
             ORDER BY name FOR UPDATE",
            &[&sorted],
        )?;
        rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
    }

    fn partitions(&mut self) -> Result<BTreeMap<String, i64>> {
        self.query("SELECT name, last_seq FROM partitions", &[])?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }

    fn op_results(&mut self, user: Uuid, ids: &[Uuid]) -> Result<HashMap<Uuid, String>> {
        self.query(
            "SELECT op_id, result FROM op_answers WHERE user_id = $1 AND op_id = ANY($2)",
            &[&user, &ids],
        )?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
    }

    fn row_partitions(&mut self, keys: &[RowKey]) -> Result<HashMap<RowKey, String>> {
        let tbls: Vec<&str> = keys.iter().map(|k| k.tbl.as_str()).collect();
        let ids: Vec<&str> = keys.iter().map(|k| k.row_id.as_str()).collect();
        self.query(
            "SELECT r.tbl, r.row_id, r.partition
             FROM rows r JOIN unnest($1::text[], $2::text[]) AS k(tbl, row_id)
               ON r.tbl = k.tbl AND r.row_id = k.row_id",
            &[&tbls, &ids],
        )?
        .iter()
        .map(|r| Ok((RowKey { tbl: r.try_get(0)?, row_id: r.try_get(1)? }, r.try_get(2)?)))
        .collect()
    }

    fn fields(&mut self, keys: &[FieldKey]) -> Result<HashMap<FieldKey, FieldState>> {
        let tbls: Vec<&str> = keys.iter().map(|k| k.tbl.as_str()).collect();
        let ids: Vec<&str> = keys.iter().map(|k| k.row_id.as_str()).collect();
        let names: Vec<&str> = keys.iter().map(|k| k.field.as_str()).collect();
        self.query(
            "SELECT f.tbl, f.row_id, f.field, f.value, f.version, f.hlc, f.device_id, f.actor
             FROM fields f JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(tbl, row_id, field)
               ON f.tbl = k.tbl AND f.row_id = k.row_id AND f.field = k.field",
            &[&tbls, &ids, &names],
        )?
        .iter()
        .map(|r| {
            let key = FieldKey { tbl: r.try_get(0)?, row_id: r.try_get(1)?, field: r.try_get(2)? };
            let state = FieldState {
                value: r.try_get(3)?,
                version: r.try_get(4)?,
                hlc: r.try_get(5)?,
                device_id: r.try_get(6)?,
                actor: r.try_get(7)?,
            };
            Ok((key, state))
        })
        .collect()
    }

    fn creations(&mut self, keys: &[RowKey]) -> Result<HashMap<RowKey, Creation>> {
        let tbls: Vec<&str> = keys.iter().map(|k| k.tbl.as_str()).collect();
        let ids: Vec<&str> = keys.iter().map(|k| k.row_id.as_str()).collect();
        self.query(
            "SELECT r.tbl, r.row_id, c.seq, c.value, c.hlc, c.device_id, c.actor
             FROM rows r JOIN unnest($1::text[], $2::text[]) AS k(tbl, row_id)
               ON r.tbl = k.tbl AND r.row_id = k.row_id
             JOIN changes c ON c.partition = r.partition AND c.seq = r.created_seq",
            &[&tbls, &ids],
        )?
        .iter()
        .map(|r| {
            let key = RowKey { tbl: r.try_get(0)?, row_id: r.try_get(1)? };
            let creation = Creation {
                seq: r.try_get(2)?,
                value: r.try_get(3)?,
                hlc: r.try_get(4)?,
                device_id: r.try_get(5)?,
                actor: r.try_get(6)?,
            };
            Ok((key, creation))
        })
        .collect()
    }

    fn write(&mut self, w: &Writes) -> Result<()> {
        if !w.rows.is_empty() {
            let tbls: Vec<&str> = w.rows.iter().map(|r| r.key.tbl.as_str()).collect();
            let ids: Vec<&str> = w.rows.iter().map(|r| r.key.row_id.as_str()).collect();
            let parts: Vec<&str> = w.rows.iter().map(|r| r.partition.as_str()).collect();
            let seqs: Vec<i64> = w.rows.iter().map(|r| r.created_seq).collect();
            self.execute(
                "INSERT INTO rows (tbl, row_id, partition, created_seq)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])",
                &[&tbls, &ids, &parts, &seqs],
            )?;
        }
        if !w.fields.is_empty() {
            let f = &w.fields;
            let tbls: Vec<&str> = f.iter().map(|(k, _)| k.tbl.as_str()).collect();
            let ids: Vec<&str> = f.iter().map(|(k, _)| k.row_id.as_str()).collect();
            let names: Vec<&str> = f.iter().map(|(k, _)| k.field.as_str()).collect();
            let values: Vec<&str> = f.iter().map(|(_, s)| s.value.as_str()).collect();
            let versions: Vec<i64> = f.iter().map(|(_, s)| s.version).collect();
            let hlcs: Vec<&str> = f.iter().map(|(_, s)| s.hlc.as_str()).collect();
            let devices: Vec<Uuid> = f.iter().map(|(_, s)| s.device_id).collect();
            let actors: Vec<&str> = f.iter().map(|(_, s)| s.actor.as_str()).collect();
            self.execute(
                "INSERT INTO fields (tbl, row_id, field, value, version, hlc, device_id, actor)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[],
                                      $5::bigint[], $6::text[], $7::uuid[], $8::text[])
                 ON CONFLICT (tbl, row_id, field) DO UPDATE SET value = excluded.value,
                   version = excluded.version, hlc = excluded.hlc,
                   device_id = excluded.device_id, actor = excluded.actor",
                &[&tbls, &ids, &names, &values, &versions, &hlcs, &devices, &actors],
            )?;
        }
        if !w.changes.is_empty() {
            let c = &w.changes;
            let parts: Vec<&str> = c.iter().map(|c| c.partition.as_str()).collect();
            let seqs: Vec<i64> = c.iter().map(|c| c.seq).collect();
            let tbls: Vec<&str> = c.iter().map(|c| c.tbl.as_str()).collect();
            let ids: Vec<&str> = c.iter().map(|c| c.row_id.as_str()).collect();
            let names: Vec<&str> = c.iter().map(|c| c.field.as_str()).collect();
            let values: Vec<&str> = c.iter().map(|c| c.value.as_str()).collect();
            let hlcs: Vec<&str> = c.iter().map(|c| c.hlc.as_str()).collect();
            let devices: Vec<Uuid> = c.iter().map(|c| c.device_id).collect();
            let actors: Vec<&str> = c.iter().map(|c| c.actor.as_str()).collect();
            let ops: Vec<Option<Uuid>> = c.iter().map(|c| c.op_id).collect();
            let as_sent: Vec<bool> = c.iter().map(|c| c.as_sent).collect();
            self.execute(
                "INSERT INTO changes (partition, seq, tbl, row_id, field, value, hlc, device_id,
                                      actor, op_id, as_sent)
                 SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[],
                                      $5::text[], $6::text[], $7::text[], $8::uuid[],
                                      $9::text[], $10::uuid[], $11::bool[])",
                &[
                    &parts, &seqs, &tbls, &ids, &names, &values, &hlcs, &devices, &actors, &ops,
                    &as_sent,
                ],
            )?;
        }
        if !w.ops.is_empty() {
            let ids: Vec<Uuid> = w.ops.iter().map(|(id, _)| *id).collect();
            let results: Vec<&str> = w.ops.iter().map(|(_, r)| r.as_str()).collect();
            self.execute(
                "INSERT INTO op_answers (user_id, op_id, result)
                 SELECT $1, * FROM unnest($2::uuid[], $3::text[])",
                &[&w.ops_user, &ids, &results],
            )?;
        }
        if !w.last_seqs.is_empty() {
            let names: Vec<&str> = w.last_seqs.iter().map(|(n, _)| n.as_str()).collect();
            let seqs: Vec<i64> = w.last_seqs.iter().map(|(_, s)| *s).collect();
            self.execute(
                "UPDATE partitions p SET last_seq = u.seq
                 FROM unnest($1::text[], $2::bigint[]) AS u(name, seq) WHERE p.name = u.name",
                &[&names, &seqs],
            )?;
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
        // First the lengths only, then the rows that fit.
        let mut scan = PageScan::new(after, limit, max_bytes, held);
        let scan_limit = scan.scan_limit(after);
        for row in self.query(
            "SELECT seq, octet_length(value), device_id, as_sent FROM changes
             WHERE partition = $1 AND seq > $2 ORDER BY seq LIMIT $3",
            &[&partition, &after, &scan_limit],
        )? {
            let (seq, len): (i64, i32) = (row.try_get(0)?, row.try_get(1)?);
            let len = usize::try_from(len).unwrap_or(usize::MAX);
            if !scan.next(seq, len, row.try_get(2)?, row.try_get(3)?) {
                break;
            }
        }
        let end = scan.end;
        let rows = if scan.skipped.is_empty() {
            self.query(
                "SELECT seq, tbl, row_id, field, value, hlc, device_id, actor, op_id, as_sent
                 FROM changes WHERE partition = $1 AND seq > $2 AND seq <= $3 ORDER BY seq",
                &[&partition, &after, &end],
            )?
        } else {
            // Held changes left out: only the others are read (and sent by PostgreSQL).
            self.query(
                "SELECT seq, tbl, row_id, field, value, hlc, device_id, actor, op_id, as_sent
                 FROM changes WHERE partition = $1 AND seq = ANY($2) ORDER BY seq",
                &[&partition, &scan.taken],
            )?
        };
        let changes = rows
            .iter()
            .map(|r| {
                Ok(ChangeRecord {
                    partition: partition.to_owned(),
                    seq: r.try_get(0)?,
                    tbl: r.try_get(1)?,
                    row_id: r.try_get(2)?,
                    field: r.try_get(3)?,
                    value: r.try_get(4)?,
                    hlc: r.try_get(5)?,
                    device_id: r.try_get(6)?,
                    actor: r.try_get(7)?,
                    op_id: r.try_get(8)?,
                    as_sent: r.try_get(9)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(ChangesPage { changes, end })
    }

    fn meta(&mut self, key: &str) -> Result<Option<String>> {
        Ok(self
            .query("SELECT value FROM server_meta WHERE key = $1", &[&key])?
            .first()
            .map(|r| r.try_get(0))
            .transpose()?)
    }

    fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.execute(
            "INSERT INTO server_meta (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&key, &value],
        )?;
        Ok(())
    }

    fn sign_in_failures(
        &mut self,
        kind: &str,
        key: &str,
        for_update: bool,
    ) -> Result<Option<SignInFailures>> {
        // Two failures at once must both count: the writer locks the row (a first failure
        // of a key has no row to lock; the second insert then fails UNIQUE and is retried).
        let rows = if for_update {
            self.query(
                "SELECT failures, last_failure_at, locked_at FROM sign_in_failures
                 WHERE kind = $1 AND key = $2 FOR UPDATE",
                &[&kind, &key],
            )?
        } else {
            self.query(
                "SELECT failures, last_failure_at, locked_at FROM sign_in_failures
                 WHERE kind = $1 AND key = $2",
                &[&kind, &key],
            )?
        };
        let Some(row) = rows.first() else { return Ok(None) };
        Ok(Some(SignInFailures {
            kind: kind.to_owned(),
            key: key.to_owned(),
            failures: row.try_get(0)?,
            last_failure_at: row.try_get(1)?,
            locked_at: row.try_get(2)?,
        }))
    }

    fn save_sign_in_failures(&mut self, record: &SignInFailures) -> Result<()> {
        self.execute(
            "INSERT INTO sign_in_failures (kind, key, failures, last_failure_at, locked_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (kind, key) DO UPDATE SET failures = excluded.failures,
               last_failure_at = excluded.last_failure_at, locked_at = excluded.locked_at",
            &[
                &record.kind,
                &record.key,
                &record.failures,
                &record.last_failure_at,
                &record.locked_at,
            ],
        )?;
        Ok(())
    }

    fn clear_sign_in_failures(&mut self, kind: &str, key: &str) -> Result<bool> {
        let n = self
            .execute("DELETE FROM sign_in_failures WHERE kind = $1 AND key = $2", &[&kind, &key])?;
        Ok(n > 0)
    }

    fn forget_sign_in_failures(&mut self, before: DateTime<Utc>) -> Result<usize> {
        let n = self.execute(
            "DELETE FROM sign_in_failures WHERE last_failure_at < $1 AND locked_at IS NULL",
            &[&before],
        )?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_migration_file_is_applied() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../migrations/server/postgres");
        let files = std::fs::read_dir(dir).unwrap().count();
        assert_eq!(files, MIGRATIONS.len(), "a file in {dir} is not listed in MIGRATIONS");
    }
}
