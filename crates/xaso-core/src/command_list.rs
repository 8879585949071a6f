// The one list of the app's commands: each is a method of `xaso_core::App` of the same
// name, taking the request type (if any) and answering the response type. Everything else
// is made from this list, so adding a command is one `App` method and one line here:
// - `xaso_core::bindings::COMMANDS`, and from it the UI's typed wrappers
//   (`ui/src/lib/api/commands.ts`, checked fresh by `cargo test -p xaso-core bindings`);
// - `xaso_core::dispatch`, which answers a command by name with JSON (the UI tests'
//   bridge to the real core);
// - the shell's Tauri adapters and their registration (`src-tauri/src/commands.rs`);
// - one `allow-<command>` permission each (`src-tauri/build.rs` includes this file), which
//   `capabilities/main.json` must grant (checked by `cargo test -p xaso-app`).
// Plain `macro_rules!` so that a build script can `include!` it without depending on this
// crate; the type names resolve where the callback expands.

/// Calls `$callback! { name(Request) -> Response; ... }` with every command of the app,
/// in the UI's order (a command without a request has empty parentheses).
#[macro_export]
macro_rules! for_each_command {
    ($callback:ident) => {
        $callback! {
            app_status() -> AppStatus;
            units_search(UnitSearch) -> Vec<Unit>;
            profile_set(ProfileSet) -> AppStatus;
            locale_set(LocaleSet) -> AppStatus;
            tasks_list(TaskQuery) -> TaskPage;
            task_get(TaskRef) -> TaskDetail;
            task_create(TaskInput) -> TaskSaved;
            task_save(TaskSave) -> TaskSaved;
            task_transition(TaskTransition) -> TaskDetail;
            milestone_save(MilestoneInput) -> MilestoneSaved;
            milestone_delete(MilestoneDelete) -> TaskDetail;
            backups_list() -> Vec<BackupInfo>;
            backup_now() -> BackupInfo;
            backup_restore(BackupRestore) -> AppStatus;
            estimates_list(TaskRef) -> EstimateList;
            estimate_create(EstimateCreate) -> EstimateDetail;
            estimate_get(EstimateRef) -> EstimateDetail;
            estimate_compute(SheetInput) -> ComputeResult;
            estimate_save(SheetInput) -> EstimateSaved;
            estimate_transition(EstimateTransition) -> EstimateDetail;
            estimate_line_comment(LineComment) -> EstimateDetail;
            estimate_new_version(EstimateRef) -> EstimateDetail;
            estimate_compare(EstimateCompare) -> CompareView;
            estimate_export_xlsx(EstimateRef) -> ExportDone;
            estimate_export_pdf(EstimateRef) -> ExportDone;
            export_open(ExportOpen) -> ExportDone;
            norms_list() -> Vec<NormView>;
            indicators_list() -> Vec<IndicatorView>;
            norm_save(NormInput) -> NormSaved;
            indicator_save(IndicatorInput) -> IndicatorSaved;
            reports_home() -> ReportsHome;
            report_open(ReportOpen) -> ReportDetail;
            report_get(ReportRef) -> ReportDetail;
            report_save(ReportSave) -> ReportSaved;
            report_transition(ReportTransition) -> ReportDetail;
            report_correct(ReportRef) -> ReportDetail;
            kpi_dashboard(KpiDashboardQuery) -> KpiDashboard;
            plan_get(PlanQuery) -> PlanView;
            plan_set(PlanSet) -> PlanView;
            sync_status() -> SyncView;
            data_changes(DataSince) -> DataChanges;
            sync_now() -> SyncView;
            sync_enroll(SyncEnroll) -> SyncView;
            sync_sign_out() -> SyncView;
            conflicts_list() -> Vec<ConflictView>;
            conflict_resolve(ConflictResolve) -> Vec<ConflictView>;
            dead_letters_list() -> Vec<DeadLetterView>;
            set_aside_list() -> Vec<SetAsideView>;
            dead_letter_dismiss(DeadLetterRef) -> Vec<DeadLetterView>;
            training_home() -> TrainingHome;
            programme_save(ProgrammeInput) -> TrainingHome;
            programme_keep_offline(KeepOffline) -> TrainingHome;
            session_get(SessionRef) -> SessionDetail;
            session_save(SessionSave) -> SessionSaved;
            material_add(MaterialAdd) -> MaterialSaved;
            material_download(MaterialRef) -> MaterialView;
            material_remove(MaterialRef) -> TrainingHome;
            material_open(MaterialRef) -> MaterialFile;
            library_search(LibrarySearch) -> Vec<LibraryHit>;
            trainees_list() -> Vec<TraineeView>;
            trainee_add(TraineeAdd) -> TraineeView;
            trainee_progress(TraineeRef) -> TraineeProgress;
            attendance_check_in(CheckIn) -> SessionDetail;
            attendance_report() -> AttendanceReport;
            attendance_export(AttendanceExport) -> ExportDone;
            quiz_save(QuizSave) -> SessionSaved;
            quiz_submit(QuizSubmit) -> QuizResult;
            quiz_report(SessionRef) -> QuizReport;
        }
    };
}
