//! The server holds under abuse: slow and idle connections are cut off or make room,
//! enrolment bodies are small, failed sign-ins slow down and lock (per account name and
//! per address, lifted by the admin's command while the server runs), and the password
//! checkers' queue is bounded and skips checks whose client has gone.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers panic on purpose

#[macro_use]
mod common;

use std::io::Write;
use std::process::Command;
use std::time::Duration;

use common::*;
use reqwest::StatusCode;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use uuid::Uuid;
use xaso_domain::Role;
use xaso_proto::{PROTOCOL_HEADER, PROTOCOL_VERSION};
use xaso_server::throttle::Rule;
use xaso_server::{Limits, RunningServer, ServeOptions, SignInLimits, Storage, TlsFiles};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

/// The password checkers (and their counters) are one per process: the tests that enrol
/// take turns.
static CHECKERS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Generous: only a bound for something that should happen within a second or two.
const PATIENCE: Duration = Duration::from_secs(15);

struct Server {
    db: TestDb,
    storage: Storage,
    server: RunningServer,
    http: reqwest::Client,
}

impl Server {
    async fn start(backend: Backend, limits: Limits) -> Server {
        Server::start_with(backend, ServeOptions { limits, ..ServeOptions::default() }).await
    }

    async fn start_with(backend: Backend, options: ServeOptions) -> Server {
        let db = TestDb::new(backend);
        let storage = Storage::open(&db.url()).unwrap();
        xaso_server::import_units(&storage, xaso_server::BUNDLED_UNITS).unwrap();
        let server =
            xaso_server::spawn_with(storage.clone(), "127.0.0.1:0".parse().unwrap(), options)
                .await
                .unwrap();
        Server { db, storage, server, http: http_client() }
    }

    fn add_user(&self, name: &str) {
        xaso_server::add_user(
            &self.storage,
            name,
            name,
            Role::UnitOfficial,
            Some(UNIT_A),
            PASSWORD,
        )
        .unwrap();
    }

    /// Answers the status and the `Retry-After` header.
    async fn enroll(&self, user: &str, password: &str) -> (StatusCode, Option<u64>) {
        let body = json!({
            "user": user, "password": password, "device_id": Uuid::now_v7(),
            "device_name": "Laptop",
        });
        let resp = self
            .http
            .post(format!("{}/v1/enroll", self.server.url()))
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .json(&body)
            .send()
            .await
            .unwrap();
        let after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .map(|v| v.to_str().unwrap().parse::<u64>().unwrap());
        (resp.status(), after)
    }

    fn cli(&self, args: &[&str]) -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_xaso-server"))
            .args(args)
            .args(["--database", &self.db.url()])
            .env("RUST_LOG", "warn")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
        stdout
    }
}

/// Reads until the server closes the connection; panics if it stays open past
/// [`PATIENCE`].
async fn closed_by_server(socket: &mut TcpStream) {
    let mut buf = [0u8; 1024];
    let closed = tokio::time::timeout(PATIENCE, async {
        loop {
            match socket.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "the server kept a slow connection open");
}

fn short(limits: Limits) -> Limits {
    Limits {
        request_head: Duration::from_millis(500),
        tls_handshake: Duration::from_millis(500),
        request_body: Duration::from_millis(500),
        ..limits
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_heads_and_bodies_are_cut_off() {
    let s = Server::start(Backend::Sqlite, short(Limits::default())).await;
    // Half a head, then nothing: closed after the head timeout.
    let mut loris = TcpStream::connect(s.server.addr()).await.unwrap();
    loris.write_all(b"GET /v1/health HTTP/1.1\r\nHost: city\r\nX-Slow: ").await.unwrap();
    closed_by_server(&mut loris).await;
    // Connected, nothing said: the same.
    let mut mute = TcpStream::connect(s.server.addr()).await.unwrap();
    closed_by_server(&mut mute).await;
    // A body that stops coming: answered 408 at the body deadline.
    let mut slow = TcpStream::connect(s.server.addr()).await.unwrap();
    let head = format!(
        "POST /v1/enroll HTTP/1.1\r\nHost: city\r\n{PROTOCOL_HEADER}: {PROTOCOL_VERSION}\r\n\
         Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{{\"user\":"
    );
    slow.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(PATIENCE, slow.read_to_end(&mut answer)).await.unwrap().unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    // Meanwhile the server answers everyone else.
    let resp = s.http.get(format!("{}/v1/health", s.server.url())).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    s.server.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tls_connection_that_never_says_hello_is_cut_off() {
    let tls = TlsFiles {
        cert: format!("{FIXTURES}/cert.pem").into(),
        key: format!("{FIXTURES}/key.pem").into(),
    };
    let options = ServeOptions {
        tls: Some(tls),
        limits: short(Limits::default()),
        ..ServeOptions::default()
    };
    let s = Server::start_with(Backend::Sqlite, options).await;
    let mut mute = TcpStream::connect(s.server.addr()).await.unwrap();
    closed_by_server(&mut mute).await;
    // Half a ClientHello: the same.
    let mut half = TcpStream::connect(s.server.addr()).await.unwrap();
    half.write_all(&[0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00]).await.unwrap();
    closed_by_server(&mut half).await;
    s.server.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_connections_beyond_the_cap_make_room_for_others() {
    // Long head timeout: only the cap can save the server here.
    let limits =
        Limits { max_connections: 8, request_head: Duration::from_secs(600), ..Limits::default() };
    let s = Server::start(Backend::Sqlite, limits).await;
    let mut idle = Vec::new();
    for i in 0..30 {
        let mut socket = TcpStream::connect(s.server.addr()).await.unwrap();
        if i % 2 == 0 {
            socket.write_all(b"GET /v1/health HTTP/1.1\r\nHost: ").await.unwrap();
        }
        idle.push(socket);
    }
    for _ in 0..5 {
        let client = http_client(); // a new client: a new connection each time
        let resp = tokio::time::timeout(
            PATIENCE,
            client.get(format!("{}/v1/health", s.server.url())).send(),
        )
        .await
        .expect("health answered despite the idle connections")
        .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
    }
    // The oldest idle ones were closed to make room.
    closed_by_server(&mut idle[0]).await;
    s.server.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_enrolment_body_over_its_small_limit_is_413() {
    let s = Server::start(Backend::Sqlite, Limits::default()).await;
    let url = format!("{}/v1/enroll", s.server.url());
    let big = json!({
        "user": "a", "password": "x".repeat(8 * 1024), "device_id": Uuid::now_v7(),
        "device_name": "Laptop",
    });
    let (status, body) = send(s.http.post(&url).json(&big)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["code"], "too_large");
    assert!(body["en"].as_str().unwrap().contains("4 KiB"), "{body}");
    // Compressed small, large once read: counted after decompression.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&serde_json::to_vec(&big).unwrap()).unwrap();
    let zipped = gz.finish().unwrap();
    assert!(zipped.len() < 4096);
    let (status, _) = send(
        s.http
            .post(&url)
            .header("content-type", "application/json")
            .header("content-encoding", "gzip")
            .body(zipped),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // A push may still be large: its limit is its own.
    let (status, _) = send(
        s.http
            .post(format!("{}/v1/push", s.server.url()))
            .header("content-type", "application/json")
            .body(vec![b' '; 64 * 1024]),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "not 413: 64 KiB is fine for a push");
    s.server.stop().await.unwrap();
}

/// Account: 2 free failures, then 1 s, locked at the 4th. Address: never in the way.
fn account_rules() -> Limits {
    Limits {
        sign_in: SignInLimits {
            account: Rule {
                free: 2,
                first_delay: Duration::from_secs(1),
                max_delay: Duration::from_secs(1),
                lock_after: 4,
            },
            address: Rule {
                free: 1000,
                first_delay: Duration::from_secs(1),
                max_delay: Duration::from_secs(1),
                lock_after: 10_000,
            },
        },
        ..Limits::default()
    }
}

/// Waits out a `Retry-After`.
async fn wait(after: Option<u64>) {
    tokio::time::sleep(
        Duration::from_secs(after.expect("a Retry-After")) + Duration::from_millis(100),
    )
    .await;
}

async fn failed_sign_ins_slow_down_then_lock_until_unlocked(backend: Backend) {
    let _turn = CHECKERS.lock().await;
    let s = Server::start(backend, account_rules()).await;
    s.add_user("a");
    let wrong = "sai mật khẩu";
    assert_eq!(s.enroll("a", wrong).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(s.enroll("a", wrong).await.0, StatusCode::UNAUTHORIZED);
    // Too soon after the 2nd failure: refused unchecked, the right password included.
    let (status, after) = s.enroll("a", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(after, Some(1));
    wait(after).await;
    assert_eq!(s.enroll("a", wrong).await.0, StatusCode::UNAUTHORIZED);
    let (status, after) = s.enroll("a", wrong).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    wait(after).await;
    // The 4th failure locks the name: no Retry-After, the right password refused, for good.
    assert_eq!(s.enroll("a", wrong).await.0, StatusCode::UNAUTHORIZED);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (status, after) = s.enroll("a", PASSWORD).await;
    assert_eq!((status, after), (StatusCode::TOO_MANY_REQUESTS, None));

    // The admin lifts it from another process while the server runs.
    let out = s.cli(&["user", "unlock", "--name", "a"]);
    assert!(out.contains("unlocked"), "{out}");
    assert_eq!(s.enroll("a", PASSWORD).await.0, StatusCode::OK);
    // A success forgets the account's failures: two typos are free again.
    assert_eq!(s.enroll("a", wrong).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(s.enroll("a", wrong).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(s.enroll("a", wrong).await.0, StatusCode::TOO_MANY_REQUESTS);

    // A name that does not exist is answered the same way.
    assert_eq!(s.enroll("không-có", wrong).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(s.enroll("không-có", wrong).await.0, StatusCode::UNAUTHORIZED);
    let (status, after) = s.enroll("không-có", wrong).await;
    assert_eq!((status, after), (StatusCode::TOO_MANY_REQUESTS, Some(1)));
    s.server.stop().await.unwrap();
}

async fn an_address_that_tries_many_names_is_locked_until_unlocked(backend: Backend) {
    let _turn = CHECKERS.lock().await;
    let mut limits = account_rules();
    limits.sign_in.address = Rule {
        free: 3,
        first_delay: Duration::from_secs(1),
        max_delay: Duration::from_secs(1),
        lock_after: 3,
    };
    let s = Server::start(backend, limits).await;
    s.add_user("a");
    for name in ["x1", "x2", "x3"] {
        assert_eq!(s.enroll(name, "đoán").await.0, StatusCode::UNAUTHORIZED, "{name}");
    }
    // Locked: a fourth name, even with its right password.
    let (status, after) = s.enroll("a", PASSWORD).await;
    assert_eq!((status, after), (StatusCode::TOO_MANY_REQUESTS, None));
    let out = s.cli(&["address", "unlock", "--address", "127.0.0.1"]);
    assert!(out.contains("unlocked"), "{out}");
    assert_eq!(s.enroll("a", PASSWORD).await.0, StatusCode::OK);
    s.server.stop().await.unwrap();
}

/// An Argon2id hash of [`PASSWORD`] that takes seconds to check: it keeps a checker
/// thread busy while the test fills the queue behind it.
fn slow_hash() -> String {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let params = argon2::Params::new(19 * 1024, 120, 1, None).unwrap();
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let salt = SaltString::encode_b64(b"xaso-abuse-test!").unwrap();
    argon.hash_password(PASSWORD.as_bytes(), &salt).unwrap().to_string()
}

/// Two enrolments of a user with a slow hash, running on both checker threads.
async fn occupy_both_checkers(s: &Server) -> Vec<tokio::task::JoinHandle<StatusCode>> {
    s.add_user("slow");
    let hash = slow_hash();
    s.storage
        .run(xaso_server::storage::Access::Write, move |tx| tx.set_password_hash("slow", &hash))
        .await
        .unwrap();
    let url = s.server.url();
    let running = (0..2)
        .map(|_| {
            let url = url.clone();
            tokio::spawn(async move {
                let body = json!({
                    "user": "slow", "password": PASSWORD, "device_id": Uuid::now_v7(),
                    "device_name": "Laptop",
                });
                let (status, _) =
                    send(http_client().post(format!("{url}/v1/enroll")).json(&body)).await;
                status
            })
        })
        .collect();
    until(|c| c.running == 2).await;
    running
}

/// Waits (at most [`PATIENCE`]) for the checkers' counters to satisfy `done`.
async fn until(done: impl Fn(&xaso_server::PasswordChecks) -> bool) -> xaso_server::PasswordChecks {
    let start = std::time::Instant::now();
    loop {
        let now = xaso_server::password_checks();
        if done(&now) {
            return now;
        }
        assert!(start.elapsed() < PATIENCE * 4, "the password checkers never reached it: {now:?}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// A raw enrolment request on its own connection (so the test can hang up on it).
async fn raw_enroll(addr: std::net::SocketAddr, user: &str) -> TcpStream {
    let body = json!({
        "user": user, "password": PASSWORD, "device_id": Uuid::now_v7(), "device_name": "L",
    })
    .to_string();
    let request = format!(
        "POST /v1/enroll HTTP/1.1\r\nHost: city\r\n{PROTOCOL_HEADER}: {PROTOCOL_VERSION}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut socket = TcpStream::connect(addr).await.unwrap();
    socket.write_all(request.as_bytes()).await.unwrap();
    socket
}

async fn a_full_password_queue_answers_503(backend: Backend) {
    let _turn = CHECKERS.lock().await;
    let s = Server::start(backend, Limits::default()).await;
    s.add_user("a");
    let slow = occupy_both_checkers(&s).await;
    let queued: Vec<TcpStream> = {
        let mut sockets = Vec::new();
        for _ in 0..xaso_server::limits::PASSWORD_QUEUE {
            sockets.push(raw_enroll(s.server.addr(), "a").await);
        }
        sockets
    };
    until(|c| c.queued == xaso_server::limits::PASSWORD_QUEUE).await;
    let (status, after) = s.enroll("a", PASSWORD).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(after, Some(xaso_server::limits::BUSY_RETRY_AFTER.as_secs()));
    for task in slow {
        assert_eq!(task.await.unwrap(), StatusCode::OK);
    }
    drop(queued);
    until(|c| c.queued == 0 && c.running == 0).await;
    // Room again.
    assert_eq!(s.enroll("a", PASSWORD).await.0, StatusCode::OK);
    s.server.stop().await.unwrap();
}

async fn a_check_whose_client_left_is_not_run(backend: Backend) {
    let _turn = CHECKERS.lock().await;
    let s = Server::start(backend, Limits::default()).await;
    s.add_user("a");
    let before = xaso_server::password_checks();
    let slow = occupy_both_checkers(&s).await;
    let mut left = Vec::new();
    for _ in 0..3 {
        left.push(raw_enroll(s.server.addr(), "a").await);
    }
    until(|c| c.queued == 3).await;
    // The three clients hang up while their checks wait.
    drop(left);
    for task in slow {
        assert_eq!(task.await.unwrap(), StatusCode::OK);
    }
    let after = until(|c| c.skipped >= before.skipped + 3 && c.queued == 0 && c.running == 0).await;
    assert_eq!(after.skipped - before.skipped, 3, "{after:?}");
    assert_eq!(after.computed - before.computed, 2, "only the two slow checks ran: {after:?}");
    s.server.stop().await.unwrap();
}

on_both_backends!(
    failed_sign_ins_slow_down_then_lock_until_unlocked,
    an_address_that_tries_many_names_is_locked_until_unlocked,
    a_full_password_queue_answers_503,
    a_check_whose_client_left_is_not_run,
);
