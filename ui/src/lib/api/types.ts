// Generated from the Rust types in crates/xaso-core by `cargo test -p xaso-core bindings`
// (XASO_UPDATE_BINDINGS=1 rewrites it). Do not edit by hand.

export type Locale = "vi" | "en";

export type Role = "unit_official" | "unit_lead" | "city_reviewer" | "city_admin";

export type UnitKind = "phuong" | "xa" | "dac_khu";

export type TaskKind = "khcn" | "dmst" | "cds";

export type TaskStatus = "draft" | "submitted" | "returned" | "approved" | "contracted" | "in_progress" | "midterm_checked" | "accepted" | "rejected_at_acceptance" | "settled" | "suspended" | "cancelled";

export type Severity = "blocking" | "incomplete";

export type FieldIssue = { field: string, code: string, severity: Severity, message: string, };

export type ErrorCode = "not_found" | "validation" | "not_editable" | "transition_refused" | "task_incomplete" | "store_corrupt" | "store_newer_version" | "store_io" | "no_profile" | "backup_failed" | "internal";

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

export type TaskSummary = { id: string, kind: TaskKind, status: TaskStatus, year: number, name: string, leader: string, cost_total: number, updated_at: string, next_due: string | null, };

export type TaskQuery = { status: TaskStatus | null, kind: TaskKind | null, year: number | null, search: string, offset: number, limit: number, };

export type TaskPage = { items: Array<TaskSummary>, 
/**
 * How many tasks match, counted up to 1 000.
 */
total: number, 
/**
 * More than `total` match (the count stops at 1 000): show "more than 1.000".
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
