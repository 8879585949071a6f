//! The city server's throughput, on loopback, against each backend:
//!
//! - push 10 000 field changes (batches of 1 000, gzip bodies): changes per second;
//! - pull them from a fresh device (pages of 1 000, gzip answers): rows per second;
//! - bytes on the wire per change, compressed, each way;
//! - 168 clients at once (one per unit), each pushing 100 changes then pulling until
//!   done: p50 / p99 / slowest time to finish;
//! - the process's peak RSS (server and clients share the process);
//! - pulls of the largest rows the server accepts: 40 tasks of ~250 kB each, and the
//!   peak RSS while a fresh device pulls them (pages bounded by bytes);
//! - SQLite twice: with `synchronous = FULL` (the server's setting: nothing acknowledged
//!   is lost to a power cut) and with `NORMAL`, for the cost of durability.
//!
//! `cargo bench -p xaso-server --bench sync`. PostgreSQL runs when `XASO_TEST_POSTGRES`
//! names a server (a database of its own is created and dropped).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers panic on purpose

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

use serde_json::{Value as Json, json};
use uuid::Uuid;
use xaso_domain::{Hlc, Role};
use xaso_proto::{
    EnrollResponse, Op, Outcome, PROTOCOL_HEADER, PROTOCOL_VERSION, PullRequest, PullResponse,
    PushResponse,
};
use xaso_server::Storage;

const CHANGES: usize = 10_000;
const TASKS: usize = 100;
const BATCH: usize = 1_000;
const CLIENTS_CHANGES: usize = 100;
const PASSWORD: &str = "mật khẩu của bài đo";

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    // Each backend runs in a process of its own, so each peak RSS is its own.
    match std::env::var("XASO_BENCH_BACKEND").ok().as_deref() {
        Some("sqlite") => runtime.block_on(async {
            let dir = tempfile::tempdir().expect("temp dir");
            bench(
                "SQLite (synchronous = FULL)",
                &dir.path().join("bench.sqlite3").display().to_string(),
            )
            .await;
        }),
        Some("sqlite-normal") => runtime.block_on(async {
            // The parent set XASO_SERVER_SQLITE_SYNCHRONOUS=normal for this process.
            let dir = tempfile::tempdir().expect("temp dir");
            bench(
                "SQLite (synchronous = NORMAL)",
                &dir.path().join("bench.sqlite3").display().to_string(),
            )
            .await;
        }),
        Some(_postgres) => runtime.block_on(async {
            // A database of its own on the server of XASO_TEST_POSTGRES, dropped after.
            let db = xaso_server::testing::TestDb::new(xaso_server::testing::Backend::Postgres);
            bench("PostgreSQL", &db.url()).await;
        }),
        None => {
            let me = std::env::current_exe().expect("this program");
            let mut backends = vec!["sqlite".to_owned(), "sqlite-normal".to_owned()];
            match std::env::var("XASO_TEST_POSTGRES") {
                Ok(url) => backends.push(url),
                Err(_) => println!("PostgreSQL: skipped (set XASO_TEST_POSTGRES=postgres://…)"),
            }
            for backend in backends {
                let synchronous = if backend == "sqlite-normal" { "normal" } else { "full" };
                let status = std::process::Command::new(&me)
                    .env("XASO_SERVER_SQLITE_SYNCHRONOUS", synchronous)
                    .env("XASO_BENCH_BACKEND", backend)
                    .status()
                    .expect("run the benchmark");
                assert!(status.success());
            }
        }
    }
}

struct Client {
    http: reqwest::Client,
    url: String,
    token: String,
    clock: u64,
    sent: usize,
    received: usize,
}

impl Client {
    async fn enroll(http: &reqwest::Client, url: &str, user: &str) -> Client {
        let device = Uuid::now_v7();
        let body = json!({ "user": user, "password": PASSWORD, "device_id": device, "device_name": "bench" });
        let resp = http
            .post(format!("{url}/v1/enroll"))
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .json(&body)
            .send()
            .await
            .expect("enroll");
        assert!(resp.status().is_success(), "enroll {user}: {}", resp.status());
        let enrolled: EnrollResponse = resp.json().await.expect("enroll body");
        Client {
            http: http.clone(),
            url: url.to_owned(),
            token: enrolled.token,
            clock: 1_750_000_000_000,
            sent: 0,
            received: 0,
        }
    }

    fn hlc(&mut self) -> String {
        self.clock += 1;
        Hlc { wall_ms: self.clock, counter: 0 }.to_string()
    }

    fn op(
        &mut self,
        partition: &str,
        table: &str,
        row: &str,
        field: &str,
        value: Json,
        base: i64,
    ) -> Op {
        let hlc = self.hlc();
        Op::new(partition, table, row, field, value, base, hlc)
    }

    /// POSTs JSON gzip-compressed, asks for a gzip answer, counts the bytes both ways.
    async fn post<T: serde::de::DeserializeOwned>(
        &mut self,
        path: &str,
        body: &impl serde::Serialize,
    ) -> T {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(&serde_json::to_vec(body).expect("json")).expect("gzip");
        let compressed = enc.finish().expect("gzip");
        self.sent += compressed.len();
        let resp = self
            .http
            .post(format!("{}{path}", self.url))
            .bearer_auth(&self.token)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .header("content-type", "application/json")
            .header("content-encoding", "gzip")
            .header("accept-encoding", "gzip")
            .body(compressed)
            .send()
            .await
            .expect("send");
        assert!(resp.status().is_success(), "{path}: {}", resp.status());
        let gzipped = resp.headers().get("content-encoding").is_some_and(|v| v == "gzip");
        let bytes = resp.bytes().await.expect("body");
        self.received += bytes.len();
        let mut text = Vec::new();
        if gzipped {
            flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut text).expect("gunzip");
        } else {
            text = bytes.to_vec();
        }
        serde_json::from_slice(&text).expect("answer")
    }

    async fn push(&mut self, ops: Vec<Op>) -> Vec<i64> {
        let resp: PushResponse = self.post("/v1/push", &json!({ "ops": ops })).await;
        resp.results
            .iter()
            .map(|r| match &r.outcome {
                Outcome::Applied { seq } => *seq,
                other => panic!("not applied: {other:?}"),
            })
            .collect()
    }

    /// Pulls until nothing is left; answers how many changes came.
    async fn pull_all(&mut self) -> usize {
        let mut cursors = BTreeMap::new();
        let mut n = 0;
        loop {
            let req = PullRequest { cursors: cursors.clone(), limit: 1000, ..Default::default() };
            let resp: PullResponse = self.post("/v1/pull", &req).await;
            for page in resp.pages {
                n += page.changes.len();
                cursors.insert(page.partition, page.cursor);
            }
            if !resp.more {
                return n;
            }
        }
    }
}

fn task(unit: &str) -> Json {
    json!({
        "unit_code": unit, "kind": "cds", "status": "draft", "year": 2026,
        "name": "Số hóa hồ sơ một cửa", "objectives": "Giảm thời gian xử lý hồ sơ",
        "created_at": "2026-01-05T02:00:00.000Z", "deleted": 0,
    })
}

async fn bench(label: &str, url: &str) {
    let storage = Storage::open(url).expect("open");
    let units: Vec<String> = xaso_server::BUNDLED_UNITS
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next().map(str::to_owned))
        .collect();
    xaso_server::import_units(&storage, xaso_server::BUNDLED_UNITS).expect("units");
    for (i, unit) in units.iter().enumerate() {
        xaso_server::add_user(
            &storage,
            &format!("u{i}"),
            &format!("Cán bộ {i}"),
            Role::UnitOfficial,
            Some(unit),
            PASSWORD,
        )
        .expect("user");
    }
    let server =
        xaso_server::spawn(storage, "127.0.0.1:0".parse().expect("addr")).await.expect("spawn");
    let base = server.url();
    let http = reqwest::Client::builder().no_gzip().build().expect("client");
    println!("\n== {label} ==");

    // Push 10 000 field changes.
    let unit = &units[0];
    let partition = format!("unit:{unit}");
    let mut writer = Client::enroll(&http, &base, "u0").await;
    let ids: Vec<String> = (0..TASKS).map(|_| Uuid::now_v7().to_string()).collect();
    let creates: Vec<Op> =
        ids.iter().map(|id| writer.op(&partition, "tasks", id, "*", task(unit), 0)).collect();
    let seqs = writer.push(creates).await;
    let mut base_of: Vec<i64> = seqs;
    let (sent_before, received_before) = (writer.sent, writer.received);
    let start = Instant::now();
    for b in 0..CHANGES / BATCH {
        let ops: Vec<Op> = (0..BATCH)
            .map(|i| {
                let t = (b * BATCH + i) % TASKS;
                let field = ["name", "objectives", "contents", "expected_results"][i % 4];
                let value =
                    json!(format!("Nội dung cập nhật lần {} của nhiệm vụ {t}", b * BATCH + i));
                writer.op(&partition, "tasks", &ids[t], field, value, base_of[t])
            })
            .collect();
        let seqs = writer.push(ops).await;
        for (i, seq) in seqs.into_iter().enumerate() {
            base_of[(b * BATCH + i) % TASKS] = seq;
        }
    }
    let push_time = start.elapsed();
    let push_sent = writer.sent - sent_before;
    let push_received = writer.received - received_before;
    println!(
        "push {CHANGES} field changes: {:>8.0} changes/s ({:.2} s; {:.0} B/change sent gzip, {:.0} B/change answered)",
        CHANGES as f64 / push_time.as_secs_f64(),
        push_time.as_secs_f64(),
        push_sent as f64 / CHANGES as f64,
        push_received as f64 / CHANGES as f64,
    );

    println!("[{label}] after the pushes: {}", memory());
    // Pull them all from a fresh device of the same unit.
    let mut reader = Client::enroll(&http, &base, "u0").await;
    let start = Instant::now();
    let n = reader.pull_all().await;
    let pull_time = start.elapsed();
    println!(
        "pull {n} rows:            {:>8.0} rows/s    ({:.2} s; {:.0} B/row received gzip)",
        n as f64 / pull_time.as_secs_f64(),
        pull_time.as_secs_f64(),
        reader.received as f64 / n as f64,
    );

    // 168 clients at once.
    let mut clients = Vec::new();
    for (i, _) in units.iter().enumerate() {
        clients.push(Client::enroll(&http, &base, &format!("u{i}")).await);
    }
    println!("[{label}] after enrolling 168 devices: {}", memory());
    let start = Instant::now();
    let mut tasks = Vec::new();
    for (mut client, unit) in clients.into_iter().zip(units.clone()) {
        tasks.push(tokio::spawn(async move {
            let began = Instant::now();
            let partition = format!("unit:{unit}");
            let id = Uuid::now_v7().to_string();
            let mut ops = vec![client.op(&partition, "tasks", &id, "*", task(&unit), 0)];
            for i in 1..CLIENTS_CHANGES {
                let value = json!(format!("Bản sửa {i}"));
                ops.push(client.op(&partition, "tasks", &id, "name", value, 0));
            }
            client.push(ops).await;
            client.pull_all().await;
            began.elapsed()
        }));
    }
    let mut times: Vec<Duration> = Vec::new();
    for t in tasks {
        times.push(t.await.expect("client task"));
    }
    let wall = start.elapsed();
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p).ceil() as usize).saturating_sub(1)];
    println!(
        "{} clients × {CLIENTS_CHANGES} changes, push then pull: p50 {:.0} ms, p99 {:.0} ms, slowest {:.0} ms, all done in {:.2} s",
        times.len(),
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        wall.as_secs_f64(),
    );
    println!("memory of the process (server + clients): {}", memory());

    // The largest rows the server accepts, pulled by a fresh device.
    let mut big_writer = Client::enroll(&http, &base, "u1").await;
    let partition = format!("unit:{}", units[1]);
    // Varied text (so the wire's gzip is not flattered), ~39 kB of UTF-8 in each of five
    // long fields: ~195 kB a row, 200 rows, ~39 MB of values in all.
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut words = || {
        const WORDS: [&str; 8] = [
            "số hóa",
            "dữ liệu",
            "phường",
            "ngân sách",
            "đổi mới",
            "khoa học",
            "công nghệ",
            "người dân",
        ];
        let mut out = String::new();
        while out.chars().count() < 19_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            out.push_str(WORDS[(seed % 8) as usize]);
            out.push(' ');
        }
        out
    };
    let rows_bytes = 200 * 5 * words().len();
    for _ in 0..20 {
        let ops: Vec<Op> = (0..10)
            .map(|_| {
                let mut row = task(&units[1]);
                for f in ["basis", "urgency", "objectives", "contents", "impact"] {
                    row[f] = json!(words());
                }
                big_writer.op(&partition, "tasks", &Uuid::now_v7().to_string(), "*", row, 0)
            })
            .collect();
        big_writer.push(ops).await;
    }
    let before = peak_kb();
    let mut big_reader = Client::enroll(&http, &base, "u1").await;
    let start = Instant::now();
    let n = big_reader.pull_all().await;
    println!(
        "pull 200 rows of ~195 kB ({n} changes, {:.1} MB of values, {:.1} MB on the wire): {:.2} s; \
         peak RSS {} → {} kB ({:+} kB)",
        rows_bytes as f64 / 1e6,
        big_reader.received as f64 / 1e6,
        start.elapsed().as_secs_f64(),
        before,
        peak_kb(),
        peak_kb() - before,
    );
    server.stop().await.expect("stop");
}

fn peak_kb() -> i64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .map_or("?", |l| l[key.len()..].trim())
            .to_owned()
    };
    format!("peak RSS (VmHWM) {}, RSS now {}", line("VmHWM:"), line("VmRSS:"))
}
