//! When things go wrong between a laptop and the city server, nothing is lost and nothing
//! is applied twice.
//!
//! - `a_cli_killed_before_hearing_the_answer_loses_nothing` (SQLite): the `xaso` CLI
//!   process is SIGKILLed after the server applied its push but before the answer reached
//!   it (a proxy holds the answer); `xaso sync` again: each change exists once, the outbox
//!   is empty.
//! - `a_server_restart_loses_and_doubles_nothing`: the server goes away; the laptop says
//!   offline and keeps its changes; a new server on the same storage and port takes them.
//! - `a_revoked_device_keeps_its_changes`: the next sync is unauthorized, the changes stay.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on purpose

use std::collections::BTreeSet;
use std::io::Write as _;
use std::process::{Output, Stdio};
use std::time::Duration;

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use xaso_core::{ErrorCode, SyncReportView, SyncState, SyncView, TaskStatus};
use xaso_e2e::on_both_backends;
use xaso_e2e::sync_harness::*;

on_both_backends!(
    a_server_restart_loses_and_doubles_nothing,
    a_revoked_device_keeps_its_changes,
    signing_out_keeps_the_changes_and_says_whose,
);

/// The changes the server holds for Bến Thành, as (table, row, field), each checked to
/// be there once.
fn changes_of_ben_thanh(city: &City, reader: &Laptop) -> Vec<(String, String, String)> {
    let partition = format!("unit:{BEN_THANH}");
    let changes =
        RawClient::of(city, reader).pull_everything().remove(&partition).unwrap_or_default();
    let keys: Vec<_> = changes.into_iter().map(|c| (c.table, c.row_id, c.field)).collect();
    let distinct: BTreeSet<_> = keys.iter().collect();
    assert_eq!(distinct.len(), keys.len(), "a change is stored twice: {keys:#?}");
    keys
}

#[test]
fn a_cli_killed_before_hearing_the_answer_loses_nothing() {
    let xaso = build_cli().expect("the xaso CLI builds");
    let city = City::start(Backend::Sqlite);
    let proxy = Proxy::start(&city);
    let hoa = Laptop::enrolled("Bến Thành (Hòa)", &city, HOA);

    // Lan's machine is set up with the CLI, enrolled through the proxy.
    let dir = DataDir::new();
    cli_ok(&xaso, &dir, &["init", "--unit", BEN_THANH, "--name", LAN.display_name], None);
    let server = proxy.url();
    cli_ok(&xaso, &dir, &["enroll", "--server", &server, "--user", LAN.user], Some(PASSWORD));

    // In the app, Lan drafts and submits a task; then the app is closed.
    let lan = Laptop::open("Bến Thành (Lan)", dir);
    let task = lan.draft_task("Số hóa hồ sơ một cửa phường Bến Thành");
    lan.submit(&task);
    let pending = lan.pending();
    assert_eq!(pending, 3, "a new task, its status, its history row");
    let dir = lan.shut_down();

    // `xaso sync` reaches the server, which applies the push; the answer never comes back.
    proxy.hold_answers();
    let mut sync = cli_command(&xaso, &dir, &["sync"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("xaso sync starts");
    proxy.wait_for_held_answer(Duration::from_secs(60)).expect("the server answered the push");
    hoa.sync();
    assert_eq!(hoa.task(&task).status, TaskStatus::Submitted, "the city applied Lan's push");

    // The process dies before it heard the answer.
    let pid = Pid::from_raw(i32::try_from(sync.id()).unwrap());
    kill(pid, Signal::SIGKILL).expect("SIGKILL the CLI");
    let died = sync.wait().expect("the CLI is reaped");
    assert!(!died.success(), "the CLI was killed, not finished: {died:?}");

    // Run again, with a working connection: the outbox is sent again and answered as done.
    proxy.pass_answers();
    let report: SyncReportView = cli_json(&xaso, &dir, &["sync"]);
    assert_eq!(
        (report.pushed, report.conflicts, report.refused),
        (pending, 0, 0),
        "the replayed push is answered as applied: {}",
        report.summary
    );
    let status: SyncView = cli_json(&xaso, &dir, &["status"]);
    assert_eq!((status.state, status.pending, status.refused), (SyncState::Online, 0, 0));

    // Each change exists once on the server, and once on the other laptop.
    let stored = changes_of_ben_thanh(&city, &hoa);
    assert_eq!(stored.len(), 3, "{stored:#?}");
    hoa.sync();
    assert_eq!(hoa.tasks().len(), 1, "one task, not two");
    assert_eq!(hoa.task(&task).transitions.len(), 1, "one step in the history");
    let lan = Laptop::open("Bến Thành (Lan)", dir);
    assert_eq!(lan.task(&task).status, TaskStatus::Submitted);
    assert!(lan.refused().is_empty(), "nothing refused: {:?}", lan.refused());
}

fn a_server_restart_loses_and_doubles_nothing(backend: Backend) {
    let mut city = City::start(backend);
    let lan = Laptop::enrolled("Bến Thành (Lan)", &city, LAN);
    let hoa = Laptop::enrolled("Bến Thành (Hòa)", &city, HOA);
    let task = lan.draft_task("Số hóa hồ sơ một cửa phường Bến Thành");
    lan.sync();

    // The server goes down while Lan keeps working.
    city.stop_server();
    lan.edit(&task, |form| form.objectives = "Mục tiêu viết lúc mất mạng".into());
    lan.submit(&task);
    let pending = lan.pending();
    assert_eq!(pending, 3, "the edit, the status, the history row");
    let failed = lan.try_sync().unwrap_err();
    assert_eq!(failed.code, ErrorCode::SyncFailed, "{failed:?}");
    let status = lan.status();
    assert_eq!(status.state, SyncState::Offline, "{status:?}");
    assert_eq!(status.pending, pending, "the outbox is intact");
    assert!(status.last_error.is_some(), "the status says why");

    // A new server process on the same storage and the same address.
    city.start_server_again();
    let report = lan.sync();
    assert_eq!(
        (report.pushed, report.conflicts, report.refused),
        (pending, 0, 0),
        "{}",
        report.summary
    );
    let status = lan.status();
    assert_eq!((status.state, status.pending), (SyncState::Online, 0), "{status:?}");

    hoa.sync();
    let seen = hoa.task(&task);
    assert_eq!(seen.input.objectives, "Mục tiêu viết lúc mất mạng");
    assert_eq!(seen.status, TaskStatus::Submitted);
    assert_eq!(seen.transitions.len(), 1);
    assert_eq!(changes_of_ben_thanh(&city, &hoa).len(), 4, "the new task and the three changes");
}

fn a_revoked_device_keeps_its_changes(backend: Backend) {
    let city = City::start(backend);
    let lan = Laptop::enrolled("Bến Thành (Lan)", &city, LAN);
    let task = lan.draft_task("Số hóa hồ sơ một cửa phường Bến Thành");
    lan.sync();
    lan.edit(&task, |form| form.objectives = "Sửa sau khi bị thu hồi".into());
    let pending = lan.pending();
    assert_eq!(pending, 1);

    city.revoke(lan.device_id());
    let failed = lan.try_sync().unwrap_err();
    assert_eq!(failed.code, ErrorCode::SyncFailed, "{failed:?}");
    let status = lan.status();
    assert_eq!(status.state, SyncState::Unauthorized, "{status:?}");
    let why = status.last_error.clone().unwrap_or_default();
    assert!(why.contains("thu hồi") && why.contains("quản trị viên thành phố"), "{why}");
    assert_eq!(status.pending, pending, "the local change is kept");
    assert_eq!(lan.task(&task).input.objectives, "Sửa sau khi bị thu hồi");
    assert!(lan.enroll(&city.url(), LAN).is_err(), "a revoked device cannot enrol again");
    assert_eq!(lan.pending(), pending, "still kept after the refused enrolment");
}

/// Lan signs the laptop out with a change unsent; the status keeps it and names her as
/// the account it was made under, until the next enrolment (Hòa, of the same ward), which
/// sends it.
fn signing_out_keeps_the_changes_and_says_whose(backend: Backend) {
    let city = City::start(backend);
    let laptop = Laptop::enrolled("Bến Thành", &city, LAN);
    let task = laptop.draft_task("Số hóa hồ sơ một cửa phường Bến Thành");
    laptop.sync();
    laptop.edit(&task, |form| form.objectives = "Viết trước khi đăng xuất".into());
    let out = laptop.app().sync_sign_out().unwrap();
    assert_eq!((out.state, out.pending), (SyncState::NotEnrolled, 1), "{out:?}");
    let previous = out.previous_account.map(|a| a.display_name);
    assert_eq!(previous.as_deref(), Some(LAN.display_name));

    laptop.enroll(&city.url(), HOA).unwrap();
    let report = laptop.sync();
    assert_eq!((report.pushed, report.refused), (1, 0), "{}", report.summary);
    let status = laptop.status();
    assert_eq!((status.pending, &status.previous_account), (0, &None), "{status:?}");
    let hoa = Laptop::enrolled("Bến Thành (Hòa)", &city, HOA);
    hoa.sync();
    assert_eq!(hoa.task(&task).input.objectives, "Viết trước khi đăng xuất");
}

/// Runs the CLI on `dir` (with `stdin` written to it); it must succeed.
fn cli_ok(xaso: &std::path::Path, dir: &DataDir, args: &[&str], stdin: Option<&str>) -> Output {
    let mut command = cli_command(xaso, dir, args);
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    if stdin.is_some() {
        command.stdin(Stdio::piped());
    }
    let mut child = command.spawn().expect("the CLI starts");
    if let Some(text) = stdin {
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "xaso {args:?} failed ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn cli_json<T: serde::de::DeserializeOwned>(
    xaso: &std::path::Path,
    dir: &DataDir,
    args: &[&str],
) -> T {
    let mut with_json = vec!["--json"];
    with_json.extend_from_slice(args);
    let output = cli_ok(xaso, dir, &with_json, None);
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("xaso {args:?} printed no JSON ({e}):\n{}", String::from_utf8_lossy(&output.stdout))
    })
}
