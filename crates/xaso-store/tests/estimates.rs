//! Estimates as rows: a line is its own row, so edits are per line and per field.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers panic on purpose

use chrono::{TimeZone, Utc};
use xaso_domain::budget::{LabourRole, Line, LineGroup, Person};
use xaso_domain::norm::Scaled;
use xaso_domain::{Money, TaskFields, UnitCode};
use xaso_store::{Store, estimates, outbox};

fn line(content: &str, price: i64) -> Line {
    Line {
        group: LineGroup::Other,
        content: content.into(),
        unit: "buổi".into(),
        quantity: Scaled::parse("2").unwrap(),
        unit_price: Money::from_dong(price).unwrap(),
        own: Money::ZERO,
        other: Money::ZERO,
        note: String::new(),
        norm_code: None,
    }
}

#[test]
fn editing_one_line_records_only_that_line_and_field_and_versions_copy_lines() {
    let mut store = Store::open_in_memory().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 2, 0, 0).unwrap();
    let date = "2026-03-01".parse().unwrap();
    let unit = UnitCode::parse("26743").unwrap();
    let (estimate, ids) = store
        .write("Lan", now, |c| {
            let task = c.tasks().insert(
                &unit,
                &TaskFields { year: 2026, name: "T".into(), ..Default::default() },
            )?;
            let e =
                c.estimates().create(task, 2026, Money::from_dong(30_000_000).unwrap(), date)?;
            let people = vec![(
                None,
                Person {
                    name: "Lan".into(),
                    role: LabourRole::ChuNhiem,
                    months: Scaled::parse("3").unwrap(),
                },
            )];
            let lines =
                vec![(None, line("Hội thảo", 5_000_000)), (None, line("Công tác phí", 1_000_000))];
            let (_, ids) = c.estimates().save_sheet(e, &people, &lines)?;
            Ok((e, ids))
        })
        .unwrap();
    let before = outbox::pending_count(store.conn()).unwrap();

    // Change the second line's price and remove the first: two entries, nothing else.
    let people = estimates::people(store.conn(), estimate).unwrap();
    let kept = vec![(Some(ids[1]), line("Công tác phí", 1_200_000))];
    let p: Vec<_> = people.iter().map(|p| (Some(p.id), p.person.clone())).collect();
    store.write("Lan", now, |c| c.estimates().save_sheet(estimate, &p, &kept)).unwrap();
    let entries = outbox::oldest(store.conn(), 100).unwrap();
    let new: Vec<(&str, &str)> =
        entries[before as usize..].iter().map(|e| (e.table.as_str(), e.field.as_str())).collect();
    assert_eq!(
        new,
        [
            ("estimate_lines", "position"),
            ("estimate_lines", "unit_price"),
            ("estimate_lines", "deleted")
        ]
    );
    let lines = estimates::lines(store.conn(), estimate).unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].line.unit_price.dong(), 1_200_000);

    // A new version copies people and lines, each line remembering its original.
    let v2 = store.write("Lan", now, |c| c.estimates().new_version(estimate, date)).unwrap();
    let head = estimates::get(store.conn(), v2).unwrap();
    assert_eq!((head.version_no, head.based_on), (2, Some(estimate)));
    let copied = estimates::lines(store.conn(), v2).unwrap();
    assert_eq!(copied[0].copied_from, Some(ids[1]));
    assert_eq!(estimates::people(store.conn(), v2).unwrap().len(), 1);
}
