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
}

/// How many changes wait to be pushed (the "pending changes" the status area shows).
pub fn pending_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))?)
}

/// The oldest `limit` pending changes.
pub fn oldest(conn: &Connection, limit: i64) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, op_id, partition, tbl, row_id, field, value, base_version, hlc
         FROM outbox ORDER BY seq LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
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
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
