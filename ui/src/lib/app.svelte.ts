// Application-wide state: what Rust said at start (AppStatus), which screen is open and
// the task list's query (kept here so it survives a trip to the editor and back).
import type { AppStatus, ApiError, TaskQuery } from "$lib/api";
import { i18n } from "$lib/i18n/index.svelte";
import { flushAll, type Pending } from "$lib/pending";
import { setDisplayZone } from "$lib/format";

export type TaskTab = "form" | "progress" | "budget" | "history";
export type TrainingTab = "home" | "reports" | "trainees";

export type View =
  | { name: "tasks" }
  | { name: "task"; id: string | null; nonce: number; tab?: TaskTab }
  | { name: "estimate"; id: string; nonce: number }
  | { name: "plan" }
  | { name: "norms" }
  | { name: "indicators" }
  | { name: "reports" }
  | { name: "dashboard" }
  | { name: "report"; id: string; nonce: number }
  | { name: "backups" }
  | { name: "sync" }
  | { name: "conflicts" }
  | { name: "training"; tab?: TrainingTab }
  /** A training session; `id: null` with `programmeId` is the form for a new one. */
  | { name: "session"; id: string | null; programmeId: string; edit?: boolean; nonce: number };

export const PAGE_SIZE = 50;

class AppModel {
  status = $state<AppStatus | null>(null);
  loadError = $state<ApiError | null>(null);
  view = $state<View>({ name: "tasks" });
  query = $state<TaskQuery>({ status: null, kind: null, year: null, search: "", offset: 0, limit: PAGE_SIZE });
  /** Leaving was asked while something typed is not saved: the shell asks first. */
  leaving = $state<{ view: View; pending: Pending } | null>(null);
  /** Bumped to ask the task list to focus its search box. */
  searchFocus = $state(0);
  private nonce = 0;

  setStatus(status: AppStatus): void {
    this.status = status;
    this.loadError = null;
    setDisplayZone(status.display_zone);
    i18n.locale = status.locale;
  }

  /** Leave the current screen once its pending work is saved. When something typed
   *  cannot be saved (a refused value, a failed save), ask first (`leaving`); `discard`
   *  is the person's answer "leave anyway". */
  async go(view: View, discard = false): Promise<void> {
    const pending = await flushAll();
    if (!pending.clean && !discard) {
      this.leaving = { view, pending };
      return;
    }
    this.leaving = null;
    this.view = view;
  }

  /** "Stay": back to the form, on the first field whose value was refused. */
  stay(): void {
    this.leaving = null;
    setTimeout(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  openTask(id: string, tab?: TaskTab): Promise<void> {
    return this.go({ name: "task", id, nonce: ++this.nonce, tab });
  }

  openEstimate(id: string): Promise<void> {
    return this.go({ name: "estimate", id, nonce: ++this.nonce });
  }

  openReport(id: string): Promise<void> {
    return this.go({ name: "report", id, nonce: ++this.nonce });
  }

  openSession(id: string, programmeId: string, edit = false): Promise<void> {
    return this.go({ name: "session", id, programmeId, edit, nonce: ++this.nonce });
  }

  newSession(programmeId: string): Promise<void> {
    return this.go({ name: "session", id: null, programmeId, edit: true, nonce: ++this.nonce });
  }

  /** The person works for a ward, commune or special zone (the city's staff work for the
   *  Department: they propose no task and keep no unit plan). */
  get hasUnit(): boolean {
    return !!this.status?.profile?.unit_code;
  }

  /** The person is the Department's staff (reviewer, administrator). */
  get isCity(): boolean {
    const role = this.status?.profile?.role;
    return role === "city_reviewer" || role === "city_admin";
  }

  newTask(): Promise<void> {
    if (!this.hasUnit) return Promise.resolve();
    return this.go({ name: "task", id: null, nonce: ++this.nonce });
  }

  async focusSearch(): Promise<void> {
    if (this.view.name !== "tasks") await this.go({ name: "tasks" });
    this.searchFocus++;
  }

  /** After a restore the data is new: start again from the task list. */
  reset(status: AppStatus): void {
    this.setStatus(status);
    this.query = { status: null, kind: null, year: null, search: "", offset: 0, limit: PAGE_SIZE };
    this.view = { name: "tasks" };
  }
}

export const app = new AppModel();
