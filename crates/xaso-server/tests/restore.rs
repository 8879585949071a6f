//! Backups and restores of the SQLite server change the identity of its history, so that
//! every laptop notices a rolled-back server and reconciles.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers panic on purpose

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use common::*;

fn admin(db: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_xaso-server"))
        .args(args)
        .args(["--database", db])
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{args:?}: {stdout}{}", String::from_utf8_lossy(&out.stderr));
    stdout
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restored_backup_has_a_history_of_its_own() {
    let mut env = Env::start(Backend::Sqlite).await;
    env.add_everyone();
    let mut a = env.device("a").await;
    applied(&a.push(&[a.new_task(UNIT_A, &row_id())]).await[0]);
    let before = a.pull(&BTreeMap::new(), 1000).await;

    // A backup while the server serves, then more work.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("city-backup.sqlite3");
    let copy_text = copy.display().to_string();
    let said = admin(&env.db.url(), &["backup", "--to", &copy_text]);
    assert!(said.contains("history"), "{said}");
    applied(&a.push(&[a.new_task(UNIT_A, &row_id())]).await[0]);
    assert_eq!(a.pull(&BTreeMap::new(), 1000).await.heads["unit:26743"], 2);

    // A second backup to the same name is refused: nothing is overwritten.
    let out = Command::new(env!("CARGO_BIN_EXE_xaso-server"))
        .args(["backup", "--to", &copy_text, "--database", &env.db.url()])
        .output()
        .unwrap();
    assert!(!out.status.success());

    // Restore: the server forgets the second task, and says its history is another one.
    env.server.take().unwrap().stop().await.unwrap();
    let url = env.db.url();
    let said = admin(&url, &["restore", "--from", &copy_text]);
    assert!(said.contains("replaced"), "the old file is kept: {said}");
    env.restart().await;
    a.url = env.url.clone();
    let after = a.pull(&BTreeMap::new(), 1000).await;
    assert_eq!(after.heads["unit:26743"], 1, "rolled back to the backup");
    assert_ne!(after.history, before.history, "a restored server is told apart");
    assert!(after.history.is_some());
    let kept = std::fs::read_dir(std::path::Path::new(&url).parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().contains(".replaced-"));
    assert!(kept, "the replaced database is kept beside it");

    // `new-history` gives yet another one.
    env.server.take().unwrap().stop().await.unwrap();
    admin(&url, &["new-history"]);
    env.restart().await;
    a.url = env.url.clone();
    assert_ne!(a.pull(&BTreeMap::new(), 1000).await.history, after.history);
}
