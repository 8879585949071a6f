//! The local store as the app relies on it: a fresh database, an old one upgraded, a
//! newer or damaged one refused untouched, atomic writes with their outbox entries,
//! diacritics-free search, backups.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers panic on purpose
use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use xaso_domain::{
    MilestoneFields, TaskFields, TaskId, TaskKind, TaskStatus, Unit, UnitCode, UnitKind,
};
use xaso_store::tasks::{self, TaskFilter};
use xaso_store::{
    Backups, OpenError, SCHEMA_VERSION, Store, StoreError, outbox, transitions, units,
};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 8, 0, 0).unwrap()
}

fn clock() -> xaso_store::sync::PullClock {
    xaso_store::sync::PullClock { now: now(), server_ms: None }
}

fn unit() -> UnitCode {
    UnitCode::parse("26743").unwrap()
}

fn fields(name: &str) -> TaskFields {
    TaskFields { kind: TaskKind::Cds, year: 2026, name: name.into(), ..Default::default() }
}

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xaso.sqlite3");
    (dir, path)
}

fn count(store: &Store, table: &str) -> i64 {
    store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

fn add(store: &mut Store, f: &TaskFields) -> TaskId {
    store.write("Nguyễn Thị Lan", now(), |c| c.tasks().insert(&unit(), f)).unwrap()
}

fn search(store: &Store, q: &str) -> Vec<String> {
    let filter = TaskFilter { search: q.into(), limit: 50, ..Default::default() };
    tasks::list(store.conn(), &filter).unwrap().rows.into_iter().map(|r| r.name).collect()
}

#[test]
fn a_search_shows_the_exact_title_first_then_titles_that_hold_it_then_the_rest() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    // Added oldest first: without ranking the newest (the last) would come first.
    let exact = "Chuyển đổi số";
    add(&mut store, &fields(exact));
    add(&mut store, &fields("Chuyển đổi số trong trường học"));
    add(&mut store, &fields("Đề án chuyển đổi số phường"));
    add(&mut store, &fields("Số hóa: chuyển hồ sơ, đổi quy trình"));
    add(
        &mut store,
        &TaskFields {
            contents: "chuyển đổi số".into(), ..fields("Cổng dịch vụ công")
        },
    );
    add(&mut store, &fields("Bản đồ số phường"));
    assert_eq!(
        search(&store, "chuyen doi so"),
        [
            exact,
            "Chuyển đổi số trong trường học",
            "Đề án chuyển đổi số phường",
            "Số hóa: chuyển hồ sơ, đổi quy trình",
            // Every one is a CĐS task: the kind's name matches them all; newest first.
            "Bản đồ số phường",
            "Cổng dịch vụ công",
        ]
    );
    // Pages cut the ranked list where they should.
    let filter =
        TaskFilter { search: "chuyen doi so".into(), limit: 2, offset: 2, ..Default::default() };
    let names: Vec<String> =
        tasks::list(store.conn(), &filter).unwrap().rows.into_iter().map(|r| r.name).collect();
    assert_eq!(names, ["Đề án chuyển đổi số phường", "Số hóa: chuyển hồ sơ, đổi quy trình"]);
}

#[test]
fn past_the_ranked_first_matches_a_search_pages_on_through_the_older_ones() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let n = tasks::SEARCH_COUNT_CAP + 20;
    store
        .write("Nguyễn Thị Lan", now(), |c| {
            for i in 0..n {
                c.tasks().insert(&unit(), &fields(&format!("Bản đồ số {i:03}")))?;
            }
            Ok(())
        })
        .unwrap();
    let mut seen = std::collections::BTreeSet::new();
    let mut offset = 0;
    loop {
        let filter =
            TaskFilter { search: "ban do".into(), limit: 50, offset, ..Default::default() };
        let page = tasks::list(store.conn(), &filter).unwrap();
        assert!(page.total_capped && page.total == tasks::SEARCH_COUNT_CAP);
        if page.rows.is_empty() {
            break;
        }
        offset += page.rows.len() as i64;
        seen.extend(page.rows.into_iter().map(|r| r.name));
    }
    assert_eq!(seen.len() as i64, n, "every match, once");
}

#[test]
fn a_fresh_database_is_migrated_to_the_current_schema_in_wal_mode() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    let version: i64 = store.conn().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let mode: String = store.conn().pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = store.conn().pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
    assert_eq!(fk, 1);
    drop(store);
    // Opening again migrates nothing and keeps working.
    Store::open(&path).unwrap();
}

#[test]
fn a_database_written_by_schema_1_is_upgraded_without_losing_anything() {
    let (_dir, path) = temp_db();
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1.sqlite3"), &path)
        .unwrap();
    let mut store = Store::open(&path).unwrap();
    let version: i64 = store.conn().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, SCHEMA_VERSION);

    // The old tasks, their history and pending changes are all there ...
    let id: TaskId = "0190f5a0-0000-7000-8000-0000000000a1".parse().unwrap();
    let task = tasks::get(store.conn(), id).unwrap();
    assert_eq!(task.fields.name, "Số hóa quy trình lập dự toán ngân sách phường");
    assert_eq!(task.fields.cost_state.dong(), 150_000_000);
    assert_eq!(task.status, TaskStatus::Submitted);
    assert_eq!(transitions::for_task(store.conn(), id).unwrap().len(), 1);
    assert_eq!(outbox::pending_count(store.conn()).unwrap(), 1);
    // ... found by the search index the upgrade built for them ...
    assert_eq!(
        search(&store, "du toan ngan sach"),
        ["Số hóa quy trình lập dự toán ngân sách phường"]
    );
    assert_eq!(
        search(&store, "ho kinh doanh"),
        ["Khảo sát nhu cầu đổi mới sáng tạo của hộ kinh doanh"]
    );
    // ... and by the name of their kind (schema 12), which neither text says.
    assert_eq!(search(&store, "chuyen doi so"), ["Số hóa quy trình lập dự toán ngân sách phường"]);
    assert_eq!(
        search(&store, "khoa hoc cong nghe"),
        ["Khảo sát nhu cầu đổi mới sáng tạo của hộ kinh doanh"]
    );
    // ... and the new tables work: the same device keeps its id and its clock moves on.
    let device_before = store.meta().device_id().unwrap();
    store
        .write("Nguyễn Thị Lan", now(), |c| {
            let f = MilestoneFields {
                title: "Khảo sát".into(),
                responsible: String::new(),
                unit: String::new(),
                start_date: "2026-03-01".parse().unwrap(),
                due_date: "2026-04-30".parse().unwrap(),
                done: false,
            };
            c.milestones().save(id, None, &f)
        })
        .unwrap();
    assert_eq!(device_before.to_string(), "0190f5a0-0000-7000-8000-000000000001");
    let newest = outbox::oldest(store.conn(), 10).unwrap().pop().unwrap();
    assert!(newest.hlc.as_str() > "001767225600000-0000000001");
    // ... and sync can start from there: nothing pulled yet, the old pending change and
    // the new one wait to be pushed, no conflicts or refused changes.
    assert!(store.cursors().unwrap().is_empty());
    assert_eq!(xaso_store::sync::pending_ops(store.conn(), 10).unwrap().len(), 2);
    assert!(xaso_store::conflicts::list(store.conn()).unwrap().is_empty());
    assert_eq!(xaso_store::dead_letters::count(store.conn()).unwrap(), 0);
    let page = xaso_proto::Page { partition: "city".into(), changes: vec![], cursor: 3 };
    store.apply_page(&page, clock()).unwrap();
    assert_eq!(store.cursors().unwrap().get("city"), Some(&3));
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let (_dir, path) = temp_db();
    drop(Store::open(&path).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    match Store::open(&path) {
        Err(OpenError::NewerSchema { found, supported, .. }) => {
            assert_eq!((found, supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file was modified");
    let msg = Store::open(&path).unwrap_err().to_string();
    assert!(msg.contains("newer version"), "{msg}");
}

#[test]
fn a_damaged_file_is_reported_as_damaged_and_not_modified() {
    let (_dir, path) = temp_db();
    let garbage = b"this is not a database, it is a letter about a budget".repeat(200);
    std::fs::write(&path, &garbage).unwrap();
    assert!(matches!(Store::open(&path), Err(OpenError::Corrupt { .. })));
    assert_eq!(std::fs::read(&path).unwrap(), garbage);

    // A real database whose pages were overwritten in the middle.
    let (_dir2, path2) = temp_db();
    {
        let mut store = Store::open(&path2).unwrap();
        for i in 0..300 {
            add(
                &mut store,
                &TaskFields {
                    contents: "nội dung ".repeat(50),
                    ..fields(&format!("Nhiệm vụ {i}"))
                },
            );
        }
        store.conn().pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let mut bytes = std::fs::read(&path2).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid..mid + 8192].fill(0xAB);
    std::fs::write(&path2, &bytes).unwrap();
    assert!(matches!(Store::open(&path2), Err(OpenError::Corrupt { .. })));
}

#[test]
fn a_failed_write_leaves_neither_the_row_nor_its_outbox_entry() {
    let mut store = Store::open_in_memory().unwrap();
    let result: Result<(), StoreError> = store.write("A", now(), |c| {
        c.tasks().insert(&unit(), &fields("Sẽ không được lưu"))?;
        // The second step fails: the whole transaction must go.
        c.tasks().update(TaskId::new(), &fields("không tồn tại"))?;
        Ok(())
    });
    assert!(matches!(result, Err(StoreError::NotFound(_))));
    assert_eq!(count(&store, "tasks"), 0);
    assert_eq!(count(&store, "outbox"), 0);
    assert!(search(&store, "se khong").is_empty());
}

#[test]
fn each_change_appends_one_outbox_entry_per_changed_field() {
    let mut store = Store::open_in_memory().unwrap();
    let id = add(&mut store, &fields("Tên ban đầu"));
    let entries = outbox::oldest(store.conn(), 100).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!((entries[0].table.as_str(), entries[0].field.as_str()), ("tasks", "*"));
    assert_eq!(entries[0].partition, "unit:26743");
    assert_eq!(entries[0].value["name"], "Tên ban đầu");

    let mut f = fields("Tên mới");
    f.cost_own = xaso_domain::Money::parse("20.000.000").unwrap();
    let changed = store.write("A", now(), |c| c.tasks().update(id, &f)).unwrap();
    assert_eq!(changed, 2);
    // Saving the same thing again changes nothing and records nothing.
    assert_eq!(store.write("A", now(), |c| c.tasks().update(id, &f)).unwrap(), 0);

    let entries = outbox::oldest(store.conn(), 100).unwrap();
    let fields: Vec<(&str, serde_json::Value)> =
        entries[1..].iter().map(|e| (e.field.as_str(), e.value.clone())).collect();
    assert_eq!(fields, [("name", "Tên mới".into()), ("cost_own", 20_000_000.into())]);
    // HLCs only move forward, even within one millisecond.
    assert!(entries.windows(2).all(|w| w[0].hlc < w[1].hlc));
    let ids: std::collections::HashSet<_> = entries.iter().map(|e| e.op_id.clone()).collect();
    assert_eq!(ids.len(), entries.len());

    store
        .write("Lê Văn Tâm", now(), |c| c.tasks().transition(id, TaskStatus::Submitted, ""))
        .unwrap();
    let last = outbox::oldest(store.conn(), 100).unwrap();
    let tail: Vec<(&str, &str)> =
        last[3..].iter().map(|e| (e.table.as_str(), e.field.as_str())).collect();
    assert_eq!(tail, [("tasks", "status"), ("task_transitions", "*")]);
    let history = transitions::for_task(store.conn(), id).unwrap();
    assert_eq!(history[0].actor, "Lê Văn Tâm");
    assert_eq!((history[0].from, history[0].to), (Some(TaskStatus::Draft), TaskStatus::Submitted));
}

#[test]
fn text_is_stored_exactly_as_typed_and_found_without_diacritics() {
    let mut store = Store::open_in_memory().unwrap();
    let tricky = "'); DROP TABLE tasks;-- \"ngân sách\" OR NEAR(x) * %_ \u{1F600}";
    let id = add(&mut store, &fields(tricky));
    add(&mut store, &fields("Ứng dụng AI trong tiếp nhận phản ánh"));
    let big = "Đổi mới sáng tạo ".repeat(1200); // ~20 kB
    add(&mut store, &TaskFields { contents: big.clone(), ..fields("Nhiệm vụ dài") });

    assert_eq!(tasks::get(store.conn(), id).unwrap().fields.name, tricky);
    assert_eq!(search(&store, "ngan sach"), [tricky]);
    assert_eq!(search(&store, "NGÂN SÁCH"), [tricky]);
    assert_eq!(search(&store, "ung dung ai"), ["Ứng dụng AI trong tiếp nhận phản ánh"]);
    assert_eq!(search(&store, "ung d"), ["Ứng dụng AI trong tiếp nhận phản ánh"], "prefix");
    assert_eq!(search(&store, "sang tao"), ["Nhiệm vụ dài"]);
    assert!(search(&store, "DROP TABLE tasks").contains(&tricky.to_owned()));
    // Operators typed by a user are words to look for, not syntax errors.
    assert_eq!(search(&store, "\" OR *"), [tricky], "only the task containing the word OR");
    assert_eq!(count(&store, "tasks"), 3);
}

#[test]
fn filters_combine_and_pages_are_newest_first() {
    let mut store = Store::open_in_memory().unwrap();
    for i in 0..30 {
        let kind = [TaskKind::Khcn, TaskKind::Dmst, TaskKind::Cds][i % 3];
        let f = TaskFields {
            kind,
            year: 2025 + (i % 2) as i32,
            ..fields(&format!("Nhiệm vụ số {i:02}"))
        };
        let at = now() + chrono::Duration::minutes(i as i64);
        store.write("A", at, |c| c.tasks().insert(&unit(), &f)).unwrap();
    }
    let page =
        |filter: TaskFilter| tasks::list(store.conn(), &TaskFilter { limit: 5, ..filter }).unwrap();
    let all = page(TaskFilter::default());
    assert_eq!(all.total, 30);
    assert_eq!(
        all.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>()[..2],
        ["Nhiệm vụ số 29", "Nhiệm vụ số 28"]
    );
    let second = page(TaskFilter { offset: 5, ..Default::default() });
    assert_eq!(second.rows[0].name, "Nhiệm vụ số 24");

    let cds_2026 =
        page(TaskFilter { kind: Some(TaskKind::Cds), year: Some(2026), ..Default::default() });
    assert_eq!(cds_2026.total, 5); // i = 5, 11, 17, 23, 29
    assert!(cds_2026.rows.iter().all(|r| r.kind == TaskKind::Cds && r.year == 2026));
    let drafts = page(TaskFilter {
        status: Some(TaskStatus::Draft),
        search: "so 1".into(),
        ..Default::default()
    });
    assert_eq!(drafts.total, 10); // words starting "1": 10..19 ("01" does not)
    assert_eq!(
        page(TaskFilter { status: Some(TaskStatus::Approved), ..Default::default() }).total,
        0
    );
    assert_eq!(tasks::years(store.conn()).unwrap(), [2026, 2025]);
}

#[test]
fn counts_stop_at_a_cap_and_say_so() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .write("A", now(), |c| {
            for i in 0..205 {
                c.tasks().insert(&unit(), &fields(&format!("Hội thảo số {i}")))?;
            }
            Ok(())
        })
        .unwrap();
    let page = |search: &str| {
        tasks::list(
            store.conn(),
            &TaskFilter { search: search.into(), limit: 50, ..Default::default() },
        )
        .unwrap()
    };
    let all = page("");
    assert_eq!((all.total, all.total_capped), (205, false));
    let found = page("hoi thao");
    assert_eq!((found.total, found.total_capped), (tasks::SEARCH_COUNT_CAP, true));
    assert_eq!(found.rows.len(), 50);
    assert_eq!(found.rows[0].name, "Hội thảo số 204", "a search lists the newest created first");
    // The last word is a prefix: 17 and 170–179.
    let few = page("hoi thao so 17");
    assert_eq!((few.total, few.total_capped), (11, false));
}

#[test]
fn units_are_found_without_diacritics() {
    let mut store = Store::open_in_memory().unwrap();
    let u = |code: &str, name: &str, kind| Unit {
        code: UnitCode::parse(code).unwrap(),
        name: name.into(),
        kind,
    };
    store
        .replace_units(&[
            u("26743", "Phường Bến Thành", UnitKind::Phuong),
            u("27259", "Xã Bình Chánh", UnitKind::Xa),
            u("26506", "Phường Vũng Tàu", UnitKind::Phuong),
        ])
        .unwrap();
    let names = |q: &str| {
        units::search(store.conn(), q).unwrap().into_iter().map(|u| u.name).collect::<Vec<_>>()
    };
    assert_eq!(names("ben thanh"), ["Phường Bến Thành"]);
    assert_eq!(names("BÌNH chanh"), ["Xã Bình Chánh"]);
    assert_eq!(names("26506"), ["Phường Vũng Tàu"]);
    assert_eq!(names("ben%thanh_"), ["Phường Bến Thành"], "wildcards are not patterns");
    assert_eq!(names("").len(), 3);
    assert_eq!(count(&store, "outbox"), 0, "reference data is not a local change");
}

#[test]
fn backups_are_daily_keep_seven_and_restore_puts_the_old_file_aside() {
    let (dir, path) = temp_db();
    let backups = Backups::new(dir.path().join("backups"));
    let mut store = Store::open(&path).unwrap();
    add(&mut store, &fields("Có trong bản sao lưu"));

    let first = backups.create_daily(&store, now()).unwrap().expect("first backup");
    assert!(backups.create_daily(&store, now() + chrono::Duration::hours(23)).unwrap().is_none());
    for day in 1..=9 {
        backups.create_daily(&store, now() + chrono::Duration::days(day)).unwrap().expect("daily");
    }
    let list = backups.list().unwrap();
    assert_eq!(list.len(), Backups::KEEP);
    assert_eq!(list[0].created_at, now() + chrono::Duration::days(9));
    assert!(!list.iter().any(|b| b.name == first.name), "oldest pruned");

    // Work done after the backup, then restore: the backup's content comes back and the
    // replaced file is kept aside, not deleted.
    add(&mut store, &fields("Sau bản sao lưu"));
    drop(store);
    let aside = backups.restore(&list[0].name, &path, now() + chrono::Duration::days(10)).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(search(&store, "ban sao luu"), ["Có trong bản sao lưu"]);
    let old = Store::open(&aside).unwrap();
    assert_eq!(count(&old, "tasks"), 2);

    assert!(matches!(
        backups.restore("../../etc/passwd", &path, now()),
        Err(StoreError::NotFound(_))
    ));
}
