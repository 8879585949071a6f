use std::path::{Path, PathBuf};

/// Why a database could not be opened. Each case has its own recovery path in the app.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(
        "the database {path} was written by a newer version of Xã Số (schema {found}, this version knows up to {supported}); it was not modified"
    )]
    NewerSchema { path: PathBuf, found: i64, supported: i64 },
    #[error("the database {path} is damaged: {details}")]
    Corrupt { path: PathBuf, details: String },
    #[error("cannot open the database {0}: {1}")]
    Io(PathBuf, #[source] std::io::Error),
    #[error("cannot open the database {path}: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// The device token could not be moved out of the database into the secret store
    /// (it stays where it was; nothing else changed).
    #[error("cannot settle the device secret of {0}: {1}")]
    Secret(PathBuf, #[source] StoreError),
    #[error("cannot upgrade the database {path} to schema {version}: {source}")]
    Migration {
        path: PathBuf,
        version: i64,
        #[source]
        source: rusqlite::Error,
    },
}

impl OpenError {
    /// A file that is not a database at all, or whose pages are garbage, is "damaged";
    /// anything else is a plain SQLite error.
    pub fn classify(path: &Path, e: rusqlite::Error) -> OpenError {
        use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
        match e.sqlite_error_code() {
            Some(DatabaseCorrupt | NotADatabase) => {
                OpenError::Corrupt { path: path.to_owned(), details: e.to_string() }
            }
            _ => OpenError::Sqlite { path: path.to_owned(), source: e },
        }
    }
}

/// A migration-time error before we know the path; see [`PendingOpenError::at`].
#[derive(Debug)]
pub(crate) enum PendingOpenError {
    Newer { found: i64, supported: i64 },
    Migration { version: i64, source: rusqlite::Error },
    Sqlite(rusqlite::Error),
}

impl PendingOpenError {
    pub(crate) fn at(self, path: &Path) -> OpenError {
        match self {
            PendingOpenError::Newer { found, supported } => {
                OpenError::NewerSchema { path: path.to_owned(), found, supported }
            }
            PendingOpenError::Migration { version, source } => {
                OpenError::Migration { path: path.to_owned(), version, source }
            }
            PendingOpenError::Sqlite(e) => OpenError::classify(path, e),
        }
    }
}

impl From<rusqlite::Error> for PendingOpenError {
    fn from(e: rusqlite::Error) -> Self {
        PendingOpenError::Sqlite(e)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("stored data is not valid: {0}")]
    Invalid(String),
    /// A pulled change this database cannot store (see [`crate::set_aside`]).
    #[error("a pulled change cannot be applied here: {}", .0.en)]
    Unappliable(crate::set_aside::Why),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    #[error("JSON error: {0}")]
    Json(#[from] serde_json::Error),
    /// The secret store (keyring or file) did not keep or give the device token.
    #[error("{0}")]
    Secret(#[from] crate::secrets::SecretError),
    /// Enrolment needs somewhere to keep the token: a store opened with
    /// [`crate::Store::open_with`].
    #[error("this database was opened without a secret store; the device token cannot be kept")]
    NoSecretStore,
}
