//! `data_feed`: what changed in this replica without the window asking for it, so that
//! open screens can follow the data (issue 12).
//!
//! Written in the transaction that changes the row, by the two paths that change rows
//! behind a person's back: a pull writing what another device did (`why = pulled`), and a
//! push's answer setting a field back to the value the server keeps (`conflict`,
//! `refused`). Local writes are not fed: they come from the window itself, whose screens
//! read what they show when they open.
//!
//! Bounded: only the newest [`KEEP`] entries are kept. A reader whose last seen entry was
//! pruned gets [`Since::complete`] `false` and re-reads everything it shows.

use rusqlite::{Connection, params};

use crate::Result;

/// How many entries are kept: a window asks every few seconds, and a round of more than
/// this is a first pull (the window re-reads everything after it anyway).
pub const KEEP: i64 = 5_000;

/// Why a row changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Another device's change, pulled.
    Pulled,
    /// This laptop's edit lost a conflict: the field shows the value every replica keeps.
    Conflict,
    /// This laptop's edit was refused: the field shows the server's value again.
    Refused,
}

impl Why {
    fn as_str(self) -> &'static str {
        match self {
            Why::Pulled => "pulled",
            Why::Conflict => "conflict",
            Why::Refused => "refused",
        }
    }

    fn parse(s: &str) -> Why {
        match s {
            "conflict" => Why::Conflict,
            "refused" => Why::Refused,
            _ => Why::Pulled,
        }
    }
}

/// One changed row (or field of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub seq: i64,
    pub table: String,
    pub row_id: String,
    /// A column, or `*` for a whole new row.
    pub field: String,
    pub why: Why,
    /// The task the row belongs to (itself, or the task of its transition, milestone,
    /// estimate or estimate line), if it belongs to one and is still here.
    pub task_id: Option<String>,
}

/// The entries after a reader's last one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Since {
    /// Oldest first; at most the `limit` asked for.
    pub entries: Vec<Entry>,
    /// The newest entry's number: the reader's next `after`.
    pub latest: i64,
    /// `false` when entries after `after` were pruned or left out (more than `limit`):
    /// the reader cannot know every row that changed and re-reads everything.
    pub complete: bool,
}

pub(crate) fn record(
    conn: &Connection,
    table: &str,
    row_id: &str,
    field: &str,
    why: Why,
) -> Result<()> {
    conn.prepare_cached("INSERT INTO data_feed (tbl, row_id, field, why) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![table, row_id, field, why.as_str()])?;
    Ok(())
}

/// Keeps the newest [`KEEP`] entries.
pub(crate) fn prune(conn: &Connection) -> Result<()> {
    conn.prepare_cached(
        "DELETE FROM data_feed WHERE seq <= (SELECT max(seq) FROM data_feed) - ?1",
    )?
    .execute([KEEP])?;
    Ok(())
}

/// The newest entry's number (0 before the first).
pub fn latest(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT coalesce(max(seq), 0) FROM data_feed", [], |r| r.get(0))?)
}

/// The entries after `after`, oldest first, at most `limit`.
pub fn since(conn: &Connection, after: i64, limit: usize) -> Result<Since> {
    let (oldest, latest): (Option<i64>, i64) =
        conn.query_row("SELECT min(seq), coalesce(max(seq), 0) FROM data_feed", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let pruned = oldest.is_some_and(|oldest| after < oldest - 1);
    let limit_sql = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut entries = conn
        .prepare_cached(
            "SELECT seq, tbl, row_id, field, why FROM data_feed WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?
        .query_map(params![after, limit_sql.saturating_add(1)], |r| {
            Ok(Entry {
                seq: r.get(0)?,
                table: r.get(1)?,
                row_id: r.get(2)?,
                field: r.get(3)?,
                why: Why::parse(&r.get::<_, String>(4)?),
                task_id: None,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let truncated = entries.len() > limit;
    entries.truncate(limit);
    for e in &mut entries {
        e.task_id = task_of(conn, &e.table, &e.row_id)?;
    }
    Ok(Since { entries, latest, complete: !pruned && !truncated })
}

/// The task a row of `table` belongs to.
fn task_of(conn: &Connection, table: &str, row_id: &str) -> Result<Option<String>> {
    let sql = match table {
        "tasks" => return Ok(Some(row_id.to_owned())),
        "task_transitions" => "SELECT task_id FROM task_transitions WHERE id = ?1",
        "milestones" => "SELECT task_id FROM milestones WHERE id = ?1",
        "estimates" => "SELECT task_id FROM estimates WHERE id = ?1",
        "estimate_people" => {
            "SELECT e.task_id FROM estimate_people x JOIN estimates e ON e.id = x.estimate_id WHERE x.id = ?1"
        }
        "estimate_lines" => {
            "SELECT e.task_id FROM estimate_lines x JOIN estimates e ON e.id = x.estimate_id WHERE x.id = ?1"
        }
        _ => return Ok(None),
    };
    match conn.prepare_cached(sql)?.query_row([row_id], |r| r.get(0)) {
        Ok(id) => Ok(Some(id)),
        Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
