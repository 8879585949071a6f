//! A ward official's first day, through the real window: choose the ward, draft a task
//! with a Vietnamese name, close the app, open it again and find the task by typing the
//! name without diacritics.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use xaso_e2e::{TauriDriver, Window, app_processes, build_app, require_display, terminate_apps};

const TASK_NAME: &str = "Số hóa quy trình lập dự toán ngân sách phường";

#[tokio::test]
async fn a_task_drafted_in_one_session_is_found_after_a_restart() -> anyhow::Result<()> {
    require_display()?;
    let app = build_app()?;
    let scratch = tempfile::Builder::new().prefix("xaso-e2e-").tempdir()?;
    let data_dir = scratch.path().join("data");
    std::fs::create_dir_all(&data_dir)?;
    let driver =
        TauriDriver::start(&[("XASO_DATA_DIR", &data_dir)], &scratch.path().join("driver.log"))?;

    let outcome = scenario(&driver, &app, &data_dir).await;
    if outcome.is_err() {
        // Keep what explains the failure: the drivers' and the app's output.
        eprintln!("{}", driver.log_tail());
    }
    drop(driver);
    // Should the app have outlived its session, stop it: it is this test's own process.
    terminate_apps(&app, "XASO_DATA_DIR", &data_dir);
    outcome
}

async fn scenario(driver: &TauriDriver, app: &Path, data_dir: &Path) -> anyhow::Result<()> {
    // First start: an empty data directory asks who is using this computer.
    session(driver, app, data_dir, "first-session", async |window| {
        window.type_into("unit-search", "ben thanh").await?;
        window.wait_for_text("unit-option", "Phường Bến Thành").await?.click().await?;
        window.type_into("profile-name", "Nguyễn Thị Lan").await?;
        window.click("profile-save").await?;

        window.click("task-new").await?;
        window.type_into("field-name", TASK_NAME).await?;
        window.wait_until_saved().await
    })
    .await
    .context("in the first session")?;

    // Second start, same data directory: the task is there and search ignores diacritics.
    session(driver, app, data_dir, "second-session", async |window| {
        window.type_into("task-search", "du toan ngan sach").await?;
        window.wait_for_text("task-row", TASK_NAME).await.map(drop)
    })
    .await
    .context("in the second session, after a restart")
}

/// One start of the app: runs `steps` in its window, then ends the session (the app quits)
/// whatever happened, keeping a screenshot when a step failed.
async fn session(
    driver: &TauriDriver,
    app: &Path,
    data_dir: &Path,
    name: &str,
    steps: impl AsyncFnOnce(&Window) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let window = Window::open(driver, app).await?;
    let outcome = steps(&window).await;
    if outcome.is_err() {
        save_failure_screenshot(&window, name).await;
    }
    let closed = window.close().await;
    outcome?;
    closed?;
    wait_for_app_exit(app, data_dir).await
}

/// Ending the WebDriver session closes the app; the next start must not race it for the
/// database.
async fn wait_for_app_exit(app: &Path, data_dir: &Path) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let running = app_processes(app, "XASO_DATA_DIR", data_dir);
        if running.is_empty() {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("the app (pids {running:?}) is still running 15 s after its session ended");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn save_failure_screenshot(window: &Window, name: &str) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(format!("e2e-{name}.png"));
    let written = async {
        let png = window.screenshot().await?;
        std::fs::write(&path, png).with_context(|| format!("while writing {}", path.display()))
    };
    match written.await {
        Ok(()) => eprintln!("screenshot of the failure: {}", path.display()),
        Err(e) => eprintln!("no screenshot of the failure: {e:#}"),
    }
}
