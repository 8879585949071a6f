//! Storage behind one trait: what the server reads and writes, as transactions over
//! [`Tx`], with an embedded SQLite backend ([`crate::sqlite`]) and a PostgreSQL backend
//! ([`crate::postgres`]) that are only SQL. Push, pull, auth and admin are written once,
//! against [`Tx`].
//!
//! Database work never runs on the async executor: a [`Storage`] owns a few worker
//! threads, each with its own connection, and hands them closures. A closure may run more
//! than once (the backend retries a transaction that lost a race: SQLite busy, a
//! PostgreSQL serialization failure or deadlock), so it is `FnMut` and must not have side
//! effects outside the transaction.
//!
//! The sync tables are read and written in batches (`op_results`, `fields`, `write`…)
//! rather than row by row: one push of 1 000 ops is a handful of statements, which is what
//! keeps PostgreSQL, where each statement is a round trip, above 10 000 changes a second.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use uuid::Uuid;
use xaso_domain::{Role, Unit};

/// What can go wrong below the HTTP layer. The HTTP layer logs these and answers 500
/// without the details.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] postgres::Error),
    #[error(
        "cơ sở dữ liệu có lược đồ phiên bản {found}, mới hơn phiên bản máy chủ này biết ({known}); \
         hãy cập nhật xaso-server / the database has schema version {found}, newer than this \
         server knows ({known}); update xaso-server"
    )]
    NewerSchema { found: i64, known: i64 },
    #[error("dữ liệu lưu trữ không hợp lệ / stored data is not valid: {0}")]
    Corrupt(String),
    #[error("không mở được cơ sở dữ liệu / cannot open the database: {0}")]
    Open(String),
    #[error("kho dữ liệu đã đóng / the storage is closed")]
    Closed,
}

impl StoreError {
    /// A transaction that failed only because another one got there first; running it
    /// again is the fix.
    fn is_retryable(&self) -> bool {
        match self {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => matches!(
                e.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ),
            StoreError::Postgres(e) => {
                use postgres::error::SqlState;
                e.code().is_some_and(|c| {
                    [SqlState::T_R_SERIALIZATION_FAILURE, SqlState::T_R_DEADLOCK_DETECTED]
                        .contains(c)
                        // Two pushes creating the same row id, or the same new partition, in
                        // parallel: the retry sees the other's row and answers accordingly.
                        || *c == SqlState::UNIQUE_VIOLATION
                })
            }
            _ => false,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Whether a transaction only reads (pull, auth lookups: a consistent snapshot, run in
/// parallel) or also writes (push, enroll, admin: serialized where they must be).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// An account as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: Uuid,
    pub name: String,
    pub display_name: String,
    pub role: Role,
    /// The unit's code for unit roles; `None` for city roles.
    pub unit: Option<String>,
    /// Argon2 PHC string.
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
    /// Set by `user disable`: the user may not enrol and no token of theirs works.
    pub disabled_at: Option<DateTime<Utc>>,
}

/// Never prints the password hash.
impl fmt::Debug for UserRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserRecord")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("role", &self.role)
            .field("unit", &self.unit)
            .field("disabled_at", &self.disabled_at)
            .finish_non_exhaustive()
    }
}

/// An enrolled installation of the app.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceRecord {
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    /// SHA-256 (hex) of the device's token; `None` once signed out. A revoked device
    /// keeps it, no longer accepted, so that its laptop is told why (see [`Revocation`]).
    pub token_hash: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// Why it was revoked: set exactly when `revoked_at` is.
    pub revoked_reason: Option<Revocation>,
}

impl DeviceRecord {
    /// Whether its token (if it still has one) is accepted: not signed out, not revoked.
    pub fn signed_in(&self) -> bool {
        self.token_hash.is_some() && self.revoked_at.is_none()
    }

    /// Why it was revoked, if it was (a row revoked before reasons were kept counts as
    /// revoked by the admin).
    pub fn revocation(&self) -> Option<Revocation> {
        self.revoked_at.map(|_| self.revoked_reason.unwrap_or(Revocation::Device))
    }
}

/// Why a device was revoked. Only [`Revocation::Device`] keeps the installation from
/// enrolling again: the others end a token, not a laptop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Revocation {
    /// The admin revoked this device (`device revoke`): a lost or stolen laptop.
    Device,
    /// Its user was disabled (`user disable`).
    AccountDisabled,
    /// Its user's password was reset (`user reset-password`).
    PasswordReset,
    /// The same installation enrolled again and was given a new device.
    Replaced,
}

impl Revocation {
    pub fn as_str(self) -> &'static str {
        match self {
            Revocation::Device => "device",
            Revocation::AccountDisabled => "account_disabled",
            Revocation::PasswordReset => "password_reset",
            Revocation::Replaced => "replaced",
        }
    }

    pub fn parse(s: &str) -> Result<Revocation> {
        [
            Revocation::Device,
            Revocation::AccountDisabled,
            Revocation::PasswordReset,
            Revocation::Replaced,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
        .ok_or_else(|| StoreError::Corrupt(format!("unknown revocation reason {s:?}")))
    }
}

/// Never prints the token hash.
impl fmt::Debug for DeviceRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceRecord")
            .field("id", &self.id)
            .field("user_id", &self.user_id)
            .field("name", &self.name)
            .field("revoked_at", &self.revoked_at)
            .field("revoked_reason", &self.revoked_reason)
            .finish_non_exhaustive()
    }
}

/// A device as the admin's list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceInfo {
    pub id: Uuid,
    pub name: String,
    pub user: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// Why it was revoked (with `revoked_at`).
    pub revoked_reason: Option<Revocation>,
    /// Whether the device holds a token that works now.
    pub signed_in: bool,
}

/// Failed sign-ins in a row of one account name or one client address
/// ([`crate::throttle`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignInFailures {
    /// `account` or `address`.
    pub kind: String,
    /// The account name as typed (names that do not exist count too), or the IP address.
    pub key: String,
    pub failures: i64,
    pub last_failure_at: DateTime<Utc>,
    /// When the lockout threshold was reached; only an admin's unlock clears it.
    pub locked_at: Option<DateTime<Utc>>,
}

/// A synced row: its table and id.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowKey {
    pub tbl: String,
    pub row_id: String,
}

/// One field of a synced row.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldKey {
    pub tbl: String,
    pub row_id: String,
    pub field: String,
}

/// The current value of a field and who wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldState {
    /// JSON text.
    pub value: String,
    /// The partition sequence number of the change that wrote it.
    pub version: i64,
    pub hlc: String,
    pub device_id: Uuid,
    pub actor: String,
}

/// One stored change of a partition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeRecord {
    pub partition: String,
    pub seq: i64,
    pub tbl: String,
    pub row_id: String,
    pub field: String,
    /// JSON text.
    pub value: String,
    pub hlc: String,
    pub device_id: Uuid,
    pub actor: String,
    /// `None` for changes the server made itself (conflict records).
    pub op_id: Option<Uuid>,
    /// Whether the value is exactly what the device sent (nothing stamped, the clock not
    /// bounded): that device holds it already, and a pull may leave it out for it.
    pub as_sent: bool,
}

/// A row created since schema 5: its creation change, whose value (the whole row) still
/// holds every field not edited since (an edited field has its own `fields` row).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Creation {
    pub seq: i64,
    /// JSON text of the row as created.
    pub value: String,
    pub hlc: String,
    pub device_id: Uuid,
    pub actor: String,
}

/// A new row: its key, partition, and the sequence number of its creation change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRow {
    pub key: RowKey,
    pub partition: String,
    pub created_seq: i64,
}

/// Changes a device says it holds already (its own, from the answers to its pushes),
/// as ranges of sequence numbers of one partition. A pull leaves out a change in them
/// only if that device stored it exactly as sent (`ChangeRecord::as_sent`), so a claim
/// can never hide another's change, nor one the server altered.
#[derive(Clone, Copy, Debug)]
pub struct Held<'a> {
    pub device: Uuid,
    /// Inclusive `(first, last)` ranges, in order, not overlapping.
    pub ranges: &'a [(i64, i64)],
}

impl Held<'_> {
    /// Whether a change (its seq, device and `as_sent`) may be left out.
    pub fn holds(&self, seq: i64, device: Uuid, as_sent: bool) -> bool {
        as_sent
            && device == self.device
            && !device.is_nil()
            && self
                .ranges
                .binary_search_by(|(first, last)| {
                    if *last < seq {
                        std::cmp::Ordering::Less
                    } else if *first > seq {
                        std::cmp::Ordering::Greater
                    } else {
                        std::cmp::Ordering::Equal
                    }
                })
                .is_ok()
    }

    /// How many held changes there may be after `after` (bounded: the most a pull scans
    /// past without sending).
    fn after(&self, after: i64) -> i64 {
        let n: i64 = self
            .ranges
            .iter()
            .filter(|(_, last)| *last > after)
            .map(|(first, last)| last - (*first).max(after + 1) + 1)
            .sum();
        n.min(MAX_HELD_SCAN)
    }
}

/// The most held changes one pull scans past (a laptop's first push of 100 000 rows
/// costs its next pulls a scan of them, never one unbounded read).
pub const MAX_HELD_SCAN: i64 = 100_000;

/// A page of changes, and the last sequence number it covers (which may be beyond its
/// last change when held changes were left out).
#[derive(Clone, Debug, Default)]
pub struct ChangesPage {
    pub changes: Vec<ChangeRecord>,
    /// `after` when nothing was read.
    pub end: i64,
}

/// The first pass of reading a page: the backends stream `(seq, length of value, device,
/// as_sent)` of the changes after the cursor, in order, and this decides which belong in
/// the page: at most `limit` of them and values of at most `max_bytes` (the first change
/// always), leaving out the held ones.
pub(crate) struct PageScan<'a> {
    limit: usize,
    max_bytes: usize,
    held: Held<'a>,
    bytes: usize,
    /// The changes in the page (in order).
    pub taken: Vec<i64>,
    /// The last seq covered so far.
    pub end: i64,
    /// Held changes left out (in order).
    pub skipped: Vec<i64>,
}

impl<'a> PageScan<'a> {
    pub fn new(after: i64, limit: usize, max_bytes: usize, held: Held<'a>) -> PageScan<'a> {
        PageScan {
            limit,
            max_bytes,
            held,
            bytes: 0,
            taken: Vec::new(),
            end: after,
            skipped: Vec::new(),
        }
    }

    /// The most rows the first pass reads.
    pub fn scan_limit(&self, after: i64) -> i64 {
        i64::try_from(self.limit).unwrap_or(i64::MAX).saturating_add(self.held.after(after))
    }

    /// Takes the next change into the page; `false` when the page is full without it.
    pub fn next(&mut self, seq: i64, len: usize, device: Uuid, as_sent: bool) -> bool {
        if self.held.holds(seq, device, as_sent) {
            self.skipped.push(seq);
            self.end = seq;
            return true;
        }
        if self.taken.len() >= self.limit {
            return false;
        }
        self.bytes = self.bytes.saturating_add(len);
        if !self.taken.is_empty() && self.bytes > self.max_bytes {
            return false;
        }
        self.taken.push(seq);
        self.end = seq;
        true
    }

    /// Whether the change `seq` (within `..=end`) was left out.
    pub fn is_skipped(&self, seq: i64) -> bool {
        self.skipped.binary_search(&seq).is_ok()
    }
}

/// Everything one push writes, gathered so a backend can write it in a few statements.
#[derive(Clone, Debug, Default)]
pub struct Writes {
    /// New rows, their partition and creation change.
    pub rows: Vec<NewRow>,
    /// Final state of every field the push changed (each key once).
    pub fields: Vec<(FieldKey, FieldState)>,
    pub changes: Vec<ChangeRecord>,
    /// op id → the answer given (JSON of `xaso_proto::OpResult`), in the scope of
    /// `ops_user`.
    pub ops: Vec<(Uuid, String)>,
    /// The account whose op ids `ops` are.
    pub ops_user: Uuid,
    /// The new last sequence number of every partition the push wrote to.
    pub last_seqs: Vec<(String, i64)>,
}

/// One database transaction. Every method is plain SQL in each backend; the rules live
/// in `push`, `pull`, `auth` and `admin`.
pub trait Tx {
    /// Inserts or renames units; answers how many rows were written.
    fn upsert_units(&mut self, units: &[Unit]) -> Result<usize>;
    fn unit_exists(&mut self, code: &str) -> Result<bool>;

    fn user_by_name(&mut self, name: &str) -> Result<Option<UserRecord>>;
    fn insert_user(&mut self, user: &UserRecord) -> Result<()>;
    /// Answers whether the user exists.
    fn set_password_hash(&mut self, name: &str, hash: &str) -> Result<bool>;
    fn users(&mut self) -> Result<Vec<UserRecord>>;

    fn device(&mut self, id: Uuid) -> Result<Option<DeviceRecord>>;
    /// Inserts the device or replaces every column of it.
    fn save_device(&mut self, device: &DeviceRecord) -> Result<()>;
    /// Devices with their user's name, optionally of one user only, oldest first.
    fn devices(&mut self, user: Option<&str>) -> Result<Vec<DeviceInfo>>;
    /// The device holding this token, and its user, revoked or not (the caller says why a
    /// token is refused).
    fn session(&mut self, token_hash: &str) -> Result<Option<(DeviceRecord, UserRecord)>>;
    /// Sets `last_seen_at`, unless it is already later than `now - 1 min` (keeps every
    /// request from being a write).
    fn touch_device(&mut self, id: Uuid, now: DateTime<Utc>) -> Result<()>;
    /// Sets or clears the user's `disabled_at`.
    fn set_disabled(&mut self, user: Uuid, at: Option<DateTime<Utc>>) -> Result<()>;
    /// Revokes every signed-in device of `user` (not yet revoked, holding a token) at `at`
    /// for `why`; answers how many.
    fn revoke_devices(&mut self, user: Uuid, at: DateTime<Utc>, why: Revocation) -> Result<usize>;

    /// Creates the partitions that do not exist yet, locks all of them against other
    /// pushes until the end of the transaction (in name order, so two pushes never wait
    /// for each other crosswise), and answers each one's last sequence number.
    fn lock_partitions(&mut self, names: &[String]) -> Result<BTreeMap<String, i64>>;
    /// Every partition with its last sequence number.
    fn partitions(&mut self) -> Result<BTreeMap<String, i64>>;
    /// The stored answers of `user`'s ops already seen, among `ids` (op ids are scoped
    /// by account: another account's op of the same id is not seen).
    fn op_results(&mut self, user: Uuid, ids: &[Uuid]) -> Result<HashMap<Uuid, String>>;
    /// The partition of each existing row among `keys`.
    fn row_partitions(&mut self, keys: &[RowKey]) -> Result<HashMap<RowKey, String>>;
    /// The stored state of each field among `keys` that has been edited since its row
    /// was created (or was created before schema 5); the others are in [`Tx::creations`].
    fn fields(&mut self, keys: &[FieldKey]) -> Result<HashMap<FieldKey, FieldState>>;
    /// The creation change of each row among `keys` created since schema 5.
    fn creations(&mut self, keys: &[RowKey]) -> Result<HashMap<RowKey, Creation>>;
    fn write(&mut self, writes: &Writes) -> Result<()>;
    /// Up to `limit` changes of `partition` with a sequence number after `after`, in
    /// order, stopping before the values' text passes `max_bytes` (the first change is
    /// always included), leaving out those `held` (see [`PageScan`]): the database
    /// measures, so a page of large values is never read whole into memory.
    fn changes_since(
        &mut self,
        partition: &str,
        after: i64,
        limit: usize,
        max_bytes: usize,
        held: Held<'_>,
    ) -> Result<ChangesPage>;

    /// The failed sign-ins of `kind`/`key`; with `for_update` (write transactions only),
    /// locked against other writers until the end of the transaction.
    fn sign_in_failures(
        &mut self,
        kind: &str,
        key: &str,
        for_update: bool,
    ) -> Result<Option<SignInFailures>>;
    /// Inserts the record or replaces every column of it.
    fn save_sign_in_failures(&mut self, record: &SignInFailures) -> Result<()>;
    /// Forgets `kind`/`key` (a success, an admin's unlock); answers whether there was a
    /// record.
    fn clear_sign_in_failures(&mut self, kind: &str, key: &str) -> Result<bool>;
    /// Forgets every record not locked whose last failure is before `before`; answers
    /// how many.
    fn forget_sign_in_failures(&mut self, before: DateTime<Utc>) -> Result<usize>;

    /// A fact of the server's own (`server_meta`).
    fn meta(&mut self, key: &str) -> Result<Option<String>>;
    fn set_meta(&mut self, key: &str, value: &str) -> Result<()>;
}

/// One connection of a backend, owned by one worker thread.
pub(crate) trait Connection: Send {
    /// Runs `f` in one transaction: committed when it returns `Ok`, rolled back otherwise.
    fn transaction(
        &mut self,
        access: Access,
        f: &mut dyn FnMut(&mut dyn Tx) -> Result<()>,
    ) -> Result<()>;
    /// Whether the connection is dead (the database restarted) and must be replaced.
    fn is_broken(&self) -> bool;
}

type Job = Box<dyn FnOnce(&mut dyn Connection) + Send>;
type Connect = Arc<dyn Fn() -> Result<Box<dyn Connection>> + Send + Sync>;

/// The server's database: SQLite file or PostgreSQL, behind worker threads. Cheap to
/// clone; the workers stop when the last clone is dropped.
#[derive(Clone)]
pub struct Storage {
    inner: Arc<Inner>,
}

struct Inner {
    /// What was opened, password removed.
    description: String,
    writes: mpsc::Sender<Job>,
    reads: mpsc::Sender<Job>,
}

impl Storage {
    /// What was opened (`sqlite:<path>` or the PostgreSQL URL), password removed.
    pub(crate) fn description(&self) -> &str {
        &self.inner.description
    }
}

impl fmt::Debug for Storage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Storage").field("database", &self.inner.description).finish()
    }
}

impl Storage {
    /// Starts the workers: `writers` threads take write transactions, `readers` threads
    /// read-only ones (a backend where both may go anywhere passes the same number and
    /// gets one queue). Every worker connects before this returns, so a bad URL fails
    /// here.
    pub(crate) fn start(
        description: String,
        connect: Connect,
        writers: usize,
        readers: usize,
        shared_queue: bool,
    ) -> Result<Storage> {
        let (wtx, wrx) = mpsc::channel::<Job>();
        let wrx = Arc::new(Mutex::new(wrx));
        let (rtx, rrx) = if shared_queue {
            (wtx.clone(), Arc::clone(&wrx))
        } else {
            let (rtx, rrx) = mpsc::channel::<Job>();
            (rtx, Arc::new(Mutex::new(rrx)))
        };
        let (ready_tx, ready_rx) = mpsc::channel::<Result<()>>();
        let queues = std::iter::repeat_n(&wrx, writers).chain(std::iter::repeat_n(&rrx, readers));
        let mut started = 0;
        for (i, queue) in queues.enumerate() {
            let queue = Arc::clone(queue);
            let connect = Arc::clone(&connect);
            let ready = ready_tx.clone();
            std::thread::Builder::new()
                .name(format!("xaso-db-{i}"))
                .spawn(move || worker(queue, connect, ready))
                .map_err(|e| StoreError::Open(format!("worker thread: {e}")))?;
            started += 1;
        }
        drop(ready_tx);
        for _ in 0..started {
            ready_rx.recv().map_err(|_| StoreError::Closed)??;
        }
        Ok(Storage { inner: Arc::new(Inner { description, writes: wtx, reads: rtx }) })
    }

    fn submit(&self, access: Access, job: Job) -> Result<()> {
        let queue = match access {
            Access::Read => &self.inner.reads,
            Access::Write => &self.inner.writes,
        };
        queue.send(job).map_err(|_| StoreError::Closed)
    }

    /// Runs `f` in one transaction on a worker thread and awaits its answer. `f` may run
    /// more than once (see the module doc).
    pub async fn run<T, F>(&self, access: Access, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnMut(&mut dyn Tx) -> Result<T> + Send + 'static,
    {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.submit(
            access,
            Box::new(move |conn| {
                let _ = tx.send(execute(conn, access, f));
            }),
        )?;
        rx.await.map_err(|_| StoreError::Closed)?
    }

    /// [`Storage::run`] for code that is not async (the admin commands). Blocks the
    /// calling thread until the worker answers.
    pub fn run_blocking<T, F>(&self, access: Access, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnMut(&mut dyn Tx) -> Result<T> + Send + 'static,
    {
        let (tx, rx) = mpsc::channel();
        self.submit(
            access,
            Box::new(move |conn| {
                let _ = tx.send(execute(conn, access, f));
            }),
        )?;
        rx.recv().map_err(|_| StoreError::Closed)?
    }
}

/// A worker: connects, says it is ready, then runs jobs until the storage is dropped.
/// A connection that broke (the database restarted) is replaced before the next job.
fn worker(
    queue: Arc<Mutex<mpsc::Receiver<Job>>>,
    connect: Connect,
    ready: mpsc::Sender<Result<()>>,
) {
    let mut conn = match connect() {
        Ok(conn) => {
            let _ = ready.send(Ok(()));
            conn
        }
        Err(e) => {
            let _ = ready.send(Err(e));
            return;
        }
    };
    drop(ready);
    loop {
        let job = {
            let queue = queue.lock().unwrap_or_else(PoisonError::into_inner);
            queue.recv()
        };
        let Ok(job) = job else { return };
        if conn.is_broken() {
            match connect() {
                Ok(fresh) => conn = fresh,
                Err(e) => tracing::error!(error = %e, "cannot reconnect to the database"),
            }
        }
        job(&mut *conn);
    }
}

/// Runs `f` in a transaction, again after a lost race (a few times, backing off).
fn execute<T>(
    conn: &mut dyn Connection,
    access: Access,
    mut f: impl FnMut(&mut dyn Tx) -> Result<T>,
) -> Result<T> {
    const ATTEMPTS: u32 = 6;
    let mut attempt = 0;
    loop {
        let mut out = None;
        let result = conn.transaction(access, &mut |tx| {
            out = Some(f(tx)?);
            Ok(())
        });
        match result {
            Ok(()) => {
                return out
                    .ok_or_else(|| StoreError::Corrupt("the transaction answered nothing".into()));
            }
            Err(e) if e.is_retryable() && attempt + 1 < ATTEMPTS => {
                attempt += 1;
                tracing::debug!(error = %e, attempt, "transaction retried");
                std::thread::sleep(Duration::from_millis(2u64 << attempt));
            }
            Err(e) => return Err(e),
        }
    }
}

/// A database URL without its password, for logs and `Debug`.
pub(crate) fn redact(target: &str) -> String {
    match (target.find("://"), target.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &target[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &target[..scheme + 3], &target[at..]),
                None => target.to_owned(),
            }
        }
        _ => target.to_owned(),
    }
}

/// A migration: its number and SQL.
pub(crate) type Migration = (i64, &'static str);

/// The schema version a set of migrations brings a database to.
pub(crate) fn latest(migrations: &[Migration]) -> i64 {
    migrations.iter().map(|(v, _)| *v).max().unwrap_or(0)
}

pub(crate) fn parse_role(s: &str) -> Result<Role> {
    Role::parse(s).ok_or_else(|| StoreError::Corrupt(format!("unknown role {s:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_their_password() {
        assert_eq!(
            redact("postgres://xaso:secret@127.0.0.1/db"),
            "postgres://xaso:***@127.0.0.1/db"
        );
        assert_eq!(redact("postgres://xaso@host/db"), "postgres://xaso@host/db");
        assert_eq!(redact("./xaso-server.sqlite3"), "./xaso-server.sqlite3");
    }
}
