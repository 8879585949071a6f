//! Money: whole Vietnamese đồng in an `i64`, never a float.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An amount in whole đồng. Bounded by [`Money::MAX`] so every amount, and the sum of a
/// few thousand of them, stays exact in an `i64` and in a JavaScript number (< 2^53).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("not a whole number of đồng")]
    NotANumber,
    #[error("negative amount")]
    Negative,
    #[error("amount too large")]
    TooLarge,
    #[error("đồng have no decimals")]
    Fraction,
}

impl Money {
    /// 1 000 000 tỷ đồng (10^15): far above any commune budget, far below 2^53.
    pub const MAX: Money = Money(1_000_000_000_000_000);
    pub const ZERO: Money = Money(0);

    pub fn from_dong(dong: i64) -> Result<Money, MoneyError> {
        match dong {
            d if d < 0 => Err(MoneyError::Negative),
            d if d > Self::MAX.0 => Err(MoneyError::TooLarge),
            d => Ok(Money(d)),
        }
    }

    pub const fn dong(self) -> i64 {
        self.0
    }

    /// Sum that refuses to leave the valid range instead of wrapping.
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.0.checked_add(other.0).ok_or(MoneyError::TooLarge).and_then(Money::from_dong)
    }

    /// Parses what an official types: `1.250.000`, `1250000`, `1 250 000 ₫`, `1.250.000đ`.
    /// Dots and spaces group thousands (Vietnamese style). Commas group thousands too when
    /// that is the only reading (`1,250,000`: every comma followed by exactly three digits,
    /// no dot beside them, as an English-set keyboard or a copied spreadsheet writes it);
    /// otherwise a comma is a decimal mark, and đồng have no decimals, so `1,5` is refused
    /// rather than guessed at. Empty is zero.
    pub fn parse(input: &str) -> Result<Money, MoneyError> {
        let s = input.trim();
        let s = s
            .strip_suffix('₫')
            .or_else(|| s.strip_suffix("VNĐ"))
            .or_else(|| s.strip_suffix("VND"))
            .or_else(|| s.strip_suffix("đồng"))
            .or_else(|| s.strip_suffix('đ'))
            .unwrap_or(s)
            .trim();
        if s.is_empty() {
            return Ok(Money::ZERO);
        }
        if s.starts_with('-') {
            return Err(MoneyError::Negative);
        }
        let grouped_by_commas = s.contains(',') && !s.contains('.') && {
            let mut groups = s.split(',');
            let first = groups.next().unwrap_or("");
            (1..=3).contains(&first.len())
                && first.chars().all(|c| c.is_ascii_digit())
                && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
        };
        let s = if grouped_by_commas { s.replace(',', "") } else { s.to_owned() };
        let mut value: i64 = 0;
        for c in s.chars() {
            match c {
                '0'..='9' => {
                    let digit = i64::from(c as u8 - b'0');
                    value = value
                        .checked_mul(10)
                        .and_then(|v| v.checked_add(digit))
                        .ok_or(MoneyError::TooLarge)?;
                }
                '.' | ' ' | '\u{a0}' | '\u{202f}' => {}
                ',' => return Err(MoneyError::Fraction),
                _ => return Err(MoneyError::NotANumber),
            }
        }
        Money::from_dong(value)
    }
}

impl Money {
    /// The amount in Vietnamese words, as written under a total ("Bằng chữ"):
    /// 351.500.000 → "Ba trăm năm mươi mốt triệu năm trăm nghìn đồng".
    pub fn in_words_vi(self) -> String {
        const UNITS: [&str; 6] = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"];
        if self.0 == 0 {
            return "Không đồng".into();
        }
        let mut groups = Vec::new();
        let mut n = self.0;
        while n > 0 {
            groups.push((n % 1000) as u16);
            n /= 1000;
        }
        let leading = groups.len() - 1;
        let mut words: Vec<String> = Vec::new();
        for (i, g) in groups.iter().enumerate().rev() {
            if *g == 0 {
                continue;
            }
            words.push(read_group(*g, i != leading));
            if !UNITS[i].is_empty() {
                words.push(UNITS[i].to_owned());
            }
        }
        let mut text = words.join(" ");
        if let Some(first) = text.chars().next() {
            text.replace_range(..first.len_utf8(), &first.to_uppercase().to_string());
        }
        text + " đồng"
    }
}

/// Three digits in words. `full`: not the leading group, so its hundreds are read even
/// when zero ("không trăm linh năm").
fn read_group(n: u16, full: bool) -> String {
    const DIGITS: [&str; 10] =
        ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];
    let (h, t, u) = ((n / 100) as usize, (n / 10 % 10) as usize, (n % 10) as usize);
    let mut parts: Vec<&str> = Vec::new();
    if full || h > 0 {
        parts.extend([DIGITS[h], "trăm"]);
    }
    match t {
        0 if u != 0 && (full || h > 0) => parts.push("linh"),
        0 => {}
        1 => parts.push("mười"),
        _ => parts.extend([DIGITS[t], "mươi"]),
    }
    match u {
        0 => {}
        1 if t >= 2 => parts.push("mốt"),
        5 if t >= 1 => parts.push("lăm"),
        _ => parts.push(DIGITS[u]),
    }
    parts.join(" ")
}

/// `1250000` → `1.250.000`: thousands grouped with dots, the way Vietnamese documents
/// write numbers (a minus sign kept in front).
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `1.250.000 ₫`, the way Vietnamese documents write amounts.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ₫", group_thousands(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_with_dots() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1_000), "1.000");
        assert_eq!(group_thousands(252_000_000), "252.000.000");
        assert_eq!(group_thousands(-1_250_000), "-1.250.000");
        assert_eq!(group_thousands(i64::MIN), "-9.223.372.036.854.775.808");
    }
    use proptest::prelude::*;

    #[test]
    fn parse_table() {
        let ok = [
            ("", 0),
            ("0", 0),
            ("1250000", 1_250_000),
            ("1.250.000", 1_250_000),
            ("1 250 000 ₫", 1_250_000),
            ("1.250.000đ", 1_250_000),
            ("  40.000.000 VND ", 40_000_000),
            ("1000000000000000", 1_000_000_000_000_000),
            ("1,250,000", 1_250_000),
            ("40,000,000 VND", 40_000_000),
            ("1,250", 1_250),
        ];
        for (input, want) in ok {
            assert_eq!(Money::parse(input), Ok(Money(want)), "parse({input:?})");
        }
        let bad = [
            ("-5", MoneyError::Negative),
            ("1,5", MoneyError::Fraction),
            ("12,50", MoneyError::Fraction),
            ("1,250,00", MoneyError::Fraction),
            ("1.250,000", MoneyError::Fraction),
            ("1250,000", MoneyError::Fraction),
            ("abc", MoneyError::NotANumber),
            ("12abc", MoneyError::NotANumber),
            ("1000000000000001", MoneyError::TooLarge),
            ("1234567890123456789012345", MoneyError::TooLarge), // 25 digits: no overflow
            ("'; DROP TABLE tasks;--", MoneyError::NotANumber),
        ];
        for (input, want) in bad {
            assert_eq!(Money::parse(input), Err(want), "parse({input:?})");
        }
    }

    #[test]
    fn format_table() {
        let cases = [(0, "0 ₫"), (999, "999 ₫"), (1000, "1.000 ₫"), (1_250_000, "1.250.000 ₫")];
        for (dong, want) in cases {
            assert_eq!(Money(dong).to_string(), want);
        }
    }

    #[test]
    fn amounts_in_words_table() {
        let cases = [
            (0, "Không đồng"),
            (5, "Năm đồng"),
            (15, "Mười lăm đồng"),
            (21, "Hai mươi mốt đồng"),
            (105, "Một trăm linh năm đồng"),
            (1_000_000, "Một triệu đồng"),
            (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
            (351_500_000, "Ba trăm năm mươi mốt triệu năm trăm nghìn đồng"),
            (
                1_224_286_500,
                "Một tỷ hai trăm hai mươi bốn triệu hai trăm tám mươi sáu nghìn năm trăm đồng",
            ),
            (40_010_000, "Bốn mươi triệu không trăm mười nghìn đồng"),
            (1_000_000_000_000_000, "Một triệu tỷ đồng"),
        ];
        for (dong, want) in cases {
            assert_eq!(Money(dong).in_words_vi(), want, "{dong}");
        }
    }

    #[test]
    fn sums_refuse_to_overflow() {
        assert_eq!(Money::MAX.checked_add(Money(1)), Err(MoneyError::TooLarge));
        assert_eq!(Money(1).checked_add(Money(2)), Ok(Money(3)));
    }

    proptest! {
        #[test]
        fn format_then_parse_round_trips(dong in 0..=Money::MAX.0) {
            let m = Money(dong);
            prop_assert_eq!(Money::parse(&m.to_string()), Ok(m));
        }
    }
}
