//! Grassroots tasks (nhiệm vụ cấp cơ sở): kinds, the lifecycle and who may move it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::text::{Bilingual, Locale};

/// KHCN (science & technology), ĐMST (innovation), CĐS (digital transformation).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    #[default]
    Khcn,
    Dmst,
    Cds,
}

impl TaskKind {
    pub const ALL: [TaskKind; 3] = [TaskKind::Khcn, TaskKind::Dmst, TaskKind::Cds];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskKind::Khcn => "khcn",
            TaskKind::Dmst => "dmst",
            TaskKind::Cds => "cds",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The lifecycle of DESIGN.md §Task forms:
/// `draft → submitted → (returned ↺) → approved → contracted → in_progress →
/// midterm_checked → accepted | rejected_at_acceptance → settled`, with the side states
/// `suspended` (resumes where it stopped) and `cancelled` (final).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    #[default]
    Draft,
    Submitted,
    Returned,
    Approved,
    Contracted,
    InProgress,
    MidtermChecked,
    Accepted,
    RejectedAtAcceptance,
    Settled,
    Suspended,
    Cancelled,
}

/// Who is acting. Roles decide which transitions a person may make.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Cán bộ xã/phường: drafts, submits, carries out.
    #[default]
    UnitOfficial,
    /// Lãnh đạo UBND: everything an official does, plus the unit's own checks.
    UnitLead,
    /// Sở KHCN reviewer: reviews, returns, approves, accepts.
    CityReviewer,
    CityAdmin,
}

impl Role {
    /// The Department's staff (reviewer, admin), who work for the city, not for a unit.
    pub fn is_city(self) -> bool {
        matches!(self, Role::CityReviewer | Role::CityAdmin)
    }

    /// A unit's staff (official, lead): they belong to exactly one unit and work in its
    /// partition.
    pub fn is_unit(self) -> bool {
        !self.is_city()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::UnitOfficial => "unit_official",
            Role::UnitLead => "unit_lead",
            Role::CityReviewer => "city_reviewer",
            Role::CityAdmin => "city_admin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Role::UnitOfficial, Role::UnitLead, Role::CityReviewer, Role::CityAdmin]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// Why a transition was refused; `message` says it to the person in their language.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("{from:?} → {to:?} is not a step of the lifecycle")]
    NotInLifecycle { from: TaskStatus, to: TaskStatus },
    #[error("role {role:?} may not move a task to {to:?}")]
    RoleMayNot { role: Role, to: TaskStatus },
    #[error("a comment is required to move a task to {to:?}")]
    CommentRequired { to: TaskStatus },
}

impl TransitionError {
    pub fn message(&self, locale: Locale) -> String {
        let text = match self {
            TransitionError::NotInLifecycle { from, to } => Bilingual::new(
                format!(
                    "Không thể chuyển từ “{}” sang “{}”.",
                    from.label(Locale::Vi),
                    to.label(Locale::Vi)
                ),
                format!(
                    "A task cannot go from “{}” to “{}”.",
                    from.label(Locale::En),
                    to.label(Locale::En)
                ),
            ),
            TransitionError::RoleMayNot { to, .. } => Bilingual::new(
                format!(
                    "Vai trò của bạn không được chuyển nhiệm vụ sang “{}”.",
                    to.label(Locale::Vi)
                ),
                format!("Your role may not move a task to “{}”.", to.label(Locale::En)),
            ),
            TransitionError::CommentRequired { to } => Bilingual::new(
                format!("Cần ghi lý do khi chuyển sang “{}”.", to.label(Locale::Vi)),
                format!("Please give a reason for “{}”.", to.label(Locale::En)),
            ),
        };
        text.get(locale).to_owned()
    }
}

use TaskStatus::*;

impl TaskStatus {
    pub const ALL: [TaskStatus; 12] = [
        Draft,
        Submitted,
        Returned,
        Approved,
        Contracted,
        InProgress,
        MidtermChecked,
        Accepted,
        RejectedAtAcceptance,
        Settled,
        Suspended,
        Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Draft => "draft",
            Submitted => "submitted",
            Returned => "returned",
            Approved => "approved",
            Contracted => "contracted",
            InProgress => "in_progress",
            MidtermChecked => "midterm_checked",
            Accepted => "accepted",
            RejectedAtAcceptance => "rejected_at_acceptance",
            Settled => "settled",
            Suspended => "suspended",
            Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    pub fn label(self, locale: Locale) -> &'static str {
        let (vi, en) = match self {
            Draft => ("Nháp", "Draft"),
            Submitted => ("Đã gửi", "Submitted"),
            Returned => ("Bị trả lại", "Returned"),
            Approved => ("Đã phê duyệt", "Approved"),
            Contracted => ("Đã ký hợp đồng", "Contracted"),
            InProgress => ("Đang thực hiện", "In progress"),
            MidtermChecked => ("Đã kiểm tra giữa kỳ", "Mid-term checked"),
            Accepted => ("Đã nghiệm thu", "Accepted"),
            RejectedAtAcceptance => ("Không đạt nghiệm thu", "Rejected at acceptance"),
            Settled => ("Đã thanh lý", "Settled"),
            Suspended => ("Tạm dừng", "Suspended"),
            Cancelled => ("Đã hủy", "Cancelled"),
        };
        match locale {
            Locale::Vi => vi,
            Locale::En => en,
        }
    }

    /// Whether the task's proposal fields may still be edited. Once submitted, a proposal
    /// is what the reviewer is reading; it opens again only when returned.
    pub fn proposal_editable(self) -> bool {
        matches!(self, Draft | Returned)
    }

    /// Statuses from which a task may be suspended, and to which it resumes.
    fn is_running(self) -> bool {
        matches!(self, Approved | Contracted | InProgress | MidtermChecked)
    }

    /// The steps of the lifecycle from `self`, ignoring roles. `suspended_from` is the
    /// status a suspended task resumes to (the one it was suspended from).
    pub fn next_steps(self, suspended_from: Option<TaskStatus>) -> Vec<TaskStatus> {
        let mut steps = match self {
            Draft => vec![Submitted],
            Submitted => vec![Returned, Approved],
            Returned => vec![Submitted],
            Approved => vec![Contracted],
            Contracted => vec![InProgress],
            InProgress => vec![MidtermChecked],
            MidtermChecked => vec![Accepted, RejectedAtAcceptance],
            Accepted | RejectedAtAcceptance => vec![Settled],
            Suspended => suspended_from.filter(|s| s.is_running()).into_iter().collect(),
            Settled | Cancelled => vec![],
        };
        if self.is_running() {
            steps.push(Suspended);
        }
        if !matches!(self, Accepted | RejectedAtAcceptance | Settled | Cancelled) {
            steps.push(Cancelled);
        }
        steps
    }

    /// Whether moving *to* this status needs a written reason.
    pub fn needs_comment(self) -> bool {
        matches!(self, Returned | RejectedAtAcceptance | Suspended | Cancelled)
    }

    /// Who may move a task from `self` to `to` (assuming the step is in the lifecycle).
    fn role_may(self, to: TaskStatus, role: Role) -> bool {
        let unit = role.is_unit();
        let lead_or_city = matches!(role, Role::UnitLead | Role::CityReviewer);
        if self == Suspended && to != Cancelled {
            // Resuming is decided by whoever may suspend.
            return lead_or_city;
        }
        match to {
            // The unit sends its own proposal, and withdraws it while it is still its own.
            Submitted => unit,
            Cancelled if matches!(self, Draft | Returned) => unit,
            // Review is the city's.
            Returned | Approved => role == Role::CityReviewer,
            // Carrying out an approved task is the unit's work.
            Contracted | InProgress => unit,
            // Checks, acceptance, settlement, suspension and cancellation of a running task
            // are decided by the unit's lead or the city.
            MidtermChecked | Accepted | RejectedAtAcceptance | Settled | Suspended | Cancelled => {
                lead_or_city
            }
            Draft => false,
        }
    }

    /// Checks one transition against the lifecycle, the role and the comment rule.
    pub fn check_transition(
        self,
        to: TaskStatus,
        role: Role,
        suspended_from: Option<TaskStatus>,
        comment: &str,
    ) -> Result<(), TransitionError> {
        if !self.next_steps(suspended_from).contains(&to) {
            return Err(TransitionError::NotInLifecycle { from: self, to });
        }
        if !self.role_may(to, role) {
            return Err(TransitionError::RoleMayNot { role, to });
        }
        if to.needs_comment() && comment.trim().is_empty() {
            return Err(TransitionError::CommentRequired { to });
        }
        Ok(())
    }

    /// The transitions `role` may make from here (what the UI offers as buttons).
    pub fn allowed_for(self, role: Role, suspended_from: Option<TaskStatus>) -> Vec<TaskStatus> {
        self.next_steps(suspended_from).into_iter().filter(|to| self.role_may(*to, role)).collect()
    }
}

/// The proposal form (phiếu đề xuất / đặt hàng nhiệm vụ), typed. Text is kept exactly as
/// typed; money is whole đồng; dates are calendar dates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskFields {
    pub kind: TaskKind,
    /// Fiscal year (1 Jan – 31 Dec) the proposal is for.
    pub year: i32,
    pub name: String,
    /// Lĩnh vực.
    pub field: String,
    /// Loại hình nhiệm vụ.
    pub task_type: String,
    /// Căn cứ đề xuất.
    pub basis: String,
    /// Tính cấp thiết.
    pub urgency: String,
    pub objectives: String,
    /// Nội dung chính.
    pub contents: String,
    pub expected_results: String,
    /// Tác động và khả năng ứng dụng.
    pub impact: String,
    /// Kinh phí từ ngân sách nhà nước (sự nghiệp KHCN).
    pub cost_state: Money,
    pub cost_own: Money,
    pub cost_other: Money,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    /// Đơn vị chủ trì.
    pub host_unit: String,
    /// Chủ nhiệm nhiệm vụ.
    pub leader: String,
    /// Phương thức sử dụng kết quả.
    pub results_usage: String,
}

impl TaskFields {
    /// Total cost over all sources; `None` only if it would leave the valid range.
    pub fn cost_total(&self) -> Option<Money> {
        self.cost_state.checked_add(self.cost_own).and_then(|m| m.checked_add(self.cost_other)).ok()
    }

    /// Duration in whole months, counting a started month as a month (the way the form
    /// states "thời gian thực hiện: n tháng").
    pub fn duration_months(&self) -> Option<u32> {
        use chrono::Datelike;
        let (start, end) = (self.start_date?, self.end_date?);
        if end < start {
            return None;
        }
        let months = (end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32;
        let extra = i32::from(end.day() >= start.day());
        u32::try_from(months + extra).ok().map(|m| m.max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifecycle_steps_table() {
        // (from, role, allowed targets) — the whole lifecycle of DESIGN.md, per role.
        let o = Role::UnitOfficial;
        let l = Role::UnitLead;
        let c = Role::CityReviewer;
        let cases: &[(TaskStatus, Role, &[TaskStatus])] = &[
            (Draft, o, &[Submitted, Cancelled]),
            (Draft, c, &[]),
            (Submitted, o, &[]),
            (Submitted, c, &[Returned, Approved, Cancelled]),
            (Returned, o, &[Submitted, Cancelled]),
            (Approved, o, &[Contracted]),
            (Approved, l, &[Contracted, Suspended, Cancelled]),
            (Contracted, o, &[InProgress]),
            (InProgress, o, &[]),
            (InProgress, l, &[MidtermChecked, Suspended, Cancelled]),
            (MidtermChecked, c, &[Accepted, RejectedAtAcceptance, Suspended, Cancelled]),
            (Accepted, c, &[Settled]),
            (RejectedAtAcceptance, l, &[Settled]),
            (Settled, c, &[]),
            (Cancelled, l, &[]),
        ];
        for (from, role, want) in cases {
            assert_eq!(&from.allowed_for(*role, None), want, "{from:?} as {role:?}");
        }
    }

    #[test]
    fn suspended_resumes_only_where_it_stopped() {
        let l = Role::UnitLead;
        assert_eq!(Suspended.allowed_for(l, Some(InProgress)), vec![InProgress, Cancelled]);
        assert!(Suspended.check_transition(Approved, l, Some(InProgress), "").is_err());
        assert!(Suspended.check_transition(InProgress, l, Some(InProgress), "").is_ok());
        // A nonsense memory (suspended "from" a draft) offers nothing but cancelling.
        assert_eq!(Suspended.allowed_for(l, Some(Draft)), vec![Cancelled]);
    }

    #[test]
    fn refusals_say_why() {
        let o = Role::UnitOfficial;
        let c = Role::CityReviewer;
        assert_eq!(
            Draft.check_transition(Approved, c, None, ""),
            Err(TransitionError::NotInLifecycle { from: Draft, to: Approved })
        );
        assert_eq!(
            Submitted.check_transition(Approved, o, None, ""),
            Err(TransitionError::RoleMayNot { role: o, to: Approved })
        );
        assert_eq!(
            Submitted.check_transition(Returned, c, None, "   "),
            Err(TransitionError::CommentRequired { to: Returned })
        );
        assert!(Submitted.check_transition(Returned, c, None, "Bổ sung căn cứ").is_ok());
        let msg = Draft.check_transition(Settled, o, None, "").unwrap_err().message(Locale::Vi);
        assert_eq!(msg, "Không thể chuyển từ “Nháp” sang “Đã thanh lý”.");
    }

    #[test]
    fn status_names_round_trip() {
        for s in TaskStatus::ALL {
            assert_eq!(TaskStatus::parse(s.as_str()), Some(s));
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
        }
    }

    #[test]
    fn duration_and_total() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let mut f = TaskFields {
            start_date: d("2026-01-01"),
            end_date: d("2026-12-31"),
            ..Default::default()
        };
        assert_eq!(f.duration_months(), Some(12));
        f.end_date = d("2026-06-30");
        assert_eq!(f.duration_months(), Some(6));
        f.end_date = d("2025-06-30");
        assert_eq!(f.duration_months(), None);
        f.cost_state = Money::from_dong(100).unwrap();
        f.cost_own = Money::from_dong(20).unwrap();
        assert_eq!(f.cost_total(), Money::from_dong(120).ok());
    }
}
