//! The background sync worker: a Tokio task that syncs when there is something to sync
//! and the server is there, and publishes a [`SyncStatus`] the app reads without waiting.
//!
//! When it syncs:
//! - at start, and every `period` (60 s) while rounds succeed;
//! - `debounce` (1.5 s) after the first [`WorkerHandle::nudge`] that follows local
//!   changes (later nudges in that window do not push it back, so continuous typing
//!   still syncs);
//! - at once on [`WorkerHandle::sync_now`];
//! - while the server is unreachable or failing: after an exponential, jittered backoff
//!   (2 s → 5 min), first probing `/v1/health`, so it notices when the server is back.
//!
//! It stops trying on its own when only a person can help: the app is too old
//! (`NeedsUpdate`), the device was revoked, replaced or its password reset
//! (`Unauthorized`), the city admin disabled the account (`AccountDisabled`), or it is not
//! enrolled. Then `sync_now` (after updating or enrolling) starts again. Every unsent
//! change stays in the outbox meanwhile.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::sync::{mpsc, oneshot, watch};
use tokio::time::Instant;
use xaso_proto::{Account, ErrorBody, ErrorCode, PROTOCOL_VERSION};
use xaso_store::sync::{Copied, SyncProblem, SyncSettings};
use xaso_store::{conflicts, dead_letters, outbox, set_aside};

use crate::backoff::Backoff;
use crate::engine::{LocalStore, SyncError, SyncReport, sync_once};
use crate::http::{HttpRemote, ServerConfig};
use crate::remote::{Remote, RemoteError};

/// Where sync stands, as the status area shows it (the app's API and its TypeScript use
/// this one type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// This laptop is not enrolled with a city server: everything stays local.
    NotEnrolled,
    /// The last attempt reached the server.
    Online,
    /// The server could not be reached; the worker keeps trying.
    Offline,
    /// A round (push, then pull) is running now.
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

/// Everything the status area needs, as plain data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncStatus {
    pub enrolled: bool,
    pub server_url: Option<String>,
    pub account: Option<Account>,
    pub state: SyncState,
    /// Local changes not yet accepted by the server.
    pub pending: i64,
    pub last_success: Option<DateTime<Utc>>,
    /// Why the last round failed (cleared by a successful one).
    pub last_error: Option<SyncProblem>,
    pub open_conflicts: i64,
    pub dead_letters: i64,
    /// Pulled changes this laptop could not store, set aside (`xaso_store::set_aside`).
    pub set_aside: i64,
    /// When the worker will try next on its own; `None` if it waits for a person.
    pub next_attempt: Option<DateTime<Utc>>,
    /// This laptop's clock minus the server's at the last round, when more than
    /// `xaso_domain::sync::MAX_CLOCK_AHEAD_MS` apart (the app says to set it right).
    pub clock_skew_ms: Option<i64>,
    /// This data folder is a copy of an enrolled one and must enrol as itself.
    pub copied: Option<Copied>,
}

impl Default for SyncStatus {
    fn default() -> SyncStatus {
        SyncStatus {
            enrolled: false,
            server_url: None,
            account: None,
            state: SyncState::NotEnrolled,
            pending: 0,
            last_success: None,
            last_error: None,
            open_conflicts: 0,
            dead_letters: 0,
            set_aside: 0,
            next_attempt: None,
            clock_skew_ms: None,
            copied: None,
        }
    }
}

/// How the worker paces itself, and which server it talks to.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Between successful rounds.
    pub period: Duration,
    /// From a nudge to its round.
    pub debounce: Duration,
    /// Between failed attempts.
    pub backoff: Backoff,
    /// `None`: an [`HttpRemote`] for the server the device is enrolled with (read before
    /// each round, so enrolling again takes effect). Tests pass an in-memory one.
    pub remote: Option<Arc<dyn Remote>>,
}

impl Default for WorkerConfig {
    fn default() -> WorkerConfig {
        WorkerConfig {
            period: Duration::from_secs(60),
            debounce: Duration::from_millis(1500),
            backoff: Backoff::default(),
            remote: None,
        }
    }
}

type RoundResult = Result<SyncReport, SyncProblem>;

#[derive(Debug)]
enum Command {
    Nudge,
    SyncNow(Option<oneshot::Sender<RoundResult>>),
}

/// The app's handle on the worker. Cheap to clone; no method blocks.
#[derive(Debug, Clone)]
pub struct WorkerHandle {
    commands: mpsc::UnboundedSender<Command>,
    status: watch::Receiver<SyncStatus>,
    task: tokio::task::AbortHandle,
}

impl WorkerHandle {
    /// Local changes were made: sync soon (debounced).
    pub fn nudge(&self) {
        let _ = self.commands.send(Command::Nudge);
    }

    /// Sync now, without waiting for the result.
    pub fn sync_now(&self) {
        let _ = self.commands.send(Command::SyncNow(None));
    }

    /// Sync now and wait for that round's outcome (tests, and a "Sync now" button that
    /// shows the result).
    pub async fn sync_now_and_wait(&self) -> RoundResult {
        let (reply, answer) = oneshot::channel();
        let stopped = || {
            let m = crate::remote::Message::new(
                "stopped",
                "Tiến trình đồng bộ đã dừng.",
                "The sync worker has stopped.",
            );
            SyncProblem { code: m.code, vi: m.vi, en: m.en, at: Utc::now() }
        };
        if self.commands.send(Command::SyncNow(Some(reply))).is_err() {
            return Err(stopped());
        }
        answer.await.unwrap_or_else(|_| Err(stopped()))
    }

    /// The latest status (read from shared state: never waits for a round).
    pub fn status(&self) -> SyncStatus {
        self.status.borrow().clone()
    }

    /// Status updates as they happen (for pushing them to the UI).
    pub fn subscribe(&self) -> watch::Receiver<SyncStatus> {
        self.status.clone()
    }

    /// Stops the worker at once. A database transaction in progress completes (it runs
    /// on the blocking pool); a request in flight is dropped, and anything it would have
    /// acknowledged is pushed again next time (the server answers repeats the same).
    pub fn stop(&self) {
        self.task.abort();
    }
}

/// The worker's state; lives inside its task.
#[derive(Debug)]
pub struct Worker {
    db: LocalStore,
    config: WorkerConfig,
    status: watch::Sender<SyncStatus>,
    commands: mpsc::UnboundedReceiver<Command>,
    /// The HTTP remote for the enrolled server, rebuilt when the server changes.
    http: Option<(ServerConfig, Arc<dyn Remote>)>,
    /// Failed rounds in a row.
    failures: u32,
    /// The server's `Retry-After` of the last failed round: the next try waits at least
    /// that long.
    retry_after: Option<Duration>,
}

impl Worker {
    /// Opens the database at `db_path` on a connection of the worker's own (the token in
    /// `secrets`) and starts the worker on the current Tokio runtime.
    pub fn start(
        db_path: &Path,
        secrets: Arc<dyn xaso_store::SecretStore>,
        config: WorkerConfig,
    ) -> Result<WorkerHandle, SyncError> {
        Worker::start_with(LocalStore::open(db_path, secrets)?, config)
    }

    /// Starts the worker on a store already open.
    pub fn start_with(db: LocalStore, config: WorkerConfig) -> Result<WorkerHandle, SyncError> {
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|_| SyncError::Internal("the sync worker needs a Tokio runtime".into()))?;
        let (commands_tx, commands) = mpsc::unbounded_channel();
        let (status, status_rx) = watch::channel(SyncStatus::default());
        let worker =
            Worker { db, config, status, commands, http: None, failures: 0, retry_after: None };
        let task = runtime.spawn(worker.run()).abort_handle();
        Ok(WorkerHandle { commands: commands_tx, status: status_rx, task })
    }

    async fn run(mut self) {
        self.refresh(true).await;
        let mut next = Some(Instant::now());
        loop {
            self.publish_next(next);
            let command = tokio::select! {
                command = self.commands.recv() => match command {
                    Some(command) => command,
                    None => return, // every handle dropped
                },
                () = sleep_until(next) => Command::SyncNow(None),
            };
            match command {
                Command::Nudge => {
                    self.refresh(false).await;
                    if self.status.borrow().state == SyncState::Online && self.failures == 0 {
                        let soon = Instant::now() + self.config.debounce;
                        next = Some(next.map_or(soon, |n| n.min(soon)));
                    }
                }
                Command::SyncNow(reply) => {
                    let outcome = self.round().await;
                    if let Some(reply) = reply {
                        let _ = reply.send(outcome);
                    }
                    next = self.next_after_round();
                }
            }
        }
    }

    /// One round, with the state it leaves.
    async fn round(&mut self) -> RoundResult {
        let was = self.status.borrow().state;
        self.status.send_modify(|s| s.state = SyncState::Syncing);
        let outcome = self.attempt(was).await;
        let state = match &outcome {
            Ok(_) => SyncState::Online,
            Err(SyncError::NotEnrolled | SyncError::Copied(_)) => SyncState::NotEnrolled,
            Err(SyncError::Remote(RemoteError::Offline(_)) | SyncError::Config(_)) => {
                SyncState::Offline
            }
            Err(SyncError::Remote(RemoteError::ClientTooOld(_))) => SyncState::NeedsUpdate,
            Err(SyncError::Remote(RemoteError::Unauthorized(_))) => SyncState::Unauthorized,
            Err(SyncError::Remote(e)) if e.is_account_disabled() => SyncState::AccountDisabled,
            // The server was reached but the round failed: retry with backoff.
            Err(_) => SyncState::Online,
        };
        self.failures = match &outcome {
            Ok(_) | Err(SyncError::NotEnrolled | SyncError::Copied(_)) => 0,
            Err(_) => self.failures.saturating_add(1),
        };
        self.retry_after = match &outcome {
            Err(SyncError::Remote(e)) => e.retry_after(),
            _ => None,
        };
        let problem = match &outcome {
            // A copy says so in `copied`, not as a failure.
            Ok(_) | Err(SyncError::NotEnrolled | SyncError::Copied(_)) => None,
            Err(e) => Some(e.problem(Utc::now())),
        };
        self.status.send_modify(|s| {
            s.state = state;
            s.last_error = problem.clone();
        });
        self.refresh(false).await;
        if outcome.is_ok() {
            // The pulled rows are in; now their search entries (a search would do it
            // first anyway, but then the person waits).
            if let Err(e) = self.db.run(|s| s.catch_up_search()).await {
                tracing::warn!("could not bring the search index up to date: {e}");
            }
        }
        outcome.map_err(|e| e.problem(Utc::now()))
    }

    async fn attempt(&mut self, was: SyncState) -> Result<SyncReport, SyncError> {
        let settings = self.db.run(|s| s.sync_settings()).await?;
        if !settings.enrolled() {
            return Err(match (settings.copied, settings.secret_problem) {
                (Some(copied), _) => SyncError::Copied(copied),
                (None, Some(why)) if settings.server_url.is_some() => SyncError::Secret(why),
                _ => SyncError::NotEnrolled,
            });
        }
        let remote = self.remote(&settings)?;
        if was == SyncState::Offline || self.failures > 0 {
            // A cheap, unauthenticated probe before pushing anything.
            let health = remote.health().await?;
            if health.min_protocol > PROTOCOL_VERSION {
                return Err(RemoteError::ClientTooOld(ErrorBody::new(
                    ErrorCode::ClientTooOld,
                    "",
                    "",
                ))
                .into());
            }
        }
        sync_once(&self.db, remote.as_ref()).await
    }

    fn remote(&mut self, settings: &SyncSettings) -> Result<Arc<dyn Remote>, SyncError> {
        if let Some(fixed) = &self.config.remote {
            return Ok(Arc::clone(fixed));
        }
        let url = settings.server_url.clone().ok_or(SyncError::NotEnrolled)?;
        let server = ServerConfig {
            url,
            ca_pem: settings.ca_file.clone(),
            allow_insecure_http: settings.allow_insecure_http,
        };
        match &self.http {
            Some((current, remote)) if *current == server => Ok(Arc::clone(remote)),
            _ => {
                let remote: Arc<dyn Remote> = Arc::new(HttpRemote::new(&server)?);
                self.http = Some((server, Arc::clone(&remote)));
                Ok(remote)
            }
        }
    }

    fn next_after_round(&self) -> Option<Instant> {
        let now = Instant::now();
        match self.status.borrow().state {
            SyncState::NotEnrolled
            | SyncState::NeedsUpdate
            | SyncState::Unauthorized
            | SyncState::AccountDisabled => None,
            _ if self.failures > 0 => {
                let backoff = self.config.backoff.next(self.failures);
                Some(now + backoff.max(self.retry_after.unwrap_or_default()))
            }
            _ => Some(now + self.config.period),
        }
    }

    fn publish_next(&self, next: Option<Instant>) {
        let at = next.map(|t| {
            let wait = t.saturating_duration_since(Instant::now());
            Utc::now() + chrono::Duration::from_std(wait).unwrap_or_default()
        });
        self.status.send_if_modified(|s| {
            let changed = s.next_attempt != at;
            s.next_attempt = at;
            changed
        });
    }

    /// Re-reads what the status shows from the database: enrolment and the counts.
    async fn refresh(&self, first: bool) {
        let read = self
            .db
            .run(|s| {
                let conn = s.conn();
                Ok((
                    s.sync_settings()?,
                    outbox::pending_count(conn)?,
                    conflicts::open_count(conn)?,
                    dead_letters::count(conn)?,
                    set_aside::count(conn)?,
                ))
            })
            .await;
        let (settings, pending, open_conflicts, dead, set_aside) = match read {
            Ok(read) => read,
            Err(e) => {
                tracing::warn!("could not read the sync status: {e}");
                return;
            }
        };
        self.status.send_modify(|s| {
            s.enrolled = settings.enrolled();
            s.server_url = settings.server_url;
            s.account = settings.account;
            s.pending = pending;
            s.open_conflicts = open_conflicts;
            s.dead_letters = dead;
            s.set_aside = set_aside;
            s.last_success = settings.last_success;
            s.clock_skew_ms = settings.clock_skew_ms;
            s.copied = settings.copied;
            if first {
                s.last_error = settings.last_problem;
                s.state = if s.enrolled { SyncState::Online } else { SyncState::NotEnrolled };
            } else if !s.enrolled {
                s.state = SyncState::NotEnrolled;
            }
        });
    }
}

async fn sleep_until(next: Option<Instant>) {
    match next {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}
