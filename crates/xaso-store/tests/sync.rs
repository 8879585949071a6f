//! The client side of sync as the engine relies on it: pulled pages applied atomically
//! with their cursor and without outbox entries, local edits never overwritten by a pull,
//! the server's answers acknowledged, conflicts resolved as local changes, and the data
//! feed that open screens follow (what a pull wrote and what an answer set back, each row
//! once per page, with the task it belongs to; bounded, and honest about what it left out).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers panic on purpose

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{Value as Json, json};
use uuid::Uuid;
use xaso_domain::{TaskFields, TaskId, TaskKind, UnitCode};
use xaso_proto::{Change, Current, OpResult, Outcome, Page, Reason};
use xaso_store::conflicts::{self, KeepChoice};
use xaso_store::feed::{self, Why};
use xaso_store::sync::{self, DeviceToken, PullClock};
use xaso_store::tasks::{self, TaskFilter};
use xaso_store::{Store, dead_letters, milestones, outbox, set_aside};

const UNIT: &str = "unit:26743";
const TASK: &str = "0190f5a0-0000-7000-8000-0000000000a1";
const MILESTONE: &str = "0190f5a0-0000-7000-8000-0000000000b1";
const CONFLICT: &str = "0190f5a0-0000-7000-8000-0000000000c1";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 8, 0, 0).unwrap()
}

fn clock() -> PullClock {
    PullClock { now: now(), server_ms: None }
}

fn store() -> Store {
    Store::open_in_memory().unwrap()
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
        actor: "Trần Văn Minh".into(),
    }
}

fn page(partition: &str, cursor: i64, changes: Vec<Change>) -> Page {
    Page { partition: partition.into(), changes, cursor }
}

fn new_task(name: &str) -> Json {
    json!({
        "unit_code": "26743", "kind": "cds", "status": "draft", "year": 2026, "name": name,
        "field": "", "task_type": "", "basis": "", "urgency": "", "objectives": "",
        "contents": "", "expected_results": "", "impact": "", "cost_state": 150000000,
        "cost_own": 0, "cost_other": 0, "start_date": null, "end_date": null,
        "host_unit": "", "leader": "Lê Thị Hoa", "results_usage": "",
        "created_at": "2026-11-20T07:00:00.000Z", "created_by": "Trần Văn Minh"
    })
}

fn task_id() -> TaskId {
    TASK.parse().unwrap()
}

/// A search as the app makes it: the index first catches up with what pulls wrote.
fn search(store: &mut Store, q: &str) -> Vec<String> {
    store.catch_up_search().unwrap();
    let filter = TaskFilter { search: q.into(), limit: 50, ..Default::default() };
    tasks::list(store.conn(), &filter).unwrap().rows.into_iter().map(|r| r.name).collect()
}

fn pulled_task(store: &mut Store, name: &str) {
    let p = page(UNIT, 1, vec![change(1, "tasks", TASK, "*", new_task(name))]);
    store.apply_page(&p, clock()).unwrap();
}

fn edit_name(store: &mut Store, name: &str) {
    rename(store, task_id(), name);
}

fn rename(store: &mut Store, id: TaskId, name: &str) {
    let task = tasks::get(store.conn(), id).unwrap();
    let fields = TaskFields { name: name.into(), ..task.fields };
    store.write("Nguyễn Thị Lan", now(), |c| c.tasks().update(id, &fields)).unwrap();
}

fn pending(store: &Store) -> Vec<(String, String)> {
    outbox::oldest(store.conn(), 100).unwrap().into_iter().map(|e| (e.table, e.field)).collect()
}

#[test]
fn a_page_of_new_rows_then_field_changes_is_applied_without_outbox_entries() {
    let mut store = store();
    let p = page(
        UNIT,
        4,
        vec![
            change(1, "tasks", TASK, "*", new_task("Số hóa hồ sơ đất đai")),
            change(
                2,
                "milestones",
                MILESTONE,
                "*",
                json!({"task_id": TASK, "title": "Khảo sát", "responsible": "", "unit": "",
                       "start_date": "2027-01-01", "due_date": "2027-03-31", "done": false,
                       "created_at": "2026-11-20T07:00:00.000Z"}),
            ),
            change(3, "tasks", TASK, "name", json!("Số hóa hồ sơ địa chính")),
            change(4, "milestones", MILESTONE, "done", json!(true)),
        ],
    );
    let applied = store.apply_page(&p, clock()).unwrap();
    assert_eq!(applied.applied, 4);

    let task = tasks::get(store.conn(), task_id()).unwrap();
    assert_eq!(task.fields.name, "Số hóa hồ sơ địa chính");
    assert_eq!(task.fields.cost_state.dong(), 150_000_000);
    assert_eq!(task.fields.leader, "Lê Thị Hoa");
    assert_eq!(task.updated_at, "2026-11-20T07:00:00.000Z", "missing updated_at = created_at");
    assert_eq!(task.version, 3);
    let ms = milestones::for_task(store.conn(), task_id()).unwrap();
    assert_eq!(ms.len(), 1);
    assert!(ms[0].fields.done, "JSON true is stored as 1");

    assert_eq!(
        outbox::pending_count(store.conn()).unwrap(),
        0,
        "pulled rows are not local changes"
    );
    assert_eq!(store.cursors().unwrap().get(UNIT), Some(&4));
    // The search index follows the pulled name once it has caught up with the pull.
    assert!(tasks::search_behind(store.conn()).unwrap(), "the pull queued the task");
    let filter = TaskFilter { search: "dia chinh".into(), limit: 50, ..Default::default() };
    assert!(tasks::list(store.conn(), &filter).unwrap().rows.is_empty(), "not indexed yet");
    assert_eq!(store.catch_up_search().unwrap(), 1);
    assert!(!tasks::search_behind(store.conn()).unwrap());
    assert_eq!(search(&mut store, "dia chinh"), ["Số hóa hồ sơ địa chính"]);
    assert!(search(&mut store, "dat dai").is_empty());
}

/// A fresh laptop's first pull brings thousands of tasks: they are searchable once the
/// index has caught up, in several transactions, and a crash in between (here: the store
/// closed before catching up) loses none of them.
#[test]
fn pulled_new_tasks_are_searchable_at_once_and_changed_ones_wait_in_a_queue_that_survives_a_restart()
 {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xaso.sqlite3");
    let n = xaso_store::sync::SEARCH_BATCH + 1;
    let ids: Vec<String> = (0..n).map(|_| Uuid::now_v7().to_string()).collect();
    {
        let mut store = Store::open(&path).unwrap();
        let changes = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let name = format!("Nhiệm vụ số {i} về ngân sách");
                change(i as i64 + 1, "tasks", id, "*", new_task(&name))
            })
            .collect();
        store.apply_page(&page(UNIT, n as i64, changes), clock()).unwrap();
        // Inserted by the pull: indexed as they were inserted, nothing queued.
        assert!(!tasks::search_behind(store.conn()).unwrap());
        assert_eq!(search(&mut store, &format!("ngan sach so {}", n - 1)).len(), 1);
        // Changed by the next page: queued.
        let renames = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let name = format!("Nhiệm vụ số {i} về chuyển đổi số");
                change((n + i) as i64 + 1, "tasks", id, "name", json!(name))
            })
            .collect();
        store.apply_page(&page(UNIT, 2 * n as i64, renames), clock()).unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert!(tasks::search_behind(store.conn()).unwrap(), "the queue outlived the process");
    assert_eq!(store.catch_up_search().unwrap(), n, "every changed task, over two batches");
    assert!(!tasks::search_behind(store.conn()).unwrap());
    for i in [0, n / 2, n - 1] {
        let filter = TaskFilter { search: format!("chuyen doi so so {i}"), ..Default::default() };
        let names: Vec<_> =
            tasks::list(store.conn(), &filter).unwrap().rows.into_iter().map(|r| r.name).collect();
        assert!(names.contains(&format!("Nhiệm vụ số {i} về chuyển đổi số")), "{i}: {names:?}");
        let old = TaskFilter { search: format!("ngan sach so {i}"), ..Default::default() };
        assert!(
            tasks::list(store.conn(), &old).unwrap().rows.is_empty(),
            "{i}: the old name is gone"
        );
    }
}

#[test]
fn a_pulled_row_that_exists_already_keeps_fields_with_pending_edits() {
    let mut store = store();
    pulled_task(&mut store, "Tên gốc");
    edit_name(&mut store, "Tên sửa trên máy");
    let mut row = new_task("Tên từ máy chủ");
    row["leader"] = json!("Phạm Văn An");
    store.apply_page(&page(UNIT, 2, vec![change(2, "tasks", TASK, "*", row)]), clock()).unwrap();
    let task = tasks::get(store.conn(), task_id()).unwrap();
    assert_eq!(task.fields.name, "Tên sửa trên máy");
    assert_eq!(task.fields.leader, "Phạm Văn An");
    assert_eq!(task.version, 2);
}

#[test]
fn a_pending_local_edit_is_not_overwritten_by_a_pulled_change() {
    let mut store = store();
    pulled_task(&mut store, "Tên gốc");
    edit_name(&mut store, "Tên sửa trên máy");
    let p = page(
        UNIT,
        3,
        vec![
            change(2, "tasks", TASK, "name", json!("Tên từ máy khác")),
            change(3, "tasks", TASK, "leader", json!("Phạm Văn An")),
        ],
    );
    let applied = store.apply_page(&p, clock()).unwrap();
    assert_eq!((applied.applied, applied.kept_local), (1, 1));
    let task = tasks::get(store.conn(), task_id()).unwrap();
    assert_eq!(task.fields.name, "Tên sửa trên máy", "the newer local edit stays");
    assert_eq!(task.fields.leader, "Phạm Văn An", "other fields follow the server");
    assert_eq!(task.version, 3);
    assert_eq!(pending(&store), [("tasks".to_owned(), "name".to_owned())]);
    assert_eq!(search(&mut store, "sua tren may"), ["Tên sửa trên máy"]);
}

#[test]
fn a_change_that_cannot_be_stored_is_set_aside_and_the_rest_of_the_page_applies() {
    let mut store = store();
    pulled_task(&mut store, "Tên gốc");
    let other: &str = "0190f5a0-0000-7000-8000-0000000000a2";
    let third: &str = "0190f5a0-0000-7000-8000-0000000000a3";
    let p = page(
        UNIT,
        7,
        vec![
            change(2, "tasks", TASK, "name", json!({"not": "a name"})),
            change(3, "tasks", other, "*", new_task("Một nhiệm vụ khác")),
            change(4, "tasks", TASK, "year", json!("không phải số")),
            change(5, "tasks", third, "*", json!(["not", "a", "row"])),
            change(6, "tasks", TASK, "kind", json!("không có loại này")),
            change(7, "tasks", TASK, "leader", json!("Phạm Văn An")),
        ],
    );
    let applied = store.apply_page(&p, clock()).unwrap();
    assert_eq!((applied.applied, applied.set_aside), (2, 4), "{applied:?}");
    // Everything else arrived, and the cursor moved past the bad ones.
    let task = tasks::get(store.conn(), task_id()).unwrap();
    assert_eq!(task.fields.name, "Tên gốc", "the refused name left the stored one");
    assert_eq!(task.fields.year, 2026);
    assert_eq!(task.fields.kind, TaskKind::Cds, "the CHECK of kind held");
    assert_eq!(task.fields.leader, "Phạm Văn An", "the change after them applied");
    assert!(tasks::get(store.conn(), other.parse().unwrap()).is_ok());
    assert!(tasks::get(store.conn(), third.parse().unwrap()).is_err(), "no half-made row");
    assert_eq!(store.cursors().unwrap().get(UNIT), Some(&7));
    assert_eq!(search(&mut store, "nhiem vu khac"), ["Một nhiệm vụ khác"]);
    // Each is listed with what it was and why, in both languages.
    let listed = set_aside::list(store.conn()).unwrap();
    let seqs: Vec<i64> = listed.iter().map(|s| s.seq).collect();
    assert_eq!(seqs, [6, 5, 4, 2]);
    let year = listed.iter().find(|s| s.seq == 4).unwrap();
    assert_eq!((year.partition.as_str(), year.table.as_str()), (UNIT, "tasks"));
    assert_eq!((year.row_id.as_str(), year.field.as_str()), (TASK, "year"));
    assert_eq!(year.value, "\"không phải số\"");
    assert_eq!(year.actor, "Trần Văn Minh");
    assert_eq!(year.set_aside_at, "2026-11-22T08:00:00.000Z");
    assert_eq!(year.code, "refused_by_local_schema");
    let codes: Vec<&str> = listed.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(
        codes,
        ["refused_by_local_schema", "not_a_row", "refused_by_local_schema", "wrong_type"]
    );
    assert!(listed.iter().all(|s| !s.reason_vi.is_empty() && !s.reason_en.is_empty()));
    assert_eq!(set_aside::count(store.conn()).unwrap(), 4);
    // Nothing of it is sent back: a pulled change is not a local one.
    assert!(pending(&store).is_empty());
    // A store that applied such a page keeps enforcing foreign keys for local writes.
    let fk: i64 = store.conn().pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn a_partition_with_a_bad_change_does_not_hold_back_the_next_page() {
    let mut store = store();
    pulled_task(&mut store, "Tên gốc");
    let bad = page(UNIT, 2, vec![change(2, "tasks", TASK, "cost_state", json!([1, 2]))]);
    store.apply_page(&bad, clock()).unwrap();
    let next = page(UNIT, 3, vec![change(3, "tasks", TASK, "name", json!("Tên mới"))]);
    store.apply_page(&next, clock()).unwrap();
    assert_eq!(tasks::get(store.conn(), task_id()).unwrap().fields.name, "Tên mới");
    assert_eq!(store.cursors().unwrap().get(UNIT), Some(&3));
    // The same change pulled again (a cursor set back) is listed once.
    store.apply_page(&bad, clock()).unwrap();
    assert_eq!(set_aside::count(store.conn()).unwrap(), 1);
}

#[test]
fn unknown_tables_fields_and_rows_are_skipped_and_a_missing_parent_does_not_stop_the_page() {
    let mut store = store();
    let orphan = "0190f5a0-0000-7000-8000-0000000000b9";
    let p = page(
        UNIT,
        5,
        vec![
            change(1, "local_meta", "device_id", "value", json!("stolen")),
            change(2, "tasks", TASK, "name; DROP TABLE tasks", json!("x")),
            change(3, "tasks", "0190f5a0-0000-7000-8000-0000000000ff", "name", json!("x")),
            change(
                4,
                "milestones",
                orphan,
                "*",
                json!({"task_id": TASK, "title": "Mồ côi", "start_date": "2027-01-01",
                       "due_date": "2027-02-01", "extra": 1}),
            ),
            change(5, "tasks", TASK, "*", new_task("Cha đến sau")),
        ],
    );
    let applied = store.apply_page(&p, clock()).unwrap();
    assert_eq!((applied.applied, applied.ignored), (2, 3));
    let device = store.meta().get("device_id").unwrap();
    assert_ne!(device.as_deref(), Some("stolen"));
    assert_eq!(milestones::for_task(store.conn(), task_id()).unwrap()[0].fields.title, "Mồ côi");
    assert_eq!(store.cursors().unwrap().get(UNIT), Some(&5));
}

#[test]
fn cursors_are_per_partition() {
    let mut store = store();
    pulled_task(&mut store, "A");
    store.apply_page(&page("city", 17, vec![]), clock()).unwrap();
    let cursors = store.cursors().unwrap();
    assert_eq!(cursors.get(UNIT), Some(&1));
    assert_eq!(cursors.get("city"), Some(&17));
}

#[test]
fn a_pulled_clock_moves_the_local_clock_past_it() {
    let mut store = store();
    let mut c = change(1, "tasks", TASK, "*", new_task("A"));
    // Five minutes ahead of this laptop: an honest clock a little fast.
    let ahead = now().timestamp_millis() as u64 + 5 * 60 * 1000;
    c.hlc = format!("{ahead:015}-0000000005");
    store.apply_page(&page(UNIT, 1, vec![c.clone()]), clock()).unwrap();
    edit_name(&mut store, "B");
    let op = outbox::oldest(store.conn(), 1).unwrap().pop().unwrap();
    assert!(op.hlc > c.hlc, "{} after {}", op.hlc, c.hlc);
}

/// The wall time of the latest local edit's clock.
fn last_edit_wall_ms(store: &Store) -> u64 {
    let op = outbox::oldest(store.conn(), 100).unwrap().pop().unwrap();
    op.hlc.parse::<xaso_domain::Hlc>().unwrap().wall_ms
}

#[test]
fn a_change_stamped_far_in_the_future_does_not_drag_the_local_clock() {
    let now_ms = now().timestamp_millis() as u64;
    let bound = xaso_domain::sync::MAX_CLOCK_AHEAD_MS;
    // (server clock, the pulled change's wall time, whether the local clock follows it)
    let cases = [
        (None, 2_000_000_000_000, false),     // 2033, from an older server
        (None, now_ms + bound + 1, false),    // just past the bound
        (Some(now_ms), u64::MAX / 2, false),  // absurd
        (None, now_ms + bound - 1_000, true), // within the bound
        (Some(now_ms + 3_600_000), now_ms + 3_600_000, true), // this laptop is an hour slow
    ];
    for (server_ms, wall, follows) in cases {
        let mut store = store();
        let mut c = change(1, "tasks", TASK, "*", new_task("A"));
        c.hlc = format!("{wall:015}-0000000000");
        store.apply_page(&page(UNIT, 1, vec![c]), PullClock { now: now(), server_ms }).unwrap();
        assert_eq!(tasks::get(store.conn(), task_id()).unwrap().fields.name, "A", "applied");
        edit_name(&mut store, "B");
        let local = last_edit_wall_ms(&store);
        if follows {
            assert!(local >= wall, "{server_ms:?} {wall}: the clock follows ({local})");
        } else {
            assert!(local <= now_ms + bound, "{server_ms:?} {wall}: dragged to {local}");
        }
    }
}

fn local_task(store: &mut Store) -> TaskId {
    let unit = UnitCode::parse("26743").unwrap();
    let f =
        TaskFields { kind: TaskKind::Cds, year: 2026, name: "Gốc".into(), ..Default::default() };
    store.write("Nguyễn Thị Lan", now(), |c| c.tasks().insert(&unit, &f)).unwrap()
}

fn result(op_id: &str, outcome: Outcome) -> OpResult {
    OpResult { op_id: op_id.parse().unwrap(), outcome }
}

#[test]
fn acknowledge_handles_each_outcome() {
    let mut store = store();
    let id = local_task(&mut store);
    let task = tasks::get(store.conn(), id).unwrap();
    let fields =
        TaskFields {
            name: "Tên trên máy".into(), leader: "Lê Thị Hoa".into(), ..task.fields
        };
    store.write("Nguyễn Thị Lan", now(), |c| c.tasks().update(id, &fields)).unwrap();
    let ops = outbox::oldest(store.conn(), 10).unwrap();
    let [create, name, leader] = &ops[..] else { panic!("{ops:?}") };
    assert_eq!((name.field.as_str(), leader.field.as_str()), ("name", "leader"));

    let results = [
        result(&create.op_id, Outcome::Applied { seq: 1 }),
        result(
            &name.op_id,
            Outcome::Conflict {
                value: json!("Tên máy chủ giữ"), conflict_id: Uuid::from_u128(9)
            },
        ),
        result(
            &leader.op_id,
            Outcome::Rejected {
                reason: Reason::new("forbidden", "Không được sửa", "May not change it"),
                current: Some(Current { value: json!("Trần Văn Minh") }),
            },
        ),
        result("0190f5a0-0000-7000-8000-00000000dead", Outcome::Applied { seq: 4 }),
    ];
    let ack = store.acknowledge(&results, now()).unwrap();
    assert_eq!((ack.applied, ack.conflicts, ack.rejected, ack.unknown), (1, 1, 1, 1));

    assert_eq!(outbox::pending_count(store.conn()).unwrap(), 0);
    let task = tasks::get(store.conn(), id).unwrap();
    assert_eq!(task.fields.name, "Tên máy chủ giữ", "the kept value replaces the local one");
    assert_eq!(task.fields.leader, "Trần Văn Minh", "the server's value replaces the refused one");
    assert_eq!(search(&mut store, "may chu giu"), ["Tên máy chủ giữ"]);
    let dead = dead_letters::list(store.conn()).unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].op_id, leader.op_id);
    assert_eq!(dead[0].field, "leader");
    assert_eq!(dead[0].value, json!("Lê Thị Hoa"));
    assert_eq!(
        (dead[0].reason_vi.as_str(), dead[0].reason_en.as_str()),
        ("Không được sửa", "May not change it")
    );
    assert_eq!(dead_letters::count(store.conn()).unwrap(), 1);

    // Answering again (a retried push) changes nothing.
    let again = store.acknowledge(&results, now()).unwrap();
    assert_eq!(again.unknown, 4);
}

/// An answer from a server that does not send its value (before `current` was added):
/// the refused value stays, as it did then, and is listed.
#[test]
fn a_rejection_without_the_servers_value_keeps_the_local_one() {
    let mut store = store();
    let id = local_task(&mut store);
    let task = tasks::get(store.conn(), id).unwrap();
    let fields = TaskFields { leader: "Lê Thị Hoa".into(), ..task.fields };
    store.write("Nguyễn Thị Lan", now(), |c| c.tasks().update(id, &fields)).unwrap();
    let leader = outbox::oldest(store.conn(), 10).unwrap().pop().unwrap();
    let r = result(
        &leader.op_id,
        Outcome::Rejected { reason: Reason::new("forbidden", "Không", "No"), current: None },
    );
    assert_eq!(store.acknowledge(&[r], now()).unwrap().rejected, 1);
    assert_eq!(tasks::get(store.conn(), id).unwrap().fields.leader, "Lê Thị Hoa");
    assert_eq!(dead_letters::count(store.conn()).unwrap(), 1);
}

#[test]
fn a_conflict_answer_does_not_overwrite_a_newer_local_edit() {
    let mut store = store();
    let id = local_task(&mut store);
    let task = tasks::get(store.conn(), id).unwrap();
    let f1 = TaskFields { name: "Lần một".into(), ..task.fields.clone() };
    store.write("Lan", now(), |c| c.tasks().update(id, &f1)).unwrap();
    let f2 = TaskFields { name: "Lần hai".into(), ..task.fields };
    store.write("Lan", now(), |c| c.tasks().update(id, &f2)).unwrap();
    let first_edit = outbox::oldest(store.conn(), 10).unwrap().remove(1);
    assert_eq!(first_edit.value, json!("Lần một"));
    let r = result(
        &first_edit.op_id,
        Outcome::Conflict { value: json!("Của máy khác"), conflict_id: Uuid::from_u128(9) },
    );
    store.acknowledge(&[r], now()).unwrap();
    assert_eq!(tasks::get(store.conn(), id).unwrap().fields.name, "Lần hai");
    assert_eq!(outbox::pending_count(store.conn()).unwrap(), 2, "the `*` and the second edit");
}

fn pulled_conflict(store: &mut Store) {
    pulled_task(store, "Tên máy chủ giữ");
    let row = json!({
        "tbl": "tasks", "row_id": TASK, "field": "name",
        // JSON text in a string, as the server writes it.
        "kept_value": json!("Tên máy chủ giữ").to_string(), "kept_actor": "Trần Văn Minh",
        "kept_at": "2026-11-21T09:00:00.000Z",
        "other_value": json!("Tên của Lan").to_string(), "other_actor": "Nguyễn Thị Lan",
        "other_at": "2026-11-21T08:59:00.000Z",
        "detected_at": "2026-11-21T09:00:01.000Z", "resolved": 0, "resolved_by": "",
        "resolved_at": null
    });
    store
        .apply_page(&page(UNIT, 2, vec![change(2, "conflicts", CONFLICT, "*", row)]), clock())
        .unwrap();
}

#[test]
fn pulled_conflicts_are_listed_with_their_task_and_the_current_value() {
    let mut store = store();
    pulled_conflict(&mut store);
    let list = conflicts::list(store.conn()).unwrap();
    assert_eq!(list.len(), 1);
    let c = &list[0];
    assert_eq!(c.partition, UNIT);
    assert_eq!((c.table.as_str(), c.field.as_str()), ("tasks", "name"));
    assert_eq!(c.kept_value, json!("Tên máy chủ giữ"));
    assert_eq!(c.other_value, json!("Tên của Lan"));
    assert_eq!(c.current_value, Some(json!("Tên máy chủ giữ")));
    assert_eq!(c.task_name.as_deref(), Some("Tên máy chủ giữ"));
    assert_eq!(c.label, "tasks.name · Tên máy chủ giữ");
    assert!(!c.resolved);
    assert_eq!(conflicts::open_count(store.conn()).unwrap(), 1);
    // Values are JSON text in the table, whatever the field's type.
    let stored: String =
        store.conn().query_row("SELECT other_value FROM conflicts", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, "\"Tên của Lan\"");
}

#[test]
fn resolving_a_conflict_is_a_local_change_of_the_field_and_of_the_conflict() {
    let mut store = store();
    pulled_conflict(&mut store);
    store
        .write("Nguyễn Thị Lan", now(), |c| c.conflicts().resolve(CONFLICT, KeepChoice::Other))
        .unwrap();
    assert_eq!(tasks::get(store.conn(), task_id()).unwrap().fields.name, "Tên của Lan");
    let ops = outbox::oldest(store.conn(), 10).unwrap();
    let entries: Vec<(&str, &str, &Json)> =
        ops.iter().map(|e| (e.table.as_str(), e.field.as_str(), &e.value)).collect();
    assert_eq!(
        entries,
        [
            ("tasks", "name", &json!("Tên của Lan")),
            ("conflicts", "resolved", &json!(true)),
            ("conflicts", "resolved_by", &json!("Nguyễn Thị Lan")),
            ("conflicts", "resolved_at", &json!("2026-11-22T08:00:00.000Z")),
        ]
    );
    assert!(ops.iter().all(|e| e.partition == UNIT));
    assert_eq!(ops[0].base_version, 1, "the task's version when resolved");
    assert_eq!(ops[1].base_version, 2, "the conflict's version");
    let c = &conflicts::list(store.conn()).unwrap()[0];
    assert!(c.resolved);
    assert_eq!(c.resolved_by.as_deref(), Some("Nguyễn Thị Lan"));
    assert_eq!(conflicts::open_count(store.conn()).unwrap(), 0);
    assert_eq!(search(&mut store, "cua lan"), ["Tên của Lan"]);
}

#[test]
fn keeping_the_kept_value_only_marks_the_conflict_and_a_merge_writes_the_merged_value() {
    let mut store = store();
    pulled_conflict(&mut store);
    store.write("Lan", now(), |c| c.conflicts().resolve(CONFLICT, KeepChoice::Kept)).unwrap();
    let fields: Vec<String> =
        pending(&store).into_iter().map(|(t, f)| format!("{t}.{f}")).collect();
    assert_eq!(fields, ["conflicts.resolved", "conflicts.resolved_by", "conflicts.resolved_at"]);

    let mut store = Store::open_in_memory().unwrap();
    pulled_conflict(&mut store);
    let merged = KeepChoice::Merged(json!("Tên gộp của hai người"));
    store.write("Lan", now(), |c| c.conflicts().resolve(CONFLICT, merged)).unwrap();
    assert_eq!(tasks::get(store.conn(), task_id()).unwrap().fields.name, "Tên gộp của hai người");
    assert!(
        store.write("Lan", now(), |c| c.conflicts().resolve("nope", KeepChoice::Kept)).is_err()
    );
}

#[test]
fn enrolment_settings_round_trip_and_the_token_never_shows_in_debug_output() {
    let mut store =
        Store::open_in_memory_with(std::sync::Arc::new(xaso_store::MemorySecrets::default()))
            .unwrap();
    assert!(!store.sync_settings().unwrap().enrolled());
    let account = xaso_proto::Account {
        user: "lan".into(),
        display_name: "Nguyễn Thị Lan".into(),
        role: xaso_domain::Role::UnitOfficial,
        unit: Some("26743".into()),
        device_id: Uuid::from_u128(1),
    };
    let token = DeviceToken::new("s3cret-token");
    let server =
        sync::Server { url: "https://xaso.example.vn", ca_file: None, allow_insecure_http: false };
    store.save_enrolment(server, &token, &account).unwrap();
    assert_eq!(sync::settings(store.conn()).unwrap().token, None, "not in the database");
    let settings = store.sync_settings().unwrap();
    assert!(settings.enrolled());
    assert_eq!(settings.account.as_ref(), Some(&account));
    assert_eq!(settings.token.as_ref().map(DeviceToken::expose), Some("s3cret-token"));
    assert!(!format!("{settings:?}").contains("s3cret"));

    store.record_sync_success(now()).unwrap();
    assert_eq!(store.sync_settings().unwrap().last_success, Some(now()));

    local_task(&mut store);
    store.forget_token().unwrap();
    let settings = store.sync_settings().unwrap();
    assert!(!settings.enrolled());
    assert_eq!(settings.server_url.as_deref(), Some("https://xaso.example.vn"));
    assert_eq!(settings.account, None);
    assert_eq!(outbox::pending_count(store.conn()).unwrap(), 1, "signing out keeps the outbox");
}

#[test]
fn pending_ops_are_the_outbox_oldest_first_as_the_wire_carries_them() {
    let mut store = store();
    let id = local_task(&mut store);
    rename(&mut store, id, "x");
    let ops = sync::pending_ops(store.conn(), 10).unwrap();
    assert_eq!(ops.len(), 2);
    assert_eq!((ops[0].field.as_str(), ops[1].field.as_str()), ("*", "name"));
    assert_eq!(ops[0].partition, UNIT);
    assert_eq!(sync::pending_ops(store.conn(), 1).unwrap().len(), 1);
}

/// A refused status change is one entry to its person, though it is two ops (the status
/// and the history row recording it): listed, counted and dismissed as one.
#[test]
fn a_refused_status_change_is_one_refused_entry() {
    let mut store = store();
    let id = local_task(&mut store);
    let created = outbox::oldest(store.conn(), 10).unwrap();
    let applied: Vec<_> =
        created.iter().map(|e| result(&e.op_id, Outcome::Applied { seq: 1 })).collect();
    store.acknowledge(&applied, now()).unwrap();
    store
        .write("Nguyễn Thị Lan", now(), |c| {
            c.tasks().transition(id, xaso_domain::TaskStatus::Submitted, "")
        })
        .unwrap();
    let ops = outbox::oldest(store.conn(), 10).unwrap();
    let fields: Vec<_> = ops.iter().map(|e| (e.table.as_str(), e.field.as_str())).collect();
    assert_eq!(fields, [("tasks", "status"), ("task_transitions", "*")]);
    let refused = |e: &outbox::Entry| {
        let reason = Reason::new("forbidden", "Vai trò không được", "The role may not");
        result(&e.op_id, Outcome::Rejected { reason, current: None })
    };
    let answers: Vec<_> = ops.iter().map(refused).collect();
    assert_eq!(store.acknowledge(&answers, now()).unwrap().rejected, 2);

    let listed = dead_letters::list(store.conn()).unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!((listed[0].table.as_str(), listed[0].field.as_str()), ("tasks", "status"));
    assert_eq!(dead_letters::count(store.conn()).unwrap(), 1);

    assert!(dead_letters::dismiss(store.conn(), &listed[0].op_id).unwrap());
    assert_eq!(dead_letters::count(store.conn()).unwrap(), 0);
    let left: i64 =
        store.conn().query_row("SELECT count(*) FROM dead_letters", [], |r| r.get(0)).unwrap();
    assert_eq!(left, 0, "the history row went with its status change");
}

/// A refused history row whose status change went through is listed on its own.
#[test]
fn a_refused_history_row_alone_is_listed() {
    let mut store = store();
    let id = local_task(&mut store);
    store
        .write("Nguyễn Thị Lan", now(), |c| {
            c.tasks().transition(id, xaso_domain::TaskStatus::Submitted, "")
        })
        .unwrap();
    let ops = outbox::oldest(store.conn(), 10).unwrap();
    let answers: Vec<_> = ops
        .iter()
        .map(|e| {
            let outcome = if e.table == "task_transitions" {
                let reason = Reason::new("invalid", "Không hợp lệ", "Invalid");
                Outcome::Rejected { reason, current: None }
            } else {
                Outcome::Applied { seq: 2 }
            };
            result(&e.op_id, outcome)
        })
        .collect();
    store.acknowledge(&answers, now()).unwrap();
    let listed = dead_letters::list(store.conn()).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].table, "task_transitions");
    assert_eq!(dead_letters::count(store.conn()).unwrap(), 1);
}

// ---- The data feed open screens follow ------------------------------------------------

const STEP: &str = "0190f5a0-0000-7000-8000-0000000000d1";

fn fed(since: &feed::Since) -> Vec<(&str, &str, &str, Option<&str>)> {
    since
        .entries
        .iter()
        .map(|e| (e.table.as_str(), e.row_id.as_str(), e.field.as_str(), e.task_id.as_deref()))
        .collect()
}

#[test]
fn a_pull_feeds_each_row_it_wrote_once_with_its_task_and_local_writes_feed_nothing() {
    let mut store = store();
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
        fed(&since),
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
    let mut store = store();
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
    let mut store = store();
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
