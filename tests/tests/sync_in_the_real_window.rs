//! The review round trip with a ward's real window: a ward official enrols the laptop
//! with the city server from the sync screen, submits a proposal drafted offline, and
//! sees the city reviewer's answer arrive — the return comment, then "approved" — with
//! the whole history. The task stays open: the answers appear on it by themselves after
//! the app's own sync worker's next round (every 5 s here), with a notice. The city
//! reviewer is a second client (the same use cases as its window, `xaso_core::App`) on
//! its own database; the server is a real `xaso-server` on loopback.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use xaso_core::{
    App, Config, ProfileSet, TaskInput, TaskKind, TaskQuery, TaskStatus, TaskTransition,
};
use xaso_domain::Role;
use xaso_e2e::{
    HUNG, LAN, Window, build_app, end_window_test, enrolled_laptop, open_window_with,
    require_display, window_test_city,
};

const WARD: &str = "26743"; // Phường Bến Thành
const TASK: &str = "Bản đồ số điểm bán hàng rong quanh chợ Bến Thành";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ward_submits_from_its_window_and_sees_the_citys_answers() -> anyhow::Result<()> {
    require_display()?;
    let app = build_app()?;
    let scratch = tempfile::Builder::new().prefix("xaso-e2e-sync-").tempdir()?;

    // The city server, with a ward official and a reviewer.
    let server = window_test_city(scratch.path(), WARD).await?;
    let url = server.url();

    // The ward's laptop: the official drafted a complete proposal offline yesterday.
    let ward_dir = scratch.path().join("ward");
    let task_id = draft_offline(&ward_dir)?;

    // The reviewer's laptop, enrolled: the city grants the role.
    let city = enrolled_laptop(&scratch.path().join("city"), &url, HUNG, WARD)?;
    let role = city.sync_status().account.map(|a| a.role);
    assert_eq!(role, Some(Role::CityReviewer), "the city grants the role");

    let period = [("XASO_SYNC_PERIOD_SECS", Path::new("5"))];
    let (driver, window) = open_window_with(&app, scratch.path(), &ward_dir, &period).await?;
    let outcome = scenario(&window, &city, &url, &task_id).await;
    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("e2e-sync.png");
    end_window_test(window, driver, &app, &ward_dir, &shot, &outcome).await;
    server.stop().await?;
    outcome
}

async fn scenario(window: &Window, city: &App, url: &str, task_id: &str) -> anyhow::Result<()> {
    // Offline so far: the header says the laptop is not connected, with one change waiting.
    window.wait_for("sync-status").await?;
    window.click("nav-sync").await?;
    window.type_into("field-server_url", url).await?;
    window.type_into("field-user", LAN.user).await?;
    window.type_into("field-password", LAN.password).await?;
    window.click("sync-enrol-submit").await?;
    window.wait_for_text("sync-account", LAN.name).await.context("enrolled")?;
    wait_for_state(window, "online").await?;

    // Submit the proposal from its editor; the change reaches the city by itself.
    open_task(window).await?;
    window.click("transition-submitted").await?;
    window.click("transition-confirm").await?;
    wait_until(|| city_sees(city, task_id, TaskStatus::Submitted), "the city sees it submitted")
        .await?;

    // The city returns it with a comment. The ward's task stays open on its history: the
    // step appears there by itself, and a notice says who returned it.
    window.click("tab-history").await?;
    let comment = "Bổ sung số điểm bán và nguồn dữ liệu.";
    tokio::task::block_in_place(|| {
        city.task_transition(TaskTransition {
            id: task_id.into(),
            to: TaskStatus::Returned,
            comment: comment.into(),
        })
    })?;
    tokio::task::block_in_place(|| city.sync_once())?;
    window
        .wait_for_text_within("history-item", comment, ROUND)
        .await
        .context("the return comment arrived on the open task")?;
    window
        .wait_for_text_within("notice", &format!("{} đã trả lại phiếu «{TASK}»", HUNG.name), ROUND)
        .await
        .context("a notice says the city returned it")?;
    window.click("notice-open").await?;

    // Resubmitted by the ward, approved by the city: the ward sees the whole story.
    window.click("transition-submitted").await?;
    window.click("transition-confirm").await?;
    wait_until(|| city_sees(city, task_id, TaskStatus::Submitted), "resubmitted").await?;
    tokio::task::block_in_place(|| {
        city.task_transition(TaskTransition {
            id: task_id.into(),
            to: TaskStatus::Approved,
            comment: String::new(),
        })
    })?;
    tokio::task::block_in_place(|| city.sync_once())?;
    window
        .wait_for_text_within(
            "notice",
            &format!("{} đã phê duyệt phiếu «{TASK}»", HUNG.name),
            ROUND,
        )
        .await
        .context("the approval arrived by itself")?;
    window.wait_for_text("history-item", HUNG.name).await.context("the reviewer's steps")?;
    let history = window.visible_text().await;
    for step in ["Đã phê duyệt", "Bị trả lại", comment, LAN.name] {
        if !history.contains(step) {
            bail!("the history lacks {step:?}; the window shows:\n{history}");
        }
    }
    Ok(())
}

/// How long an answer of the city may take to show: the worker's period (5 s), the
/// window's status poll (3 s), and a loaded machine's slack.
const ROUND: Duration = Duration::from_secs(30);

/// A complete proposal drafted with the app's own use cases on the ward's database.
fn draft_offline(dir: &Path) -> anyhow::Result<String> {
    let ward = App::open(Config::at(dir));
    ward.profile_set(ProfileSet {
        unit_code: WARD.into(),
        display_name: LAN.name.into(),
        role: Role::UnitOfficial,
    })?;
    let input = TaskInput {
        kind: TaskKind::Cds,
        year: 2026,
        name: TASK.into(),
        field: "Chuyển đổi số".into(),
        task_type: "Ứng dụng".into(),
        basis: "Kế hoạch chuyển đổi số của phường năm 2026".into(),
        urgency: "Người bán hàng rong cần được hỗ trợ đăng ký và quản lý.".into(),
        objectives: "Bản đồ số các điểm bán được cấp phép.".into(),
        contents: "Khảo sát, số hóa, công bố bản đồ.".into(),
        expected_results: "Bản đồ số cập nhật hằng tuần.".into(),
        impact: "Trật tự đô thị, hỗ trợ sinh kế.".into(),
        cost_state: "150.000.000".into(),
        cost_own: "0".into(),
        cost_other: "0".into(),
        start_date: "01/03/2026".into(),
        end_date: "30/11/2026".into(),
        host_unit: "UBND Phường Bến Thành".into(),
        leader: LAN.name.into(),
        results_usage: "Dùng cho quản lý trật tự đô thị.".into(),
    };
    let saved = ward.task_create(input)?;
    if saved.issues.iter().any(|i| i.severity == xaso_domain::Severity::Blocking) {
        bail!("the draft has blocking issues: {:?}", saved.issues);
    }
    Ok(saved.task.id)
}

async fn open_task(window: &Window) -> anyhow::Result<()> {
    window.click("nav-tasks").await?;
    let row = window.wait_for_text("task-row", TASK).await?;
    // WebKitWebDriver cannot click a table row itself; a person clicks a cell of it.
    row.find(fantoccini::Locator::Css("td")).await?.click().await.context("opening the task")?;
    window.wait_for("tab-history").await.map(drop)
}

async fn wait_for_state(window: &Window, state: &str) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let now = window.attr("sync-status", "data-state").await?.unwrap_or_default();
        if now == state {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!(
                "the sync status stayed {now:?}, not {state:?}:\n{}",
                window.visible_text().await
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn city_sees(city: &App, task_id: &str, status: TaskStatus) -> anyhow::Result<bool> {
    tokio::task::block_in_place(|| city.sync_once())?;
    let page = city.tasks_list(TaskQuery {
        status: Some(status),
        kind: None,
        year: None,
        search: String::new(),
        offset: 0,
        limit: 50,
    })?;
    Ok(page.items.iter().any(|t| t.id == task_id))
}

async fn wait_until(
    mut check: impl FnMut() -> anyhow::Result<bool>,
    what: &str,
) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if check()? {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("timed out waiting until {what}");
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}
