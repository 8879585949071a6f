// Presentation of training files and sessions: a file's state in words and the share of
// a transfer done. What state a file is in, and every count, comes from Rust.
import type { FileState, FileView, SessionFormat } from "$lib/api";
import { t } from "$lib/i18n/index.svelte";

/** States in which the file is still moving; the screens poll while one is shown. */
export const MOVING: readonly FileState[] = ["queued", "downloading", "uploading"];

export const isMoving = (f: FileView) => MOVING.includes(f.state);

/** The share of a transfer done, as a whole percentage for display. */
export function percent(f: FileView): number {
  if (f.total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((f.done * 100) / f.total)));
}

export function fileStateText(f: FileView): string {
  switch (f.state) {
    case "downloading":
      return t("tr.file.downloading", { p: percent(f) });
    case "problem":
      return t("tr.file.problem", { problem: f.problem ?? "" });
    default:
      return t(`tr.file.${f.state}`);
  }
}

export const FORMATS: readonly SessionFormat[] = ["in_person", "online", "hybrid"];
export const formatLabel = (f: SessionFormat) => t(`tr.format.${f}`);

/**
 * Calls `load` every `everyMs` while `moving()` says a file is in motion, and stops when
 * none is (or the returned stop function is called, e.g. when the screen is left). When
 * the files are moving but nothing changed for a while (no connection), it slows down.
 */
export function pollWhileMoving(load: () => Promise<string>, moving: () => boolean, everyMs = 1000): { kick: () => void; stop: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let last = "";
  let still = 0;
  const step = async () => {
    timer = undefined;
    if (stopped || !moving()) return;
    let seen = last;
    try {
      seen = await load();
    } catch {
      // The screen shows its own error; keep trying at the slow pace.
    }
    still = seen === last ? still + 1 : 0;
    last = seen;
    schedule();
  };
  const schedule = () => {
    if (stopped || timer !== undefined || !moving()) return;
    timer = setTimeout(step, still >= 10 ? everyMs * 5 : everyMs);
  };
  return {
    kick: () => {
      still = 0;
      schedule();
    },
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
