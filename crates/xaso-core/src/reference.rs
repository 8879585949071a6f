//! Reference data bundled with the app: the city's 168 commune-level units, loaded on
//! first start (later kept current by sync, as city data).

use xaso_domain::kpi::{Aggregation, Direction, Indicator, KpiField, Measure, PeriodKind};
use xaso_domain::norm::{Norm, NormKind, Scaled};
use xaso_domain::report::{ReportForm, Section};
use xaso_domain::{Unit, UnitCode, UnitKind};

const UNITS_CSV: &str = include_str!("../../../data/hcm-units-2025.csv");
const NORMS_CSV: &str = include_str!("../../../data/norms-vn.csv");
const KPI_CSV: &str = include_str!("../../../data/kpi-examples.csv");
const REPORT_FORMS_JSON: &str = include_str!("../../../data/report-forms.json");

#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    #[error("bundled reference data, line {line}: {what}")]
    Bad { line: usize, what: String },
    #[error("bundled reference data: {0}")]
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

/// Parses the bundled `kpi-examples.csv` (`code,name_vi,name_en,field,measure,aggregation,
/// period,direction,target,from_app_data,source,verified`): example indicators, none of
/// them official (every row `verified=false`), each checked for a roll-up that fits it.
pub fn indicators() -> Result<Vec<Indicator>, ReferenceError> {
    let mut out = Vec::new();
    for (i, record) in csv::Reader::from_reader(KPI_CSV.as_bytes()).records().enumerate() {
        let record = record?;
        let line = i + 2;
        let bad = |what: String| ReferenceError::Bad { line, what };
        let word = |column: usize, what: &str| -> Result<&str, ReferenceError> {
            Ok(record.get(column).ok_or_else(|| bad(format!("no {what}")))?.trim())
        };
        let text = |column: usize| record.get(column).map(str::trim).unwrap_or_default();
        let target_hundredths = match word(8, "target")? {
            "" => None,
            t => {
                let raw = Scaled::parse(t).map_err(|e| bad(format!("target {t:?}: {e}")))?.raw();
                if raw % 100 != 0 {
                    return Err(bad(format!("target {t:?}: at most two decimals")));
                }
                Some(raw / 100)
            }
        };
        let indicator = Indicator {
            code: word(0, "code")?.to_owned(),
            name_vi: text(1).to_owned(),
            name_en: text(2).to_owned(),
            field: KpiField::parse(word(3, "field")?)
                .ok_or_else(|| bad(format!("field {:?}", text(3))))?,
            measure: Measure::parse(word(4, "measure")?)
                .ok_or_else(|| bad(format!("measure {:?}", text(4))))?,
            aggregation: Aggregation::parse(word(5, "aggregation")?)
                .ok_or_else(|| bad(format!("aggregation {:?}", text(5))))?,
            period: PeriodKind::parse(word(6, "period")?)
                .ok_or_else(|| bad(format!("period {:?}", text(6))))?,
            direction: Direction::parse(word(7, "direction")?)
                .ok_or_else(|| bad(format!("direction {:?}", text(7))))?,
            target_hundredths,
            from_app_data: Some(text(9)).filter(|s| !s.is_empty()).map(str::to_owned),
            source: text(10).to_owned(),
            effective_from: None,
            effective_to: None,
            verified: text(11) == "true",
        };
        indicator.check().map_err(|why| bad(why.en))?;
        out.push(indicator);
    }
    Ok(out)
}

/// Parses the bundled `report-forms.json`: two example report forms (quarterly digital
/// transformation progress, the yearly Resolution 57 report), each checked, and each
/// naming only bundled indicators (of any period: a yearly report may carry the year's
/// figure of a quarterly indicator).
pub fn report_forms() -> Result<Vec<ReportForm>, ReferenceError> {
    #[derive(serde::Deserialize)]
    struct Form {
        code: String,
        name_vi: String,
        name_en: String,
        period: String,
        due_days: u32,
        sections: Vec<Section>,
        indicators: Vec<String>,
    }
    let forms: Vec<Form> = serde_json::from_str(REPORT_FORMS_JSON)
        .map_err(|e| ReferenceError::Bad { line: e.line(), what: e.to_string() })?;
    let known = indicators()?;
    forms
        .into_iter()
        .map(|f| {
            let bad =
                |what: String| ReferenceError::Bad { line: 0, what: format!("{}: {what}", f.code) };
            let period = PeriodKind::parse(&f.period)
                .ok_or_else(|| bad(format!("period {:?}", f.period)))?;
            if let Some(unknown) =
                f.indicators.iter().find(|c| !known.iter().any(|i| &i.code == *c))
            {
                return Err(bad(format!("no indicator {unknown:?}")));
            }
            let form = ReportForm {
                code: f.code.clone(),
                name_vi: f.name_vi,
                name_en: f.name_en,
                period,
                due_days: f.due_days,
                sections: f.sections,
                indicators: f.indicators,
            };
            form.check().map_err(|why| bad(why.en))?;
            Ok(form)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_report_forms_carry_bundled_indicators_and_say_they_are_examples() {
        let forms = report_forms().unwrap();
        let codes: Vec<&str> = forms.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, ["cds.quy", "nq57.nam"]);
        assert!(
            forms.iter().all(|f| f.name_vi.ends_with("(mẫu)")),
            "examples, not the city's forms"
        );
        assert_eq!((forms[0].period, forms[0].due_days), (PeriodKind::Quarter, 10));
        assert_eq!(forms[0].sections.len(), 3);
        assert_eq!(forms[1].indicators.len(), 8);
    }

    #[test]
    fn the_bundled_example_indicators_parse_and_none_claims_to_be_verified() {
        let all = indicators().unwrap();
        assert_eq!(all.len(), 14);
        assert!(all.iter().all(|i| !i.verified), "the file is examples, not the city's list");
        let online = all.iter().find(|i| i.code == "cds.tthc_truc_tuyen_toan_trinh").unwrap();
        assert_eq!(
            (online.measure, online.aggregation, online.period, online.direction),
            (Measure::Percent, Aggregation::RatioOfSums, PeriodKind::Quarter, Direction::Higher)
        );
        let approved = all.iter().find(|i| i.code == "khcn.nhiem_vu_duoc_phe_duyet").unwrap();
        assert_eq!(approved.name_vi, "Số nhiệm vụ KHCN cấp cơ sở được phê duyệt");
        assert!(approved.from_app_data.as_deref().is_some_and(|s| s.contains("approved")));
        let plan = all.iter().find(|i| i.code == "chung.ke_hoach_nq57").unwrap();
        assert_eq!((plan.field, plan.measure), (KpiField::All, Measure::YesNo));
    }

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
