// Generated from the Rust types in crates/xaso-core by `cargo test -p xaso-core bindings`
// (XASO_UPDATE_BINDINGS=1 rewrites it). Do not edit by hand.

import { invoke } from "@tauri-apps/api/core";
import type * as T from "./types";

export const appStatus = () => invoke<T.AppStatus>("app_status");
export const unitsSearch = (req: T.UnitSearch) => invoke<Array<T.Unit>>("units_search", { req });
export const profileSet = (req: T.ProfileSet) => invoke<T.AppStatus>("profile_set", { req });
export const localeSet = (req: T.LocaleSet) => invoke<T.AppStatus>("locale_set", { req });
export const tasksList = (req: T.TaskQuery) => invoke<T.TaskPage>("tasks_list", { req });
export const taskGet = (req: T.TaskRef) => invoke<T.TaskDetail>("task_get", { req });
export const taskCreate = (req: T.TaskInput) => invoke<T.TaskSaved>("task_create", { req });
export const taskSave = (req: T.TaskSave) => invoke<T.TaskSaved>("task_save", { req });
export const taskTransition = (req: T.TaskTransition) => invoke<T.TaskDetail>("task_transition", { req });
export const milestoneSave = (req: T.MilestoneInput) => invoke<T.MilestoneSaved>("milestone_save", { req });
export const milestoneDelete = (req: T.MilestoneDelete) => invoke<T.TaskDetail>("milestone_delete", { req });
export const backupsList = () => invoke<Array<T.BackupInfo>>("backups_list");
export const backupNow = () => invoke<T.BackupInfo>("backup_now");
export const backupRestore = (req: T.BackupRestore) => invoke<T.AppStatus>("backup_restore", { req });
export const estimatesList = (req: T.TaskRef) => invoke<T.EstimateList>("estimates_list", { req });
export const estimateCreate = (req: T.EstimateCreate) => invoke<T.EstimateDetail>("estimate_create", { req });
export const estimateGet = (req: T.EstimateRef) => invoke<T.EstimateDetail>("estimate_get", { req });
export const estimateCompute = (req: T.SheetInput) => invoke<T.ComputeResult>("estimate_compute", { req });
export const estimateSave = (req: T.SheetInput) => invoke<T.EstimateSaved>("estimate_save", { req });
export const estimateTransition = (req: T.EstimateTransition) => invoke<T.EstimateDetail>("estimate_transition", { req });
export const estimateLineComment = (req: T.LineComment) => invoke<T.EstimateDetail>("estimate_line_comment", { req });
export const estimateNewVersion = (req: T.EstimateRef) => invoke<T.EstimateDetail>("estimate_new_version", { req });
export const estimateCompare = (req: T.EstimateCompare) => invoke<T.CompareView>("estimate_compare", { req });
export const estimateExportXlsx = (req: T.EstimateRef) => invoke<T.ExportDone>("estimate_export_xlsx", { req });
export const normsList = () => invoke<Array<T.NormView>>("norms_list");
export const normSave = (req: T.NormInput) => invoke<T.NormSaved>("norm_save", { req });
export const planGet = (req: T.PlanQuery) => invoke<T.PlanView>("plan_get", { req });
export const planSet = (req: T.PlanSet) => invoke<T.PlanView>("plan_set", { req });
export const syncStatus = () => invoke<T.SyncView>("sync_status");
export const syncNow = () => invoke<T.SyncView>("sync_now");
export const syncEnroll = (req: T.SyncEnroll) => invoke<T.SyncView>("sync_enroll", { req });
export const syncSignOut = () => invoke<T.SyncView>("sync_sign_out");
export const conflictsList = () => invoke<Array<T.ConflictView>>("conflicts_list");
export const conflictResolve = (req: T.ConflictResolve) => invoke<Array<T.ConflictView>>("conflict_resolve", { req });
export const deadLettersList = () => invoke<Array<T.DeadLetterView>>("dead_letters_list");
