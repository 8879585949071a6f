//! Reference data bundled with the app: the city's 168 commune-level units, loaded on
//! first start (later kept current by sync, as city data).

use xaso_domain::{Unit, UnitCode, UnitKind};

const UNITS_CSV: &str = include_str!("../../../data/hcm-units-2025.csv");

#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    #[error("bundled unit list, line {line}: {what}")]
    Bad { line: usize, what: String },
    #[error("bundled unit list: {0}")]
    Csv(#[from] csv::Error),
}

/// Parses the bundled `hcm-units-2025.csv` (`code,name,kind`).
pub fn units() -> Result<Vec<Unit>, ReferenceError> {
    let mut out = Vec::new();
    for (i, record) in csv::Reader::from_reader(UNITS_CSV.as_bytes()).records().enumerate() {
        let record = record?;
        let line = i + 2;
        let bad = |what: String| ReferenceError::Bad { line, what };
        let code = UnitCode::parse(&record[0]).map_err(|e| bad(e.to_string()))?;
        let kind =
            UnitKind::parse(&record[2]).ok_or_else(|| bad(format!("kind {:?}", &record[2])))?;
        out.push(Unit { code, name: record[1].to_owned(), kind });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_list_has_the_168_units_of_the_2025_merger() {
        let units = units().unwrap();
        assert_eq!(units.len(), 168);
        let count = |k| units.iter().filter(|u| u.kind == k).count();
        assert_eq!(
            (count(UnitKind::Phuong), count(UnitKind::Xa), count(UnitKind::DacKhu)),
            (113, 54, 1)
        );
        assert!(units.iter().any(|u| u.name == "Phường Bến Thành"));
    }
}
