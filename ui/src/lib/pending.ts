// Work that must reach Rust before the user leaves a screen or closes the window
// (the editor's pending autosave). Each entry flushes itself and says what is still not
// saved: a save that failed, or fields whose typed value Rust refused (shown in red beside
// them; the stored value is the one before). Leaving then asks first (`app.go`).
type Flusher = () => Promise<Pending>;

/** What leaving now would lose. */
export type Pending = {
  /** Nothing would be lost. */
  clean: boolean;
  /** A save failed (the error shows on the screen's save status). */
  failed: boolean;
  /** Fields whose typed value was refused and is not stored. */
  unsaved: number;
};

const flushers = new Set<Flusher>();

/** An autosave queue (`AutoSaver`) as far as leaving is concerned. */
type Saver = { flush(): Promise<void>; readonly hasUnsaved: boolean };

/** Count a screen's saver among the pending work while the screen is open; `unsaved`
 *  says how many of its fields hold a typed value Rust refused. The returned function
 *  (the screen's teardown) takes it out and still sends what waits in it. */
export function registerSaver(saver: Saver, unsaved: () => number = () => 0): () => void {
  const f: Flusher = async () => {
    await saver.flush();
    const failed = saver.hasUnsaved;
    const n = unsaved();
    return { clean: !failed && n === 0, failed, unsaved: n };
  };
  flushers.add(f);
  return () => {
    flushers.delete(f);
    void saver.flush();
  };
}

/** Flush everything; says what is still not saved. */
export async function flushAll(): Promise<Pending> {
  const results = await Promise.all([...flushers].map((f) => f()));
  return {
    clean: results.every((r) => r.clean),
    failed: results.some((r) => r.failed),
    unsaved: results.reduce((n, r) => n + r.unsaved, 0),
  };
}
