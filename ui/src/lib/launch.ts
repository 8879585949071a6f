/**
 * Launch marks: `performance.mark`s the launch benchmark (`tests/benches/launch.rs`) reads
 * from the real window to tell how long after the process started the window painted and
 * the task list was on screen. A mark costs nothing a person could notice; each is set
 * once, after the frame that shows it has been painted (a task queued from the frame's
 * animation callback runs after that frame's paint).
 */
export const FIRST_PAINT = "xaso:first-paint";
export const LIST_SHOWN = "xaso:list-shown";

export function markPainted(name: string): void {
  if (performance.getEntriesByName(name, "mark").length > 0) return;
  requestAnimationFrame(() =>
    setTimeout(() => {
      if (performance.getEntriesByName(name, "mark").length === 0) performance.mark(name);
    }),
  );
}
