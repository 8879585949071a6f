//! `estimates`, `estimate_people`, `estimate_lines`: versions of a task's budget estimate
//! per fiscal year. A line is a row of its own, so two officials editing different lines
//! merge cleanly; an approved version is frozen (the caller checks `editable`) and a
//! change makes a new version whose lines remember what they were copied from.

use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, params};
use xaso_domain::budget::{EstimateStatus, LabourRole, Line, LineGroup, Person};
use xaso_domain::norm::Scaled;
use xaso_domain::{EstimateId, LineId, Money, Partition, TaskId};

use crate::rows::{self, Cols, opt_text, text};
use crate::{Result, StoreError, tasks};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EstimateRow {
    pub id: EstimateId,
    pub task_id: TaskId,
    pub year: i32,
    pub version_no: u32,
    pub status: EstimateStatus,
    pub leader_rate: Money,
    pub estimate_date: NaiveDate,
    pub based_on: Option<EstimateId>,
    pub review_comment: String,
    pub created_at: String,
    pub updated_at: String,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    pub id: LineId,
    pub person: Person,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRow {
    pub id: LineId,
    pub line: Line,
    pub review_comment: String,
    pub copied_from: Option<LineId>,
    pub version: i64,
}

fn bad(what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("stored estimate: bad {what}").into(),
    )
}

fn parse<T: FromStr>(s: &str, what: &str) -> rusqlite::Result<T> {
    s.parse().map_err(|_| bad(what))
}

fn money(v: i64) -> rusqlite::Result<Money> {
    Money::from_dong(v).map_err(|_| bad("amount"))
}

const SELECT_ESTIMATE: &str = "SELECT id, task_id, year, version_no, status, leader_rate, estimate_date, based_on, review_comment, created_at, updated_at, version FROM estimates";

fn estimate_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<EstimateRow> {
    let status: String = r.get(4)?;
    Ok(EstimateRow {
        id: parse(&r.get::<_, String>(0)?, "id")?,
        task_id: parse(&r.get::<_, String>(1)?, "task id")?,
        year: r.get(2)?,
        version_no: r.get(3)?,
        status: EstimateStatus::parse(&status).ok_or_else(|| bad("status"))?,
        leader_rate: money(r.get(5)?)?,
        estimate_date: parse(&r.get::<_, String>(6)?, "date")?,
        based_on: r.get::<_, Option<String>>(7)?.map(|s| parse(&s, "based_on")).transpose()?,
        review_comment: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
        version: r.get(11)?,
    })
}

pub fn get(conn: &Connection, id: EstimateId) -> Result<EstimateRow> {
    conn.prepare_cached(&format!("{SELECT_ESTIMATE} WHERE id = ?1 AND deleted = 0"))?
        .query_row([id.to_string()], estimate_from_row)
        .map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound(format!("estimate {id}")),
            e => e.into(),
        })
}

/// A task's estimates: by year, then version.
pub fn for_task(conn: &Connection, task: TaskId) -> Result<Vec<EstimateRow>> {
    crate::sql::all(
        conn,
        &format!(
            "{SELECT_ESTIMATE} WHERE task_id = ?1 AND deleted = 0 ORDER BY year, version_no, id"
        ),
        [task.to_string()],
        estimate_from_row,
    )
}

/// The latest version of every estimate of `year` for tasks of `unit` that are not
/// cancelled, with the task's kind (for the unit's yearly plan).
pub fn latest_in_year(
    conn: &Connection,
    unit: &str,
    year: i32,
) -> Result<Vec<(xaso_domain::TaskKind, EstimateRow)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT_ESTIMATE} e WHERE e.deleted = 0 AND e.year = ?2
           AND e.id = (SELECT id FROM estimates x WHERE x.task_id = e.task_id AND x.year = e.year AND x.deleted = 0
                       ORDER BY x.version_no DESC, x.id LIMIT 1)
           AND e.task_id IN (SELECT id FROM tasks WHERE unit_code = ?1 AND deleted = 0 AND status != 'cancelled')"
    ))?;
    let rows = stmt.query_map(params![unit, year], estimate_from_row)?;
    let mut out = Vec::new();
    for row in rows {
        let row = row?;
        let task = tasks::get(conn, row.task_id)?;
        out.push((task.fields.kind, row));
    }
    Ok(out)
}

/// The unit's tasks whose plan year is `year` and that have no estimate for that year
/// (cancelled tasks left out), with their kind and declared cost: what the yearly plan
/// counts for them until an estimate exists.
pub fn declared_without_estimate(
    conn: &Connection,
    unit: &str,
    year: i32,
) -> Result<Vec<(xaso_domain::TaskKind, Money)>> {
    let ids: Vec<String> = crate::sql::all(
        conn,
        "SELECT t.id FROM tasks t
         WHERE t.unit_code = ?1 AND t.year = ?2 AND t.deleted = 0 AND t.status != 'cancelled'
           AND NOT EXISTS (SELECT 1 FROM estimates e WHERE e.task_id = t.id AND e.year = ?2 AND e.deleted = 0)
         ORDER BY t.id",
        params![unit, year],
        |r| r.get(0),
    )?;
    ids.iter()
        .map(|id| {
            let task = tasks::get(conn, parse(id, "task id")?)?;
            Ok((task.fields.kind, task.fields.cost_total().unwrap_or(Money::ZERO)))
        })
        .collect()
}

pub fn people(conn: &Connection, estimate: EstimateId) -> Result<Vec<PersonRow>> {
    crate::sql::all(
        conn,
        "SELECT id, name, role, months, version FROM estimate_people
         WHERE estimate_id = ?1 AND deleted = 0 ORDER BY position, id",
        [estimate.to_string()],
        |r| {
            let role: String = r.get(2)?;
            Ok(PersonRow {
                id: parse(&r.get::<_, String>(0)?, "id")?,
                person: Person {
                    name: r.get(1)?,
                    role: LabourRole::parse(&role).ok_or_else(|| bad("role"))?,
                    months: Scaled::from_raw(r.get(3)?),
                },
                version: r.get(4)?,
            })
        },
    )
}

pub fn lines(conn: &Connection, estimate: EstimateId) -> Result<Vec<LineRow>> {
    crate::sql::all(
        conn,
        "SELECT id, grp, content, unit, quantity, unit_price, own, other, note, norm_code, review_comment, copied_from, version
         FROM estimate_lines WHERE estimate_id = ?1 AND deleted = 0 ORDER BY position, id", [estimate.to_string()], |r| {
        let group: String = r.get(1)?;
        Ok(LineRow {
            id: parse(&r.get::<_, String>(0)?, "id")?,
            line: Line {
                group: LineGroup::parse(&group).ok_or_else(|| bad("group"))?,
                content: r.get(2)?,
                unit: r.get(3)?,
                quantity: Scaled::from_raw(r.get(4)?),
                unit_price: money(r.get(5)?)?,
                own: money(r.get(6)?)?,
                other: money(r.get(7)?)?,
                note: r.get(8)?,
                norm_code: r.get(9)?,
            },
            review_comment: r.get(10)?,
            copied_from: r
                .get::<_, Option<String>>(11)?
                .map(|s| parse(&s, "copied_from"))
                .transpose()?,
            version: r.get(12)?,
        })
    })
}

fn partition_of(conn: &Connection, task: TaskId) -> Result<Partition> {
    Ok(tasks::get(conn, task)?.partition())
}

fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

crate::changes::write_handle!(
    /// Writes to the estimate tables (header, people, lines) in this transaction.
    EstimateWrites,
    estimates
);

impl EstimateWrites<'_, '_> {
    /// A new draft estimate of `task` for `year` (the next version number).
    pub fn create(
        &mut self,
        task: TaskId,
        year: i32,
        leader_rate: Money,
        date: NaiveDate,
    ) -> Result<EstimateId> {
        let changes = &mut *self.0;
        let partition = partition_of(changes.tx(), task)?;
        let next: u32 = changes.tx().query_row(
            "SELECT coalesce(max(version_no), 0) + 1 FROM estimates WHERE task_id = ?1 AND year = ?2 AND deleted = 0",
            params![task.to_string(), year],
            |r| r.get(0),
        )?;
        let id = EstimateId::new();
        let now = changes.now_text().to_owned();
        let cols: Cols = vec![
            ("task_id", text(&task.to_string())),
            ("year", Value::Integer(i64::from(year))),
            ("version_no", Value::Integer(i64::from(next))),
            ("status", text(EstimateStatus::Draft.as_str())),
            ("leader_rate", Value::Integer(leader_rate.dong())),
            ("estimate_date", text(&date_text(date))),
            ("created_at", text(&now)),
            ("updated_at", text(&now)),
        ];
        rows::insert(changes, "estimates", &partition, &id.to_string(), &cols)?;
        Ok(id)
    }

    /// Writes an estimate's header fields (status, leader's rate, date, review comment).
    pub fn update_header(&mut self, updated: &EstimateRow) -> Result<()> {
        let changes = &mut *self.0;
        let old = get(changes.tx(), updated.id)?;
        let partition = partition_of(changes.tx(), old.task_id)?;
        let id = old.id.to_string();
        let n = rows::update(
            changes,
            "estimates",
            &partition,
            &id,
            old.version,
            &header_cols(&old),
            &header_cols(updated),
        )?;
        if n > 0 {
            changes.tx().execute(
                "UPDATE estimates SET updated_at = ?2 WHERE id = ?1",
                params![id, changes.now_text()],
            )?;
        }
        Ok(())
    }

    /// Makes the estimate's people and lines exactly these, in this order.
    pub fn save_sheet(
        &mut self,
        estimate: EstimateId,
        people_in: &[(Option<LineId>, Person)],
        lines_in: &[(Option<LineId>, Line)],
    ) -> Result<(Vec<LineId>, Vec<LineId>)> {
        let changes = &mut *self.0;
        let head = get(changes.tx(), estimate)?;
        let partition = partition_of(changes.tx(), head.task_id)?;
        let stored_people = people(changes.tx(), estimate)?;
        let stored_lines = lines(changes.tx(), estimate)?;
        let mut touched = false;

        let mut people_ids = Vec::new();
        for (pos, (id, p)) in people_in.iter().enumerate() {
            let after = person_cols(estimate, pos, p);
            match id
                .and_then(|id| stored_people.iter().position(|s| s.id == id))
                .map(|i| (i, &stored_people[i]))
            {
                Some((i, old)) => {
                    // Stored rows are read back in position order, so a row's position is its index.
                    let before = person_cols(estimate, i, &old.person);
                    touched |= rows::update(
                        changes,
                        "estimate_people",
                        &partition,
                        &old.id.to_string(),
                        old.version,
                        &before,
                        &after,
                    )? > 0;
                    people_ids.push(old.id);
                }
                None => {
                    let new = LineId::new();
                    rows::insert(changes, "estimate_people", &partition, &new.to_string(), &after)?;
                    touched = true;
                    people_ids.push(new);
                }
            }
        }
        for old in stored_people.iter().filter(|s| !people_ids.contains(&s.id)) {
            rows::delete(changes, "estimate_people", &partition, &old.id.to_string(), old.version)?;
            touched = true;
        }

        let mut line_ids = Vec::new();
        for (pos, (id, l)) in lines_in.iter().enumerate() {
            match id.and_then(|id| stored_lines.iter().position(|s| s.id == id)) {
                Some(i) => {
                    let old = &stored_lines[i];
                    let before =
                        line_cols(estimate, i, &old.line, &old.review_comment, old.copied_from);
                    let after = line_cols(estimate, pos, l, &old.review_comment, old.copied_from);
                    touched |= rows::update(
                        changes,
                        "estimate_lines",
                        &partition,
                        &old.id.to_string(),
                        old.version,
                        &before,
                        &after,
                    )? > 0;
                    line_ids.push(old.id);
                }
                None => {
                    let new = LineId::new();
                    rows::insert(
                        changes,
                        "estimate_lines",
                        &partition,
                        &new.to_string(),
                        &line_cols(estimate, pos, l, "", None),
                    )?;
                    touched = true;
                    line_ids.push(new);
                }
            }
        }
        for old in stored_lines.iter().filter(|s| !line_ids.contains(&s.id)) {
            rows::delete(changes, "estimate_lines", &partition, &old.id.to_string(), old.version)?;
            touched = true;
        }
        if touched {
            changes.tx().execute(
                "UPDATE estimates SET updated_at = ?2 WHERE id = ?1",
                params![estimate.to_string(), changes.now_text()],
            )?;
        }
        Ok((people_ids, line_ids))
    }

    /// The city reviewer's comment on one line.
    pub fn comment_line(
        &mut self,
        estimate: EstimateId,
        line: LineId,
        comment: &str,
    ) -> Result<()> {
        let changes = &mut *self.0;
        let head = get(changes.tx(), estimate)?;
        let partition = partition_of(changes.tx(), head.task_id)?;
        let old = lines(changes.tx(), estimate)?
            .into_iter()
            .find(|l| l.id == line)
            .ok_or_else(|| StoreError::NotFound(format!("line {line}")))?;
        rows::update(
            changes,
            "estimate_lines",
            &partition,
            &line.to_string(),
            old.version,
            &vec![("review_comment", text(&old.review_comment))],
            &vec![("review_comment", text(comment))],
        )?;
        Ok(())
    }

    /// A new draft version copied from `from`.
    pub fn new_version(&mut self, from: EstimateId, date: NaiveDate) -> Result<EstimateId> {
        let old = get(self.0.tx(), from)?;
        let id = self.create(old.task_id, old.year, old.leader_rate, date)?;
        let changes = &mut *self.0;
        let partition = partition_of(changes.tx(), old.task_id)?;
        rows::update(
            changes,
            "estimates",
            &partition,
            &id.to_string(),
            0,
            &vec![("based_on", Value::Null)],
            &vec![("based_on", text(&from.to_string()))],
        )?;
        for (pos, p) in people(changes.tx(), from)?.iter().enumerate() {
            rows::insert(
                changes,
                "estimate_people",
                &partition,
                &LineId::new().to_string(),
                &person_cols(id, pos, &p.person),
            )?;
        }
        for (pos, l) in lines(changes.tx(), from)?.iter().enumerate() {
            let cols = line_cols(id, pos, &l.line, "", Some(l.id));
            rows::insert(changes, "estimate_lines", &partition, &LineId::new().to_string(), &cols)?;
        }
        Ok(id)
    }
}

fn header_cols(e: &EstimateRow) -> Cols {
    vec![
        ("status", text(e.status.as_str())),
        ("leader_rate", Value::Integer(e.leader_rate.dong())),
        ("estimate_date", text(&date_text(e.estimate_date))),
        ("review_comment", text(&e.review_comment)),
    ]
}

fn person_cols(estimate: EstimateId, position: usize, p: &Person) -> Cols {
    vec![
        ("estimate_id", text(&estimate.to_string())),
        ("position", Value::Integer(position as i64)),
        ("name", text(&p.name)),
        ("role", text(p.role.as_str())),
        ("months", Value::Integer(p.months.raw())),
    ]
}

fn line_cols(
    estimate: EstimateId,
    position: usize,
    l: &Line,
    review: &str,
    copied_from: Option<LineId>,
) -> Cols {
    vec![
        ("estimate_id", text(&estimate.to_string())),
        ("position", Value::Integer(position as i64)),
        ("grp", text(l.group.as_str())),
        ("content", text(&l.content)),
        ("unit", text(&l.unit)),
        ("quantity", Value::Integer(l.quantity.raw())),
        ("unit_price", Value::Integer(l.unit_price.dong())),
        ("own", Value::Integer(l.own.dong())),
        ("other", Value::Integer(l.other.dong())),
        ("note", text(&l.note)),
        ("norm_code", opt_text(l.norm_code.as_deref())),
        ("review_comment", text(review)),
        ("copied_from", opt_text(copied_from.map(|c| c.to_string()).as_deref())),
    ]
}
