//! Moving the files of training materials in the background, apart from the row sync: a
//! file worker downloads what this laptop wants (asked for, or of a programme kept
//! offline) and uploads what was published here, one file at a time, and reports how far
//! it got on a [`FileBoard`] the app reads.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Notify, watch};
use xaso_store::training::{self, Direction};

use crate::backoff::Backoff;
use crate::blobs::BlobDir;
use crate::engine::{LocalStore, SyncError};
use crate::http::ServerConfig;
use crate::remote::{Message, RemoteError};
use crate::transfer::{BlobClient, TransferProgress};
use crate::transfer_error::TransferError;
use crate::worker::SyncStatus;

/// Where one file's transfer stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProgress {
    /// Bytes done of the total, in one direction.
    Moving { upload: bool, done: u64, total: u64 },
    /// The last attempt failed; it is tried again later.
    Failed(Message),
}

/// What the file worker is doing, by SHA-256; shared with the app.
#[derive(Debug, Clone, Default)]
pub struct FileBoard(Arc<Mutex<HashMap<String, FileProgress>>>);

impl FileBoard {
    pub fn get(&self, sha: &str) -> Option<FileProgress> {
        self.lock().get(sha).cloned()
    }

    pub fn set(&self, sha: &str, progress: FileProgress) {
        self.lock().insert(sha.to_owned(), progress);
    }

    pub fn clear(&self, sha: &str) {
        self.lock().remove(sha);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, FileProgress>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Reads the text of an arrived file `(sha256, path)` for search; `None` if it has none.
pub type TextOf = dyn Fn(&str, &Path) -> Option<String> + Send + Sync;

/// What the file worker needs besides the database.
#[derive(Clone)]
pub struct FileWorkerConfig {
    /// This laptop's file store.
    pub blobs: BlobDir,
    pub board: FileBoard,
    /// Called (on a blocking thread) with each file that arrived, verified; returns the
    /// text to index for the library's search, if the file has any (a PDF).
    pub text_of: Arc<TextOf>,
    /// Between passes when nothing is asked for.
    pub idle: Duration,
    /// Between passes after a failure (doubling, jittered, up to `idle`).
    pub backoff: Backoff,
    /// The row sync's status: each successful round wakes the worker (a pull may have
    /// brought materials of a programme kept offline).
    pub rounds: Option<watch::Receiver<SyncStatus>>,
}

impl fmt::Debug for FileWorkerConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileWorkerConfig")
            .field("blobs", &self.blobs)
            .field("idle", &self.idle)
            .field("rounds", &self.rounds.is_some())
            .finish_non_exhaustive()
    }
}

/// The running file worker: wake it after a file was asked for or published; stop it
/// when the app closes (a transfer cut there resumes next time).
#[derive(Debug, Clone)]
pub struct FileWorker {
    wake: Arc<Notify>,
    task: tokio::task::AbortHandle,
}

impl FileWorker {
    /// Starts the worker on the current Tokio runtime.
    pub fn start(db: LocalStore, config: FileWorkerConfig) -> Result<FileWorker, SyncError> {
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|_| SyncError::Internal("the file worker needs a Tokio runtime".into()))?;
        let wake = Arc::new(Notify::new());
        let task = runtime.spawn(run(db, config, Arc::clone(&wake))).abort_handle();
        Ok(FileWorker { wake, task })
    }

    pub fn nudge(&self) {
        self.wake.notify_one();
    }

    pub fn stop(&self) {
        self.task.abort();
    }
}

async fn run(db: LocalStore, mut config: FileWorkerConfig, wake: Arc<Notify>) {
    let mut failures = 0u32;
    let mut rounds = config.rounds.take();
    loop {
        let pause = match pass(&db, &config).await {
            Ok(()) => {
                failures = 0;
                config.idle
            }
            Err(e) => {
                failures = failures.saturating_add(1);
                tracing::info!("file transfers paused: {e}");
                config.backoff.next(failures).min(config.idle)
            }
        };
        tokio::select! {
            () = wake.notified() => {}
            () = tokio::time::sleep(pause) => {}
            () = after_a_round(&mut rounds) => {}
        }
    }
}

/// A failure no other file would escape: the server is out of reach, or will not have us.
fn stops_the_pass(e: &TransferError) -> bool {
    matches!(
        e,
        TransferError::Remote(
            RemoteError::Offline(_) | RemoteError::Unauthorized(_) | RemoteError::ClientTooOld(_)
        )
    )
}

/// One pass by hand (the CLI, tests): what the worker does each time it wakes. An error
/// says why the pass stopped or which file failed first; the others were still tried.
pub async fn move_files_once(db: &LocalStore, config: &FileWorkerConfig) -> Result<(), Message> {
    pass(db, config).await.map_err(|e| match e {
        PassError::Sync(e) => e.message(),
        PassError::Transfer(e) => e.message(),
        PassError::Config(e) => Message::new("config", e.to_string(), e.to_string()),
    })
}

/// Resolves when the row sync completes a round (never, without a sync worker).
async fn after_a_round(rounds: &mut Option<watch::Receiver<SyncStatus>>) {
    let Some(status) = rounds else {
        return std::future::pending().await;
    };
    let seen = status.borrow_and_update().last_success;
    loop {
        if status.changed().await.is_err() {
            // The sync worker stopped: only nudges and the timer wake us from now on.
            *rounds = None;
            return std::future::pending().await;
        }
        if status.borrow_and_update().last_success != seen {
            return;
        }
    }
}

/// Why a pass stopped early (the next one retries).
#[derive(Debug, thiserror::Error)]
enum PassError {
    #[error(transparent)]
    Sync(#[from] SyncError),
    #[error(transparent)]
    Transfer(#[from] TransferError),
    #[error(transparent)]
    Config(#[from] crate::http::ConfigError),
}

/// Uploads what was published here, then downloads what is wanted, one file at a time
/// (smallest first). A file that fails is marked on the board and the pass goes on with
/// the next, unless the server is out of reach (then the pass ends: nothing would work).
async fn pass(db: &LocalStore, config: &FileWorkerConfig) -> Result<(), PassError> {
    let settings = db.run(|s| s.sync_settings()).await?;
    let (Some(token), Some(url)) = (settings.token.clone(), settings.server_url.clone()) else {
        return Ok(());
    };
    let client = BlobClient::new(&ServerConfig {
        url,
        ca_pem: settings.ca_file.clone(),
        allow_insecure_http: settings.allow_insecure_http,
    })?;
    let board = &config.board;
    let mut first_error = None;

    let uploads = db.run(|s| training::pending_uploads(s.conn())).await?;
    for want in uploads {
        let sha = want.sha256.clone();
        let report = |p: TransferProgress| {
            board.set(
                &p.sha256,
                FileProgress::Moving { upload: true, done: p.done, total: p.total },
            );
        };
        match client.upload(&token, &config.blobs, &sha, &report).await {
            Ok(_) => {
                let moved = sha.clone();
                db.run(move |s| s.file_moved(&moved, Direction::Up)).await?;
                board.clear(&sha);
            }
            Err(e) => {
                board.set(&sha, FileProgress::Failed(e.message()));
                if stops_the_pass(&e) {
                    return Err(e.into());
                }
                first_error.get_or_insert(e);
            }
        }
    }

    let blobs = config.blobs.clone();
    let downloads =
        db.run(move |s| training::wanted_downloads(s.conn(), |sha| blobs.has(sha))).await?;
    for want in downloads {
        let sha = want.sha256.clone();
        let report = |p: TransferProgress| {
            board.set(
                &p.sha256,
                FileProgress::Moving { upload: false, done: p.done, total: p.total },
            );
        };
        match client.download(&token, &config.blobs, &sha, &report).await {
            Ok(path) => {
                let text_of = Arc::clone(&config.text_of);
                let (key, at) = (sha.clone(), path.clone());
                let text = tokio::task::spawn_blocking(move || text_of(&key, &at))
                    .await
                    .unwrap_or_else(|e| {
                        tracing::warn!("reading the text of {sha} failed: {e}");
                        None
                    });
                let moved = sha.clone();
                db.run(move |s| {
                    if let Some(text) = &text {
                        s.set_file_text(&moved, text)?;
                    }
                    s.file_moved(&moved, Direction::Down)
                })
                .await?;
                board.clear(&sha);
                tracing::info!(sha, title = %want.title, "a training file arrived, verified");
            }
            Err(e) => {
                board.set(&sha, FileProgress::Failed(e.message()));
                if stops_the_pass(&e) {
                    return Err(e.into());
                }
                first_error.get_or_insert(e);
            }
        }
    }
    first_error.map_or(Ok(()), |e| Err(e.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_successful_round_wakes_the_file_worker_and_nothing_else_does() {
        let (tx, rx) = watch::channel(SyncStatus::default());
        let mut rounds = Some(rx);
        let quick = Duration::from_millis(50);
        // A status change that is not a new success (say, pending changes) does not wake it.
        tx.send_modify(|s| s.pending = 3);
        assert!(tokio::time::timeout(quick, after_a_round(&mut rounds)).await.is_err());
        // A round that succeeded does.
        let waiter = async {
            let mut rounds = rounds.clone();
            after_a_round(&mut rounds).await;
        };
        let send = async {
            tokio::time::sleep(Duration::from_millis(10)).await;
            tx.send_modify(|s| s.last_success = Some(chrono::Utc::now()));
        };
        tokio::time::timeout(Duration::from_secs(5), async { tokio::join!(waiter, send) })
            .await
            .expect("woken by the round");
        // Without a sync worker, only nudges and the timer wake it.
        let mut none = None;
        assert!(tokio::time::timeout(quick, after_a_round(&mut none)).await.is_err());
    }
}
