//! KPI indicators in the app (issue 13): the list the city tracks, read by every role and
//! edited by the city admin (like the norms). Reports, values and the city's roll-ups
//! build on it.

use std::str::FromStr;

use chrono::Datelike as _;
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use xaso_domain::kpi::{self, Indicator, KpiValue, Period};
pub use xaso_domain::kpi::{Aggregation, Direction, KpiField, Measure, PeriodKind};
use xaso_domain::money::group_thousands;
use xaso_domain::norm::{Scaled, ScaledError};
use xaso_domain::report;
use xaso_domain::validate::{self, NAME_MAX_CHARS, TEXT_MAX_CHARS};
use xaso_domain::{Bilingual, IndicatorId, Role};
use xaso_store::indicators;
use xaso_store::reports;

use crate::api::FieldIssue;
use crate::app::Session;
use crate::error::{ErrorCode, Failure};
use crate::{ApiError, App};

/// One indicator as the indicators screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IndicatorView {
    /// The indicator row's UUIDv7.
    pub id: String,
    /// Stable key reports refer to (`cds.van_ban_ky_so`).
    pub code: String,
    /// Its name as the city publishes it.
    pub name_vi: String,
    /// Its name in English (empty when none was given).
    pub name_en: String,
    /// KHCN, ĐMST, CĐS, or common to all three.
    pub field: KpiField,
    /// What a unit reports: a count, a numerator and denominator, đồng, or yes/no.
    pub measure: Measure,
    /// How the city's value is made from the units' values.
    pub aggregation: Aggregation,
    /// How often it is reported.
    pub period: PeriodKind,
    /// Which way is better.
    pub direction: Direction,
    /// The city's target written the Vietnamese way (`80 %`, `1.200`, `5.000.000 ₫`);
    /// `None`: no target set.
    pub target: Option<String>,
    /// How the app proposes the value from its own data, in words; `None`: typed in.
    pub from_app_data: Option<String>,
    /// Where the definition comes from (a resolution, a plan; `example` for the bundled
    /// examples).
    pub source: String,
    /// `false`: not yet checked against the city's published text; shown as unverified.
    pub verified: bool,
    /// The target as the edit form shows it (`80`, `80,5`, `1200`); empty: none.
    pub target_input: String,
    /// First day it applies, `yyyy-mm-dd`; `None`: from the beginning.
    pub effective_from: Option<String>,
    /// Last day it applies, `yyyy-mm-dd`; `None`: open-ended.
    pub effective_to: Option<String>,
    /// It applies today (a report for today's period carries it).
    pub in_force: bool,
}

/// An indicator as the city admin types it: a new one, or a correction of one. It syncs
/// to every laptop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IndicatorInput {
    /// `None` publishes a new indicator; `Some` corrects that one.
    pub id: Option<String>,
    /// Letters, digits, dots and underscores (trimmed), e.g. `cds.van_ban_ky_so`.
    pub code: String,
    /// Required, at most 500 characters.
    pub name_vi: String,
    /// At most 500 characters; may be empty.
    pub name_en: String,
    /// KHCN, ĐMST, CĐS, or common to all three.
    pub field: KpiField,
    /// What a unit reports.
    pub measure: Measure,
    /// Must fit the measure: `sum`/`mean` for counts and amounts, `ratio_of_sums`/`mean`
    /// for percents, `share_yes` for yes/no.
    pub aggregation: Aggregation,
    /// How often it is reported.
    pub period: PeriodKind,
    /// Which way is better.
    pub direction: Direction,
    /// As typed (`80`, `80,5`, `1.250,5`, `1200`; a trailing `%` or `₫` is allowed): at most
    /// two decimals; empty: no target.
    pub target: String,
    /// How the app proposes the value from its own data, in words; empty: typed in.
    pub from_app_data: String,
    /// Required: the resolution, plan or document the indicator comes from.
    pub source: String,
    /// `""` or `yyyy-mm-dd` (`dd/mm/yyyy` is read too).
    pub effective_from: String,
    /// `""` (open-ended) or a date not before `effective_from`.
    pub effective_to: String,
    /// Checked against the city's published text.
    pub verified: bool,
}

/// The indicators after a save, and what was wrong with the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IndicatorSaved {
    /// Every indicator, as stored now (unchanged when there are issues).
    pub indicators: Vec<IndicatorView>,
    /// Non-empty: nothing was saved.
    pub issues: Vec<FieldIssue>,
}

/// Which period the city's dashboard shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct KpiDashboardQuery {
    /// A period key (`2026-Q3`, `2026`); empty: the last quarter that has ended.
    pub period: String,
}

/// A period the dashboard can show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PeriodChoice {
    /// `2026-Q3`, `2026`.
    pub key: String,
    /// `Quý 3/2026`, `Năm 2026`.
    pub label: String,
}

/// How many units sent a form's report for the period, and how many on time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportingRate {
    /// The form.
    pub form_code: String,
    /// Its name in the session's language.
    pub form_name: String,
    /// The last day it is on time, `yyyy-mm-dd`.
    pub due: String,
    /// Units whose report was received (sent or accepted).
    pub received: u32,
    /// Of those, sent by the due day (the unit's local date).
    pub on_time: u32,
    /// Units expected to report (every unit of the city).
    pub expected: u32,
}

/// One indicator on the city's dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DashboardLine {
    /// The indicator's code.
    pub code: String,
    /// Its name in the session's language.
    pub name: String,
    /// Its field.
    pub field: KpiField,
    /// What units report.
    pub measure: Measure,
    /// How the city's value is made.
    pub aggregation: Aggregation,
    /// The city's value written the Vietnamese way (`92,4 %`, `1.320`); `None`: no unit
    /// reported it (or every denominator was 0).
    pub value: Option<String>,
    /// The same in hundredths (for sorting and charts).
    pub value_hundredths: Option<i64>,
    /// The target written the Vietnamese way; `None`: no target.
    pub target: Option<String>,
    /// Met, missed, or `None` (no target or no value).
    pub met: Option<bool>,
    /// Units whose received report carries a value for it.
    pub units_reporting: u32,
}

/// The city's dashboard for a period: every indicator rolled up from the reports received
/// so far, the headline, and the reporting rate of each form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct KpiDashboard {
    /// The period shown.
    pub period: String,
    /// Its name in the session's language.
    pub period_label: String,
    /// When this was computed, `HH:MM` local time ("as of 14:32").
    pub as_of: String,
    /// Indicators with a target that are met, and indicators with a target and a value.
    pub met: u32,
    /// See `met`.
    pub judged: u32,
    /// One line per indicator of the period's kind, by field then code.
    pub lines: Vec<DashboardLine>,
    /// Per form of the period's kind.
    pub rates: Vec<ReportingRate>,
    /// Periods to pick from: this and last year's quarters and years.
    pub choices: Vec<PeriodChoice>,
}

impl App {
    /// The city's dashboard (city staff): every indicator of the period's kind rolled up
    /// by its rule from the reports received so far — computed when asked, so a report
    /// that syncs in counts at once — with the reporting rate of each form.
    pub fn kpi_dashboard(&self, req: KpiDashboardQuery) -> Result<KpiDashboard, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            if !profile.role.is_city() {
                return Err(s
                    .error(
                        ErrorCode::Forbidden,
                        Bilingual::new(
                            "Bảng tổng hợp toàn thành phố dành cho cán bộ Sở KHCN.",
                            "The city-wide dashboard is for the Department's staff.",
                        ),
                    )
                    .into());
            }
            let today = s.zone.today();
            let period = if req.period.trim().is_empty() {
                previous_quarter(today)
            } else {
                Period::parse(req.period.trim()).ok_or_else(|| {
                    s.error(
                        ErrorCode::NotFound,
                        Bilingual::new(
                            format!("Không có kỳ {:?}.", req.period),
                            format!("There is no period {:?}.", req.period),
                        ),
                    )
                })?
            };
            dashboard(s, period, today)
        })
    }

    /// Every indicator the city tracks, by field (KHCN, ĐMST, CĐS, then the common ones)
    /// and code.
    pub fn indicators_list(&self) -> Result<Vec<IndicatorView>, ApiError> {
        self.with_session(|s| s.indicator_views())
    }

    /// Publishes an indicator or a correction of one (city admin only). Every field is
    /// checked here, the roll-up against the measure included ([`Indicator::check`]); the
    /// city server checks each value again against the synced schema.
    pub fn indicator_save(&self, req: IndicatorInput) -> Result<IndicatorSaved, ApiError> {
        self.with_session(|s| {
            let profile = s.require_profile()?;
            if profile.role != Role::CityAdmin {
                return Err(s
                    .error(
                        ErrorCode::TransitionRefused,
                        Bilingual::new(
                            "Chỉ quản trị viên Sở KHCN sửa chỉ tiêu.",
                            "Only a city admin edits indicators.",
                        ),
                    )
                    .into());
            }
            let id = match &req.id {
                Some(typed) => Some(IndicatorId::from_str(typed).map_err(|_| {
                    s.error(
                        ErrorCode::NotFound,
                        Bilingual::new(
                            format!("Không có chỉ tiêu {typed:?}."),
                            format!("There is no indicator {typed:?}."),
                        ),
                    )
                })?),
                None => None,
            };
            let before = id.map(|id| indicators::get(s.store.conn(), id)).transpose()?;
            match checked(s, req, before.as_ref().map(|r| &r.indicator)) {
                Ok(indicator) => {
                    s.store.write(&profile.display_name, Utc::now(), |c| {
                        c.indicators().save(id, &indicator)
                    })?;
                    Ok(IndicatorSaved { indicators: s.indicator_views()?, issues: Vec::new() })
                }
                Err(issues) => Ok(IndicatorSaved { indicators: s.indicator_views()?, issues }),
            }
        })
    }
}

fn previous_quarter(today: NaiveDate) -> Period {
    let current = Period::containing(PeriodKind::Quarter, today);
    if current.index > 1 {
        Period { index: current.index - 1, ..current }
    } else {
        Period { year: current.year - 1, index: 4, ..current }
    }
}

fn dashboard(s: &Session, period: Period, today: NaiveDate) -> Result<KpiDashboard, Failure> {
    let conn = s.store.conn();
    let expected = u32::try_from(xaso_store::units::count(conn)?).unwrap_or(u32::MAX);
    let forms: Vec<_> = reports::forms(conn)?
        .into_iter()
        .map(|f| f.form)
        .filter(|f| f.period == period.kind)
        .collect();
    let received = reports::received_for_period(conn, period)?;
    let rates = forms
        .iter()
        .map(|f| {
            let due = f.due(period);
            let mine: Vec<_> = received.iter().filter(|r| r.form_code == f.code).collect();
            let on_time = mine
                .iter()
                .filter(|r| {
                    r.submitted_at
                        .as_deref()
                        .and_then(|t| t.parse::<chrono::DateTime<Utc>>().ok())
                        .is_some_and(|t| report::on_time(s.zone.local(t).date(), due))
                })
                .count();
            ReportingRate {
                form_code: f.code.clone(),
                form_name: f.name(s.locale).to_owned(),
                due: due.to_string(),
                received: u32::try_from(mine.len()).unwrap_or(u32::MAX),
                on_time: u32::try_from(on_time).unwrap_or(u32::MAX),
                expected,
            }
        })
        .collect();
    let values = reports::received_values(conn, period)?;
    let carried: std::collections::BTreeSet<&str> =
        forms.iter().flat_map(|f| f.indicators.iter().map(String::as_str)).collect();
    let mut lines = Vec::new();
    let (mut met_count, mut judged) = (0, 0);
    for row in
        indicators::all(conn)?.into_iter().filter(|r| carried.contains(r.indicator.code.as_str()))
    {
        let i = &row.indicator;
        // One value per unit (a unit's two forms of the same period may both carry it).
        let mut seen = std::collections::BTreeSet::new();
        let unit_values: Vec<KpiValue> = values
            .iter()
            .filter(|v| v.indicator_code == i.code && seen.insert(v.unit.as_str()))
            .filter_map(|v| KpiValue::from_columns(i.measure, v.value, v.denominator))
            .filter(|v| v.check(i.measure).is_ok())
            .collect();
        let value = kpi::aggregate(i, &unit_values);
        let percent = matches!(i.measure, Measure::Percent | Measure::YesNo);
        let hundredths = value.map(|v| i64::try_from(v.hundredths(percent)).unwrap_or(i64::MAX));
        let met = kpi::met(i, value);
        if let Some(m) = met {
            judged += 1;
            met_count += u32::from(m);
        }
        lines.push(DashboardLine {
            code: i.code.clone(),
            name: i.name(s.locale).to_owned(),
            field: i.field,
            measure: i.measure,
            aggregation: i.aggregation,
            value: hundredths.map(|h| target_text(i.measure, h)),
            value_hundredths: hundredths,
            target: i.target_hundredths.map(|t| target_text(i.measure, t)),
            met,
            units_reporting: u32::try_from(unit_values.len()).unwrap_or(u32::MAX),
        });
    }
    let mut choices = Vec::new();
    for year in [today.year(), today.year() - 1] {
        for q in (1..=4).rev() {
            let p = Period { kind: PeriodKind::Quarter, year, index: q };
            if p.start() <= today {
                choices
                    .push(PeriodChoice { key: p.key(), label: p.label().get(s.locale).to_owned() });
            }
        }
        let y = Period { kind: PeriodKind::Year, year, index: 1 };
        choices.push(PeriodChoice { key: y.key(), label: y.label().get(s.locale).to_owned() });
    }
    Ok(KpiDashboard {
        period: period.key(),
        period_label: period.label().get(s.locale).to_owned(),
        as_of: s.zone.local(Utc::now()).format("%H:%M").to_string(),
        met: met_count,
        judged,
        lines,
        rates,
        choices,
    })
}

impl Session {
    fn indicator_views(&self) -> Result<Vec<IndicatorView>, Failure> {
        let today = self.zone.today();
        let rows = indicators::all(self.store.conn())?;
        Ok(rows.into_iter().map(|r| view(r.id.to_string(), r.indicator, today)).collect())
    }
}

/// The form's fields checked one by one (each issue beside its field), then together.
/// `before`: the indicator being corrected (its measure and roll-up stay: see
/// [`xaso_domain::kpi::FIXED_FIELDS`]).
fn checked(
    s: &Session,
    req: IndicatorInput,
    before: Option<&Indicator>,
) -> Result<Indicator, Vec<FieldIssue>> {
    let mut issues = Vec::new();
    let code = req.code.trim();
    if let Err(i) = validate::check_code("code", code) {
        issues.push(s.field_issue(i));
    }
    for (field, text, required, max) in [
        ("name_vi", &req.name_vi, true, NAME_MAX_CHARS),
        ("name_en", &req.name_en, false, NAME_MAX_CHARS),
        ("source", &req.source, true, NAME_MAX_CHARS),
        ("from_app_data", &req.from_app_data, false, TEXT_MAX_CHARS),
    ] {
        if required && text.trim().is_empty() {
            issues.push(s.issue(field, "required", Bilingual::new("Bắt buộc nhập.", "Required.")));
        } else if let Err(i) = validate::check_text(field, text, max) {
            issues.push(s.field_issue(i));
        }
    }
    let target = parse_target(&req.target)
        .map_err(|text| issues.push(s.issue("target", "bad_target", text)))
        .ok();
    let (from, to) = validate::effective_span(&req.effective_from, &req.effective_to)
        .unwrap_or_else(|found| {
            issues.extend(s.issues(found));
            (None, None)
        });
    let indicator = Indicator {
        code: code.to_owned(),
        name_vi: req.name_vi.trim().to_owned(),
        name_en: req.name_en.trim().to_owned(),
        field: req.field,
        measure: req.measure,
        aggregation: req.aggregation,
        period: req.period,
        direction: req.direction,
        target_hundredths: target.flatten(),
        from_app_data: Some(req.from_app_data.trim().to_owned()).filter(|t| !t.is_empty()),
        source: req.source.trim().to_owned(),
        effective_from: from,
        effective_to: to,
        verified: req.verified,
    };
    let changed = before.filter(|b| (b.measure, b.aggregation) != (req.measure, req.aggregation));
    if changed.is_some() {
        issues.push(s.issue(
            "aggregation",
            "indicator_fixed",
            Bilingual::new(
                "Loại số liệu và cách tổng hợp của chỉ tiêu đã có không đổi được (các báo cáo đã nộp theo cách cũ): hãy tạo chỉ tiêu mới và đặt ngày hết hiệu lực cho chỉ tiêu này.",
                "An existing indicator's measure and roll-up cannot change (reports were filed under them): create a new indicator and give this one an end date.",
            ),
        ));
    } else if let Err(text) = indicator.check() {
        issues.push(s.issue("aggregation", "rollup_unfit", text));
    }
    if issues.is_empty() { Ok(indicator) } else { Err(issues) }
}

/// A target as typed, in hundredths of its unit: `80` → 8 000, `80,5` → 8 050; a trailing
/// `%` or `₫` is the unit the screen shows and is allowed; empty is no target.
fn parse_target(typed: &str) -> Result<Option<i64>, Bilingual> {
    let bare = typed.trim().trim_end_matches(['%', '₫', 'đ']).trim();
    if bare.is_empty() {
        return Ok(None);
    }
    let scaled = Scaled::parse(bare).map_err(|e| match e {
        // A target of 24.000 people or 1.200 đồng is common: say how to write it.
        ScaledError::Ambiguous => Bilingual::new(
            "Viết số nguyên không có dấu chấm (1200) hoặc dùng dấu phẩy cho phần thập phân (1,2).",
            "Write whole numbers without a dot (1200), or a decimal comma (1,2).",
        ),
        e => validate::scaled_text(e),
    })?;
    let per_hundredth = Scaled::SCALE / 100;
    if scaled.raw() % per_hundredth != 0 {
        return Err(Bilingual::new(
            "Chỉ tiêu có tối đa hai chữ số thập phân.",
            "A target has at most two decimals.",
        ));
    }
    Ok(Some(scaled.raw() / per_hundredth))
}

/// A target in hundredths as the edit form shows it: `8050` → `80,5`, no grouping.
fn target_input(hundredths: i64) -> String {
    let (whole, fraction) = (hundredths / 100, hundredths % 100);
    if fraction == 0 {
        whole.to_string()
    } else {
        format!("{whole},{}", format!("{fraction:02}").trim_end_matches('0'))
    }
}

fn view(id: String, i: Indicator, today: NaiveDate) -> IndicatorView {
    let iso = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    IndicatorView {
        id,
        in_force: i.effective_from.is_none_or(|f| f <= today)
            && i.effective_to.is_none_or(|t| today <= t),
        effective_from: iso(i.effective_from),
        effective_to: iso(i.effective_to),
        target_input: i.target_hundredths.map(target_input).unwrap_or_default(),
        target: i.target_hundredths.map(|t| target_text(i.measure, t)),
        code: i.code,
        name_vi: i.name_vi,
        name_en: i.name_en,
        field: i.field,
        measure: i.measure,
        aggregation: i.aggregation,
        period: i.period,
        direction: i.direction,
        from_app_data: i.from_app_data,
        source: i.source,
        verified: i.verified,
    }
}

/// A target in hundredths, written the Vietnamese way: thousands grouped with dots, a
/// decimal comma only when there is a fraction, `%` for shares, `₫` for amounts.
fn target_text(measure: Measure, hundredths: i64) -> String {
    let (whole, fraction) = (hundredths / 100, hundredths % 100);
    let mut text = group_thousands(whole);
    if fraction != 0 {
        text.push_str(format!(",{fraction:02}").trim_end_matches('0'));
    }
    match measure {
        Measure::Percent | Measure::YesNo => text + " %",
        Measure::Amount => text + " ₫",
        Measure::Count => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_read_the_vietnamese_way() {
        assert_eq!(target_text(Measure::Percent, 8_000), "80 %");
        assert_eq!(target_text(Measure::Percent, 8_050), "80,5 %");
        assert_eq!(target_text(Measure::Percent, 8_005), "80,05 %");
        assert_eq!(target_text(Measure::Count, 120_000), "1.200");
        assert_eq!(target_text(Measure::Amount, 500_000_000), "5.000.000 ₫");
        assert_eq!(target_text(Measure::YesNo, 10_000), "100 %");
    }

    #[test]
    fn targets_are_typed_the_vietnamese_way_and_shown_back_the_same() {
        assert_eq!(parse_target(""), Ok(None));
        assert_eq!(parse_target("80"), Ok(Some(8_000)));
        assert_eq!(parse_target("80,5 %"), Ok(Some(8_050)));
        assert_eq!(parse_target("1.250,05"), Ok(Some(125_005)));
        assert_eq!(parse_target("5.000.000 ₫"), Ok(Some(500_000_000)));
        assert_eq!(parse_target("1200"), Ok(Some(120_000)));
        // "1.200" could be 1,2 or 1 200: refused with a way out, never guessed.
        assert!(parse_target("1.200").unwrap_err().vi.contains("1200"));
        assert!(parse_target("80,125").unwrap_err().en.contains("two decimals"));
        assert!(parse_target("-5").is_err());
        assert!(parse_target("nhiều").is_err());
        for hundredths in [8_000, 8_050, 8_005, 125_005, 0] {
            let typed = target_input(hundredths);
            assert_eq!(parse_target(&typed), Ok(Some(hundredths)), "{typed}");
        }
        assert_eq!(target_input(8_050), "80,5");
    }
}
