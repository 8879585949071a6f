//! End-to-end sync, for real: a city server ([`City`], `xaso_server::spawn` on
//! `127.0.0.1`) over a fresh SQLite file or PostgreSQL database, and ward laptops
//! ([`Laptop`], `xaso_core::App` on a database in a temp folder: what the desktop app
//! runs) that enrol with it and sync over loopback HTTP.
//!
//! The vocabulary is what people do: `ward.draft_task(..)`, `ward.submit(..)`,
//! `city_reviewer.return_with(.., "comment")`, `laptop.sync()`. Each helper panics with a
//! message that names the laptop and the step, so a failing test reads like a story.
//!
//! It also holds the low-level pieces the harder tests need: a laptop's device token and
//! pending ops (to replay a push by hand with `xaso_sync::HttpRemote`), a [`Proxy`] that
//! counts bytes or holds the server's answers, and the `xaso` CLI binary.
//!
//! Tests are plain `#[test]` functions: the server runs on the [`City`]'s own Tokio
//! runtime, and `App`'s sync calls block the test thread as they block the CLI.

// Test vocabulary: a step that fails is a failed test, said with a message (panics).
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::bail;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use uuid::Uuid;
use xaso_core::{
    ApiError, App, ConflictChoice, ConflictResolve, ConflictView, DeadLetterView, ProfileSet, Role,
    SyncEnroll, SyncReportView, SyncView, TaskDetail, TaskInput, TaskQuery, TaskRef, TaskSave,
    TaskStatus, TaskSummary, TaskTransition,
};
use xaso_proto::{Change, Op, PullRequest};
use xaso_server::{RunningServer, ServeOptions, Storage};
use xaso_store::Store;
use xaso_sync::{DeviceToken, HttpRemote, Remote as _, ServerConfig};

/// The PostgreSQL server the PostgreSQL variants use (a role that may create databases).
pub use xaso_server::testing::{Backend, PG_VAR, TestDb, postgres_url};
/// Every test user's password.
pub const PASSWORD: &str = "mật khẩu đủ dài";
/// Phường Bến Thành and Phường Tân Bình (data/hcm-units-2025.csv).
pub const BEN_THANH: &str = "26743";
pub const TAN_BINH: &str = "27004";

/// Someone with an account on the city server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Person {
    pub user: &'static str,
    pub display_name: &'static str,
    pub role: Role,
    /// The unit of a unit role; `None` for the city's people.
    pub unit: Option<&'static str>,
}

/// An official of Phường Bến Thành.
pub const LAN: Person = Person {
    user: "lan",
    display_name: "Nguyễn Thị Lan",
    role: Role::UnitOfficial,
    unit: Some(BEN_THANH),
};
/// Another official of Phường Bến Thành (same unit as [`LAN`]).
pub const HOA: Person = Person {
    user: "hoa",
    display_name: "Trần Văn Hòa",
    role: Role::UnitOfficial,
    unit: Some(BEN_THANH),
};
/// The lead of Phường Bến Thành (signs its reports off).
pub const HUNG: Person = Person {
    user: "hung",
    display_name: "Trần Văn Hùng",
    role: Role::UnitLead,
    unit: Some(BEN_THANH),
};
/// An official of Phường Tân Bình.
pub const MINH: Person = Person {
    user: "minh",
    display_name: "Lê Văn Minh",
    role: Role::UnitOfficial,
    unit: Some(TAN_BINH),
};
/// A reviewer of the city's Department of Science and Technology (Sở KHCN).
pub const THU: Person =
    Person { user: "thu", display_name: "Phạm Minh Thu", role: Role::CityReviewer, unit: None };

/// An administrator of Sở KHCN: publishes the city's norms and indicators.
pub const QUANG: Person =
    Person { user: "quang", display_name: "Đỗ Văn Quang", role: Role::CityAdmin, unit: None };

/// The city's database for one test (see `xaso_server::testing`).
pub type CityDb = TestDb;

/// The city server, running in-process on `127.0.0.1` with the 168 units and the people
/// [`LAN`], [`HOA`], [`HUNG`], [`MINH`], [`THU`] and [`QUANG`].
#[derive(Debug)]
pub struct City {
    runtime: tokio::runtime::Runtime,
    storage: Storage,
    server: Option<RunningServer>,
    addr: SocketAddr,
    pub backend: Backend,
    /// The server's files (training materials): a folder of this city's own, whatever the
    /// backend (PostgreSQL's default, `./xaso-server-blobs`, would be shared by tests).
    blobs: tempfile::TempDir,
    // Last: the PostgreSQL database is dropped after the server let go of it.
    db: CityDb,
}

impl City {
    pub fn start(backend: Backend) -> City {
        let db = CityDb::new(backend);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("city-server")
            .enable_all()
            .build()
            .expect("the city's runtime");
        let storage = Storage::open(&db.url())
            .unwrap_or_else(|e| panic!("cannot open the city's {backend:?} storage: {e}"));
        xaso_server::import_units(&storage, xaso_server::BUNDLED_UNITS).expect("the 168 units");
        for person in [LAN, HOA, HUNG, MINH, THU, QUANG] {
            xaso_server::add_user(
                &storage,
                person.user,
                person.display_name,
                person.role,
                person.unit,
                PASSWORD,
            )
            .unwrap_or_else(|e| panic!("cannot add user {}: {e}", person.user));
        }
        let blobs =
            tempfile::Builder::new().prefix("xaso-city-files-").tempdir().expect("a folder");
        let server = runtime
            .block_on(xaso_server::spawn_with(
                storage.clone(),
                loopback_any_port(),
                ServeOptions { blobs: Some(blobs.path().to_owned()), ..ServeOptions::default() },
            ))
            .expect("the city server starts");
        let addr = server.addr();
        City { runtime, storage, server: Some(server), addr, backend, blobs, db }
    }

    /// Where the server keeps its files.
    pub fn blobs_dir(&self) -> &Path {
        self.blobs.path()
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn storage(&self) -> &Storage {
        &self.storage
    }

    /// Runs a future on the city's runtime (raw HTTP calls, a proxy) from the test thread.
    pub fn block_on<F: Future>(&self, f: F) -> F::Output {
        self.runtime.block_on(f)
    }

    pub fn runtime(&self) -> &tokio::runtime::Runtime {
        &self.runtime
    }

    /// The server goes away (requests in flight finish; new connections are refused).
    pub fn stop_server(&mut self) {
        if let Some(server) = self.server.take() {
            self.runtime.block_on(server.stop()).expect("the city server stops");
        }
    }

    /// A new server process, as after a restart: the storage opened again from the same
    /// file or database, listening on the same address as before.
    pub fn start_server_again(&mut self) {
        assert!(self.server.is_none(), "stop the server before starting it again");
        self.storage = Storage::open(&self.db.url()).expect("the storage opens again");
        let options =
            ServeOptions { blobs: Some(self.blobs.path().to_owned()), ..ServeOptions::default() };
        let server = self
            .runtime
            .block_on(xaso_server::spawn_with(self.storage.clone(), self.addr, options))
            .unwrap_or_else(|e| panic!("cannot listen on {} again: {e}", self.addr));
        assert_eq!(server.addr(), self.addr);
        self.server = Some(server);
    }

    /// What the city admin does: the device stops working at once.
    pub fn revoke(&self, device: Uuid) {
        xaso_server::revoke_device(&self.storage, device).expect("the device is revoked");
    }

    /// `xaso-server user disable --name <user>`: answers how many devices it revoked.
    pub fn disable(&self, user: &str) -> usize {
        xaso_server::disable_user(&self.storage, user).expect("the user is disabled")
    }

    /// `xaso-server user enable --name <user>`.
    pub fn enable(&self, user: &str) {
        assert!(
            xaso_server::enable_user(&self.storage, user).expect("the user is enabled"),
            "{user} was not disabled"
        );
    }

    /// The devices of `user`, as `xaso-server device list --user` shows them.
    pub fn devices_of(&self, user: &str) -> Vec<xaso_server::DeviceInfo> {
        xaso_server::list_devices(&self.storage, Some(user)).expect("the device list")
    }

    /// `xaso-server backup --to <to>` while the server serves (SQLite only).
    pub fn backup(&self, to: &Path) {
        let CityDb::Sqlite(_) = &self.db else { panic!("backups are SQLite's") };
        xaso_server::history::backup_sqlite(Path::new(&self.db.url()), to).expect("a backup");
    }

    /// `xaso-server restore --from <from>`: the server stops, the backup replaces its
    /// database, and it serves again on the same address (SQLite only).
    pub fn restore(&mut self, from: &Path) {
        self.stop_server();
        xaso_server::history::restore_sqlite(Path::new(&self.db.url()), from)
            .expect("the backup is restored");
        self.start_server_again();
    }
}

impl Drop for City {
    fn drop(&mut self) {
        self.stop_server();
    }
}

fn loopback_any_port() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// A ward's (or the city's) laptop: the app's use cases (`xaso_core::App`) on a database
/// of its own.
#[derive(Debug)]
pub struct Laptop {
    pub label: String,
    app: App,
    dir: DataDir,
}

/// A laptop's data folder, which outlives the app that had it open (a restart, or the
/// CLI working on it), on a *computer*: a temp folder whose `secrets/` is that computer's
/// secret store (files, as `XASO_SECRET_STORE=file` keeps them: no keyring in tests).
#[derive(Debug, Clone)]
pub struct DataDir {
    computer: Arc<tempfile::TempDir>,
    data: PathBuf,
}

impl DataDir {
    pub fn new() -> DataDir {
        let computer =
            tempfile::Builder::new().prefix("xaso-laptop-").tempdir().expect("a temp folder");
        let data = computer.path().join("data");
        DataDir { computer: Arc::new(computer), data }
    }

    pub fn path(&self) -> &Path {
        &self.data
    }

    pub fn db_path(&self) -> PathBuf {
        self.config().db_path()
    }

    /// Where this computer keeps device secrets (outside every data folder).
    pub fn secrets_dir(&self) -> PathBuf {
        self.computer.path().join("secrets")
    }

    /// What the app and the CLI run with on this folder.
    pub fn config(&self) -> xaso_core::Config {
        xaso_core::Config { secrets_dir: self.secrets_dir(), ..xaso_core::Config::at(&self.data) }
    }

    /// The computer's secret store, as the app opens it.
    pub fn secrets(&self) -> Arc<dyn xaso_store::SecretStore> {
        Arc::new(xaso_store::FileSecrets::new(self.secrets_dir()))
    }

    /// A copy of this folder (closed: the app that had it is shut down) carried to another
    /// computer, as a person does with a USB stick.
    pub fn copy_to_another_computer(&self) -> DataDir {
        let other = DataDir::new();
        copy_folder(&self.data, &other.data);
        other
    }

    /// A copy of this folder at another path on the same computer.
    pub fn copy_beside(&self, name: &str) -> DataDir {
        let data = self.computer.path().join(name);
        copy_folder(&self.data, &data);
        DataDir { computer: Arc::clone(&self.computer), data }
    }
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("the copy's folder");
    for entry in std::fs::read_dir(from).expect("the data folder") {
        let entry = entry.expect("a file of the data folder");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("its type").is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("a file copied");
        }
    }
}

impl Default for DataDir {
    fn default() -> Self {
        DataDir::new()
    }
}

impl Laptop {
    /// The app opened on `dir`.
    pub fn open(label: &str, dir: DataDir) -> Laptop {
        let app = App::open(dir.config());
        let status = app.app_status();
        assert!(status.message.is_none(), "{label}: the app did not open: {:?}", status.message);
        Laptop { label: label.to_owned(), app, dir }
    }

    /// A new laptop past first start: `person`'s unit (the city's people pick the ward they
    /// sit in, Bến Thành), name and role, not enrolled yet.
    pub fn set_up(label: &str, person: Person) -> Laptop {
        let laptop = Laptop::open(label, DataDir::new());
        laptop
            .app
            .profile_set(ProfileSet {
                unit_code: person.unit.unwrap_or(BEN_THANH).to_owned(),
                display_name: person.display_name.to_owned(),
                role: person.role,
            })
            .unwrap_or_else(|e| panic!("{label}: first start failed: {e}"));
        laptop
    }

    /// A new laptop of `person`, enrolled with the city server at `server_url`.
    pub fn enrolled_at(label: &str, server_url: &str, person: Person) -> Laptop {
        let laptop = Laptop::set_up(label, person);
        laptop.enroll(server_url, person).unwrap_or_else(|e| panic!("{label}: enrolment: {e}"));
        laptop
    }

    /// A new laptop of `person`, enrolled with `city`.
    pub fn enrolled(label: &str, city: &City, person: Person) -> Laptop {
        Laptop::enrolled_at(label, &city.url(), person)
    }

    pub fn enroll(&self, server_url: &str, person: Person) -> Result<SyncView, ApiError> {
        self.app.sync_enroll(SyncEnroll {
            server_url: server_url.to_owned(),
            user: person.user.to_owned(),
            password: PASSWORD.to_owned(),
            device_name: format!("Laptop của {}", person.display_name),
            ca_file: None,
            allow_insecure_http: false,
        })
    }

    /// Closes the app (as when the laptop is shut down), keeping its data folder.
    pub fn shut_down(self) -> DataDir {
        let Laptop { app, dir, .. } = self;
        drop(app);
        dir
    }

    pub fn app(&self) -> &App {
        &self.app
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    // --- sync -----------------------------------------------------------------------

    /// "Sync now", which must work.
    #[track_caller]
    pub fn sync(&self) -> SyncReportView {
        self.app.sync_once().unwrap_or_else(|e| panic!("{}: sync failed: {e:?}", self.label))
    }

    pub fn try_sync(&self) -> Result<SyncReportView, ApiError> {
        self.app.sync_once()
    }

    /// What the status area shows.
    pub fn status(&self) -> SyncView {
        self.app.sync_status()
    }

    pub fn pending(&self) -> i64 {
        self.status().pending
    }

    pub fn conflicts(&self) -> Vec<ConflictView> {
        self.app.conflicts_list().unwrap_or_else(|e| panic!("{}: conflicts: {e}", self.label))
    }

    #[track_caller]
    pub fn resolve(&self, conflict_id: &str, choice: ConflictChoice) {
        self.app
            .conflict_resolve(ConflictResolve { id: conflict_id.to_owned(), choice, merged: None })
            .unwrap_or_else(|e| panic!("{}: resolving {conflict_id}: {e}", self.label));
    }

    /// The changes the server refused for good.
    pub fn refused(&self) -> Vec<DeadLetterView> {
        self.app.dead_letters_list().unwrap_or_else(|e| panic!("{}: refused: {e}", self.label))
    }

    // --- tasks ----------------------------------------------------------------------

    /// Drafts a task with every field the submission needs; answers its id.
    #[track_caller]
    pub fn draft_task(&self, name: &str) -> String {
        let saved = self
            .app
            .task_create(complete_task(name))
            .unwrap_or_else(|e| panic!("{}: drafting {name:?}: {e}", self.label));
        assert!(
            saved.task.missing.is_empty(),
            "{}: the drafted task is incomplete: {:?}",
            self.label,
            saved.task.missing
        );
        saved.task.id
    }

    /// Changes fields of the form as a person types them, and saves.
    #[track_caller]
    pub fn edit(&self, id: &str, change: impl FnOnce(&mut TaskInput)) -> TaskDetail {
        let mut input = self.task(id).input;
        change(&mut input);
        let saved = self
            .app
            .task_save(TaskSave { id: id.to_owned(), input })
            .unwrap_or_else(|e| panic!("{}: saving task {id}: {e}", self.label));
        let blocking: Vec<_> =
            saved.issues.iter().filter(|i| i.severity == xaso_core::Severity::Blocking).collect();
        assert!(blocking.is_empty(), "{}: the edit was refused: {blocking:?}", self.label);
        saved.task
    }

    pub fn move_task(
        &self,
        id: &str,
        to: TaskStatus,
        comment: &str,
    ) -> Result<TaskDetail, ApiError> {
        self.app.task_transition(TaskTransition {
            id: id.to_owned(),
            to,
            comment: comment.to_owned(),
        })
    }

    #[track_caller]
    fn must_move(&self, id: &str, to: TaskStatus, comment: &str) -> TaskDetail {
        self.move_task(id, to, comment)
            .unwrap_or_else(|e| panic!("{}: moving task {id} to {to:?}: {e}", self.label))
    }

    #[track_caller]
    pub fn submit(&self, id: &str) -> TaskDetail {
        self.must_move(id, TaskStatus::Submitted, "")
    }

    #[track_caller]
    pub fn return_with(&self, id: &str, comment: &str) -> TaskDetail {
        self.must_move(id, TaskStatus::Returned, comment)
    }

    #[track_caller]
    pub fn approve(&self, id: &str) -> TaskDetail {
        self.must_move(id, TaskStatus::Approved, "")
    }

    #[track_caller]
    pub fn task(&self, id: &str) -> TaskDetail {
        self.app
            .task_get(TaskRef { id: id.to_owned() })
            .unwrap_or_else(|e| panic!("{}: task {id} is not here: {e}", self.label))
    }

    pub fn has_task(&self, id: &str) -> bool {
        self.app.task_get(TaskRef { id: id.to_owned() }).is_ok()
    }

    /// The names of the tasks a search in the task list finds (first page).
    pub fn search(&self, words: &str) -> Vec<String> {
        let query = TaskQuery {
            status: None,
            kind: None,
            year: None,
            search: words.to_owned(),
            offset: 0,
            limit: 50,
        };
        let page = self
            .app
            .tasks_list(query)
            .unwrap_or_else(|e| panic!("{}: searching {words:?}: {e}", self.label));
        page.items.into_iter().map(|t| t.name).collect()
    }

    /// Every task on this laptop (the task list, all pages).
    pub fn tasks(&self) -> Vec<TaskSummary> {
        let mut all = Vec::new();
        loop {
            let page = self
                .app
                .tasks_list(TaskQuery {
                    status: None,
                    kind: None,
                    year: None,
                    search: String::new(),
                    offset: i64::try_from(all.len()).unwrap_or(i64::MAX),
                    limit: 200,
                })
                .unwrap_or_else(|e| panic!("{}: the task list: {e}", self.label));
            let n = page.items.len();
            all.extend(page.items);
            if n < 200 {
                return all;
            }
        }
    }

    // --- below the app: the engine's view ---------------------------------------------

    /// A second connection to this laptop's database (as the sync engine has, with the
    /// computer's secret store).
    pub fn store(&self) -> Store {
        Store::open_with(&self.dir.db_path(), self.dir.secrets())
            .unwrap_or_else(|e| panic!("{}: opening the database: {e}", self.label))
    }

    /// The device the city server enrolled this laptop as (it assigns the ids).
    pub fn device_id(&self) -> Uuid {
        xaso_store::sync::settings(self.store().conn())
            .expect("the sync settings")
            .account
            .unwrap_or_else(|| panic!("{} is not enrolled", self.label))
            .device_id
    }

    pub fn token(&self) -> DeviceToken {
        self.store()
            .sync_settings()
            .expect("the sync settings")
            .token
            .unwrap_or_else(|| panic!("{} is not enrolled", self.label))
    }

    /// The outbox, oldest first, as the engine pushes it.
    pub fn pending_ops(&self) -> Vec<Op> {
        xaso_store::sync::pending_ops(self.store().conn(), xaso_proto::MAX_BATCH)
            .expect("the outbox")
    }

    /// Partition → the last change this laptop applied from it.
    pub fn cursors(&self) -> BTreeMap<String, i64> {
        xaso_store::sync::cursors(self.store().conn()).expect("the cursors")
    }

    /// The row's version (the last change of its partition this laptop applied to it).
    pub fn row_version(&self, table: &str, id: &str) -> i64 {
        let store = self.store();
        store
            .conn()
            .query_row(&format!("SELECT version FROM {table} WHERE id = ?1"), [id], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{}: version of {table} {id}: {e}", self.label))
    }

    /// Claims a role on this laptop only (the first-start screen allows any): what a
    /// tampered laptop could do. The city server still knows who the device is.
    pub fn claim_role(&self, role: Role) {
        let profile = self.app.app_status().profile.expect("a profile");
        self.app
            .profile_set(ProfileSet {
                unit_code: profile.unit_code,
                display_name: profile.display_name,
                role,
            })
            .unwrap_or_else(|e| panic!("{}: setting the role: {e}", self.label));
    }
}

/// A task with everything the submission form requires, as a ward official fills it in.
pub fn complete_task(name: &str) -> TaskInput {
    TaskInput::example(name)
}

/// The protocol spoken by hand, with a laptop's own token: to replay a push, or to try
/// what the app would never send.
#[derive(Debug)]
pub struct RawClient<'c> {
    city: &'c City,
    remote: HttpRemote,
    token: DeviceToken,
}

impl<'c> RawClient<'c> {
    /// Speaks to `city` with `laptop`'s token.
    pub fn of(city: &'c City, laptop: &Laptop) -> RawClient<'c> {
        let remote = HttpRemote::new(&ServerConfig::new(city.url())).expect("an HTTP remote");
        RawClient { city, remote, token: laptop.token() }
    }

    pub fn push(&self, ops: Vec<Op>) -> Vec<xaso_proto::OpResult> {
        let request = xaso_proto::PushRequest { ops };
        self.city
            .block_on(self.remote.push(&self.token, &request))
            .unwrap_or_else(|e| panic!("a raw push failed: {e}"))
            .results
    }

    pub fn pull(&self, cursors: BTreeMap<String, i64>) -> xaso_proto::PullResponse {
        let request =
            PullRequest { cursors, limit: xaso_proto::MAX_BATCH as u32, ..Default::default() };
        self.city
            .block_on(self.remote.pull(&self.token, &request))
            .unwrap_or_else(|e| panic!("a raw pull failed: {e}"))
    }

    /// Everything this token may read, from the start: partition → its changes.
    pub fn pull_everything(&self) -> BTreeMap<String, Vec<Change>> {
        let mut cursors = BTreeMap::new();
        let mut out: BTreeMap<String, Vec<Change>> = BTreeMap::new();
        loop {
            let answer = self.pull(cursors.clone());
            for page in answer.pages {
                cursors.insert(page.partition.clone(), page.cursor);
                out.entry(page.partition).or_default().extend(page.changes);
            }
            if !answer.more {
                return out;
            }
        }
    }
}

/// Builds an op as a client would write it to its outbox.
pub fn field_op(
    partition: &str,
    table: &str,
    row_id: &str,
    field: &str,
    value: serde_json::Value,
    base_version: i64,
) -> Op {
    let now = u64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0),
    )
    .unwrap_or(0);
    let hlc = xaso_domain::Hlc { wall_ms: now, counter: 0 }.to_string();
    Op::new(partition, table, row_id, field, value, base_version, hlc)
}

/// A TCP proxy in front of the city server, on `127.0.0.1`. It counts the bytes each way
/// and, while holding, forwards requests but keeps the server's answers from the client
/// (a connection that dies after the server did the work, before the client heard).
#[derive(Debug)]
pub struct Proxy {
    addr: SocketAddr,
    state: Arc<ProxyState>,
    task: tokio::task::JoinHandle<()>,
}

#[derive(Debug, Default)]
struct ProxyState {
    hold: AtomicBool,
    up: AtomicU64,
    down: AtomicU64,
    held: AtomicU64,
}

impl Proxy {
    pub fn start(city: &City) -> Proxy {
        let upstream = city.addr();
        let state = Arc::new(ProxyState::default());
        let listener = city
            .block_on(tokio::net::TcpListener::bind(loopback_any_port()))
            .expect("the proxy listens");
        let addr = listener.local_addr().expect("the proxy's address");
        let shared = Arc::clone(&state);
        let task = city.runtime().spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let state = Arc::clone(&shared);
                tokio::spawn(async move {
                    if let Ok(server) = tokio::net::TcpStream::connect(upstream).await {
                        relay(client, server, state).await;
                    }
                });
            }
        });
        Proxy { addr, state, task }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// From now on, new connections get no answers (the server still gets the requests).
    pub fn hold_answers(&self) {
        self.state.hold.store(true, Ordering::SeqCst);
    }

    /// From now on, new connections work normally.
    pub fn pass_answers(&self) {
        self.state.hold.store(false, Ordering::SeqCst);
    }

    /// Bytes of answers the server sent that the client never got.
    pub fn held_bytes(&self) -> u64 {
        self.state.held.load(Ordering::SeqCst)
    }

    /// Bytes client → server and server → client (forwarded), so far.
    pub fn bytes(&self) -> (u64, u64) {
        (self.state.up.load(Ordering::SeqCst), self.state.down.load(Ordering::SeqCst))
    }

    /// Waits until the server has answered something the client did not get.
    pub fn wait_for_held_answer(&self, timeout: Duration) -> anyhow::Result<()> {
        let start = Instant::now();
        while self.held_bytes() == 0 {
            if start.elapsed() > timeout {
                bail!("the server sent no answer within {timeout:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(())
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn relay(
    client: tokio::net::TcpStream,
    server: tokio::net::TcpStream,
    state: Arc<ProxyState>,
) {
    let hold = state.hold.load(Ordering::SeqCst);
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let up_state = Arc::clone(&state);
    let up = async move {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match client_read.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    up_state.up.fetch_add(n as u64, Ordering::SeqCst);
                    if server_write.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
            }
        }
        let _ = server_write.shutdown().await;
    };
    let down = async move {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match server_read.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) if hold => {
                    state.held.fetch_add(n as u64, Ordering::SeqCst);
                }
                Ok(n) => {
                    state.down.fetch_add(n as u64, Ordering::SeqCst);
                    if client_write.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
            }
        }
        if !hold {
            let _ = client_write.shutdown().await;
        } else {
            // Keep the client waiting, as a connection that died silently would.
            std::future::pending::<()>().await;
        }
    };
    tokio::join!(up, down);
}

/// The `xaso` CLI: the one named by `XASO_CLI_BIN`, else built here (see
/// [`crate::built_binary`]).
pub fn build_cli() -> anyhow::Result<PathBuf> {
    crate::built_binary("XASO_CLI_BIN", "xaso-cli", "xaso")
}

/// `xaso --data-dir <dir> <args>`, isolated from this machine's configuration (the
/// secrets in the test computer's files, as the app on that folder has them).
pub fn cli_command(binary: &Path, dir: &DataDir, args: &[&str]) -> Command {
    let mut command = Command::new(binary);
    command
        .arg("--data-dir")
        .arg(dir.path())
        .args(args)
        .env("XASO_CONFIG", dir.path().join("no-config.toml"))
        .env("XASO_SECRET_STORE", "file")
        .env("XASO_SECRETS_DIR", dir.secrets_dir())
        .env_remove("XASO_DATA_DIR")
        .env_remove("XASO_DEMO")
        .stdin(Stdio::null());
    command
}

/// Runs a scenario `fn name(backend: Backend)` as two tests, `name::sqlite` and
/// `name::postgres`. The PostgreSQL one fails (never skips) when `XASO_TEST_POSTGRES` is
/// unset.
#[macro_export]
macro_rules! on_both_backends {
    ($($scenario:ident),* $(,)?) => {$(
        mod $scenario {
            #[test]
            fn sqlite() {
                super::$scenario($crate::sync_harness::Backend::Sqlite)
            }

            #[test]
            fn postgres() {
                super::$scenario($crate::sync_harness::Backend::Postgres)
            }
        }
    )*};
}
