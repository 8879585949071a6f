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
    let mut stmt = conn.prepare_cached(
        "SELECT id, from_status, to_status, actor, at, comment FROM task_transitions
         WHERE task_id = ?1 ORDER BY at, id",
    )?;
    let rows = stmt.query_map([task.to_string()], |r| {
        let id: String = r.get(0)?;
        let from: Option<String> = r.get(1)?;
        let to: String = r.get(2)?;
        Ok((id, from, to, r.get(3)?, r.get(4)?, r.get(5)?))
    })?;
    rows.map(|row| {
        let (id, from, to, actor, at, comment) = row?;
        Ok(TransitionRow {
            id: TransitionId::from_str(&id)
                .map_err(|e| crate::StoreError::Invalid(e.to_string()))?,
            task_id: task,
            from: from.as_deref().and_then(TaskStatus::parse),
            to: TaskStatus::parse(&to)
                .ok_or_else(|| crate::StoreError::Invalid(format!("status {to}")))?,
            actor,
            at,
            comment,
        })
    })
    .collect()
}

/// The status a suspended task was suspended from (where it resumes), if any.
pub fn suspended_from(history: &[TransitionRow]) -> Option<TaskStatus> {
    history.iter().rev().find(|t| t.to == TaskStatus::Suspended).and_then(|t| t.from)
}
