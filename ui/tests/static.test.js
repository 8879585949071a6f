// The built bundle loads nothing remote and needs no inline script or eval (strict CSP).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { DIST } from "./harness.js";

test("index.html has no inline script and no remote resource", async () => {
  const html = await readFile(join(DIST, "index.html"), "utf8");
  for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) {
    assert.match(tag, /src="\/assets\/[^"]+\.js"/, `only bundled scripts: ${tag}`);
    assert.match(tag, /><\/script>$/, "no inline code");
  }
  assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, "no remote src/href");
});

test("CSS uses no web fonts or remote URLs; JS uses no eval", async () => {
  const files = await readdir(join(DIST, "assets"));
  for (const f of files.filter((f) => f.endsWith(".css"))) {
    const css = await readFile(join(DIST, "assets", f), "utf8");
    assert.doesNotMatch(css, /@font-face|@import|url\(\s*['"]?(https?:)?\/\//, f);
  }
  for (const f of files.filter((f) => f.endsWith(".js"))) {
    const js = await readFile(join(DIST, "assets", f), "utf8");
    assert.doesNotMatch(js, /\beval\(|new Function\(/, f);
  }
});
