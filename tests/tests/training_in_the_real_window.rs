//! Training with a ward's real window: the city (a second client, the same use cases as
//! its window) publishes a session with three materials and uploads their files; in the
//! ward's window the official keeps the programme offline and watches every file arrive
//! verified, finds a material by a search without diacritics, and checks five trainees in;
//! the city sees the five.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use xaso_core::{App, MaterialAdd, ProgrammeInput, SessionSave};
use xaso_e2e::training_harness::{minimal_pdf, session_form, write_file};
use xaso_e2e::{
    HUNG, LAN, Window, build_app, end_window_test, enrolled_laptop, open_window, require_display,
    window_test_city,
};

const WARD: &str = "26743"; // Phường Bến Thành
const SESSION: &str = "Lập dự toán kinh phí nhiệm vụ cấp cơ sở";
const TRAINEES: [&str; 5] =
    ["Trần Văn An", "Lê Thị Bình", "Nguyễn Văn Cường", "Phạm Thị Dung", "Võ Minh Đức"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ward_gets_the_materials_finds_one_and_checks_five_in() -> anyhow::Result<()> {
    require_display()?;
    let app = build_app()?;
    let scratch = tempfile::Builder::new().prefix("xaso-e2e-training-").tempdir()?;

    let server = window_test_city(scratch.path(), WARD).await?;
    let url = server.url();

    // The city publishes the session and its three materials, and sends the files.
    let city = enrolled_laptop(&scratch.path().join("city"), &url, HUNG, WARD)?;
    let session_id = tokio::task::block_in_place(|| publish(&city, scratch.path()))?;

    // The ward's laptop was enrolled earlier (from the sync screen, tested elsewhere).
    let ward_dir = scratch.path().join("ward");
    drop(enrolled_laptop(&ward_dir, &url, LAN, WARD)?);

    let (driver, window) = open_window(&app, scratch.path(), &ward_dir).await?;
    let outcome = scenario(&window, &city, &session_id).await;
    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("e2e-training.png");
    end_window_test(window, driver, &app, &ward_dir, &shot, &outcome).await;
    server.stop().await?;
    outcome
}

async fn scenario(window: &Window, city: &App, session_id: &str) -> anyhow::Result<()> {
    window.click("nav-training").await?;
    // The session arrived with the first sync; the programme is kept offline.
    window.wait_for_text("session-row", SESSION).await.context("the session arrived")?;
    window.click("keep-offline").await?;
    window.wait_for_text("materials-ready", "3/3").await.context("every file arrived")?;

    // A search without diacritics finds the guide by the text inside its PDF.
    window.type_into("library-search", "ngan sach nha nuoc").await?;
    window.wait_for_text("library-hit", "Hướng dẫn lập dự toán").await.context("found")?;

    // Five trainees checked in at the session, each as a new name.
    window.wait_for_text("session-row", SESSION).await?.click().await?;
    let states = wait_for_count(window, "Có trên máy", 3).await;
    states.context("each material of the session is on this laptop, verified")?;
    for name in TRAINEES {
        window.type_into("checkin-new-name", name).await?;
        window.click("checkin-submit").await?;
        window
            .wait_for_text("attendance-row", name)
            .await
            .with_context(|| format!("{name} is listed as checked in"))?;
    }

    // The city sees the five (the ward's worker sends them by itself).
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let report = tokio::task::block_in_place(|| {
            city.sync_once()?;
            city.attendance_report()
        })?;
        let here = report.sessions.iter().find(|s| s.session_id == session_id);
        if here.is_some_and(|s| s.total == 5 && s.units.len() == 1) {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("the city sees {report:?}");
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// Waits until `text` shows `n` times in the window.
async fn wait_for_count(window: &Window, text: &str, n: usize) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let shown = window.visible_text().await;
        if shown.matches(text).count() >= n {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("{text:?} shows fewer than {n} times:\n{shown}");
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

/// The city's part: a programme, a session, three files; the files uploaded, the rows sent.
fn publish(city: &App, scratch: &Path) -> anyhow::Result<String> {
    let home = city.programme_save(ProgrammeInput {
        id: None,
        title: "Tập huấn KHCN, ĐMST và CĐS cấp xã 2026".into(),
        description: String::new(),
    })?;
    let programme_id = home.programmes[0].id.clone();
    let saved = city.session_save(SessionSave {
        programme_id: programme_id.clone(),
        id: None,
        form: session_form(SESSION),
    })?;
    let session = saved.session.context("the session is saved")?;
    let files = [
        (
            "Hướng dẫn lập dự toán",
            write_file(
                scratch,
                "huong-dan.pdf",
                &minimal_pdf(&["Dinh muc chi ngân sách nhà nuoc"]),
            ),
        ),
        (
            "Bài giảng quy trình",
            write_file(scratch, "bai-giang.pdf", &minimal_pdf(&["Quy trinh de xuat"])),
        ),
        (
            "Biểu mẫu đề xuất",
            write_file(scratch, "bieu-mau.txt", "Phieu de xuat nhiem vu".as_bytes()),
        ),
    ];
    for (title, path) in files {
        let added = city.material_add(MaterialAdd {
            programme_id: programme_id.clone(),
            session_id: Some(session.id.clone()),
            title: title.into(),
            description: String::new(),
            path: path.display().to_string(),
        })?;
        if !added.issues.is_empty() {
            bail!("{title}: {:?}", added.issues);
        }
    }
    city.move_files_now()?;
    city.sync_once()?;
    Ok(session.id)
}
