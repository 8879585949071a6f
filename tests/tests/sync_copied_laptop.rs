//! A copied laptop is noticed, end to end: a real city server on loopback and real
//! laptops (`xaso_core::App`) whose data folder is copied as a person would (the app
//! closed, the folder copied to a USB stick and onto another computer, or beside itself).
//!
//! - `a_folder_copied_to_another_computer_must_enrol_as_itself`: the copy says so and
//!   syncs nothing; once enrolled it is a device of its own, so both laptops' edits of
//!   one field make a conflict that both see (no silent overwrite); the original never
//!   notices anything.
//! - `a_folder_copied_beside_itself_is_a_copy_too`: the same on one computer; the copy
//!   names the folder it came from.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on purpose

use xaso_core::{ErrorCode, SyncState};
use xaso_e2e::sync_harness::*;

const ORIGINALS: &str = "Mục tiêu sửa trên máy gốc";
const COPYS: &str = "Mục tiêu sửa trên bản chép";

#[test]
fn a_folder_copied_to_another_computer_must_enrol_as_itself() {
    let city = City::start(Backend::Sqlite);
    let lan = Laptop::enrolled("Bến Thành (Lan)", &city, LAN);
    let task = lan.draft_task("Số hóa hồ sơ một cửa phường Bến Thành");
    lan.sync();
    let device = lan.device_id();
    let dir = lan.shut_down();
    let copy = Laptop::open("Bến Thành (bản chép)", dir.copy_to_another_computer());
    let lan = Laptop::open("Bến Thành (Lan)", dir);
    copied_and_enrolled(&city, &lan, &copy, &task, device, "được chép từ một máy tính khác");
}

#[test]
fn a_folder_copied_beside_itself_is_a_copy_too() {
    let city = City::start(Backend::Sqlite);
    let lan = Laptop::enrolled("Bến Thành (Lan)", &city, LAN);
    let task = lan.draft_task("Số hóa hồ sơ một cửa phường Bến Thành");
    lan.sync();
    let device = lan.device_id();
    let dir = lan.shut_down();
    let original_folder = std::fs::canonicalize(dir.path()).unwrap();
    let copy = Laptop::open("Bến Thành (bản chép)", dir.copy_beside("data-copy"));
    let lan = Laptop::open("Bến Thành (Lan)", dir);
    let named = format!("bản chép của thư mục {}", original_folder.display());
    copied_and_enrolled(&city, &lan, &copy, &task, device, &named);
}

/// The story after the copy: both edit one field; the copy syncs nothing until it enrols
/// as itself; then its edit goes out and meets the original's as a conflict.
fn copied_and_enrolled(
    city: &City,
    lan: &Laptop,
    copy: &Laptop,
    task: &str,
    device: uuid::Uuid,
    says: &str,
) {
    // The copy says what happened; the original does not.
    let status = copy.status();
    assert_eq!(status.state, SyncState::NotEnrolled, "{status:?}");
    let notice = status.copied.expect("the copy's status says it is a copy");
    assert!(notice.contains(says) && notice.contains("đăng ký"), "{notice}");
    assert_eq!(status.previous_account.map(|a| a.user).as_deref(), Some(LAN.user));
    let original = lan.status();
    assert_eq!((original.state, original.copied), (SyncState::Online, None), "the original");

    // Both edit the same field. The copy syncs nothing; its edit waits.
    lan.edit(task, |form| form.objectives = ORIGINALS.into());
    copy.edit(task, |form| form.objectives = COPYS.into());
    let refused = copy.try_sync().expect_err("a copy that has not enrolled does not sync");
    assert_eq!(refused.code, ErrorCode::NotEnrolled, "{refused:?}");
    assert!(refused.message.contains(says), "{}", refused.message);
    assert_eq!(copy.pending(), 1, "the copy's edit is kept");
    let sent = lan.sync();
    assert_eq!((sent.pushed, sent.conflicts), (1, 0), "{}", sent.summary);
    assert!(lan.conflicts().is_empty(), "nothing of the copy reached the server");
    let reader = Laptop::enrolled("Bến Thành (Hòa)", city, HOA);
    reader.sync();
    assert_eq!(reader.task(task).input.objectives, ORIGINALS);

    // Enrolled as itself, the copy is another device; its pending edit goes out.
    copy.enroll(&city.url(), LAN).expect("the copy enrols");
    assert!(copy.status().copied.is_none(), "the notice goes once it enrolled");
    assert_ne!(copy.device_id(), device, "the copy is a device of its own");
    assert_ne!(copy.token().expose(), lan.token().expose());
    let sent = copy.sync();
    assert_eq!((sent.pushed, sent.conflicts), (1, 1), "{}", sent.summary);
    lan.sync();
    copy.sync();

    // No silent overwrite: both show one value and list the conflict with the other.
    let value = lan.task(task).input.objectives;
    assert_eq!(copy.task(task).input.objectives, value);
    for laptop in [lan, copy] {
        let list = laptop.conflicts();
        assert_eq!(list.len(), 1, "{}: {list:?}", laptop.label);
        let mut sides = [list[0].kept.value.clone(), list[0].other.value.clone()];
        sides.sort();
        assert_eq!(sides, [COPYS.to_owned(), ORIGINALS.to_owned()], "{}", laptop.label);
    }

    // The original kept syncing as itself throughout.
    assert_eq!(lan.device_id(), device);
    let original = lan.status();
    assert_eq!((original.state, original.last_error), (SyncState::Online, None));
}
