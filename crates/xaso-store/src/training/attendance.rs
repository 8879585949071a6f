//! Attendance at sessions (each unit's own).

use crate::Result;
use crate::rows::{self, Cols, text};
use rusqlite::{Connection, Row, params};
use xaso_domain::training::AttendanceMode;
use xaso_domain::{AttendanceId, Partition, SessionId, TraineeId, UnitCode};

use super::ATTENDANCE;
use super::trainees::TraineeRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceRow {
    pub id: AttendanceId,
    pub session_id: SessionId,
    pub unit_code: String,
    pub trainee_id: TraineeId,
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
    session: SessionId,
    unit: Option<&UnitCode>,
) -> Result<Vec<AttendanceRow>> {
    crate::sql::all(
        conn,
        &format!(
            "SELECT {ATTENDANCE_COLUMNS} FROM attendance
         WHERE session_id = ?1 AND deleted = 0 AND (?2 IS NULL OR unit_code = ?2)
         ORDER BY unit_code, checked_in_at, id"
        ),
        params![session, unit.map(UnitCode::as_str)],
        read_attendance,
    )
}

/// A trainee's check-ins, earliest first.
pub fn attendance_of(conn: &Connection, trainee: TraineeId) -> Result<Vec<AttendanceRow>> {
    crate::sql::all(
        conn,
        &format!(
            "SELECT {ATTENDANCE_COLUMNS} FROM attendance WHERE trainee_id = ?1 AND deleted = 0
         ORDER BY checked_in_at, id"
        ),
        [trainee],
        read_attendance,
    )
}

/// One line of the attendance table: distinct trainees of a unit at a session, by mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceCount {
    pub session_id: SessionId,
    pub unit_code: String,
    pub in_person: i64,
    pub online: i64,
}

/// Distinct trainees checked in per session and unit (a trainee checked in twice, from two
/// laptops of the bridge point, counts once, in the mode of the first check-in).
pub fn attendance_counts(conn: &Connection) -> Result<Vec<AttendanceCount>> {
    crate::sql::all(
        conn,
        "WITH firsts AS (
             SELECT session_id, unit_code, trainee_id, mode,
                    row_number() OVER (PARTITION BY session_id, trainee_id
                                       ORDER BY checked_in_at, id) AS n
             FROM attendance WHERE deleted = 0)
         SELECT session_id, unit_code,
                sum(mode = 'in_person'), sum(mode <> 'in_person')
         FROM firsts WHERE n = 1 GROUP BY session_id, unit_code ORDER BY session_id, unit_code",
        [],
        |r| {
            Ok(AttendanceCount {
                session_id: r.get(0)?,
                unit_code: r.get(1)?,
                in_person: r.get(2)?,
                online: r.get(3)?,
            })
        },
    )
}

crate::changes::write_handle!(
    /// Writes to `attendance` in this transaction.
    AttendanceWrites,
    attendance
);

impl AttendanceWrites<'_, '_> {
    /// Checks a trainee in at a session, now, by this actor.
    pub fn check_in(
        &mut self,
        session_id: SessionId,
        unit: &UnitCode,
        trainee: &TraineeRow,
        mode: AttendanceMode,
    ) -> Result<AttendanceId> {
        let changes = &mut *self.0;
        let id = AttendanceId::new();
        let cols: Cols = vec![
            ("session_id", text(&session_id.to_string())),
            ("unit_code", text(unit.as_str())),
            ("trainee_id", text(&trainee.id.to_string())),
            ("trainee_name", text(&trainee.full_name)),
            ("mode", text(mode.as_str())),
            ("checked_in_at", text(changes.now_text())),
            ("checked_in_by", text(changes.actor())),
        ];
        rows::insert(changes, ATTENDANCE, &Partition::Unit(unit.clone()), &id.to_string(), &cols)?;
        Ok(id)
    }
}
