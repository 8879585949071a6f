//! Where this installation's secret lives: the device token, bound to this data folder.
//!
//! The token is not kept in the database: a database is copied (backups, a folder copied
//! to another laptop), and a copy that carries the token syncs as the same device, so
//! its edits overwrite the original's without a conflict. The secret lives in a
//! [`SecretStore`] of the machine instead (the system keyring, or a 0600 file outside the
//! data folder where no keyring answers: `xaso-core` picks), keyed by an *installation
//! id* kept in the database, and it names the data folder it belongs to. A folder that
//! shows up on another machine finds no secret there; one copied to another path on the
//! same machine finds a secret naming another folder. Either way it is not enrolled
//! (`crate::sync` says why) until it enrols as a device of its own.
//!
//! This module owns the trait, the record's shape and the file store; the keyring lives
//! in `xaso-core` so that this crate does not depend on the platform's keyring libraries.

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Which kind of store holds a secret (recorded in the database, to tell a keyring that
/// does not answer right now from a secret that is not on this machine at all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    /// The system keyring (Secret Service, Credential Manager, Keychain).
    Keyring,
    /// A 0600 file in a 0700 folder outside the data folder.
    File,
}

impl SecretKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SecretKind::Keyring => "keyring",
            SecretKind::File => "file",
        }
    }

    pub fn parse(text: &str) -> Option<SecretKind> {
        match text {
            "keyring" => Some(SecretKind::Keyring),
            "file" => Some(SecretKind::File),
            _ => None,
        }
    }
}

/// Why a secret could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// The store does not answer now (a locked or stopped keyring).
    #[error("the system keyring does not answer: {0}")]
    Unavailable(String),
    #[error("the secrets file {0}: {1}")]
    Io(PathBuf, #[source] std::io::Error),
    #[error("the secret of this installation is unreadable: {0}")]
    Malformed(String),
}

/// Keeps short secrets by key, outside the database. Implementations are cheap to call
/// often (the sync engine reads the token before every round): cache if the backend is
/// slow.
pub trait SecretStore: Send + Sync + fmt::Debug {
    /// Where [`SecretStore::set`] puts secrets now.
    fn kind(&self) -> SecretKind;
    fn get(&self, key: &str) -> Result<Option<String>, SecretError>;
    fn set(&self, key: &str, value: &str) -> Result<(), SecretError>;
    /// Forgets `key` (nothing happens if it was not there).
    fn delete(&self, key: &str) -> Result<(), SecretError>;
}

/// What the machine keeps for one installation: the data folder it belongs to and, while
/// enrolled, the device token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct InstallationSecret {
    /// The data folder's canonical path.
    pub(crate) folder: PathBuf,
    pub(crate) token: Option<String>,
}

impl fmt::Debug for InstallationSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InstallationSecret")
            .field("folder", &self.folder)
            .field("token", &self.token.as_ref().map(|_| "<hidden>"))
            .finish()
    }
}

impl InstallationSecret {
    pub(crate) fn read(
        store: &dyn SecretStore,
        installation: &str,
    ) -> Result<Option<InstallationSecret>, SecretError> {
        match store.get(installation)? {
            Some(text) => serde_json::from_str(&text)
                .map(Some)
                .map_err(|e| SecretError::Malformed(e.to_string())),
            None => Ok(None),
        }
    }

    pub(crate) fn write(
        &self,
        store: &dyn SecretStore,
        installation: &str,
    ) -> Result<(), SecretError> {
        let text =
            serde_json::to_string(self).map_err(|e| SecretError::Malformed(e.to_string()))?;
        store.set(installation, &text)
    }
}

/// Secrets as files: `<dir>/<key>`, each 0600, in a 0700 folder (Unix). The fallback where
/// no keyring answers, and what tests use (deterministic, no desktop session needed).
/// The folder must be outside the data folder, or a copy of the folder would carry it.
#[derive(Debug, Clone)]
pub struct FileSecrets {
    dir: PathBuf,
}

impl FileSecrets {
    pub fn new(dir: impl Into<PathBuf>) -> FileSecrets {
        FileSecrets { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Keys are installation ids (UUIDs); anything else could name a path elsewhere.
    fn path(&self, key: &str) -> Result<PathBuf, SecretError> {
        let plain = !key.is_empty()
            && key.len() <= 64
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !plain {
            return Err(SecretError::Malformed(format!("not a secret's name: {key:?}")));
        }
        Ok(self.dir.join(key))
    }
}

impl SecretStore for FileSecrets {
    fn kind(&self) -> SecretKind {
        SecretKind::File
    }

    fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        let path = self.path(key)?;
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Some(text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(SecretError::Io(path, e)),
        }
    }

    fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        let path = self.path(key)?;
        let io = |e| SecretError::Io(self.dir.clone(), e);
        crate::private_dir(&self.dir).map_err(io)?;
        // Written beside, then renamed: a crash leaves the old secret or the new one.
        let tmp = self.dir.join(format!(".{key}.tmp"));
        let _ = std::fs::remove_file(&tmp);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&tmp).map_err(io)?;
        file.write_all(value.as_bytes()).map_err(io)?;
        file.sync_all().map_err(io)?;
        drop(file);
        std::fs::rename(&tmp, &path).map_err(|e| SecretError::Io(path.clone(), e))?;
        Ok(())
    }

    fn delete(&self, key: &str) -> Result<(), SecretError> {
        let path = self.path(key)?;
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(SecretError::Io(path, e)),
        }
    }
}

/// Secrets in this process's memory only: for tests and throw-away stores (an
/// in-memory database), never for a real installation (gone at exit).
#[derive(Debug, Default)]
pub struct MemorySecrets {
    secrets: std::sync::Mutex<std::collections::HashMap<String, String>>,
}

impl MemorySecrets {
    fn map(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, String>> {
        self.secrets.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl SecretStore for MemorySecrets {
    fn kind(&self) -> SecretKind {
        SecretKind::File
    }

    fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        Ok(self.map().get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        self.map().insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn delete(&self, key: &str) -> Result<(), SecretError> {
        self.map().remove(key);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_secrets_round_trip_in_a_private_folder() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = FileSecrets::new(dir.path().join("secrets"));
        assert_eq!(secrets.get("a-1").unwrap(), None);
        secrets.set("a-1", "one").unwrap();
        secrets.set("a-1", "two").unwrap();
        assert_eq!(secrets.get("a-1").unwrap().as_deref(), Some("two"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(secrets.dir()), 0o700);
            assert_eq!(mode(&secrets.dir().join("a-1")), 0o600);
        }
        secrets.delete("a-1").unwrap();
        secrets.delete("a-1").unwrap();
        assert_eq!(secrets.get("a-1").unwrap(), None);
        assert!(secrets.set("../escape", "x").is_err(), "a key never names another path");
    }
}
