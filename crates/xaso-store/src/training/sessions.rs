//! Training sessions (city data).

use crate::Result;
use crate::rows::{Cols, text};
use rusqlite::{Connection, OptionalExtension, Row};
use xaso_domain::time::stored as timestamp;
use xaso_domain::training::{BridgePoints, SessionFields, SessionFormat};
use xaso_domain::{ProgrammeId, SessionId};

use super::programmes::programme;
use super::{SESSIONS, not_found, parse_time, save_city_row};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub id: SessionId,
    pub programme_id: ProgrammeId,
    pub fields: SessionFields,
    pub version: i64,
}

const SESSION_COLUMNS: &str = "id, programme_id, title, topic, starts_at, ends_at, format, \
    place, online_link, speakers, bridge_points, description, version";

fn read_session(r: &Row<'_>) -> rusqlite::Result<SessionRow> {
    Ok(SessionRow {
        id: r.get(0)?,
        programme_id: r.get(1)?,
        fields: SessionFields {
            title: r.get(2)?,
            topic: r.get(3)?,
            starts_at: parse_time(&r.get::<_, String>(4)?)?,
            ends_at: parse_time(&r.get::<_, String>(5)?)?,
            format: SessionFormat::parse(&r.get::<_, String>(6)?).unwrap_or_default(),
            place: r.get(7)?,
            online_link: r.get(8)?,
            speakers: r.get(9)?,
            bridge_points: BridgePoints::from_text(&r.get::<_, String>(10)?),
            description: r.get(11)?,
        },
        version: r.get(12)?,
    })
}

/// Sessions, earliest first; of one programme if given.
pub fn sessions(conn: &Connection, programme: Option<ProgrammeId>) -> Result<Vec<SessionRow>> {
    crate::sql::all(
        conn,
        &format!(
            "SELECT {SESSION_COLUMNS} FROM training_sessions
         WHERE deleted = 0 AND (?1 IS NULL OR programme_id = ?1) ORDER BY starts_at, id"
        ),
        [programme],
        read_session,
    )
}

pub fn session(conn: &Connection, id: SessionId) -> Result<Option<SessionRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {SESSION_COLUMNS} FROM training_sessions WHERE id = ?1 AND deleted = 0"
        ))?
        .query_row([id], read_session)
        .optional()?)
}

fn session_cols(f: &SessionFields) -> Cols {
    vec![
        ("title", text(&f.title)),
        ("topic", text(&f.topic)),
        ("starts_at", text(&timestamp(f.starts_at))),
        ("ends_at", text(&timestamp(f.ends_at))),
        ("format", text(f.format.as_str())),
        ("place", text(&f.place)),
        ("online_link", text(&f.online_link)),
        ("speakers", text(&f.speakers)),
        ("bridge_points", text(&f.bridge_points.to_text())),
        ("description", text(&f.description)),
    ]
}

crate::changes::write_handle!(
    /// Writes to `training_sessions` (city data) in this transaction.
    SessionWrites,
    sessions
);

impl SessionWrites<'_, '_> {
    /// Publishes a session of a programme (`id` None), or edits one.
    pub fn save(
        &mut self,
        programme_id: ProgrammeId,
        id: Option<SessionId>,
        fields: &SessionFields,
    ) -> Result<SessionId> {
        let changes = &mut *self.0;
        if programme(changes.tx(), programme_id)?.is_none() {
            return Err(not_found("programme", programme_id));
        }
        let existing = match id {
            Some(id) => {
                let found = session(changes.tx(), id)?.ok_or_else(|| not_found("session", id))?;
                Some((found.version, session_cols(&found.fields)))
            }
            None => None,
        };
        let mut after = session_cols(fields);
        if existing.is_none() {
            after.push(("programme_id", text(&programme_id.to_string())));
        }
        let id = id.unwrap_or_default(); // a new session: a new id
        save_city_row(changes, SESSIONS, &id.to_string(), existing, after)?;
        Ok(id)
    }
}
