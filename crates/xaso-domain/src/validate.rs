//! Validation of what people type, with messages in both UI languages.
//!
//! Two severities, because a draft is saved as it is typed:
//! - [`Severity::Blocking`]: the value cannot be stored as meant (not a date, not an
//!   amount, absurdly long). That field is *not* saved — the stored value stays as it
//!   was, the user's text stays in their input — and everything else is.
//! - [`Severity::Incomplete`]: stored as typed, but must be fixed before the proposal is
//!   submitted (a required field left empty, an end before the start).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::milestone::{MilestoneFields, MilestoneInput};
use crate::money::{Money, MoneyError};
use crate::task::{TaskFields, TaskKind};
use crate::text::{Bilingual, Locale};

/// Longest task name, in characters: a name is a line, not a paragraph.
pub const NAME_MAX_CHARS: usize = 500;
/// Longest free-text field, in characters (a long "nội dung chính" is a few pages).
pub const TEXT_MAX_CHARS: usize = 20_000;
/// Dates and fiscal years outside this range are typing mistakes, not plans.
pub const YEAR_RANGE: std::ops::RangeInclusive<i32> = 2000..=2100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Blocking,
    Incomplete,
}

/// One problem with one field: `code` is for programs, `text` for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldIssue {
    pub field: &'static str,
    pub code: &'static str,
    pub severity: Severity,
    pub text: Bilingual,
}

impl FieldIssue {
    pub(crate) fn blocking(field: &'static str, code: &'static str, text: Bilingual) -> Self {
        Self { field, code, severity: Severity::Blocking, text }
    }

    pub(crate) fn incomplete(field: &'static str, code: &'static str, text: Bilingual) -> Self {
        Self { field, code, severity: Severity::Incomplete, text }
    }

    pub fn message(&self, locale: Locale) -> &str {
        self.text.get(locale)
    }
}

/// The proposal form as the UI sends it: text exactly as typed, money and dates as the
/// strings in the inputs. Rust parses them so the rules live in one place.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TaskInput {
    pub kind: TaskKind,
    pub year: i32,
    pub name: String,
    pub field: String,
    pub task_type: String,
    pub basis: String,
    pub urgency: String,
    pub objectives: String,
    pub contents: String,
    pub expected_results: String,
    pub impact: String,
    pub cost_state: String,
    pub cost_own: String,
    pub cost_other: String,
    pub start_date: String,
    pub end_date: String,
    pub host_unit: String,
    pub leader: String,
    pub results_usage: String,
}

impl TaskInput {
    /// A complete proposal a ward could file as it is (Bến Thành ward digitises its budget
    /// process in 2026), named `name`: the example tests and tools start from.
    pub fn example(name: &str) -> Self {
        Self {
            kind: TaskKind::Cds,
            year: 2026,
            name: name.to_owned(),
            field: "Chuyển đổi số".into(),
            task_type: "Ứng dụng".into(),
            basis: "Nghị quyết 57-NQ/TW".into(),
            urgency: "Hồ sơ giấy tồn đọng".into(),
            objectives: "Rút ngắn thời gian lập dự toán".into(),
            contents: "Khảo sát; xây dựng; vận hành thử".into(),
            expected_results: "Phần mềm và quy trình".into(),
            impact: "Tiết kiệm thời gian".into(),
            cost_state: "150.000.000".into(),
            cost_own: "20000000".into(),
            cost_other: String::new(),
            start_date: "2026-03-01".into(),
            end_date: "2026-12-31".into(),
            host_unit: "UBND Phường Bến Thành".into(),
            leader: "Nguyễn Thị Lan".into(),
            results_usage: "Áp dụng tại phường".into(),
        }
    }

    /// The form showing stored fields (money as plain digits, dates as `yyyy-mm-dd`).
    pub fn from_fields(f: &TaskFields) -> Self {
        let money = |m: Money| if m == Money::ZERO { String::new() } else { m.dong().to_string() };
        let date =
            |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
        Self {
            kind: f.kind,
            year: f.year,
            name: f.name.clone(),
            field: f.field.clone(),
            task_type: f.task_type.clone(),
            basis: f.basis.clone(),
            urgency: f.urgency.clone(),
            objectives: f.objectives.clone(),
            contents: f.contents.clone(),
            expected_results: f.expected_results.clone(),
            impact: f.impact.clone(),
            cost_state: money(f.cost_state),
            cost_own: money(f.cost_own),
            cost_other: money(f.cost_other),
            start_date: date(f.start_date),
            end_date: date(f.end_date),
            host_unit: f.host_unit.clone(),
            leader: f.leader.clone(),
            results_usage: f.results_usage.clone(),
        }
    }
}

/// Parses a form over the previously stored fields: returns the fields to store (where a
/// value is blocked, the previous one) and every issue found.
pub fn task_input(input: &TaskInput, previous: &TaskFields) -> (TaskFields, Vec<FieldIssue>) {
    let mut issues = Vec::new();
    let mut out = previous.clone();
    out.kind = input.kind;

    if YEAR_RANGE.contains(&input.year) {
        out.year = input.year;
    } else {
        issues.push(FieldIssue::blocking("year", "year_out_of_range", year_range_text()));
    }

    let texts: [(&'static str, &String, &mut String, usize); 12] = [
        ("name", &input.name, &mut out.name, NAME_MAX_CHARS),
        ("field", &input.field, &mut out.field, NAME_MAX_CHARS),
        ("task_type", &input.task_type, &mut out.task_type, NAME_MAX_CHARS),
        ("basis", &input.basis, &mut out.basis, TEXT_MAX_CHARS),
        ("urgency", &input.urgency, &mut out.urgency, TEXT_MAX_CHARS),
        ("objectives", &input.objectives, &mut out.objectives, TEXT_MAX_CHARS),
        ("contents", &input.contents, &mut out.contents, TEXT_MAX_CHARS),
        ("expected_results", &input.expected_results, &mut out.expected_results, TEXT_MAX_CHARS),
        ("impact", &input.impact, &mut out.impact, TEXT_MAX_CHARS),
        ("host_unit", &input.host_unit, &mut out.host_unit, NAME_MAX_CHARS),
        ("leader", &input.leader, &mut out.leader, NAME_MAX_CHARS),
        ("results_usage", &input.results_usage, &mut out.results_usage, TEXT_MAX_CHARS),
    ];
    for (field, typed, slot, max) in texts {
        match check_text(field, typed, max) {
            Ok(()) => slot.clone_from(typed),
            Err(issue) => issues.push(issue),
        }
    }

    for (field, typed, slot) in [
        ("cost_state", &input.cost_state, &mut out.cost_state),
        ("cost_own", &input.cost_own, &mut out.cost_own),
        ("cost_other", &input.cost_other, &mut out.cost_other),
    ] {
        match Money::parse(typed) {
            Ok(m) => *slot = m,
            Err(e) => issues.push(FieldIssue::blocking(field, money_code(e), money_text(e))),
        }
    }

    for (field, typed, slot) in [
        ("start_date", &input.start_date, &mut out.start_date),
        ("end_date", &input.end_date, &mut out.end_date),
    ] {
        match parse_date(typed) {
            Ok(d) => *slot = d,
            Err(issue) => issues.push(FieldIssue { field, ..issue }),
        }
    }

    issues.extend(missing_for_submission(&out));
    (out, issues)
}

/// What must be filled in (and consistent) before a proposal can be submitted.
pub fn missing_for_submission(f: &TaskFields) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    let required: [(&'static str, &String); 9] = [
        ("name", &f.name),
        ("field", &f.field),
        ("basis", &f.basis),
        ("urgency", &f.urgency),
        ("objectives", &f.objectives),
        ("contents", &f.contents),
        ("expected_results", &f.expected_results),
        ("host_unit", &f.host_unit),
        ("leader", &f.leader),
    ];
    for (field, value) in required {
        if value.trim().is_empty() {
            issues.push(FieldIssue::incomplete(
                field,
                "required",
                Bilingual::new("Bắt buộc nhập trước khi gửi.", "Required before submitting."),
            ));
        }
    }
    for (field, value) in [("start_date", f.start_date), ("end_date", f.end_date)] {
        if value.is_none() {
            issues.push(FieldIssue::incomplete(
                field,
                "required",
                Bilingual::new("Bắt buộc nhập trước khi gửi.", "Required before submitting."),
            ));
        }
    }
    if let (Some(start), Some(end)) = (f.start_date, f.end_date)
        && end < start
    {
        issues.push(FieldIssue::incomplete(
            "end_date",
            "end_before_start",
            Bilingual::new(
                "Ngày kết thúc phải sau ngày bắt đầu.",
                "The end date must be after the start date.",
            ),
        ));
    }
    if f.cost_total().is_some_and(|m| m == Money::ZERO) {
        issues.push(FieldIssue::incomplete(
            "cost_state",
            "cost_missing",
            Bilingual::new(
                "Cần nhập kinh phí từ ít nhất một nguồn.",
                "Enter the cost from at least one source.",
            ),
        ));
    }
    if f.cost_total().is_none() {
        issues.push(FieldIssue::incomplete(
            "cost_other",
            "too_large",
            money_text(MoneyError::TooLarge),
        ));
    }
    issues
}

/// Parses a milestone; milestones are saved by an explicit action, so any issue refuses it.
pub fn milestone_input(input: &MilestoneInput) -> Result<MilestoneFields, Vec<FieldIssue>> {
    let mut issues = Vec::new();
    if input.title.trim().is_empty() {
        issues.push(FieldIssue::blocking(
            "title",
            "required",
            Bilingual::new("Cần nhập tên mốc công việc.", "Enter the milestone's title."),
        ));
    }
    for (field, typed, max) in [
        ("title", &input.title, NAME_MAX_CHARS),
        ("responsible", &input.responsible, NAME_MAX_CHARS),
        ("unit", &input.unit, NAME_MAX_CHARS),
    ] {
        if let Err(issue) = check_text(field, typed, max) {
            issues.push(issue);
        }
    }
    let mut date = |field: &'static str, typed: &str| match parse_date(typed) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            issues.push(FieldIssue::blocking(
                field,
                "required",
                Bilingual::new("Cần nhập ngày.", "Enter a date."),
            ));
            None
        }
        Err(issue) => {
            issues.push(FieldIssue { field, ..issue });
            None
        }
    };
    let start = date("start_date", &input.start_date);
    let due = date("due_date", &input.due_date);
    if let (Some(s), Some(d)) = (start, due)
        && d < s
    {
        issues.push(FieldIssue::blocking(
            "due_date",
            "end_before_start",
            Bilingual::new(
                "Hạn hoàn thành phải sau ngày bắt đầu.",
                "The due date must be after the start.",
            ),
        ));
    }
    match (start, due) {
        (Some(start_date), Some(due_date)) if issues.is_empty() => Ok(MilestoneFields {
            title: input.title.clone(),
            responsible: input.responsible.clone(),
            unit: input.unit.clone(),
            start_date,
            due_date,
            done: input.done,
        }),
        _ => Err(issues),
    }
}

/// A code other rows and reports refer to (a norm's, an indicator's): letters, digits, dots
/// and underscores, at most 100 characters (`labor.coef.thu_ky_khoa_hoc`).
pub fn check_code(field: &'static str, code: &str) -> Result<(), FieldIssue> {
    let fits = !code.is_empty()
        && code.chars().count() <= 100
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
    if fits {
        Ok(())
    } else {
        Err(FieldIssue::blocking(
            field,
            "bad_code",
            Bilingual::new(
                "Mã chỉ gồm chữ không dấu, số, dấu chấm và gạch dưới (tối đa 100 ký tự).",
                "A code is letters, digits, dots and underscores (at most 100 characters).",
            ),
        ))
    }
}

pub fn check_text(field: &'static str, typed: &str, max: usize) -> Result<(), FieldIssue> {
    let chars = typed.chars().count();
    if chars > max {
        return Err(FieldIssue::blocking(
            field,
            "too_long",
            Bilingual::new(
                format!("Quá dài: {} ký tự, tối đa {} ký tự.", group(chars), group(max)),
                format!("Too long: {} characters, at most {}.", group(chars), group(max)),
            ),
        ));
    }
    if typed.contains('\0') {
        return Err(FieldIssue::blocking(
            field,
            "control_character",
            Bilingual::new("Có ký tự không hợp lệ (NUL).", "Contains an invalid character (NUL)."),
        ));
    }
    Ok(())
}

/// `""` is `None`; otherwise a real `yyyy-mm-dd` in [`YEAR_RANGE`] (the issue's field is empty).
pub fn parse_date(typed: &str) -> Result<Option<NaiveDate>, FieldIssue> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    // The form sends `yyyy-mm-dd`; people type `dd/mm/yyyy`. Both are unambiguous.
    let date = NaiveDate::parse_from_str(typed, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(typed, "%d/%m/%Y"))
        .map_err(|_| {
            FieldIssue::blocking(
                "",
                "bad_date",
                Bilingual::new("Ngày không hợp lệ (dd/mm/yyyy).", "Not a valid date (dd/mm/yyyy)."),
            )
        })?;
    if !YEAR_RANGE.contains(&date.year()) {
        return Err(FieldIssue::blocking("", "year_out_of_range", year_range_text()));
    }
    Ok(Some(date))
}

/// A validity span as typed (a norm's, an indicator's): `effective_from` and
/// `effective_to` each `""` or a date; the end not before the start. Each issue names its
/// field.
pub fn effective_span(
    from: &str,
    to: &str,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), Vec<FieldIssue>> {
    let mut issues = Vec::new();
    let mut date = |field: &'static str, typed: &str| {
        parse_date(typed).unwrap_or_else(|i| {
            issues.push(FieldIssue { field, ..i });
            None
        })
    };
    let (from, to) = (date("effective_from", from), date("effective_to", to));
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        issues.push(FieldIssue::blocking(
            "effective_to",
            "end_before_start",
            Bilingual::new(
                "Ngày hết hiệu lực phải sau ngày có hiệu lực.",
                "The end must be after the start.",
            ),
        ));
    }
    if issues.is_empty() { Ok((from, to)) } else { Err(issues) }
}

fn year_range_text() -> Bilingual {
    Bilingual::new(
        format!("Năm phải trong khoảng {}–{}.", YEAR_RANGE.start(), YEAR_RANGE.end()),
        format!("The year must be between {} and {}.", YEAR_RANGE.start(), YEAR_RANGE.end()),
    )
}

pub fn money_code(e: MoneyError) -> &'static str {
    match e {
        MoneyError::NotANumber => "not_a_number",
        MoneyError::Negative => "negative",
        MoneyError::TooLarge => "too_large",
        MoneyError::Fraction => "fraction",
    }
}

/// What to tell a person who typed an amount that is not one.
pub fn money_text(e: MoneyError) -> Bilingual {
    match e {
        MoneyError::NotANumber => Bilingual::new(
            "Chỉ nhập số tiền bằng chữ số, ví dụ 1.250.000.",
            "Enter an amount in digits, e.g. 1.250.000.",
        ),
        MoneyError::Negative => {
            Bilingual::new("Số tiền không được âm.", "The amount cannot be negative.")
        }
        MoneyError::TooLarge => Bilingual::new(
            format!("Số tiền quá lớn (tối đa {}).", Money::MAX),
            format!("The amount is too large (at most {}).", Money::MAX),
        ),
        MoneyError::Fraction => Bilingual::new(
            "Số tiền tính bằng đồng, không có phần thập phân.",
            "Amounts are whole đồng, without decimals.",
        ),
    }
}

/// What to tell a person who typed a quantity (or coefficient) that is not one.
pub fn scaled_text(e: crate::norm::ScaledError) -> Bilingual {
    use crate::norm::ScaledError::*;
    match e {
        NotANumber => {
            Bilingual::new("Chỉ nhập số, ví dụ 12 hoặc 10,5.", "Enter a number, e.g. 12 or 10,5.")
        }
        Negative => Bilingual::new("Không được âm.", "Cannot be negative."),
        TooLarge => Bilingual::new("Số quá lớn.", "The number is too large."),
        TooPrecise => Bilingual::new("Tối đa 4 chữ số thập phân.", "At most 4 decimals."),
        Ambiguous => Bilingual::new(
            "Chưa rõ: “24.000” là hai mươi bốn nghìn hay 24? Viết 24000, hoặc 24,5 cho số thập phân.",
            "Unclear: is “24.000” twenty-four thousand or 24? Write 24000, or 24,5 for a decimal.",
        ),
    }
}

pub fn scaled_code(e: crate::norm::ScaledError) -> &'static str {
    use crate::norm::ScaledError::*;
    match e {
        NotANumber => "not_a_number",
        Negative => "negative",
        TooLarge => "too_large",
        TooPrecise => "too_precise",
        Ambiguous => "ambiguous",
    }
}

/// 20000 → "20.000", for messages.
fn group(n: usize) -> String {
    crate::money::group_thousands(i64::try_from(n).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> TaskInput {
        TaskInput {
            kind: TaskKind::Cds,
            year: 2026,
            name: "Số hóa hồ sơ một cửa".into(),
            field: "Chuyển đổi số".into(),
            task_type: "Ứng dụng".into(),
            basis: "Nghị quyết 57-NQ/TW".into(),
            urgency: "Hồ sơ giấy tồn đọng".into(),
            objectives: "Giảm thời gian xử lý".into(),
            contents: "Khảo sát; xây dựng; vận hành thử".into(),
            expected_results: "Phần mềm, quy trình".into(),
            impact: "Người dân được phục vụ nhanh hơn".into(),
            cost_state: "150.000.000".into(),
            cost_own: "".into(),
            cost_other: "0".into(),
            start_date: "2026-03-01".into(),
            end_date: "2026-12-31".into(),
            host_unit: "UBND Phường Bến Thành".into(),
            leader: "Nguyễn Văn A".into(),
            results_usage: "Áp dụng tại bộ phận một cửa".into(),
        }
    }

    fn codes(issues: &[FieldIssue]) -> Vec<(&str, &str, Severity)> {
        issues.iter().map(|i| (i.field, i.code, i.severity)).collect()
    }

    #[test]
    fn a_complete_form_has_no_issues() {
        let (fields, issues) = task_input(&complete(), &TaskFields::default());
        assert!(issues.is_empty(), "{:?}", codes(&issues));
        assert_eq!(fields.cost_state.dong(), 150_000_000);
        assert_eq!(fields.duration_months(), Some(10));
        assert_eq!(TaskInput::from_fields(&fields).cost_state, "150000000");
    }

    #[test]
    fn issue_table() {
        use Severity::*;
        let big = "x".repeat(100 * 1024);
        type Edit = Box<dyn Fn(&mut TaskInput)>;
        type Want = Vec<(&'static str, &'static str, Severity)>;
        let cases: Vec<(&str, Edit, Want)> = vec![
            (
                "empty name",
                Box::new(|i| i.name = "   ".into()),
                vec![("name", "required", Incomplete)],
            ),
            (
                "100 kB of text",
                Box::new(move |i| i.contents = big.clone()),
                vec![("contents", "too_long", Blocking)],
            ),
            (
                "text in money",
                Box::new(|i| i.cost_own = "mười triệu".into()),
                vec![("cost_own", "not_a_number", Blocking)],
            ),
            (
                "negative money",
                Box::new(|i| i.cost_own = "-1".into()),
                vec![("cost_own", "negative", Blocking)],
            ),
            (
                "25-digit money",
                Box::new(|i| i.cost_other = "1".repeat(25)),
                vec![("cost_other", "too_large", Blocking)],
            ),
            (
                "absurd date",
                Box::new(|i| i.start_date = "1800-01-01".into()),
                vec![("start_date", "year_out_of_range", Blocking)],
            ),
            (
                "not a date",
                Box::new(|i| i.end_date = "2026-02-30".into()),
                vec![("end_date", "bad_date", Blocking)],
            ),
            (
                "end before start",
                Box::new(|i| i.end_date = "2026-01-01".into()),
                vec![("end_date", "end_before_start", Incomplete)],
            ),
            (
                "no money at all",
                Box::new(|i| i.cost_state = "".into()),
                vec![("cost_state", "cost_missing", Incomplete)],
            ),
            (
                "absurd year",
                Box::new(|i| i.year = 20026),
                vec![("year", "year_out_of_range", Blocking)],
            ),
        ];
        let (stored, _) = task_input(&complete(), &TaskFields::default());
        for (what, edit, want) in cases {
            let mut input = complete();
            edit(&mut input);
            let (_, issues) = task_input(&input, &stored);
            assert_eq!(codes(&issues), want, "{what}");
            assert!(issues.iter().all(|i| !i.message(Locale::Vi).is_empty() && !i.message(Locale::En).is_empty()));
        }
    }

    #[test]
    fn a_blocked_field_keeps_its_stored_value_and_the_rest_is_saved() {
        let (before, _) = task_input(&complete(), &TaskFields::default());
        let mut input = complete();
        input.cost_state = "12abc".into();
        input.name = "Tên mới".into();
        let (after, issues) = task_input(&input, &before);
        assert_eq!(after.cost_state, before.cost_state, "blocked field keeps its stored value");
        assert_eq!(after.name, "Tên mới", "other fields are saved");
        assert_eq!(issues[0].message(Locale::Vi), "Chỉ nhập số tiền bằng chữ số, ví dụ 1.250.000.");
    }

    #[test]
    fn text_is_kept_exactly_as_typed() {
        let mut input = complete();
        input.name = "  '); DROP TABLE tasks;-- <b>\"quoted\"</b>  ".into();
        let (fields, issues) = task_input(&input, &TaskFields::default());
        assert!(issues.is_empty());
        assert_eq!(fields.name, input.name);
    }

    #[test]
    fn milestones_are_refused_whole_with_every_reason() {
        let ok = MilestoneInput {
            title: "Khảo sát".into(),
            start_date: "2026-03-01".into(),
            due_date: "2026-04-30".into(),
            ..Default::default()
        };
        assert!(milestone_input(&ok).is_ok());
        let bad = MilestoneInput { title: " ".into(), due_date: "2026-02-01".into(), ..ok.clone() };
        let issues = milestone_input(&bad).unwrap_err();
        assert_eq!(
            codes(&issues),
            vec![
                ("title", "required", Severity::Blocking),
                ("due_date", "end_before_start", Severity::Blocking)
            ]
        );
        let missing = MilestoneInput { due_date: "".into(), ..ok };
        assert_eq!(
            codes(&milestone_input(&missing).unwrap_err()),
            vec![("due_date", "required", Severity::Blocking)]
        );
    }
}
