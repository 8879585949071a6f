//! `milestones`: dated steps of a task, shown on its timeline. Deleting marks the row
//! deleted (a change that syncs) rather than removing it.

use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use xaso_domain::{Milestone, MilestoneFields, MilestoneId, TaskId};

use crate::rows::{self, Cols, text};
use crate::{Result, StoreError, tasks};

const TABLE: &str = "milestones";

fn cols(task: TaskId, f: &MilestoneFields) -> Cols {
    vec![
        ("task_id", text(&task.to_string())),
        ("title", text(&f.title)),
        ("responsible", text(&f.responsible)),
        ("unit", text(&f.unit)),
        ("start_date", text(&f.start_date.format("%Y-%m-%d").to_string())),
        ("due_date", text(&f.due_date.format("%Y-%m-%d").to_string())),
        ("done", Value::Integer(i64::from(f.done))),
    ]
}

crate::changes::write_handle!(
    /// Writes to `milestones` in this transaction.
    MilestoneWrites,
    milestones
);

impl MilestoneWrites<'_, '_> {
    /// Creates a milestone of `task_id` (`id` None) or stores the fields of one that
    /// differ; the task's partition is the milestone's.
    pub fn save(
        &mut self,
        task_id: TaskId,
        id: Option<MilestoneId>,
        f: &MilestoneFields,
    ) -> Result<MilestoneId> {
        let changes = &mut *self.0;
        let partition = tasks::get(changes.tx(), task_id)?.partition();
        let now = changes.now_text().to_owned();
        match id {
            None => {
                let id = MilestoneId::new();
                let mut c = cols(task_id, f);
                c.push(("created_at", text(&now)));
                c.push(("updated_at", text(&now)));
                rows::insert(changes, TABLE, &partition, &id.to_string(), &c)?;
                Ok(id)
            }
            Some(id) => {
                let (old, version) = get_row(changes.tx(), id)?
                    .filter(|(m, _)| m.task_id == task_id)
                    .ok_or_else(|| StoreError::NotFound(format!("milestone {id}")))?;
                let key = id.to_string();
                let changed = rows::update(
                    changes,
                    TABLE,
                    &partition,
                    &key,
                    version,
                    &cols(task_id, &old.fields),
                    &cols(task_id, f),
                )?;
                if changed > 0 {
                    changes.tx().execute(
                        "UPDATE milestones SET updated_at = ?2 WHERE id = ?1",
                        params![key, now],
                    )?;
                }
                Ok(id)
            }
        }
    }

    /// Marks a milestone deleted (a change that syncs).
    pub fn delete(&mut self, id: MilestoneId) -> Result<()> {
        let changes = &mut *self.0;
        let (m, version) = get_row(changes.tx(), id)?
            .ok_or_else(|| StoreError::NotFound(format!("milestone {id}")))?;
        let partition = tasks::get(changes.tx(), m.task_id)?.partition();
        rows::delete(changes, TABLE, &partition, &id.to_string(), version)
    }
}

fn parse_date(s: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Milestone, i64)> {
    let id: String = r.get(0)?;
    let task: String = r.get(1)?;
    let bad = |e: xaso_domain::ids::IdParseError| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    };
    Ok((
        Milestone {
            id: MilestoneId::from_str(&id).map_err(bad)?,
            task_id: TaskId::from_str(&task).map_err(bad)?,
            fields: MilestoneFields {
                title: r.get(2)?,
                responsible: r.get(3)?,
                unit: r.get(4)?,
                start_date: parse_date(&r.get::<_, String>(5)?)?,
                due_date: parse_date(&r.get::<_, String>(6)?)?,
                done: r.get(7)?,
            },
        },
        r.get(8)?,
    ))
}

const SELECT: &str = "SELECT id, task_id, title, responsible, unit, start_date, due_date, done, version FROM milestones";

fn get_row(conn: &Connection, id: MilestoneId) -> Result<Option<(Milestone, i64)>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE id = ?1 AND deleted = 0"))?
        .query_row([id.to_string()], from_row)
        .optional()?)
}

/// A task's milestones in timeline order.
pub fn for_task(conn: &Connection, task: TaskId) -> Result<Vec<Milestone>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE task_id = ?1 AND deleted = 0 ORDER BY start_date, due_date, id"
    ))?;
    let rows = stmt.query_map([task.to_string()], from_row)?;
    Ok(rows.map(|r| r.map(|(m, _)| m)).collect::<rusqlite::Result<_>>()?)
}
