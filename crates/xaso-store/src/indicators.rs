//! `indicators`: the KPI indicators the city tracks (partition `city`), seeded from the
//! bundled examples on first start and kept current by sync, like the norms.

use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::Connection;
use rusqlite::types::Value;
use xaso_domain::kpi::{Aggregation, Direction, Indicator, KpiField, Measure, PeriodKind};
use xaso_domain::{IndicatorId, Partition};

use crate::rows::{self, Cols, opt_text, text};
use crate::{Result, StoreError};

const TABLE: &str = "indicators";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorRow {
    pub id: IndicatorId,
    pub indicator: Indicator,
    pub version: i64,
}

fn cols(i: &Indicator) -> Cols {
    let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    vec![
        ("code", text(&i.code)),
        ("name_vi", text(&i.name_vi)),
        ("name_en", text(&i.name_en)),
        ("field", text(i.field.as_str())),
        ("measure", text(i.measure.as_str())),
        ("aggregation", text(i.aggregation.as_str())),
        ("period", text(i.period.as_str())),
        ("direction", text(i.direction.as_str())),
        ("target", i.target_hundredths.map_or(Value::Null, Value::Integer)),
        ("from_app_data", text(i.from_app_data.as_deref().unwrap_or_default())),
        ("source", text(&i.source)),
        ("effective_from", opt_text(date(i.effective_from).as_deref())),
        ("effective_to", opt_text(date(i.effective_to).as_deref())),
        ("verified", Value::Integer(i64::from(i.verified))),
    ]
}

/// Loads the bundled indicators into an empty table. City data from outside: no outbox
/// (the city's own list arrives by sync and is what every laptop then shows).
pub(crate) fn seed(conn: &Connection, indicators: &[Indicator]) -> Result<()> {
    rows::seed_if_empty(conn, TABLE, indicators.iter().map(|i| (i.code.clone(), cols(i))))
}

/// Migration 14: the indicators seeded with a random id get their shared one (see
/// [`rows::seeded_id`]).
pub(crate) fn rekey_seeded(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    rows::rekey_seeded(tx, TABLE, "code")
}

crate::changes::write_handle!(
    /// Writes to `indicators` (city data) in this transaction.
    IndicatorWrites,
    indicators
);

impl IndicatorWrites<'_, '_> {
    /// Publishes an indicator (new, or a correction of one): city data, partition `city`.
    /// The caller has checked it ([`Indicator::check`]: a roll-up that fits its measure).
    pub fn save(&mut self, id: Option<IndicatorId>, indicator: &Indicator) -> Result<IndicatorId> {
        let changes = &mut *self.0;
        match id {
            None => {
                let id = IndicatorId::new();
                rows::insert(changes, TABLE, &Partition::City, &id.to_string(), &cols(indicator))?;
                Ok(id)
            }
            Some(id) => {
                let old = get(changes.tx(), id)?;
                rows::update_seeded(
                    changes,
                    TABLE,
                    &Partition::City,
                    &id.to_string(),
                    old.version,
                    &cols(&old.indicator),
                    &cols(indicator),
                )?;
                Ok(id)
            }
        }
    }
}

const SELECT: &str = "SELECT id, code, name_vi, name_en, field, measure, aggregation, period, \
     direction, target, from_app_data, source, effective_from, effective_to, verified, version \
     FROM indicators";

fn bad(what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("stored indicator: bad {what}").into(),
    )
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<IndicatorRow> {
    let date = |i: usize| -> rusqlite::Result<Option<NaiveDate>> {
        r.get::<_, Option<String>>(i)?.map(|s| s.parse().map_err(|_| bad("date"))).transpose()
    };
    let word = |i: usize| r.get::<_, String>(i);
    let id: String = r.get(0)?;
    let from_app_data: String = r.get(10)?;
    Ok(IndicatorRow {
        id: IndicatorId::from_str(&id).map_err(|_| bad("id"))?,
        indicator: Indicator {
            code: r.get(1)?,
            name_vi: r.get(2)?,
            name_en: r.get(3)?,
            field: KpiField::parse(&word(4)?).ok_or_else(|| bad("field"))?,
            measure: Measure::parse(&word(5)?).ok_or_else(|| bad("measure"))?,
            aggregation: Aggregation::parse(&word(6)?).ok_or_else(|| bad("aggregation"))?,
            period: PeriodKind::parse(&word(7)?).ok_or_else(|| bad("period"))?,
            direction: Direction::parse(&word(8)?).ok_or_else(|| bad("direction"))?,
            target_hundredths: r.get(9)?,
            from_app_data: Some(from_app_data).filter(|s| !s.is_empty()),
            source: r.get(11)?,
            effective_from: date(12)?,
            effective_to: date(13)?,
            verified: r.get(14)?,
        },
        version: r.get(15)?,
    })
}

pub fn get(conn: &Connection, id: IndicatorId) -> Result<IndicatorRow> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1 AND deleted = 0"))?
        .query_row([id.to_string()], from_row)
        .map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound(format!("indicator {id}")),
            e => e.into(),
        })
}

/// Every indicator, by field then code.
pub fn all(conn: &Connection) -> Result<Vec<IndicatorRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE deleted = 0 ORDER BY CASE field WHEN 'khcn' THEN 0 WHEN 'dmst' THEN 1 \
         WHEN 'cds' THEN 2 ELSE 3 END, code"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
