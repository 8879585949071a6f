// Autosave queue for one task form. Changes are debounced; at most one request is in
// flight; while it runs only the latest input waits, and it is sent when the first one
// returns. The first save of a new task creates it and later saves use the returned id.
import type { TaskInput, TaskSaved } from "$lib/api";
import { toApiError } from "$lib/errors";
import type { ApiError } from "$lib/api";

export type SaveState = "idle" | "saving" | "saved" | "error";

export type SaveBackend = {
  create(input: TaskInput): Promise<TaskSaved>;
  save(id: string, input: TaskInput): Promise<TaskSaved>;
};

export type SaveListener = {
  onState(state: SaveState, error: ApiError | null): void;
  onSaved(result: TaskSaved): void;
};

export class AutoSaver {
  id: string | null;
  private pending: TaskInput | null = null;
  private failed: TaskInput | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;

  constructor(
    id: string | null,
    private backend: SaveBackend,
    private listener: SaveListener,
    private delayMs = 400,
  ) {
    this.id = id;
  }

  /** Something changed: remember the latest input and save it after a pause. */
  change(input: TaskInput): void {
    this.pending = input;
    this.failed = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  get hasUnsaved(): boolean {
    return this.pending !== null || this.failed !== null || this.running !== null;
  }

  /** Save now whatever is waiting; resolves when nothing is waiting or in flight. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.running) {
      if (!this.pending) return Promise.resolve();
      this.running = this.drain().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /** Send again the input whose save failed. */
  retry(): Promise<void> {
    if (this.failed && !this.pending) this.pending = this.failed;
    this.failed = null;
    return this.flush();
  }

  private async drain(): Promise<void> {
    while (this.pending) {
      const input = this.pending;
      this.pending = null;
      this.listener.onState("saving", null);
      try {
        const result = this.id === null ? await this.backend.create(input) : await this.backend.save(this.id, input);
        this.id = result.task.id;
        this.listener.onSaved(result);
        if (!this.pending) this.listener.onState("saved", null);
      } catch (e) {
        if (!this.pending) {
          this.failed = input;
          this.listener.onState("error", toApiError(e));
        }
      }
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
