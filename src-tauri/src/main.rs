//! The Xã Số desktop shell: opens the window, serves the embedded `ui/dist`, and exposes the
//! use cases of `xaso-core` to the front end as Tauri commands.
//!
//! It owns the window, the capabilities, logging and process start-up. It deliberately owns
//! no behaviour: every command is a one-line adapter over a method of `xaso_core::App`
//! with the same name, so the core builds and is tested without Tauri.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod desktop;

#[cfg(test)]
mod wiring;

use std::process::ExitCode;

use anyhow::Context as _;
use tauri::Manager as _;
use tracing_subscriber::EnvFilter;

use xaso_core::{App, Config};

fn main() -> ExitCode {
    init_logging();
    match run() {
        Ok(0) => ExitCode::SUCCESS,
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        Err(error) => {
            tracing::error!("{error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Logs go to stderr; `RUST_LOG` overrides the default level (`info`).
fn init_logging() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
}

/// Runs the window until it closes and returns the exit code.
fn run() -> anyhow::Result<i32> {
    let args: Vec<String> = std::env::args().collect();
    let config = Config::load(&args).context("while loading the configuration")?;
    tracing::info!(data_dir = %config.data_dir.display(), demo = config.demo, "starting Xã Số");
    // Never fails: a broken or newer database shows in `app_status`, where the UI explains it.
    // From here a termination signal ends the app as closing its window does (the demo
    // folder removed, the sync worker stopped), even one that arrives before the window.
    let stop = desktop::StopOnSignal::install().context("while listening for SIGTERM")?;
    let core = App::open(config);
    core.set_file_opener(desktop::open_with_system);

    let shell = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(core)
        .setup(move |app| {
            if let Some(window) = app.get_webview_window("main") {
                desktop::draw_without_gpu(&window);
            }
            stop.attach(app.handle().clone());
            spawn_start_checks(app.handle().clone())
                .context("while starting the start-up checks' thread")?;
            spawn_sync_worker(app.handle().clone())
                .context("while starting the sync worker's thread")?;
            Ok(())
        })
        .invoke_handler(commands::handler!())
        .build(tauri::generate_context!())
        .context("while opening the window")?;
    // `run_return` (unlike `run`, which ends the process inside the event loop) comes back
    // here when the last window has closed, so the exit is logged with its code. Tauri
    // still holds the managed core then and never drops it: the core is shut down
    // explicitly on exit (sync worker stopped, demo folder removed).
    let code = shell.run_return(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            handle.state::<App>().shut_down();
        }
    });
    tracing::info!(code, "window closed");
    Ok(code)
}

/// Sync runs beside the window; without a server (the usual case) it waits. Started off
/// the window's thread: opening the engine's own connection checks the database file
/// again, which must not delay the first paint.
fn spawn_sync_worker(handle: tauri::AppHandle) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("sync-start".into())
        .spawn(move || {
            if let Err(error) = handle.state::<App>().start_sync_worker() {
                tracing::warn!(?error, "the sync worker did not start; the app works offline");
            }
        })
        .map(drop)
}

/// How long after the start the integrity check begins.
///
/// On a two-core laptop the check (it reads every page: ~1 s of one core for a 330 MB store)
/// took a core from the window while its first screen was being drawn, and the task list of
/// a 100 000-task store appeared ~0.3 s later (BENCHMARKS.md, "Launch"). A damaged file is
/// still reported within seconds of the start, and nothing waits for the check meanwhile.
const START_CHECKS_AFTER: std::time::Duration = std::time::Duration::from_secs(3);

/// The integrity check reads every page of the database, and the daily backup copies it:
/// both run beside the window, on connections of their own, so that neither the first
/// screen nor the first commands wait for them, and [`START_CHECKS_AFTER`] the start, so
/// that they do not compete with the first screen for the processor either. The backup
/// only follows a clean check (a damaged file must not push a good backup out).
fn spawn_start_checks(handle: tauri::AppHandle) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("start-checks".into())
        .spawn(move || {
            std::thread::sleep(START_CHECKS_AFTER);
            let app = handle.state::<App>();
            if let Err(error) = app.check_store() {
                tracing::warn!(?error, "no daily backup: the store is not sound");
                return;
            }
            match app.run_daily_backup() {
                Ok(Some(backup)) => tracing::info!(name = %backup.name, "daily backup written"),
                Ok(None) => tracing::debug!("daily backup already done today"),
                Err(error) => tracing::warn!(?error, "daily backup failed"),
            }
        })
        .map(drop)
}
