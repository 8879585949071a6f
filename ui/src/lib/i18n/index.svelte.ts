// The current UI language and the lookup function. The locale lives in Rust (AppStatus.locale,
// changed with `locale_set`); this module mirrors it so every label re-renders at once.
import type { EstimateStatus, LabourRole, LineGroup, Locale, NormKind, TaskKind, TaskStatus, Role, SyncState, UnitKind } from "$lib/api";
import { formatAmount } from "$lib/format";
import { SYNCED_LABELS } from "$lib/api/labels";
import { messages, type MessageKey } from "./messages";

let current = $state<Locale>("vi");

export const i18n = {
  get locale(): Locale {
    return current;
  },
  set locale(value: Locale) {
    current = value;
    if (typeof document !== "undefined") document.documentElement.lang = value;
  },
};

export type Params = Record<string, string | number>;

export function t(key: MessageKey, params?: Params): string {
  const text: string = messages[key]?.[current] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Messages that come as a pair `<base>_one` / `<base>_n` (English says "1 change", "3 changes"). */
export type CountedKey = { [K in MessageKey]: K extends `${infer B}_one` ? B : never }[MessageKey];

/** A counted message: the `_one` form for exactly one, the `_n` form otherwise; `{n}` is
 *  filled with the number as shown (thousands with dots). */
export function tCount(base: CountedKey, n: number, params?: Params): string {
  return t(`${base}_${n === 1 ? "one" : "n"}` as MessageKey, { ...params, n: formatAmount(n) });
}

export const statusLabel = (s: TaskStatus) => t(`status.${s}`);
export const actionLabel = (s: TaskStatus) => t(`action.${s}`);
export const kindLabel = (k: TaskKind) => t(`kind.${k}`);
export const kindShort = (k: TaskKind) => t(`kind_short.${k}`);
export const roleLabel = (r: Role) => t(`role.${r}`);
export const unitKindLabel = (k: UnitKind) => t(`unit_kind.${k}`);
export const labourLabel = (r: LabourRole) => t(`labour.${r}`);
export const groupLabel = (g: LineGroup) => t(`group.${g}`);
export const normKindLabel = (k: NormKind) => t(`norm_kind.${k}`);
export const syncStateLabel = (s: SyncState) => t(`sync.state.${s}`);
export const estimateActionLabel = (s: EstimateStatus) => t(s === "draft" ? "action.draft" : `estimate_action.${s}`);

/** What a person calls `field` of the synced `table`: the one list in xaso-domain
 *  (generated into `$lib/api/labels.ts`), so a form, a conflict and an export agree. */
export function syncedFieldLabel(table: string, field: string): string {
  return SYNCED_LABELS[table]?.fields[field]?.[current] ?? field;
}

/** A task form's field (TaskInput keys are the task's columns). */
export const taskField = (field: string) => syncedFieldLabel("tasks", field);
/** A milestone's field (the milestone form says `title`, `due`, `start` for its columns). */
export const milestoneField = (field: string) =>
  syncedFieldLabel("milestones", ({ due: "due_date", start: "start_date" } as Record<string, string>)[field] ?? field);

/** Label of a form field by its contract name (TaskInput / MilestoneInput keys). */
export function fieldLabel(field: string): string {
  if (SYNCED_LABELS.tasks.fields[field]) return taskField(field);
  return milestoneField(field);
}

export type { MessageKey };
