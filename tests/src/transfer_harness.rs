//! Files (training materials) between a real city server and real clients: a [`Desk`]
//! with the city ([`City`], SQLite), enrolled devices of [`THU`] (city reviewer, who
//! publishes) and [`LAN`] (ward official, who downloads), a work folder for the people's
//! files and the laptops' [`BlobDir`]s, and a [`FaultyProxy`] that breaks connections or
//! damages bytes on the way, and counts them.

// Test vocabulary: a step that fails is a failed test, said with a message (panics).
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::pin::pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;
use xaso_proto::BlobManifest;
use xaso_sync::{BlobClient, BlobDir, DeviceToken, ServerConfig, TransferProgress};

use crate::sync_harness::{Backend, City, LAN, Laptop, THU};

/// The city, a publisher and a ward official, and a folder to work in.
#[derive(Debug)]
pub struct Desk {
    pub city: City,
    /// The city reviewer's device token (may publish).
    pub thu: DeviceToken,
    /// The ward official's device token (may only download).
    pub lan: DeviceToken,
    work: tempfile::TempDir,
    _laptops: (Laptop, Laptop),
}

impl Desk {
    pub fn start(backend: Backend) -> Desk {
        let city = City::start(backend);
        let thu_laptop = Laptop::enrolled("city laptop", &city, THU);
        let lan_laptop = Laptop::enrolled("ward laptop", &city, LAN);
        let (thu, lan) = (thu_laptop.token(), lan_laptop.token());
        let work = tempfile::Builder::new().prefix("xaso-files-").tempdir().expect("a temp folder");
        Desk { city, thu, lan, work, _laptops: (thu_laptop, lan_laptop) }
    }

    /// A person's file of `len` pseudo-random bytes (incompressible, like media).
    pub fn file(&self, name: &str, len: u64, seed: u64) -> PathBuf {
        let path = self.work.path().join(name);
        std::fs::write(&path, random_bytes(len, seed)).expect("a person's file");
        path
    }

    /// A laptop's store of files, fresh.
    pub fn blob_dir(&self, laptop: &str) -> BlobDir {
        BlobDir::new(self.work.path().join(laptop).join("blobs"))
    }

    /// A file client for the server (or a proxy) at `url`.
    pub fn client(&self, url: &str) -> BlobClient {
        BlobClient::new(&ServerConfig::new(url)).expect("a client")
    }

    /// The city reviewer imports `path` and uploads it straight to the server.
    pub fn publish(&self, path: &Path) -> BlobManifest {
        let dir = self.blob_dir("publisher");
        let manifest = dir.import(path).expect("the file is imported");
        let client = self.client(&self.city.url());
        self.block_on(client.upload(&self.thu, &dir, &manifest.sha256, &|_| {}))
            .expect("the file is published");
        manifest
    }

    /// Where the server keeps its complete files.
    pub fn server_blobs(&self) -> PathBuf {
        self.city.blobs_dir().to_owned()
    }

    pub fn block_on<F: Future>(&self, f: F) -> F::Output {
        self.city.block_on(f)
    }
}

/// Deterministic bytes that do not compress.
pub fn random_bytes(len: u64, seed: u64) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = Vec::with_capacity(len as usize);
    while (out.len() as u64) < len {
        // xorshift64*
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        let word = state.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes();
        let take = (len as usize - out.len()).min(8);
        out.extend_from_slice(&word[..take]);
    }
    out
}

/// The SHA-256 of a file on disk, as hex.
pub fn sha256_of(path: &Path) -> String {
    xaso_proto::BlobManifest::of(std::fs::File::open(path).expect("the file opens"))
        .expect("the file reads")
        .sha256
}

/// Every progress report a transfer made.
#[derive(Debug, Default, Clone)]
pub struct Reports(Arc<Mutex<Vec<TransferProgress>>>);

impl Reports {
    pub fn hear(&self) -> impl Fn(TransferProgress) + Send + Sync + 'static {
        let reports = Arc::clone(&self.0);
        move |p| reports.lock().unwrap().push(p)
    }

    pub fn all(&self) -> Vec<TransferProgress> {
        self.0.lock().unwrap().clone()
    }
}

/// A TCP proxy in front of the city server that counts bytes each way and, once armed,
/// cuts a connection after a number of bytes, or flips one byte of what the server sent.
#[derive(Debug)]
pub struct FaultyProxy {
    addr: SocketAddr,
    state: Arc<Faults>,
    task: tokio::task::JoinHandle<()>,
}

const NEVER: u64 = u64::MAX;

#[derive(Debug)]
struct Faults {
    up: AtomicU64,
    down: AtomicU64,
    /// The total downstream byte count at which the connection carrying it is closed.
    cut_down_at: AtomicU64,
    /// The same, upstream (client → server).
    cut_up_at: AtomicU64,
    /// The total downstream byte count whose byte is flipped.
    flip_at: AtomicU64,
    cuts: AtomicU64,
    flips: AtomicU64,
}

impl FaultyProxy {
    pub fn start(city: &City) -> FaultyProxy {
        let upstream = city.addr();
        let state = Arc::new(Faults {
            up: AtomicU64::new(0),
            down: AtomicU64::new(0),
            cut_down_at: AtomicU64::new(NEVER),
            cut_up_at: AtomicU64::new(NEVER),
            flip_at: AtomicU64::new(NEVER),
            cuts: AtomicU64::new(0),
            flips: AtomicU64::new(0),
        });
        let listener =
            city.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("the proxy listens");
        let addr = listener.local_addr().expect("the proxy's address");
        let shared = Arc::clone(&state);
        let task = city.runtime().spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let state = Arc::clone(&shared);
                tokio::spawn(async move {
                    if let Ok(server) = TcpStream::connect(upstream).await {
                        let _ = client.set_nodelay(true);
                        let _ = server.set_nodelay(true);
                        relay(client, server, state).await;
                    }
                });
            }
        });
        FaultyProxy { addr, state, task }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Closes the connection that carries the server's `n`-th byte from now (once).
    pub fn cut_answers_after(&self, n: u64) {
        let now = self.state.down.load(Ordering::SeqCst);
        self.state.cut_down_at.store(now + n, Ordering::SeqCst);
    }

    /// Closes the connection that carries the client's `n`-th byte from now (once).
    pub fn cut_requests_after(&self, n: u64) {
        let now = self.state.up.load(Ordering::SeqCst);
        self.state.cut_up_at.store(now + n, Ordering::SeqCst);
    }

    /// Flips the server's `n`-th byte from now (once).
    pub fn flip_answer_byte(&self, n: u64) {
        let now = self.state.down.load(Ordering::SeqCst);
        self.state.flip_at.store(now + n, Ordering::SeqCst);
    }

    /// Bytes forwarded client → server and server → client so far.
    pub fn bytes(&self) -> (u64, u64) {
        (self.state.up.load(Ordering::SeqCst), self.state.down.load(Ordering::SeqCst))
    }

    /// Connections cut, bytes flipped.
    pub fn faults(&self) -> (u64, u64) {
        (self.state.cuts.load(Ordering::SeqCst), self.state.flips.load(Ordering::SeqCst))
    }
}

impl Drop for FaultyProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Ended {
    Closed,
    Cut,
}

/// Copies `from` → `to`, counting in `count`, cutting at `cut_at`, flipping at `flip_at`.
async fn pump(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    state: &Faults,
    count: &AtomicU64,
    cut_at: &AtomicU64,
    flip_at: Option<&AtomicU64>,
) -> Ended {
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let before = count.fetch_add(n as u64, Ordering::SeqCst);
        let after = before + n as u64;
        if let Some(flip_at) = flip_at {
            let at = flip_at.load(Ordering::SeqCst);
            if (before..after).contains(&at)
                && flip_at.compare_exchange(at, NEVER, Ordering::SeqCst, Ordering::SeqCst).is_ok()
            {
                buf[(at - before) as usize] ^= 0xff;
                state.flips.fetch_add(1, Ordering::SeqCst);
            }
        }
        let cut = cut_at.load(Ordering::SeqCst);
        if (before..after).contains(&cut)
            && cut_at.compare_exchange(cut, NEVER, Ordering::SeqCst, Ordering::SeqCst).is_ok()
        {
            let keep = (cut - before) as usize;
            // What was not forwarded was not sent.
            count.fetch_sub((n - keep) as u64, Ordering::SeqCst);
            let _ = to.write_all(&buf[..keep]).await;
            state.cuts.fetch_add(1, Ordering::SeqCst);
            return Ended::Cut;
        }
        if to.write_all(&buf[..n]).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
    Ended::Closed
}

async fn relay(client: TcpStream, server: TcpStream, state: Arc<Faults>) {
    let (client_read, client_write) = client.into_split();
    let (server_read, server_write) = server.into_split();
    let mut up = pin!(pump(client_read, server_write, &state, &state.up, &state.cut_up_at, None));
    let mut down = pin!(pump(
        server_read,
        client_write,
        &state,
        &state.down,
        &state.cut_down_at,
        Some(&state.flip_at),
    ));
    // A cut drops both sockets at once; a close waits for the other way to finish.
    tokio::select! {
        ended = &mut up => if ended == Ended::Closed { down.await; },
        ended = &mut down => if ended == Ended::Closed { up.await; },
    }
}

/// One raw HTTP/1.1 request (what a client of our own would never send): the status code
/// and the body.
pub async fn raw_request(addr: SocketAddr, head: &str) -> (u16, Vec<(String, String)>, String) {
    let mut stream = TcpStream::connect(addr).await.expect("the server accepts");
    let request = format!("{head}\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("the request is sent");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("the answer arrives");
    let text = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_owned()))
        .collect();
    (status, headers, body.to_owned())
}
