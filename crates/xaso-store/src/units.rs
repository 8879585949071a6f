//! `units`: the 168 commune-level units (city reference data).

use rusqlite::{Connection, params};
use xaso_domain::text::{fold, search_words};
use xaso_domain::{Unit, UnitCode, UnitKind};

use crate::{Result, StoreError};

pub(crate) fn replace_all(conn: &Connection, units: &[Unit]) -> Result<()> {
    conn.execute("DELETE FROM units", [])?;
    let mut stmt =
        conn.prepare("INSERT INTO units (code, name, kind, name_folded) VALUES (?1, ?2, ?3, ?4)")?;
    for u in units {
        stmt.execute(params![u.code.as_str(), u.name, u.kind.as_str(), fold(&u.name)])?;
    }
    Ok(())
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM units", [], |r| r.get(0))?)
}

pub fn get(conn: &Connection, code: &UnitCode) -> Result<Unit> {
    search_where(conn, "code = ?1", &[code.as_str()])?
        .pop()
        .ok_or_else(|| StoreError::NotFound(format!("unit {code}")))
}

/// Units whose name contains every word of `query`, diacritics ignored ("ben thanh"
/// finds "Phường Bến Thành"); a 5-digit query also matches the code. Empty: all units.
pub fn search(conn: &Connection, query: &str) -> Result<Vec<Unit>> {
    let words = search_words(query);
    if words.is_empty() {
        return search_where(conn, "1", &[]);
    }
    // Words are letters and digits only, so they hold no LIKE wildcards.
    let patterns: Vec<String> = words.iter().map(|w| format!("%{w}%")).collect();
    let clause = (1..=patterns.len())
        .map(|i| format!("(name_folded LIKE ?{i} OR code LIKE ?{i})"))
        .collect::<Vec<_>>()
        .join(" AND ");
    let args: Vec<&str> = patterns.iter().map(String::as_str).collect();
    search_where(conn, &clause, &args)
}

fn search_where(conn: &Connection, clause: &str, args: &[&str]) -> Result<Vec<Unit>> {
    let sql = format!("SELECT code, name, kind FROM units WHERE {clause} ORDER BY name_folded");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
    })?;
    rows.map(|row| {
        let (code, name, kind) = row?;
        Ok(Unit {
            code: UnitCode::parse(&code).map_err(|e| StoreError::Invalid(e.to_string()))?,
            name,
            kind: UnitKind::parse(&kind)
                .ok_or_else(|| StoreError::Invalid(format!("unit kind {kind}")))?,
        })
    })
    .collect()
}
