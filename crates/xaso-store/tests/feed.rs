//! The data feed that open screens follow: what a pull wrote and what a push's answer set
//! back, each row once per page, with the task it belongs to; bounded, and honest about
//! what it left out.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers panic on purpose

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{Value as Json, json};
use uuid::Uuid;
use xaso_domain::{TaskFields, TaskKind, UnitCode};
use xaso_proto::{Change, Current, OpResult, Outcome, Page, Reason};
use xaso_store::feed::{self, Why};
use xaso_store::sync::PullClock;
use xaso_store::{Store, outbox, tasks};

const UNIT: &str = "unit:26743";
const TASK: &str = "0190f5a0-0000-7000-8000-0000000000a1";
const STEP: &str = "0190f5a0-0000-7000-8000-0000000000d1";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 8, 0, 0).unwrap()
}

fn clock() -> PullClock {
    PullClock { now: now(), server_ms: None }
}

fn change(seq: i64, table: &str, row_id: &str, field: &str, value: Json) -> Change {
    Change {
        seq,
        table: table.into(),
        row_id: row_id.into(),
        field: field.into(),
        value,
        hlc: format!("{:015}-{:010}", 1_790_000_000_000u64 + seq as u64, 0),
        device_id: Uuid::from_u128(7),
        actor: "Lê Văn Hùng".into(),
    }
}

fn new_task(name: &str) -> Json {
    json!({
        "unit_code": "26743", "kind": "cds", "status": "submitted", "year": 2026, "name": name,
        "field": "", "task_type": "", "basis": "", "urgency": "", "objectives": "",
        "contents": "", "expected_results": "", "impact": "", "cost_state": 150000000,
        "cost_own": 0, "cost_other": 0, "start_date": null, "end_date": null,
        "host_unit": "", "leader": "Lê Thị Hoa", "results_usage": "",
        "created_at": "2026-11-20T07:00:00.000Z", "created_by": "Nguyễn Thị Lan"
    })
}

fn rows(since: &feed::Since) -> Vec<(&str, &str, &str, Option<&str>)> {
    since
        .entries
        .iter()
        .map(|e| (e.table.as_str(), e.row_id.as_str(), e.field.as_str(), e.task_id.as_deref()))
        .collect()
}

#[test]
fn a_pull_feeds_each_row_it_wrote_once_with_its_task_and_local_writes_feed_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(feed::latest(store.conn()).unwrap(), 0, "an empty feed starts at 0");

    // A local write: the window made it and knows; nothing is fed.
    let unit = UnitCode::parse("26743").unwrap();
    let f = TaskFields {
        kind: TaskKind::Cds,
        year: 2026,
        name: "Của tôi".into(),
        ..Default::default()
    };
    store.write("Nguyễn Thị Lan", now(), |c| c.tasks().insert(&unit, &f)).unwrap();
    assert_eq!(feed::latest(store.conn()).unwrap(), 0);

    // The city's page: the task, a step of its history, the status (twice in the page).
    let step = json!({"task_id": TASK, "from_status": "submitted", "to_status": "returned",
        "actor": "Lê Văn Hùng", "at": "2026-12-07T07:59:00.000Z", "comment": "Bổ sung"});
    let page = Page {
        partition: UNIT.into(),
        cursor: 4,
        changes: vec![
            change(1, "tasks", TASK, "*", new_task("Bản đồ số")),
            change(2, "task_transitions", STEP, "*", step),
            change(3, "tasks", TASK, "status", json!("returned")),
            change(4, "tasks", TASK, "status", json!("returned")),
        ],
    };
    store.apply_page(&page, clock()).unwrap();

    let since = feed::since(store.conn(), 0, 100).unwrap();
    assert!(since.complete);
    assert_eq!(
        rows(&since),
        [
            ("task_transitions", STEP, "*", Some(TASK)),
            ("tasks", TASK, "*", Some(TASK)),
            ("tasks", TASK, "status", Some(TASK)),
        ],
        "each row and field once per page, with the task it belongs to"
    );
    assert!(since.entries.iter().all(|e| e.why == Why::Pulled));
    assert_eq!(since.latest, feed::latest(store.conn()).unwrap());

    // Asked again from where it stopped: nothing new.
    let again = feed::since(store.conn(), since.latest, 100).unwrap();
    assert!(again.entries.is_empty() && again.complete);
    assert_eq!(again.latest, since.latest);
}

#[test]
fn a_lost_conflict_and_a_refusal_feed_the_field_they_set_back() {
    let mut store = Store::open_in_memory().unwrap();
    let unit = UnitCode::parse("26743").unwrap();
    let f =
        TaskFields { kind: TaskKind::Cds, year: 2026, name: "Gốc".into(), ..Default::default() };
    let id = store.write("Nguyễn Thị Lan", now(), |c| c.tasks().insert(&unit, &f)).unwrap();
    let task = tasks::get(store.conn(), id).unwrap();
    let edited =
        TaskFields {
            name: "Tên trên máy".into(), leader: "Lê Thị Hoa".into(), ..task.fields
        };
    store.write("Nguyễn Thị Lan", now(), |c| c.tasks().update(id, &edited)).unwrap();
    let ops = outbox::oldest(store.conn(), 10).unwrap();
    let [create, name, leader] = &ops[..] else { panic!("{ops:?}") };
    let answer =
        |op: &outbox::Entry, outcome| OpResult { op_id: op.op_id.parse().unwrap(), outcome };
    let results = [
        answer(create, Outcome::Applied { seq: 1 }),
        answer(
            name,
            Outcome::Conflict {
                value: json!("Tên máy chủ giữ"), conflict_id: Uuid::from_u128(9)
            },
        ),
        answer(
            leader,
            Outcome::Rejected {
                reason: Reason::new("forbidden", "Không được sửa", "May not change it"),
                current: Some(Current { value: json!("Trần Văn Minh") }),
            },
        ),
    ];
    store.acknowledge(&results, now()).unwrap();

    let since = feed::since(store.conn(), 0, 100).unwrap();
    let id = id.to_string();
    let got: Vec<_> =
        since.entries.iter().map(|e| (e.row_id.as_str(), e.field.as_str(), e.why)).collect();
    assert_eq!(got, [(id.as_str(), "name", Why::Conflict), (id.as_str(), "leader", Why::Refused)]);
}

#[test]
fn the_feed_keeps_its_newest_entries_and_a_reader_behind_them_is_told_to_read_everything() {
    let mut store = Store::open_in_memory().unwrap();
    let many = usize::try_from(feed::KEEP).unwrap() + 50;
    let changes = (0..many)
        .map(|i| {
            let id = format!("0190f5a0-0000-7000-8000-{:012x}", 0x1000 + i);
            change(i64::try_from(i).unwrap() + 1, "tasks", &id, "*", new_task(&format!("Việc {i}")))
        })
        .collect();
    let page = Page { partition: UNIT.into(), cursor: i64::try_from(many).unwrap(), changes };
    store.apply_page(&page, clock()).unwrap();

    let count: i64 =
        store.conn().query_row("SELECT count(*) FROM data_feed", [], |r| r.get(0)).unwrap();
    assert_eq!(count, feed::KEEP, "only the newest are kept");
    let latest = feed::latest(store.conn()).unwrap();
    assert_eq!(latest, i64::try_from(many).unwrap());

    let behind = feed::since(store.conn(), 0, 10_000).unwrap();
    assert!(!behind.complete, "entries after 0 were pruned: the reader cannot know them all");
    let truncated = feed::since(store.conn(), latest - 100, 10).unwrap();
    assert_eq!(truncated.entries.len(), 10);
    assert!(!truncated.complete, "more than the limit: told so");
    let recent = feed::since(store.conn(), latest - 10, 100).unwrap();
    assert_eq!(recent.entries.len(), 10);
    assert!(recent.complete);
    assert_eq!(recent.entries[0].seq, latest - 9);
}
