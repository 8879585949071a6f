//! A budget estimate through the real window, on the demo ward: open the contest task's
//! estimate, see the totals Rust computed and the prize over the ward-level cap flagged
//! with its legal basis, and export the official XLSX.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use fantoccini::Locator;
use xaso_e2e::{TauriDriver, Window, build_app, end_window_test, require_display};

#[tokio::test]
async fn an_official_opens_the_demo_estimate_sees_the_flag_and_exports() -> anyhow::Result<()> {
    require_display()?;
    let app = build_app()?;
    let scratch = tempfile::Builder::new().prefix("xaso-e2e-budget-").tempdir()?;
    let data_dir = scratch.path().join("data");
    let exports = scratch.path().join("exports");
    std::fs::create_dir_all(&data_dir)?;
    let no_config = scratch.path().join("no-config.toml");
    let demo = PathBuf::from("1");
    let driver = TauriDriver::start(
        &[
            ("XASO_DATA_DIR", &data_dir),
            ("XASO_EXPORTS_DIR", &exports),
            ("XASO_CONFIG", &no_config),
            ("XASO_DEMO", &demo),
        ],
        &scratch.path().join("driver.log"),
    )?;
    let window = Window::open(&driver, &app).await?;
    let outcome = scenario(&window, &exports).await;
    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("e2e-estimate.png");
    end_window_test(window, driver, &app, &data_dir, &shot, &outcome).await;
    outcome
}

async fn scenario(window: &Window, exports: &std::path::Path) -> anyhow::Result<()> {
    // WebKitWebDriver cannot click a table row itself; a person clicks a cell of it.
    let task = window.wait_for_text("task-row", "Cuộc thi ý tưởng khởi nghiệp").await?;
    task.find(Locator::Css("td")).await?.click().await.context("while opening the task")?;
    window.click("tab-budget").await?;
    let estimate = window.wait_for_text("estimate-row", "387.000.000").await?;
    estimate.find(Locator::Css("td")).await?.click().await.context("while opening the estimate")?;
    window.wait_for("estimate-grid").await?;

    // Worked from data/norms-vn.csv with the demo's 35.000.000 ₫ leader rate: labour
    // 252.000.000, materials 9.000.000, equipment 18.500.000, other 107.500.000.
    wait_for_page_text(window, "387.000.000").await.context("the grand total")?;
    // The first prize (20.000.000) is over a ward contest's 0,8 × 20.000.000 cap.
    wait_for_page_text(window, "4.000.000").await.context("the excess of the flagged prize")?;
    wait_for_page_text(window, "Thông tư 126/2018/TT-BTC")
        .await
        .context("the flag's legal basis")?;

    // Export the official XLSX; the file lands where the official was told.
    window.click("estimate-export").await?;
    let path = window.wait_for("export-path").await?.text().await?;
    let written = PathBuf::from(path.trim());
    if !written.starts_with(exports) || !written.exists() {
        bail!("the export says {written:?}, which is not a file under {exports:?}");
    }
    let bytes = std::fs::read(&written)?;
    if !bytes.starts_with(b"PK") {
        bail!("{written:?} is not an xlsx (zip) file");
    }
    Ok(())
}

async fn wait_for_page_text(window: &Window, text: &str) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let shown = window.visible_text().await;
        if shown.contains(text) {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("the window never showed {text:?}; it shows:\n{shown}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
