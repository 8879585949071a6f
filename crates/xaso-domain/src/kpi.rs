//! KPI indicators (chỉ tiêu) and how the city rolls the units' values up (issue 13).
//!
//! Indicators are city data, like norms: the bundled `data/kpi-examples.csv` seeds them, and
//! the city edits them. This module owns what an indicator *is* (its measure, its roll-up
//! rule, its period and direction), what a unit may report for it, and the roll-up itself,
//! computed exactly (fractions of integers, never floats), so "met" never flips on rounding.
//!
//! The roll-up rules, from DESIGN.md:
//! - `sum`: Σ of the units' values (counts, amounts in đồng);
//! - `ratio_of_sums`: Σ numerators / Σ denominators — **never** the mean of the units'
//!   percentages (a ward with 10 dossiers must not weigh as much as one with 10 000);
//! - `mean`: the mean of the units' values (for a percent, of their own percentages);
//! - `share_yes`: the share of reporting units that answered yes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::text::Bilingual;

macro_rules! words {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word stored in data files and the database.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }
    };
}
pub(crate) use words;

words!(
    /// The programme field an indicator belongs to (`all` for the common ones).
    KpiField { Khcn = "khcn", Dmst = "dmst", Cds = "cds", All = "all" }
);
words!(
    /// What a unit reports.
    Measure {
        /// A whole number of things.
        Count = "count",
        /// A numerator and a denominator (dossiers online / all dossiers).
        Percent = "percent",
        /// Đồng.
        Amount = "amount",
        /// Done or not.
        YesNo = "yes_no",
    }
);
words!(
    /// How the city's value is made from the units' values.
    Aggregation { Sum = "sum", RatioOfSums = "ratio_of_sums", Mean = "mean", ShareYes = "share_yes" }
);
words!(
    /// How often it is reported.
    PeriodKind { Month = "month", Quarter = "quarter", Year = "year" }
);
words!(
    /// Which way is better.
    Direction { Higher = "higher", Lower = "lower" }
);

/// One indicator's definition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Indicator {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub field: KpiField,
    pub measure: Measure,
    pub aggregation: Aggregation,
    pub period: PeriodKind,
    pub direction: Direction,
    /// The city's target, in the indicator's display unit (a count, đồng, or a percentage
    /// for `percent` and `share_yes`), in hundredths: 80 % is `8_000`, 12 tasks `1_200`.
    pub target_hundredths: Option<i64>,
    /// How the app can propose the value from its own data, in words (`None`: typed in).
    pub from_app_data: Option<String>,
    pub source: String,
    /// When it applies (`None`: since always, until further notice).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub effective_from: Option<NaiveDate>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub effective_to: Option<NaiveDate>,
    /// `false` until someone checked the definition against the city's published text.
    pub verified: bool,
}

/// Whether a roll-up rule fits a measure: `sum`/`mean` for counts and amounts,
/// `ratio_of_sums`/`mean` for percents, `share_yes` for yes/no.
pub fn fits(measure: Measure, aggregation: Aggregation) -> bool {
    use Aggregation as A;
    use Measure as M;
    matches!(
        (measure, aggregation),
        (M::Count | M::Amount, A::Sum | A::Mean)
            | (M::Percent, A::RatioOfSums | A::Mean)
            | (M::YesNo, A::ShareYes)
    )
}

/// The fields of an indicator fixed once it is published: every value a unit reported is
/// of its measure and every roll-up the city made used its rule, so a different measure
/// or rule is a new indicator (and the old one gets an end date). The server refuses a
/// change of them; the app says so beside the field.
pub const FIXED_FIELDS: &[&str] = &["measure", "aggregation"];

impl Indicator {
    /// Its name in `locale` (Vietnamese when it has no English one).
    pub fn name(&self, locale: crate::Locale) -> &str {
        match locale {
            crate::Locale::En if !self.name_en.is_empty() => &self.name_en,
            _ => &self.name_vi,
        }
    }

    /// Whether the roll-up rule fits the measure: a sum of percentages, or a share of
    /// counts, means nothing.
    pub fn check(&self) -> Result<(), Bilingual> {
        use Measure as M;
        if fits(self.measure, self.aggregation) {
            return Ok(());
        }
        // In the words of the indicators screen, never the stored ones.
        Err(match self.measure {
            M::Count | M::Amount => Bilingual::new(
                "Số lượng và số tiền tổng hợp bằng \"Cộng các đơn vị\" hoặc \"Bình quân các đơn vị\".",
                "Counts and amounts roll up as \"Sum of the units\" or \"Mean of the units\".",
            ),
            M::Percent => Bilingual::new(
                "Tỷ lệ không cộng được giữa các đơn vị: chọn \"Tổng tử số / tổng mẫu số\" (hoặc \"Bình quân các đơn vị\").",
                "Shares do not add up across units: pick \"Sum of numerators / sum of denominators\" (or \"Mean of the units\").",
            ),
            M::YesNo => Bilingual::new(
                "Chỉ tiêu Có / Không tổng hợp bằng \"Tỷ lệ đơn vị trả lời Có\".",
                "A yes/no indicator rolls up as \"Share of units answering yes\".",
            ),
        })
    }
}

/// A rule the app knows for proposing an indicator's value from its own data, read from
/// the start of [`Indicator::from_app_data`]; the rest of that text is for people. The
/// grammar (English words, as the city's list writes them):
///
/// - `tasks: kind <khcn|dmst|cds> reaching <status> …`: the unit's tasks of that kind that
///   reached that status within the period (each task once);
/// - `training: attendances …`: check-ins of the unit's people at training sessions within
///   the period.
///
/// Any other text proposes nothing (the unit types the value).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppRule {
    TasksReaching { kind: crate::TaskKind, status: crate::TaskStatus },
    Attendances,
}

impl AppRule {
    pub fn parse(text: &str) -> Option<AppRule> {
        let text = text.trim().to_lowercase();
        if text.starts_with("training: attendances") {
            return Some(AppRule::Attendances);
        }
        let rest = text.strip_prefix("tasks: kind ")?;
        let mut words = rest.split_whitespace();
        let kind = crate::TaskKind::parse(words.next()?)?;
        (words.next()? == "reaching").then_some(())?;
        let status = crate::TaskStatus::parse(words.next()?)?;
        Some(AppRule::TasksReaching { kind, status })
    }
}

/// What one unit reported for one indicator and period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "measure", rename_all = "snake_case")]
pub enum KpiValue {
    Count { value: i64 },
    Percent { numerator: i64, denominator: i64 },
    Amount { dong: i64 },
    YesNo { yes: bool },
}

impl KpiValue {
    /// The value as stored and synced: `(value, denominator)`; `value` is the count, the
    /// đồng, the numerator, or 0/1 for yes/no.
    pub fn columns(self) -> (i64, Option<i64>) {
        match self {
            KpiValue::Count { value } => (value, None),
            KpiValue::Amount { dong } => (dong, None),
            KpiValue::Percent { numerator, denominator } => (numerator, Some(denominator)),
            KpiValue::YesNo { yes } => (i64::from(yes), None),
        }
    }

    /// The inverse of [`KpiValue::columns`] for an indicator of `measure`; `None` when
    /// nothing (or only half a percent) was reported.
    pub fn from_columns(
        measure: Measure,
        value: Option<i64>,
        denominator: Option<i64>,
    ) -> Option<KpiValue> {
        let value = value?;
        Some(match measure {
            Measure::Count => KpiValue::Count { value },
            Measure::Amount => KpiValue::Amount { dong: value },
            Measure::Percent => KpiValue::Percent { numerator: value, denominator: denominator? },
            Measure::YesNo => KpiValue::YesNo { yes: value != 0 },
        })
    }

    /// The checks a value must pass before it is saved: of the indicator's measure, whole
    /// numbers not below zero, a numerator never above its denominator.
    pub fn check(&self, measure: Measure) -> Result<(), Bilingual> {
        let of_measure = matches!(
            (self, measure),
            (KpiValue::Count { .. }, Measure::Count)
                | (KpiValue::Percent { .. }, Measure::Percent)
                | (KpiValue::Amount { .. }, Measure::Amount)
                | (KpiValue::YesNo { .. }, Measure::YesNo)
        );
        if !of_measure {
            return Err(Bilingual::new(
                "Giá trị không đúng loại số liệu của chỉ tiêu.",
                "The value is not of the indicator's measure.",
            ));
        }
        match *self {
            KpiValue::Count { value: n } | KpiValue::Amount { dong: n } if n < 0 => {
                Err(Bilingual::new("Giá trị không được âm.", "The value cannot be negative."))
            }
            KpiValue::Percent { numerator, denominator } if numerator < 0 || denominator < 0 => {
                Err(Bilingual::new(
                    "Tử số và mẫu số không được âm.",
                    "The numerator and the denominator cannot be negative.",
                ))
            }
            KpiValue::Percent { numerator, denominator } if numerator > denominator => {
                Err(Bilingual::new(
                    format!("Tử số ({numerator}) lớn hơn mẫu số ({denominator})."),
                    format!(
                        "The numerator ({numerator}) is larger than the denominator ({denominator})."
                    ),
                ))
            }
            _ => Ok(()),
        }
    }
}

/// An exact non-negative value: `numerator / denominator`, the denominator above zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Fraction {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub numerator: i128,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub denominator: i128,
}

impl Fraction {
    fn new(numerator: i128, denominator: i128) -> Option<Fraction> {
        (denominator > 0).then_some(Fraction { numerator, denominator })
    }

    /// The value in hundredths of the display unit, rounded half up: a percentage for
    /// shares (`percent` = true), the value itself otherwise.
    pub fn hundredths(self, percent: bool) -> i128 {
        let scale = if percent { 10_000 } else { 100 };
        (2 * self.numerator * scale + self.denominator) / (2 * self.denominator)
    }
}

/// The city's value of an indicator from the units' values (one per reporting unit),
/// by its rule; `None` when nothing can be said (no unit reported, or every denominator
/// was zero). Values of another measure are left out (they never pass [`KpiValue::check`]).
pub fn aggregate(indicator: &Indicator, values: &[KpiValue]) -> Option<Fraction> {
    let wide = i128::from;
    match indicator.aggregation {
        Aggregation::Sum => {
            let plain: Vec<i128> = values.iter().filter_map(|v| plain(v).map(wide)).collect();
            (!plain.is_empty()).then(|| Fraction { numerator: plain.iter().sum(), denominator: 1 })
        }
        Aggregation::RatioOfSums => {
            let (num, den) = values.iter().fold((0, 0), |(n, d), v| match *v {
                KpiValue::Percent { numerator, denominator } => {
                    (n + wide(numerator), d + wide(denominator))
                }
                _ => (n, d),
            });
            Fraction::new(num, den)
        }
        Aggregation::Mean => match indicator.measure {
            Measure::Percent => {
                // The mean of the units' own shares: Σ (nᵢ/dᵢ) / k, over units with dᵢ > 0.
                let shares: Vec<(i128, i128)> = values
                    .iter()
                    .filter_map(|v| match *v {
                        KpiValue::Percent { numerator, denominator } if denominator > 0 => {
                            Some((wide(numerator), wide(denominator)))
                        }
                        _ => None,
                    })
                    .collect();
                let k = i128::try_from(shares.len()).ok()?;
                let sum = exact_sum(&shares).unwrap_or_else(|| fixed_point_sum(&shares));
                Fraction::new(sum.numerator, sum.denominator.checked_mul(k)?).map(reduce)
            }
            _ => {
                let plain: Vec<i128> = values.iter().filter_map(|v| plain(v).map(wide)).collect();
                Fraction::new(plain.iter().sum(), i128::try_from(plain.len()).ok()?)
            }
        },
        Aggregation::ShareYes => {
            let answers: Vec<bool> = values
                .iter()
                .filter_map(|v| match v {
                    KpiValue::YesNo { yes } => Some(*yes),
                    _ => None,
                })
                .collect();
            let yes = answers.iter().filter(|y| **y).count();
            Fraction::new(i128::try_from(yes).ok()?, i128::try_from(answers.len()).ok()?)
        }
    }
}

/// Σ nᵢ/dᵢ exactly, reduced at each step; `None` when the common denominator outgrows
/// `i128` (168 units with unrelated denominators can: the lcm of their denominators is
/// their product).
fn exact_sum(shares: &[(i128, i128)]) -> Option<Fraction> {
    shares.iter().try_fold(Fraction { numerator: 0, denominator: 1 }, |acc, &(n, d)| {
        let numerator =
            acc.numerator.checked_mul(d)?.checked_add(n.checked_mul(acc.denominator)?)?;
        let denominator = acc.denominator.checked_mul(d)?;
        Some(reduce(Fraction { numerator, denominator }))
    })
}

/// Σ nᵢ/dᵢ in units of 10⁻¹⁸, each share rounded half up: off by at most k × 0.5 × 10⁻¹⁸,
/// so the mean differs from the exact one only beyond its 15th decimal of a percent —
/// below anything shown, and a target could be missed by it only when the exact mean
/// lies within 10⁻¹⁵ % of it.
fn fixed_point_sum(shares: &[(i128, i128)]) -> Fraction {
    const SCALE: i128 = 1_000_000_000_000_000_000;
    let numerator = shares.iter().map(|&(n, d)| (2 * n * SCALE + d) / (2 * d)).sum();
    Fraction { numerator, denominator: SCALE }
}

fn plain(value: &KpiValue) -> Option<i64> {
    match *value {
        KpiValue::Count { value } => Some(value),
        KpiValue::Amount { dong } => Some(dong),
        _ => None,
    }
}

fn reduce(f: Fraction) -> Fraction {
    fn gcd(a: i128, b: i128) -> i128 {
        if b == 0 { a.abs() } else { gcd(b, a % b) }
    }
    let g = gcd(f.numerator, f.denominator).max(1);
    Fraction { numerator: f.numerator / g, denominator: f.denominator / g }
}

/// Whether the city's value meets the indicator's target (`None` without a target or a
/// value). Compared exactly: 79.996 % does not meet 80 %.
pub fn met(indicator: &Indicator, value: Option<Fraction>) -> Option<bool> {
    let target = i128::from(indicator.target_hundredths?);
    let value = value?;
    let percent = matches!(indicator.measure, Measure::Percent | Measure::YesNo);
    let scale = if percent { 10_000 } else { 100 };
    // value ≥ target ⇔ n × scale ≥ target × d (d > 0).
    let (left, right) = (value.numerator * scale, target * value.denominator);
    Some(match indicator.direction {
        Direction::Higher => left >= right,
        Direction::Lower => left <= right,
    })
}

/// A reporting period: a month (1–12), a quarter (1–4) or a year (`index` 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Period {
    pub kind: PeriodKind,
    pub year: i32,
    pub index: u32,
}

impl Period {
    /// The period of `kind` that contains `day`.
    pub fn containing(kind: PeriodKind, day: NaiveDate) -> Period {
        use chrono::Datelike as _;
        let index = match kind {
            PeriodKind::Month => day.month(),
            PeriodKind::Quarter => (day.month() - 1) / 3 + 1,
            PeriodKind::Year => 1,
        };
        Period { kind, year: day.year(), index }
    }

    /// "2026-03", "2026-Q1", "2026": how a period is written in data and URLs.
    pub fn key(self) -> String {
        match self.kind {
            PeriodKind::Month => format!("{}-{:02}", self.year, self.index),
            PeriodKind::Quarter => format!("{}-Q{}", self.year, self.index),
            PeriodKind::Year => format!("{}", self.year),
        }
    }

    /// The inverse of [`Period::key`].
    pub fn parse(key: &str) -> Option<Period> {
        let (year, rest) = match key.split_once('-') {
            Some((y, rest)) => (y, Some(rest)),
            None => (key, None),
        };
        let year: i32 = year.parse().ok().filter(|y| (1900..=9999).contains(y))?;
        let (kind, index) = match rest {
            None => (PeriodKind::Year, 1),
            Some(q) if q.starts_with('Q') => (PeriodKind::Quarter, q[1..].parse().ok()?),
            Some(m) if m.len() == 2 => (PeriodKind::Month, m.parse().ok()?),
            Some(_) => return None,
        };
        let last = match kind {
            PeriodKind::Month => 12,
            PeriodKind::Quarter => 4,
            PeriodKind::Year => 1,
        };
        (1..=last).contains(&index).then_some(Period { kind, year, index })
    }

    /// "Tháng 3/2026" / "March 2026", "Quý 1/2026" / "Q1 2026", "Năm 2026" / "2026".
    pub fn label(self) -> Bilingual {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let (year, i) = (self.year, self.index);
        match self.kind {
            PeriodKind::Month => Bilingual::new(
                format!("Tháng {i}/{year}"),
                format!("{} {year}", MONTHS[(i.clamp(1, 12) - 1) as usize]),
            ),
            PeriodKind::Quarter => {
                Bilingual::new(format!("Quý {i}/{year}"), format!("Q{i} {year}"))
            }
            PeriodKind::Year => Bilingual::new(format!("Năm {year}"), format!("{year}")),
        }
    }

    /// The first day of the period.
    pub fn start(self) -> NaiveDate {
        let month = match self.kind {
            PeriodKind::Month => self.index,
            PeriodKind::Quarter => (self.index - 1) * 3 + 1,
            PeriodKind::Year => 1,
        };
        NaiveDate::from_ymd_opt(self.year, month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day of the period.
    pub fn end(self) -> NaiveDate {
        self.next().start().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    /// The period right after this one.
    pub fn next(self) -> Period {
        let last = match self.kind {
            PeriodKind::Month => 12,
            PeriodKind::Quarter => 4,
            PeriodKind::Year => 1,
        };
        if self.index < last {
            Period { index: self.index + 1, ..self }
        } else {
            Period { year: self.year + 1, index: 1, ..self }
        }
    }

    /// When a report of this period is due: `days_after` its last day.
    pub fn due(self, days_after: u32) -> NaiveDate {
        self.end() + chrono::Duration::days(i64::from(days_after))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_reads_the_rules_it_knows_and_proposes_nothing_for_the_rest() {
        use crate::{TaskKind, TaskStatus};
        assert_eq!(
            AppRule::parse("tasks: kind khcn reaching approved in the year"),
            Some(AppRule::TasksReaching { kind: TaskKind::Khcn, status: TaskStatus::Approved })
        );
        assert_eq!(
            AppRule::parse("Tasks: kind dmst reaching accepted"),
            Some(AppRule::TasksReaching { kind: TaskKind::Dmst, status: TaskStatus::Accepted })
        );
        assert_eq!(
            AppRule::parse("training: attendances in the period"),
            Some(AppRule::Attendances)
        );
        for other in [
            "training: distinct trainees who attended / the unit's staff list",
            "plan: planned KHCN+ĐMST+CĐS spending / annual spending",
            "tasks: kind khcn approved",
            "tasks: kind xyz reaching approved",
            "",
        ] {
            assert_eq!(AppRule::parse(other), None, "{other}");
        }
    }

    fn indicator(measure: Measure, aggregation: Aggregation, target: Option<i64>) -> Indicator {
        Indicator {
            code: "test".into(),
            name_vi: "Thử".into(),
            name_en: "Test".into(),
            field: KpiField::Cds,
            measure,
            aggregation,
            period: PeriodKind::Quarter,
            direction: Direction::Higher,
            target_hundredths: target,
            from_app_data: None,
            source: "example".into(),
            effective_from: None,
            effective_to: None,
            verified: false,
        }
    }

    fn pct(numerator: i64, denominator: i64) -> KpiValue {
        KpiValue::Percent { numerator, denominator }
    }

    #[test]
    fn the_mean_of_168_units_shares_with_unrelated_denominators_does_not_overflow() {
        // Unit i answers (dᵢ − 1)/dᵢ with dᵢ = 1 001 … 1 168: the exact sum's denominator is
        // the lcm of 168 numbers (834 bits), far past i128. Worked out with Python's
        // `fractions`: the mean is 99.907606554… %, shown as 99,91 %.
        let shares: Vec<KpiValue> = (1_001..=1_168)
            .map(|d| KpiValue::Percent { numerator: d - 1, denominator: d })
            .collect();
        let mean = |target| indicator(Measure::Percent, Aggregation::Mean, Some(target));
        let value = aggregate(&mean(0), &shares).unwrap();
        assert_eq!(value.hundredths(true), 9_991);
        assert_eq!(met(&mean(9_990), Some(value)), Some(true), "99,90 % is met");
        assert_eq!(met(&mean(9_991), Some(value)), Some(false), "99,91 % is not: 99,9076 < 99,91");
    }

    #[test]
    fn ratio_of_sums_weighs_units_by_their_denominators_not_by_their_percentages() {
        // Worked by hand: ward A 45 of 50 dossiers online (90 %), ward B 10 of 100 (10 %),
        // ward C had no dossier (0 of 0). The city: (45 + 10 + 0) / (50 + 100 + 0) = 55/150
        // = 36.67 % — the mean of the percentages would say 50 %.
        let online = indicator(Measure::Percent, Aggregation::RatioOfSums, Some(8_000));
        let city = aggregate(&online, &[pct(45, 50), pct(10, 100), pct(0, 0)]).unwrap();
        assert_eq!((city.numerator, city.denominator), (55, 150));
        assert_eq!(city.hundredths(true), 3_667);
        assert_eq!(met(&online, Some(city)), Some(false));
        // Nothing to divide by: no value, not 0 %.
        assert_eq!(aggregate(&online, &[pct(0, 0)]), None);
        assert_eq!(aggregate(&online, &[]), None);
    }

    #[test]
    fn the_mean_of_percentages_is_the_mean_of_each_units_own_share() {
        // (90 % + 10 %) / 2 = 50 %; the unit with no dossier is left out.
        let mean = indicator(Measure::Percent, Aggregation::Mean, Some(5_000));
        let city = aggregate(&mean, &[pct(45, 50), pct(10, 100), pct(0, 0)]).unwrap();
        assert_eq!(city.hundredths(true), 5_000);
        assert_eq!(met(&mean, Some(city)), Some(true), "50 % meets a target of 50 %");
        // One third each of 1/3, 1/3, 1/3: exactly 33.33… %, never a float's 33.33333.
        let thirds = aggregate(&mean, &[pct(1, 3), pct(2, 6), pct(3, 9)]).unwrap();
        assert_eq!(thirds.numerator * 3, thirds.denominator);
    }

    #[test]
    fn sums_means_and_shares_of_yes() {
        let teams = indicator(Measure::Count, Aggregation::Sum, Some(1_000));
        let counts = [
            KpiValue::Count { value: 4 },
            KpiValue::Count { value: 0 },
            KpiValue::Count { value: 5 },
        ];
        let city = aggregate(&teams, &counts).unwrap();
        assert_eq!(city.hundredths(false), 900);
        assert_eq!(met(&teams, Some(city)), Some(false), "9 teams miss a target of 10");

        let mean = indicator(Measure::Count, Aggregation::Mean, None);
        assert_eq!(aggregate(&mean, &counts).unwrap().hundredths(false), 300);
        assert_eq!(met(&mean, aggregate(&mean, &counts)), None, "no target, no verdict");

        // 2 of the 3 units that answered have issued their plan: 66.67 %.
        let plan = indicator(Measure::YesNo, Aggregation::ShareYes, Some(10_000));
        let answers = [
            KpiValue::YesNo { yes: true },
            KpiValue::YesNo { yes: false },
            KpiValue::YesNo { yes: true },
        ];
        let city = aggregate(&plan, &answers).unwrap();
        assert_eq!(city.hundredths(true), 6_667);
        assert_eq!(met(&plan, Some(city)), Some(false));
    }

    #[test]
    fn a_lower_is_better_indicator_is_met_at_or_below_its_target() {
        let mut late = indicator(Measure::Percent, Aggregation::RatioOfSums, Some(500));
        late.direction = Direction::Lower;
        // 5 of 100 late: exactly the 5 % allowed.
        assert_eq!(met(&late, aggregate(&late, &[pct(5, 100)])), Some(true));
        // 1 of 19 = 5.26 % late.
        assert_eq!(met(&late, aggregate(&late, &[pct(1, 19)])), Some(false));
    }

    #[test]
    fn met_is_exact_where_rounding_would_lie() {
        // 79 996 of 100 000 dossiers is 79.996 %: shown as 80.00 %, but it does not meet 80 %.
        let online = indicator(Measure::Percent, Aggregation::RatioOfSums, Some(8_000));
        let just_under = aggregate(&online, &[pct(79_996, 100_000)]).unwrap();
        assert_eq!(just_under.hundredths(true), 8_000, "rounded for display");
        assert_eq!(met(&online, Some(just_under)), Some(false), "but not met");
    }

    #[test]
    fn a_value_is_checked_against_its_measure_in_both_languages() {
        assert!(pct(3, 4).check(Measure::Percent).is_ok());
        assert!(pct(0, 0).check(Measure::Percent).is_ok(), "no dossier at all is a fact");
        let above = pct(5, 4).check(Measure::Percent).unwrap_err();
        assert_eq!(above.vi, "Tử số (5) lớn hơn mẫu số (4).");
        assert_eq!(above.en, "The numerator (5) is larger than the denominator (4).");
        assert!(pct(-1, 4).check(Measure::Percent).is_err());
        assert!(KpiValue::Count { value: -2 }.check(Measure::Count).is_err());
        assert!(KpiValue::Amount { dong: 1_000 }.check(Measure::Amount).is_ok());
        let wrong = KpiValue::Count { value: 2 }.check(Measure::Percent).unwrap_err();
        assert!(wrong.vi.contains("không đúng loại"), "{}", wrong.vi);
    }

    #[test]
    fn a_rule_that_does_not_fit_its_measure_is_refused() {
        assert!(indicator(Measure::Percent, Aggregation::RatioOfSums, None).check().is_ok());
        assert!(indicator(Measure::YesNo, Aggregation::ShareYes, None).check().is_ok());
        let summed_percent = indicator(Measure::Percent, Aggregation::Sum, None).check();
        assert!(summed_percent.unwrap_err().vi.contains("Tỷ lệ không cộng được"));
        assert!(indicator(Measure::Count, Aggregation::ShareYes, None).check().is_err());
    }

    #[test]
    fn periods_have_keys_labels_ends_and_due_dates() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let q4 = Period::containing(PeriodKind::Quarter, day);
        assert_eq!(q4.key(), "2026-Q4");
        assert_eq!(q4.label().vi, "Quý 4/2026");
        assert_eq!(q4.label().en, "Q4 2026");
        assert_eq!(q4.start().to_string(), "2026-10-01");
        assert_eq!(q4.end().to_string(), "2026-12-31");
        assert_eq!(q4.due(15).to_string(), "2027-01-15", "15 days after the quarter");
        assert_eq!(q4.next().key(), "2027-Q1");

        let feb = Period::parse("2028-02").unwrap();
        assert_eq!(feb.end().to_string(), "2028-02-29", "a leap year");
        assert_eq!(feb.label().vi, "Tháng 2/2028");
        assert_eq!(feb.label().en, "February 2028");
        assert_eq!(Period::parse("2026").unwrap().end().to_string(), "2026-12-31");
        for key in ["2026-03", "2026-Q2", "2026"] {
            assert_eq!(Period::parse(key).unwrap().key(), key);
        }
        for bad in ["2026-13", "2026-Q5", "2026-Q0", "26", "2026-3", "năm 2026", ""] {
            assert_eq!(Period::parse(bad), None, "{bad:?}");
        }
    }
}
