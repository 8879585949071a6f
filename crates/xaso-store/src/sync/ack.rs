//! Acknowledging the server's answers to a push: each answered op leaves the outbox.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use xaso_proto::{OpResult, Outcome, Reason};

use super::journal;
use super::schema::LocalTable;
use crate::outbox::{self, Entry};
use crate::{Result, feed, tasks};

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
    // Conflicts and rejections first, one by one: each may show the server's value,
    // unless a newer local edit of the field is pending (and an applied op is still
    // pending until the batch below).
    let mut applied = Vec::new();
    for result in results {
        let (reason, current, kept) = match &result.outcome {
            Outcome::Applied { seq } => {
                applied.push((result.op_id.to_string(), *seq));
                continue;
            }
            Outcome::Conflict { value, .. } => (None, None, Some(value)),
            Outcome::Rejected { reason, current } => (Some(reason), current.as_ref(), None),
        };
        let Some(entry) = outbox::by_op_id(conn, &result.op_id.to_string())? else {
            out.unknown += 1;
            continue;
        };
        outbox::remove(conn, entry.seq)?;
        if let Some(value) = kept {
            out.conflicts += 1;
            journal::record(conn, &entry, now)?;
            keep_server_value(conn, &entry, value, feed::Why::Conflict)?;
        }
        if let Some(reason) = reason {
            out.rejected += 1;
            dead_letter(conn, &entry, reason, now)?;
            if let Some(current) = current {
                keep_server_value(conn, &entry, &current.value, feed::Why::Refused)?;
            }
        }
    }
    let acknowledged = acknowledge_applied(conn, &applied, now)?;
    out.applied += acknowledged;
    out.unknown += applied.len() - acknowledged;
    Ok(out)
}

/// The ops answered `Applied` (op id, seq), in three statements whatever their number
/// (a first push acknowledges thousands; a few statements per op cost as much as the
/// server's work): each moves from the outbox to the journal as stored (its value is not
/// read), and becomes held (see [`hold`]) unless it was sent again after a rollback.
/// Answers the number that were still pending.
fn acknowledge_applied(
    conn: &Connection,
    applied: &[(String, i64)],
    now: DateTime<Utc>,
) -> Result<usize> {
    if applied.is_empty() {
        return Ok(0);
    }
    let answers = serde_json::to_string(applied)
        .map_err(|e| crate::StoreError::Invalid(format!("answers: {e}")))?;
    hold(conn, &answers)?;
    journal::record_applied(conn, &answers, now)?;
    let removed = conn
        .prepare_cached(
            "DELETE FROM outbox WHERE op_id IN (SELECT value ->> 0 FROM json_each(?1))",
        )?
        .execute([&answers])?;
    Ok(removed)
}

/// Remembers that this laptop holds the changes its applied ops became (`answers`: a
/// JSON list of `[op id, seq]`): its next pulls name them (`PullRequest::held`) and the
/// server need not send them back. Not for an op sent again after a rollback of the
/// server's history, nor one made on a base beyond this laptop's cursor (made before a
/// rollback was noticed): the server may hold other values of its row by then, which
/// the pull must bring.
fn hold(conn: &Connection, answers: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO sync_held (partition, seq, tbl, row_id)
         SELECT o.partition, a.value ->> 1, o.tbl, o.row_id
         FROM json_each(?1) a JOIN outbox o ON o.op_id = a.value ->> 0
         WHERE o.resent = 0
           AND o.base_version <= coalesce(
             (SELECT cursor FROM sync_cursors c WHERE c.partition = o.partition), 0)",
    )?
    .execute([answers])?;
    Ok(())
}

/// After a conflict, the field shows the value every replica keeps; after a rejection,
/// the value the server holds. Unless the person has edited it again since (that newer
/// edit is still to be pushed and decided).
fn keep_server_value(
    conn: &Connection,
    entry: &Entry,
    kept: &serde_json::Value,
    why: feed::Why,
) -> Result<()> {
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
            feed::record(conn, table.name(), &entry.row_id, &entry.field, why)?;
            feed::prune(conn)?;
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
        xaso_domain::time::stored(now),
    ])?;
    Ok(())
}
