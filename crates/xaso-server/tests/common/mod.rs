//! A real server on loopback over a fresh database (SQLite temp file or a PostgreSQL
//! database of its own), and clients that speak the protocol to it.

#![allow(dead_code)]

use std::cell::Cell;
use std::collections::BTreeMap;

use reqwest::StatusCode;
use serde_json::{Value as Json, json};
use uuid::Uuid;
use xaso_domain::{Hlc, Role};
use xaso_proto::{
    EnrollResponse, Op, OpResult, PROTOCOL_HEADER, PROTOCOL_VERSION, PullRequest, PullResponse,
    PushResponse,
};
use xaso_server::{RunningServer, Storage};

/// Runs each named `async fn(Backend)` as two tests, `sqlite::name` and `postgres::name`.
#[allow(unused_macros)] // not every test file runs on both backends
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(super::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(super::Backend::Postgres).await
                }
            )*
        }
    };
}

#[allow(unused_imports)] // each test file uses some of them
pub use xaso_server::testing::{Backend, PG_VAR, TestDb, run_sql as on_own_thread};
pub const PASSWORD: &str = "mật khẩu đủ dài";
/// Phường Bến Thành and Phường Vũng Tàu.
pub const UNIT_A: &str = "26743";
pub const UNIT_B: &str = "26506";

/// A server with the 168 units loaded, on a fresh database.
pub struct Env {
    pub db: TestDb,
    pub storage: Storage,
    pub server: Option<RunningServer>,
    pub url: String,
    pub http: reqwest::Client,
}

pub fn http_client() -> reqwest::Client {
    // reqwest is built without a default TLS provider in this workspace.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder().build().expect("http client")
}

impl Env {
    pub async fn start(backend: Backend) -> Env {
        Env::start_on(TestDb::new(backend)).await
    }

    /// A server on a database made beforehand (one written by an older schema, say).
    pub async fn start_on(db: TestDb) -> Env {
        let storage = Storage::open(&db.url()).expect("open storage");
        xaso_server::import_units(&storage, xaso_server::BUNDLED_UNITS).expect("units");
        let server =
            xaso_server::spawn(storage.clone(), "127.0.0.1:0".parse().unwrap()).await.unwrap();
        let url = server.url();
        Env { db, storage, server: Some(server), url, http: http_client() }
    }

    /// Stops the server and closes the database, then opens both again (same file or
    /// database).
    pub async fn restart(&mut self) {
        if let Some(server) = self.server.take() {
            server.stop().await.unwrap();
        }
        self.storage = Storage::open(&self.db.url()).expect("reopen storage");
        let server =
            xaso_server::spawn(self.storage.clone(), "127.0.0.1:0".parse().unwrap()).await.unwrap();
        self.url = server.url();
        self.server = Some(server);
    }

    pub fn add_user(&self, name: &str, role: Role, unit: Option<&str>) {
        let display = format!("Người dùng {name}");
        xaso_server::add_user(&self.storage, name, &display, role, unit, PASSWORD).unwrap();
    }

    /// Enrolls a new device of `user` (a fresh installation: no previous device).
    pub async fn device(&self, user: &str) -> Device {
        self.device_from(user, Uuid::nil()).await
    }

    /// Enrolls `user` from an installation that names `previous` as its device before;
    /// the device is the one the server made.
    pub async fn device_from(&self, user: &str, previous: Uuid) -> Device {
        let (status, body) = self.enroll(user, PASSWORD, previous).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let enrolled: EnrollResponse = serde_json::from_value(body).unwrap();
        Device {
            url: self.url.clone(),
            http: self.http.clone(),
            token: enrolled.token,
            id: enrolled.account.device_id,
            clock: Cell::new(1_750_000_000_000),
        }
    }

    pub async fn enroll(&self, user: &str, password: &str, device_id: Uuid) -> (StatusCode, Json) {
        let body = json!({
            "user": user, "password": password, "device_id": device_id,
            "device_name": "Laptop phòng Văn hóa",
        });
        send(self.http.post(format!("{}/v1/enroll", self.url)).json(&body)).await
    }

    /// A user of each kind: `a` (official of unit A), `a2` (lead of A), `b` (official of
    /// B), `rev` (city reviewer), `admin` (city admin).
    pub fn add_everyone(&self) {
        self.add_user("a", Role::UnitOfficial, Some(UNIT_A));
        self.add_user("a2", Role::UnitLead, Some(UNIT_A));
        self.add_user("b", Role::UnitOfficial, Some(UNIT_B));
        self.add_user("rev", Role::CityReviewer, None);
        self.add_user("admin", Role::CityAdmin, None);
    }
}

/// Sends with the protocol header; answers the status and the JSON body (null if none).
pub async fn send(req: reqwest::RequestBuilder) -> (StatusCode, Json) {
    let resp = req.header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string()).send().await.unwrap();
    let status = resp.status();
    let text = resp.text().await.unwrap();
    let body = if text.is_empty() { Json::Null } else { serde_json::from_str(&text).unwrap() };
    (status, body)
}

/// An enrolled device with its own hybrid logical clock.
pub struct Device {
    pub url: String,
    pub http: reqwest::Client,
    pub token: String,
    pub id: Uuid,
    pub clock: Cell<u64>,
}

impl Device {
    pub fn hlc(&self) -> String {
        self.clock.set(self.clock.get() + 1);
        Hlc { wall_ms: self.clock.get(), counter: 0 }.to_string()
    }

    pub async fn post(&self, path: &str, body: &Json) -> (StatusCode, Json) {
        send(self.http.post(format!("{}{path}", self.url)).bearer_auth(&self.token).json(body))
            .await
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Json) {
        send(self.http.get(format!("{}{path}", self.url)).bearer_auth(&self.token)).await
    }

    pub async fn push(&self, ops: &[Op]) -> Vec<OpResult> {
        let (status, body) = self.post("/v1/push", &json!({ "ops": ops })).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_value::<PushResponse>(body).unwrap().results
    }

    pub async fn pull(&self, cursors: &BTreeMap<String, i64>, limit: u32) -> PullResponse {
        let req = PullRequest { cursors: cursors.clone(), limit, ..Default::default() };
        let (status, body) = self.post("/v1/pull", &serde_json::to_value(req).unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_value(body).unwrap()
    }

    /// Pulls everything, page after page; answers the changes per partition.
    pub async fn pull_all(&self) -> BTreeMap<String, Vec<xaso_proto::Change>> {
        let mut cursors = BTreeMap::new();
        let mut out: BTreeMap<String, Vec<_>> = BTreeMap::new();
        loop {
            let resp = self.pull(&cursors, 1000).await;
            for page in resp.pages {
                cursors.insert(page.partition.clone(), page.cursor);
                out.entry(page.partition).or_default().extend(page.changes);
            }
            if !resp.more {
                return out;
            }
        }
    }

    /// A new row of `table` in `partition`.
    pub fn create(&self, partition: &str, table: &str, row_id: &str, row: Json) -> Op {
        Op::new(partition, table, row_id, "*", row, 0, self.hlc())
    }

    /// A change of one field, made on top of version `base`.
    pub fn set(
        &self,
        partition: &str,
        table: &str,
        row_id: &str,
        field: &str,
        value: Json,
        base: i64,
    ) -> Op {
        Op::new(partition, table, row_id, field, value, base, self.hlc())
    }

    /// A new draft task of `unit`.
    pub fn new_task(&self, unit: &str, row_id: &str) -> Op {
        self.create(&format!("unit:{unit}"), "tasks", row_id, task_row(unit, &[]))
    }
}

/// A draft task of `unit` as a laptop creates it, with `changes` made to it.
pub fn task_row(unit: &str, changes: &[(&str, Json)]) -> Json {
    let mut row = json!({
        "unit_code": unit, "kind": "khcn", "status": "draft", "year": 2026,
        "name": "Ứng dụng AI trong một cửa", "created_at": "2026-01-05T02:00:00.000Z",
        "deleted": 0,
    });
    for (k, v) in changes {
        row[*k] = v.clone();
    }
    row
}

/// A draft estimate of `task`, with `changes` made to it.
pub fn estimate_row(task: &str, changes: &[(&str, Json)]) -> Json {
    let mut row = json!({
        "task_id": task, "year": 2026, "version_no": 1, "status": "draft",
        "leader_rate": 12_000_000, "estimate_date": "2026-02-01",
        "created_at": "2026-02-01T02:00:00.000Z",
    });
    for (k, v) in changes {
        row[*k] = v.clone();
    }
    row
}

/// A norm of the city.
pub fn norm_row(code: &str) -> Json {
    json!({ "code": code, "value": 15_000_000_000_i64, "kind": "cap", "verified": 0 })
}

impl Device {}

/// The `seq` of an applied op; panics with the result otherwise.
pub fn applied(result: &OpResult) -> i64 {
    match result.outcome {
        xaso_proto::Outcome::Applied { seq } => seq,
        ref other => panic!("expected applied, got {other:?}"),
    }
}

/// The code of a rejected op; panics with the result otherwise.
pub fn rejected(result: &OpResult) -> String {
    match &result.outcome {
        xaso_proto::Outcome::Rejected { reason, .. } => {
            assert!(!reason.vi.is_empty() && !reason.en.is_empty());
            reason.code.clone()
        }
        other => panic!("expected rejected, got {other:?}"),
    }
}

pub fn row_id() -> String {
    Uuid::now_v7().to_string()
}
