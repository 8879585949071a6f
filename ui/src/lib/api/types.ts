// Generated from the Rust types in crates/xaso-core by `cargo test -p xaso-core bindings`
// (XASO_UPDATE_BINDINGS=1 rewrites it). Do not edit by hand.

export type Locale = "vi" | "en";

export type Role = "unit_official" | "unit_lead" | "city_reviewer" | "city_admin";

export type UnitKind = "phuong" | "xa" | "dac_khu";

export type TaskKind = "khcn" | "dmst" | "cds";

export type TaskStatus = "draft" | "submitted" | "returned" | "approved" | "contracted" | "in_progress" | "midterm_checked" | "accepted" | "rejected_at_acceptance" | "settled" | "suspended" | "cancelled";

export type Severity = "blocking" | "incomplete";

export type FieldIssue = { 
/**
 * The form field it belongs to, as the request names it; a path for rows of a grid
 * or list (`lines.3.unit_price`, `questions.0`), so the UI shows it beside that cell.
 */
field: string, 
/**
 * Stable machine code (`required`, `too_long`, `not_a_number`, …): branch on this,
 * never on `message`.
 */
code: string, 
/**
 * Blocking: the value was not stored (the field kept its old value). Incomplete:
 * stored, but it blocks submission.
 */
severity: Severity, 
/**
 * What to fix, ready to show beside the field.
 */
message: string, };

export type ErrorCode = "not_found" | "validation" | "not_editable" | "transition_refused" | "task_incomplete" | "store_corrupt" | "store_newer_version" | "store_io" | "no_profile" | "backup_failed" | "not_enrolled" | "sync_failed" | "forbidden" | "file_not_here" | "file_failed" | "internal";

export type ApiError = { 
/**
 * The kind of failure, stable across versions and languages: what the UI switches on.
 */
code: ErrorCode, 
/**
 * Ready to show, in the person's language (Vietnamese while the store cannot be read);
 * never branch on it.
 */
message: string, 
/**
 * Per-field problems for the form to mark; empty when the error is not about fields.
 */
fields: Array<FieldIssue>, };

export type Unit = { code: string, name: string, kind: UnitKind, };

export type Profile = { 
/**
 * Code of the ward, commune or special zone, from the bundled list of 168 units.
 */
unit_code: string, 
/**
 * Shown in the header; for city roles the Department's name, not the unit picked at
 * first start.
 */
unit_name: string, 
/**
 * The person's name; recorded as the actor of every change made on this laptop.
 */
display_name: string, 
/**
 * Decides which moves and screens are offered (the server checks again on sync).
 */
role: Role, };

export type BackupInfo = { 
/**
 * File name inside the backups folder; what [`BackupRestore`] names.
 */
name: string, 
/**
 * When it was taken, RFC 3339 UTC to the second.
 */
created_at: string, 
/**
 * Size of the file on disk.
 */
size_bytes: number, };

export type AppState = "ready" | "needs_profile" | "corrupt" | "newer_schema";

export type AppStatus = { 
/**
 * Which screen to show.
 */
state: AppState, 
/**
 * The UI language; Vietnamese while the store cannot be read.
 */
locale: Locale, 
/**
 * `None` until first start is done (and while the store cannot be read).
 */
profile: Profile | null, 
/**
 * Running on a throw-away database with sample data: nothing is kept on exit.
 */
demo: boolean, 
/**
 * Full path of the database file, shown on the recovery screens and in settings.
 */
db_path: string, 
/**
 * Why the app is not ready (corrupt, newer schema), in the user's language.
 */
message: string | null, 
/**
 * The backups there are, for the restore list (empty if the folder cannot be read).
 */
backups: Array<BackupInfo>, 
/**
 * The zone every time is shown in (an IANA name, `Asia/Ho_Chi_Minh` by default): the
 * UI formats stored UTC times in it, whatever the machine's own zone.
 */
display_zone: string, };

export type UnitSearch = { 
/**
 * Free text: every word must appear in the unit's name (diacritics ignored: "ben
 * thanh" finds "Phường Bến Thành") or code; empty lists every unit.
 */
query: string, };

export type ProfileSet = { 
/**
 * Must be a unit of the bundled list, else an `unknown_unit` issue.
 */
unit_code: string, 
/**
 * Trimmed; 1–500 characters.
 */
display_name: string, 
/**
 * Any role may be declared here; the city server checks every change against the
 * role it granted.
 */
role: Role, };

export type LocaleSet = { 
/**
 * Also the language of every message and issue the core answers from now on.
 */
locale: Locale, };

export type TaskInput = { kind: TaskKind, year: number, name: string, field: string, task_type: string, basis: string, urgency: string, objectives: string, contents: string, expected_results: string, impact: string, cost_state: string, cost_own: string, cost_other: string, start_date: string, end_date: string, host_unit: string, leader: string, results_usage: string, };

export type TaskSummary = { 
/**
 * The task's UUIDv7, as text; what [`TaskRef`] names.
 */
id: string, 
/**
 * KHCN (science and technology), ĐMST (innovation) or CĐS (digital transformation);
 * the yearly plan adds up estimates by it.
 */
kind: TaskKind, 
/**
 * Where the proposal is in its lifecycle.
 */
status: TaskStatus, 
/**
 * Fiscal year the task is planned for.
 */
year: number, 
/**
 * Title of the task as typed in the proposal.
 */
name: string, 
/**
 * Task leader (chủ nhiệm nhiệm vụ) as typed; may be empty on a draft.
 */
leader: string, 
/**
 * State, own and other funding added up, in đồng.
 */
cost_total: number, 
/**
 * Last change, local or pulled: RFC 3339 UTC with milliseconds.
 */
updated_at: string, 
/**
 * Earliest due date (`yyyy-mm-dd`) of a milestone not done yet; `None` when there is
 * none.
 */
next_due: string | null, 
/**
 * That date has passed (in the display zone's today): the list marks it.
 */
next_due_overdue: boolean, 
/**
 * The owning unit (shown to the city, whose lists span every unit).
 */
unit_name: string, };

export type TaskQuery = { 
/**
 * `None`: every status.
 */
status: TaskStatus | null, 
/**
 * `None`: every kind.
 */
kind: TaskKind | null, 
/**
 * Fiscal year; `None`: every year.
 */
year: number | null, 
/**
 * Free text over the proposal's text fields (name, objectives, leader, …), with or
 * without diacritics; each word matches as a prefix, all must match. Empty: browse,
 * newest change first; a search lists newest created first.
 */
search: string, 
/**
 * Rows to skip; a negative value counts as 0.
 */
offset: number, 
/**
 * Page size, clamped to 1–200.
 */
limit: number, };

export type TaskPage = { 
/**
 * This page, in the list's order.
 */
items: Array<TaskSummary>, 
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

export type TaskRef = { 
/**
 * The task's UUIDv7 as text; text that is not one answers `not_found`.
 */
id: string, };

export type TaskSave = { 
/**
 * The task being edited; it must be a draft or returned, else `not_editable`.
 */
id: string, 
/**
 * Every field as typed (money as text, dates `yyyy-mm-dd`).
 */
input: TaskInput, };

export type TaskTransition = { 
/**
 * The task to move.
 */
id: string, 
/**
 * The status asked for; refused with `transition_refused` if the role or the current
 * status does not allow it, or `task_incomplete` when submitting with required fields
 * missing.
 */
to: TaskStatus, 
/**
 * The reason; required when [`AllowedTransition::comment_required`] says so; at most
 * 20 000 characters.
 */
comment: string, };

export type TransitionView = { 
/**
 * The transition row's UUIDv7 (history rows sync as new rows, never edited).
 */
id: string, 
/**
 * `None` for the creation of the task.
 */
from: TaskStatus | null, 
/**
 * The status the task moved to.
 */
to: TaskStatus, 
/**
 * Display name of who made the move, on the laptop where it was made.
 */
actor: string, 
/**
 * When: RFC 3339 UTC with milliseconds.
 */
at: string, 
/**
 * The reason given; empty when none was needed.
 */
comment: string, };

export type AllowedTransition = { 
/**
 * The status the task would move to.
 */
to: TaskStatus, 
/**
 * The move needs a reason (a return, a rejection at acceptance, a suspension or a
 * cancellation says why); one dialog asks for it, as for an estimate's move.
 */
comment_required: boolean, };

export type Milestone = { 
/**
 * The milestone's UUIDv7; what [`MilestoneDelete::id`] and a save's `id` name.
 */
id: string, 
/**
 * The task it belongs to.
 */
task_id: string, 
/**
 * What is to be delivered by the due date.
 */
title: string, 
/**
 * Who answers for it, as typed.
 */
responsible: string, 
/**
 * The unit or team carrying it out, as typed (free text, not a unit code).
 */
unit: string, 
/**
 * `yyyy-mm-dd`.
 */
start_date: string, 
/**
 * `yyyy-mm-dd`; past it and not done makes it `overdue`.
 */
due_date: string, 
/**
 * Ticked by the unit when delivered; a done milestone is never overdue.
 */
done: boolean, 
/**
 * It starts before the task's period or falls due after it (kept, and flagged: the
 * period or the milestone is wrong).
 */
outside_period: boolean, 
/**
 * Past due and not done, as of today on this computer.
 */
overdue: boolean, };

export type TaskDetail = { 
/**
 * The task's UUIDv7 as text.
 */
id: string, 
/**
 * The unit that owns the task (its partition for sync).
 */
unit_code: string, 
/**
 * Current status; with the role it decides `allowed` and `editable`.
 */
status: TaskStatus, 
/**
 * The stored form (money as plain digits, dates `yyyy-mm-dd`).
 */
input: TaskInput, 
/**
 * State, own and other funding added up, in đồng; `i64::MAX` if the stored amounts add
 * up past `Money::MAX` (never a wrapped number).
 */
cost_total: number, 
/**
 * Months from start to end date, a started month counting as one; `None` until both
 * dates are set (or if the end is before the start).
 */
duration_months: number | null, 
/**
 * RFC 3339 UTC with milliseconds.
 */
created_at: string, 
/**
 * RFC 3339 UTC with milliseconds.
 */
updated_at: string, 
/**
 * Oldest first.
 */
transitions: Array<TransitionView>, 
/**
 * By start date, then due date; each with its `overdue` flag.
 */
milestones: Array<Milestone>, 
/**
 * What this user may do next.
 */
allowed: Array<AllowedTransition>, 
/**
 * What must be fixed before the proposal can be submitted.
 */
missing: Array<FieldIssue>, 
/**
 * Whether this person may edit the proposal fields now (a draft or returned proposal,
 * of their own unit).
 */
editable: boolean, 
/**
 * Why not, in the person's language, when `editable` is false.
 */
read_only_because: string | null, };

export type TaskSaved = { 
/**
 * The task as stored after the save (blocking fields still hold their previous value).
 */
task: TaskDetail, 
/**
 * Blocking issues (those fields were not saved) and what is still incomplete.
 */
issues: Array<FieldIssue>, };

export type MilestoneInput = { task_id: string, id: string | null, title: string, responsible: string, unit: string, start_date: string, due_date: string, done: boolean, };

export type MilestoneSaved = { 
/**
 * The whole task, with the milestone list as stored now.
 */
task: TaskDetail, 
/**
 * Non-empty means nothing was saved.
 */
issues: Array<FieldIssue>, };

export type MilestoneDelete = { 
/**
 * The task whose page to answer with.
 */
task_id: string, 
/**
 * The milestone to delete.
 */
id: string, };

export type BackupRestore = { 
/**
 * A name from [`AppStatus::backups`]; checked before anything is closed, so a bad name
 * changes nothing (`backup_failed`).
 */
name: string, };

export type NormKind = "cap" | "coefficient" | "ratio" | "target";

export type LineGroup = "labour" | "materials" | "equipment" | "other";

export type LabourRole = "chu_nhiem" | "thanh_vien_chinh" | "thu_ky_khoa_hoc" | "thanh_vien" | "ky_thuat_vien";

export type EstimateStatus = "draft" | "submitted" | "returned" | "approved";

export type NormView = { 
/**
 * The norm row's UUIDv7, what [`NormInput::id`] names to correct it; empty for the
 * plan's target norm.
 */
id: string, 
/**
 * Stable key estimates refer to (`labor.leader_monthly_cap`,
 * `labor.coef.thu_ky_khoa_hoc`); several rows may share a code over different dates.
 */
code: string, 
/**
 * What the norm limits, in Vietnamese as published.
 */
description: string, 
/**
 * The value as written in Vietnamese: `0,8`, `40000000`.
 */
value: string, 
/**
 * Unit of the value as published (`VND/người/tháng`, `hệ số`).
 */
unit: string, 
/**
 * How the value applies: a cap in đồng, a coefficient, a ratio or a target share.
 */
kind: NormKind, 
/**
 * The legal text it comes from (`Thông tư 03/2023/TT-BTC`), cited in every flag it
 * raises.
 */
legal_basis: string, 
/**
 * First day in force, `yyyy-mm-dd`; `None`: the date is not confirmed, so it counts as
 * in force from the beginning.
 */
effective_from: string | null, 
/**
 * Last day in force, `yyyy-mm-dd`; `None`: open-ended.
 */
effective_to: string | null, 
/**
 * `false`: the figure has not been checked against the legal text yet; shown as
 * unverified, and so are its flags.
 */
verified: boolean, 
/**
 * In force today.
 */
in_force: boolean, };

export type NormInput = { 
/**
 * `None` publishes a new norm; `Some` corrects that norm.
 */
id: string | null, 
/**
 * Letters, digits, dots and underscores (trimmed); lines name it in their `norm_code`.
 */
code: string, 
/**
 * Required, at most 500 characters.
 */
description: string, 
/**
 * As typed: a Vietnamese decimal (`0,8`) or a published one (`0.8`), at most four
 * decimals; amounts in whole đồng (`40000000`).
 */
value: string, 
/**
 * Required, at most 500 characters (`VND/người/tháng`).
 */
unit: string, 
/**
 * How the value applies: a cap in whole đồng (per unit of a line), a coefficient, a
 * ratio or a target share.
 */
kind: NormKind, 
/**
 * Required, at most 500 characters.
 */
legal_basis: string, 
/**
 * `""` or `yyyy-mm-dd`.
 */
effective_from: string, 
/**
 * `""` (open-ended) or `yyyy-mm-dd`, not before `effective_from`.
 */
effective_to: string, 
/**
 * Checked against the legal text (unverified norms still apply, but are marked).
 */
verified: boolean, };

export type NormSaved = { 
/**
 * Every norm, as stored now (unchanged when there are issues).
 */
norms: Array<NormView>, 
/**
 * Non-empty: nothing was saved.
 */
issues: Array<FieldIssue>, };

export type KpiField = "khcn" | "dmst" | "cds" | "all";

export type Measure = "count" | "percent" | "amount" | "yes_no";

export type Aggregation = "sum" | "ratio_of_sums" | "mean" | "share_yes";

export type PeriodKind = "month" | "quarter" | "year";

export type Direction = "higher" | "lower";

export type IndicatorView = { 
/**
 * The indicator row's UUIDv7.
 */
id: string, 
/**
 * Stable key reports refer to (`cds.van_ban_ky_so`).
 */
code: string, 
/**
 * Its name as the city publishes it.
 */
name_vi: string, 
/**
 * Its name in English (empty when none was given).
 */
name_en: string, 
/**
 * KHCN, ĐMST, CĐS, or common to all three.
 */
field: KpiField, 
/**
 * What a unit reports: a count, a numerator and denominator, đồng, or yes/no.
 */
measure: Measure, 
/**
 * How the city's value is made from the units' values.
 */
aggregation: Aggregation, 
/**
 * How often it is reported.
 */
period: PeriodKind, 
/**
 * Which way is better.
 */
direction: Direction, 
/**
 * The city's target written the Vietnamese way (`80 %`, `1.200`, `5.000.000 ₫`);
 * `None`: no target set.
 */
target: string | null, 
/**
 * How the app proposes the value from its own data, in words; `None`: typed in.
 */
from_app_data: string | null, 
/**
 * Where the definition comes from (a resolution, a plan; `example` for the bundled
 * examples).
 */
source: string, 
/**
 * `false`: not yet checked against the city's published text; shown as unverified.
 */
verified: boolean, 
/**
 * The target as the edit form shows it (`80`, `80,5`, `1200`); empty: none.
 */
target_input: string, 
/**
 * First day it applies, `yyyy-mm-dd`; `None`: from the beginning.
 */
effective_from: string | null, 
/**
 * Last day it applies, `yyyy-mm-dd`; `None`: open-ended.
 */
effective_to: string | null, 
/**
 * It applies today (a report for today's period carries it).
 */
in_force: boolean, };

export type IndicatorInput = { 
/**
 * `None` publishes a new indicator; `Some` corrects that one.
 */
id: string | null, 
/**
 * Letters, digits, dots and underscores (trimmed), e.g. `cds.van_ban_ky_so`.
 */
code: string, 
/**
 * Required, at most 500 characters.
 */
name_vi: string, 
/**
 * At most 500 characters; may be empty.
 */
name_en: string, 
/**
 * KHCN, ĐMST, CĐS, or common to all three.
 */
field: KpiField, 
/**
 * What a unit reports.
 */
measure: Measure, 
/**
 * Must fit the measure: `sum`/`mean` for counts and amounts, `ratio_of_sums`/`mean`
 * for percents, `share_yes` for yes/no.
 */
aggregation: Aggregation, 
/**
 * How often it is reported.
 */
period: PeriodKind, 
/**
 * Which way is better.
 */
direction: Direction, 
/**
 * As typed (`80`, `80,5`, `1.250,5`, `1200`; a trailing `%` or `₫` is allowed): at most
 * two decimals; empty: no target.
 */
target: string, 
/**
 * How the app proposes the value from its own data, in words; empty: typed in.
 */
from_app_data: string, 
/**
 * Required: the resolution, plan or document the indicator comes from.
 */
source: string, 
/**
 * `""` or `yyyy-mm-dd` (`dd/mm/yyyy` is read too).
 */
effective_from: string, 
/**
 * `""` (open-ended) or a date not before `effective_from`.
 */
effective_to: string, 
/**
 * Checked against the city's published text.
 */
verified: boolean, };

export type IndicatorSaved = { 
/**
 * Every indicator, as stored now (unchanged when there are issues).
 */
indicators: Array<IndicatorView>, 
/**
 * Non-empty: nothing was saved.
 */
issues: Array<FieldIssue>, };

export type ReportStatus = "draft" | "signed" | "submitted" | "returned" | "accepted";

export type Section = { title: string, guidance: string, };

export type ReportFormView = { 
/**
 * Stable key (`cds.quy`).
 */
code: string, 
/**
 * In the session's language (Vietnamese when the form has no English name).
 */
name: string, 
/**
 * How often it is filed.
 */
period: PeriodKind, 
/**
 * Due this many days after the period ends.
 */
due_days: number, 
/**
 * The narrative sections, in order.
 */
sections: Array<Section>, 
/**
 * The codes of the indicators it carries.
 */
indicators: Array<string>, };

export type ReportSummary = { 
/**
 * The version's UUIDv7.
 */
id: string, 
/**
 * The unit that files it (the city's list shows every unit's).
 */
unit_name: string, 
/**
 * The form it follows.
 */
form_code: string, 
/**
 * The form's name in the session's language.
 */
form_name: string, 
/**
 * The period's key (`2026-Q3`) and its name (`Quý III/2026`).
 */
period: string, 
/**
 * The period's name in the session's language.
 */
period_label: string, 
/**
 * 1 for the first report, 2 for its first correction, …
 */
version_no: number, 
/**
 * Where it stands.
 */
status: ReportStatus, 
/**
 * The last day it is on time, `yyyy-mm-dd`.
 */
due: string, 
/**
 * Not yet sent and past its due day.
 */
overdue: boolean, };

export type ReportPeriod = { 
/**
 * The form.
 */
form_code: string, 
/**
 * The form's name in the session's language.
 */
form_name: string, 
/**
 * The period's key (`2026-Q3`).
 */
period: string, 
/**
 * The period's name in the session's language.
 */
period_label: string, 
/**
 * The last day it is on time, `yyyy-mm-dd`.
 */
due: string, 
/**
 * The unit's report for it, if one was started.
 */
report_id: string | null, };

export type ReportsHome = { 
/**
 * Every report form the city asks for.
 */
forms: Array<ReportFormView>, 
/**
 * The unit's reports (each one's latest version), the latest period first; for the
 * city's staff every unit's, those waiting for review first.
 */
reports: Array<ReportSummary>, 
/**
 * For each form, the period before and the current one (none for the city's staff).
 */
periods: Array<ReportPeriod>, };

export type ReportProposal = { 
/**
 * The value, as a line's `value` holds it.
 */
value: string, 
/**
 * Where it comes from, in words (`3 nhiệm vụ KHCN được phê duyệt trong kỳ`).
 */
source: string, };

export type ReportLine = { 
/**
 * The indicator's code.
 */
indicator_code: string, 
/**
 * The indicator's name in the session's language.
 */
name: string, 
/**
 * What is reported: a count, a percent (two numbers), đồng, yes/no.
 */
measure: Measure, 
/**
 * As stored: the count, the đồng, the numerator, or `1`/`0` for yes/no; empty when
 * not reported.
 */
value: string, 
/**
 * The denominator of a percent; empty otherwise.
 */
denominator: string, 
/**
 * The unit's note on the value.
 */
note: string, 
/**
 * `true`: the app's proposal, taken as it was.
 */
from_app: boolean, 
/**
 * The city's comment on this line when it returned the report.
 */
review_comment: string, 
/**
 * `80,5 %` for a percent whose two parts are in; empty otherwise.
 */
percent: string, 
/**
 * What the app proposes from its own data (a draft of the unit's own only).
 */
proposal: ReportProposal | null, };

export type ReportSection = { 
/**
 * The section's title on the form.
 */
title: string, 
/**
 * What the unit should write there.
 */
guidance: string, 
/**
 * What the unit wrote.
 */
text: string, 
/**
 * The city's comment on it when it returned the report.
 */
review_comment: string, };

export type ReportVersion = { 
/**
 * The version's UUIDv7.
 */
id: string, 
/**
 * 1, 2, …
 */
version_no: number, 
/**
 * Where it stands.
 */
status: ReportStatus, };

export type ReportDetail = { 
/**
 * This version's UUIDv7.
 */
id: string, 
/**
 * The unit that files it.
 */
unit_code: string, 
/**
 * The unit's name.
 */
unit_name: string, 
/**
 * The form it follows.
 */
form_code: string, 
/**
 * The form's name in the session's language.
 */
form_name: string, 
/**
 * The period's key (`2026-Q3`).
 */
period: string, 
/**
 * The period's name in the session's language.
 */
period_label: string, 
/**
 * 1 for the first report, 2 for its first correction, …
 */
version_no: number, 
/**
 * Where it stands.
 */
status: ReportStatus, 
/**
 * The steps this session's role may take now (the screen's buttons).
 */
allowed: Array<ReportStatus>, 
/**
 * Values and narrative may be changed here now (a draft, by its unit's staff).
 */
editable: boolean, 
/**
 * Who signed it off (shown once it is signed).
 */
signed_by: string, 
/**
 * When it was sent (RFC 3339 UTC).
 */
submitted_at: string | null, 
/**
 * The last day it is on time, `yyyy-mm-dd`.
 */
due: string, 
/**
 * The city's reason when it returned it.
 */
review_comment: string, 
/**
 * The narrative, section by section.
 */
sections: Array<ReportSection>, 
/**
 * The indicators' lines, in the form's order.
 */
lines: Array<ReportLine>, 
/**
 * Every version, the latest first.
 */
versions: Array<ReportVersion>, };

export type ReportOpen = { 
/**
 * The form.
 */
form_code: string, 
/**
 * The period's key (`2026-Q3`), of the form's period kind.
 */
period: string, };

export type ReportRef = { 
/**
 * A report version's UUIDv7.
 */
id: string, };

export type ReportLineInput = { 
/**
 * The line's indicator (one of the form's).
 */
indicator_code: string, 
/**
 * A whole number (`1200`, `1.200`); for yes/no `1` or `0`; empty: not reported.
 */
value: string, 
/**
 * For a percent: a whole number not below the numerator.
 */
denominator: string, 
/**
 * At most 500 characters.
 */
note: string, 
/**
 * The app's proposal was taken as it was.
 */
from_app: boolean, };

export type ReportSave = { 
/**
 * The draft.
 */
id: string, 
/**
 * The lines typed (any of the form's indicators; those left out stay as they are).
 */
lines: Array<ReportLineInput>, 
/**
 * The text of each section, by position.
 */
narrative: Array<string>, };

export type ReportSaved = { 
/**
 * The report as stored now.
 */
report: ReportDetail, 
/**
 * What was wrong, beside each cell.
 */
issues: Array<FieldIssue>, };

export type ReportTransition = { 
/**
 * The report version.
 */
id: string, 
/**
 * The step.
 */
to: ReportStatus, 
/**
 * Why it is returned (required for a return).
 */
comment: string, 
/**
 * A comment per section, by position (a return only).
 */
section_comments: Array<string>, 
/**
 * `(indicator code, comment)` (a return only).
 */
line_comments: Array<[string, string]>, };

export type KpiDashboardQuery = { 
/**
 * A period key (`2026-Q3`, `2026`); empty: the last quarter that has ended.
 */
period: string, };

export type PeriodChoice = { 
/**
 * `2026-Q3`, `2026`.
 */
key: string, 
/**
 * `Quý 3/2026`, `Năm 2026`.
 */
label: string, };

export type ReportingRate = { 
/**
 * The form.
 */
form_code: string, 
/**
 * Its name in the session's language.
 */
form_name: string, 
/**
 * The last day it is on time, `yyyy-mm-dd`.
 */
due: string, 
/**
 * Units whose report was received (sent or accepted).
 */
received: number, 
/**
 * Of those, sent by the due day (the unit's local date).
 */
on_time: number, 
/**
 * Units expected to report (every unit of the city).
 */
expected: number, };

export type DashboardLine = { 
/**
 * The indicator's code.
 */
code: string, 
/**
 * Its name in the session's language.
 */
name: string, 
/**
 * Its field.
 */
field: KpiField, 
/**
 * What units report.
 */
measure: Measure, 
/**
 * How the city's value is made.
 */
aggregation: Aggregation, 
/**
 * The city's value written the Vietnamese way (`92,4 %`, `1.320`); `None`: no unit
 * reported it (or every denominator was 0).
 */
value: string | null, 
/**
 * The same in hundredths (for sorting and charts).
 */
value_hundredths: number | null, 
/**
 * The target written the Vietnamese way; `None`: no target.
 */
target: string | null, 
/**
 * Met, missed, or `None` (no target or no value).
 */
met: boolean | null, 
/**
 * Units whose received report carries a value for it.
 */
units_reporting: number, };

export type KpiDashboard = { 
/**
 * The period shown.
 */
period: string, 
/**
 * Its name in the session's language.
 */
period_label: string, 
/**
 * When this was computed, `HH:MM` local time ("as of 14:32").
 */
as_of: string, 
/**
 * Indicators with a target that are met, and indicators with a target and a value.
 */
met: number, 
/**
 * See `met`.
 */
judged: number, 
/**
 * One line per indicator of the period's kind, by field then code.
 */
lines: Array<DashboardLine>, 
/**
 * Per form of the period's kind.
 */
rates: Array<ReportingRate>, 
/**
 * Periods to pick from: this and last year's quarters and years.
 */
choices: Array<PeriodChoice>, };

export type EstimateSummary = { 
/**
 * The version's UUIDv7; what [`EstimateRef`] names.
 */
id: string, 
/**
 * The task it budgets.
 */
task_id: string, 
/**
 * The fiscal year it budgets; a year's later changes are new versions, not a second
 * estimate.
 */
year: number, 
/**
 * 1 for the first version of that year; each new version counts up.
 */
version_no: number, 
/**
 * Draft, submitted, returned or approved; an approved version is frozen.
 */
status: EstimateStatus, 
/**
 * Computed grand total over every source, in đồng.
 */
total: number, 
/**
 * How many norm flags its computation raised (0: nothing breaks a norm).
 */
flags: number, 
/**
 * Last change: RFC 3339 UTC with milliseconds.
 */
updated_at: string, };

export type EstimateList = { 
/**
 * The task asked for.
 */
task_id: string, 
/**
 * Every version of every year, in the store's order.
 */
estimates: Array<EstimateSummary>, 
/**
 * Sum over the years of each year's latest version (a multi-year task's total).
 */
total_all_years: number, 
/**
 * What the proposal form declares (its three sources added up), in đồng.
 */
declared: number, 
/**
 * When the task has estimates and their total is not what the form declares: the two
 * figures and the gap, in the person's language. `None` when they agree (or there is
 * no estimate yet).
 */
mismatch: string | null, };

export type EstimateCreate = { 
/**
 * The task to budget.
 */
task_id: string, 
/**
 * Fiscal year, 2000–2100; refused if the task already has an estimate that year.
 */
year: number, };

export type EstimateRef = { 
/**
 * The version's UUIDv7 as text; text that is not one answers `not_found`.
 */
id: string, };

export type PersonInput = { 
/**
 * The stored person's id; `None` for a row not saved yet. A cell that cannot be read
 * keeps the value stored under this id.
 */
id: string | null, 
/**
 * At most 500 characters; with the role, it matches the person between versions when
 * they are compared.
 */
name: string, 
/**
 * Decides the coefficient (norm `labor.coef.<role>`) in force on the estimate's date.
 */
role: LabourRole, 
/**
 * Converted months, typed: `12`, `10,5`.
 */
months: string, };

export type LineInput = { 
/**
 * The stored line's id; `None` for a new row. A cell that cannot be read keeps the
 * value stored under this id (zero for a new row).
 */
id: string | null, 
/**
 * Which of the four groups of the official layout it belongs to.
 */
group: LineGroup, 
/**
 * What is paid for, at most 20 000 characters.
 */
content: string, 
/**
 * Unit of measure (đơn vị tính), at most 500 characters.
 */
unit: string, 
/**
 * A decimal as typed (`3`, `2,5`), at most four decimals.
 */
quantity: string, 
/**
 * Đồng as typed (`95.500`); the line's amount is quantity × unit price.
 */
unit_price: string, 
/**
 * The part paid from the unit's own funds, đồng as typed; empty is 0.
 */
own: string, 
/**
 * The part paid from other sources, đồng as typed; with `own` at most the line's
 * amount (the state budget pays the rest).
 */
other: string, 
/**
 * Free text, printed in the note column.
 */
note: string, 
/**
 * `""`: not checked against a norm.
 */
norm_code: string, };

export type SheetInput = { 
/**
 * The estimate version being edited or computed.
 */
id: string, 
/**
 * The leader's monthly rate (mức tiền công tháng của chủ nhiệm), đồng as typed; every
 * labour line is computed from it, and it is flagged above the cap in force.
 */
leader_rate: string, 
/**
 * `yyyy-mm-dd`: the norms in force on this date apply; empty keeps the stored date.
 */
estimate_date: string, 
/**
 * The labour rows in grid order; flags and computed lines point into this list by
 * index.
 */
people: Array<PersonInput>, 
/**
 * The entered lines in grid order; flags and computed lines point into this list by
 * index.
 */
lines: Array<LineInput>, };

export type AmountsView = { 
/**
 * Thành tiền: quantity × unit price, or the sum of the lines.
 */
total: number, 
/**
 * The state S&T budget (ngân sách nhà nước): the total less own and other funds.
 */
state: number, 
/**
 * The unit's own funds.
 */
own: number, 
/**
 * Other sources.
 */
other: number, };

export type ComputedLineView = { 
/**
 * Group I for a labour line; the list runs group by group in the official order.
 */
group: LineGroup, 
/**
 * As entered; for a labour line `<role>: <name>`.
 */
content: string, 
/**
 * As entered; `tháng` for a labour line.
 */
unit: string, 
/**
 * A Vietnamese decimal (`10,5`); for a labour line the converted months.
 */
quantity: string, 
/**
 * In đồng; for a labour line the monthly pay (coefficient × leader's rate).
 */
unit_price: number, 
/**
 * The line's amount by source; a labour line is all state budget.
 */
amounts: AmountsView, 
/**
 * As entered; for a labour line the coefficient applied (`Hệ số 0,8`).
 */
note: string, 
/**
 * The norm the line was checked against; for a labour line its role's coefficient.
 */
norm_code: string | null, 
/**
 * Index into `people` for a labour line made from a person.
 */
person: number | null, 
/**
 * Index into `lines` for an entered line.
 */
line: number | null, 
/**
 * A flag points at this row (a labour line is flagged too when the leader's rate is
 * over its cap): show it red.
 */
flagged: boolean, };

export type GroupView = { 
/**
 * Which group; the list always holds the four, I to IV.
 */
group: LineGroup, 
/**
 * `I` to `IV`, as printed.
 */
roman: string, 
/**
 * The group's name in the person's language.
 */
label: string, 
/**
 * The group's subtotal by source.
 */
amounts: AmountsView, };

export type FlagTarget = "leader_rate" | "person" | "line";

export type FlagView = { 
/**
 * What the flag points at; with `index`, the row to mark.
 */
target: FlagTarget, 
/**
 * Index into `people` or `lines`.
 */
index: number | null, 
/**
 * The norm broken, or the one missing.
 */
norm_code: string, 
/**
 * What people call that norm (its description); the code only for a norm this laptop
 * has never had.
 */
norm_name: string, 
/**
 * What to cite; empty when no norm was in force.
 */
legal_basis: string, 
/**
 * `false`: the norm's figure is unverified, so the flag is tentative.
 */
verified: boolean, 
/**
 * The cap in đồng (per month for the leader's rate, per unit for a line); `None` for
 * flags that are not about a cap.
 */
limit: number | null, 
/**
 * What was compared with the cap: the rate, or the unit price.
 */
actual: number | null, 
/**
 * How far over, in đồng: for a line the whole line's excess (quantity × the excess per
 * unit), for the leader's rate the excess per month.
 */
excess: number | null, 
/**
 * What is wrong, with the figures and the legal basis, in the person's language.
 */
message: string, };

export type ComputedView = { 
/**
 * Official order: group I (people, then entered lines), II, III, IV.
 */
lines: Array<ComputedLineView>, 
/**
 * The four group subtotals, I to IV.
 */
groups: Array<GroupView>, 
/**
 * The grand total by source.
 */
total: AmountsView, 
/**
 * The grand total in Vietnamese words ("Bằng chữ"), for the printed form.
 */
total_in_words: string, 
/**
 * Every flag: the leader's rate first, then people, then lines.
 */
flags: Array<FlagView>, };

export type ComputeResult = { 
/**
 * Totals and flags of the sheet as typed.
 */
computed: ComputedView, 
/**
 * Cells that could not be read (computed as before / as zero).
 */
issues: Array<FieldIssue>, };

export type LineView = { 
/**
 * The line as the grid shows it (money as plain digits, zero as empty).
 */
input: LineInput, 
/**
 * The city reviewer's comment on this line.
 */
review_comment: string, };

export type EstimateMove = { 
/**
 * The status the version would move to.
 */
to: EstimateStatus, 
/**
 * A reason is needed (a return says why).
 */
comment_required: boolean, };

export type EstimateDetail = { 
/**
 * The version's UUIDv7.
 */
id: string, 
/**
 * The task it budgets (for [`TaskRef`](crate::TaskRef) to list its other estimates).
 */
task_id: string, 
/**
 * The task's name, for the page's heading.
 */
task_name: string, 
/**
 * The owning unit's name.
 */
unit_name: string, 
/**
 * The fiscal year it budgets.
 */
year: number, 
/**
 * 1, 2, … within the year; only the year's latest version may get a new one.
 */
version_no: number, 
/**
 * With the role, it decides `editable` and `allowed`.
 */
status: EstimateStatus, 
/**
 * This person may edit the sheet now: a unit role, a draft or returned version, and a
 * task not cancelled.
 */
editable: boolean, 
/**
 * The moves this person may make now, each saying whether it needs a reason (as a
 * task's do).
 */
allowed: Array<EstimateMove>, 
/**
 * Đồng as plain digits; empty for zero.
 */
leader_rate: string, 
/**
 * `yyyy-mm-dd`: the norms in force that day were applied.
 */
estimate_date: string, 
/**
 * The city's last word on the version (why it was returned); a resubmission leaves it
 * in place for everyone to see.
 */
review_comment: string, 
/**
 * The version this one was copied from; `None` for a version 1.
 */
based_on: string | null, 
/**
 * The labour rows as stored.
 */
people: Array<PersonInput>, 
/**
 * The entered lines as stored, with the reviewer's comments.
 */
lines: Array<LineView>, 
/**
 * Totals and flags of the stored sheet.
 */
computed: ComputedView, 
/**
 * Every version of this task's estimates (all years), for switching and comparing.
 */
versions: Array<EstimateSummary>, 
/**
 * The norms (all dates) for the line's norm picker.
 */
norms: Array<NormView>, };

export type EstimateSaved = { 
/**
 * The version as stored after the save (unreadable cells still hold their stored
 * values).
 */
estimate: EstimateDetail, 
/**
 * Blocking: that cell kept its stored value; the rest was saved.
 */
issues: Array<FieldIssue>, };

export type EstimateTransition = { 
/**
 * The version to move.
 */
id: string, 
/**
 * Submitted (by the unit), or returned or approved (by the city).
 */
to: EstimateStatus, 
/**
 * The reason: required for a return, where it becomes the review comment; 20 000
 * characters at most.
 */
comment: string, };

export type LineComment = { 
/**
 * The version the line belongs to.
 */
estimate_id: string, 
/**
 * The line's id ([`LineInput::id`] of a stored line).
 */
line_id: string, 
/**
 * Replaces the line's previous comment.
 */
comment: string, };

export type EstimateCompare = { 
/**
 * The "before" side (usually the older version).
 */
from: string, 
/**
 * The "after" side (usually the newer version).
 */
to: string, };

export type LineChange = "same" | "changed" | "added" | "removed";

export type CompareRow = { 
/**
 * The line's group in `to` (in `from` for a removed line).
 */
group: LineGroup, 
/**
 * As in `to` (as in `from` for a removed line).
 */
content: string, 
/**
 * The amounts in `from`; `None` for an added line.
 */
before: AmountsView | null, 
/**
 * The amounts in `to`; `None` for a removed line.
 */
after: AmountsView | null, 
/**
 * After minus before, total đồng (negative when cheaper).
 */
difference: number, 
/**
 * How the UI marks the row.
 */
change: LineChange, };

export type CompareView = { 
/**
 * The version number of `from`.
 */
from_version: number, 
/**
 * The version number of `to`.
 */
to_version: number, 
/**
 * In group order, I to IV.
 */
rows: Array<CompareRow>, 
/**
 * The grand total of `from`, by source.
 */
total_before: AmountsView, 
/**
 * The grand total of `to`, by source.
 */
total_after: AmountsView, 
/**
 * `total_after.total − total_before.total`.
 */
total_difference: number, };

export type SyncState = "not_enrolled" | "online" | "offline" | "syncing" | "needs_update" | "unauthorized" | "account_disabled";

export type SyncAccount = { 
/**
 * The login name the city admin created.
 */
user: string, 
/**
 * The person's name as the city keeps it; it replaces the profile's name at enrolment.
 */
display_name: string, 
/**
 * The role the city granted; the server checks every pushed change against it.
 */
role: Role, 
/**
 * The unit the account works for; `None` for city roles.
 */
unit_code: string | null, 
/**
 * That unit's name from this laptop's list; `None` for city roles or a code not in the
 * list.
 */
unit_name: string | null, };

export type SyncView = { 
/**
 * What the status area says; for the failing states `last_error` says why.
 */
state: SyncState, 
/**
 * The local store was found damaged after the window opened (the start-up check runs
 * beside it): the window reloads the app's status and shows the recovery screen.
 */
store_damaged: boolean, 
/**
 * The city server this laptop is enrolled with (kept after sign-out for the next
 * enrolment); `None` before the first enrolment.
 */
server_url: string | null, 
/**
 * Whom this laptop speaks for; `None` when not enrolled.
 */
account: SyncAccount | null, 
/**
 * Signed out and not enrolled since: whom the laptop spoke for before. Changes still
 * pending were (mostly) theirs, and go under the next account enrolled.
 */
previous_account: SyncAccount | null, 
/**
 * Local changes not yet accepted by the server.
 */
pending: number, 
/**
 * Conflicts not resolved yet (see [`ConflictView`]).
 */
conflicts_open: number, 
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
last_error: string | null, 
/**
 * The newest entry of the data feed: when it moves past what the window last saw,
 * the window asks `data_changes` and re-reads what changed.
 */
data_seq: number, };

export type DataSince = { 
/**
 * The `seq` of the previous [`DataChanges`].
 */
seq: number, };

export type DataChange = { 
/**
 * The synced table (`tasks`, `task_transitions`, `estimates`, …).
 */
table: string, 
/**
 * The row's id.
 */
row_id: string, 
/**
 * The task the row belongs to, when it belongs to one (a transition, a milestone, an
 * estimate): a task's screen follows all of them.
 */
task_id: string | null, };

export type NoticeTarget = { "kind": "task", 
/**
 * The task.
 */
id: string, } | { "kind": "estimate", 
/**
 * The estimate.
 */
id: string, } | { "kind": "conflicts" } | { "kind": "sync" };

export type Notice = { 
/**
 * In the user's language: "Sở KHCN đã trả lại phiếu «…»".
 */
text: string, 
/**
 * What opening it shows.
 */
target: NoticeTarget, };

export type DataChanges = { 
/**
 * The next request's `seq`.
 */
seq: number, 
/**
 * `false`: more changed than is listed (a first pull, or the window fell far
 * behind): re-read everything shown.
 */
complete: boolean, 
/**
 * The rows that changed, each once, oldest first.
 */
changes: Array<DataChange>, 
/**
 * What a person should hear about (the city returned a proposal, an estimate was
 * approved, an edit lost a conflict), newest last, at most [`MAX_NOTICES`].
 */
notices: Array<Notice>, };

export type SyncEnroll = { 
/**
 * `https://…` (a trailing `/` is ignored); plain `http://` only to this computer
 * unless `allow_insecure_http`.
 */
server_url: string, 
/**
 * The login name the city admin created.
 */
user: string, 
/**
 * Sent once, to the server only; never stored or logged.
 */
password: string, 
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
value: string, 
/**
 * Who made that edit, as the server names them.
 */
actor: string, 
/**
 * RFC 3339 UTC.
 */
at: string, };

export type ConflictView = { 
/**
 * The conflict's id, what [`ConflictResolve::id`] names.
 */
id: string, 
/**
 * What was edited twice, e.g. "Nhiệm vụ «Số hóa …» · Mục tiêu".
 */
label: string, 
/**
 * The synced table, for programs (`tasks`, `estimate_lines`, …).
 */
table: string, 
/**
 * The edited row's id.
 */
row_id: string, 
/**
 * The edited field's column name; the merge is parsed as that field's type.
 */
field: string, 
/**
 * The value the server kept: every replica shows it already, unless a newer local edit
 * is pending.
 */
kept: ConflictSide, 
/**
 * The concurrent value that lost.
 */
other: ConflictSide, 
/**
 * The field's value on this laptop now (it may have been edited since).
 */
current: string, 
/**
 * Someone resolved it (on any laptop of the unit, once synced); resolved conflicts
 * stay listed below the open ones.
 */
resolved: boolean, };

export type ConflictChoice = "kept" | "other" | "merged";

export type ConflictResolve = { 
/**
 * The conflict to resolve; `not_found` if it is not here.
 */
id: string, 
/**
 * Which value to write; [`ConflictChoice::Merged`] needs `merged`.
 */
choice: ConflictChoice, 
/**
 * The merged text, for [`ConflictChoice::Merged`].
 */
merged: string | null, };

export type DeadLetterView = { 
/**
 * The change's op id; what [`DeadLetterRef`] names to dismiss it.
 */
op_id: string, 
/**
 * What it would have changed, as a person names it ("Nhiệm vụ «…» · Năm").
 */
label: string, 
/**
 * The refused value as a person reads it (amounts in đồng, a norm's level in its
 * unit).
 */
value: string, 
/**
 * Why the server refused it, in the person's language.
 */
reason: string, 
/**
 * When the server refused it: RFC 3339 UTC with milliseconds.
 */
at: string, };

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
label: string, 
/**
 * The synced table, for programs.
 */
table: string, 
/**
 * The row it would have changed.
 */
row_id: string, 
/**
 * The field it would have changed (`*` for a whole new row).
 */
field: string, 
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

export type DeadLetterRef = { 
/**
 * As in [`DeadLetterView::op_id`]; an id not on the list answers `not_found`.
 */
op_id: string, };

export type PlanQuery = { 
/**
 * The fiscal year; the target is the norm in force on its 31 December.
 */
year: number, };

export type PlanSet = { 
/**
 * The fiscal year the spending is for; each year has its own.
 */
year: number, 
/**
 * Đồng as typed (`12.500.000.000`).
 */
annual_spending: string, };

export type PlanKindTotal = { 
/**
 * KHCN, ĐMST or CĐS: the task's kind.
 */
kind: TaskKind, 
/**
 * The latest version of each of this kind's estimates that year added up, in đồng
 * (cancelled tasks left out).
 */
total: number, 
/**
 * How many estimates that total counts.
 */
estimates: number, 
/**
 * How many tasks of this kind planned for the year have no estimate for it yet: the
 * total counts their declared cost instead (what the proposal form says).
 */
declared: number, };

export type PlanView = { 
/**
 * The fiscal year shown.
 */
year: number, 
/**
 * Đồng; `None` until the unit sets it.
 */
annual_spending: number | null, 
/**
 * One row per kind (KHCN, ĐMST, CĐS), zeros included.
 */
by_kind: Array<PlanKindTotal>, 
/**
 * All kinds added up, in đồng.
 */
total: number, 
/**
 * Share of annual spending, as shown: `3,25 %`; null without annual spending.
 */
share: string | null, 
/**
 * The city's target as shown (`3 %`) and the norm it comes from.
 */
target: string | null, 
/**
 * The norm the target comes from (`plan.share_khcn_dmst_cds_min`, in force on 31
 * December of the year); `None` when there is none.
 */
target_norm: NormView | null, 
/**
 * The share reaches the target; `None` when either is unknown.
 */
meets_target: boolean | null, 
/**
 * Why a typed annual spending was not stored.
 */
issues: Array<FieldIssue>, };

export type ExportDone = { 
/**
 * Where the file was written.
 */
path: string, };

export type ExportOpen = { 
/**
 * The file, as [`ExportDone::path`] said.
 */
path: string, 
/**
 * Open its folder in the file manager instead of the file itself.
 */
folder: boolean, };

export type SessionFormat = "in_person" | "online" | "hybrid";

export type AttendanceMode = "in_person" | "online";

export type SessionInput = { title: string, topic: string, 
/**
 * `yyyy-mm-ddThh:mm`, the display zone's time.
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
can_check_in: boolean, 
/**
 * Every programme (city data: every laptop holds them all), newest first.
 */
programmes: Array<ProgrammeView>, };

export type ProgrammeView = { 
/**
 * The programme's UUIDv7; what [`SessionSave::programme_id`] and [`KeepOffline`] name.
 */
id: string, 
/**
 * As published; never empty.
 */
title: string, 
/**
 * As published; may be empty.
 */
description: string, 
/**
 * Every material of the programme is kept on this laptop.
 */
keep_offline: boolean, 
/**
 * Its sessions, earliest first.
 */
sessions: Array<SessionSummary>, 
/**
 * How many materials it has (withdrawn ones not counted).
 */
materials: number, 
/**
 * Of those, how many files are on this laptop, verified.
 */
materials_ready: number, };

export type SessionSummary = { 
/**
 * The session's UUIDv7; what [`SessionRef`] names.
 */
id: string, 
/**
 * Required when published, so never empty.
 */
title: string, 
/**
 * The session's subject; materials attached to the session carry it for the library's
 * search.
 */
topic: string, 
/**
 * `08:00 05/12/2026 – 11:30`
 */
when: string, 
/**
 * In person at the city, online, or both.
 */
format: SessionFormat, 
/**
 * `format` in the person's language.
 */
format_label: string, 
/**
 * This laptop's unit is one of the session's bridge points (always true for the city).
 */
takes_part: boolean, 
/**
 * Trainees checked in (this unit's; every unit's for the city).
 */
attended: number, };

export type ProgrammeInput = { 
/**
 * `None` publishes a new programme; `Some` edits that one.
 */
id: string | null, 
/**
 * Required (trimmed); empty is a `validation` error.
 */
title: string, 
/**
 * Free text, trimmed.
 */
description: string, };

export type SessionSave = { 
/**
 * The programme the session belongs to.
 */
programme_id: string, 
/**
 * `None` publishes a new session.
 */
id: string | null, 
/**
 * The form as typed; times are the display zone's time, `yyyy-mm-ddThh:mm`.
 */
form: SessionInput, };

export type SessionSaved = { 
/**
 * The session as stored; `None` when nothing was saved.
 */
session: SessionDetail | null, 
/**
 * Why nothing was saved, per field (`questions.<i>` for a quiz's question); empty on
 * success.
 */
issues: Array<FieldIssue>, };

export type SessionRef = { 
/**
 * The session's UUIDv7; an unknown id answers `not_found`.
 */
id: string, };

export type SessionDetail = { 
/**
 * The session's UUIDv7.
 */
id: string, 
/**
 * The programme it belongs to; what [`SessionSave::programme_id`] takes when editing.
 */
programme_id: string, 
/**
 * That programme's title, for the heading; empty if it is not on this laptop.
 */
programme_title: string, 
/**
 * The session as its form shows it (for editing).
 */
form: SessionInput, 
/**
 * Start and end in the display zone (`08:00 05/12/2026 – 11:30`).
 */
when: string, 
/**
 * The format in the person's language.
 */
format_label: string, 
/**
 * "Tất cả các đơn vị" or the units' names.
 */
bridge_points_label: string, 
/**
 * The chosen bridge points (empty when every unit takes part), for the form's chips.
 */
bridge_point_units: Array<Unit>, 
/**
 * This laptop's unit is one of the bridge points (always true for the city).
 */
takes_part: boolean, 
/**
 * The materials attached to this session, in the order published, each with where its
 * file is.
 */
materials: Array<MaterialView>, 
/**
 * The quiz, in order, with the right answers (a quiz is taken offline on the unit's
 * laptop); empty when the session has none.
 */
questions: Array<Question>, 
/**
 * This unit's check-ins (every unit's for the city).
 */
attendance: Array<AttendanceView>, 
/**
 * This unit's quiz attempts (every unit's for the city).
 */
attempts: Array<AttemptView>, 
/**
 * A city role: may edit the session, its materials and its quiz.
 */
can_publish: boolean, 
/**
 * A unit role at one of the session's bridge points: may check trainees in and record
 * quiz answers.
 */
can_check_in: boolean, };

export type FileState = "not_downloaded" | "queued" | "downloading" | "ready" | "uploading" | "problem";

export type FileView = { 
/**
 * Where the transfer stands; `problem` says why for [`FileState::Problem`].
 */
state: FileState, 
/**
 * Bytes verified so far while downloading or uploading (also after a failure: what was
 * verified is kept); 0 when ready or not started.
 */
done: number, 
/**
 * The file's size in bytes while moving; 0 when ready or nothing is known yet.
 */
total: number, 
/**
 * Why the last attempt failed, in the user's language.
 */
problem: string | null, };

export type MaterialView = { 
/**
 * The material's UUIDv7; what [`MaterialRef`] names.
 */
id: string, 
/**
 * The programme it belongs to, also for a session's material.
 */
programme_id: string, 
/**
 * The session it is attached to; `None` for a programme-wide material.
 */
session_id: string | null, 
/**
 * The session's topic when it was added (empty for a programme-wide material);
 * searched by the library.
 */
topic: string, 
/**
 * Required when published, so never empty; searched by the library.
 */
title: string, 
/**
 * May be empty; searched by the library.
 */
description: string, 
/**
 * The original file's name, as it was on the publisher's computer.
 */
file_name: string, 
/**
 * Guessed from the file name's extension (`application/pdf`, `video/mp4`, …;
 * `application/octet-stream` when unknown).
 */
media_type: string, 
/**
 * The file's size in bytes.
 */
size: number, 
/**
 * `12,5 MB`
 */
size_label: string, 
/**
 * The file's content address (hex SHA-256): where it is stored and what it is fetched
 * by; two materials with the same file share it.
 */
sha256: string, 
/**
 * Where the file is on this laptop.
 */
file: FileView, };

export type MaterialAdd = { 
/**
 * Required, also for a session's material.
 */
programme_id: string, 
/**
 * The session to attach it to; `None` for a programme-wide material.
 */
session_id: string | null, 
/**
 * Required (trimmed).
 */
title: string, 
/**
 * Free text, trimmed.
 */
description: string, 
/**
 * A file on this computer; it is copied into the app's store.
 */
path: string, };

export type MaterialSaved = { 
/**
 * The material as stored; `None` when nothing was saved.
 */
material: MaterialView | null, 
/**
 * Why nothing was saved (`title` empty, `path` not a file); empty on success.
 */
issues: Array<FieldIssue>, };

export type MaterialRef = { 
/**
 * The material's UUIDv7; an unknown (or withdrawn) id answers `not_found`.
 */
id: string, };

export type MaterialFile = { 
/**
 * Full path of the verified file in the app's file store; it is named by its SHA-256,
 * not by the original name.
 */
path: string, 
/**
 * For the viewer: as in [`MaterialView::media_type`].
 */
media_type: string, };

export type KeepOffline = { 
/**
 * The programme whose materials (its sessions' too) to keep.
 */
programme_id: string, 
/**
 * `true` to keep it offline; `false` stops queueing its files (files already here
 * stay).
 */
keep: boolean, };

export type LibrarySearch = { 
/**
 * Free text over title, description, topic, file name and the text of PDFs; with or
 * without diacritics, each word a prefix.
 */
query: string, };

export type LibraryHit = { 
/**
 * The material found, with where its file is.
 */
material: MaterialView, 
/**
 * Its programme's title (empty if the programme is not on this laptop).
 */
programme_title: string, 
/**
 * Its session's title; `None` for a programme-wide material.
 */
session_title: string | null, };

export type TraineeView = { 
/**
 * The trainee's UUIDv7; what [`TraineeRef`] and [`CheckIn::trainee_id`] name.
 */
id: string, 
/**
 * The unit whose staff list it is on (its partition for sync).
 */
unit_code: string, 
/**
 * As typed at the unit.
 */
full_name: string, 
/**
 * Job title (chức vụ) as typed; may be empty.
 */
position: string, };

export type TraineeAdd = { 
/**
 * Required; empty is a `validation` error on `full_name`.
 */
full_name: string, 
/**
 * Job title (chức vụ); may be empty.
 */
position: string, };

export type TraineeRef = { 
/**
 * The trainee's UUIDv7; a unit sees only its own (others answer `not_found`), the city
 * every unit's.
 */
id: string, };

export type CheckIn = { 
/**
 * The session; this unit must be one of its bridge points (else `forbidden`).
 */
session_id: string, 
/**
 * A trainee from the unit's list; `None` to add `new_name` to the list first.
 */
trainee_id: string | null, 
/**
 * Used when `trainee_id` is `None`: required then (an issue on `new_name`).
 */
new_name: string, 
/**
 * Job title of the new trainee; may be empty.
 */
new_position: string, 
/**
 * In the room, or online. A trainee already checked in at this session is refused
 * (`validation`).
 */
mode: AttendanceMode, };

export type AttendanceView = { 
/**
 * The check-in's UUIDv7.
 */
id: string, 
/**
 * The trainee checked in; counted once per session, however many laptops checked them
 * in.
 */
trainee_id: string, 
/**
 * The name at the time of the check-in (kept even if the staff list changes).
 */
trainee_name: string, 
/**
 * The unit that checked them in.
 */
unit_code: string, 
/**
 * That unit's name (its code if the unit is not in this laptop's list).
 */
unit_name: string, 
/**
 * In the room, or online.
 */
mode: AttendanceMode, 
/**
 * `mode` in the person's language.
 */
mode_label: string, 
/**
 * `08:05 05/12/2026`
 */
checked_in_at: string, 
/**
 * The display name of the official who checked them in.
 */
checked_in_by: string, };

export type AttemptView = { 
/**
 * The attempt's UUIDv7.
 */
id: string, 
/**
 * The trainee who answered; their progress lists the attempt.
 */
trainee_id: string, 
/**
 * Their name when they answered.
 */
trainee_name: string, 
/**
 * The unit whose laptop recorded it.
 */
unit_code: string, 
/**
 * Questions answered exactly right.
 */
score: number, 
/**
 * Questions in the quiz when it was taken.
 */
out_of: number, 
/**
 * When, in the display zone (`08:05 05/12/2026`).
 */
answered_at: string, };

export type QuizSave = { 
/**
 * The session the quiz belongs to.
 */
session_id: string, 
/**
 * In the order they are asked; each needs a prompt, at least two options and the right
 * number of right answers.
 */
questions: Array<Question>, };

export type QuizSubmit = { 
/**
 * The session whose quiz was taken; a session without a quiz answers `not_found`.
 */
session_id: string, 
/**
 * A trainee of this unit.
 */
trainee_id: string, 
/**
 * One per question answered, by question id; a question left out counts as wrong.
 */
answers: Array<Answer>, };

export type QuizResult = { 
/**
 * Questions answered exactly right (all right options ticked, no wrong one).
 */
score: number, 
/**
 * Questions in the quiz.
 */
out_of: number, 
/**
 * Per question, in the quiz's order: answered exactly right.
 */
correct: Array<boolean>, 
/**
 * The session as now stored, with this attempt listed.
 */
session: SessionDetail, };

export type AttendanceReport = { 
/**
 * Every session, earliest first, with its counts per unit.
 */
sessions: Array<SessionAttendance>, 
/**
 * Check-ins in the room, over every session.
 */
in_person: number, 
/**
 * Online check-ins, over every session.
 */
online: number, 
/**
 * `in_person + online`; a trainee checked in twice at one session (two laptops,
 * offline) counts once.
 */
total: number, 
/**
 * Units with at least one check-in.
 */
units: number, };

export type SessionAttendance = { 
/**
 * The session's UUIDv7 (what [`SessionRef`] names).
 */
session_id: string, 
/**
 * The session's title, the report's first column (and the export's).
 */
title: string, 
/**
 * Start and end in the display zone (`08:00 05/12/2026 – 11:30`).
 */
when: string, 
/**
 * One row per unit with check-ins, by unit code.
 */
units: Array<UnitAttendance>, 
/**
 * Check-ins in the room at this session.
 */
in_person: number, 
/**
 * Online check-ins at this session.
 */
online: number, 
/**
 * `in_person + online`.
 */
total: number, };

export type UnitAttendance = { 
/**
 * The unit that checked its trainees in.
 */
unit_code: string, 
/**
 * Its name (its code if the unit is not in this laptop's list).
 */
unit_name: string, 
/**
 * Trainees checked in in the room.
 */
in_person: number, 
/**
 * Trainees checked in online.
 */
online: number, 
/**
 * `in_person + online`.
 */
total: number, };

export type ReportFormat = "csv" | "xlsx";

export type AttendanceExport = { 
/**
 * CSV or Excel.
 */
format: ReportFormat, };

export type QuizReport = { 
/**
 * The session asked for.
 */
session_id: string, 
/**
 * The session's title, for the report's heading.
 */
title: string, 
/**
 * One row per unit with attempts, by unit code.
 */
units: Array<UnitQuizResult>, 
/**
 * Hardest first (lowest share answered right).
 */
questions: Array<QuestionResult>, };

export type UnitQuizResult = { 
/**
 * The unit whose laptops recorded the attempts.
 */
unit_code: string, 
/**
 * Its name (its code if the unit is not in this laptop's list).
 */
unit_name: string, 
/**
 * Attempts recorded by the unit's laptops (a trainee may take the quiz more than
 * once).
 */
attempts: number, 
/**
 * Average score as a percentage of the maximum, rounded.
 */
average_percent: number, };

export type QuestionResult = { 
/**
 * The question's UUIDv7.
 */
question_id: string, 
/**
 * The question as asked.
 */
prompt: string, 
/**
 * Attempts that answered it.
 */
answered: number, 
/**
 * Of those, answered exactly right.
 */
right: number, 
/**
 * `right` as a rounded percentage of `answered`; 0 when nobody answered.
 */
right_percent: number, };

export type TraineeProgress = { 
/**
 * The trainee, as on the unit's staff list.
 */
trainee: TraineeView, 
/**
 * Sessions they were checked in at.
 */
sessions: Array<ProgressSession>, 
/**
 * Materials opened on the unit's laptops by a person of that name, last opened first
 * (openings are recorded per the laptop's profile and matched by name within the
 * unit).
 */
materials: Array<ProgressMaterial>, 
/**
 * Every quiz attempt, oldest first.
 */
quizzes: Array<ProgressQuiz>, };

export type ProgressSession = { 
/**
 * The session's UUIDv7 (what [`SessionRef`] names).
 */
session_id: string, 
/**
 * The session's title; empty if it is not on this laptop.
 */
title: string, 
/**
 * Start and end in the display zone; empty if the session is not on this laptop.
 */
when: string, 
/**
 * In the room or online, in the person's language.
 */
mode_label: string, };

export type ProgressMaterial = { 
/**
 * The material's UUIDv7 (what [`MaterialRef`] names).
 */
material_id: string, 
/**
 * The material's title; a material withdrawn since still shows (it was read).
 */
title: string, 
/**
 * The last time, in the display zone (`08:05 05/12/2026`).
 */
opened_at: string, };

export type ProgressQuiz = { 
/**
 * The session whose quiz it was.
 */
session_id: string, 
/**
 * The session's title; empty if it is not on this laptop.
 */
title: string, 
/**
 * Questions answered exactly right.
 */
score: number, 
/**
 * Questions in the quiz when it was taken.
 */
out_of: number, };
