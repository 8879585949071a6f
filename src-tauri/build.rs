//! Generates the Tauri context and one `allow-<command>` permission per app command, so
//! that `capabilities/main.json` grants the window exactly these commands and nothing else.

include!("src/command_list.rs");

macro_rules! names {
    ($($command:ident),* $(,)?) => { &[$(stringify!($command)),*] };
}

const COMMANDS: &[&str] = app_commands!(names);

fn main() {
    println!("cargo::rerun-if-changed=src/command_list.rs");
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        // A build script reports by panicking; the message names the broken file.
        panic!("tauri-build failed: {error:#}");
    }
}
