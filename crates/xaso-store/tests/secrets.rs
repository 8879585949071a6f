//! The device token out of the database and its backups: moved to the secret store when
//! an older database is opened, never written there again; the folder 0700 and the file
//! 0600; a copied data folder noticed, the original untouched.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers panic on purpose
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use xaso_domain::Role;
use xaso_proto::Account;
use xaso_store::sync::{DeviceToken, Server};
use xaso_store::{Backups, FileSecrets, SecretStore, Store, outbox};

const FIRST: &str = "first-token-OLDOLDOLDOLDOLDOLDOLDOLDOLDOLD";
const SECOND: &str = "second-token-NEWNEWNEWNEWNEWNEWNEWNEWNEWNEW";

/// A machine: its secret store (files, as `XASO_SECRET_STORE=file` keeps them).
struct Computer {
    dir: tempfile::TempDir,
}

impl Computer {
    fn new() -> Computer {
        Computer { dir: tempfile::tempdir().unwrap() }
    }

    fn secrets(&self) -> Arc<dyn SecretStore> {
        Arc::new(FileSecrets::new(self.dir.path().join("secrets")))
    }

    fn data(&self, name: &str) -> PathBuf {
        self.dir.path().join(name).join("xaso.sqlite3")
    }

    fn open(&self, db: &Path) -> Store {
        Store::open_with(db, self.secrets()).unwrap()
    }
}

/// What the app of schema 9 left after enrolling twice: the first token in free space,
/// the second in `local_meta`, an account, a pending change; in a WAL it never truncated.
fn database_with_a_token(db: &Path) {
    let store = Store::open(db).unwrap();
    let conn = store.conn();
    conn.execute_batch(&format!(
        "INSERT INTO local_meta (key, value) VALUES ('sync.server_url', 'https://xaso.tphcm.gov.vn');
         INSERT INTO local_meta (key, value) VALUES ('sync.token', '{FIRST}');
         INSERT INTO local_meta (key, value) VALUES ('sync.account', '{account}');",
        account = serde_json::to_string(&account()).unwrap(),
    ))
    .unwrap();
    conn.execute("UPDATE local_meta SET value = ?1 WHERE key = 'sync.token'", [SECOND]).unwrap();
    conn.execute(
        "INSERT INTO outbox (op_id, partition, tbl, row_id, field, value, base_version, hlc, created_at)
         VALUES ('0190f5a0-0000-7000-8000-0000000000c9', 'unit:26743', 'tasks',
                 '0190f5a0-0000-7000-8000-0000000000a9', 'name', '\"Tên mới\"', 3,
                 '001767225600000-0000000002', '2026-01-06T02:00:00.000Z')",
        [],
    )
    .unwrap();
}

fn account() -> Account {
    Account {
        user: "lan".into(),
        display_name: "Nguyễn Thị Lan".into(),
        role: Role::UnitOfficial,
        unit: Some("26743".into()),
        device_id: "0190f5a0-0000-7000-8000-000000000009".parse().unwrap(),
    }
}

/// Every byte of every file in `dir` (the database, its WAL, backups).
fn holds(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in walk(dir) {
        let bytes = std::fs::read(&entry).unwrap();
        if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
            found.push(entry);
        }
    }
    found
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { files.extend(walk(&path)) } else { files.push(path) }
    }
    files
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn an_old_database_gives_its_token_to_the_secret_store_and_keeps_no_byte_of_it() {
    let computer = Computer::new();
    let db = computer.data("data");
    let folder = db.parent().unwrap().to_owned();
    database_with_a_token(&db);
    // A backup the old version made: it carried the token too.
    let backups = Backups::new(folder.join("backups"));
    let old = Store::open(&db).unwrap();
    backups.create(&old, Utc.with_ymd_and_hms(2026, 11, 1, 8, 0, 0).unwrap()).unwrap();
    drop(old);
    assert!(!holds(&folder, SECOND).is_empty(), "the fixture carries the token");
    assert!(!holds(&folder, FIRST).is_empty(), "and the older one in free space");

    let store = computer.open(&db);
    let settings = store.sync_settings().unwrap();
    assert_eq!(settings.token, Some(DeviceToken::new(SECOND)), "the token still works");
    assert!(settings.enrolled() && settings.copied.is_none());
    assert_eq!(outbox::pending_count(store.conn()).unwrap(), 1, "the pending change stays");
    let in_meta: Option<String> = store.meta().get("sync.token").unwrap();
    assert_eq!(in_meta, None);
    assert_eq!(backups.forget_tokens().unwrap(), 1, "the old backup held it");
    backups.create(&store, Utc.with_ymd_and_hms(2026, 11, 2, 8, 0, 0).unwrap()).unwrap();
    drop(store);

    for token in [FIRST, SECOND] {
        assert_eq!(holds(&folder, token), Vec::<PathBuf>::new(), "{token} left in the data folder");
    }
    let secrets = walk(&computer.dir.path().join("secrets"));
    assert_eq!(secrets.len(), 1, "one secret, outside the data folder: {secrets:?}");
    assert_eq!(backups.forget_tokens().unwrap(), 0, "nothing left to take out");
}

#[cfg(unix)]
#[test]
fn the_data_folder_is_0700_and_the_database_0600_new_or_corrected() {
    use std::os::unix::fs::PermissionsExt as _;
    let computer = Computer::new();
    let db = computer.data("fresh");
    let store = computer.open(&db);
    let backups = Backups::new(db.parent().unwrap().join("backups"));
    let backup = backups.create(&store, Utc::now()).unwrap();
    assert_eq!(mode(&PathBuf::from(format!("{}-wal", db.display()))), 0o600, "the WAL too");
    drop(store);
    assert_eq!(mode(db.parent().unwrap()), 0o700);
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(backups.dir()), 0o700);
    assert_eq!(mode(&backups.dir().join(&backup.name)), 0o600);

    // A folder and file an older version left readable by everyone are corrected.
    std::fs::set_permissions(db.parent().unwrap(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    drop(computer.open(&db));
    assert_eq!((mode(db.parent().unwrap()), mode(&db)), (0o700, 0o600));
}

fn enrol(store: &mut Store, token: &str) {
    let server =
        Server { url: "https://xaso.tphcm.gov.vn", ca_file: None, allow_insecure_http: false };
    store.save_enrolment(server, &DeviceToken::new(token), &account()).unwrap();
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for file in walk(from) {
        let target = to.join(file.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, target).unwrap();
    }
}

#[test]
fn a_folder_copied_to_another_computer_or_folder_is_not_enrolled_and_the_original_is_untouched() {
    let laptop = Computer::new();
    let db = laptop.data("data");
    let mut original = laptop.open(&db);
    enrol(&mut original, "the-original-token");
    assert!(!holds(db.parent().unwrap(), "the-original-token").iter().any(|p| p == &db));
    let device = original.meta().device_id().unwrap();
    assert_eq!(device.as_uuid(), account().device_id, "the device id is the server's");
    drop(original);

    for (copy_on, name, from_folder) in [(Computer::new(), "copy", false), (laptop, "copy", true)] {
        let copy = copy_on.data(name);
        copy_folder(db.parent().unwrap(), copy.parent().unwrap());
        let mut copied = copy_on.open(&copy);
        let settings = copied.sync_settings().unwrap();
        assert_eq!(settings.token, None, "a copy never syncs with the original's token");
        assert!(!settings.enrolled());
        let notice = settings.copied.expect("the copy says what happened");
        assert_eq!(notice.from_folder.is_some(), from_folder, "{notice:?}");
        let (vi, en) = notice.message();
        assert!(vi.contains("được chép") && en.contains("copied") || en.contains("copy"), "{en}");
        assert_eq!(settings.previous_account.map(|a| a.user).as_deref(), Some("lan"));
        assert_ne!(copied.meta().device_id().unwrap(), device, "a device id of its own");
        assert_ne!(copied.enrolment_device_id().unwrap(), device);
        assert_eq!(outbox::pending_count(copied.conn()).unwrap(), 0);

        // Enrolled as itself, it is bound to its own folder; the notice goes.
        enrol(&mut copied, "the-copy-token");
        let settings = copied.sync_settings().unwrap();
        assert_eq!(settings.token, Some(DeviceToken::new("the-copy-token")));
        assert!(settings.copied.is_none());
        drop(copied);
        assert_eq!(
            copy_on
                .open(&copy)
                .sync_settings()
                .unwrap()
                .token
                .map(|t| t.expose().to_owned())
                .as_deref(),
            Some("the-copy-token")
        );

        if from_folder {
            // The original on the same computer kept its own token and identity.
            let original = copy_on.open(&db);
            let settings = original.sync_settings().unwrap();
            assert_eq!(settings.token, Some(DeviceToken::new("the-original-token")));
            assert!(settings.copied.is_none());
            assert_eq!(original.meta().device_id().unwrap(), device);
        }
    }
}

#[test]
fn a_moved_folder_keeps_its_enrolment() {
    let laptop = Computer::new();
    let db = laptop.data("data");
    let mut store = laptop.open(&db);
    enrol(&mut store, "the-token");
    drop(store);
    let moved = laptop.data("moved");
    std::fs::rename(db.parent().unwrap(), moved.parent().unwrap()).unwrap();
    let store = laptop.open(&moved);
    let settings = store.sync_settings().unwrap();
    assert_eq!(settings.token, Some(DeviceToken::new("the-token")), "{settings:?}");
    assert!(settings.copied.is_none());
}

#[test]
fn signing_out_forgets_the_token_but_keeps_the_folder_bound() {
    let laptop = Computer::new();
    let db = laptop.data("data");
    let mut store = laptop.open(&db);
    enrol(&mut store, "the-token");
    store.forget_token().unwrap();
    assert_eq!(store.sync_settings().unwrap().token, None);
    drop(store);
    let store = laptop.open(&db);
    let settings = store.sync_settings().unwrap();
    assert_eq!((settings.token, settings.copied), (None, None), "signed out, not a copy");
}
