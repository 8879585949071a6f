//! Which materials a unit's people opened.

use crate::rows::{self, Cols, text};
use crate::{Changes, Result};
use rusqlite::{Connection, params};
use xaso_domain::{OpeningId, Partition, UnitCode};

use super::OPENINGS;
use super::materials::MaterialRow;
use super::materials::{MATERIAL_COLUMNS, read_material};

pub(crate) fn record_opening(
    changes: &mut Changes<'_>,
    material_id: &str,
    unit: &UnitCode,
    person: &str,
) -> Result<()> {
    let cols: Cols = vec![
        ("material_id", text(material_id)),
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

/// The distinct materials `person` of `unit` opened, with the last time, latest first.
pub fn openings_of(
    conn: &Connection,
    unit: &str,
    person: &str,
) -> Result<Vec<(MaterialRow, String)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {MATERIAL_COLUMNS}, max(o.opened_at) AS last FROM material_openings o
         JOIN materials m ON m.id = o.material_id
         WHERE o.unit_code = ?1 AND o.person = ?2 AND o.deleted = 0
         GROUP BY m.id ORDER BY last DESC"
    ))?;
    let rows = stmt.query_map(params![unit, person], |r| Ok((read_material(r)?, r.get(10)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
