//! Which files this laptop should move, kept offline, and their text (local bookkeeping, never synced).

use crate::Result;
use rusqlite::{Connection, params};
use xaso_domain::ProgrammeId;

/// Direction of a file transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Down,
    Up,
}

impl Direction {
    fn as_str(self) -> &'static str {
        match self {
            Direction::Down => "down",
            Direction::Up => "up",
        }
    }
}

/// A file to move: its content address and size (as the material says).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileWant {
    pub sha256: String,
    pub size: u64,
    /// A material title for messages.
    pub title: String,
}

/// Files to download: those asked for, and every file of a programme kept offline, that
/// the caller does not have yet (`have` says), smallest first so that more materials are
/// ready sooner on a slow line.
pub fn wanted_downloads(conn: &Connection, have: impl Fn(&str) -> bool) -> Result<Vec<FileWant>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.sha256, max(m.size), min(m.title) FROM materials m
         WHERE m.deleted = 0 AND (
             m.sha256 IN (SELECT sha256 FROM file_transfers WHERE direction = 'down')
             OR m.programme_id IN (SELECT programme_id FROM offline_programmes))
         GROUP BY m.sha256 ORDER BY max(m.size), m.sha256",
    )?;
    let all = stmt.query_map([], read_want)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(all.into_iter().filter(|w| !have(&w.sha256)).collect())
}

/// A `FileWant` from (sha256, size, title).
fn read_want(r: &rusqlite::Row<'_>) -> rusqlite::Result<FileWant> {
    Ok(FileWant {
        sha256: r.get(0)?,
        size: u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
        title: r.get(2)?,
    })
}

/// Files published on this laptop that the server does not have yet.
pub fn pending_uploads(conn: &Connection) -> Result<Vec<FileWant>> {
    crate::sql::all(
        conn,
        "SELECT t.sha256, coalesce(max(m.size), 0), coalesce(min(m.title), '')
         FROM file_transfers t LEFT JOIN materials m ON m.sha256 = t.sha256
         WHERE t.direction = 'up' GROUP BY t.sha256 ORDER BY t.requested_at, t.sha256",
        [],
        read_want,
    )
}

pub(crate) fn want(conn: &Connection, sha256: &str, direction: Direction, now: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO file_transfers (sha256, direction, requested_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![sha256, direction.as_str(), now])?;
    Ok(())
}

pub(crate) fn done(conn: &Connection, sha256: &str, direction: Direction) -> Result<()> {
    conn.prepare_cached("DELETE FROM file_transfers WHERE sha256 = ?1 AND direction = ?2")?
        .execute(params![sha256, direction.as_str()])?;
    Ok(())
}

pub(crate) fn set_keep_offline(
    conn: &Connection,
    programme: ProgrammeId,
    keep: bool,
) -> Result<()> {
    if keep {
        conn.prepare_cached("INSERT OR IGNORE INTO offline_programmes (programme_id) VALUES (?1)")?
            .execute([programme])?;
    } else {
        conn.prepare_cached("DELETE FROM offline_programmes WHERE programme_id = ?1")?
            .execute([programme])?;
    }
    Ok(())
}

/// Stores the text of a file and queues every material of that file for the index.
pub(crate) fn set_file_text(conn: &Connection, sha256: &str, body: &str, now: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO file_texts (sha256, text, extracted_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (sha256) DO UPDATE SET text = excluded.text, extracted_at = excluded.extracted_at",
    )?
    .execute(params![sha256, body, now])?;
    conn.prepare_cached(
        "INSERT OR IGNORE INTO materials_unindexed (id) SELECT id FROM materials WHERE sha256 = ?1",
    )?
    .execute([sha256])?;
    Ok(())
}

crate::changes::write_handle!(
    /// This laptop's file bookkeeping (never synced) in the same transaction as the synced
    /// writes: a material added with its text and its upload is whole or absent.
    FileWrites,
    files
);

impl FileWrites<'_, '_> {
    /// The text extracted from a file, for the library's search: the materials of that
    /// file are searchable the moment the write commits.
    pub fn set_text(&mut self, sha256: &str, text: &str) -> Result<()> {
        set_file_text(self.0.tx(), sha256, text, self.0.now_text())
    }

    /// This laptop should move the file (up after publishing it here, down when wanted).
    pub fn want(&mut self, sha256: &str, direction: Direction) -> Result<()> {
        want(self.0.tx(), sha256, direction, self.0.now_text())
    }
}

/// Whether the file is queued to move in `direction`.
pub fn is_wanted(conn: &Connection, sha256: &str, direction: Direction) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM file_transfers WHERE sha256 = ?1 AND direction = ?2)",
        )?
        .query_row(params![sha256, direction.as_str()], |r| r.get(0))?)
}

/// Whether the file belongs to a programme kept offline.
pub fn kept_offline(conn: &Connection, sha256: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM materials m JOIN offline_programmes o
                            ON o.programme_id = m.programme_id
                            WHERE m.sha256 = ?1 AND m.deleted = 0)",
        )?
        .query_row([sha256], |r| r.get(0))?)
}

/// Whether the text of this file was extracted already.
pub fn has_file_text(conn: &Connection, sha256: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM file_texts WHERE sha256 = ?1)")?
        .query_row([sha256], |r| r.get(0))?)
}
