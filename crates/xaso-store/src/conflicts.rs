//! `conflicts`: two concurrent edits of one field, as the server recorded them. Rows
//! arrive by pull (the server creates them); people resolve them here, and a resolution
//! is a local change like any other: the chosen value written to the field, and the
//! conflict marked resolved, both through the outbox.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};
use serde_json::Value as Json;
use xaso_domain::Partition;

use crate::sync::{LocalTable, SyncSchema};
use crate::{Changes, Result, StoreError, tasks};

const TABLE: &str = xaso_domain::sync::CONFLICTS;

/// Which value a resolution keeps.
#[derive(Debug, Clone, PartialEq)]
pub enum KeepChoice {
    /// The value the server kept (every replica shows it already).
    Kept,
    /// The value that lost.
    Other,
    /// A value the person put together from both.
    Merged(Json),
}

/// One conflict, with what it is about in words and the field's value now.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictView {
    pub id: String,
    pub partition: String,
    pub table: String,
    pub row_id: String,
    pub field: String,
    pub kept_value: Json,
    pub kept_actor: String,
    pub kept_at: String,
    pub other_value: Json,
    pub other_actor: String,
    pub other_at: String,
    pub detected_at: String,
    pub resolved: bool,
    pub resolved_by: Option<String>,
    pub resolved_at: Option<String>,
    /// The field's value in this replica now; `None` if the row is not here.
    pub current_value: Option<Json>,
    /// The name of the task the row is (or belongs to), when there is one.
    pub task_name: Option<String>,
    /// `table.field`, then the task's name if any: what the list shows.
    pub label: String,
}

const SELECT: &str = "SELECT id, partition, tbl, row_id, field, kept_value, kept_actor, kept_at, \
    other_value, other_actor, other_at, detected_at, resolved, resolved_by, resolved_at, version \
    FROM conflicts";

struct Stored {
    view: ConflictView,
    version: i64,
}

fn json_text(text: String) -> Json {
    serde_json::from_str(&text).unwrap_or(Json::String(text))
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Stored> {
    let table: String = r.get(2)?;
    let field: String = r.get(4)?;
    Ok(Stored {
        view: ConflictView {
            id: r.get(0)?,
            partition: r.get(1)?,
            label: format!("{table}.{field}"),
            table,
            row_id: r.get(3)?,
            field,
            kept_value: json_text(r.get(5)?),
            kept_actor: r.get(6)?,
            kept_at: r.get(7)?,
            other_value: json_text(r.get(8)?),
            other_actor: r.get(9)?,
            other_at: r.get(10)?,
            detected_at: r.get(11)?,
            resolved: r.get(12)?,
            // The server writes "" for "nobody yet".
            resolved_by: r.get::<_, Option<String>>(13)?.filter(|s| !s.is_empty()),
            resolved_at: r.get(14)?,
            current_value: None,
            task_name: None,
        },
        version: r.get(15)?,
    })
}

/// Every conflict: open ones first, newest first within each.
pub fn list(conn: &Connection) -> Result<Vec<ConflictView>> {
    let schema = SyncSchema::load(conn)?;
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE deleted = 0 ORDER BY resolved, detected_at DESC, id"
    ))?;
    let stored = stmt.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    stored
        .into_iter()
        .map(|s| {
            let mut view = s.view;
            if let Some(table) = schema.table(&view.table) {
                describe(conn, table, &mut view)?;
            }
            Ok(view)
        })
        .collect()
}

/// Fills in the field's current value and the task it concerns.
fn describe(conn: &Connection, table: &LocalTable, view: &mut ConflictView) -> Result<()> {
    if let Some(field) = table.field(&view.field) {
        view.current_value =
            table.get(conn, &view.row_id, field)?.map(|v| table.to_json(field, &v));
    }
    let task_id = if table.name() == tasks::TABLE {
        Some(view.row_id.clone())
    } else if let Some(field) = table.field("task_id") {
        match table.get(conn, &view.row_id, field)? {
            Some(Value::Text(id)) => Some(id),
            _ => None,
        }
    } else {
        None
    };
    if let Some(id) = task_id {
        view.task_name = tasks::name_of(conn, &id)?;
    }
    if let Some(name) = &view.task_name {
        view.label = format!("{}.{} · {name}", view.table, view.field);
    }
    Ok(())
}

/// What a conflict is about: its table, field and row (`None` if this replica lacks it).
pub fn subject(conn: &Connection, id: &str) -> Result<Option<(String, String, String)>> {
    match conn
        .prepare_cached("SELECT tbl, field, row_id FROM conflicts WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    {
        Ok(s) => Ok(Some(s)),
        Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// How many conflicts wait for someone to resolve them.
pub fn open_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM conflicts WHERE resolved = 0 AND deleted = 0",
        [],
        |r| r.get(0),
    )?)
}

crate::changes::write_handle!(
    /// Resolves conflicts in this transaction.
    ConflictWrites,
    conflicts
);

impl ConflictWrites<'_, '_> {
    /// Resolves a conflict: writes the chosen value to the field in conflict and marks the
    /// conflict resolved by this actor, now. Both are local changes that sync.
    pub fn resolve(&mut self, id: &str, keep: KeepChoice) -> Result<()> {
        let changes = &mut *self.0;
        let stored = changes
            .tx()
            .prepare_cached(&format!("{SELECT} WHERE id = ?1 AND deleted = 0"))?
            .query_row([id], from_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("conflict {id}")))?;
        let c = stored.view;
        let partition = c.partition.parse::<Partition>().map_err(|_| {
            StoreError::Invalid(format!("conflict {id}: partition {:?}", c.partition))
        })?;
        let chosen = match keep {
            KeepChoice::Kept => c.kept_value.clone(),
            KeepChoice::Other => c.other_value.clone(),
            KeepChoice::Merged(v) => v,
        };
        write_field(changes, &partition, &c, &chosen)?;

        let now = changes.now_text().to_owned();
        let actor = changes.actor().to_owned();
        changes.tx().execute(
            "UPDATE conflicts SET resolved = 1, resolved_by = ?2, resolved_at = ?3 WHERE id = ?1",
            rusqlite::params![id, actor, now],
        )?;
        changes.record(&partition, TABLE, id, "resolved", &Json::Bool(true), stored.version)?;
        changes.record(
            &partition,
            TABLE,
            id,
            "resolved_by",
            &Json::String(actor),
            stored.version,
        )?;
        changes.record(&partition, TABLE, id, "resolved_at", &Json::String(now), stored.version)
    }
}

/// Writes the chosen value to the field in conflict, as a local edit, if it is not the
/// value the field has already.
fn write_field(
    changes: &mut Changes<'_>,
    partition: &Partition,
    c: &ConflictView,
    chosen: &Json,
) -> Result<()> {
    let tx = changes.tx();
    let table = LocalTable::named(tx, &c.table)?
        .ok_or_else(|| StoreError::Invalid(format!("conflict {}: table {:?}", c.id, c.table)))?;
    let field = table
        .field(&c.field)
        .ok_or_else(|| StoreError::Invalid(format!("conflict {}: field {:?}", c.id, c.field)))?;
    let version = table
        .version_of(tx, &c.row_id)?
        .ok_or_else(|| StoreError::NotFound(format!("{} {}", c.table, c.row_id)))?;
    let value = table.to_sql(field, chosen)?;
    if table.get(tx, &c.row_id, field)?.as_ref() == Some(&value) {
        return Ok(());
    }
    let mut cols = vec![(field, value.clone())];
    if table.field("updated_at") != Some(field) && table.local_column("updated_at").is_some() {
        // Like any edit in the form: the row shows it changed now (local bookkeeping).
        cols.push(("updated_at", Value::Text(changes.now_text().to_owned())));
    }
    table.update(tx, &c.row_id, &cols, None)?;
    if table.name() == tasks::TABLE {
        tasks::queue_reindex(tx, &c.row_id)?;
    }
    let travelled = table.to_json(field, &value);
    changes.record(partition, table.name(), &c.row_id, field, &travelled, version)
}
