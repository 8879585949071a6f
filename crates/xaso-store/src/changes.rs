//! The write transaction: the only way to change a synced table.
//!
//! [`Changes`] is the transaction's recorder: it stamps each change with the next HLC and
//! appends it to the outbox in the same transaction. It knows no table. Each table module
//! declares its write handle with [`write_handle!`] — a struct only `Changes` hands out
//! (`changes.tasks()`, `changes.materials()`, …) — and implements its writes on it, so a
//! new table touches its own module and nothing here, and there is still no way to write
//! a synced row outside [`crate::Store::write`].

use chrono::{DateTime, Utc};
use rusqlite::Transaction;
use serde_json::Value as Json;
use xaso_domain::{DeviceId, Hlc, OpId, Partition};

use crate::{Result, meta, outbox};

/// One transaction's worth of local changes. Every write handle it gives writes its rows
/// *and* their outbox entries through the same transaction; [`crate::Store::write`]
/// commits both or neither.
#[derive(Debug)]
pub struct Changes<'t> {
    tx: &'t Transaction<'t>,
    actor: String,
    now: DateTime<Utc>,
    /// `now` as stored: RFC 3339 UTC to the millisecond, so text order is time order.
    now_text: String,
    device: DeviceId,
    hlc: Hlc,
}

/// Declares a table module's write handle `$name` and the accessor `Changes::$accessor`
/// that gives it out. The handle borrows the transaction's [`Changes`] mutably, so writes
/// exist only inside [`crate::Store::write`]; the module implements them on the handle.
macro_rules! write_handle {
    ($(#[$doc:meta])* $name:ident, $accessor:ident) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name<'c, 't>(&'c mut $crate::Changes<'t>);

        impl<'t> $crate::Changes<'t> {
            $(#[$doc])*
            pub fn $accessor(&mut self) -> $name<'_, 't> {
                $name(self)
            }
        }
    };
}
pub(crate) use write_handle;

impl<'t> Changes<'t> {
    pub(crate) fn begin(tx: &'t Transaction<'t>, actor: &str, now: DateTime<Utc>) -> Result<Self> {
        let device = meta::device_id(tx)?;
        let hlc = meta::hlc(tx)?;
        let now_text = xaso_domain::time::stored(now);
        Ok(Self { tx, actor: actor.to_owned(), now, now_text, device, hlc })
    }

    pub(crate) fn finish(self) -> Result<()> {
        meta::set_hlc(self.tx, self.hlc)
    }

    pub(crate) fn tx(&self) -> &Transaction<'t> {
        self.tx
    }

    /// Reads inside the write (the table modules' query functions), seeing its changes.
    pub fn conn(&self) -> &rusqlite::Connection {
        self.tx
    }

    pub(crate) fn actor(&self) -> &str {
        &self.actor
    }

    pub(crate) fn now_text(&self) -> &str {
        &self.now_text
    }

    /// The device this change comes from (the tie-breaker between equal HLCs).
    pub fn device(&self) -> DeviceId {
        self.device
    }

    /// Appends one change to the outbox, stamped with the next HLC.
    pub(crate) fn record(
        &mut self,
        partition: &Partition,
        table: &str,
        row_id: &str,
        field: &str,
        value: &Json,
        base_version: i64,
    ) -> Result<()> {
        let now_ms = u64::try_from(self.now.timestamp_millis()).unwrap_or(0);
        self.hlc = Hlc::tick(self.hlc, now_ms);
        let entry = outbox::NewEntry {
            op_id: OpId::new(),
            partition: partition.to_string(),
            table,
            row_id,
            field,
            value,
            base_version,
            hlc: self.hlc,
        };
        outbox::append(self.tx, &entry, &self.now_text)
    }
}
