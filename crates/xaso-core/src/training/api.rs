//! Requests and responses of the training commands: programmes and sessions, the
//! materials library and its files, attendance, quizzes and each trainee's progress.
//! Times are shown in Vietnam's time (`08:00 05/12/2026`); forms use
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
    pub programmes: Vec<ProgrammeView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProgrammeView {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Every material of the programme is kept on this laptop.
    pub keep_offline: bool,
    pub sessions: Vec<SessionSummary>,
    pub materials: u32,
    /// Of those, how many files are on this laptop, verified.
    pub materials_ready: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SessionSummary {
    pub id: String,
    pub title: String,
    pub topic: String,
    /// `08:00 05/12/2026 – 11:30`
    pub when: String,
    pub format: SessionFormat,
    pub format_label: String,
    /// This laptop's unit is one of the session's bridge points (always true for the city).
    pub takes_part: bool,
    /// Trainees checked in (this unit's; every unit's for the city).
    pub attended: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProgrammeInput {
    pub id: Option<String>,
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SessionSave {
    pub programme_id: String,
    /// `None` publishes a new session.
    pub id: Option<String>,
    pub form: SessionInput,
}

/// Either the saved session, or why nothing was saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SessionSaved {
    pub session: Option<SessionDetail>,
    pub issues: Vec<FieldIssue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SessionRef {
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SessionDetail {
    pub id: String,
    pub programme_id: String,
    pub programme_title: String,
    /// The session as its form shows it (for editing).
    pub form: SessionInput,
    pub when: String,
    pub format_label: String,
    /// "Tất cả các đơn vị" or the units' names.
    pub bridge_points_label: String,
    /// The chosen bridge points (empty when every unit takes part), for the form's chips.
    pub bridge_point_units: Vec<xaso_domain::Unit>,
    pub takes_part: bool,
    pub materials: Vec<MaterialView>,
    pub questions: Vec<Question>,
    /// This unit's check-ins (every unit's for the city).
    pub attendance: Vec<AttendanceView>,
    /// This unit's quiz attempts (every unit's for the city).
    pub attempts: Vec<AttemptView>,
    pub can_publish: bool,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FileView {
    pub state: FileState,
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
    /// Why the last attempt failed, in the user's language.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MaterialView {
    pub id: String,
    pub programme_id: String,
    pub session_id: Option<String>,
    pub topic: String,
    pub title: String,
    pub description: String,
    pub file_name: String,
    pub media_type: String,
    #[ts(type = "number")]
    pub size: u64,
    /// `12,5 MB`
    pub size_label: String,
    pub sha256: String,
    pub file: FileView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MaterialAdd {
    pub programme_id: String,
    pub session_id: Option<String>,
    pub title: String,
    pub description: String,
    /// A file on this computer; it is copied into the app's store.
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MaterialSaved {
    pub material: Option<MaterialView>,
    pub issues: Vec<FieldIssue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MaterialRef {
    pub id: String,
}

/// A material ready to open: the shell hands the file to the system's viewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MaterialFile {
    pub path: String,
    pub media_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct KeepOffline {
    pub programme_id: String,
    pub keep: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LibrarySearch {
    pub query: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LibraryHit {
    pub material: MaterialView,
    pub programme_title: String,
    pub session_title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TraineeView {
    pub id: String,
    pub unit_code: String,
    pub full_name: String,
    pub position: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TraineeAdd {
    pub full_name: String,
    pub position: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TraineeRef {
    pub id: String,
}

/// Checks a trainee in: one from the unit's staff list, or a new name (added to it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckIn {
    pub session_id: String,
    pub trainee_id: Option<String>,
    pub new_name: String,
    pub new_position: String,
    pub mode: AttendanceMode,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttendanceView {
    pub id: String,
    pub trainee_id: String,
    pub trainee_name: String,
    pub unit_code: String,
    pub unit_name: String,
    pub mode: AttendanceMode,
    pub mode_label: String,
    /// `08:05 05/12/2026`
    pub checked_in_at: String,
    pub checked_in_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttemptView {
    pub id: String,
    pub trainee_id: String,
    pub trainee_name: String,
    pub unit_code: String,
    pub score: u32,
    pub out_of: u32,
    pub answered_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuizSave {
    pub session_id: String,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuizSubmit {
    pub session_id: String,
    pub trainee_id: String,
    pub answers: Vec<Answer>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuizResult {
    pub score: u32,
    pub out_of: u32,
    /// Per question, in the quiz's order: answered exactly right.
    pub correct: Vec<bool>,
    pub session: SessionDetail,
}

/// Attendance across units (the city), or of this unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttendanceReport {
    pub sessions: Vec<SessionAttendance>,
    pub in_person: u32,
    pub online: u32,
    pub total: u32,
    /// Units with at least one check-in.
    pub units: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SessionAttendance {
    pub session_id: String,
    pub title: String,
    pub when: String,
    pub units: Vec<UnitAttendance>,
    pub in_person: u32,
    pub online: u32,
    pub total: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UnitAttendance {
    pub unit_code: String,
    pub unit_name: String,
    pub in_person: u32,
    pub online: u32,
    pub total: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    Csv,
    Xlsx,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttendanceExport {
    pub format: ReportFormat,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuizReport {
    pub session_id: String,
    pub title: String,
    pub units: Vec<UnitQuizResult>,
    /// Hardest first (lowest share answered right).
    pub questions: Vec<QuestionResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UnitQuizResult {
    pub unit_code: String,
    pub unit_name: String,
    pub attempts: u32,
    /// Average score as a percentage of the maximum, rounded.
    pub average_percent: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuestionResult {
    pub question_id: String,
    pub prompt: String,
    pub answered: u32,
    pub right: u32,
    pub right_percent: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TraineeProgress {
    pub trainee: TraineeView,
    pub sessions: Vec<ProgressSession>,
    pub materials: Vec<ProgressMaterial>,
    pub quizzes: Vec<ProgressQuiz>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProgressSession {
    pub session_id: String,
    pub title: String,
    pub when: String,
    pub mode_label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProgressMaterial {
    pub material_id: String,
    pub title: String,
    pub opened_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProgressQuiz {
    pub session_id: String,
    pub title: String,
    pub score: u32,
    pub out_of: u32,
}
