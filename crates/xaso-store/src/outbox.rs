//! `outbox`: the local changes waiting to be pushed to the city server, oldest first.
//!
//! Appended only by [`crate::Changes`], in the transaction that makes the change. The
//! sync engine reads it in `seq` order and removes what the server acknowledged.

use rusqlite::{Connection, params};
use serde_json::Value as Json;
use xaso_domain::{Hlc, OpId};

use crate::Result;

pub(crate) struct NewEntry<'a> {
    pub op_id: OpId,
    pub partition: String,
    pub table: &'a str,
    pub row_id: &'a str,
    pub field: &'a str,
    pub value: &'a Json,
    pub base_version: i64,
    pub hlc: Hlc,
}

pub(crate) fn append(conn: &Connection, e: &NewEntry<'_>, created_at: &str) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO outbox (op_id, partition, tbl, row_id, field, value, base_version, hlc, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    stmt.execute(params![
        e.op_id.to_string(),
        e.partition,
        e.table,
        e.row_id,
        e.field,
        e.value.to_string(),
        e.base_version,
        e.hlc.to_string(),
        created_at,
    ])?;
    Ok(())
}

/// One pending change, as the sync engine will push it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub seq: i64,
    pub op_id: String,
    pub partition: String,
    pub table: String,
    pub row_id: String,
    pub field: String,
    pub value: Json,
    pub base_version: i64,
    pub hlc: String,
    /// Queued again after the server's history was rolled back (see `sync::journal`).
    pub resent: bool,
}

/// How many changes wait to be pushed (the "pending changes" the status area shows).
pub fn pending_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))?)
}

/// The oldest `limit` pending changes.
pub fn oldest(conn: &Connection, limit: i64) -> Result<Vec<Entry>> {
    oldest_after(conn, i64::MIN, limit)
}

/// The oldest `limit` pending changes queued after the one numbered `after`.
pub fn oldest_after(conn: &Connection, after: i64, limit: i64) -> Result<Vec<Entry>> {
    crate::sql::all(
        conn,
        "SELECT seq, op_id, partition, tbl, row_id, field, value, base_version, hlc, resent
         FROM outbox WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        [after, limit],
        entry_from_row,
    )
}

fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    let value: String = r.get(6)?;
    Ok(Entry {
        seq: r.get(0)?,
        op_id: r.get(1)?,
        partition: r.get(2)?,
        table: r.get(3)?,
        row_id: r.get(4)?,
        field: r.get(5)?,
        value: serde_json::from_str(&value).unwrap_or(Json::String(value)),
        base_version: r.get(7)?,
        hlc: r.get(8)?,
        resent: r.get(9)?,
    })
}

/// The pending change with this op id, if it is still pending.
pub(crate) fn by_op_id(conn: &Connection, op_id: &str) -> Result<Option<Entry>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached(
            "SELECT seq, op_id, partition, tbl, row_id, field, value, base_version, hlc, resent
             FROM outbox WHERE op_id = ?1",
        )?
        .query_row([op_id], entry_from_row)
        .optional()?)
}

/// Removes an acknowledged change.
pub(crate) fn remove(conn: &Connection, seq: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM outbox WHERE seq = ?1")?.execute([seq])?;
    Ok(())
}

/// Whether a local change of this field is still waiting to be pushed (`after`: only one
/// made after the change `after`). A pending `*` does not count: it carries the values the
/// row was created with, which any later change of a field supersedes.
pub(crate) fn has_pending(
    conn: &Connection,
    table: &str,
    row_id: &str,
    field: &str,
    after: i64,
) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM outbox
              WHERE tbl = ?1 AND row_id = ?2 AND field = ?3 AND seq > ?4)",
        )?
        .query_row(params![table, row_id, field, after], |r| r.get(0))?)
}

/// The fields of a row with a local change waiting to be pushed (`*` aside: see
/// [`has_pending`]).
pub(crate) fn pending_fields(conn: &Connection, table: &str, row_id: &str) -> Result<Vec<String>> {
    crate::sql::all(
        conn,
        "SELECT DISTINCT field FROM outbox WHERE tbl = ?1 AND row_id = ?2 AND field != '*'",
        params![table, row_id],
        |r| r.get(0),
    )
}
