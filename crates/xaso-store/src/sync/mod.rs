//! The client side of sync, as transactions on this store: what the sync engine
//! (`xaso-sync`) pushes, how it records the server's answers, how it applies pulled pages,
//! and where it keeps its settings.
//!
//! The store speaks the wire types of `xaso-proto` ([`Page`], [`OpResult`], [`Op`])
//! rather than mirrors of them: they are plain data with no IO, and one definition keeps
//! the client's reading of a change the same as the server's writing of it.
//!
//! Each operation is one transaction, and none writes the outbox: pulled rows and the
//! server's answers are not local changes.

mod ack;
pub(crate) mod identity;
mod journal;
mod pull;
mod schema;
mod settings;

use std::cell::OnceCell;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior};
use xaso_proto::{Op, OpResult, Page};

pub use ack::Acknowledged;
pub use journal::{JOURNAL_DAYS, Reconciled};
pub use pull::{PageApplied, PullClock};
pub(crate) use schema::{LocalTable, SyncSchema};
pub use settings::Copied;
pub use settings::{DeviceToken, Server, SyncProblem, SyncSettings};

use crate::{Result, Store, StoreError, outbox};

/// How many pulled tasks one transaction of [`Store::catch_up_search`] indexes.
pub const SEARCH_BATCH: usize = 2_000;

/// The allow-list of synced tables and columns, read once per store.
pub(crate) fn cached_schema<'a>(
    cell: &'a OnceCell<SyncSchema>,
    conn: &Connection,
) -> Result<&'a SyncSchema> {
    if let Some(schema) = cell.get() {
        return Ok(schema);
    }
    let schema = SyncSchema::load(conn)?;
    Ok(cell.get_or_init(|| schema))
}

/// Partition → the sequence number of the last change applied from it.
pub fn cursors(conn: &Connection) -> Result<BTreeMap<String, i64>> {
    crate::sql::all(conn, "SELECT partition, cursor FROM sync_cursors", [], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
}

/// The most held ranges a pull names per partition (the first ones; the rest are named
/// by later pulls, once the cursor reaches them).
pub const MAX_HELD_RANGES: usize = 1_000;

/// This laptop's own changes that it holds after its cursors, by partition, as inclusive
/// ranges of sequence numbers in order: what a pull names as held (`PullRequest::held`).
pub fn held(conn: &Connection) -> Result<BTreeMap<String, Vec<(i64, i64)>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.partition, h.seq FROM sync_held h
         LEFT JOIN sync_cursors c ON c.partition = h.partition
         WHERE h.seq > coalesce(c.cursor, 0) ORDER BY h.partition, h.seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut out: BTreeMap<String, Vec<(i64, i64)>> = BTreeMap::new();
    while let Some(row) = rows.next()? {
        let (partition, seq): (String, i64) = (row.get(0)?, row.get(1)?);
        let ranges = out.entry(partition).or_default();
        let full = ranges.len() >= MAX_HELD_RANGES;
        match ranges.last_mut() {
            Some((_, last)) if *last + 1 == seq => *last = seq,
            _ if full => {}
            _ => ranges.push((seq, seq)),
        }
    }
    Ok(out)
}

/// The oldest `limit` pending changes, as they are pushed.
pub fn pending_ops(conn: &Connection, limit: usize) -> Result<Vec<Op>> {
    Ok(pending_batch(conn, i64::MIN, limit)?.ops)
}

/// A batch of pending changes, as the wire carries them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PendingBatch {
    pub ops: Vec<Op>,
    /// The outbox number of the last op (`after` when there is none): the next batch
    /// starts after it.
    pub last: i64,
}

/// The oldest `limit` pending changes queued after the outbox entry `after` (`i64::MIN`
/// for the oldest of all), so the next batch can be read while this one is still
/// unanswered.
pub fn pending_batch(conn: &Connection, after: i64, limit: usize) -> Result<PendingBatch> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let entries = outbox::oldest_after(conn, after, limit)?;
    let last = entries.last().map_or(after, |e| e.seq);
    let ops = entries
        .into_iter()
        .map(|e| {
            Ok(Op {
                op_id: e.op_id.parse().map_err(|_| {
                    StoreError::Invalid(format!("outbox entry {}: op id {:?}", e.seq, e.op_id))
                })?,
                partition: e.partition,
                table: e.table,
                row_id: e.row_id,
                field: e.field,
                value: e.value,
                base_version: e.base_version,
                hlc: e.hlc,
            })
        })
        .collect::<Result<_>>()?;
    Ok(PendingBatch { ops, last })
}

/// The sync settings (server, account, last outcome) as the database holds them: without
/// the token, which only [`Store::sync_settings`] reads (from the secret store).
pub fn settings(conn: &Connection) -> Result<SyncSettings> {
    settings::read(conn)
}

impl Store {
    /// Records the server's answers to a push, in one transaction: an applied op leaves
    /// the outbox; a conflicting one leaves it and its field shows the value the server
    /// kept (unless edited again since); a rejected one moves to the dead letters with the
    /// reason, and the row keeps its local value until a pull brings the server's.
    /// Answers for ops not in the outbox (already acknowledged) are ignored.
    pub fn acknowledge(
        &mut self,
        results: &[OpResult],
        now: DateTime<Utc>,
    ) -> Result<Acknowledged> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = ack::acknowledge(&tx, results, now)?;
        tx.commit()?;
        Ok(out)
    }

    /// Applies one pulled page and sets its partition's cursor, in one transaction. A change
    /// this database cannot store is set aside with its reason ([`crate::set_aside`]) and
    /// the rest of the page still applies; after any other failure (the database's own)
    /// neither any of its rows nor the new cursor remain. Pulled clocks are observed only
    /// up to [`PullClock::observe_limit_ms`].
    ///
    /// Foreign keys are not enforced while a page is applied: the server is the authority
    /// on its rows, and a row whose parent has not arrived yet (or that this device may not
    /// read) must not stop every later change. The parent fills in when it arrives.
    pub fn apply_page(&mut self, page: &Page, clock: PullClock) -> Result<PageApplied> {
        let schema = cached_schema(&self.sync_schema, &self.conn)?;
        // Only outside a transaction does this pragma take effect.
        self.conn.pragma_update(None, "foreign_keys", "OFF")?;
        let applied = (|| -> Result<PageApplied> {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let out = pull::apply(&tx, schema, page, clock)?;
            tx.commit()?;
            Ok(out)
        })();
        let restored = self.conn.pragma_update(None, "foreign_keys", "ON");
        let applied = applied?;
        restored?;
        Ok(applied)
    }

    /// Brings the search indexes up to date with the tasks and materials sync wrote (see
    /// `migrations/client/0005_search_backlog.sql`), in transactions of at most
    /// [`SEARCH_BATCH`] tasks so that a local edit never waits long behind it. Returns how
    /// many rows it indexed. The sync engine calls it after each pull, and a search
    /// calls it first, so no search misses a task it has received.
    pub fn catch_up_search(&mut self) -> Result<usize> {
        let mut done = 0;
        loop {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let tasks = crate::tasks::catch_up_search(&tx, SEARCH_BATCH)?;
            let materials = crate::training::catch_up_search(&tx, SEARCH_BATCH)?;
            tx.commit()?;
            done += tasks + materials;
            if tasks < SEARCH_BATCH && materials < SEARCH_BATCH {
                return Ok(done);
            }
        }
    }

    /// Partition → the last change applied from it.
    pub fn cursors(&self) -> Result<BTreeMap<String, i64>> {
        cursors(&self.conn)
    }

    /// What a pull names as held (see [`held`]).
    pub fn held(&self) -> Result<BTreeMap<String, Vec<(i64, i64)>>> {
        held(&self.conn)
    }

    /// The sync settings, with the device token from the secret store when this store was
    /// opened with one and the machine holds a token for this folder.
    pub fn sync_settings(&self) -> Result<SyncSettings> {
        let mut settings = settings::read(&self.conn)?;
        match identity::token(self) {
            Ok(token) => settings.token = token.map(DeviceToken::new),
            Err(e) => settings.secret_problem = Some(e.to_string()),
        }
        Ok(settings)
    }

    /// The device id to enrol with: the one this installation was enrolled under, or a
    /// fresh one if it never was (so that two copies of a folder that was never enrolled
    /// never ask for one device; a server that assigns ids answers its own anyway).
    pub fn enrolment_device_id(&mut self) -> Result<xaso_domain::DeviceId> {
        if identity::bound_to(&self.conn)?.is_none() {
            let fresh = xaso_domain::DeviceId::new();
            self.meta().set("device_id", &fresh.to_string())?;
            return Ok(fresh);
        }
        self.meta().device_id()
    }

    /// Stores what enrolment returned: the token in the secret store (bound to this
    /// folder), the server, its CA and the account (and the device id it names) here.
    pub fn save_enrolment(
        &mut self,
        server: Server<'_>,
        token: &DeviceToken,
        account: &xaso_proto::Account,
    ) -> Result<()> {
        identity::bind(self, token.expose())?;
        let tx = self.conn.transaction()?;
        settings::save_enrolment(&tx, server, account)?;
        tx.commit()?;
        Ok(())
    }

    /// Forgets the device token and account. Every local change, pushed or not, stays.
    pub fn forget_token(&mut self) -> Result<()> {
        identity::unbind_token(self)?;
        let tx = self.conn.transaction()?;
        settings::forget_account(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// A round of sync completed at `at` (clears the last problem).
    pub fn record_sync_success(&mut self, at: DateTime<Utc>) -> Result<()> {
        let tx = self.conn.transaction()?;
        settings::record_success(&tx, at)?;
        tx.commit()?;
        Ok(())
    }

    /// The server's clock at the last answer (see [`SyncSettings::clock_skew_ms`]).
    pub fn record_server_clock(
        &mut self,
        server_ms: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        settings::record_server_clock(&self.conn, server_ms, now)
    }

    pub fn record_sync_problem(&mut self, problem: &SyncProblem) -> Result<()> {
        settings::record_problem(&self.conn, problem)
    }
}
