//! Which installation this data folder is, and whether its device secret is here.
//!
//! An installation is a data folder *on one machine*: its id (`local_meta`
//! `installation_id`) keys an [`InstallationSecret`] in the machine's [`SecretStore`],
//! which names the folder's canonical path and holds the device token while enrolled.
//! `installation.secret` records where that secret was put (`keyring` or `file`), so a
//! folder that was bound somewhere and finds no secret here was copied (or its machine
//! lost the secret) — unless the keyring it was bound to simply does not answer now.
//!
//! On open ([`settle`]):
//! - a token an older version kept in `local_meta` moves to the secret store, and is then
//!   deleted with `secure_delete` on and the file vacuumed, so no page (free or not) of
//!   the database, nor a backup made from it later, carries it;
//! - a folder whose secret names another folder that still holds a database is a copy; a
//!   folder bound to a secret this machine does not have came from another computer.
//!   A copy becomes an installation of its own (new installation id, new device id), is
//!   signed out (the account becomes the previous one, every pending change stays), and
//!   says so in [`super::SyncSettings::copied`] until it enrols as itself;
//! - a secret naming a folder that no longer holds a database follows the folder (it was
//!   moved, not copied).

use chrono::Utc;
use rusqlite::Connection;

use super::settings::{COPIED, Copied};
use crate::secrets::{InstallationSecret, SecretKind};
use crate::{Result, Store, meta};

pub(crate) const INSTALLATION_ID: &str = "installation_id";
pub(crate) const SECRET_KIND: &str = "installation.secret";
/// Where versions before schema 10's app kept the token (migration 0007 announced its
/// move).
pub(crate) const LEGACY_TOKEN: &str = "sync.token";

/// This installation's id, if it has one yet.
pub(crate) fn installation_id(conn: &Connection) -> Result<Option<String>> {
    meta::get(conn, INSTALLATION_ID)
}

fn new_installation_id(conn: &Connection) -> Result<String> {
    let id = uuid::Uuid::now_v7().to_string();
    meta::set(conn, INSTALLATION_ID, &id)?;
    Ok(id)
}

pub(crate) fn installation_id_or_new(conn: &Connection) -> Result<String> {
    match installation_id(conn)? {
        Some(id) => Ok(id),
        None => new_installation_id(conn),
    }
}

pub(crate) fn bound_to(conn: &Connection) -> Result<Option<SecretKind>> {
    Ok(meta::get(conn, SECRET_KIND)?.and_then(|k| SecretKind::parse(&k)))
}

/// The checks and moves of opening (see the module doc). Runs before anything else
/// reads the settings.
pub(crate) fn settle(store: &mut Store) -> Result<()> {
    let (Some(secrets), Some(folder), Some(path)) =
        (store.secrets.clone(), store.folder.clone(), store.path.clone())
    else {
        return Ok(());
    };
    let conn = &store.conn;
    let legacy = meta::get(conn, LEGACY_TOKEN)?;
    let bound = bound_to(conn)?;
    if legacy.is_none() && bound.is_none() {
        return Ok(()); // never enrolled by this version, nothing to move: nothing to check
    }
    let id = installation_id_or_new(conn)?;
    let record = match InstallationSecret::read(secrets.as_ref(), &id) {
        Ok(record) => record,
        Err(e) => {
            // A keyring that does not answer now: keep everything as it is (an older
            // token stays where it was) and try again at the next open.
            tracing::warn!("the secret store does not answer; the device token stays unread: {e}");
            return Ok(());
        }
    };
    match record {
        Some(record) if record.folder == folder => {
            if let Some(token) = legacy {
                if record.token.is_none() {
                    let bound = InstallationSecret { folder, token: Some(token) };
                    bound.write(secrets.as_ref(), &id)?;
                }
                forget_legacy_token(conn)?;
            }
        }
        Some(record) => {
            let file = path.file_name().map(|f| record.folder.join(f));
            if file.is_some_and(|f| f.exists()) {
                let from = record.folder.display().to_string();
                tracing::warn!(original = %from, "this data folder is a copy of another one");
                become_a_copy(conn, Some(from))?;
            } else {
                // The folder was moved: its secret follows it.
                tracing::info!(from = %record.folder.display(), "the data folder was moved");
                let moved = InstallationSecret { folder, token: record.token.or(legacy) };
                moved.write(secrets.as_ref(), &id)?;
                forget_legacy_token(conn)?;
            }
        }
        None if bound.is_some() => {
            if bound == Some(SecretKind::Keyring) && secrets.kind() != SecretKind::Keyring {
                tracing::warn!("the system keyring does not answer; the device token stays unread");
                return Ok(());
            }
            tracing::warn!("this data folder was copied from another computer");
            become_a_copy(conn, None)?;
        }
        None => {
            // A token an older version kept in the database: it moves out now.
            let record = InstallationSecret { folder, token: legacy };
            record.write(secrets.as_ref(), &id)?;
            meta::set(conn, SECRET_KIND, secrets.kind().as_str())?;
            forget_legacy_token(conn)?;
            tracing::info!("moved the device token out of the database");
        }
    }
    Ok(())
}

/// This folder is a copy: it becomes an installation of its own, not enrolled, with every
/// pending change kept. The original's secret is left alone: it is not this copy's.
fn become_a_copy(conn: &Connection, from_folder: Option<String>) -> Result<()> {
    let tx = conn.unchecked_transaction()?;
    let was_enrolled = meta::get(&tx, super::settings::SERVER_URL)?.is_some()
        && (meta::get(&tx, super::settings::ACCOUNT)?.is_some()
            || meta::get(&tx, LEGACY_TOKEN)?.is_some());
    super::settings::forget_account(&tx)?;
    new_installation_id(&tx)?;
    // A device id of its own: the server must never take the copy for the original.
    meta::set(&tx, "device_id", &xaso_domain::DeviceId::new().to_string())?;
    meta::remove(&tx, SECRET_KIND)?;
    if was_enrolled {
        let copied = Copied { from_folder, at: Utc::now() };
        meta::set(&tx, COPIED, &serde_json::to_string(&copied)?)?;
    }
    tx.commit()?;
    forget_legacy_token(conn)
}

/// Deletes the token an older version kept in `local_meta` so that no byte of it stays
/// in the file: `secure_delete` zeroes what is deleted, `VACUUM` rewrites every page
/// (older tokens left in free space by earlier enrolments included), and a truncating
/// checkpoint empties the WAL, whose old frames could still hold it.
pub(crate) fn forget_legacy_token(conn: &Connection) -> Result<()> {
    if meta::get(conn, LEGACY_TOKEN)?.is_none() {
        return Ok(());
    }
    conn.pragma_update(None, "secure_delete", "ON")?;
    meta::remove(conn, LEGACY_TOKEN)?;
    conn.execute_batch("VACUUM")?;
    conn.pragma_update(None, "secure_delete", "OFF")?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

/// The token for this folder, if the machine holds one for it. `Err` only when the
/// secret store does not answer.
pub(crate) fn token(store: &Store) -> std::result::Result<Option<String>, crate::SecretError> {
    let (Some(secrets), Some(folder)) = (&store.secrets, &store.folder) else { return Ok(None) };
    let bound = bound_to(&store.conn).ok().flatten();
    let id = installation_id(&store.conn).ok().flatten();
    let (Some(bound), Some(id)) = (bound, id) else { return Ok(None) };
    if bound == SecretKind::Keyring && secrets.kind() != SecretKind::Keyring {
        return Err(crate::SecretError::Unavailable(
            "the token is in the system keyring, which does not answer now".into(),
        ));
    }
    Ok(InstallationSecret::read(secrets.as_ref(), &id)?
        .filter(|record| record.folder == *folder)
        .and_then(|record| record.token))
}

/// Binds this folder to a token from enrolment: the secret first (a failure stores
/// nothing), then the marker.
pub(crate) fn bind(store: &Store, token: &str) -> Result<()> {
    let (Some(secrets), Some(folder)) = (&store.secrets, &store.folder) else {
        return Err(crate::StoreError::NoSecretStore);
    };
    let id = installation_id_or_new(&store.conn)?;
    let record = InstallationSecret { folder: folder.clone(), token: Some(token.to_owned()) };
    record.write(secrets.as_ref(), &id)?;
    meta::set(&store.conn, SECRET_KIND, secrets.kind().as_str())?;
    meta::remove(&store.conn, COPIED)?;
    Ok(())
}

/// Sign-out: the secret keeps naming this folder, without a token.
pub(crate) fn unbind_token(store: &Store) -> Result<()> {
    let (Some(secrets), Some(folder)) = (&store.secrets, &store.folder) else { return Ok(()) };
    let Some(id) = installation_id(&store.conn)? else { return Ok(()) };
    if bound_to(&store.conn)?.is_none() {
        return Ok(());
    }
    let record = InstallationSecret { folder: folder.clone(), token: None };
    record.write(secrets.as_ref(), &id)?;
    Ok(())
}
