//! `unit_plans`: a unit's annual spending per fiscal year, against which the share spent
//! on KHCN/ĐMST/CĐS is measured.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use xaso_domain::{Money, Partition, PlanId, UnitCode};

use crate::Result;
use crate::rows::{self, Cols, text};

/// The annual spending entered for `unit` and `year`, if any.
pub fn annual_spending(conn: &Connection, unit: &UnitCode, year: i32) -> Result<Option<Money>> {
    let v: Option<i64> = conn
        .prepare_cached("SELECT annual_spending FROM unit_plans WHERE unit_code = ?1 AND year = ?2 AND deleted = 0 ORDER BY id LIMIT 1")?
        .query_row(params![unit.as_str(), year], |r| r.get(0))
        .optional()?;
    Ok(v.and_then(|d| Money::from_dong(d).ok()))
}

crate::changes::write_handle!(
    /// Writes to `unit_plans` in this transaction.
    PlanWrites,
    plans
);

impl PlanWrites<'_, '_> {
    /// Sets `unit`'s annual spending for `year` (creating the plan row if needed).
    pub fn set(&mut self, unit: &UnitCode, year: i32, spending: Money) -> Result<()> {
        let changes = &mut *self.0;
        let partition = Partition::Unit(unit.clone());
        let existing: Option<(String, i64, i64)> = changes
            .tx()
            .prepare_cached("SELECT id, annual_spending, version FROM unit_plans WHERE unit_code = ?1 AND year = ?2 AND deleted = 0 ORDER BY id LIMIT 1")?
            .query_row(params![unit.as_str(), year], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        match existing {
            Some((id, old, version)) => {
                let before: Cols = vec![("annual_spending", Value::Integer(old))];
                let after: Cols = vec![("annual_spending", Value::Integer(spending.dong()))];
                rows::update(changes, "unit_plans", &partition, &id, version, &before, &after)?;
            }
            None => {
                let cols: Cols = vec![
                    ("unit_code", text(unit.as_str())),
                    ("year", Value::Integer(i64::from(year))),
                    ("annual_spending", Value::Integer(spending.dong())),
                ];
                rows::insert(changes, "unit_plans", &partition, &PlanId::new().to_string(), &cols)?;
            }
        }
        Ok(())
    }
}
