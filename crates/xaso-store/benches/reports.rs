//! Benchmark of the city's roll-up on a city laptop (issue 13, item 8): 168 units × 50
//! monthly indicators × 12 months (100 800 reported values, every report sent). Prints the
//! p50/p95 of the roll-up behind the dashboard for one month (the received reports' values
//! read, then every indicator aggregated by its rule, exactly),
//! beside the raw SQLite floor: one `GROUP BY` over the same rows, which computes no rule
//! and checks nothing. (One indicator's breakdown by unit is not built yet.)
//!
//!     cargo bench -p xaso-store --bench reports
//!
//! Target (issue 13): the dashboard p95 ≤ 50 ms.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark stops at the first failure

use std::time::{Duration, Instant};

#[allow(dead_code)] // shared by the store's benchmarks; not every one uses all of it
mod common;

use chrono::{TimeZone, Utc};
use common::{Rng, ms, percentile};
use xaso_domain::UnitCode;
use xaso_domain::kpi::{
    self, Aggregation, Direction, Indicator, KpiField, KpiValue, Measure, Period, PeriodKind,
};
use xaso_domain::report::{ReportForm, ReportStatus, Section};
use xaso_store::Store;
use xaso_store::reports::{self, ValueInput, ValueSource};

const UNITS: usize = 168;
const INDICATORS: usize = 50;
const MONTHS: u32 = 12;
const RUNS: usize = 40;

fn indicator(i: usize) -> Indicator {
    // Every measure and rule, as a real list mixes them.
    let (measure, aggregation) = match i % 4 {
        0 => (Measure::Percent, Aggregation::RatioOfSums),
        1 => (Measure::Count, Aggregation::Sum),
        2 => (Measure::YesNo, Aggregation::ShareYes),
        _ => (Measure::Percent, Aggregation::Mean),
    };
    Indicator {
        code: format!("bench.chi_tieu_{i:02}"),
        name_vi: format!("Chỉ tiêu thử {i}"),
        name_en: String::new(),
        field: KpiField::Cds,
        measure,
        aggregation,
        period: PeriodKind::Month,
        direction: Direction::Higher,
        target_hundredths: Some(5_000),
        from_app_data: None,
        source: "benchmark".into(),
        effective_from: None,
        effective_to: None,
        verified: false,
    }
}

/// The dashboard's work for one month: the received reports' values, each indicator
/// rolled up by its rule and judged against its target.
fn dashboard(store: &Store, list: &[Indicator], period: Period) -> usize {
    let received = reports::received_for_period(store.conn(), period).unwrap();
    let values = reports::received_values(store.conn(), period).unwrap();
    let mut met = 0;
    for i in list {
        let unit_values: Vec<KpiValue> = values
            .iter()
            .filter(|v| v.indicator_code == i.code)
            .filter_map(|v| KpiValue::from_columns(i.measure, v.value, v.denominator))
            .collect();
        met += usize::from(kpi::met(i, kpi::aggregate(i, &unit_values)) == Some(true));
    }
    assert_eq!(received.len(), UNITS);
    met
}

fn raw_group_by(store: &Store, period: Period) -> usize {
    let mut stmt = store
        .conn()
        .prepare_cached(
            "SELECT v.indicator_code, sum(v.value), sum(v.denominator) FROM report_values v \
             JOIN reports r ON r.id = v.report_id WHERE r.period = ?1 GROUP BY v.indicator_code",
        )
        .unwrap();
    let rows = stmt.query_map([period.key()], |r| r.get::<_, i64>(1)).unwrap();
    rows.count()
}

fn time(runs: usize, mut f: impl FnMut() -> usize) -> (Duration, Duration) {
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    (percentile(&mut samples, 0.5), percentile(&mut samples, 0.95))
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("city.sqlite3")).unwrap();
    let list: Vec<Indicator> = (0..INDICATORS).map(indicator).collect();
    store.seed_indicators(&list).unwrap();
    store
        .seed_report_forms(&[ReportForm {
            code: "bench.thang".into(),
            name_vi: "Báo cáo tháng (thử)".into(),
            name_en: String::new(),
            period: PeriodKind::Month,
            due_days: 5,
            sections: vec![Section { title: "Kết quả".into(), guidance: String::new() }],
            indicators: list.iter().map(|i| i.code.clone()).collect(),
        }])
        .unwrap();
    let units: Vec<UnitCode> =
        (0..UNITS).map(|i| UnitCode::parse(&format!("{:05}", 26_000 + i)).unwrap()).collect();
    println!(
        "xaso-store benchmark: {UNITS} units × {INDICATORS} monthly indicators × {MONTHS} months, file database in WAL mode\n"
    );
    let now = Utc.with_ymd_and_hms(2027, 1, 3, 2, 0, 0).unwrap();
    let mut rng = Rng(0x5eed_2026);
    let started = Instant::now();
    for month in 1..=MONTHS {
        let period = Period { kind: PeriodKind::Month, year: 2026, index: month };
        store
            .write("Bench", now, |c| {
                for unit in &units {
                    let r = c.reports().create(unit, "bench.thang", period, None)?;
                    for i in &list {
                        let denominator = 100 + (rng.next() % 900) as i64;
                        let (value, denominator) = match i.measure {
                            Measure::Percent => {
                                ((rng.next() % denominator as u64) as i64, Some(denominator))
                            }
                            Measure::YesNo => ((rng.next() % 2) as i64, None),
                            _ => ((rng.next() % 50) as i64, None),
                        };
                        let input = ValueInput {
                            value: Some(value),
                            denominator,
                            source: ValueSource::Typed,
                            note: String::new(),
                        };
                        c.reports().set_value(r, &i.code, &input)?;
                    }
                    c.reports().set_status(r, ReportStatus::Signed)?;
                    c.reports().set_status(r, ReportStatus::Submitted)?;
                }
                Ok(())
            })
            .unwrap();
    }
    let values: i64 =
        store.conn().query_row("SELECT count(*) FROM report_values", [], |r| r.get(0)).unwrap();
    println!("seeded {values} values in {:.1} s\n", started.elapsed().as_secs_f64());

    let june = Period { kind: PeriodKind::Month, year: 2026, index: 6 };
    let (p50, p95) = time(RUNS, || dashboard(&store, &list, june));
    let (r50, r95) = time(RUNS, || raw_group_by(&store, june));
    println!("dashboard for one month ({INDICATORS} indicators rolled up, {UNITS} units):");
    println!("  p50 {}  p95 {}   (target p95 ≤ 50 ms)", ms(p50), ms(p95));
    println!(
        "  raw SQLite GROUP BY over the same rows: p50 {}  p95 {}  → {:.1}× the floor at p95\n",
        ms(r50),
        ms(r95),
        p95.as_secs_f64() / r95.as_secs_f64()
    );
}
