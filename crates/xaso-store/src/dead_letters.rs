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

/// A refused status change is one thing to the person who made it, though it is two ops:
/// the `status` field and the new row of the task's history recording it. The history
/// row is its *companion*: not listed or counted on its own, and dismissed with it.
const NOT_A_COMPANION: &str = "NOT (d.tbl = 'task_transitions' AND d.field = '*' AND EXISTS (
         SELECT 1 FROM dead_letters s
         WHERE s.tbl = 'tasks' AND s.field = 'status' AND s.row_id = d.value ->> '$.task_id'))";

/// Every refused change, newest first (companions folded into their status change).
pub fn list(conn: &Connection) -> Result<Vec<DeadLetter>> {
    let sql = format!(
        "SELECT op_id, partition, tbl, row_id, field, value, hlc, code, reason_vi, reason_en,
                rejected_at
         FROM dead_letters d WHERE {NOT_A_COMPANION} ORDER BY rejected_at DESC, hlc DESC"
    );
    crate::sql::all(conn, &sql, [], |r| {
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
    })
}

/// How many refused changes [`list`] shows.
pub fn count(conn: &Connection) -> Result<i64> {
    let sql = format!("SELECT count(*) FROM dead_letters d WHERE {NOT_A_COMPANION}");
    Ok(conn.prepare_cached(&sql)?.query_row([], |r| r.get(0))?)
}

/// Takes a refused change off the list once its person has read it, with its companion
/// (see [`NOT_A_COMPANION`]). The row is not touched (it already shows the server's value
/// when the answer carried one) and nothing is pushed. False when there was no such entry
/// (dismissed already).
pub fn dismiss(conn: &Connection, op_id: &str) -> Result<bool> {
    conn.prepare_cached(
        "DELETE FROM dead_letters
         WHERE tbl = 'task_transitions' AND field = '*' AND value ->> '$.task_id' IN (
             SELECT row_id FROM dead_letters WHERE op_id = ?1 AND tbl = 'tasks' AND field = 'status')
           AND NOT EXISTS (
             SELECT 1 FROM dead_letters o
             WHERE o.op_id <> ?1 AND o.tbl = 'tasks' AND o.field = 'status'
               AND o.row_id = dead_letters.value ->> '$.task_id')",
    )?
    .execute([op_id])?;
    Ok(conn.prepare_cached("DELETE FROM dead_letters WHERE op_id = ?1")?.execute([op_id])? > 0)
}
