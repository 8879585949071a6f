//! KPI indicators as the city admin edits them and everyone reads them — through the
//! app's API, on a real database seeded from the bundled examples.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on purpose

use xaso_core::*;

fn app(dir: &tempfile::TempDir, role: Role) -> App {
    let app = App::open(Config::at(dir.path()));
    app.profile_set(ProfileSet {
        unit_code: "26743".into(),
        display_name: format!("{role:?}"),
        role,
    })
    .unwrap();
    app
}

fn input(view: &IndicatorView) -> IndicatorInput {
    IndicatorInput {
        id: Some(view.id.clone()),
        code: view.code.clone(),
        name_vi: view.name_vi.clone(),
        name_en: view.name_en.clone(),
        field: view.field,
        measure: view.measure,
        aggregation: view.aggregation,
        period: view.period,
        direction: view.direction,
        target: view.target_input.clone(),
        from_app_data: view.from_app_data.clone().unwrap_or_default(),
        source: view.source.clone(),
        effective_from: view.effective_from.clone().unwrap_or_default(),
        effective_to: view.effective_to.clone().unwrap_or_default(),
        verified: view.verified,
    }
}

const SIGNED: &str = "cds.van_ban_ky_so";

#[test]
fn the_city_admin_sets_a_target_and_checks_an_indicator_and_only_the_admin_may() {
    let dir = tempfile::tempdir().unwrap();
    let official = app(&dir, Role::UnitOfficial);
    let list = official.indicators_list().unwrap();
    assert_eq!(list.len(), 14, "the bundled examples");
    let signed = list.iter().find(|i| i.code == SIGNED).unwrap().clone();
    assert_eq!((signed.target.as_deref(), signed.verified, signed.in_force), (None, false, true));
    let refused = official.indicator_save(IndicatorInput { target: "90".into(), ..input(&signed) });
    assert_eq!(refused.unwrap_err().code, ErrorCode::TransitionRefused);
    drop(official);

    let admin = app(&dir, Role::CityAdmin);
    let saved = admin
        .indicator_save(IndicatorInput {
            target: "90,5 %".into(),
            verified: true,
            source: "Kế hoạch CĐS của Thành phố năm 2026".into(),
            effective_from: "01/01/2026".into(),
            ..input(&signed)
        })
        .unwrap();
    assert!(saved.issues.is_empty(), "{:?}", saved.issues);
    let now = saved.indicators.iter().find(|i| i.code == SIGNED).unwrap();
    assert_eq!(now.id, signed.id, "a correction, not a second indicator");
    assert_eq!(now.target.as_deref(), Some("90,5 %"));
    assert_eq!(now.target_input, "90,5");
    assert_eq!(now.effective_from.as_deref(), Some("2026-01-01"));
    assert!(now.verified);
    // The correction is a change the sync worker sends to the city.
    assert!(admin.sync_status().pending > 0);
    drop(admin);

    // Everyone reads it from then on.
    let official = app(&dir, Role::UnitOfficial);
    let seen = official.indicators_list().unwrap();
    assert_eq!(seen.iter().find(|i| i.code == SIGNED).unwrap().target.as_deref(), Some("90,5 %"));
}

#[test]
fn a_form_that_does_not_hold_together_is_answered_field_by_field_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let admin = app(&dir, Role::CityAdmin);
    let before = admin.indicators_list().unwrap();
    let signed = before.iter().find(|i| i.code == SIGNED).unwrap();
    let bad = admin
        .indicator_save(IndicatorInput {
            code: "mã có dấu".into(),
            name_vi: "  ".into(),
            // A percent summed over units would add up shares: refused.
            aggregation: Aggregation::Sum,
            target: "1.200".into(),
            effective_from: "2026-07-01".into(),
            effective_to: "2026-01-01".into(),
            ..input(signed)
        })
        .unwrap();
    let mut fields: Vec<&str> = bad.issues.iter().map(|i| i.field.as_str()).collect();
    fields.sort_unstable();
    assert_eq!(fields, ["aggregation", "code", "effective_to", "name_vi", "target"]);
    let rollup = bad.issues.iter().find(|i| i.field == "aggregation").unwrap();
    assert_eq!(rollup.code, "indicator_fixed", "reports were filed under the old rule");
    assert_eq!(bad.indicators, before, "nothing was saved");
    assert_eq!(admin.sync_status().pending, 0);

    // A new indicator, as the city publishes one: a count rolls up as a sum or a mean.
    let wifi = IndicatorInput {
        id: None,
        code: "cds.diem_wifi".into(),
        name_vi: "Số điểm wifi công cộng miễn phí".into(),
        name_en: "Free public wifi points".into(),
        measure: Measure::Count,
        aggregation: Aggregation::RatioOfSums,
        target: "1200".into(),
        ..input(signed)
    };
    let unfit = admin.indicator_save(wifi.clone()).unwrap();
    assert_eq!(unfit.issues.len(), 1, "{:?}", unfit.issues);
    assert_eq!(unfit.issues[0].code, "rollup_unfit");
    assert!(unfit.issues[0].message.contains("Cộng các đơn vị"), "the rule's name on screen");
    let added =
        admin.indicator_save(IndicatorInput { aggregation: Aggregation::Sum, ..wifi }).unwrap();
    assert!(added.issues.is_empty(), "{:?}", added.issues);
    let wifi = added.indicators.iter().find(|i| i.code == "cds.diem_wifi").unwrap();
    assert_eq!(wifi.target.as_deref(), Some("1.200"));
    assert_eq!(added.indicators.len(), before.len() + 1);
}

fn as_unit(dir: &tempfile::TempDir, unit: &str, role: Role) -> App {
    let app = App::open(Config::at(dir.path()));
    app.profile_set(ProfileSet {
        unit_code: unit.into(),
        display_name: format!("{role:?} {unit}"),
        role,
    })
    .unwrap();
    app
}

/// A unit's quarterly report with these lines, saved, then taken up to `to`.
fn file(
    dir: &tempfile::TempDir,
    unit: &str,
    period: &str,
    lines: &[(&str, &str, &str)],
    to: ReportStatus,
) -> String {
    let official = as_unit(dir, unit, Role::UnitOfficial);
    let r = official
        .report_open(ReportOpen { form_code: "cds.quy".into(), period: period.into() })
        .unwrap();
    let saved = official
        .report_save(ReportSave {
            id: r.id.clone(),
            lines: lines
                .iter()
                .map(|(code, v, d)| ReportLineInput {
                    indicator_code: (*code).into(),
                    value: (*v).into(),
                    denominator: (*d).into(),
                    note: String::new(),
                    from_app: false,
                })
                .collect(),
            narrative: Vec::new(),
        })
        .unwrap();
    assert!(saved.issues.is_empty(), "{:?}", saved.issues);
    drop(official);
    let lead = as_unit(dir, unit, Role::UnitLead);
    for step in [ReportStatus::Signed, ReportStatus::Submitted] {
        if to == ReportStatus::Draft {
            break;
        }
        lead.report_transition(ReportTransition {
            id: r.id.clone(),
            to: step,
            comment: String::new(),
            section_comments: Vec::new(),
            line_comments: Vec::new(),
        })
        .unwrap();
    }
    r.id
}

#[test]
fn the_dashboard_rolls_up_received_reports_by_each_indicators_rule() {
    let dir = tempfile::tempdir().unwrap();
    let admin = app(&dir, Role::CityAdmin);
    let list = admin.indicators_list().unwrap();
    for (code, target) in [(SIGNED, "80"), ("cds.to_cong_nghe_so", "10")] {
        let v = list.iter().find(|i| i.code == code).unwrap();
        let saved =
            admin.indicator_save(IndicatorInput { target: target.into(), ..input(v) }).unwrap();
        assert!(saved.issues.is_empty(), "{:?}", saved.issues);
    }
    let period = admin.kpi_dashboard(KpiDashboardQuery { period: String::new() }).unwrap();
    let this_quarter = period.choices.iter().find(|c| c.key.contains('Q')).unwrap().key.clone();
    drop(admin);

    // Hand-worked: three wards send ký số 45/50, 10/100 and 0/0, Tổ CNS 12, 3 and nothing.
    // Ratio of sums: 55/150 = 36,67 % (not the mean of 90 %, 10 % and nothing = 50 %).
    // Sum: 15 from two units. A fourth ward's report is still a draft: not counted.
    let teams = "cds.to_cong_nghe_so";
    file(
        &dir,
        "26743",
        &this_quarter,
        &[(SIGNED, "45", "50"), (teams, "12", "")],
        ReportStatus::Submitted,
    );
    file(
        &dir,
        "27004",
        &this_quarter,
        &[(SIGNED, "10", "100"), (teams, "3", "")],
        ReportStatus::Submitted,
    );
    file(&dir, "26506", &this_quarter, &[(SIGNED, "0", "0")], ReportStatus::Submitted);
    file(
        &dir,
        "26526",
        &this_quarter,
        &[(SIGNED, "1000", "1000"), (teams, "90", "")],
        ReportStatus::Draft,
    );

    let city = app(&dir, Role::CityReviewer);
    let d = city.kpi_dashboard(KpiDashboardQuery { period: this_quarter.clone() }).unwrap();
    assert_eq!(d.period, this_quarter);
    let line = |code: &str| d.lines.iter().find(|l| l.code == code).unwrap().clone();
    let signed = line(SIGNED);
    assert_eq!((signed.value.as_deref(), signed.value_hundredths), (Some("36,67 %"), Some(3_667)));
    assert_eq!((signed.met, signed.units_reporting), (Some(false), 3));
    let t = line(teams);
    assert_eq!((t.value.as_deref(), t.met, t.units_reporting), (Some("15"), Some(true), 2));
    assert_eq!(line("cds.dinh_danh_dien_tu").value, None, "nobody reported it");
    assert_eq!((d.met, d.judged), (1, 2), "1 of the 2 indicators with a target and a value");
    assert_eq!(d.lines.len(), 6, "the quarterly form's indicators");
    let rate = &d.rates[0];
    assert_eq!(
        (rate.form_code.as_str(), rate.received, rate.on_time, rate.expected),
        ("cds.quy", 3, 3, 168)
    );

    // Only the city's staff see every unit's figures.
    drop(city);
    let ward = app(&dir, Role::UnitOfficial);
    let refused = ward.kpi_dashboard(KpiDashboardQuery { period: this_quarter });
    assert_eq!(refused.unwrap_err().code, ErrorCode::Forbidden);
}
