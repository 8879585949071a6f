//! The demo is a throw-away: however the app is ended — its window closed, or the process
//! told to stop (SIGTERM from a shutdown or `kill`, Ctrl+C in the terminal it was started
//! from) — its temporary folder goes with it and the exit is clean.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use xaso_e2e::{build_app, require_display};

#[test]
fn sigterm_ends_the_demo_cleanly_and_removes_its_folder() -> anyhow::Result<()> {
    ends_cleanly_on(Signal::SIGTERM)
}

#[test]
fn ctrl_c_ends_the_demo_cleanly_and_removes_its_folder() -> anyhow::Result<()> {
    ends_cleanly_on(Signal::SIGINT)
}

fn ends_cleanly_on(signal: Signal) -> anyhow::Result<()> {
    require_display()?;
    let app = build_app()?;
    let scratch = tempfile::Builder::new().prefix("xaso-e2e-demo-").tempdir()?;
    let mut child = Command::new(&app)
        .env("XASO_DEMO", "1")
        .env("TMPDIR", scratch.path())
        .env("XASO_CONFIG", scratch.path().join("no-config.toml"))
        .env("XASO_SECRET_STORE", "file")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("starting the app")?;
    let outcome = scenario(&mut child, scratch.path(), signal);
    if child.try_wait()?.is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
    outcome
}

fn scenario(child: &mut Child, tmp: &Path, signal: Signal) -> anyhow::Result<()> {
    // The demo's folder, once its database is open.
    let folder = wait_for(Duration::from_secs(60), "the demo's database", || {
        Ok(demo_folders(tmp)?.into_iter().find(|d| d.join("data").join("xaso.sqlite3").exists()))
    })?;
    // Let the window come up (the signal is honoured before it too, but this is the usual case).
    std::thread::sleep(Duration::from_secs(3));
    kill(Pid::from_raw(i32::try_from(child.id())?), signal)?;
    let status = wait_for(Duration::from_secs(30), "the app to exit", || Ok(child.try_wait()?))?;
    if !status.success() {
        bail!("the app ended with {status} after {signal}");
    }
    if folder.exists() {
        bail!("the demo folder {} is left behind after {signal}", folder.display());
    }
    Ok(())
}

fn demo_folders(tmp: &Path) -> anyhow::Result<Vec<PathBuf>> {
    Ok(std::fs::read_dir(tmp)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("xaso-demo-")))
        .collect())
}

fn wait_for<T>(
    limit: Duration,
    what: &str,
    mut check: impl FnMut() -> anyhow::Result<Option<T>>,
) -> anyhow::Result<T> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(found) = check()? {
            return Ok(found);
        }
        if Instant::now() > deadline {
            bail!("timed out after {} s waiting for {what}", limit.as_secs());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
