//! The machine's secret store for the device token: the system keyring (Secret Service
//! on Linux, Credential Manager on Windows, the Keychain on macOS), or 0600 files in a
//! 0700 folder outside the data folder where no keyring answers (a server without a
//! desktop session, CI). `Config::secret_store` picks; `xaso_store::secrets` says why the
//! token is not in the database.
//!
//! Decisions:
//! - **Auto** (the default) asks the keyring once per process whether it answers; if it
//!   does, secrets go there (and a file left by a time it did not is still read); if not,
//!   to files. A laptop without a keyring is no less able to sync: its token is as safe
//!   as the user's own files, and a copy of its data folder still carries no token.
//! - Keyring answers are cached in the process: the engine reads the token every round,
//!   and each Secret Service call is a D-Bus round trip with its own encrypted session.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use xaso_store::{FileSecrets, SecretError, SecretKind, SecretStore};

use crate::config::{Config, SecretStoreChoice};

/// The keyring's service name: entries show as "xaso" in the desktop's password manager.
const SERVICE: &str = "xaso";

/// The secret store `config` names.
pub(crate) fn secret_store(config: &Config) -> Arc<dyn SecretStore> {
    let file = FileSecrets::new(&config.secrets_dir);
    match config.secret_store {
        SecretStoreChoice::File => Arc::new(file),
        SecretStoreChoice::Keyring => Arc::new(Keyring::default()),
        SecretStoreChoice::Auto => {
            Arc::new(AutoSecrets { keyring: Keyring::default(), file, answers: OnceLock::new() })
        }
    }
}

/// The system keyring, with a cache of what this process read or wrote.
#[derive(Debug, Default)]
struct Keyring {
    cache: Mutex<HashMap<String, Option<String>>>,
}

impl Keyring {
    fn cached(&self, key: &str) -> Option<Option<String>> {
        self.cache.lock().unwrap_or_else(|p| p.into_inner()).get(key).cloned()
    }

    fn remember(&self, key: &str, value: Option<String>) {
        self.cache.lock().unwrap_or_else(|p| p.into_inner()).insert(key.to_owned(), value);
    }

    /// Whether the keyring answers at all (an entry that is not there is an answer).
    fn answers(&self) -> bool {
        match platform::get("probe") {
            Ok(_) => true,
            Err(e) => {
                tracing::info!("no system keyring answers; the device token goes to a file: {e}");
                false
            }
        }
    }
}

impl SecretStore for Keyring {
    fn kind(&self) -> SecretKind {
        SecretKind::Keyring
    }

    fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        if let Some(known) = self.cached(key) {
            return Ok(known);
        }
        let value = platform::get(key)?;
        self.remember(key, value.clone());
        Ok(value)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        platform::set(key, value)?;
        self.remember(key, Some(value.to_owned()));
        Ok(())
    }

    fn delete(&self, key: &str) -> Result<(), SecretError> {
        platform::delete(key)?;
        self.remember(key, None);
        Ok(())
    }
}

/// The keyring when it answers, files when it does not (decided once per process).
#[derive(Debug)]
struct AutoSecrets {
    keyring: Keyring,
    file: FileSecrets,
    answers: OnceLock<bool>,
}

impl AutoSecrets {
    fn keyring_answers(&self) -> bool {
        *self.answers.get_or_init(|| self.keyring.answers())
    }
}

impl SecretStore for AutoSecrets {
    fn kind(&self) -> SecretKind {
        if self.keyring_answers() { SecretKind::Keyring } else { SecretKind::File }
    }

    fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        if self.keyring_answers()
            && let Some(value) = self.keyring.get(key)?
        {
            return Ok(Some(value));
        }
        self.file.get(key)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        if self.keyring_answers() {
            self.keyring.set(key, value)?;
            // One secret in one place: a file from a time the keyring did not answer goes.
            self.file.delete(key)
        } else {
            self.file.set(key, value)
        }
    }

    fn delete(&self, key: &str) -> Result<(), SecretError> {
        if self.keyring_answers() {
            self.keyring.delete(key)?;
        }
        self.file.delete(key)
    }
}

#[cfg(any(target_os = "linux", target_os = "windows", target_os = "macos"))]
mod platform {
    use xaso_store::SecretError;

    fn entry(key: &str) -> Result<keyring::Entry, SecretError> {
        keyring::Entry::new(super::SERVICE, key).map_err(unavailable)
    }

    fn unavailable(e: keyring::Error) -> SecretError {
        SecretError::Unavailable(e.to_string())
    }

    pub(super) fn get(key: &str) -> Result<Option<String>, SecretError> {
        match entry(key)?.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    pub(super) fn set(key: &str, value: &str) -> Result<(), SecretError> {
        entry(key)?.set_password(value).map_err(unavailable)
    }

    pub(super) fn delete(key: &str) -> Result<(), SecretError> {
        match entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}

/// No keyring this build knows on this platform: files it is.
#[cfg(not(any(target_os = "linux", target_os = "windows", target_os = "macos")))]
mod platform {
    use xaso_store::SecretError;

    fn none() -> SecretError {
        SecretError::Unavailable("no system keyring on this platform".into())
    }

    pub(super) fn get(_key: &str) -> Result<Option<String>, SecretError> {
        Err(none())
    }

    pub(super) fn set(_key: &str, _value: &str) -> Result<(), SecretError> {
        Err(none())
    }

    pub(super) fn delete(_key: &str) -> Result<(), SecretError> {
        Err(none())
    }
}
