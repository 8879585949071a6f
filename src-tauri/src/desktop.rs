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
