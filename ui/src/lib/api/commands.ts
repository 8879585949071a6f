// Commands of the Xã Số app API (notes/contract.md): one function per Tauri command,
// each passing its request as the single argument `req`. Written by hand for now; to be
// replaced by a file generated from Rust with the same exports. No logic here.
import { invoke } from "@tauri-apps/api/core";
import type {
  AppStatus,
  BackupInfo,
  Locale,
  MilestoneInput,
  MilestoneSaved,
  Role,
  TaskDetail,
  TaskInput,
  TaskPage,
  TaskQuery,
  TaskSaved,
  TaskStatus,
  Unit,
} from "./types";

export const appStatus = () => invoke<AppStatus>("app_status");
export const unitsSearch = (req: { query: string }) => invoke<Unit[]>("units_search", { req });
export const profileSet = (req: { unit_code: string; display_name: string; role: Role }) =>
  invoke<AppStatus>("profile_set", { req });
export const localeSet = (req: { locale: Locale }) => invoke<AppStatus>("locale_set", { req });
export const tasksList = (req: TaskQuery) => invoke<TaskPage>("tasks_list", { req });
export const taskGet = (req: { id: string }) => invoke<TaskDetail>("task_get", { req });
export const taskCreate = (req: TaskInput) => invoke<TaskSaved>("task_create", { req });
export const taskSave = (req: { id: string; input: TaskInput }) => invoke<TaskSaved>("task_save", { req });
export const taskTransition = (req: { id: string; to: TaskStatus; comment: string }) =>
  invoke<TaskDetail>("task_transition", { req });
export const milestoneSave = (req: MilestoneInput) => invoke<MilestoneSaved>("milestone_save", { req });
export const milestoneDelete = (req: { task_id: string; id: string }) =>
  invoke<TaskDetail>("milestone_delete", { req });
export const backupsList = () => invoke<BackupInfo[]>("backups_list");
export const backupNow = () => invoke<BackupInfo>("backup_now");
export const backupRestore = (req: { name: string }) => invoke<AppStatus>("backup_restore", { req });
