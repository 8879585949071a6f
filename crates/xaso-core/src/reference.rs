//! Reference data bundled with the app: the city's 168 commune-level units, loaded on
//! first start (later kept current by sync, as city data).

use xaso_domain::norm::{Norm, NormKind, Scaled};
use xaso_domain::{Unit, UnitCode, UnitKind};

const UNITS_CSV: &str = include_str!("../../../data/hcm-units-2025.csv");
const NORMS_CSV: &str = include_str!("../../../data/norms-vn.csv");

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

/// Parses the bundled `norms-vn.csv`
/// (`code,description_vi,value,unit,kind,legal_basis,effective_from,verified`).
pub fn norms() -> Result<Vec<Norm>, ReferenceError> {
    let mut out = Vec::new();
    for (i, record) in csv::Reader::from_reader(NORMS_CSV.as_bytes()).records().enumerate() {
        let record = record?;
        let line = i + 2;
        let bad = |what: String| ReferenceError::Bad { line, what };
        let effective_from = match record[6].trim() {
            "" => None,
            d => Some(d.parse().map_err(|_| bad(format!("date {d:?}")))?),
        };
        out.push(Norm {
            code: record[0].to_owned(),
            description: record[1].to_owned(),
            value: Scaled::parse(&record[2])
                .map_err(|e| bad(format!("value {:?}: {e}", &record[2])))?,
            unit: record[3].to_owned(),
            kind: NormKind::parse(&record[4])
                .ok_or_else(|| bad(format!("kind {:?}", &record[4])))?,
            legal_basis: record[5].to_owned(),
            effective_from,
            effective_to: None,
            verified: &record[7] == "true",
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_norms_parse_with_their_legal_basis() {
        let norms = norms().unwrap();
        assert_eq!(norms.len(), 13);
        let cap = norms.iter().find(|n| n.code == "labor.leader_monthly_cap").unwrap();
        assert_eq!(cap.money().map(|m| m.dong()), Some(40_000_000));
        assert_eq!(cap.legal_basis, "Thông tư 03/2023/TT-BTC");
        let prize = norms.iter().find(|n| n.code == "contest.prize.first").unwrap();
        assert!(!prize.verified);
        let coef = norms.iter().find(|n| n.code == "labor.coef.thanh_vien_chinh").unwrap();
        assert_eq!(
            (coef.value.raw(), coef.effective_from.map(|d| d.to_string())),
            (8_000, Some("2023-06-23".into()))
        );
    }

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
