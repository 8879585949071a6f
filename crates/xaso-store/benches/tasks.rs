//! Benchmark of the local store with 100 000 tasks (a figure-printing program, not a test):
//! p50/p95 of a filtered page of 50 and of a search, and insert throughput with the outbox
//! against the same insert without it.
//!
//!     cargo bench -p xaso-store --bench tasks            # 100 000 tasks
//!     XASO_BENCH_TASKS=20000 cargo bench -p xaso-store   # quicker
//!
//! Targets (issue 2): p95 ≤ 10 ms for both queries; outbox overhead ≤ 1.3×.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark stops at the first failure

use std::time::{Duration, Instant};

mod common;

use chrono::{TimeZone, Utc};
use common::{Rng, ms, percentile};
use rusqlite::params;
use xaso_domain::text::fold;
use xaso_domain::{Money, TaskFields, TaskKind, TaskStatus, UnitCode};
use xaso_store::Store;
use xaso_store::tasks::{self, TaskFilter};

const VERBS: &[&str] = &[
    "Ứng dụng",
    "Số hóa",
    "Nghiên cứu",
    "Xây dựng",
    "Khảo sát",
    "Thí điểm",
    "Nâng cao",
    "Phát triển",
];
const OBJECTS: &[&str] = &[
    "quy trình lập dự toán ngân sách",
    "hồ sơ một cửa",
    "bản đồ số hạ tầng",
    "trí tuệ nhân tạo",
    "thanh toán không dùng tiền mặt",
    "dịch vụ công trực tuyến",
    "chữ ký số",
    "dữ liệu dân cư",
    "khởi nghiệp đổi mới sáng tạo",
    "sở hữu trí tuệ",
    "công nghệ cao",
    "chiếu sáng công cộng",
    "quản lý chợ truyền thống",
    "phản ánh hiện trường",
    "camera an ninh",
    "thoát nước đô thị",
];
const PLACES: &[&str] =
    &["phường", "xã", "khu phố", "tổ dân phố", "chợ", "trường học", "trạm y tế", "đặc khu"];
const NAMES: &[&str] = &[
    "Nguyễn Thị Lan",
    "Trần Văn Hùng",
    "Lê Minh Quân",
    "Phạm Quốc Bảo",
    "Võ Thanh Tâm",
    "Đỗ Hoàng Nam",
];

fn sample(rng: &mut Rng, i: usize) -> TaskFields {
    let name =
        format!("{} {} tại {} số {}", rng.pick(VERBS), rng.pick(OBJECTS), rng.pick(PLACES), i);
    TaskFields {
        kind: *rng.pick(&TaskKind::ALL),
        year: 2021 + (rng.next() % 6) as i32,
        name,
        field: rng.pick(OBJECTS).to_string(),
        objectives: format!("Mục tiêu: {} cho {}", rng.pick(OBJECTS), rng.pick(PLACES)),
        contents: format!(
            "{} {} {}",
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            "nội dung chi tiết ".repeat(12)
        ),
        expected_results: "Báo cáo, phần mềm, quy trình".into(),
        cost_state: Money::from_dong((rng.next() % 500) as i64 * 1_000_000).unwrap(),
        host_unit: "UBND phường".into(),
        leader: rng.pick(NAMES).to_string(),
        ..Default::default()
    }
}

fn main() {
    let n: usize =
        std::env::var("XASO_BENCH_TASKS").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let unit = UnitCode::parse("26743").unwrap();
    let base = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    println!("xaso-store benchmark: {n} tasks, file database in WAL mode\n");

    // --- Inserts with the outbox (the store's one write path) against the same inserts
    // without it: the same columns and search index, written with plain prepared
    // statements (the cheapest possible baseline). One task per transaction (what an
    // autosave does) for the first 10 000, then a thousand per transaction (an import).
    // The two run in alternating blocks of 1000 tasks so both see the same machine.
    let mut store = Store::open(&dir.path().join("with.sqlite3")).unwrap();
    let mut bare = Store::open(&dir.path().join("without.sqlite3")).unwrap();
    let mut rng = Rng(0x5eed);
    let data: Vec<TaskFields> = (0..n).map(|i| sample(&mut rng, i)).collect();
    let statuses = [
        TaskStatus::Draft,
        TaskStatus::Submitted,
        TaskStatus::Approved,
        TaskStatus::InProgress,
        TaskStatus::Settled,
        TaskStatus::Cancelled,
    ];
    let insert_bare = |conn: &rusqlite::Connection, i: usize, f: &TaskFields| {
        let now = (base + chrono::Duration::seconds(i as i64)).to_rfc3339();
        conn.prepare_cached(
            "INSERT INTO tasks (id, unit_code, status, created_at, created_by, updated_at, kind, year, name, field, task_type,
              basis, urgency, objectives, contents, expected_results, impact, cost_state, cost_own, cost_other,
              start_date, end_date, host_unit, leader, results_usage)
             VALUES (?1, ?2, ?3, ?4, 'bench', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, NULL, NULL, ?19, ?20, ?21)",
        )
        .unwrap()
        .execute(params![
            xaso_domain::TaskId::new().to_string(), unit.as_str(), statuses[i % 6].as_str(), now,
            f.kind.as_str(), f.year, f.name, f.field, f.task_type, f.basis, f.urgency, f.objectives, f.contents,
            f.expected_results, f.impact, f.cost_state.dong(), f.cost_own.dong(), f.cost_other.dong(),
            f.host_unit, f.leader, f.results_usage
        ])
        .unwrap();
        let rowid = conn.last_insert_rowid();
        let text = fold(
            &[
                &f.name,
                &f.field,
                &f.task_type,
                &f.objectives,
                &f.contents,
                &f.expected_results,
                &f.host_unit,
                &f.leader,
            ]
            .map(String::as_str)
            .join("\n"),
        );
        conn.prepare_cached("INSERT INTO tasks_fts (rowid, text) VALUES (?1, ?2)")
            .unwrap()
            .execute(params![rowid, text])
            .unwrap();
    };
    let single = n.min(10_000);
    let (mut with_single, mut without_single) = (Duration::ZERO, Duration::ZERO);
    let (mut with_batch, mut without_batch) = (Duration::ZERO, Duration::ZERO);
    for (block_no, block) in data.chunks(1000).enumerate() {
        let first = block_no * 1000;
        let at = |i: usize| base + chrono::Duration::seconds(i as i64);
        if first < single {
            let t = Instant::now();
            for (j, f) in block.iter().enumerate() {
                let i = first + j;
                store
                    .write("bench", at(i), |c| {
                        c.tasks().insert_as(xaso_domain::TaskId::new(), &unit, statuses[i % 6], f)
                    })
                    .unwrap();
            }
            with_single += t.elapsed();
            let t = Instant::now();
            for (j, f) in block.iter().enumerate() {
                let tx = bare_tx(&mut bare);
                insert_bare(&tx, first + j, f);
                tx.commit().unwrap();
            }
            without_single += t.elapsed();
        } else {
            let t = Instant::now();
            store
                .write("bench", at(first), |c| {
                    for (j, f) in block.iter().enumerate() {
                        c.tasks().insert_as(
                            xaso_domain::TaskId::new(),
                            &unit,
                            statuses[(first + j) % 6],
                            f,
                        )?;
                    }
                    Ok(())
                })
                .unwrap();
            with_batch += t.elapsed();
            let t = Instant::now();
            let tx = bare_tx(&mut bare);
            for (j, f) in block.iter().enumerate() {
                insert_bare(&tx, first + j, f);
            }
            tx.commit().unwrap();
            without_batch += t.elapsed();
        }
    }
    let batch_n = n - single;
    let rate = |count: usize, d: Duration| count as f64 / d.as_secs_f64();
    println!("insert, 1 task per transaction ({single} tasks):");
    println!("  with outbox     {:>9.0} tasks/s", rate(single, with_single));
    println!("  without outbox  {:>9.0} tasks/s", rate(single, without_single));
    println!(
        "  overhead        {:>9.2}×",
        with_single.as_secs_f64() / without_single.as_secs_f64()
    );
    if batch_n > 0 {
        println!("insert, 1000 tasks per transaction ({batch_n} tasks):");
        println!("  with outbox     {:>9.0} tasks/s", rate(batch_n, with_batch));
        println!("  without outbox  {:>9.0} tasks/s", rate(batch_n, without_batch));
        println!(
            "  overhead        {:>9.2}×",
            with_batch.as_secs_f64() / without_batch.as_secs_f64()
        );
    }
    drop(bare);

    // --- Queries, on the store written through the outbox. Each "page" is what the task
    // list asks for: the page of 50, the total count and the list of years.
    let conn = store.conn();
    let mut rng = Rng(42);
    let mut page_times = Vec::new();
    for i in 0..500 {
        let filter = TaskFilter {
            status: (i % 2 == 0).then(|| *rng.pick(&statuses)),
            kind: (i % 3 == 0).then(|| *rng.pick(&TaskKind::ALL)),
            year: (i % 5 != 0).then(|| 2021 + (rng.next() % 6) as i32),
            search: String::new(),
            offset: if i % 7 == 0 { 50 * (rng.next() % 10) as i64 } else { 0 },
            limit: 50,
        };
        let t = Instant::now();
        let page = tasks::list(conn, &filter).unwrap();
        let years = tasks::years(conn).unwrap();
        page_times.push(t.elapsed());
        assert!(!years.is_empty() && page.total >= page.rows.len() as i64);
    }
    let mut search_times = Vec::new();
    let mut hits = 0i64;
    let queries: Vec<String> = (0..500)
        .map(|i| match i % 4 {
            0 => fold(rng.pick::<&str>(OBJECTS)), // "quy trinh lap du toan ngan sach"
            1 => format!("{} {}", fold(rng.pick::<&str>(VERBS)), fold(rng.pick::<&str>(PLACES))), // two common words
            2 => format!("so {}", rng.next() % n as u64), // one task by its number
            _ => fold(rng.pick::<&str>(NAMES)).split(' ').next_back().unwrap_or("lan").to_owned(), // a leader's name
        })
        .collect();
    for (i, q) in queries.iter().enumerate() {
        let filter = TaskFilter {
            search: q.clone(),
            year: (i % 2 == 0).then_some(2026),
            limit: 50,
            ..Default::default()
        };
        let t = Instant::now();
        let page = tasks::list(conn, &filter).unwrap();
        search_times.push(t.elapsed());
        hits += page.total;
    }
    println!("\nqueries over {n} tasks (500 runs each):");
    println!(
        "  filtered page of 50 (+ count, years)  p50 {}  p95 {}",
        ms(percentile(&mut page_times, 0.5)),
        ms(percentile(&mut page_times, 0.95))
    );
    println!(
        "  search, page of 50 (+ count)          p50 {}  p95 {}   (avg {} matches)",
        ms(percentile(&mut search_times, 0.5)),
        ms(percentile(&mut search_times, 0.95)),
        hits / 500
    );
}

fn bare_tx(store: &mut Store) -> rusqlite::Transaction<'_> {
    store.conn().unchecked_transaction().unwrap()
}
