//! The sync use cases: enrolment, the status area, "sync now", the conflicts inbox and the
//! refused changes, over `xaso-sync` (the engine and its background worker).
//!
//! Decisions:
//! - The engine works on **its own connection** to the database file ([`LocalStore`]);
//!   WAL lets the window's connection read and write meanwhile, so a slow network never
//!   holds the UI.
//! - The core owns a small Tokio runtime for it, created on first use. Blocking calls
//!   (enrol, a CLI round) run on that runtime from a scoped thread, so they work whether
//!   the caller is plain code (the CLI) or already inside another runtime (Tauri).
//! - The background worker runs only in the desktop app ([`App::start_sync_worker`]);
//!   the CLI syncs when told to.
//! - Roles come from the city server once enrolled: enrolment writes the granted role,
//!   name and unit into the profile, replacing what the first-start screen declared.
//! - Every command that wrote to the database nudges the worker (see `App::with_session`),
//!   so local changes leave soon after they are made.

pub mod api;
mod live;
pub(crate) mod runtime;

use std::sync::Arc;

use chrono::Utc;
use serde_json::Value as Json;
use xaso_domain::{Bilingual, Locale, Money, TaskStatus, UnitCode};
use xaso_store::conflicts::{self, KeepChoice};
use xaso_store::{dead_letters, feed, outbox, set_aside, units};
use xaso_sync::files::{FileWorker, FileWorkerConfig};
use xaso_sync::{
    ConfigError, Credentials, HttpRemote, LocalStore, ServerConfig, SyncError, Worker,
    WorkerConfig, WorkerHandle,
};

use crate::app::{App, Session, set_profile};
use crate::error::Failure;
use crate::error::{ApiError, ErrorCode};
use crate::sync::api::*;
use crate::sync::runtime::{Engine, block_on};

/// How long "Sync now" waits for its round before answering with the status as it is.
const SYNC_NOW_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

impl App {
    fn engine(&self) -> Result<&Engine, ApiError> {
        let engine = self.sync_runtime().inner.get_or_init(|| {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .thread_name("xaso-sync")
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            let db = LocalStore::open(&self.config().db_path(), self.secrets())
                .map_err(|e| e.to_string())?;
            Ok(Engine { runtime, db })
        });
        engine.as_ref().map_err(|why| {
            ApiError::new(
                ErrorCode::Internal,
                &Bilingual::new(
                    format!("Không khởi động được bộ đồng bộ: {why}"),
                    format!("Cannot start the sync engine: {why}"),
                ),
                self.locale(),
            )
        })
    }

    /// Starts the background worker (the desktop app calls this once at start).
    pub fn start_sync_worker(&self) -> Result<(), ApiError> {
        let engine = self.engine()?;
        let mut slot = self.sync_runtime().worker.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_none() {
            let _entered = engine.runtime.enter();
            let worker =
                WorkerConfig { period: self.config().sync_period, ..WorkerConfig::default() };
            let handle =
                Worker::start_with(engine.db.clone(), worker).map_err(|e| self.sync_error(&e))?;
            let config =
                FileWorkerConfig { rounds: Some(handle.subscribe()), ..self.file_worker_config() };
            *slot = Some(handle);
            let files =
                FileWorker::start(engine.db.clone(), config).map_err(|e| self.sync_error(&e))?;
            *self.sync_runtime().file_worker.lock().unwrap_or_else(|p| p.into_inner()) =
                Some(files);
        }
        Ok(())
    }

    fn file_worker_config(&self) -> FileWorkerConfig {
        FileWorkerConfig {
            blobs: xaso_sync::BlobDir::new(self.config().data_dir.join("blobs")),
            board: self.sync_runtime().file_board(),
            text_of: Arc::new(|_sha, path| crate::training::files::extract_text_sniffed(path)),
            idle: std::time::Duration::from_secs(60),
            backoff: xaso_sync::Backoff::default(),
            rounds: None,
        }
    }

    /// Moves the files of training materials once, waiting for it (the CLI, tests): what
    /// the app's file worker does in the background.
    pub fn move_files_now(&self) -> Result<(), ApiError> {
        let engine = self.engine()?;
        let config = self.file_worker_config();
        block_on(engine, xaso_sync::files::move_files_once(&engine.db, &config)).map_err(|m| {
            ApiError::new(ErrorCode::FileFailed, &Bilingual::new(m.vi, m.en), self.locale())
        })
    }

    /// Stops the background worker (a request in flight is dropped and re-sent later).
    pub fn stop_sync_worker(&self) {
        if let Some(worker) =
            self.sync_runtime().worker.lock().unwrap_or_else(|p| p.into_inner()).take()
        {
            worker.stop();
        }
        if let Some(files) =
            self.sync_runtime().file_worker.lock().unwrap_or_else(|p| p.into_inner()).take()
        {
            files.stop();
        }
    }

    /// The status area: from the running worker in the app, else from what the database
    /// remembers (the CLI). Never blocks on the network and never fails: an unreadable
    /// store shows as not enrolled.
    pub fn sync_status(&self) -> SyncView {
        let mut view = match self.worker() {
            Some(worker) => self.view_of(worker.status()),
            None => self.with_session(|s| Ok(idle_view(s))).unwrap_or_else(|_| empty_view()),
        };
        view.store_damaged = self.is_broken();
        if view.account.is_none() {
            view.previous_account = self
                .with_session(|s| {
                    let previous = s.store.sync_settings().ok().and_then(|st| st.previous_account);
                    Ok(previous.map(|a| named_account(s, a)))
                })
                .ok()
                .flatten();
        }
        view
    }

    /// Syncs now and waits for the round (the "Sync now" button stays busy until it is
    /// done, then the status tells how it went): through the worker in the app, directly
    /// without one (the CLI). A failed round is reported in the status, not as an error.
    pub fn sync_now(&self) -> Result<SyncView, ApiError> {
        let worker = self.worker();
        match worker {
            Some(worker) => {
                let engine = self.engine()?;
                let round = block_on(engine, async {
                    tokio::time::timeout(SYNC_NOW_TIMEOUT, worker.sync_now_and_wait()).await
                });
                if let Ok(Err(problem)) = round {
                    tracing::info!(code = %problem.code, "sync now: the round failed");
                }
            }
            None => {
                if let Err(e) = self.sync_once() {
                    tracing::info!(error = %e.message, "sync now: the round failed");
                }
            }
        }
        Ok(self.sync_status())
    }

    fn worker(&self) -> Option<WorkerHandle> {
        self.sync_runtime().worker.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// One round, push then pull, waiting for it (the CLI's `xaso sync`, tests).
    pub fn sync_once(&self) -> Result<SyncReportView, ApiError> {
        let engine = self.engine()?;
        let outcome = block_on(engine, async {
            let server =
                xaso_sync::enrolled_server(&engine.db).await?.ok_or(SyncError::NotEnrolled)?;
            let remote = HttpRemote::new(&server).map_err(|e| SyncError::Config(Arc::new(e)))?;
            // It records the outcome (last success, or the problem) for the status itself.
            xaso_sync::sync_once(&engine.db, &remote).await
        });
        let report = outcome.map_err(|e| self.sync_error(&e))?;
        let to_i64 = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        let text = Bilingual::new(
            format!(
                "Đã gửi {} thay đổi ({} xung đột, {} bị từ chối), nhận {} thay đổi.",
                report.pushed, report.conflicts, report.rejected, report.pulled
            ),
            format!(
                "Sent {} changes ({} conflicts, {} refused), received {}.",
                report.pushed, report.conflicts, report.rejected, report.pulled
            ),
        );
        Ok(SyncReportView {
            pushed: to_i64(report.pushed),
            conflicts: to_i64(report.conflicts),
            refused: to_i64(report.rejected),
            pulled: to_i64(report.pulled),
            summary: text.get(self.locale()).to_owned(),
        })
    }

    /// Enrols this laptop with the city server: checks the form (`validation` with the
    /// field for an empty field, a bad URL, plain `http://` to another computer
    /// unconfirmed, or an unreadable CA file), sends the user's name and password once,
    /// keeps the device token in the secret store, and replaces the profile with the role,
    /// name and unit the city granted. Server refusals and network failures are
    /// `sync_failed` with the reason in words. Starts a round when the worker runs.
    pub fn sync_enroll(&self, req: SyncEnroll) -> Result<SyncView, ApiError> {
        let locale = self.locale();
        let mut issues = Vec::new();
        let mut require = |field: &str, value: &str, vi: &str, en: &str| {
            if value.trim().is_empty() {
                issues.push(crate::api::FieldIssue {
                    field: field.to_owned(),
                    code: "required".to_owned(),
                    severity: xaso_domain::Severity::Blocking,
                    message: Bilingual::new(vi, en).get(locale).to_owned(),
                });
            }
        };
        require(
            "server_url",
            &req.server_url,
            "Nhập địa chỉ máy chủ của Sở.",
            "Enter the city server's address.",
        );
        require("user", &req.user, "Nhập tên đăng nhập.", "Enter your user name.");
        require("password", &req.password, "Nhập mật khẩu.", "Enter your password.");
        require("device_name", &req.device_name, "Đặt tên cho máy này.", "Name this computer.");
        if !issues.is_empty() {
            return Err(ApiError::new(
                ErrorCode::Validation,
                &Bilingual::new(
                    "Vui lòng kiểm tra lại các ô được đánh dấu.",
                    "Please check the marked fields.",
                ),
                locale,
            )
            .with_fields(issues));
        }
        let server = ServerConfig {
            url: req.server_url.trim().trim_end_matches('/').to_owned(),
            ca_pem: req.ca_file.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(Into::into),
            allow_insecure_http: req.allow_insecure_http,
        };
        let remote = HttpRemote::new(&server).map_err(|e| {
            let m = e.message();
            let field = match e {
                ConfigError::BadUrl(_) | ConfigError::InsecureHttp(_) => "server_url",
                ConfigError::CaFile(..) | ConfigError::NoCertificate(_) | ConfigError::Tls(_) => {
                    "ca_file"
                }
            };
            let text = Bilingual::new(m.vi, m.en);
            ApiError::new(ErrorCode::Validation, &text, locale).with_fields(vec![
                crate::api::FieldIssue {
                    field: field.to_owned(),
                    code: m.code,
                    severity: xaso_domain::Severity::Blocking,
                    message: text.get(locale).to_owned(),
                },
            ])
        })?;
        let credentials = Credentials {
            user: req.user.trim().to_owned(),
            password: req.password,
            device_name: req.device_name.trim().to_owned(),
        };
        let engine = self.engine()?;
        let account =
            block_on(engine, xaso_sync::enroll(&engine.db, &remote, &server, &credentials))
                .map_err(|e| {
                    // Written to the log with its cause (never the password): what a city
                    // admin asks for when an enrolment fails.
                    let m = e.enrolment_message();
                    tracing::warn!(server = %server.url, user = %credentials.user, code = %m.code, "enrolment failed: {e}");
                    self.sync_error_as(&e, m)
                })?;
        // The city grants the role (and the unit, for unit roles): the profile follows.
        self.with_session(|s| {
            let current = s.profile()?;
            let unit = account
                .unit
                .as_deref()
                .and_then(|c| UnitCode::parse(c).ok())
                .or(current.and_then(|p| p.unit));
            // A unit account needs its unit; the city's staff have none.
            if unit.is_some() || account.role.is_city() {
                set_profile(s, unit.as_ref(), &account.display_name, account.role)?;
            }
            Ok(())
        })?;
        tracing::info!(user = %account.user, role = account.role.as_str(), "device enrolled");
        if let Some(worker) = &*self.sync_runtime().worker.lock().unwrap_or_else(|p| p.into_inner())
        {
            worker.sync_now();
        }
        Ok(self.sync_status())
    }

    /// Forgets the device's token; every local change stays and is sent after the next
    /// enrolment.
    pub fn sync_sign_out(&self) -> Result<SyncView, ApiError> {
        let engine = self.engine()?;
        block_on(engine, async {
            match xaso_sync::enrolled_server(&engine.db).await? {
                Some(server) => match HttpRemote::new(&server) {
                    Ok(remote) => xaso_sync::sign_out(&engine.db, &remote).await,
                    Err(_) => engine.db.run(|s| s.forget_token()).await,
                },
                None => Ok(()),
            }
        })
        .map_err(|e| self.sync_error(&e))?;
        if let Some(worker) = &*self.sync_runtime().worker.lock().unwrap_or_else(|p| p.into_inner())
        {
            worker.sync_now(); // it notices it is signed out and says so
        }
        Ok(self.sync_status())
    }

    /// Every conflict pulled from the server, open ones first, newest first within each,
    /// with both values as a person reads them.
    pub fn conflicts_list(&self) -> Result<Vec<ConflictView>, ApiError> {
        self.with_session(|s| {
            let list = conflicts::list(s.store.conn())?;
            Ok(list.into_iter().map(|c| conflict_view(s.locale, c)).collect())
        })
    }

    /// Resolves a conflict with the kept value, the other one, or a typed merge (parsed as
    /// the field's type; an empty or unreadable merge is a `validation` error). The choice
    /// is written like an edit and syncs; answers the updated list.
    pub fn conflict_resolve(&self, req: ConflictResolve) -> Result<Vec<ConflictView>, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            let found = conflicts::list(s.store.conn())?
                .into_iter()
                .find(|c| c.id == req.id)
                .ok_or_else(|| {
                    s.error(
                        ErrorCode::NotFound,
                        Bilingual::new(
                            "Không tìm thấy xung đột này.",
                            "This conflict was not found.",
                        ),
                    )
                })?;
            let keep = match req.choice {
                ConflictChoice::Kept => KeepChoice::Kept,
                ConflictChoice::Other => KeepChoice::Other,
                ConflictChoice::Merged => {
                    let text = req.merged.clone().unwrap_or_default();
                    KeepChoice::Merged(merged_value(s, &found, &text)?)
                }
            };
            s.store.write(&profile.display_name, Utc::now(), |c| {
                c.conflicts().resolve(&req.id, keep)
            })?;
            let list = conflicts::list(s.store.conn())?;
            Ok(list.into_iter().map(|c| conflict_view(s.locale, c)).collect())
        })
    }

    /// The changes received that this laptop could not store, newest first.
    pub fn set_aside_list(&self) -> Result<Vec<SetAsideView>, ApiError> {
        self.with_session(|s| {
            let list = set_aside::list(s.store.conn())?;
            Ok(list
                .into_iter()
                .map(|c| SetAsideView {
                    label: {
                        let task = (c.table == "tasks")
                            .then(|| {
                                xaso_store::tasks::name_of(s.store.conn(), &c.row_id).ok().flatten()
                            })
                            .flatten();
                        row_label(s.locale, &c.table, &c.field, task.as_deref())
                    },
                    value: c.value,
                    reason: if s.locale == Locale::Vi { c.reason_vi } else { c.reason_en },
                    at: c.set_aside_at,
                    partition: c.partition,
                    seq: c.seq,
                    table: c.table,
                    row_id: c.row_id,
                    field: c.field,
                    actor: c.actor,
                })
                .collect())
        })
    }

    /// The changes the server refused for good, newest first, each with its reason in the
    /// person's language.
    pub fn dead_letters_list(&self) -> Result<Vec<DeadLetterView>, ApiError> {
        self.with_session(refused_views)
    }

    /// Takes a refused change off the list (read, or redone another way); returns the
    /// rest, or `NotFound` for an id not on the list (dismissed already).
    pub fn dead_letter_dismiss(&self, req: DeadLetterRef) -> Result<Vec<DeadLetterView>, ApiError> {
        self.with_session(|s| {
            if !dead_letters::dismiss(s.store.conn(), &req.op_id)? {
                return Err(s
                    .error(
                        ErrorCode::NotFound,
                        Bilingual::new(
                            format!(
                                "Không có thay đổi bị từ chối nào mã {} (có thể đã bỏ qua).",
                                req.op_id
                            ),
                            format!(
                                "No refused change has the id {} (dismissed already?).",
                                req.op_id
                            ),
                        ),
                    )
                    .into());
            }
            refused_views(s)
        })
    }

    fn view_of(&self, status: xaso_sync::SyncStatus) -> SyncView {
        let locale = self.locale();
        let account = status.account.map(|a| self.account_view(a));
        SyncView {
            store_damaged: false,
            state: status.state,
            server_url: status.server_url,
            account,
            previous_account: None,
            pending: status.pending,
            conflicts_open: status.open_conflicts,
            refused: status.dead_letters,
            set_aside: status.set_aside,
            clock_warning: status.clock_skew_ms.map(|skew| clock_warning(locale, skew)),
            copied: status.copied.map(|c| copied_notice(locale, &c)),
            last_success: status.last_success.map(rfc3339),
            last_error: status.last_error.map(|p| if locale == Locale::Vi { p.vi } else { p.en }),
            data_seq: self.with_session(|s| Ok(feed::latest(s.store.conn())?)).unwrap_or(0),
        }
    }

    fn account_view(&self, a: xaso_proto::Account) -> SyncAccount {
        let unit_name = self.with_session(|s| Ok(unit_name(s, a.unit.as_deref()))).ok().flatten();
        account_view(a, unit_name)
    }

    fn sync_error(&self, e: &SyncError) -> ApiError {
        self.sync_error_as(e, e.message())
    }

    /// `e` in the words of `m` (the enrolment's, say).
    fn sync_error_as(&self, e: &SyncError, m: xaso_sync::Message) -> ApiError {
        let code = match e {
            SyncError::NotEnrolled | SyncError::Copied(_) => ErrorCode::NotEnrolled,
            SyncError::Remote(_)
            | SyncError::Config(_)
            | SyncError::Protocol(_)
            | SyncError::Secret(_) => ErrorCode::SyncFailed,
            _ => ErrorCode::Internal,
        };
        ApiError::new(code, &Bilingual::new(m.vi, m.en), self.locale())
    }
}

/// The refused changes as the person reads them, newest first.
fn refused_views(s: &mut Session) -> Result<Vec<DeadLetterView>, Failure> {
    let list = dead_letters::list(s.store.conn())?;
    Ok(list
        .into_iter()
        .map(|d| {
            let conn = s.store.conn();
            // A norm is named by its description, and its level is read in its unit.
            let norm = (d.table == "norms")
                .then(|| d.row_id.parse().ok().and_then(|id| xaso_store::norms::get(conn, id).ok()))
                .flatten();
            let name = match &norm {
                Some(n) => Some(n.norm.description.clone()),
                None => (d.table == "tasks")
                    .then(|| xaso_store::tasks::name_of(conn, &d.row_id).ok().flatten())
                    .flatten(),
            };
            let value = match (&norm, &d.value) {
                (Some(n), Json::Number(raw)) if d.field == "value" => raw
                    .as_i64()
                    .map(|raw| norm_level(raw, &n.norm.unit))
                    .unwrap_or_else(|| raw.to_string()),
                // A bundled norm's first correction travels as its whole row
                // (`rows::update_seeded`): its level is what the person changed and reads.
                (Some(n), Json::Object(row)) if d.field == "*" => row
                    .get("value")
                    .and_then(Json::as_i64)
                    .map(|raw| norm_level(raw, &n.norm.unit))
                    .unwrap_or_default(),
                _ => display_value(s.locale, &d.field, &d.value),
            };
            (d, name, value)
        })
        .map(|(d, name, value)| DeadLetterView {
            label: row_label(s.locale, &d.table, &d.field, name.as_deref()),
            value,
            reason: if s.locale == Locale::Vi { d.reason_vi } else { d.reason_en },
            at: d.rejected_at,
            op_id: d.op_id,
        })
        .collect())
}

/// The status when the database cannot be read (the app shows why elsewhere).
fn empty_view() -> SyncView {
    SyncView {
        store_damaged: false,
        state: SyncState::NotEnrolled,
        server_url: None,
        account: None,
        previous_account: None,
        pending: 0,
        conflicts_open: 0,
        refused: 0,
        set_aside: 0,
        clock_warning: None,
        copied: None,
        last_success: None,
        last_error: None,
        data_seq: 0,
    }
}

/// The status without a worker (the CLI): what the database remembers.
fn idle_view(s: &Session) -> SyncView {
    let conn = s.store.conn();
    let settings = s.store.sync_settings().ok();
    let enrolled = settings.as_ref().is_some_and(|st| st.enrolled());
    let problem = settings.as_ref().and_then(|st| st.last_problem.clone());
    let state = match (enrolled, problem.as_ref().map(|p| p.code.as_str())) {
        (false, _) => SyncState::NotEnrolled,
        (true, Some("client_too_old")) => SyncState::NeedsUpdate,
        (true, Some("unauthorized")) => SyncState::Unauthorized,
        (true, Some("account_disabled")) => SyncState::AccountDisabled,
        (true, Some(_)) => SyncState::Offline,
        (true, None) => SyncState::Online,
    };
    SyncView {
        store_damaged: false,
        state,
        server_url: settings.as_ref().and_then(|st| st.server_url.clone()),
        account: settings.as_ref().and_then(|st| st.account.clone()).map(|a| named_account(s, a)),
        previous_account: None,
        pending: outbox::pending_count(conn).unwrap_or(0),
        conflicts_open: conflicts::open_count(conn).unwrap_or(0),
        refused: dead_letters::count(conn).unwrap_or(0),
        set_aside: set_aside::count(conn).unwrap_or(0),
        clock_warning: settings
            .as_ref()
            .and_then(|st| st.clock_skew_ms)
            .map(|skew| clock_warning(s.locale, skew)),
        copied: settings
            .as_ref()
            .and_then(|st| st.copied.as_ref())
            .map(|c| copied_notice(s.locale, c)),
        last_success: settings.as_ref().and_then(|st| st.last_success).map(rfc3339),
        last_error: problem.map(|p| if s.locale == Locale::Vi { p.vi } else { p.en }),
        data_seq: feed::latest(conn).unwrap_or(0),
    }
}

fn account_view(a: xaso_proto::Account, unit_name: Option<String>) -> SyncAccount {
    SyncAccount {
        user: a.user,
        display_name: a.display_name,
        role: a.role,
        unit_code: a.unit,
        unit_name,
    }
}

/// An account with its unit's name from this laptop's list of units.
fn named_account(s: &Session, a: xaso_proto::Account) -> SyncAccount {
    let name = unit_name(s, a.unit.as_deref());
    account_view(a, name)
}

fn unit_name(s: &Session, code: Option<&str>) -> Option<String> {
    let code = UnitCode::parse(code?).ok()?;
    units::get(s.store.conn(), &code).ok().map(|u| u.name)
}

/// "Đồng hồ của máy này lệch 3 giờ 5 phút (nhanh hơn) …": how far this laptop's clock is
/// from the city server's (`skew_ms` = this laptop's minus the server's), and what to do.
pub(crate) fn clock_warning(locale: Locale, skew_ms: i64) -> String {
    let minutes = skew_ms.unsigned_abs() / 60_000;
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    let part =
        |n: u64, vi: &str, en: &str| (n > 0).then(|| (format!("{n} {vi}"), format!("{n} {en}")));
    let parts: Vec<(String, String)> =
        [part(days, "ngày", "d"), part(hours, "giờ", "h"), part(mins, "phút", "min")]
            .into_iter()
            .flatten()
            .collect();
    let vi_len = parts.iter().map(|p| p.0.as_str()).collect::<Vec<_>>().join(" ");
    let en_len = parts.iter().map(|p| p.1.as_str()).collect::<Vec<_>>().join(" ");
    let text = if skew_ms > 0 {
        Bilingual::new(
            format!(
                "Đồng hồ của máy này lệch {vi_len} (nhanh hơn) so với máy chủ thành phố; hãy chỉnh lại ngày giờ."
            ),
            format!(
                "This computer's clock is {en_len} ahead of the city server's; please set the date and time right."
            ),
        )
    } else {
        Bilingual::new(
            format!(
                "Đồng hồ của máy này lệch {vi_len} (chậm hơn) so với máy chủ thành phố; hãy chỉnh lại ngày giờ."
            ),
            format!(
                "This computer's clock is {en_len} behind the city server's; please set the date and time right."
            ),
        )
    };
    text.get(locale).to_owned()
}

/// "This data folder was copied from another computer …" in the user's language.
fn copied_notice(locale: Locale, copied: &xaso_store::sync::Copied) -> String {
    let (vi, en) = copied.message();
    if locale == Locale::Vi { vi } else { en }
}

fn rfc3339(t: chrono::DateTime<Utc>) -> String {
    xaso_domain::time::stored(t)
}

fn conflict_view(locale: Locale, c: conflicts::ConflictView) -> ConflictView {
    let side = |value: &Json, actor: String, at: String| ConflictSide {
        value: display_value(locale, &c.field, value),
        actor,
        at,
    };
    ConflictView {
        label: row_label(locale, &c.table, &c.field, c.task_name.as_deref()),
        kept: side(&c.kept_value, c.kept_actor.clone(), c.kept_at.clone()),
        other: side(&c.other_value, c.other_actor.clone(), c.other_at.clone()),
        current: c
            .current_value
            .as_ref()
            .map(|v| display_value(locale, &c.field, v))
            .unwrap_or_default(),
        resolved: c.resolved,
        id: c.id,
        table: c.table,
        row_id: c.row_id,
        field: c.field,
    }
}

/// "Nhiệm vụ «Số hóa …» · Mục tiêu": what was edited twice, as a person names it (the
/// labels of `xaso_domain::sync`; a table or field this version does not know shows as
/// its name).
fn row_label(locale: Locale, table: &str, field: &str, task: Option<&str>) -> String {
    let t = xaso_domain::sync::synced_table(table).map_or(table, |t| t.label.get(locale));
    let f = xaso_domain::sync::field_label(table, field).map_or(field, |l| l.get(locale));
    match task {
        Some(name) if !name.trim().is_empty() => format!("{t} «{name}» · {f}"),
        _ => format!("{t} · {f}"),
    }
}

/// A stored value as a person reads it: text as is, amounts in đồng, statuses named.
fn display_value(locale: Locale, field: &str, value: &Json) -> String {
    match value {
        Json::String(text) if field == "status" => TaskStatus::parse(text)
            .map(|st| st.label(locale).to_owned())
            .unwrap_or_else(|| text.clone()),
        Json::String(text) => text.clone(),
        Json::Number(n) if field.starts_with("cost_") || field == "unit_price" => n
            .as_i64()
            .and_then(|v| Money::from_dong(v).ok())
            .map(|m| m.to_string())
            .unwrap_or_else(|| n.to_string()),
        Json::Null => "—".to_owned(),
        Json::Bool(b) => {
            let (yes, no) = if locale == Locale::Vi { ("Có", "Không") } else { ("Yes", "No") };
            (if *b { yes } else { no }).to_owned()
        }
        other => other.to_string(),
    }
}

/// A norm's level (stored scaled by `Scaled::SCALE`) in its unit: "45.000.000 ₫/người/tháng"
/// for an amount, "0,8 tỷ lệ" otherwise.
fn norm_level(raw: i64, unit: &str) -> String {
    use xaso_domain::norm::Scaled;
    let level = Scaled::from_raw(raw);
    let whole = (raw % Scaled::SCALE == 0).then_some(raw / Scaled::SCALE);
    if let (Some(dong), Some(per)) = (whole, unit.strip_prefix("VND"))
        && let Ok(m) = Money::from_dong(dong)
    {
        return format!("{m}{per}");
    }
    if unit.trim().is_empty() { level.to_string() } else { format!("{level} {unit}") }
}

/// The typed merge as the field's type: amounts are parsed as money, other numbers as
/// integers, everything else is text. An empty merge is refused (to blank the field, keep
/// the side that left it empty).
fn merged_value(s: &Session, c: &conflicts::ConflictView, text: &str) -> Result<Json, ApiError> {
    parse_merged(&c.field, &c.kept_value, &c.other_value, text).map_err(|problem| {
        let (code, message) = match problem {
            MergeProblem::Empty => {
                ("required", Bilingual::new("Nhập giá trị sau khi gộp.", "Enter the merged value."))
            }
            MergeProblem::NotANumber => (
                "not_a_number",
                Bilingual::new("Giá trị này phải là một số.", "This value must be a number."),
            ),
        };
        s.validation(vec![s.issue("merged", code, message)])
    })
}

#[derive(Debug, PartialEq, Eq)]
enum MergeProblem {
    Empty,
    NotANumber,
}

fn parse_merged(field: &str, kept: &Json, other: &Json, text: &str) -> Result<Json, MergeProblem> {
    if text.trim().is_empty() {
        return Err(MergeProblem::Empty);
    }
    if !(kept.is_number() || other.is_number()) {
        return Ok(Json::String(text.to_owned()));
    }
    let parsed = if field.starts_with("cost_") || field == "unit_price" {
        Money::parse(text).ok().map(|m| m.dong())
    } else {
        text.trim().parse::<i64>().ok()
    };
    parsed.map(Json::from).ok_or(MergeProblem::NotANumber)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_clock_is_said_in_words_with_how_far_and_which_way() {
        let hour = 3_600_000;
        let cases = [
            (Locale::Vi, 3 * hour + 5 * 60_000, "lệch 3 giờ 5 phút (nhanh hơn)"),
            (Locale::Vi, -(26 * hour), "lệch 1 ngày 2 giờ (chậm hơn)"),
            (Locale::En, 365 * 24 * hour, "is 365 d ahead of"),
            (Locale::En, -(11 * 60_000), "is 11 min behind"),
        ];
        for (locale, skew, want) in cases {
            let text = clock_warning(locale, skew);
            assert!(text.contains(want), "{skew}: {text}");
        }
        assert!(clock_warning(Locale::Vi, hour).ends_with("hãy chỉnh lại ngày giờ."));
    }

    #[test]
    fn an_amount_is_shown_in_dong_once_and_other_values_as_read() {
        let vi = |field: &str, v: Json| display_value(Locale::Vi, field, &v);
        assert_eq!(vi("cost_state", Json::from(350_000_000)), "350.000.000 ₫");
        assert_eq!(vi("unit_price", Json::from(1_200_000)), "1.200.000 ₫");
        assert_eq!(vi("status", Json::from("draft")), TaskStatus::Draft.label(Locale::Vi));
        assert_eq!(vi("objectives", Json::from("Mục tiêu")), "Mục tiêu");
        assert_eq!(vi("leader", Json::Null), "—");
    }

    #[test]
    fn a_norm_level_is_read_in_its_unit() {
        assert_eq!(norm_level(450_000_000_000, "VND/người/tháng"), "45.000.000 ₫/người/tháng");
        assert_eq!(norm_level(50_000_000_000, "VND"), "5.000.000 ₫");
        assert_eq!(
            norm_level(8_000, "tỷ lệ"),
            format!("{} tỷ lệ", xaso_domain::norm::Scaled::from_raw(8_000))
        );
        assert_eq!(norm_level(8_000, ""), xaso_domain::norm::Scaled::from_raw(8_000).to_string());
    }

    #[test]
    fn a_merge_is_typed_as_the_field_and_never_empty() {
        let text = |t: &str| Json::from(t);
        let merge =
            |field, kept: Json, other: Json, typed| parse_merged(field, &kept, &other, typed);
        assert_eq!(merge("objectives", text("a"), text("b"), "a và b"), Ok(text("a và b")));
        for blank in ["", "   ", "\n\t"] {
            assert_eq!(merge("objectives", text("a"), text("b"), blank), Err(MergeProblem::Empty));
            assert_eq!(
                merge("cost_state", Json::from(1), Json::from(2), blank),
                Err(MergeProblem::Empty)
            );
        }
        assert_eq!(
            merge("cost_state", Json::from(1), Json::from(2), "330.000.000"),
            Ok(Json::from(330_000_000))
        );
        assert_eq!(
            merge("year", Json::from(2026), Json::from(2027), " 2028 "),
            Ok(Json::from(2028))
        );
        assert_eq!(
            merge("year", Json::from(2026), Json::from(2027), "năm sau"),
            Err(MergeProblem::NotANumber)
        );
    }
}
