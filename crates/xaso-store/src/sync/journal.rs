//! What this laptop sent, for a server that lost it.
//!
//! An acknowledged op leaves the outbox for `sent_ops`, where it stays for
//! [`JOURNAL_DAYS`]. When a pull shows the server's history rolled back — a new history
//! id, or a cursor beyond its partition's head — the laptop reconciles in one
//! transaction: every journaled op goes back into the outbox *before* the edits still
//! pending (so the newer edit of a field is sent last and stays the field's value), and
//! every cursor is cleared. The next push sends them again: the server answers the ones
//! it still has as replays (op ids are the same) and stores the rest, and the next pull
//! brings everything again. Nothing the laptop holds is lost: a pulled page never
//! deletes a row, and the re-sent edits shield their fields until answered.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, params};
use uuid::Uuid;

use crate::outbox::Entry;
use crate::{Result, meta};

/// How long an acknowledged op is kept to be sent again. A restore from a backup older
/// than this loses what was sent before the window (the city keeps daily backups; a
/// month covers a restore from any of them, at a few MB of a busy laptop's disk).
pub const JOURNAL_DAYS: i64 = 30;

/// The local_meta key of the server history this laptop last saw.
const HISTORY: &str = "sync.history";

/// Copies applied ops from the outbox to the journal as stored (`answers`: a JSON list
/// of `[op id, seq]`; their values are not parsed and written again).
pub(crate) fn record_applied(conn: &Connection, answers: &str, now: DateTime<Utc>) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO sent_ops
           (op_id, partition, tbl, row_id, field, value, base_version, hlc, acked_at)
         SELECT o.op_id, o.partition, o.tbl, o.row_id, o.field, o.value, o.base_version,
                o.hlc, ?2
         FROM json_each(?1) a JOIN outbox o ON o.op_id = a.value ->> 0",
    )?
    .execute(params![answers, xaso_domain::time::stored(now)])?;
    Ok(())
}

/// Keeps an acknowledged op (applied or in conflict), and forgets the ones older than
/// the journal's window.
pub(crate) fn record(conn: &Connection, entry: &Entry, now: DateTime<Utc>) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO sent_ops
           (op_id, partition, tbl, row_id, field, value, base_version, hlc, acked_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        entry.op_id,
        entry.partition,
        entry.table,
        entry.row_id,
        entry.field,
        entry.value.to_string(),
        entry.base_version,
        entry.hlc,
        xaso_domain::time::stored(now),
    ])?;
    Ok(())
}

pub(crate) fn prune(conn: &Connection, now: DateTime<Utc>) -> Result<()> {
    let horizon = xaso_domain::time::stored(now - Duration::days(JOURNAL_DAYS));
    conn.prepare_cached("DELETE FROM sent_ops WHERE acked_at < ?1")?.execute([horizon])?;
    Ok(())
}

/// Whether the server's answer shows its history rolled back since this laptop last
/// pulled: another history id than the one seen before, or a cursor beyond its
/// partition's head (`heads` has every partition the account reads that has changes).
/// The first history id a laptop sees is remembered. A server that sends none (before
/// protocol 3) is taken at its word.
pub(crate) fn rolled_back(
    conn: &Connection,
    history: Option<Uuid>,
    heads: &BTreeMap<String, i64>,
) -> Result<bool> {
    let Some(history) = history else { return Ok(false) };
    let seen = meta::get(conn, HISTORY)?;
    let cursors = super::cursors(conn)?;
    let beyond = cursors.iter().any(|(p, c)| *c > heads.get(p).copied().unwrap_or(0));
    match seen {
        None => {
            meta::set(conn, HISTORY, &history.to_string())?;
            Ok(beyond)
        }
        Some(seen) => Ok(beyond || seen != history.to_string()),
    }
}

/// What reconciling did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reconciled {
    /// Ops sent before, queued to be sent again.
    pub resent: usize,
}

/// Queues every journaled op again ahead of the pending ones, clears the cursors, and
/// remembers the server's (new) history.
pub(crate) fn reconcile(conn: &Connection, history: Option<Uuid>) -> Result<Reconciled> {
    let n: i64 = conn.query_row("SELECT count(*) FROM sent_ops", [], |r| r.get(0))?;
    // Make room below the pending ops without two rows ever sharing a seq: negate them
    // (shifted by n), insert the journal at 1..=n, then flip the pending ones back.
    conn.execute("UPDATE outbox SET seq = -(seq + ?1)", [n])?;
    conn.execute(
        "INSERT INTO outbox (seq, op_id, partition, tbl, row_id, field, value, base_version, hlc, created_at, resent)
         SELECT row_number() OVER (ORDER BY seq), op_id, partition, tbl, row_id, field, value,
                base_version, hlc, acked_at, 1
         FROM sent_ops ORDER BY seq",
        [],
    )?;
    conn.execute("UPDATE outbox SET seq = -seq WHERE seq < 0", [])?;
    // Edits made before the rollback was noticed carry bases of the old history: their
    // answers are not claims either (see `ack::hold`).
    conn.execute("UPDATE outbox SET resent = 1", [])?;
    conn.execute("DELETE FROM sent_ops", [])?;
    conn.execute("DELETE FROM sync_cursors", [])?;
    // Numbers of the old history mean nothing in the new one.
    conn.execute("DELETE FROM sync_held", [])?;
    if let Some(history) = history {
        meta::set(conn, HISTORY, &history.to_string())?;
    }
    tracing::warn!(resent = n, "the city server's history was rolled back: reconciling");
    Ok(Reconciled { resent: usize::try_from(n).unwrap_or(0) })
}

impl crate::Store {
    /// Whether the server's history was rolled back since this laptop last pulled (see
    /// [`rolled_back`]); remembers the first history id it sees.
    pub fn server_rolled_back(
        &mut self,
        history: Option<Uuid>,
        heads: &BTreeMap<String, i64>,
    ) -> Result<bool> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = rolled_back(&tx, history, heads)?;
        tx.commit()?;
        Ok(out)
    }

    /// Reconciles with a rolled-back server, in one transaction (see the module doc).
    pub fn reconcile(&mut self, history: Option<Uuid>) -> Result<Reconciled> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = reconcile(&tx, history)?;
        tx.commit()?;
        Ok(out)
    }

    /// How many acknowledged ops are kept to be sent again.
    pub fn journal_len(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM sent_ops", [], |r| r.get(0))?)
    }
}
