// Generated from the Rust types in crates/xaso-core by `cargo test -p xaso-core bindings`
// (XASO_UPDATE_BINDINGS=1 rewrites it). Do not edit by hand.

export type Locale = "vi" | "en";

export type Role = "unit_official" | "unit_lead" | "city_reviewer" | "city_admin";

export type UnitKind = "phuong" | "xa" | "dac_khu";

export type TaskKind = "khcn" | "dmst" | "cds";

export type TaskStatus = "draft" | "submitted" | "returned" | "approved" | "contracted" | "in_progress" | "midterm_checked" | "accepted" | "rejected_at_acceptance" | "settled" | "suspended" | "cancelled";

export type Severity = "blocking" | "incomplete";

export type FieldIssue = { field: string, code: string, severity: Severity, message: string, };

export type ErrorCode = "not_found" | "validation" | "not_editable" | "transition_refused" | "task_incomplete" | "store_corrupt" | "store_newer_version" | "store_io" | "no_profile" | "backup_failed" | "not_enrolled" | "sync_failed" | "forbidden" | "file_not_here" | "file_failed" | "internal";

export type ApiError = { code: ErrorCode, message: string, fields: Array<FieldIssue>, };

export type Unit = { code: string, name: string, kind: UnitKind, };

export type Profile = { unit_code: string, unit_name: string, display_name: string, role: Role, };

export type BackupInfo = { name: string, created_at: string, size_bytes: number, };

export type AppState = "ready" | "needs_profile" | "corrupt" | "newer_schema";

export type AppStatus = { state: AppState, locale: Locale, profile: Profile | null, demo: boolean, db_path: string, 
/**
 * Why the app is not ready (corrupt, newer schema), in the user's language.
 */
message: string | null, backups: Array<BackupInfo>, };

export type UnitSearch = { query: string, };

export type ProfileSet = { unit_code: string, display_name: string, role: Role, };

export type LocaleSet = { locale: Locale, };

export type TaskInput = { kind: TaskKind, year: number, name: string, field: string, task_type: string, basis: string, urgency: string, objectives: string, contents: string, expected_results: string, impact: string, cost_state: string, cost_own: string, cost_other: string, start_date: string, end_date: string, host_unit: string, leader: string, results_usage: string, };

export type TaskSummary = { id: string, kind: TaskKind, status: TaskStatus, year: number, name: string, leader: string, cost_total: number, updated_at: string, next_due: string | null, 
/**
 * The owning unit (shown to the city, whose lists span every unit).
 */
unit_name: string, };

export type TaskQuery = { status: TaskStatus | null, kind: TaskKind | null, year: number | null, search: string, offset: number, limit: number, };

export type TaskPage = { items: Array<TaskSummary>, 
/**
 * How many tasks match, counted up to 1 000 (200 for a search).
 */
total: number, 
/**
 * More than `total` match (the count stopped): show "more than 1.000".
 */
total_capped: boolean, 
/**
 * Fiscal years that have tasks, newest first (for the year filter).
 */
years: Array<number>, };

export type TaskRef = { id: string, };

export type TaskSave = { id: string, input: TaskInput, };

export type TaskTransition = { id: string, to: TaskStatus, comment: string, };

export type TransitionView = { id: string, from: TaskStatus | null, to: TaskStatus, actor: string, at: string, comment: string, };

export type AllowedTransition = { to: TaskStatus, comment_required: boolean, };

export type Milestone = { id: string, task_id: string, title: string, responsible: string, unit: string, start_date: string, due_date: string, done: boolean, 
/**
 * Past due and not done, as of today on this computer.
 */
overdue: boolean, };

export type TaskDetail = { id: string, unit_code: string, status: TaskStatus, 
/**
 * The stored form (money as plain digits, dates `yyyy-mm-dd`).
 */
input: TaskInput, cost_total: number, duration_months: number | null, created_at: string, updated_at: string, 
/**
 * Oldest first.
 */
transitions: Array<TransitionView>, milestones: Array<Milestone>, 
/**
 * What this user may do next.
 */
allowed: Array<AllowedTransition>, 
/**
 * What must be fixed before the proposal can be submitted.
 */
missing: Array<FieldIssue>, 
/**
 * Whether the proposal fields may be edited now (draft or returned).
 */
editable: boolean, };

export type TaskSaved = { task: TaskDetail, 
/**
 * Blocking issues (those fields were not saved) and what is still incomplete.
 */
issues: Array<FieldIssue>, };

export type MilestoneInput = { task_id: string, id: string | null, title: string, responsible: string, unit: string, start_date: string, due_date: string, done: boolean, };

export type MilestoneSaved = { task: TaskDetail, 
/**
 * Non-empty means nothing was saved.
 */
issues: Array<FieldIssue>, };

export type MilestoneDelete = { task_id: string, id: string, };

export type BackupRestore = { name: string, };

export type NormKind = "cap" | "coefficient" | "ratio" | "target";

export type LineGroup = "labour" | "materials" | "equipment" | "other";

export type LabourRole = "chu_nhiem" | "thanh_vien_chinh" | "thu_ky_khoa_hoc" | "thanh_vien" | "ky_thuat_vien";

export type EstimateStatus = "draft" | "submitted" | "returned" | "approved";

export type NormView = { id: string, code: string, description: string, 
/**
 * The value as written in Vietnamese: `0,8`, `40000000`.
 */
value: string, unit: string, kind: NormKind, legal_basis: string, effective_from: string | null, effective_to: string | null, verified: boolean, 
/**
 * In force today.
 */
in_force: boolean, };

export type NormInput = { id: string | null, code: string, description: string, value: string, unit: string, kind: NormKind, legal_basis: string, 
/**
 * `""` or `yyyy-mm-dd`.
 */
effective_from: string, effective_to: string, verified: boolean, };

export type NormSaved = { norms: Array<NormView>, 
/**
 * Non-empty: nothing was saved.
 */
issues: Array<FieldIssue>, };

export type EstimateSummary = { id: string, task_id: string, year: number, version_no: number, status: EstimateStatus, total: number, flags: number, updated_at: string, };

export type EstimateList = { task_id: string, estimates: Array<EstimateSummary>, 
/**
 * Sum over the years of each year's latest version (a multi-year task's total).
 */
total_all_years: number, };

export type EstimateCreate = { task_id: string, year: number, };

export type EstimateRef = { id: string, };

export type PersonInput = { id: string | null, name: string, role: LabourRole, 
/**
 * Converted months, typed: `12`, `10,5`.
 */
months: string, };

export type LineInput = { id: string | null, group: LineGroup, content: string, unit: string, quantity: string, unit_price: string, own: string, other: string, note: string, 
/**
 * `""`: not checked against a norm.
 */
norm_code: string, };

export type SheetInput = { id: string, leader_rate: string, estimate_date: string, people: Array<PersonInput>, lines: Array<LineInput>, };

export type AmountsView = { total: number, state: number, own: number, other: number, };

export type ComputedLineView = { group: LineGroup, content: string, unit: string, quantity: string, unit_price: number, amounts: AmountsView, note: string, norm_code: string | null, 
/**
 * Index into `people` for a labour line made from a person.
 */
person: number | null, 
/**
 * Index into `lines` for an entered line.
 */
line: number | null, flagged: boolean, };

export type GroupView = { group: LineGroup, roman: string, label: string, amounts: AmountsView, };

export type FlagTarget = "leader_rate" | "person" | "line";

export type FlagView = { target: FlagTarget, 
/**
 * Index into `people` or `lines`.
 */
index: number | null, norm_code: string, legal_basis: string, verified: boolean, limit: number | null, actual: number | null, excess: number | null, message: string, };

export type ComputedView = { 
/**
 * Official order: group I (people, then entered lines), II, III, IV.
 */
lines: Array<ComputedLineView>, groups: Array<GroupView>, total: AmountsView, 
/**
 * The grand total in Vietnamese words ("Bằng chữ"), for the printed form.
 */
total_in_words: string, flags: Array<FlagView>, };

export type ComputeResult = { computed: ComputedView, 
/**
 * Cells that could not be read (computed as before / as zero).
 */
issues: Array<FieldIssue>, };

export type LineView = { input: LineInput, 
/**
 * The city reviewer's comment on this line.
 */
review_comment: string, };

export type EstimateMove = { to: EstimateStatus, comment_required: boolean, };

export type EstimateDetail = { id: string, task_id: string, task_name: string, unit_name: string, year: number, version_no: number, status: EstimateStatus, editable: boolean, 
/**
 * The moves this person may make now, each saying whether it needs a reason (as a
 * task's do).
 */
allowed: Array<EstimateMove>, leader_rate: string, estimate_date: string, review_comment: string, based_on: string | null, people: Array<PersonInput>, lines: Array<LineView>, computed: ComputedView, 
/**
 * Every version of this task's estimates (all years), for switching and comparing.
 */
versions: Array<EstimateSummary>, 
/**
 * The norms (all dates) for the line's norm picker.
 */
norms: Array<NormView>, };

export type EstimateSaved = { estimate: EstimateDetail, 
/**
 * Blocking: that cell kept its stored value; the rest was saved.
 */
issues: Array<FieldIssue>, };

export type EstimateTransition = { id: string, to: EstimateStatus, comment: string, };

export type LineComment = { estimate_id: string, line_id: string, comment: string, };

export type EstimateCompare = { from: string, to: string, };

export type LineChange = "same" | "changed" | "added" | "removed";

export type CompareRow = { group: LineGroup, content: string, before: AmountsView | null, after: AmountsView | null, difference: number, change: LineChange, };

export type CompareView = { from_version: number, to_version: number, rows: Array<CompareRow>, total_before: AmountsView, total_after: AmountsView, 
/**
 * `total_after.total − total_before.total`.
 */
total_difference: number, };

export type SyncState = "not_enrolled" | "online" | "offline" | "syncing" | "needs_update" | "unauthorized" | "account_disabled";

export type SyncAccount = { user: string, display_name: string, role: Role, unit_code: string | null, unit_name: string | null, };

export type SyncView = { state: SyncState, server_url: string | null, account: SyncAccount | null, 
/**
 * Signed out and not enrolled since: whom the laptop spoke for before. Changes still
 * pending were (mostly) theirs, and go under the next account enrolled.
 */
previous_account: SyncAccount | null, 
/**
 * Local changes not yet accepted by the server.
 */
pending: number, conflicts_open: number, 
/**
 * Changes the server refused for good (see [`DeadLetterView`]).
 */
refused: number, 
/**
 * Changes received that this laptop cannot store, set aside (see [`SetAsideView`]).
 */
set_aside: number, 
/**
 * This laptop's clock is far from the city server's: what to do, in the user's
 * language. `None` when it is right (or the server did not say its time).
 */
clock_warning: string | null, 
/**
 * This data folder was copied from another computer (or folder) and is not enrolled
 * here: what happened and what to do, in the user's language. Cleared by enrolling.
 */
copied: string | null, 
/**
 * RFC 3339 UTC.
 */
last_success: string | null, 
/**
 * Why the last attempt failed, in the user's language.
 */
last_error: string | null, };

export type SyncEnroll = { server_url: string, user: string, password: string, 
/**
 * A name the city's admin recognises in the device list.
 */
device_name: string, 
/**
 * A PEM file with the city's own certificate authority, if it uses one.
 */
ca_file: string | null, 
/**
 * The person confirmed a plain `http://` server that is not this computer (the form
 * offers it, with a warning, after such an address was refused).
 */
allow_insecure_http: boolean, };

export type ConflictSide = { 
/**
 * The value as a person reads it (text as is, amounts formatted, statuses named).
 */
value: string, actor: string, 
/**
 * RFC 3339 UTC.
 */
at: string, };

export type ConflictView = { id: string, 
/**
 * What was edited twice, e.g. "Nhiệm vụ «Số hóa …» · Mục tiêu".
 */
label: string, table: string, row_id: string, field: string, kept: ConflictSide, other: ConflictSide, 
/**
 * The field's value on this laptop now (it may have been edited since).
 */
current: string, resolved: boolean, };

export type ConflictChoice = "kept" | "other" | "merged";

export type ConflictResolve = { id: string, choice: ConflictChoice, 
/**
 * The merged text, for [`ConflictChoice::Merged`].
 */
merged: string | null, };

export type DeadLetterView = { op_id: string, label: string, value: string, reason: string, at: string, };

export type SetAsideView = { 
/**
 * `unit:<code>` or `city`.
 */
partition: string, 
/**
 * Its number in the partition's history on the server.
 */
seq: number, 
/**
 * What it would have changed, as a person names it ("Nhiệm vụ «…» · Năm").
 */
label: string, table: string, row_id: string, field: string, 
/**
 * The value as received (JSON), cut to a few thousand characters.
 */
value: string, 
/**
 * Who made the change, as the server names them.
 */
actor: string, 
/**
 * Why this laptop cannot store it, in the user's language.
 */
reason: string, 
/**
 * When it was set aside (RFC 3339 UTC).
 */
at: string, };

export type DeadLetterRef = { op_id: string, };

export type PlanQuery = { year: number, };

export type PlanSet = { year: number, annual_spending: string, };

export type PlanKindTotal = { kind: TaskKind, total: number, estimates: number, };

export type PlanView = { year: number, annual_spending: number | null, by_kind: Array<PlanKindTotal>, total: number, 
/**
 * Share of annual spending, as shown: `3,25 %`; null without annual spending.
 */
share: string | null, 
/**
 * The city's target as shown (`3 %`) and the norm it comes from.
 */
target: string | null, target_norm: NormView | null, meets_target: boolean | null, issues: Array<FieldIssue>, };

export type ExportDone = { 
/**
 * Where the file was written.
 */
path: string, };

export type SessionFormat = "in_person" | "online" | "hybrid";

export type AttendanceMode = "in_person" | "online";

export type SessionInput = { title: string, topic: string, 
/**
 * `yyyy-mm-ddThh:mm`, Vietnam's time.
 */
starts_at: string, ends_at: string, format: SessionFormat, place: string, online_link: string, speakers: string, 
/**
 * Every unit takes part; otherwise `bridge_points` lists them.
 */
all_units: boolean, bridge_points: Array<string>, description: string, };

export type Question = { 
/**
 * `None` for a new question.
 */
id: string | null, prompt: string, 
/**
 * Several answers may be right (tick boxes); otherwise exactly one (a radio).
 */
multiple: boolean, options: Array<string>, 
/**
 * Indexes into `options` of the right answers.
 */
correct: Array<number>, };

export type Answer = { question_id: string, chosen: Array<number>, };

export type TrainingHome = { 
/**
 * City staff publish programmes, sessions, materials and quizzes.
 */
can_publish: boolean, 
/**
 * A unit's laptop checks its trainees in.
 */
can_check_in: boolean, programmes: Array<ProgrammeView>, };

export type ProgrammeView = { id: string, title: string, description: string, 
/**
 * Every material of the programme is kept on this laptop.
 */
keep_offline: boolean, sessions: Array<SessionSummary>, materials: number, 
/**
 * Of those, how many files are on this laptop, verified.
 */
materials_ready: number, };

export type SessionSummary = { id: string, title: string, topic: string, 
/**
 * `08:00 05/12/2026 – 11:30`
 */
when: string, format: SessionFormat, format_label: string, 
/**
 * This laptop's unit is one of the session's bridge points (always true for the city).
 */
takes_part: boolean, 
/**
 * Trainees checked in (this unit's; every unit's for the city).
 */
attended: number, };

export type ProgrammeInput = { id: string | null, title: string, description: string, };

export type SessionSave = { programme_id: string, 
/**
 * `None` publishes a new session.
 */
id: string | null, form: SessionInput, };

export type SessionSaved = { session: SessionDetail | null, issues: Array<FieldIssue>, };

export type SessionRef = { id: string, };

export type SessionDetail = { id: string, programme_id: string, programme_title: string, 
/**
 * The session as its form shows it (for editing).
 */
form: SessionInput, when: string, format_label: string, 
/**
 * "Tất cả các đơn vị" or the units' names.
 */
bridge_points_label: string, 
/**
 * The chosen bridge points (empty when every unit takes part), for the form's chips.
 */
bridge_point_units: Array<Unit>, takes_part: boolean, materials: Array<MaterialView>, questions: Array<Question>, 
/**
 * This unit's check-ins (every unit's for the city).
 */
attendance: Array<AttendanceView>, 
/**
 * This unit's quiz attempts (every unit's for the city).
 */
attempts: Array<AttemptView>, can_publish: boolean, can_check_in: boolean, };

export type FileState = "not_downloaded" | "queued" | "downloading" | "ready" | "uploading" | "problem";

export type FileView = { state: FileState, done: number, total: number, 
/**
 * Why the last attempt failed, in the user's language.
 */
problem: string | null, };

export type MaterialView = { id: string, programme_id: string, session_id: string | null, topic: string, title: string, description: string, file_name: string, media_type: string, size: number, 
/**
 * `12,5 MB`
 */
size_label: string, sha256: string, file: FileView, };

export type MaterialAdd = { programme_id: string, session_id: string | null, title: string, description: string, 
/**
 * A file on this computer; it is copied into the app's store.
 */
path: string, };

export type MaterialSaved = { material: MaterialView | null, issues: Array<FieldIssue>, };

export type MaterialRef = { id: string, };

export type MaterialFile = { path: string, media_type: string, };

export type KeepOffline = { programme_id: string, keep: boolean, };

export type LibrarySearch = { query: string, };

export type LibraryHit = { material: MaterialView, programme_title: string, session_title: string | null, };

export type TraineeView = { id: string, unit_code: string, full_name: string, position: string, };

export type TraineeAdd = { full_name: string, position: string, };

export type TraineeRef = { id: string, };

export type CheckIn = { session_id: string, trainee_id: string | null, new_name: string, new_position: string, mode: AttendanceMode, };

export type AttendanceView = { id: string, trainee_id: string, trainee_name: string, unit_code: string, unit_name: string, mode: AttendanceMode, mode_label: string, 
/**
 * `08:05 05/12/2026`
 */
checked_in_at: string, checked_in_by: string, };

export type AttemptView = { id: string, trainee_id: string, trainee_name: string, unit_code: string, score: number, out_of: number, answered_at: string, };

export type QuizSave = { session_id: string, questions: Array<Question>, };

export type QuizSubmit = { session_id: string, trainee_id: string, answers: Array<Answer>, };

export type QuizResult = { score: number, out_of: number, 
/**
 * Per question, in the quiz's order: answered exactly right.
 */
correct: Array<boolean>, session: SessionDetail, };

export type AttendanceReport = { sessions: Array<SessionAttendance>, in_person: number, online: number, total: number, 
/**
 * Units with at least one check-in.
 */
units: number, };

export type SessionAttendance = { session_id: string, title: string, when: string, units: Array<UnitAttendance>, in_person: number, online: number, total: number, };

export type UnitAttendance = { unit_code: string, unit_name: string, in_person: number, online: number, total: number, };

export type ReportFormat = "csv" | "xlsx";

export type AttendanceExport = { format: ReportFormat, };

export type QuizReport = { session_id: string, title: string, units: Array<UnitQuizResult>, 
/**
 * Hardest first (lowest share answered right).
 */
questions: Array<QuestionResult>, };

export type UnitQuizResult = { unit_code: string, unit_name: string, attempts: number, 
/**
 * Average score as a percentage of the maximum, rounded.
 */
average_percent: number, };

export type QuestionResult = { question_id: string, prompt: string, answered: number, right: number, right_percent: number, };

export type TraineeProgress = { trainee: TraineeView, sessions: Array<ProgressSession>, materials: Array<ProgressMaterial>, quizzes: Array<ProgressQuiz>, };

export type ProgressSession = { session_id: string, title: string, when: string, mode_label: string, };

export type ProgressMaterial = { material_id: string, title: string, opened_at: string, };

export type ProgressQuiz = { session_id: string, title: string, score: number, out_of: number, };
