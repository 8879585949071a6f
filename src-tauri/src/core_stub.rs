//! TEMPORARY stand-in for the surface of `xaso_core` (Config, App, the request and response
//! types) so the shell builds before the core lands. It stores nothing: `app_status` says
//! a profile is needed and every other command answers `internal`. Delete this file when
//! `xaso_core` exports `App`.

use std::path::PathBuf;

use serde::Serialize;
use serde_json::{Value, json};

pub type AppStatus = Value;
pub type BackupRestore = Value;
pub type LocaleSet = Value;
pub type MilestoneDelete = Value;
pub type MilestoneInput = Value;
pub type MilestoneSaved = Value;
pub type ProfileSet = Value;
pub type TaskDetail = Value;
pub type TaskRef = Value;
pub type TaskInput = Value;
pub type TaskPage = Value;
pub type TaskQuery = Value;
pub type TaskSave = Value;
pub type TaskSaved = Value;
pub type TaskTransition = Value;
pub type Unit = Value;
pub type UnitSearch = Value;

#[derive(Debug, Clone, Serialize)]
pub struct BackupInfo {
    pub name: String,
    pub created_at: String,
    pub size_bytes: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    pub fields: Vec<Value>,
}

fn not_wired<T>() -> Result<T, ApiError> {
    Err(ApiError {
        code: "internal".into(),
        message: "xaso-core is not wired into the shell yet".into(),
        fields: Vec::new(),
    })
}

#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub demo: bool,
}

impl Config {
    pub fn load(args: &[String]) -> anyhow::Result<Config> {
        let data_dir = std::env::var_os("XASO_DATA_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| std::env::temp_dir().join("xaso-stub"));
        let demo = args.iter().any(|a| a == "--demo")
            || std::env::var("XASO_DEMO").is_ok_and(|v| v == "1" || v == "true");
        Ok(Config { data_dir, demo })
    }
}

#[derive(Debug)]
pub struct App {
    config: Config,
}

impl App {
    pub fn open(config: Config) -> App {
        App { config }
    }

    pub fn app_status(&self) -> AppStatus {
        json!({
            "state": "needs_profile", "locale": "vi", "profile": null, "demo": self.config.demo,
            "db_path": self.config.data_dir.join("xaso.sqlite3"),
            "message": "xaso-core is not wired into the shell yet", "backups": [],
        })
    }

    pub fn units_search(&self, _req: UnitSearch) -> Result<Vec<Unit>, ApiError> {
        Ok(Vec::new())
    }
    pub fn profile_set(&self, _req: ProfileSet) -> Result<AppStatus, ApiError> {
        not_wired()
    }
    pub fn locale_set(&self, _req: LocaleSet) -> Result<AppStatus, ApiError> {
        not_wired()
    }
    pub fn tasks_list(&self, _req: TaskQuery) -> Result<TaskPage, ApiError> {
        not_wired()
    }
    pub fn task_get(&self, _req: TaskRef) -> Result<TaskDetail, ApiError> {
        not_wired()
    }
    pub fn task_create(&self, _req: TaskInput) -> Result<TaskSaved, ApiError> {
        not_wired()
    }
    pub fn task_save(&self, _req: TaskSave) -> Result<TaskSaved, ApiError> {
        not_wired()
    }
    pub fn task_transition(&self, _req: TaskTransition) -> Result<TaskDetail, ApiError> {
        not_wired()
    }
    pub fn milestone_save(&self, _req: MilestoneInput) -> Result<MilestoneSaved, ApiError> {
        not_wired()
    }
    pub fn milestone_delete(&self, _req: MilestoneDelete) -> Result<TaskDetail, ApiError> {
        not_wired()
    }
    pub fn backups_list(&self) -> Result<Vec<BackupInfo>, ApiError> {
        Ok(Vec::new())
    }
    pub fn backup_now(&self) -> Result<BackupInfo, ApiError> {
        not_wired()
    }
    pub fn backup_restore(&self, _req: BackupRestore) -> Result<AppStatus, ApiError> {
        not_wired()
    }
    pub fn run_daily_backup(&self) -> Result<Option<BackupInfo>, ApiError> {
        Ok(None)
    }
}
