//! Training sessions (city data).

use crate::rows::{self, Cols, text};
use crate::{Changes, Result};
use rusqlite::{Connection, OptionalExtension, Row};
use xaso_domain::time::stored as timestamp;
use xaso_domain::training::{BridgePoints, SessionFields, SessionFormat};
use xaso_domain::{Partition, SessionId};

use super::programmes::programme;
use super::{SESSIONS, not_found, parse_time, touch};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub id: String,
    pub programme_id: String,
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
pub fn sessions(conn: &Connection, programme: Option<&str>) -> Result<Vec<SessionRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SESSION_COLUMNS} FROM training_sessions
         WHERE deleted = 0 AND (?1 IS NULL OR programme_id = ?1) ORDER BY starts_at, id"
    ))?;
    let rows = stmt.query_map([programme], read_session)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn session(conn: &Connection, id: &str) -> Result<Option<SessionRow>> {
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

pub(crate) fn save_session(
    changes: &mut Changes<'_>,
    programme_id: &str,
    id: Option<&str>,
    fields: &SessionFields,
) -> Result<String> {
    if programme(changes.tx(), programme_id)?.is_none() {
        return Err(not_found("programme", programme_id));
    }
    match id {
        Some(id) => {
            let found = session(changes.tx(), id)?.ok_or_else(|| not_found("session", id))?;
            let mut before = session_cols(&found.fields);
            let mut after = session_cols(fields);
            touch(changes, &mut before, &mut after);
            rows::update(changes, SESSIONS, &Partition::City, id, found.version, &before, &after)?;
            Ok(id.to_owned())
        }
        None => {
            let id = SessionId::new().to_string();
            let mut cols = session_cols(fields);
            cols.push(("programme_id", text(programme_id)));
            cols.push(("created_at", text(changes.now_text())));
            cols.push(("updated_at", text(changes.now_text())));
            rows::insert(changes, SESSIONS, &Partition::City, &id, &cols)?;
            Ok(id)
        }
    }
}
