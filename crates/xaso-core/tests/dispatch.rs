//! `xaso_core::dispatch`: a command answered by name with JSON, as the window (and the UI
//! tests' bridge) call it, gives exactly what the `App` method gives.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers panic on purpose

use serde_json::{Value, json};
use xaso_core::bindings::COMMANDS;
use xaso_core::*;

fn ready(dir: &tempfile::TempDir) -> App {
    let app = App::open(Config::at(dir.path()));
    let profile =
        json!({ "unit_code": "26743", "display_name": "Nguyễn Thị Lan", "role": "unit_official" });
    dispatch(&app, "profile_set", &json!({ "req": profile })).unwrap();
    app
}

#[test]
fn a_task_made_by_name_reads_back_as_the_app_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let app = ready(&dir);
    let input = json!({
        "kind": "cds", "year": 2026, "name": "Số hóa hồ sơ một cửa", "field": "", "task_type": "",
        "basis": "", "urgency": "", "objectives": "", "contents": "", "expected_results": "",
        "impact": "", "cost_state": "150.000.000", "cost_own": "", "cost_other": "",
        "start_date": "", "end_date": "", "host_unit": "", "leader": "", "results_usage": ""
    });
    let saved = dispatch(&app, "task_create", &json!({ "req": input })).unwrap();
    let id = saved["task"]["id"].as_str().expect("the saved task has an id").to_owned();
    assert_eq!(saved["task"]["cost_total"], 150_000_000, "money parsed as the form does");

    let by_name = dispatch(&app, "task_get", &json!({ "req": { "id": id } })).unwrap();
    let direct = serde_json::to_value(app.task_get(TaskRef { id: id.clone() }).unwrap()).unwrap();
    assert_eq!(by_name, direct);
    assert_eq!(by_name["input"]["name"], "Số hóa hồ sơ một cửa");

    let query = json!({ "status": null, "kind": null, "year": null, "search": "so hoa", "offset": 0, "limit": 50 });
    let page = dispatch(&app, "tasks_list", &json!({ "req": query })).unwrap();
    assert_eq!(page["total"], 1, "{page}");
}

#[test]
fn errors_come_back_as_the_ui_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let app = ready(&dir);
    // The app's own error, localised, with its code.
    let missing = dispatch(&app, "task_get", &json!({ "req": { "id": "không-có" } })).unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound);
    // A request of the wrong shape is refused in words, not a panic.
    let bad = dispatch(&app, "task_get", &json!({ "req": { "id": 5 } })).unwrap_err();
    assert_eq!(bad.code, ErrorCode::Validation);
    assert!(bad.message.contains("task_get"), "{}", bad.message);
    // A name that is no command.
    let unknown = dispatch(&app, "drop_everything", &Value::Null).unwrap_err();
    assert_eq!(unknown.code, ErrorCode::NotFound);
    assert!(unknown.message.contains("drop_everything"), "{}", unknown.message);
}

#[test]
fn every_listed_command_is_answered_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let app = ready(&dir);
    for command in COMMANDS {
        // Without a request, a command that needs one says its request is unreadable;
        // none may say it does not exist.
        if let Err(e) = dispatch(&app, command.name, &json!({})) {
            assert!(
                !e.message.contains("Không có lệnh"),
                "{} is listed but not dispatched: {}",
                command.name,
                e.message
            );
        }
    }
}
