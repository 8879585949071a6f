//! Accounts and devices end to end: a real city server (SQLite and PostgreSQL) and real
//! laptops (`xaso_core::App`, its background worker included).
//!
//! - `a_disabled_account_keeps_its_changes_until_enabled`: the city admin disables Lan;
//!   her laptop says so (and what to do) and waits, keeping every unsent change; her
//!   enrolment is refused; once enabled she enrols again (a new device, the old one stays
//!   revoked) and everything she wrote reaches her colleague.
//! - `each_enrolment_is_a_device_of_the_servers`: the device a laptop syncs as is the one
//!   the server made; enrolling again retires the laptop's previous device.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on purpose

use xaso_core::{ErrorCode, SyncState};
use xaso_e2e::on_both_backends;
use xaso_e2e::sync_harness::*;
use xaso_server::Revocation;

on_both_backends!(
    a_disabled_account_keeps_its_changes_until_enabled,
    each_enrolment_is_a_device_of_the_servers,
);

const WRITTEN_WHILE_DISABLED: &str = "Viết khi tài khoản đang bị khoá";

fn a_disabled_account_keeps_its_changes_until_enabled(backend: Backend) {
    let city = City::start(backend);
    let lan = Laptop::enrolled("Bến Thành (Lan)", &city, LAN);
    let hoa = Laptop::enrolled("Bến Thành (Hòa)", &city, HOA);
    lan.app().start_sync_worker().unwrap();
    let task = lan.draft_task("Số hóa hồ sơ một cửa phường Bến Thành");
    let synced = lan.app().sync_now().unwrap();
    assert_eq!((synced.state, synced.pending), (SyncState::Online, 0), "{synced:?}");
    let first_device = lan.device_id();

    assert_eq!(city.disable(LAN.user), 1, "Lan's one laptop is revoked");
    lan.edit(&task, |form| form.objectives = WRITTEN_WHILE_DISABLED.into());
    let new_task = lan.draft_task("Bản đồ số phường Bến Thành");
    // The outbox itself: the worker's published count follows it only after its next look.
    let pending = i64::try_from(lan.pending_ops().len()).unwrap();
    assert_eq!(pending, 2);

    // The worker's round: the status says the account is disabled and whom to ask, and
    // the worker waits for a person.
    let status = lan.app().sync_now().unwrap();
    assert_eq!(status.state, SyncState::AccountDisabled, "{status:?}");
    assert_eq!(status.pending, pending, "every unsent change is kept");
    let why = status.last_error.clone().unwrap_or_default();
    assert!(why.contains("khoá tài khoản") && why.contains("quản trị viên thành phố"), "{why}");
    // "Sync now" again (a person pressed it): the same, nothing lost.
    let failed = lan.try_sync().unwrap_err();
    assert_eq!(failed.code, ErrorCode::SyncFailed, "{failed:?}");
    assert_eq!(lan.status().state, SyncState::AccountDisabled);
    // Signing in again is refused while disabled, with the same words.
    let refused = lan.enroll(&city.url(), LAN).unwrap_err();
    assert!(refused.message.contains("khoá tài khoản"), "{refused:?}");
    assert_eq!(i64::try_from(lan.pending_ops().len()).unwrap(), pending);
    assert_eq!(lan.task(&task).input.objectives, WRITTEN_WHILE_DISABLED);
    // Nobody else is held up.
    hoa.sync();

    city.enable(LAN.user);
    lan.enroll(&city.url(), LAN).unwrap();
    assert_ne!(lan.device_id(), first_device, "a new device of the server's");
    let status = lan.app().sync_now().unwrap();
    assert_eq!((status.state, status.pending), (SyncState::Online, 0), "{status:?}");
    assert_eq!(status.last_error, None);

    hoa.sync();
    assert_eq!(hoa.task(&task).input.objectives, WRITTEN_WHILE_DISABLED);
    assert!(hoa.has_task(&new_task), "what Lan wrote while disabled reached Hòa");
    let devices = city.devices_of(LAN.user);
    let old = devices.iter().find(|d| d.id == first_device).unwrap();
    assert_eq!(old.revoked_reason, Some(Revocation::AccountDisabled), "it stays revoked");
    assert!(devices.iter().any(|d| d.id == lan.device_id() && d.signed_in));
}

fn each_enrolment_is_a_device_of_the_servers(backend: Backend) {
    let city = City::start(backend);
    let lan = Laptop::enrolled("Bến Thành (Lan)", &city, LAN);
    let first = lan.device_id();
    let own = lan.store().meta().device_id().unwrap().as_uuid();
    assert_eq!(own, first, "the laptop keeps the id the server made as its own");
    let listed: Vec<_> = city.devices_of(LAN.user).iter().map(|d| d.id).collect();
    assert_eq!(listed, [first], "one device, the server's");
    let task = lan.draft_task("Số hóa hồ sơ một cửa phường Bến Thành");
    lan.sync();

    // Enrolling again (a new password, say) names the device it was: that one is retired.
    lan.enroll(&city.url(), LAN).unwrap();
    let second = lan.device_id();
    assert_ne!(second, first);
    let devices = city.devices_of(LAN.user);
    assert_eq!(devices.len(), 2);
    let old = devices.iter().find(|d| d.id == first).unwrap();
    assert_eq!((old.revoked_reason, old.signed_in), (Some(Revocation::Replaced), false));

    // The changes it makes are stored as the new device's.
    lan.edit(&task, |form| form.objectives = "Sửa sau khi đăng nhập lại".into());
    assert_eq!(lan.sync().refused, 0);
    let hoa = Laptop::enrolled("Bến Thành (Hòa)", &city, HOA);
    let changes = RawClient::of(&city, &hoa).pull_everything();
    let last = changes[&format!("unit:{BEN_THANH}")].last().unwrap();
    assert_eq!((last.field.as_str(), last.device_id), ("objectives", second));
}
