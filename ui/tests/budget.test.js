// Budget estimates: the task's estimates, the grid (keyboard, compute as you type, saves,
// issues, flags), review, versions and compare, export to Excel and PDF; the yearly plan; norms.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { appSuite, calls, waitForCall, focusedTestId, hasText, until } from "./harness.js";
import { profile, demoTasks, demoEstimates, plans, bigEstimate } from "./seed-data.js";
import { seedTasks, seedEstimates, seedPlans } from "./seed.js";

const run = appSuite({ before, after });
const y = new Date().getFullYear();
// The real ids of the seeded samples, by the samples' ids.
let taskIds = new Map();
let estIds = new Map();
const est = (id) => estIds.get(id);
const ready =
  ({ estimates = demoEstimates(), who = profile } = {}) =>
  async (core) => {
    taskIds = await seedTasks(core, demoTasks(), profile);
    estIds = await seedEstimates(core, estimates, taskIds, profile);
    await seedPlans(core, plans);
    if (who !== profile) await core.call("profile_set", who);
  };
const as = (role) => ready({ who: { ...profile, role, display_name: role.startsWith("city") ? "Lê Văn Hùng" : profile.display_name } });
/** The lines of an estimate as Rust stored them. */
const storedLines = async (core, id) => (await core.call("estimate_get", { id: est(id) })).lines.map((l) => l.input);
const saved = (page) => page.waitForSelector('[data-testid="save-status"][data-state="saved"]');
const text = async (locator) => ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();

async function openEstimate(page, task, version) {
  await page.getByTestId("task-row").filter({ hasText: task }).click();
  await page.getByTestId("tab-budget").click();
  const row = version ? page.locator(`[data-testid="estimate-row"][data-version="${version}"]`) : page.getByTestId("estimate-row").first();
  await row.click();
  await page.getByTestId("estimate-grid").waitFor();
}

/** The grid row whose content cell holds `content` (inputs keep their text as a property). */
async function lineRow(page, content) {
  const i = await until(
    () =>
      page.evaluate((c) => {
        const rows = [...document.querySelectorAll('[data-testid="line-row"]')];
        const i = rows.findIndex((r) => r.querySelector('[data-testid="cell-content"]')?.value.startsWith(c));
        return i < 0 ? null : i + 1;
      }, content),
    `line "${content}"`,
  );
  return page.getByTestId("line-row").nth(i - 1);
}

/** Content of the lines of one group, in grid order. */
const groupContents = (page, group) =>
  page.evaluate(
    (g) => [...document.querySelectorAll(`[data-testid="group-${g}"] [data-testid="cell-content"]`)].map((e) => e.value),
    group,
  );

const focusedContent = (page) =>
  page.evaluate(() => document.activeElement?.closest('[data-testid="line-row"]')?.querySelector('[data-testid="cell-content"]')?.value ?? null);

test("the budget tab lists each year's versions with totals and warnings; creating an estimate opens it", () =>
  run(ready(), async (page) => {
    await page.getByTestId("task-row").filter({ hasText: "Ứng dụng AI" }).click();
    await page.getByTestId("tab-budget").click();
    const rows = page.getByTestId("estimate-row");
    await rows.first().waitFor();
    assert.equal(await rows.count(), 2);
    assert.equal(await rows.first().getAttribute("data-version"), "2", "newest version first");
    await hasText(rows.first(), "Nháp");
    await hasText(rows.nth(1), "Đã phê duyệt");
    await hasText(rows.first().getByTestId("estimate-row-total"), "488.000.000 ₫");
    await hasText(page.getByTestId("estimates-total"), "488.000.000 ₫");

    // The contest task: one estimate with one warning; create the next year's.
    await page.getByTestId("editor-back").click();
    await page.getByTestId("task-row").filter({ hasText: "Vườn ươm" }).click();
    await page.getByTestId("tab-budget").click();
    await hasText(page.getByTestId("estimate-row-flags"), "1 cảnh báo");
    await page.getByTestId("estimate-year").selectOption(String(y + 1));
    await page.getByTestId("estimate-create").click();
    await hasText(page.getByTestId("estimate-create-error"), `Đã có dự toán năm ${y + 1}`);
    assert.equal((await calls(page, "estimate_create")).length, 1, "Rust decides; the list stays");
    assert.equal(await page.getByTestId("estimate-row").count(), 1);
  }));

test("creating the estimate of a new year opens an empty, editable grid", () =>
  run(ready(), async (page) => {
    await page.getByTestId("task-row").filter({ hasText: "Số hóa hồ sơ hộ tịch" }).click();
    await page.getByTestId("tab-budget").click();
    await page.getByTestId("estimate-row").first().waitFor();
    const years = await page.getByTestId("estimate-year").evaluate((s) => [...s.options].map((o) => Number(o.value)));
    assert.ok(years.includes(y), "the task's year is offered");
    await page.getByTestId("estimate-year").selectOption(String(y));
    await page.getByTestId("estimate-create").click();
    await hasText(page.getByTestId("estimate-create-error"), `Đã có dự toán năm ${y}`);

    await page.getByTestId("editor-back").click();
    await page.getByTestId("task-row").filter({ hasText: "cảnh báo ngập" }).click();
    await page.getByTestId("tab-budget").click();
    await page.getByTestId("estimates-empty").waitFor();
    await page.getByTestId("estimate-create").click();
    const call = await waitForCall(page, "estimate_create");
    assert.deepEqual(call.req, { task_id: taskIds.get("task-ngap"), year: y + 1 });
    await page.getByTestId("estimate-grid").waitFor();
    await hasText(page.getByTestId("estimate-title"), `Dự toán năm ${y + 1}`);
    assert.equal(await page.getByTestId("field-leader_rate").inputValue(), "40.000.000", "starts from the cap in force, shown grouped");
    assert.equal(await page.getByTestId("line-row").count(), 0);
    await hasText(page.getByTestId("grand-total"), "0 ₫");
  }));

test("grid keyboard: Tab and Shift+Tab between cells, Enter down (a new line at a group's end), Ctrl+Enter, Ctrl+Delete, Alt+↑/↓", () =>
  run(ready(), async (page, core) => {
    await openEstimate(page, "Vườn ươm");
    assert.deepEqual(await groupContents(page, "materials"), ["In thể lệ, tờ rơi, áp phích truyền thông cuộc thi", "Văn phòng phẩm phục vụ chấm thi"]);
    const first = await lineRow(page, "In thể lệ");
    await first.getByTestId("cell-content").focus();

    const order = ["cell-unit", "cell-quantity", "cell-unit_price", "cell-own", "cell-other", "cell-note", "cell-norm_code"];
    for (const id of order) {
      await page.keyboard.press("Tab");
      assert.equal(await focusedTestId(page), id, `Tab reaches ${id} (read-only amounts and row buttons are skipped)`);
    }
    await page.keyboard.press("Tab");
    assert.equal(await focusedTestId(page), "cell-content", "from the last cell Tab goes to the next line");
    assert.equal(await focusedContent(page), "Văn phòng phẩm phục vụ chấm thi");
    await page.keyboard.press("Shift+Tab");
    assert.equal(await focusedTestId(page), "cell-norm_code");
    assert.equal(await focusedContent(page), "In thể lệ, tờ rơi, áp phích truyền thông cuộc thi");

    // Enter: same column, next line; at the group's end a new line.
    await first.getByTestId("cell-unit_price").focus();
    await page.keyboard.press("Enter");
    assert.equal(await focusedTestId(page), "cell-unit_price");
    assert.equal(await focusedContent(page), "Văn phòng phẩm phục vụ chấm thi");
    await page.keyboard.press("Enter");
    assert.equal(await focusedTestId(page), "cell-unit_price", "the new line's same column");
    assert.equal((await groupContents(page, "materials")).length, 3);
    assert.equal(await focusedContent(page), "", "focus is in the new, empty line");
    await page.keyboard.type("12000");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    assert.equal(await focusedTestId(page), "cell-content");
    await page.keyboard.type("Mực in");
    const save = await waitForCall(page, "estimate_save", (r) => r.lines.some((l) => l.content === "Mực in"));
    const sent = save.req.lines.filter((l) => l.group === "materials").map((l) => l.content);
    assert.deepEqual(sent, ["In thể lệ, tờ rơi, áp phích truyền thông cuộc thi", "Văn phòng phẩm phục vụ chấm thi", "Mực in"]);
    assert.equal(save.req.lines.find((l) => l.content === "Mực in").unit_price, "12000");

    // Alt+↑ moves it up within the group, focus stays in the same cell.
    await page.keyboard.press("Alt+ArrowUp");
    assert.deepEqual(await groupContents(page, "materials"), ["In thể lệ, tờ rơi, áp phích truyền thông cuộc thi", "Mực in", "Văn phòng phẩm phục vụ chấm thi"]);
    assert.equal(await focusedContent(page), "Mực in");
    await page.keyboard.press("Alt+ArrowUp");
    await page.keyboard.press("Alt+ArrowUp"); // already first: stays
    assert.deepEqual((await groupContents(page, "materials"))[0], "Mực in");
    await page.keyboard.press("Alt+ArrowDown");
    assert.deepEqual((await groupContents(page, "materials"))[1], "Mực in");
    await waitForCall(page, "estimate_save", (r) => r.lines.filter((l) => l.group === "materials")[1]?.content === "Mực in");

    // Ctrl+Enter adds a line right after; Ctrl+Delete removes the current one.
    await page.keyboard.press("Control+Enter");
    assert.equal(await focusedTestId(page), "cell-content");
    assert.deepEqual(await groupContents(page, "materials"), ["In thể lệ, tờ rơi, áp phích truyền thông cuộc thi", "Mực in", "", "Văn phòng phẩm phục vụ chấm thi"]);
    await page.keyboard.press("Control+Delete");
    assert.deepEqual(await groupContents(page, "materials"), ["In thể lệ, tờ rơi, áp phích truyền thông cuộc thi", "Mực in", "Văn phòng phẩm phục vụ chấm thi"]);
    assert.equal(await focusedContent(page), "Văn phòng phẩm phục vụ chấm thi", "focus goes to the line that took its place");
    await page.keyboard.press("Control+Delete");
    await saved(page);
    await waitForCall(page, "estimate_save", (r) => !r.lines.some((l) => l.content.startsWith("Văn phòng phẩm")));
    const stored = (await storedLines(core, "est-kn-1")).filter((l) => l.group === "materials").map((l) => l.content);
    assert.deepEqual(stored, ["In thể lệ, tờ rơi, áp phích truyền thông cuộc thi", "Mực in"]);

    // Buttons do the same.
    await page.getByTestId("line-add-equipment").click();
    assert.equal(await focusedTestId(page), "cell-content");
    assert.equal((await groupContents(page, "equipment")).length, 2);
    const row = await lineRow(page, "Mực in");
    await row.hover();
    await row.getByTestId("line-up").click();
    assert.equal((await groupContents(page, "materials"))[0], "Mực in");
    await (await lineRow(page, "Mực in")).getByTestId("line-remove").click();
    assert.deepEqual(await groupContents(page, "materials"), ["In thể lệ, tờ rơi, áp phích truyền thông cuộc thi"]);
  }));

test("typing a price updates the line, its group and the totals from Rust; the typed text is sent raw and kept", () =>
  run(ready(), async (page, core) => {
    await openEstimate(page, "Vườn ươm");
    await hasText(page.getByTestId("grand-total"), "325.700.000 ₫");
    const row = await lineRow(page, "Văn phòng phẩm");
    const price = row.getByTestId("cell-unit_price");
    assert.equal(await price.inputValue(), "2.500.000", "stored digits shown grouped");
    await price.fill("3.500.000");
    await hasText(row.getByTestId("cell-amount"), "3.500.000 ₫");
    await hasText(row.getByTestId("cell-state"), "3.500.000 ₫");
    await hasText(page.getByTestId("group-total-materials"), "11.000.000 ₫");
    await hasText(page.getByTestId("grand-total"), "326.700.000 ₫");
    await hasText(page.getByTestId("grand-state"), "318.700.000 ₫");
    await hasText(page.getByTestId("sum-total"), "326.700.000 ₫");
    const compute = await waitForCall(page, "estimate_compute", (r) => r.lines.some((l) => l.unit_price === "3.500.000"));
    assert.equal(compute.req.id, est("est-kn-1"));

    // Without separators too; the own source moves money out of the state budget.
    await price.fill("4200000");
    await hasText(row.getByTestId("cell-amount"), "4.200.000 ₫");
    await row.getByTestId("cell-own").fill("1.000.000");
    await hasText(row.getByTestId("cell-state"), "3.200.000 ₫");
    await hasText(page.getByTestId("grand-own"), "4.000.000 ₫");
    await hasText(page.getByTestId("sum-own"), "4.000.000 ₫");

    // Saved once typing stops, exactly as typed; Rust's echo (plain digits) is not pushed back.
    await saved(page);
    const save = (await calls(page, "estimate_save")).at(-1).req;
    const line = save.lines.find((l) => l.content.startsWith("Văn phòng phẩm"));
    assert.equal(line.unit_price, "4200000");
    assert.equal(line.own, "1.000.000");
    assert.ok((await calls(page, "estimate_save")).length <= 2, "saves are debounced");
    assert.equal(await row.getByTestId("cell-own").inputValue(), "1.000.000");
    assert.equal((await storedLines(core, "est-kn-1"))[1].own, "1000000", "stored as plain digits");

    // A person's months: the labour amount comes back by person index.
    const person = page.getByTestId("person-row").nth(1);
    await person.getByTestId("person-months").fill("3");
    await hasText(person.getByTestId("person-amount"), "60.000.000 ₫");
    await hasText(page.getByTestId("group-total-labour"), "200.000.000 ₫");
    await person.getByTestId("person-role").selectOption("thanh_vien");
    await hasText(person.getByTestId("person-monthly"), "10.000.000 ₫");
    await hasText(person.getByTestId("person-amount"), "30.000.000 ₫");
  }));

test("a new line takes the id Rust gave it: later saves update it, never duplicate it", () =>
  run(ready(), async (page, core) => {
    await openEstimate(page, "Vườn ươm");
    await page.getByTestId("line-add-equipment").click();
    await page.keyboard.type("Máy chiếu");
    await page.keyboard.press("Tab");
    await page.keyboard.type("chiếc");
    await waitForCall(page, "estimate_save", (r) => r.lines.some((l) => l.content === "Máy chiếu"));
    // Keep typing while that save is in flight.
    await page.keyboard.press("Tab");
    await page.keyboard.type("2");
    await page.keyboard.press("Tab");
    await page.keyboard.type("9.500.000");
    await saved(page);
    await page.waitForTimeout(700);
    await saved(page);
    const saves = await calls(page, "estimate_save");
    const last = saves.at(-1).req.lines.find((l) => l.content === "Máy chiếu");
    assert.ok(last.id, "the later save carries the id from the first one");
    assert.equal(last.unit_price, "9.500.000");
    const stored = (await storedLines(core, "est-kn-1")).filter((l) => l.content === "Máy chiếu");
    assert.equal(stored.length, 1, "one line stored");
    assert.equal(stored[0].unit_price, "9500000");
    await hasText((await lineRow(page, "Máy chiếu")).getByTestId("cell-amount"), "19.000.000 ₫");
    assert.equal(await page.evaluate(() => window.__core.maxConcurrent.estimate_save), 1, "saves never overlap");
  }, { delays: { estimate_save: 250 } }));

test("a line over its norm shows the norm by name (never its code), its legal basis, the cap and the excess, marked unverified", () =>
  run(ready(), async (page) => {
    await openEstimate(page, "Vườn ươm");
    const row = await lineRow(page, "Giải Nhất");
    assert.equal(await row.getAttribute("data-flagged"), "true");
    assert.match(await row.getAttribute("class"), /flag-amber/, "amber: the norm is not verified yet");
    const flag = page.getByTestId("line-flag");
    assert.equal(await flag.count(), 1);
    assert.equal(await text(flag.getByTestId("flag-norm")), "Giải nhất cuộc thi khởi nghiệp (cấp trung ương)");
    assert.equal(await text(flag.getByTestId("flag-basis")), "Thông tư 126/2018/TT-BTC; Cuộc thi cấp địa phương: tối đa so với mức trung ương × 0,8");
    assert.doesNotMatch(await text(page.getByTestId("estimate-grid")), /contest\.|labor\./, "no internal code on the sheet");
    assert.equal(await text(flag.getByTestId("flag-limit")), "16.000.000 ₫");
    assert.equal(await text(flag.getByTestId("flag-excess")), "4.000.000 ₫");
    assert.equal(await text(flag.getByTestId("flag-unverified")), "chưa xác minh");
    assert.match(await text(flag), /Đơn giá 20\.000\.000 ₫ vượt mức tối đa 16\.000\.000 ₫/);
    await hasText(page.getByTestId("sum-flags"), "1");
    assert.equal(await text(row.getByTestId("norm-unverified")), "chưa xác minh");
    const options = await row.getByTestId("cell-norm_code").evaluate((s) => [...s.options].map((o) => o.textContent));
    assert.ok(options.includes("Giải nhất cuộc thi khởi nghiệp (cấp trung ương) (chưa xác minh)"), options.join("\n"));
    assert.ok(options.includes("Mức tiền công tối đa của chủ nhiệm nhiệm vụ"));
    assert.ok(options.every((o) => !/^[a-z_]+\./.test(o)), `no option starts with a code: ${options.join("\n")}`);

    // Within the cap: no warning. Never clipped: the amount is what was typed.
    await row.getByTestId("cell-unit_price").fill("16.000.000");
    await until(async () => (await flag.count()) === 0, "warning gone");
    await hasText(page.getByTestId("sum-flags"), "Không");
    await row.getByTestId("cell-unit_price").fill("25.000.000");
    await hasText(flag.getByTestId("flag-excess"), "9.000.000 ₫");
    await hasText(row.getByTestId("cell-amount"), "25.000.000 ₫");

    // A verified cap (the leader's rate) is red, beside the field.
    await page.getByTestId("field-leader_rate").fill("45.000.000");
    const leader = page.getByTestId("leader-flag");
    await leader.waitFor();
    assert.equal(await text(leader.getByTestId("flag-norm")), "Mức tiền công tối đa của chủ nhiệm nhiệm vụ");
    assert.equal(await text(leader.getByTestId("flag-basis")), "Thông tư 03/2023/TT-BTC");
    assert.equal(await text(leader.getByTestId("flag-limit")), "40.000.000 ₫");
    assert.equal(await text(leader.getByTestId("flag-excess")), "5.000.000 ₫");
    assert.equal(await leader.getByTestId("flag-unverified").count(), 0);
    await hasText(page.getByTestId("sum-flags"), "2");
    await hasText(page.getByTestId("person-row").first().getByTestId("person-amount"), "135.000.000 ₫");
  }));

test("a blocking issue shows beside its cell in red, the typed text stays, and the rest is saved", () =>
  run(ready(), async (page, core) => {
    await openEstimate(page, "Vườn ươm");
    const row = await lineRow(page, "Văn phòng phẩm");
    const price = row.getByTestId("cell-unit_price");
    await price.fill("2,5 triệu");
    const issue = row.getByTestId("issue-unit_price");
    await issue.waitFor();
    assert.equal(await issue.getAttribute("data-severity"), "blocking");
    assert.equal(await text(issue), "Chưa lưu: Số tiền tính bằng đồng, không có phần thập phân.");
    assert.equal(await issue.evaluate((e) => getComputedStyle(e).color), "rgb(180, 35, 24)", "red");
    assert.equal(await price.getAttribute("aria-invalid"), "true");
    assert.equal(await price.inputValue(), "2,5 triệu");
    // Rust computes with the stored price meanwhile.
    await hasText(row.getByTestId("cell-amount"), "2.500.000 ₫");

    // Another cell of the same line still saves.
    await row.getByTestId("cell-note").fill("Mua theo báo giá");
    await saved(page);
    await hasText(page.getByTestId("save-status"), "1 trường chưa lưu");
    assert.equal((await storedLines(core, "est-kn-1"))[1].note, "Mua theo báo giá");
    assert.equal(await price.inputValue(), "2,5 triệu", "still as typed after the save");

    // Months of a person, and the estimate date.
    const person = page.getByTestId("person-row").nth(3);
    await person.getByTestId("person-months").fill("hai");
    await person.getByTestId("issue-months").waitFor();
    assert.match(await text(person.getByTestId("issue-months")), /Chỉ nhập số, ví dụ 12 hoặc 10,5/);
    await page.getByTestId("field-estimate_date").fill("31/02/2026");
    await hasText(page.getByTestId("issue-estimate_date"), "Ngày không hợp lệ");

    // Own funds over the line's amount: Rust refuses to compute and says which cell.
    await price.fill("2.500.000");
    await until(async () => (await issue.count()) === 0, "price issue cleared");
    await row.getByTestId("cell-own").fill("3.000.000");
    await row.getByTestId("issue-own").waitFor();
    assert.match(await text(row.getByTestId("issue-own")), /nguồn tự có và nguồn khác lớn hơn thành tiền/);
    await hasText(page.getByTestId("compute-error"), "lớn hơn thành tiền");
  }));

test("compute requests never overlap and the latest sheet wins", () =>
  run(ready(), async (page) => {
    await openEstimate(page, "Vườn ươm");
    const price = (await lineRow(page, "Văn phòng phẩm")).getByTestId("cell-unit_price");
    await price.fill("");
    await price.pressSequentially("7654321", { delay: 15 });
    await hasText(page.getByTestId("grand-total"), `${(325_700_000 - 2_500_000 + 7_654_321).toLocaleString("de-DE")} ₫`);
    assert.equal(await page.evaluate(() => window.__core.maxConcurrent.estimate_compute), 1);
    const n = (await calls(page, "estimate_compute")).length;
    assert.ok(n < 8, `keystrokes typed while one compute runs collapse into one (${n} computes for 8 edits)`);
  }, { delays: { estimate_compute: 200 } }));

test("500 lines: the grid renders them and typing a price updates the totals and the line", () =>
  run(ready({ estimates: [bigEstimate(500)] }), async (page) => {
    const t0 = Date.now();
    await openEstimate(page, "Vườn ươm");
    await until(async () => (await page.getByTestId("line-row").count()) === 500, "500 lines");
    const opened = Date.now() - t0;
    const before = await text(page.getByTestId("grand-total"));
    // Line 250 as seeded: quantity i % 7 + 1, price 100 000 × (i % 13 + 1).
    const i = 249;
    const qty = (i % 7) + 1;
    const old = 100000 * ((i % 13) + 1);
    const total = Number(before.replace(/\D/g, ""));
    const expected = `${(total + qty * (1_234_567 - old)).toLocaleString("de-DE")} ₫`;
    const row = await lineRow(page, `Nội dung chi số ${i + 1}`);
    const price = row.getByTestId("cell-unit_price");
    await price.scrollIntoViewIfNeeded();
    await price.fill("");
    const t1 = Date.now();
    await price.pressSequentially("1234567");
    await hasText(page.getByTestId("grand-total"), expected, 5000);
    const typed = Date.now() - t1;
    await hasText(row.getByTestId("cell-amount"), `${(qty * 1_234_567).toLocaleString("de-DE")} ₫`);
    // One keystroke, measured in the page: input event to the total's new text.
    const oneKey = await page.evaluate(async () => {
      const input = document.activeElement;
      const total = document.querySelector('[data-testid="grand-total"]');
      const was = total.textContent;
      const start = performance.now();
      input.value = input.value + "0";
      input.dispatchEvent(new Event("input", { bubbles: true }));
      while (total.textContent === was) await new Promise((r) => requestAnimationFrame(r));
      return performance.now() - start;
    });
    // The figures are printed, not asserted: a test on two shared cores cannot time the grid
    // honestly (the recompute's target is met in `cargo bench -p xaso-core --bench estimate`).
    console.log(`500 lines: opened in ${opened} ms; 7 keystrokes to total in ${typed} ms; one keystroke to total in ${oneKey.toFixed(0)} ms`);
    await saved(page);
  }));

test("an approved estimate is read-only, says why, and offers a new version that opens as a draft", () =>
  run(ready(), async (page) => {
    await openEstimate(page, "Số hóa hồ sơ hộ tịch");
    const banner = page.getByTestId("estimate-readonly");
    await hasText(banner, "đã được phê duyệt");
    assert.equal(await page.getByTestId("cell-unit_price").first().getAttribute("readonly"), "");
    assert.equal(await page.getByTestId("field-leader_rate").getAttribute("readonly"), "");
    assert.equal(await page.getByTestId("line-add-other").count(), 0);
    assert.equal(await page.getByTestId("line-remove").count(), 0);
    assert.equal(await page.getByTestId("cell-norm_code").count(), 0, "norms shown as text");
    assert.equal(await page.getByTestId("save-status").count(), 0);
    await page.getByTestId("cell-unit_price").first().focus();
    await page.keyboard.press("Enter");
    assert.equal(await page.getByTestId("line-row").count(), 2, "Enter adds nothing");
    await page.waitForTimeout(600);
    assert.equal((await calls(page, "estimate_save")).length, 0);

    await page.getByTestId("estimate-new-version").click();
    const call = await waitForCall(page, "estimate_new_version");
    assert.equal(call.req.id, est("est-hotich-1"));
    await hasText(page.getByTestId("estimate-title"), "Phiên bản 2");
    await page.getByTestId("line-add-other").waitFor();
    assert.equal(await page.getByTestId("estimate-readonly").count(), 0);
    assert.equal(await page.getByTestId("cell-unit_price").first().getAttribute("readonly"), null);

    // Back on version 1: a newer one exists, so it offers to open it instead.
    await page.getByTestId("estimate-version").selectOption({ label: `Năm ${y} · phiên bản 1 · Đã phê duyệt` });
    await page.getByTestId("estimate-open-newer").waitFor();
    assert.equal(await page.getByTestId("estimate-new-version").count(), 0);
  }));

test("review: the unit submits; a city reviewer comments on lines and returns with a required reason", () =>
  run(ready(), async (page, core) => {
    await openEstimate(page, "Vườn ươm");
    assert.equal(await page.getByTestId("estimate-transition-approved").count(), 0, "the unit cannot approve");
    await (await lineRow(page, "Quản lý chung")).getByTestId("cell-unit_price").fill("6.000.000");
    await page.getByTestId("estimate-transition-submitted").click();
    await page.getByTestId("transition-confirm").click();
    await hasText(page.getByTestId("estimate-readonly"), "đang chờ Sở KHCN thẩm định");
    const saves = await calls(page, "estimate_save");
    const moves = await calls(page, "estimate_transition");
    assert.ok(saves.at(-1).at < moves[0].at, "the pending save reached Rust before the move");
    assert.equal((await storedLines(core, "est-kn-1")).at(-1).unit_price, "6000000");
  }).then(() =>
    run(as("city_reviewer"), async (page) => {
      await openEstimate(page, "chợ Bến Thành");
      assert.equal(await page.getByTestId("estimate-transition-submitted").count(), 0);
      const box = page.getByTestId("line-comment").first();
      await box.fill("Đề nghị làm rõ số tiểu thương được hỗ trợ.");
      await box.blur();
      const c = await waitForCall(page, "estimate_line_comment");
      assert.equal(c.req.estimate_id, est("est-cho-1"));
      assert.equal(c.req.comment, "Đề nghị làm rõ số tiểu thương được hỗ trợ.");
      assert.ok(c.req.line_id, "a stored line's id");

      await page.getByTestId("estimate-transition-returned").click();
      await page.getByTestId("transition-confirm").click();
      await page.getByTestId("transition-comment-required").waitFor();
      assert.equal((await calls(page, "estimate_transition")).length, 0);
      await page.getByTestId("transition-comment").fill("Bổ sung báo giá thiết bị QR.");
      await page.getByTestId("transition-confirm").click();
      await hasText(page.getByTestId("estimate-review-comment"), "Bổ sung báo giá thiết bị QR.");
      assert.equal(await page.getByTestId("estimate-transition-returned").count(), 0);
    }),
  ));

test("a returned estimate shows the reviewer's comments on top and on the lines, and is editable again", () =>
  run(
    ready({
      estimates: demoEstimates().map((e) =>
        e.id === "est-cho-1"
          ? {
              ...e,
              status: "returned",
              review_comment: "Bổ sung báo giá thiết bị QR.",
              lines: e.lines.map((l, i) => (i === 0 ? { ...l, review_comment: "Đề nghị làm rõ số tiểu thương được hỗ trợ." } : l)),
            }
          : e,
      ),
    }),
    async (page) => {
      await openEstimate(page, "chợ Bến Thành");
      await hasText(page.getByTestId("estimate-review-comment"), "Bổ sung báo giá thiết bị QR.");
      assert.match(await page.getByTestId("estimate-review-comment").getAttribute("class"), /warn/);
      await hasText(page.getByTestId("line-review-comment"), "Đề nghị làm rõ số tiểu thương được hỗ trợ.");
      assert.equal(await page.getByTestId("line-comment").count(), 0, "only a reviewer writes comments");
      assert.equal(await page.getByTestId("estimate-readonly").count(), 0);
      await page.getByTestId("estimate-transition-submitted").waitFor();
    },
  ));

test("compare: two versions line by line — added, removed, changed, same — with differences and totals", () =>
  run(ready(), async (page) => {
    await openEstimate(page, "Ứng dụng AI", 2);
    await page.getByTestId("estimate-compare").click();
    await page.getByTestId("compare-row").first().waitFor();
    const call = await waitForCall(page, "estimate_compare");
    assert.deepEqual(call.req, { from: est("est-ai-1"), to: est("est-ai-2") }, "defaults to the version it was made from");
    const rows = await page.getByTestId("compare-row").evaluateAll((rs) =>
      rs.map((r) => ({
        change: r.dataset.change,
        content: r.querySelector(".content").textContent.trim(),
        before: r.querySelector('[data-testid="compare-before"]').textContent.trim(),
        after: r.querySelector('[data-testid="compare-after"]').textContent.trim(),
        diff: r.querySelector('[data-testid="compare-diff"]').textContent.trim(),
      })),
    );
    const by = (c) => rows.find((r) => r.content.startsWith(c));
    assert.deepEqual(by("Thành viên thực hiện chính"), { change: "changed", content: "Thành viên thực hiện chính: Võ Thị Mai", before: "96.000.000 ₫", after: "120.000.000 ₫", diff: "+24.000.000 ₫" });
    assert.deepEqual(by("Thuê máy chủ"), { change: "changed", content: "Thuê máy chủ đám mây huấn luyện mô hình", before: "27.000.000 ₫", after: "36.000.000 ₫", diff: "+9.000.000 ₫" });
    assert.equal(by("Máy tính trạm").change, "same");
    assert.deepEqual(by("Hội thảo đánh giá"), { change: "removed", content: "Hội thảo đánh giá kết quả thử nghiệm", before: "8.000.000 ₫", after: "—", diff: "-8.000.000 ₫" });
    assert.deepEqual(by("Tập huấn"), { change: "added", content: "Tập huấn sử dụng phần mềm cho cán bộ một cửa", before: "—", after: "12.000.000 ₫", diff: "+12.000.000 ₫" });
    await hasText(page.getByTestId("compare-total-before"), "451.000.000 ₫");
    await hasText(page.getByTestId("compare-total-after"), "488.000.000 ₫");
    await hasText(page.getByTestId("compare-summary"), "2 dòng thay đổi · 1 thêm mới · 1 bỏ · 3 giữ nguyên");

    await page.getByTestId("compare-only-changes").check();
    assert.equal(await page.locator('[data-testid="compare-row"][data-change="same"]').count(), 0);
    await page.getByTestId("compare-from").selectOption(est("est-ai-2"));
    await hasText(page.getByTestId("compare-same-version"), "hai phiên bản khác nhau");
    assert.equal(await page.getByTestId("compare-row").count(), 0);
    await page.getByTestId("compare-to").selectOption(est("est-ai-1"));
    await waitForCall(page, "estimate_compare", (r) => r.from === est("est-ai-2") && r.to === est("est-ai-1"));
    await page.getByTestId("estimate-compare").click();
    await page.getByTestId("estimate-grid").waitFor();
  }));

test("export writes the Excel file after the pending save and shows where", () =>
  run(ready(), async (page) => {
    await openEstimate(page, "Vườn ươm");
    await (await lineRow(page, "Giải Ba")).getByTestId("cell-quantity").fill("4");
    await page.getByTestId("estimate-export").click();
    await hasText(page.getByTestId("export-path"), `du-toan-vuon-uom-y-tuong-khoi-nghiep-sang-tao-${y + 1}-v1.xlsx`);
    const save = (await calls(page, "estimate_save")).at(-1);
    const exp = (await calls(page, "estimate_export_xlsx")).at(-1);
    assert.ok(save && save.at < exp.at, "saved first");
    assert.equal(exp.req.id, est("est-kn-1"));
  }));

test("the PDF is made by the app after the pending save; the notice opens the file or its folder, in view", () =>
  run(ready(), async (page) => {
    await openEstimate(page, "Vườn ươm");
    await (await lineRow(page, "Giải Ba")).getByTestId("cell-quantity").fill("4");
    await page.locator("main").evaluate((m) => m.scrollBy(0, 2000));
    await page.getByTestId("estimate-pdf").click();
    const path = page.getByTestId("export-path");
    await hasText(path, `du-toan-vuon-uom-y-tuong-khoi-nghiep-sang-tao-${y + 1}-v1.pdf`);
    const file = await text(path);
    assert.ok(fs.readFileSync(file).subarray(0, 5).equals(Buffer.from("%PDF-")), "a PDF on disk");
    const save = (await calls(page, "estimate_save")).at(-1);
    const exp = (await calls(page, "estimate_export_pdf")).at(-1);
    assert.ok(save && save.at < exp.at, "saved first");
    assert.ok(await page.getByTestId("export-done").isVisible(), "the notice is in view after scrolling");
    const box = await page.getByTestId("export-done").boundingBox();
    assert.ok(box && box.y + box.height <= 768, "inside the window");

    await page.getByTestId("export-open-file").click();
    await waitForCall(page, "export_open", (r) => r.path === file && r.folder === false);
    await page.getByTestId("export-open-folder").click();
    await waitForCall(page, "export_open", (r) => r.path === file && r.folder === true);
    assert.equal(await page.getByTestId("export-open-error").count(), 0);
    await page.getByTestId("export-close").click();
    assert.equal(await page.getByTestId("export-done").count(), 0);
  }));

test("leaving the estimate saves what was typed first", () =>
  run(ready(), async (page) => {
    await openEstimate(page, "Vườn ươm");
    await (await lineRow(page, "Giải Nhì")).getByTestId("cell-note").fill("Hai giải");
    await page.getByTestId("estimate-back").click();
    await page.getByTestId("tab-budget").waitFor();
    const save = await waitForCall(page, "estimate_save", (r) => r.lines.some((l) => l.note === "Hai giải"));
    assert.ok(save);
    assert.equal(await page.getByRole("tab", { selected: true }).getAttribute("data-testid"), "tab-budget", "back on the budget tab");
  }));

test("yearly plan: totals by kind (a proposal without an estimate by its declared cost), the share against the city's target with its basis; spending saved on Enter and blur", () =>
  run(ready(), async (page) => {
    await page.getByTestId("nav-plan").click();
    await hasText(page.getByTestId("plan-share"), "8,32 %");
    await hasText(page.getByTestId("plan-target"), "3 %");
    assert.equal(await page.getByTestId("plan-meets").getAttribute("data-meets"), "true");
    assert.equal(await page.getByTestId("field-annual_spending").inputValue(), "30.000.000.000");
    // CĐS: two estimates (772.000.000 ₫) and three proposals of the year without one,
    // counted by what their forms declare.
    await hasText(page.getByTestId("plan-kind-cds").getByTestId("plan-kind-total"), "2.327.500.000 ₫");
    await hasText(page.getByTestId("plan-kind-cds").getByTestId("plan-kind-declared"), "+ 3 phiếu chưa có dự toán");
    await hasText(page.getByTestId("plan-kind-dmst").getByTestId("plan-kind-total"), "169.000.000 ₫");
    assert.equal(await page.getByTestId("plan-kind-dmst").getByTestId("plan-kind-declared").count(), 0);
    await hasText(page.getByTestId("plan-total"), "2.496.500.000 ₫");
    await hasText(page.getByTestId("plan-target-basis"), "Nghị quyết 57-NQ/TW");
    await hasText(page.getByTestId("plan-target-basis"), "Tỷ lệ tối thiểu chi ngân sách hằng năm cho KHCN/ĐMST/CĐS");
    assert.doesNotMatch(await page.getByTestId("plan-target-basis").innerText(), /plan\.share/, "the target by its name, not its code");
    await hasText(page.getByTestId("plan-target-unverified"), "chưa xác minh");
    await page.getByTestId("plan-bar").waitFor();

    const box = page.getByTestId("field-annual_spending");
    await box.fill("100.000.000.000");
    await box.press("Enter");
    const set = await waitForCall(page, "plan_set");
    assert.deepEqual(set.req, { year: y, annual_spending: "100.000.000.000" });
    await hasText(page.getByTestId("plan-share"), "2,49 %");
    assert.equal(await page.getByTestId("plan-meets").getAttribute("data-meets"), "false");

    await box.fill("40 tỷ");
    await box.blur();
    await hasText(page.getByTestId("issue-annual_spending"), "Chỉ nhập số tiền bằng chữ số");
    assert.equal(await box.inputValue(), "40 tỷ", "kept as typed");

    await page.getByTestId("plan-year").selectOption(String(y + 1));
    await waitForCall(page, "plan_get", (r) => r.year === y + 1);
    await hasText(page.getByTestId("plan-share"), "—");
    await hasText(page.getByTestId("plan-kind-dmst").getByTestId("plan-kind-total"), "325.700.000 ₫");
  }));

test("norms: everyone reads them; only a city administrator edits, with Rust's issues beside the fields", () =>
  run(ready(), async (page) => {
    await page.getByTestId("nav-norms").click();
    await page.getByTestId("norm-row").first().waitFor();
    assert.equal(await page.getByTestId("norm-row").count(), 13);
    await page.getByTestId("norms-readonly").waitFor();
    assert.equal(await page.getByTestId("norm-add").count(), 0);
    assert.equal(await page.getByTestId("norm-edit").count(), 0);
    const prize = page.locator('[data-testid="norm-row"][data-code="contest.prize.first"]');
    for (const s of ["Giải nhất cuộc thi khởi nghiệp", "20.000.000", "VND/giải", "Mức tối đa", "Thông tư 126/2018/TT-BTC", "Chưa xác minh", "Đang áp dụng"]) await hasText(prize, s);
    await hasText(page.locator('[data-testid="norm-row"][data-code="labor.coef.chu_nhiem"]'), "từ 23/06/2023");
    await page.getByTestId("norms-filter").fill("giai nhi");
    await until(async () => (await page.getByTestId("norm-row").count()) === 1, "filtered");
  }).then(() =>
    run(as("city_admin"), async (page) => {
      await page.getByTestId("nav-norms").click();
      assert.equal(await page.getByTestId("norms-readonly").count(), 0);
      const prize = page.locator('[data-testid="norm-row"][data-code="contest.prize.first"]');
      await prize.getByTestId("norm-edit").click();
      assert.equal(await page.getByTestId("field-value").inputValue(), "20000000");
      // Rust reads "18.000.000" (Vietnamese grouping) as a number; English grouping is not.
      await page.getByTestId("field-value").fill("18,000,000");
      await page.getByTestId("field-effective_from").fill("31/02/2026");
      await page.getByTestId("norm-save").click();
      await hasText(page.getByTestId("issue-value"), "Chỉ nhập số, ví dụ 12 hoặc 10,5.");
      await hasText(page.getByTestId("issue-effective_from"), "Ngày không hợp lệ");
      assert.equal(await page.getByTestId("field-value").inputValue(), "18,000,000", "kept as typed");
      await page.getByTestId("field-value").fill("18000000");
      await page.getByTestId("field-effective_from").fill("01/01/2026");
      await page.getByTestId("field-verified").check();
      await page.getByTestId("norm-save").click();
      await page.getByTestId("norm-saved").waitFor();
      const save = (await calls(page, "norm_save")).at(-1).req;
      assert.equal(save.code, "contest.prize.first");
      assert.equal(save.value, "18000000");
      assert.equal(save.effective_from, "01/01/2026");
      assert.equal(save.verified, true);
      assert.ok(save.id);
      await hasText(prize, "18.000.000");
      await hasText(prize, "Đã xác minh");

      await page.getByTestId("norm-add").click();
      await page.getByTestId("norm-save").click();
      await page.getByTestId("issue-code").waitFor();
      await page.getByTestId("issue-description").waitFor();
      await page.getByTestId("field-code").fill("workshop.chair");
      await page.getByTestId("field-description").fill("Chủ trì hội thảo khoa học");
      await page.getByTestId("field-value").fill("1500000");
      await page.getByTestId("field-unit").fill("VND/buổi");
      await page.getByTestId("field-legal_basis").fill("Thông tư 02/2023/TT-BKHCN");
      await page.getByTestId("norm-save").click();
      await page.locator('[data-testid="norm-row"][data-code="workshop.chair"]').waitFor();
    }),
  ));

test("first start offers the four roles, including the city's reviewer and administrator", () =>
  run(async () => {}, async (page) => {
    for (const r of ["unit_official", "unit_lead", "city_reviewer", "city_admin"]) await page.getByTestId(`role-${r}`).waitFor();
    const labels = await page.locator("fieldset.roles strong").allTextContents();
    assert.deepEqual(labels, ["Cán bộ xã/phường", "Lãnh đạo UBND", "Cán bộ Sở KHCN (thẩm định)", "Quản trị Sở KHCN"]);
    await page.getByTestId("unit-search").fill("ben thanh");
    await page.getByTestId("unit-option").first().click();
    await page.getByTestId("profile-name").fill("Lê Văn Hùng");
    await page.getByTestId("role-city_reviewer").check();
    // The Department's staff pick no ward: the picker gives way to the Department.
    await hasText(page.getByTestId("unit-city"), "Sở Khoa học và Công nghệ");
    assert.equal(await page.getByTestId("unit-search").count(), 0);
    await page.getByTestId("profile-save").click();
    const call = await waitForCall(page, "profile_set");
    assert.deepEqual(call.req, { unit_code: "", display_name: "Lê Văn Hùng", role: "city_reviewer" });
    await hasText(page.getByTestId("header-user"), "Cán bộ Sở KHCN (thẩm định)");
    await hasText(page.getByTestId("header-unit"), "Sở Khoa học và Công nghệ");
    // Nothing a ward does is offered: no new proposal, no unit plan.
    await hasText(page.getByTestId("task-empty-body"), "sau khi máy này đồng bộ với máy chủ của Sở");
    assert.equal(await page.getByTestId("task-new").count(), 0);
    assert.equal(await page.getByTestId("nav-plan").count(), 0);
  }));

test("the declared cost and the estimates' total: flagged on the form and the budget tab while they differ, gone once they agree", () =>
  run(ready(), async (page) => {
    await page.getByTestId("task-row").filter({ hasText: "Vườn ươm" }).click();
    await page.getByTestId("tab-budget").click();
    const total = await text(page.getByTestId("estimates-total"));
    await hasText(page.getByTestId("estimates-mismatch"), `khác tổng dự toán (${total})`);

    await page.locator("#tab-form").click();
    const flag = page.getByTestId("cost-mismatch");
    await hasText(flag, "Kinh phí khai trong phiếu (");
    await hasText(flag, "Hãy sửa phiếu hoặc dự toán cho khớp.");
    await page.getByTestId("field-cost_state").fill(total.replace(/ ₫$/, ""));
    await page.getByTestId("field-cost_own").fill("");
    await page.getByTestId("field-cost_other").fill("");
    await until(async () => (await flag.count()) === 0, "the flag gone once the form declares the estimates' total", 8000);
    await page.getByTestId("tab-budget").click();
    await page.getByTestId("estimates-total").waitFor();
    assert.equal(await page.getByTestId("estimates-mismatch").count(), 0);
  }));
