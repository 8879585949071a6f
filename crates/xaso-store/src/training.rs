//! Training: programmes, sessions, materials and quiz questions (city data), trainees,
//! attendance, quiz attempts and material openings (each unit's own), the library's
//! search index, and which files this laptop should move.
//!
//! Reads take a `&Connection`; synced writes go through [`Changes`] like every other
//! table; the file bookkeeping (`file_transfers`, `offline_programmes`, `file_texts`) is
//! local and written directly (see the `Store` methods at the end).

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params};
use xaso_domain::text::{fold, search_words};
use xaso_domain::training::{
    AttendanceMode, BridgePoints, Question, ScoredAnswer, SessionFields, SessionFormat,
};
use xaso_domain::{
    AttemptId, AttendanceId, MaterialId, OpeningId, Partition, ProgrammeId, QuestionId, SessionId,
    TraineeId, UnitCode,
};

use crate::rows::{self, Cols, opt_text, text};
use crate::{Changes, Result, StoreError};
use xaso_domain::time::stored as timestamp;

pub const PROGRAMMES: &str = "training_programmes";
pub const SESSIONS: &str = "training_sessions";
pub const MATERIALS: &str = "materials";
pub const QUESTIONS: &str = "quiz_questions";
pub const TRAINEES: &str = "trainees";
pub const ATTENDANCE: &str = "attendance";
pub const ATTEMPTS: &str = "quiz_attempts";
pub const OPENINGS: &str = "material_openings";

fn parse_time(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

// ---- programmes -------------------------------------------------------------------------

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

/// Adds `updated_at = now` to an update that changes something.
fn touch(changes: &Changes<'_>, before: &mut Cols, after: &mut Cols) {
    if before.iter().zip(after.iter()).any(|(b, a)| b.1 != a.1) {
        before.push(("updated_at", Value::Null));
        after.push(("updated_at", text(changes.now_text())));
    }
}

fn not_found(what: &str, id: &str) -> StoreError {
    StoreError::NotFound(format!("{what} {id}"))
}

// ---- sessions ---------------------------------------------------------------------------

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

// ---- materials --------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialRow {
    pub id: String,
    pub programme_id: String,
    pub session_id: Option<String>,
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
    pub programme_id: String,
    pub session_id: Option<String>,
    pub topic: String,
    pub title: String,
    pub description: String,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
}

const MATERIAL_COLUMNS: &str = "m.id, m.programme_id, m.session_id, m.topic, m.title, \
    m.description, m.file_name, m.media_type, m.size, m.sha256";

fn read_material(r: &Row<'_>) -> rusqlite::Result<MaterialRow> {
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
    programme: &str,
    session: Option<&str>,
) -> Result<Vec<MaterialRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {MATERIAL_COLUMNS} FROM materials m
         WHERE m.deleted = 0 AND m.programme_id = ?1 AND (?2 IS NULL OR m.session_id = ?2)
         ORDER BY m.created_at, m.id"
    ))?;
    let rows = stmt.query_map(params![programme, session], read_material)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn material(conn: &Connection, id: &str) -> Result<Option<MaterialRow>> {
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
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {MATERIAL_COLUMNS} FROM materials_fts f JOIN materials m ON m.rowid = f.rowid
         WHERE materials_fts MATCH ?1 AND m.deleted = 0 ORDER BY f.rank LIMIT ?2"
    ))?;
    let rows =
        stmt.query_map(params![fts, i64::try_from(limit).unwrap_or(i64::MAX)], read_material)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn add_material(changes: &mut Changes<'_>, m: &NewMaterial) -> Result<String> {
    if programme(changes.tx(), &m.programme_id)?.is_none() {
        return Err(not_found("programme", &m.programme_id));
    }
    let id = MaterialId::new().to_string();
    let cols: Cols = vec![
        ("programme_id", text(&m.programme_id)),
        ("session_id", opt_text(m.session_id.as_deref())),
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
    rows::insert(changes, MATERIALS, &Partition::City, &id, &cols)?;
    queue_reindex(changes.tx(), &id)?;
    Ok(id)
}

/// Withdraws a material (the city): the row is marked deleted, for every laptop once it
/// syncs, so it leaves sessions, the library and the download queue. Its file stays in the
/// blob stores: another material may use the same content, and nothing is lost by keeping it.
/// A file no other material uses is no longer waiting to be uploaded from here.
pub(crate) fn remove_material(changes: &mut Changes<'_>, id: &str) -> Result<()> {
    let (version, sha256): (i64, String) = changes
        .tx()
        .prepare_cached("SELECT version, sha256 FROM materials WHERE id = ?1 AND deleted = 0")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| not_found("material", id))?;
    rows::delete(changes, MATERIALS, &Partition::City, id, version)?;
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

// ---- quiz questions ---------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionRow {
    pub id: String,
    pub position: i64,
    pub question: Question,
    pub version: i64,
}

pub fn questions(conn: &Connection, session: &str) -> Result<Vec<QuestionRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, position, prompt, multiple, options, correct, version FROM quiz_questions
         WHERE session_id = ?1 AND deleted = 0 ORDER BY position, id",
    )?;
    let rows = stmt.query_map([session], |r| {
        let id: String = r.get(0)?;
        let options: String = r.get(4)?;
        let correct: String = r.get(5)?;
        Ok(QuestionRow {
            position: r.get(1)?,
            question: Question {
                id: Some(id.clone()),
                prompt: r.get(2)?,
                multiple: r.get(3)?,
                options: serde_json::from_str(&options).unwrap_or_default(),
                correct: serde_json::from_str(&correct).unwrap_or_default(),
            },
            id,
            version: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn question_cols(position: usize, q: &Question) -> Result<Cols> {
    Ok(vec![
        ("position", Value::Integer(i64::try_from(position).unwrap_or(i64::MAX))),
        ("prompt", text(q.prompt.trim())),
        ("multiple", Value::Integer(i64::from(q.multiple))),
        ("options", text(&serde_json::to_string(&q.options)?)),
        ("correct", text(&serde_json::to_string(&q.correct)?)),
    ])
}

/// Makes the session's quiz exactly these questions, in this order: known ids are
/// updated, new ones inserted, the others deleted.
pub(crate) fn save_quiz(
    changes: &mut Changes<'_>,
    session_id: &str,
    quiz: &[Question],
) -> Result<()> {
    if session(changes.tx(), session_id)?.is_none() {
        return Err(not_found("session", session_id));
    }
    let existing = questions(changes.tx(), session_id)?;
    for (i, q) in quiz.iter().enumerate() {
        let after = question_cols(i + 1, q)?;
        match q.id.as_deref().and_then(|id| existing.iter().find(|e| e.id == id)) {
            Some(found) => {
                let before =
                    question_cols(usize::try_from(found.position).unwrap_or(0), &found.question)?;
                rows::update(
                    changes,
                    QUESTIONS,
                    &Partition::City,
                    &found.id,
                    found.version,
                    &before,
                    &after,
                )?;
            }
            None => {
                let mut cols = after;
                cols.push(("session_id", text(session_id)));
                rows::insert(
                    changes,
                    QUESTIONS,
                    &Partition::City,
                    &QuestionId::new().to_string(),
                    &cols,
                )?;
            }
        }
    }
    for gone in existing.iter().filter(|e| !quiz.iter().any(|q| q.id.as_deref() == Some(&e.id))) {
        rows::delete(changes, QUESTIONS, &Partition::City, &gone.id, gone.version)?;
    }
    Ok(())
}

// ---- trainees ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraineeRow {
    pub id: String,
    pub unit_code: String,
    pub full_name: String,
    pub position: String,
}

/// The trainees of `unit` (every unit's, for `None`: the city), by unit then name as a
/// Vietnamese reader sorts it ("Đặng" with the D's, not after "Z" as bytes would).
pub fn trainees(conn: &Connection, unit: Option<&UnitCode>) -> Result<Vec<TraineeRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, unit_code, full_name, position FROM trainees
         WHERE deleted = 0 AND (?1 IS NULL OR unit_code = ?1)",
    )?;
    let rows = stmt.query_map([unit.map(UnitCode::as_str)], |r| {
        Ok(TraineeRow {
            id: r.get(0)?,
            unit_code: r.get(1)?,
            full_name: r.get(2)?,
            position: r.get(3)?,
        })
    })?;
    let mut all = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    all.sort_by_cached_key(|t| (t.unit_code.clone(), fold(&t.full_name), t.full_name.clone()));
    Ok(all)
}

pub fn trainee(conn: &Connection, id: &str) -> Result<Option<TraineeRow>> {
    Ok(trainees(conn, None)?.into_iter().find(|t| t.id == id))
}

pub(crate) fn add_trainee(
    changes: &mut Changes<'_>,
    unit: &UnitCode,
    full_name: &str,
    position: &str,
) -> Result<String> {
    let id = TraineeId::new().to_string();
    let cols: Cols = vec![
        ("unit_code", text(unit.as_str())),
        ("full_name", text(full_name.trim())),
        ("position", text(position.trim())),
        ("created_at", text(changes.now_text())),
    ];
    rows::insert(changes, TRAINEES, &Partition::Unit(unit.clone()), &id, &cols)?;
    Ok(id)
}

// ---- attendance -------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceRow {
    pub id: String,
    pub session_id: String,
    pub unit_code: String,
    pub trainee_id: String,
    pub trainee_name: String,
    pub mode: AttendanceMode,
    pub checked_in_at: String,
    pub checked_in_by: String,
}

const ATTENDANCE_COLUMNS: &str = "id, session_id, unit_code, trainee_id, trainee_name, mode, \
    checked_in_at, checked_in_by";

fn read_attendance(r: &Row<'_>) -> rusqlite::Result<AttendanceRow> {
    Ok(AttendanceRow {
        id: r.get(0)?,
        session_id: r.get(1)?,
        unit_code: r.get(2)?,
        trainee_id: r.get(3)?,
        trainee_name: r.get(4)?,
        mode: AttendanceMode::parse(&r.get::<_, String>(5)?).unwrap_or_default(),
        checked_in_at: r.get(6)?,
        checked_in_by: r.get(7)?,
    })
}

/// Check-ins of a session (of one unit, or of every unit this laptop holds), by unit
/// then time.
pub fn attendance(
    conn: &Connection,
    session: &str,
    unit: Option<&UnitCode>,
) -> Result<Vec<AttendanceRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ATTENDANCE_COLUMNS} FROM attendance
         WHERE session_id = ?1 AND deleted = 0 AND (?2 IS NULL OR unit_code = ?2)
         ORDER BY unit_code, checked_in_at, id"
    ))?;
    let rows = stmt.query_map(params![session, unit.map(UnitCode::as_str)], read_attendance)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A trainee's check-ins, earliest first.
pub fn attendance_of(conn: &Connection, trainee: &str) -> Result<Vec<AttendanceRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ATTENDANCE_COLUMNS} FROM attendance WHERE trainee_id = ?1 AND deleted = 0
         ORDER BY checked_in_at, id"
    ))?;
    let rows = stmt.query_map([trainee], read_attendance)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One line of the attendance table: distinct trainees of a unit at a session, by mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceCount {
    pub session_id: String,
    pub unit_code: String,
    pub in_person: i64,
    pub online: i64,
}

/// Distinct trainees checked in per session and unit (a trainee checked in twice, from two
/// laptops of the bridge point, counts once, in the mode of the first check-in).
pub fn attendance_counts(conn: &Connection) -> Result<Vec<AttendanceCount>> {
    let mut stmt = conn.prepare_cached(
        "WITH firsts AS (
             SELECT session_id, unit_code, trainee_id, mode,
                    row_number() OVER (PARTITION BY session_id, trainee_id
                                       ORDER BY checked_in_at, id) AS n
             FROM attendance WHERE deleted = 0)
         SELECT session_id, unit_code,
                sum(mode = 'in_person'), sum(mode <> 'in_person')
         FROM firsts WHERE n = 1 GROUP BY session_id, unit_code ORDER BY session_id, unit_code",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(AttendanceCount {
            session_id: r.get(0)?,
            unit_code: r.get(1)?,
            in_person: r.get(2)?,
            online: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn check_in(
    changes: &mut Changes<'_>,
    session_id: &str,
    unit: &UnitCode,
    trainee: &TraineeRow,
    mode: AttendanceMode,
) -> Result<String> {
    let id = AttendanceId::new().to_string();
    let cols: Cols = vec![
        ("session_id", text(session_id)),
        ("unit_code", text(unit.as_str())),
        ("trainee_id", text(&trainee.id)),
        ("trainee_name", text(&trainee.full_name)),
        ("mode", text(mode.as_str())),
        ("checked_in_at", text(changes.now_text())),
        ("checked_in_by", text(changes.actor())),
    ];
    rows::insert(changes, ATTENDANCE, &Partition::Unit(unit.clone()), &id, &cols)?;
    Ok(id)
}

// ---- quiz attempts ----------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptRow {
    pub id: String,
    pub session_id: String,
    pub unit_code: String,
    pub trainee_id: String,
    pub trainee_name: String,
    pub answers: Vec<ScoredAnswer>,
    pub score: i64,
    pub out_of: i64,
    pub answered_at: String,
}

const ATTEMPT_COLUMNS: &str = "id, session_id, unit_code, trainee_id, trainee_name, answers, \
    score, out_of, answered_at";

fn read_attempt(r: &Row<'_>) -> rusqlite::Result<AttemptRow> {
    let answers: String = r.get(5)?;
    Ok(AttemptRow {
        id: r.get(0)?,
        session_id: r.get(1)?,
        unit_code: r.get(2)?,
        trainee_id: r.get(3)?,
        trainee_name: r.get(4)?,
        answers: serde_json::from_str(&answers).unwrap_or_default(),
        score: r.get(6)?,
        out_of: r.get(7)?,
        answered_at: r.get(8)?,
    })
}

/// Attempts at a session's quiz (of every unit this laptop holds), by unit then time.
pub fn attempts(conn: &Connection, session: &str) -> Result<Vec<AttemptRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ATTEMPT_COLUMNS} FROM quiz_attempts WHERE session_id = ?1 AND deleted = 0
         ORDER BY unit_code, answered_at, id"
    ))?;
    let rows = stmt.query_map([session], read_attempt)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn attempts_of(conn: &Connection, trainee: &str) -> Result<Vec<AttemptRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ATTEMPT_COLUMNS} FROM quiz_attempts WHERE trainee_id = ?1 AND deleted = 0
         ORDER BY answered_at, id"
    ))?;
    let rows = stmt.query_map([trainee], read_attempt)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A scored attempt to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttempt<'a> {
    pub session_id: &'a str,
    pub unit: &'a UnitCode,
    pub trainee: &'a TraineeRow,
    pub answers: &'a [ScoredAnswer],
    pub score: u32,
    pub out_of: u32,
}

pub(crate) fn record_attempt(changes: &mut Changes<'_>, a: &NewAttempt<'_>) -> Result<String> {
    let id = AttemptId::new().to_string();
    let cols: Cols = vec![
        ("session_id", text(a.session_id)),
        ("unit_code", text(a.unit.as_str())),
        ("trainee_id", text(&a.trainee.id)),
        ("trainee_name", text(&a.trainee.full_name)),
        ("answers", text(&serde_json::to_string(a.answers)?)),
        ("score", Value::Integer(i64::from(a.score))),
        ("out_of", Value::Integer(i64::from(a.out_of))),
        ("answered_at", text(changes.now_text())),
    ];
    rows::insert(changes, ATTEMPTS, &Partition::Unit(a.unit.clone()), &id, &cols)?;
    Ok(id)
}

// ---- material openings ------------------------------------------------------------------

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

// ---- files this laptop should move (local) ----------------------------------------------

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
    let rows = stmt.query_map([], |r| {
        Ok(FileWant {
            sha256: r.get(0)?,
            size: u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
            title: r.get(2)?,
        })
    })?;
    let all = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(all.into_iter().filter(|w| !have(&w.sha256)).collect())
}

/// Files published on this laptop that the server does not have yet.
pub fn pending_uploads(conn: &Connection) -> Result<Vec<FileWant>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.sha256, coalesce(max(m.size), 0), coalesce(min(m.title), '')
         FROM file_transfers t LEFT JOIN materials m ON m.sha256 = t.sha256
         WHERE t.direction = 'up' GROUP BY t.sha256 ORDER BY t.requested_at, t.sha256",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(FileWant {
            sha256: r.get(0)?,
            size: u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
            title: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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

pub(crate) fn set_keep_offline(conn: &Connection, programme: &str, keep: bool) -> Result<()> {
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
