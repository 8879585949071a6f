//! KPI indicators in the local store: seeded once from a list, read back as written, and
//! synced as city data like the norms.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers panic on purpose

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

fn norm(code: &str, from: Option<&str>) -> xaso_domain::norm::Norm {
    xaso_domain::norm::Norm {
        code: code.into(),
        description: format!("Định mức {code}"),
        value: xaso_domain::norm::Scaled::parse("40000000").unwrap(),
        unit: "VND/người/tháng".into(),
        kind: xaso_domain::norm::NormKind::Cap,
        legal_basis: "Thông tư 03/2023/TT-BTC".into(),
        effective_from: from.map(|d| d.parse().unwrap()),
        effective_to: None,
        verified: true,
    }
}

/// A store with the bundled rows seeded, and their ids by key.
fn seeded(path: &std::path::Path) -> (Store, Vec<(String, String)>) {
    let mut store = Store::open(path).unwrap();
    store
        .seed_indicators(&[
            indicator("a", KpiField::Cds, None),
            indicator("b", KpiField::Dmst, None),
        ])
        .unwrap();
    store
        .seed_norms(&[norm("cap", None), norm("cap", Some("2026-07-01")), norm("coef", None)])
        .unwrap();
    let ids = ids(&store);
    (store, ids)
}

fn ids(store: &Store) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> =
        indicators::all(store.conn())
            .unwrap()
            .into_iter()
            .map(|r| (r.indicator.code, r.id.to_string()))
            .chain(xaso_store::norms::all(store.conn()).unwrap().into_iter().map(|r| {
                (format!("{}|{:?}", r.norm.code, r.norm.effective_from), r.id.to_string())
            }))
            .collect();
    out.sort();
    out
}

#[test]
fn bundled_rows_have_the_same_ids_on_every_laptop_so_a_city_correction_reaches_them() {
    let dir = tempfile::tempdir().unwrap();
    let (_, first) = seeded(&dir.path().join("one.sqlite3"));
    let (_, second) = seeded(&dir.path().join("two.sqlite3"));
    assert_eq!(first.len(), 5);
    assert_eq!(first, second, "two laptops seeded the same rows under the same ids");
    let distinct: std::collections::BTreeSet<_> = first.iter().map(|(_, id)| id).collect();
    assert_eq!(distinct.len(), 5, "two norms sharing a code over two dates are two rows");
    for (_, id) in &first {
        assert_eq!(uuid::Uuid::parse_str(id).unwrap().get_version_num(), 7, "{id}");
    }
}

#[test]
fn a_store_seeded_with_random_ids_gets_the_shared_ones_unless_something_named_them() {
    let dir = tempfile::tempdir().unwrap();
    let (_, shared) = seeded(&dir.path().join("fresh.sqlite3"));
    let path = dir.path().join("old.sqlite3");
    let (store, _) = seeded(&path);
    // As schema 13 left it: a random id per row, one row edited and not yet sent.
    let conn = store.conn();
    for table in ["indicators", "norms"] {
        let ids: Vec<String> = conn
            .prepare(&format!("SELECT id FROM {table}"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for id in ids {
            conn.execute(
                &format!("UPDATE {table} SET id = ?2 WHERE id = ?1"),
                [id, uuid::Uuid::now_v7().to_string()],
            )
            .unwrap();
        }
    }
    let edited: String =
        conn.query_row("SELECT id FROM indicators WHERE code = 'b'", [], |r| r.get(0)).unwrap();
    conn.execute(
        "INSERT INTO outbox (op_id, partition, tbl, row_id, field, value, base_version, hlc, created_at)
         VALUES ('op-1', 'city', 'indicators', ?1, 'target', '5000', 0, '0', '2026-12-01T00:00:00Z')",
        [&edited],
    )
    .unwrap();
    // Schema 13 had none of what later migrations add: drop it, so that opening migrates
    // from 13 as a real laptop's file would (add here what a later migration creates).
    conn.execute_batch("DROP TABLE report_values; DROP TABLE reports; DROP TABLE report_forms;")
        .unwrap();
    conn.pragma_update(None, "user_version", 13).unwrap();
    drop(store);

    let upgraded = ids(&Store::open(&path).unwrap());
    let expected: Vec<(String, String)> = shared
        .into_iter()
        .map(|(key, id)| if key == "b" { (key, edited.clone()) } else { (key, id) })
        .collect();
    assert_eq!(upgraded, expected, "the edited row keeps the id its waiting change names");
}
