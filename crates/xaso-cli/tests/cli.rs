//! The `xaso` binary as a ward's IT person runs it, offline: init, import, export, check,
//! status, backup, and the exit codes scripts rely on.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on purpose

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

fn xaso(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xaso"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env("XASO_CONFIG", data_dir.join("no-config.toml"))
        .stdin(Stdio::null())
        .output()
        .expect("the xaso binary runs")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn task(id: &str, name: &str) -> Value {
    json!({
        "id": id,
        "unit_code": "99999",
        "status": "approved",
        "created_at": "2026-01-05T02:00:00.000Z",
        "created_by": "Someone elsewhere",
        "fields": {
            "kind": "cds", "year": 2026, "name": name, "field": "Chuyển đổi số",
            "task_type": "", "basis": "", "urgency": "", "objectives": "Mục tiêu",
            "contents": "", "expected_results": "", "impact": "",
            "cost_state": 150000000, "cost_own": 0, "cost_other": 0,
            "start_date": "2026-03-01", "end_date": null,
            "host_unit": "", "leader": "Trần Thị Mai", "results_usage": ""
        },
        "milestones": [],
        "history": []
    })
}

#[test]
fn import_export_check_round_trip_offline() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let init = ok(&xaso(data, &["init", "--unit", "26743", "--name", "Lê Văn Hùng"]));
    assert!(init.contains("xaso.sqlite3"), "{init}");

    let doc = json!({
        "format": "xaso-tasks", "version": 1, "exported_at": "2026-11-01T00:00:00.000Z",
        "tasks": [
            task("0193a000-0000-7000-8000-000000000001", "Số hóa hồ sơ một cửa"),
            task("0193a000-0000-7000-8000-000000000002", "Ngân sách số"),
        ]
    });
    let file = data.join("in.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let report: Value =
        serde_json::from_str(&ok(&xaso(data, &["--json", "import", file.to_str().unwrap()])))
            .unwrap();
    assert_eq!((report["imported"].as_i64(), report["skipped"].as_i64()), (Some(2), Some(0)));

    // Importing again never duplicates or overwrites.
    let again: Value =
        serde_json::from_str(&ok(&xaso(data, &["--json", "import", file.to_str().unwrap()])))
            .unwrap();
    assert_eq!((again["imported"].as_i64(), again["skipped"].as_i64()), (Some(0), Some(2)));

    let exported: Value = serde_json::from_str(&ok(&xaso(data, &["export"]))).unwrap();
    let tasks = exported["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 2);
    for t in tasks {
        // An import starts the task over as a draft of the importing unit.
        assert_eq!(t["status"], "draft");
        assert_eq!(t["unit_code"], "26743");
    }
    let names: Vec<&str> = tasks.iter().map(|t| t["fields"]["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Ngân sách số") && names.contains(&"Số hóa hồ sơ một cửa"));

    // Offline: the status says so and counts what waits to be sent.
    let status: Value = serde_json::from_str(&ok(&xaso(data, &["--json", "status"]))).unwrap();
    assert_eq!(status["state"], "not_enrolled");
    assert_eq!(status["pending"].as_i64(), Some(2), "two new tasks wait to be pushed");

    let check: Value = serde_json::from_str(&ok(&xaso(data, &["--json", "check"]))).unwrap();
    assert_eq!(check["ok"], true);
    assert_eq!(check["pending"].as_i64(), Some(2));

    let backup = ok(&xaso(data, &["backup"]));
    assert!(backup.contains("backup: "), "{backup}");
    assert_eq!(std::fs::read_dir(data.join("backups")).unwrap().count(), 1);
}

#[test]
fn bad_input_fails_with_a_clear_message_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    ok(&xaso(data, &["init", "--unit", "26743", "--name", "Lê Văn Hùng"]));
    let file = data.join("bad.json");
    std::fs::write(&file, r#"{"format":"something-else","version":1,"tasks":[]}"#).unwrap();
    let out = xaso(data, &["import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("something-else"), "names what it read: {err}");

    // Syncing before enrolling says so instead of trying the network.
    let out = xaso(data, &["sync"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr).to_lowercase();
    assert!(err.contains("máy chủ") || err.contains("enrol"), "{err}");

    let status: Value = serde_json::from_str(&ok(&xaso(data, &["--json", "status"]))).unwrap();
    assert_eq!(status["pending"].as_i64(), Some(0));
}

/// A refused change, as the sync worker records the server's answer: listed with the
/// reason, in text and JSON, then dismissed by its id; an unknown id fails clearly.
#[test]
fn refused_changes_are_listed_and_dismissed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    ok(&xaso(data, &["init", "--unit", "26743", "--name", "Lê Văn Hùng"]));
    assert!(ok(&xaso(data, &["refused"])).contains("Không có thay đổi nào bị từ chối"));

    let op = "0190f5a0-0000-7000-8000-0000000000aa";
    let db = rusqlite::Connection::open(data.join("xaso.sqlite3")).unwrap();
    db.execute(
        "INSERT INTO dead_letters (op_id, partition, tbl, row_id, field, value, hlc, code,
           reason_vi, reason_en, rejected_at)
         VALUES (?1, 'unit:26743', 'norms', 'n1', 'value', '\"45000000\"', '0', 'forbidden',
           'Chỉ quản trị viên Sở KHCN được sửa định mức chi của Thành phố.',
           'Only the city admin may change norms.', '2026-11-21T02:15:00.000Z')",
        [op],
    )
    .unwrap();
    drop(db);

    let text = ok(&xaso(data, &["refused"]));
    assert!(text.contains(op) && text.contains("Chỉ quản trị viên Sở KHCN"), "{text}");
    let listed: Value = serde_json::from_str(&ok(&xaso(data, &["--json", "refused"]))).unwrap();
    assert_eq!(listed[0]["op_id"], op);
    let status: Value = serde_json::from_str(&ok(&xaso(data, &["--json", "status"]))).unwrap();
    assert_eq!(status["refused"].as_i64(), Some(1));

    let left: Value =
        serde_json::from_str(&ok(&xaso(data, &["--json", "refused", "--dismiss", op]))).unwrap();
    assert_eq!(left, json!([]));
    let status: Value = serde_json::from_str(&ok(&xaso(data, &["--json", "status"]))).unwrap();
    assert_eq!(status["refused"].as_i64(), Some(0));

    let again = xaso(data, &["refused", "--dismiss", op]);
    assert_eq!(again.status.code(), Some(1));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("đã bỏ qua"), "{err}");
}
