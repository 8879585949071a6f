//! Training materials as files named by their SHA-256: uploads in verified chunks that
//! resume, downloads of a whole file or a byte range, streamed from disk.
//!
//! On disk, under the blob directory (`--blobs`):
//!
//! ```text
//! <root>/<sha[0..2]>/<sha>                  a complete, verified file (never changes)
//! <root>/<sha[0..2]>/<sha>.manifest.json    its manifest (written before the file)
//! <root>/uploads/<sha>.part                 an upload in progress, chunks at their offsets
//! <root>/uploads/<sha>.json                 its manifest and the chunks stored (durable)
//! ```
//!
//! A chunk is accepted only when its length and SHA-256 are the manifest's; it is written
//! at its offset and synced to disk before the upload's state records it, so a restart
//! resumes where the disk really is. When the last chunk is in, the whole file is hashed
//! against its name and renamed into place (atomic): a file that is there is complete and
//! right. The same file published twice is stored once: its manifest is answered
//! `complete` and no chunk is sent again. Chunks are held in memory one request at a time
//! (at most [`xaso_proto::CHUNK_SIZE`]); files are never read into memory whole.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use tokio::io::{AsyncReadExt as _, AsyncSeekExt as _};
use xaso_proto::blobs::{hex, is_sha256_hex};
use xaso_proto::{BlobManifest, ErrorCode, UploadStatus};

use crate::auth::Session;
use crate::extract::{ApiError, Authed, JsonBody};

/// The blob directory beside the database: `xaso-server-blobs` next to a SQLite file,
/// `./xaso-server-blobs` with PostgreSQL (what `serve --blobs` defaults to).
pub fn default_blob_dir(database: &str) -> PathBuf {
    const NAME: &str = "xaso-server-blobs";
    if database.starts_with("postgres://") || database.starts_with("postgresql://") {
        return PathBuf::from(".").join(NAME);
    }
    let file = Path::new(database.strip_prefix("sqlite://").unwrap_or(database));
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(NAME),
        _ => PathBuf::from(".").join(NAME),
    }
}

/// The server's files. Cheap to clone; folders are created when first needed.
#[derive(Clone, Debug)]
pub struct BlobStore {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    root: PathBuf,
    /// One lock per upload in progress: chunks of one file are recorded one at a time.
    uploads: Mutex<HashMap<String, Arc<Mutex<()>>>>,
}

/// An upload's durable state.
#[derive(Debug, Serialize, Deserialize)]
struct UploadState {
    manifest: BlobManifest,
    have: Vec<u32>,
}

/// Why a blob operation failed.
#[derive(Debug)]
pub(crate) enum BlobError {
    /// A chunk was sent before the manifest (or after the upload was dropped).
    NotStarted,
    /// The chunk index is past the end.
    NoSuchChunk(u32),
    /// The chunk is not what the manifest says (length or hash).
    BadChunk(u32),
    /// Every chunk matched its manifest, but the file does not match its name.
    WholeFileMismatch,
    Io(io::Error),
}

impl From<io::Error> for BlobError {
    fn from(e: io::Error) -> Self {
        BlobError::Io(e)
    }
}

impl From<BlobError> for ApiError {
    fn from(e: BlobError) -> Self {
        match e {
            BlobError::NotStarted => ApiError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::BadRequest,
                "Chưa gửi bản kê của tệp (manifest); hãy gửi bản kê trước các phần của tệp.",
                "No manifest for this file yet; send the manifest before its chunks.",
            ),
            BlobError::NoSuchChunk(i) => ApiError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::BadRequest,
                format!("Tệp không có phần số {i}."),
                format!("The file has no chunk {i}."),
            ),
            BlobError::BadChunk(i) => ApiError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::BadRequest,
                format!(
                    "Phần số {i} của tệp không khớp mã băm SHA-256 trong bản kê (hỏng khi truyền?); phần này không được lưu, hãy gửi lại."
                ),
                format!(
                    "Chunk {i} does not match the SHA-256 of the manifest (damaged in transit?); it was not stored, send it again."
                ),
            ),
            BlobError::WholeFileMismatch => ApiError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::BadRequest,
                "Các phần đã nhận không ghép thành tệp mang mã băm này; bản tải lên đã bị hủy.",
                "The chunks received do not make the file of this SHA-256; the upload was dropped.",
            ),
            BlobError::Io(e) => ApiError::Internal(format!("blob storage: {e}")),
        }
    }
}

fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
        "Không có tệp này trên máy chủ thành phố (chưa được đăng hoặc chưa tải lên xong).",
        "This file is not on the city server (not published, or its upload is not finished).",
    )
}

impl BlobStore {
    pub fn open(root: impl Into<PathBuf>) -> BlobStore {
        BlobStore { inner: Arc::new(Inner { root: root.into(), uploads: Mutex::default() }) }
    }

    pub fn root(&self) -> &Path {
        &self.inner.root
    }

    /// Where the complete file `sha` is (or would be). `sha` must be checked first.
    fn path_of(&self, sha: &str) -> PathBuf {
        self.inner.root.join(&sha[..2]).join(sha)
    }

    fn manifest_path(&self, sha: &str) -> PathBuf {
        self.inner.root.join(&sha[..2]).join(format!("{sha}.manifest.json"))
    }

    fn part_path(&self, sha: &str) -> PathBuf {
        self.inner.root.join("uploads").join(format!("{sha}.part"))
    }

    fn state_path(&self, sha: &str) -> PathBuf {
        self.inner.root.join("uploads").join(format!("{sha}.json"))
    }

    fn lock_of(&self, sha: &str) -> Arc<Mutex<()>> {
        let mut locks = self.inner.uploads.lock().unwrap_or_else(|p| p.into_inner());
        Arc::clone(locks.entry(sha.to_owned()).or_default())
    }

    /// The manifest of the complete file `sha`.
    pub fn manifest(&self, sha: &str) -> io::Result<Option<BlobManifest>> {
        if !self.path_of(sha).is_file() {
            return Ok(None);
        }
        let text = fs::read(self.manifest_path(sha))?;
        serde_json::from_slice(&text).map(Some).map_err(io::Error::other)
    }

    fn complete_status(manifest: &BlobManifest) -> UploadStatus {
        UploadStatus { have: (0..manifest.chunk_count()).collect(), complete: true }
    }

    fn read_state(&self, sha: &str) -> io::Result<Option<UploadState>> {
        match fs::read(self.state_path(sha)) {
            // A state that cannot be read is an upload to start again, not an error.
            Ok(bytes) => Ok(serde_json::from_slice(&bytes).ok()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn write_state(&self, sha: &str, state: &UploadState) -> io::Result<()> {
        let bytes = serde_json::to_vec(state).map_err(io::Error::other)?;
        write_atomically(&self.state_path(sha), &bytes)
    }

    /// Starts (or resumes) the upload of `manifest` (already validated for `sha`).
    pub(crate) fn start(
        &self,
        sha: &str,
        manifest: &BlobManifest,
    ) -> Result<UploadStatus, BlobError> {
        let lock = self.lock_of(sha);
        let _held = lock.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(done) = self.manifest(sha)? {
            return Ok(BlobStore::complete_status(&done));
        }
        let state = match self.read_state(sha)? {
            Some(state) if state.manifest == *manifest && self.part_path(sha).is_file() => state,
            _ => {
                fs::create_dir_all(self.inner.root.join("uploads"))?;
                let part = File::create(self.part_path(sha))?;
                part.set_len(manifest.size)?;
                part.sync_all()?;
                let state = UploadState { manifest: manifest.clone(), have: Vec::new() };
                self.write_state(sha, &state)?;
                state
            }
        };
        if state.have.len() == state.manifest.chunks.len() {
            return self.finish(sha, &state.manifest);
        }
        Ok(UploadStatus { have: state.have, complete: false })
    }

    /// The manifest of an upload in progress, or of the complete file.
    fn upload_manifest(&self, sha: &str) -> Result<(BlobManifest, bool), BlobError> {
        if let Some(done) = self.manifest(sha)? {
            return Ok((done, true));
        }
        match self.read_state(sha)? {
            Some(state) => Ok((state.manifest, false)),
            None => Err(BlobError::NotStarted),
        }
    }

    /// Stores chunk `index` (its hash already checked against the manifest), and puts the
    /// file in place when it was the last one.
    fn store_chunk(&self, sha: &str, index: u32, bytes: &[u8]) -> Result<UploadStatus, BlobError> {
        let lock = self.lock_of(sha);
        let _held = lock.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(done) = self.manifest(sha)? {
            return Ok(BlobStore::complete_status(&done));
        }
        let mut state = self.read_state(sha)?.ok_or(BlobError::NotStarted)?;
        if !state.have.contains(&index) {
            let mut part = OpenOptions::new().write(true).open(self.part_path(sha))?;
            part.seek(SeekFrom::Start(state.manifest.chunk_offset(index)))?;
            part.write_all(bytes)?;
            // On disk before it is recorded: a recorded chunk is never lost by a crash.
            part.sync_data()?;
            state.have.push(index);
            state.have.sort_unstable();
            self.write_state(sha, &state)?;
        }
        if state.have.len() == state.manifest.chunks.len() {
            return self.finish(sha, &state.manifest);
        }
        Ok(UploadStatus { have: state.have, complete: false })
    }

    /// Every chunk is in: hash the whole file, and put it in place (or drop the upload).
    fn finish(&self, sha: &str, manifest: &BlobManifest) -> Result<UploadStatus, BlobError> {
        let part = self.part_path(sha);
        let mut hasher = Sha256::new();
        let mut file = File::open(&part)?;
        let mut buf = vec![0u8; 1024 * 1024];
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
        }
        if hex(&hasher.finalize()) != sha {
            let _ = fs::remove_file(&part);
            let _ = fs::remove_file(self.state_path(sha));
            return Err(BlobError::WholeFileMismatch);
        }
        let path = self.path_of(sha);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        let bytes = serde_json::to_vec(manifest).map_err(io::Error::other)?;
        // The manifest first: a file that is in place always has its manifest.
        write_atomically(&self.manifest_path(sha), &bytes)?;
        fs::rename(&part, &path)?;
        sync_dir(path.parent())?;
        let _ = fs::remove_file(self.state_path(sha));
        tracing::info!(sha, size = manifest.size, "file complete");
        Ok(BlobStore::complete_status(manifest))
    }
}

/// Writes `bytes` to `path` through a temp file renamed over it.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = path.with_extension("tmp");
    let mut file = File::create(&tmp)?;
    file.write_all(bytes)?;
    file.sync_data()?;
    fs::rename(&tmp, path)?;
    Ok(())
}

/// Makes a rename durable (a no-op where folders cannot be opened).
fn sync_dir(dir: Option<&Path>) -> io::Result<()> {
    #[cfg(unix)]
    if let Some(dir) = dir {
        File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// The `{sha}` of a path, checked (so it is never `..` or anything but a hash).
fn checked_sha(sha: &str) -> Result<&str, ApiError> {
    if is_sha256_hex(sha) {
        Ok(sha)
    } else {
        Err(ApiError::bad_request(format!(
            "“{sha}” is not a SHA-256 in lower-case hex (64 characters)"
        )))
    }
}

fn require_city(who: &Session) -> Result<(), ApiError> {
    if who.role.is_city() {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "Chỉ cán bộ của thành phố được đăng tài liệu tập huấn.",
            "Only the city's staff may publish training materials.",
        ))
    }
}

/// Runs file work off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, BlobError> + Send + 'static,
) -> Result<T, ApiError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(result) => result.map_err(ApiError::from),
        Err(e) => Err(ApiError::Internal(format!("blob task: {e}"))),
    }
}

/// `PUT /v1/blobs/{sha}/manifest`: starts or resumes an upload.
pub(crate) async fn put_manifest(
    State(store): State<BlobStore>,
    Authed(who): Authed,
    UrlPath(sha): UrlPath<String>,
    JsonBody(manifest): JsonBody<BlobManifest>,
) -> Result<axum::Json<UploadStatus>, ApiError> {
    require_city(&who)?;
    let sha = checked_sha(&sha)?.to_owned();
    manifest.validate(&sha).map_err(ApiError::bad_request)?;
    let status = blocking(move || store.start(&sha, &manifest)).await?;
    Ok(axum::Json(status))
}

/// `PUT /v1/blobs/{sha}/chunks/{index}`: one chunk, refused unless it is the manifest's.
pub(crate) async fn put_chunk(
    State(store): State<BlobStore>,
    Authed(who): Authed,
    UrlPath((sha, index)): UrlPath<(String, String)>,
    request: Request,
) -> Result<axum::Json<UploadStatus>, ApiError> {
    require_city(&who)?;
    let sha = checked_sha(&sha)?.to_owned();
    let index: u32 = index
        .parse()
        .map_err(|_| ApiError::bad_request(format!("“{index}” is not a chunk number")))?;
    let (manifest, complete) = {
        let (store, sha) = (store.clone(), sha.clone());
        blocking(move || store.upload_manifest(&sha)).await?
    };
    if complete {
        return Ok(axum::Json(BlobStore::complete_status(&manifest)));
    }
    if index >= manifest.chunk_count() {
        return Err(BlobError::NoSuchChunk(index).into());
    }
    let expected_len = manifest.chunk_len(index);
    // Read and hash as it arrives; never more than the chunk's length.
    let mut body = request.into_body();
    let mut bytes = Vec::with_capacity(usize::try_from(expected_len).unwrap_or(0));
    let mut hasher = Sha256::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            ApiError::bad_request(format!("the chunk could not be read in full ({e})"))
        })?;
        let Ok(data) = frame.into_data() else { continue };
        if (bytes.len() + data.len()) as u64 > expected_len {
            return Err(BlobError::BadChunk(index).into());
        }
        hasher.update(&data);
        bytes.extend_from_slice(&data);
    }
    let expected_sha = manifest.chunks.get(index as usize).map(String::as_str);
    if bytes.len() as u64 != expected_len || Some(hex(&hasher.finalize()).as_str()) != expected_sha
    {
        tracing::warn!(sha, index, "chunk refused: not the manifest's");
        return Err(BlobError::BadChunk(index).into());
    }
    let status = blocking(move || store.store_chunk(&sha, index, &bytes)).await?;
    Ok(axum::Json(status))
}

/// `GET /v1/blobs/{sha}/manifest`: the manifest of a complete file.
pub(crate) async fn get_manifest(
    State(store): State<BlobStore>,
    Authed(_who): Authed,
    UrlPath(sha): UrlPath<String>,
) -> Result<axum::Json<BlobManifest>, ApiError> {
    let sha = checked_sha(&sha)?.to_owned();
    let manifest = blocking(move || store.manifest(&sha).map_err(BlobError::Io)).await?;
    manifest.map(axum::Json).ok_or_else(not_found)
}

/// `GET /v1/blobs/{sha}`: the file, whole (`200`) or one byte range (`206`), streamed
/// from disk.
pub(crate) async fn get_blob(
    State(store): State<BlobStore>,
    Authed(_who): Authed,
    UrlPath(sha): UrlPath<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let sha = checked_sha(&sha)?;
    let mut file = match tokio::fs::File::open(store.path_of(sha)).await {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(not_found()),
        Err(e) => return Err(BlobError::Io(e).into()),
    };
    let size = file.metadata().await.map_err(BlobError::Io)?.len();
    let range =
        headers.get(header::RANGE).and_then(|v| v.to_str().ok()).map(|v| parse_range(v, size));
    let (status, start, len) = match range {
        None | Some(RangeAsked::Ignored) => (StatusCode::OK, 0, size),
        Some(RangeAsked::Bytes(start, end)) => {
            (StatusCode::PARTIAL_CONTENT, start, end - start + 1)
        }
        Some(RangeAsked::Unsatisfiable) => {
            let mut response = ApiError::new(
                StatusCode::RANGE_NOT_SATISFIABLE,
                ErrorCode::RangeNotSatisfiable,
                format!("Đoạn dữ liệu yêu cầu nằm ngoài tệp ({size} byte)."),
                format!("The byte range asked for is outside the file ({size} bytes)."),
            )
            .into_response();
            if let Ok(value) = HeaderValue::from_str(&format!("bytes */{size}")) {
                response.headers_mut().insert(header::CONTENT_RANGE, value);
            }
            return Ok(response);
        }
    };
    if start > 0 {
        file.seek(SeekFrom::Start(start)).await.map_err(BlobError::Io)?;
    }
    let stream = tokio_util::io::ReaderStream::with_capacity(file.take(len), 256 * 1024);
    let mut response = Response::new(Body::from_stream(stream));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, immutable"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    if let Ok(etag) = HeaderValue::from_str(&format!("\"{sha}\"")) {
        headers.insert(header::ETAG, etag);
    }
    if status == StatusCode::PARTIAL_CONTENT {
        let value = format!("bytes {start}-{}/{size}", start + len - 1);
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(header::CONTENT_RANGE, value);
        }
    }
    Ok(response)
}

/// What a `Range` header asks of a file of `size` bytes.
#[derive(Debug, PartialEq, Eq)]
enum RangeAsked {
    /// Bytes `start..=end` (inclusive), within the file.
    Bytes(u64, u64),
    /// A range wholly outside the file: `416`.
    Unsatisfiable,
    /// Not one byte range we serve (several ranges, another unit, bad syntax): the whole
    /// file, as HTTP allows.
    Ignored,
}

fn parse_range(value: &str, size: u64) -> RangeAsked {
    let Some(spec) = value.trim().strip_prefix("bytes=") else { return RangeAsked::Ignored };
    if spec.contains(',') {
        return RangeAsked::Ignored;
    }
    let Some((first, last)) = spec.trim().split_once('-') else { return RangeAsked::Ignored };
    let (first, last) = (first.trim(), last.trim());
    let parse = |s: &str| s.parse::<u64>().ok();
    match (first.is_empty(), last.is_empty()) {
        // `bytes=-n`: the last n bytes.
        (true, false) => match parse(last) {
            Some(0) => RangeAsked::Unsatisfiable,
            Some(n) if size > 0 => RangeAsked::Bytes(size.saturating_sub(n), size - 1),
            Some(_) => RangeAsked::Unsatisfiable,
            None => RangeAsked::Ignored,
        },
        (false, _) => {
            let Some(start) = parse(first) else { return RangeAsked::Ignored };
            let end = if last.is_empty() {
                u64::MAX
            } else {
                match parse(last) {
                    Some(end) if end >= start => end,
                    _ => return RangeAsked::Ignored,
                }
            };
            if start >= size {
                RangeAsked::Unsatisfiable
            } else {
                RangeAsked::Bytes(start, end.min(size - 1))
            }
        }
        (true, true) => RangeAsked::Ignored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use xaso_proto::CHUNK_SIZE;

    #[test]
    fn ranges_as_http_reads_them() {
        use RangeAsked::*;
        let cases = [
            ("bytes=0-99", 1000, Bytes(0, 99)),
            ("bytes=900-", 1000, Bytes(900, 999)),
            ("bytes=900-5000", 1000, Bytes(900, 999)),
            ("bytes=-100", 1000, Bytes(900, 999)),
            ("bytes=-5000", 1000, Bytes(0, 999)),
            ("bytes=1000-", 1000, Unsatisfiable),
            ("bytes=1000-2000", 1000, Unsatisfiable),
            ("bytes=-0", 1000, Unsatisfiable),
            ("bytes=0-0", 0, Unsatisfiable),
            ("bytes=5-1", 1000, Ignored),
            ("bytes=0-1,5-6", 1000, Ignored),
            ("items=0-1", 1000, Ignored),
            ("bytes=a-b", 1000, Ignored),
        ];
        for (header, size, expected) in cases {
            assert_eq!(parse_range(header, size), expected, "{header} of {size}");
        }
    }

    #[test]
    fn the_blob_folder_sits_beside_the_database() {
        assert_eq!(
            default_blob_dir("/srv/xaso/city.sqlite3"),
            PathBuf::from("/srv/xaso/xaso-server-blobs")
        );
        assert_eq!(default_blob_dir("city.sqlite3"), PathBuf::from("./xaso-server-blobs"));
        assert_eq!(
            default_blob_dir("postgres://xaso@db/xaso"),
            PathBuf::from("./xaso-server-blobs")
        );
    }

    #[test]
    fn an_upload_is_checked_whole_and_put_in_place_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = BlobStore::open(dir.path());
        let bytes: Vec<u8> = (0..(CHUNK_SIZE + 10)).map(|i| (i % 253) as u8).collect();
        let manifest = BlobManifest::of(&bytes[..]).unwrap();
        let sha = manifest.sha256.clone();
        assert_eq!(store.start(&sha, &manifest).unwrap(), UploadStatus::default());
        let second = &bytes[CHUNK_SIZE as usize..];
        assert_eq!(
            store.store_chunk(&sha, 1, second).unwrap(),
            UploadStatus { have: vec![1], complete: false }
        );
        // Resuming (a new manifest PUT, as after a restart) answers what is already there.
        assert_eq!(store.start(&sha, &manifest).unwrap().have, vec![1]);
        let done = store.store_chunk(&sha, 0, &bytes[..CHUNK_SIZE as usize]).unwrap();
        assert!(done.complete);
        assert_eq!(fs::read(store.path_of(&sha)).unwrap(), bytes);
        assert_eq!(store.manifest(&sha).unwrap(), Some(manifest.clone()));
        assert!(!store.part_path(&sha).exists() && !store.state_path(&sha).exists());
        // Published again: complete at once.
        assert!(store.start(&sha, &manifest).unwrap().complete);
    }

    #[test]
    fn chunks_that_do_not_make_the_named_file_are_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let store = BlobStore::open(dir.path());
        let mut manifest = BlobManifest::of(&b"the real file"[..]).unwrap();
        let lie = xaso_proto::blobs::sha256_hex(b"another file");
        manifest.sha256 = lie.clone();
        store.start(&lie, &manifest).unwrap();
        assert!(matches!(
            store.store_chunk(&lie, 0, b"the real file"),
            Err(BlobError::WholeFileMismatch)
        ));
        assert!(store.manifest(&lie).unwrap().is_none());
        assert!(!store.path_of(&lie).exists());
    }
}
