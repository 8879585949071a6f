//! Requests and responses of every command, shared with the UI through generated
//! TypeScript ([`crate::bindings`]). Field names are the UI's, in snake_case.
//!
//! Money fields are whole đồng; they are declared `number` in TypeScript because every
//! amount is bounded by `Money::MAX` (< 2^53) and so is exact in a JavaScript number.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
pub use xaso_domain::{
    Locale, MilestoneInput, Role, Severity, TaskInput, TaskKind, TaskStatus, Unit, UnitKind,
};

/// One problem with one field, in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldIssue {
    pub field: String,
    pub code: String,
    pub severity: Severity,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AppState {
    /// The store is open and a profile is chosen.
    Ready,
    /// First start: the official must pick their unit.
    NeedsProfile,
    /// The database file is damaged (or could not be opened): restore a backup.
    Corrupt,
    /// The database was written by a newer version of the app: update the app.
    NewerSchema,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Profile {
    pub unit_code: String,
    pub unit_name: String,
    pub display_name: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupInfo {
    pub name: String,
    pub created_at: String,
    #[ts(type = "number")]
    pub size_bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppStatus {
    pub state: AppState,
    pub locale: Locale,
    pub profile: Option<Profile>,
    pub demo: bool,
    pub db_path: String,
    /// Why the app is not ready (corrupt, newer schema), in the user's language.
    pub message: Option<String>,
    pub backups: Vec<BackupInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UnitSearch {
    pub query: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProfileSet {
    pub unit_code: String,
    pub display_name: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LocaleSet {
    pub locale: Locale,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskQuery {
    pub status: Option<TaskStatus>,
    pub kind: Option<TaskKind>,
    pub year: Option<i32>,
    pub search: String,
    #[ts(type = "number")]
    pub offset: i64,
    #[ts(type = "number")]
    pub limit: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskSummary {
    pub id: String,
    pub kind: TaskKind,
    pub status: TaskStatus,
    pub year: i32,
    pub name: String,
    pub leader: String,
    #[ts(type = "number")]
    pub cost_total: i64,
    pub updated_at: String,
    pub next_due: Option<String>,
    /// The owning unit (shown to the city, whose lists span every unit).
    pub unit_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskPage {
    pub items: Vec<TaskSummary>,
    /// How many tasks match, counted up to 1 000 (200 for a search).
    #[ts(type = "number")]
    pub total: i64,
    /// More than `total` match (the count stopped): show "more than 1.000".
    pub total_capped: bool,
    /// Fiscal years that have tasks, newest first (for the year filter).
    pub years: Vec<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskRef {
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskSave {
    pub id: String,
    pub input: TaskInput,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskTransition {
    pub id: String,
    pub to: TaskStatus,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TransitionView {
    pub id: String,
    pub from: Option<TaskStatus>,
    pub to: TaskStatus,
    pub actor: String,
    pub at: String,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AllowedTransition {
    pub to: TaskStatus,
    pub comment_required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "Milestone")]
pub struct MilestoneView {
    pub id: String,
    pub task_id: String,
    pub title: String,
    pub responsible: String,
    pub unit: String,
    pub start_date: String,
    pub due_date: String,
    pub done: bool,
    /// Past due and not done, as of today on this computer.
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskDetail {
    pub id: String,
    pub unit_code: String,
    pub status: TaskStatus,
    /// The stored form (money as plain digits, dates `yyyy-mm-dd`).
    pub input: TaskInput,
    #[ts(type = "number")]
    pub cost_total: i64,
    pub duration_months: Option<u32>,
    pub created_at: String,
    pub updated_at: String,
    /// Oldest first.
    pub transitions: Vec<TransitionView>,
    pub milestones: Vec<MilestoneView>,
    /// What this user may do next.
    pub allowed: Vec<AllowedTransition>,
    /// What must be fixed before the proposal can be submitted.
    pub missing: Vec<FieldIssue>,
    /// Whether the proposal fields may be edited now (draft or returned).
    pub editable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskSaved {
    pub task: TaskDetail,
    /// Blocking issues (those fields were not saved) and what is still incomplete.
    pub issues: Vec<FieldIssue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MilestoneSaved {
    pub task: TaskDetail,
    /// Non-empty means nothing was saved.
    pub issues: Vec<FieldIssue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MilestoneDelete {
    pub task_id: String,
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupRestore {
    pub name: String,
}
