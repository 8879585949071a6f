//! Applying one pulled page: the server's changes of one partition, in sequence order.
//!
//! Pulled rows are not local changes: nothing here touches the outbox. A field with a
//! pending local edit keeps the local value: that edit is newer, it will be pushed, and
//! the server decides between the two (a conflict both replicas then see).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, params};
use serde_json::{Map, Value as Json};
use xaso_domain::Hlc;
use xaso_proto::{Change, Page};

use xaso_domain::sync::MAX_CLOCK_AHEAD_MS;

use super::schema::{LocalTable, SyncSchema};
use crate::set_aside::{self, Why};
use crate::{Result, StoreError, feed, meta, outbox, tasks, training};

/// What one page did to this replica.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageApplied {
    /// Changes written (wholly or in part).
    pub applied: usize,
    /// Field changes not written because a local edit of the field waits to be pushed.
    pub kept_local: usize,
    /// Changes of tables or fields this version does not have, or of rows it never
    /// received: skipped (and logged) so one of them cannot stop the whole pull.
    pub ignored: usize,
    /// Changes this replica cannot store (see [`crate::set_aside`]): listed with their
    /// reason, and the cursor moves past them.
    pub set_aside: usize,
}

/// The clocks a page is applied with: this laptop's and, when the server sent it, the
/// server's (ms since the Unix epoch).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PullClock {
    pub now: DateTime<Utc>,
    pub server_ms: Option<u64>,
}

impl PullClock {
    /// The latest wall time a pulled HLC may move the local clock to: an honest change is
    /// never stamped further ahead of both clocks than the server allows
    /// ([`MAX_CLOCK_AHEAD_MS`]), so a later one (a forged clock, a laptop a year fast
    /// behind an older server) must not drag this replica's edits into the future.
    pub fn observe_limit_ms(&self) -> u64 {
        let now_ms = u64::try_from(self.now.timestamp_millis()).unwrap_or(0);
        now_ms.max(self.server_ms.unwrap_or(0)).saturating_add(MAX_CLOCK_AHEAD_MS)
    }
}

pub(crate) fn apply(
    conn: &Connection,
    schema: &SyncSchema,
    page: &Page,
    clock: PullClock,
) -> Result<PageApplied> {
    let mut out = PageApplied::default();
    let mut tasks_touched = BTreeSet::new();
    // What the window must re-read: each row and field once per page.
    let mut fed = BTreeSet::new();
    let mut newest: Option<Hlc> = None;
    let limit = clock.observe_limit_ms();
    let at = xaso_domain::time::stored(clock.now);
    for change in &page.changes {
        let Some(table) = schema.table(&change.table) else {
            tracing::warn!(table = %change.table, seq = change.seq, "pulled change of a table this version does not sync");
            out.ignored += 1;
            continue;
        };
        // A change writes its row with one statement, the last thing that can fail: one
        // that cannot be stored is undone by SQLite alone (a statement is atomic), then set
        // aside, and the rest of the page commits with its cursor. (A savepoint per change
        // did the same at twice the cost of the whole apply: every page it touched was
        // copied to the statement journal.)
        let written = match apply_change(conn, table, &page.partition, change) {
            Ok(w) => w,
            Err(e) => {
                let Some(why) = unappliable(&e) else { return Err(e) };
                tracing::warn!(partition = %page.partition, seq = change.seq, table = %change.table, field = %change.field, code = why.code, "a pulled change cannot be applied here: set aside ({e})");
                set_aside::record(conn, &page.partition, change, &why, &at)?;
                out.set_aside += 1;
                continue;
            }
        };
        match change.hlc.parse::<Hlc>() {
            Ok(h) if h.wall_ms > limit => tracing::warn!(
                seq = change.seq,
                "pulled change stamped too far ahead of both clocks: its clock is not adopted"
            ),
            Ok(h) => newest = newest.max(Some(h)),
            Err(e) => tracing::warn!(seq = change.seq, "pulled change with a bad clock: {e}"),
        }
        if matches!(written, Written::Yes | Written::NewIndexed) {
            fed.insert((table.name(), change.row_id.as_str(), change.field.as_str()));
        }
        match written {
            Written::Yes | Written::NewIndexed => out.applied += 1,
            Written::KeptLocal => out.kept_local += 1,
            Written::Ignored => out.ignored += 1,
        }
        if matches!(written, Written::Yes | Written::KeptLocal) && table.name() == tasks::TABLE {
            tasks_touched.insert(change.row_id.as_str());
        }
    }
    for id in tasks_touched {
        tasks::queue_reindex(conn, id)?;
    }
    if !fed.is_empty() {
        for (table, row_id, field) in fed {
            feed::record(conn, table, row_id, field, feed::Why::Pulled)?;
        }
        feed::prune(conn)?;
    }
    pass_held(conn, schema, &page.partition, page.cursor)?;
    conn.prepare_cached(
        "INSERT INTO sync_cursors (partition, cursor) VALUES (?1, ?2)
         ON CONFLICT (partition) DO UPDATE SET cursor = excluded.cursor",
    )?
    .execute(params![page.partition, page.cursor])?;
    if let Some(remote) = newest {
        // Later local edits must order after everything this replica has seen.
        let now_ms = u64::try_from(clock.now.timestamp_millis()).unwrap_or(0);
        meta::set_hlc(conn, Hlc::observe(meta::hlc(conn)?, remote, now_ms))?;
    }
    Ok(out)
}

/// The changes of this laptop's own that the server left out of the pages up to `cursor`
/// (see `ack::hold`): their rows' versions rise to them, as if they had been pulled back
/// (a later edit's base version is then what it was before the server stopped sending
/// them), and they are forgotten. One statement per table, not one per row.
fn pass_held(conn: &Connection, schema: &SyncSchema, partition: &str, cursor: i64) -> Result<()> {
    let tables = conn
        .prepare_cached("SELECT DISTINCT tbl FROM sync_held WHERE partition = ?1 AND seq <= ?2")?
        .query_map(params![partition, cursor], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for name in tables {
        if let Some(table) = schema.table(&name) {
            table.raise_versions_held(conn, partition, cursor)?;
        }
    }
    conn.prepare_cached("DELETE FROM sync_held WHERE partition = ?1 AND seq <= ?2")?
        .execute(params![partition, cursor])?;
    Ok(())
}

/// One change, with what it makes the search index do.
fn apply_change(
    conn: &Connection,
    table: &LocalTable,
    partition: &str,
    change: &Change,
) -> Result<Written> {
    let written = if change.field == "*" {
        apply_row(conn, table, partition, change)?
    } else {
        apply_field(conn, table, change)?
    };
    if written != Written::Ignored && table.name() == training::MATERIALS {
        training::queue_reindex(conn, &change.row_id)?;
    }
    Ok(written)
}

/// Whether `e` means this change can never be stored here (and so is set aside), rather
/// than that the database failed (busy, full, broken: the page is tried again).
fn unappliable(e: &StoreError) -> Option<Why> {
    use rusqlite::ErrorCode::{ConstraintViolation, TooBig, TypeMismatch};
    match e {
        StoreError::Unappliable(why) => Some(why.clone()),
        StoreError::Sqlite(sql) => match sql.sqlite_error_code() {
            Some(ConstraintViolation | TypeMismatch | TooBig) => Some(Why {
                code: "refused_by_local_schema",
                vi: format!(
                    "Cơ sở dữ liệu của máy này không nhận giá trị này (quy tắc của bảng: {sql})."
                ),
                en: format!(
                    "This computer's database does not accept this value (a rule of the table: {sql})."
                ),
            }),
            _ => None,
        },
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    Yes,
    /// A new row, already in the search index.
    NewIndexed,
    KeptLocal,
    Ignored,
}

/// A whole row (`*`): inserted if new here; otherwise its fields without a pending local
/// edit are updated.
fn apply_row(
    conn: &Connection,
    table: &LocalTable,
    partition: &str,
    change: &Change,
) -> Result<Written> {
    let Json::Object(row) = &change.value else {
        return Err(StoreError::Unappliable(Why {
            code: "not_a_row",
            vi: "Dòng mới nhận về không phải là một bản ghi (đối tượng JSON).".into(),
            en: "The new row received is not a record (a JSON object).".into(),
        }));
    };
    match table.version_of(conn, &change.row_id)? {
        None => {
            let mut cols = known_columns(table, row)?;
            // A conflict lives in the partition of the row in conflict: the page's.
            if table.field("partition").is_none() && table.local_column("partition").is_some() {
                cols.push(("partition", Value::Text(partition.to_owned())));
            }
            let rowid = table.insert(conn, &change.row_id, change.seq, &cols)?;
            if table.name() == tasks::TABLE {
                let text = |name: &str| match cols.iter().find(|(n, _)| *n == name) {
                    Some((_, Value::Text(t))) => Some(t.as_str()),
                    _ => None,
                };
                tasks::index_new(conn, rowid, text)?;
                return Ok(Written::NewIndexed);
            }
        }
        Some(_) => {
            let mut cols = known_columns(table, row)?;
            // One query for the row's pending fields, not one per column.
            let pending = outbox::pending_fields(conn, table.name(), &change.row_id)?;
            cols.retain(|(name, _)| !pending.iter().any(|p| p == name));
            table.update(conn, &change.row_id, &cols, Some(change.seq))?;
        }
    }
    Ok(Written::Yes)
}

/// The fields of a pulled row this database has, as SQL values.
fn known_columns(
    table: &LocalTable,
    row: &Map<String, Json>,
) -> Result<Vec<(&'static str, Value)>> {
    let mut cols = Vec::with_capacity(row.len());
    for (name, value) in row {
        if let Some(field) = table.field(name) {
            cols.push((field, table.to_sql(field, value)?));
        }
    }
    Ok(cols)
}

/// One field of a row.
fn apply_field(conn: &Connection, table: &LocalTable, change: &Change) -> Result<Written> {
    let Some(field) = table.field(&change.field) else {
        tracing::warn!(table = table.name(), field = %change.field, "pulled change of a field this version does not have");
        return Ok(Written::Ignored);
    };
    if table.version_of(conn, &change.row_id)?.is_none() {
        // Its row was never received (refused here, or outside what this device reads).
        tracing::warn!(table = table.name(), row = %change.row_id, "pulled change of a row this replica does not have");
        return Ok(Written::Ignored);
    }
    if outbox::has_pending(conn, table.name(), &change.row_id, field, 0)? {
        table.update(conn, &change.row_id, &[], Some(change.seq))?;
        return Ok(Written::KeptLocal);
    }
    let value = table.to_sql(field, &change.value)?;
    table.update(conn, &change.row_id, &[(field, value)], Some(change.seq))?;
    Ok(Written::Yes)
}
