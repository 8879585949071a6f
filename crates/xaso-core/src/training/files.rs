//! The files of training materials on this laptop, as the use cases see them: where a
//! file is (the content-addressed store under `<data dir>/blobs`, `xaso_sync::BlobDir`),
//! how far its transfer got (the file worker's `FileBoard`), copying a new file in, and
//! the text of a PDF for the library's search (extracted once, when the file arrives).

use std::path::{Path, PathBuf};

use xaso_domain::{Bilingual, Locale};
use xaso_proto::blobs::BlobManifest;
use xaso_store::Store;
use xaso_store::training;
use xaso_sync::{BlobDir, FileBoard, FileProgress, TransferError};

use crate::app::App;
use crate::error::{ApiError, ErrorCode};
use crate::training::api::{FileState, FileView};

/// The most text kept from one file for search (a long PDF's first ~2 MB of text).
const TEXT_MAX_BYTES: usize = 2_000_000;

#[derive(Debug, Clone)]
pub(crate) struct Files {
    dir: BlobDir,
    board: FileBoard,
}

impl Files {
    pub(crate) fn new(root: PathBuf, board: FileBoard) -> Files {
        Files { dir: BlobDir::new(root), board }
    }

    pub(crate) fn has(&self, sha: &str) -> bool {
        self.dir.has(sha)
    }

    pub(crate) fn path_of(&self, sha: &str) -> PathBuf {
        self.dir.path_of(sha)
    }

    /// Copies a file in (once: a file already here is not copied again).
    pub(crate) fn import(&self, path: &Path) -> Result<BlobManifest, TransferError> {
        self.dir.import(path)
    }

    /// A person asked for the file again: a failed attempt is forgotten, so the file reads
    /// as waiting (and the screens watch it move) until the worker tries it anew, instead
    /// of showing the old problem with nothing to say the request was heard.
    pub(crate) fn ask_again(&self, sha: &str) {
        if matches!(self.board.get(sha), Some(FileProgress::Failed(_))) {
            self.board.clear(sha);
        }
    }

    /// Where a file stands on this laptop: the worker's live progress first, then the
    /// store (here, partly here, queued either way).
    pub(crate) fn view(&self, store: &Store, sha: &str, locale: Locale) -> FileView {
        let queued = |direction| training::is_wanted(store.conn(), sha, direction).unwrap_or(false);
        let uploading = queued(training::Direction::Up);
        match self.board.get(sha) {
            Some(FileProgress::Moving { upload, done, total }) => FileView {
                state: if upload { FileState::Uploading } else { FileState::Downloading },
                done,
                total,
                problem: None,
            },
            Some(FileProgress::Failed(m)) if !self.has(sha) || uploading => {
                // What a download already verified is kept: show how far it got.
                let (done, total) = self.dir.progress(sha).unwrap_or((0, 0));
                FileView {
                    state: FileState::Problem,
                    done,
                    total,
                    problem: Some(match locale {
                        Locale::Vi => m.vi,
                        Locale::En => m.en,
                    }),
                }
            }
            _ if self.has(sha) => FileView {
                state: if uploading { FileState::Uploading } else { FileState::Ready },
                done: 0,
                total: 0,
                problem: None,
            },
            _ => {
                let (done, total) = self.dir.progress(sha).unwrap_or((0, 0));
                let wanted = queued(training::Direction::Down)
                    || training::kept_offline(store.conn(), sha).unwrap_or(false);
                FileView {
                    state: if wanted { FileState::Queued } else { FileState::NotDownloaded },
                    done,
                    total,
                    problem: None,
                }
            }
        }
    }
}

/// The media type of a file, by its name (what the viewer and the text extraction need).
pub(crate) fn media_type(file_name: &str) -> &'static str {
    let ext = Path::new(file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "txt" => "text/plain",
        _ => "application/octet-stream",
    }
}

/// The text of a PDF (or plain text file) for search; `None` for other kinds or a file
/// that cannot be read (it is then found by its title and description only).
pub(crate) fn extract_text(media_type: &str, path: &Path) -> Option<String> {
    let text = match media_type {
        "application/pdf" => {
            let bytes = std::fs::read(path).ok()?;
            // A damaged or unusual PDF must not take the app down with it.
            match std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(&bytes)) {
                Ok(Ok(text)) => text,
                Ok(Err(e)) => {
                    tracing::warn!(path = %path.display(), "no text from this PDF: {e}");
                    return None;
                }
                Err(_) => {
                    tracing::warn!(path = %path.display(), "the PDF reader failed on this file");
                    return None;
                }
            }
        }
        "text/plain" => std::fs::read_to_string(path).ok()?,
        _ => return None,
    };
    let mut text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.len() > TEXT_MAX_BYTES {
        let mut cut = TEXT_MAX_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    Some(text)
}

/// The text of a file that arrived, its kind told by its first bytes (`%PDF-`).
pub(crate) fn extract_text_sniffed(path: &Path) -> Option<String> {
    use std::io::Read as _;
    let mut head = [0u8; 5];
    std::fs::File::open(path).ok()?.read_exact(&mut head).ok()?;
    (&head == b"%PDF-").then(|| extract_text("application/pdf", path)).flatten()
}

impl App {
    pub(crate) fn files(&self) -> Files {
        Files::new(self.config().data_dir.join("blobs"), self.sync_runtime().file_board())
    }

    pub(crate) fn nudge_files(&self) {
        self.sync_runtime().nudge_files();
    }

    pub(crate) fn file_error(&self, e: &TransferError) -> ApiError {
        let m = e.message();
        ApiError::new(ErrorCode::FileFailed, &Bilingual::new(m.vi, m.en), self.locale())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asking_again_forgets_a_failure_but_not_a_transfer_under_way() {
        let board = FileBoard::default();
        let files = Files::new(PathBuf::from("blobs"), board.clone());
        board.set("failed", FileProgress::Failed(xaso_sync::Message::new("offline", "vi", "en")));
        let moving = FileProgress::Moving { upload: false, done: 1, total: 2 };
        board.set("moving", moving.clone());

        files.ask_again("failed");
        files.ask_again("moving");
        files.ask_again("never-seen");

        assert_eq!(board.get("failed"), None, "the old problem no longer shows");
        assert_eq!(board.get("moving"), Some(moving), "a transfer under way keeps its progress");
        assert_eq!(board.get("never-seen"), None);
    }
}
