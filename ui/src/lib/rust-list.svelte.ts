// A list a screen reads from Rust and reads again when something says it changed (a count in
// the sync status). Answers can arrive out of order: only the answer to the newest request is
// kept, and a command that answers with the whole new list (dismiss, resolve) makes every
// request still on its way older than that answer.
import type { ApiError } from "$lib/api";
import { toApiError } from "$lib/errors";

export class RustList<T> {
  items = $state<T[] | null>(null);
  error = $state<ApiError | null>(null);
  private seq = 0;

  constructor(private fetch: () => Promise<T[]>) {}

  async load(): Promise<void> {
    const mine = ++this.seq;
    try {
      const found = await this.fetch();
      if (mine !== this.seq) return;
      this.items = found;
      this.error = null;
    } catch (e) {
      if (mine === this.seq) this.error = toApiError(e);
    }
  }

  /** Take the list a command answered with; a load in flight must not bring back the old one. */
  async replace(answer: Promise<T[]>): Promise<void> {
    this.seq++;
    this.items = await answer;
    this.error = null;
  }
}
