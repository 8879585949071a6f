//! The city server trusts no laptop: whatever one unit's laptop sends, every value the
//! server keeps is one every replica can store, no one appears as someone else, clocks
//! stay honest, and a pull's memory is bounded. Every test runs on both backends.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers panic on purpose

#[macro_use]
mod common;

use std::collections::BTreeMap;

use chrono::Utc;
use common::*;
use serde_json::{Value as Json, json};
use uuid::Uuid;
use xaso_domain::Hlc;
use xaso_domain::sync::{MAX_CLOCK_AHEAD_MS, MAX_ROW_BYTES};
use xaso_proto::{MAX_PULL_BYTES, Op, Outcome, Page};

on_both_backends!(
    hostile_values_are_refused_and_every_replica_applies_the_rest,
    clocks_are_bounded_by_the_servers,
    authors_and_times_of_history_are_the_servers,
    op_ids_are_scoped_by_account,
    pulls_are_bounded_by_bytes,
    pull_answers_name_the_history_and_the_heads,
);

const A: &str = "unit:26743";
const B: &str = "unit:26506";

fn now_ms() -> u64 {
    u64::try_from(Utc::now().timestamp_millis()).unwrap()
}

/// A replica: a real laptop store that applies pulled pages as the app does.
fn replica() -> xaso_store::Store {
    xaso_store::Store::open_in_memory().unwrap()
}

/// Applies every page; panics on a page the replica cannot store.
fn apply_all(store: &mut xaso_store::Store, pages: &BTreeMap<String, Vec<xaso_proto::Change>>) {
    for (partition, changes) in pages {
        let page = Page {
            partition: partition.clone(),
            cursor: changes.last().map_or(0, |c| c.seq),
            changes: changes.clone(),
        };
        let clock = xaso_store::sync::PullClock { now: Utc::now(), server_ms: None };
        let applied = store.apply_page(&page, clock).unwrap();
        assert_eq!(applied.set_aside, 0, "a replica cannot store what the server kept: {page:?}");
    }
}

async fn hostile_values_are_refused_and_every_replica_applies_the_rest(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let a = env.device("a").await;
    let rev = env.device("rev").await;
    let t = row_id();
    applied(&a.push(&[a.new_task(UNIT_A, &t)]).await[0]);

    let long = "ư".repeat(MAX_ROW_BYTES);
    let r = a
        .push(&[
            a.set(A, "tasks", &t, "year", json!("không phải số"), 1),
            a.set(A, "tasks", &t, "year", json!(i64::MAX), 1),
            a.set(A, "tasks", &t, "cost_state", json!(-5), 1),
            a.set(A, "tasks", &t, "start_date", json!("30/02/2026"), 1),
            a.set(A, "tasks", &t, "name", json!(long), 1),
            a.set(A, "tasks", &t, "kind", json!({"lồng": ["nhau"]}), 1),
            a.create(A, "tasks", "không-phải-uuid", task_row(UNIT_A, &[])),
            a.create(A, "tasks", &Uuid::nil().to_string(), task_row(UNIT_A, &[])),
            a.create(A, "tasks", "id\0có NUL", task_row(UNIT_A, &[])),
            a.create(A, "tasks", &row_id(), task_row(UNIT_A, &[("kind", json!("vũ trụ"))])),
            a.create(A, "tasks", &row_id(), task_row(UNIT_A, &[("name", Json::Null)])),
            a.create(A, "milestones", &row_id(), json!({"task_id": t, "title": "Thiếu ngày"})),
            a.set(A, "tasks", &t, "name", json!("Tên đúng"), 1),
        ])
        .await;
    let codes: Vec<String> = r[..12].iter().map(rejected).collect();
    assert_eq!(
        codes,
        [
            "bad_value",
            "bad_value",
            "bad_value",
            "bad_value",
            "too_large",
            "bad_value",
            "bad_id",
            "bad_id",
            "bad_id",
            "bad_value",
            "bad_value",
            "bad_value"
        ]
    );
    let Outcome::Rejected { reason, current } = &r[0].outcome else { unreachable!() };
    assert!(reason.vi.contains("tasks.year") && reason.en.contains("whole number"), "{reason:?}");
    assert_eq!(current.as_ref().map(|c| c.value.clone()), Some(json!(2026)), "the server's year");
    applied(&r[12]);

    // Nothing refused was kept: the reviewer's replica applies every change, and none of
    // them carries a refused value.
    let pulled = rev.pull_all().await;
    let text = format!("{pulled:?}");
    assert!(!text.contains("không phải số") && !text.contains("vũ trụ"), "{text}");
    let mut store = replica();
    apply_all(&mut store, &pulled);
    let name: String =
        store.conn().query_row("SELECT name FROM tasks WHERE id = ?1", [&t], |r| r.get(0)).unwrap();
    assert_eq!(name, "Tên đúng");
}

async fn clocks_are_bounded_by_the_servers(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let fast = env.device("a").await; // a laptop whose clock runs a year ahead
    let honest = env.device("a2").await;
    let t = row_id();
    applied(&honest.push(&[honest.new_task(UNIT_A, &t)]).await[0]);

    let year_ms = 365 * 24 * 3_600_000;
    fast.clock.set(now_ms() + year_ms);
    let before = now_ms();
    applied(
        &fast.push(&[fast.set(A, "tasks", &t, "name", json!("Máy nhanh một năm"), 1)]).await[0],
    );
    // Later in real time, from the same base: concurrent; the later edit must win.
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    honest.clock.set(now_ms());
    let r = honest.push(&[honest.set(A, "tasks", &t, "name", json!("Sửa sau, giờ đúng"), 1)]).await;
    let Outcome::Conflict { value, .. } = &r[0].outcome else { panic!("{r:?}") };
    assert_eq!(value, &json!("Sửa sau, giờ đúng"), "a fast clock does not win every conflict");

    // What every replica receives carries the server's clock, not the year-ahead one.
    let after = now_ms();
    let pulled = honest.pull_all().await;
    for change in &pulled[A] {
        let hlc: Hlc = change.hlc.parse().unwrap();
        assert!(hlc.wall_ms <= after + MAX_CLOCK_AHEAD_MS, "{change:?}");
    }
    let stamped: Hlc = pulled[A]
        .iter()
        .find(|c| c.value == json!("Máy nhanh một năm"))
        .map(|c| c.hlc.parse().unwrap())
        .unwrap();
    assert!((before..=after).contains(&stamped.wall_ms), "stored with the server's clock");

    // An absurd clock is refused; the largest one too is only the server's now.
    let mut op = fast.set(A, "tasks", &t, "leader", json!("Đồng hồ 1970"), 1);
    op.hlc = Hlc { wall_ms: 1_000, counter: 0 }.to_string();
    let mut max = fast.set(A, "tasks", &t, "host_unit", json!("Đồng hồ lớn nhất"), 1);
    max.hlc = Hlc { wall_ms: 999_999_999_999_999, counter: u32::MAX }.to_string();
    let r = fast.push(&[op, max]).await;
    assert_eq!(rejected(&r[0]), "bad_clock");
    let Outcome::Rejected { reason, .. } = &r[0].outcome else { unreachable!() };
    assert!(reason.vi.contains("chỉnh lại ngày giờ"), "{reason:?}");
    applied(&r[1]);
    let pulled = honest.pull_all().await;
    let biggest = pulled[A].iter().map(|c| c.hlc.parse::<Hlc>().unwrap().wall_ms).max().unwrap();
    assert!(biggest <= now_ms(), "no replica is handed a clock beyond the server's");
}

async fn authors_and_times_of_history_are_the_servers(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let a = env.device("a").await;
    let a2 = env.device("a2").await;
    let t = row_id();
    let forged = task_row(UNIT_A, &[("created_by", json!("Lê Văn Hùng (Sở KHCN)"))]);
    applied(&a.push(&[a.create(A, "tasks", &t, forged)]).await[0]);
    let step = row_id();
    let op = a.create(
        A,
        "task_transitions",
        &step,
        json!({"task_id": t, "from_status": "draft", "to_status": "submitted",
               "actor": "Người dùng rev", "at": "2020-01-01T00:00:00.000Z", "comment": ""}),
    );
    let step_clock: Hlc = op.hlc.parse().unwrap();
    applied(&a.push(&[op, a.set(A, "tasks", &t, "status", json!("submitted"), 1)]).await[0]);
    // A concurrent edit makes a conflict; a's resolution names someone else.
    applied(&a.push(&[a.set(A, "tasks", &t, "name", json!("Tên của a"), 1)]).await[0]);
    let r = a2.push(&[a2.set(A, "tasks", &t, "name", json!("Tên của a2"), 1)]).await;
    let Outcome::Conflict { conflict_id, .. } = r[0].outcome else { panic!("{r:?}") };
    let c = conflict_id.to_string();
    let seen = a.pull_all().await;
    let base = seen[A].iter().find(|ch| ch.row_id == c).unwrap().seq;
    let r = a
        .push(&[
            a.set(A, "conflicts", &c, "resolved", json!(1), base),
            a.set(A, "conflicts", &c, "resolved_by", json!("Giám đốc Sở"), base),
            a.set(A, "conflicts", &c, "resolved_at", json!("2030-01-01T00:00:00.000Z"), base),
        ])
        .await;
    r.iter().for_each(|r| {
        applied(r);
    });

    let pulled = a2.pull_all().await;
    let mut store = replica();
    apply_all(&mut store, &pulled);
    let one = |sql: &str, id: &str| -> String {
        store.conn().query_row(sql, [id], |r| r.get(0)).unwrap()
    };
    assert_eq!(one("SELECT created_by FROM tasks WHERE id = ?1", &t), "Người dùng a");
    assert_eq!(one("SELECT actor FROM task_transitions WHERE id = ?1", &step), "Người dùng a");
    let at = one("SELECT at FROM task_transitions WHERE id = ?1", &step);
    let at_ms = chrono::DateTime::parse_from_rfc3339(&at).unwrap().timestamp_millis();
    assert_eq!(u64::try_from(at_ms).unwrap(), step_clock.wall_ms, "the step's time is its clock");
    assert_eq!(one("SELECT resolved_by FROM conflicts WHERE id = ?1", &c), "Người dùng a");
    assert_ne!(
        one("SELECT resolved_at FROM conflicts WHERE id = ?1", &c),
        "2030-01-01T00:00:00.000Z"
    );
}

async fn op_ids_are_scoped_by_account(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let a = env.device("a").await;
    let b = env.device("b").await;
    let ta = row_id();
    let first = a.new_task(UNIT_A, &ta);
    applied(&a.push(std::slice::from_ref(&first)).await[0]);
    let secret = a.set(A, "tasks", &ta, "status", json!("approved"), 1);
    let r = a.push(std::slice::from_ref(&secret)).await;
    assert_eq!(rejected(&r[0]), "transition");

    // B reuses both of A's op ids: its ops are judged on their own, A's answers (and the
    // value of A's row that one of them carries) stay A's.
    let tb = row_id();
    let mut own = b.new_task(UNIT_B, &tb);
    own.op_id = first.op_id;
    let mut probe = b.set(B, "tasks", &ta, "status", json!("approved"), 1);
    probe.op_id = secret.op_id;
    let r = b.push(&[own, probe]).await;
    applied(&r[0]);
    assert_eq!(rejected(&r[1]), "not_found");
    assert!(!format!("{r:?}").contains("draft"), "nothing of A's row: {r:?}");
    // A's replays still get A's answers.
    let again = a.push(&[first, secret]).await;
    applied(&again[0]);
    assert_eq!(rejected(&again[1]), "transition");
    let pulled = b.pull_all().await;
    assert_eq!(pulled["unit:26506"].len(), 1, "B's task was stored as B's");
}

async fn pulls_are_bounded_by_bytes(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let a = env.device("a").await;
    let rev = env.device("rev").await;
    // 40 tasks of five long texts each (~200 kB a row, 8 MB in all).
    let text = "ư".repeat(19_000);
    let rows: Vec<Op> = (0..40)
        .map(|_| {
            let fields: Vec<(&str, Json)> =
                ["basis", "urgency", "objectives", "contents", "impact"]
                    .into_iter()
                    .map(|f| (f, json!(text)))
                    .collect();
            a.create(A, "tasks", &row_id(), task_row(UNIT_A, &fields))
        })
        .collect();
    for batch in rows.chunks(10) {
        a.push(batch).await.iter().for_each(|r| {
            applied(r);
        });
    }
    let mut cursors = BTreeMap::new();
    let mut received = 0;
    let mut answers = 0;
    loop {
        let resp = rev.pull(&cursors, 1000).await;
        answers += 1;
        let bytes: usize =
            resp.pages.iter().flat_map(|p| &p.changes).map(|c| c.value.to_string().len()).sum();
        assert!(bytes <= MAX_PULL_BYTES + MAX_ROW_BYTES, "{bytes} bytes in one answer");
        for page in &resp.pages {
            received += page.changes.len();
            cursors.insert(page.partition.clone(), page.cursor);
        }
        if !resp.more {
            break;
        }
    }
    assert_eq!(received, 40, "every row arrives");
    assert!(answers >= 2, "8 MB came in more than one answer ({answers})");
}

async fn pull_answers_name_the_history_and_the_heads(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let a = env.device("a").await;
    let b = env.device("b").await;
    applied(&a.push(&[a.new_task(UNIT_A, &row_id())]).await[0]);
    applied(&b.push(&[b.new_task(UNIT_B, &row_id())]).await[0]);
    let history = xaso_server::history::history_id(&env.storage).unwrap().unwrap();
    let resp = a.pull(&BTreeMap::new(), 1000).await;
    assert_eq!(resp.history, Some(history));
    assert_eq!(resp.heads, BTreeMap::from([(A.to_owned(), 1)]), "only what a reads");
    assert!(resp.server_ms.is_some_and(|ms| ms.abs_diff(now_ms()) < 60_000));
    // A cursor beyond the head gets nothing, and the head says so.
    let beyond = a.pull(&BTreeMap::from([(A.to_owned(), 7)]), 1000).await;
    assert!(beyond.pages.is_empty() && beyond.heads[A] == 1);
    let renewed = xaso_server::history::new_history(&env.storage).unwrap();
    assert_ne!(renewed, history);
    assert_eq!(a.pull(&BTreeMap::new(), 1000).await.history, Some(renewed));
    // History ids survive a restart.
    let mut env = env;
    env.restart().await;
    assert_eq!(xaso_server::history::history_id(&env.storage).unwrap(), Some(renewed));
}
