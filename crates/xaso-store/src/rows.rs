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

/// Loads bundled reference rows into `table` when it is empty (first start). Not a local
/// change: no outbox entry (the city's own rows arrive by sync). Each row's id is
/// [`seeded_id`] of its `key`, the same on every laptop.
pub(crate) fn seed_if_empty(
    conn: &rusqlite::Connection,
    table: &'static str,
    rows: impl IntoIterator<Item = (String, Cols)>,
) -> Result<()> {
    let existing: i64 =
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
    if existing > 0 {
        return Ok(());
    }
    for (key, cols) in rows {
        let names = cols.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ");
        let marks = (2..2 + cols.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
        let mut values = vec![Value::Text(seeded_id(table, &key))];
        values.extend(cols.into_iter().map(|(_, v)| v));
        conn.execute(
            &format!("INSERT INTO {table} (id, {names}) VALUES (?1, {marks})"),
            rusqlite::params_from_iter(&values),
        )?;
    }
    Ok(())
}

/// When the bundled rows were published: the time part of their ids (the day the 168
/// units began, 2025-07-01T00:00:00Z).
const SEEDED_AT_MS: u64 = 1_751_328_000_000;

/// The id of a bundled reference row (a norm, an indicator): a UUIDv7 whose time is
/// [`SEEDED_AT_MS`] and whose random part is the SHA-256 of its table and `key` (what
/// tells the bundled rows apart: a norm's code and start date, an indicator's code).
///
/// Every laptop seeds the same rows under the same ids, so when the city admin corrects
/// a bundled row (sets a target, marks it checked) the change names a row every replica
/// has and applies there. With a fresh random id per laptop, the correction was of a row
/// no other laptop had, and every pull ignored it.
pub(crate) fn seeded_id(table: &str, key: &str) -> String {
    use sha2::{Digest as _, Sha256};
    let digest = Sha256::new()
        .chain_update(b"xaso-seeded-row\0")
        .chain_update(table.as_bytes())
        .chain_update(b"\0")
        .chain_update(key.as_bytes())
        .finalize();
    let mut random = [0u8; 10];
    random.copy_from_slice(&digest[..10]);
    uuid::Builder::from_unix_timestamp_millis(SEEDED_AT_MS, &random).into_uuid().to_string()
}

/// Migration 14: bundled rows seeded before [`seeded_id`] existed get their shared id,
/// where nothing can have named the old one (never synced, no change waiting to be sent).
/// `key` is the SQL expression of the row's key, as the table's `seed` makes it.
pub(crate) fn rekey_seeded(
    tx: &rusqlite::Transaction<'_>,
    table: &'static str,
    key: &str,
) -> rusqlite::Result<()> {
    let rows: Vec<(String, String)> = tx
        .prepare(&format!(
            "SELECT id, {key} FROM {table} WHERE version = 0 AND NOT EXISTS \
             (SELECT 1 FROM outbox o WHERE o.tbl = '{table}' AND o.row_id = {table}.id)"
        ))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = tx.prepare(&format!("UPDATE {table} SET id = ?2 WHERE id = ?1"))?;
    for (id, key) in rows {
        update.execute([id, seeded_id(table, &key)])?;
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

/// [`update`] for a table the app seeds with bundled rows (norms, indicators). A bundled
/// row the server has never had (version 0, no new row waiting to be sent: seeded here,
/// never published) is sent as a whole new row with the values of `after`: the server
/// refuses a change of one field of a row it does not know, and every other laptop has
/// the row under the same id ([`seeded_id`]) and takes the new values over its own.
/// Once the city has it, changes are field by field as everywhere else.
///
/// Two city admins publishing the same bundled row before either has pulled the other's:
/// the second is refused (`row_exists`) and listed as such on that laptop; the first
/// one's values reach it with its next pull.
pub(crate) fn update_seeded(
    changes: &mut Changes<'_>,
    table: &'static str,
    partition: &Partition,
    id: &str,
    base_version: i64,
    before: &Cols,
    after: &Cols,
) -> Result<usize> {
    let unpublished =
        base_version == 0 && !crate::outbox::has_pending(changes.tx(), table, id, "*", 0)?;
    if !unpublished {
        return update(changes, table, partition, id, base_version, before, after);
    }
    let changed = after.iter().zip(before.iter()).filter(|(a, b)| a.1 != b.1).count();
    if changed == 0 {
        return Ok(0);
    }
    let sets = after.iter().enumerate().map(|(i, (n, _))| format!("{n} = ?{}", i + 2));
    let sql = format!("UPDATE {table} SET {} WHERE id = ?1", sets.collect::<Vec<_>>().join(", "));
    let mut values = vec![Value::Text(id.to_owned())];
    values.extend(after.iter().map(|(_, v)| v.clone()));
    changes.tx().prepare_cached(&sql)?.execute(rusqlite::params_from_iter(&values))?;
    let row: Map<String, Json> = after.iter().map(|(n, v)| ((*n).to_owned(), json(v))).collect();
    changes.record(partition, table, id, "*", &Json::Object(row), 0)?;
    Ok(changed)
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
