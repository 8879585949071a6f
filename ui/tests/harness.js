// Test harness: serves ui/dist on 127.0.0.1 with the shell's CSP, drives the system
// Chromium through playwright-core (no browser download), and opens pages whose Tauri
// bridge is the in-memory fake.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { extname, join, normalize, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { installFakeTauri } from "./fake-tauri.js";

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

/**
 * A fresh page at 1366×768 running the app against a fake core seeded with `seed`.
 * Collects page errors, console errors, CSP violations and any request that leaves the
 * local server, so a test can assert there were none.
 */
export async function openApp(
  browser,
  url,
  seed,
  { locale = "vi-VN", timezoneId = "Asia/Ho_Chi_Minh", viewport = { width: 1366, height: 768 } } = {},
) {
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
  await page.addInitScript(installFakeTauri, seed);
  await page.goto(url);
  const done = async () => {
    const csp = await page.evaluate(() => window.__cspViolations).catch(() => []);
    await context.close();
    return [...problems, ...csp.map((c) => `csp: ${c}`)];
  };
  return { page, done };
}

/** Calls the app made to the fake core, optionally only those of one command. */
export function calls(page, cmd) {
  return page.evaluate((c) => window.__fake.calls.filter((x) => !c || x.cmd === c), cmd ?? null);
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
 * Shared browser and server for one test file. `run(seed, fn)` opens the app, runs fn(page)
 * and fails if the page threw, logged an error, broke the CSP or reached outside 127.0.0.1.
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
    const { page, done } = await openApp(browser, server.url, seed, options);
    let problems;
    try {
      await fn(page);
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
