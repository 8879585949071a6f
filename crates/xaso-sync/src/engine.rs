//! One round of sync, enrolment and sign-out: the network calls in order, each answer
//! handed to the store in its own short transaction.
//!
//! The engine works on its own connection to the database file ([`LocalStore`]): with
//! WAL the app's connection keeps reading and writing while a round runs, and SQLite work
//! runs on Tokio's blocking pool, never on the async workers.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;
use xaso_proto::{Account, EnrollRequest, MAX_BATCH, OpResult, PullRequest, PushRequest};
use xaso_store::sync::{Copied, DeviceToken, PullClock, Server, SyncProblem};
use xaso_store::{OpenError, SecretStore, Store, StoreError};

use crate::http::ConfigError;
use crate::remote::{Message, Remote, RemoteError};

/// The engine's own connection to the app's database, shared by the tasks of a worker.
#[derive(Debug, Clone)]
pub struct LocalStore {
    store: Arc<Mutex<Store>>,
}

impl LocalStore {
    /// Opens (and if needed migrates) the database at `path`, with the secret store that
    /// holds the device token (`Store::open_with`).
    pub fn open(path: &Path, secrets: Arc<dyn SecretStore>) -> Result<LocalStore, SyncError> {
        let store = Store::open_with(path, secrets).map_err(|e| SyncError::Open(Arc::new(e)))?;
        Ok(LocalStore::new(store))
    }

    /// Wraps a store already open (an in-memory one in tests).
    pub fn new(store: Store) -> LocalStore {
        LocalStore { store: Arc::new(Mutex::new(store)) }
    }

    /// Runs `f` on the store on the blocking pool. Each store operation is one
    /// transaction, so a lock poisoned by a panic still guards a consistent database.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, SyncError> {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || {
            let mut guard = store.lock().unwrap_or_else(PoisonError::into_inner);
            f(&mut guard)
        })
        .await
        .map_err(|e| SyncError::Internal(format!("database task failed: {e}")))?
        .map_err(|e| SyncError::Store(Arc::new(e)))
    }
}

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// Local changes sent.
    pub pushed: usize,
    /// Of those, stored by the server as sent.
    pub applied: usize,
    /// Of those, in conflict with another device's edit (now listed as conflicts).
    pub conflicts: usize,
    /// Of those, refused for good (now listed as dead letters).
    pub rejected: usize,
    /// Changes received from the server.
    pub pulled: usize,
    /// Of those, set aside: this laptop cannot store them (listed with the reason; the
    /// cursor moved past them).
    pub set_aside: usize,
    /// Changes sent again because the server's history was rolled back (a restore from a
    /// backup): see `xaso_store::sync::Reconciled`.
    pub resent: usize,
    /// The server's clock at its last answer (ms since the Unix epoch), if it said.
    pub server_ms: Option<u64>,
}

/// Why a round (or enrolment) stopped. Every unsynced local change is still in the outbox.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SyncError {
    #[error("this device is not enrolled with a city server")]
    NotEnrolled,
    /// This data folder is a copy of an enrolled one: not enrolled until it enrols as
    /// itself (its pending changes wait).
    #[error("this data folder was copied from another computer or folder; enrol it as itself")]
    Copied(Copied),
    /// The keyring that holds the token does not answer now.
    #[error("the device token cannot be read: {0}")]
    Secret(String),
    #[error(transparent)]
    Remote(#[from] RemoteError),
    #[error(transparent)]
    Config(Arc<ConfigError>),
    #[error("the local database: {0}")]
    Store(Arc<StoreError>),
    #[error("cannot open the local database: {0}")]
    Open(Arc<OpenError>),
    /// The server answered something that breaks the protocol (an endless pull, say).
    #[error("the city server's answer breaks the protocol: {0}")]
    Protocol(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<ConfigError> for SyncError {
    fn from(e: ConfigError) -> SyncError {
        SyncError::Config(Arc::new(e))
    }
}

impl SyncError {
    /// What the UI shows.
    /// The message when enrolling: a remote failure names its cause
    /// ([`RemoteError::enrolment_message`]); anything else as [`SyncError::message`].
    pub fn enrolment_message(&self) -> Message {
        match self {
            SyncError::Remote(e) => e.enrolment_message(),
            other => other.message(),
        }
    }

    pub fn message(&self) -> Message {
        match self {
            SyncError::NotEnrolled => Message::new(
                "not_enrolled",
                "Máy này chưa đăng ký với máy chủ thành phố; dữ liệu chỉ lưu trên máy.",
                "This computer is not enrolled with the city server; data stays on it.",
            ),
            SyncError::Copied(copied) => {
                let (vi, en) = copied.message();
                Message::new("copied_data_folder", vi, en)
            }
            SyncError::Secret(why) => Message::new(
                "secret_unavailable",
                "Không đọc được khóa thiết bị từ kho khóa của hệ thống (có thể kho khóa đang bị khóa). \
                 Hãy mở khóa hoặc đăng nhập lại rồi thử lại; các thay đổi vẫn được giữ trên máy.",
                format!(
                    "The device token cannot be read from the system keyring ({why}); it may be locked. \
                     Unlock it or sign in again, then retry; changes stay on this computer."
                ),
            ),
            SyncError::Remote(e) => e.message(),
            SyncError::Config(e) => e.message(),
            SyncError::Store(_) | SyncError::Open(_) => Message::new(
                "store",
                "Không ghi được dữ liệu đồng bộ vào máy. Sẽ thử lại sau.",
                format!("Could not store synced data on this computer: {self}. Will try again."),
            ),
            SyncError::Protocol(_) | SyncError::Internal(_) => Message::new(
                "protocol",
                "Máy chủ thành phố trả lời không đúng giao thức. Sẽ thử lại sau.",
                format!("{self}. Will try again later."),
            ),
        }
    }

    /// The message with the time it happened, as the status and `local_meta` keep it.
    pub fn problem(&self, at: DateTime<Utc>) -> SyncProblem {
        let m = self.message();
        SyncProblem { code: m.code, vi: m.vi, en: m.en, at }
    }
}

/// One round: push every pending change (oldest first, batches of at most
/// [`MAX_BATCH`], sent one after another; each batch's answers are acknowledged while
/// the next batch is with the server, see [`push_all`]), then pull
/// until the server has nothing more, each page applied in its own transaction.
///
/// Pushing first means the server decides conflicts with this device's edits before it
/// sends what others did. Pulled tasks reach the search index afterwards, not in the round
/// (`Store::catch_up_search`: the worker runs it after each round, a search before
/// searching), so that a laptop's first pull is not held back by indexing its text.
///
/// An error stops the round where it is: what was acknowledged or applied stays,
/// everything else stays pending. The outcome (last success, or the
/// problem) is recorded in the store for the status shown after a restart.
pub async fn sync_once(db: &LocalStore, remote: &dyn Remote) -> Result<SyncReport, SyncError> {
    let result = round(db, remote).await;
    let now = Utc::now();
    match &result {
        Ok(report) => {
            let server_ms = report.server_ms;
            db.run(move |s| {
                s.record_sync_success(now)?;
                s.record_server_clock(server_ms, now)
            })
            .await?
        }
        Err(SyncError::NotEnrolled | SyncError::Copied(_)) => {}
        Err(e) => {
            let problem = e.problem(now);
            if let Err(store) = db.run(move |s| s.record_sync_problem(&problem)).await {
                tracing::warn!("could not record the sync problem: {store}");
            }
        }
    }
    result
}

#[tracing::instrument(skip_all, err)]
async fn round(db: &LocalStore, remote: &dyn Remote) -> Result<SyncReport, SyncError> {
    let settings = db.run(|s| s.sync_settings()).await?;
    let token = match (settings.token, settings.copied, settings.secret_problem) {
        (Some(token), _, _) => token,
        (None, Some(copied), _) => return Err(SyncError::Copied(copied)),
        (None, None, Some(why)) if settings.server_url.is_some() => {
            return Err(SyncError::Secret(why));
        }
        (None, None, _) => return Err(SyncError::NotEnrolled),
    };
    let mut report = SyncReport::default();
    push_all(db, remote, &token, &mut report).await?;
    if let Pulled::RolledBack(history) = pull_all(db, remote, &token, &mut report).await? {
        // The server lost changes (a restore): send again what it may not have, then pull
        // everything again. Once per round: a server that keeps rolling back is retried
        // at the next round, not in a loop.
        let reconciled = db.run(move |s| s.reconcile(history)).await?;
        report.resent += reconciled.resent;
        push_all(db, remote, &token, &mut report).await?;
        pull_all(db, remote, &token, &mut report).await?;
    }
    tracing::info!(?report, "synced");
    Ok(report)
}

/// How a pull ended.
#[derive(Debug, PartialEq, Eq)]
enum Pulled {
    /// Everything the server has was applied.
    Done,
    /// Nothing was applied: the server's history was rolled back (its history id, if it
    /// sent one).
    RolledBack(Option<uuid::Uuid>),
}

async fn push_all(
    db: &LocalStore,
    remote: &dyn Remote,
    token: &DeviceToken,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    // Batches go one at a time, in order, so the server stores them in outbox order. The
    // laptop's own work is done while the server does its: the next batch is read, and
    // the previous answers acknowledged, during each push. Each answer is acknowledged
    // (in its own transaction) even when a later push fails; an op whose answer is lost
    // stays pending and is sent again, and the server replays the answer it gave.
    let read =
        |after: i64| db.run(move |s| xaso_store::sync::pending_batch(s.conn(), after, MAX_BATCH));
    let mut batch = read(i64::MIN).await?;
    let mut answered: Option<Answered> = None;
    while !batch.ops.is_empty() {
        let after = batch.last;
        let request = PushRequest { ops: batch.ops };
        let (response, acknowledged, next) = tokio::join!(
            remote.push(token, &request),
            acknowledge(db, answered.take(), report),
            read(after),
        );
        acknowledged?;
        let response = response?;
        report.server_ms = response.server_ms;
        report.pushed += request.ops.len();
        answered = Some(Answered::of(&request, response.results));
        batch = next?;
    }
    acknowledge(db, answered, report).await
}

/// A push's answers to the ops it sent (answers to anything else are dropped).
struct Answered {
    results: Vec<OpResult>,
}

impl Answered {
    fn of(request: &PushRequest, results: Vec<OpResult>) -> Answered {
        let sent: HashSet<Uuid> = request.ops.iter().map(|op| op.op_id).collect();
        Answered { results: results.into_iter().filter(|r| sent.contains(&r.op_id)).collect() }
    }
}

/// Records a push's answers in the outbox, journal and conflicts (nothing when `None`).
/// A push answered for none of its ops is an error: sending the same batch again would
/// get the same (non-)answer forever.
async fn acknowledge(
    db: &LocalStore,
    answered: Option<Answered>,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let Some(Answered { results }) = answered else { return Ok(()) };
    let ack = db.run(move |s| s.acknowledge(&results, Utc::now())).await?;
    report.applied += ack.applied;
    report.conflicts += ack.conflicts;
    report.rejected += ack.rejected;
    if ack.applied + ack.conflicts + ack.rejected == 0 {
        return Err(SyncError::Protocol("the push was answered for none of its changes".into()));
    }
    Ok(())
}

/// Pulls until the server has nothing more. The next page is asked for while the previous
/// one is being applied (its cursors are known from the answer), so the network and the
/// database work at the same time; a page that fails to apply stops the round after the
/// request in flight, and its cursor stays where it was.
async fn pull_all(
    db: &LocalStore,
    remote: &dyn Remote,
    token: &DeviceToken,
    report: &mut SyncReport,
) -> Result<Pulled, SyncError> {
    let limit = u32::try_from(MAX_BATCH).unwrap_or(u32::MAX);
    let mut cursors = db.run(|s| s.cursors()).await?;
    // This laptop's own changes that the server need not send back: named in every
    // request of the round (the server ignores what is behind a cursor).
    let held = db.run(|s| s.held()).await?;
    let request = PullRequest { cursors: cursors.clone(), limit, held: held.clone() };
    let mut response = remote.pull(token, &request).await?;
    let (history, heads) = (response.history, response.heads.clone());
    if db.run(move |s| s.server_rolled_back(history, &heads)).await? {
        return Ok(Pulled::RolledBack(history));
    }
    loop {
        report.server_ms = response.server_ms;
        let mut next = cursors.clone();
        let mut advanced = false;
        for page in &response.pages {
            advanced |= next.get(&page.partition).is_none_or(|c| page.cursor > *c);
            next.insert(page.partition.clone(), page.cursor);
        }
        if response.more && !advanced {
            return Err(SyncError::Protocol("more changes announced, none sent".into()));
        }
        let apply = apply_pages(db, std::mem::take(&mut response.pages), response.server_ms);
        if !response.more {
            let (pulled, set_aside) = apply.await?;
            report.pulled += pulled;
            report.set_aside += set_aside;
            return Ok(Pulled::Done);
        }
        let request = PullRequest { cursors: next.clone(), limit, held: held.clone() };
        let (applied, fetched) = tokio::join!(apply, remote.pull(token, &request));
        let (pulled, set_aside) = applied?;
        report.pulled += pulled;
        report.set_aside += set_aside;
        response = fetched?;
        cursors = next;
    }
}

/// Applies each page in its own transaction; one partition's bad page does not hold back
/// the others of the same answer, but the first failure is returned. A change the store
/// cannot hold is no failure: the store sets it aside and the page applies without it.
/// Answers (changes received, of which set aside).
async fn apply_pages(
    db: &LocalStore,
    pages: Vec<xaso_proto::Page>,
    server_ms: Option<u64>,
) -> Result<(usize, usize), SyncError> {
    let mut pulled = 0;
    let mut set_aside = 0;
    let mut failed = None;
    for page in pages {
        let received = page.changes.len();
        let clock = PullClock { now: Utc::now(), server_ms };
        match db.run(move |s| s.apply_page(&page, clock)).await {
            Ok(applied) => {
                pulled += received;
                set_aside += applied.set_aside;
            }
            Err(e) => {
                tracing::warn!("a pulled page could not be applied: {e}");
                failed.get_or_insert(e);
            }
        }
    }
    failed.map_or(Ok((pulled, set_aside)), Err)
}

/// The person's credentials for enrolment. `Debug` hides the password.
#[derive(Clone)]
pub struct Credentials {
    pub user: String,
    pub password: String,
    /// How the device shows in the city's device list.
    pub device_name: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .field("password", &"<hidden>")
            .field("device_name", &self.device_name)
            .finish()
    }
}

/// Enrols this device: asks `remote` (the server at `server`) for a token with the
/// person's credentials, then stores the server, the token and the account. Nothing is
/// stored if the server refuses.
///
/// The server assigns the device id (`Account::device_id` of the answer, stored with the
/// account and as this installation's `meta().device_id()`). The request names the device
/// this installation was enrolled as before (`Store::enrolment_device_id`: that id, or a
/// fresh one for a folder never enrolled on this computer or copied from another). The
/// server retires that device if it is the same user's, and refuses the enrolment if the
/// admin revoked it; it never takes the id as the new device's.
pub async fn enroll(
    db: &LocalStore,
    remote: &dyn Remote,
    server: &crate::ServerConfig,
    credentials: &Credentials,
) -> Result<Account, SyncError> {
    // The device this installation was enrolled as (the server's id, kept at enrolment);
    // a fresh one for a folder never enrolled here or copied from elsewhere, so a copy never
    // names (and so never retires) the original laptop's device.
    let previous = db.run(|s| s.enrolment_device_id()).await?.as_uuid();
    let request = EnrollRequest {
        user: credentials.user.clone(),
        password: credentials.password.clone(),
        device_id: previous,
        device_name: credentials.device_name.clone(),
    };
    let answer = remote.enroll(&request).await?;
    let token = DeviceToken::new(answer.token);
    let account = answer.account;
    let (url, ca) = (server.url.trim().to_owned(), server.ca_pem.clone());
    let allow_insecure_http = server.allow_insecure_http;
    let stored = account.clone();
    db.run(move |s| {
        let server = Server { url: &url, ca_file: ca.as_deref(), allow_insecure_http };
        s.save_enrolment(server, &token, &stored)
    })
    .await?;
    tracing::info!(user = %account.user, role = ?account.role, device = %account.device_id, "device enrolled");
    Ok(account)
}

/// How long sign-out waits for the server before forgetting the token anyway.
const SIGN_OUT_WAIT: Duration = Duration::from_secs(5);

/// Signs this device out: tells the server (best effort, briefly) and forgets the token
/// and account. Every local change stays, pushed or not, for the next enrolment.
pub async fn sign_out(db: &LocalStore, remote: &dyn Remote) -> Result<(), SyncError> {
    if let Some(token) = db.run(|s| s.sync_settings()).await?.token {
        match tokio::time::timeout(SIGN_OUT_WAIT, remote.sign_out(&token)).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!("the server did not confirm the sign-out: {e}"),
            Err(_) => tracing::warn!("the server did not answer the sign-out in time"),
        }
    }
    db.run(|s| s.forget_token()).await
}

/// The remote for the server this device is enrolled with, if it is.
pub async fn enrolled_server(db: &LocalStore) -> Result<Option<crate::ServerConfig>, SyncError> {
    let settings = db.run(|s| s.sync_settings()).await?;
    Ok(settings.server_url.map(|url| crate::ServerConfig {
        url,
        ca_pem: settings.ca_file,
        allow_insecure_http: settings.allow_insecure_http,
    }))
}
