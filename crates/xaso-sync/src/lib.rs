//! The sync client of Xã Số: it pushes the local outbox to the city server, pulls what
//! changed, and runs in the background. It is the only crate that makes HTTP requests.
//!
//! It owns the network side and the order of things; every change to the database is a
//! transaction of `xaso-store` (`Store::acknowledge`, `Store::apply_page`, …). It knows
//! nothing of the UI: the app turns [`SyncStatus`] and [`Message`]s into what people see.
//!
//! # Driving it (from the app, or from a test)
//!
//! ```no_run
//! # async fn demo(db_path: &std::path::Path) -> Result<(), xaso_sync::SyncError> {
//! use std::sync::Arc;
//! use xaso_sync::*;
//!
//! // Enrol once: user + password against the city server; the account is stored in the
//! // database (`local_meta`), the token in the machine's secret store (a keyring, or
//! // files outside the data folder as here), bound to this data folder.
//! let secrets: Arc<dyn xaso_store::SecretStore> =
//!     Arc::new(xaso_store::FileSecrets::new("/home/lan/.local/state/xaso/secrets"));
//! let server = ServerConfig::new("https://xaso.tphcm.gov.vn");
//! let remote = HttpRemote::new(&server)?;
//! let db = LocalStore::open(db_path, Arc::clone(&secrets))?; // the engine's own connection
//! let credentials = Credentials {
//!     user: "lan".into(),
//!     password: "…".into(),
//!     device_name: "Laptop phòng Văn hóa".into(),
//! };
//! let account = enroll(&db, &remote, &server, &credentials).await?;
//!
//! // One round, by hand: push every pending change, then pull until nothing is left.
//! let report: SyncReport = sync_once(&db, &remote).await?;
//!
//! // Or in the background: syncs at start, every minute, soon after `nudge()`, and
//! // probes with backoff while the server is away. `status()` never waits.
//! let worker = Worker::start(db_path, secrets, WorkerConfig::default())?;
//! worker.nudge(); // after a local write
//! let status: SyncStatus = worker.status();
//! let outcome = worker.sync_now_and_wait().await; // a "Sync now" button
//! worker.stop();
//!
//! // Sign out: the token is forgotten; every local change stays.
//! sign_out(&db, &remote).await?;
//! # let _ = (account, report, status, outcome); Ok(()) }
//! ```
//!
//! # Files (training materials)
//!
//! Files move apart from the rows, with their own [`BlobClient`], so they never hold the
//! row sync back. A [`BlobDir`] is the laptop's store of files named by SHA-256
//! (`<data dir>/blobs`); a download resumes after a cut, verifies every chunk against the
//! manifest the server wrote from the whole file it verified (so the whole file is not
//! hashed a second time, see `transfer`), and checks the free space before writing
//! ([`TransferError::DiskFull`]):
//!
//! ```no_run
//! # async fn files(token: &xaso_sync::DeviceToken, data_dir: &std::path::Path)
//! #     -> Result<(), xaso_sync::TransferError> {
//! use xaso_sync::*;
//! let server = ServerConfig::new("https://xaso.tphcm.gov.vn");
//! let client = BlobClient::new(&server).map_err(|e| std::io::Error::other(e.to_string()))?;
//! let dir = BlobDir::new(data_dir.join("blobs"));
//! let show = |p: TransferProgress| println!("{} / {} bytes", p.done, p.total);
//!
//! // The city publishes: import the file (hash + copy), then upload what the server lacks.
//! let manifest = dir.import(std::path::Path::new("Tập huấn.pdf"))?;
//! let sent: UploadReport = client.upload(token, &dir, &manifest.sha256, &show).await?;
//!
//! // A ward fetches it (again after a cut: only the missing chunks).
//! let path = client.download(token, &dir, &manifest.sha256, &show).await?;
//! # let _ = (sent, path); Ok(()) }
//! ```
//!
//! Tests drive the engine with any [`Remote`] (an in-memory server, or an [`HttpRemote`]
//! pointed at a real server on `127.0.0.1`), and a [`Worker`] with
//! `WorkerConfig { remote: Some(Arc::new(…)), .. }` and short periods.

mod backoff;
mod blobs;
mod engine;
pub mod files;
mod http;
mod remote;
mod transfer;
mod transfer_error;
mod worker;

#[cfg(test)]
mod fake;
#[cfg(test)]
mod tests;

pub use backoff::Backoff;
pub use blobs::{AvailableSpace, BlobDir, SPACE_RESERVE, check_space};
pub use engine::{
    Credentials, LocalStore, SyncError, SyncReport, enroll, enrolled_server, sign_out, sync_once,
};
pub use files::{FileBoard, FileProgress, FileWorker, FileWorkerConfig, move_files_once};
pub use http::{ConfigError, HttpRemote, ServerConfig};
pub use remote::{BoxFuture, Message, Remote, RemoteError, Unreachable};
pub use transfer::{BlobClient, MAX_RETRIES, TransferProgress, UploadReport, WINDOW};
pub use transfer_error::TransferError;
pub use worker::{SyncState, SyncStatus, Worker, WorkerConfig, WorkerHandle};
pub use xaso_store::sync::{DeviceToken, SyncProblem};
