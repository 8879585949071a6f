//! How fast a fresh laptop gets its ward's data: the city server holds 10 000 task rows of
//! Phường Bến Thành (pushed by one laptop), and a new laptop of the ward enrols and runs
//! one sync round (`App::sync_enroll` + `App::sync_once`, the desktop app's own calls) over
//! loopback HTTP. Target: at least 30 000 rows/s for the pull. It also times the first
//! search after the pull, which brings the search index up to date with the pulled tasks
//! (`Store::catch_up_search`), to show when everything is searchable too.
//!
//! Run: `cargo bench -p xaso-e2e --bench pull` (release). SQLite always; PostgreSQL too
//! when `XASO_TEST_POSTGRES` is set. The rows carry varied text (as real proposals do, so
//! compression is not flattered). Besides the end-to-end figure it prints where the time
//! goes (the same pages fetched by hand, then applied with `Store::apply_page`), and the
//! bytes on the wire of one more fresh laptop syncing through a counting proxy (HTTP with
//! gzip, as the app sends and receives it).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark panics on failure

use std::time::{Duration, Instant};

use xaso_domain::validate;
use xaso_domain::{TaskFields, UnitCode};
use xaso_e2e::sync_harness::*;

const ROWS: usize = 10_000;
const RUNS: usize = 3;

fn main() {
    println!("pull: {ROWS} task rows into a fresh laptop over loopback, {RUNS} runs per backend");
    bench(Backend::Sqlite);
    match postgres_url() {
        Ok(_) => bench(Backend::Postgres),
        Err(_) => println!(
            "\nPostgreSQL: not measured ({PG_VAR} is unset; `cargo xtask test` or \
             {PG_VAR}=postgres://xaso:xaso@127.0.0.1:5432/postgres)"
        ),
    }
}

fn bench(backend: Backend) {
    println!("\n== {backend:?} ==");
    let city = City::start(backend);

    // Seed: one laptop writes 10 000 tasks in one local transaction, then pushes them.
    let seeder = Laptop::enrolled("seeder", &city, LAN);
    let unit = UnitCode::parse(BEN_THANH).unwrap();
    let mut words = Words(0x2545_f491_4f6c_dd1d);
    let started = Instant::now();
    seeder
        .store()
        .write(LAN.display_name, chrono::Utc::now(), |changes| {
            for i in 0..ROWS {
                let mut form = complete_task(&format!("Nhiệm vụ số {i} của phường Bến Thành"));
                form.objectives = words.sentence(12);
                form.contents = words.sentence(30);
                form.expected_results = words.sentence(10);
                form.impact = words.sentence(10);
                let (fields, _) = validate::task_input(&form, &TaskFields::default());
                changes.tasks().insert(&unit, &fields)?;
            }
            Ok(())
        })
        .unwrap();
    let written = started.elapsed();
    let started = Instant::now();
    let pushed = seeder.sync();
    let push_time = started.elapsed();
    assert_eq!(pushed.pushed as usize, ROWS, "{}", pushed.summary);
    println!(
        "seed: {ROWS} tasks written locally in {}, pushed in {} ({:.0} rows/s)",
        ms(written),
        ms(push_time),
        per_second(ROWS, push_time)
    );

    let (mut pulls, mut searchable) = (Vec::new(), Vec::new());
    for run in 1..=RUNS {
        let fresh = Laptop::set_up(&format!("fresh {run}"), HOA);
        let started = Instant::now();
        fresh.enroll(&city.url(), HOA).unwrap();
        let enrolled = started.elapsed();
        let started = Instant::now();
        let report = fresh.sync();
        let pulled = started.elapsed();
        let rows = usize::try_from(report.pulled).unwrap();
        assert!(rows >= ROWS, "pulled {rows} rows: {}", report.summary);
        // The first search brings the index up to date with the pull (the app's worker
        // does it right after the round; here nothing runs in the background).
        let started = Instant::now();
        let found = fresh.search(&format!("nhiem vu so {}", ROWS - 1));
        let searched = started.elapsed();
        assert!(found.contains(&format!("Nhiệm vụ số {} của phường Bến Thành", ROWS - 1)));
        assert_eq!(fresh.tasks().len(), ROWS, "every task arrived");
        println!(
            "run {run}: enrol {}, sync_once {} for {rows} rows: {:.0} rows/s; first search \
             (indexes them) {}: searchable after {:.0} rows/s",
            ms(enrolled),
            ms(pulled),
            per_second(rows, pulled),
            ms(searched),
            per_second(rows, pulled + searched),
        );
        pulls.push(pulled);
        searchable.push(pulled + searched);
    }
    pulls.sort();
    let median = pulls[pulls.len() / 2];
    let rate = per_second(ROWS, median);
    println!(
        "median sync_once (pull + apply): {} = {rate:.0} rows/s (target ≥ 30000: {})",
        ms(median),
        if rate >= 30_000.0 { "met" } else { "NOT met" }
    );
    searchable.sort();
    let until = searchable[searchable.len() / 2];
    println!(
        "median until searchable (pull + apply + index): {} = {:.0} rows/s",
        ms(until),
        per_second(ROWS, until)
    );

    // Where the time goes: the same pages fetched by hand (server, HTTP, gzip, JSON), then
    // applied to a fresh laptop's store (`Store::apply_page`, what `sync_once` does).
    let reader = Laptop::enrolled("reader", &city, HOA);
    let raw = RawClient::of(&city, &reader);
    let (mut cursors, mut pages) = (std::collections::BTreeMap::new(), Vec::new());
    let started = Instant::now();
    loop {
        let answer = raw.pull(cursors.clone());
        for page in &answer.pages {
            cursors.insert(page.partition.clone(), page.cursor);
        }
        pages.extend(answer.pages);
        if !answer.more {
            break;
        }
    }
    let fetch = started.elapsed();
    let mut store = Laptop::set_up("applier", HOA).store();
    let started = Instant::now();
    for page in &pages {
        store
            .apply_page(
                page,
                xaso_store::sync::PullClock { now: chrono::Utc::now(), server_ms: None },
            )
            .unwrap();
    }
    let apply = started.elapsed();
    let started = Instant::now();
    let indexed = store.catch_up_search().unwrap();
    let index = started.elapsed();
    let changes: usize = pages.iter().map(|p| p.changes.len()).sum();
    println!(
        "split: fetching {changes} changes {} ({:.0} rows/s), applying them {} ({:.0} rows/s), \
         then indexing {indexed} tasks for search {} ({:.0} rows/s)",
        ms(fetch),
        per_second(changes, fetch),
        ms(apply),
        per_second(changes, apply),
        ms(index),
        per_second(indexed, index)
    );

    // Bytes on the wire, through a counting proxy.
    let proxy = Proxy::start(&city);
    let counted = Laptop::set_up("counted", HOA);
    counted.enroll(&proxy.url(), HOA).unwrap();
    let (up_before, down_before) = proxy.bytes();
    let report = counted.sync();
    let (up, down) = proxy.bytes();
    let changes = u64::try_from(report.pulled).unwrap().max(1);
    println!(
        "wire: {} bytes up, {} bytes down for {changes} changes = {:.0} bytes/change down \
         (gzip; a task row is one change carrying its 25 fields, ~{} bytes of JSON)",
        up - up_before,
        down - down_before,
        (down - down_before) as f64 / changes as f64,
        row_json_bytes(&city, &reader)
    );
}

/// The size of one task row as JSON on the wire (uncompressed).
fn row_json_bytes(city: &City, reader: &Laptop) -> usize {
    let changes = RawClient::of(city, reader).pull(Default::default());
    let page = changes.pages.iter().find(|p| p.partition.starts_with("unit:")).unwrap();
    serde_json::to_string(&page.changes[0]).unwrap().len()
}

/// Text of varied words (a xorshift over a small vocabulary), so that gzip sees rows that
/// differ as real proposals do, not ten thousand copies of one.
struct Words(u64);

impl Words {
    const VOCABULARY: [&str; 48] = [
        "số",
        "hóa",
        "hồ",
        "sơ",
        "một",
        "cửa",
        "người",
        "dân",
        "phường",
        "xã",
        "dịch",
        "vụ",
        "công",
        "trực",
        "tuyến",
        "dữ",
        "liệu",
        "quản",
        "lý",
        "thủ",
        "tục",
        "hành",
        "chính",
        "nền",
        "tảng",
        "ứng",
        "dụng",
        "đào",
        "tạo",
        "cán",
        "bộ",
        "kinh",
        "phí",
        "thời",
        "gian",
        "giảm",
        "tăng",
        "hiệu",
        "quả",
        "minh",
        "bạch",
        "đo",
        "lường",
        "kết",
        "quả",
        "tiết",
        "kiệm",
        "bản",
    ];

    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % Self::VOCABULARY.len() as u64).unwrap()
    }

    fn sentence(&mut self, words: usize) -> String {
        (0..words).map(|_| Self::VOCABULARY[self.next()]).collect::<Vec<_>>().join(" ")
    }
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn per_second(rows: usize, d: Duration) -> f64 {
    rows as f64 / d.as_secs_f64().max(1e-9)
}
