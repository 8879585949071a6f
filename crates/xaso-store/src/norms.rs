//! `norms`: the spending norms the city publishes (partition `city`).

use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::Connection;
use rusqlite::types::Value;
use xaso_domain::norm::{Norm, NormBook, NormKind, Scaled};
use xaso_domain::{NormId, Partition};

use crate::rows::{self, Cols, opt_text, text};
use crate::{Result, StoreError};

const TABLE: &str = "norms";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormRow {
    pub id: NormId,
    pub norm: Norm,
    pub version: i64,
}

fn cols(n: &Norm) -> Cols {
    let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    vec![
        ("code", text(&n.code)),
        ("description", text(&n.description)),
        ("value", Value::Integer(n.value.raw())),
        ("unit", text(&n.unit)),
        ("kind", text(n.kind.as_str())),
        ("legal_basis", text(&n.legal_basis)),
        ("effective_from", opt_text(date(n.effective_from).as_deref())),
        ("effective_to", opt_text(date(n.effective_to).as_deref())),
        ("verified", Value::Integer(i64::from(n.verified))),
    ]
}

/// Loads the bundled norms into an empty table. City data from outside: no outbox.
pub(crate) fn seed(conn: &Connection, norms: &[Norm]) -> Result<()> {
    rows::seed_if_empty(conn, TABLE, norms.iter().map(|n| (seed_key(n), cols(n))))
}

/// What tells the bundled norms apart (several share a code over different dates); the
/// SQL of [`rekey_seeded`] makes the same text from a stored row.
fn seed_key(n: &Norm) -> String {
    let from = n.effective_from.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    format!("{}|{from}", n.code)
}

/// Migration 14: the norms seeded with a random id get their shared one (see
/// [`rows::seeded_id`]).
pub(crate) fn rekey_seeded(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    rows::rekey_seeded(tx, TABLE, "code || '|' || coalesce(effective_from, '')")
}

crate::changes::write_handle!(
    /// Writes to `norms` (city data) in this transaction.
    NormWrites,
    norms
);

impl NormWrites<'_, '_> {
    /// Publishes a norm (new, or a correction of one): city data, partition `city`.
    pub fn save(&mut self, id: Option<NormId>, norm: &Norm) -> Result<NormId> {
        let changes = &mut *self.0;
        match id {
            None => {
                let id = NormId::new();
                rows::insert(changes, TABLE, &Partition::City, &id.to_string(), &cols(norm))?;
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
                    &cols(&old.norm),
                    &cols(norm),
                )?;
                Ok(id)
            }
        }
    }
}

const SELECT: &str = "SELECT id, code, description, value, unit, kind, legal_basis, effective_from, effective_to, verified, version FROM norms";

fn bad(what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("stored norm: bad {what}").into(),
    )
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<NormRow> {
    let date = |i: usize| -> rusqlite::Result<Option<NaiveDate>> {
        r.get::<_, Option<String>>(i)?.map(|s| s.parse().map_err(|_| bad("date"))).transpose()
    };
    let id: String = r.get(0)?;
    let kind: String = r.get(5)?;
    Ok(NormRow {
        id: NormId::from_str(&id).map_err(|_| bad("id"))?,
        norm: Norm {
            code: r.get(1)?,
            description: r.get(2)?,
            value: Scaled::from_raw(r.get(3)?),
            unit: r.get(4)?,
            kind: NormKind::parse(&kind).ok_or_else(|| bad("kind"))?,
            legal_basis: r.get(6)?,
            effective_from: date(7)?,
            effective_to: date(8)?,
            verified: r.get(9)?,
        },
        version: r.get(10)?,
    })
}

pub fn get(conn: &Connection, id: NormId) -> Result<NormRow> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1 AND deleted = 0"))?
        .query_row([id.to_string()], from_row)
        .map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound(format!("norm {id}")),
            e => e.into(),
        })
}

/// Every norm, by code then date.
pub fn all(conn: &Connection) -> Result<Vec<NormRow>> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT} WHERE deleted = 0 ORDER BY code, effective_from"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn book(conn: &Connection) -> Result<NormBook> {
    Ok(NormBook::new(all(conn)?.into_iter().map(|r| r.norm).collect()))
}
