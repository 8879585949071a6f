// Work that must reach Rust before the user leaves a screen or closes the window
// (the editor's pending autosave). Each entry flushes itself and says whether it is clean.
type Flusher = () => Promise<boolean>;

const flushers = new Set<Flusher>();

export function registerFlusher(f: Flusher): () => void {
  flushers.add(f);
  return () => flushers.delete(f);
}

/** Flush everything; true when all of it is saved. */
export async function flushAll(): Promise<boolean> {
  const results = await Promise.all([...flushers].map((f) => f()));
  return results.every(Boolean);
}
