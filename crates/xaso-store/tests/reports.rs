//! Reports in the local store: a unit's draft with its values and narrative, the steps it
//! goes through, and a correction as a new version that starts from the accepted one.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers panic on purpose

use chrono::{TimeZone, Utc};
use xaso_domain::UnitCode;
use xaso_domain::kpi::Period;
use xaso_domain::report::ReportStatus;
use xaso_store::Store;
use xaso_store::reports::{self, ValueInput, ValueSource};

fn typed(value: i64, denominator: Option<i64>) -> ValueInput {
    ValueInput { value: Some(value), denominator, source: ValueSource::Typed, note: String::new() }
}

#[test]
fn a_report_is_written_signed_sent_returned_and_corrected_as_a_new_version() {
    let mut store = Store::open_in_memory().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 10, 5, 2, 0, 0).unwrap();
    let ben_thanh = UnitCode::parse("26743").unwrap();
    let tan_binh = UnitCode::parse("27004").unwrap();
    let q3 = Period::parse("2026-Q3").unwrap();
    let (first, other) = store
        .write("Nguyễn Thị Lan", now, |c| {
            let r = c.reports().create(&ben_thanh, "cds.quy", q3, None)?;
            c.reports().set_value(r, "cds.van_ban_ky_so", &typed(1_100, Some(1_200)))?;
            c.reports().set_value(r, "cds.to_cong_nghe_so", &typed(12, None))?;
            // Typed again: the same row, the new value.
            c.reports().set_value(r, "cds.van_ban_ky_so", &typed(1_150, Some(1_200)))?;
            c.reports().set_narrative(r, &["Ký số 96 %.".into(), String::new()])?;
            let other = c.reports().create(&tan_binh, "cds.quy", q3, None)?;
            Ok((r, other))
        })
        .unwrap();
    store
        .write("Trần Văn Hùng", now, |c| c.reports().set_status(first, ReportStatus::Signed))
        .unwrap();
    store
        .write("Nguyễn Thị Lan", now, |c| {
            c.reports().set_status(first, ReportStatus::Submitted)
        })
        .unwrap();

    let sent = reports::get(store.conn(), first).unwrap();
    assert_eq!((sent.status, sent.version_no), (ReportStatus::Submitted, 1));
    assert_eq!(sent.signed_by, "Trần Văn Hùng", "the lead who signed, not who sent it");
    assert_eq!(sent.submitted_at.as_deref(), Some("2026-10-05T02:00:00.000Z"));
    assert_eq!(sent.narrative, ["Ký số 96 %.", ""]);
    let values = reports::values(store.conn(), first).unwrap();
    assert_eq!(values.len(), 2, "one row per indicator");
    assert_eq!((values[1].value, values[1].denominator), (Some(1_150), Some(1_200)));

    store
        .write("Phạm Minh Thu", now, |c| {
            c.reports().review(
                first,
                ReportStatus::Returned,
                "Bổ sung số liệu.",
                &["Chưa nêu kết quả.".into()],
                &[("cds.to_cong_nghe_so".into(), "Số tổ khác báo cáo tháng.".into())],
            )
        })
        .unwrap();
    let returned = reports::get(store.conn(), first).unwrap();
    assert_eq!(returned.status, ReportStatus::Returned);
    assert_eq!(returned.section_comments, ["Chưa nêu kết quả."]);
    let values = reports::values(store.conn(), first).unwrap();
    assert_eq!(values[0].review_comment, "Số tổ khác báo cáo tháng.");
    assert_eq!(values[1].review_comment, "");

    // A correction: version 2, its values and narrative copied, the first kept as sent.
    let second = store
        .write("Nguyễn Thị Lan", now, |c| {
            c.reports().create(&ben_thanh, "cds.quy", q3, Some(first))
        })
        .unwrap();
    let v2 = reports::get(store.conn(), second).unwrap();
    assert_eq!((v2.version_no, v2.status, v2.based_on), (2, ReportStatus::Draft, Some(first)));
    assert_eq!(v2.narrative, returned.narrative);
    let copied: Vec<_> = reports::values(store.conn(), second)
        .unwrap()
        .into_iter()
        .map(|v| (v.indicator_code, v.value, v.denominator, v.review_comment))
        .collect();
    assert_eq!(
        copied,
        [
            ("cds.to_cong_nghe_so".to_owned(), Some(12), None, String::new()),
            ("cds.van_ban_ky_so".to_owned(), Some(1_150), Some(1_200), String::new()),
        ]
    );
    let versions = reports::versions(store.conn(), &ben_thanh, "cds.quy", q3).unwrap();
    assert_eq!(versions.iter().map(|r| r.version_no).collect::<Vec<_>>(), [2, 1]);

    // The city sees the latest version of each unit's report.
    let city: Vec<_> = reports::for_period(store.conn(), "cds.quy", q3)
        .unwrap()
        .into_iter()
        .map(|r| (r.unit.as_str().to_owned(), r.id))
        .collect();
    assert_eq!(city, [("26743".to_owned(), second), ("27004".to_owned(), other)]);
    assert_eq!(reports::of_unit(store.conn(), &ben_thanh).unwrap().len(), 1);
}

#[test]
fn the_city_counts_the_latest_version_it_received_not_a_correction_still_being_written() {
    let mut store = Store::open_in_memory().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 10, 5, 2, 0, 0).unwrap();
    let unit = UnitCode::parse("26743").unwrap();
    let q3 = Period::parse("2026-Q3").unwrap();
    let received = |store: &Store| -> Vec<(u32, Option<i64>)> {
        let reports = reports::received_for_period(store.conn(), q3).unwrap();
        let values = reports::received_values(store.conn(), q3).unwrap();
        assert_eq!(reports.len(), values.len());
        reports.iter().zip(&values).map(|(r, v)| (r.version_no, v.value)).collect()
    };
    let first = store
        .write("Lan", now, |c| {
            let r = c.reports().create(&unit, "cds.quy", q3, None)?;
            c.reports().set_value(r, "cds.to_cong_nghe_so", &typed(12, None))?;
            Ok(r)
        })
        .unwrap();
    assert!(received(&store).is_empty(), "a draft is not received");
    store
        .write("Hùng", now, |c| {
            c.reports().set_status(first, ReportStatus::Signed)?;
            c.reports().set_status(first, ReportStatus::Submitted)?;
            c.reports().review(first, ReportStatus::Accepted, "", &[], &[])
        })
        .unwrap();
    assert_eq!(received(&store), [(1, Some(12))]);
    let second = store
        .write("Lan", now, |c| {
            let r = c.reports().create(&unit, "cds.quy", q3, Some(first))?;
            c.reports().set_value(r, "cds.to_cong_nghe_so", &typed(11, None))?;
            Ok(r)
        })
        .unwrap();
    assert_eq!(received(&store), [(1, Some(12))], "the correction is still a draft");
    store
        .write("Hùng", now, |c| {
            c.reports().set_status(second, ReportStatus::Signed)?;
            c.reports().set_status(second, ReportStatus::Submitted)
        })
        .unwrap();
    assert_eq!(received(&store), [(2, Some(11))], "the correction, once sent, replaces it");
}
