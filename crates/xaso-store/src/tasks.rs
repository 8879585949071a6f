//! `tasks` and its search index `tasks_fts`: the proposal form of each task, one column
//! per field, so that a change to one field is one outbox entry and two people editing
//! different fields merge cleanly.

use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::{Map, Value as Json};
use xaso_domain::text::{fold, search_words};
use xaso_domain::{
    Money, Partition, TaskFields, TaskId, TaskKind, TaskStatus, TransitionId, UnitCode,
};

use crate::sql::json;
use crate::{Changes, Result, StoreError};

pub(crate) const TABLE: &str = "tasks";

/// A stored task.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRow {
    pub id: TaskId,
    pub unit_code: UnitCode,
    pub status: TaskStatus,
    pub fields: TaskFields,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    /// The server's version when last pulled; 0 if never synced.
    pub version: i64,
}

impl TaskRow {
    pub fn partition(&self) -> Partition {
        Partition::Unit(self.unit_code.clone())
    }
}

/// The editable columns and their values, in one fixed order. The column names are
/// constants of this module, never user input, so building SQL from them is safe.
fn columns(f: &TaskFields) -> [(&'static str, Value); 19] {
    let text = |s: &String| Value::Text(s.clone());
    let money = |m: Money| Value::Integer(m.dong());
    let date = |d: Option<NaiveDate>| match d {
        Some(d) => Value::Text(d.format("%Y-%m-%d").to_string()),
        None => Value::Null,
    };
    [
        ("kind", Value::Text(f.kind.as_str().to_owned())),
        ("year", Value::Integer(i64::from(f.year))),
        ("name", text(&f.name)),
        ("field", text(&f.field)),
        ("task_type", text(&f.task_type)),
        ("basis", text(&f.basis)),
        ("urgency", text(&f.urgency)),
        ("objectives", text(&f.objectives)),
        ("contents", text(&f.contents)),
        ("expected_results", text(&f.expected_results)),
        ("impact", text(&f.impact)),
        ("cost_state", money(f.cost_state)),
        ("cost_own", money(f.cost_own)),
        ("cost_other", money(f.cost_other)),
        ("start_date", date(f.start_date)),
        ("end_date", date(f.end_date)),
        ("host_unit", text(&f.host_unit)),
        ("leader", text(&f.leader)),
        ("results_usage", text(&f.results_usage)),
    ]
}

/// Columns whose text is searchable (`kind` by the words people call it: [`searched`]).
const SEARCHED: [&str; 9] = [
    "kind",
    "name",
    "field",
    "task_type",
    "objectives",
    "contents",
    "expected_results",
    "host_unit",
    "leader",
];

/// What the index holds of a searched column: its text, except the kind, which is found
/// by its name ("chuyen doi so" finds every CĐS task, not only those that say it).
fn searched<'a>(column: &str, value: &'a str) -> &'a str {
    if column != "kind" {
        return value;
    }
    match value {
        "khcn" => "khoa học và công nghệ KHCN",
        "dmst" => "đổi mới sáng tạo ĐMST",
        "cds" => "chuyển đổi số CĐS",
        _ => "",
    }
}

fn search_text(f: &TaskFields) -> String {
    fold(
        &[
            &searched("kind", f.kind.as_str()).to_owned(),
            &f.name,
            &f.field,
            &f.task_type,
            &f.objectives,
            &f.contents,
            &f.expected_results,
            &f.host_unit,
            &f.leader,
        ]
        .map(String::as_str)
        .join("\n"),
    )
}

crate::changes::write_handle!(
    /// Writes to `tasks` (and its status history) in this transaction.
    TaskWrites,
    tasks
);

impl TaskWrites<'_, '_> {
    /// Creates a draft task of `unit`.
    pub fn insert(&mut self, unit: &UnitCode, fields: &TaskFields) -> Result<TaskId> {
        self.insert_as(TaskId::new(), unit, TaskStatus::Draft, fields)
    }

    /// Moves a task to `to` and records who did it, when and why. The lifecycle rules are
    /// the caller's to check (`xaso_domain::TaskStatus::check_transition`).
    pub fn transition(
        &mut self,
        id: TaskId,
        to: TaskStatus,
        comment: &str,
    ) -> Result<TransitionId> {
        let task = get(self.0.tx(), id)?;
        set_status(self.0, &task, to)?;
        crate::transitions::insert(self.0, task.id, &task.partition(), task.status, to, comment)
    }

    /// Creates a task with a given id and status: for importing and seeding sample data,
    /// which are still local changes and so still go through the outbox.
    pub fn insert_as(
        &mut self,
        id: TaskId,
        unit: &UnitCode,
        status: TaskStatus,
        fields: &TaskFields,
    ) -> Result<TaskId> {
        let changes = &mut *self.0;
        let now = changes.now_text().to_owned();
        let actor = changes.actor().to_owned();
        let cols = columns(fields);
        static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let sql = SQL.get_or_init(|| {
            let names: Vec<&str> = cols.iter().map(|(n, _)| *n).collect();
            format!(
                "INSERT INTO tasks (id, unit_code, status, created_at, created_by, updated_at, {}) VALUES (?1, ?2, ?3, ?4, ?5, ?4, {})",
                names.join(", "),
                (6..6 + cols.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ")
            )
        });
        let id_text = id.to_string();
        let mut values: Vec<Value> = vec![
            Value::Text(id_text.clone()),
            Value::Text(unit.as_str().to_owned()),
            Value::Text(status.as_str().to_owned()),
            Value::Text(now.clone()),
            Value::Text(actor.clone()),
        ];
        values.extend(cols.iter().map(|(_, v)| v.clone()));
        let tx = changes.tx();
        tx.prepare_cached(sql)?.execute(rusqlite::params_from_iter(&values))?;
        let rowid = tx.last_insert_rowid();
        index(tx, rowid, fields)?;

        // A new row travels as one change carrying the whole row.
        let mut row = Map::new();
        row.insert("unit_code".into(), Json::String(unit.as_str().to_owned()));
        row.insert("status".into(), Json::String(status.as_str().to_owned()));
        row.insert("created_at".into(), Json::String(now));
        row.insert("created_by".into(), Json::String(actor));
        for (name, v) in &cols {
            row.insert((*name).into(), json(v));
        }
        changes.record(
            &Partition::Unit(unit.clone()),
            TABLE,
            &id_text,
            "*",
            &Json::Object(row),
            0,
        )?;
        Ok(id)
    }

    /// Stores the fields that differ from what is stored; returns how many changed.
    pub fn update(&mut self, id: TaskId, fields: &TaskFields) -> Result<usize> {
        let changes = &mut *self.0;
        let (rowid, old) = get_with_rowid(changes.tx(), id)?;
        let before = columns(&old.fields);
        let after = columns(fields);
        let id_text = id.to_string();
        let partition = old.partition();
        let changed = crate::rows::update(
            changes,
            TABLE,
            &partition,
            &id_text,
            old.version,
            &before.to_vec(),
            &after.to_vec(),
        )?;
        if changed == 0 {
            return Ok(0);
        }
        changes
            .tx()
            .prepare_cached("UPDATE tasks SET updated_at = ?2 WHERE id = ?1")?
            .execute(params![id_text, changes.now_text()])?;
        let searched = |cols: &[(&str, Value)]| {
            cols.iter()
                .filter(|(n, _)| SEARCHED.contains(n))
                .map(|(_, v)| v.clone())
                .collect::<Vec<_>>()
        };
        if searched(&before) != searched(&after) {
            unindex(changes.tx(), rowid)?;
            index(changes.tx(), rowid, fields)?;
        }
        Ok(changed)
    }
}

fn set_status(changes: &mut Changes<'_>, task: &TaskRow, to: TaskStatus) -> Result<()> {
    let id = task.id.to_string();
    changes.tx().execute(
        "UPDATE tasks SET status = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, to.as_str(), changes.now_text()],
    )?;
    changes.record(
        &task.partition(),
        TABLE,
        &id,
        "status",
        &Json::String(to.as_str().into()),
        task.version,
    )
}

fn index(conn: &Connection, rowid: i64, fields: &TaskFields) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT INTO tasks_fts (rowid, text) VALUES (?1, ?2)")?
        .execute(params![rowid, search_text(fields)])?;
    Ok(())
}

fn unindex(conn: &Connection, rowid: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM tasks_fts WHERE rowid = ?1")?.execute([rowid])?;
    Ok(())
}

/// Indexes a task a pull has just inserted (`rowid`, never indexed before), from the
/// values it was inserted with (`value` gives a searched column's text, if any): a new
/// row is indexed at once rather than queued, so a first pull does not write each task
/// to the queue and read it back again to be searchable.
pub(crate) fn index_new<'a>(
    conn: &Connection,
    rowid: i64,
    value: impl Fn(&str) -> Option<&'a str>,
) -> rusqlite::Result<()> {
    let mut text = String::new();
    for (column, part) in SEARCHED.iter().filter_map(|c| value(c).map(|v| (c, v))) {
        text.push_str(searched(column, part));
        text.push('\n');
    }
    conn.prepare_cached("INSERT INTO tasks_fts (rowid, text) VALUES (?1, ?2)")?
        .execute(params![rowid, fold(&text)])?;
    Ok(())
}

/// Queues the task `id` for [`catch_up_search`], after a pull wrote it.
pub(crate) fn queue_reindex(conn: &Connection, id: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO tasks_unindexed (id) VALUES (?1)")?.execute([id])?;
    Ok(())
}

/// Whether some pulled task is not searchable yet.
pub fn search_behind(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM tasks_unindexed)")?
        .query_row([], |r| r.get(0))?)
}

/// Re-indexes up to `limit` queued tasks from their stored columns and takes them off
/// the queue; returns how many it took. Reads only the searched text, so a pulled row the
/// form could not read is still found.
pub(crate) fn catch_up_search(conn: &Connection, limit: usize) -> rusqlite::Result<usize> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT q.id, t.rowid, {} FROM tasks_unindexed q LEFT JOIN tasks t ON t.id = q.id LIMIT ?1",
        SEARCHED.iter().map(|c| format!("t.{c}")).collect::<Vec<_>>().join(", ")
    ))?;
    let queued = stmt
        .query_map([limit], |r| {
            let mut text = String::new();
            for (i, column) in SEARCHED.iter().enumerate() {
                if let Some(part) = r.get_ref(i + 2)?.as_str_or_null()? {
                    text.push_str(searched(column, part));
                    text.push('\n');
                }
            }
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?, text))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, rowid, text) in &queued {
        if let Some(rowid) = rowid {
            unindex(conn, *rowid)?;
            conn.prepare_cached("INSERT INTO tasks_fts (rowid, text) VALUES (?1, ?2)")?
                .execute(params![rowid, fold(text)])?;
        }
        conn.prepare_cached("DELETE FROM tasks_unindexed WHERE id = ?1")?.execute([id])?;
    }
    Ok(queued.len())
}

/// A task's name, for labels (a conflict about it, say); `None` if there is no such task.
pub fn name_of(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT name FROM tasks WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// Rebuilds the whole search index from `tasks` (migration step; repair).
pub(crate) fn rebuild_search(conn: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM tasks_fts", [])?;
    let mut stmt = conn.prepare(&format!("SELECT rowid, {SELECT_COLUMNS} FROM tasks"))?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, read_row(r, 1)?)))?;
    for row in rows {
        let (rowid, task) = row?;
        index(conn, rowid, &task.fields)?;
    }
    Ok(())
}

const SELECT_COLUMNS: &str = "id, unit_code, status, created_at, created_by, updated_at, version, \
    kind, year, name, field, task_type, basis, urgency, objectives, contents, expected_results, impact, \
    cost_state, cost_own, cost_other, start_date, end_date, host_unit, leader, results_usage";

fn invalid(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("stored {what} is not valid: {value:?}").into(),
    )
}

fn read_row(r: &Row<'_>, at: usize) -> rusqlite::Result<TaskRow> {
    let text = |i: usize| r.get::<_, String>(at + i);
    let money = |i: usize| -> rusqlite::Result<Money> {
        let v: i64 = r.get(at + i)?;
        Money::from_dong(v).map_err(|_| invalid("amount", &v.to_string()))
    };
    let date = |i: usize| -> rusqlite::Result<Option<NaiveDate>> {
        match r.get::<_, Option<String>>(at + i)? {
            None => Ok(None),
            Some(s) => {
                NaiveDate::parse_from_str(&s, "%Y-%m-%d").map(Some).map_err(|_| invalid("date", &s))
            }
        }
    };
    let id = text(0)?;
    let unit = text(1)?;
    let status = text(2)?;
    let kind = text(7)?;
    Ok(TaskRow {
        id: TaskId::from_str(&id).map_err(|_| invalid("task id", &id))?,
        unit_code: UnitCode::parse(&unit).map_err(|_| invalid("unit code", &unit))?,
        status: TaskStatus::parse(&status).ok_or_else(|| invalid("status", &status))?,
        created_at: text(3)?,
        created_by: text(4)?,
        updated_at: text(5)?,
        version: r.get(at + 6)?,
        fields: TaskFields {
            kind: TaskKind::parse(&kind).ok_or_else(|| invalid("kind", &kind))?,
            year: r.get(at + 8)?,
            name: text(9)?,
            field: text(10)?,
            task_type: text(11)?,
            basis: text(12)?,
            urgency: text(13)?,
            objectives: text(14)?,
            contents: text(15)?,
            expected_results: text(16)?,
            impact: text(17)?,
            cost_state: money(18)?,
            cost_own: money(19)?,
            cost_other: money(20)?,
            start_date: date(21)?,
            end_date: date(22)?,
            host_unit: text(23)?,
            leader: text(24)?,
            results_usage: text(25)?,
        },
    })
}

fn get_with_rowid(conn: &Connection, id: TaskId) -> Result<(i64, TaskRow)> {
    conn.prepare_cached(&format!(
        "SELECT rowid, {SELECT_COLUMNS} FROM tasks WHERE id = ?1 AND deleted = 0"
    ))?
    .query_row([id.to_string()], |r| Ok((r.get(0)?, read_row(r, 1)?)))
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("task {id}")))
}

pub fn get(conn: &Connection, id: TaskId) -> Result<TaskRow> {
    get_with_rowid(conn, id).map(|(_, row)| row)
}

/// What the task list asks for. `search` is free text: folded and split into words,
/// each matched as a word prefix, all required.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskFilter {
    pub status: Option<TaskStatus>,
    pub kind: Option<TaskKind>,
    pub year: Option<i32>,
    pub search: String,
    pub offset: i64,
    pub limit: i64,
}

/// One line of the task list.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskListRow {
    pub id: TaskId,
    pub kind: TaskKind,
    pub status: TaskStatus,
    pub year: i32,
    pub name: String,
    pub leader: String,
    pub cost_total: i64,
    pub updated_at: String,
    /// The earliest due date of a milestone not yet done.
    pub next_due: Option<String>,
    /// The owning unit's name (the city's lists span every unit).
    pub unit_name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaskListPage {
    pub rows: Vec<TaskListRow>,
    /// How many tasks match, counted up to [`COUNT_CAP`] ([`SEARCH_COUNT_CAP`] for a search).
    pub total: i64,
    /// More than that many match: `total` is a lower bound ("more than 1.000").
    pub total_capped: bool,
}

/// Counting stops here: past a thousand, the exact number helps nobody reading a list,
/// and counting 100 000 matches would cost more than showing the page.
pub const COUNT_CAP: i64 = 1000;
/// A search counts its matches up to here ("more than 200 results": refine the search).
pub const SEARCH_COUNT_CAP: i64 = 200;

/// An FTS5 query that can only ever match words: each word is quoted (so `OR`, `NEAR`,
/// `*` or quotes typed by a user are text). The last word is the one being typed, so it
/// matches as a prefix; the words before it are whole words (which keeps a query fast
/// however common its short words are).
fn fts_query(search: &str) -> Option<String> {
    let words = search_words(search);
    let (last, before) = words.split_last()?;
    let mut terms: Vec<String> = before.iter().map(|w| format!("\"{w}\"")).collect();
    terms.push(format!("\"{last}\"*"));
    Some(terms.join(" "))
}

/// A page of tasks with the total that match: most recently changed first when
/// browsing; when searching, the best matches of the newest ones first (see
/// [`title_rank`]), then the older ones newest created first.
pub fn list(conn: &Connection, filter: &TaskFilter) -> Result<TaskListPage> {
    let mut clauses = vec!["t.deleted = 0".to_owned()];
    let mut args: Vec<Value> = Vec::new();
    let mut arg = |clause: &str, v: Value, clauses: &mut Vec<String>| {
        args.push(v);
        clauses.push(clause.replace('?', &format!("?{}", args.len())));
    };
    if let Some(s) = filter.status {
        arg("t.status = ?", Value::Text(s.as_str().into()), &mut clauses);
    }
    if let Some(k) = filter.kind {
        arg("t.kind = ?", Value::Text(k.as_str().into()), &mut clauses);
    }
    if let Some(y) = filter.year {
        arg("t.year = ?", Value::Integer(i64::from(y)), &mut clauses);
    }
    let limit = filter.limit.clamp(1, 500);
    let offset = filter.offset.max(0);
    let Some(q) = fts_query(&filter.search) else {
        // Browsing walks an index by `updated_at` (newest change first): it streams, so a
        // page or a capped count stops early however many tasks there are.
        let filter_sql = clauses.join(" AND ");
        let counted = count(conn, "tasks t", &filter_sql, &args, COUNT_CAP)?;
        let rows = page(
            conn,
            "tasks t",
            &filter_sql,
            "t.updated_at DESC, t.id DESC",
            args,
            limit,
            offset,
        )?;
        return Ok(TaskListPage {
            rows,
            total: counted.min(COUNT_CAP),
            total_capped: counted > COUNT_CAP,
        });
    };
    // A search walks the full-text index newest created first (`rowid DESC`). Its first
    // `SEARCH_COUNT_CAP + 1` matches (the count) are read with their titles and ranked;
    // the rest, if a page reaches past them, follow newest first. The cost stays that of
    // the capped count, however many tasks match.
    args.push(Value::Text(q));
    clauses.push(format!("f.tasks_fts MATCH ?{}", args.len()));
    let from = "tasks_fts f CROSS JOIN tasks t ON t.rowid = f.rowid";
    let filter_sql = clauses.join(" AND ");
    let window: Vec<(i64, String)> = conn
        .prepare_cached(&format!(
            "SELECT t.rowid, t.name FROM {from} WHERE {filter_sql} ORDER BY f.rowid DESC LIMIT {}",
            SEARCH_COUNT_CAP + 1
        ))?
        .query_map(rusqlite::params_from_iter(&args), |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let counted = window.len() as i64;
    let mut ranked: Vec<(u8, i64)> =
        window.iter().map(|(rowid, name)| (title_rank(name, &filter.search), *rowid)).collect();
    // Stable: within a rank, newest first as walked.
    ranked.sort_by_key(|(rank, _)| *rank);
    let in_window: Vec<i64> =
        ranked.iter().map(|(_, rowid)| *rowid).skip(offset as usize).take(limit as usize).collect();
    let mut rows = by_rowids(conn, &in_window)?;
    let end = offset + limit;
    if end > counted && counted > SEARCH_COUNT_CAP {
        let from_offset = offset.max(counted);
        rows.extend(page(
            conn,
            from,
            &filter_sql,
            "f.rowid DESC",
            args,
            end - from_offset,
            from_offset,
        )?);
    }
    Ok(TaskListPage {
        rows,
        total: counted.min(SEARCH_COUNT_CAP),
        total_capped: counted > SEARCH_COUNT_CAP,
    })
}

/// How well a task's title answers a search, best first: 0 the title is what was typed
/// (folded, spaces evened), 1 it starts with it, 2 it holds it as a phrase, 3 it holds
/// every word (the last as a prefix, as typed), 4 the match is elsewhere (the contents,
/// the leader, the kind's name).
fn title_rank(name: &str, search: &str) -> u8 {
    let words = search_words(search);
    let title = search_words(name);
    let (typed, title_text) = (words.join(" "), title.join(" "));
    if title_text == typed {
        0
    } else if title_text.starts_with(&typed) {
        1
    } else if format!(" {title_text} ").contains(&format!(" {typed}")) {
        2
    } else if words.iter().enumerate().all(|(i, w)| {
        title.iter().any(|t| if i + 1 == words.len() { t.starts_with(w) } else { t == w })
    }) {
        3
    } else {
        4
    }
}

/// Counts what `from … WHERE filter_sql` matches, stopping after `cap + 1`.
fn count(conn: &Connection, from: &str, filter_sql: &str, args: &[Value], cap: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM (SELECT 1 FROM {from} WHERE {filter_sql} LIMIT {})",
            cap + 1
        ))?
        .query_row(rusqlite::params_from_iter(args), |r| r.get(0))?)
}

const ROW_COLUMNS: &str = "t.id, t.kind, t.status, t.year, t.name, t.leader,
    t.cost_state + t.cost_own + t.cost_other, t.updated_at,
    (SELECT min(m.due_date) FROM milestones m
      WHERE m.task_id = t.id AND m.done = 0 AND m.deleted = 0),
    coalesce((SELECT u.name FROM units u WHERE u.code = t.unit_code), t.unit_code)";

/// One page of `from … WHERE filter_sql ORDER BY order`.
fn page(
    conn: &Connection,
    from: &str,
    filter_sql: &str,
    order: &str,
    mut args: Vec<Value>,
    limit: i64,
    offset: i64,
) -> Result<Vec<TaskListRow>> {
    let n = args.len();
    args.push(Value::Integer(limit));
    args.push(Value::Integer(offset));
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM {from} WHERE {filter_sql}
         ORDER BY {order} LIMIT ?{} OFFSET ?{}",
        n + 1,
        n + 2
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(&args), list_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The rows of these tasks (by rowid), in the order given.
fn by_rowids(conn: &Connection, rowids: &[i64]) -> Result<Vec<TaskListRow>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {ROW_COLUMNS} FROM tasks t WHERE t.rowid = ?1"))?;
    rowids.iter().map(|rowid| Ok(stmt.query_row([rowid], list_row)?)).collect()
}

fn list_row(r: &Row<'_>) -> rusqlite::Result<TaskListRow> {
    let id: String = r.get(0)?;
    let kind: String = r.get(1)?;
    let status: String = r.get(2)?;
    Ok(TaskListRow {
        id: TaskId::from_str(&id).map_err(|_| invalid("task id", &id))?,
        kind: TaskKind::parse(&kind).ok_or_else(|| invalid("kind", &kind))?,
        status: TaskStatus::parse(&status).ok_or_else(|| invalid("status", &status))?,
        year: r.get(3)?,
        name: r.get(4)?,
        leader: r.get(5)?,
        cost_total: r.get(6)?,
        updated_at: r.get(7)?,
        next_due: r.get(8)?,
        unit_name: r.get(9)?,
    })
}

/// The fiscal years that have tasks, newest first. Walks the year index one distinct
/// value at a time, so it costs a few lookups however many tasks there are.
pub fn years(conn: &Connection) -> Result<Vec<i32>> {
    crate::sql::all(
        conn,
        "WITH RECURSIVE y(year) AS (
             SELECT max(year) FROM tasks WHERE deleted = 0
             UNION ALL
             SELECT (SELECT max(year) FROM tasks WHERE year < y.year AND deleted = 0) FROM y
             WHERE y.year IS NOT NULL
         )
         SELECT year FROM y WHERE year IS NOT NULL",
        [],
        |r| r.get(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_queries_quote_every_word() {
        assert_eq!(fts_query("Ngân sá"), Some("\"ngan\" \"sa\"*".into()));
        assert_eq!(fts_query("a\" OR \"b NEAR("), Some("\"a\" \"or\" \"b\" \"near\"*".into()));
        assert_eq!(fts_query("  -- "), None);
    }
}
