//! Reports in the app (issue 13): a unit writes its report for a period offline, its lead
//! signs it off, it is sent, and the city accepts it or returns it with its reasons; an
//! accepted report is frozen and corrected by a new version. The steps and who may take
//! them are `xaso_domain::report`'s (the city server enforces them too).

use std::str::FromStr;

use chrono::Utc;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use xaso_domain::kpi::{AppRule, Indicator, KpiValue, Measure, Period, PeriodKind};
use xaso_domain::report::ReportForm;
pub use xaso_domain::report::{ReportStatus, Section};
use xaso_domain::validate::{NAME_MAX_CHARS, TEXT_MAX_CHARS, check_text};
use xaso_domain::{Bilingual, ReportId, Role};
use xaso_store::reports::{self, ReportRow, ValueInput, ValueSource};
use xaso_store::{indicators, units};

use crate::App;
use crate::api::FieldIssue;
use crate::app::Session;
use crate::error::{ApiError, ErrorCode, Failure};

/// A kind of report the city asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportFormView {
    /// Stable key (`cds.quy`).
    pub code: String,
    /// In the session's language (Vietnamese when the form has no English name).
    pub name: String,
    /// How often it is filed.
    pub period: PeriodKind,
    /// Due this many days after the period ends.
    pub due_days: u32,
    /// The narrative sections, in order.
    pub sections: Vec<Section>,
    /// The codes of the indicators it carries.
    pub indicators: Vec<String>,
}

/// One report of the unit (its latest version), as the reports list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportSummary {
    /// The version's UUIDv7.
    pub id: String,
    /// The unit that files it (the city's list shows every unit's).
    pub unit_name: String,
    /// The form it follows.
    pub form_code: String,
    /// The form's name in the session's language.
    pub form_name: String,
    /// The period's key (`2026-Q3`) and its name (`Quý III/2026`).
    pub period: String,
    /// The period's name in the session's language.
    pub period_label: String,
    /// 1 for the first report, 2 for its first correction, …
    pub version_no: u32,
    /// Where it stands.
    pub status: ReportStatus,
    /// The last day it is on time, `yyyy-mm-dd`.
    pub due: String,
    /// Not yet sent and past its due day.
    pub overdue: bool,
}

/// A period a unit may report for now: the current one and the one before, per form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportPeriod {
    /// The form.
    pub form_code: String,
    /// The form's name in the session's language.
    pub form_name: String,
    /// The period's key (`2026-Q3`).
    pub period: String,
    /// The period's name in the session's language.
    pub period_label: String,
    /// The last day it is on time, `yyyy-mm-dd`.
    pub due: String,
    /// The unit's report for it, if one was started.
    pub report_id: Option<String>,
}

/// The reports screen: the forms, the unit's reports, the periods to report for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportsHome {
    /// Every report form the city asks for.
    pub forms: Vec<ReportFormView>,
    /// The unit's reports (each one's latest version), the latest period first; for the
    /// city's staff every unit's, those waiting for review first.
    pub reports: Vec<ReportSummary>,
    /// For each form, the period before and the current one (none for the city's staff).
    pub periods: Vec<ReportPeriod>,
}

/// One indicator's line of a report, as the form shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportLine {
    /// The indicator's code.
    pub indicator_code: String,
    /// The indicator's name in the session's language.
    pub name: String,
    /// What is reported: a count, a percent (two numbers), đồng, yes/no.
    pub measure: Measure,
    /// As stored: the count, the đồng, the numerator, or `1`/`0` for yes/no; empty when
    /// not reported.
    pub value: String,
    /// The denominator of a percent; empty otherwise.
    pub denominator: String,
    /// The unit's note on the value.
    pub note: String,
    /// `true`: the app's proposal, taken as it was.
    pub from_app: bool,
    /// The city's comment on this line when it returned the report.
    pub review_comment: String,
    /// `80,5 %` for a percent whose two parts are in; empty otherwise.
    pub percent: String,
    /// What the app proposes from its own data (a draft of the unit's own only).
    pub proposal: Option<ReportProposal>,
}

/// A value the app computed from its own data, and from what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportProposal {
    /// The value, as a line's `value` holds it.
    pub value: String,
    /// Where it comes from, in words (`3 nhiệm vụ KHCN được phê duyệt trong kỳ`).
    pub source: String,
}

/// A narrative section: the form's title and guidance, the unit's text, the city's comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportSection {
    /// The section's title on the form.
    pub title: String,
    /// What the unit should write there.
    pub guidance: String,
    /// What the unit wrote.
    pub text: String,
    /// The city's comment on it when it returned the report.
    pub review_comment: String,
}

/// Another version of the same report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportVersion {
    /// The version's UUIDv7.
    pub id: String,
    /// 1, 2, …
    pub version_no: u32,
    /// Where it stands.
    pub status: ReportStatus,
}

/// One version of a unit's report, whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportDetail {
    /// This version's UUIDv7.
    pub id: String,
    /// The unit that files it.
    pub unit_code: String,
    /// The unit's name.
    pub unit_name: String,
    /// The form it follows.
    pub form_code: String,
    /// The form's name in the session's language.
    pub form_name: String,
    /// The period's key (`2026-Q3`).
    pub period: String,
    /// The period's name in the session's language.
    pub period_label: String,
    /// 1 for the first report, 2 for its first correction, …
    pub version_no: u32,
    /// Where it stands.
    pub status: ReportStatus,
    /// The steps this session's role may take now (the screen's buttons).
    pub allowed: Vec<ReportStatus>,
    /// Values and narrative may be changed here now (a draft, by its unit's staff).
    pub editable: bool,
    /// Who signed it off (shown once it is signed).
    pub signed_by: String,
    /// When it was sent (RFC 3339 UTC).
    pub submitted_at: Option<String>,
    /// The last day it is on time, `yyyy-mm-dd`.
    pub due: String,
    /// The city's reason when it returned it.
    pub review_comment: String,
    /// The narrative, section by section.
    pub sections: Vec<ReportSection>,
    /// The indicators' lines, in the form's order.
    pub lines: Vec<ReportLine>,
    /// Every version, the latest first.
    pub versions: Vec<ReportVersion>,
}

/// Which report to open: the unit's latest version for a form and period (a new draft
/// when none was started).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportOpen {
    /// The form.
    pub form_code: String,
    /// The period's key (`2026-Q3`), of the form's period kind.
    pub period: String,
}

/// One report version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportRef {
    /// A report version's UUIDv7.
    pub id: String,
}

/// One line as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportLineInput {
    /// The line's indicator (one of the form's).
    pub indicator_code: String,
    /// A whole number (`1200`, `1.200`); for yes/no `1` or `0`; empty: not reported.
    pub value: String,
    /// For a percent: a whole number not below the numerator.
    pub denominator: String,
    /// At most 500 characters.
    pub note: String,
    /// The app's proposal was taken as it was.
    pub from_app: bool,
}

/// A draft's lines and narrative, saved together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportSave {
    /// The draft.
    pub id: String,
    /// The lines typed (any of the form's indicators; those left out stay as they are).
    pub lines: Vec<ReportLineInput>,
    /// The text of each section, by position.
    pub narrative: Vec<String>,
}

/// The report after a save; `issues` non-empty: nothing was saved. An issue's `field` is
/// `value:<code>`, `denominator:<code>`, `note:<code>` or `section:<n>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportSaved {
    /// The report as stored now.
    pub report: ReportDetail,
    /// What was wrong, beside each cell.
    pub issues: Vec<FieldIssue>,
}

/// A step of the report's lifecycle; the city's comments go with a return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportTransition {
    /// The report version.
    pub id: String,
    /// The step.
    pub to: ReportStatus,
    /// Why it is returned (required for a return).
    pub comment: String,
    /// A comment per section, by position (a return only).
    pub section_comments: Vec<String>,
    /// `(indicator code, comment)` (a return only).
    pub line_comments: Vec<(String, String)>,
}

impl App {
    /// The reports screen: for a unit's staff, its reports and the periods to report
    /// for; for the city's, every unit's reports, those waiting for review first.
    pub fn reports_home(&self) -> Result<ReportsHome, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            let conn = s.store.conn();
            let today = s.zone.today();
            let forms = reports::forms(conn)?;
            let unit = if profile.role.is_city() { None } else { Some(s.unit_of(&profile)?) };
            let listed = match &unit {
                Some(unit) => reports::of_unit(conn, unit)?,
                None => reports::latest_all(conn)?,
            };
            let mut summaries = Vec::new();
            for r in &listed {
                let Some(form) = forms.iter().find(|f| f.form.code == r.form_code) else {
                    continue;
                };
                let due = form.form.due(r.period);
                summaries.push(ReportSummary {
                    id: r.id.to_string(),
                    unit_name: units::get(conn, &r.unit)?.name,
                    form_code: r.form_code.clone(),
                    form_name: s.form_name(&form.form),
                    period: r.period.key(),
                    period_label: r.period.label().get(s.locale).to_owned(),
                    version_no: r.version_no,
                    status: r.status,
                    due: due.to_string(),
                    overdue: !r.status.received() && today > due,
                });
            }
            let mut periods = Vec::new();
            for f in forms.iter().filter(|_| unit.is_some()) {
                let current = Period::containing(f.form.period, today);
                for period in [previous(current), current] {
                    periods.push(ReportPeriod {
                        form_code: f.form.code.clone(),
                        form_name: s.form_name(&f.form),
                        period: period.key(),
                        period_label: period.label().get(s.locale).to_owned(),
                        due: f.form.due(period).to_string(),
                        report_id: listed
                            .iter()
                            .find(|r| r.form_code == f.form.code && r.period == period)
                            .map(|r| r.id.to_string()),
                    });
                }
            }
            Ok(ReportsHome {
                forms: forms.iter().map(|f| s.form_view(&f.form)).collect(),
                reports: summaries,
                periods,
            })
        })
    }

    /// The unit's latest report for a form and period; a new draft when none was started.
    pub fn report_open(&self, req: ReportOpen) -> Result<ReportDetail, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            let unit = s.unit_of(&profile)?;
            let form = s.form(&req.form_code)?;
            let period = Period::parse(&req.period)
                .filter(|p| p.kind == form.period)
                .ok_or_else(|| s.report_not_found(&req.period))?;
            let latest = reports::versions(s.store.conn(), &unit, &form.code, period)?;
            let id = match latest.first() {
                Some(r) => r.id,
                None => s.store.write(&profile.display_name, Utc::now(), |c| {
                    c.reports().create(&unit, &form.code, period, None)
                })?,
            };
            s.report_detail(id, profile.role)
        })
    }

    /// One report version, whole (the city opens any unit's; a unit its own).
    pub fn report_get(&self, req: ReportRef) -> Result<ReportDetail, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            let id = s.report_id(&req.id)?;
            s.report_detail(id, profile.role)
        })
    }

    /// Saves a draft's lines and narrative, all or nothing: each line is checked (whole
    /// numbers, a numerator never above its denominator) and answered beside its cell.
    pub fn report_save(&self, req: ReportSave) -> Result<ReportSaved, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            let id = s.report_id(&req.id)?;
            let row = reports::get(s.store.conn(), id)?;
            s.require_editable(&row, profile.role, profile.unit.as_ref())?;
            let form = s.form(&row.form_code)?;
            let known = indicators::all(s.store.conn())?;
            let mut issues = Vec::new();
            let mut lines = Vec::new();
            for line in &req.lines {
                let Some(indicator) = form
                    .indicators
                    .contains(&line.indicator_code)
                    .then(|| known.iter().find(|i| i.indicator.code == line.indicator_code))
                    .flatten()
                else {
                    return Err(s.report_not_found(&line.indicator_code).into());
                };
                match checked_line(s, &indicator.indicator, line) {
                    Ok(input) => lines.push((line.indicator_code.clone(), input)),
                    Err(mut found) => issues.append(&mut found),
                }
            }
            let narrative: Vec<String> =
                req.narrative.iter().map(|t| t.trim_end().to_owned()).collect();
            if narrative.len() > form.sections.len() {
                return Err(s.report_not_found("section").into());
            }
            for (i, text) in narrative.iter().enumerate() {
                if let Err(issue) = check_text("section", text, TEXT_MAX_CHARS) {
                    let mut issue = s.field_issue(issue);
                    issue.field = format!("section:{i}");
                    issues.push(issue);
                }
            }
            if issues.is_empty() {
                s.store.write(&profile.display_name, Utc::now(), |c| {
                    for (code, input) in &lines {
                        c.reports().set_value(id, code, input)?;
                    }
                    c.reports().set_narrative(id, &narrative)
                })?;
            }
            Ok(ReportSaved { report: s.report_detail(id, profile.role)?, issues })
        })
    }

    /// A step of the report's lifecycle, by the role that may take it.
    pub fn report_transition(&self, req: ReportTransition) -> Result<ReportDetail, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            let id = s.report_id(&req.id)?;
            let row = reports::get(s.store.conn(), id)?;
            if profile.role.is_unit() && profile.unit.as_ref() != Some(&row.unit) {
                return Err(s.report_not_found(&req.id).into());
            }
            for text in std::iter::once(&req.comment)
                .chain(&req.section_comments)
                .chain(req.line_comments.iter().map(|(_, c)| c))
            {
                s.check_comment(text)?;
            }
            let has_comment = !req.comment.trim().is_empty();
            row.status
                .check_transition(req.to, profile.role, has_comment)
                .map_err(|e| s.error(ErrorCode::TransitionRefused, e))?;
            s.store.write(&profile.display_name, Utc::now(), |c| match req.to {
                ReportStatus::Accepted | ReportStatus::Returned => {
                    let returned = req.to == ReportStatus::Returned;
                    let keep = |list: &[String]| if returned { list.to_vec() } else { Vec::new() };
                    let lines = if returned { req.line_comments.clone() } else { Vec::new() };
                    c.reports().review(
                        id,
                        req.to,
                        if returned { req.comment.trim() } else { "" },
                        &keep(&req.section_comments),
                        &lines,
                    )
                }
                to => c.reports().set_status(id, to),
            })?;
            s.report_detail(id, profile.role)
        })
    }

    /// A correction of an accepted report: a new draft version, its values copied.
    pub fn report_correct(&self, req: ReportRef) -> Result<ReportDetail, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            let id = s.report_id(&req.id)?;
            let row = reports::get(s.store.conn(), id)?;
            let latest = reports::versions(s.store.conn(), &row.unit, &row.form_code, row.period)?;
            let is_latest = latest.first().is_some_and(|l| l.id == row.id);
            if !(profile.role.is_unit() && profile.unit.as_ref() == Some(&row.unit))
                || row.status != ReportStatus::Accepted
                || !is_latest
            {
                return Err(s
                    .error(
                        ErrorCode::TransitionRefused,
                        Bilingual::new(
                            "Chỉ đơn vị lập lần báo cáo mới, từ lần đã được Sở tiếp nhận gần nhất.",
                            "Only the unit corrects a report, from its latest accepted version.",
                        ),
                    )
                    .into());
            }
            let new = s.store.write(&profile.display_name, Utc::now(), |c| {
                c.reports().create(&row.unit, &row.form_code, row.period, Some(row.id))
            })?;
            s.report_detail(new, profile.role)
        })
    }
}

/// The period before `p`.
fn previous(p: Period) -> Period {
    match p.kind {
        PeriodKind::Year => Period { year: p.year - 1, ..p },
        _ if p.index > 1 => Period { index: p.index - 1, ..p },
        PeriodKind::Quarter => Period { year: p.year - 1, index: 4, ..p },
        PeriodKind::Month => Period { year: p.year - 1, index: 12, ..p },
    }
}

/// A whole number as typed: `1200`, `1.200`, `1 200`; empty is none.
fn parse_whole(typed: &str) -> Result<Option<i64>, Bilingual> {
    let bare: String =
        typed.chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}')).collect();
    if bare.is_empty() {
        return Ok(None);
    }
    let grouped = bare.contains('.');
    let groups_ok = !grouped || {
        let mut parts = bare.split('.');
        let first = parts.next().unwrap_or_default();
        (1..=3).contains(&first.len()) && parts.all(|g| g.len() == 3)
    };
    let digits = bare.replace('.', "");
    match digits.parse::<i64>() {
        Ok(n) if groups_ok && digits.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(n)),
        _ if bare.starts_with('-') => Err(Bilingual::new("Không được âm.", "Cannot be negative.")),
        _ => Err(Bilingual::new(
            "Chỉ nhập số nguyên, ví dụ 1200 hoặc 1.200.",
            "Whole numbers only, e.g. 1200 or 1.200.",
        )),
    }
}

/// One typed line, checked; the issues name its cells.
fn checked_line(
    s: &Session,
    indicator: &Indicator,
    line: &ReportLineInput,
) -> Result<ValueInput, Vec<FieldIssue>> {
    let code = &line.indicator_code;
    let mut issues = Vec::new();
    let mut number = |cell: &str, typed: &str| {
        parse_whole(typed)
            .map_err(|text| issues.push(s.issue(&format!("{cell}:{code}"), "bad_number", text)))
            .ok()
            .flatten()
    };
    let value = number("value", &line.value);
    let denominator = if indicator.measure == Measure::Percent {
        number("denominator", &line.denominator)
    } else {
        None
    };
    if let Err(issue) = check_text("note", &line.note, NAME_MAX_CHARS) {
        let mut issue = s.field_issue(issue);
        issue.field = format!("note:{code}");
        issues.push(issue);
    }
    if !issues.is_empty() {
        return Err(issues);
    }
    if indicator.measure == Measure::YesNo && value.is_some_and(|v| v > 1) {
        return Err(vec![s.issue(
            &format!("value:{code}"),
            "bad_yes_no",
            Bilingual::new("Chọn Có hoặc Không.", "Pick yes or no."),
        )]);
    }
    if indicator.measure == Measure::Percent && value.is_some() != denominator.is_some() {
        let (cell, vi, en) = if value.is_none() {
            ("value", "Nhập tử số.", "Enter the numerator.")
        } else {
            ("denominator", "Nhập mẫu số.", "Enter the denominator.")
        };
        return Err(vec![s.issue(
            &format!("{cell}:{code}"),
            "half_a_percent",
            Bilingual::new(vi, en),
        )]);
    }
    if let Some(v) = KpiValue::from_columns(indicator.measure, value, denominator) {
        v.check(indicator.measure)
            .map_err(|text| vec![s.issue(&format!("value:{code}"), "bad_value", text)])?;
        if indicator.measure == Measure::Amount && v.columns().0 > xaso_domain::Money::MAX.dong() {
            return Err(vec![s.issue(
                &format!("value:{code}"),
                "too_large",
                Bilingual::new("Số tiền quá lớn.", "The amount is too large."),
            )]);
        }
    }
    Ok(ValueInput {
        value,
        denominator,
        source: if line.from_app { ValueSource::App } else { ValueSource::Typed },
        note: line.note.trim().to_owned(),
    })
}

impl Session {
    fn form_name(&self, f: &ReportForm) -> String {
        f.name(self.locale).to_owned()
    }

    fn form_view(&self, f: &ReportForm) -> ReportFormView {
        ReportFormView {
            code: f.code.clone(),
            name: self.form_name(f),
            period: f.period,
            due_days: f.due_days,
            sections: f.sections.clone(),
            indicators: f.indicators.clone(),
        }
    }

    fn form(&self, code: &str) -> Result<ReportForm, Failure> {
        Ok(reports::form(self.store.conn(), code)?.ok_or_else(|| self.report_not_found(code))?.form)
    }

    fn report_not_found(&self, what: &str) -> ApiError {
        self.error(
            ErrorCode::NotFound,
            Bilingual::new(
                format!("Không có báo cáo hay mục {what:?}."),
                format!("There is no report or item {what:?}."),
            ),
        )
    }

    fn report_id(&self, id: &str) -> Result<ReportId, Failure> {
        Ok(ReportId::from_str(id).map_err(|_| self.report_not_found(id))?)
    }

    fn require_editable(
        &self,
        row: &ReportRow,
        role: Role,
        unit: Option<&xaso_domain::UnitCode>,
    ) -> Result<(), Failure> {
        if role.is_unit() && unit == Some(&row.unit) && row.status.editable() {
            return Ok(());
        }
        Err(self
            .error(
                ErrorCode::NotEditable,
                Bilingual::new(
                    format!(
                        "Báo cáo đang ở trạng thái \"{}\": chỉ đơn vị sửa được khi đang soạn.",
                        row.status.label().vi
                    ),
                    format!(
                        "The report is \"{}\": only its unit edits it, as a draft.",
                        row.status.label().en
                    ),
                ),
            )
            .into())
    }

    fn report_detail(&self, id: ReportId, role: Role) -> Result<ReportDetail, Failure> {
        let conn = self.store.conn();
        let row = reports::get(conn, id)?;
        let form = self.form(&row.form_code)?;
        let known = indicators::all(conn)?;
        let values = reports::values(conn, id)?;
        let profile_unit = self.profile()?.and_then(|p| p.unit);
        let own = role.is_unit() && profile_unit.as_ref() == Some(&row.unit);
        let lines: Vec<ReportLine> = form
            .indicators
            .iter()
            .filter_map(|code| {
                let indicator = &known.iter().find(|i| &i.indicator.code == code)?.indicator;
                let stored = values.iter().find(|v| &v.indicator_code == code);
                let text = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
                let (value, denominator) =
                    stored.map_or((None, None), |v| (v.value, v.denominator));
                let percent = match (indicator.measure, value, denominator) {
                    (Measure::Percent, Some(n), Some(d)) if d > 0 => percent_text(n, d),
                    _ => String::new(),
                };
                Some(ReportLine {
                    indicator_code: code.clone(),
                    name: indicator.name(self.locale).to_owned(),
                    measure: indicator.measure,
                    value: text(value),
                    denominator: text(denominator),
                    note: stored.map(|v| v.note.clone()).unwrap_or_default(),
                    from_app: stored.is_some_and(|v| v.source == ValueSource::App),
                    review_comment: stored.map(|v| v.review_comment.clone()).unwrap_or_default(),
                    percent,
                    proposal: None,
                })
            })
            .collect();
        let sections = form
            .sections
            .iter()
            .enumerate()
            .map(|(i, sec)| ReportSection {
                title: sec.title.clone(),
                guidance: sec.guidance.clone(),
                text: row.narrative.get(i).cloned().unwrap_or_default(),
                review_comment: row.section_comments.get(i).cloned().unwrap_or_default(),
            })
            .collect();
        let versions = reports::versions(conn, &row.unit, &row.form_code, row.period)?
            .into_iter()
            .map(|v| ReportVersion {
                id: v.id.to_string(),
                version_no: v.version_no,
                status: v.status,
            })
            .collect();
        let allowed =
            if role.is_unit() && !own { Vec::new() } else { row.status.allowed_for(role) };
        let mut lines = lines;
        if own && row.status.editable() {
            for line in &mut lines {
                if let Some(i) = known.iter().find(|i| i.indicator.code == line.indicator_code) {
                    line.proposal = self.proposal(&i.indicator, &row)?;
                }
            }
        }
        Ok(ReportDetail {
            id: row.id.to_string(),
            unit_code: row.unit.to_string(),
            unit_name: units::get(conn, &row.unit)?.name,
            form_code: form.code.clone(),
            form_name: self.form_name(&form),
            period: row.period.key(),
            period_label: row.period.label().get(self.locale).to_owned(),
            version_no: row.version_no,
            status: row.status,
            allowed,
            editable: own && row.status.editable(),
            signed_by: if matches!(row.status, ReportStatus::Draft) {
                String::new()
            } else {
                row.signed_by.clone()
            },
            submitted_at: row.submitted_at.clone(),
            due: form.due(row.period).to_string(),
            review_comment: row.review_comment.clone(),
            sections,
            lines,
            versions,
        })
    }
}

impl Session {
    /// The value the app proposes for `indicator` in a unit's report, from the rule its
    /// `from_app_data` names ([`AppRule`]), counted over the report's period in the
    /// display zone.
    fn proposal(
        &self,
        indicator: &Indicator,
        row: &ReportRow,
    ) -> Result<Option<ReportProposal>, Failure> {
        let Some(rule) = indicator.from_app_data.as_deref().and_then(AppRule::parse) else {
            return Ok(None);
        };
        if indicator.measure != Measure::Count {
            return Ok(None);
        }
        let bound = |day: chrono::NaiveDate| {
            let midnight = day.and_time(chrono::NaiveTime::MIN);
            self.zone.instant(midnight).map(xaso_domain::time::stored)
        };
        let (Some(from), Some(until)) =
            (bound(row.period.start()), bound(row.period.next().start()))
        else {
            return Ok(None);
        };
        let conn = self.store.conn();
        let label = row.period.label();
        let (n, vi, en) = match rule {
            AppRule::TasksReaching { kind, status } => {
                let n = reports::tasks_reaching(
                    conn,
                    &row.unit,
                    kind.as_str(),
                    status.as_str(),
                    &from,
                    &until,
                )?;
                // The fields' short names, as the indicators screen writes them.
                let (kv, ke) = match kind {
                    xaso_domain::TaskKind::Khcn => ("KHCN", "S&T"),
                    xaso_domain::TaskKind::Dmst => ("ĐMST", "innovation"),
                    xaso_domain::TaskKind::Cds => ("CĐS", "digital"),
                };
                let (sv, se) =
                    (status.label(xaso_domain::Locale::Vi), status.label(xaso_domain::Locale::En));
                (
                    n,
                    format!(
                        "{n} nhiệm vụ {kv} chuyển sang \"{sv}\" trong {}",
                        label.vi.to_lowercase()
                    ),
                    format!("{n} {ke} tasks that became \"{se}\" in {}", label.en),
                )
            }
            AppRule::Attendances => {
                let n = reports::attendances(conn, &row.unit, &from, &until)?;
                (
                    n,
                    format!("{n} lượt điểm danh tập huấn trong {}", label.vi.to_lowercase()),
                    format!("{n} training check-ins in {}", label.en),
                )
            }
        };
        Ok(Some(ReportProposal {
            value: n.to_string(),
            source: Bilingual::new(vi, en).get(self.locale).to_owned(),
        }))
    }
}

/// `n / d` as a percentage with at most one decimal, the Vietnamese way (`95,8 %`),
/// rounded half up, exactly.
fn percent_text(n: i64, d: i64) -> String {
    let tenths = (i128::from(n) * 1000 * 2 + i128::from(d)) / (2 * i128::from(d));
    let (whole, tenth) = (tenths / 10, tenths % 10);
    if tenth == 0 { format!("{whole} %") } else { format!("{whole},{tenth} %") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_are_read_the_vietnamese_way() {
        assert_eq!(parse_whole(""), Ok(None));
        assert_eq!(parse_whole("1200"), Ok(Some(1_200)));
        assert_eq!(parse_whole("1.200"), Ok(Some(1_200)));
        assert_eq!(parse_whole("12.000.000"), Ok(Some(12_000_000)));
        assert_eq!(parse_whole(" 1 200 "), Ok(Some(1_200)));
        assert!(parse_whole("1,5").is_err());
        assert!(parse_whole("12.00").is_err(), "not a grouping");
        assert!(parse_whole("-3").unwrap_err().vi.contains("âm"));
        assert!(parse_whole("mười").is_err());
    }

    #[test]
    fn percentages_round_half_up_to_one_decimal() {
        assert_eq!(percent_text(1_150, 1_200), "95,8 %");
        assert_eq!(percent_text(1, 2), "50 %");
        assert_eq!(percent_text(1, 3), "33,3 %");
        assert_eq!(percent_text(2, 3), "66,7 %");
        assert_eq!(percent_text(0, 7), "0 %");
        assert_eq!(percent_text(7, 7), "100 %");
    }

    #[test]
    fn the_period_before_crosses_years() {
        let p = |k: &str| Period::parse(k).unwrap();
        assert_eq!(previous(p("2026-Q1")).key(), "2025-Q4");
        assert_eq!(previous(p("2026-Q3")).key(), "2026-Q2");
        assert_eq!(previous(p("2026-01")).key(), "2025-12");
        assert_eq!(previous(p("2026")).key(), "2025");
    }
}
