//! One Tauri command per use case of `xaso_core::App`, same name, one line each.
//! The front end calls them as `invoke(name, { req })`; errors reach it as `ApiError`.
//! `async` keeps the database work off the window's main thread.

use tauri::State;

use xaso_core::{
    ApiError, App, AppStatus, AttendanceExport, AttendanceReport, BackupInfo, BackupRestore,
    CheckIn, CompareView, ComputeResult, ConflictResolve, ConflictView, DeadLetterRef,
    DeadLetterView, EstimateCompare, EstimateCreate, EstimateDetail, EstimateList, EstimateRef,
    EstimateSaved, EstimateTransition, ExportDone, KeepOffline, LibraryHit, LibrarySearch,
    LineComment, LocaleSet, MaterialAdd, MaterialFile, MaterialRef, MaterialSaved, MaterialView,
    MilestoneDelete, MilestoneInput, MilestoneSaved, NormInput, NormSaved, NormView, PlanQuery,
    PlanSet, PlanView, ProfileSet, ProgrammeInput, QuizReport, QuizResult, QuizSave, QuizSubmit,
    SessionDetail, SessionRef, SessionSave, SessionSaved, SetAsideView, SheetInput, SyncEnroll,
    SyncView, TaskDetail, TaskInput, TaskPage, TaskQuery, TaskRef, TaskSave, TaskSaved,
    TaskTransition, TraineeAdd, TraineeProgress, TraineeRef, TraineeView, TrainingHome, Unit,
    UnitSearch,
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

#[tauri::command(async)]
pub fn set_aside_list(app: Core<'_>) -> Result<Vec<SetAsideView>, ApiError> {
    app.set_aside_list()
}

#[tauri::command(async)]
pub fn dead_letter_dismiss(
    app: Core<'_>,
    req: DeadLetterRef,
) -> Result<Vec<DeadLetterView>, ApiError> {
    app.dead_letter_dismiss(req)
}

#[tauri::command(async)]
pub fn training_home(app: Core<'_>) -> Result<TrainingHome, ApiError> {
    app.training_home()
}

#[tauri::command(async)]
pub fn programme_save(app: Core<'_>, req: ProgrammeInput) -> Result<TrainingHome, ApiError> {
    app.programme_save(req)
}

#[tauri::command(async)]
pub fn programme_keep_offline(app: Core<'_>, req: KeepOffline) -> Result<TrainingHome, ApiError> {
    app.programme_keep_offline(req)
}

#[tauri::command(async)]
pub fn session_get(app: Core<'_>, req: SessionRef) -> Result<SessionDetail, ApiError> {
    app.session_get(req)
}

#[tauri::command(async)]
pub fn session_save(app: Core<'_>, req: SessionSave) -> Result<SessionSaved, ApiError> {
    app.session_save(req)
}

#[tauri::command(async)]
pub fn material_add(app: Core<'_>, req: MaterialAdd) -> Result<MaterialSaved, ApiError> {
    app.material_add(req)
}

#[tauri::command(async)]
pub fn material_download(app: Core<'_>, req: MaterialRef) -> Result<MaterialView, ApiError> {
    app.material_download(req)
}

#[tauri::command(async)]
pub fn material_remove(app: Core<'_>, req: MaterialRef) -> Result<TrainingHome, ApiError> {
    app.material_remove(req)
}

#[tauri::command(async)]
pub fn library_search(app: Core<'_>, req: LibrarySearch) -> Result<Vec<LibraryHit>, ApiError> {
    app.library_search(req)
}

#[tauri::command(async)]
pub fn trainees_list(app: Core<'_>) -> Result<Vec<TraineeView>, ApiError> {
    app.trainees_list()
}

#[tauri::command(async)]
pub fn trainee_add(app: Core<'_>, req: TraineeAdd) -> Result<TraineeView, ApiError> {
    app.trainee_add(req)
}

#[tauri::command(async)]
pub fn trainee_progress(app: Core<'_>, req: TraineeRef) -> Result<TraineeProgress, ApiError> {
    app.trainee_progress(req)
}

#[tauri::command(async)]
pub fn attendance_check_in(app: Core<'_>, req: CheckIn) -> Result<SessionDetail, ApiError> {
    app.attendance_check_in(req)
}

#[tauri::command(async)]
pub fn attendance_report(app: Core<'_>) -> Result<AttendanceReport, ApiError> {
    app.attendance_report()
}

#[tauri::command(async)]
pub fn attendance_export(app: Core<'_>, req: AttendanceExport) -> Result<ExportDone, ApiError> {
    app.attendance_export(req)
}

#[tauri::command(async)]
pub fn quiz_save(app: Core<'_>, req: QuizSave) -> Result<SessionSaved, ApiError> {
    app.quiz_save(req)
}

#[tauri::command(async)]
pub fn quiz_submit(app: Core<'_>, req: QuizSubmit) -> Result<QuizResult, ApiError> {
    app.quiz_submit(req)
}

#[tauri::command(async)]
pub fn quiz_report(app: Core<'_>, req: SessionRef) -> Result<QuizReport, ApiError> {
    app.quiz_report(req)
}

/// Opens a material's file in the system's viewer (a PDF reader, a video player): the
/// core says where the file is (and counts the opening), the shell hands it to the desktop.
#[tauri::command(async)]
pub fn material_open(app: Core<'_>, req: MaterialRef) -> Result<MaterialFile, ApiError> {
    let file = app.material_open(req)?;
    crate::desktop::open_with_system(&file.path);
    Ok(file)
}
