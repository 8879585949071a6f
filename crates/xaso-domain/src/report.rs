//! Reports (báo cáo) a unit files for a period (issue 13): what a report form asks for,
//! the lifecycle of one unit's report, and when it is due and on time.
//!
//! The lifecycle, and who takes each step (the server enforces it, as for tasks):
//!
//! ```text
//! draft ──sign (unit lead)──▶ signed ──submit (unit)──▶ submitted ──accept (city)──▶ accepted
//!   ▲                           │                          │
//!   └──withdraw (unit lead)─────┘                          └─return (city, reason)─▶ returned
//!   ▲                                                                                  │
//!   └────────────────────────────reopen to correct (unit)──────────────────────────────┘
//! ```
//!
//! Only a draft's values and narrative change. An accepted report is frozen for good: a
//! correction is a new version of it (a new draft, its values copied), compared line by
//! line with the accepted one.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::kpi::{Period, PeriodKind, words};
use crate::task::Role;
use crate::text::Bilingual;

words!(
    /// Where a unit's report for a period stands.
    ReportStatus {
        /// Being written by the unit; the only state whose content changes.
        Draft = "draft",
        /// Signed off by the unit's lead, not yet sent.
        Signed = "signed",
        /// Sent to the city.
        Submitted = "submitted",
        /// Sent back by the city, with its reasons.
        Returned = "returned",
        /// Taken by the city: frozen.
        Accepted = "accepted",
    }
);

impl ReportStatus {
    /// The steps from here, whoever takes them.
    fn next(self) -> &'static [ReportStatus] {
        use ReportStatus::*;
        match self {
            Draft => &[Signed],
            Signed => &[Submitted, Draft],
            Submitted => &[Accepted, Returned],
            Returned => &[Draft],
            Accepted => &[],
        }
    }

    fn role_may(self, to: ReportStatus, role: Role) -> bool {
        use ReportStatus::*;
        match (self, to) {
            // The lead signs for the unit, and only the lead takes the signature back.
            (Draft, Signed) | (Signed, Draft) => role == Role::UnitLead,
            (Signed, Submitted) | (Returned, Draft) => role.is_unit(),
            (Submitted, Accepted | Returned) => role.is_city(),
            _ => false,
        }
    }

    /// The steps `role` may take from here (what the report screen offers as buttons).
    pub fn allowed_for(self, role: Role) -> Vec<ReportStatus> {
        self.next().iter().copied().filter(|to| self.role_may(*to, role)).collect()
    }

    /// Whether `role` may move a report from this state to `to`; a return needs its
    /// reason (`has_comment`: the overall comment; comments on sections and indicators
    /// come on top of it).
    pub fn check_transition(
        self,
        to: ReportStatus,
        role: Role,
        has_comment: bool,
    ) -> Result<(), Bilingual> {
        if !self.next().contains(&to) {
            return Err(Bilingual::new(
                format!(
                    "Báo cáo đang ở trạng thái \"{}\" không chuyển sang \"{}\" được.",
                    self.label().vi,
                    to.label().vi
                ),
                format!(
                    "A report that is \"{}\" cannot become \"{}\".",
                    self.label().en,
                    to.label().en
                ),
            ));
        }
        if !self.role_may(to, role) {
            return Err(match to {
                ReportStatus::Signed => Bilingual::new(
                    "Chỉ lãnh đạo UBND ký duyệt báo cáo của đơn vị.",
                    "Only the unit's lead signs its report off.",
                ),
                ReportStatus::Accepted | ReportStatus::Returned => Bilingual::new(
                    "Chỉ Sở KHCN tiếp nhận hoặc trả lại báo cáo.",
                    "Only the city's department accepts or returns a report.",
                ),
                _ => Bilingual::new(
                    "Vai trò của bạn không thực hiện bước này.",
                    "Your role does not take this step.",
                ),
            });
        }
        if to == ReportStatus::Returned && !has_comment {
            return Err(Bilingual::new(
                "Trả lại báo cáo cần nêu lý do chung (ý kiến ở từng chỉ tiêu, từng phần là thêm).",
                "Returning a report needs an overall reason (comments on indicators and sections come on top).",
            ));
        }
        Ok(())
    }

    /// Values and narrative change only in a draft.
    pub fn editable(self) -> bool {
        self == ReportStatus::Draft
    }

    /// Counted as received by the city (the reporting rate): sent, whatever came of it
    /// since, unless it was sent back and not sent again.
    pub fn received(self) -> bool {
        matches!(self, ReportStatus::Submitted | ReportStatus::Accepted)
    }

    pub fn label(self) -> Bilingual {
        let (vi, en) = match self {
            ReportStatus::Draft => ("Đang soạn", "Draft"),
            ReportStatus::Signed => ("Đã ký duyệt", "Signed off"),
            ReportStatus::Submitted => ("Đã gửi Sở", "Submitted"),
            ReportStatus::Returned => ("Bị trả lại", "Returned"),
            ReportStatus::Accepted => ("Đã tiếp nhận", "Accepted"),
        };
        Bilingual::new(vi, en)
    }
}

/// One narrative section of a report form: its title and what the unit should write.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Section {
    pub title: String,
    pub guidance: String,
}

/// A kind of report the city asks for (city data, like the indicators): how often, when
/// it is due, what the unit writes and which indicators it carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportForm {
    /// Stable key (`cds.quy`).
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub period: PeriodKind,
    /// Due this many days after its period ends.
    pub due_days: u32,
    pub sections: Vec<Section>,
    /// The codes of the indicators it carries, in the form's order.
    pub indicators: Vec<String>,
}

/// The most days after a period's end a report may be due.
pub const MAX_DUE_DAYS: u32 = 366;
/// The most sections and indicators one form may have.
pub const MAX_SECTIONS: usize = 30;
pub const MAX_FORM_INDICATORS: usize = 200;

impl ReportForm {
    /// Its name in `locale` (Vietnamese when it has no English one).
    pub fn name(&self, locale: crate::Locale) -> &str {
        match locale {
            crate::Locale::En if !self.name_en.is_empty() => &self.name_en,
            _ => &self.name_vi,
        }
    }

    /// The last day a unit's report for `period` is on time.
    pub fn due(&self, period: Period) -> NaiveDate {
        period.due(self.due_days)
    }

    /// The form holds together: a period the report is for, a due rule, at most
    /// [`MAX_SECTIONS`] titled sections, indicators named once each.
    pub fn check(&self) -> Result<(), Bilingual> {
        if self.due_days > MAX_DUE_DAYS {
            return Err(Bilingual::new(
                format!("Hạn nộp tối đa {MAX_DUE_DAYS} ngày sau kỳ báo cáo."),
                format!("A report is due at most {MAX_DUE_DAYS} days after its period."),
            ));
        }
        if self.sections.len() > MAX_SECTIONS
            || self.sections.iter().any(|s| s.title.trim().is_empty())
        {
            return Err(Bilingual::new(
                format!("Mỗi phần cần có tiêu đề (tối đa {MAX_SECTIONS} phần)."),
                format!("Every section needs a title (at most {MAX_SECTIONS} sections)."),
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        if self.indicators.len() > MAX_FORM_INDICATORS
            || !self.indicators.iter().all(|c| seen.insert(c.as_str()))
        {
            return Err(Bilingual::new(
                "Mỗi chỉ tiêu chỉ có một lần trong mẫu báo cáo.",
                "Each indicator appears once in a report form.",
            ));
        }
        Ok(())
    }
}

/// Whether a report sent on `sent` (the unit's local day) for a period due on `due` was
/// on time: on the due day itself is on time.
pub fn on_time(sent: NaiveDate, due: NaiveDate) -> bool {
    sent <= due
}

#[cfg(test)]
mod tests {
    use super::ReportStatus::*;
    use super::*;

    #[test]
    fn the_lead_signs_the_unit_sends_the_city_decides() {
        use Role::*;
        // (from, to, role, allowed)
        let table = [
            (Draft, Signed, UnitLead, true),
            (Draft, Signed, UnitOfficial, false),
            (Draft, Signed, CityReviewer, false),
            (Draft, Submitted, UnitLead, false), // not without a signature
            (Signed, Submitted, UnitOfficial, true),
            (Signed, Submitted, UnitLead, true),
            (Signed, Draft, UnitLead, true),
            (Signed, Draft, UnitOfficial, false),
            (Submitted, Accepted, CityReviewer, true),
            (Submitted, Accepted, CityAdmin, true),
            (Submitted, Accepted, UnitLead, false),
            (Submitted, Returned, CityReviewer, true),
            (Submitted, Draft, UnitLead, false), // sent is sent
            (Returned, Draft, UnitOfficial, true),
            (Returned, Submitted, UnitLead, false), // corrected, then signed again
            (Accepted, Draft, UnitLead, false),
            (Accepted, Returned, CityReviewer, false), // frozen
        ];
        for (from, to, role, allowed) in table {
            let result = from.check_transition(to, role, true);
            assert_eq!(result.is_ok(), allowed, "{from:?} → {to:?} by {role:?}: {result:?}");
            assert_eq!(
                from.allowed_for(role).contains(&to),
                allowed,
                "{from:?} → {to:?} by {role:?}"
            );
        }
        assert!(Accepted.allowed_for(CityReviewer).is_empty());
    }

    #[test]
    fn a_return_says_why_and_only_a_draft_changes() {
        let err = Submitted.check_transition(Returned, Role::CityReviewer, false).unwrap_err();
        assert!(err.vi.contains("lý do"), "{err:?}");
        assert!(Submitted.check_transition(Returned, Role::CityReviewer, true).is_ok());
        let editable: Vec<_> = ReportStatus::ALL.iter().filter(|s| s.editable()).collect();
        assert_eq!(editable, [&Draft]);
        let received: Vec<_> = ReportStatus::ALL.iter().filter(|s| s.received()).collect();
        assert_eq!(received, [&Submitted, &Accepted]);
    }

    fn form(period: PeriodKind, due_days: u32) -> ReportForm {
        ReportForm {
            code: "cds.quy".into(),
            name_vi: "Báo cáo tiến độ chuyển đổi số hằng quý".into(),
            name_en: "Quarterly digital transformation progress".into(),
            period,
            due_days,
            sections: vec![Section { title: "Kết quả".into(), guidance: String::new() }],
            indicators: vec!["cds.van_ban_ky_so".into(), "cds.to_cong_nghe_so".into()],
        }
    }

    #[test]
    fn due_dates_count_from_the_end_of_the_period_and_the_due_day_is_on_time() {
        let q3 = Period::parse("2026-Q3").unwrap();
        // Q3 ends on 30 September; ten days later is 10 October.
        let due = form(PeriodKind::Quarter, 10).due(q3);
        assert_eq!(due, NaiveDate::from_ymd_opt(2026, 10, 10).unwrap());
        assert!(on_time(due, due));
        assert!(!on_time(due.succ_opt().unwrap(), due));
        // A yearly report for 2026, due 15 days after 31 December: 15 January 2027.
        let y = Period::parse("2026").unwrap();
        assert_eq!(
            form(PeriodKind::Year, 15).due(y),
            NaiveDate::from_ymd_opt(2027, 1, 15).unwrap()
        );
        // February of a leap year ends on the 29th.
        let feb = Period::parse("2028-02").unwrap();
        assert_eq!(
            form(PeriodKind::Month, 5).due(feb),
            NaiveDate::from_ymd_opt(2028, 3, 5).unwrap()
        );
    }

    #[test]
    fn a_form_names_each_indicator_once_and_titles_its_sections() {
        assert!(form(PeriodKind::Quarter, 10).check().is_ok());
        let mut twice = form(PeriodKind::Quarter, 10);
        twice.indicators.push("cds.van_ban_ky_so".into());
        assert!(twice.check().is_err());
        let mut untitled = form(PeriodKind::Quarter, 10);
        untitled.sections.push(Section { title: " ".into(), guidance: "…".into() });
        assert!(untitled.check().is_err());
        assert!(form(PeriodKind::Quarter, MAX_DUE_DAYS + 1).check().is_err());
    }
}
