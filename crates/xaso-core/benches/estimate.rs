//! Benchmark of the estimate grid with 500 lines (a figure-printing program, not a test):
//! the recompute the grid asks for on every keystroke (`estimate_compute`: parse every
//! cell, check the norms, total), and the autosave of one changed cell (`estimate_save`).
//!
//!     cargo bench -p xaso-core --bench estimate
//!
//! Target (issue 4): recompute ≤ 50 ms with 500 lines.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark stops at the first failure

use std::time::{Duration, Instant};

use xaso_core::*;

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(Config::at(dir.path()));
    app.profile_set(ProfileSet {
        unit_code: "26743".into(),
        display_name: "Bench".into(),
        role: Role::UnitOfficial,
    })
    .unwrap();
    let task = app
        .task_create(TaskInput {
            name: "Dự toán lớn".into(), year: 2026, ..TaskInput::default()
        })
        .unwrap()
        .task
        .id;
    let e = app.estimate_create(EstimateCreate { task_id: task, year: 2026 }).unwrap();
    let groups = [LineGroup::Materials, LineGroup::Equipment, LineGroup::Other, LineGroup::Other];
    let mut sheet = SheetInput {
        id: e.id.clone(),
        leader_rate: "40.000.000".into(),
        estimate_date: "2026-03-01".into(),
        people: (0..10)
            .map(|i| PersonInput {
                id: None,
                name: format!("Thành viên {i}"),
                role: if i == 0 { LabourRole::ChuNhiem } else { LabourRole::ThanhVien },
                months: "2,5".into(),
            })
            .collect(),
        lines: (0..500)
            .map(|i| LineInput {
                id: None,
                group: groups[i % 4],
                content: format!("Khoản chi số {i}: hội thảo, công tác phí, vật tư"),
                unit: "lần".into(),
                quantity: format!("{},5", 1 + i % 7),
                unit_price: format!("{}.500.000", 1 + i % 20),
                own: String::new(),
                other: String::new(),
                note: String::new(),
                norm_code: if i % 50 == 0 { "contest.prize.first".into() } else { String::new() },
            })
            .collect(),
    };
    let saved = app.estimate_save(sheet.clone()).unwrap().estimate;
    sheet.people = saved.people.clone();
    sheet.lines = saved.lines.iter().map(|l| l.input.clone()).collect();
    println!("estimate grid benchmark: 500 lines + 10 people, norms from data/norms-vn.csv\n");

    let mut compute = Vec::new();
    for i in 0..200 {
        sheet.lines[i % 500].unit_price = format!("{}.000.000", 2 + i % 9);
        let t = Instant::now();
        let r = app.estimate_compute(sheet.clone()).unwrap();
        compute.push(t.elapsed());
        assert_eq!(r.computed.lines.len(), 510);
    }
    let mut save = Vec::new();
    for i in 0..50 {
        sheet.lines[(i * 7) % 500].quantity = format!("{}", 1 + i % 5);
        let t = Instant::now();
        app.estimate_save(sheet.clone()).unwrap();
        save.push(t.elapsed());
    }
    println!(
        "recompute as you type (estimate_compute)   p50 {}  p95 {}   (200 runs)",
        ms(percentile(&mut compute, 0.5)),
        ms(percentile(&mut compute, 0.95))
    );
    println!(
        "autosave of one changed cell (estimate_save) p50 {}  p95 {}   (50 runs)",
        ms(percentile(&mut save, 0.5)),
        ms(percentile(&mut save, 0.95))
    );
}
