//! KPI indicators in the local store: seeded once from a list, read back as written, and
//! synced as city data like the norms.

use xaso_domain::kpi::{Aggregation, Direction, Indicator, KpiField, Measure, PeriodKind};
use xaso_store::{Store, indicators};

fn indicator(code: &str, field: KpiField, target: Option<i64>) -> Indicator {
    Indicator {
        code: code.into(),
        name_vi: format!("Chỉ tiêu {code}"),
        name_en: format!("Indicator {code}"),
        field,
        measure: Measure::Percent,
        aggregation: Aggregation::RatioOfSums,
        period: PeriodKind::Quarter,
        direction: Direction::Higher,
        target_hundredths: target,
        from_app_data: (code == "b").then(|| "tasks: approved in the year".to_owned()),
        source: "example".into(),
        effective_from: chrono::NaiveDate::from_ymd_opt(2026, 1, 1),
        effective_to: None,
        verified: false,
    }
}

#[test]
fn indicators_seed_once_and_read_back_as_written_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("x.sqlite3")).unwrap();
    let list = vec![
        indicator("c", KpiField::All, None),
        indicator("a", KpiField::Cds, Some(8_000)),
        indicator("b", KpiField::Khcn, Some(1_200)),
    ];
    store.seed_indicators(&list).unwrap();
    // A second start (or a list the city changed since) does not add them again.
    store.seed_indicators(&list[..1]).unwrap();
    let stored = indicators::all(store.conn()).unwrap();
    let codes: Vec<&str> = stored.iter().map(|r| r.indicator.code.as_str()).collect();
    assert_eq!(codes, ["b", "a", "c"], "KHCN, then CĐS, then the common ones");
    assert_eq!(stored[0].indicator, list[2]);
    assert_eq!(stored[1].indicator, list[1]);
    assert_eq!(stored[2].indicator.target_hundredths, None);
    assert_eq!(stored[2].indicator.from_app_data, None);
    // Seeded city data waits for nobody: nothing of it is queued to be sent.
    assert_eq!(xaso_store::outbox::pending_count(store.conn()).unwrap(), 0);
}

#[test]
fn indicators_are_a_synced_table_of_the_city() {
    let table = xaso_domain::sync::synced_table("indicators").unwrap();
    assert_eq!(table.partition, xaso_domain::sync::PartitionKind::City);
    assert!(!xaso_domain::sync::may_write_field(
        xaso_domain::Role::UnitOfficial,
        table,
        xaso_domain::sync::PartitionKind::City,
        "target"
    ));
    assert!(xaso_domain::sync::may_write_field(
        xaso_domain::Role::CityAdmin,
        table,
        xaso_domain::sync::PartitionKind::City,
        "target"
    ));
}
