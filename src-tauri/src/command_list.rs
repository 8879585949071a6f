// The one list of the app's commands, shared by build.rs (which generates an
// `allow-<command>` permission for each) and main.rs (which registers each handler).
// Included with `include!`; `cargo test -p xaso-app` checks it against the capability and
// against the commands the UI calls (ui/src/lib/api/commands.ts, generated from xaso-core).
macro_rules! app_commands {
    ($then:ident) => {
        $then!(
            app_status,
            units_search,
            profile_set,
            locale_set,
            tasks_list,
            task_get,
            task_create,
            task_save,
            task_transition,
            milestone_save,
            milestone_delete,
            backups_list,
            backup_now,
            backup_restore,
            estimates_list,
            estimate_create,
            estimate_get,
            estimate_compute,
            estimate_save,
            estimate_transition,
            estimate_line_comment,
            estimate_new_version,
            estimate_compare,
            estimate_export_xlsx,
            norms_list,
            norm_save,
            plan_get,
            plan_set,
            sync_status,
            sync_now,
            sync_enroll,
            sync_sign_out,
            conflicts_list,
            conflict_resolve,
            dead_letters_list
        )
    };
}
