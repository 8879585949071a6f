//! How the server stores sync data since schema 5 (issue 10, item 11), on both backends:
//! a new row's fields stay in its creation change until first edited, and a pull leaves
//! out the changes a device names as held when they are exactly what it sent. What a
//! laptop sees must not change: conflicts per field with base versions, stamped fields,
//! and every change reaching every other device. And a database written by schema 2
//! upgrades and keeps its conflicts.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod common;

use std::collections::BTreeMap;

use common::*;
use reqwest::StatusCode;
use serde_json::{Value as Json, json};
use xaso_domain::Hlc;
use xaso_proto::{Outcome, PullRequest, PullResponse};

on_both_backends!(
    a_pusher_is_not_sent_back_what_it_sent,
    a_new_rows_fields_conflict_as_before,
    a_database_of_schema_2_upgrades_and_keeps_its_fields,
);

const PART_A: &str = "unit:26743";

/// A draft task as a laptop of user `a` makes it: its author is the account's name, so
/// the server stores it exactly as sent.
fn own_task(name: &str) -> Json {
    task_row(UNIT_A, &[("name", json!(name)), ("created_by", json!("Người dùng a"))])
}

async fn pull_holding(
    device: &Device,
    cursor: i64,
    held: &[(i64, i64)],
    limit: u32,
) -> PullResponse {
    let req = PullRequest {
        cursors: BTreeMap::from([(PART_A.to_owned(), cursor)]),
        limit,
        held: BTreeMap::from([(PART_A.to_owned(), held.to_vec())]),
    };
    let (status, body) = device.post("/v1/pull", &serde_json::to_value(req).unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_value(body).unwrap()
}

fn page_of(resp: &PullResponse) -> (&[xaso_proto::Change], i64) {
    let page = resp.pages.iter().find(|p| p.partition == PART_A).expect("a page of unit A");
    (&page.changes, page.cursor)
}

async fn a_pusher_is_not_sent_back_what_it_sent(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let laptop = env.device("a").await;
    let other = env.device("a").await;
    let (kept, stamped) = (row_id(), row_id());
    let results = laptop
        .push(&[
            laptop.create(PART_A, "tasks", &kept, own_task("Số hóa hồ sơ")),
            // No author sent: the server writes it, so this row is not what was sent.
            laptop.new_task(UNIT_A, &stamped),
            laptop.set(PART_A, "tasks", &kept, "name", json!("Số hóa một cửa"), 1),
        ])
        .await;
    let seqs: Vec<i64> = results.iter().map(applied).collect();
    assert_eq!(seqs, [1, 2, 3]);
    let held = [(1, 3)];

    // The pusher gets only the row the server changed, and its cursor passes the others.
    let resp = pull_holding(&laptop, 0, &held, 1000).await;
    let (changes, cursor) = page_of(&resp);
    assert_eq!(cursor, 3);
    assert!(!resp.more);
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].row_id, stamped);
    assert_eq!(changes[0].value["created_by"], json!("Người dùng a"));

    // Held changes count toward no limit: one change per answer still moves past them.
    let resp = pull_holding(&laptop, 0, &held, 1).await;
    let (changes, cursor) = page_of(&resp);
    assert_eq!((changes.len(), cursor, resp.more), (1, 3, false));
    let resp = pull_holding(&laptop, 2, &held, 1).await;
    let (changes, cursor) = page_of(&resp);
    assert_eq!((changes.len(), cursor, resp.more), (0, 3, false), "an empty page moves the cursor");

    // Another device (even of the same account) naming them gets every change.
    let resp = pull_holding(&other, 0, &held, 1000).await;
    let (changes, _) = page_of(&resp);
    assert_eq!(changes.iter().map(|c| c.seq).collect::<Vec<_>>(), [1, 2, 3]);
    // And so does the pusher when it names nothing (a copy of its data from before).
    let all = laptop.pull_all().await;
    assert_eq!(all[PART_A].iter().map(|c| c.seq).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(all[PART_A][0].value["name"], json!("Số hóa hồ sơ"));
    assert_eq!(all[PART_A][2].value, json!("Số hóa một cửa"));

    // An edit made without the field's last change (here its own, 3, which it has not
    // pulled): it goes back, or a pull would end the laptop on an older value.
    let behind = laptop.set(PART_A, "tasks", &kept, "name", json!("Số hóa"), 1);
    let seq = applied(&laptop.push(&[behind]).await[0]);
    let resp = pull_holding(&laptop, 3, &[(4, seq)], 1000).await;
    assert_eq!(page_of(&resp).0.len(), 1, "sent back");

    // A stamped field of an edit: the server's value goes back to the pusher.
    let step = laptop.create(
        PART_A,
        "task_transitions",
        &row_id(),
        json!({
            "task_id": kept, "from_status": "draft", "to_status": "submitted",
            "comment": "", "actor": "Người dùng a", "at": "2020-01-01T00:00:00.000Z",
        }),
    );
    let results = laptop.push(&[step]).await;
    let seq = applied(&results[0]);
    let resp = pull_holding(&laptop, 4, &[(5, seq)], 1000).await;
    let (changes, _) = page_of(&resp);
    assert_eq!(changes.len(), 1, "the step's time is the server's: {changes:?}");
}

async fn a_new_rows_fields_conflict_as_before(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let first = env.device("a").await;
    let second = env.device("a2").await;
    second.clock.set(1_740_000_000_000); // behind: its edits lose ties of concurrency
    let task = row_id();
    let created =
        applied(&first.push(&[first.create(PART_A, "tasks", &task, own_task("A"))]).await[0]);

    // Concurrent with the creation (base 0, another device): a conflict, the creation kept.
    let results = second.push(&[second.set(PART_A, "tasks", &task, "name", json!("B"), 0)]).await;
    match &results[0].outcome {
        Outcome::Conflict { value, .. } => assert_eq!(value, &json!("A")),
        other => panic!("expected a conflict, got {other:?}"),
    }
    // On top of the creation: applied. The creator's own later edit: applied.
    let year = second.set(PART_A, "tasks", &task, "year", json!(2027), created);
    assert!(matches!(second.push(&[year]).await[0].outcome, Outcome::Applied { .. }));
    let own = first.set(PART_A, "tasks", &task, "name", json!("A2"), 0);
    let seq = applied(&first.push(&[own]).await[0]);
    // Now the field has a version of its own: an edit on the creation's is concurrent.
    let late = second.set(PART_A, "tasks", &task, "name", json!("C"), created);
    match &second.push(&[late]).await[0].outcome {
        Outcome::Conflict { value, .. } => assert_eq!(value, &json!("A2")),
        other => panic!("expected a conflict, got {other:?}"),
    }
    let on_top = second.set(PART_A, "tasks", &task, "name", json!("D"), seq + 10);
    assert!(matches!(second.push(&[on_top]).await[0].outcome, Outcome::Applied { .. }));

    // Within one batch: a row made, then edited by another op of the same push.
    let other = row_id();
    let results = first
        .push(&[
            first.create(PART_A, "tasks", &other, own_task("E")),
            first.set(PART_A, "tasks", &other, "name", json!("F"), 0),
        ])
        .await;
    let edited = applied(&results[1]);
    let all = second.pull_all().await;
    let last = all[PART_A].iter().find(|c| c.seq == edited).unwrap();
    assert_eq!((last.row_id.as_str(), &last.value), (other.as_str(), &json!("F")));
}

/// A fixed id, so that the SQL below can name it.
const OLD_TASK: &str = "01936f2e-5b7a-7c3d-8e9f-0a1b2c3d4e5f";
const OLD_DEVICE: &str = "01936f2e-5b7a-7c3d-8e9f-aaaaaaaaaaaa";

/// A server database as schema 2 left it: a task whose every field has a `fields` row.
fn schema_2(backend: Backend, db: &TestDb) {
    let dialect = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let dir = format!("{}/../../migrations/server/{dialect}", env!("CARGO_MANIFEST_DIR"));
    let read = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).unwrap();
    let hlc = Hlc { wall_ms: 1_760_000_000_000, counter: 0 }.to_string();
    let row = json!({
        "unit_code": UNIT_A, "kind": "khcn", "status": "draft", "year": 2026,
        "name": "Tên cũ", "created_at": "2026-01-05T02:00:00.000Z", "deleted": 0,
        "created_by": "Người cũ",
    });
    let mut sql = format!(
        "{}\n{}\nCREATE TABLE schema_migrations (version {int} PRIMARY KEY, applied_at {time});
         INSERT INTO schema_migrations VALUES (1, {now}), (2, {now});
         INSERT INTO partitions (name, last_seq) VALUES ('{PART_A}', 1);
         INSERT INTO rows (tbl, row_id, partition) VALUES ('tasks', '{OLD_TASK}', '{PART_A}');
         INSERT INTO changes (partition, seq, tbl, row_id, field, value, hlc, device_id, actor)
           VALUES ('{PART_A}', 1, 'tasks', '{OLD_TASK}', '*', '{row}', '{hlc}', '{OLD_DEVICE}', 'Người cũ');\n",
        read("0001_init.sql"),
        read("0002_trust.sql"),
        int = if backend == Backend::Sqlite { "INTEGER" } else { "bigint" },
        time = if backend == Backend::Sqlite { "TEXT" } else { "timestamptz DEFAULT now()" },
        now = "'2026-12-01T00:00:00.000Z'",
    );
    for (field, value) in row.as_object().unwrap() {
        sql.push_str(&format!(
            "INSERT INTO fields (tbl, row_id, field, value, version, hlc, device_id, actor)
             VALUES ('tasks', '{OLD_TASK}', '{field}', '{value}', 1, '{hlc}', '{OLD_DEVICE}', 'Người cũ');\n"
        ));
    }
    match db {
        TestDb::Sqlite(_) => {
            rusqlite::Connection::open(db.url()).unwrap().execute_batch(&sql).unwrap()
        }
        TestDb::Postgres { url, .. } => on_own_thread(url, &sql),
    }
}

async fn a_database_of_schema_2_upgrades_and_keeps_its_fields(backend: Backend) {
    let db = TestDb::new(backend);
    schema_2(backend, &db);
    let env = Env::start_on(db).await;
    env.add_everyone();
    let laptop = env.device("a").await;

    // The old row's field state is its `fields` row: an edit from before it conflicts,
    // and the old value (the later clock) is kept.
    let results =
        laptop.push(&[laptop.set(PART_A, "tasks", OLD_TASK, "name", json!("Mới"), 0)]).await;
    match &results[0].outcome {
        Outcome::Conflict { value, .. } => assert_eq!(value, &json!("Tên cũ")),
        other => panic!("expected a conflict, got {other:?}"),
    }
    // On top of it: applied, and numbered after what the old schema stored.
    let year = laptop.set(PART_A, "tasks", OLD_TASK, "year", json!(2027), 1);
    let seq = applied(&laptop.push(&[year]).await[0]);
    assert_eq!(seq, 3, "1 old change, 2 the conflict record, 3 this edit");
    // Old changes were not marked as sent: the device that names them still gets them.
    let resp = pull_holding(&laptop, 0, &[(1, 3)], 1000).await;
    let (changes, _) = page_of(&resp);
    assert!(changes.iter().any(|c| c.seq == 1 && c.row_id == OLD_TASK));
    // And a new row after the upgrade is stored the new way, next to it.
    let task = row_id();
    let created =
        applied(&laptop.push(&[laptop.create(PART_A, "tasks", &task, own_task("T"))]).await[0]);
    let edit = laptop.set(PART_A, "tasks", &task, "name", json!("T2"), created);
    applied(&laptop.push(&[edit]).await[0]);
}
