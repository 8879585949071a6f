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
