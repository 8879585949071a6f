//! Budget estimates (dự toán kinh phí): lines in four groups, labour from people, totals
//! by funding source, and the checks against the norms in force.
//!
//! Rounding rule: every line's amount is rounded half up to the đồng once
//! (`quantity × unit price`; for labour the monthly price `coefficient × leader's rate` is
//! rounded first, as the official form shows it); subtotals and totals are exact sums of
//! the rounded lines. A line over its cap is *flagged* with the norm, its legal basis and
//! the excess; nothing is ever clipped.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::norm::{NormBook, NormKind, Scaled};
use crate::text::{Bilingual, Locale};

/// The four groups of the official layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LineGroup {
    /// I. Tiền công lao động trực tiếp, thuê chuyên gia.
    Labour,
    /// II. Nguyên vật liệu, năng lượng.
    Materials,
    /// III. Thiết bị, máy móc.
    Equipment,
    /// IV. Chi khác (hội thảo, công tác phí, chuyên gia, quản lý).
    Other,
}

impl LineGroup {
    pub const ALL: [LineGroup; 4] =
        [LineGroup::Labour, LineGroup::Materials, LineGroup::Equipment, LineGroup::Other];

    pub fn roman(self) -> &'static str {
        match self {
            LineGroup::Labour => "I",
            LineGroup::Materials => "II",
            LineGroup::Equipment => "III",
            LineGroup::Other => "IV",
        }
    }

    pub fn label(self, locale: Locale) -> &'static str {
        let (vi, en) = match self {
            LineGroup::Labour => {
                ("Tiền công lao động trực tiếp, thuê chuyên gia", "Labour and hired expertise")
            }
            LineGroup::Materials => ("Nguyên vật liệu, năng lượng", "Materials and energy"),
            LineGroup::Equipment => ("Thiết bị, máy móc", "Equipment"),
            LineGroup::Other => ("Chi khác", "Other costs"),
        };
        if locale == Locale::Vi { vi } else { en }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LineGroup::Labour => "labour",
            LineGroup::Materials => "materials",
            LineGroup::Equipment => "equipment",
            LineGroup::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.as_str() == s)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Roles of the people who carry out a task (Thông tư 02/2023/TT-BKHCN).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LabourRole {
    ChuNhiem,
    ThanhVienChinh,
    ThuKyKhoaHoc,
    ThanhVien,
    KyThuatVien,
}

impl LabourRole {
    pub const ALL: [LabourRole; 5] = [
        LabourRole::ChuNhiem,
        LabourRole::ThanhVienChinh,
        LabourRole::ThuKyKhoaHoc,
        LabourRole::ThanhVien,
        LabourRole::KyThuatVien,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LabourRole::ChuNhiem => "chu_nhiem",
            LabourRole::ThanhVienChinh => "thanh_vien_chinh",
            LabourRole::ThuKyKhoaHoc => "thu_ky_khoa_hoc",
            LabourRole::ThanhVien => "thanh_vien",
            LabourRole::KyThuatVien => "ky_thuat_vien",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The norm giving this role's coefficient.
    pub fn norm_code(self) -> String {
        format!("labor.coef.{}", self.as_str())
    }

    pub fn label(self, locale: Locale) -> &'static str {
        let (vi, en) = match self {
            LabourRole::ChuNhiem => ("Chủ nhiệm nhiệm vụ", "Task leader"),
            LabourRole::ThanhVienChinh => ("Thành viên thực hiện chính", "Main member"),
            LabourRole::ThuKyKhoaHoc => ("Thư ký khoa học", "Scientific secretary"),
            LabourRole::ThanhVien => ("Thành viên", "Member"),
            LabourRole::KyThuatVien => ("Kỹ thuật viên, nhân viên hỗ trợ", "Technician / support"),
        };
        if locale == Locale::Vi { vi } else { en }
    }
}

/// One person working on the task, for the labour lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub role: LabourRole,
    /// Converted months (tháng quy đổi).
    pub months: Scaled,
}

/// One entered line of groups II–IV (or an extra line of group I, e.g. hired experts).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub group: LineGroup,
    pub content: String,
    /// Đơn vị tính.
    pub unit: String,
    pub quantity: Scaled,
    pub unit_price: Money,
    /// The part paid from the unit's own funds; the state S&T budget pays the rest.
    pub own: Money,
    pub other: Money,
    pub note: String,
    /// The norm this line is checked against, if any.
    pub norm_code: Option<String>,
}

/// What the estimate is computed from.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Sheet {
    /// The leader's monthly rate (mức tiền công tháng của chủ nhiệm).
    pub leader_rate: Money,
    pub people: Vec<Person>,
    pub lines: Vec<Line>,
}

/// Amounts of a line, a group or the whole estimate, by funding source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amounts {
    pub total: Money,
    /// Ngân sách nhà nước (sự nghiệp KHCN).
    pub state: Money,
    pub own: Money,
    pub other: Money,
}

impl Amounts {
    fn add(&mut self, a: &Amounts) -> Result<(), BudgetError> {
        for (x, y) in [
            (&mut self.total, a.total),
            (&mut self.state, a.state),
            (&mut self.own, a.own),
            (&mut self.other, a.other),
        ] {
            *x = x.checked_add(y).map_err(|_| BudgetError::TooLarge)?;
        }
        Ok(())
    }
}

/// Where a flag points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FlagAt {
    /// The leader's monthly rate.
    LeaderRate,
    /// `people[i]`.
    Person(usize),
    /// `lines[i]`.
    Line(usize),
}

/// A line (or rate) that breaks a norm, or a norm that cannot be applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    pub at: FlagAt,
    pub norm_code: String,
    /// What people call the norm (its description): shown in place of the code.
    pub norm_name: String,
    pub legal_basis: String,
    pub verified: bool,
    /// The cap that applies (for over-cap flags).
    pub limit: Option<Money>,
    pub actual: Option<Money>,
    /// How much over the cap, in đồng (the whole line's excess).
    pub excess: Option<Money>,
    pub text: Bilingual,
}

/// A computed line: an entered line, or a labour line made from a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComputedLine {
    pub group: LineGroup,
    pub content: String,
    pub unit: String,
    pub quantity: Scaled,
    pub unit_price: Money,
    pub amounts: Amounts,
    pub note: String,
    pub norm_code: Option<String>,
    /// `Some(i)` for `people[i]`, `None` for `lines[…]`.
    pub person: Option<usize>,
    /// Index in `Sheet::lines` for entered lines.
    pub line: Option<usize>,
    /// For a labour line: who, and their coefficient (`content`, `unit` and `note` say
    /// it in Vietnamese, as the official form does; a screen in another language words
    /// it from these).
    pub labour: Option<Labour>,
}

/// What a labour line is made of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Labour {
    pub role: LabourRole,
    pub name: String,
    pub coefficient: Scaled,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Computed {
    /// In the official order: group I (people first, then entered lines), II, III, IV.
    pub lines: Vec<ComputedLine>,
    /// Subtotals of groups I–IV.
    pub groups: [Amounts; 4],
    pub total: Amounts,
    pub flags: Vec<Flag>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BudgetError {
    #[error("an amount is too large")]
    TooLarge,
    #[error("line {0}: own and other funds exceed the line's amount")]
    SourcesExceedAmount(usize),
}

/// Computes an estimate dated `date` against the norms in force that day.
pub fn compute(sheet: &Sheet, book: &NormBook, date: NaiveDate) -> Result<Computed, BudgetError> {
    let mut out = Computed::default();
    let mut flags = Vec::new();

    // The leader's monthly rate against its cap.
    if let Some(cap) = book.in_force("labor.leader_monthly_cap", date)
        && let Some(limit) = cap.money()
        && sheet.leader_rate > limit
    {
        let excess = Money::from_dong(sheet.leader_rate.dong() - limit.dong())
            .map_err(|_| BudgetError::TooLarge)?;
        flags.push(Flag {
            at: FlagAt::LeaderRate,
            norm_code: cap.code.clone(),
            norm_name: cap.description.clone(),
            legal_basis: cap.legal_basis.clone(),
            verified: cap.verified,
            limit: Some(limit),
            actual: Some(sheet.leader_rate),
            excess: Some(excess),
            text: Bilingual::new(
                format!(
                    "Mức tiền công tháng của chủ nhiệm {} vượt mức tối đa {} ({}), vượt {}.",
                    sheet.leader_rate, limit, cap.legal_basis, excess
                ),
                format!(
                    "The leader's monthly rate {} is over the cap of {} ({}) by {}.",
                    sheet.leader_rate, limit, cap.legal_basis, excess
                ),
            ),
        });
    }

    // Group I from people: coefficient × leader's rate × converted months.
    let ratio_cap = book.in_force("labor.other_roles_ratio_cap", date);
    for (i, p) in sheet.people.iter().enumerate() {
        let code = p.role.norm_code();
        let Some(coef) = book.in_force(&code, date) else {
            flags.push(missing_norm(book, FlagAt::Person(i), &code, date));
            continue;
        };
        if let Some(ratio) = ratio_cap
            && p.role != LabourRole::ChuNhiem
            && coef.value > ratio.value
        {
            flags.push(Flag {
                at: FlagAt::Person(i),
                norm_code: ratio.code.clone(),
                norm_name: ratio.description.clone(),
                legal_basis: ratio.legal_basis.clone(),
                verified: ratio.verified,
                limit: None,
                actual: None,
                excess: None,
                text: Bilingual::new(
                    format!(
                        "Hệ số {} của {} vượt tỷ lệ tối đa {} so với chủ nhiệm ({}).",
                        coef.value,
                        p.role.label(Locale::Vi),
                        ratio.value,
                        ratio.legal_basis
                    ),
                    format!(
                        "Coefficient {} for {} is over the maximum ratio {} of the leader's ({}).",
                        coef.value,
                        p.role.label(Locale::En),
                        ratio.value,
                        ratio.legal_basis
                    ),
                ),
            });
        }
        let monthly = coef.value.times(sheet.leader_rate).ok_or(BudgetError::TooLarge)?;
        let total = p.months.times(monthly).ok_or(BudgetError::TooLarge)?;
        out.lines.push(ComputedLine {
            group: LineGroup::Labour,
            content: format!("{}: {}", p.role.label(Locale::Vi), p.name),
            unit: "tháng".into(),
            quantity: p.months,
            unit_price: monthly,
            amounts: Amounts { total, state: total, own: Money::ZERO, other: Money::ZERO },
            note: format!("Hệ số {}", coef.value),
            norm_code: Some(code),
            person: Some(i),
            line: None,
            labour: Some(Labour { role: p.role, name: p.name.clone(), coefficient: coef.value }),
        });
    }

    // Entered lines, in group order, keeping their order within a group.
    let local_ratio = book.in_force("contest.local_ratio_cap", date);
    for group in LineGroup::ALL {
        for (i, l) in sheet.lines.iter().enumerate().filter(|(_, l)| l.group == group) {
            let total = l.quantity.times(l.unit_price).ok_or(BudgetError::TooLarge)?;
            let paid_elsewhere = l.own.checked_add(l.other).map_err(|_| BudgetError::TooLarge)?;
            let state = Money::from_dong(total.dong() - paid_elsewhere.dong())
                .map_err(|_| BudgetError::SourcesExceedAmount(i))?;
            if let Some(code) = &l.norm_code {
                match book.in_force(code, date) {
                    None => flags.push(missing_norm(book, FlagAt::Line(i), code, date)),
                    Some(norm) if norm.kind == NormKind::Cap => {
                        // Prizes of a local contest: at most a ratio of the central level's.
                        let (limit, basis) = match (code.starts_with("contest.prize."), local_ratio)
                        {
                            (true, Some(r)) => (
                                norm.money().and_then(|m| r.value.times(m)),
                                format!("{}; {} × {}", norm.legal_basis, r.description, r.value),
                            ),
                            _ => (norm.money(), norm.legal_basis.clone()),
                        };
                        if let Some(limit) = limit
                            && l.unit_price > limit
                        {
                            let allowed = l.quantity.times(limit).ok_or(BudgetError::TooLarge)?;
                            let excess = Money::from_dong(total.dong() - allowed.dong())
                                .map_err(|_| BudgetError::TooLarge)?;
                            flags.push(Flag {
                                at: FlagAt::Line(i),
                                norm_code: norm.code.clone(),
                                norm_name: norm.description.clone(),
                                legal_basis: basis.clone(),
                                verified: norm.verified && local_ratio.is_none_or(|r| r.verified || !code.starts_with("contest.prize.")),
                                limit: Some(limit),
                                actual: Some(l.unit_price),
                                excess: Some(excess),
                                text: Bilingual::new(
                                    format!("Đơn giá {} vượt mức tối đa {} ({}); dòng này vượt {}.", l.unit_price, limit, basis, excess),
                                    format!("Unit price {} is over the cap of {} ({}); this line is over by {}.", l.unit_price, limit, basis, excess),
                                ),
                            });
                        }
                    }
                    Some(_) => {}
                }
            }
            out.lines.push(ComputedLine {
                group,
                content: l.content.clone(),
                unit: l.unit.clone(),
                quantity: l.quantity,
                unit_price: l.unit_price,
                amounts: Amounts { total, state, own: l.own, other: l.other },
                note: l.note.clone(),
                norm_code: l.norm_code.clone(),
                person: None,
                line: Some(i),
                labour: None,
            });
        }
    }

    for line in &out.lines {
        out.groups[line.group.index()].add(&line.amounts)?;
    }
    for g in out.groups {
        out.total.add(&g)?;
    }
    out.flags = flags;
    Ok(out)
}

/// A line cites a norm not in force on the estimate's date: named by what people call it
/// when some version of it is known (the code itself only when none is).
fn missing_norm(book: &NormBook, at: FlagAt, code: &str, date: NaiveDate) -> Flag {
    let name = book
        .all()
        .iter()
        .find(|n| n.code == code)
        .map_or_else(|| code.to_owned(), |n| n.description.clone());
    Flag {
        at,
        norm_code: code.to_owned(),
        norm_name: name.clone(),
        legal_basis: String::new(),
        verified: false,
        limit: None,
        actual: None,
        excess: None,
        text: Bilingual::new(
            format!("Không có định mức “{name}” còn hiệu lực ngày {}.", date.format("%d/%m/%Y")),
            format!("No norm “{name}” is in force on {}.", date.format("%d/%m/%Y")),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::norm::Norm;

    /// The norms of `data/norms-vn.csv` that these tests use, typed in by hand.
    fn book() -> NormBook {
        let n = |code: &str, value: &str, kind, basis: &str, from: Option<&str>, verified| Norm {
            code: code.into(),
            description: String::new(),
            value: Scaled::parse(value).unwrap(),
            unit: String::new(),
            kind,
            legal_basis: basis.into(),
            effective_from: from.map(|d| d.parse().unwrap()),
            effective_to: None,
            verified,
        };
        use NormKind::*;
        NormBook::new(vec![
            n("labor.leader_monthly_cap", "40000000", Cap, "Thông tư 03/2023/TT-BTC", None, true),
            n(
                "labor.coef.chu_nhiem",
                "1.0",
                Coefficient,
                "Thông tư 02/2023/TT-BKHCN",
                Some("2023-06-23"),
                true,
            ),
            n(
                "labor.coef.thanh_vien_chinh",
                "0.8",
                Coefficient,
                "Thông tư 02/2023/TT-BKHCN",
                Some("2023-06-23"),
                true,
            ),
            n(
                "labor.coef.thu_ky_khoa_hoc",
                "0.3",
                Coefficient,
                "Thông tư 02/2023/TT-BKHCN",
                Some("2023-06-23"),
                true,
            ),
            n("labor.other_roles_ratio_cap", "0.8", Ratio, "Thông tư 03/2023/TT-BTC", None, true),
            n("contest.prize.first", "20000000", Cap, "Thông tư 126/2018/TT-BTC", None, false),
            n("contest.local_ratio_cap", "0.8", Ratio, "Thông tư 126/2018/TT-BTC", None, false),
        ])
    }

    fn m(d: i64) -> Money {
        Money::from_dong(d).unwrap()
    }

    fn q(s: &str) -> Scaled {
        Scaled::parse(s).unwrap()
    }

    fn date() -> NaiveDate {
        "2026-03-01".parse().unwrap()
    }

    /// A 12-month task: a leader, two main members and a secretary, at the leader's cap of
    /// 40.000.000 ₫/month. Worked by hand from the norms:
    ///   leader      1,0 × 40.000.000 = 40.000.000 ₫/month × 12   = 480.000.000
    ///   member      0,8 × 40.000.000 = 32.000.000 ₫/month × 10,5 = 336.000.000 (×2)
    ///   secretary   0,3 × 40.000.000 = 12.000.000 ₫/month × 6    =  72.000.000
    ///   group I = 480 + 336 + 336 + 72 = 1.224.000.000
    /// plus group II: 3 reams of paper at 95.500 = 286.500, own funds 86.500
    /// total = 1.224.286.500; state = 1.224.200.000; own = 86.500.
    #[test]
    fn a_twelve_month_task_worked_by_hand() {
        let sheet = Sheet {
            leader_rate: m(40_000_000),
            people: vec![
                Person {
                    name: "Nguyễn Thị Lan".into(),
                    role: LabourRole::ChuNhiem,
                    months: q("12"),
                },
                Person {
                    name: "Trần Văn Hùng".into(),
                    role: LabourRole::ThanhVienChinh,
                    months: q("10,5"),
                },
                Person {
                    name: "Lê Minh Quân".into(),
                    role: LabourRole::ThanhVienChinh,
                    months: q("10.5"),
                },
                Person {
                    name: "Võ Thanh Tâm".into(),
                    role: LabourRole::ThuKyKhoaHoc,
                    months: q("6"),
                },
            ],
            lines: vec![Line {
                group: LineGroup::Materials,
                content: "Giấy in A4".into(),
                unit: "ram".into(),
                quantity: q("3"),
                unit_price: m(95_500),
                own: m(86_500),
                other: Money::ZERO,
                note: String::new(),
                norm_code: None,
            }],
        };
        let c = compute(&sheet, &book(), date()).unwrap();
        let amounts: Vec<i64> = c.lines.iter().map(|l| l.amounts.total.dong()).collect();
        assert_eq!(amounts, [480_000_000, 336_000_000, 336_000_000, 72_000_000, 286_500]);
        assert_eq!(c.lines[1].unit_price, m(32_000_000));
        assert_eq!(c.groups[0].total, m(1_224_000_000));
        assert_eq!(
            c.groups[1],
            Amounts { total: m(286_500), state: m(200_000), own: m(86_500), other: Money::ZERO }
        );
        assert_eq!(
            c.total,
            Amounts {
                total: m(1_224_286_500),
                state: m(1_224_200_000),
                own: m(86_500),
                other: Money::ZERO
            }
        );
        assert!(c.flags.is_empty(), "{:?}", c.flags);
    }

    #[test]
    fn over_the_cap_is_flagged_with_norm_basis_and_excess_never_clipped() {
        let sheet = Sheet {
            leader_rate: m(45_000_000),
            people: vec![Person { name: "A".into(), role: LabourRole::ChuNhiem, months: q("2") }],
            lines: vec![Line {
                group: LineGroup::Other,
                content: "Giải nhất cuộc thi ý tưởng khởi nghiệp cấp phường".into(),
                unit: "giải".into(),
                quantity: q("1"),
                unit_price: m(20_000_000),
                own: Money::ZERO,
                other: Money::ZERO,
                note: String::new(),
                norm_code: Some("contest.prize.first".into()),
            }],
        };
        let c = compute(&sheet, &book(), date()).unwrap();
        // Nothing clipped: the leader is paid as entered, the prize stays 20.000.000.
        assert_eq!(c.lines[0].amounts.total, m(90_000_000));
        assert_eq!(c.lines[1].amounts.total, m(20_000_000));
        assert_eq!(c.flags.len(), 2);
        let rate = &c.flags[0];
        assert_eq!(
            (rate.at.clone(), rate.limit, rate.excess),
            (FlagAt::LeaderRate, Some(m(40_000_000)), Some(m(5_000_000)))
        );
        assert_eq!(rate.legal_basis, "Thông tư 03/2023/TT-BTC");
        // A ward contest may give at most 0,8 × 20.000.000 = 16.000.000 for a first prize.
        let prize = &c.flags[1];
        assert_eq!(
            (prize.at.clone(), prize.limit, prize.excess),
            (FlagAt::Line(0), Some(m(16_000_000)), Some(m(4_000_000)))
        );
        assert!(!prize.verified, "built on unverified norms");
        assert!(prize.text.vi.contains("vượt 4.000.000 ₫"), "{}", prize.text.vi);
    }

    #[test]
    fn a_norm_not_in_force_is_flagged_not_guessed() {
        let sheet = Sheet {
            leader_rate: m(30_000_000),
            people: vec![Person {
                name: "A".into(),
                role: LabourRole::ThuKyKhoaHoc,
                months: q("1"),
            }],
            lines: vec![],
        };
        // Before Thông tư 02/2023 took effect there is no coefficient in the book.
        let c = compute(&sheet, &book(), "2023-01-01".parse().unwrap()).unwrap();
        assert!(c.lines.is_empty());
        assert_eq!(c.flags[0].norm_code, "labor.coef.thu_ky_khoa_hoc");
        assert!(c.flags[0].text.vi.contains("01/01/2023"));
    }

    #[test]
    fn sources_cannot_exceed_the_amount_and_sums_never_overflow() {
        let line = Line {
            group: LineGroup::Equipment,
            content: "Máy tính".into(),
            unit: "bộ".into(),
            quantity: q("2"),
            unit_price: m(15_000_000),
            own: m(31_000_000),
            other: Money::ZERO,
            note: String::new(),
            norm_code: None,
        };
        let sheet = Sheet { leader_rate: Money::ZERO, people: vec![], lines: vec![line.clone()] };
        assert_eq!(compute(&sheet, &book(), date()), Err(BudgetError::SourcesExceedAmount(0)));
        let huge = Line { quantity: q("999999"), unit_price: Money::MAX, own: Money::ZERO, ..line };
        let sheet = Sheet { lines: vec![huge], ..sheet };
        assert_eq!(compute(&sheet, &book(), date()), Err(BudgetError::TooLarge));
    }
}

/// Where an estimate version stands. An approved version is frozen: changing it means a
/// new version, and the two can be compared.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum EstimateStatus {
    #[default]
    Draft,
    Submitted,
    Returned,
    Approved,
}

impl EstimateStatus {
    pub const ALL: [EstimateStatus; 4] = [
        EstimateStatus::Draft,
        EstimateStatus::Submitted,
        EstimateStatus::Returned,
        EstimateStatus::Approved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EstimateStatus::Draft => "draft",
            EstimateStatus::Submitted => "submitted",
            EstimateStatus::Returned => "returned",
            EstimateStatus::Approved => "approved",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self, locale: Locale) -> &'static str {
        let (vi, en) = match self {
            EstimateStatus::Draft => ("Nháp", "Draft"),
            EstimateStatus::Submitted => ("Đã gửi", "Submitted"),
            EstimateStatus::Returned => ("Bị trả lại", "Returned"),
            EstimateStatus::Approved => ("Đã phê duyệt", "Approved"),
        };
        if locale == Locale::Vi { vi } else { en }
    }

    /// Lines and people may change only while the unit holds the estimate.
    pub fn editable(self) -> bool {
        matches!(self, EstimateStatus::Draft | EstimateStatus::Returned)
    }

    /// Whether moving *to* this status needs a written reason (a return says why).
    pub fn needs_comment(self) -> bool {
        self == EstimateStatus::Returned
    }

    /// The moves `role` may make from here: the unit submits; the city returns or approves.
    pub fn allowed_for(self, role: crate::task::Role) -> Vec<EstimateStatus> {
        use crate::task::Role::*;
        match (self, role) {
            (EstimateStatus::Draft | EstimateStatus::Returned, UnitOfficial | UnitLead) => {
                vec![EstimateStatus::Submitted]
            }
            (EstimateStatus::Submitted, CityReviewer) => {
                vec![EstimateStatus::Returned, EstimateStatus::Approved]
            }
            _ => vec![],
        }
    }
}

#[cfg(test)]
mod status_tests {
    use super::*;
    use crate::task::Role;

    #[test]
    fn estimate_status_table() {
        use EstimateStatus::*;
        let cases: &[(EstimateStatus, Role, &[EstimateStatus])] = &[
            (Draft, Role::UnitOfficial, &[Submitted]),
            (Draft, Role::CityReviewer, &[]),
            (Submitted, Role::UnitLead, &[]),
            (Submitted, Role::CityReviewer, &[Returned, Approved]),
            (Returned, Role::UnitOfficial, &[Submitted]),
            (Approved, Role::CityReviewer, &[]),
            (Approved, Role::UnitOfficial, &[]),
        ];
        for (from, role, want) in cases {
            assert_eq!(&from.allowed_for(*role), want, "{from:?} as {role:?}");
        }
        assert!(
            Draft.editable()
                && Returned.editable()
                && !Submitted.editable()
                && !Approved.editable()
        );
    }
}
