//! The error the UI receives: a stable `code` to branch on, a `message` in the user's
//! language to show, and per-field issues to show beside their fields.

use serde::Serialize;
use ts_rs::TS;
use xaso_domain::{Bilingual, Locale, TransitionError};
use xaso_store::StoreError;

use crate::api::FieldIssue;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    Validation,
    NotEditable,
    TransitionRefused,
    TaskIncomplete,
    StoreCorrupt,
    StoreNewerVersion,
    StoreIo,
    NoProfile,
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
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
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
