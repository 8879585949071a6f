//! Moving the files of training materials in the background, apart from the row sync: a
//! file worker downloads what this laptop wants (asked for, or of a programme kept
//! offline) and uploads what was published here, one file at a time, and reports how far
//! it got on a [`FileBoard`] the app reads.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::remote::Message;

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
