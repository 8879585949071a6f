// Task editor: autosave, typed text kept as typed, issues, transitions, keyboard, close.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { appSuite, calls, waitForCall, focusedTestId, hasText, until, tipOf } from "./harness.js";
import { profile, cityProfile, demoTasks } from "./seed-data.js";
import { seedTasks, taskInput } from "./seed.js";

const run = appSuite({ before, after });
// The real ids of the seeded samples, by the samples' ids.
let ids = new Map();
const ready =
  (who = profile) =>
  async (core) => {
    ids = await seedTasks(core, demoTasks(), who);
  };
const saved = (page) => page.waitForSelector('[data-testid="save-status"][data-state="saved"]');
const lastSave = async (page) => (await calls(page, "task_save")).at(-1)?.req;

async function newTask(page) {
  await page.getByTestId("task-new").click();
  await until(async () => (await focusedTestId(page)) === "field-name", "name focused in a new task");
}

async function openTask(page, text) {
  await page.getByTestId("task-row").filter({ hasText: text }).click();
  await until(async () => (await page.getByTestId("field-name").inputValue()).length > 0, "task loaded");
}

test("a new task is created by typing; later saves use its id; text arrives exactly as typed", () =>
  run(ready(), async (page) => {
    await newTask(page);
    await page.getByTestId("field-basis").focus();
    await page.getByTestId("field-name").focus();
    await page.waitForTimeout(100);
    assert.equal((await calls(page, "task_create")).length, 0, "focus and blur alone create nothing");

    const name = "Ứng dụng AI trong tiếp nhận phản ánh của người dân";
    await page.getByTestId("field-name").pressSequentially(name);
    await waitForCall(page, "task_create");
    assert.equal((await calls(page, "task_create")).length, 1, "one create for a burst of typing");
    await saved(page);
    assert.equal(await page.getByTestId("issue-objectives").count(), 0, "no 'missing' hint on a field not visited yet");
    const createdReq = (await calls(page, "task_create"))[0].req;
    assert.equal(createdReq.name, name);
    assert.equal(createdReq.kind, "khcn");
    assert.equal(typeof createdReq.year, "number");

    const contents = "1. Khảo sát hiện trạng;\n2. Xây dựng mô hình — \"thử nghiệm\" <b>không</b> phải HTML & 100% tiếng Việt";
    await page.getByTestId("field-contents").fill(contents);
    const save = (await waitForCall(page, "task_save", (r) => r.input.contents === contents)).req;
    const id = await until(async () => (await calls(page, "task_create"))[0].answer?.task.id, "the core's answer to task_create");
    assert.equal(save.id, id, "saved under the id task_create returned");
    assert.equal(save.input.name, name);
    assert.equal((await calls(page, "task_create")).length, 1, "never created twice");
    await saved(page);
    assert.match(await page.getByTestId("save-status").textContent(), /Đã lưu lúc \d\d:\d\d/);
    await page.getByTestId("field-objectives").focus();
    await page.getByTestId("field-urgency").focus();
    assert.equal(await page.getByTestId("issue-objectives").getAttribute("data-severity"), "incomplete", "visited and left empty");
  }));

test("the server's echo never overwrites what the user is typing", () =>
  run(ready(), async (page) => {
    await newTask(page);
    const input = page.getByTestId("field-name");
    await input.pressSequentially("Số hóa hồ sơ ");
    await waitForCall(page, "task_create");
    // Rust trims what it stores; the box keeps the space and the words typed meanwhile.
    await input.pressSequentially("hộ tịch  ", { delay: 30 });
    await saved(page);
    await page.waitForTimeout(500);
    assert.equal(await input.inputValue(), "Số hóa hồ sơ hộ tịch  ");
    assert.equal((await lastSave(page)).input.name, "Số hóa hồ sơ hộ tịch  ");
  }, { delays: { task_save: 300, task_create: 300 } }));

test("saves never overlap and the latest input wins", () =>
  run(ready(), async (page) => {
    await newTask(page);
    const input = page.getByTestId("field-objectives");
    await input.focus();
    for (const part of ["Giảm ", "thời gian ", "xử lý ", "phản ánh ", "xuống 2 ngày"]) {
      await input.pressSequentially(part);
      await page.waitForTimeout(450); // past the debounce: each pause queues a save
    }
    await saved(page);
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => window.__core.maxConcurrentSaves), 1, "one request at a time");
    const all = [...(await calls(page, "task_create")), ...(await calls(page, "task_save"))];
    assert.ok(all.length < 5, `queued saves collapse to the latest (${all.length} requests)`);
    assert.equal((await lastSave(page)).input.objectives, "Giảm thời gian xử lý phản ánh xuống 2 ngày");
  }, { delays: { task_save: 700, task_create: 700 } }));

test("the longest text Rust accepts (20 000 characters, ~30 kB) and SQL-looking text round-trip unchanged", () =>
  run(ready(), async (page) => {
    const sql = "'); DROP TABLE tasks;--";
    const unit = "Nội dung dài: ngân sách, “trích dẫn”, <script>alert(1)</script> \\ ' \" ; -- /* */ \u{1F4C4}\n";
    // Counted in characters, as Rust counts (the emoji is one, not two UTF-16 units).
    const big = "x" + [...unit.repeat(Math.ceil(20_000 / [...unit].length))].slice(0, 19_998).join("") + "x";
    await newTask(page);
    await page.getByTestId("field-name").fill(sql);
    await page.getByTestId("field-contents").fill(big);
    await page.getByTestId("field-impact").focus(); // blur saves at once
    const { req } = await waitForCall(page, "task_save", (r) => r.input.contents.length === big.length);
    assert.equal(req.input.contents, big);
    assert.equal(req.input.name, sql);
    await saved(page);
    assert.equal(await page.getByTestId("field-contents").inputValue(), big);

    await page.getByTestId("nav-tasks").click();
    const row = page.getByTestId("task-row").filter({ hasText: sql });
    await row.waitFor();
    await row.click();
    await until(async () => (await page.getByTestId("field-name").inputValue()) === sql, "name back from Rust");
    assert.equal(await page.getByTestId("field-contents").inputValue(), big);
  }));

test("a blocking issue shows in red beside its field and the typed text stays; incomplete is an amber hint", () =>
  run(ready(), async (page) => {
    await openTask(page, "Bản đồ số");
    await hasText(page.getByTestId("cost-total"), "95.500.000 ₫");
    const cost = page.getByTestId("field-cost_state");
    assert.equal(await cost.inputValue(), "95.500.000", "stored digits shown grouped");
    await cost.fill("12,5 triệu");
    const issue = page.getByTestId("issue-cost_state");
    await issue.waitFor();
    assert.equal(await issue.getAttribute("data-severity"), "blocking");
    // Rust names what is wrong with "12,5 triệu": a decimal part (đồng are whole).
    assert.match(await issue.textContent(), /^\s*Chưa lưu: Số tiền tính bằng đồng, không có phần thập phân/);
    assert.equal(await cost.inputValue(), "12,5 triệu");
    assert.equal(await cost.getAttribute("aria-invalid"), "true");
    assert.equal(await issue.evaluate((e) => getComputedStyle(e).color), "rgb(180, 35, 24)", "red");
    await hasText(page.getByTestId("save-status"), "1 trường chưa lưu");
    await hasText(page.getByTestId("cost-total"), "95.500.000 ₫");

    await cost.fill("1.250.000");
    await until(async () => (await issue.count()) === 0, "issue cleared once fixed");
    await hasText(page.getByTestId("cost-total"), "1.250.000 ₫");
    await cost.fill("1250000");
    await waitForCall(page, "task_save", (r) => r.input.cost_state === "1250000");
    await hasText(page.getByTestId("cost-total"), "1.250.000 ₫");
    assert.equal(await cost.inputValue(), "1250000", "the echo (plain digits) does not rewrite the input");

    await page.getByTestId("field-leader").fill("");
    const hint = page.getByTestId("issue-leader");
    await hint.waitFor();
    assert.equal(await hint.getAttribute("data-severity"), "incomplete");
    assert.match(await hint.textContent(), /^\s*Bắt buộc nhập trước khi gửi/);
    assert.equal(await hint.evaluate((e) => getComputedStyle(e).color), "rgb(138, 90, 0)", "amber");
    assert.equal(await issue.count(), 0);
  }));

test("text longer than Rust accepts is refused beside the field and kept in the input", () =>
  run(ready(), async (page) => {
    await openTask(page, "Bản đồ số");
    const long = "Nội dung rất dài. ".repeat(6000);
    await page.getByTestId("field-contents").fill(long);
    const issue = page.getByTestId("issue-contents");
    await issue.waitFor();
    assert.equal(await issue.getAttribute("data-severity"), "blocking");
    assert.match(await issue.textContent(), /Chưa lưu: Quá dài/);
    assert.equal(await page.getByTestId("field-contents").inputValue(), long);
  }));

test("leaving with a refused value asks first: Enter stays on the field, the typed text kept; leaving anyway keeps the stored value", () =>
  run(ready(), async (page) => {
    await openTask(page, "Bản đồ số");
    const stored = await page.getByTestId("field-contents").inputValue();
    const long = "Nội dung rất dài. ".repeat(6000);
    await page.getByTestId("field-contents").fill(long);
    await page.getByTestId("issue-contents").waitFor();

    // The navigation asks; Enter answers "stay": back on the field, nothing lost.
    await page.getByTestId("nav-plan").click();
    const dialog = page.getByTestId("leave-dialog");
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /Giá trị bạn gõ ở 1 trường chưa được lưu/);
    assert.equal(await focusedTestId(page), "leave-stay", "the safe answer has the focus");
    await page.keyboard.press("Enter");
    await until(async () => (await focusedTestId(page)) === "field-contents", "focus back on the refused field");
    assert.equal(await dialog.count(), 0);
    assert.equal(await page.getByTestId("field-contents").inputValue(), long);

    // The back button asks too; Escape stays as well.
    await page.getByTestId("editor-back").click();
    await dialog.waitFor();
    await page.keyboard.press("Escape");
    await until(async () => (await dialog.count()) === 0, "the dialog closed");
    assert.equal(await page.getByTestId("field-name").count(), 1, "still on the task");

    // Leaving anyway: the plan opens, and the task keeps what Rust stored.
    await page.getByTestId("nav-plan").click();
    await page.getByTestId("leave-discard").click();
    await until(async () => (await page.getByTestId("field-name").count()) === 0, "left the task");
    await page.getByTestId("nav-tasks").click();
    await openTask(page, "Bản đồ số");
    assert.equal(await page.getByTestId("field-contents").inputValue(), stored);
  }));

test("leaving after a plain edit saves it and goes, without asking", () =>
  run(ready(), async (page) => {
    await openTask(page, "Bản đồ số");
    await page.getByTestId("field-impact").fill("Tác động mới");
    await page.getByTestId("nav-plan").click();
    await until(async () => (await page.getByTestId("field-name").count()) === 0, "left the task");
    assert.equal(await page.getByTestId("leave-dialog").count(), 0);
    assert.equal((await lastSave(page)).input.impact, "Tác động mới");
  }));

test("a city reviewer reads a ward's returned proposal read-only, told why, and typing sends nothing", () =>
  run(ready(cityProfile), async (page) => {
    await openTask(page, "Bản đồ số");
    await hasText(page.getByTestId("form-readonly"), "Phiếu do đơn vị soạn và sửa. Sở KHCN góp ý bằng ý kiến khi trả lại phiếu.");
    assert.notEqual(await page.getByTestId("field-name").getAttribute("readonly"), null);
    await page.getByTestId("field-name").focus();
    await page.keyboard.type("thêm chữ");
    await page.waitForTimeout(600);
    assert.equal((await calls(page, "task_save")).length, 0);
    assert.equal(await page.getByTestId("save-status").getAttribute("data-state"), "idle", "never says saved");
  }));

test("a task past the proposal stage opens read-only and sends no save", () =>
  run(ready(), async (page) => {
    await openTask(page, "Ứng dụng AI");
    await page.getByTestId("form-readonly").waitFor();
    assert.equal(await page.getByTestId("field-name").getAttribute("readonly"), "");
    assert.equal(await page.getByTestId("field-kind").isDisabled(), true);
    await page.getByTestId("field-contents").focus();
    await page.keyboard.type("thêm chữ");
    await page.getByTestId("field-impact").focus();
    await page.waitForTimeout(500);
    assert.equal((await calls(page, "task_save")).length, 0);
    assert.equal(await page.getByTestId("save-status").getAttribute("data-state"), "idle");
  }));

test("dates typed dd/mm/yyyy are sent as yyyy-mm-dd and stay as typed", () =>
  run(ready(), async (page) => {
    await openTask(page, "Bản đồ số");
    await hasText(page.getByTestId("return-comment"), "Đề nghị làm rõ nguồn dữ liệu");
    await hasText(page.getByTestId("return-comment"), "Phạm Thu Hà");
    await page.getByTestId("field-start_date").fill("01/03/2027");
    await page.getByTestId("field-end_date").fill("31/12/2027");
    await page.getByTestId("field-leader").focus();
    await waitForCall(page, "task_save", (r) => r.input.start_date === "2027-03-01" && r.input.end_date === "2027-12-31");
    assert.equal(await page.getByTestId("field-start_date").inputValue(), "01/03/2027");
    await hasText(page.getByTestId("duration"), "10 tháng");
  }));

test("dates: reformatted when left; a Monday-first Vietnamese calendar by keyboard, on an American machine", () =>
  run(
    ready(),
    async (page) => {
      await openTask(page, "Bản đồ số");
      const start = page.getByTestId("field-start_date");
      await start.fill("5-3-2027");
      await page.getByTestId("field-leader").focus();
      assert.equal(await start.inputValue(), "05/03/2027", "shown the Vietnamese way once left");
      await waitForCall(page, "task_save", (r) => r.input.start_date === "2027-03-05");

      await start.focus();
      await page.keyboard.press("Alt+ArrowDown");
      const cal = page.getByTestId("field-start_date-calendar");
      await cal.waitFor();
      assert.equal(await cal.locator(".title").textContent(), "Tháng 3 năm 2027");
      assert.deepEqual(await cal.locator("th").allTextContents(), ["T2", "T3", "T4", "T5", "T6", "T7", "CN"]);
      const firstCell = cal.locator("tbody tr").first().locator("button").first();
      assert.equal(await firstCell.getAttribute("data-day"), "2027-03-01", "1 March 2027, a Monday, opens the first week");
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-day")), "2027-03-05", "the chosen day has the focus");
      for (const key of ["ArrowRight", "ArrowDown", "PageDown"]) await page.keyboard.press(key); // 6, 13 March, 13 April
      assert.equal(await cal.locator(".title").textContent(), "Tháng 4 năm 2027");
      await page.keyboard.press("Enter");
      await until(async () => (await cal.count()) === 0, "the calendar closed");
      assert.equal(await focusedTestId(page), "field-start_date", "focus back in the field");
      assert.equal(await start.inputValue(), "13/04/2027");
      await waitForCall(page, "task_save", (r) => r.input.start_date === "2027-04-13");

      // F4 opens it too; Escape closes it and changes nothing (and does not leave the task).
      await page.keyboard.press("F4");
      await cal.waitFor();
      await page.keyboard.press("ArrowLeft");
      await page.keyboard.press("Escape");
      await until(async () => (await cal.count()) === 0, "closed by Escape");
      assert.equal(await start.inputValue(), "13/04/2027");
      assert.equal(await focusedTestId(page), "field-start_date");

      // In English the calendar speaks English, still Monday first.
      await page.getByTestId("locale-toggle").click();
      await page.getByTestId("field-start_date-pick").click();
      await cal.waitFor();
      assert.equal(await cal.locator(".title").textContent(), "April 2027");
      assert.equal((await cal.locator("th").allTextContents())[0], "Mo");
    },
    { locale: "en-US", timezoneId: "America/New_York" },
  ));

test("closing the window sends the pending save first", () =>
  run(ready(), async (page) => {
    await newTask(page);
    await page.getByTestId("field-name").pressSequentially("Đóng cửa sổ khi đang gõ");
    await page.evaluate(() => window.__core.requestClose()); // before the debounce fires
    const all = await calls(page);
    const create = all.findIndex((c) => c.cmd === "task_create");
    const destroy = all.findIndex((c) => c.cmd === "plugin:window|destroy");
    assert.ok(create >= 0, "the save was sent");
    assert.ok(destroy > create, "and only then the window was closed");
    assert.equal(all[create].req.name, "Đóng cửa sổ khi đang gõ");
  }));

test("closing is held back once when the save fails, so the error is seen", () =>
  run(ready(), async (page) => {
    await openTask(page, "Bản đồ số");
    await page.evaluate(() => (window.__core.failures.task_save = { code: "store_io", message: "Ổ đĩa đầy", fields: [] }));
    await page.getByTestId("field-impact").fill("Nhân rộng toàn Thành phố");
    await page.evaluate(() => window.__core.requestClose());
    assert.equal((await calls(page, "plugin:window|destroy")).length, 0);
    await hasText(page.getByTestId("save-status"), "Ổ đĩa đầy");
    assert.equal(await page.getByTestId("save-status").getAttribute("data-state"), "error");
    await page.evaluate(() => window.__core.requestClose());
    assert.equal((await calls(page, "plugin:window|destroy")).length, 1, "a second close closes");
  }));

test("transition dialog: comment required when Rust says so; Escape closes; Enter confirms", () =>
  // Returning a proposal is the city reviewer's decision (xaso-domain's role rules).
  run(ready(cityProfile), async (page) => {
    await openTask(page, "chợ Bến Thành");
    await page.getByTestId("transition-returned").click();
    const comment = page.getByTestId("transition-comment");
    await until(async () => (await focusedTestId(page)) === "transition-comment", "comment focused");
    await page.getByTestId("transition-confirm").click();
    await page.getByTestId("transition-comment-required").waitFor();
    assert.equal((await calls(page, "task_transition")).length, 0, "not sent without a comment");

    await page.keyboard.press("Escape");
    await until(async () => (await page.locator("dialog[open]").count()) === 0, "dialog closed");
    assert.equal(await focusedTestId(page), "transition-returned", "focus goes back");

    await page.getByTestId("transition-returned").click();
    await comment.fill("Đề nghị bổ sung dự toán chi tiết");
    await comment.press("Enter");
    const call = await waitForCall(page, "task_transition");
    assert.deepEqual(call.req, { id: ids.get("task-cho"), to: "returned", comment: "Đề nghị bổ sung dự toán chi tiết" });
    await until(async () => (await page.locator("dialog[open]").count()) === 0, "dialog closed after confirm");
    await hasText(page.locator(".top"), "Bị trả lại");

    await page.getByTestId("tab-history").click();
    const last = page.getByTestId("history-item").last();
    await hasText(last, "Đề nghị bổ sung dự toán chi tiết");
    const text = (await last.textContent()).replace(/\s+/g, " ");
    assert.match(text, /Đã gửi → Bị trả lại/);
    assert.match(text, new RegExp(cityProfile.display_name));
    assert.match(text, /\d\d\/\d\d\/\d{4} \d\d:\d\d/);
  }).then(() =>
    // A transition without comment_required goes with an empty comment: the unit sends
    // its returned task again.
    run(ready(), async (page) => {
      await openTask(page, "Bản đồ số");
      await page.getByTestId("transition-submitted").click();
      await page.getByTestId("transition-confirm").click();
      assert.deepEqual((await waitForCall(page, "task_transition", (r) => r.to === "submitted")).req, { id: ids.get("task-rac"), to: "submitted", comment: "" });
    }),
  ));

test("submitting an incomplete task shows what is missing, beside the fields too", () =>
  run(ready(), async (page) => {
    await openTask(page, "cảnh báo ngập");
    await page.getByTestId("transition-submitted").click();
    await page.getByTestId("transition-confirm").click();
    const err = page.getByTestId("transition-error");
    await err.waitFor();
    assert.equal(await err.getAttribute("data-code"), "task_incomplete");
    await hasText(err, "Chủ nhiệm nhiệm vụ");
    await page.keyboard.press("Escape");
    const hint = page.getByTestId("issue-leader");
    await hint.waitFor();
    assert.equal(await hint.getAttribute("data-severity"), "incomplete");
    await page.getByTestId("field-leader").fill("Lê Hoàng Nam");
    await until(async () => (await hint.count()) === 0, "hint gone once Rust no longer misses it");
  }));

test("the editor can be filled with Tab and typing only", () =>
  run(ready(), async (page) => {
    await page.getByTestId("task-row").first().waitFor();
    await page.keyboard.press("Control+n");
    const order = [
      ["name", "Bản đồ số hạ tầng chiếu sáng công cộng"],
      ["kind", null],
      ["year", null],
      ["field", "Hạ tầng đô thị"],
      ["task_type", "Nhiệm vụ ứng dụng"],
      ["basis", "Kế hoạch 2026"],
      ["urgency", "Nhiều tuyến đèn hư chưa được phát hiện kịp thời"],
      ["objectives", "Số hóa 100% trụ đèn"],
      ["contents", "Khảo sát; số hóa; cập nhật"],
      ["expected_results", "Bản đồ số trên nền GIS"],
      ["impact", "Giảm thời gian sửa chữa"],
      ["cost_state", "250.000.000"],
      ["cost_own", "0"],
      ["cost_other", "1250000"],
      ["start_date", "01/02/2026"],
      ["end_date", "30/11/2026"],
      ["host_unit", "UBND Phường Bến Thành"],
      ["leader", "Lê Hoàng Nam"],
      ["results_usage", "Dùng trong vận hành hằng ngày"],
    ];
    await until(async () => (await focusedTestId(page)) === "field-name", "name focused");
    for (const [i, [field, value]] of order.entries()) {
      if (i > 0) await page.keyboard.press("Tab");
      assert.equal(await focusedTestId(page), `field-${field}`, `Tab reaches ${field}`);
      if (field === "kind") await page.keyboard.press("ArrowDown");
      if (value !== null) await page.keyboard.type(value);
    }
    await page.keyboard.press("Tab");
    const { req } = await waitForCall(page, "task_save", (r) => r.input.results_usage === "Dùng trong vận hành hằng ngày");
    for (const [field, value] of order) {
      if (value === null) continue;
      // An amount left behind is shown grouped, as Rust stored it, and later saves send it so.
      const expected = field.endsWith("_date") ? value.split("/").reverse().join("-") : field === "cost_other" ? "1.250.000" : value;
      assert.equal(req.input[field], expected, field);
    }
    assert.equal(req.input.kind, "dmst", "the kind select answers to the arrow keys");
  }));

test("milestones: add with Enter, blocking issue beside the field, overdue and Gantt, done, delete", () =>
  run(ready(), async (page) => {
    await openTask(page, "Ứng dụng AI");
    await page.getByTestId("tab-progress").click();
    await until(async () => (await page.getByTestId("ms-row").count()) === 5, "five milestones");
    const overdue = page.getByTestId("ms-row").filter({ hasText: "Phát triển mô hình" });
    await overdue.getByTestId("ms-overdue").waitFor();
    const bars = await page.getByTestId("gantt-bar").evaluateAll((bs) => bs.map((b) => b.getAttribute("data-state")));
    assert.deepEqual(bars, ["done", "done", "overdue", "open", "open"]);
    await page.getByTestId("gantt-today").waitFor();

    const y = new Date().getFullYear();
    await page.getByTestId("ms-add").click();
    await until(async () => (await focusedTestId(page)) === "ms-title", "title focused");
    await page.keyboard.type("Hội thảo giới thiệu kết quả");
    await page.getByTestId("ms-responsible").fill("Võ Thị Mai");
    await page.getByTestId("ms-start").fill(`01/12/${y}`);
    await page.getByTestId("ms-due").fill(`31/13/${y}`);
    await page.getByTestId("ms-due").press("Enter");
    const issue = page.getByTestId("ms-issue-due_date");
    await issue.waitFor();
    assert.match(await issue.textContent(), /Chưa lưu: Ngày không hợp lệ/);
    assert.equal(await page.getByTestId("ms-due").inputValue(), `31/13/${y}`);

    assert.equal(await page.getByTestId("ms-row").count(), 5, "refused: nothing saved");

    await page.getByTestId("ms-due").fill(`15/12/${y}`);
    await page.getByTestId("ms-due").press("Enter");
    const second = (await waitForCall(page, "milestone_save", (r) => r.due_date === `${y}-12-15`)).req;
    assert.deepEqual(second, {
      task_id: ids.get("task-ai"),
      id: null,
      title: "Hội thảo giới thiệu kết quả",
      responsible: "Võ Thị Mai",
      unit: "",
      start_date: `${y}-12-01`,
      due_date: `${y}-12-15`,
      done: false,
    });
    await until(async () => (await page.getByTestId("ms-row").count()) === 6, "six milestones, no duplicate");
    assert.equal(await page.getByTestId("ms-edit-row").count(), 0);

    const row = page.getByTestId("ms-row").filter({ hasText: "Hội thảo" });
    await row.getByRole("checkbox").check();
    await waitForCall(page, "milestone_save", (r) => r.done === true && r.title === "Hội thảo giới thiệu kết quả");

    await row.getByRole("button", { name: "Xóa" }).click();
    await page.getByTestId("ms-delete-confirm").click();
    const created = (await calls(page, "milestone_save")).at(-1).req.id;
    assert.ok(created, "ticking 'done' updates the saved milestone by its id");
    assert.deepEqual((await waitForCall(page, "milestone_delete")).req, { task_id: ids.get("task-ai"), id: created });
    await until(async () => (await page.getByTestId("ms-row").count()) === 5, "deleted");
  }));

test("the timeline shows the task's own period behind its milestones; a milestone outside it is flagged, and kept", () =>
  run(ready(), async (page) => {
    await openTask(page, "Ứng dụng AI");
    const start = await page.getByTestId("field-start_date").inputValue();
    const end = await page.getByTestId("field-end_date").inputValue();
    assert.match(start, /^\d{2}\/\d{2}\/\d{4}$/);
    await page.getByTestId("tab-progress").click();
    const band = page.getByTestId("gantt-period");
    await band.waitFor();
    assert.equal(await tipOf(band), `Thời gian thực hiện: ${start} – ${end}`);
    assert.equal(await page.getByTestId("ms-outside").count(), 0, "the sample's milestones are inside its period");

    const before = Number(start.slice(6)) - 1;
    await page.getByTestId("ms-add").click();
    await until(async () => (await focusedTestId(page)) === "ms-title", "title focused");
    await page.keyboard.type("Khảo sát trước khi bắt đầu");
    await page.getByTestId("ms-start").fill(`01/03/${before}`);
    await page.getByTestId("ms-due").fill(`31/03/${before}`);
    await page.getByTestId("ms-due").press("Enter");
    const row = page.getByTestId("ms-row").filter({ hasText: "Khảo sát trước khi bắt đầu" });
    await row.waitFor();
    await hasText(row.getByTestId("ms-outside"), "Ngoài thời gian thực hiện");
  }));

test("a new estimate starts in the task's own plan year, not the first year of its period", () => {
  const y = new Date().getFullYear();
  return run(
    async (core) => {
      await ready()(core);
      await core.call("task_create", taskInput({ name: "Nhiệm vụ hai năm", kind: "khcn", year: y + 1, start_date: `${y}-06-01`, end_date: `${y + 1}-06-30` }));
    },
    async (page) => {
      await openTask(page, "Nhiệm vụ hai năm");
      await page.getByTestId("tab-budget").click();
      await page.getByTestId("estimates-empty").waitFor();
      assert.equal(await page.getByTestId("estimate-year").inputValue(), String(y + 1));
    },
  );
});

test("an amount is shown grouped once the field is left; 1,250,000 is read as thousands; a refused one stays as typed", () =>
  run(ready(), async (page) => {
    await openTask(page, "Bản đồ số");
    const state = page.getByTestId("field-cost_state");
    const own = page.getByTestId("field-cost_own");
    await state.fill("1250000");
    assert.equal(await state.inputValue(), "1250000", "not rewritten under the cursor");
    await own.focus();
    await until(async () => (await state.inputValue()) === "1.250.000", "grouped once left");
    await own.fill("1,250,000");
    await page.getByTestId("field-leader").focus();
    await until(async () => (await own.inputValue()) === "1.250.000", "commas read as thousands, shown the Vietnamese way");
    await hasText(page.getByTestId("cost-total"), "2.500.000 ₫");
    await state.fill("12,5 triệu");
    await own.focus();
    await page.getByTestId("issue-cost_state").waitFor();
    assert.equal(await state.inputValue(), "12,5 triệu", "a refused value stays as typed");
  }));
