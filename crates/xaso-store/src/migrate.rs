//! Append-only schema migrations, applied in one transaction.
//!
//! The schema version is SQLite's `user_version`. Each migration is a numbered SQL file
//! in `migrations/client/`, plus optionally a Rust step for what SQL cannot do (folding
//! Vietnamese text for the search index). A database whose version is newer than
//! [`SCHEMA_VERSION`] is refused before anything is written to it.

use rusqlite::{Connection, Transaction};

use crate::error::PendingOpenError;

struct Migration {
    version: i64,
    sql: &'static str,
    after: Option<fn(&Transaction<'_>) -> rusqlite::Result<()>>,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        sql: include_str!("../../../migrations/client/0001_init.sql"),
        after: None,
    },
    Migration {
        version: 2,
        sql: include_str!("../../../migrations/client/0002_milestones_search.sql"),
        // Tasks written by schema 1 have no search entries yet.
        after: Some(crate::tasks::rebuild_search),
    },
    Migration {
        version: 3,
        sql: include_str!("../../../migrations/client/0003_budgets.sql"),
        after: None,
    },
    Migration {
        version: 4,
        sql: include_str!("../../../migrations/client/0004_sync.sql"),
        after: None,
    },
    Migration {
        version: 5,
        sql: include_str!("../../../migrations/client/0005_search_backlog.sql"),
        after: None,
    },
    Migration {
        version: 6,
        sql: include_str!("../../../migrations/client/0006_training.sql"),
        after: None,
    },
    Migration {
        version: 7,
        sql: include_str!("../../../migrations/client/0007_set_aside_secrets.sql"),
        after: None,
    },
    Migration {
        version: 8,
        sql: include_str!(
            "../../../migrations/client/0008_replicas_store_what_the_server_keeps.sql"
        ),
        after: None,
    },
    Migration {
        version: 9,
        sql: include_str!("../../../migrations/client/0009_sent_journal.sql"),
        after: None,
    },
    Migration {
        version: 10,
        sql: include_str!("../../../migrations/client/0010_held_changes.sql"),
        after: None,
    },
    Migration {
        version: 11,
        sql: include_str!("../../../migrations/client/0011_data_feed.sql"),
        after: None,
    },
    Migration {
        version: 12,
        sql: include_str!("../../../migrations/client/0012_search_by_kind.sql"),
        // Every task indexed again, now with its kind's name.
        after: Some(crate::tasks::rebuild_search),
    },
    Migration {
        version: 13,
        sql: include_str!("../../../migrations/client/0013_indicators.sql"),
        after: None,
    },
    Migration {
        version: 14,
        sql: include_str!("../../../migrations/client/0014_shared_seeded_ids.sql"),
        after: Some(rekey_seeded),
    },
    Migration {
        version: 15,
        sql: include_str!("../../../migrations/client/0015_reports.sql"),
        after: None,
    },
    Migration {
        version: 16,
        sql: include_str!("../../../migrations/client/0016_reports_by_period.sql"),
        after: None,
    },
];

/// The schema this build writes.
pub const SCHEMA_VERSION: i64 = 16;

/// Migration 14's Rust step.
fn rekey_seeded(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    crate::norms::rekey_seeded(tx)?;
    crate::indicators::rekey_seeded(tx)
}

/// The file is older than this version (or new and empty): opening it migrates.
pub fn pending(conn: &Connection) -> rusqlite::Result<bool> {
    Ok(user_version(conn)? < SCHEMA_VERSION)
}

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

pub(crate) fn refuse_newer(conn: &Connection) -> Result<(), PendingOpenError> {
    let found = user_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(PendingOpenError::Newer { found, supported: SCHEMA_VERSION });
    }
    Ok(())
}

pub(crate) fn run(conn: &mut Connection) -> Result<(), PendingOpenError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let current = user_version(&tx)?;
    for m in MIGRATIONS.iter().filter(|m| m.version > current) {
        let fail = |source| PendingOpenError::Migration { version: m.version, source };
        tx.execute_batch(m.sql).map_err(fail)?;
        if let Some(after) = m.after {
            after(&tx).map_err(fail)?;
        }
        tx.pragma_update(None, "user_version", m.version).map_err(fail)?;
        tracing::info!(version = m.version, "migrated the local store");
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_without_gaps_and_end_at_the_schema_version() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1);
        }
        assert_eq!(MIGRATIONS.last().map(|m| m.version), Some(SCHEMA_VERSION));
    }
}
