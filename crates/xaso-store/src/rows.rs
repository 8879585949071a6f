//! The generic part of writing a synced row: insert (one `*` outbox entry carrying the
//! row), update (one entry per changed column) and soft delete (an entry for `deleted`).
//! Table modules give the column values; table and column names are their constants,
//! never user input.

use rusqlite::types::Value;
use serde_json::{Map, Value as Json};
use xaso_domain::Partition;

use crate::sql::json;
use crate::{Changes, Result};

pub(crate) type Cols = Vec<(&'static str, Value)>;

/// Loads bundled reference rows into `table` when it is empty (first start): each gets a
/// new id (`new_id`). Not a local change: no outbox entry (the city's own rows arrive by
/// sync).
pub(crate) fn seed_if_empty(
    conn: &rusqlite::Connection,
    table: &'static str,
    rows: impl IntoIterator<Item = Cols>,
    new_id: impl Fn() -> String,
) -> Result<()> {
    let existing: i64 =
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
    if existing > 0 {
        return Ok(());
    }
    for cols in rows {
        let names = cols.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ");
        let marks = (2..2 + cols.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
        let mut values = vec![Value::Text(new_id())];
        values.extend(cols.into_iter().map(|(_, v)| v));
        conn.execute(
            &format!("INSERT INTO {table} (id, {names}) VALUES (?1, {marks})"),
            rusqlite::params_from_iter(&values),
        )?;
    }
    Ok(())
}

pub(crate) fn insert(
    changes: &mut Changes<'_>,
    table: &'static str,
    partition: &Partition,
    id: &str,
    cols: &Cols,
) -> Result<()> {
    let names = cols.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ");
    let marks = (2..2 + cols.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
    let sql = format!("INSERT INTO {table} (id, {names}) VALUES (?1, {marks})");
    let mut values = vec![Value::Text(id.to_owned())];
    values.extend(cols.iter().map(|(_, v)| v.clone()));
    changes.tx().prepare_cached(&sql)?.execute(rusqlite::params_from_iter(&values))?;
    let row: Map<String, Json> = cols.iter().map(|(n, v)| ((*n).to_owned(), json(v))).collect();
    changes.record(partition, table, id, "*", &Json::Object(row), 0)
}

/// Writes the columns of `after` that differ from `before` (same names, same order).
pub(crate) fn update(
    changes: &mut Changes<'_>,
    table: &'static str,
    partition: &Partition,
    id: &str,
    base_version: i64,
    before: &Cols,
    after: &Cols,
) -> Result<usize> {
    let changed: Vec<&(&'static str, Value)> =
        after.iter().zip(before.iter()).filter(|(a, b)| a.1 != b.1).map(|(a, _)| a).collect();
    if changed.is_empty() {
        return Ok(0);
    }
    let sets = changed
        .iter()
        .enumerate()
        .map(|(i, (n, _))| format!("{n} = ?{}", i + 2))
        .collect::<Vec<_>>();
    let sql = format!("UPDATE {table} SET {} WHERE id = ?1", sets.join(", "));
    let mut values = vec![Value::Text(id.to_owned())];
    values.extend(changed.iter().map(|(_, v)| v.clone()));
    changes.tx().prepare_cached(&sql)?.execute(rusqlite::params_from_iter(&values))?;
    for (name, v) in &changed {
        changes.record(partition, table, id, name, &json(v), base_version)?;
    }
    Ok(changed.len())
}

pub(crate) fn delete(
    changes: &mut Changes<'_>,
    table: &'static str,
    partition: &Partition,
    id: &str,
    base_version: i64,
) -> Result<()> {
    let sql = format!("UPDATE {table} SET deleted = 1 WHERE id = ?1");
    changes.tx().prepare_cached(&sql)?.execute([id])?;
    changes.record(partition, table, id, "deleted", &Json::Bool(true), base_version)
}

pub(crate) fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

pub(crate) fn opt_text(s: Option<&str>) -> Value {
    s.map_or(Value::Null, text)
}
