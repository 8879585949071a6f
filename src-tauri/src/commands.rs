//! One Tauri command per use case of `xaso_core::App`, same name, one line each.
//! The front end calls them as `invoke(name, { req })`; errors reach it as `ApiError`.
//! `async` keeps the database work off the window's main thread.

use tauri::State;

use xaso_core::{
    ApiError, App, AppStatus, BackupInfo, BackupRestore, CompareView, ComputeResult,
    ConflictResolve, ConflictView, DeadLetterView, EstimateCompare, EstimateCreate, EstimateDetail,
    EstimateList, EstimateRef, EstimateSaved, EstimateTransition, ExportDone, LineComment,
    LocaleSet, MilestoneDelete, MilestoneInput, MilestoneSaved, NormInput, NormSaved, NormView,
    PlanQuery, PlanSet, PlanView, ProfileSet, SheetInput, SyncEnroll, SyncView, TaskDetail,
    TaskInput, TaskPage, TaskQuery, TaskRef, TaskSave, TaskSaved, TaskTransition, Unit, UnitSearch,
};

type Core<'a> = State<'a, App>;

#[tauri::command(async)]
pub fn app_status(app: Core<'_>) -> Result<AppStatus, ApiError> {
    Ok(app.app_status())
}

#[tauri::command(async)]
pub fn units_search(app: Core<'_>, req: UnitSearch) -> Result<Vec<Unit>, ApiError> {
    app.units_search(req)
}

#[tauri::command(async)]
pub fn profile_set(app: Core<'_>, req: ProfileSet) -> Result<AppStatus, ApiError> {
    app.profile_set(req)
}

#[tauri::command(async)]
pub fn locale_set(app: Core<'_>, req: LocaleSet) -> Result<AppStatus, ApiError> {
    app.locale_set(req)
}

#[tauri::command(async)]
pub fn tasks_list(app: Core<'_>, req: TaskQuery) -> Result<TaskPage, ApiError> {
    app.tasks_list(req)
}

#[tauri::command(async)]
pub fn task_get(app: Core<'_>, req: TaskRef) -> Result<TaskDetail, ApiError> {
    app.task_get(req)
}

#[tauri::command(async)]
pub fn task_create(app: Core<'_>, req: TaskInput) -> Result<TaskSaved, ApiError> {
    app.task_create(req)
}

#[tauri::command(async)]
pub fn task_save(app: Core<'_>, req: TaskSave) -> Result<TaskSaved, ApiError> {
    app.task_save(req)
}

#[tauri::command(async)]
pub fn task_transition(app: Core<'_>, req: TaskTransition) -> Result<TaskDetail, ApiError> {
    app.task_transition(req)
}

#[tauri::command(async)]
pub fn milestone_save(app: Core<'_>, req: MilestoneInput) -> Result<MilestoneSaved, ApiError> {
    app.milestone_save(req)
}

#[tauri::command(async)]
pub fn milestone_delete(app: Core<'_>, req: MilestoneDelete) -> Result<TaskDetail, ApiError> {
    app.milestone_delete(req)
}

#[tauri::command(async)]
pub fn backups_list(app: Core<'_>) -> Result<Vec<BackupInfo>, ApiError> {
    app.backups_list()
}

#[tauri::command(async)]
pub fn backup_now(app: Core<'_>) -> Result<BackupInfo, ApiError> {
    app.backup_now()
}

#[tauri::command(async)]
pub fn backup_restore(app: Core<'_>, req: BackupRestore) -> Result<AppStatus, ApiError> {
    app.backup_restore(req)
}

#[tauri::command(async)]
pub fn estimates_list(app: Core<'_>, req: TaskRef) -> Result<EstimateList, ApiError> {
    app.estimates_list(req)
}

#[tauri::command(async)]
pub fn estimate_create(app: Core<'_>, req: EstimateCreate) -> Result<EstimateDetail, ApiError> {
    app.estimate_create(req)
}

#[tauri::command(async)]
pub fn estimate_get(app: Core<'_>, req: EstimateRef) -> Result<EstimateDetail, ApiError> {
    app.estimate_get(req)
}

#[tauri::command(async)]
pub fn estimate_compute(app: Core<'_>, req: SheetInput) -> Result<ComputeResult, ApiError> {
    app.estimate_compute(req)
}

#[tauri::command(async)]
pub fn estimate_save(app: Core<'_>, req: SheetInput) -> Result<EstimateSaved, ApiError> {
    app.estimate_save(req)
}

#[tauri::command(async)]
pub fn estimate_transition(
    app: Core<'_>,
    req: EstimateTransition,
) -> Result<EstimateDetail, ApiError> {
    app.estimate_transition(req)
}

#[tauri::command(async)]
pub fn estimate_line_comment(app: Core<'_>, req: LineComment) -> Result<EstimateDetail, ApiError> {
    app.estimate_line_comment(req)
}

#[tauri::command(async)]
pub fn estimate_new_version(app: Core<'_>, req: EstimateRef) -> Result<EstimateDetail, ApiError> {
    app.estimate_new_version(req)
}

#[tauri::command(async)]
pub fn estimate_compare(app: Core<'_>, req: EstimateCompare) -> Result<CompareView, ApiError> {
    app.estimate_compare(req)
}

#[tauri::command(async)]
pub fn estimate_export_xlsx(app: Core<'_>, req: EstimateRef) -> Result<ExportDone, ApiError> {
    app.estimate_export_xlsx(req)
}

#[tauri::command(async)]
pub fn norms_list(app: Core<'_>) -> Result<Vec<NormView>, ApiError> {
    app.norms_list()
}

#[tauri::command(async)]
pub fn norm_save(app: Core<'_>, req: NormInput) -> Result<NormSaved, ApiError> {
    app.norm_save(req)
}

#[tauri::command(async)]
pub fn plan_get(app: Core<'_>, req: PlanQuery) -> Result<PlanView, ApiError> {
    app.plan_get(req)
}

#[tauri::command(async)]
pub fn plan_set(app: Core<'_>, req: PlanSet) -> Result<PlanView, ApiError> {
    app.plan_set(req)
}

#[tauri::command(async)]
pub fn sync_status(app: Core<'_>) -> Result<SyncView, ApiError> {
    Ok(app.sync_status())
}

#[tauri::command(async)]
pub fn sync_now(app: Core<'_>) -> Result<SyncView, ApiError> {
    app.sync_now()
}

#[tauri::command(async)]
pub fn sync_enroll(app: Core<'_>, req: SyncEnroll) -> Result<SyncView, ApiError> {
    app.sync_enroll(req)
}

#[tauri::command(async)]
pub fn sync_sign_out(app: Core<'_>) -> Result<SyncView, ApiError> {
    app.sync_sign_out()
}

#[tauri::command(async)]
pub fn conflicts_list(app: Core<'_>) -> Result<Vec<ConflictView>, ApiError> {
    app.conflicts_list()
}

#[tauri::command(async)]
pub fn conflict_resolve(
    app: Core<'_>,
    req: ConflictResolve,
) -> Result<Vec<ConflictView>, ApiError> {
    app.conflict_resolve(req)
}

#[tauri::command(async)]
pub fn dead_letters_list(app: Core<'_>) -> Result<Vec<DeadLetterView>, ApiError> {
    app.dead_letters_list()
}
