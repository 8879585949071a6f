//! This laptop's content-addressed file store (minimal: complete files and import). The
//! resumable download state lands with the transfer module.

use std::io;
use std::path::{Path, PathBuf};

use xaso_proto::blobs::BlobManifest;

#[derive(Debug, Clone)]
pub struct BlobDir {
    root: PathBuf,
}

impl BlobDir {
    pub fn new(root: impl Into<PathBuf>) -> BlobDir {
        BlobDir { root: root.into() }
    }

    pub fn path_of(&self, sha: &str) -> PathBuf {
        self.root.join(sha.get(..2).unwrap_or("xx")).join(sha)
    }

    pub fn has(&self, sha: &str) -> bool {
        self.path_of(sha).is_file()
    }

    pub fn import(&self, file: &Path) -> io::Result<BlobManifest> {
        let manifest = BlobManifest::of(io::BufReader::new(std::fs::File::open(file)?))?;
        let dest = self.path_of(&manifest.sha256);
        if !dest.is_file() {
            let dir = dest.parent().unwrap_or(&self.root);
            std::fs::create_dir_all(dir)?;
            let tmp = dir.join(format!(".{}.importing", manifest.sha256));
            std::fs::copy(file, &tmp)?;
            std::fs::rename(&tmp, &dest)?;
        }
        Ok(manifest)
    }

    pub fn progress(&self, _sha: &str) -> Option<(u64, u64)> {
        None
    }
}
