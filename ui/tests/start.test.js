// First start, recovery, newer schema, demo banner and language.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { appSuite, calls, waitForCall, focusedTestId, hasText, until } from "./harness.js";
import { profile, demoTasks, backups } from "./seed-data.js";
import { setProfile, seedTasks, seedBackups, damageDatabase, ageDatabase } from "./seed.js";

const run = appSuite({ before, after });
// A fresh core: no profile yet, the city's real list of units.
const firstStart = async () => {};

test("first start: 'ben thanh' finds Phường Bến Thành; choosing it and saving opens the task list", () =>
  run(firstStart, async (page) => {
    await page.getByTestId("unit-search").pressSequentially("ben thanh");
    await waitForCall(page, "units_search", (r) => r.query === "ben thanh");
    const options = page.getByTestId("unit-option");
    await until(async () => (await options.count()) === 1, "one unit option");
    assert.match(await options.first().textContent(), /Phường Bến Thành/);
    await options.first().click();
    await page.getByTestId("profile-name").fill("Nguyễn Thị Lan");
    await page.getByTestId("profile-save").click();
    const call = await waitForCall(page, "profile_set");
    assert.deepEqual(call.req, { unit_code: "26743", display_name: "Nguyễn Thị Lan", role: "unit_official" });
    await page.getByTestId("task-new").waitFor();
    await hasText(page.getByTestId("header-unit"), "Phường Bến Thành");
    await hasText(page.getByTestId("header-user"), "Nguyễn Thị Lan");
    assert.equal(await page.getByTestId("demo-banner").count(), 0);
  }));

test("first start by keyboard: arrows and Enter choose the unit, Enter saves", () =>
  run(firstStart, async (page) => {
    await page.getByTestId("unit-search").pressSequentially("phuong tan");
    await waitForCall(page, "units_search", (r) => r.query === "phuong tan");
    await until(async () => (await page.getByTestId("unit-option").count()) === 23, "the 23 wards whose name holds “Tân”");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await hasText(page.getByTestId("unit-selected"), "Phường Tân Định");
    assert.equal(await focusedTestId(page), "profile-name", "choosing a unit moves on to the name");
    await page.keyboard.type("Trần Văn Bình");
    await page.getByTestId("role-unit_lead").check();
    await hasText(page.getByTestId("role-note"), "vai trò và đơn vị theo tài khoản Sở KHCN cấp");
    await page.getByTestId("profile-name").press("Enter");
    const call = await waitForCall(page, "profile_set");
    assert.deepEqual(call.req, { unit_code: "26737", display_name: "Trần Văn Bình", role: "unit_lead" });
    await page.getByTestId("task-new").waitFor();
  }));

test("first start: Rust's validation messages appear beside the fields", () =>
  run(firstStart, async (page) => {
    await page.getByTestId("profile-save").click();
    await waitForCall(page, "profile_set");
    await page.getByText("Chọn đơn vị trong danh sách.").waitFor();
    await page.getByText("Nhập họ tên của bạn").waitFor();
    assert.equal(await page.getByTestId("task-new").count(), 0);
  }));

let made;
test("corrupt database: message, damaged file kept aside, restore from a backup", () =>
  run(
    async (core) => {
      await seedTasks(core, demoTasks(), profile);
      made = await seedBackups(core, backups);
      return core.reopen(damageDatabase);
    },
    async (page) => {
      await hasText(page.getByTestId("recovery-message"), "bị hỏng (file is not a database)");
      await page.getByText("đã được giữ lại riêng").waitFor();
      assert.equal(await page.getByTestId("backup-row").count(), 3);
      await page.getByTestId("backup-restore").nth(1).click();
      const call = await waitForCall(page, "backup_restore");
      assert.deepEqual(call.req, { name: made[1].name });
      await page.getByTestId("task-row").first().waitFor();
    },
  ));

test("newer schema: a clear message and nothing else", () =>
  run(async (core) => {
    await setProfile(core, profile);
    return core.reopen(ageDatabase);
  }, async (page) => {
    await page.getByTestId("newer-schema").waitFor();
    await page.getByText("Cần cập nhật ứng dụng").waitFor();
    assert.equal(await page.locator("button, input, select, textarea, a").count(), 0);
    assert.equal((await calls(page)).filter((c) => c.cmd !== "app_status" && !c.cmd.startsWith("plugin:")).length, 0);
  }));

test("demo banner when AppStatus.demo", () =>
  run(
    async () => {},
    async (page) => {
      await hasText(page.getByTestId("demo-banner"), "Dữ liệu mẫu — không lưu lâu dài");
    },
    { demo: true },
  ));

test("locale toggle switches labels to English and tells Rust; back again", () =>
  run((core) => seedTasks(core, demoTasks(), profile), async (page) => {
    await page.getByTestId("task-row").first().waitFor();
    assert.equal((await page.getByTestId("nav-tasks").textContent()).trim(), "Nhiệm vụ");
    await page.getByTestId("locale-toggle").click();
    await hasText(page.getByTestId("nav-tasks"), "Tasks");
    assert.deepEqual((await waitForCall(page, "locale_set")).req, { locale: "en" });
    await hasText(page.getByTestId("nav-backups"), "Backups");
    await hasText(page.getByTestId("task-row").filter({ hasText: "Ứng dụng AI" }), "In progress");
    await page.getByText("Task name", { exact: true }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
    await page.getByTestId("locale-toggle").click();
    await hasText(page.getByTestId("nav-tasks"), "Nhiệm vụ");
    assert.deepEqual((await calls(page, "locale_set")).map((c) => c.req.locale), ["en", "vi"]);
  }));

test("the locale Rust remembers is used from the start", () =>
  run(async (core) => {
    await seedTasks(core, demoTasks(), profile);
    await core.call("locale_set", { locale: "en" });
  }, async (page) => {
    await hasText(page.getByTestId("nav-tasks"), "Tasks");
    await hasText(page.getByTestId("task-new"), "New task");
  }));
