//! The city server end to end: a real server on loopback, real HTTP, on both storage
//! backends. Every test runs twice, in `sqlite::` and `postgres::`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers panic on purpose

#[macro_use]
mod common;

use std::collections::BTreeMap;
use std::io::Write;

use common::*;
use reqwest::StatusCode;
use serde_json::{Value as Json, json};
use uuid::Uuid;
use xaso_proto::{MAX_BATCH, Outcome, PROTOCOL_HEADER, PullResponse};

on_both_backends!(
    enrolment_checks_passwords_and_revocation,
    old_or_silent_clients_are_told_to_update,
    a_replayed_batch_gets_the_same_answers_and_stores_nothing_twice,
    concurrent_edits_keep_the_same_winner_whatever_the_order,
    edits_of_different_fields_do_not_conflict,
    a_unit_sees_and_writes_nothing_of_another_unit,
    the_reviewer_moves_the_status_but_does_not_edit,
    the_server_enforces_the_lifecycle,
    bad_bodies_are_refused_and_the_server_keeps_serving,
    compressed_bodies_are_accepted,
    pulls_come_in_pages,
    data_survives_a_restart,
    an_indicator_keeps_a_roll_up_that_fits_its_measure,
    a_report_goes_through_its_lifecycle_and_an_accepted_one_is_frozen,
);

const A: &str = "unit:26743";
const B: &str = "unit:26506";

async fn enrolment_checks_passwords_and_revocation(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();

    let d = env.device("a").await;
    let (status, me) = d.get("/v1/me").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["role"], "unit_official");
    assert_eq!(me["unit"], UNIT_A);
    assert_eq!(me["device_id"], json!(d.id));

    for (user, password) in [("a", "mật khẩu sai rồi"), ("nobody", PASSWORD)] {
        let (status, body) = env.enroll(user, password, Uuid::now_v7()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["code"], "bad_credentials");
        assert!(!body["vi"].as_str().unwrap().is_empty());
    }

    let (status, body) =
        send(env.http.get(format!("{}/v1/me", env.url)).bearer_auth("not-a-token")).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthorized")));
    let (status, _) = send(env.http.get(format!("{}/v1/me", env.url))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Revoked: the token stops working at once, and the device may not enroll again.
    xaso_server::revoke_device(&env.storage, d.id).unwrap();
    assert_eq!(d.get("/v1/me").await.0, StatusCode::UNAUTHORIZED);
    let (status, body) = d.post("/v1/push", &json!({ "ops": [] })).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthorized")));
    let (status, body) = env.enroll("a", PASSWORD, d.id).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
    let listed = xaso_server::list_devices(&env.storage, Some("a")).unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].revoked_at.is_some() && !listed[0].signed_in);

    // Signed out: the token stops working; the installation may enroll again, as a new
    // device, for anyone (a shared office laptop changes hands). tests/accounts.rs has
    // the rest of what enrolment does with the device an installation names.
    let e = env.device("a").await;
    assert_eq!(e.post("/v1/sign-out", &Json::Null).await.0, StatusCode::NO_CONTENT);
    assert_eq!(e.get("/v1/me").await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(env.enroll("b", PASSWORD, e.id).await.0, StatusCode::OK);
    assert_eq!(env.enroll("a", PASSWORD, e.id).await.0, StatusCode::OK);
}

async fn old_or_silent_clients_are_told_to_update(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let d = env.device("a").await;
    let url = format!("{}/v1/pull", env.url);
    for version in [None, Some("0"), Some("abc")] {
        let mut req =
            env.http.post(&url).bearer_auth(&d.token).json(&json!({ "cursors": {}, "limit": 10 }));
        if let Some(v) = version {
            req = req.header(PROTOCOL_HEADER, v);
        }
        let resp = req.send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::UPGRADE_REQUIRED, "{version:?}");
        let body: Json = resp.json().await.unwrap();
        assert_eq!(body["code"], "client_too_old");
        assert_eq!(
            body["vi"],
            "Phiên bản ứng dụng đã cũ, vui lòng cập nhật. Các thay đổi chưa đồng bộ vẫn được giữ."
        );
        assert_eq!(
            body["en"],
            "This app is too old for the city server; please update. Unsynced changes are kept."
        );
    }
    // Enrolment too; health answers anyone.
    let resp =
        env.http.post(format!("{}/v1/enroll", env.url)).json(&json!({})).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::UPGRADE_REQUIRED);
    let health: Json =
        env.http.get(format!("{}/v1/health", env.url)).send().await.unwrap().json().await.unwrap();
    // Version 2 added training, 3 the server's clock and history, 4 held changes; a
    // version-1 app still syncs (it skips the tables it does not have and the fields it
    // does not know).
    assert_eq!(health, json!({ "protocol": 4, "min_protocol": 1 }));
}

async fn a_replayed_batch_gets_the_same_answers_and_stores_nothing_twice(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let d = env.device("a").await;
    let task = row_id();
    let batch = vec![
        d.new_task(UNIT_A, &task),
        d.set(A, "tasks", &task, "name", json!("Tên mới"), 1),
        d.set(A, "nonsense", &task, "name", json!("x"), 1),
        d.set(A, "tasks", &row_id(), "name", json!("x"), 0),
    ];
    let first = d.push(&batch).await;
    assert_eq!(applied(&first[0]), 1);
    assert_eq!(applied(&first[1]), 2);
    assert_eq!(rejected(&first[2]), "unknown_table");
    assert_eq!(rejected(&first[3]), "not_found");

    let again = d.push(&batch).await;
    assert_eq!(again, first, "a replay gets the same answers");
    // Part old, part new: the old ops answer as before, the new one is stored after them.
    let newer = d.set(A, "tasks", &task, "leader", json!("TS. Lê Văn Cường"), 2);
    let mixed = d.push(&[batch[1].clone(), newer]).await;
    assert_eq!(mixed[0], first[1]);
    assert_eq!(applied(&mixed[1]), 3);

    let changes = d.pull_all().await;
    let seqs: Vec<i64> = changes[A].iter().map(|c| c.seq).collect();
    assert_eq!(seqs, [1, 2, 3], "no change is stored twice");
    assert_eq!(changes[A][0].field, "*");
    assert_eq!(changes[A][0].device_id, d.id, "the device is the authenticated one");
    assert_eq!(changes[A][0].actor, "Người dùng a");
}

async fn concurrent_edits_keep_the_same_winner_whatever_the_order(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let d1 = env.device("a").await;
    let d2 = env.device("a2").await;
    // d2's clock is ahead: its edits are the later ones.
    d2.clock.set(d1.clock.get() + 1_000);

    // Three tasks, each edited concurrently (same base) by both devices:
    // t1: d1's edit arrives first; t2: d2's edit arrives first; t3: equal clocks, so the
    // greater device id wins.
    let (t1, t2, t3) = (row_id(), row_id(), row_id());
    let created = d1
        .push(&[d1.new_task(UNIT_A, &t1), d1.new_task(UNIT_A, &t2), d1.new_task(UNIT_A, &t3)])
        .await;
    let base = applied(&created[2]);

    let e1 = d1.set(A, "tasks", &t1, "name", json!("của d1"), base);
    let e2 = d2.set(A, "tasks", &t1, "name", json!("của d2"), base);
    assert_eq!(applied(&d1.push(&[e1]).await[0]), base + 1);
    let r = d2.push(&[e2]).await;
    let Outcome::Conflict { value, .. } = &r[0].outcome else { panic!("{r:?}") };
    assert_eq!(value, &json!("của d2"), "the later clock wins");

    let e1 = d1.set(A, "tasks", &t2, "name", json!("của d1"), base);
    let e2 = d2.set(A, "tasks", &t2, "name", json!("của d2"), base);
    applied(&d2.push(&[e2]).await[0]);
    let r = d1.push(&[e1]).await;
    let Outcome::Conflict { value, .. } = &r[0].outcome else { panic!("{r:?}") };
    assert_eq!(value, &json!("của d2"), "the same winner when it arrived first");

    let hlc = d1.hlc();
    let mut e1 = d1.set(A, "tasks", &t3, "name", json!("của d1"), base);
    let mut e2 = d2.set(A, "tasks", &t3, "name", json!("của d2"), base);
    e1.hlc = hlc.clone();
    e2.hlc = hlc;
    applied(&d1.push(&[e1]).await[0]);
    let r = d2.push(&[e2]).await;
    let Outcome::Conflict { value, conflict_id } = &r[0].outcome else { panic!("{r:?}") };
    let greater = if d2.id > d1.id { "của d2" } else { "của d1" };
    assert_eq!(value, &json!(greater), "equal clocks: the greater device id wins");

    // Every replica of the partition ends with the same values and sees the conflicts.
    for device in [&d1, &d2] {
        let changes = device.pull_all().await;
        let mut names = BTreeMap::new();
        let mut conflicts = BTreeMap::new();
        for c in &changes[A] {
            match (c.table.as_str(), c.field.as_str()) {
                ("tasks", "name") => {
                    names.insert(c.row_id.clone(), c.value.clone());
                }
                ("conflicts", "*") => {
                    conflicts.insert(c.value["row_id"].as_str().unwrap().to_owned(), c.clone());
                }
                _ => {}
            }
        }
        assert_eq!(names[&t1], json!("của d2"));
        assert_eq!(names[&t2], json!("của d2"));
        assert_eq!(names[&t3], json!(greater));
        assert_eq!(conflicts.len(), 3);
        let c1 = &conflicts[&t1].value;
        assert_eq!(c1["tbl"], "tasks");
        assert_eq!(c1["field"], "name");
        assert_eq!(c1["kept_value"], json!(json!("của d2").to_string()));
        assert_eq!(c1["other_value"], json!(json!("của d1").to_string()));
        assert_eq!(c1["kept_actor"], "Người dùng a2");
        assert_eq!(c1["other_actor"], "Người dùng a");
        assert_eq!(c1["resolved"], 0);
        assert!(c1["kept_at"].as_str().unwrap().ends_with('Z'));
        assert_eq!(conflicts[&t3].row_id, conflict_id.to_string());
    }
}

async fn edits_of_different_fields_do_not_conflict(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let d1 = env.device("a").await;
    let d2 = env.device("a2").await;
    let t = row_id();
    let base = applied(&d1.push(&[d1.new_task(UNIT_A, &t)]).await[0]);
    let r1 = d1.push(&[d1.set(A, "tasks", &t, "name", json!("Tên"), base)]).await;
    let r2 = d2.push(&[d2.set(A, "tasks", &t, "leader", json!("Chủ nhiệm"), base)]).await;
    assert_eq!(applied(&r1[0]), base + 1);
    assert_eq!(applied(&r2[0]), base + 2);
    // The same device editing the same field twice from an old base is not concurrent.
    let r3 = d1.push(&[d1.set(A, "tasks", &t, "name", json!("Tên 2"), base)]).await;
    applied(&r3[0]);
    assert!(!d1.pull_all().await[A].iter().any(|c| c.table == "conflicts"));
}

async fn a_unit_sees_and_writes_nothing_of_another_unit(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let a = env.device("a").await;
    let b = env.device("b").await;
    let admin = env.device("admin").await;
    let ta = row_id();
    applied(&a.push(&[a.new_task(UNIT_A, &ta)]).await[0]);
    applied(&a.push(&[a.set(A, "tasks", &ta, "name", json!("Bí mật của A"), 1)]).await[0]);
    let tb = row_id();
    applied(&b.push(&[b.new_task(UNIT_B, &tb)]).await[0]);

    // Reading: nothing of A, and the same answer whatever B asks about A.
    let seen = b.pull_all().await;
    assert_eq!(seen.keys().collect::<Vec<_>>(), [B]);
    let mut bodies = Vec::new();
    for cursors in [
        BTreeMap::new(),
        BTreeMap::from([(A.to_owned(), 0)]),
        BTreeMap::from([(A.to_owned(), 1)]),
        BTreeMap::from([("unit:99999".to_owned(), 0)]),
    ] {
        // The server's clock moves on between answers; nothing else may differ.
        bodies.push(PullResponse { server_ms: None, ..b.pull(&cursors, 100).await });
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "{bodies:?}");
    assert!(!format!("{bodies:?}").contains(&ta));

    // Writing: A's row is "not found" from B's partition, exactly like a row that does
    // not exist; A's partition is forbidden outright.
    let r = b
        .push(&[
            b.set(B, "tasks", &ta, "name", json!("sửa trộm"), 2),
            b.set(B, "tasks", &row_id(), "name", json!("sửa trộm"), 2),
            b.set(A, "tasks", &ta, "name", json!("sửa trộm"), 2),
            b.new_task(UNIT_A, &row_id()),
            b.create(B, "tasks", &row_id(), task_row(UNIT_A, &[])),
        ])
        .await;
    assert_eq!(r[0].outcome, r[1].outcome, "another unit's row looks like no row");
    assert_eq!(rejected(&r[0]), "not_found");
    assert!(!format!("{r:?}").contains("Bí mật"), "no value of A's row in B's answers: {r:?}");
    assert_eq!(rejected(&r[2]), "forbidden");
    assert_eq!(rejected(&r[3]), "forbidden");
    assert_eq!(rejected(&r[4]), "unit_mismatch");

    // City data: a unit may not write it; the city may, and every unit reads it.
    let norm = row_id();
    let r = a.push(&[a.create("city", "norms", &norm, norm_row("N1"))]).await;
    assert_eq!(rejected(&r[0]), "forbidden");
    let r = a.push(&[a.create(A, "norms", &norm, norm_row("N1"))]).await;
    assert_eq!(rejected(&r[0]), "wrong_partition");
    let r = admin.push(&[admin.create("city", "norms", &norm, norm_row("N1"))]).await;
    applied(&r[0]);
    let r = a.push(&[a.set("city", "norms", &norm, "value", json!("2"), 1)]).await;
    assert_eq!(rejected(&r[0]), "forbidden");
    assert_eq!(b.pull_all().await["city"].len(), 1);
    // The city reads every partition.
    let all = admin.pull_all().await;
    assert_eq!(all.keys().collect::<Vec<_>>(), ["city", B, A]);
}

async fn the_reviewer_moves_the_status_but_does_not_edit(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let a = env.device("a").await;
    let lead = env.device("a2").await;
    let rev = env.device("rev").await;
    let t = row_id();
    applied(&a.push(&[a.new_task(UNIT_A, &t)]).await[0]);
    applied(&a.push(&[a.set(A, "tasks", &t, "status", json!("submitted"), 1)]).await[0]);

    let r = rev
        .push(&[
            rev.set(A, "tasks", &t, "status", json!("approved"), 2),
            rev.set(A, "tasks", &t, "name", json!("Tên do Sở sửa"), 2),
            rev.create(
                A,
                "task_transitions",
                &row_id(),
                json!({ "task_id": t, "from_status": "submitted", "to_status": "approved" }),
            ),
            rev.new_task(UNIT_A, &row_id()),
        ])
        .await;
    assert_eq!(applied(&r[0]), 3);
    assert_eq!(rejected(&r[1]), "forbidden");
    applied(&r[2]);
    assert_eq!(rejected(&r[3]), "forbidden");

    // Suspending and resuming: the server does not know where a task was suspended from,
    // so it accepts a resume to a running status from whoever may resume.
    let r = lead.push(&[lead.set(A, "tasks", &t, "status", json!("suspended"), 3)]).await;
    assert_eq!(applied(&r[0]), 5);
    let r = a.push(&[a.set(A, "tasks", &t, "status", json!("approved"), 5)]).await;
    assert_eq!(rejected(&r[0]), "transition", "an official may not resume");
    let r = lead.push(&[lead.set(A, "tasks", &t, "status", json!("approved"), 5)]).await;
    applied(&r[0]);
}

async fn the_server_enforces_the_lifecycle(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let a = env.device("a").await;
    let rev = env.device("rev").await;
    let t = row_id();
    applied(&a.push(&[a.new_task(UNIT_A, &t)]).await[0]);

    let r = a
        .push(&[
            a.set(A, "tasks", &t, "status", json!("approved"), 1),
            a.set(A, "tasks", &t, "status", json!("nonsense"), 1),
            a.create(A, "tasks", &row_id(), task_row(UNIT_A, &[("status", json!("approved"))])),
            a.create(
                A,
                "estimates",
                &row_id(),
                estimate_row(&t, &[("status", json!("submitted"))]),
            ),
            a.create(A, "tasks", &row_id(), task_row(UNIT_A, &[("bogus", json!(1))])),
            a.create(A, "tasks", &t, task_row(UNIT_A, &[])),
            a.create(A, "conflicts", &row_id(), json!({ "tbl": "tasks" })),
        ])
        .await;
    assert_eq!(rejected(&r[0]), "transition");
    let Outcome::Rejected { reason, current } = &r[0].outcome else { unreachable!() };
    assert_eq!(reason.vi, "Không thể chuyển từ “Nháp” sang “Đã phê duyệt”.");
    let value = current.as_ref().map(|c| c.value.clone());
    assert_eq!(value, Some(json!("draft")), "the server's status, for the laptop to show");
    let Outcome::Rejected { current: none, .. } = &r[2].outcome else { unreachable!() };
    assert_eq!(none, &None, "a refused new row has no server value");
    assert_eq!(rejected(&r[1]), "bad_value");
    assert_eq!(rejected(&r[2]), "must_start_as_draft");
    assert_eq!(rejected(&r[3]), "must_start_as_draft");
    assert_eq!(rejected(&r[4]), "unknown_field");
    assert_eq!(rejected(&r[5]), "row_exists");
    assert_eq!(rejected(&r[6]), "server_only");

    // The reviewer cannot approve a draft the unit never submitted.
    let r = rev.push(&[rev.set(A, "tasks", &t, "status", json!("approved"), 1)]).await;
    assert_eq!(rejected(&r[0]), "transition");
    // Estimates: the unit submits, the city approves, the unit cannot approve.
    let e = row_id();
    applied(&a.push(&[a.create(A, "estimates", &e, estimate_row(&t, &[]))]).await[0]);
    let refused = a.set(A, "estimates", &e, "status", json!("approved"), 2);
    let r = a.push(std::slice::from_ref(&refused)).await;
    assert_eq!(rejected(&r[0]), "transition");
    applied(&a.push(&[a.set(A, "estimates", &e, "status", json!("submitted"), 2)]).await[0]);
    // A replay of the refused op (its answer was lost) tells the value as it is now.
    let again = a.push(&[refused]).await;
    let Outcome::Rejected { current, .. } = &again[0].outcome else { panic!("{again:?}") };
    assert_eq!(current.as_ref().map(|c| c.value.clone()), Some(json!("submitted")));
    applied(&rev.push(&[rev.set(A, "estimates", &e, "status", json!("approved"), 3)]).await[0]);
}

async fn bad_bodies_are_refused_and_the_server_keeps_serving(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let d = env.device("a").await;
    let push_url = format!("{}/v1/push", env.url);
    let raw = |body: Vec<u8>| {
        env.http
            .post(&push_url)
            .bearer_auth(&d.token)
            .header("content-type", "application/json")
            .body(body)
    };

    let good = serde_json::to_vec(&json!({ "ops": [d.new_task(UNIT_A, &row_id())] })).unwrap();
    for body in [b"{".to_vec(), good[..good.len() / 2].to_vec(), br#"{"ops": 5}"#.to_vec()] {
        let (status, err) = send(raw(body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(err["code"], "bad_request");
    }

    // Too large as sent, and too large once decompressed (a zip bomb).
    // (The first is answered as soon as its length is announced, before the body is sent:
    // a client still sending it sees the connection close.)
    let answer = announce_body(&env.url, &d.token, 9 << 20).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains(r#""code":"too_large""#), "{answer}");
    let bomb = gzip(format!(r#"{{"ops": [], "pad": "{}"}}"#, "0".repeat(64 << 20)).as_bytes());
    assert!(bomb.len() < 1 << 20, "{}", bomb.len());
    let (status, err) = send(raw(bomb).header("content-encoding", "gzip")).await;
    assert_eq!((status, err["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("too_large")));
    // A corrupt compressed body is a bad request.
    let (status, _) = send(raw(b"not gzip".to_vec()).header("content-encoding", "gzip")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let too_many: Vec<_> = (0..=MAX_BATCH).map(|_| d.new_task(UNIT_A, &row_id())).collect();
    let (status, err) = d.post("/v1/push", &json!({ "ops": too_many })).await;
    assert_eq!((status, err["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("too_large")));

    // Still serving, and nothing of the refused bodies was stored.
    let r = d.push(&[d.new_task(UNIT_A, &row_id())]).await;
    assert_eq!(applied(&r[0]), 1);
}

async fn compressed_bodies_are_accepted(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let d = env.device("a").await;
    let url = format!("{}/v1/push", env.url);
    let bodies =
        [
            (
                "gzip",
                gzip(
                    &serde_json::to_vec(&json!({ "ops": [d.new_task(UNIT_A, &row_id())] }))
                        .unwrap(),
                ),
            ),
            (
                "zstd",
                zstd::encode_all(
                    &serde_json::to_vec(&json!({ "ops": [d.new_task(UNIT_A, &row_id())] }))
                        .unwrap()[..],
                    3,
                )
                .unwrap(),
            ),
        ];
    for (i, (encoding, body)) in bodies.into_iter().enumerate() {
        let req = env
            .http
            .post(&url)
            .bearer_auth(&d.token)
            .header("content-type", "application/json")
            .header("content-encoding", encoding)
            .body(body);
        let (status, resp) = send(req).await;
        assert_eq!(status, StatusCode::OK, "{encoding}: {resp}");
        assert_eq!(resp["results"][0]["seq"], i + 1, "{encoding}");
    }
    // Answers are compressed for a client that accepts it.
    let resp = env
        .http
        .post(format!("{}/v1/pull", env.url))
        .bearer_auth(&d.token)
        .header(PROTOCOL_HEADER, "1")
        .header("accept-encoding", "zstd")
        .json(&json!({ "cursors": {}, "limit": 100 }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["content-encoding"], "zstd");
}

async fn pulls_come_in_pages(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let a = env.device("a").await;
    let admin = env.device("admin").await;
    let t = row_id();
    let mut ops = vec![a.new_task(UNIT_A, &t)];
    for i in 0..24 {
        ops.push(a.set(A, "tasks", &t, "name", json!(format!("Tên {i}")), 1 + i));
    }
    a.push(&ops).await;
    applied(&admin.push(&[admin.create("city", "norms", &row_id(), norm_row("N"))]).await[0]);

    // 26 changes: city 1, then unit A 25; pages of 10.
    let mut cursors = BTreeMap::new();
    let mut got = Vec::new();
    loop {
        let resp = a.pull(&cursors, 10).await;
        let n: usize = resp.pages.iter().map(|p| p.changes.len()).sum();
        assert!(n <= 10);
        for page in &resp.pages {
            assert!(!page.changes.is_empty(), "pages only for partitions with changes");
            assert_eq!(page.cursor, page.changes.last().unwrap().seq);
            cursors.insert(page.partition.clone(), page.cursor);
        }
        got.push((n, resp.more));
        if !resp.more {
            break;
        }
    }
    assert_eq!(got, [(10, true), (10, true), (6, false)]);
    assert_eq!(cursors, BTreeMap::from([("city".to_owned(), 1), (A.to_owned(), 25)]));
    // Limit 0 means one; nothing new means no pages.
    let one = a.pull(&BTreeMap::new(), 0).await;
    assert_eq!((one.pages.len(), one.pages[0].changes.len(), one.more), (1, 1, true));
    let none = a.pull(&cursors, 10).await;
    assert!(none.pages.is_empty() && !none.more);
}

async fn data_survives_a_restart(backend: Backend) {
    let mut env = Env::start(backend).await;
    env.add_everyone();
    let mut d = env.device("a").await;
    let t = row_id();
    let before =
        d.push(&[d.new_task(UNIT_A, &t), d.set(A, "tasks", &t, "name", json!("X"), 1)]).await;
    let pulled = d.pull_all().await;

    env.restart().await;
    d.url = env.url.clone();
    assert_eq!(d.get("/v1/me").await.0, StatusCode::OK, "the token still works");
    assert_eq!(d.pull_all().await, pulled);
    let again = d.push(&[d.new_task(UNIT_A, &t)]).await;
    assert_eq!(rejected(&again[0]), "row_exists");
    let r = d.push(&[d.set(A, "tasks", &t, "name", json!("Y"), 2)]).await;
    assert_eq!(applied(&r[0]), 3, "the sequence goes on");
    assert_eq!(before.len(), 2);
}

/// Sends the head of a push announcing a body of `len` bytes, and reads the answer
/// without sending the body.
async fn announce_body(url: &str, token: &str, len: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /v1/push HTTP/1.1\r\nhost: {addr}\r\n{PROTOCOL_HEADER}: 1\r\n\
         authorization: Bearer {token}\r\ncontent-type: application/json\r\n\
         content-length: {len}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ =
        tokio::time::timeout(std::time::Duration::from_secs(5), stream.read_to_end(&mut answer))
            .await;
    String::from_utf8_lossy(&answer).into_owned()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// An indicator as the city admin's laptop publishes it (`xaso_store::indicators`).
fn indicator_row(measure: &str, aggregation: &str) -> Json {
    json!({
        "code": "cds.van_ban_ky_so", "name_vi": "Tỷ lệ văn bản đi được ký số", "name_en": "",
        "field": "cds", "measure": measure, "aggregation": aggregation, "period": "quarter",
        "direction": "higher", "target": 9000, "from_app_data": "", "source": "example",
        "effective_from": null, "effective_to": null, "verified": 0
    })
}

async fn an_indicator_keeps_a_roll_up_that_fits_its_measure(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let admin = env.device("admin").await;
    let a = env.device("a").await;
    // A share summed over units would be shown to the city as its figure: refused whole.
    let (bad, good) = (row_id(), row_id());
    let r = admin
        .push(&[
            admin.create("city", "indicators", &bad, indicator_row("percent", "sum")),
            admin.create("city", "indicators", &good, indicator_row("percent", "ratio_of_sums")),
        ])
        .await;
    assert_eq!(rejected(&r[0]), "rollup_unfit");
    applied(&r[1]);
    // Reports are filed under a published indicator's measure and rule: they stay.
    let r = admin
        .push(&[
            admin.set("city", "indicators", &good, "aggregation", json!("mean"), 1),
            admin.set("city", "indicators", &good, "measure", json!("count"), 1),
            admin.set("city", "indicators", &good, "target", json!(9500), 1),
        ])
        .await;
    assert_eq!(rejected(&r[0]), "indicator_fixed");
    assert_eq!(rejected(&r[1]), "indicator_fixed");
    applied(&r[2]);
    // A unit writes none of the city's indicators.
    let r = a.push(&[a.set("city", "indicators", &good, "target", json!(1), 1)]).await;
    assert_eq!(rejected(&r[0]), "forbidden");
    let city = a.pull_all().await.remove("city").unwrap();
    assert_eq!(city.len(), 2, "the row and its new target, nothing of the refused ones");
    assert!(city.iter().all(|c| c.row_id == good));
}

fn report_row(status: &str) -> Json {
    json!({
        "unit_code": UNIT_A, "form_code": "cds.quy", "period": "2026-Q3", "version_no": 1,
        "status": status, "narrative": "[\"Ký số 96 %.\"]", "created_at": "2026-10-05T02:00:00Z"
    })
}

fn value_row(report: &str, value: i64) -> Json {
    json!({
        "report_id": report, "indicator_code": "cds.van_ban_ky_so", "value": value,
        "denominator": 1200, "source": "typed", "note": ""
    })
}

async fn a_report_goes_through_its_lifecycle_and_an_accepted_one_is_frozen(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let official = env.device("a").await;
    let lead = env.device("a2").await;
    let rev = env.device("rev").await;
    let (report, value) = (row_id(), row_id());

    // A report starts as a draft, and takes values while it is one.
    let r = official
        .push(&[
            official.create(A, "reports", &row_id(), report_row("submitted")),
            official.create(A, "reports", &report, report_row("draft")),
            official.create(A, "report_values", &value, value_row(&report, 1_100)),
            official.set(A, "report_values", &value, "value", json!(1_150), 0),
        ])
        .await;
    assert_eq!(rejected(&r[0]), "must_start_as_draft");
    let mut seq = 0;
    for result in &r[1..] {
        seq = seq.max(applied(result));
    }
    // Only the lead signs; the official cannot, nor can the city write its comments yet.
    let r =
        official.push(&[official.set(A, "reports", &report, "status", json!("signed"), seq)]).await;
    assert_eq!(rejected(&r[0]), "transition");
    let r =
        rev.push(&[rev.set(A, "reports", &report, "review_comment", json!("Sớm quá"), seq)]).await;
    assert_eq!(rejected(&r[0]), "report_not_submitted");
    let r = lead
        .push(&[
            lead.set(A, "reports", &report, "signed_by", json!("ai đó khác"), seq),
            lead.set(A, "reports", &report, "status", json!("signed"), seq),
        ])
        .await;
    seq = applied(&r[1]);
    // Signed: its content is fixed until the lead takes the signature back.
    let r = official
        .push(&[
            official.set(A, "report_values", &value, "value", json!(1), seq),
            official.set(A, "reports", &report, "narrative", json!("[]"), seq),
            official.set(A, "reports", &report, "submitted_at", json!("2026-10-06T01:00:00Z"), seq),
            official.set(A, "reports", &report, "status", json!("submitted"), seq),
        ])
        .await;
    assert_eq!(rejected(&r[0]), "report_not_draft");
    assert_eq!(rejected(&r[1]), "report_not_draft");
    applied(&r[2]);
    seq = applied(&r[3]);

    // The city returns it only with a reason, and comments while it has it.
    let r = rev.push(&[rev.set(A, "reports", &report, "status", json!("returned"), seq)]).await;
    assert_eq!(rejected(&r[0]), "transition", "no reason given");
    let r = official
        .push(&[official.set(A, "reports", &report, "review_comment", json!(""), seq)])
        .await;
    assert_eq!(rejected(&r[0]), "forbidden", "a unit does not write the city's comments");
    let r = rev
        .push(&[
            rev.set(A, "report_values", &value, "review_comment", json!("Mẫu số?"), seq),
            rev.set(A, "reports", &report, "review_comment", json!("Bổ sung số liệu."), seq),
            rev.set(A, "reports", &report, "status", json!("returned"), seq),
        ])
        .await;
    for result in &r {
        seq = seq.max(applied(result));
    }
    // Back to draft by the unit, corrected, signed, sent, accepted.
    let steps = [
        (&official, "status", json!("draft")),
        (&lead, "signed_by", json!("")),
        (&lead, "status", json!("signed")),
        (&official, "submitted_at", json!("2026-10-08T01:00:00Z")),
        (&official, "status", json!("submitted")),
        (&rev, "status", json!("accepted")),
    ];
    let fix = official
        .push(&[official.set(A, "report_values", &value, "value", json!(1_180), seq)])
        .await;
    assert_eq!(rejected(&fix[0]), "report_not_draft", "still returned, not yet reopened");
    for (i, (who, field, v)) in steps.into_iter().enumerate() {
        let r = who.push(&[who.set(A, "reports", &report, field, v, seq)]).await;
        seq = applied(&r[0]);
        if i == 0 {
            let fix = official.set(A, "report_values", &value, "value", json!(1_180), seq);
            seq = applied(&official.push(&[fix]).await[0]);
        }
    }
    // Accepted is frozen: no value, no step, no comment changes it.
    let r =
        official.push(&[official.set(A, "report_values", &value, "value", json!(1), seq)]).await;
    assert_eq!(rejected(&r[0]), "report_not_draft");
    let r = lead.push(&[lead.set(A, "reports", &report, "status", json!("draft"), seq)]).await;
    assert_eq!(rejected(&r[0]), "transition");
    let r = rev.push(&[rev.set(A, "reports", &report, "status", json!("returned"), seq)]).await;
    assert_eq!(rejected(&r[0]), "transition");
    let r = official
        .push(&[official.create(A, "report_values", &row_id(), value_row(&report, 5))])
        .await;
    assert_eq!(rejected(&r[0]), "report_not_draft");

    // The name of who signed is the lead's account, whatever the laptop sent.
    let pulled = rev.pull_all().await.remove(A).unwrap();
    let signed_by: Vec<&Json> = pulled
        .iter()
        .filter(|c| c.row_id == report && c.field == "signed_by")
        .map(|c| &c.value)
        .collect();
    assert!(
        !signed_by.is_empty() && signed_by.iter().all(|v| v.as_str() != Some("ai đó khác")),
        "{signed_by:?}"
    );
    let last_value = pulled.iter().rfind(|c| c.row_id == value && c.field == "value").unwrap();
    assert_eq!(last_value.value, json!(1_180));
}
