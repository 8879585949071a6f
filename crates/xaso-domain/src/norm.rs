//! Spending norms (định mức chi): data the city publishes, effective-dated, each with its
//! legal basis and a `verified` flag. Never constants in code: an estimate is checked
//! against the norms in force on its date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::money::Money;

/// What a norm's value means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum NormKind {
    /// A maximum amount in đồng (per unit of the line).
    Cap,
    /// A multiplier (labour coefficients).
    Coefficient,
    /// A maximum share of another amount.
    Ratio,
    /// A share to reach (the city's spending target).
    Target,
}

impl NormKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "cap" => Some(NormKind::Cap),
            "coefficient" => Some(NormKind::Coefficient),
            "ratio" => Some(NormKind::Ratio),
            "target" => Some(NormKind::Target),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            NormKind::Cap => "cap",
            NormKind::Coefficient => "coefficient",
            NormKind::Ratio => "ratio",
            NormKind::Target => "target",
        }
    }
}

/// A non-negative decimal with four places, exact: `0.8` is `Scaled(8000)`. Norm values
/// and quantities are decimals; floats would round đồng wrongly.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Scaled(i64);

impl Scaled {
    pub const ONE: Scaled = Scaled(10_000);
    pub const SCALE: i64 = 10_000;
    /// Keeps every product with a [`Money`] inside `i128` and every result checkable.
    pub const MAX: Scaled = Scaled(1_000_000_000_000_000);

    pub fn from_raw(raw: i64) -> Self {
        Scaled(raw)
    }

    pub const fn raw(self) -> i64 {
        self.0
    }

    pub fn from_int(n: i64) -> Option<Self> {
        n.checked_mul(Self::SCALE).filter(|v| (0..=Self::MAX.0).contains(v)).map(Scaled)
    }

    /// Parses what people type: `12`, `10,5` (Vietnamese decimal comma), `1.250,5`
    /// (dots grouping thousands), `20.000.000`, and also `0.8` or `2.25` (a decimal dot, as
    /// in published tables). A single dot followed by exactly three digits (`24.000`)
    /// could be either, so it is refused as ambiguous rather than guessed at. At most four
    /// decimals.
    pub fn parse(input: &str) -> Result<Scaled, ScaledError> {
        let s: String =
            input.trim().chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}')).collect();
        if s.is_empty() {
            return Ok(Scaled(0));
        }
        if s.starts_with('-') {
            return Err(ScaledError::Negative);
        }
        let dots = s.matches('.').count();
        // Dots that group thousands: every group after the first has three digits.
        let ungroup = |t: &str| -> Result<String, ScaledError> {
            let mut groups = t.split('.');
            let first = groups.next().unwrap_or_default();
            if first.is_empty()
                || first.len() > 3 && t.contains('.')
                || groups.clone().any(|g| g.len() != 3)
            {
                return Err(ScaledError::NotANumber);
            }
            Ok(t.replace('.', ""))
        };
        let (int, frac) = if s.contains(',') {
            let (int, frac) = s.split_once(',').unwrap_or((&s, ""));
            (if int.contains('.') { ungroup(int)? } else { int.to_owned() }, frac.to_owned())
        } else if dots > 1 {
            (ungroup(&s)?, String::new())
        } else if let Some((int, frac)) = s.split_once('.') {
            if frac.len() == 3 && !int.is_empty() {
                return Err(ScaledError::Ambiguous);
            }
            (int.to_owned(), frac.to_owned())
        } else {
            (s.clone(), String::new())
        };
        let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() && frac.is_empty() || !all_digits(&int) || !all_digits(&frac) {
            return Err(ScaledError::NotANumber);
        }
        if frac.len() > 4 {
            return Err(ScaledError::TooPrecise);
        }
        let int: i64 =
            if int.is_empty() { 0 } else { int.parse().map_err(|_| ScaledError::TooLarge)? };
        let frac_value: i64 = format!("{frac:0<4}").parse().map_err(|_| ScaledError::NotANumber)?;
        int.checked_mul(Self::SCALE)
            .and_then(|v| v.checked_add(frac_value))
            .filter(|v| *v <= Self::MAX.0)
            .map(Scaled)
            .ok_or(ScaledError::TooLarge)
    }

    /// `money × self`, rounded half up to the đồng; `None` past [`Money::MAX`].
    pub fn times(self, m: Money) -> Option<Money> {
        let product = i128::from(m.dong()) * i128::from(self.0);
        let rounded = (product + i128::from(Self::SCALE / 2)) / i128::from(Self::SCALE);
        i64::try_from(rounded).ok().and_then(|d| Money::from_dong(d).ok())
    }
}

/// `0.8`, `12`, `2.25`: shortest form, Vietnamese decimal comma.
impl std::fmt::Display for Scaled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let int = self.0 / Self::SCALE;
        let frac = self.0 % Self::SCALE;
        if frac == 0 {
            write!(f, "{int}")
        } else {
            let digits = format!("{frac:04}");
            write!(f, "{int},{}", digits.trim_end_matches('0'))
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ScaledError {
    #[error("not a number")]
    NotANumber,
    #[error("negative")]
    Negative,
    #[error("too large")]
    TooLarge,
    #[error("more than 4 decimals")]
    TooPrecise,
    #[error("ambiguous: a dot could group thousands or mark decimals")]
    Ambiguous,
}

/// One published norm.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Norm {
    pub code: String,
    pub description: String,
    pub value: Scaled,
    pub unit: String,
    pub kind: NormKind,
    pub legal_basis: String,
    /// `None`: the date was not confirmed; treated as in force from the beginning.
    pub effective_from: Option<NaiveDate>,
    pub effective_to: Option<NaiveDate>,
    /// `false`: the value was not checked against the legal text; shown as unverified.
    pub verified: bool,
}

impl Norm {
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        self.effective_from.is_none_or(|from| from <= date)
            && self.effective_to.is_none_or(|to| date <= to)
    }

    /// The value as money (caps are whole đồng; a fraction of a đồng is dropped).
    pub fn money(&self) -> Option<Money> {
        Money::from_dong(self.value.raw() / Scaled::SCALE).ok()
    }
}

/// All norms the city has published, any date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NormBook {
    norms: Vec<Norm>,
}

impl NormBook {
    pub fn new(norms: Vec<Norm>) -> Self {
        Self { norms }
    }

    pub fn all(&self) -> &[Norm] {
        &self.norms
    }

    /// The version of `code` in force on `date`: of those in force, the one that took
    /// effect last.
    pub fn in_force(&self, code: &str, date: NaiveDate) -> Option<&Norm> {
        self.norms
            .iter()
            .filter(|n| n.code == code && n.in_force_on(date))
            .max_by_key(|n| n.effective_from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaled_parse_table() {
        let ok = [
            ("", 0),
            ("12", 120_000),
            ("0.8", 8_000),
            ("0,8", 8_000),
            ("2.25", 22_500),
            ("0.03", 300),
            (".5", 5_000),
            ("1.0", 10_000),
        ];
        for (s, raw) in ok {
            assert_eq!(Scaled::parse(s), Ok(Scaled(raw)), "{s:?}");
        }
        let bad = [
            ("-1", ScaledError::Negative),
            ("abc", ScaledError::NotANumber),
            ("1.2.3", ScaledError::NotANumber),
            ("24.000", ScaledError::Ambiguous),
            ("1,2,3", ScaledError::NotANumber),
            ("0.00001", ScaledError::TooPrecise),
            ("99999999999999999999", ScaledError::TooLarge),
            (".", ScaledError::NotANumber),
        ];
        for (s, err) in bad {
            assert_eq!(Scaled::parse(s), Err(err), "{s:?}");
        }
        assert_eq!(Scaled(8_000).to_string(), "0,8");
        assert_eq!(Scaled(120_000).to_string(), "12");
        assert_eq!(Scaled(22_500).to_string(), "2,25");
    }

    #[test]
    fn times_rounds_half_up_to_the_dong() {
        let m = |d| Money::from_dong(d).unwrap();
        assert_eq!(Scaled(3_000).times(m(40_000_000)), Some(m(12_000_000))); // 0.3 × 40M
        assert_eq!(Scaled(5_000).times(m(3)), Some(m(2))); // 1.5 → 2
        assert_eq!(Scaled(3_333).times(m(10)), Some(m(3))); // 3.333 → 3
        assert_eq!(Scaled::MAX.times(Money::MAX), None);
    }

    fn norm(code: &str, value: i64, from: Option<&str>, to: Option<&str>) -> Norm {
        Norm {
            code: code.into(),
            description: String::new(),
            value: Scaled(value),
            unit: String::new(),
            kind: NormKind::Cap,
            legal_basis: String::new(),
            effective_from: from.map(|s| s.parse().unwrap()),
            effective_to: to.map(|s| s.parse().unwrap()),
            verified: true,
        }
    }

    #[test]
    fn the_norm_in_force_is_chosen_by_date() {
        let book = NormBook::new(vec![
            norm("cap", 1, None, Some("2023-06-22")),
            norm("cap", 2, Some("2023-06-23"), None),
            norm("cap", 3, Some("2027-01-01"), None),
        ]);
        let on = |d: &str| book.in_force("cap", d.parse().unwrap()).map(|n| n.value.raw());
        assert_eq!(on("2020-01-01"), Some(1));
        assert_eq!(on("2023-06-23"), Some(2));
        assert_eq!(on("2026-11-22"), Some(2));
        assert_eq!(on("2027-03-01"), Some(3));
        assert_eq!(book.in_force("other", "2026-01-01".parse().unwrap()), None);
    }
}
