// Test harness: serves ui/dist on 127.0.0.1 with the shell's CSP, drives the system
// Chromium through playwright-core (no browser download), and opens pages whose Tauri
// `invoke` reaches the real Rust core: a `xaso-ui-bridge` process (crates/xaso-core/src/
// bin) opened on a fresh temporary folder per test, answering every command through
// `xaso_core::dispatch`, the same command list as the shell's adapters.
//
// The page's CSP forbids fetch to 127.0.0.1, so the page calls a Playwright binding
// (`page.exposeFunction`, a CDP binding, not a network request) and Node forwards the
// call to the bridge. Tests seed data through real commands (`core.call("task_create",
// …)`, see ./seed.js); states the app cannot be brought to by commands (a damaged or
// newer database) come from a prepared folder (`core.reopen(mutate)`).
//
// The sync tests that need a city server start a real one (`startServer`, xaso-server on
// a temporary SQLite file); a conflict comes from a second bridge (a second laptop of the
// ward) editing the same fields; `lanAddress()` makes the server "another computer".
//
// A change no laptop could push (one the laptop must set aside) is written into the
// stopped server's database (`server.database`).
//
// A ward's training materials come from the city as they do in the field: the city's own
// laptop (a second bridge, signed in with a city role) publishes them with real files,
// its file worker sends them to a real server, and the ward's laptop (its sync and file
// workers running) downloads them. The states of a file on its way — part-way at 45 %,
// moving on, failed — come from a link between the ward and the server that the test
// controls (`startFileProxy`: it holds a file's bytes at an offset, lets more through, or
// cuts the files off).
//
// Every test runs on the real core (`run(async (core) => …, …)`, the seed given a fresh
// core); static.test.js needs no core. The screenshot script (screenshots.js) seeds the
// same way.
import { createServer, request as httpRequest } from "node:http";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { networkInterfaces, tmpdir } from "node:os";
import { createInterface } from "node:readline";
import { createServer as createTcpServer, connect } from "node:net";
import { readFile, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { extname, join, normalize, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { installCoreBridge } from "./core-page.js";

const here = dirname(fileURLToPath(import.meta.url));
export const DIST = join(here, "..", "dist");

// The CSP the Tauri shell sets; the bundle must run under it unchanged.
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src ipc: http://ipc.localhost";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

export async function serveDist() {
  if (!existsSync(join(DIST, "index.html"))) throw new Error("ui/dist is missing: run `npm run build` first");
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    let file = join(DIST, path);
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
    } catch {
      file = join(DIST, "index.html");
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "content-security-policy": CSP });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) };
}

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function launch() {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

// ---- The real core --------------------------------------------------------------------

const ROOT = join(here, "..", "..");
/** The bridge binary: `cargo xtask test` builds it and names it in XASO_UI_BRIDGE. */
export const BRIDGE = process.env.XASO_UI_BRIDGE || join(ROOT, "target", "debug", "xaso-ui-bridge");

/**
 * Starts `xaso-ui-bridge` on `dir` (a fresh temporary folder by default; `demo` opens the
 * core's own demo data instead; `worker` runs the background sync worker, as the app
 * does, instead of syncing only on `sync_now`). Answers `{ dir, dbPath, backupsDir, invoke, call, reopen,
 * close }`: `invoke(cmd, args)` answers `{ ok }` or `{ err }` as the page's invoke would;
 * `call(cmd, req)` answers `ok` or throws (for seeding); `reopen(mutate)` closes the core
 * cleanly, runs `mutate(core)` on its files and opens a new core on the same folder.
 */
export async function startCore({ dir, demo = false, worker = false } = {}) {
  if (!existsSync(BRIDGE)) {
    throw new Error(`the core bridge ${BRIDGE} is missing: run \`cargo build -p xaso-core --bin xaso-ui-bridge\` (or \`cargo xtask test\`)`);
  }
  const owned = !dir;
  dir ??= await mkdtemp(join(tmpdir(), "xaso-ui-"));
  // The core's folder is a child, so its `<data>.secrets` sibling stays inside `dir`.
  const dataDir = join(dir, "data");
  const child = spawn(BRIDGE, [dataDir, ...(demo ? ["--demo"] : []), ...(worker ? ["--sync-worker"] : [])], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const port = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (l) => resolve(Number(l)));
    child.once("exit", (code) => reject(new Error(`xaso-ui-bridge exited (${code}) before saying its port`)));
  });
  const invoke = async (cmd, args = {}) => {
    const res = await fetch(`http://127.0.0.1:${port}/invoke/${cmd}`, { method: "POST", body: JSON.stringify(args ?? {}) });
    const answer = await res.json();
    if (res.status !== 200) throw new Error(`xaso-ui-bridge refused ${cmd}: ${answer.bridge_error}`);
    return answer;
  };
  const call = async (cmd, req) => {
    const answer = await invoke(cmd, req === undefined ? {} : { req });
    if ("err" in answer) throw new Error(`${cmd} failed: ${JSON.stringify(answer.err)}`);
    return answer.ok;
  };
  const stop = async () => {
    child.stdin.end();
    await exited;
  };
  const core = {
    dir,
    dataDir,
    dbPath: join(dataDir, "xaso.sqlite3"),
    backupsDir: join(dataDir, "backups"),
    invoke,
    call,
    async reopen(mutate) {
      await stop();
      await mutate?.(core);
      const next = await startCore({ dir, demo, worker });
      next.owned = core.owned;
      return next;
    },
    async close() {
      await stop();
      if (core.owned) await rm(dir, { recursive: true, force: true });
    },
    owned,
  };
  return core;
}

/** The city server binary (`cargo build -p xaso-server`), for the sync tests. */
export const SERVER = process.env.XASO_SERVER_BIN || join(ROOT, "target", "debug", "xaso-server");

/**
 * A real city server (`xaso-server serve`) on a SQLite file in a fresh temporary folder,
 * with the bundled units and `users` ({ name, display_name, role, unit, password }).
 * Answers `{ url, admin, stop, start, close }`: `admin(args)` runs an admin's command on
 * its database; `stop()` makes it unreachable (the folder stays), `start()` serves it
 * again on the same port. `host`: the address it listens on (127.0.0.1; `lanAddress()`
 * for a server that is "another computer" to the laptop).
 */
export async function startServer(users = [], { host = "127.0.0.1" } = {}) {
  if (!existsSync(SERVER)) {
    throw new Error(`the city server ${SERVER} is missing: run \`cargo build -p xaso-server --bin xaso-server\` (or \`cargo xtask test\`)`);
  }
  const dir = await mkdtemp(join(tmpdir(), "xaso-server-"));
  const database = join(dir, "server.sqlite3");
  const admin = (args, input) =>
    new Promise((resolve, reject) => {
      const child = spawn(SERVER, args, { stdio: ["pipe", "ignore", "inherit"] });
      child.stdin.end(input ?? "");
      child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`xaso-server ${args[0]} ${args[1] ?? ""} failed (${code})`))));
    });
  await admin(["import-units", "--database", database]);
  for (const u of users) {
    await admin(
      ["user", "add", "--database", database, "--name", u.name, "--display-name", u.display_name, "--role", u.role, ...(u.unit ? ["--unit", u.unit] : []), "--password-stdin"],
      `${u.password}\n`,
    );
  }
  // A free port, chosen here so the server can be started again on the same address.
  const port = await new Promise((resolve) => {
    const probe = createTcpServer().listen(0, host, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
  let child = null;
  const server = {
    url: `http://${host}:${port}`,
    /** Its SQLite file (to prepare a state no laptop could push, with the server stopped). */
    database,
    /** An admin's command on the server's database (`user disable --name …`). */
    admin: (args, input) => admin([...args, "--database", database], input),
    async start() {
      child = spawn(SERVER, ["serve", "--database", database, "--listen", `${host}:${port}`], { stdio: ["ignore", "ignore", "ignore"] });
      await until(
        () =>
          new Promise((resolve) => {
            const socket = connect(port, host, () => {
              socket.destroy();
              resolve(true);
            });
            socket.once("error", () => resolve(false));
          }),
        "the city server to listen",
        15000,
      );
    },
    async stop() {
      if (!child) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      child = null;
    },
    async close() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

/**
 * A link between a laptop and the city server (`target`, a server's url) that the test
 * controls, for the states of a file on its way: every request is passed on unchanged,
 * except the files' byte ranges (`GET /v1/blobs/<sha>`), which stop at the byte offset
 * `hold(sha, offset)` set — the range that spans it sends its first bytes and waits, the
 * ranges after it wait whole — until `release(sha, offset?)` moves the limit (or lifts it).
 * `cutFiles(true)` closes the connection of every file request (the link is gone for
 * files; the rows still sync), `cutFiles(false)` mends it. The laptop enrols with
 * `proxy.url` as its server.
 */
export async function startFileProxy(target) {
  const upstream = new URL(target);
  const limits = new Map();
  const waiters = new Set();
  let cut = false;
  const limitOf = (sha) => limits.get(sha) ?? Infinity;
  const wake = () => {
    for (const w of [...waiters]) w();
  };
  // Resolves once `ok()` holds (checked again whenever a limit moves), or the client left.
  const allowed = (ok, res) =>
    new Promise((resolve) => {
      if (ok()) return resolve(true);
      const check = () => {
        if (res.destroyed) {
          waiters.delete(check);
          resolve(false);
        } else if (ok()) {
          waiters.delete(check);
          resolve(true);
        }
      };
      waiters.add(check);
      res.once("close", check);
    });
  const server = createServer(async (req, res) => {
    const file = /^\/v1\/blobs\/([0-9a-f]{64})(\/|$)/.exec(req.url ?? "");
    if (file && cut) {
      req.socket.destroy();
      return;
    }
    const range = req.method === "GET" && /^\/v1\/blobs\/[0-9a-f]{64}$/.test(req.url ?? "") ? /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? "") : null;
    const sha = file?.[1];
    const start = range ? Number(range[1]) : 0;
    if (range && !(await allowed(() => limitOf(sha) > start, res))) return;
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, async (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      if (!range) return answer.pipe(res);
      // The range's bytes, as far as the limit lets them go.
      const body = [];
      for await (const piece of answer) body.push(piece);
      const bytes = Buffer.concat(body);
      let sent = 0;
      while (sent < bytes.length) {
        const upTo = Math.min(bytes.length, limitOf(sha) - start);
        if (upTo > sent) {
          res.write(bytes.subarray(sent, upTo));
          sent = upTo;
        } else if (!(await allowed(() => limitOf(sha) - start > sent, res))) {
          return;
        }
      }
      res.end();
    });
    out.on("error", () => res.destroy());
    req.pipe(out);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    hold(sha, offset) {
      limits.set(sha, offset);
      wake();
    },
    release(sha, offset = Infinity) {
      limits.set(sha, offset);
      wake();
    },
    cutFiles(on) {
      cut = on;
    },
    close() {
      limits.clear();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** This computer's own address on its network (not loopback): a server listening there is
 *  reached as another computer would be, over plain http:// that the core warns about. */
export function lanAddress() {
  const all = Object.values(networkInterfaces()).flat();
  const found = all.find((a) => a && a.family === "IPv4" && !a.internal);
  if (!found) throw new Error("this computer has no network address besides loopback (needed for the plain-http test)");
  return found.address;
}

/**
 * A fresh page at 1366×768 running the app on a fresh real core (`startCore()`): `seed`,
 * an async function, seeds it through commands and may answer another core (from
 * `core.reopen`). Collects page errors, console errors, CSP violations and any request
 * that leaves the local server, so a test can assert there were none.
 */
export async function openApp(
  browser,
  url,
  seed,
  { locale = "vi-VN", timezoneId = "Asia/Ho_Chi_Minh", viewport = { width: 1366, height: 768 }, demo = false, worker = false, delays = {} } = {},
) {
  let core = await startCore({ demo, worker });
  try {
    // A seed answers a new core when it reopened the folder; anything else it answers
    // (ids it made, a server) is the caller's business.
    const answer = await seed(core);
    if (answer?.invoke) core = answer;
  } catch (e) {
    await core.close();
    throw e;
  }
  const context = await browser.newContext({ viewport, locale, timezoneId });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !/favicon/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on("request", (r) => {
    if (!r.url().startsWith(url) && !r.url().startsWith("data:")) problems.push(`remote request: ${r.url()}`);
  });
  await page.exposeFunction("__xasoCore", (cmd, args) => core.invoke(cmd, args));
  await page.addInitScript(installCoreBridge);
  // Milliseconds before a command's call goes out, to see the UI while it waits.
  await page.addInitScript((d) => Object.assign(window.__core.delays, d), delays);
  await page.goto(url);
  const done = async () => {
    const csp = await page.evaluate(() => window.__cspViolations).catch(() => []);
    await context.close();
    await core.close();
    return [...problems, ...csp.map((c) => `csp: ${c}`)];
  };
  return { page, core, done };
}

/** Calls the app made to the core, optionally only those of one command. */
export function calls(page, cmd) {
  return page.evaluate((c) => window.__core.calls.filter((x) => !c || x.cmd === c), cmd ?? null);
}

/** Wait until the app has made a call of `cmd` whose request satisfies `pred`; returns it. */
export async function waitForCall(page, cmd, pred = () => true, timeout = 5000) {
  const until = Date.now() + timeout;
  for (;;) {
    const found = (await calls(page, cmd)).filter((c) => pred(c.req));
    if (found.length) return found[found.length - 1];
    if (Date.now() > until) throw new Error(`no ${cmd} call matching ${pred} within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

/**
 * Shared browser and server for one test file. `run(seed, fn)` opens the app (see
 * `openApp`), runs fn(page, core) and fails if the page threw, logged an error, broke the
 * CSP or reached outside 127.0.0.1.
 */
export function appSuite({ before, after }) {
  let server;
  let browser;
  before(async () => {
    server = await serveDist();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return async function run(seed, fn, options) {
    const { page, core, done } = await openApp(browser, server.url, seed, options);
    let problems;
    try {
      await fn(page, core);
    } finally {
      problems = await done();
    }
    if (problems.length) throw new Error(`page problems:\n${problems.join("\n")}`);
  };
}

/** data-testid of the focused element. */
export const focusedTestId = (page) => page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? null);

/** Poll `fn` until it returns a truthy value (returned), or fail with `what`. */
export async function until(fn, what, timeout = 5000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

/** Wait until the locator's text content includes `text`. */
export function hasText(locator, text, timeout) {
  return until(async () => ((await locator.textContent()) ?? "").includes(text), `text "${text}"`, timeout);
}

/**
 * The tooltip text of an element: its `title`, or, once the pointer has been over it,
 * the `data-tip` the app's own tooltips moved it to (src/lib/tooltip.ts).
 */
export async function tipOf(locator) {
  return (await locator.getAttribute("title")) ?? (await locator.getAttribute("data-tip"));
}
