// Backups: list, back up now, restore after confirmation.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { appSuite, calls, waitForCall, focusedTestId, hasText, until } from "./harness.js";
import { profile, demoTasks, backups } from "./seed-data.js";
import { seedTasks, seedBackups } from "./seed.js";

const run = appSuite({ before, after });
// The backups as the core named them (seeded from the samples' times and sizes).
let made = [];
const withBackups = async (core) => {
  await seedTasks(core, demoTasks(), profile);
  made = await seedBackups(core, backups);
};

test("backups: list with the time in Ho Chi Minh City (on a machine set to New York) and size; back up now adds one", () =>
  run(withBackups, async (page) => {
    await page.getByTestId("nav-backups").click();
    await until(async () => (await page.getByTestId("backup-row").count()) === 3, "three backups");
    const first = (await page.getByTestId("backup-row").first().textContent()).replace(/\s+/g, " ");
    assert.match(first, /xaso-20261121T103000\.000Z\.sqlite3/);
    assert.match(first, /21\/11\/2026 17:30/, "UTC shown in the display zone (Asia/Ho_Chi_Minh), not the machine's");
    assert.match(first, /1,4 MB/);
    await page.getByTestId("backup-now").click();
    await waitForCall(page, "backup_now");
    await page.getByTestId("backup-done").waitFor();
    await until(async () => (await page.getByTestId("backup-row").count()) === 4, "four backups");
  }, { locale: "en-US", timezoneId: "America/New_York" }));

test("restore asks first: Escape cancels, confirm restores and reloads the app", () =>
  run(withBackups, async (page) => {
    await page.getByTestId("nav-backups").click();
    await page.getByTestId("backup-restore").nth(1).click();
    await page.getByTestId("restore-dialog").waitFor();
    await hasText(page.getByTestId("restore-dialog"), made[1].name);
    await page.keyboard.press("Escape");
    await until(async () => (await page.locator("dialog[open]").count()) === 0, "dialog closed");
    assert.equal(await focusedTestId(page), "backup-restore");
    assert.equal((await calls(page, "backup_restore")).length, 0);

    await page.getByTestId("backup-restore").nth(1).click();
    await page.getByTestId("restore-confirm").click();
    assert.deepEqual((await waitForCall(page, "backup_restore")).req, { name: made[1].name });
    await page.getByTestId("task-row").first().waitFor();
    assert.equal(await page.getByTestId("nav-tasks").getAttribute("aria-current"), "page");
  }));

test("backup errors from Rust are shown", () =>
  run((core) => seedTasks(core, [], profile), async (page) => {
    await page.getByTestId("nav-backups").click();
    await page.getByText("Chưa có bản sao lưu nào").waitFor();
    await page.evaluate(() => (window.__core.failures.backup_now = { code: "backup_failed", message: "Không đủ dung lượng đĩa để sao lưu", fields: [] }));
    await page.getByTestId("backup-now").click();
    await page.getByText("Không đủ dung lượng đĩa để sao lưu").waitFor();
  }));
