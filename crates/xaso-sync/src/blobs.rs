//! [`BlobDir`]: the laptop's files (training materials), named by their SHA-256.
//!
//! ```text
//! <root>/<sha[0..2]>/<sha>                complete, verified files (never change)
//! <root>/<sha[0..2]>/<sha>.manifest.json  their manifests (chunk hashes, for uploads)
//! <root>/partial/<sha>.part               a download in progress, chunks at their offsets
//! <root>/partial/<sha>.state.json         its manifest and the chunks verified on disk
//! <root>/partial/*.import                 a file being copied in
//! ```
//!
//! A chunk is recorded as verified only after its bytes are synced to disk, and the state
//! file is replaced atomically, so after a cut or a crash a download resumes with exactly
//! the chunks that are really there, without fetching or checking them again. Files get
//! their final name by a rename, after every chunk matched its hash in the manifest (an
//! imported file, after the whole file was hashed): a file at `path_of(sha)` is complete
//! and right.

use std::collections::BTreeSet;
use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use xaso_proto::blobs::{ManifestBuilder, is_sha256_hex};
use xaso_proto::{BlobManifest, CHUNK_SIZE};

use crate::transfer_error::TransferError;

/// Space kept free besides a file's bytes, so a download never fills the disk that the
/// app's database lives on.
pub const SPACE_RESERVE: u64 = 64 * 1024 * 1024;

/// Free bytes on the file system of a path (what `fs4::available_space` answers).
pub type AvailableSpace = dyn Fn(&Path) -> io::Result<u64> + Send + Sync;

/// The local store of files, under one folder (the app passes `<data dir>/blobs`).
#[derive(Clone)]
pub struct BlobDir {
    root: PathBuf,
    available_space: Arc<AvailableSpace>,
}

impl fmt::Debug for BlobDir {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlobDir").field("root", &self.root).finish_non_exhaustive()
    }
}

/// A download in progress, as recorded on disk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PartialState {
    pub(crate) manifest: BlobManifest,
    /// Chunks whose bytes are on disk (synced) and matched the manifest.
    pub(crate) verified: BTreeSet<u32>,
}

impl PartialState {
    pub(crate) fn verified_bytes(&self) -> u64 {
        self.verified.iter().map(|&i| self.manifest.chunk_len(i)).sum()
    }
}

/// Fails with [`TransferError::DiskFull`] unless `needed` bytes fit in `available`.
pub fn check_space(needed: u64, available: u64) -> Result<(), TransferError> {
    if needed > available { Err(TransferError::DiskFull { needed, available }) } else { Ok(()) }
}

impl BlobDir {
    /// The store under `root` (created when first written to).
    pub fn new(root: impl Into<PathBuf>) -> BlobDir {
        BlobDir { root: root.into(), available_space: Arc::new(|p| fs4::available_space(p)) }
    }

    /// The same store, asking `f` how much space is free (tests: a full disk).
    pub fn with_available_space(
        mut self,
        f: impl Fn(&Path) -> io::Result<u64> + Send + Sync + 'static,
    ) -> BlobDir {
        self.available_space = Arc::new(f);
        self
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the complete file `sha` is (or will be).
    pub fn path_of(&self, sha: &str) -> PathBuf {
        self.root.join(sha.get(..2).unwrap_or("__")).join(sha)
    }

    fn manifest_path(&self, sha: &str) -> PathBuf {
        self.root.join(sha.get(..2).unwrap_or("__")).join(format!("{sha}.manifest.json"))
    }

    pub(crate) fn partial_path(&self, sha: &str) -> PathBuf {
        self.root.join("partial").join(format!("{sha}.part"))
    }

    fn state_path(&self, sha: &str) -> PathBuf {
        self.root.join("partial").join(format!("{sha}.state.json"))
    }

    /// Whether the complete file `sha` is here.
    pub fn has(&self, sha: &str) -> bool {
        is_sha256_hex(sha) && self.path_of(sha).is_file()
    }

    /// Fails with [`TransferError::DiskFull`] unless `bytes` (plus [`SPACE_RESERVE`]) fit.
    pub fn ensure_space(&self, bytes: u64) -> Result<(), TransferError> {
        // The root may not exist yet: ask about the nearest folder that does.
        let mut probe = self.root.as_path();
        while !probe.exists() {
            match probe.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => probe = parent,
                _ => {
                    probe = Path::new(".");
                    break;
                }
            }
        }
        let available = (self.available_space)(probe)?;
        check_space(bytes.saturating_add(SPACE_RESERVE), available)
    }

    /// Copies a person's file into the store and answers its manifest. A file already
    /// here is not copied again (the same material imported twice is stored once).
    pub fn import(&self, source: &Path) -> Result<BlobManifest, TransferError> {
        let manifest = BlobManifest::of(File::open(source)?)?;
        let sha = manifest.sha256.clone();
        if self.has(&sha) {
            self.save_manifest(&manifest)?;
            return Ok(manifest);
        }
        self.ensure_space(manifest.size)?;
        let dir = self.root.join("partial");
        fs::create_dir_all(&dir)?;
        let tmp = dir.join(format!("{sha}.import"));
        // Copied and hashed again in one pass: the file may have changed since.
        let mut builder = ManifestBuilder::new(CHUNK_SIZE);
        let mut from = File::open(source)?;
        let mut to = File::create(&tmp)?;
        let mut buf = vec![0u8; 1024 * 1024];
        loop {
            let n = match from.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            };
            builder.update(&buf[..n]);
            to.write_all(&buf[..n])?;
        }
        to.sync_all()?;
        drop(to);
        let copied = builder.finish();
        if copied != manifest {
            let _ = fs::remove_file(&tmp);
            return Err(TransferError::Io(io::Error::other(format!(
                "{} changed while it was being copied",
                source.display()
            ))));
        }
        self.put_in_place(&tmp, &manifest)?;
        Ok(manifest)
    }

    /// The manifest of the complete file `sha` (kept beside it; computed if missing).
    pub fn manifest_of(&self, sha: &str) -> Result<Option<BlobManifest>, TransferError> {
        if !self.has(sha) {
            return Ok(None);
        }
        if let Ok(bytes) = fs::read(self.manifest_path(sha))
            && let Ok(manifest) = serde_json::from_slice::<BlobManifest>(&bytes)
            && manifest.sha256 == sha
        {
            return Ok(Some(manifest));
        }
        let manifest = BlobManifest::of(File::open(self.path_of(sha))?)?;
        self.save_manifest(&manifest)?;
        Ok(Some(manifest))
    }

    /// How much of `sha` is here: `(bytes verified, size)`; the size twice when complete;
    /// `None` when nothing of it is.
    pub fn progress(&self, sha: &str) -> Option<(u64, u64)> {
        if self.has(sha) {
            let size = fs::metadata(self.path_of(sha)).ok()?.len();
            return Some((size, size));
        }
        let state = self.load_partial(sha)?;
        Some((state.verified_bytes(), state.manifest.size))
    }

    fn save_manifest(&self, manifest: &BlobManifest) -> io::Result<()> {
        let path = self.manifest_path(&manifest.sha256);
        if path.is_file() {
            return Ok(());
        }
        let bytes = serde_json::to_vec(manifest).map_err(io::Error::other)?;
        write_atomically(&path, &bytes)
    }

    /// Renames the verified file at `from` to its name, with its manifest beside it.
    pub(crate) fn put_in_place(&self, from: &Path, manifest: &BlobManifest) -> io::Result<PathBuf> {
        let path = self.path_of(&manifest.sha256);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        self.save_manifest(manifest)?;
        fs::rename(from, &path)?;
        sync_dir(path.parent());
        Ok(path)
    }

    /// The recorded state of a download of `sha`, if one is in progress. A state that
    /// cannot be read, or whose part file is gone, is no download (it starts again).
    pub(crate) fn load_partial(&self, sha: &str) -> Option<PartialState> {
        let bytes = fs::read(self.state_path(sha)).ok()?;
        let state: PartialState = serde_json::from_slice(&bytes).ok()?;
        let part_ok = fs::metadata(self.partial_path(sha))
            .is_ok_and(|m| m.is_file() && m.len() == state.manifest.size);
        (state.manifest.validate(sha).is_ok() && part_ok).then_some(state)
    }

    /// Creates the part file (its full size, sparse) and records the manifest.
    pub(crate) fn begin_partial(&self, manifest: &BlobManifest) -> io::Result<PartialState> {
        fs::create_dir_all(self.root.join("partial"))?;
        let part = File::create(self.partial_path(&manifest.sha256))?;
        part.set_len(manifest.size)?;
        part.sync_all()?;
        let state = PartialState { manifest: manifest.clone(), verified: BTreeSet::new() };
        self.save_partial(&state)?;
        Ok(state)
    }

    /// Records `state` (the chunks in it must already be synced to disk).
    pub(crate) fn save_partial(&self, state: &PartialState) -> io::Result<()> {
        let bytes = serde_json::to_vec(state).map_err(io::Error::other)?;
        write_atomically(&self.state_path(&state.manifest.sha256), &bytes)
    }

    /// The download is complete and verified: the file gets its name.
    pub(crate) fn finish_partial(&self, manifest: &BlobManifest) -> io::Result<PathBuf> {
        let sha = &manifest.sha256;
        let path = self.put_in_place(&self.partial_path(sha), manifest)?;
        let _ = fs::remove_file(self.state_path(sha));
        Ok(path)
    }
}

/// Writes `bytes` to `path` through a synced temp file renamed over it.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("tmp");
    let mut file = File::create(&tmp)?;
    file.write_all(bytes)?;
    file.sync_data()?;
    drop(file);
    fs::rename(&tmp, path)
}

/// Makes a rename durable where folders can be synced (best effort).
fn sync_dir(dir: Option<&Path>) {
    #[cfg(unix)]
    if let Some(dir) = dir
        && let Ok(d) = File::open(dir)
    {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(n: usize, seed: u64) -> Vec<u8> {
        let mut rng = fastrand::Rng::with_seed(seed);
        (0..n).map(|_| rng.u8(..)).collect()
    }

    #[test]
    fn a_file_imported_twice_is_stored_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = BlobDir::new(dir.path().join("blobs"));
        let content = bytes(CHUNK_SIZE as usize + 1000, 1);
        let source = dir.path().join("Tập huấn chuyển đổi số.pdf");
        fs::write(&source, &content).unwrap();
        let manifest = store.import(&source).unwrap();
        assert_eq!(manifest.chunks.len(), 2);
        let path = store.path_of(&manifest.sha256);
        assert_eq!(fs::read(&path).unwrap(), content);
        assert!(store.has(&manifest.sha256));
        assert_eq!(
            store.progress(&manifest.sha256),
            Some((content.len() as u64, content.len() as u64))
        );
        let before = fs::metadata(&path).unwrap().modified().unwrap();
        let copy = dir.path().join("bản sao.pdf");
        fs::copy(&source, &copy).unwrap();
        assert_eq!(store.import(&copy).unwrap(), manifest);
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before, "not copied again");
        assert_eq!(store.manifest_of(&manifest.sha256).unwrap(), Some(manifest));
        let leftovers: Vec<_> = fs::read_dir(store.root().join("partial")).unwrap().collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn an_import_that_does_not_fit_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = BlobDir::new(dir.path().join("blobs")).with_available_space(|_| Ok(10 << 20));
        let source = dir.path().join("video.mp4");
        fs::write(&source, bytes(1000, 2)).unwrap();
        match store.import(&source) {
            Err(TransferError::DiskFull { needed, available }) => {
                assert_eq!((needed, available), (1000 + SPACE_RESERVE, 10 << 20));
            }
            other => panic!("{other:?}"),
        }
        assert!(!store.root().exists());
    }

    #[test]
    fn the_space_check() {
        assert!(check_space(100, 100).is_ok());
        assert!(check_space(0, 0).is_ok());
        let e = check_space(3_500_000_000, 1_250_000_000).unwrap_err();
        let m = e.message();
        assert_eq!(m.code, "disk_full");
        assert!(m.vi.contains("3.500 MB") && m.vi.contains("1.250 MB"), "{}", m.vi);
        assert!(m.en.contains("3,500 MB") && m.en.contains("1,250 MB"), "{}", m.en);
    }

    #[test]
    fn a_partial_download_is_what_its_state_says() {
        let dir = tempfile::tempdir().unwrap();
        let store = BlobDir::new(dir.path());
        let content = bytes(2 * CHUNK_SIZE as usize + 7, 3);
        let manifest = BlobManifest::of(&content[..]).unwrap();
        let sha = manifest.sha256.clone();
        assert_eq!(store.progress(&sha), None);
        let mut state = store.begin_partial(&manifest).unwrap();
        state.verified.insert(1);
        store.save_partial(&state).unwrap();
        assert_eq!(store.load_partial(&sha), Some(state.clone()));
        assert_eq!(store.progress(&sha), Some((CHUNK_SIZE, content.len() as u64)));
        // A damaged state file is no download: it starts again, never trusts garbage.
        fs::write(store.state_path(&sha), b"{not json").unwrap();
        assert_eq!(store.load_partial(&sha), None);
        store.save_partial(&state).unwrap();
        fs::write(store.partial_path(&sha), content.clone()).unwrap();
        let path = store.finish_partial(&manifest).unwrap();
        assert_eq!(fs::read(path).unwrap(), content);
        assert_eq!(store.load_partial(&sha), None);
        assert_eq!(store.manifest_of(&sha).unwrap(), Some(manifest));
    }
}
