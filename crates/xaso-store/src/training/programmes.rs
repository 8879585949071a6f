//! Training programmes (city data).

use crate::Result;
use crate::rows::{Cols, text};
use rusqlite::Connection;
use xaso_domain::ProgrammeId;

use super::{PROGRAMMES, not_found, save_city_row};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeRow {
    pub id: ProgrammeId,
    pub title: String,
    pub description: String,
    /// This laptop keeps every material of the programme offline.
    pub keep_offline: bool,
    pub version: i64,
}

pub fn programmes(conn: &Connection) -> Result<Vec<ProgrammeRow>> {
    crate::sql::all(
        conn,
        "SELECT p.id, p.title, p.description, o.programme_id IS NOT NULL, p.version
         FROM training_programmes p LEFT JOIN offline_programmes o ON o.programme_id = p.id
         WHERE p.deleted = 0 ORDER BY p.created_at DESC, p.id",
        [],
        |r| {
            Ok(ProgrammeRow {
                id: r.get(0)?,
                title: r.get(1)?,
                description: r.get(2)?,
                keep_offline: r.get(3)?,
                version: r.get(4)?,
            })
        },
    )
}

pub fn programme(conn: &Connection, id: ProgrammeId) -> Result<Option<ProgrammeRow>> {
    Ok(programmes(conn)?.into_iter().find(|p| p.id == id))
}

fn cols(title: &str, description: &str) -> Cols {
    vec![("title", text(title)), ("description", text(description))]
}

crate::changes::write_handle!(
    /// Writes to `training_programmes` (city data) in this transaction.
    ProgrammeWrites,
    programmes
);

impl ProgrammeWrites<'_, '_> {
    /// Publishes a training programme (`id` None), or edits one.
    pub fn save(
        &mut self,
        id: Option<ProgrammeId>,
        title: &str,
        description: &str,
    ) -> Result<ProgrammeId> {
        let changes = &mut *self.0;
        let existing = match id {
            Some(id) => {
                let found =
                    programme(changes.tx(), id)?.ok_or_else(|| not_found("programme", id))?;
                Some((found.version, cols(&found.title, &found.description)))
            }
            None => None,
        };
        let id = id.unwrap_or_default(); // a new programme: a new id
        save_city_row(changes, PROGRAMMES, &id.to_string(), existing, cols(title, description))?;
        Ok(id)
    }
}
