//! KPI indicators in the app (issue 13): the list the city tracks, read by every role.
//! Reports, values and the city's roll-ups build on it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use xaso_domain::kpi::Indicator;
pub use xaso_domain::kpi::{Aggregation, Direction, KpiField, Measure, PeriodKind};
use xaso_domain::money::group_thousands;
use xaso_store::indicators;

use crate::{ApiError, App};

/// One indicator as the indicators screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IndicatorView {
    /// The indicator row's UUIDv7.
    pub id: String,
    /// Stable key reports refer to (`cds.van_ban_ky_so`).
    pub code: String,
    /// Its name as the city publishes it.
    pub name_vi: String,
    /// Its name in English (empty when none was given).
    pub name_en: String,
    /// KHCN, ĐMST, CĐS, or common to all three.
    pub field: KpiField,
    /// What a unit reports: a count, a numerator and denominator, đồng, or yes/no.
    pub measure: Measure,
    /// How the city's value is made from the units' values.
    pub aggregation: Aggregation,
    /// How often it is reported.
    pub period: PeriodKind,
    /// Which way is better.
    pub direction: Direction,
    /// The city's target written the Vietnamese way (`80 %`, `1.200`, `5.000.000 ₫`);
    /// `None`: no target set.
    pub target: Option<String>,
    /// How the app proposes the value from its own data, in words; `None`: typed in.
    pub from_app_data: Option<String>,
    /// Where the definition comes from (a resolution, a plan; `example` for the bundled
    /// examples).
    pub source: String,
    /// `false`: not yet checked against the city's published text; shown as unverified.
    pub verified: bool,
}

impl App {
    /// Every indicator the city tracks, by field (KHCN, ĐMST, CĐS, then the common ones)
    /// and code.
    pub fn indicators_list(&self) -> Result<Vec<IndicatorView>, ApiError> {
        self.with_session(|s| {
            let rows = indicators::all(s.store.conn())?;
            Ok(rows.into_iter().map(|r| view(r.id.to_string(), r.indicator)).collect())
        })
    }
}

fn view(id: String, i: Indicator) -> IndicatorView {
    IndicatorView {
        id,
        target: i.target_hundredths.map(|t| target_text(i.measure, t)),
        code: i.code,
        name_vi: i.name_vi,
        name_en: i.name_en,
        field: i.field,
        measure: i.measure,
        aggregation: i.aggregation,
        period: i.period,
        direction: i.direction,
        from_app_data: i.from_app_data,
        source: i.source,
        verified: i.verified,
    }
}

/// A target in hundredths, written the Vietnamese way: thousands grouped with dots, a
/// decimal comma only when there is a fraction, `%` for shares, `₫` for amounts.
fn target_text(measure: Measure, hundredths: i64) -> String {
    let (whole, fraction) = (hundredths / 100, hundredths % 100);
    let mut text = group_thousands(whole);
    if fraction != 0 {
        text.push_str(format!(",{fraction:02}").trim_end_matches('0'));
    }
    match measure {
        Measure::Percent | Measure::YesNo => text + " %",
        Measure::Amount => text + " ₫",
        Measure::Count => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_read_the_vietnamese_way() {
        assert_eq!(target_text(Measure::Percent, 8_000), "80 %");
        assert_eq!(target_text(Measure::Percent, 8_050), "80,5 %");
        assert_eq!(target_text(Measure::Percent, 8_005), "80,05 %");
        assert_eq!(target_text(Measure::Count, 120_000), "1.200");
        assert_eq!(target_text(Measure::Amount, 500_000_000), "5.000.000 ₫");
        assert_eq!(target_text(Measure::YesNo, 10_000), "100 %");
    }
}
