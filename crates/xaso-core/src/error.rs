//! The error the UI receives: a stable `code` to branch on, a `message` in the user's
//! language to show, and per-field issues to show beside their fields.

use serde::Serialize;
use ts_rs::TS;
use xaso_domain::{Bilingual, Locale, TransitionError};
use xaso_store::StoreError;

use crate::api::FieldIssue;

/// What went wrong, for the UI to branch on (serialised in snake_case: `not_found`, …). The
/// codes are a contract with the UI: add new ones, never reuse one for another meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The id names nothing here (or is not an id): a task, estimate, session, conflict,
    /// command, … The message says what.
    NotFound,
    /// The request was refused as typed: `fields` says which fields and why (it may be
    /// empty for a whole-request refusal, e.g. a second estimate for the same year). The
    /// request was not carried out.
    Validation,
    /// The thing exists but may not be edited now: a task past draft/returned, an approved
    /// estimate, or an estimate edited by a city role.
    NotEditable,
    /// The role or the current status does not allow this move (or this reviewer-only /
    /// admin-only action); also a return without a reason.
    TransitionRefused,
    /// Submitting a task whose required fields are missing; `fields` lists them.
    TaskIncomplete,
    /// The database could not be opened or prepared: the app is on the recovery screen
    /// (restore a backup).
    StoreCorrupt,
    /// The database was written by a newer Xã Số: update the app; nothing was changed.
    StoreNewerVersion,
    /// Reading or writing local data (or an exported file) failed; what was saved before is
    /// intact and trying again may work. Details are in the log only.
    StoreIo,
    /// First start is not done: pick a unit and enter a name first.
    NoProfile,
    /// Making, checking or restoring a backup failed; a backup that fails its check is
    /// never restored.
    BackupFailed,
    /// This laptop is not enrolled with a city server.
    NotEnrolled,
    /// The city server could not be reached, refused, or answered wrongly.
    SyncFailed,
    /// The account's role may not do this.
    Forbidden,
    /// A material's file is not on this laptop yet (it has been queued).
    FileNotHere,
    /// A file could not be stored or moved (disk full, unreadable, damaged).
    FileFailed,
    /// A bug or an unexpected failure (the sync engine did not start, an export could not
    /// be built, an answer could not be serialised); logged, not the user's doing.
    Internal,
}

/// What every failing command answers: `{ code, message, fields }`. The UI branches on
/// `code`, shows `message`, and puts each of `fields` beside its field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct ApiError {
    /// The kind of failure, stable across versions and languages: what the UI switches on.
    pub code: ErrorCode,
    /// Ready to show, in the person's language (Vietnamese while the store cannot be read);
    /// never branch on it.
    pub message: String,
    /// Per-field problems for the form to mark; empty when the error is not about fields.
    pub fields: Vec<FieldIssue>,
}

impl ApiError {
    pub(crate) fn new(code: ErrorCode, text: &Bilingual, locale: Locale) -> Self {
        Self { code, message: text.get(locale).to_owned(), fields: Vec::new() }
    }

    pub(crate) fn with_fields(mut self, fields: Vec<FieldIssue>) -> Self {
        self.fields = fields;
        self
    }

    pub(crate) fn transition(e: &TransitionError, locale: Locale) -> Self {
        Self { code: ErrorCode::TransitionRefused, message: e.message(locale), fields: Vec::new() }
    }

    /// A store failure. Not-found is the user's business; anything else is logged in full
    /// and shown as a short, honest message (the details are in the log, not the UI).
    pub(crate) fn store(e: StoreError, locale: Locale) -> Self {
        match e {
            StoreError::NotFound(what) => Self::new(
                ErrorCode::NotFound,
                &Bilingual::new(format!("Không tìm thấy: {what}."), format!("Not found: {what}.")),
                locale,
            ),
            other => {
                tracing::error!(error = %other, "store operation failed");
                Self::new(
                    ErrorCode::StoreIo,
                    &Bilingual::new(
                        "Không ghi/đọc được dữ liệu trên máy. Dữ liệu đã lưu trước đó vẫn an toàn; hãy thử lại.",
                        "Could not read or write the local data. What was saved before is safe; please try again.",
                    ),
                    locale,
                )
            }
        }
    }
}

/// What a use case fails with inside a session, before it reaches the UI: its own refusal
/// (an [`ApiError`], already in words) or a store error, which `App::with_session` puts
/// into words once, in the person's language. So a use case writes `?` after a store call
/// instead of localising each error itself.
#[derive(Debug)]
pub(crate) enum Failure {
    Api(ApiError),
    Store(StoreError),
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Failure {
        Failure::Api(e)
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        Failure::Store(e)
    }
}

impl Failure {
    /// What the UI receives.
    pub(crate) fn in_words(self, locale: Locale) -> ApiError {
        match self {
            Failure::Api(e) => e,
            Failure::Store(e) => ApiError::store(e, locale),
        }
    }
}
