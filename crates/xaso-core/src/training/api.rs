//! Requests and responses of the training commands: programmes and sessions, the
//! materials library and its files, attendance, quizzes and each trainee's progress.
//! Times are shown in the display zone (`08:00 05/12/2026`); forms use
//! `yyyy-mm-ddThh:mm`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
pub use xaso_domain::training::{Answer, AttendanceMode, Question, SessionFormat, SessionInput};

use crate::api::FieldIssue;

/// The training screen: every programme with its sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TrainingHome {
    /// City staff publish programmes, sessions, materials and quizzes.
    pub can_publish: bool,
    /// A unit's laptop checks its trainees in.
    pub can_check_in: bool,
    /// Every programme (city data: every laptop holds them all), newest first.
    pub programmes: Vec<ProgrammeView>,
}

/// A training programme (chương trình tập huấn): sessions and materials the city publishes
/// under one title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProgrammeView {
    /// The programme's UUIDv7; what [`SessionSave::programme_id`] and [`KeepOffline`] name.
    pub id: String,
    /// As published; never empty.
    pub title: String,
    /// As published; may be empty.
    pub description: String,
    /// Every material of the programme is kept on this laptop.
    pub keep_offline: bool,
    /// Its sessions, earliest first.
    pub sessions: Vec<SessionSummary>,
    /// How many materials it has (withdrawn ones not counted).
    pub materials: u32,
    /// Of those, how many files are on this laptop, verified.
    pub materials_ready: u32,
}

/// One session in a programme's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SessionSummary {
    /// The session's UUIDv7; what [`SessionRef`] names.
    pub id: String,
    /// Required when published, so never empty.
    pub title: String,
    /// The session's subject; materials attached to the session carry it for the library's
    /// search.
    pub topic: String,
    /// `08:00 05/12/2026 – 11:30`
    pub when: String,
    /// In person at the city, online, or both.
    pub format: SessionFormat,
    /// `format` in the person's language.
    pub format_label: String,
    /// This laptop's unit is one of the session's bridge points (always true for the city).
    pub takes_part: bool,
    /// Trainees checked in (this unit's; every unit's for the city).
    pub attended: u32,
}

/// Publishes a programme, or edits one (city roles only: else `forbidden`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProgrammeInput {
    /// `None` publishes a new programme; `Some` edits that one.
    pub id: Option<String>,
    /// Required (trimmed); empty is a `validation` error.
    pub title: String,
    /// Free text, trimmed.
    pub description: String,
}

/// Publishes a session in a programme, or edits one (city roles only: else `forbidden`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SessionSave {
    /// The programme the session belongs to.
    pub programme_id: String,
    /// `None` publishes a new session.
    pub id: Option<String>,
    /// The form as typed; times are the display zone's time, `yyyy-mm-ddThh:mm`.
    pub form: SessionInput,
}

/// Either the saved session, or why nothing was saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SessionSaved {
    /// The session as stored; `None` when nothing was saved.
    pub session: Option<SessionDetail>,
    /// Why nothing was saved, per field (`questions.<i>` for a quiz's question); empty on
    /// success.
    pub issues: Vec<FieldIssue>,
}

/// Names one session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SessionRef {
    /// The session's UUIDv7; an unknown id answers `not_found`.
    pub id: String,
}

/// A session with everything its page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SessionDetail {
    /// The session's UUIDv7.
    pub id: String,
    /// The programme it belongs to; what [`SessionSave::programme_id`] takes when editing.
    pub programme_id: String,
    /// That programme's title, for the heading; empty if it is not on this laptop.
    pub programme_title: String,
    /// The session as its form shows it (for editing).
    pub form: SessionInput,
    /// Start and end in the display zone (`08:00 05/12/2026 – 11:30`).
    pub when: String,
    /// The format in the person's language.
    pub format_label: String,
    /// "Tất cả các đơn vị" or the units' names.
    pub bridge_points_label: String,
    /// The chosen bridge points (empty when every unit takes part), for the form's chips.
    pub bridge_point_units: Vec<xaso_domain::Unit>,
    /// This laptop's unit is one of the bridge points (always true for the city).
    pub takes_part: bool,
    /// The materials attached to this session, in the order published, each with where its
    /// file is.
    pub materials: Vec<MaterialView>,
    /// The quiz, in order, with the right answers (a quiz is taken offline on the unit's
    /// laptop); empty when the session has none.
    pub questions: Vec<Question>,
    /// This unit's check-ins (every unit's for the city).
    pub attendance: Vec<AttendanceView>,
    /// This unit's quiz attempts (every unit's for the city).
    pub attempts: Vec<AttemptView>,
    /// A city role: may edit the session, its materials and its quiz.
    pub can_publish: bool,
    /// A unit role at one of the session's bridge points: may check trainees in and record
    /// quiz answers.
    pub can_check_in: bool,
}

/// Where a material's file is on this laptop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FileState {
    /// Not here; nothing asked for it.
    NotDownloaded,
    /// Asked for; waits for the connection or its turn.
    Queued,
    /// Being downloaded (see `done`/`total`).
    Downloading,
    /// Here and verified.
    Ready,
    /// Here, waiting to be sent to the city server (published on this laptop).
    Uploading,
    /// The last attempt failed (see `problem`); it is tried again.
    Problem,
}

/// How far a material's file is on this laptop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FileView {
    /// Where the transfer stands; `problem` says why for [`FileState::Problem`].
    pub state: FileState,
    /// Bytes verified so far while downloading or uploading (also after a failure: what was
    /// verified is kept); 0 when ready or not started.
    #[ts(type = "number")]
    pub done: u64,
    /// The file's size in bytes while moving; 0 when ready or nothing is known yet.
    #[ts(type = "number")]
    pub total: u64,
    /// Why the last attempt failed, in the user's language.
    pub problem: Option<String>,
}

/// A material (tài liệu): a file published with a programme or one of its sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MaterialView {
    /// The material's UUIDv7; what [`MaterialRef`] names.
    pub id: String,
    /// The programme it belongs to, also for a session's material.
    pub programme_id: String,
    /// The session it is attached to; `None` for a programme-wide material.
    pub session_id: Option<String>,
    /// The session's topic when it was added (empty for a programme-wide material);
    /// searched by the library.
    pub topic: String,
    /// Required when published, so never empty; searched by the library.
    pub title: String,
    /// May be empty; searched by the library.
    pub description: String,
    /// The original file's name, as it was on the publisher's computer.
    pub file_name: String,
    /// Guessed from the file name's extension (`application/pdf`, `video/mp4`, …;
    /// `application/octet-stream` when unknown).
    pub media_type: String,
    /// The file's size in bytes.
    #[ts(type = "number")]
    pub size: u64,
    /// `12,5 MB`
    pub size_label: String,
    /// The file's content address (hex SHA-256): where it is stored and what it is fetched
    /// by; two materials with the same file share it.
    pub sha256: String,
    /// Where the file is on this laptop.
    pub file: FileView,
}

/// Attaches a file from this computer to a programme or one of its sessions (city roles
/// only: else `forbidden`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MaterialAdd {
    /// Required, also for a session's material.
    pub programme_id: String,
    /// The session to attach it to; `None` for a programme-wide material.
    pub session_id: Option<String>,
    /// Required (trimmed).
    pub title: String,
    /// Free text, trimmed.
    pub description: String,
    /// A file on this computer; it is copied into the app's store.
    pub path: String,
}

/// The answer to adding a material: the material, or why nothing was added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MaterialSaved {
    /// The material as stored; `None` when nothing was saved.
    pub material: Option<MaterialView>,
    /// Why nothing was saved (`title` empty, `path` not a file); empty on success.
    pub issues: Vec<FieldIssue>,
}

/// Names one material.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MaterialRef {
    /// The material's UUIDv7; an unknown (or withdrawn) id answers `not_found`.
    pub id: String,
}

/// A material ready to open: the shell hands the file to the system's viewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MaterialFile {
    /// Full path of the verified file in the app's file store; it is named by its SHA-256,
    /// not by the original name.
    pub path: String,
    /// For the viewer: as in [`MaterialView::media_type`].
    pub media_type: String,
}

/// Keeps every material of a programme on this laptop (the file worker downloads them), or
/// stops doing so. A choice of this laptop only: it does not sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct KeepOffline {
    /// The programme whose materials (its sessions' too) to keep.
    pub programme_id: String,
    /// `true` to keep it offline; `false` stops queueing its files (files already here
    /// stay).
    pub keep: bool,
}

/// The materials library's search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LibrarySearch {
    /// Free text over title, description, topic, file name and the text of PDFs; with or
    /// without diacritics, each word a prefix.
    pub query: String,
}

/// One material found by the library's search (at most 50, best match first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LibraryHit {
    /// The material found, with where its file is.
    pub material: MaterialView,
    /// Its programme's title (empty if the programme is not on this laptop).
    pub programme_title: String,
    /// Its session's title; `None` for a programme-wide material.
    pub session_title: Option<String>,
}

/// A person on a unit's staff list who takes training.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TraineeView {
    /// The trainee's UUIDv7; what [`TraineeRef`] and [`CheckIn::trainee_id`] name.
    pub id: String,
    /// The unit whose staff list it is on (its partition for sync).
    pub unit_code: String,
    /// As typed at the unit.
    pub full_name: String,
    /// Job title (chức vụ) as typed; may be empty.
    pub position: String,
}

/// Adds a person to this unit's staff list (unit roles only: else `forbidden`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TraineeAdd {
    /// Required; empty is a `validation` error on `full_name`.
    pub full_name: String,
    /// Job title (chức vụ); may be empty.
    pub position: String,
}

/// Names one trainee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TraineeRef {
    /// The trainee's UUIDv7; a unit sees only its own (others answer `not_found`), the city
    /// every unit's.
    pub id: String,
}

/// Checks a trainee in: one from the unit's staff list, or a new name (added to it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckIn {
    /// The session; this unit must be one of its bridge points (else `forbidden`).
    pub session_id: String,
    /// A trainee from the unit's list; `None` to add `new_name` to the list first.
    pub trainee_id: Option<String>,
    /// Used when `trainee_id` is `None`: required then (an issue on `new_name`).
    pub new_name: String,
    /// Job title of the new trainee; may be empty.
    pub new_position: String,
    /// In the room, or online. A trainee already checked in at this session is refused
    /// (`validation`).
    pub mode: AttendanceMode,
}

/// One check-in at a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttendanceView {
    /// The check-in's UUIDv7.
    pub id: String,
    /// The trainee checked in; counted once per session, however many laptops checked them
    /// in.
    pub trainee_id: String,
    /// The name at the time of the check-in (kept even if the staff list changes).
    pub trainee_name: String,
    /// The unit that checked them in.
    pub unit_code: String,
    /// That unit's name (its code if the unit is not in this laptop's list).
    pub unit_name: String,
    /// In the room, or online.
    pub mode: AttendanceMode,
    /// `mode` in the person's language.
    pub mode_label: String,
    /// `08:05 05/12/2026`
    pub checked_in_at: String,
    /// The display name of the official who checked them in.
    pub checked_in_by: String,
}

/// One trainee's quiz attempt at a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttemptView {
    /// The attempt's UUIDv7.
    pub id: String,
    /// The trainee who answered; their progress lists the attempt.
    pub trainee_id: String,
    /// Their name when they answered.
    pub trainee_name: String,
    /// The unit whose laptop recorded it.
    pub unit_code: String,
    /// Questions answered exactly right.
    pub score: u32,
    /// Questions in the quiz when it was taken.
    pub out_of: u32,
    /// When, in the display zone (`08:05 05/12/2026`).
    pub answered_at: String,
}

/// Replaces a session's quiz (city roles only: else `forbidden`): questions with an id are
/// edited, new ones added, those left out deleted. Answers already recorded keep their
/// scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuizSave {
    /// The session the quiz belongs to.
    pub session_id: String,
    /// In the order they are asked; each needs a prompt, at least two options and the right
    /// number of right answers.
    pub questions: Vec<Question>,
}

/// A trainee's answers to a session's quiz (unit roles only: else `forbidden`); scored by
/// Rust and recorded, offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuizSubmit {
    /// The session whose quiz was taken; a session without a quiz answers `not_found`.
    pub session_id: String,
    /// A trainee of this unit.
    pub trainee_id: String,
    /// One per question answered, by question id; a question left out counts as wrong.
    pub answers: Vec<Answer>,
}

/// The score of one submitted attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuizResult {
    /// Questions answered exactly right (all right options ticked, no wrong one).
    pub score: u32,
    /// Questions in the quiz.
    pub out_of: u32,
    /// Per question, in the quiz's order: answered exactly right.
    pub correct: Vec<bool>,
    /// The session as now stored, with this attempt listed.
    pub session: SessionDetail,
}

/// Attendance across units (the city), or of this unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttendanceReport {
    /// Every session, earliest first, with its counts per unit.
    pub sessions: Vec<SessionAttendance>,
    /// Check-ins in the room, over every session.
    pub in_person: u32,
    /// Online check-ins, over every session.
    pub online: u32,
    /// `in_person + online`; a trainee checked in twice at one session (two laptops,
    /// offline) counts once.
    pub total: u32,
    /// Units with at least one check-in.
    pub units: u32,
}

/// One session's line of the attendance report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SessionAttendance {
    /// The session's UUIDv7 (what [`SessionRef`] names).
    pub session_id: String,
    /// The session's title, the report's first column (and the export's).
    pub title: String,
    /// Start and end in the display zone (`08:00 05/12/2026 – 11:30`).
    pub when: String,
    /// One row per unit with check-ins, by unit code.
    pub units: Vec<UnitAttendance>,
    /// Check-ins in the room at this session.
    pub in_person: u32,
    /// Online check-ins at this session.
    pub online: u32,
    /// `in_person + online`.
    pub total: u32,
}

/// One unit's attendance at one session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UnitAttendance {
    /// The unit that checked its trainees in.
    pub unit_code: String,
    /// Its name (its code if the unit is not in this laptop's list).
    pub unit_name: String,
    /// Trainees checked in in the room.
    pub in_person: u32,
    /// Trainees checked in online.
    pub online: u32,
    /// `in_person + online`.
    pub total: u32,
}

/// The file an attendance export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    /// `diem-danh-<time>.csv`: plain UTF-8 text for scripts and spreadsheets.
    Csv,
    /// `diem-danh-<time>.xlsx`: an Excel workbook.
    Xlsx,
}

/// Writes the attendance report to the exports folder (what this profile may see, as
/// [`AttendanceReport`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttendanceExport {
    /// CSV or Excel.
    pub format: ReportFormat,
}

/// A session's quiz results: per unit and per question (every unit's for the city, this
/// unit's otherwise).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuizReport {
    /// The session asked for.
    pub session_id: String,
    /// The session's title, for the report's heading.
    pub title: String,
    /// One row per unit with attempts, by unit code.
    pub units: Vec<UnitQuizResult>,
    /// Hardest first (lowest share answered right).
    pub questions: Vec<QuestionResult>,
}

/// One unit's results on a session's quiz.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UnitQuizResult {
    /// The unit whose laptops recorded the attempts.
    pub unit_code: String,
    /// Its name (its code if the unit is not in this laptop's list).
    pub unit_name: String,
    /// Attempts recorded by the unit's laptops (a trainee may take the quiz more than
    /// once).
    pub attempts: u32,
    /// Average score as a percentage of the maximum, rounded.
    pub average_percent: u32,
}

/// How one question went, over every attempt counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuestionResult {
    /// The question's UUIDv7.
    pub question_id: String,
    /// The question as asked.
    pub prompt: String,
    /// Attempts that answered it.
    pub answered: u32,
    /// Of those, answered exactly right.
    pub right: u32,
    /// `right` as a rounded percentage of `answered`; 0 when nobody answered.
    pub right_percent: u32,
}

/// One trainee's progress: sessions attended, materials opened, quiz scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TraineeProgress {
    /// The trainee, as on the unit's staff list.
    pub trainee: TraineeView,
    /// Sessions they were checked in at.
    pub sessions: Vec<ProgressSession>,
    /// Materials opened on the unit's laptops by a person of that name, last opened first
    /// (openings are recorded per the laptop's profile and matched by name within the
    /// unit).
    pub materials: Vec<ProgressMaterial>,
    /// Every quiz attempt, oldest first.
    pub quizzes: Vec<ProgressQuiz>,
}

/// A session a trainee was checked in at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProgressSession {
    /// The session's UUIDv7 (what [`SessionRef`] names).
    pub session_id: String,
    /// The session's title; empty if it is not on this laptop.
    pub title: String,
    /// Start and end in the display zone; empty if the session is not on this laptop.
    pub when: String,
    /// In the room or online, in the person's language.
    pub mode_label: String,
}

/// A material a trainee opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProgressMaterial {
    /// The material's UUIDv7 (what [`MaterialRef`] names).
    pub material_id: String,
    /// The material's title; a material withdrawn since still shows (it was read).
    pub title: String,
    /// The last time, in the display zone (`08:05 05/12/2026`).
    pub opened_at: String,
}

/// One quiz attempt of a trainee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProgressQuiz {
    /// The session whose quiz it was.
    pub session_id: String,
    /// The session's title; empty if it is not on this laptop.
    pub title: String,
    /// Questions answered exactly right.
    pub score: u32,
    /// Questions in the quiz when it was taken.
    pub out_of: u32,
}
