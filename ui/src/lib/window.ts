// Before the window closes, save what is pending. If that fails (or a typed value was
// refused and is not stored) the first close is held back so the user sees why, beside
// the field or on the save status; asking to close again closes anyway.
import { getCurrentWindow } from "@tauri-apps/api/window";
import { flushAll } from "$lib/pending";

export async function guardWindowClose(): Promise<() => void> {
  if (!("__TAURI_INTERNALS__" in window)) return () => {};
  let heldOnce = false;
  return getCurrentWindow().onCloseRequested(async (event) => {
    const { clean } = await flushAll();
    if (!clean && !heldOnce) {
      heldOnce = true;
      event.preventDefault();
    }
  });
}
