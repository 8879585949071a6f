//! Accounts and devices, on both backends: the server assigns every device id (the id a
//! laptop names is only "the device I was before"), no account takes over another's
//! device, a revoked laptop stays out, `user disable` stops a person until `user enable`,
//! and a password reset ends every token of the user unless told to keep them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers panic on purpose

#[macro_use]
mod common;

use std::process::{Command, Stdio};

use common::*;
use reqwest::StatusCode;
use serde_json::{Value as Json, json};
use uuid::Uuid;
use xaso_server::{DeviceInfo, Revocation, Storage};

on_both_backends!(
    every_enrolment_gets_a_device_the_server_made,
    another_users_device_or_nil_is_never_taken_over,
    enrolling_again_retires_the_previous_device,
    a_revoked_device_stays_out_but_the_password_still_enrols,
    a_disabled_user_is_stopped_until_enabled,
    a_password_reset_revokes_every_device_unless_kept,
    the_admin_commands_say_what_they_did,
    an_older_database_keeps_its_revoked_devices_revoked,
);

const A: &str = "unit:26743";

/// `user`'s devices as the admin lists them.
fn devices_of(storage: &Storage, user: &str) -> Vec<DeviceInfo> {
    xaso_server::list_devices(storage, Some(user)).unwrap()
}

fn listed(storage: &Storage, user: &str, id: Uuid) -> DeviceInfo {
    devices_of(storage, user)
        .into_iter()
        .find(|d| d.id == id)
        .unwrap_or_else(|| panic!("device {id} is not listed for {user}"))
}

/// The status and error code of `/v1/me` with `device`'s token, and the English message.
async fn me(device: &Device) -> (StatusCode, Option<String>, String) {
    let (status, body) = device.get("/v1/me").await;
    let code = body["code"].as_str().map(str::to_owned);
    (status, code, body["en"].as_str().unwrap_or_default().to_owned())
}

async fn works(device: &Device) -> bool {
    device.get("/v1/me").await.0 == StatusCode::OK
}

async fn every_enrolment_gets_a_device_the_server_made(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();

    let asked = Uuid::now_v7();
    let first = env.device_from("a", asked).await;
    let second = env.device_from("a", asked).await;
    for d in [&first, &second] {
        assert_ne!(d.id, asked, "the server never takes the id a laptop names");
        assert_eq!(d.id.get_version_num(), 7, "a UUIDv7 of the server's");
        let (status, body) = d.get("/v1/me").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["device_id"], json!(d.id), "the token speaks for the device it was given");
    }
    assert_ne!(first.id, second.id);
    let ids: Vec<Uuid> = devices_of(&env.storage, "a").into_iter().map(|d| d.id).collect();
    assert_eq!(ids, [first.id, second.id], "no device of the asked id exists");

    // The device a change is stored under is the session's.
    let task = row_id();
    applied(&second.push(&[second.new_task(UNIT_A, &task)]).await[0]);
    let changes = env.device("rev").await.pull_all().await;
    assert_eq!(changes[A][0].device_id, second.id);
}

async fn another_users_device_or_nil_is_never_taken_over(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    // Device ids are visible (in every pulled change): a unit account names another
    // user's, of its own unit and of another, then the nil UUID.
    let lead = env.device("a2").await;
    let other_unit = env.device("b").await;
    for (victim, user) in [(&lead, "a2"), (&other_unit, "b")] {
        let taker = env.device_from("a", victim.id).await;
        assert_ne!(taker.id, victim.id, "a fresh device, not {user}'s");
        assert!(works(victim).await, "{user}'s laptop keeps working");
        let (_, body) = victim.get("/v1/me").await;
        assert_eq!((body["user"].as_str(), &body["device_id"]), (Some(user), &json!(victim.id)));
        let theirs = listed(&env.storage, user, victim.id);
        assert!(theirs.signed_in && theirs.revoked_at.is_none(), "{theirs:?}");
        assert!(devices_of(&env.storage, "a").iter().all(|d| d.id != victim.id));
        assert!(works(&taker).await);
    }
    let from_nil = env.device_from("a", Uuid::nil()).await;
    assert_ne!(from_nil.id, Uuid::nil());
    assert!(works(&from_nil).await);
    assert_eq!(devices_of(&env.storage, "a").len(), 3, "each enrolment its own device");
    assert!(devices_of(&env.storage, "a").iter().all(|d| d.signed_in));
}

async fn enrolling_again_retires_the_previous_device(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let before = env.device("a").await;
    let other_laptop = env.device("a").await;

    let after = env.device_from("a", before.id).await;

    assert_ne!(after.id, before.id);
    assert!(works(&after).await);
    let (status, code, en) = me(&before).await;
    assert_eq!((status, code.as_deref()), (StatusCode::UNAUTHORIZED, Some("unauthorized")));
    assert!(en.contains("signed in again"), "the old laptop is told why: {en}");
    let old = listed(&env.storage, "a", before.id);
    assert_eq!((old.revoked_reason, old.signed_in), (Some(Revocation::Replaced), false));
    assert!(works(&other_laptop).await, "only the device named is retired");

    // A replaced device may be named again (a copy of the data folder, say): another new
    // device, and the current one is not touched.
    let again = env.device_from("a", before.id).await;
    assert!(works(&again).await && works(&after).await);
    // A signed-out one too; it is listed as replaced from then on.
    assert_eq!(again.post("/v1/sign-out", &Json::Null).await.0, StatusCode::NO_CONTENT);
    let fourth = env.device_from("a", again.id).await;
    assert!(works(&fourth).await);
    assert_eq!(listed(&env.storage, "a", again.id).revoked_reason, Some(Revocation::Replaced));
}

async fn a_revoked_device_stays_out_but_the_password_still_enrols(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let stolen = env.device("a").await;
    let kept = env.device("a").await;

    xaso_server::revoke_device(&env.storage, stolen.id).unwrap();

    let (status, code, en) = me(&stolen).await;
    assert_eq!((status, code.as_deref()), (StatusCode::UNAUTHORIZED, Some("unauthorized")));
    assert!(en.contains("city admin revoked this computer"), "{en}");
    let (status, body) = env.enroll("a", PASSWORD, stolen.id).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
    assert_eq!(devices_of(&env.storage, "a").len(), 2, "the refusal made no device");
    assert!(works(&kept).await);
    // What `device revoke` warns about: the password still enrols a fresh installation.
    assert!(works(&env.device("a").await).await);
}

async fn a_disabled_user_is_stopped_until_enabled(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let office = env.device("a").await;
    let home = env.device("a").await;
    let signed_out = env.device("a").await;
    assert_eq!(signed_out.post("/v1/sign-out", &Json::Null).await.0, StatusCode::NO_CONTENT);
    let colleague = env.device("a2").await;

    let revoked = xaso_server::disable_user(&env.storage, "a").unwrap();

    assert_eq!(revoked, 2, "the two signed-in laptops");
    for d in [&office, &home] {
        let (status, code, en) = me(d).await;
        assert_eq!((status, code.as_deref()), (StatusCode::FORBIDDEN, Some("account_disabled")));
        assert!(en.contains("ask the city admin"), "{en}");
        let (status, body) = d.post("/v1/push", &json!({ "ops": [] })).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("account_disabled"))
        );
    }
    let (status, body) = env.enroll("a", PASSWORD, Uuid::nil()).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("account_disabled")));
    assert!(!body["vi"].as_str().unwrap().is_empty());
    // Only the password tells that the account exists and is disabled.
    let (status, body) = env.enroll("a", "mật khẩu sai rồi", Uuid::nil()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("bad_credentials"))
    );
    assert!(works(&colleague).await, "nobody else is touched");
    let users = xaso_server::list_users(&env.storage).unwrap();
    let disabled: Vec<&str> =
        users.iter().filter(|u| u.disabled_at.is_some()).map(|u| u.name.as_str()).collect();
    assert_eq!(disabled, ["a"]);
    for d in [&office, &home] {
        let row = listed(&env.storage, "a", d.id);
        assert_eq!((row.revoked_reason, row.signed_in), (Some(Revocation::AccountDisabled), false));
    }
    assert_eq!(listed(&env.storage, "a", signed_out.id).revoked_reason, None);

    // A device row left working by some other path: the account still stops its token.
    let id = office.id;
    env.storage
        .run(xaso_server::storage::Access::Write, move |tx| {
            let mut row = tx.device(id)?.expect("the office laptop's row");
            (row.revoked_at, row.revoked_reason) = (None, None);
            tx.save_device(&row)
        })
        .await
        .unwrap();
    assert_eq!(me(&office).await.1.as_deref(), Some("account_disabled"));
    assert_eq!(xaso_server::disable_user(&env.storage, "a").unwrap(), 1, "disabling again ends it");

    assert!(xaso_server::enable_user(&env.storage, "a").unwrap());
    assert!(!xaso_server::enable_user(&env.storage, "a").unwrap(), "already enabled");

    // Old devices stay revoked (and say so); the laptop enrols again, as a new device.
    let (status, code, en) = me(&home).await;
    assert_eq!((status, code.as_deref()), (StatusCode::UNAUTHORIZED, Some("unauthorized")));
    assert!(en.contains("sign in again"), "{en}");
    let back = env.device_from("a", home.id).await;
    assert_ne!(back.id, home.id);
    applied(&back.push(&[back.new_task(UNIT_A, &row_id())]).await[0]);
    assert!(xaso_server::list_users(&env.storage).unwrap().iter().all(|u| u.disabled_at.is_none()));
}

async fn a_password_reset_revokes_every_device_unless_kept(backend: Backend) {
    const NEW: &str = "mật khẩu mới đủ dài";
    let env = Env::start(backend).await;
    env.add_everyone();
    let office = env.device("a").await;
    let home = env.device("a").await;
    let signed_out = env.device("a").await;
    assert_eq!(signed_out.post("/v1/sign-out", &Json::Null).await.0, StatusCode::NO_CONTENT);

    // Kept: the laptops go on; only the password changed.
    assert_eq!(xaso_server::reset_password(&env.storage, "a", NEW, true).unwrap(), 0);
    assert!(works(&office).await && works(&home).await);
    assert_eq!(env.enroll("a", PASSWORD, Uuid::nil()).await.0, StatusCode::UNAUTHORIZED);

    // By default every signed-in laptop stops, and says why.
    assert_eq!(xaso_server::reset_password(&env.storage, "a", PASSWORD, false).unwrap(), 2);
    for d in [&office, &home] {
        let (status, code, en) = me(d).await;
        assert_eq!((status, code.as_deref()), (StatusCode::UNAUTHORIZED, Some("unauthorized")));
        assert!(en.contains("reset this account's password"), "{en}");
        assert_eq!(listed(&env.storage, "a", d.id).revoked_reason, Some(Revocation::PasswordReset));
    }
    // Each enrols again with the new password, as itself (a reset is no ban).
    let again = env.device_from("a", office.id).await;
    assert!(works(&again).await);
    assert_eq!(
        listed(&env.storage, "a", office.id).revoked_reason,
        Some(Revocation::PasswordReset)
    );
}

/// `xaso-server <args> --database <db>`; it must succeed. Answers what it printed.
fn admin(db: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_xaso-server"))
        .args(args)
        .args(["--database", db])
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{args:?}: {stdout}{}", String::from_utf8_lossy(&out.stderr));
    stdout
}

async fn the_admin_commands_say_what_they_did(backend: Backend) {
    let env = Env::start(backend).await;
    env.add_everyone();
    let db = env.db.url();
    let laptop = env.device("a").await;
    env.device("a").await;

    let said = admin(&db, &["device", "revoke", "--id", &laptop.id.to_string()]);
    assert!(said.contains("can still enrol another laptop with their password"), "{said}");
    assert!(
        said.contains("user reset-password --name a") && said.contains("user disable --name a")
    );

    let said = admin(&db, &["user", "disable", "--name", "a"]);
    assert!(said.contains("1 devices revoked"), "{said}");
    let list = admin(&db, &["user", "list"]);
    let line = list.lines().find(|l| l.starts_with("a\t")).unwrap();
    assert!(line.contains("disabled"), "{list}");
    assert!(list.lines().find(|l| l.starts_with("b\t")).unwrap().ends_with("enabled"), "{list}");
    let devices = admin(&db, &["device", "list", "--user", "a"]);
    assert!(devices.contains("revoked (account disabled)"), "{devices}");

    assert!(admin(&db, &["user", "enable", "--name", "a"]).contains("enabled a"));
    env.device("a").await;
    let said = admin(&db, &["user", "reset-password", "--name", "a"]);
    assert!(said.contains("1 devices revoked") && said.contains("password (shown once)"), "{said}");
    let said = admin(&db, &["user", "reset-password", "--name", "b", "--keep-devices"]);
    assert!(said.contains("devices left signed in"), "{said}");
}

/// A database of schema 2 whose admin had revoked a device: after the migration that
/// device is still revoked by the admin (its laptop may not enrol again), and the user
/// is enabled.
async fn an_older_database_keeps_its_revoked_devices_revoked(backend: Backend) {
    let db = TestDb::new(backend);
    let user = Uuid::now_v7();
    let device = Uuid::now_v7();
    let hash = xaso_server::auth::hash_password(PASSWORD).unwrap();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../migrations/server");
    let dir = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let mut sql = String::new();
    for (version, file) in [(1, "0001_init.sql"), (2, "0002_trust.sql")] {
        sql += &std::fs::read_to_string(format!("{root}/{dir}/{file}")).unwrap();
        sql += &format!(
            "\nCREATE TABLE IF NOT EXISTS schema_migrations (version bigint PRIMARY KEY, \
             applied_at text NOT NULL DEFAULT '2026-01-01');
             INSERT INTO schema_migrations (version) VALUES ({version});\n"
        );
    }
    sql += &format!(
        "INSERT INTO units (code, name, kind) VALUES ('26743', 'Phường Bến Thành', 'phuong');
         INSERT INTO users (id, name, display_name, role, unit_code, password_hash, created_at)
           VALUES ('{user}', 'a', 'An', 'unit_official', '26743', '{hash}',
                   '2026-01-01T00:00:00.000Z');
         INSERT INTO devices (id, user_id, name, token_hash, created_at, revoked_at)
           VALUES ('{device}', '{user}', 'Laptop cũ', NULL, '2026-01-01T00:00:00.000Z',
                   '2026-02-01T00:00:00.000Z');"
    );
    match backend {
        Backend::Sqlite => {
            rusqlite::Connection::open(db.url()).unwrap().execute_batch(&sql).unwrap();
        }
        Backend::Postgres => {
            let url = db.url();
            std::thread::spawn(move || {
                let mut client = ::postgres::Client::connect(&url, ::postgres::NoTls).unwrap();
                client.batch_execute(&sql).unwrap();
            })
            .join()
            .unwrap();
        }
    }

    let storage = Storage::open(&db.url()).expect("the older database migrates");
    let old = listed(&storage, "a", device);
    assert_eq!((old.revoked_reason, old.signed_in), (Some(Revocation::Device), false));
    assert_eq!(xaso_server::list_users(&storage).unwrap()[0].disabled_at, None);
    let server = xaso_server::spawn(storage.clone(), "127.0.0.1:0".parse().unwrap()).await.unwrap();
    let env = Env { db, storage, url: server.url(), server: Some(server), http: http_client() };
    let (status, body) = env.enroll("a", PASSWORD, device).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
    assert!(works(&env.device("a").await).await);
}
