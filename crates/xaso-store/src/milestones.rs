//! `milestones`: dated steps of a task, shown on its timeline. Deleting marks the row
//! deleted (a change that syncs) rather than removing it.

use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Value as Json, json};
use xaso_domain::{Milestone, MilestoneFields, MilestoneId, TaskId};

use crate::{Changes, Result, StoreError, tasks};

const TABLE: &str = "milestones";

fn values(f: &MilestoneFields) -> [(&'static str, Json); 6] {
    [
        ("title", Json::String(f.title.clone())),
        ("responsible", Json::String(f.responsible.clone())),
        ("unit", Json::String(f.unit.clone())),
        ("start_date", Json::String(f.start_date.format("%Y-%m-%d").to_string())),
        ("due_date", Json::String(f.due_date.format("%Y-%m-%d").to_string())),
        ("done", Json::Bool(f.done)),
    ]
}

pub(crate) fn save(
    changes: &mut Changes<'_>,
    task_id: TaskId,
    id: Option<MilestoneId>,
    f: &MilestoneFields,
) -> Result<MilestoneId> {
    let task = tasks::get(changes.tx(), task_id)?;
    let partition = task.partition();
    let now = changes.now_text();
    let new = values(f);
    match id {
        None => {
            let id = MilestoneId::new();
            changes.tx().execute(
                "INSERT INTO milestones (id, task_id, title, responsible, unit, start_date, due_date, done, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
                params![
                    id.to_string(),
                    task_id.to_string(),
                    f.title,
                    f.responsible,
                    f.unit,
                    f.start_date.format("%Y-%m-%d").to_string(),
                    f.due_date.format("%Y-%m-%d").to_string(),
                    f.done,
                    now
                ],
            )?;
            let mut row = serde_json::Map::new();
            row.insert("task_id".into(), Json::String(task_id.to_string()));
            for (k, v) in new {
                row.insert(k.into(), v);
            }
            changes.record(&partition, TABLE, &id.to_string(), "*", &Json::Object(row), 0)?;
            Ok(id)
        }
        Some(id) => {
            let (old, version) = get_row(changes.tx(), id)?
                .filter(|(m, _)| m.task_id == task_id)
                .ok_or_else(|| StoreError::NotFound(format!("milestone {id}")))?;
            let before = values(&old.fields);
            changes.tx().execute(
                "UPDATE milestones SET title = ?2, responsible = ?3, unit = ?4, start_date = ?5,
                        due_date = ?6, done = ?7, updated_at = ?8 WHERE id = ?1",
                params![
                    id.to_string(),
                    f.title,
                    f.responsible,
                    f.unit,
                    f.start_date.format("%Y-%m-%d").to_string(),
                    f.due_date.format("%Y-%m-%d").to_string(),
                    f.done,
                    now
                ],
            )?;
            for ((field, after), (_, before)) in new.iter().zip(before.iter()) {
                if after != before {
                    changes.record(&partition, TABLE, &id.to_string(), field, after, version)?;
                }
            }
            Ok(id)
        }
    }
}

pub(crate) fn delete(changes: &mut Changes<'_>, id: MilestoneId) -> Result<()> {
    let (m, version) = get_row(changes.tx(), id)?
        .ok_or_else(|| StoreError::NotFound(format!("milestone {id}")))?;
    let task = tasks::get(changes.tx(), m.task_id)?;
    changes.tx().execute(
        "UPDATE milestones SET deleted = 1, updated_at = ?2 WHERE id = ?1",
        params![id.to_string(), changes.now_text()],
    )?;
    changes.record(&task.partition(), TABLE, &id.to_string(), "deleted", &json!(true), version)
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
