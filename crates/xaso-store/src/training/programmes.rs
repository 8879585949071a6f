//! Training programmes (city data).

use crate::rows::{self, Cols, text};
use crate::{Changes, Result};
use rusqlite::Connection;
use xaso_domain::{Partition, ProgrammeId};

use super::{PROGRAMMES, not_found, touch};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeRow {
    pub id: String,
    pub title: String,
    pub description: String,
    /// This laptop keeps every material of the programme offline.
    pub keep_offline: bool,
    pub version: i64,
}

pub fn programmes(conn: &Connection) -> Result<Vec<ProgrammeRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.title, p.description, o.programme_id IS NOT NULL, p.version
         FROM training_programmes p LEFT JOIN offline_programmes o ON o.programme_id = p.id
         WHERE p.deleted = 0 ORDER BY p.created_at DESC, p.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ProgrammeRow {
            id: r.get(0)?,
            title: r.get(1)?,
            description: r.get(2)?,
            keep_offline: r.get(3)?,
            version: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn programme(conn: &Connection, id: &str) -> Result<Option<ProgrammeRow>> {
    Ok(programmes(conn)?.into_iter().find(|p| p.id == id))
}

pub(crate) fn save_programme(
    changes: &mut Changes<'_>,
    id: Option<&str>,
    title: &str,
    description: &str,
) -> Result<String> {
    let after: Cols = vec![("title", text(title)), ("description", text(description))];
    match id {
        Some(id) => {
            let found = programme(changes.tx(), id)?.ok_or_else(|| not_found("programme", id))?;
            let before: Cols =
                vec![("title", text(&found.title)), ("description", text(&found.description))];
            let mut after = after;
            let mut before = before;
            touch(changes, &mut before, &mut after);
            rows::update(
                changes,
                PROGRAMMES,
                &Partition::City,
                id,
                found.version,
                &before,
                &after,
            )?;
            Ok(id.to_owned())
        }
        None => {
            let id = ProgrammeId::new().to_string();
            let mut cols = after;
            cols.push(("created_at", text(changes.now_text())));
            cols.push(("updated_at", text(changes.now_text())));
            rows::insert(changes, PROGRAMMES, &Partition::City, &id, &cols)?;
            Ok(id)
        }
    }
}
