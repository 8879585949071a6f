//! The sync settings of this installation, kept in `local_meta` (local only, never
//! synced): the server, its CA, whether plain `http://` was allowed, the account the
//! device speaks for, and how the last sync went. They live with the data so that the
//! sync worker's own connection sees the same enrolment. The device token does not: it
//! is in the machine's secret store, bound to this folder (`super::identity`).

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use xaso_proto::Account;

use crate::{Result, meta};

pub(crate) const SERVER_URL: &str = "sync.server_url";
const CA_FILE: &str = "sync.ca_file";
const ALLOW_INSECURE_HTTP: &str = "sync.allow_insecure_http";
pub(crate) const ACCOUNT: &str = "sync.account";
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
    /// The person confirmed a plain `http://` server that is not this computer.
    pub allow_insecure_http: bool,
    /// From the machine's secret store, for this folder only (never from the database).
    pub token: Option<DeviceToken>,
    /// This data folder is a copy of an enrolled one: not enrolled until it enrols as
    /// itself (`super::identity`).
    pub copied: Option<Copied>,
    /// The secret store did not answer when the token was read (a locked keyring).
    pub secret_problem: Option<String>,
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
        allow_insecure_http: meta::get(conn, ALLOW_INSECURE_HTTP)?.as_deref() == Some("1"),
        token: None,
        copied: json(conn, COPIED)?,
        secret_problem: None,
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

/// Where the server is and how to reach it.
#[derive(Debug, Clone, Copy)]
pub struct Server<'a> {
    pub url: &'a str,
    pub ca_file: Option<&'a Path>,
    /// The person confirmed a plain `http://` server that is not this computer.
    pub allow_insecure_http: bool,
}

/// The settings of an enrolment (the token is the secret store's). The device id becomes
/// the one the server assigned.
pub(crate) fn save_enrolment(
    conn: &Connection,
    server: Server<'_>,
    account: &Account,
) -> Result<()> {
    meta::set(conn, SERVER_URL, server.url)?;
    match server.ca_file {
        Some(path) => meta::set(conn, CA_FILE, &path.to_string_lossy())?,
        None => meta::remove(conn, CA_FILE)?,
    }
    if server.allow_insecure_http {
        meta::set(conn, ALLOW_INSECURE_HTTP, "1")?;
    } else {
        meta::remove(conn, ALLOW_INSECURE_HTTP)?;
    }
    if !account.device_id.is_nil() {
        meta::set(conn, "device_id", &account.device_id.to_string())?;
    }
    meta::set(conn, ACCOUNT, &serde_json::to_string(account)?)?;
    meta::remove(conn, PREVIOUS_ACCOUNT)?;
    meta::remove(conn, LAST_PROBLEM)
}

/// Forgets whom the device spoke for (remembered as the previous account, to tell the
/// next person whose changes still wait); the server's address stays (to enroll again)
/// and so does every change not yet pushed.
pub(crate) fn forget_account(conn: &Connection) -> Result<()> {
    if let Some(account) = meta::get(conn, ACCOUNT)? {
        meta::set(conn, PREVIOUS_ACCOUNT, &account)?;
    }
    meta::remove(conn, ACCOUNT)
}

pub(crate) fn record_success(conn: &Connection, at: DateTime<Utc>) -> Result<()> {
    meta::set(conn, LAST_SUCCESS, &xaso_domain::time::stored(at))?;
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

/// The local_meta key of [`Copied`]: set when copy detection retired this folder's
/// enrolment (`identity`), cleared by the next enrolment.
pub(crate) const COPIED: &str = "sync.copied";

/// Why this data folder is not enrolled although it was: it is a copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Copied {
    /// Copied onto this computer from another one (no secret for it here).
    #[serde(default)]
    pub from_folder: Option<String>,
    /// When this copy was noticed.
    pub at: DateTime<Utc>,
}

impl Copied {
    /// What the status says, in Vietnamese and English.
    pub fn message(&self) -> (String, String) {
        match &self.from_folder {
            None => (
                "Thư mục dữ liệu này được chép từ một máy tính khác nên chưa được đăng ký trên máy này. \
                 Hãy đăng ký máy này với máy chủ thành phố như một thiết bị riêng; các thay đổi chưa đồng bộ \
                 vẫn được giữ và sẽ được gửi đi sau khi đăng ký."
                    .to_owned(),
                "This data folder was copied from another computer, so it is not enrolled here. \
                 Enrol this computer with the city server as a device of its own; changes not yet \
                 synced are kept and go out after it enrols."
                    .to_owned(),
            ),
            Some(folder) => (
                format!(
                    "Thư mục dữ liệu này là bản chép của thư mục {folder} trên máy này nên chưa được đăng ký. \
                     Hãy đăng ký nó với máy chủ thành phố như một thiết bị riêng; các thay đổi chưa đồng bộ \
                     vẫn được giữ và sẽ được gửi đi sau khi đăng ký."
                ),
                format!(
                    "This data folder is a copy of {folder} on this computer, so it is not enrolled. \
                     Enrol it with the city server as a device of its own; changes not yet synced are \
                     kept and go out after it enrols."
                ),
            ),
        }
    }
}
