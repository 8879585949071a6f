//! The sync settings of this installation, kept in `local_meta` (local only, never
//! synced): the server, its CA, the device token and the account it speaks for, and how
//! the last sync went. They live with the data so that a backup restored elsewhere, or
//! the sync worker's own connection, sees the same enrolment.

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use xaso_proto::Account;

use crate::{Result, meta};

const SERVER_URL: &str = "sync.server_url";
const CA_FILE: &str = "sync.ca_file";
const TOKEN: &str = "sync.token";
const ACCOUNT: &str = "sync.account";
const PREVIOUS_ACCOUNT: &str = "sync.previous_account";
const LAST_SUCCESS: &str = "sync.last_success";
const LAST_PROBLEM: &str = "sync.last_problem";
const CLOCK_SKEW: &str = "sync.clock_skew_ms";

/// The secret a device presents to the server. Its `Debug` never shows it, so it cannot
/// end up in a log by accident; [`DeviceToken::expose`] is the one way to read it.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceToken(String);

impl DeviceToken {
    pub fn new(token: impl Into<String>) -> DeviceToken {
        DeviceToken(token.into())
    }

    /// The token itself, for the `Authorization` header.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for DeviceToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DeviceToken(<hidden>)")
    }
}

/// Why the last sync failed, in both languages, with a stable code for programs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncProblem {
    pub code: String,
    pub vi: String,
    pub en: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncSettings {
    pub server_url: Option<String>,
    /// An extra certificate authority to trust (a city server with its own CA).
    pub ca_file: Option<PathBuf>,
    pub token: Option<DeviceToken>,
    pub account: Option<Account>,
    /// Whom the device spoke for before a sign-out, until the next enrolment: the changes
    /// still pending were made then, and go under the next account enrolled.
    pub previous_account: Option<Account>,
    pub last_success: Option<DateTime<Utc>>,
    pub last_problem: Option<SyncProblem>,
    /// How far this laptop's clock was from the server's at the last round (positive:
    /// ahead), when that was more than `xaso_domain::sync::MAX_CLOCK_AHEAD_MS`; `None`
    /// when it was right, or the server did not say its time.
    pub clock_skew_ms: Option<i64>,
}

impl SyncSettings {
    /// Enrolled: the device has a token to sync with.
    pub fn enrolled(&self) -> bool {
        self.token.is_some() && self.server_url.is_some()
    }
}

pub(crate) fn read(conn: &Connection) -> Result<SyncSettings> {
    Ok(SyncSettings {
        server_url: meta::get(conn, SERVER_URL)?,
        ca_file: meta::get(conn, CA_FILE)?.map(PathBuf::from),
        token: meta::get(conn, TOKEN)?.map(DeviceToken),
        account: json(conn, ACCOUNT)?,
        previous_account: json(conn, PREVIOUS_ACCOUNT)?,
        last_success: meta::get(conn, LAST_SUCCESS)?
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| t.with_timezone(&Utc)),
        last_problem: json(conn, LAST_PROBLEM)?,
        clock_skew_ms: meta::get(conn, CLOCK_SKEW)?.and_then(|t| t.parse().ok()),
    })
}

fn json<T: serde::de::DeserializeOwned>(conn: &Connection, key: &str) -> Result<Option<T>> {
    Ok(match meta::get(conn, key)? {
        Some(text) => Some(serde_json::from_str(&text)?),
        None => None,
    })
}

pub(crate) fn save_enrolment(
    conn: &Connection,
    server_url: &str,
    ca_file: Option<&Path>,
    token: &DeviceToken,
    account: &Account,
) -> Result<()> {
    meta::set(conn, SERVER_URL, server_url)?;
    match ca_file {
        Some(path) => meta::set(conn, CA_FILE, &path.to_string_lossy())?,
        None => meta::remove(conn, CA_FILE)?,
    }
    meta::set(conn, TOKEN, token.expose())?;
    meta::set(conn, ACCOUNT, &serde_json::to_string(account)?)?;
    meta::remove(conn, PREVIOUS_ACCOUNT)?;
    meta::remove(conn, LAST_PROBLEM)
}

/// Signing out forgets the token and whom it spoke for (remembered as the previous
/// account, to tell the next person whose changes still wait); the server's address stays
/// (to enroll again) and so does every change not yet pushed.
pub(crate) fn forget_token(conn: &Connection) -> Result<()> {
    if let Some(account) = meta::get(conn, ACCOUNT)? {
        meta::set(conn, PREVIOUS_ACCOUNT, &account)?;
    }
    meta::remove(conn, TOKEN)?;
    meta::remove(conn, ACCOUNT)
}

pub(crate) fn record_success(conn: &Connection, at: DateTime<Utc>) -> Result<()> {
    meta::set(conn, LAST_SUCCESS, &super::timestamp(at))?;
    meta::remove(conn, LAST_PROBLEM)
}

pub(crate) fn record_problem(conn: &Connection, problem: &SyncProblem) -> Result<()> {
    meta::set(conn, LAST_PROBLEM, &serde_json::to_string(problem)?)
}

/// What the server's clock (`server_ms`, when it sent one) says about this laptop's at
/// `now`: a difference beyond the bound is kept for the status to say; anything else
/// (a right clock, a server too old to tell) clears it.
pub(crate) fn record_server_clock(
    conn: &Connection,
    server_ms: Option<u64>,
    now: DateTime<Utc>,
) -> Result<()> {
    let skew = server_ms.and_then(|server| {
        let server = i64::try_from(server).ok()?;
        let skew = now.timestamp_millis().saturating_sub(server);
        let bound = i64::try_from(xaso_domain::sync::MAX_CLOCK_AHEAD_MS).unwrap_or(i64::MAX);
        (skew.saturating_abs() > bound).then_some(skew)
    });
    match skew {
        Some(skew) => meta::set(conn, CLOCK_SKEW, &skew.to_string()),
        None => meta::remove(conn, CLOCK_SKEW),
    }
}
