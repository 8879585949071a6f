//! Requests and responses of every command, shared with the UI through generated
//! TypeScript ([`crate::bindings`]). Field names are the UI's, in snake_case.
//!
//! Money fields are whole đồng; they are declared `number` in TypeScript because every
//! amount is bounded by `Money::MAX` (< 2^53) and so is exact in a JavaScript number.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::kpi::{
    Aggregation, DashboardLine, Direction, IndicatorInput, IndicatorSaved, IndicatorView,
    KpiDashboard, KpiDashboardQuery, KpiField, Measure, PeriodChoice, PeriodKind, ReportingRate,
};
/// The indicators screen (issue 13).
pub use crate::reports::{
    ReportDetail, ReportFormView, ReportLine, ReportLineInput, ReportOpen, ReportPeriod,
    ReportProposal, ReportRef, ReportSave, ReportSaved, ReportSection, ReportStatus, ReportSummary,
    ReportTransition, ReportVersion, ReportsHome, Section,
};
pub use xaso_domain::{
    Locale, MilestoneInput, Role, Severity, TaskInput, TaskKind, TaskStatus, Unit, UnitKind,
};

/// One problem with one field, in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldIssue {
    /// The form field it belongs to, as the request names it; a path for rows of a grid
    /// or list (`lines.3.unit_price`, `questions.0`), so the UI shows it beside that cell.
    pub field: String,
    /// Stable machine code (`required`, `too_long`, `not_a_number`, …): branch on this,
    /// never on `message`.
    pub code: String,
    /// Blocking: the value was not stored (the field kept its old value). Incomplete:
    /// stored, but it blocks submission.
    pub severity: Severity,
    /// What to fix, ready to show beside the field.
    pub message: String,
}

/// Which screen the app opens on: the work, first start, or one of the recovery screens.
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

/// Who works on this laptop: declared at first start, replaced by what the city server
/// grants at enrolment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Profile {
    /// Code of the ward, commune or special zone, from the bundled list of 168 units.
    pub unit_code: String,
    /// Shown in the header; for city roles the Department's name, not the unit picked at
    /// first start.
    pub unit_name: String,
    /// The person's name; recorded as the actor of every change made on this laptop.
    pub display_name: String,
    /// Decides which moves and screens are offered (the server checks again on sync).
    pub role: Role,
}

/// One backup file of the local database, in the backups folder beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupInfo {
    /// File name inside the backups folder; what [`BackupRestore`] names.
    pub name: String,
    /// When it was taken, RFC 3339 UTC to the second.
    pub created_at: String,
    /// Size of the file on disk.
    #[ts(type = "number")]
    pub size_bytes: u64,
}

/// Everything the window needs at start and after a profile, language or restore change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppStatus {
    /// Which screen to show.
    pub state: AppState,
    /// The UI language; Vietnamese while the store cannot be read.
    pub locale: Locale,
    /// `None` until first start is done (and while the store cannot be read).
    pub profile: Option<Profile>,
    /// Running on a throw-away database with sample data: nothing is kept on exit.
    pub demo: bool,
    /// Full path of the database file, shown on the recovery screens and in settings.
    pub db_path: String,
    /// Why the app is not ready (corrupt, newer schema), in the user's language.
    pub message: Option<String>,
    /// The backups there are, for the restore list (empty if the folder cannot be read).
    pub backups: Vec<BackupInfo>,
    /// The zone every time is shown in (an IANA name, `Asia/Ho_Chi_Minh` by default): the
    /// UI formats stored UTC times in it, whatever the machine's own zone.
    pub display_zone: String,
}

/// The unit picker's search at first start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UnitSearch {
    /// Free text: every word must appear in the unit's name (diacritics ignored: "ben
    /// thanh" finds "Phường Bến Thành") or code; empty lists every unit.
    pub query: String,
}

/// First start: the person says who they are. Only a laptop's own claim until it
/// enrols; enrolment overwrites it with what the city granted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProfileSet {
    /// Must be a unit of the bundled list, else an `unknown_unit` issue.
    pub unit_code: String,
    /// Trimmed; 1–500 characters.
    pub display_name: String,
    /// Any role may be declared here; the city server checks every change against the
    /// role it granted.
    pub role: Role,
}

/// Switches the UI language; kept in the database (it travels with backups).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LocaleSet {
    /// Also the language of every message and issue the core answers from now on.
    pub locale: Locale,
}

/// One page of the task list: filters, free-text search and paging.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskQuery {
    /// `None`: every status.
    pub status: Option<TaskStatus>,
    /// `None`: every kind.
    pub kind: Option<TaskKind>,
    /// Fiscal year; `None`: every year.
    pub year: Option<i32>,
    /// Free text over the proposal's text fields (name, objectives, leader, …), with or
    /// without diacritics; each word matches as a prefix, all must match. Empty: browse,
    /// newest change first; a search lists newest created first.
    pub search: String,
    /// Rows to skip; a negative value counts as 0.
    #[ts(type = "number")]
    pub offset: i64,
    /// Page size, clamped to 1–200.
    #[ts(type = "number")]
    pub limit: i64,
}

/// One row of the task list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskSummary {
    /// The task's UUIDv7, as text; what [`TaskRef`] names.
    pub id: String,
    /// KHCN (science and technology), ĐMST (innovation) or CĐS (digital transformation);
    /// the yearly plan adds up estimates by it.
    pub kind: TaskKind,
    /// Where the proposal is in its lifecycle.
    pub status: TaskStatus,
    /// Fiscal year the task is planned for.
    pub year: i32,
    /// Title of the task as typed in the proposal.
    pub name: String,
    /// Task leader (chủ nhiệm nhiệm vụ) as typed; may be empty on a draft.
    pub leader: String,
    /// State, own and other funding added up, in đồng.
    #[ts(type = "number")]
    pub cost_total: i64,
    /// Last change, local or pulled: RFC 3339 UTC with milliseconds.
    pub updated_at: String,
    /// Earliest due date (`yyyy-mm-dd`) of a milestone not done yet; `None` when there is
    /// none.
    pub next_due: Option<String>,
    /// That date has passed (in the display zone's today): the list marks it.
    pub next_due_overdue: bool,
    /// The owning unit (shown to the city, whose lists span every unit).
    pub unit_name: String,
}

/// The task list's answer: one page, how many match, and the years for the filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskPage {
    /// This page, in the list's order.
    pub items: Vec<TaskSummary>,
    /// How many tasks match, counted up to 1 000 (200 for a search).
    #[ts(type = "number")]
    pub total: i64,
    /// More than `total` match (the count stopped): show "more than 1.000".
    pub total_capped: bool,
    /// Fiscal years that have tasks, newest first (for the year filter).
    pub years: Vec<i32>,
}

/// Names one task (or, for `estimates_list`, the task whose estimates to list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskRef {
    /// The task's UUIDv7 as text; text that is not one answers `not_found`.
    pub id: String,
}

/// The whole proposal form, sent ~400 ms after typing stops; fields that cannot be stored
/// keep their stored value (see [`TaskSaved::issues`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskSave {
    /// The task being edited; it must be a draft or returned, else `not_editable`.
    pub id: String,
    /// Every field as typed (money as text, dates `yyyy-mm-dd`).
    pub input: TaskInput,
}

/// Asks to move a task to another status (submit, return, approve, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskTransition {
    /// The task to move.
    pub id: String,
    /// The status asked for; refused with `transition_refused` if the role or the current
    /// status does not allow it, or `task_incomplete` when submitting with required fields
    /// missing.
    pub to: TaskStatus,
    /// The reason; required when [`AllowedTransition::comment_required`] says so; at most
    /// 20 000 characters.
    pub comment: String,
}

/// One move in a task's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TransitionView {
    /// The transition row's UUIDv7 (history rows sync as new rows, never edited).
    pub id: String,
    /// `None` for the creation of the task.
    pub from: Option<TaskStatus>,
    /// The status the task moved to.
    pub to: TaskStatus,
    /// Display name of who made the move, on the laptop where it was made.
    pub actor: String,
    /// When: RFC 3339 UTC with milliseconds.
    pub at: String,
    /// The reason given; empty when none was needed.
    pub comment: String,
}

/// A move this person may make from the task's current status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AllowedTransition {
    /// The status the task would move to.
    pub to: TaskStatus,
    /// The move needs a reason (a return, a rejection at acceptance, a suspension or a
    /// cancellation says why); one dialog asks for it, as for an estimate's move.
    pub comment_required: bool,
}

/// A milestone (mốc tiến độ) of a task, as the task's page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "Milestone")]
pub struct MilestoneView {
    /// The milestone's UUIDv7; what [`MilestoneDelete::id`] and a save's `id` name.
    pub id: String,
    /// The task it belongs to.
    pub task_id: String,
    /// What is to be delivered by the due date.
    pub title: String,
    /// Who answers for it, as typed.
    pub responsible: String,
    /// The unit or team carrying it out, as typed (free text, not a unit code).
    pub unit: String,
    /// `yyyy-mm-dd`.
    pub start_date: String,
    /// `yyyy-mm-dd`; past it and not done makes it `overdue`.
    pub due_date: String,
    /// Ticked by the unit when delivered; a done milestone is never overdue.
    pub done: bool,
    /// It starts before the task's period or falls due after it (kept, and flagged: the
    /// period or the milestone is wrong).
    pub outside_period: bool,
    /// Past due and not done, as of today on this computer.
    pub overdue: bool,
}

/// A task with everything its page shows; every task command answers with it, so the page
/// redraws from one value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskDetail {
    /// The task's UUIDv7 as text.
    pub id: String,
    /// The unit that owns the task (its partition for sync).
    pub unit_code: String,
    /// Current status; with the role it decides `allowed` and `editable`.
    pub status: TaskStatus,
    /// The stored form (money as plain digits, dates `yyyy-mm-dd`).
    pub input: TaskInput,
    /// State, own and other funding added up, in đồng; `i64::MAX` if the stored amounts add
    /// up past `Money::MAX` (never a wrapped number).
    #[ts(type = "number")]
    pub cost_total: i64,
    /// Months from start to end date, a started month counting as one; `None` until both
    /// dates are set (or if the end is before the start).
    pub duration_months: Option<u32>,
    /// RFC 3339 UTC with milliseconds.
    pub created_at: String,
    /// RFC 3339 UTC with milliseconds.
    pub updated_at: String,
    /// Oldest first.
    pub transitions: Vec<TransitionView>,
    /// By start date, then due date; each with its `overdue` flag.
    pub milestones: Vec<MilestoneView>,
    /// What this user may do next.
    pub allowed: Vec<AllowedTransition>,
    /// What must be fixed before the proposal can be submitted.
    pub missing: Vec<FieldIssue>,
    /// Whether this person may edit the proposal fields now (a draft or returned proposal,
    /// of their own unit).
    pub editable: bool,
    /// Why not, in the person's language, when `editable` is false.
    pub read_only_because: Option<String>,
}

/// The answer to creating or saving a task: the task as now stored, and what is wrong with
/// what was typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskSaved {
    /// The task as stored after the save (blocking fields still hold their previous value).
    pub task: TaskDetail,
    /// Blocking issues (those fields were not saved) and what is still incomplete.
    pub issues: Vec<FieldIssue>,
}

/// The answer to saving a milestone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MilestoneSaved {
    /// The whole task, with the milestone list as stored now.
    pub task: TaskDetail,
    /// Non-empty means nothing was saved.
    pub issues: Vec<FieldIssue>,
}

/// Deletes a milestone (a synced deletion: other laptops drop it too).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MilestoneDelete {
    /// The task whose page to answer with.
    pub task_id: String,
    /// The milestone to delete.
    pub id: String,
}

/// Replaces the database with a backup; the current file is moved aside, never deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupRestore {
    /// A name from [`AppStatus::backups`]; checked before anything is closed, so a bad name
    /// changes nothing (`backup_failed`).
    pub name: String,
}
