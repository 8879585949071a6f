//! The city server under abuse, on loopback (server and attackers in one process; the
//! attackers hold nothing but sockets and one shared buffer):
//!
//! - `/v1/health` latency, each request on a new connection (a new client), p50 / p99:
//!   with nothing else open; with 500 idle or slow connections open (250 connected and
//!   silent, 250 with half a request head); with 1 000 (beyond the 512 cap); and how long
//!   until the server has closed all 500;
//! - the server's memory (RSS growth) while 100 unfinished enrolments are open, each
//!   having sent 8 MiB of a chunked body that never ends.
//!
//! - a real enrolment's time right after 200 abandoned ones (clients that hung up while
//!   their password checks queued), and what 200 wrong passwords in a row for one account
//!   are answered (then the right one).
//!
//! `cargo bench -p xaso-server --bench abuse`. The process's open-file limit is raised to
//! its hard limit first (1 000 idle connections are 2 000 descriptors, both ends here).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark panics on purpose

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use xaso_proto::{PROTOCOL_HEADER, PROTOCOL_VERSION};

const SAMPLES: usize = 1_000;
const PASSWORD: &str = "mật khẩu của bài đo";

fn main() {
    raise_fd_limit();
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(bench());
}

fn raise_fd_limit() {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE).unwrap();
    setrlimit(Resource::RLIMIT_NOFILE, hard, hard).unwrap();
    println!("open-file limit raised from {soft} to {hard} for this benchmark");
}

async fn bench() {
    let dir = tempfile::tempdir().unwrap();
    let storage =
        xaso_server::Storage::open(&dir.path().join("abuse.sqlite3").display().to_string())
            .unwrap();
    xaso_server::import_units(&storage, xaso_server::BUNDLED_UNITS).unwrap();
    for name in ["an", "binh"] {
        xaso_server::add_user(
            &storage,
            name,
            name,
            xaso_domain::Role::UnitOfficial,
            Some("26743"),
            PASSWORD,
        )
        .unwrap();
    }
    // The default limits, but for the address rule: every client here is 127.0.0.1, and
    // the enrolment figures are about the account rule and the queue.
    let mut limits = xaso_server::Limits::default();
    limits.sign_in.address.free = 100_000;
    limits.sign_in.address.lock_after = 100_000;
    let options = xaso_server::ServeOptions { limits, ..Default::default() };
    let server =
        xaso_server::spawn_with(storage, "127.0.0.1:0".parse().unwrap(), options).await.unwrap();
    let addr = server.addr();

    let alone = health_latencies(addr).await;
    report("health, nothing else open", &alone);

    let opened = Instant::now();
    let mut held = open_idle(addr, 500).await;
    // Let the server take in what the 500 sent before timing others.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let with_500 = health_latencies(addr).await;
    report("health, 500 idle/slow connections open", &with_500);
    println!(
        "  p99 ratio to nothing open: {:.2}",
        percentile(&with_500, 0.99).as_secs_f64() / percentile(&alone, 0.99).as_secs_f64()
    );
    let closed = all_closed(&mut held).await;
    println!(
        "  all 500 closed by the server {:.1} s after they opened (head timeout {} s)",
        (closed - opened).as_secs_f64(),
        xaso_server::Limits::default().request_head.as_secs()
    );

    let mut held = open_idle(addr, 1_000).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let with_1000 = health_latencies(addr).await;
    report("health, 1 000 idle/slow connections open (cap 512)", &with_1000);
    println!(
        "  p99 ratio to nothing open: {:.2}",
        percentile(&with_1000, 0.99).as_secs_f64() / percentile(&alone, 0.99).as_secs_f64()
    );
    held.clear();

    unfinished_enrolments(addr).await;
    abandoned_checks(addr).await;
    wrong_passwords(addr).await;
    server.stop().await.unwrap();
}

/// `SAMPLES` health requests, each on a new connection, one after another.
async fn health_latencies(addr: std::net::SocketAddr) -> Vec<Duration> {
    let mut out = Vec::with_capacity(SAMPLES);
    let request = b"GET /v1/health HTTP/1.1\r\nHost: city\r\nConnection: close\r\n\r\n";
    for _ in 0..SAMPLES {
        let start = Instant::now();
        let mut socket = TcpStream::connect(addr).await.unwrap();
        socket.write_all(request).await.unwrap();
        let mut answer = Vec::new();
        socket.read_to_end(&mut answer).await.unwrap();
        assert!(answer.starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&answer));
        out.push(start.elapsed());
    }
    out.sort();
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn report(what: &str, sorted: &[Duration]) {
    println!(
        "{what}: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} requests)",
        percentile(sorted, 0.5).as_secs_f64() * 1000.0,
        percentile(sorted, 0.99).as_secs_f64() * 1000.0,
        sorted.last().unwrap().as_secs_f64() * 1000.0,
        sorted.len()
    );
}

/// `n` connections: half silent, half with half a request head.
async fn open_idle(addr: std::net::SocketAddr, n: usize) -> Vec<TcpStream> {
    let mut held = Vec::with_capacity(n);
    for i in 0..n {
        let mut socket = TcpStream::connect(addr).await.unwrap();
        if i % 2 == 1 {
            socket.write_all(b"GET /v1/health HTTP/1.1\r\nHost: ci").await.unwrap();
        }
        held.push(socket);
    }
    held
}

/// When the server has closed every one of `held`.
async fn all_closed(held: &mut [TcpStream]) -> Instant {
    let mut buf = [0u8; 256];
    for socket in held.iter_mut() {
        loop {
            match socket.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    }
    Instant::now()
}

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// 100 enrolments that send 8 MiB of a chunked body each and never finish.
async fn unfinished_enrolments(addr: std::net::SocketAddr) {
    const CLIENTS: usize = 100;
    const SENT: usize = 8 * 1024 * 1024;
    let before = rss_kib();
    let chunk = vec![b'a'; 64 * 1024];
    let frame = [format!("{:x}\r\n", chunk.len()).into_bytes(), chunk, b"\r\n".to_vec()].concat();
    let frame = std::sync::Arc::new(frame);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let frame = std::sync::Arc::clone(&frame);
        tasks.push(tokio::spawn(async move {
            let mut socket = TcpStream::connect(addr).await.unwrap();
            let head = format!(
                "POST /v1/enroll HTTP/1.1\r\nHost: city\r\n{PROTOCOL_HEADER}: {PROTOCOL_VERSION}\r\n\
                 Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            );
            socket.write_all(head.as_bytes()).await.unwrap();
            let mut sent = 0;
            while sent < SENT {
                if socket.write_all(&frame).await.is_err() {
                    break; // the server answered and hung up: fine
                }
                sent += 64 * 1024;
            }
            socket
        }));
    }
    let mut sockets = Vec::new();
    for task in tasks {
        sockets.push(task.await.unwrap());
    }
    let after = rss_kib();
    println!(
        "100 unfinished enrolments of 8 MiB each ({:.1} s to send): RSS {} MiB -> {} MiB, growth {} MiB",
        start.elapsed().as_secs_f64(),
        before / 1024,
        after / 1024,
        after.saturating_sub(before) / 1024
    );
    drop(sockets);
}

fn enroll_request(user: &str, password: &str) -> String {
    let body = serde_json::json!({
        "user": user, "password": password, "device_id": uuid::Uuid::now_v7(),
        "device_name": "bench",
    })
    .to_string();
    format!(
        "POST /v1/enroll HTTP/1.1\r\nHost: city\r\n{PROTOCOL_HEADER}: {PROTOCOL_VERSION}\r\n\
         Content-Type: application/json\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// Sends one enrolment on a new connection; answers the status line and the time taken.
async fn enroll(addr: std::net::SocketAddr, user: &str, password: &str) -> (String, Duration) {
    let start = Instant::now();
    let mut socket = TcpStream::connect(addr).await.unwrap();
    socket.write_all(enroll_request(user, password).as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    socket.read_to_end(&mut answer).await.unwrap();
    let status = String::from_utf8_lossy(&answer).lines().next().unwrap_or_default().to_owned();
    (status, start.elapsed())
}

/// 200 enrolments whose clients hang up at once, then a real one 0.1 s later, timed
/// (with the unbounded queue of before, it waited behind ~200 × 40 ms / 2 threads).
async fn abandoned_checks(addr: std::net::SocketAddr) {
    let before = xaso_server::password_checks();
    let mut sockets = Vec::new();
    for i in 0..200 {
        let mut socket = TcpStream::connect(addr).await.unwrap();
        socket.write_all(enroll_request(&format!("ghost{i}"), "x").as_bytes()).await.unwrap();
        sockets.push(socket);
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    drop(sockets);
    // The server notices the hang-ups at once; the queue empties as the two checks
    // running finish (the skipped ones cost nothing).
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (status, took) = enroll(addr, "binh", PASSWORD).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = xaso_server::password_checks();
    println!(
        "a real enrolment right after 200 abandoned ones: {status} in {:.0} ms \
         (checks computed {}, skipped {}, refused 503 {})",
        took.as_secs_f64() * 1000.0,
        after.computed - before.computed,
        after.skipped - before.skipped,
        after.refused - before.refused
    );
}

/// 200 wrong passwords for one account, one after another, then the right one.
async fn wrong_passwords(addr: std::net::SocketAddr) {
    let start = Instant::now();
    let mut answers = std::collections::BTreeMap::<String, usize>::new();
    for _ in 0..200 {
        let (status, _) = enroll(addr, "an", "sai").await;
        *answers.entry(status).or_default() += 1;
    }
    let (right, _) = enroll(addr, "an", PASSWORD).await;
    println!(
        "200 wrong passwords for one account in {:.1} s: {answers:?}; then the right one: {right}",
        start.elapsed().as_secs_f64()
    );
}
