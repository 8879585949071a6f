//! The allow-list every pulled change passes: a table is written only if it is listed in
//! `xaso_domain::sync::SYNCED_TABLES` *and* exists in this database, a column only if it is
//! one of that table's fields *and* exists here. Names that reach SQL are the contract's
//! `&'static str`s or this database's own column names, never text from the network.

use std::cell::RefCell;
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
    /// The synced fields this database has (what [`LocalTable::field`] looks in).
    present: Vec<&'static str>,
    /// `SELECT version … WHERE id = ?1`, made once.
    version_sql: String,
    /// INSERT statements by their columns (see [`LocalTable::insert`]).
    insert_sql: RefCell<Vec<(Vec<String>, String)>>,
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
        let present = synced.field_names().filter(|f| has(f)).collect();
        let version_sql = format!("SELECT version FROM {} WHERE id = ?1", quoted(synced.name));
        Ok(Some(LocalTable {
            synced,
            columns,
            present,
            version_sql,
            insert_sql: RefCell::new(Vec::new()),
        }))
    }

    pub fn name(&self) -> &'static str {
        self.synced.name
    }

    /// The contract's name of `field` if a change may set it here.
    pub fn field(&self, field: &str) -> Option<&'static str> {
        self.present.iter().find(|f| **f == field).copied()
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
        crate::sql::json(v)
    }

    /// The row's `version` if the row is here (deleted or not).
    pub fn version_of(&self, conn: &Connection, id: &str) -> Result<Option<i64>> {
        Ok(conn.prepare_cached(&self.version_sql)?.query_row([id], |r| r.get(0)).optional()?)
    }

    /// The stored value of `field` (a name [`LocalTable::field`] returned); `None` if
    /// the row is not here.
    pub fn get(&self, conn: &Connection, id: &str, field: &'static str) -> Result<Option<Value>> {
        let sql = format!("SELECT {} FROM {} WHERE id = ?1", quoted(field), quoted(self.name()));
        Ok(conn.prepare_cached(&sql)?.query_row([id], |r| r.get(0)).optional()?)
    }

    /// Raises the version of every row of this table with a held change of `partition`
    /// up to `cursor` (`sync_held`) to the latest of them.
    pub fn raise_versions_held(
        &self,
        conn: &Connection,
        partition: &str,
        cursor: i64,
    ) -> Result<()> {
        let sql = format!(
            "UPDATE {} AS t SET version = max(t.version, h.seq)
             FROM (SELECT row_id, max(seq) AS seq FROM sync_held
                   WHERE partition = ?1 AND seq <= ?2 AND tbl = ?3 GROUP BY row_id) AS h
             WHERE t.id = h.row_id",
            quoted(self.name())
        );
        conn.prepare_cached(&sql)?.execute(rusqlite::params![partition, cursor, self.name()])?;
        Ok(())
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

    /// Inserts a row the server sent and answers its rowid. Columns the row must have but
    /// the change did not carry get a neutral value: `updated_at` the creation time, text
    /// `''`, numbers 0.
    pub fn insert(
        &self,
        conn: &Connection,
        id: &str,
        version: i64,
        cols: &[(&str, Value)],
    ) -> Result<i64> {
        let given = |name: &str| cols.iter().any(|(n, _)| *n == name);
        let created_at = cols.iter().find(|(n, _)| *n == "created_at").map(|(_, v)| v);
        let mut fillers: Vec<(&str, Value)> = Vec::new();
        for c in &self.columns {
            if !c.not_null || c.has_default || c.name == "id" || c.name == "version" {
                continue;
            }
            if given(&c.name) {
                continue;
            }
            let filler = match (c.name.as_str(), created_at) {
                ("updated_at", Some(at)) => at.clone(),
                _ if c.decl_type.contains("INT") => Value::Integer(0),
                _ if c.decl_type.contains("REAL") => Value::Real(0.0),
                _ => Value::Text(String::new()),
            };
            fillers.push((c.name.as_str(), filler));
        }
        let all = || cols.iter().chain(fillers.iter());
        let sql = self.insert_sql(all().map(|(n, _)| *n));
        let (id, version) = (Value::Text(id.to_owned()), Value::Integer(version));
        let values = [&id, &version].into_iter().chain(all().map(|(_, v)| v));
        conn.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(values))?;
        Ok(conn.last_insert_rowid())
    }

    /// The INSERT statement for these columns, made once per set of columns (a page of
    /// 1 000 new rows of one table has one or two): building it for each row cost as
    /// much as binding its values.
    fn insert_sql<'n>(&self, names: impl Iterator<Item = &'n str> + Clone) -> String {
        let mut cache = self.insert_sql.borrow_mut();
        if let Some((_, sql)) =
            cache.iter().find(|(cached, _)| cached.iter().map(String::as_str).eq(names.clone()))
        {
            return sql.clone();
        }
        let names: Vec<String> = names.map(str::to_owned).collect();
        let columns: String = names.iter().map(|n| format!(", {}", quoted(n))).collect();
        let marks: String = (0..names.len()).map(|i| format!(", ?{}", i + 3)).collect();
        let sql = format!(
            "INSERT INTO {} (id, version{columns}) VALUES (?1, ?2{marks})",
            quoted(self.name())
        );
        if cache.len() >= 16 {
            cache.remove(0);
        }
        cache.push((names, sql.clone()));
        sql
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
