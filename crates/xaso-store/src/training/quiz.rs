//! Quiz questions (city data) and each unit's attempts.

use crate::Result;
use crate::rows::{self, Cols, text};
use rusqlite::types::Value;
use rusqlite::{Connection, Row};
use xaso_domain::training::{Question, ScoredAnswer};
use xaso_domain::{AttemptId, Partition, QuestionId, SessionId, TraineeId, UnitCode};

use super::sessions::session;
use super::trainees::TraineeRow;
use super::{ATTEMPTS, QUESTIONS, not_found};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionRow {
    pub id: QuestionId,
    pub position: i64,
    pub question: Question,
    pub version: i64,
}

pub fn questions(conn: &Connection, session: SessionId) -> Result<Vec<QuestionRow>> {
    crate::sql::all(
        conn,
        "SELECT id, position, prompt, multiple, options, correct, version FROM quiz_questions
         WHERE session_id = ?1 AND deleted = 0 ORDER BY position, id",
        [session],
        |r| {
            let id: QuestionId = r.get(0)?;
            let options: String = r.get(4)?;
            let correct: String = r.get(5)?;
            Ok(QuestionRow {
                position: r.get(1)?,
                question: Question {
                    id: Some(id.to_string()),
                    prompt: r.get(2)?,
                    multiple: r.get(3)?,
                    options: serde_json::from_str(&options).unwrap_or_default(),
                    correct: serde_json::from_str(&correct).unwrap_or_default(),
                },
                id,
                version: r.get(6)?,
            })
        },
    )
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

crate::changes::write_handle!(
    /// Writes to a session's quiz questions and attempts in this transaction.
    QuizWrites,
    quiz
);

impl QuizWrites<'_, '_> {
    /// Makes a session's quiz exactly these questions.
    pub fn save_questions(&mut self, session_id: SessionId, quiz: &[Question]) -> Result<()> {
        let changes = &mut *self.0;
        if session(changes.tx(), session_id)?.is_none() {
            return Err(not_found("session", session_id));
        }
        let existing = questions(changes.tx(), session_id)?;
        for (i, q) in quiz.iter().enumerate() {
            let after = question_cols(i + 1, q)?;
            match q.id.as_deref().and_then(|id| existing.iter().find(|e| e.id.to_string() == id)) {
                Some(found) => {
                    let before = question_cols(
                        usize::try_from(found.position).unwrap_or(0),
                        &found.question,
                    )?;
                    rows::update(
                        changes,
                        QUESTIONS,
                        &Partition::City,
                        &found.id.to_string(),
                        found.version,
                        &before,
                        &after,
                    )?;
                }
                None => {
                    let mut cols = after;
                    cols.push(("session_id", text(&session_id.to_string())));
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
        for gone in existing
            .iter()
            .filter(|e| !quiz.iter().any(|q| q.id.as_deref() == Some(&*e.id.to_string())))
        {
            rows::delete(changes, QUESTIONS, &Partition::City, &gone.id.to_string(), gone.version)?;
        }
        Ok(())
    }

    /// Records a trainee's answers to a session's quiz, scored by the caller.
    pub fn record_attempt(&mut self, a: &NewAttempt<'_>) -> Result<AttemptId> {
        let changes = &mut *self.0;
        let id = AttemptId::new();
        let cols: Cols = vec![
            ("session_id", text(&a.session_id.to_string())),
            ("unit_code", text(a.unit.as_str())),
            ("trainee_id", text(&a.trainee.id.to_string())),
            ("trainee_name", text(&a.trainee.full_name)),
            ("answers", text(&serde_json::to_string(a.answers)?)),
            ("score", Value::Integer(i64::from(a.score))),
            ("out_of", Value::Integer(i64::from(a.out_of))),
            ("answered_at", text(changes.now_text())),
        ];
        rows::insert(changes, ATTEMPTS, &Partition::Unit(a.unit.clone()), &id.to_string(), &cols)?;
        Ok(id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptRow {
    pub id: AttemptId,
    pub session_id: SessionId,
    pub unit_code: String,
    pub trainee_id: TraineeId,
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
pub fn attempts(conn: &Connection, session: SessionId) -> Result<Vec<AttemptRow>> {
    crate::sql::all(
        conn,
        &format!(
            "SELECT {ATTEMPT_COLUMNS} FROM quiz_attempts WHERE session_id = ?1 AND deleted = 0
         ORDER BY unit_code, answered_at, id"
        ),
        [session],
        read_attempt,
    )
}

pub fn attempts_of(conn: &Connection, trainee: TraineeId) -> Result<Vec<AttemptRow>> {
    crate::sql::all(
        conn,
        &format!(
            "SELECT {ATTEMPT_COLUMNS} FROM quiz_attempts WHERE trainee_id = ?1 AND deleted = 0
         ORDER BY answered_at, id"
        ),
        [trainee],
        read_attempt,
    )
}

/// A scored attempt to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttempt<'a> {
    pub session_id: SessionId,
    pub unit: &'a UnitCode,
    pub trainee: &'a TraineeRow,
    pub answers: &'a [ScoredAnswer],
    pub score: u32,
    pub out_of: u32,
}
