//! The sync engine's home inside the app: its Tokio runtime and its own connection to the
//! database file, created on first use, and the background workers (rows and files) the
//! desktop app starts. It knows nothing of `App` (which owns one); the sync use cases in
//! `sync.rs` drive it.

use std::sync::{Mutex, OnceLock};

use xaso_sync::files::FileWorker;
use xaso_sync::{LocalStore, WorkerHandle};

/// The engine's runtime, connection and (in the app) background worker.
#[derive(Debug, Default)]
pub(crate) struct SyncRuntime {
    pub(crate) inner: OnceLock<Result<Engine, String>>,
    pub(crate) worker: Mutex<Option<WorkerHandle>>,
    /// Moves the files of training materials, beside the row sync.
    pub(crate) file_worker: Mutex<Option<FileWorker>>,
    /// How far each file transfer got (written by the file worker).
    pub(crate) files: xaso_sync::FileBoard,
}

/// The engine: its runtime and its own connection to the database file.
#[derive(Debug)]
pub(crate) struct Engine {
    pub(crate) runtime: tokio::runtime::Runtime,
    pub(crate) db: LocalStore,
}

impl Drop for SyncRuntime {
    /// Stops the worker and lets the runtime's threads finish on their own: an `App` may
    /// be dropped inside another runtime (Tauri's, a test's), where waiting would panic.
    fn drop(&mut self) {
        if let Some(worker) = self.worker.get_mut().unwrap_or_else(|p| p.into_inner()).take() {
            worker.stop();
        }
        if let Some(files) = self.file_worker.get_mut().unwrap_or_else(|p| p.into_inner()).take() {
            files.stop();
        }
        if let Some(Ok(engine)) = self.inner.take() {
            engine.runtime.shutdown_background();
        }
    }
}

impl SyncRuntime {
    pub(crate) fn file_board(&self) -> xaso_sync::FileBoard {
        self.files.clone()
    }

    /// Wakes the file worker (a file was asked for or published).
    pub(crate) fn nudge_files(&self) {
        if let Some(files) = &*self.file_worker.lock().unwrap_or_else(|p| p.into_inner()) {
            files.nudge();
        }
    }

    pub(crate) fn nudge(&self) {
        if let Some(worker) = &*self.worker.lock().unwrap_or_else(|p| p.into_inner()) {
            worker.nudge();
        }
    }
}

/// Runs `f` to completion on the engine's runtime from a fresh thread (never inside the
/// caller's own runtime, which would panic).
pub(crate) fn block_on<T: Send>(
    engine: &Engine,
    f: impl std::future::Future<Output = T> + Send,
) -> T {
    std::thread::scope(|scope| {
        scope
            .spawn(|| engine.runtime.block_on(f))
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}
