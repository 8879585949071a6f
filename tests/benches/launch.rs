//! How fast the app is usable after launch, and what it costs in memory (issue 12, item 8):
//! a release build of `xaso-app` on a ward laptop's store of 100 000 tasks, every one of
//! them still waiting to be sent (the heaviest start: the outbox holds 100 000 changes),
//! started as on the day's first launch (the integrity check and the daily backup both
//! run). Targets: the task list on screen ≤ 1 s after the process starts, with and without
//! a D-Bus session bus; ≤ 300 MB PSS for the app and its WebKit processes.
//!
//!     cd ui && npm run build && cd ..      # the UI the release binary embeds
//!     xvfb-run -a -s '-screen 0 1366x768x24' cargo bench -p xaso-e2e --bench launch
//!
//! It builds the release binary itself (`--features custom-protocol`, as shipped) and the
//! peer, `src-tauri/examples/launch_peer.rs`: a hello-world Tauri window built from the same
//! workspace, whose memory is what Tauri and WebKitGTK cost by themselves.
//!
//! **Times** are read from the real window through WebDriver: the UI sets
//! `performance.mark`s once the frame showing them has been painted (`ui/src/lib/launch.ts`:
//! the first frame, and the first frame of the task list with its rows), and each is taken
//! from the process's own start (`/proc/<pid>/stat`, 10 ms resolution) through the page's
//! `performance.timeOrigin`. WebKitWebDriver launching the app adds its automation session
//! to the start, so the times are, if anything, pessimistic.
//! **Memory** is the proportional set size (shared pages divided among their sharers) of
//! the app and every process below it (WebKit's web and network processes), summed, read
//! from `/proc/<pid>/smaps_rollup` 6 s after a plain start (no WebDriver), for the app and
//! the peer alike.
//!
//! `XASO_BENCH_TASKS` (default 100 000) and `XASO_BENCH_RUNS` (default 5) change the size;
//! `XASO_BENCH_DATA=<folder>` keeps the seeded store there and reuses it on the next run.
//! The build of the app and of this bench resolve features differently, and each evicts
//! part of the other's release build: to time a change of the app alone, build it with
//! `cargo build --release -p xaso-app --features custom-protocol --bin xaso-app --example
//! launch_peer` and pass `XASO_LAUNCH_APP=target/release/xaso-app` and
//! `XASO_LAUNCH_PEER=target/release/examples/launch_peer`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark panics on failure

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use chrono::{TimeZone as _, Utc};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use xaso_core::{App, Config, ProfileSet};
use xaso_domain::{Money, Role, TaskFields, TaskId, TaskKind, TaskStatus, UnitCode};
use xaso_e2e::{TauriDriver, Window, require_display, terminate_apps, workspace_root};

const UNIT: &str = "26743";
/// How long after a plain start the memory is read: the list is long on screen by then,
/// and the start-up checks and the backup have run.
const SETTLE: Duration = Duration::from_secs(6);

fn main() {
    require_display().unwrap();
    let tasks = env_number("XASO_BENCH_TASKS", 100_000);
    let runs = env_number("XASO_BENCH_RUNS", 5);
    let dist = workspace_root().join("ui/dist/index.html");
    assert!(dist.exists(), "{} is missing: run `npm run build` in ui/ first", dist.display());
    let (app, peer) = build_release();
    println!("launch: release xaso-app, {tasks} tasks waiting to be sent, {runs} runs each\n");

    let scratch = tempfile::Builder::new().prefix("xaso-bench-launch-").tempdir().unwrap();
    let data = std::env::var_os("XASO_BENCH_DATA")
        .map_or_else(|| scratch.path().join("data"), PathBuf::from);
    let db = Config::at(&data).db_path();
    if db.exists() {
        println!("store: reused {}", data.display());
    } else {
        let t = Instant::now();
        seed(&data, tasks);
        println!("store: {tasks} tasks seeded in {:.1} s", t.elapsed().as_secs_f64());
    }
    println!("database: {:.0} MB\n", std::fs::metadata(&db).unwrap().len() as f64 / 1e6);

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let bus = SessionBus::start();
    println!("{:<40} {:>18} {:>18}", "time after the process started", "first paint", "task list");
    let cases = [
        ("xaso-app, no session bus", &app, None),
        ("xaso-app, a session bus", &app, Some(&bus.address)),
        ("hello-world Tauri (peer), no bus", &peer, None),
        ("hello-world Tauri (peer), a bus", &peer, Some(&bus.address)),
    ];
    for (label, binary, bus_address) in cases {
        let mut paint = Vec::new();
        let mut list = Vec::new();
        for run in 0..=runs {
            let launch = runtime.block_on(timed_launch(binary, scratch.path(), &data, bus_address));
            if run == 0 {
                // The first start after the build reads the binary from disk: not counted.
                continue;
            }
            paint.push(launch.first_paint);
            list.extend(launch.list_shown);
        }
        let list = if list.is_empty() { "—".to_owned() } else { spread(&mut list) };
        println!("{label:<40} {:>18} {list:>18}", spread(&mut paint));
    }

    println!("\nmemory 6 s after a plain start (PSS, app and WebKit processes summed)");
    // The app draws without GPU compositing (src-tauri/src/desktop.rs); the peer is shown
    // as Tauri's default, and drawn the same way as the app for a like-for-like ratio.
    let cpu_drawn = [("WEBKIT_DISABLE_COMPOSITING_MODE", PathBuf::from("1"))];
    let (mut ours, mut peer_default, mut peer_cpu) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs.min(3) {
        ours.push(settled_pss(&app, &app_env(scratch.path(), &data)));
        peer_default.push(settled_pss(&peer, &[]));
        peer_cpu.push(settled_pss(&peer, &cpu_drawn));
    }
    let ours = median_mb(&mut ours);
    let peer_default = median_mb(&mut peer_default);
    let peer_cpu = median_mb(&mut peer_cpu);
    println!("{:<44} {:>7.0} MB", "xaso-app, 100 000-task store", ours);
    println!(
        "{:<44} {:>7.0} MB (app {:.2}×)",
        "hello-world Tauri, WebKit's default drawing",
        peer_default,
        ours / peer_default
    );
    println!(
        "{:<44} {:>7.0} MB (app {:.2}×)",
        "hello-world Tauri, drawn as the app draws",
        peer_cpu,
        ours / peer_cpu
    );
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Builds the shipped app and the peer in release and returns their paths, or takes them
/// from `XASO_LAUNCH_APP` and `XASO_LAUNCH_PEER` when both are set (built beforehand).
fn build_release() -> (PathBuf, PathBuf) {
    if let (Some(app), Some(peer)) =
        (std::env::var_os("XASO_LAUNCH_APP"), std::env::var_os("XASO_LAUNCH_PEER"))
    {
        // Relative to the workspace (a bench runs in its package's folder).
        return (workspace_root().join(app), workspace_root().join(peer));
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(&cargo)
        .current_dir(workspace_root())
        .args(["build", "--release", "-p", "xaso-app", "--features", "custom-protocol"])
        .args(["--bin", "xaso-app", "--example", "launch_peer"])
        .arg("--message-format=json-render-diagnostics")
        .stderr(Stdio::inherit())
        .output()
        .unwrap();
    assert!(output.status.success(), "the release build failed");
    let executable = |name: &str| {
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|msg| msg["reason"] == "compiler-artifact" && msg["target"]["name"] == name)
            .find_map(|msg| msg["executable"].as_str().map(PathBuf::from))
            .unwrap_or_else(|| panic!("cargo reported no executable for {name}"))
    };
    (executable("xaso-app"), executable("launch_peer"))
}

/// A ward official's laptop: the profile made through `App`, then `tasks` tasks written
/// through the store's one write path (each with its outbox change), a thousand per
/// transaction, as an import would.
fn seed(data: &Path, tasks: usize) {
    std::fs::create_dir_all(data).unwrap();
    let laptop = App::open(Config::at(data));
    laptop
        .profile_set(ProfileSet {
            unit_code: UNIT.into(),
            display_name: "Nguyễn Thị Lan".into(),
            role: Role::UnitOfficial,
        })
        .unwrap();
    laptop.shut_down();
    drop(laptop);

    let mut store = xaso_store::Store::open(&Config::at(data).db_path()).unwrap();
    let unit = UnitCode::parse(UNIT).unwrap();
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let statuses = [TaskStatus::Draft, TaskStatus::Submitted, TaskStatus::Approved];
    for first in (0..tasks).step_by(1000) {
        let at = start + chrono::Duration::seconds(first as i64);
        store
            .write("bench", at, |changes| {
                for i in first..(first + 1000).min(tasks) {
                    changes.tasks().insert_as(
                        TaskId::new(),
                        &unit,
                        statuses[i % statuses.len()],
                        &sample(i),
                    )?;
                }
                Ok(())
            })
            .unwrap();
    }
}

fn sample(i: usize) -> TaskFields {
    const WHAT: [&str; 6] = [
        "Số hóa hồ sơ một cửa",
        "Ứng dụng trí tuệ nhân tạo trong phản ánh hiện trường",
        "Xây dựng bản đồ số hạ tầng",
        "Thí điểm thanh toán không dùng tiền mặt tại chợ",
        "Nâng cao kỹ năng số cho cán bộ",
        "Khảo sát nhu cầu khởi nghiệp đổi mới sáng tạo",
    ];
    TaskFields {
        kind: TaskKind::ALL[i % TaskKind::ALL.len()],
        year: 2024 + (i % 3) as i32,
        name: format!("{} – đợt {}", WHAT[i % WHAT.len()], i),
        field: "Chuyển đổi số".into(),
        objectives: format!("Mục tiêu của nhiệm vụ số {i}: phục vụ người dân nhanh hơn."),
        contents: "Khảo sát, thiết kế, triển khai thí điểm và đánh giá. ".repeat(6),
        expected_results: "Báo cáo, quy trình, phần mềm".into(),
        cost_state: Money::from_dong((i % 500) as i64 * 1_000_000).unwrap(),
        host_unit: "UBND phường".into(),
        leader: "Nguyễn Thị Lan".into(),
        ..Default::default()
    }
}

/// The app's environment: this store, no user configuration, the system keyring as on a
/// laptop (no token is stored: the laptop never enrolled).
fn app_env(scratch: &Path, data: &Path) -> Vec<(&'static str, PathBuf)> {
    vec![("XASO_DATA_DIR", data.to_path_buf()), ("XASO_CONFIG", scratch.join("no-config.toml"))]
}

/// Seconds from a process's start to its first painted frame and (the app) to its
/// painted task list.
#[derive(Debug)]
struct Launch {
    first_paint: f64,
    list_shown: Option<f64>,
}

/// One start of `binary` through WebDriver.
async fn timed_launch(binary: &Path, scratch: &Path, data: &Path, bus: Option<&PathBuf>) -> Launch {
    // The day's first start: the daily backup runs again.
    let _ = std::fs::remove_dir_all(data.join("backups"));
    let mut env = app_env(scratch, data);
    if let Some(address) = bus {
        env.push(("DBUS_SESSION_BUS_ADDRESS", address.clone()));
    }
    let env: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, v.as_path())).collect();
    let unset: &[&str] = if bus.is_some() { &[] } else { &["DBUS_SESSION_BUS_ADDRESS"] };
    let driver = TauriDriver::start_without(&env, unset, &scratch.join("driver.log")).unwrap();
    let window = Window::open(&driver, binary).await.unwrap();
    let is_app = binary.file_name().is_some_and(|n| n == "xaso-app");
    let marks = wait_for_marks(&window, is_app).await;
    let pid = *xaso_e2e::app_processes(binary, "XASO_DATA_DIR", data)
        .first()
        .expect("the launched process");
    let started = process_start_epoch_ms(pid);
    if is_app {
        let rows = window
            .execute("return document.querySelectorAll('[data-testid=task-row]').length")
            .await
            .unwrap();
        assert!(rows.as_u64().unwrap_or(0) > 0, "the list shows no task row");
    }
    let _ = window.close().await;
    drop(driver);
    terminate_apps(binary, "XASO_DATA_DIR", data);
    std::thread::sleep(Duration::from_millis(500));
    let from_start = |mark: f64| (marks.origin + mark - started) / 1000.0;
    Launch {
        first_paint: from_start(marks.first_paint),
        list_shown: marks.list_shown.map(from_start),
    }
}

#[derive(Debug)]
struct Marks {
    origin: f64,
    first_paint: f64,
    list_shown: Option<f64>,
}

/// The page's marks, once the first paint (and, for the app, the list) has been marked.
async fn wait_for_marks(window: &Window, with_list: bool) -> Marks {
    let script = "const at = (n) => performance.getEntriesByName(n, 'mark')[0]?.startTime ?? null;
        return [performance.timeOrigin, at('xaso:first-paint'), at('xaso:list-shown')];";
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let value = window.execute(script).await.unwrap();
        let numbers: Vec<Option<f64>> =
            value.as_array().unwrap().iter().map(serde_json::Value::as_f64).collect();
        if let [Some(origin), Some(first_paint), list_shown] = numbers[..]
            && (list_shown.is_some() || !with_list)
        {
            return Marks { origin, first_paint, list_shown };
        }
        assert!(Instant::now() < deadline, "no list within 60 s: {value}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// When the process started, in milliseconds since the epoch: its start in clock ticks
/// after boot (`/proc/<pid>/stat`, field 22; USER_HZ is 100 on Linux) plus the boot time
/// (now less `/proc/uptime`).
fn process_start_epoch_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The command name (field 2) may hold spaces: count fields after its closing ")".
    let after_name = &stat[stat.rfind(')').unwrap() + 2..];
    let ticks: f64 = after_name.split(' ').nth(19).unwrap().parse().unwrap();
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs_f64();
    (now - uptime + ticks / 100.0) * 1000.0
}

/// Starts `binary` plainly, waits [`SETTLE`], and returns the summed PSS (bytes) of it and
/// every process below it; then ends them all.
fn settled_pss(binary: &Path, env: &[(&'static str, PathBuf)]) -> u64 {
    let mut child = Command::new(binary)
        .envs(env.iter().map(|(k, v)| (*k, v.as_os_str())))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(SETTLE);
    let family = descendants(child.id());
    let pss = family.iter().map(|pid| pss_kib(*pid) * 1024).sum();
    for pid in &family {
        let _ = kill(Pid::from_raw(*pid as i32), Signal::SIGTERM);
    }
    let _ = child.wait();
    std::thread::sleep(Duration::from_millis(500));
    pss
}

/// `root` and every process whose parent chain leads to it.
fn descendants(root: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()))
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let ppid = stat[stat.rfind(')')? + 2..].split(' ').nth(1)?.parse().ok()?;
            Some((pid, ppid))
        })
        .collect();
    let mut family = vec![root];
    let mut i = 0;
    while i < family.len() {
        let parent = family[i];
        family.extend(parents.iter().filter(|(_, pp)| *pp == parent).map(|(pid, _)| *pid));
        i += 1;
    }
    family
}

fn pss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix("Pss:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// "0.45 s (max 0.52)": the median and the slowest of the runs.
fn spread(values: &mut [f64]) -> String {
    values.sort_by(f64::total_cmp);
    let median = values[values.len() / 2];
    format!("{median:.2} s (max {:.2})", values[values.len() - 1])
}

fn median_mb(values: &mut [u64]) -> f64 {
    values.sort_unstable();
    values[values.len() / 2] as f64 / 1e6
}

/// A private D-Bus session bus for the runs that have one.
struct SessionBus {
    child: std::process::Child,
    address: PathBuf,
}

impl SessionBus {
    fn start() -> SessionBus {
        let mut child = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon (Debian package dbus)");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        SessionBus { child, address: PathBuf::from(line.trim()) }
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = kill(Pid::from_raw(self.child.id() as i32), Signal::SIGTERM);
        let _ = self.child.wait();
    }
}
