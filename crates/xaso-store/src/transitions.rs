//! `task_transitions`: the recorded history of each task's status (who, when, why).
//! Rows are only ever added.

use std::str::FromStr;

use rusqlite::Connection;
use xaso_domain::{Partition, TaskId, TaskStatus, TransitionId};

use crate::rows::{self, Cols, text};
use crate::{Changes, Result};

const TABLE: &str = "task_transitions";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionRow {
    pub id: TransitionId,
    pub task_id: TaskId,
    pub from: Option<TaskStatus>,
    pub to: TaskStatus,
    pub actor: String,
    pub at: String,
    pub comment: String,
}

/// Records that the task `task_id` (of `partition`) moved from `from` to `to`, now, by this
/// change's actor.
pub(crate) fn insert(
    changes: &mut Changes<'_>,
    task_id: TaskId,
    partition: &Partition,
    from: TaskStatus,
    to: TaskStatus,
    comment: &str,
) -> Result<TransitionId> {
    let id = TransitionId::new();
    let cols: Cols = vec![
        ("task_id", text(&task_id.to_string())),
        ("from_status", text(from.as_str())),
        ("to_status", text(to.as_str())),
        ("actor", text(changes.actor())),
        ("at", text(changes.now_text())),
        ("comment", text(comment)),
    ];
    rows::insert(changes, TABLE, partition, &id.to_string(), &cols)?;
    Ok(id)
}

/// A task's history, oldest first.
pub fn for_task(conn: &Connection, task: TaskId) -> Result<Vec<TransitionRow>> {
    crate::sql::all(
        conn,
        &format!("{SELECT} WHERE task_id = ?1 ORDER BY at, id"),
        [task.to_string()],
        from_row,
    )?
}

/// One step of a task's history (`None` if this replica does not have it).
pub fn get(conn: &Connection, id: TransitionId) -> Result<Option<TransitionRow>> {
    match conn
        .prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id.to_string()], from_row)
    {
        Ok(row) => row.map(Some),
        Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

const SELECT: &str =
    "SELECT id, task_id, from_status, to_status, actor, at, comment FROM task_transitions";

/// A row of [`SELECT`]; a stored value this build cannot read is an `Invalid` error of
/// that row (the outer result), not of the query.
fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<TransitionRow>> {
    let (id, task_id, from, to): (String, String, Option<String>, String) =
        (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
    let invalid = |what: String| crate::StoreError::Invalid(what);
    let (actor, at, comment) = (r.get(4)?, r.get(5)?, r.get(6)?);
    Ok((|| {
        Ok(TransitionRow {
            id: TransitionId::from_str(&id).map_err(|e| invalid(e.to_string()))?,
            task_id: TaskId::from_str(&task_id).map_err(|e| invalid(e.to_string()))?,
            from: from.as_deref().and_then(TaskStatus::parse),
            to: TaskStatus::parse(&to).ok_or_else(|| invalid(format!("status {to}")))?,
            actor,
            at,
            comment,
        })
    })())
}

/// The status a suspended task was suspended from (where it resumes), if any.
pub fn suspended_from(history: &[TransitionRow]) -> Option<TaskStatus> {
    history.iter().rev().find(|t| t.to == TaskStatus::Suspended).and_then(|t| t.from)
}
