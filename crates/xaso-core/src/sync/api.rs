//! Requests and responses of the sync commands: the status area, enrolment, the conflicts
//! inbox and the list of refused changes. Text is already in the user's language.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use xaso_domain::Role;

pub use xaso_sync::SyncState;

/// The account the city server granted this device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncAccount {
    /// The login name the city admin created.
    pub user: String,
    /// The person's name as the city keeps it; it replaces the profile's name at enrolment.
    pub display_name: String,
    /// The role the city granted; the server checks every pushed change against it.
    pub role: Role,
    /// The unit the account works for; `None` for city roles.
    pub unit_code: Option<String>,
    /// That unit's name from this laptop's list; `None` for city roles or a code not in the
    /// list.
    pub unit_name: Option<String>,
}

/// What the status area shows; every sync command answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncView {
    /// What the status area says; for the failing states `last_error` says why.
    pub state: SyncState,
    /// The local store was found damaged after the window opened (the start-up check runs
    /// beside it): the window reloads the app's status and shows the recovery screen.
    pub store_damaged: bool,
    /// The city server this laptop is enrolled with (kept after sign-out for the next
    /// enrolment); `None` before the first enrolment.
    pub server_url: Option<String>,
    /// Whom this laptop speaks for; `None` when not enrolled.
    pub account: Option<SyncAccount>,
    /// Signed out and not enrolled since: whom the laptop spoke for before. Changes still
    /// pending were (mostly) theirs, and go under the next account enrolled.
    pub previous_account: Option<SyncAccount>,
    /// Local changes not yet accepted by the server.
    #[ts(type = "number")]
    pub pending: i64,
    /// Conflicts not resolved yet (see [`ConflictView`]).
    #[ts(type = "number")]
    pub conflicts_open: i64,
    /// Changes the server refused for good (see [`DeadLetterView`]).
    #[ts(type = "number")]
    pub refused: i64,
    /// Changes received that this laptop cannot store, set aside (see [`SetAsideView`]).
    #[ts(type = "number")]
    pub set_aside: i64,
    /// This laptop's clock is far from the city server's: what to do, in the user's
    /// language. `None` when it is right (or the server did not say its time).
    pub clock_warning: Option<String>,
    /// This data folder was copied from another computer (or folder) and is not enrolled
    /// here: what happened and what to do, in the user's language. Cleared by enrolling.
    pub copied: Option<String>,
    /// RFC 3339 UTC.
    pub last_success: Option<String>,
    /// Why the last attempt failed, in the user's language.
    pub last_error: Option<String>,
    /// The newest entry of the data feed: when it moves past what the window last saw,
    /// the window asks `data_changes` and re-reads what changed.
    #[ts(type = "number")]
    pub data_seq: i64,
}

/// Enrols this laptop with the city server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncEnroll {
    /// `https://…` (a trailing `/` is ignored); plain `http://` only to this computer
    /// unless `allow_insecure_http`.
    pub server_url: String,
    /// The login name the city admin created.
    pub user: String,
    /// Sent once, to the server only; never stored or logged.
    pub password: String,
    /// A name the city's admin recognises in the device list.
    pub device_name: String,
    /// A PEM file with the city's own certificate authority, if it uses one.
    pub ca_file: Option<String>,
    /// The person confirmed a plain `http://` server that is not this computer (the form
    /// offers it, with a warning, after such an address was refused).
    #[serde(default)]
    pub allow_insecure_http: bool,
}

/// One open (or recently resolved) conflict: the value every replica kept and the one it
/// did not, side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConflictView {
    /// The conflict's id, what [`ConflictResolve::id`] names.
    pub id: String,
    /// What was edited twice, e.g. "Nhiệm vụ «Số hóa …» · Mục tiêu".
    pub label: String,
    /// The synced table, for programs (`tasks`, `estimate_lines`, …).
    pub table: String,
    /// The edited row's id.
    pub row_id: String,
    /// The edited field's column name; the merge is parsed as that field's type.
    pub field: String,
    /// The value the server kept: every replica shows it already, unless a newer local edit
    /// is pending.
    pub kept: ConflictSide,
    /// The concurrent value that lost.
    pub other: ConflictSide,
    /// The field's value on this laptop now (it may have been edited since).
    pub current: String,
    /// Someone resolved it (on any laptop of the unit, once synced); resolved conflicts
    /// stay listed below the open ones.
    pub resolved: bool,
}

/// One side of a conflict: a value and who set it when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConflictSide {
    /// The value as a person reads it (text as is, amounts formatted, statuses named).
    pub value: String,
    /// Who made that edit, as the server names them.
    pub actor: String,
    /// RFC 3339 UTC.
    pub at: String,
}

/// How a person resolves a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConflictChoice {
    /// Keep the value the server kept (written to the field only where it now differs).
    Kept,
    /// Put the losing value back.
    Other,
    /// A value the person typed, merging both.
    Merged,
}

/// Resolves one conflict; the resolution syncs like any edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConflictResolve {
    /// The conflict to resolve; `not_found` if it is not here.
    pub id: String,
    /// Which value to write; [`ConflictChoice::Merged`] needs `merged`.
    pub choice: ConflictChoice,
    /// The merged text, for [`ConflictChoice::Merged`].
    pub merged: Option<String>,
}

/// A change the server refused for good (kept for the person to see and redo).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DeadLetterView {
    /// The change's op id; what [`DeadLetterRef`] names to dismiss it.
    pub op_id: String,
    /// What it would have changed, as a person names it ("Nhiệm vụ «…» · Năm").
    pub label: String,
    /// The refused value as a person reads it (amounts in đồng, a norm's level in its
    /// unit).
    pub value: String,
    /// Why the server refused it, in the person's language.
    pub reason: String,
    /// When the server refused it: RFC 3339 UTC with milliseconds.
    pub at: String,
}

/// A change received from the server that this laptop could not store: set aside so that
/// everything after it still arrives. Kept for people to see and report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SetAsideView {
    /// `unit:<code>` or `city`.
    pub partition: String,
    /// Its number in the partition's history on the server.
    #[ts(type = "number")]
    pub seq: i64,
    /// What it would have changed, as a person names it ("Nhiệm vụ «…» · Năm").
    pub label: String,
    /// The synced table, for programs.
    pub table: String,
    /// The row it would have changed.
    pub row_id: String,
    /// The field it would have changed (`*` for a whole new row).
    pub field: String,
    /// The value as received (JSON), cut to a few thousand characters.
    pub value: String,
    /// Who made the change, as the server names them.
    pub actor: String,
    /// Why this laptop cannot store it, in the user's language.
    pub reason: String,
    /// When it was set aside (RFC 3339 UTC).
    pub at: String,
}

/// Names a refused change (its op id) to dismiss.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DeadLetterRef {
    /// As in [`DeadLetterView::op_id`]; an id not on the list answers `not_found`.
    pub op_id: String,
}

/// What one sync round did (the CLI prints it; the app shows [`SyncView`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncReportView {
    /// Local changes sent this round.
    #[ts(type = "number")]
    pub pushed: i64,
    /// Of those, how many met another device's edit (now in the conflicts inbox).
    #[ts(type = "number")]
    pub conflicts: i64,
    /// Of those, how many the server refused for good (now on the refused list).
    #[ts(type = "number")]
    pub refused: i64,
    /// Changes received from the server (set-aside ones included).
    #[ts(type = "number")]
    pub pulled: i64,
    /// One line for people, in the user's language.
    pub summary: String,
}

/// What `import` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportReport {
    /// Tasks added, each as a draft of this unit with its milestones.
    #[ts(type = "number")]
    pub imported: i64,
    /// Tasks whose id is already here (an import never overwrites).
    #[ts(type = "number")]
    pub skipped: i64,
    /// One line for people, in the user's language.
    pub summary: String,
}

/// What `check` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckReport {
    /// No problem found: the database is sound.
    pub ok: bool,
    /// `PRAGMA quick_check`'s complaints (empty when sound).
    pub problems: Vec<String>,
    /// Local changes not yet accepted by the server.
    #[ts(type = "number")]
    pub pending: i64,
    /// One line for people, in the user's language.
    pub summary: String,
}

/// What the window last saw of the data feed (`SyncView::data_seq` tells when there is
/// more): its `seq` from the previous answer, 0 at start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DataSince {
    /// The `seq` of the previous [`DataChanges`].
    #[ts(type = "number")]
    pub seq: i64,
}

/// What changed in this laptop's data since [`DataSince::seq`] without the window asking:
/// rows another device changed (pulled), and fields a push's answer set back. Open screens
/// re-read what they show when one of their rows is here, or everything when `complete`
/// is false.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DataChanges {
    /// The next request's `seq`.
    #[ts(type = "number")]
    pub seq: i64,
    /// `false`: more changed than is listed (a first pull, or the window fell far
    /// behind): re-read everything shown.
    pub complete: bool,
    /// The rows that changed, each once, oldest first.
    pub changes: Vec<DataChange>,
    /// What a person should hear about (the city returned a proposal, an estimate was
    /// approved, an edit lost a conflict), newest last, at most [`MAX_NOTICES`].
    pub notices: Vec<Notice>,
}

/// The most notices one answer carries; more are summed up in one.
pub const MAX_NOTICES: usize = 5;

/// One changed row of a synced table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub struct DataChange {
    /// The synced table (`tasks`, `task_transitions`, `estimates`, …).
    pub table: String,
    /// The row's id.
    pub row_id: String,
    /// The task the row belongs to, when it belongs to one (a transition, a milestone, an
    /// estimate): a task's screen follows all of them.
    pub task_id: Option<String>,
}

/// A quiet line telling what arrived, linked to what it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Notice {
    /// In the user's language: "Sở KHCN đã trả lại phiếu «…»".
    pub text: String,
    /// What opening it shows.
    pub target: NoticeTarget,
}

/// Where a notice leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NoticeTarget {
    /// A task's form (its history shows the step).
    Task {
        /// The task.
        id: String,
    },
    /// An estimate's sheet.
    Estimate {
        /// The estimate.
        id: String,
    },
    /// The conflicts inbox.
    Conflicts,
    /// The sync screen (several things arrived).
    Sync,
}
