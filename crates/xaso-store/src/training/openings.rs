//! Which materials a unit's people opened.

use crate::Result;
use crate::rows::{self, Cols, text};
use rusqlite::{Connection, params};
use xaso_domain::{MaterialId, OpeningId, Partition, UnitCode};

use super::OPENINGS;
use super::materials::MaterialRow;
use super::materials::{MATERIAL_COLUMNS, read_material};

crate::changes::write_handle!(
    /// Writes to `material_openings` in this transaction.
    OpeningWrites,
    openings
);

impl OpeningWrites<'_, '_> {
    /// Records that `person` of `unit` opened a material, now.
    pub fn record(&mut self, material_id: MaterialId, unit: &UnitCode, person: &str) -> Result<()> {
        let changes = &mut *self.0;
        let cols: Cols = vec![
            ("material_id", text(&material_id.to_string())),
            ("unit_code", text(unit.as_str())),
            ("person", text(person)),
            ("opened_at", text(changes.now_text())),
        ];
        rows::insert(
            changes,
            OPENINGS,
            &Partition::Unit(unit.clone()),
            &OpeningId::new().to_string(),
            &cols,
        )
    }
}

/// The distinct materials `person` of `unit` opened, with the last time, latest first.
pub fn openings_of(
    conn: &Connection,
    unit: &str,
    person: &str,
) -> Result<Vec<(MaterialRow, String)>> {
    crate::sql::all(
        conn,
        &format!(
            "SELECT {MATERIAL_COLUMNS}, max(o.opened_at) AS last FROM material_openings o
         JOIN materials m ON m.id = o.material_id
         WHERE o.unit_code = ?1 AND o.person = ?2 AND o.deleted = 0
         GROUP BY m.id ORDER BY last DESC"
        ),
        params![unit, person],
        |r| Ok((read_material(r)?, r.get(10)?)),
    )
}
