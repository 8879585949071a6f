//! Materials (city data) and the library's search index over them.

use crate::Result;
use crate::rows::{self, Cols, opt_text, text};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params};
use xaso_domain::text::{fold, search_words};
use xaso_domain::{MaterialId, Partition, ProgrammeId, SessionId};

use super::files::{Direction, done};
use super::programmes::programme;
use super::{MATERIALS, not_found};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialRow {
    pub id: MaterialId,
    pub programme_id: ProgrammeId,
    pub session_id: Option<SessionId>,
    pub topic: String,
    pub title: String,
    pub description: String,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
}

/// A new material: its file is already in this laptop's blob store (`sha256`, `size`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMaterial {
    pub programme_id: ProgrammeId,
    pub session_id: Option<SessionId>,
    pub topic: String,
    pub title: String,
    pub description: String,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
}

pub(super) const MATERIAL_COLUMNS: &str = "m.id, m.programme_id, m.session_id, m.topic, m.title, \
    m.description, m.file_name, m.media_type, m.size, m.sha256";

pub(super) fn read_material(r: &Row<'_>) -> rusqlite::Result<MaterialRow> {
    Ok(MaterialRow {
        id: r.get(0)?,
        programme_id: r.get(1)?,
        session_id: r.get(2)?,
        topic: r.get(3)?,
        title: r.get(4)?,
        description: r.get(5)?,
        file_name: r.get(6)?,
        media_type: r.get(7)?,
        size: u64::try_from(r.get::<_, i64>(8)?).unwrap_or(0),
        sha256: r.get(9)?,
    })
}

/// A programme's materials (all, or those of one session), in the order published.
pub fn materials(
    conn: &Connection,
    programme: ProgrammeId,
    session: Option<SessionId>,
) -> Result<Vec<MaterialRow>> {
    crate::sql::all(
        conn,
        &format!(
            "SELECT {MATERIAL_COLUMNS} FROM materials m
         WHERE m.deleted = 0 AND m.programme_id = ?1 AND (?2 IS NULL OR m.session_id = ?2)
         ORDER BY m.created_at, m.id"
        ),
        params![programme, session],
        read_material,
    )
}

pub fn material(conn: &Connection, id: MaterialId) -> Result<Option<MaterialRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {MATERIAL_COLUMNS} FROM materials m WHERE m.id = ?1 AND m.deleted = 0"
        ))?
        .query_row([id], read_material)
        .optional()?)
}

/// Library search: every word (folded, as a prefix) in the title, description, topic, file
/// name or text of the file; best matches first.
pub fn search_materials(conn: &Connection, query: &str, limit: usize) -> Result<Vec<MaterialRow>> {
    let words = search_words(query);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let fts = words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" ");
    crate::sql::all(
        conn,
        &format!(
            "SELECT {MATERIAL_COLUMNS} FROM materials_fts f JOIN materials m ON m.rowid = f.rowid
         WHERE materials_fts MATCH ?1 AND m.deleted = 0 ORDER BY f.rank LIMIT ?2"
        ),
        params![fts, i64::try_from(limit).unwrap_or(i64::MAX)],
        read_material,
    )
}

crate::changes::write_handle!(
    /// Writes to `materials` in this transaction.
    MaterialWrites,
    materials
);

impl MaterialWrites<'_, '_> {
    /// Attaches a file (already in the blob store) to a programme or session.
    pub fn add(&mut self, m: &NewMaterial) -> Result<MaterialId> {
        let changes = &mut *self.0;
        if programme(changes.tx(), m.programme_id)?.is_none() {
            return Err(not_found("programme", m.programme_id));
        }
        let id = MaterialId::new();
        let key = id.to_string();
        let cols: Cols = vec![
            ("programme_id", text(&m.programme_id.to_string())),
            ("session_id", opt_text(m.session_id.map(|s| s.to_string()).as_deref())),
            ("topic", text(&m.topic)),
            ("title", text(&m.title)),
            ("description", text(&m.description)),
            ("file_name", text(&m.file_name)),
            ("media_type", text(&m.media_type)),
            ("size", Value::Integer(i64::try_from(m.size).unwrap_or(i64::MAX))),
            ("sha256", text(&m.sha256)),
            ("created_at", text(changes.now_text())),
            ("updated_at", text(changes.now_text())),
        ];
        rows::insert(changes, MATERIALS, &Partition::City, &key, &cols)?;
        queue_reindex(changes.tx(), &key)?;
        Ok(id)
    }

    /// Withdraws a material (the city): the row is marked deleted, for every laptop once it
    /// syncs, so it leaves sessions, the library and the download queue. Its file stays in the
    /// blob stores: another material may use the same content, and nothing is lost by keeping it.
    /// A file no other material uses is no longer waiting to be uploaded from here.
    pub fn remove(&mut self, id: MaterialId) -> Result<()> {
        let changes = &mut *self.0;
        let (version, sha256): (i64, String) = changes
            .tx()
            .prepare_cached("SELECT version, sha256 FROM materials WHERE id = ?1 AND deleted = 0")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| not_found("material", id))?;
        rows::delete(changes, MATERIALS, &Partition::City, &id.to_string(), version)?;
        let used: bool = changes
            .tx()
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM materials WHERE sha256 = ?1 AND deleted = 0)",
            )?
            .query_row([&sha256], |r| r.get(0))?;
        if !used {
            done(changes.tx(), &sha256, Direction::Up)?;
        }
        Ok(())
    }
}

/// Queues the material `id` for the library's search index.
pub(crate) fn queue_reindex(conn: &Connection, id: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO materials_unindexed (id) VALUES (?1)")?
        .execute([id])?;
    Ok(())
}

/// Indexes up to `limit` queued materials (with the text of their file, if extracted).
pub(crate) fn catch_up_search(conn: &Connection, limit: usize) -> rusqlite::Result<usize> {
    let mut stmt = conn.prepare_cached(
        "SELECT q.id, m.rowid, m.title, m.description, m.topic, m.file_name, t.text
         FROM materials_unindexed q
         LEFT JOIN materials m ON m.id = q.id
         LEFT JOIN file_texts t ON t.sha256 = m.sha256
         LIMIT ?1",
    )?;
    let queued = stmt
        .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
            let mut all = String::new();
            for i in 2..7 {
                if let Some(part) = r.get::<_, Option<String>>(i)? {
                    all.push_str(&part);
                    all.push('\n');
                }
            }
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?, all))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, rowid, all) in &queued {
        if let Some(rowid) = rowid {
            conn.prepare_cached("DELETE FROM materials_fts WHERE rowid = ?1")?.execute([rowid])?;
            conn.prepare_cached("INSERT INTO materials_fts (rowid, text) VALUES (?1, ?2)")?
                .execute(params![rowid, fold(all)])?;
        }
        conn.prepare_cached("DELETE FROM materials_unindexed WHERE id = ?1")?.execute([id])?;
    }
    Ok(queued.len())
}

pub fn search_behind(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM materials_unindexed)")?
        .query_row([], |r| r.get(0))?)
}
