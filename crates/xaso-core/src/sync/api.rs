//! Requests and responses of the sync commands: the status area, enrolment, the conflicts
//! inbox and the list of refused changes. Text is already in the user's language.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use xaso_domain::Role;

/// What the status area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// This laptop is not enrolled with a city server: everything stays local.
    NotEnrolled,
    /// The last attempt reached the server.
    Online,
    /// The server could not be reached; the worker keeps trying.
    Offline,
    Syncing,
    /// The server needs a newer app; unsynced changes are kept.
    NeedsUpdate,
    /// The server no longer accepts this device (revoked, replaced, its password reset, or
    /// signed out): enrol again; `last_error` says why and what to do.
    Unauthorized,
    /// The city admin disabled the account: nothing syncs (unsent changes are kept) until
    /// they enable it and the laptop enrols again.
    AccountDisabled,
}

/// The account the city server granted this device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncAccount {
    pub user: String,
    pub display_name: String,
    pub role: Role,
    pub unit_code: Option<String>,
    pub unit_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncView {
    pub state: SyncState,
    pub server_url: Option<String>,
    pub account: Option<SyncAccount>,
    /// Signed out and not enrolled since: whom the laptop spoke for before. Changes still
    /// pending were (mostly) theirs, and go under the next account enrolled.
    pub previous_account: Option<SyncAccount>,
    /// Local changes not yet accepted by the server.
    #[ts(type = "number")]
    pub pending: i64,
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
}

/// Enrols this laptop with the city server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncEnroll {
    pub server_url: String,
    pub user: String,
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
    pub id: String,
    /// What was edited twice, e.g. "Nhiệm vụ «Số hóa …» · Mục tiêu".
    pub label: String,
    pub table: String,
    pub row_id: String,
    pub field: String,
    pub kept: ConflictSide,
    pub other: ConflictSide,
    /// The field's value on this laptop now (it may have been edited since).
    pub current: String,
    pub resolved: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConflictSide {
    /// The value as a person reads it (text as is, amounts formatted, statuses named).
    pub value: String,
    pub actor: String,
    /// RFC 3339 UTC.
    pub at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConflictChoice {
    Kept,
    Other,
    /// A value the person typed, merging both.
    Merged,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConflictResolve {
    pub id: String,
    pub choice: ConflictChoice,
    /// The merged text, for [`ConflictChoice::Merged`].
    pub merged: Option<String>,
}

/// A change the server refused for good (kept for the person to see and redo).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DeadLetterView {
    pub op_id: String,
    pub label: String,
    pub value: String,
    pub reason: String,
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
    pub table: String,
    pub row_id: String,
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
    pub op_id: String,
}

/// What one sync round did (the CLI prints it; the app shows [`SyncView`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncReportView {
    #[ts(type = "number")]
    pub pushed: i64,
    #[ts(type = "number")]
    pub conflicts: i64,
    #[ts(type = "number")]
    pub refused: i64,
    #[ts(type = "number")]
    pub pulled: i64,
    /// One line for people, in the user's language.
    pub summary: String,
}

/// What `import` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportReport {
    #[ts(type = "number")]
    pub imported: i64,
    /// Tasks whose id is already here (an import never overwrites).
    #[ts(type = "number")]
    pub skipped: i64,
    pub summary: String,
}

/// What `check` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckReport {
    pub ok: bool,
    /// `PRAGMA quick_check`'s complaints (empty when sound).
    pub problems: Vec<String>,
    #[ts(type = "number")]
    pub pending: i64,
    pub summary: String,
}
