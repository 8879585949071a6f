//! SQLite helpers every table module shares (a leaf: it knows no table).

use rusqlite::types::Value;
use serde_json::Value as Json;

use crate::Result;

/// Every row `sql` selects with `params`, each read by `read`, collected (a `Vec`, a map…).
pub(crate) fn all<T, C: FromIterator<T>>(
    conn: &rusqlite::Connection,
    sql: &str,
    params: impl rusqlite::Params,
    read: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<C> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A stored value as it travels in a change.
pub(crate) fn json(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Integer(i) => Json::from(*i),
        Value::Real(r) => Json::from(*r),
        Value::Text(s) => Json::String(s.clone()),
        Value::Blob(b) => Json::from(b.clone()),
    }
}
