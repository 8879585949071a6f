// Work that must reach Rust before the user leaves a screen or closes the window
// (the editor's pending autosave). Each entry flushes itself and says whether it is clean.
type Flusher = () => Promise<boolean>;

const flushers = new Set<Flusher>();

/** An autosave queue (`AutoSaver`) as far as leaving is concerned. */
type Saver = { flush(): Promise<void>; readonly hasUnsaved: boolean };

/** Count a screen's saver among the pending work while the screen is open. The returned
 *  function (the screen's teardown) takes it out and still sends what waits in it. */
export function registerSaver(saver: Saver): () => void {
  const f: Flusher = async () => {
    await saver.flush();
    return !saver.hasUnsaved;
  };
  flushers.add(f);
  return () => {
    flushers.delete(f);
    void saver.flush();
  };
}

/** Flush everything; true when all of it is saved. */
export async function flushAll(): Promise<boolean> {
  const results = await Promise.all([...flushers].map((f) => f()));
  return results.every(Boolean);
}
