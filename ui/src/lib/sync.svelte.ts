// What the header's sync status area shows: Rust's SyncView, asked for every few seconds
// while the shell is open. The poll never blocks anything and never opens a dialog: when it
// fails, the last known view stays and the failure is only noted beside it. A hidden window
// (minimised, on another desktop) is not polled: nobody reads it, and Rust's worker syncs on
// its own; the window asks again the moment it is shown.
import { appStatus, syncStatus, type ApiError, type SyncView } from "$lib/api";
import { app } from "$lib/app.svelte";
import { toApiError } from "$lib/errors";
import { live } from "$lib/live.svelte";

export const POLL_MS = 3000;

class SyncModel {
  view = $state<SyncView | null>(null);
  /** The last poll failed (the view, if any, is the one before). */
  pollError = $state<ApiError | null>(null);
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Which start() the running poll loop belongs to; 0 when stopped. */
  private loop = 0;
  private loops = 0;
  /** The loop stopped asking because the window was hidden; showing it resumes. */
  private paused = false;
  /** Bumped by every ask and every command's answer: an older answer that arrives late is dropped. */
  private seq = 0;

  /** Start polling; the returned function stops it. */
  start(): () => void {
    if (this.timer) clearTimeout(this.timer);
    const loop = ++this.loops;
    this.loop = loop;
    this.paused = false;
    const shown = () => {
      if (this.loop !== loop || !this.paused || document.hidden) return;
      this.paused = false;
      void this.tick(loop);
    };
    document.addEventListener("visibilitychange", shown);
    void this.tick(loop);
    return () => {
      document.removeEventListener("visibilitychange", shown);
      if (this.loop !== loop) return;
      this.loop = 0;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
    };
  }

  /** A fresh view from a command's answer (sync now, enrol, sign out). */
  set(view: SyncView): void {
    this.seq++;
    this.view = view;
    this.pollError = null;
    void live.seen(view.data_seq);
  }

  /** Ask now, out of turn (after a conflict is resolved, say). */
  async refresh(): Promise<void> {
    const seq = ++this.seq;
    try {
      const view = await syncStatus();
      if (seq !== this.seq) return;
      // The same answer again changes nothing on screen.
      if (JSON.stringify(view) !== JSON.stringify($state.snapshot(this.view))) this.view = view;
      this.pollError = null;
      void live.seen(view.data_seq);
      // The start-up check found the file damaged: the recovery screen takes over.
      if (view.store_damaged && app.status?.state === "ready") app.setStatus(await appStatus());
    } catch (e) {
      if (seq === this.seq) this.pollError = toApiError(e);
    }
  }

  private async tick(loop: number): Promise<void> {
    await this.refresh();
    if (this.loop !== loop) return;
    if (document.hidden) {
      this.paused = true;
      return;
    }
    // One call at a time: the next poll is scheduled only once this one has answered.
    this.timer = setTimeout(() => void this.tick(loop), POLL_MS);
  }
}

export const sync = new SyncModel();
