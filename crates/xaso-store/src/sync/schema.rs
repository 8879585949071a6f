//! The allow-list every pulled change passes: a table is written only if it is listed in
//! `xaso_domain::sync::SYNCED_TABLES` *and* exists in this database, a column only if it is
//! one of that table's fields *and* exists here. Names that reach SQL are the contract's
//! `&'static str`s or this database's own column names, never text from the network.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use serde_json::Value as Json;
use xaso_domain::sync::{CONFLICTS, SYNCED_TABLES, SyncedTable};

use crate::{Result, StoreError};

/// Columns that hold JSON text: the two values of a conflict, which may be of any
/// field's type. On the wire they are strings holding that text (as the server writes
/// them), and they are stored verbatim.
const JSON_COLUMNS: &[(&str, &str)] = &[(CONFLICTS, "kept_value"), (CONFLICTS, "other_value")];

/// One column as `PRAGMA table_info` describes it.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub name: String,
    pub decl_type: String,
    pub not_null: bool,
    pub has_default: bool,
}

/// A synced table as this database has it.
#[derive(Debug)]
pub(crate) struct LocalTable {
    pub synced: &'static SyncedTable,
    pub columns: Vec<Column>,
}

/// Every synced table this database has. Read once per [`crate::Store`] and cached: the
/// schema cannot change under an open store.
#[derive(Debug)]
pub(crate) struct SyncSchema {
    tables: HashMap<&'static str, LocalTable>,
}

impl SyncSchema {
    pub fn load(conn: &Connection) -> Result<SyncSchema> {
        let mut tables = HashMap::new();
        for synced in SYNCED_TABLES {
            if let Some(t) = LocalTable::load(conn, synced)? {
                tables.insert(synced.name, t);
            }
        }
        Ok(SyncSchema { tables })
    }

    pub fn table(&self, name: &str) -> Option<&LocalTable> {
        self.tables.get(name)
    }
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl LocalTable {
    /// The synced table called `name`, as this database has it; `None` if it is not
    /// synced or not here.
    pub fn named(conn: &Connection, name: &str) -> Result<Option<LocalTable>> {
        match xaso_domain::sync::synced_table(name) {
            Some(synced) => LocalTable::load(conn, synced),
            None => Ok(None),
        }
    }

    fn load(conn: &Connection, synced: &'static SyncedTable) -> Result<Option<LocalTable>> {
        // `pragma_table_info` takes the name as a bound value: nothing is spliced in.
        let mut stmt = conn.prepare_cached(
            "SELECT name, type, \"notnull\", dflt_value IS NOT NULL FROM pragma_table_info(?1)",
        )?;
        let columns = stmt
            .query_map([synced.name], |r| {
                Ok(Column {
                    name: r.get(0)?,
                    decl_type: r.get::<_, String>(1)?.to_ascii_uppercase(),
                    not_null: r.get(2)?,
                    has_default: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let has = |c: &str| columns.iter().any(|col| col.name == c);
        if columns.is_empty() || !has("id") || !has("version") {
            return Ok(None);
        }
        Ok(Some(LocalTable { synced, columns }))
    }

    pub fn name(&self) -> &'static str {
        self.synced.name
    }

    fn has_column(&self, name: &str) -> bool {
        self.columns.iter().any(|c| c.name == name)
    }

    /// The contract's name of `field` if a change may set it here.
    pub fn field(&self, field: &str) -> Option<&'static str> {
        self.synced.field_names().find(|f| *f == field && self.has_column(f))
    }

    /// A column of this table that is not a synced field but that this database keeps
    /// (the partition of a conflict, `updated_at` of a table that does not sync it).
    pub fn local_column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// `field`'s value as SQL stores it.
    pub fn to_sql(&self, field: &str, v: &Json) -> Result<Value> {
        if JSON_COLUMNS.contains(&(self.name(), field)) {
            // The server sends JSON text as a string; any other value is its own text.
            return Ok(Value::Text(match v {
                Json::String(text) => text.clone(),
                other => other.to_string(),
            }));
        }
        Ok(match v {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Integer(i64::from(*b)),
            Json::Number(n) => match n.as_i64() {
                Some(i) => Value::Integer(i),
                None => Value::Real(n.as_f64().unwrap_or(f64::NAN)),
            },
            Json::String(s) => Value::Text(s.clone()),
            Json::Array(_) | Json::Object(_) => {
                return Err(StoreError::Unappliable(crate::set_aside::Why {
                    code: "wrong_type",
                    vi: format!(
                        "Trường {}.{field} không chứa được một danh sách hay đối tượng.",
                        self.name()
                    ),
                    en: format!(
                        "The field {}.{field} cannot hold a list or an object.",
                        self.name()
                    ),
                }));
            }
        })
    }

    /// A value as it travels: the inverse of [`LocalTable::to_sql`].
    pub fn to_json(&self, field: &str, v: &Value) -> Json {
        if let (true, Value::Text(t)) = (JSON_COLUMNS.contains(&(self.name(), field)), v) {
            return Json::String(t.clone());
        }
        crate::tasks::json(v)
    }

    /// The row's `version` if the row is here (deleted or not).
    pub fn version_of(&self, conn: &Connection, id: &str) -> Result<Option<i64>> {
        let sql = format!("SELECT version FROM {} WHERE id = ?1", quoted(self.name()));
        Ok(conn.prepare_cached(&sql)?.query_row([id], |r| r.get(0)).optional()?)
    }

    /// The stored value of `field` (a name [`LocalTable::field`] returned); `None` if
    /// the row is not here.
    pub fn get(&self, conn: &Connection, id: &str, field: &'static str) -> Result<Option<Value>> {
        let sql = format!("SELECT {} FROM {} WHERE id = ?1", quoted(field), quoted(self.name()));
        Ok(conn.prepare_cached(&sql)?.query_row([id], |r| r.get(0)).optional()?)
    }

    /// Sets columns of one row (names from [`LocalTable::field`] or this table's own
    /// columns), and raises its version to `version` if given.
    pub fn update(
        &self,
        conn: &Connection,
        id: &str,
        cols: &[(&str, Value)],
        version: Option<i64>,
    ) -> Result<()> {
        let mut sets: Vec<String> = cols
            .iter()
            .enumerate()
            .map(|(i, (n, _))| format!("{} = ?{}", quoted(n), i + 2))
            .collect();
        let mut values: Vec<Value> = vec![Value::Text(id.to_owned())];
        values.extend(cols.iter().map(|(_, v)| v.clone()));
        if let Some(v) = version {
            values.push(Value::Integer(v));
            sets.push(format!("version = max(version, ?{})", values.len()));
        }
        if sets.is_empty() {
            return Ok(());
        }
        let sql = format!("UPDATE {} SET {} WHERE id = ?1", quoted(self.name()), sets.join(", "));
        conn.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(&values))?;
        Ok(())
    }

    /// Inserts a row the server sent. Columns the row must have but the change did not
    /// carry get a neutral value: `updated_at` the creation time, text `''`, numbers 0.
    pub fn insert<'a>(
        &'a self,
        conn: &Connection,
        id: &str,
        version: i64,
        mut cols: Vec<(&'a str, Value)>,
    ) -> Result<()> {
        let given = |cols: &[(&str, Value)], name: &str| cols.iter().any(|(n, _)| *n == name);
        let created_at = cols.iter().find(|(n, _)| *n == "created_at").map(|(_, v)| v.clone());
        for c in &self.columns {
            if !c.not_null || c.has_default || c.name == "id" || c.name == "version" {
                continue;
            }
            if given(&cols, &c.name) {
                continue;
            }
            let filler = match (c.name.as_str(), &created_at) {
                ("updated_at", Some(at)) => at.clone(),
                _ if c.decl_type.contains("INT") => Value::Integer(0),
                _ if c.decl_type.contains("REAL") => Value::Real(0.0),
                _ => Value::Text(String::new()),
            };
            cols.push((c.name.as_str(), filler));
        }
        let names: Vec<String> = cols.iter().map(|(n, _)| quoted(n)).collect();
        let marks: Vec<String> = (0..cols.len()).map(|i| format!("?{}", i + 3)).collect();
        let sql = format!(
            "INSERT INTO {} (id, version{}{}) VALUES (?1, ?2{}{})",
            quoted(self.name()),
            if names.is_empty() { "" } else { ", " },
            names.join(", "),
            if marks.is_empty() { "" } else { ", " },
            marks.join(", "),
        );
        let mut values = vec![Value::Text(id.to_owned()), Value::Integer(version)];
        values.extend(cols.into_iter().map(|(_, v)| v));
        conn.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(&values))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_values_become_sql_values() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE conflicts (id TEXT, version INTEGER, kept_value TEXT);
             CREATE TABLE tasks (id TEXT, version INTEGER, name TEXT, year INTEGER, deleted INTEGER);",
        )
        .unwrap();
        let schema = SyncSchema::load(&conn).unwrap();
        let tasks = schema.table("tasks").unwrap();
        let conflicts = schema.table("conflicts").unwrap();
        let cases: &[(&LocalTable, &str, Json, Value)] = &[
            (tasks, "year", Json::from(2026), Value::Integer(2026)),
            (tasks, "name", Json::from("Số hóa"), Value::Text("Số hóa".into())),
            (tasks, "deleted", Json::Bool(true), Value::Integer(1)),
            (tasks, "name", Json::Null, Value::Null),
            (conflicts, "kept_value", Json::from("\"a\""), Value::Text("\"a\"".into())),
            (conflicts, "kept_value", Json::from("7"), Value::Text("7".into())),
            (conflicts, "kept_value", Json::from(7), Value::Text("7".into())),
        ];
        for (table, field, json, sql) in cases {
            assert_eq!(&table.to_sql(field, json).unwrap(), sql);
        }
        assert!(tasks.to_sql("name", &serde_json::json!({"a": 1})).is_err());
        assert_eq!(
            conflicts.to_json("kept_value", &Value::Text("\"a\"".into())),
            Json::from("\"a\"")
        );
        // Only listed fields that exist here.
        assert_eq!(tasks.field("name"), Some("name"));
        assert_eq!(tasks.field("leader"), None, "not a column of this database");
        assert_eq!(tasks.field("version"), None, "not a field");
        assert!(schema.table("local_meta").is_none());
    }
}
