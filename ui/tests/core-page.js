// The page's side of the bridge to the real core, installed before the app loads
// (page.addInitScript(installCoreBridge)). `invoke` records each call (for `calls()` and
// `waitForCall()`), then hands it to `window.__xasoCore`, a Playwright binding whose Node
// side forwards it to the `xaso-ui-bridge` process. Only Tauri's own plugin calls (events,
// window) are answered here, as there is no window; every app command reaches Rust.
//
// Test levers that are not the core's behaviour stay here: `delays[cmd]` (ms before a
// call goes out, to see the UI while it waits), `failures[cmd]` (an ApiError the call
// answers instead, for faults a test cannot cause for real, e.g. a full disk), and the
// concurrency counters. Self-contained (serialized into the page).
export function installCoreBridge() {
  const clone = (v) => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
  const inFlight = new Map();
  const core = {
    calls: [],
    delays: {},
    failures: {},
    maxConcurrentSaves: 0,
    maxConcurrent: {},
    /** What the system's file dialog answers (`plugin:dialog|open`): a path, or null as
     *  when the person cancels. */
    picked: null,
    listeners: new Map(),
    /** Ask the app to close the window as Tauri would. */
    async requestClose() {
      for (const [, l] of core.listeners) {
        if (l.event === "tauri://close-requested") await window.__TAURI_INTERNALS__.runCallback(l.handler, { event: l.event, id: l.eventId, payload: null });
      }
    },
  };

  let cb = 1;
  const callbacks = new Map();
  window.__TAURI_EVENT_PLUGIN_INTERNALS__ = { unregisterListener() {} };
  window.__TAURI_INTERNALS__ = {
    metadata: { currentWindow: { label: "main" }, currentWebview: { windowLabel: "main", label: "main" } },
    plugins: {},
    transformCallback(fn, once) {
      const id = cb++;
      callbacks.set(id, (p) => {
        if (once) callbacks.delete(id);
        return fn(p);
      });
      return id;
    },
    unregisterCallback(id) {
      callbacks.delete(id);
    },
    runCallback(id, payload) {
      return callbacks.get(id)?.(payload);
    },
    convertFileSrc: (p) => p,
    async invoke(cmd, args = {}) {
      const call = { cmd, req: clone(args.req), args: clone(args), at: performance.now() };
      core.calls.push(call);
      if (cmd === "plugin:event|listen") {
        const eventId = cb++;
        core.listeners.set(eventId, { event: args.event, handler: args.handler, eventId });
        return eventId;
      }
      if (cmd === "plugin:dialog|open") return core.picked;
      if (cmd.startsWith("plugin:")) return null;
      const key = cmd === "task_save" || cmd === "task_create" ? "task" : cmd === "estimate_save" || cmd === "estimate_compute" ? cmd : null;
      if (key) {
        const n = (inFlight.get(key) ?? 0) + 1;
        inFlight.set(key, n);
        if (key === "task") core.maxConcurrentSaves = Math.max(core.maxConcurrentSaves, n);
        core.maxConcurrent[key] = Math.max(core.maxConcurrent[key] ?? 0, n);
      }
      try {
        const delay = core.delays[cmd] ?? 0;
        if (delay) await new Promise((r) => setTimeout(r, delay));
        if (core.failures[cmd]) throw core.failures[cmd];
        const answer = await window.__xasoCore(cmd, clone(args));
        if ("err" in answer) throw answer.err;
        // Kept for tests that need what the core made (a new task's id).
        call.answer = clone(answer.ok);
        return answer.ok;
      } finally {
        if (key) inFlight.set(key, inFlight.get(key) - 1);
      }
    },
  };
  window.__core = core;
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
}
