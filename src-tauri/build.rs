//! Generates the Tauri context and one `allow-<command>` permission per app command,
//! so that `capabilities/main.json` can grant the window exactly these commands.

/// Every command registered in `main.rs` with `generate_handler!`; keep the two lists equal
/// (a command missing here is refused at run time by the capability check).
const COMMANDS: &[&str] = &[
    "app_status",
    "units_search",
    "profile_set",
    "locale_set",
    "tasks_list",
    "task_get",
    "task_create",
    "task_save",
    "task_transition",
    "milestone_save",
    "milestone_delete",
    "backups_list",
    "backup_now",
    "backup_restore",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        // A build script reports by panicking; the message names the broken file.
        panic!("tauri-build failed: {error:#}");
    }
}
