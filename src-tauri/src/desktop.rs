//! Handing a file to the desktop: the system's viewer for a material (a PDF reader, a
//! video player). Fire and forget: the viewer outlives nothing of ours, and a desktop with
//! no viewer for the type only logs it (the file's path is shown in the app too).

use std::path::Path;
use std::process::Command;

pub fn open_with_system(path: &Path) {
    let mut command = if cfg!(target_os = "windows") {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        Command::new("open")
    } else {
        Command::new("xdg-open")
    };
    match command.arg(path).spawn() {
        Ok(mut child) => {
            // Reap it in the background so no zombie is left.
            std::thread::spawn(move || child.wait());
        }
        Err(e) => {
            tracing::warn!(path = %path.display(), "could not open the file with the system viewer: {e}")
        }
    }
}

/// A termination signal (SIGTERM from a shutdown or `kill`, SIGINT from Ctrl+C in a
/// terminal, SIGHUP when the terminal goes) ends the app as closing its window does:
/// Tauri's exit event runs, the core shuts down (sync worker stopped, a demo's throw-away
/// folder removed). Installed before the core opens, so a signal that arrives before the
/// window exists is kept and acted on as soon as the window's loop can exit.
#[derive(Debug, Clone, Default)]
pub struct StopOnSignal {
    inner: std::sync::Arc<StopState>,
}

#[derive(Debug, Default)]
struct StopState {
    requested: std::sync::atomic::AtomicBool,
    handle: std::sync::OnceLock<tauri::AppHandle>,
}

impl StopState {
    fn stop(&self) {
        self.requested.store(true, std::sync::atomic::Ordering::SeqCst);
        if let Some(handle) = self.handle.get() {
            handle.exit(0);
        }
    }
}

impl StopOnSignal {
    #[cfg(unix)]
    pub fn install() -> std::io::Result<StopOnSignal> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let stop = StopOnSignal::default();
        let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP])?;
        let state = stop.inner.clone();
        std::thread::Builder::new().name("signals".into()).spawn(move || {
            if let Some(signal) = signals.forever().next() {
                tracing::info!(signal, "asked to stop: closing as the window would");
                state.stop();
            }
        })?;
        Ok(stop)
    }

    /// Windows has no such signals: closing the window (or logging off) ends the app.
    #[cfg(not(unix))]
    pub fn install() -> std::io::Result<StopOnSignal> {
        Ok(StopOnSignal::default())
    }

    /// The window's loop exists: a signal from now on ends it; one that came before ends
    /// it now.
    pub fn attach(&self, handle: tauri::AppHandle) {
        let _ = self.inner.handle.set(handle);
        if self.inner.requested.load(std::sync::atomic::Ordering::SeqCst) {
            self.inner.stop();
        }
    }
}

/// Linux: the window's page is drawn by the CPU, without WebKitGTK's GPU compositing.
///
/// Why: on a machine without a usable GPU (a ward's office laptop with an old or missing
/// driver, a virtual machine), WebKitGTK 2.50 composites through Mesa's software OpenGL,
/// which by itself cost ~110 MB of the web process's memory and a slower first paint here
/// (BENCHMARKS.md, "Launch"). The app's screens are forms and tables, with no 3D, video or
/// animation that would gain from compositing. `XASO_WEBKIT_COMPOSITING=1` keeps WebKit's
/// default, to compare or to work around a driver.
#[cfg(target_os = "linux")]
pub fn draw_without_gpu(window: &tauri::WebviewWindow) {
    use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt as _, WebViewExt as _};
    if std::env::var_os("XASO_WEBKIT_COMPOSITING").is_some_and(|v| v == "1") {
        return;
    }
    let applied = window.with_webview(|webview| {
        if let Some(settings) = webview.inner().settings() {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    });
    if let Err(error) = applied {
        tracing::warn!(?error, "the webview's settings could not be changed");
    }
}

#[cfg(not(target_os = "linux"))]
pub fn draw_without_gpu(_window: &tauri::WebviewWindow) {}
