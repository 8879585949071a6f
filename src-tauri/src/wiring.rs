//! Checks that what cannot be generated from the one list of commands
//! (`xaso_core::for_each_command!`, which makes the handlers and permissions) agrees with
//! it: `capabilities/main.json` (what the window may call) and the commands the UI calls
//! (`ui/src/lib/api/commands.ts`, generated from xaso-core). A command missing anywhere is
//! refused at run time: the UI would fail.

use std::collections::BTreeSet;
use std::path::Path;

macro_rules! names {
    ($($name:ident ( $($req:ty)? ) -> $resp:ty;)*) => { [$(stringify!($name)),*] };
}

fn registered() -> BTreeSet<String> {
    xaso_core::for_each_command!(names).iter().map(|s| (*s).to_owned()).collect()
}

/// The permissions of the window besides our commands: closing itself after the UI's
/// onCloseRequested handler has saved what is pending.
const WINDOW_PERMISSIONS: [&str; 4] = [
    "core:window:allow-close",
    "core:window:allow-destroy",
    "core:event:default",
    // The system's file-open dialog (tauri-plugin-dialog), to pick a material's file.
    "dialog:allow-open",
];

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_capability_grants_exactly_our_commands_and_closing_the_window() {
    let text = std::fs::read_to_string(manifest_dir().join("capabilities/main.json")).unwrap();
    let capability: serde_json::Value = serde_json::from_str(&text).unwrap();
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    let expected: BTreeSet<String> = registered()
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .chain(WINDOW_PERMISSIONS.iter().map(|p| (*p).to_owned()))
        .collect();
    assert_eq!(granted, expected);
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
    assert!(capability.get("remote").is_none(), "no remote URL may reach the IPC");
}

#[test]
fn every_command_the_ui_calls_is_registered_and_nothing_else() {
    let path = manifest_dir().join("../ui/src/lib/api/commands.ts");
    let text = std::fs::read_to_string(&path).unwrap();
    // Each binding reads `invoke<Response>("name", …)` or `invoke("name")`.
    let called: BTreeSet<String> = text
        .split("invoke")
        .skip(1)
        .filter_map(|rest| rest.split_once("(\"").map(|(_, after)| after))
        .filter_map(|after| after.split_once('"').map(|(name, _)| name.to_owned()))
        .collect();
    assert!(!called.is_empty(), "no invoke(...) found in {}", path.display());
    assert_eq!(called, registered(), "left: called by the UI, right: registered by the shell");
}

#[test]
fn the_window_is_locked_down() {
    let text = std::fs::read_to_string(manifest_dir().join("tauri.conf.json")).unwrap();
    let config: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        config["app"]["security"]["csp"],
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; connect-src ipc: http://ipc.localhost"
    );
    assert_eq!(config["build"]["frontendDist"], "../ui/dist");
    assert!(config["build"].get("devUrl").is_none(), "no remote or dev-server content");
    assert_eq!(config["app"]["withGlobalTauri"], false);
}
