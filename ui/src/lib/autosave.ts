// Autosave queue for one form. Changes are debounced; at most one request is in flight;
// while it runs only the latest input waits, and it is sent when the first one returns.
// The first save of a new record creates it and later saves use the returned id.
// An input may be given as a function: it is then read when the request is sent, so a
// save that waited behind another one sees what that one returned (new row ids).
import type { TaskInput, TaskSaved } from "$lib/api";
import { toApiError } from "$lib/errors";
import type { ApiError } from "$lib/api";

export type SaveState = "idle" | "saving" | "saved" | "error";

export type SaveBackend<I, R> = {
  /** Only for records that may not exist yet (id null). */
  create?(input: I): Promise<R>;
  save(id: string, input: I): Promise<R>;
  /** The record's id in a response. */
  idOf(result: R): string;
};

export type SaveListener<I, R> = {
  onState(state: SaveState, error: ApiError | null): void;
  /** `input` is what was sent (read at send time). */
  onSaved(result: R, input: I): void;
};

type Later<I> = I | (() => I);

export class AutoSaver<I = TaskInput, R = TaskSaved> {
  id: string | null;
  private pending: Later<I> | null = null;
  private failed: Later<I> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;

  constructor(
    id: string | null,
    private backend: SaveBackend<I, R>,
    private listener: SaveListener<I, R>,
    private delayMs = 400,
  ) {
    this.id = id;
  }

  /** Something changed: remember the latest input and save it after a pause. */
  change(input: Later<I>): void {
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

  /** Forget what waits (the record became read-only or was replaced). */
  drop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
    this.failed = null;
  }

  private async drain(): Promise<void> {
    while (this.pending) {
      const later = this.pending;
      this.pending = null;
      const input = typeof later === "function" ? (later as () => I)() : later;
      this.listener.onState("saving", null);
      try {
        const result =
          this.id === null && this.backend.create ? await this.backend.create(input) : await this.backend.save(this.id ?? "", input);
        this.id = this.backend.idOf(result);
        this.listener.onSaved(result, input);
        if (!this.pending) this.listener.onState("saved", null);
      } catch (e) {
        if (!this.pending) {
          this.failed = later;
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

/**
 * Ask-as-you-type: at most one request in flight; while it runs, later requests collapse
 * into one that is built (from the latest state) and sent when it returns.
 */
export class Latest<I, O> {
  private pending: (() => I) | null = null;
  private busy = false;

  constructor(
    private run: (input: I) => Promise<O>,
    private onResult: (output: O, input: I) => void,
    private onError: (error: ApiError, input: I) => void,
  ) {}

  request(build: () => I): void {
    this.pending = build;
    if (!this.busy) void this.pump();
  }

  private async pump(): Promise<void> {
    this.busy = true;
    try {
      while (this.pending) {
        const input = this.pending();
        this.pending = null;
        try {
          this.onResult(await this.run(input), input);
        } catch (e) {
          this.onError(toApiError(e), input);
        }
      }
    } finally {
      this.busy = false;
    }
  }
}
