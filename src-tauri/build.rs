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
    // The window embeds the built UI; without it `generate_context!` fails deep inside a
    // proc macro. Say in one line what to run instead.
    println!("cargo::rerun-if-changed=../ui/dist/index.html");
    if !std::path::Path::new("../ui/dist/index.html").exists() {
        println!(
            "cargo::error=ui/dist is missing (the window embeds the built UI): run \
             `npm ci --prefix ui && npm run build --prefix ui`, or `cargo xtask test`, which builds it"
        );
        return;
    }
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        // A build script reports by panicking; the message names the broken file.
        panic!("tauri-build failed: {error:#}");
    }
}
