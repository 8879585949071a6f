//! Generates the Tauri context and one `allow-<command>` permission per app command, so
//! that `capabilities/main.json` grants the window exactly these commands and nothing else.

// The app's one list of commands (`xaso_core::for_each_command!`), read as plain tokens:
// only the names matter here.
include!("../crates/xaso-core/src/command_list.rs");

macro_rules! names {
    ($($name:ident ( $($req:ty)? ) -> $resp:ty;)*) => { &[$(stringify!($name)),*] };
}

const COMMANDS: &[&str] = for_each_command!(names);

fn main() {
    println!("cargo::rerun-if-changed=../crates/xaso-core/src/command_list.rs");
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        // A build script reports by panicking; the message names the broken file.
        panic!("tauri-build failed: {error:#}");
    }
}
