//! What a laptop sent is kept for a server that lost it: acknowledged ops stay in a
//! journal for 30 days, a rolled-back server is recognised, and reconciling queues them
//! again ahead of the edits still pending, with every cursor cleared.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on purpose

use std::collections::BTreeMap;

use chrono::{Duration, TimeZone, Utc};
use uuid::Uuid;
use xaso_domain::{TaskFields, UnitCode};
use xaso_proto::{OpResult, Outcome, Page};
use xaso_store::Store;
use xaso_store::sync::{PullClock, pending_ops};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 2, 0, 0).unwrap()
}

fn task(store: &mut Store, name: &str) -> xaso_domain::TaskId {
    let unit = UnitCode::parse("26743").unwrap();
    let fields = TaskFields { name: name.into(), year: 2026, ..TaskFields::default() };
    store.write("Nguyễn Thị Lan", now(), |c| c.tasks().insert(&unit, &fields)).unwrap()
}

/// The server's answer "applied" to every pending op.
fn push_all(store: &mut Store, at: chrono::DateTime<Utc>) -> Vec<Uuid> {
    push_numbered(store, at, 1)
}

/// The server's answer "applied" to every pending op, numbered from `first`.
fn push_numbered(store: &mut Store, at: chrono::DateTime<Utc>, first: i64) -> Vec<Uuid> {
    let ops = pending_ops(store.conn(), 1000).unwrap();
    let results: Vec<OpResult> = ops
        .iter()
        .enumerate()
        .map(|(i, op)| OpResult {
            op_id: op.op_id,
            outcome: Outcome::Applied { seq: i as i64 + first },
        })
        .collect();
    store.acknowledge(&results, at).unwrap();
    ops.into_iter().map(|op| op.op_id).collect()
}

#[test]
fn acknowledged_ops_are_kept_and_sent_again_ahead_of_pending_ones() {
    let mut store = Store::open_in_memory().unwrap();
    let t = task(&mut store, "Trước khi sao lưu");
    let sent = push_all(&mut store, now());
    assert_eq!(store.journal_len().unwrap(), 1);
    assert!(pending_ops(store.conn(), 10).unwrap().is_empty());
    // A later edit, still pending, and a cursor from a pull.
    let fields = TaskFields { name: "Sửa sau".into(), year: 2026, ..TaskFields::default() };
    store.write("Nguyễn Thị Lan", now(), |c| c.tasks().update(t, &fields)).unwrap();
    let page = Page { partition: "unit:26743".into(), changes: vec![], cursor: 7 };
    store.apply_page(&page, PullClock { now: now(), server_ms: None }).unwrap();

    let history = Uuid::now_v7();
    let heads = BTreeMap::from([("unit:26743".to_owned(), 7)]);
    assert!(!store.server_rolled_back(Some(history), &heads).unwrap(), "first contact");
    assert!(!store.server_rolled_back(Some(history), &heads).unwrap(), "the same history");
    assert!(!store.server_rolled_back(None, &BTreeMap::new()).unwrap(), "an older server");
    let lower = BTreeMap::from([("unit:26743".to_owned(), 3)]);
    assert!(store.server_rolled_back(Some(history), &lower).unwrap(), "cursor beyond the head");
    let restored = Uuid::now_v7();
    assert!(store.server_rolled_back(Some(restored), &heads).unwrap(), "a new history");

    let done = store.reconcile(Some(restored)).unwrap();
    assert_eq!(done.resent, 1);
    let queued = pending_ops(store.conn(), 10).unwrap();
    assert_eq!(queued.len(), 2);
    assert_eq!(queued[0].op_id, sent[0], "the op sent before goes first");
    assert_eq!(
        (queued[1].field.as_str(), &queued[1].value),
        ("name", &serde_json::json!("Sửa sau"))
    );
    assert!(store.cursors().unwrap().is_empty(), "everything is pulled again");
    assert_eq!(store.journal_len().unwrap(), 0);
    assert!(!store.server_rolled_back(Some(restored), &BTreeMap::new()).unwrap());
    // Sent again and acknowledged: back in the journal, once each.
    push_all(&mut store, now());
    assert_eq!(store.journal_len().unwrap(), 2);
}

#[test]
fn the_journal_keeps_thirty_days() {
    let mut store = Store::open_in_memory().unwrap();
    task(&mut store, "Cũ");
    push_all(&mut store, now());
    task(&mut store, "Mới");
    push_all(&mut store, now() + Duration::days(29));
    assert_eq!(store.journal_len().unwrap(), 2);
    push_all(&mut store, now() + Duration::days(31));
    assert_eq!(store.journal_len().unwrap(), 1, "the one acknowledged 31 days ago is gone");
}

/// The version of a task as stored here.
fn version(store: &Store, id: xaso_domain::TaskId) -> i64 {
    store
        .conn()
        .query_row("SELECT version FROM tasks WHERE id = ?1", [id.to_string()], |r| r.get(0))
        .unwrap()
}

#[test]
fn applied_ops_are_named_as_held_until_a_pull_passes_them_and_raises_their_rows_version() {
    let mut store = Store::open_in_memory().unwrap();
    let first = task(&mut store, "Một");
    let second = task(&mut store, "Hai");
    push_all(&mut store, now());
    let unit = "unit:26743".to_owned();
    assert_eq!(store.held().unwrap(), BTreeMap::from([(unit.clone(), vec![(1, 2)])]));
    assert_eq!(version(&store, first), 0, "not pulled yet");

    // A page that left out change 1 (held) moves the cursor past it: the row's version is
    // what the change would have made it, and it is no longer named.
    let clock = PullClock { now: now(), server_ms: None };
    store.apply_page(&Page { partition: unit.clone(), changes: vec![], cursor: 1 }, clock).unwrap();
    assert_eq!((version(&store, first), version(&store, second)), (1, 0));
    assert_eq!(store.held().unwrap(), BTreeMap::from([(unit.clone(), vec![(2, 2)])]));
    store.apply_page(&Page { partition: unit.clone(), changes: vec![], cursor: 5 }, clock).unwrap();
    assert_eq!(version(&store, second), 2);
    assert!(store.held().unwrap().is_empty());

    // After a rollback of the server's history nothing is held, and what is sent again
    // is not named either: the server may hold other values of those rows by then.
    task(&mut store, "Ba");
    push_numbered(&mut store, now(), 6);
    assert_eq!(store.held().unwrap(), BTreeMap::from([(unit.clone(), vec![(6, 6)])]));
    store.reconcile(Some(Uuid::now_v7())).unwrap();
    assert!(store.held().unwrap().is_empty(), "numbers of the old history mean nothing");
    push_numbered(&mut store, now(), 1);
    assert!(store.held().unwrap().is_empty(), "ops sent again are not held");
}
