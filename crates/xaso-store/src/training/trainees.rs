//! Each unit's trainees.

use crate::Result;
use crate::rows::{self, Cols, text};
use rusqlite::Connection;
use xaso_domain::text::fold;
use xaso_domain::{Partition, TraineeId, UnitCode};

use super::TRAINEES;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraineeRow {
    pub id: TraineeId,
    pub unit_code: String,
    pub full_name: String,
    pub position: String,
}

/// The trainees of `unit` (every unit's, for `None`: the city), by unit then name as a
/// Vietnamese reader sorts it ("Đặng" with the D's, not after "Z" as bytes would).
pub fn trainees(conn: &Connection, unit: Option<&UnitCode>) -> Result<Vec<TraineeRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, unit_code, full_name, position FROM trainees
         WHERE deleted = 0 AND (?1 IS NULL OR unit_code = ?1)",
    )?;
    let rows = stmt.query_map([unit.map(UnitCode::as_str)], |r| {
        Ok(TraineeRow {
            id: r.get(0)?,
            unit_code: r.get(1)?,
            full_name: r.get(2)?,
            position: r.get(3)?,
        })
    })?;
    let mut all = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    all.sort_by_cached_key(|t| (t.unit_code.clone(), fold(&t.full_name), t.full_name.clone()));
    Ok(all)
}

pub fn trainee(conn: &Connection, id: TraineeId) -> Result<Option<TraineeRow>> {
    Ok(trainees(conn, None)?.into_iter().find(|t| t.id == id))
}

crate::changes::write_handle!(
    /// Writes to `trainees` in this transaction.
    TraineeWrites,
    trainees
);

impl TraineeWrites<'_, '_> {
    /// Adds a trainee of `unit`.
    pub fn add(&mut self, unit: &UnitCode, full_name: &str, position: &str) -> Result<TraineeId> {
        let changes = &mut *self.0;
        let id = TraineeId::new();
        let cols: Cols = vec![
            ("unit_code", text(unit.as_str())),
            ("full_name", text(full_name.trim())),
            ("position", text(position.trim())),
            ("created_at", text(changes.now_text())),
        ];
        rows::insert(changes, TRAINEES, &Partition::Unit(unit.clone()), &id.to_string(), &cols)?;
        Ok(id)
    }
}
