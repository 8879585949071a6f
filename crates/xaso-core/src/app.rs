//! [`App`] and its [`Session`]: opening the local store (or saying why it does not open),
//! the status, and what every use case shares (its errors in the person's language, the
//! profile). The use cases live in a module per body (`tasks`, `budget`, `training`,
//! `sync`, `profile`, `backups`), each an `impl App` of its own.

use std::sync::{Arc, Mutex, MutexGuard};

use xaso_domain::time::DisplayZone;
use xaso_domain::validate::{self, TEXT_MAX_CHARS};
use xaso_domain::{Bilingual, Locale, Role, UnitCode};
use xaso_store::tasks::{self, TaskFilter};
use xaso_store::{Backups, OpenError, SecretStore, Store, units};

use crate::api::*;
use crate::config::Config;
use crate::error::Failure;
use crate::error::{ApiError, ErrorCode};
use crate::{demo, reference};

pub(crate) const META_LOCALE: &str = "locale";
const META_UNIT: &str = "profile.unit_code";
const META_NAME: &str = "profile.display_name";
const META_ROLE: &str = "profile.role";

/// The application: owns the store behind a mutex (commands arrive from several
/// threads; SQLite writes are serialised anyway) and knows what state it is in.
///
/// Each command is a method of the same name (see `for_each_command!`) answering its
/// response or an [`ApiError`] in the person's language. Besides the refusals a method's
/// doc names, any command that needs the store answers `store_corrupt` or
/// `store_newer_version` while it did not open (the recovery screen), `store_io` when a
/// read or write fails, and one that records who did something `no_profile` before first
/// start is done.
#[derive(Debug)]
pub struct App {
    config: Config,
    /// Where the device token lives (the keyring, or files outside the data folder).
    secrets: Arc<dyn SecretStore>,
    inner: Mutex<Inner>,
    /// The sync engine (its runtime, connection and worker), started on first use.
    sync: crate::sync::runtime::SyncRuntime,
    /// Keeps the demo's throw-away folder alive; [`App::shut_down`] (or dropping the App)
    /// removes it.
    demo_dir: Mutex<Option<tempfile::TempDir>>,
    /// What hands a material's file to the desktop's viewer (the shell sets it; without
    /// one, `material_open` only answers where the file is).
    opener: std::sync::OnceLock<FileOpener>,
}

/// Hands a file to the desktop's viewer (see [`App::set_file_opener`]).
pub struct FileOpener(pub Box<dyn Fn(&std::path::Path) + Send + Sync>);

impl std::fmt::Debug for FileOpener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FileOpener")
    }
}

#[derive(Debug)]
pub(crate) enum Inner {
    Ready(Box<Session>),
    /// The store could not be opened; the app shows a recovery screen.
    Broken {
        state: AppState,
        why: Bilingual,
    },
}

#[derive(Debug)]
pub(crate) struct Session {
    pub(crate) store: Store,
    pub(crate) locale: Locale,
    /// Where times are typed and shown ([`Config::display_zone`]).
    pub(crate) zone: DisplayZone,
}

#[derive(Debug, Clone)]
pub(crate) struct ProfileRow {
    /// The ward, commune or special zone the person works for; `None` for the city's
    /// staff, who work for the Department (see [`Session::unit_of`]).
    pub(crate) unit: Option<UnitCode>,
    pub(crate) display_name: String,
    pub(crate) role: Role,
}

impl App {
    /// Opens the store named by `config`. Never fails: a store that cannot be used puts
    /// the app in a state ([`App::app_status`]) whose screen says what to do.
    pub fn open(mut config: Config) -> App {
        let demo_dir = if config.demo {
            match tempfile::Builder::new().prefix("xaso-demo-").tempdir() {
                Ok(dir) => {
                    // The demo never enrols for real; its secrets stay in its own folder.
                    config.data_dir = dir.path().join("data");
                    config.secret_store = crate::SecretStoreChoice::File;
                    config.secrets_dir = dir.path().join("secrets");
                    Some(dir)
                }
                Err(e) => {
                    tracing::error!(error = %e, "cannot create the demo folder; using the configured one");
                    None
                }
            }
        } else {
            None
        };
        let secrets = crate::secrets::secret_store(&config);
        let inner = open_inner(&config, &secrets, CheckAt::Later);
        App {
            config,
            secrets,
            inner: Mutex::new(inner),
            sync: Default::default(),
            demo_dir: Mutex::new(demo_dir),
            opener: std::sync::OnceLock::new(),
        }
    }

    /// How `material_open` shows a file: the shell passes the desktop's "open with the
    /// system viewer". Set once; a second call is ignored.
    pub fn set_file_opener(&self, open: impl Fn(&std::path::Path) + Send + Sync + 'static) {
        let _ = self.opener.set(FileOpener(Box::new(open)));
    }

    /// Hands `path` to the desktop's viewer, if the shell said how.
    pub(crate) fn open_with_system(&self, path: &std::path::Path) {
        if let Some(FileOpener(open)) = self.opener.get() {
            open(path);
        }
    }

    /// The end of the app's life: stops the sync worker (a request in flight is sent again
    /// next time) and removes the demo's throw-away folder. The shell calls it when the
    /// window has closed, because the shell never drops its managed `App`.
    pub fn shut_down(&self) {
        self.stop_sync_worker();
        let demo = self.demo_dir.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(dir) = demo {
            let path = dir.path().to_owned();
            if let Err(e) = dir.close() {
                tracing::warn!(path = %path.display(), error = %e, "could not remove the demo folder");
            }
        }
    }

    pub(crate) fn sync_runtime(&self) -> &crate::sync::runtime::SyncRuntime {
        &self.sync
    }

    /// The user's language (Vietnamese when the store cannot say).
    pub(crate) fn locale(&self) -> Locale {
        match &*self.lock() {
            Inner::Ready(session) => session.locale,
            Inner::Broken { .. } => Locale::Vi,
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic in another command must not make the whole app unusable: the store's
        // own transactions keep the data consistent, so the guard is still good.
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The store did not open, or was found damaged since.
    pub(crate) fn is_broken(&self) -> bool {
        matches!(&*self.lock(), Inner::Broken { .. })
    }

    /// Runs `f` on a ready session, or explains why there is none.
    pub(crate) fn with_session<T>(
        &self,
        f: impl FnOnce(&mut Session) -> Result<T, Failure>,
    ) -> Result<T, ApiError> {
        let mut inner = self.lock();
        match &mut *inner {
            Inner::Ready(session) => {
                // A command that wrote to the database nudges the sync worker, so local
                // changes leave soon after they are made.
                let before = session.store.conn().total_changes();
                let locale = session.locale;
                let out = f(session).map_err(|e| e.in_words(locale));
                let wrote = session.store.conn().total_changes() != before;
                drop(inner);
                if wrote {
                    self.sync.nudge();
                }
                out
            }
            Inner::Broken { state, why } => {
                let code = match state {
                    AppState::NewerSchema => ErrorCode::StoreNewerVersion,
                    _ => ErrorCode::StoreCorrupt,
                };
                Err(ApiError::new(code, why, Locale::Vi))
            }
        }
    }

    /// Which screen to show and what it needs: the state, language, profile, demo flag,
    /// where the database is and its backups. Never fails: a store that cannot be opened is
    /// a state with a message.
    pub fn app_status(&self) -> AppStatus {
        let backups = self.backup_infos();
        let db_path = self.config.db_path().display().to_string();
        match &*self.lock() {
            Inner::Ready(session) => {
                let profile = session.profile().ok().flatten();
                AppStatus {
                    state: if profile.is_some() { AppState::Ready } else { AppState::NeedsProfile },
                    locale: session.locale,
                    profile: profile.and_then(|p| session.profile_view(&p).ok()),
                    demo: self.config.demo,
                    db_path,
                    message: None,
                    backups,
                    display_zone: self.config.display_zone.name().to_owned(),
                }
            }
            Inner::Broken { state, why } => AppStatus {
                state: *state,
                locale: Locale::Vi,
                profile: None,
                demo: self.config.demo,
                db_path,
                message: Some(why.get(Locale::Vi).to_owned()),
                backups,
                display_zone: self.config.display_zone.name().to_owned(),
            },
        }
    }

    pub(crate) fn config(&self) -> &Config {
        &self.config
    }

    pub(crate) fn secrets(&self) -> Arc<dyn SecretStore> {
        Arc::clone(&self.secrets)
    }
}

/// When [`open_inner`] checks the file's integrity: at start, later ([`App::check_store`],
/// off the window's path); after a restore, at once.
#[derive(Clone, Copy, Debug)]
pub(crate) enum CheckAt {
    Open,
    Later,
}

pub(crate) fn open_inner(config: &Config, secrets: &Arc<dyn SecretStore>, check: CheckAt) -> Inner {
    let path = config.db_path();
    let opened = match check {
        CheckAt::Open => Store::open_with(&path, Arc::clone(secrets)),
        CheckAt::Later => Store::open_checking_later(&path, Arc::clone(secrets)),
    };
    match opened {
        Ok(mut store) => match prepare(&mut store, config.demo) {
            Ok(()) => {
                let locale = store
                    .meta()
                    .get(META_LOCALE)
                    .ok()
                    .flatten()
                    .and_then(|l| Locale::parse(&l))
                    .unwrap_or_default();
                tracing::info!(path = %path.display(), "local store open");
                // Backups made by older versions carried the device token: not any more.
                match Backups::new(config.backups_dir()).forget_tokens() {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(backups = n, "took the device token out of backups"),
                    Err(e) => tracing::warn!("could not check the backups for a token: {e}"),
                }
                Inner::Ready(Box::new(Session { store, locale, zone: config.display_zone.clone() }))
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot prepare the local store");
                Inner::Broken {
                    state: AppState::Corrupt,
                    why: Bilingual::new(
                        format!("Không chuẩn bị được dữ liệu ban đầu: {e}"),
                        format!("Could not prepare the initial data: {e}"),
                    ),
                }
            }
        },
        Err(e) => {
            tracing::error!(error = %e, "cannot open the local store");
            broken(&e)
        }
    }
}

/// Loads the reference units on first start, and the sample data in demo mode.
fn prepare(store: &mut Store, demo_mode: bool) -> anyhow::Result<()> {
    if units::count(store.conn())? == 0 {
        store.replace_units(&reference::units()?)?;
    }
    store.seed_norms(&reference::norms()?)?;
    store.seed_indicators(&reference::indicators()?)?;
    store.seed_report_forms(&reference::report_forms()?)?;
    if demo_mode
        && tasks::list(store.conn(), &TaskFilter { limit: 1, ..Default::default() })?.total == 0
    {
        demo::seed(store)?;
    }
    Ok(())
}

pub(crate) fn broken(e: &OpenError) -> Inner {
    match e {
        OpenError::NewerSchema { path, found, supported } => Inner::Broken {
            state: AppState::NewerSchema,
            why: Bilingual::new(
                format!(
                    "Dữ liệu tại {} được tạo bởi phiên bản Xã Số mới hơn (lược đồ {found}; phiên bản này hỗ trợ đến {supported}). \
                     Hãy cập nhật ứng dụng. Dữ liệu không bị thay đổi.",
                    path.display()
                ),
                format!(
                    "The data at {} was written by a newer version of Xã Số (schema {found}; this one supports up to {supported}). \
                     Please update the app. Nothing was changed.",
                    path.display()
                ),
            ),
        },
        OpenError::Corrupt { path, details } => Inner::Broken {
            state: AppState::Corrupt,
            why: Bilingual::new(
                format!(
                    "Tệp dữ liệu {} bị hỏng ({details}). Hãy khôi phục từ một bản sao lưu; tệp hỏng sẽ được giữ lại bên cạnh, không bị xóa.",
                    path.display()
                ),
                format!(
                    "The data file {} is damaged ({details}). Restore a backup; the damaged file is kept aside, not deleted.",
                    path.display()
                ),
            ),
        },
        other => Inner::Broken {
            state: AppState::Corrupt,
            why: Bilingual::new(
                format!("Không mở được dữ liệu: {other}"),
                format!("Cannot open the data: {other}"),
            ),
        },
    }
}

/// Who works on this laptop: chosen at first start, granted by the city at enrolment.
pub(crate) fn set_profile(
    s: &Session,
    unit: Option<&UnitCode>,
    display_name: &str,
    role: Role,
) -> xaso_store::Result<()> {
    let meta = s.store.meta();
    meta.set(META_UNIT, unit.map_or("", UnitCode::as_str))?;
    meta.set(META_NAME, display_name)?;
    meta.set(META_ROLE, role.as_str())
}

impl Session {
    /// The comment of a move (a task's or an estimate's) is at most a long text field.
    pub(crate) fn check_comment(&self, comment: &str) -> Result<(), ApiError> {
        if comment.chars().count() > TEXT_MAX_CHARS {
            return Err(self.validation(vec![self.issue(
                "comment",
                "too_long",
                Bilingual::new("Ý kiến quá dài.", "The comment is too long."),
            )]));
        }
        Ok(())
    }

    pub(crate) fn error(&self, code: ErrorCode, text: Bilingual) -> ApiError {
        ApiError::new(code, &text, self.locale)
    }

    pub(crate) fn issue(&self, field: &str, code: &str, text: Bilingual) -> FieldIssue {
        FieldIssue {
            field: field.to_owned(),
            code: code.to_owned(),
            severity: Severity::Blocking,
            message: text.get(self.locale).to_owned(),
        }
    }

    pub(crate) fn issues(&self, issues: Vec<validate::FieldIssue>) -> Vec<FieldIssue> {
        issues.into_iter().map(|i| self.field_issue(i)).collect()
    }

    /// A domain issue in the session's language.
    pub(crate) fn field_issue(&self, i: validate::FieldIssue) -> FieldIssue {
        FieldIssue {
            field: i.field.to_owned(),
            code: i.code.to_owned(),
            severity: i.severity,
            message: i.message(self.locale).to_owned(),
        }
    }

    pub(crate) fn validation(&self, issues: Vec<FieldIssue>) -> ApiError {
        self.error(
            ErrorCode::Validation,
            Bilingual::new(
                "Vui lòng kiểm tra lại các ô được đánh dấu.",
                "Please check the marked fields.",
            ),
        )
        .with_fields(issues)
    }

    pub(crate) fn profile(&self) -> xaso_store::Result<Option<ProfileRow>> {
        let meta = self.store.meta();
        let (Some(unit), Some(name), Some(role)) =
            (meta.get(META_UNIT)?, meta.get(META_NAME)?, meta.get(META_ROLE)?)
        else {
            return Ok(None);
        };
        // Only the city's staff may have no unit.
        let unit = match (unit.as_str(), Role::parse(&role)) {
            ("", Some(r)) if r.is_city() => Ok(None),
            (code, _) => UnitCode::parse(code).map(Some),
        };
        Ok(match (unit, Role::parse(&role)) {
            (Ok(unit), Some(role)) => Some(ProfileRow { unit, display_name: name, role }),
            _ => None,
        })
    }

    /// The unit a piece of a unit's work (a task, a trainee, a check-in, a plan) belongs
    /// to: the profile's; refused in words for the city's staff, who have none.
    pub(crate) fn unit_of(&self, profile: &ProfileRow) -> Result<UnitCode, Failure> {
        profile.unit.clone().ok_or_else(|| {
            self.error(
                ErrorCode::Forbidden,
                Bilingual::new(
                    "Tài khoản của Sở không thuộc phường, xã nào: việc này do cán bộ phường, xã thực hiện.",
                    "A Department account belongs to no ward or commune: this is done by a unit's staff.",
                ),
            )
            .into()
        })
    }

    pub(crate) fn profile_view(&self, p: &ProfileRow) -> xaso_store::Result<Profile> {
        // The city's staff work for the Department (a unit picked at first start by an
        // older version is kept, not shown).
        let unit_name = match (p.role, &p.unit) {
            (Role::CityReviewer | Role::CityAdmin, _) | (_, None) => match self.locale {
                Locale::Vi => "Sở Khoa học và Công nghệ".to_owned(),
                Locale::En => "Department of Science and Technology".to_owned(),
            },
            (Role::UnitOfficial | Role::UnitLead, Some(unit)) => {
                units::get(self.store.conn(), unit)?.name
            }
        };
        Ok(Profile {
            unit_code: p.unit.as_ref().map(UnitCode::to_string).unwrap_or_default(),
            unit_name,
            display_name: p.display_name.clone(),
            role: p.role,
        })
    }

    pub(crate) fn require_profile(&self) -> Result<ProfileRow, Failure> {
        Ok(self.profile()?.ok_or_else(|| {
            self.error(
                ErrorCode::NoProfile,
                Bilingual::new(
                    "Hãy chọn đơn vị và nhập họ tên trước.",
                    "Pick your unit and enter your name first.",
                ),
            )
        })?)
    }
}
