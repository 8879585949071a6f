//! `cargo xtask screenshots`: the real app in a virtual screen, captured as a person would
//! see it. One picture per scene, each scene started on a fresh data directory.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::prereqs::{self, Needs};
use crate::step::Steps;

/// (file name, arguments of the app)
const SCENES: &[(&str, &[&str])] = &[("first-start", &[]), ("demo", &["--demo"])];

/// A child process stopped with SIGTERM (then waited for) when dropped.
#[derive(Debug)]
struct Terminating(Child);

impl Drop for Terminating {
    fn drop(&mut self) {
        if let (Ok(pid), Ok(None)) = (i32::try_from(self.0.id()), self.0.try_wait()) {
            let _ = kill(Pid::from_raw(pid), Signal::SIGTERM);
        }
        let _ = self.0.wait();
    }
}

pub fn screenshots() -> anyhow::Result<()> {
    prereqs::check(Needs::SCREENSHOTS)?;
    let mut steps = Steps::new(5 + SCENES.len());
    crate::build_ui(&mut steps)?;
    steps.skip_heading("cargo build -p xaso-app");
    let app = build_app()?;

    let out_dir = crate::root().join("screenshots");
    std::fs::create_dir_all(&out_dir)?;
    let scratch = tempfile::Builder::new().prefix("xaso-shots-").tempdir()?;
    let (display, _xvfb) = start_xvfb()?;
    let wait = std::env::var("XASO_SHOT_WAIT")
        .ok()
        .and_then(|s| s.parse().ok())
        .map_or(Duration::from_secs(8), Duration::from_secs);

    for (name, args) in SCENES {
        steps.skip_heading(&format!("screenshot {name}: xaso-app {}", args.join(" ")));
        let data_dir = scratch.path().join(name);
        std::fs::create_dir_all(&data_dir)?;
        let log_path = scratch.path().join(format!("{name}.log"));
        let log = std::fs::File::create(&log_path)?;
        let mut app_process = Terminating(
            Command::new(&app)
                .args(*args)
                .env("DISPLAY", &display)
                .env("XASO_DATA_DIR", &data_dir)
                .env("XASO_CONFIG", scratch.path().join("no-config.toml"))
                // The demo's throw-away database goes under TMPDIR; keep it in our scratch
                // folder, which is removed, since the app is stopped by a signal.
                .env("TMPDIR", scratch.path())
                .env_remove("XASO_DEMO")
                .stdin(Stdio::null())
                .stdout(log.try_clone()?)
                .stderr(log)
                .spawn()
                .with_context(|| format!("while starting {}", app.display()))?,
        );
        std::thread::sleep(wait);
        if let Some(status) = app_process.0.try_wait()? {
            let output = std::fs::read_to_string(&log_path).unwrap_or_default();
            bail!("the app exited before the screenshot ({status}):\n{output}");
        }
        let png = out_dir.join(format!("{name}.png"));
        let status = Command::new("import")
            .args(["-display", &display, "-window", "root"])
            .arg(&png)
            .status()?;
        if !status.success() {
            bail!("import failed ({status})");
        }
        drop(app_process);
        println!("    wrote {}", png.display());
    }

    // Every screen, in Vietnamese and in English, at 1366×768: the UI on the real core
    // (the bridge) in headless Chromium, as the UI tests run it.
    steps.run(
        "cargo build -p xaso-core -p xaso-server (the screens' bridge and city server)",
        crate::cargo().args(["build", "-p", "xaso-core", "-p", "xaso-server"]),
    )?;
    let screens = out_dir.join("screens");
    steps.run(
        &format!("every screen in both languages into {}", screens.display()),
        crate::npm()
            .args(["run", "shots"])
            .env("SHOTS_DIR", &screens)
            .env("SHOTS_LOCALES", "vi,en")
            .env("XASO_UI_BRIDGE", crate::built("xaso-ui-bridge"))
            .env("XASO_SERVER_BIN", crate::built("xaso-server")),
    )?;
    Ok(())
}

/// Builds the app and asks cargo where its binary is (respects CARGO_TARGET_DIR).
fn build_app() -> anyhow::Result<PathBuf> {
    let output = crate::cargo()
        .args(["build", "-p", "xaso-app", "--message-format=json-render-diagnostics"])
        .stderr(Stdio::inherit())
        .output()?;
    if !output.status.success() {
        bail!("cargo build -p xaso-app failed ({})", output.status);
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "xaso-app")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .context("cargo reported no executable for xaso-app")
}

/// Starts Xvfb on the first free display from :90 and waits for its socket.
fn start_xvfb() -> anyhow::Result<(String, Terminating)> {
    let number = (90..200)
        .find(|n| {
            !Path::new(&format!("/tmp/.X{n}-lock")).exists()
                && !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
        })
        .context("no free X display number between :90 and :199")?;
    let display = format!(":{number}");
    let xvfb = Terminating(
        Command::new("Xvfb")
            .args([display.as_str(), "-screen", "0", "1366x768x24", "-nolisten", "tcp"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("while starting Xvfb")?,
    );
    let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
    let deadline = Instant::now() + Duration::from_secs(10);
    while !socket.exists() {
        if Instant::now() > deadline {
            bail!("Xvfb did not start on {display} within 10 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok((display, xvfb))
}
