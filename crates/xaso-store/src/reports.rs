//! `report_forms` (city data, seeded from the bundled forms like the indicators),
//! `reports` and `report_values` (a unit's own, in its partition): the stored side of the
//! reports of issue 13. What may happen to a report is `xaso_domain::report`'s; this
//! module stores what the caller decided.

use std::str::FromStr;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use xaso_domain::kpi::{Period, PeriodKind};
use xaso_domain::report::{ReportForm, ReportStatus, Section};
use xaso_domain::{Partition, ReportFormId, ReportId, ReportValueId, UnitCode};

use crate::rows::{self, Cols, opt_text, text};
use crate::{Result, StoreError};

const FORMS: &str = "report_forms";
const REPORTS: &str = "reports";
const VALUES: &str = "report_values";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormRow {
    pub id: ReportFormId,
    pub form: ReportForm,
    pub version: i64,
}

fn form_cols(f: &ReportForm) -> Cols {
    vec![
        ("code", text(&f.code)),
        ("name_vi", text(&f.name_vi)),
        ("name_en", text(&f.name_en)),
        ("period", text(f.period.as_str())),
        ("due_days", Value::Integer(i64::from(f.due_days))),
        ("sections", text(&serde_json::to_string(&f.sections).unwrap_or_else(|_| "[]".into()))),
        ("indicators", text(&serde_json::to_string(&f.indicators).unwrap_or_else(|_| "[]".into()))),
    ]
}

/// Loads the bundled report forms into an empty table (city data: no outbox; the ids are
/// shared by every laptop, see `rows::seeded_id`).
pub(crate) fn seed_forms(conn: &Connection, forms: &[ReportForm]) -> Result<()> {
    rows::seed_if_empty(conn, FORMS, forms.iter().map(|f| (f.code.clone(), form_cols(f))))
}

crate::changes::write_handle!(
    /// Writes to `report_forms` (city data) in this transaction.
    ReportFormWrites,
    report_forms
);

impl ReportFormWrites<'_, '_> {
    /// Publishes a report form (new, or a correction of one): city data, partition
    /// `city`. The caller has checked it (`ReportForm::check`).
    pub fn save(&mut self, id: Option<ReportFormId>, form: &ReportForm) -> Result<ReportFormId> {
        let changes = &mut *self.0;
        match id {
            None => {
                let id = ReportFormId::new();
                rows::insert(changes, FORMS, &Partition::City, &id.to_string(), &form_cols(form))?;
                Ok(id)
            }
            Some(id) => {
                let old = changes
                    .tx()
                    .prepare_cached(&format!("{FORM_SELECT} AND id = ?1"))?
                    .query_row([id.to_string()], form_from_row)
                    .optional()?
                    .ok_or_else(|| StoreError::NotFound(format!("report form {id}")))?;
                rows::update_seeded(
                    changes,
                    FORMS,
                    &Partition::City,
                    &id.to_string(),
                    old.version,
                    &form_cols(&old.form),
                    &form_cols(form),
                )?;
                Ok(id)
            }
        }
    }
}

fn bad(what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("stored report: bad {what}").into(),
    )
}

fn json_list<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> rusqlite::Result<Vec<T>> {
    serde_json::from_str(text).map_err(|_| bad(what))
}

const FORM_SELECT: &str = "SELECT id, code, name_vi, name_en, period, due_days, sections, indicators, version \
     FROM report_forms WHERE deleted = 0";

fn form_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FormRow> {
    let id: String = r.get(0)?;
    let sections: String = r.get(6)?;
    let indicators: String = r.get(7)?;
    Ok(FormRow {
        id: ReportFormId::from_str(&id).map_err(|_| bad("form id"))?,
        form: ReportForm {
            code: r.get(1)?,
            name_vi: r.get(2)?,
            name_en: r.get(3)?,
            period: PeriodKind::parse(&r.get::<_, String>(4)?).ok_or_else(|| bad("period kind"))?,
            due_days: r.get(5)?,
            sections: json_list::<Section>(&sections, "sections")?,
            indicators: json_list::<String>(&indicators, "indicators")?,
        },
        version: r.get(8)?,
    })
}

/// Every report form, yearly ones last, by code.
pub fn forms(conn: &Connection) -> Result<Vec<FormRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{FORM_SELECT} ORDER BY CASE period WHEN 'month' THEN 0 WHEN 'quarter' THEN 1 ELSE 2 END, code"
    ))?;
    let rows = stmt.query_map([], form_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The form of this code (the first, should the city have published two).
pub fn form(conn: &Connection, code: &str) -> Result<Option<FormRow>> {
    Ok(conn
        .prepare_cached(&format!("{FORM_SELECT} AND code = ?1 ORDER BY id LIMIT 1"))?
        .query_row([code], form_from_row)
        .optional()?)
}

/// One version of a unit's report for a form and period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub id: ReportId,
    pub unit: UnitCode,
    pub form_code: String,
    pub period: Period,
    pub version_no: u32,
    pub status: ReportStatus,
    /// The accepted version this one corrects.
    pub based_on: Option<ReportId>,
    /// What the unit wrote in each of the form's sections, by position.
    pub narrative: Vec<String>,
    /// The city's comment on each section when it returned the report, by position.
    pub section_comments: Vec<String>,
    /// The city's overall comment (why it was returned).
    pub review_comment: String,
    /// Who signed it off (the server writes the name of the account that did).
    pub signed_by: String,
    /// When it was sent to the city (RFC 3339 UTC).
    pub submitted_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub version: i64,
}

const REPORT_SELECT: &str = "SELECT id, unit_code, form_code, period, version_no, status, based_on, \
     narrative, section_comments, review_comment, signed_by, submitted_at, created_at, updated_at, \
     version FROM reports WHERE deleted = 0";

fn report_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReportRow> {
    let id: String = r.get(0)?;
    let unit: String = r.get(1)?;
    let period: String = r.get(3)?;
    let based_on: Option<String> = r.get(6)?;
    Ok(ReportRow {
        id: ReportId::from_str(&id).map_err(|_| bad("id"))?,
        unit: UnitCode::parse(&unit).map_err(|_| bad("unit"))?,
        form_code: r.get(2)?,
        period: Period::parse(&period).ok_or_else(|| bad("period"))?,
        version_no: r.get(4)?,
        status: ReportStatus::parse(&r.get::<_, String>(5)?).ok_or_else(|| bad("status"))?,
        based_on: based_on
            .map(|b| ReportId::from_str(&b).map_err(|_| bad("based_on")))
            .transpose()?,
        narrative: json_list(&r.get::<_, String>(7)?, "narrative")?,
        section_comments: json_list(&r.get::<_, String>(8)?, "section comments")?,
        review_comment: r.get(9)?,
        signed_by: r.get(10)?,
        submitted_at: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
        version: r.get(14)?,
    })
}

pub fn get(conn: &Connection, id: ReportId) -> Result<ReportRow> {
    conn.prepare_cached(&format!("{REPORT_SELECT} AND id = ?1"))?
        .query_row([id.to_string()], report_from_row)
        .map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound(format!("report {id}")),
            e => e.into(),
        })
}

/// Every version of a unit's report for a form and period, the latest first.
pub fn versions(
    conn: &Connection,
    unit: &UnitCode,
    form_code: &str,
    period: Period,
) -> Result<Vec<ReportRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{REPORT_SELECT} AND unit_code = ?1 AND form_code = ?2 AND period = ?3 ORDER BY version_no DESC"
    ))?;
    let rows = stmt.query_map(params![unit.as_str(), form_code, period.key()], report_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The latest version of each report of a unit (all forms and periods), the latest
/// period first.
pub fn of_unit(conn: &Connection, unit: &UnitCode) -> Result<Vec<ReportRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{REPORT_SELECT} AND unit_code = ?1 AND version_no = (SELECT max(o.version_no) FROM reports o \
         WHERE o.deleted = 0 AND o.unit_code = reports.unit_code AND o.form_code = reports.form_code \
         AND o.period = reports.period) ORDER BY period DESC, form_code"
    ))?;
    let rows = stmt.query_map([unit.as_str()], report_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The latest version of every report of every unit (what a city laptop holds), those
/// waiting for the city first, then the latest period first.
pub fn latest_all(conn: &Connection) -> Result<Vec<ReportRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{REPORT_SELECT} AND version_no = (SELECT max(o.version_no) FROM reports o \
         WHERE o.deleted = 0 AND o.unit_code = reports.unit_code AND o.form_code = reports.form_code \
         AND o.period = reports.period) \
         ORDER BY status = 'submitted' DESC, period DESC, unit_code, form_code"
    ))?;
    let rows = stmt.query_map([], report_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One value of a report the city has received, for a roll-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedValue {
    pub unit: String,
    pub indicator_code: String,
    pub value: Option<i64>,
    pub denominator: Option<i64>,
}

/// Every report of `period` the city has received (sent or accepted), one per unit and
/// form: the latest version that was received (a correction still being written does not
/// take an accepted report out of the count).
pub fn received_for_period(conn: &Connection, period: Period) -> Result<Vec<ReportRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{REPORT_SELECT} AND period = ?1 AND status IN ('submitted', 'accepted') \
         AND NOT EXISTS ({NEWER_RECEIVED}) ORDER BY unit_code, form_code"
    ))?;
    let rows = stmt.query_map([period.key()], report_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A later received version of the report `reports` (the outer query's row): what makes
/// that row not the one the city counts.
const NEWER_RECEIVED: &str = "SELECT 1 FROM reports o WHERE o.period = reports.period \
     AND o.unit_code = reports.unit_code AND o.form_code = reports.form_code \
     AND o.version_no > reports.version_no AND o.deleted = 0 \
     AND o.status IN ('submitted', 'accepted')";

/// The values of the received reports of `period` (see [`received_for_period`]), in one
/// query.
pub fn received_values(conn: &Connection, period: Period) -> Result<Vec<ReceivedValue>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT reports.unit_code, v.indicator_code, v.value, v.denominator \
         FROM reports JOIN report_values v ON v.report_id = reports.id \
         WHERE reports.period = ?1 AND reports.deleted = 0 AND v.deleted = 0 \
         AND reports.status IN ('submitted', 'accepted') AND NOT EXISTS ({NEWER_RECEIVED})"
    ))?;
    let rows = stmt.query_map([period.key()], |r| {
        Ok(ReceivedValue {
            unit: r.get(0)?,
            indicator_code: r.get(1)?,
            value: r.get(2)?,
            denominator: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The latest version of every unit's report for a form and period (what the city sees).
pub fn for_period(conn: &Connection, form_code: &str, period: Period) -> Result<Vec<ReportRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{REPORT_SELECT} AND form_code = ?1 AND period = ?2 AND version_no = (SELECT max(o.version_no) \
         FROM reports o WHERE o.deleted = 0 AND o.unit_code = reports.unit_code \
         AND o.form_code = reports.form_code AND o.period = reports.period) ORDER BY unit_code"
    ))?;
    let rows = stmt.query_map(params![form_code, period.key()], report_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Where a reported value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueSource {
    /// Typed by the official.
    Typed,
    /// The app's proposal from its own data, taken as it was.
    App,
}

impl ValueSource {
    fn as_str(self) -> &'static str {
        match self {
            ValueSource::Typed => "typed",
            ValueSource::App => "app",
        }
    }
}

/// One indicator's value in a report: `value` is the count, the đồng, the numerator of a
/// percent or 0/1 for yes/no (`xaso_domain::kpi::KpiValue::columns`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueRow {
    pub id: ReportValueId,
    pub report_id: ReportId,
    pub indicator_code: String,
    pub value: Option<i64>,
    pub denominator: Option<i64>,
    pub source: ValueSource,
    pub note: String,
    /// The city's comment on this value when it returned the report.
    pub review_comment: String,
    pub version: i64,
}

/// What the official entered for one indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueInput {
    pub value: Option<i64>,
    pub denominator: Option<i64>,
    pub source: ValueSource,
    pub note: String,
}

const VALUE_SELECT: &str = "SELECT id, report_id, indicator_code, value, denominator, source, note, \
     review_comment, version FROM report_values WHERE deleted = 0";

fn value_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ValueRow> {
    let id: String = r.get(0)?;
    let report: String = r.get(1)?;
    let source: String = r.get(5)?;
    Ok(ValueRow {
        id: ReportValueId::from_str(&id).map_err(|_| bad("value id"))?,
        report_id: ReportId::from_str(&report).map_err(|_| bad("report id"))?,
        indicator_code: r.get(2)?,
        value: r.get(3)?,
        denominator: r.get(4)?,
        source: if source == "app" { ValueSource::App } else { ValueSource::Typed },
        note: r.get(6)?,
        review_comment: r.get(7)?,
        version: r.get(8)?,
    })
}

/// A report's values, by indicator code.
pub fn values(conn: &Connection, report: ReportId) -> Result<Vec<ValueRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{VALUE_SELECT} AND report_id = ?1 ORDER BY indicator_code, id"
    ))?;
    let rows = stmt.query_map([report.to_string()], value_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The unit's tasks of `kind` that reached `status` in `[from, until)` (stored UTC
/// times), each task once: what the app proposes for an indicator that counts them.
pub fn tasks_reaching(
    conn: &Connection,
    unit: &UnitCode,
    kind: &str,
    status: &str,
    from: &str,
    until: &str,
) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT count(DISTINCT t.task_id) FROM task_transitions t JOIN tasks k ON k.id = t.task_id \
             WHERE k.unit_code = ?1 AND k.kind = ?2 AND k.deleted = 0 AND t.to_status = ?3 \
             AND t.at >= ?4 AND t.at < ?5",
        )?
        .query_row(params![unit.as_str(), kind, status, from, until], |r| r.get(0))?)
}

/// Check-ins of the unit's people at training sessions in `[from, until)` (stored UTC
/// times).
pub fn attendances(conn: &Connection, unit: &UnitCode, from: &str, until: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM attendance WHERE unit_code = ?1 AND deleted = 0 \
             AND checked_in_at >= ?2 AND checked_in_at < ?3",
        )?
        .query_row(params![unit.as_str(), from, until], |r| r.get(0))?)
}

crate::changes::write_handle!(
    /// Writes to `reports` and `report_values` (a unit's partition) in this transaction.
    ReportWrites,
    reports
);

fn list_text(list: &[String]) -> Value {
    text(&serde_json::to_string(list).unwrap_or_else(|_| "[]".into()))
}

impl ReportWrites<'_, '_> {
    /// A new draft of `unit`'s report for a form and period: version 1, or the next one
    /// correcting `based_on` (its values, notes and narrative copied).
    pub fn create(
        &mut self,
        unit: &UnitCode,
        form_code: &str,
        period: Period,
        based_on: Option<ReportId>,
    ) -> Result<ReportId> {
        let changes = &mut *self.0;
        let partition = Partition::Unit(unit.clone());
        let next: u32 = changes.tx().query_row(
            "SELECT coalesce(max(version_no), 0) + 1 FROM reports \
             WHERE unit_code = ?1 AND form_code = ?2 AND period = ?3 AND deleted = 0",
            params![unit.as_str(), form_code, period.key()],
            |r| r.get(0),
        )?;
        let base = based_on.map(|b| get(changes.tx(), b)).transpose()?;
        let id = ReportId::new();
        let now = changes.now_text().to_owned();
        let mut cols: Cols = vec![
            ("unit_code", text(unit.as_str())),
            ("form_code", text(form_code)),
            ("period", text(&period.key())),
            ("version_no", Value::Integer(i64::from(next))),
            ("status", text(ReportStatus::Draft.as_str())),
            ("narrative", list_text(base.as_ref().map_or(&[][..], |b| &b.narrative))),
            ("created_at", text(&now)),
            ("updated_at", text(&now)),
        ];
        if let Some(b) = &base {
            cols.push(("based_on", text(&b.id.to_string())));
        }
        rows::insert(changes, REPORTS, &partition, &id.to_string(), &cols)?;
        if let Some(b) = base {
            for v in values(changes.tx(), b.id)? {
                let input = ValueInput {
                    value: v.value,
                    denominator: v.denominator,
                    source: v.source,
                    note: v.note,
                };
                insert_value(changes, &partition, id, &v.indicator_code, &input)?;
            }
        }
        Ok(id)
    }

    /// Sets one indicator's value in a report (the row is made the first time).
    pub fn set_value(
        &mut self,
        report: ReportId,
        indicator: &str,
        input: &ValueInput,
    ) -> Result<()> {
        let changes = &mut *self.0;
        let r = get(changes.tx(), report)?;
        let partition = Partition::Unit(r.unit);
        let existing = changes
            .tx()
            .prepare_cached(&format!(
                "{VALUE_SELECT} AND report_id = ?1 AND indicator_code = ?2 ORDER BY id LIMIT 1"
            ))?
            .query_row(params![report.to_string(), indicator], value_from_row)
            .optional()?;
        match existing {
            None => insert_value(changes, &partition, report, indicator, input),
            Some(old) => {
                let cols = |v: Option<i64>, d: Option<i64>, s: ValueSource, note: &str| -> Cols {
                    vec![
                        ("value", v.map_or(Value::Null, Value::Integer)),
                        ("denominator", d.map_or(Value::Null, Value::Integer)),
                        ("source", text(s.as_str())),
                        ("note", text(note)),
                    ]
                };
                rows::update(
                    changes,
                    VALUES,
                    &partition,
                    &old.id.to_string(),
                    old.version,
                    &cols(old.value, old.denominator, old.source, &old.note),
                    &cols(input.value, input.denominator, input.source, &input.note),
                )?;
                Ok(())
            }
        }
    }

    /// What the unit wrote in the form's sections, by position.
    pub fn set_narrative(&mut self, report: ReportId, narrative: &[String]) -> Result<()> {
        let changes = &mut *self.0;
        let r = get(changes.tx(), report)?;
        let now = changes.now_text().to_owned();
        rows::update(
            changes,
            REPORTS,
            &Partition::Unit(r.unit.clone()),
            &r.id.to_string(),
            r.version,
            &vec![("narrative", list_text(&r.narrative)), ("updated_at", text(&r.updated_at))],
            &vec![("narrative", list_text(narrative)), ("updated_at", text(&now))],
        )?;
        Ok(())
    }

    /// Moves a report to `to` (the caller checked the step). Signing writes the signer
    /// (the server writes the account's name over it); submitting, the time.
    pub fn set_status(&mut self, report: ReportId, to: ReportStatus) -> Result<()> {
        let changes = &mut *self.0;
        let r = get(changes.tx(), report)?;
        let actor = changes.actor().to_owned();
        let now = changes.now_text().to_owned();
        // What the step writes with it goes first: the server checks it against the
        // status before the step.
        let (mut before, mut after): (Cols, Cols) = match to {
            ReportStatus::Signed => {
                (vec![("signed_by", text(&r.signed_by))], vec![("signed_by", text(&actor))])
            }
            ReportStatus::Submitted => (
                vec![("submitted_at", opt_text(r.submitted_at.as_deref()))],
                vec![("submitted_at", text(&now))],
            ),
            _ => (Vec::new(), Vec::new()),
        };
        before.push(("status", text(r.status.as_str())));
        after.push(("status", text(to.as_str())));
        rows::update(
            changes,
            REPORTS,
            &Partition::Unit(r.unit.clone()),
            &r.id.to_string(),
            r.version,
            &before,
            &after,
        )?;
        Ok(())
    }

    /// The city's decision on a submitted report: accepted, or returned with its comments
    /// (overall, per section by position, per indicator code).
    pub fn review(
        &mut self,
        report: ReportId,
        to: ReportStatus,
        comment: &str,
        section_comments: &[String],
        value_comments: &[(String, String)],
    ) -> Result<()> {
        let changes = &mut *self.0;
        let r = get(changes.tx(), report)?;
        let partition = Partition::Unit(r.unit.clone());
        // The comments first, the decision last: the server takes comments only while the
        // report is with the city.
        for v in values(changes.tx(), report)? {
            let new = value_comments
                .iter()
                .find(|(code, _)| *code == v.indicator_code)
                .map_or("", |(_, c)| c.as_str());
            rows::update(
                changes,
                VALUES,
                &partition,
                &v.id.to_string(),
                v.version,
                &vec![("review_comment", text(&v.review_comment))],
                &vec![("review_comment", text(new))],
            )?;
        }
        rows::update(
            changes,
            REPORTS,
            &partition,
            &r.id.to_string(),
            r.version,
            &vec![
                ("review_comment", text(&r.review_comment)),
                ("section_comments", list_text(&r.section_comments)),
                ("status", text(r.status.as_str())),
            ],
            &vec![
                ("review_comment", text(comment)),
                ("section_comments", list_text(section_comments)),
                ("status", text(to.as_str())),
            ],
        )?;
        Ok(())
    }
}

fn insert_value(
    changes: &mut crate::Changes<'_>,
    partition: &Partition,
    report: ReportId,
    indicator: &str,
    input: &ValueInput,
) -> Result<()> {
    let mut cols: Cols = vec![
        ("report_id", text(&report.to_string())),
        ("indicator_code", text(indicator)),
        ("source", text(input.source.as_str())),
        ("note", text(&input.note)),
    ];
    if let Some(v) = input.value {
        cols.push(("value", Value::Integer(v)));
    }
    if let Some(d) = input.denominator {
        cols.push(("denominator", Value::Integer(d)));
    }
    rows::insert(changes, VALUES, partition, &ReportValueId::new().to_string(), &cols)
}
