//! Requests and responses of the budget estimate commands (dự toán kinh phí), norms and
//! the unit's yearly plan. Amounts are whole đồng (`number` in TypeScript, exact).

use serde::{Deserialize, Serialize};
use ts_rs::TS;
pub use xaso_domain::budget::{EstimateStatus, LabourRole, LineGroup};
pub use xaso_domain::norm::NormKind;

use crate::api::FieldIssue;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NormView {
    pub id: String,
    pub code: String,
    pub description: String,
    /// The value as written in Vietnamese: `0,8`, `40000000`.
    pub value: String,
    pub unit: String,
    pub kind: NormKind,
    pub legal_basis: String,
    pub effective_from: Option<String>,
    pub effective_to: Option<String>,
    pub verified: bool,
    /// In force today.
    pub in_force: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NormInput {
    pub id: Option<String>,
    pub code: String,
    pub description: String,
    pub value: String,
    pub unit: String,
    pub kind: NormKind,
    pub legal_basis: String,
    /// `""` or `yyyy-mm-dd`.
    pub effective_from: String,
    pub effective_to: String,
    pub verified: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NormSaved {
    pub norms: Vec<NormView>,
    /// Non-empty: nothing was saved.
    pub issues: Vec<FieldIssue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EstimateSummary {
    pub id: String,
    pub task_id: String,
    pub year: i32,
    pub version_no: u32,
    pub status: EstimateStatus,
    #[ts(type = "number")]
    pub total: i64,
    pub flags: u32,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EstimateList {
    pub task_id: String,
    pub estimates: Vec<EstimateSummary>,
    /// Sum over the years of each year's latest version (a multi-year task's total).
    #[ts(type = "number")]
    pub total_all_years: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EstimateCreate {
    pub task_id: String,
    pub year: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EstimateRef {
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonInput {
    pub id: Option<String>,
    pub name: String,
    pub role: LabourRole,
    /// Converted months, typed: `12`, `10,5`.
    pub months: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LineInput {
    pub id: Option<String>,
    pub group: LineGroup,
    pub content: String,
    pub unit: String,
    pub quantity: String,
    pub unit_price: String,
    pub own: String,
    pub other: String,
    pub note: String,
    /// `""`: not checked against a norm.
    pub norm_code: String,
}

/// The whole editable sheet, as the grid holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SheetInput {
    pub id: String,
    pub leader_rate: String,
    pub estimate_date: String,
    pub people: Vec<PersonInput>,
    pub lines: Vec<LineInput>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AmountsView {
    #[ts(type = "number")]
    pub total: i64,
    #[ts(type = "number")]
    pub state: i64,
    #[ts(type = "number")]
    pub own: i64,
    #[ts(type = "number")]
    pub other: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ComputedLineView {
    pub group: LineGroup,
    pub content: String,
    pub unit: String,
    pub quantity: String,
    #[ts(type = "number")]
    pub unit_price: i64,
    pub amounts: AmountsView,
    pub note: String,
    pub norm_code: Option<String>,
    /// Index into `people` for a labour line made from a person.
    pub person: Option<u32>,
    /// Index into `lines` for an entered line.
    pub line: Option<u32>,
    pub flagged: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GroupView {
    pub group: LineGroup,
    pub roman: String,
    pub label: String,
    pub amounts: AmountsView,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FlagTarget {
    LeaderRate,
    Person,
    Line,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FlagView {
    pub target: FlagTarget,
    /// Index into `people` or `lines`.
    pub index: Option<u32>,
    pub norm_code: String,
    pub legal_basis: String,
    pub verified: bool,
    #[ts(type = "number | null")]
    pub limit: Option<i64>,
    #[ts(type = "number | null")]
    pub actual: Option<i64>,
    #[ts(type = "number | null")]
    pub excess: Option<i64>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ComputedView {
    /// Official order: group I (people, then entered lines), II, III, IV.
    pub lines: Vec<ComputedLineView>,
    pub groups: Vec<GroupView>,
    pub total: AmountsView,
    /// The grand total in Vietnamese words ("Bằng chữ"), for the printed form.
    pub total_in_words: String,
    pub flags: Vec<FlagView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ComputeResult {
    pub computed: ComputedView,
    /// Cells that could not be read (computed as before / as zero).
    pub issues: Vec<FieldIssue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LineView {
    pub input: LineInput,
    /// The city reviewer's comment on this line.
    pub review_comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EstimateDetail {
    pub id: String,
    pub task_id: String,
    pub task_name: String,
    pub unit_name: String,
    pub year: i32,
    pub version_no: u32,
    pub status: EstimateStatus,
    pub editable: bool,
    /// The moves this person may make now, each saying whether it needs a reason (as a
    /// task's do).
    pub allowed: Vec<EstimateMove>,
    pub leader_rate: String,
    pub estimate_date: String,
    pub review_comment: String,
    pub based_on: Option<String>,
    pub people: Vec<PersonInput>,
    pub lines: Vec<LineView>,
    pub computed: ComputedView,
    /// Every version of this task's estimates (all years), for switching and comparing.
    pub versions: Vec<EstimateSummary>,
    /// The norms (all dates) for the line's norm picker.
    pub norms: Vec<NormView>,
}

/// A move an estimate may make ([`crate::AllowedTransition`] of a task, for estimates).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EstimateMove {
    pub to: EstimateStatus,
    pub comment_required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EstimateSaved {
    pub estimate: EstimateDetail,
    /// Blocking: that cell kept its stored value; the rest was saved.
    pub issues: Vec<FieldIssue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EstimateTransition {
    pub id: String,
    pub to: EstimateStatus,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LineComment {
    pub estimate_id: String,
    pub line_id: String,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EstimateCompare {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LineChange {
    Same,
    Changed,
    Added,
    Removed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CompareRow {
    pub group: LineGroup,
    pub content: String,
    pub before: Option<AmountsView>,
    pub after: Option<AmountsView>,
    #[ts(type = "number")]
    pub difference: i64,
    pub change: LineChange,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CompareView {
    pub from_version: u32,
    pub to_version: u32,
    pub rows: Vec<CompareRow>,
    pub total_before: AmountsView,
    pub total_after: AmountsView,
    /// `total_after.total − total_before.total`.
    #[ts(type = "number")]
    pub total_difference: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlanQuery {
    pub year: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlanSet {
    pub year: i32,
    pub annual_spending: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlanKindTotal {
    pub kind: xaso_domain::TaskKind,
    #[ts(type = "number")]
    pub total: i64,
    pub estimates: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlanView {
    pub year: i32,
    #[ts(type = "number | null")]
    pub annual_spending: Option<i64>,
    pub by_kind: Vec<PlanKindTotal>,
    #[ts(type = "number")]
    pub total: i64,
    /// Share of annual spending, as shown: `3,25 %`; null without annual spending.
    pub share: Option<String>,
    /// The city's target as shown (`3 %`) and the norm it comes from.
    pub target: Option<String>,
    pub target_norm: Option<NormView>,
    pub meets_target: Option<bool>,
    pub issues: Vec<FieldIssue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportDone {
    /// Where the file was written.
    pub path: String,
}
