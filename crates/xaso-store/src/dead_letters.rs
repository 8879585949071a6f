//! `dead_letters`: local changes the server refused for good, with its reason. Local only:
//! they are shown to the person who made them and never pushed again, until the person
//! dismisses one (it has been read, or redone another way).

use rusqlite::Connection;
use serde_json::Value as Json;

use crate::Result;

#[derive(Debug, Clone, PartialEq)]
pub struct DeadLetter {
    pub op_id: String,
    pub partition: String,
    pub table: String,
    pub row_id: String,
    pub field: String,
    /// The value the change would have set (`*`: the whole new row).
    pub value: Json,
    pub hlc: String,
    /// The server's stable code (`forbidden`, `invalid`, …), for programs.
    pub code: String,
    pub reason_vi: String,
    pub reason_en: String,
    pub rejected_at: String,
}

/// Every refused change, newest first.
pub fn list(conn: &Connection) -> Result<Vec<DeadLetter>> {
    let mut stmt = conn.prepare_cached(
        "SELECT op_id, partition, tbl, row_id, field, value, hlc, code, reason_vi, reason_en, rejected_at
         FROM dead_letters ORDER BY rejected_at DESC, hlc DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        let value: String = r.get(5)?;
        Ok(DeadLetter {
            op_id: r.get(0)?,
            partition: r.get(1)?,
            table: r.get(2)?,
            row_id: r.get(3)?,
            field: r.get(4)?,
            value: serde_json::from_str(&value).unwrap_or(Json::String(value)),
            hlc: r.get(6)?,
            code: r.get(7)?,
            reason_vi: r.get(8)?,
            reason_en: r.get(9)?,
            rejected_at: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM dead_letters", [], |r| r.get(0))?)
}

/// Takes a refused change off the list once its person has read it. The row is not
/// touched (it already shows the server's value when the answer carried one) and nothing
/// is pushed. False when there was no such entry (dismissed already).
pub fn dismiss(conn: &Connection, op_id: &str) -> Result<bool> {
    Ok(conn.prepare_cached("DELETE FROM dead_letters WHERE op_id = ?1")?.execute([op_id])? > 0)
}
