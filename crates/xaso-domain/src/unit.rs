//! Commune-level units (xã, phường, đặc khu) and the sync partitions built on them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The official 5-digit code of a commune-level unit, e.g. `26743` (Phường Bến Thành).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UnitCode(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("mã đơn vị phải gồm 5 chữ số / a unit code is 5 digits: {0:?}")]
pub struct UnitCodeError(String);

impl UnitCode {
    pub fn parse(s: &str) -> Result<Self, UnitCodeError> {
        let s = s.trim();
        if s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(s.to_owned()))
        } else {
            Err(UnitCodeError(s.chars().take(20).collect()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for UnitCode {
    type Error = UnitCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<UnitCode> for String {
    fn from(c: UnitCode) -> String {
        c.0
    }
}

impl fmt::Display for UnitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    Phuong,
    Xa,
    DacKhu,
}

impl UnitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Phuong => "phuong",
            UnitKind::Xa => "xa",
            UnitKind::DacKhu => "dac_khu",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "phuong" => Some(UnitKind::Phuong),
            "xa" => Some(UnitKind::Xa),
            "dac_khu" => Some(UnitKind::DacKhu),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Unit {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub code: UnitCode,
    pub name: String,
    pub kind: UnitKind,
}

/// Who a row belongs to for sync: one unit's own data, or the city's shared data.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Partition {
    Unit(UnitCode),
    City,
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Partition::Unit(code) => write!(f, "unit:{code}"),
            Partition::City => f.write_str("city"),
        }
    }
}

/// A partition name that is not exactly `city` or `unit:` and five digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a partition name: {0:?}")]
pub struct PartitionError(pub String);

/// The wire form, exactly as [`fmt::Display`] writes it: no spaces, no other spelling. The
/// server refuses any other name a laptop sends, and a laptop stores only what the server
/// numbered, so one strict reading serves both.
impl FromStr for Partition {
    type Err = PartitionError;

    fn from_str(name: &str) -> Result<Partition, PartitionError> {
        let bad = || PartitionError(name.chars().take(40).collect());
        if name == "city" {
            return Ok(Partition::City);
        }
        let code = name.strip_prefix("unit:").ok_or_else(bad)?;
        // `UnitCode::parse` trims; the wire form must be exact.
        if code.len() != 5 {
            return Err(bad());
        }
        UnitCode::parse(code).map(Partition::Unit).map_err(|_| bad())
    }
}

impl Partition {
    /// Whose data this is: a unit's own, or the city's shared.
    pub fn kind(&self) -> crate::sync::PartitionKind {
        match self {
            Partition::City => crate::sync::PartitionKind::City,
            Partition::Unit(_) => crate::sync::PartitionKind::Unit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_names_are_read_exactly_as_written() {
        for partition in [Partition::City, Partition::Unit(UnitCode::parse("26743").unwrap())] {
            assert_eq!(partition.to_string().parse::<Partition>(), Ok(partition));
        }
        for bad in [
            "",
            "City",
            " city",
            "unit:",
            "unit: 26743",
            "unit:26743 ",
            "unit:2674",
            "unit:267430",
            "units:26743",
            "unit:2674a",
        ] {
            assert!(bad.parse::<Partition>().is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn unit_codes_are_five_digits() {
        assert!(UnitCode::parse("26743").is_ok());
        assert_eq!(UnitCode::parse(" 26743 ").unwrap().as_str(), "26743");
        for bad in ["", "2674", "267430", "2674a", "'; --"] {
            assert!(UnitCode::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn partitions_render_as_on_the_wire() {
        let code = UnitCode::parse("26743").unwrap();
        assert_eq!(Partition::Unit(code).to_string(), "unit:26743");
        assert_eq!(Partition::City.to_string(), "city");
    }
}
