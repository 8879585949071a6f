//! Backups of the local store: the list, one now, the daily one, and restoring one (also
//! from the recovery screen, when the store does not open).

use chrono::Utc;
use xaso_domain::Bilingual;
use xaso_store::Backups;

use crate::api::*;
use crate::app::{App, Inner, open_inner};
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

    /// Backs up once a day (call at start, off the UI thread).
    pub fn run_daily_backup(&self) -> Result<Option<BackupInfo>, ApiError> {
        let backups = Backups::new(self.config().backups_dir());
        self.with_session(|s| {
            backups
                .create_daily(&s.store, Utc::now())
                .map(|b| b.map(backup_view))
                .map_err(|e| Failure::from(backup_failed(&e, s.locale)))
        })
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
            *inner = open_inner(self.config(), &self.secrets());
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
