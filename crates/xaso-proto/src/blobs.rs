//! Files moved by content (training materials): their manifests and upload status.
//!
//! A file is named by the SHA-256 of its bytes (lower-case hex, 64 characters) and moved in
//! chunks of [`CHUNK_SIZE`] bytes (the last one shorter), each with its own SHA-256 in the
//! file's [`BlobManifest`], so a broken connection costs at most the chunk in flight and a
//! corrupted chunk is caught on arrival. The endpoints (device token; no compression, the
//! bytes are mostly already-compressed media):
//!
//! | method and path                     | body            | answer           | who        |
//! |-------------------------------------|-----------------|------------------|------------|
//! | `PUT /v1/blobs/{sha}/manifest`      | [`BlobManifest`]| [`UploadStatus`] | city roles |
//! | `PUT /v1/blobs/{sha}/chunks/{i}`    | the chunk bytes | [`UploadStatus`] | city roles |
//! | `GET /v1/blobs/{sha}/manifest`      |                 | [`BlobManifest`] | any device |
//! | `GET /v1/blobs/{sha}`               |                 | the bytes; one `Range: bytes=a-b` gives `206` | any device |
//!
//! A blob that is not (completely) on the server is `404` with
//! [`crate::ErrorCode::NotFound`].

use std::io::Read;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The size of every chunk but the last.
pub const CHUNK_SIZE: u64 = 4 * 1024 * 1024;

/// What a file is: its SHA-256, its size, and the SHA-256 of each chunk, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobManifest {
    /// The whole file's SHA-256, lower-case hex (its name in every store).
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
    /// The size of every chunk but the last (at most [`CHUNK_SIZE`]).
    pub chunk_size: u64,
    /// The SHA-256 (hex) of each chunk, in order: `ceil(size / chunk_size)` of them.
    pub chunks: Vec<String>,
}

/// What the server holds of an upload: the chunks it has verified and stored, and whether
/// the whole file is in place (then nothing more needs sending).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadStatus {
    /// The chunks stored and verified, by index.
    pub have: Vec<u32>,
    /// The whole file is in place.
    pub complete: bool,
}

/// Why a manifest cannot describe a file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[allow(missing_docs)] // each variant's message says what it is
pub enum ManifestError {
    #[error("not a SHA-256 in lower-case hex: {0:?}")]
    BadSha(String),
    #[error("the chunk size must be between 1 and {CHUNK_SIZE} bytes, not {0}")]
    BadChunkSize(u64),
    #[error("a file of {size} bytes has {expected} chunks of {chunk_size} bytes, not {got}")]
    ChunkCount { size: u64, chunk_size: u64, expected: u64, got: usize },
    #[error("the manifest is for {manifest}, not {asked}")]
    OtherFile { manifest: String, asked: String },
}

impl BlobManifest {
    /// The manifest of everything `reader` yields, in one pass (the whole file's hash and
    /// the chunks' hashes together).
    pub fn of(mut reader: impl Read) -> std::io::Result<BlobManifest> {
        let mut builder = ManifestBuilder::new(CHUNK_SIZE);
        let mut buf = vec![0u8; 1024 * 1024];
        loop {
            match reader.read(&mut buf) {
                Ok(0) => return Ok(builder.finish()),
                Ok(n) => builder.update(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// How many chunks a file of `size` bytes has.
    pub fn chunk_count_for(size: u64, chunk_size: u64) -> u64 {
        size.div_ceil(chunk_size.max(1))
    }

    /// Where chunk `index` starts in the file.
    pub fn chunk_offset(&self, index: u32) -> u64 {
        u64::from(index) * self.chunk_size
    }

    /// The length of chunk `index` (0 past the end).
    pub fn chunk_len(&self, index: u32) -> u64 {
        self.size.saturating_sub(self.chunk_offset(index)).min(self.chunk_size)
    }

    /// The number of chunks, as the index type.
    pub fn chunk_count(&self) -> u32 {
        u32::try_from(self.chunks.len()).unwrap_or(u32::MAX)
    }

    /// Checks that the manifest is well-formed and describes the file `sha`.
    pub fn validate(&self, sha: &str) -> Result<(), ManifestError> {
        if !is_sha256_hex(&self.sha256) {
            return Err(ManifestError::BadSha(self.sha256.clone()));
        }
        if self.sha256 != sha {
            return Err(ManifestError::OtherFile {
                manifest: self.sha256.clone(),
                asked: sha.to_owned(),
            });
        }
        if self.chunk_size == 0 || self.chunk_size > CHUNK_SIZE {
            return Err(ManifestError::BadChunkSize(self.chunk_size));
        }
        let expected = BlobManifest::chunk_count_for(self.size, self.chunk_size);
        if expected != self.chunks.len() as u64 || expected > u64::from(u32::MAX) {
            return Err(ManifestError::ChunkCount {
                size: self.size,
                chunk_size: self.chunk_size,
                expected,
                got: self.chunks.len(),
            });
        }
        if let Some(bad) = self.chunks.iter().find(|c| !is_sha256_hex(c)) {
            return Err(ManifestError::BadSha(bad.clone()));
        }
        Ok(())
    }
}

/// Hashes a file as it goes by (while copying or receiving it) into its [`BlobManifest`].
#[derive(Clone, Debug)]
pub struct ManifestBuilder {
    chunk_size: u64,
    whole: Sha256,
    chunk: Sha256,
    in_chunk: u64,
    size: u64,
    chunks: Vec<String>,
}

impl ManifestBuilder {
    /// An empty file, cut into chunks of `chunk_size` bytes (at least 1).
    pub fn new(chunk_size: u64) -> ManifestBuilder {
        ManifestBuilder {
            chunk_size: chunk_size.max(1),
            whole: Sha256::new(),
            chunk: Sha256::new(),
            in_chunk: 0,
            size: 0,
            chunks: Vec::new(),
        }
    }

    /// Adds the next bytes of the file.
    pub fn update(&mut self, mut bytes: &[u8]) {
        self.whole.update(bytes);
        self.size += bytes.len() as u64;
        while !bytes.is_empty() {
            let room = usize::try_from(self.chunk_size - self.in_chunk).unwrap_or(usize::MAX);
            let (now, rest) = bytes.split_at(room.min(bytes.len()));
            self.chunk.update(now);
            self.in_chunk += now.len() as u64;
            if self.in_chunk == self.chunk_size {
                self.chunks.push(hex(&self.chunk.finalize_reset()));
                self.in_chunk = 0;
            }
            bytes = rest;
        }
    }

    /// The manifest of everything added.
    pub fn finish(mut self) -> BlobManifest {
        if self.in_chunk > 0 {
            self.chunks.push(hex(&self.chunk.finalize_reset()));
        }
        BlobManifest {
            sha256: hex(&self.whole.finalize()),
            size: self.size,
            chunk_size: self.chunk_size,
            chunks: self.chunks,
        }
    }
}

/// Whether `s` is a SHA-256 as blobs are named: 64 lower-case hex digits.
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The SHA-256 of `bytes`, in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hex of a digest.
pub fn hex(digest: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(digest.len() * 2);
    for b in digest {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    #[test]
    fn a_manifest_hashes_the_file_and_each_chunk_in_one_pass() {
        let bytes: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut builder = ManifestBuilder::new(4096);
        // Fed in uneven pieces, as a network or a copy gives them.
        for piece in bytes.chunks(999) {
            builder.update(piece);
        }
        let m = builder.finish();
        assert_eq!(m.sha256, sha256_hex(&bytes));
        assert_eq!(m.size, 10_000);
        assert_eq!(
            m.chunks,
            vec![
                sha256_hex(&bytes[..4096]),
                sha256_hex(&bytes[4096..8192]),
                sha256_hex(&bytes[8192..])
            ]
        );
        assert_eq!((m.chunk_len(0), m.chunk_len(2), m.chunk_len(3)), (4096, 10_000 - 8192, 0));
        assert_eq!(m.validate(&sha256_hex(&bytes)), Ok(()));
    }

    #[test]
    fn whole_chunks_and_the_empty_file() {
        let bytes = vec![1u8; (2 * CHUNK_SIZE) as usize];
        let m = BlobManifest::of(&bytes[..]).unwrap();
        assert_eq!(m.chunks.len(), 2, "no empty third chunk");
        assert_eq!(m.validate(&sha256_hex(&bytes)), Ok(()));
        let empty = BlobManifest::of(&[][..]).unwrap();
        assert_eq!((empty.sha256.as_str(), empty.size, empty.chunks.len()), (EMPTY, 0, 0));
        assert_eq!(empty.validate(EMPTY), Ok(()));
    }

    #[test]
    fn malformed_manifests_are_refused() {
        let good = BlobManifest::of(&[7u8; 100][..]).unwrap();
        let sha = good.sha256.clone();
        let with = |f: &dyn Fn(&mut BlobManifest)| {
            let mut m = good.clone();
            f(&mut m);
            m.validate(&sha)
        };
        assert!(matches!(
            with(&|m| m.size = CHUNK_SIZE + 1),
            Err(ManifestError::ChunkCount { .. })
        ));
        assert!(matches!(with(&|m| m.chunks.clear()), Err(ManifestError::ChunkCount { .. })));
        assert!(matches!(with(&|m| m.chunk_size = 0), Err(ManifestError::BadChunkSize(0))));
        assert!(matches!(
            with(&|m| m.chunk_size = 2 * CHUNK_SIZE),
            Err(ManifestError::BadChunkSize(_))
        ));
        assert!(matches!(with(&|m| m.chunks[0] = "ABC".into()), Err(ManifestError::BadSha(_))));
        assert!(matches!(good.validate(EMPTY), Err(ManifestError::OtherFile { .. })));
    }

    #[test]
    fn sha_names_are_lower_case_hex_of_64() {
        assert!(is_sha256_hex(EMPTY));
        assert!(!is_sha256_hex(&EMPTY.to_uppercase()));
        assert!(!is_sha256_hex(&EMPTY[1..]));
        assert!(!is_sha256_hex(&format!("{}g", &EMPTY[1..])));
        assert!(!is_sha256_hex("../../etc/passwd"));
    }

    #[test]
    fn manifests_are_plain_json() {
        let m = BlobManifest::of(&b"abc"[..]).unwrap();
        let text = serde_json::to_string(&m).unwrap();
        assert!(text.starts_with(r#"{"sha256":"ba7816bf"#), "{text}");
        assert_eq!(serde_json::from_str::<BlobManifest>(&text).unwrap(), m);
    }
}
