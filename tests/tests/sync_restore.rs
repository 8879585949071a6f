//! The city restores its server from a backup: changes pushed (and acknowledged) after
//! the backup are gone from the server, and its sequence numbers start again below the
//! laptops' cursors. Each laptop notices (a new history id), sends again what it had
//! sent, and pulls everything again: both end equal, with every change either made.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on purpose

use xaso_e2e::sync_harness::*;

#[test]
fn a_restored_server_loses_nothing_the_laptops_made() {
    let mut city = City::start(Backend::Sqlite);
    let lan = Laptop::enrolled("lan", &city, LAN);
    let hoa = Laptop::enrolled("hoa", &city, HOA);

    // Before the backup: Lan's task, Hòa's edit of it.
    let t1 = lan.draft_task("Số hóa hồ sơ một cửa");
    lan.sync();
    hoa.sync();
    hoa.edit(&t1, |t| t.leader = "Trần Văn Hòa".into());
    hoa.sync();
    lan.sync();
    let backup_dir = tempfile::tempdir().unwrap();
    let backup = backup_dir.path().join("city-2026-12-01.sqlite3");
    city.backup(&backup);

    // After the backup: more work on both laptops, all of it acknowledged.
    lan.edit(&t1, |t| t.name = "Số hóa hồ sơ một cửa (bản 2)".into());
    let t2 = lan.draft_task("Bản đồ số phường");
    lan.sync();
    let t3 = hoa.draft_task("Thí điểm trợ lý ảo");
    hoa.sync();
    lan.sync();
    assert_eq!(lan.pending(), 0);
    assert_eq!(hoa.pending(), 0);

    // The city restores last night's backup: t2, t3 and the new name are gone there.
    city.restore(&backup);
    let before = RawClient::of(&city, &lan).pull_everything();
    let ids: String = format!("{before:?}");
    assert!(!ids.contains(&t2) && !ids.contains(&t3), "the restored server lacks them");

    // Each laptop syncs: it sends again what it had sent, and pulls everything again.
    lan.sync();
    let server = format!("{:?}", RawClient::of(&city, &lan).pull_everything());
    assert!(server.contains(&t2), "Lan's changes after the backup were sent again");
    hoa.sync();
    lan.sync();
    hoa.sync();

    for laptop in [&lan, &hoa] {
        assert_eq!(laptop.pending(), 0, "{}", laptop.label);
        for id in [&t1, &t2, &t3] {
            assert!(laptop.has_task(id), "{} lacks {id}", laptop.label);
        }
        let t = laptop.task(&t1);
        assert_eq!(t.input.name, "Số hóa hồ sơ một cửa (bản 2)", "{}", laptop.label);
        assert_eq!(t.input.leader, "Trần Văn Hòa", "{}", laptop.label);
    }
    let names = |l: &Laptop| {
        let mut v: Vec<(String, String)> =
            l.tasks().into_iter().map(|t| (t.id.to_string(), t.name)).collect();
        v.sort();
        v
    };
    assert_eq!(names(&lan), names(&hoa), "both laptops end equal");
    let server = format!("{:?}", RawClient::of(&city, &lan).pull_everything());
    assert!(server.contains(&t2) && server.contains(&t3), "the server has every change again");
}
