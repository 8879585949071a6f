//! Acknowledging the server's answers to a push: each answered op leaves the outbox.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use xaso_proto::{OpResult, Outcome, Reason};

use super::journal;
use super::schema::LocalTable;
use crate::outbox::{self, Entry};
use crate::{Result, tasks};

/// What a push's answers did to this replica.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Acknowledged {
    pub applied: usize,
    pub conflicts: usize,
    pub rejected: usize,
    /// Answers for ops no longer (or never) in the outbox: already acknowledged.
    pub unknown: usize,
}

pub(crate) fn acknowledge(
    conn: &Connection,
    results: &[OpResult],
    now: DateTime<Utc>,
) -> Result<Acknowledged> {
    let mut out = Acknowledged::default();
    journal::prune(conn, now)?;
    for result in results {
        let op_id = result.op_id.to_string();
        if let Outcome::Applied { seq } = result.outcome {
            // The common answer, without reading the op's value.
            let Some(sent) = applied_op(conn, &op_id)? else {
                out.unknown += 1;
                continue;
            };
            out.applied += 1;
            journal::record_applied(conn, sent.seq, now)?;
            outbox::remove(conn, sent.seq)?;
            if !sent.resent {
                hold(conn, &sent, seq)?;
            }
            continue;
        }
        let Some(entry) = outbox::by_op_id(conn, &op_id)? else {
            out.unknown += 1;
            continue;
        };
        outbox::remove(conn, entry.seq)?;
        match &result.outcome {
            Outcome::Applied { .. } => {}
            Outcome::Conflict { value, .. } => {
                out.conflicts += 1;
                journal::record(conn, &entry, now)?;
                keep_server_value(conn, &entry, value)?;
            }
            Outcome::Rejected { reason, current } => {
                out.rejected += 1;
                dead_letter(conn, &entry, reason, now)?;
                if let Some(current) = current {
                    keep_server_value(conn, &entry, &current.value)?;
                }
            }
        }
    }
    Ok(out)
}

/// An outbox entry answered `Applied`, as far as acknowledging it needs.
struct AppliedOp {
    seq: i64,
    partition: String,
    tbl: String,
    row_id: String,
    resent: bool,
}

fn applied_op(conn: &Connection, op_id: &str) -> Result<Option<AppliedOp>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached("SELECT seq, partition, tbl, row_id, resent FROM outbox WHERE op_id = ?1")?
        .query_row([op_id], |r| {
            Ok(AppliedOp {
                seq: r.get(0)?,
                partition: r.get(1)?,
                tbl: r.get(2)?,
                row_id: r.get(3)?,
                resent: r.get(4)?,
            })
        })
        .optional()?)
}

/// Remembers that this laptop holds change `seq` (its own op, applied as sent): its next
/// pulls name it (`PullRequest::held`) and the server need not send it back. Not for an
/// op sent again after a rollback of the server's history: the server may hold other
/// values of its row by then, which the pull must bring.
fn hold(conn: &Connection, op: &AppliedOp, seq: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO sync_held (partition, seq, tbl, row_id) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![op.partition, seq, op.tbl, op.row_id])?;
    Ok(())
}

/// After a conflict, the field shows the value every replica keeps; after a rejection,
/// the value the server holds. Unless the person has edited it again since (that newer
/// edit is still to be pushed and decided).
fn keep_server_value(conn: &Connection, entry: &Entry, kept: &serde_json::Value) -> Result<()> {
    let Some(table) = LocalTable::named(conn, &entry.table)? else { return Ok(()) };
    // A new row (`*`) cannot collide field by field; the pull brings the server's row.
    let Some(field) = table.field(&entry.field) else { return Ok(()) };
    if outbox::has_pending(conn, table.name(), &entry.row_id, field, entry.seq)? {
        return Ok(());
    }
    let kept = table.to_sql(field, kept)?;
    match table.get(conn, &entry.row_id, field)? {
        Some(current) if current != kept => {
            table.update(conn, &entry.row_id, &[(field, kept)], None)?;
            if table.name() == tasks::TABLE {
                tasks::queue_reindex(conn, &entry.row_id)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// A rejected op is kept, with the server's reason, for the person who made it. The row
/// shows the server's value again when the answer carries it (a field the account may
/// read); a refused new row (`*`) stays on this laptop only, as the refused list says.
fn dead_letter(
    conn: &Connection,
    entry: &Entry,
    reason: &Reason,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO dead_letters
           (op_id, partition, tbl, row_id, field, value, hlc, code, reason_vi, reason_en, rejected_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        entry.op_id,
        entry.partition,
        entry.table,
        entry.row_id,
        entry.field,
        entry.value.to_string(),
        entry.hlc,
        reason.code,
        reason.vi,
        reason.en,
        super::timestamp(now),
    ])?;
    Ok(())
}
