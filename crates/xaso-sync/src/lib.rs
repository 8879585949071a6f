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
//! use xaso_sync::*;
//!
//! // Enrol once: user + password against the city server; the token and the account are
//! // stored in the database (`local_meta`).
//! let server = ServerConfig { url: "https://xaso.tphcm.gov.vn".into(), ca_pem: None };
//! let remote = HttpRemote::new(&server)?;
//! let db = LocalStore::open(db_path)?; // the engine's own connection (WAL)
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
//! let worker = Worker::start(db_path, WorkerConfig::default())?;
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
//! Tests drive the engine with any [`Remote`] (an in-memory server, or an [`HttpRemote`]
//! pointed at a real server on `127.0.0.1`), and a [`Worker`] with
//! `WorkerConfig { remote: Some(Arc::new(…)), .. }` and short periods.

mod backoff;
pub mod blobs;
mod engine;
pub mod files;
mod http;
mod remote;
mod worker;

#[cfg(test)]
mod fake;
#[cfg(test)]
mod tests;

pub use backoff::Backoff;
pub use blobs::BlobDir;
pub use engine::{
    Credentials, LocalStore, SyncError, SyncReport, enroll, enrolled_server, sign_out, sync_once,
};
pub use files::{FileBoard, FileProgress};
pub use http::{ConfigError, HttpRemote, ServerConfig};
pub use remote::{BoxFuture, Message, Remote, RemoteError};
pub use worker::{SyncState, SyncStatus, Worker, WorkerConfig, WorkerHandle};
pub use xaso_store::sync::{DeviceToken, SyncProblem};
