//! Backups of the local store: the list, one now, the daily one, and restoring one (also
//! from the recovery screen, when the store does not open).

use chrono::Utc;
use xaso_domain::Bilingual;
use xaso_store::Backups;

use crate::api::*;
use crate::app::{App, CheckAt, Inner, open_inner};
use crate::error::Failure;
use crate::error::{ApiError, ErrorCode};

impl App {
    /// The backups in the backups folder, newest first; empty if the folder cannot be read.
    /// Works on the recovery screen too.
    pub fn backups_list(&self) -> Result<Vec<BackupInfo>, ApiError> {
        Ok(self.backup_infos())
    }

    /// Backs the database up now (a consistent copy while the app runs), keeping only the
    /// newest seven; `backup_failed` with the reason otherwise.
    pub fn backup_now(&self) -> Result<BackupInfo, ApiError> {
        let backups = Backups::new(self.config().backups_dir());
        self.with_session(|s| {
            backups
                .create(&s.store, Utc::now())
                .map(backup_view)
                .map_err(|e| Failure::from(backup_failed(&e, s.locale)))
        })
    }

    /// Backs up once a day (call at start, off the UI thread, after [`App::check_store`]:
    /// a damaged file must not push a good backup out). The file is copied on a connection
    /// of its own, so commands are not held while it is.
    pub fn run_daily_backup(&self) -> Result<Option<BackupInfo>, ApiError> {
        let locale = self.with_session(|s| Ok(s.locale))?;
        Backups::new(self.config().backups_dir())
            .create_daily_of_file(&self.config().db_path(), Utc::now())
            .map(|b| b.map(backup_view))
            .map_err(|e| backup_failed(&e, locale))
    }

    /// Checks the database file off the window's path (the app opens it without reading
    /// every page, see [`xaso_store::Store::open_checking_later`]): `PRAGMA quick_check`
    /// on a connection of its own. A damaged file turns the app to the recovery screen as
    /// if it had been found at open: from then on every command answers `store_corrupt`,
    /// the file is no longer written, and the window learns it at its next status poll
    /// (`SyncView.store_damaged`). A check that cannot run (the disk busy) is logged and
    /// counts as no finding.
    pub fn check_store(&self) -> Result<(), ApiError> {
        let locale = self.with_session(|s| Ok(s.locale))?;
        let path = self.config().db_path();
        let details = match xaso_store::check_integrity(&path) {
            Ok(problems) if problems.is_empty() => return Ok(()),
            Ok(problems) => problems.join("; "),
            Err(e) => match xaso_store::OpenError::classify(&path, e) {
                xaso_store::OpenError::Corrupt { details, .. } => details,
                other => {
                    tracing::warn!("could not check the local store: {other}");
                    return Ok(());
                }
            },
        };
        tracing::error!(path = %path.display(), %details, "the local store is damaged");
        let broken = crate::app::broken(&xaso_store::OpenError::Corrupt { path, details });
        let why = match &broken {
            Inner::Broken { why, .. } => why.clone(),
            Inner::Ready(_) => Bilingual::new("Dữ liệu bị hỏng.", "The data is damaged."),
        };
        let err = ApiError::new(ErrorCode::StoreCorrupt, &why, locale);
        *self.lock() = broken;
        Err(err)
    }

    /// Replaces the database with a backup. The replaced file (damaged or not) is moved
    /// aside, never deleted. Works from the recovery screen too.
    pub fn backup_restore(&self, req: BackupRestore) -> Result<AppStatus, ApiError> {
        let backups = Backups::new(self.config().backups_dir());
        {
            let mut inner = self.lock();
            let locale = match &*inner {
                Inner::Ready(s) => s.locale,
                Inner::Broken { .. } => Locale::Vi,
            };
            // Check the backup before closing anything: a bad choice changes nothing.
            backups.verify(&req.name).map_err(|e| backup_failed(&e, locale))?;
            // Close the store (drop the connection) before its file is replaced.
            *inner = Inner::Broken { state: AppState::Corrupt, why: Bilingual::new("", "") };
            let restored = backups.restore(&req.name, &self.config().db_path(), Utc::now());
            *inner = open_inner(self.config(), &self.secrets(), CheckAt::Open);
            restored.map_err(|e| backup_failed(&e, locale))?;
        }
        Ok(self.app_status())
    }

    pub(crate) fn backup_infos(&self) -> Vec<BackupInfo> {
        Backups::new(self.config().backups_dir())
            .list()
            .map(|l| l.into_iter().map(backup_view).collect())
            .unwrap_or_default()
    }
}

fn backup_view(b: xaso_store::BackupInfo) -> BackupInfo {
    BackupInfo {
        name: b.name,
        created_at: b.created_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        size_bytes: b.size_bytes,
    }
}

fn backup_failed(e: &xaso_store::StoreError, locale: Locale) -> ApiError {
    tracing::error!(error = %e, "backup or restore failed");
    ApiError::new(
        ErrorCode::BackupFailed,
        &Bilingual::new(
            format!("Sao lưu/khôi phục không thành công: {e}"),
            format!("Backup or restore failed: {e}"),
        ),
        locale,
    )
}
