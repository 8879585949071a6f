// Task list: query sent to Rust, paging, formatting, keyboard.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { appSuite, calls, waitForCall, focusedTestId, hasText, until, tipOf } from "./harness.js";
import { profile, cityProfile, demoTasks, manyTasks } from "./seed-data.js";
import { setProfile, seedTasks, taskInput } from "./seed.js";

const run = appSuite({ before, after });
// The real ids of the last seeded samples, by the samples' ids.
let ids = new Map();
const ready = (tasks) => async (core) => {
  ids = await seedTasks(core, tasks, profile);
};
const lastList = async (page) => (await calls(page, "tasks_list")).at(-1).req;

test("filters and search send the right TaskQuery; search is debounced", () =>
  run(ready(manyTasks(60)), async (page) => {
    await page.getByTestId("task-row").first().waitFor();
    assert.deepEqual(await lastList(page), { status: null, kind: null, year: null, search: "", offset: 0, limit: 50 });
    assert.deepEqual(
      await page.getByTestId("filter-year").locator("option").evaluateAll((os) => os.map((o) => o.value)),
      ["", "2026", "2025", "2024"],
      "years come from TaskPage.years",
    );
    await page.getByTestId("filter-status").selectOption("submitted");
    await until(async () => (await lastList(page)).status === "submitted", "status filter");
    await page.getByTestId("filter-kind").selectOption("cds");
    await until(async () => (await lastList(page)).kind === "cds", "kind filter");
    await page.getByTestId("filter-year").selectOption("2025");
    await until(async () => (await lastList(page)).year === 2025, "year filter");
    assert.deepEqual(await lastList(page), { status: "submitted", kind: "cds", year: 2025, search: "", offset: 0, limit: 50 });

    await page.getByTestId("filter-status").selectOption("");
    await page.getByTestId("filter-kind").selectOption("");
    await page.getByTestId("filter-year").selectOption("");
    await until(async () => (await lastList(page)).year === null, "filters cleared");
    const before = (await calls(page, "tasks_list")).length;
    await page.getByTestId("task-search").pressSequentially("ung dung", { delay: 40 });
    await page.waitForTimeout(600);
    const after = (await calls(page, "tasks_list")).slice(before);
    assert.equal(after.length, 1, `one query for the whole word, got ${after.map((c) => JSON.stringify(c.req.search))}`);
    assert.deepEqual(after[0].req, { status: null, kind: null, year: null, search: "ung dung", offset: 0, limit: 50 });
    await until(async () => (await page.getByTestId("task-row").count()) === 6, "six matches");
    await hasText(page.getByTestId("task-total"), "6 nhiệm vụ");
  }));

test("paging: 50 a page, next and previous", () =>
  run(ready(manyTasks(60)), async (page) => {
    await until(async () => (await page.getByTestId("task-row").count()) === 50, "first page");
    await hasText(page.getByTestId("task-total"), "60 nhiệm vụ");
    await page.getByTestId("page-next").click();
    await until(async () => (await lastList(page)).offset === 50, "offset 50");
    await until(async () => (await page.getByTestId("task-row").count()) === 10, "second page");
    assert.equal(await page.getByTestId("page-next").isDisabled(), true);
    await page.getByTestId("page-prev").click();
    await until(async () => (await lastList(page)).offset === 0, "offset 0");
  }));

test("more than 1.000 tasks: the capped count says so, and the pages go on past it", () =>
  run(async (core) => {
    await setProfile(core, profile);
    for (let i = 0; i < 1001; i++) await core.call("task_create", taskInput({ name: `Nhiệm vụ số ${i}` }));
  }, async (page) => {
    await hasText(page.getByTestId("task-total"), "Hơn 1.000 nhiệm vụ");
    await hasText(page.getByTestId("task-range"), "1–50 trên hơn 1.000");
    assert.equal(await page.getByTestId("page-next").isDisabled(), false);
  }));

test("a row shows name, kind, status, year, leader, money, next due date", () =>
  run(ready(demoTasks()), async (page) => {
    const y = new Date().getFullYear();
    const row = page.getByTestId("task-row").filter({ hasText: "Ứng dụng AI trong tiếp nhận phản ánh của người dân" });
    await row.waitFor();
    const text = (await row.textContent()).replace(/\s+/g, " ");
    for (const part of ["CĐS", "Đang thực hiện", String(y), "Trần Minh Khoa", "500.000.000 ₫", `31/10/${y}`]) {
      assert.ok(text.includes(part), `row has "${part}": ${text}`);
    }
    assert.match(text, /\d\d\/\d\d\/\d{4} \d\d:\d\d/, "updated at, local time");
    // Its next milestone was due on 31 October and is not done: marked overdue (Rust says).
    const due = row.getByTestId("task-next-due");
    assert.equal(await due.getAttribute("data-overdue"), "true");
    assert.match(await due.textContent(), /Quá hạn/);
    const others = await page.getByTestId("task-next-due").evaluateAll((cells) => cells.map((c) => c.dataset.overdue));
    assert.ok(others.includes("false"), "a task with nothing overdue is not marked");
  }));

test("keyboard: / focuses search, Enter on a row opens it, Ctrl+N and Alt+N open a new task", () =>
  run(ready(demoTasks()), async (page) => {
    await page.getByTestId("task-row").first().waitFor();
    await page.keyboard.press("/");
    assert.equal(await focusedTestId(page), "task-search");
    assert.equal(await page.getByTestId("task-search").inputValue(), "", "the slash is not typed");

    const row = page.getByTestId("task-row").filter({ hasText: "Bản đồ số" });
    await row.focus();
    await page.keyboard.press("Enter");
    assert.deepEqual((await waitForCall(page, "task_get")).req, { id: ids.get("task-rac") });
    await until(async () => (await page.getByTestId("field-name").inputValue()).startsWith("Bản đồ số"), "editor loaded");

    await page.keyboard.press("Control+n");
    await hasText(page.getByTestId("editor-title"), "Nhiệm vụ mới");
    await until(async () => (await focusedTestId(page)) === "field-name", "name focused");

    await page.locator("body").click({ position: { x: 5, y: 300 } });
    await page.keyboard.press("/");
    await until(async () => (await focusedTestId(page)) === "task-search", "search focused from the editor");

    await page.keyboard.press("Alt+n");
    await hasText(page.getByTestId("editor-title"), "Nhiệm vụ mới");
    assert.equal((await calls(page, "task_create")).length, 0, "opening a new form creates nothing");
  }));

test("empty list: a call to action creates the first task", () =>
  run(ready([]), async (page) => {
    await page.getByTestId("task-empty").waitFor();
    await page.getByTestId("task-empty").getByRole("button").click();
    await hasText(page.getByTestId("editor-title"), "Nhiệm vụ mới");
  }));

test("the city's list says whose task each row is; a unit's list does not", () =>
  run(
    // Each unit drafts its own tasks; the city's reviewer sees them all.
    async (core) => {
      const tasks = demoTasks();
      await seedTasks(core, tasks.filter((_, i) => i % 2 === 0), profile);
      await seedTasks(core, tasks.filter((_, i) => i % 2 === 1), { ...profile, unit_code: "27637" });
      await setProfile(core, cityProfile);
    },
    async (page) => {
      await page.getByTestId("task-row").first().waitFor();
      const shown = await page.getByTestId("task-unit").allTextContents();
      assert.ok(shown.includes("Xã Bình Chánh") && shown.includes("Phường Bến Thành"), `units shown: ${shown}`);
    },
  ).then(() =>
    run(ready(demoTasks()), async (page) => {
      await page.getByTestId("task-row").first().waitFor();
      assert.equal(await page.getByTestId("task-unit").count(), 0);
    }),
  ));

test("tooltips are the page's own: shown on hover, gone when the screen changes under a still pointer", () =>
  run(ready(demoTasks()), async (page) => {
    const button = page.getByTestId("task-new");
    await page.getByTestId("task-row").first().waitFor();
    await button.hover();
    const tip = page.getByTestId("tooltip");
    await hasText(tip, "Ctrl+N");
    assert.equal(await button.getAttribute("title"), null, "no native title left for the system to show");
    assert.equal(await tipOf(button), "Ctrl+N");
    assert.equal(await button.getAttribute("aria-description"), "Ctrl+N", "still read out");
    // A shortcut changes the screen with the pointer still over the button.
    await page.keyboard.press("Control+n");
    await hasText(page.getByTestId("editor-title"), "Nhiệm vụ mới");
    assert.equal(await tip.count(), 0, "the tip left with the key");

    // An element that leaves the page without any pointer or key event takes its tip along.
    await page.getByTestId("nav-tasks").click();
    await page.getByTestId("task-row").first().waitFor();
    await page.getByTestId("task-new").hover();
    await hasText(tip, "Ctrl+N");
    await page.getByTestId("task-new").evaluate((el) => el.remove());
    await until(async () => (await tip.count()) === 0, "the tip gone with its element");
  }));
