//! Requests and responses of the budget estimate commands (dự toán kinh phí), norms and
//! the unit's yearly plan. Amounts are whole đồng (`number` in TypeScript, exact).

use serde::{Deserialize, Serialize};
use ts_rs::TS;
pub use xaso_domain::budget::{EstimateStatus, LabourRole, LineGroup};
pub use xaso_domain::norm::NormKind;

use crate::api::FieldIssue;

/// A spending norm (định mức chi) the city publishes: effective-dated, with its legal
/// basis. Estimates are checked against the norms in force on their date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NormView {
    /// The norm row's UUIDv7, what [`NormInput::id`] names to correct it; empty for the
    /// plan's target norm.
    pub id: String,
    /// Stable key estimates refer to (`labor.leader_monthly_cap`,
    /// `labor.coef.thu_ky_khoa_hoc`); several rows may share a code over different dates.
    pub code: String,
    /// What the norm limits, in Vietnamese as published.
    pub description: String,
    /// The value as written in Vietnamese: `0,8`, `40000000`.
    pub value: String,
    /// Unit of the value as published (`VND/người/tháng`, `hệ số`).
    pub unit: String,
    /// How the value applies: a cap in đồng, a coefficient, a ratio or a target share.
    pub kind: NormKind,
    /// The legal text it comes from (`Thông tư 03/2023/TT-BTC`), cited in every flag it
    /// raises.
    pub legal_basis: String,
    /// First day in force, `yyyy-mm-dd`; `None`: the date is not confirmed, so it counts as
    /// in force from the beginning.
    pub effective_from: Option<String>,
    /// Last day in force, `yyyy-mm-dd`; `None`: open-ended.
    pub effective_to: Option<String>,
    /// `false`: the figure has not been checked against the legal text yet; shown as
    /// unverified, and so are its flags.
    pub verified: bool,
    /// In force today.
    pub in_force: bool,
}

/// A norm as the city admin types it: a new one, or a correction of one (it syncs to every
/// laptop).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NormInput {
    /// `None` publishes a new norm; `Some` corrects that norm.
    pub id: Option<String>,
    /// Letters, digits, dots and underscores (trimmed); lines name it in their `norm_code`.
    pub code: String,
    /// Required, at most 500 characters.
    pub description: String,
    /// As typed: a Vietnamese decimal (`0,8`) or a published one (`0.8`), at most four
    /// decimals; amounts in whole đồng (`40000000`).
    pub value: String,
    /// Required, at most 500 characters (`VND/người/tháng`).
    pub unit: String,
    /// How the value applies: a cap in whole đồng (per unit of a line), a coefficient, a
    /// ratio or a target share.
    pub kind: NormKind,
    /// Required, at most 500 characters.
    pub legal_basis: String,
    /// `""` or `yyyy-mm-dd`.
    pub effective_from: String,
    /// `""` (open-ended) or `yyyy-mm-dd`, not before `effective_from`.
    pub effective_to: String,
    /// Checked against the legal text (unverified norms still apply, but are marked).
    pub verified: bool,
}

/// The norms after a save, and what was wrong with the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NormSaved {
    /// Every norm, as stored now (unchanged when there are issues).
    pub norms: Vec<NormView>,
    /// Non-empty: nothing was saved.
    pub issues: Vec<FieldIssue>,
}

/// One version of a task's estimate, for the task's list and the version switcher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EstimateSummary {
    /// The version's UUIDv7; what [`EstimateRef`] names.
    pub id: String,
    /// The task it budgets.
    pub task_id: String,
    /// The fiscal year it budgets; a year's later changes are new versions, not a second
    /// estimate.
    pub year: i32,
    /// 1 for the first version of that year; each new version counts up.
    pub version_no: u32,
    /// Draft, submitted, returned or approved; an approved version is frozen.
    pub status: EstimateStatus,
    /// Computed grand total over every source, in đồng.
    #[ts(type = "number")]
    pub total: i64,
    /// How many norm flags its computation raised (0: nothing breaks a norm).
    pub flags: u32,
    /// Last change: RFC 3339 UTC with milliseconds.
    pub updated_at: String,
}

/// A task's estimates, every year and version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EstimateList {
    /// The task asked for.
    pub task_id: String,
    /// Every version of every year, in the store's order.
    pub estimates: Vec<EstimateSummary>,
    /// Sum over the years of each year's latest version (a multi-year task's total).
    #[ts(type = "number")]
    pub total_all_years: i64,
    /// What the proposal form declares (its three sources added up), in đồng.
    #[ts(type = "number")]
    pub declared: i64,
    /// When the task has estimates and their total is not what the form declares: the two
    /// figures and the gap, in the person's language. `None` when they agree (or there is
    /// no estimate yet).
    pub mismatch: Option<String>,
}

/// Starts a task's estimate for a year (version 1, a draft).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EstimateCreate {
    /// The task to budget.
    pub task_id: String,
    /// Fiscal year, 2000–2100; refused if the task already has an estimate that year.
    pub year: i32,
}

/// Names one estimate version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EstimateRef {
    /// The version's UUIDv7 as text; text that is not one answers `not_found`.
    pub id: String,
}

/// A person of the labour group (group I) as the grid holds them; each becomes a labour
/// line: the role's coefficient × the leader's monthly rate × converted months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonInput {
    /// The stored person's id; `None` for a row not saved yet. A cell that cannot be read
    /// keeps the value stored under this id.
    pub id: Option<String>,
    /// At most 500 characters; with the role, it matches the person between versions when
    /// they are compared.
    pub name: String,
    /// Decides the coefficient (norm `labor.coef.<role>`) in force on the estimate's date.
    pub role: LabourRole,
    /// Converted months, typed: `12`, `10,5`.
    pub months: String,
}

/// One entered line as the grid holds it (groups II–IV, or an extra line of group I such as
/// hired experts). Numbers are text as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LineInput {
    /// The stored line's id; `None` for a new row. A cell that cannot be read keeps the
    /// value stored under this id (zero for a new row).
    pub id: Option<String>,
    /// Which of the four groups of the official layout it belongs to.
    pub group: LineGroup,
    /// What is paid for, at most 20 000 characters.
    pub content: String,
    /// Unit of measure (đơn vị tính), at most 500 characters.
    pub unit: String,
    /// A decimal as typed (`3`, `2,5`), at most four decimals.
    pub quantity: String,
    /// Đồng as typed (`95.500`); the line's amount is quantity × unit price.
    pub unit_price: String,
    /// The part paid from the unit's own funds, đồng as typed; empty is 0.
    pub own: String,
    /// The part paid from other sources, đồng as typed; with `own` at most the line's
    /// amount (the state budget pays the rest).
    pub other: String,
    /// Free text, printed in the note column.
    pub note: String,
    /// `""`: not checked against a norm.
    pub norm_code: String,
}

/// The whole editable sheet, as the grid holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SheetInput {
    /// The estimate version being edited or computed.
    pub id: String,
    /// The leader's monthly rate (mức tiền công tháng của chủ nhiệm), đồng as typed; every
    /// labour line is computed from it, and it is flagged above the cap in force.
    pub leader_rate: String,
    /// `yyyy-mm-dd`: the norms in force on this date apply; empty keeps the stored date.
    pub estimate_date: String,
    /// The labour rows in grid order; flags and computed lines point into this list by
    /// index.
    pub people: Vec<PersonInput>,
    /// The entered lines in grid order; flags and computed lines point into this list by
    /// index.
    pub lines: Vec<LineInput>,
}

/// Amounts by funding source, in đồng, of a line, a group or the whole estimate; `total` is
/// `state + own + other`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AmountsView {
    /// Thành tiền: quantity × unit price, or the sum of the lines.
    #[ts(type = "number")]
    pub total: i64,
    /// The state S&T budget (ngân sách nhà nước): the total less own and other funds.
    #[ts(type = "number")]
    pub state: i64,
    /// The unit's own funds.
    #[ts(type = "number")]
    pub own: i64,
    /// Other sources.
    #[ts(type = "number")]
    pub other: i64,
}

/// One line of the computed estimate: an entered line, or a labour line made from a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ComputedLineView {
    /// Group I for a labour line; the list runs group by group in the official order.
    pub group: LineGroup,
    /// As entered; for a labour line `<role>: <name>`.
    pub content: String,
    /// As entered; `tháng` for a labour line.
    pub unit: String,
    /// A Vietnamese decimal (`10,5`); for a labour line the converted months.
    pub quantity: String,
    /// In đồng; for a labour line the monthly pay (coefficient × leader's rate).
    #[ts(type = "number")]
    pub unit_price: i64,
    /// The line's amount by source; a labour line is all state budget.
    pub amounts: AmountsView,
    /// As entered; for a labour line the coefficient applied (`Hệ số 0,8`).
    pub note: String,
    /// The norm the line was checked against; for a labour line its role's coefficient.
    pub norm_code: Option<String>,
    /// Index into `people` for a labour line made from a person.
    pub person: Option<u32>,
    /// Index into `lines` for an entered line.
    pub line: Option<u32>,
    /// A flag points at this row (a labour line is flagged too when the leader's rate is
    /// over its cap): show it red.
    pub flagged: bool,
}

/// The subtotal of one of the four groups of the official layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GroupView {
    /// Which group; the list always holds the four, I to IV.
    pub group: LineGroup,
    /// `I` to `IV`, as printed.
    pub roman: String,
    /// The group's name in the person's language.
    pub label: String,
    /// The group's subtotal by source.
    pub amounts: AmountsView,
}

/// What a flag points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FlagTarget {
    /// The leader's monthly rate (`index` is `None`).
    LeaderRate,
    /// `people[index]`.
    Person,
    /// `lines[index]`.
    Line,
}

/// Something that breaks a norm, or a norm that cannot be applied (none in force on the
/// estimate's date). A flag never changes an amount: it is shown, and the reviewer decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FlagView {
    /// What the flag points at; with `index`, the row to mark.
    pub target: FlagTarget,
    /// Index into `people` or `lines`.
    pub index: Option<u32>,
    /// The norm broken, or the one missing.
    pub norm_code: String,
    /// What people call that norm (its description); the code only for a norm this laptop
    /// has never had.
    pub norm_name: String,
    /// What to cite; empty when no norm was in force.
    pub legal_basis: String,
    /// `false`: the norm's figure is unverified, so the flag is tentative.
    pub verified: bool,
    /// The cap in đồng (per month for the leader's rate, per unit for a line); `None` for
    /// flags that are not about a cap.
    #[ts(type = "number | null")]
    pub limit: Option<i64>,
    /// What was compared with the cap: the rate, or the unit price.
    #[ts(type = "number | null")]
    pub actual: Option<i64>,
    /// How far over, in đồng: for a line the whole line's excess (quantity × the excess per
    /// unit), for the leader's rate the excess per month.
    #[ts(type = "number | null")]
    pub excess: Option<i64>,
    /// What is wrong, with the figures and the legal basis, in the person's language.
    pub message: String,
}

/// The estimate as computed from the norms in force on its date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ComputedView {
    /// Official order: group I (people, then entered lines), II, III, IV.
    pub lines: Vec<ComputedLineView>,
    /// The four group subtotals, I to IV.
    pub groups: Vec<GroupView>,
    /// The grand total by source.
    pub total: AmountsView,
    /// The grand total in Vietnamese words ("Bằng chữ"), for the printed form.
    pub total_in_words: String,
    /// Every flag: the leader's rate first, then people, then lines.
    pub flags: Vec<FlagView>,
}

/// The answer to computing the sheet as typed, which is not saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ComputeResult {
    /// Totals and flags of the sheet as typed.
    pub computed: ComputedView,
    /// Cells that could not be read (computed as before / as zero).
    pub issues: Vec<FieldIssue>,
}

/// A stored entered line, with the city reviewer's comment on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LineView {
    /// The line as the grid shows it (money as plain digits, zero as empty).
    pub input: LineInput,
    /// The city reviewer's comment on this line.
    pub review_comment: String,
}

/// An estimate version with everything its page shows; every estimate command answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EstimateDetail {
    /// The version's UUIDv7.
    pub id: String,
    /// The task it budgets (for [`TaskRef`](crate::TaskRef) to list its other estimates).
    pub task_id: String,
    /// The task's name, for the page's heading.
    pub task_name: String,
    /// The owning unit's name.
    pub unit_name: String,
    /// The fiscal year it budgets.
    pub year: i32,
    /// 1, 2, … within the year; only the year's latest version may get a new one.
    pub version_no: u32,
    /// With the role, it decides `editable` and `allowed`.
    pub status: EstimateStatus,
    /// This person may edit the sheet now: a unit role, a draft or returned version, and a
    /// task not cancelled.
    pub editable: bool,
    /// The moves this person may make now, each saying whether it needs a reason (as a
    /// task's do).
    pub allowed: Vec<EstimateMove>,
    /// Đồng as plain digits; empty for zero.
    pub leader_rate: String,
    /// `yyyy-mm-dd`: the norms in force that day were applied.
    pub estimate_date: String,
    /// The city's last word on the version (why it was returned); a resubmission leaves it
    /// in place for everyone to see.
    pub review_comment: String,
    /// The version this one was copied from; `None` for a version 1.
    pub based_on: Option<String>,
    /// The labour rows as stored.
    pub people: Vec<PersonInput>,
    /// The entered lines as stored, with the reviewer's comments.
    pub lines: Vec<LineView>,
    /// Totals and flags of the stored sheet.
    pub computed: ComputedView,
    /// Every version of this task's estimates (all years), for switching and comparing.
    pub versions: Vec<EstimateSummary>,
    /// The norms (all dates) for the line's norm picker.
    pub norms: Vec<NormView>,
}

/// A move an estimate may make ([`crate::AllowedTransition`] of a task, for estimates).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EstimateMove {
    /// The status the version would move to.
    pub to: EstimateStatus,
    /// A reason is needed (a return says why).
    pub comment_required: bool,
}

/// The answer to saving the grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EstimateSaved {
    /// The version as stored after the save (unreadable cells still hold their stored
    /// values).
    pub estimate: EstimateDetail,
    /// Blocking: that cell kept its stored value; the rest was saved.
    pub issues: Vec<FieldIssue>,
}

/// Asks to move an estimate version to another status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EstimateTransition {
    /// The version to move.
    pub id: String,
    /// Submitted (by the unit), or returned or approved (by the city).
    pub to: EstimateStatus,
    /// The reason: required for a return, where it becomes the review comment; 20 000
    /// characters at most.
    pub comment: String,
}

/// A city reviewer's comment on one line, while the version is submitted (anyone else:
/// `transition_refused`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LineComment {
    /// The version the line belongs to.
    pub estimate_id: String,
    /// The line's id ([`LineInput::id`] of a stored line).
    pub line_id: String,
    /// Replaces the line's previous comment.
    pub comment: String,
}

/// Two versions of one task's estimate to compare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EstimateCompare {
    /// The "before" side (usually the older version).
    pub from: String,
    /// The "after" side (usually the newer version).
    pub to: String,
}

/// How a line differs between the two versions compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LineChange {
    /// Same content, quantity, unit price and amounts.
    Same,
    /// Matched, but one of those differs.
    Changed,
    /// Only in the `to` version.
    Added,
    /// Only in the `from` version.
    Removed,
}

/// One line of a comparison. Lines are matched through the line they were copied from (over
/// every version between), labour lines by the person's name and role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CompareRow {
    /// The line's group in `to` (in `from` for a removed line).
    pub group: LineGroup,
    /// As in `to` (as in `from` for a removed line).
    pub content: String,
    /// The amounts in `from`; `None` for an added line.
    pub before: Option<AmountsView>,
    /// The amounts in `to`; `None` for a removed line.
    pub after: Option<AmountsView>,
    /// After minus before, total đồng (negative when cheaper).
    #[ts(type = "number")]
    pub difference: i64,
    /// How the UI marks the row.
    pub change: LineChange,
}

/// Two versions side by side, line by line, with the totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CompareView {
    /// The version number of `from`.
    pub from_version: u32,
    /// The version number of `to`.
    pub to_version: u32,
    /// In group order, I to IV.
    pub rows: Vec<CompareRow>,
    /// The grand total of `from`, by source.
    pub total_before: AmountsView,
    /// The grand total of `to`, by source.
    pub total_after: AmountsView,
    /// `total_after.total − total_before.total`.
    #[ts(type = "number")]
    pub total_difference: i64,
}

/// Asks for the profile unit's plan of one fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlanQuery {
    /// The fiscal year; the target is the norm in force on its 31 December.
    pub year: i32,
}

/// Sets the unit's annual spending for a year (what the target share is measured against).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlanSet {
    /// The fiscal year the spending is for; each year has its own.
    pub year: i32,
    /// Đồng as typed (`12.500.000.000`).
    pub annual_spending: String,
}

/// One kind's line of the yearly plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlanKindTotal {
    /// KHCN, ĐMST or CĐS: the task's kind.
    pub kind: xaso_domain::TaskKind,
    /// The latest version of each of this kind's estimates that year added up, in đồng
    /// (cancelled tasks left out).
    #[ts(type = "number")]
    pub total: i64,
    /// How many estimates that total counts.
    pub estimates: u32,
    /// How many tasks of this kind planned for the year have no estimate for it yet: the
    /// total counts their declared cost instead (what the proposal form says).
    pub declared: u32,
}

/// The unit's yearly plan: what its tasks' estimates add up to against its annual spending
/// and the city's target share for KHCN, ĐMST and CĐS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlanView {
    /// The fiscal year shown.
    pub year: i32,
    /// Đồng; `None` until the unit sets it.
    #[ts(type = "number | null")]
    pub annual_spending: Option<i64>,
    /// One row per kind (KHCN, ĐMST, CĐS), zeros included.
    pub by_kind: Vec<PlanKindTotal>,
    /// All kinds added up, in đồng.
    #[ts(type = "number")]
    pub total: i64,
    /// Share of annual spending, as shown: `3,25 %`; null without annual spending.
    pub share: Option<String>,
    /// The city's target as shown (`3 %`) and the norm it comes from.
    pub target: Option<String>,
    /// The norm the target comes from (`plan.share_khcn_dmst_cds_min`, in force on 31
    /// December of the year); `None` when there is none.
    pub target_norm: Option<NormView>,
    /// The share reaches the target; `None` when either is unknown.
    pub meets_target: Option<bool>,
    /// Why a typed annual spending was not stored.
    pub issues: Vec<FieldIssue>,
}

/// A file the app wrote for the person (an estimate workbook or PDF, an attendance report),
/// or what [`ExportOpen`] opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportDone {
    /// Where the file was written.
    pub path: String,
}

/// Open an exported file, or the folder the app exports to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportOpen {
    /// The file, as [`ExportDone::path`] said.
    pub path: String,
    /// Open its folder in the file manager instead of the file itself.
    pub folder: bool,
}
