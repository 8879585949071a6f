// Types of the Xã Số app API (notes/contract.md). Written by hand for now; to be
// replaced by a file generated from the Rust types with the same names. No logic here.

export type Locale = "vi" | "en";
export type Role = "unit_official" | "unit_lead" | "city_reviewer" | "city_admin";
export type UnitKind = "phuong" | "xa" | "dac_khu";
export type TaskKind = "khcn" | "dmst" | "cds";
export type TaskStatus =
  | "draft"
  | "submitted"
  | "returned"
  | "approved"
  | "contracted"
  | "in_progress"
  | "midterm_checked"
  | "accepted"
  | "rejected_at_acceptance"
  | "settled"
  | "suspended"
  | "cancelled";
export type Severity = "blocking" | "incomplete";
export type FieldIssue = { field: string; code: string; severity: Severity; message: string };
export type ApiError = { code: string; message: string; fields: FieldIssue[] };

export type Unit = { code: string; name: string; kind: UnitKind };
export type Profile = { unit_code: string; unit_name: string; display_name: string; role: Role };
export type BackupInfo = { name: string; created_at: string; size_bytes: number };
export type AppState = "ready" | "needs_profile" | "corrupt" | "newer_schema";
export type AppStatus = {
  state: AppState;
  locale: Locale;
  profile: Profile | null;
  demo: boolean;
  db_path: string;
  message: string | null;
  backups: BackupInfo[];
};

export type TaskInput = {
  kind: TaskKind;
  year: number;
  name: string;
  field: string;
  task_type: string;
  basis: string;
  urgency: string;
  objectives: string;
  contents: string;
  expected_results: string;
  impact: string;
  cost_state: string;
  cost_own: string;
  cost_other: string;
  start_date: string;
  end_date: string;
  host_unit: string;
  leader: string;
  results_usage: string;
};
export type TaskSummary = {
  id: string;
  kind: TaskKind;
  status: TaskStatus;
  year: number;
  name: string;
  leader: string;
  cost_total: number;
  updated_at: string;
  next_due: string | null;
};
export type TaskQuery = {
  status: TaskStatus | null;
  kind: TaskKind | null;
  year: number | null;
  search: string;
  offset: number;
  limit: number;
};
export type TaskPage = { items: TaskSummary[]; total: number; years: number[] };
export type TransitionView = {
  id: string;
  from: TaskStatus | null;
  to: TaskStatus;
  actor: string;
  at: string;
  comment: string;
};
export type AllowedTransition = { to: TaskStatus; comment_required: boolean };
export type Milestone = {
  id: string;
  task_id: string;
  title: string;
  responsible: string;
  unit: string;
  start_date: string;
  due_date: string;
  done: boolean;
  overdue: boolean;
};
export type TaskDetail = {
  id: string;
  unit_code: string;
  status: TaskStatus;
  input: TaskInput;
  cost_total: number;
  duration_months: number | null;
  created_at: string;
  updated_at: string;
  transitions: TransitionView[];
  milestones: Milestone[];
  allowed: AllowedTransition[];
  missing: FieldIssue[];
};
export type TaskSaved = { task: TaskDetail; issues: FieldIssue[] };
export type MilestoneInput = {
  task_id: string;
  id: string | null;
  title: string;
  responsible: string;
  unit: string;
  start_date: string;
  due_date: string;
  done: boolean;
};
export type MilestoneSaved = { task: TaskDetail; issues: FieldIssue[] };
