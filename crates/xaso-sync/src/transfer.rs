//! [`BlobClient`]: files to and from the city server, in verified chunks that resume.
//!
//! A download fetches the manifest (or reuses the one saved with a partial download),
//! checks the free disk space before writing anything, then fetches the missing chunks
//! with `Range` requests, [`WINDOW`] at a time, so the network, the disk and the hashing
//! overlap. Each chunk is hashed as it streams in; one that does not match the manifest is
//! dropped and fetched again (at most [`MAX_RETRIES`] times). A verified chunk is written
//! at its offset; chunks are synced before they are recorded ([`BlobDir`]), in batches of
//! 32 MiB and whenever a transfer stops, so a cut costs at most the chunks in flight and a
//! crash at most one batch. When every chunk is in, the file is renamed into place.
//!
//! Decision: a download does not hash the whole file again. Every byte was checked against
//! the manifest's chunk hashes, and the server wrote that manifest from the whole file it
//! had verified against its SHA-256 when the upload completed, so a file whose chunks all
//! match *is* the file named by the SHA-256 (unless the server lies, and the server is
//! also the one that names the file in the synced rows). A second SHA-256 pass over every
//! byte cost a third of the download's time on a ward laptop's two cores. Imports and the
//! server's own uploads still hash the whole file.
//!
//! An upload sends the manifest, then only the chunks the server says it lacks: the same
//! file published twice is sent once, and a cut upload resumes where the server is.
//!
//! Files use their own client (no compression, no whole-request timeout: a 4 MiB chunk on
//! a slow ward link takes minutes; a stalled read fails instead), so they never hold back
//! the row sync.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::fs::{File, OpenOptions};
use std::io::{self, Read as _, Seek as _, SeekFrom, Write as _};
use std::path::PathBuf;
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, RANGE};
use reqwest::{Method, StatusCode, Url};
use sha2::{Digest as _, Sha256};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use xaso_proto::blobs::{hex, is_sha256_hex};
use xaso_proto::{BlobManifest, PROTOCOL_HEADER, PROTOCOL_VERSION, UploadStatus};
use xaso_store::sync::DeviceToken;

use crate::blobs::{BlobDir, PartialState};
use crate::http::{ConfigError, ServerConfig, client_builder, error_for, offline};
use crate::remote::RemoteError;
use crate::transfer_error::TransferError;

/// Requests in flight at once, per transfer.
pub const WINDOW: usize = 3;
/// How often a chunk that arrives corrupted is fetched (or sent) again before giving up.
pub const MAX_RETRIES: u32 = 3;
/// Progress is reported at least this often within a chunk.
const TICK_BYTES: usize = 1024 * 1024;
/// Written chunks are synced and recorded together once they reach this many bytes (and
/// always at the end, or when a transfer fails): a sync per 4 MiB chunk cost ~10 % of the
/// download's rate in the benchmark, and a crash can cost at most this much again.
const RECORD_EVERY: u64 = 32 * 1024 * 1024;
/// A read that stalls this long fails (the connection is gone).
const READ_TIMEOUT: Duration = Duration::from_secs(60);

/// How far a transfer is: bytes verified (or sent) of the whole file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransferProgress {
    pub sha256: String,
    pub done: u64,
    pub total: u64,
}

/// What an upload did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UploadReport {
    /// Chunks sent by this call (the server lacked them).
    pub chunks_sent: u32,
    pub bytes_sent: u64,
    /// The server had the whole file already: nothing was sent.
    pub already_there: bool,
}

/// What one chunk request ended with.
#[derive(Debug)]
enum ChunkError {
    Remote(RemoteError),
    NotOnServer,
    /// Wrong length or hash: fetch (or send) it again.
    Corrupt,
}

/// The city server's file endpoints.
#[derive(Debug, Clone)]
pub struct BlobClient {
    client: reqwest::Client,
    base: Url,
}

impl BlobClient {
    /// A client for `config`'s server, trusting the same certificates as the row sync.
    pub fn new(config: &ServerConfig) -> Result<BlobClient, ConfigError> {
        let (builder, base) = client_builder(config)?;
        let client = builder
            .gzip(false)
            .read_timeout(READ_TIMEOUT)
            .build()
            .map_err(|e| ConfigError::Tls(e.to_string()))?;
        Ok(BlobClient { client, base })
    }

    fn url(&self, path: &str) -> Result<Url, RemoteError> {
        self.base.join(path).map_err(|e| RemoteError::Server(0, format!("bad path {path}: {e}")))
    }

    fn request(&self, method: Method, url: Url, token: &DeviceToken) -> reqwest::RequestBuilder {
        self.client
            .request(method, url)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .bearer_auth(token.expose())
    }

    /// The manifest of a complete file on the server.
    pub async fn manifest(
        &self,
        token: &DeviceToken,
        sha: &str,
    ) -> Result<BlobManifest, TransferError> {
        if !is_sha256_hex(sha) {
            return Err(TransferError::NotOnServer(sha.to_owned()));
        }
        let url = self.url(&format!("v1/blobs/{sha}/manifest"))?;
        let response = self.request(Method::GET, url, token).send().await.map_err(offline)?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(offline)?;
        if status == StatusCode::NOT_FOUND {
            return Err(TransferError::NotOnServer(sha.to_owned()));
        }
        if !status.is_success() {
            return Err(error_for(status, &bytes).into());
        }
        let manifest: BlobManifest = serde_json::from_slice(&bytes).map_err(|e| {
            RemoteError::Server(status.as_u16(), format!("unreadable manifest: {e}"))
        })?;
        manifest.validate(sha).map_err(|e| {
            RemoteError::Server(status.as_u16(), format!("the server's manifest is wrong: {e}"))
        })?;
        Ok(manifest)
    }

    /// Downloads the file `sha` into `dir` (resuming what an earlier call left) and answers
    /// its path. `progress` hears bytes verified so far, after each chunk and about every
    /// MiB within one.
    pub async fn download(
        &self,
        token: &DeviceToken,
        dir: &BlobDir,
        sha: &str,
        progress: &(dyn Fn(TransferProgress) + Send + Sync),
    ) -> Result<PathBuf, TransferError> {
        if dir.has(sha) {
            let size = dir.progress(sha).map_or(0, |(_, total)| total);
            progress(TransferProgress { sha256: sha.to_owned(), done: size, total: size });
            return Ok(dir.path_of(sha));
        }
        let saved = {
            let (dir, sha) = (dir.clone(), sha.to_owned());
            blocking(move || Ok(dir.load_partial(&sha))).await?
        };
        let state = match saved {
            Some(state) => {
                dir.ensure_space(state.manifest.size - state.verified_bytes())?;
                state
            }
            None => {
                let manifest = self.manifest(token, sha).await?;
                // Before anything is written.
                dir.ensure_space(manifest.size)?;
                let dir = dir.clone();
                blocking(move || Ok(dir.begin_partial(&manifest)?)).await?
            }
        };
        let part = {
            let path = dir.partial_path(sha);
            blocking(move || Ok(OpenOptions::new().read(true).write(true).open(path)?)).await?
        };
        let url = self.url(&format!("v1/blobs/{sha}"))?;
        let (ticks, tick_rx) = mpsc::unbounded_channel();
        let mut run = Download {
            client: self.client.clone(),
            url,
            token: token.clone(),
            dir: dir.clone(),
            done: state.verified_bytes(),
            state,
            part: Some(part),
            in_flight: VecDeque::new(),
            unrecorded: Vec::new(),
            unrecorded_bytes: 0,
            recording: None,
            in_chunk: HashMap::new(),
            ticks,
            tick_rx,
            progress,
        };
        run.report();
        match run.fetch_all().await {
            Ok(()) => run.finish().await,
            Err(e) => {
                run.keep_what_arrives().await;
                Err(e)
            }
        }
    }

    /// Uploads the file `sha` from `dir`: the manifest, then only the chunks the server
    /// lacks (none when it has the file).
    pub async fn upload(
        &self,
        token: &DeviceToken,
        dir: &BlobDir,
        sha: &str,
        progress: &(dyn Fn(TransferProgress) + Send + Sync),
    ) -> Result<UploadReport, TransferError> {
        let manifest = {
            let (dir, sha) = (dir.clone(), sha.to_owned());
            blocking(move || dir.manifest_of(&sha)).await?
        };
        let Some(manifest) = manifest else {
            return Err(TransferError::Io(io::Error::new(
                io::ErrorKind::NotFound,
                format!("the file {sha} is not in this computer's store"),
            )));
        };
        let total = manifest.size;
        let say = |done| progress(TransferProgress { sha256: sha.to_owned(), done, total });
        let status = self.put_manifest(token, &manifest).await?;
        if status.complete {
            say(total);
            return Ok(UploadReport { already_there: true, ..UploadReport::default() });
        }
        let have: BTreeSet<u32> = status.have.into_iter().collect();
        let mut done: u64 = have.iter().map(|&i| manifest.chunk_len(i)).sum();
        say(done);
        let mut missing: VecDeque<u32> =
            (0..manifest.chunk_count()).filter(|i| !have.contains(i)).collect();
        let path = dir.path_of(sha);
        let mut in_flight: VecDeque<(u32, JoinHandle<Result<UploadStatus, ChunkError>>)> =
            VecDeque::new();
        let mut retries: HashMap<u32, u32> = HashMap::new();
        let mut report = UploadReport::default();
        let mut complete = false;
        let mut failure = None;
        loop {
            while in_flight.len() < WINDOW
                && let Some(i) = missing.pop_front()
            {
                in_flight.push_back((i, self.spawn_send(token, &path, &manifest, i)?));
            }
            let Some((i, handle)) = in_flight.pop_front() else { break };
            match joined(handle.await) {
                Ok(status) => {
                    report.chunks_sent += 1;
                    report.bytes_sent += manifest.chunk_len(i);
                    done += manifest.chunk_len(i);
                    complete |= status.complete;
                    say(done);
                }
                Err(ChunkError::Corrupt) => {
                    let tries = retries.entry(i).or_default();
                    *tries += 1;
                    if *tries > MAX_RETRIES {
                        failure =
                            Some(TransferError::Corrupt { sha256: sha.to_owned(), chunk: Some(i) });
                        break;
                    }
                    tracing::warn!(sha, chunk = i, "the server refused a chunk as damaged; again");
                    missing.push_front(i);
                }
                Err(e) => {
                    failure = Some(chunk_error(e, sha));
                    break;
                }
            }
        }
        if let Some(e) = failure {
            // The chunks on their way may still arrive: they will not be sent again.
            for (_, handle) in in_flight {
                let _ = handle.await;
            }
            return Err(e);
        }
        if !complete && !self.put_manifest(token, &manifest).await?.complete {
            return Err(
                RemoteError::Server(200, "the server did not complete the file".into()).into()
            );
        }
        Ok(report)
    }

    async fn put_manifest(
        &self,
        token: &DeviceToken,
        manifest: &BlobManifest,
    ) -> Result<UploadStatus, TransferError> {
        let url = self.url(&format!("v1/blobs/{}/manifest", manifest.sha256))?;
        let body = serde_json::to_vec(manifest).map_err(io::Error::other)?;
        let response = self
            .request(Method::PUT, url, token)
            .header(CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .map_err(offline)?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(offline)?;
        if !status.is_success() {
            return Err(error_for(status, &bytes).into());
        }
        Ok(serde_json::from_slice(&bytes)
            .map_err(|e| RemoteError::Server(status.as_u16(), format!("unreadable answer: {e}")))?)
    }

    /// Reads chunk `index` of the file at `path` and PUTs it, in a task of its own.
    fn spawn_send(
        &self,
        token: &DeviceToken,
        path: &std::path::Path,
        manifest: &BlobManifest,
        index: u32,
    ) -> Result<JoinHandle<Result<UploadStatus, ChunkError>>, TransferError> {
        let url = self.url(&format!("v1/blobs/{}/chunks/{index}", manifest.sha256))?;
        let request = self.request(Method::PUT, url, token);
        let (path, offset, len) =
            (path.to_owned(), manifest.chunk_offset(index), manifest.chunk_len(index));
        Ok(tokio::spawn(async move {
            let read = tokio::task::spawn_blocking(move || read_at(&path, offset, len)).await;
            let bytes = match read {
                Ok(Ok(bytes)) => bytes,
                Ok(Err(e)) => {
                    return Err(ChunkError::Remote(RemoteError::Server(0, e.to_string())));
                }
                Err(e) => return Err(ChunkError::Remote(RemoteError::Server(0, e.to_string()))),
            };
            let response = request
                .header(CONTENT_TYPE, "application/octet-stream")
                .body(bytes)
                .send()
                .await
                .map_err(|e| ChunkError::Remote(offline(e)))?;
            let status = response.status();
            let body = response.bytes().await.map_err(|e| ChunkError::Remote(offline(e)))?;
            match status {
                s if s.is_success() => serde_json::from_slice(&body).map_err(|e| {
                    ChunkError::Remote(RemoteError::Server(s.as_u16(), e.to_string()))
                }),
                // The server refuses a chunk whose hash is not the manifest's.
                StatusCode::BAD_REQUEST => Err(ChunkError::Corrupt),
                s => Err(ChunkError::Remote(error_for(s, &body))),
            }
        }))
    }
}

fn read_at(path: &std::path::Path, offset: u64, len: u64) -> io::Result<Vec<u8>> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(offset))?;
    let mut bytes = vec![0u8; usize::try_from(len).map_err(io::Error::other)?];
    file.read_exact(&mut bytes)?;
    Ok(bytes)
}

fn joined<T>(
    result: Result<Result<T, ChunkError>, tokio::task::JoinError>,
) -> Result<T, ChunkError> {
    result.unwrap_or_else(|e| Err(ChunkError::Remote(RemoteError::Server(0, e.to_string()))))
}

fn chunk_error(e: ChunkError, sha: &str) -> TransferError {
    match e {
        ChunkError::Remote(e) => TransferError::Remote(e),
        ChunkError::NotOnServer => TransferError::NotOnServer(sha.to_owned()),
        ChunkError::Corrupt => TransferError::Corrupt { sha256: sha.to_owned(), chunk: None },
    }
}

/// Runs file work off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, TransferError> + Send + 'static,
) -> Result<T, TransferError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| TransferError::Io(io::Error::other(e)))?
}

/// A chunk on its way: its bytes, verified, or why not.
type Fetch = JoinHandle<Result<Vec<u8>, ChunkError>>;

/// One download in progress.
struct Download<'p> {
    client: reqwest::Client,
    url: Url,
    token: DeviceToken,
    dir: BlobDir,
    state: PartialState,
    /// Bytes verified and on disk.
    done: u64,
    /// The part file, lent to the blocking pool in turn.
    part: Option<File>,
    in_flight: VecDeque<(u32, Fetch)>,
    /// Chunks written and verified but not yet synced and recorded, and their bytes.
    unrecorded: Vec<u32>,
    unrecorded_bytes: u64,
    /// The sync and record of the previous batch, running beside the download.
    recording: Option<JoinHandle<io::Result<()>>>,
    /// Bytes received so far of the chunks in flight.
    in_chunk: HashMap<u32, u64>,
    ticks: mpsc::UnboundedSender<(u32, u64)>,
    tick_rx: mpsc::UnboundedReceiver<(u32, u64)>,
    progress: &'p (dyn Fn(TransferProgress) + Send + Sync),
}

impl Download<'_> {
    fn sha(&self) -> &str {
        &self.state.manifest.sha256
    }

    fn report(&self) {
        let done = self.done + self.in_chunk.values().sum::<u64>();
        (self.progress)(TransferProgress {
            sha256: self.sha().to_owned(),
            done: done.min(self.state.manifest.size),
            total: self.state.manifest.size,
        });
    }

    fn spawn_fetch(&mut self, index: u32) {
        let manifest = &self.state.manifest;
        let (offset, len) = (manifest.chunk_offset(index), manifest.chunk_len(index));
        let expected = manifest.chunks.get(index as usize).cloned().unwrap_or_default();
        let request = self
            .client
            .get(self.url.clone())
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .bearer_auth(self.token.expose())
            .header(RANGE, format!("bytes={offset}-{}", offset + len - 1));
        let ticks = self.ticks.clone();
        let task = tokio::spawn(fetch_chunk(request, index, len, expected, ticks));
        self.in_flight.push_back((index, task));
    }

    /// Fetches, verifies, writes and records every missing chunk (in file order, so the
    /// progress reads as a person expects).
    async fn fetch_all(&mut self) -> Result<(), TransferError> {
        let count = self.state.manifest.chunk_count();
        let mut missing: VecDeque<u32> =
            (0..count).filter(|i| !self.state.verified.contains(i)).collect();
        let mut retries: HashMap<u32, u32> = HashMap::new();
        for i in 0..count {
            while self.in_flight.len() < WINDOW
                && let Some(next) = missing.pop_front()
            {
                self.spawn_fetch(next);
            }
            if self.state.verified.contains(&i) {
                continue;
            }
            let bytes = loop {
                let Some((index, mut handle)) = self.in_flight.pop_front() else {
                    return Err(io::Error::other("no request for a missing chunk").into());
                };
                debug_assert_eq!(index, i);
                let result = loop {
                    tokio::select! {
                        result = &mut handle => break result,
                        Some((index, bytes)) = self.tick_rx.recv() => {
                            // A tick can be read after its chunk was written (its request
                            // ended while the tick waited in the channel): counting it then
                            // would count the chunk twice, for good. Chunks finish in order.
                            if index >= i {
                                self.in_chunk.insert(index, bytes);
                                self.report();
                            }
                        }
                    }
                };
                self.in_chunk.remove(&i);
                match joined(result) {
                    Ok(bytes) => break bytes,
                    Err(ChunkError::Corrupt) => {
                        let tries = retries.entry(i).or_default();
                        *tries += 1;
                        if *tries > MAX_RETRIES {
                            return Err(TransferError::Corrupt {
                                sha256: self.sha().to_owned(),
                                chunk: Some(i),
                            });
                        }
                        tracing::warn!(sha = self.sha(), chunk = i, "damaged chunk dropped; again");
                        self.spawn_fetch(i);
                        // Back to the front: chunks are written in order.
                        if let Some(again) = self.in_flight.pop_back() {
                            self.in_flight.push_front(again);
                        }
                    }
                    Err(e) => return Err(chunk_error(e, self.sha())),
                }
            };
            self.write_chunk(i, bytes).await?;
        }
        Ok(())
    }

    /// Writes a verified chunk at its offset; it is recorded (after a sync) with the
    /// next batch.
    async fn write_chunk(&mut self, index: u32, bytes: Vec<u8>) -> Result<(), TransferError> {
        let offset = self.state.manifest.chunk_offset(index);
        let len = bytes.len() as u64;
        self.with_part(move |part| {
            part.seek(SeekFrom::Start(offset))?;
            part.write_all(&bytes)
        })
        .await?;
        self.unrecorded.push(index);
        self.unrecorded_bytes += len;
        self.done += len;
        self.report();
        if self.unrecorded_bytes >= RECORD_EVERY {
            self.record().await?;
        }
        Ok(())
    }

    /// Syncs the part file, then records the chunks written since the last record: a
    /// recorded chunk is always on disk. The sync runs on its own thread (through a second
    /// handle of the part file) while the download goes on; the next record, and the end,
    /// wait for it first.
    async fn record(&mut self) -> Result<(), TransferError> {
        self.recorded().await?;
        if self.unrecorded.is_empty() {
            return Ok(());
        }
        let Some(part) = self.part.as_ref() else {
            return Err(io::Error::other("the part file is in use").into());
        };
        let part = part.try_clone()?;
        self.state.verified.extend(self.unrecorded.drain(..));
        self.unrecorded_bytes = 0;
        let (dir, state) = (self.dir.clone(), self.state.clone());
        self.recording = Some(tokio::task::spawn_blocking(move || {
            part.sync_data()?;
            dir.save_partial(&state)
        }));
        Ok(())
    }

    /// Waits for the record in progress, if any.
    async fn recorded(&mut self) -> Result<(), TransferError> {
        if let Some(recording) = self.recording.take() {
            recording.await.map_err(io::Error::other)??;
        }
        Ok(())
    }

    /// Runs `f` on the part file on the blocking pool.
    async fn with_part(
        &mut self,
        f: impl FnOnce(&mut File) -> io::Result<()> + Send + 'static,
    ) -> Result<(), TransferError> {
        let Some(mut part) = self.part.take() else {
            return Err(io::Error::other("the part file is in use").into());
        };
        let (part, result) = tokio::task::spawn_blocking(move || {
            let result = f(&mut part);
            (part, result)
        })
        .await
        .map_err(io::Error::other)?;
        self.part = Some(part);
        Ok(result?)
    }

    /// After a failure: the chunks still on their way are kept if they arrive whole and
    /// right, so the next call does not fetch them again.
    async fn keep_what_arrives(&mut self) {
        while let Some((index, handle)) = self.in_flight.pop_front() {
            if let Ok(bytes) = joined(handle.await) {
                let _ = self.write_chunk(index, bytes).await;
            }
        }
        if let Err(e) = async {
            self.record().await?;
            self.recorded().await
        }
        .await
        {
            tracing::warn!(sha = self.sha(), error = %e, "cannot record the chunks received");
        }
    }

    /// Every chunk is here, each matched the manifest: the file gets its name.
    async fn finish(mut self) -> Result<PathBuf, TransferError> {
        self.record().await?;
        self.recorded().await?;
        drop(self.part.take());
        let manifest = self.state.manifest.clone();
        let held = (0..manifest.chunk_count()).all(|i| self.state.verified.contains(&i));
        if !held {
            return Err(io::Error::other("a chunk of the file was never verified").into());
        }
        let dir = self.dir.clone();
        let path = blocking(move || Ok(dir.finish_partial(&manifest)?)).await?;
        self.report();
        Ok(path)
    }
}

/// One `Range` request: the chunk's bytes, hashed as they arrive, or why not.
async fn fetch_chunk(
    request: reqwest::RequestBuilder,
    index: u32,
    len: u64,
    expected: String,
    ticks: mpsc::UnboundedSender<(u32, u64)>,
) -> Result<Vec<u8>, ChunkError> {
    let mut response = request.send().await.map_err(|e| ChunkError::Remote(offline(e)))?;
    let status = response.status();
    if status == StatusCode::NOT_FOUND {
        return Err(ChunkError::NotOnServer);
    }
    if status != StatusCode::PARTIAL_CONTENT {
        let body = response.bytes().await.unwrap_or_default();
        let error = if status.is_success() {
            RemoteError::Server(status.as_u16(), "a byte range was asked for".into())
        } else {
            error_for(status, &body)
        };
        return Err(ChunkError::Remote(error));
    }
    let len = usize::try_from(len)
        .map_err(|e| ChunkError::Remote(RemoteError::Server(0, e.to_string())))?;
    let mut bytes = Vec::with_capacity(len);
    let mut hasher = Sha256::new();
    let mut told = 0;
    while let Some(piece) = response.chunk().await.map_err(|e| ChunkError::Remote(offline(e)))? {
        if bytes.len() + piece.len() > len {
            return Err(ChunkError::Corrupt);
        }
        hasher.update(&piece);
        bytes.extend_from_slice(&piece);
        if bytes.len() - told >= TICK_BYTES {
            told = bytes.len();
            let _ = ticks.send((index, told as u64));
        }
    }
    if bytes.len() != len || hex(&hasher.finalize()) != expected {
        return Err(ChunkError::Corrupt);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_both_languages_and_a_code() {
        let errors = [
            TransferError::DiskFull { needed: 210_000_000, available: 12_000_000 },
            TransferError::Corrupt { sha256: "a".into(), chunk: Some(3) },
            TransferError::Corrupt { sha256: "a".into(), chunk: None },
            TransferError::NotOnServer("a".into()),
            TransferError::Io(io::Error::other("boom")),
            TransferError::Remote(RemoteError::Offline("x".into())),
        ];
        for e in errors {
            let m = e.message();
            assert!(!m.code.is_empty() && !m.vi.is_empty() && !m.en.is_empty(), "{e:?}");
            assert_ne!(m.vi, m.en, "{e:?}");
        }
        let full = TransferError::DiskFull { needed: 210_000_000, available: 12_000_000 }.message();
        assert!(full.vi.contains("cần 210 MB") && full.vi.contains("còn 12 MB"), "{}", full.vi);
    }
}
