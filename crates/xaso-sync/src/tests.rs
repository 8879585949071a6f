//! The engine and the worker against the in-memory server of [`crate::fake`].

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use serde_json::json;
use uuid::Uuid;
use xaso_domain::{TaskFields, TaskKind, UnitCode};
use xaso_proto::{ErrorBody, ErrorCode, MAX_BATCH, Outcome, Reason};
use xaso_store::sync::DeviceToken;
use xaso_store::{Store, dead_letters, outbox, tasks};

use crate::fake::{FakeServer, account};
use crate::*;

const UNIT: &str = "unit:26743";

fn memory_store() -> Store {
    Store::open_in_memory_with(Arc::new(xaso_store::MemorySecrets::default())).unwrap()
}

fn enrolled_store() -> LocalStore {
    let mut store = memory_store();
    let server =
        xaso_store::sync::Server { url: "https://fake", ca_file: None, allow_insecure_http: false };
    store.save_enrolment(server, &DeviceToken::new("t0ken"), &account()).unwrap();
    LocalStore::new(store)
}

/// `n` new tasks, one outbox entry each, in one transaction.
async fn add_tasks(db: &LocalStore, n: usize) {
    db.run(move |s| {
        let unit = UnitCode::parse("26743").unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 8, 0, 0).unwrap();
        s.write("Nguyễn Thị Lan", now, |c| {
            for i in 0..n {
                let f = TaskFields {
                    kind: TaskKind::Cds,
                    year: 2026,
                    name: format!("Nhiệm vụ {i}"),
                    ..Default::default()
                };
                c.tasks().insert(&unit, &f)?;
            }
            Ok(())
        })
    })
    .await
    .unwrap();
}

async fn pending(db: &LocalStore) -> i64 {
    db.run(|s| outbox::pending_count(s.conn())).await.unwrap()
}

async fn outbox_ids(db: &LocalStore) -> Vec<Uuid> {
    db.run(|s| xaso_store::sync::pending_ops(s.conn(), 10_000))
        .await
        .unwrap()
        .into_iter()
        .map(|op| op.op_id)
        .collect()
}

fn too_old() -> RemoteError {
    RemoteError::ClientTooOld(ErrorBody::new(ErrorCode::ClientTooOld, "Cập nhật", "Update"))
}

#[tokio::test]
async fn more_than_a_batch_is_pushed_oldest_first_in_batches_and_acknowledged() {
    let db = enrolled_store();
    add_tasks(&db, 2 * MAX_BATCH + 5).await;
    let order = outbox_ids(&db).await;
    let server = FakeServer::new();
    server.state().page_size = MAX_BATCH;

    let report = sync_once(&db, &server).await.unwrap();

    {
        let state = server.state();
        let sizes: Vec<usize> = state.pushes.iter().map(Vec::len).collect();
        assert_eq!(sizes, [MAX_BATCH, MAX_BATCH, 5]);
        let sent: Vec<Uuid> = state.pushes.iter().flatten().map(|op| op.op_id).collect();
        assert_eq!(sent, order, "oldest first, each op once");
        assert_eq!(state.calls.first(), Some(&"push"), "push before pull");
    }
    assert_eq!(pending(&db).await, 0);
    assert_eq!((report.pushed, report.applied), (2 * MAX_BATCH + 5, 2 * MAX_BATCH + 5));
    assert_eq!(report.pulled, 2 * MAX_BATCH + 5, "the pull brings our own changes back");
    let settings = db.run(|s| s.sync_settings()).await.unwrap();
    assert!(settings.last_success.is_some());
}

#[tokio::test]
async fn conflicts_and_rejections_are_acknowledged_and_counted() {
    let db = enrolled_store();
    add_tasks(&db, 3).await;
    let ids = outbox_ids(&db).await;
    let server = FakeServer::new();
    server.state().outcomes.insert(
        ids[1],
        Outcome::Conflict { value: json!({"name": "x"}), conflict_id: Uuid::from_u128(5) },
    );
    server.state().outcomes.insert(
        ids[2],
        Outcome::Rejected {
            reason: Reason::new("forbidden", "Không được", "Not allowed"),
            current: None,
        },
    );

    let report = sync_once(&db, &server).await.unwrap();

    assert_eq!((report.applied, report.conflicts, report.rejected), (1, 1, 1));
    assert_eq!(pending(&db).await, 0);
    let dead = db.run(|s| dead_letters::list(s.conn())).await.unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].op_id, ids[2].to_string());
    assert_eq!(dead[0].reason_en, "Not allowed");
}

#[tokio::test]
async fn an_unreachable_server_during_push_keeps_the_outbox() {
    let db = enrolled_store();
    add_tasks(&db, MAX_BATCH + 10).await;
    let server = FakeServer::new();
    {
        let mut state = server.state();
        state.push_error = Some(RemoteError::Offline("connection reset".into()));
        state.push_ok_before_failing = 1; // the first batch goes through
    }

    let err = sync_once(&db, &server).await.unwrap_err();

    assert!(matches!(err, SyncError::Remote(RemoteError::Offline(_))), "{err:?}");
    assert_eq!(pending(&db).await, 10, "only the acknowledged batch left the outbox");
    assert!(!server.state().calls.contains(&"pull"), "no pull after a failed push");
    let settings = db.run(|s| s.sync_settings()).await.unwrap();
    assert_eq!(settings.last_problem.map(|p| p.code).as_deref(), Some("offline"));
}

#[tokio::test]
async fn too_old_or_unauthorized_stops_the_round_and_keeps_the_outbox() {
    for error in [
        too_old(),
        RemoteError::Unauthorized(ErrorBody::new(ErrorCode::Unauthorized, "Thu hồi", "Revoked")),
    ] {
        let db = enrolled_store();
        add_tasks(&db, 4).await;
        let server = FakeServer::new();
        server.state().push_error = Some(error.clone());
        let err = sync_once(&db, &server).await.unwrap_err();
        assert!(matches!(&err, SyncError::Remote(e) if *e == error), "{err:?}");
        assert_eq!(pending(&db).await, 4);
        assert_eq!(server.state().calls, ["push"]);
    }
}

#[tokio::test]
async fn pull_applies_pages_until_there_are_no_more() {
    let db = enrolled_store();
    let server = FakeServer::new();
    for i in 0..7 {
        let id = Uuid::from_u128(0x0190f5a0_0000_7000_8000_000000000000 + i).to_string();
        let row = json!({"unit_code": "26743", "kind": "khcn", "status": "draft", "year": 2027,
                         "name": format!("Từ máy khác {i}"), "created_at": "2026-11-20T07:00:00.000Z",
                         "created_by": "Minh"});
        server.remote_change(UNIT, "tasks", &id, "*", row);
    }
    server.remote_change(
        "city",
        "norms",
        "0190f5a0-0000-7000-8000-00000000ee01",
        "*",
        json!({"code": "N1", "description": "Định mức", "value": 10000, "unit": "đồng",
               "kind": "cap", "legal_basis": "QĐ 1", "verified": true}),
    );

    let report = sync_once(&db, &server).await.unwrap();

    assert_eq!(report.pulled, 8);
    let pulls = server.state().calls.iter().filter(|c| **c == "pull").count();
    assert_eq!(pulls, 3, "pages of 3: 3 + 3 + 1");
    let cursors = db.run(|s| s.cursors()).await.unwrap();
    assert_eq!((cursors.get(UNIT), cursors.get("city")), (Some(&7), Some(&1)));
    let listed = db
        .run(|s| {
            let filter = tasks::TaskFilter { limit: 50, ..Default::default() };
            tasks::list(s.conn(), &filter)
        })
        .await
        .unwrap();
    assert_eq!(listed.total, 7);
    assert_eq!(pending(&db).await, 0, "pulled rows are not local changes");

    // Nothing new: one pull, nothing applied.
    let again = sync_once(&db, &server).await.unwrap();
    assert_eq!(again, SyncReport::default());
}

#[tokio::test]
async fn a_change_this_laptop_cannot_store_is_set_aside_and_the_pull_goes_on() {
    let db = enrolled_store();
    let server = FakeServer::new();
    let task = |i: u128| Uuid::from_u128(0x0190f5a0_0000_7000_8000_000000000000 + i).to_string();
    let row = |name: &str| {
        json!({"unit_code": "26743", "kind": "khcn", "status": "draft", "year": 2027,
               "name": name, "created_at": "2026-11-20T07:00:00.000Z", "created_by": "Minh"})
    };
    server.remote_change(UNIT, "tasks", &task(1), "*", row("Trước"));
    server.remote_change(UNIT, "tasks", &task(1), "year", json!("không phải số"));
    for i in 2..8 {
        server.remote_change(UNIT, "tasks", &task(i), "*", row(&format!("Sau {i}")));
    }
    server.remote_change(
        "city",
        "norms",
        "0190f5a0-0000-7000-8000-00000000ee01",
        "*",
        json!({"code": "N1", "description": "Định mức", "value": 10000, "unit": "đồng",
               "kind": "cap", "legal_basis": "QĐ 1", "verified": true}),
    );

    let report = sync_once(&db, &server).await.unwrap();

    assert_eq!((report.pulled, report.set_aside), (9, 1), "{report:?}");
    let cursors = db.run(|s| s.cursors()).await.unwrap();
    assert_eq!((cursors.get(UNIT), cursors.get("city")), (Some(&8), Some(&1)));
    let total = db
        .run(|s| tasks::list(s.conn(), &tasks::TaskFilter { limit: 50, ..Default::default() }))
        .await
        .unwrap()
        .total;
    assert_eq!(total, 7, "every task after the bad change arrived");
    let listed = db.run(|s| xaso_store::set_aside::list(s.conn())).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].seq, listed[0].field.as_str()), (2, "year"));
    // The next round asks from past it, and does not list it twice.
    let again = sync_once(&db, &server).await.unwrap();
    assert_eq!(again, SyncReport::default());
    assert_eq!(db.run(|s| xaso_store::set_aside::count(s.conn())).await.unwrap(), 1);
}

#[tokio::test]
async fn a_clock_far_from_the_servers_is_noticed_and_forgotten_once_right() {
    let db = enrolled_store();
    let server = FakeServer::new();
    let skew = || async { db.run(|s| s.sync_settings()).await.unwrap().clock_skew_ms };
    let now_ms = || u64::try_from(Utc::now().timestamp_millis()).unwrap();
    let bound = xaso_domain::sync::MAX_CLOCK_AHEAD_MS;

    // An older server says nothing of its clock: nothing is said.
    sync_once(&db, &server).await.unwrap();
    assert_eq!(skew().await, None);
    // The server is three hours behind this laptop: this laptop runs fast.
    server.state().server_ms = Some(now_ms() - 3 * 3_600_000);
    add_tasks(&db, 1).await;
    sync_once(&db, &server).await.unwrap();
    let ahead = skew().await.expect("a clock three hours fast is noticed");
    assert!((3 * 3_600_000 - 5_000..3 * 3_600_000 + 5_000).contains(&ahead), "{ahead}");
    // A day ahead of this laptop: this laptop runs slow.
    server.state().server_ms = Some(now_ms() + 24 * 3_600_000);
    sync_once(&db, &server).await.unwrap();
    assert!(skew().await.unwrap() < -23 * 3_600_000);
    // Within the bound (a minute off): right again.
    server.state().server_ms = Some(now_ms() + bound / 10);
    sync_once(&db, &server).await.unwrap();
    assert_eq!(skew().await, None, "cleared once the clock is right");
}

#[tokio::test]
async fn a_server_that_always_says_more_does_not_loop_forever() {
    let db = enrolled_store();
    let server = FakeServer::new();
    server.state().endless = true;
    let err = sync_once(&db, &server).await.unwrap_err();
    assert!(matches!(err, SyncError::Protocol(_)), "{err:?}");
}

#[tokio::test]
async fn without_enrolment_nothing_is_sent() {
    let db = LocalStore::new(memory_store());
    add_tasks(&db, 1).await;
    let server = FakeServer::new();
    assert!(matches!(sync_once(&db, &server).await, Err(SyncError::NotEnrolled)));
    assert!(server.state().calls.is_empty());
}

#[tokio::test]
async fn enrolment_stores_the_account_and_sign_out_forgets_only_the_token() {
    let db = LocalStore::new(memory_store());
    add_tasks(&db, 2).await;
    let server = FakeServer::new();
    let config = ServerConfig::new("https://xaso.example.vn");
    let credentials = Credentials {
        user: "lan".into(),
        password: "mật khẩu".into(),
        device_name: "Laptop phòng Văn hóa".into(),
    };
    assert!(!format!("{credentials:?}").contains("mật khẩu"));

    let got = enroll(&db, &server, &config, &credentials).await.unwrap();

    // The server made the device id, not the one the request named (a fresh one: this
    // folder was never enrolled), and the laptop keeps the server's as its own.
    let device = db.run(|s| s.meta().device_id()).await.unwrap().as_uuid();
    assert_eq!(server.state().devices_given, [got.device_id]);
    assert_eq!(server.state().enrolled_from.len(), 1);
    assert_ne!(server.state().enrolled_from[0], got.device_id);
    assert_eq!(device, got.device_id, "the device id is the one the server assigned");
    let settings = db.run(|s| s.sync_settings()).await.unwrap();
    assert_eq!(settings.account.as_ref().map(|a| a.device_id), Some(got.device_id));
    assert!(settings.enrolled());
    assert_eq!(settings.token.as_ref().map(DeviceToken::expose), Some("token-of-lan"));
    assert_eq!(enrolled_server(&db).await.unwrap(), Some(config.clone()));

    // The server is away: the token is forgotten all the same, the outbox stays.
    server.state().down = Some(RemoteError::Offline("no route".into()));
    sign_out(&db, &server).await.unwrap();
    let settings = db.run(|s| s.sync_settings()).await.unwrap();
    assert!(!settings.enrolled());
    assert_eq!(settings.account, None);
    let previous = settings.previous_account.map(|a| a.user);
    assert_eq!(previous.as_deref(), Some("lan"), "remembered: the pending changes are Lan's");
    assert_eq!(pending(&db).await, 2);

    // A refused enrolment stores nothing.
    server.state().down =
        Some(RemoteError::Unauthorized(ErrorBody::new(ErrorCode::BadCredentials, "Sai", "Wrong")));
    assert!(enroll(&db, &server, &config, &credentials).await.is_err());
    assert!(!db.run(|s| s.sync_settings()).await.unwrap().enrolled());

    // Enrolled again: nobody "before" any more. The request named the device signed out
    // from (the server retires it), and the answer's new device is the one kept.
    server.state().down = None;
    let again = enroll(&db, &server, &config, &credentials).await.unwrap();
    let settings = db.run(|s| s.sync_settings()).await.unwrap();
    assert_eq!(settings.previous_account, None);
    assert_eq!(settings.account.map(|a| a.device_id), Some(again.device_id));
    assert_eq!(server.state().enrolled_from.last(), Some(&got.device_id));
    assert_ne!(again.device_id, got.device_id);

    // Enrolling while enrolled names the current device.
    let third = enroll(&db, &server, &config, &credentials).await.unwrap();
    assert_eq!(server.state().enrolled_from.last(), Some(&again.device_id));
    assert_ne!(third.device_id, again.device_id);
}

fn quick(server: &Arc<FakeServer>) -> WorkerConfig {
    WorkerConfig {
        period: Duration::from_secs(3600),
        debounce: Duration::from_millis(30),
        backoff: Backoff { min: Duration::from_millis(20), max: Duration::from_millis(200) },
        remote: Some(Arc::clone(server) as Arc<dyn Remote>),
    }
}

async fn wait_for(worker: &WorkerHandle, what: impl Fn(&SyncStatus) -> bool) -> SyncStatus {
    let mut rx = worker.subscribe();
    let got = tokio::time::timeout(Duration::from_secs(10), rx.wait_for(|s| what(s))).await;
    match got {
        Ok(Ok(status)) => status.clone(),
        _ => panic!("status never came: {:?}", worker.status()),
    }
}

#[tokio::test]
async fn the_worker_needs_an_update_when_the_server_says_so_and_keeps_the_outbox() {
    let db = enrolled_store();
    add_tasks(&db, 3).await;
    let server = Arc::new(FakeServer::new());
    server.state().push_error = Some(too_old());
    let worker = Worker::start_with(db.clone(), quick(&server)).unwrap();

    let outcome = worker.sync_now_and_wait().await;

    assert_eq!(outcome.unwrap_err().code, "client_too_old");
    let status = worker.status();
    assert_eq!(status.state, SyncState::NeedsUpdate);
    assert_eq!(status.pending, 3);
    assert_eq!(status.next_attempt, None, "only an update helps: no retries");
    assert_eq!(status.last_error.map(|p| p.vi).as_deref(), Some("Cập nhật"));
    assert_eq!(pending(&db).await, 3);
    worker.stop();
}

#[tokio::test]
async fn a_disabled_account_waits_for_a_person_and_keeps_the_outbox() {
    let db = enrolled_store();
    add_tasks(&db, 3).await;
    let server = Arc::new(FakeServer::new());
    // The real server's words are its own; these are the laptop's, for a body without any.
    server.state().push_error =
        Some(RemoteError::Forbidden(ErrorBody::new(ErrorCode::AccountDisabled, "", "")));
    let worker = Worker::start_with(db.clone(), quick(&server)).unwrap();

    let outcome = worker.sync_now_and_wait().await;

    assert_eq!(outcome.unwrap_err().code, "account_disabled");
    let status = worker.status();
    assert_eq!(status.state, SyncState::AccountDisabled);
    assert_eq!(status.next_attempt, None, "only the city admin helps: no retries");
    assert_eq!((status.pending, pending(&db).await), (3, 3), "every change is kept");
    let problem = status.last_error.unwrap();
    assert!(problem.vi.contains("quản trị viên thành phố"), "{}", problem.vi);
    assert!(problem.en.contains("ask the city admin"), "{}", problem.en);
    assert_eq!(serde_json::to_value(SyncState::AccountDisabled).unwrap(), "account_disabled");

    // Enabled (and enrolled again): "Sync now" sends everything.
    server.state().push_error = None;
    worker.sync_now_and_wait().await.unwrap();
    let status = worker.status();
    assert_eq!((status.state, status.pending), (SyncState::Online, 0));
    worker.stop();
}

#[tokio::test]
async fn the_worker_goes_offline_probes_and_comes_back_when_the_server_does() {
    let db = enrolled_store();
    add_tasks(&db, 2).await;
    let server = Arc::new(FakeServer::new());
    server.state().down = Some(RemoteError::Offline("no route to host".into()));
    let worker = Worker::start_with(db.clone(), quick(&server)).unwrap();

    let status = wait_for(&worker, |s| s.state == SyncState::Offline).await;
    assert!(status.next_attempt.is_some());
    assert_eq!(status.pending, 2);
    // It keeps probing health while away ...
    tokio::time::timeout(Duration::from_secs(10), async {
        while !server.state().calls.contains(&"health") {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .unwrap();
    // ... and syncs once the server is back.
    server.state().down = None;
    let status = wait_for(&worker, |s| s.state == SyncState::Online && s.pending == 0).await;
    assert!(status.last_error.is_none());
    assert!(status.last_success.is_some());
    worker.stop();
}

#[tokio::test]
async fn a_busy_server_is_left_alone_for_as_long_as_it_asks() {
    let db = enrolled_store();
    add_tasks(&db, 1).await;
    let server = Arc::new(FakeServer::new());
    let busy = ErrorBody::new(ErrorCode::Busy, "Máy chủ đang bận", "The server is busy");
    server.state().push_error = Some(RemoteError::Busy(busy, Some(Duration::from_secs(30))));
    let worker = Worker::start_with(db.clone(), quick(&server)).unwrap();

    let outcome = worker.sync_now_and_wait().await;

    assert_eq!(outcome.unwrap_err().code, "busy");
    let status = worker.status();
    // The backoff alone would say 200 ms at most: Retry-After wins.
    let next = status.next_attempt.expect("it tries again on its own");
    assert!(next > Utc::now() + chrono::Duration::seconds(25), "{next}");
    assert_eq!(status.last_error.map(|p| p.vi).as_deref(), Some("Máy chủ đang bận"));
    worker.stop();
}

#[tokio::test]
async fn a_nudge_syncs_local_changes_soon() {
    let db = enrolled_store();
    let server = Arc::new(FakeServer::new());
    let worker = Worker::start_with(db.clone(), quick(&server)).unwrap();
    wait_for(&worker, |s| s.state == SyncState::Online && s.last_success.is_some()).await;

    add_tasks(&db, 2).await;
    worker.nudge();

    let pushed = || server.state().pushes.iter().map(Vec::len).sum::<usize>();
    tokio::time::timeout(Duration::from_secs(10), async {
        while pushed() < 2 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("the nudge was never followed by a push");
    assert_eq!(pushed(), 2);
    wait_for(&worker, |s| s.pending == 0 && s.state == SyncState::Online).await;
    worker.stop();
}

#[tokio::test]
async fn a_worker_without_enrolment_waits_and_says_so() {
    let db = LocalStore::new(memory_store());
    let server = Arc::new(FakeServer::new());
    let worker = Worker::start_with(db, quick(&server)).unwrap();
    let outcome = worker.sync_now_and_wait().await;
    assert_eq!(outcome.unwrap_err().code, "not_enrolled");
    let status = worker.status();
    assert_eq!(
        (status.state, status.enrolled, status.next_attempt),
        (SyncState::NotEnrolled, false, None)
    );
    assert!(server.state().calls.is_empty());
    let json = serde_json::to_value(&status).unwrap();
    assert_eq!(json["state"], "not_enrolled");
    worker.stop();
}
