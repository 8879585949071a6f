// Training (Tập huấn): the city publishes programmes, sessions, materials and quizzes and
// reads the reports; a ward searches the library, downloads and opens files, checks its
// people in and has them take the quiz.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { appSuite, calls, waitForCall, focusedTestId, hasText, until, startServer, startFileProxy } from "./harness.js";
import { profile, cityProfile, demoTraining } from "./seed-data.js";
import { seedTraining, submitQuiz, sampleFile, publishFromCity, receiveMaterials, fileOf, CHUNK } from "./seed.js";

const run = appSuite({ before, after });
// On the real core: the samples published by the city and used by the units (seed.js).
let ids = new Map();
const wardCore = async (core) => {
  ids = await seedTraining(core, demoTraining(), cityProfile, profile);
};
const cityCore = async (core) => {
  ids = await seedTraining(core, demoTraining(), cityProfile, cityProfile);
};
// …with the materials the city added on this laptop.
const cityWithFiles = async (core) => {
  ids = await seedTraining(core, demoTraining(), cityProfile, cityProfile, { withMaterials: true });
};
const wardWithFiles = async (core) => {
  ids = await seedTraining(core, demoTraining(), cityProfile, profile, { withMaterials: true });
};

// A ward's materials come from the city: a real city server, to which the city's own
// laptop published the samples with their files (once for this file: the wards only
// read them). The ward's laptop reaches it through a link the test controls
// (`startFileProxy`), to stop a file part-way or cut the files off.
const password = "MatKhau@2026";
const cityAccount = { name: "hung.lv.sokhcn", display_name: "Lê Văn Hùng", role: "city_reviewer", password };
const wardAccount = { name: "lan.nt.benthanh", display_name: profile.display_name, role: "unit_official", unit: profile.unit_code, password };
let city = null;
async function theCity() {
  if (!city) {
    const server = await startServer([cityAccount, wardAccount]);
    city = { server, ids: await publishFromCity(server, cityAccount, demoTraining()).catch(async (e) => {
      await server.close();
      throw e;
    }) };
  }
  return city;
}
after(() => city?.server.close());

/** The current test's link to the city, and the budget guide's SHA-256. */
let link = null;
let guideSha = null;
const fileState = (core, session, material) => fileOf(core, ids.get(session), ids.get(material));
/** The ward's laptop (the page's core, its sync worker running as in the app) receiving
 *  the city's materials through a fresh link (see `receiveMaterials`). */
const wardMaterials = (options = {}) => async (core) => {
  const { server, ids: published } = await theCity();
  ids = published;
  link = await startFileProxy(server.url);
  guideSha = await receiveMaterials(core, { ids, link, profile, account: wardAccount, ...options });
};
/** `run` on a ward's laptop with the city's materials; the link goes with the test. */
const runWard = (options, fn) => run(wardMaterials(options), fn, { worker: true }).finally(() => link?.close());
const text = async (locator) => ((await locator.innerText()) ?? "").replace(/\s+/g, " ").trim();

async function openTraining(page) {
  await page.getByTestId("nav-training").click();
  await page.getByTestId("programme").first().waitFor();
}
async function openSession(page, title) {
  await openTraining(page);
  await page.getByTestId("session-row").filter({ hasText: title }).click();
  await page.getByTestId("session-detail").waitFor();
}

test("home: programmes with their sessions, materials on this computer, keep offline", () =>
  runWard({}, async (page) => {
    await openTraining(page);
    assert.equal(await page.getByTestId("nav-training").getAttribute("aria-current"), "page");
    const prog = page.getByTestId("programme").first();
    await hasText(prog, "Bồi dưỡng KHCN, ĐMST và CĐS cho cán bộ cấp xã năm 2026");
    assert.equal(await text(prog.getByTestId("materials-ready")), "1/3 tài liệu có trên máy");
    const rows = prog.getByTestId("session-row");
    assert.equal(await rows.count(), 2);
    const first = await text(rows.first());
    assert.match(first, /08:00 05\/12\/2026 – 11:30/);
    assert.match(first, /Trực tiếp và trực tuyến/);
    assert.match(first, /Đơn vị tham gia/);
    assert.match(first, /0 người điểm danh/, "a ward sees its own check-ins only");
    // A ward does not publish.
    assert.equal(await page.getByTestId("programme-new").count(), 0);
    assert.equal(await page.getByTestId("session-new").count(), 0);

    await prog.getByTestId("keep-offline").check();
    const call = await waitForCall(page, "programme_keep_offline");
    assert.deepEqual(call.req, { programme_id: ids.get("prog-2026"), keep: true });
    assert.equal(await prog.getByTestId("keep-offline").isChecked(), true);
  }));

test("city: creates a programme, then a session (an empty title shows its issue beside the field, then it saves)", () =>
  run(cityCore, async (page, core) => {
    await openTraining(page);
    await page.getByTestId("programme-new").click();
    assert.equal(await focusedTestId(page), "programme-title");
    await page.getByTestId("programme-create").click();
    await hasText(page.getByTestId("issue-programme-title"), "Nhập tên chương trình.");
    await page.getByTestId("programme-title").fill("Tập huấn sở hữu trí tuệ 2027");
    await page.getByTestId("programme-description").fill("Cho cán bộ văn hóa – xã hội");
    await page.getByTestId("programme-title").press("Enter");
    await hasText(page.getByTestId("programme-notice"), "Đã tạo chương trình “Tập huấn sở hữu trí tuệ 2027”");
    const prog = page.getByTestId("programme").filter({ hasText: "Tập huấn sở hữu trí tuệ 2027" });
    await hasText(prog, "Chương trình chưa có buổi tập huấn.");

    await prog.getByTestId("session-new").click();
    await page.getByTestId("session-form").waitFor();
    assert.equal(await focusedTestId(page), "session-title");
    await page.getByTestId("session-topic").fill("Sở hữu trí tuệ");
    await page.getByTestId("session-starts").fill("10/03/2027");
    await page.getByTestId("session-starts-time").fill("08:00");
    await page.getByTestId("session-ends").fill("10/03/2027");
    await page.getByTestId("session-ends-time").fill("11:00");
    await page.getByTestId("session-format").selectOption("in_person");
    await page.getByTestId("session-place").fill("Hội trường UBND Phường Bến Thành");
    await page.getByTestId("session-save").click();

    await hasText(page.getByTestId("issue-session-title"), "Nhập tên buổi tập huấn.");
    assert.equal(await page.getByTestId("session-title").getAttribute("aria-invalid"), "true");
    assert.equal(await page.getByTestId("issue-session-topic").count(), 0, "only the field with a problem is marked");
    assert.equal(await focusedTestId(page), "session-title", "focus goes to the field to fix");

    await page.getByTestId("session-title").fill("Đăng ký nhãn hiệu cho sản phẩm OCOP");
    // Only some units: pick two from the unit search, remove one.
    await page.getByTestId("session-all-units").uncheck();
    await page.getByTestId("session-unit-search").fill("ben");
    await page.getByTestId("session-unit-option").filter({ hasText: "Phường Bến Thành" }).click();
    await page.getByTestId("session-unit-search").fill("can gio");
    await page.getByTestId("session-unit-search").press("Enter");
    await until(async () => (await page.getByTestId("session-unit-chip").count()) === 2, "two chips");
    await page.getByTestId("session-unit-chip").filter({ hasText: "Phường Bến Thành" }).getByTestId("session-unit-remove").click();
    assert.deepEqual(await page.getByTestId("session-unit-chip").allInnerTexts().then((a) => a.map((s) => s.replace(/\s*×$/, ""))), ["Xã Cần Giờ"]);
    await page.getByTestId("session-save").click();

    await page.getByTestId("session-detail").waitFor();
    await hasText(page.getByTestId("session-heading"), "Đăng ký nhãn hiệu cho sản phẩm OCOP");
    await hasText(page.getByTestId("session-when"), "08:00 10/03/2027 – 11:00");
    await hasText(page.getByTestId("session-units"), "Xã Cần Giờ");
    const saved = (await calls(page, "session_save")).at(-1).req;
    assert.equal(saved.id, null);
    assert.equal(saved.form.format, "in_person");
    assert.equal(saved.form.all_units, false);
    assert.deepEqual(saved.form.bridge_points, ["27664"]);

    // Editing it again: the chosen unit shows by its name, not its code.
    await page.getByTestId("session-edit").click();
    await page.getByTestId("session-form").waitFor();
    assert.deepEqual(await page.getByTestId("session-unit-chip").allInnerTexts().then((a) => a.map((s) => s.replace(/\s*×$/, ""))), ["Xã Cần Giờ"]);
  }));

test("city: adds a material by its path (a missing file is refused beside the path)", () =>
  run(cityWithFiles, async (page, core) => {
    const path = await sampleFile(core, "huong-dan-nhiem-vu.pdf", 3_300_000);
    await openSession(page, "Nhiệm vụ KHCN cấp cơ sở");
    assert.equal(await page.getByTestId("material-row").count(), 2);
    await page.getByTestId("material-title").fill("Văn bản hướng dẫn");
    await page.getByTestId("material-path").fill(`${core.dir}/khong-co.pdf`);
    await page.getByTestId("material-add").click();
    await hasText(page.getByTestId("issue-material-path"), "Không tìm thấy tệp");
    assert.equal(await focusedTestId(page), "material-path");

    await page.getByTestId("material-path").fill(path);
    await page.getByTestId("material-path").press("Enter");
    await hasText(page.getByTestId("material-notice"), "Đã thêm tài liệu “Văn bản hướng dẫn”");
    const row = page.getByTestId("material-row").filter({ hasText: "Văn bản hướng dẫn" });
    await hasText(row, "huong-dan-nhiem-vu.pdf");
    await hasText(row, "3,3 MB");
    assert.equal(await text(row.getByTestId("material-state")), "Đang gửi lên máy chủ");
    const req = (await waitForCall(page, "material_add", (r) => r.path.includes("huong-dan"))).req;
    assert.deepEqual(req, { programme_id: ids.get("prog-2026"), session_id: ids.get("ses-1"), title: "Văn bản hướng dẫn", description: "", path });
    assert.equal(await page.getByTestId("material-path").inputValue(), "", "the form is emptied for the next one");
  }));

test("city: picks a material's file in the system's dialog; a refusal goes once the path changes", () =>
  run(cityWithFiles, async (page, core) => {
    const path = await sampleFile(core, "bai-giang-cds.pdf", 40_000);
    await openSession(page, "Nhiệm vụ KHCN cấp cơ sở");
    await page.getByTestId("material-add").click();
    await page.getByTestId("issue-material-path").waitFor();
    // Cancelling the dialog changes nothing.
    await page.getByTestId("material-pick").click();
    await waitForCall(page, "plugin:dialog|open");
    assert.equal(await page.getByTestId("material-path").inputValue(), "");
    await page.getByTestId("issue-material-path").waitFor();

    await page.evaluate((p) => (window.__core.picked = p), path);
    await page.getByTestId("material-pick").click();
    await until(async () => (await page.getByTestId("material-path").inputValue()) === path);
    assert.equal(await page.getByTestId("issue-material-path").count(), 0, "the old refusal is gone");
    assert.equal(await page.getByTestId("material-title").inputValue(), "bai-giang-cds", "an empty title takes the file's name");
    await page.getByTestId("material-title").fill("Bài giảng chuyển đổi số");
    await page.getByTestId("material-add").click();
    await hasText(page.getByTestId("material-notice"), "Đã thêm tài liệu “Bài giảng chuyển đổi số”");
  }));

test("city: removes a material after confirming (Cancel keeps it); a ward has no remove button", async () => {
  await run(cityWithFiles, async (page) => {
    await openSession(page, "Nhiệm vụ KHCN cấp cơ sở");
    const rows = page.getByTestId("material-row");
    assert.equal(await rows.count(), 2);
    const title = (await rows.first().locator(".title").innerText()).trim();

    await rows.first().getByTestId("material-remove").click();
    const dialog = page.getByTestId("material-remove-dialog");
    await hasText(dialog, `Tài liệu “${title}” sẽ không còn`);
    await dialog.getByRole("button", { name: "Hủy bỏ" }).click();
    await dialog.waitFor({ state: "detached" });
    assert.equal(await rows.count(), 2, "cancel keeps it");
    assert.equal((await calls(page, "material_remove")).length, 0);

    await rows.first().getByTestId("material-remove").click();
    await page.getByTestId("material-remove-confirm").click();
    await hasText(page.getByTestId("material-notice"), `Đã gỡ tài liệu “${title}”`);
    await until(async () => (await rows.count()) === 1, "the row is gone");
    assert.equal(await rows.filter({ hasText: title }).count(), 0);
    assert.equal((await calls(page, "material_remove")).length, 1);
  });
  await run(wardWithFiles, async (page) => {
    await openSession(page, "Nhiệm vụ KHCN cấp cơ sở");
    assert.equal(await page.getByTestId("material-row").count(), 2);
    assert.equal(await page.getByTestId("material-remove").count(), 0);
  });
});

test("library search: as you type and with Enter, without diacritics; download and open from a hit", () =>
  runWard({}, async (page, core) => {
    await openTraining(page);
    const box = page.getByTestId("library-search");
    await box.pressSequentially("ngan sach", { delay: 20 });
    await until(async () => (await page.getByTestId("library-hit").count()) === 2, "two hits for ngan sach");
    const searches = await calls(page, "library_search");
    assert.ok(searches.length <= 3, `debounced: ${searches.length} searches for 9 keys`);
    const hit = page.getByTestId("library-hit").filter({ hasText: "Hướng dẫn lập dự toán" });
    assert.match(await text(hit), /Bồi dưỡng KHCN, ĐMST và CĐS cho cán bộ cấp xã năm 2026 › Lập dự toán kinh phí KHCN, ĐMST và CĐS/);
    assert.match(await text(hit), /48,0 MB/);
    assert.equal(await text(hit.getByTestId("material-state")), "Đang tải 45%");

    await box.fill("phieu de xuat");
    await box.press("Enter");
    await until(async () => (await page.getByTestId("library-hit").count()) === 1, "one hit");
    const form = page.getByTestId("library-hit").first();
    assert.equal(await text(form.getByTestId("material-state")), "Chưa tải về");
    // The file worker is busy with the stalled guide: this one waits its turn.
    await form.getByTestId("material-download").click();
    await until(async () => (await text(form.getByTestId("material-state"))) === "Đang chờ tải", "queued");

    await box.fill("quy trinh");
    await box.press("Enter");
    await until(async () => (await page.getByTestId("library-hit").count()) === 1, "the ready one");
    await page.getByTestId("library-hit").getByTestId("material-open").click();
    await hasText(page.getByTestId("material-message"), `Đã mở tệp ${core.dataDir}/blobs/`);

    await box.fill("khong co gi");
    await box.press("Enter");
    await hasText(page.getByTestId("library-count"), "Không có tài liệu nào khớp với “khong co gi”.");
  }));

test("a downloading material shows its percentage and becomes “Có trên máy” as the file arrives; polling then stops", () =>
  runWard({}, async (page) => {
    await openSession(page, "Lập dự toán");
    const row = page.getByTestId("material-row").first();
    assert.equal(await text(row.getByTestId("material-state")), "Đang tải 45%");
    assert.equal(await row.getByTestId("material-progress").getAttribute("value"), "45");
    assert.equal(await row.getByTestId("material-open").count(), 0);

    // The link lets more through (nine chunks, 78 %), then the rest.
    link.release(guideSha, 9 * CHUNK);
    await until(async () => /^Đang tải (7\d|9\d)%$/.test(await text(row.getByTestId("material-state"))), "a higher percentage", 4000);
    link.release(guideSha);
    await until(async () => (await text(row.getByTestId("material-state"))) === "Có trên máy", "ready", 6000);
    assert.equal(await row.getByTestId("material-progress").count(), 0);
    await row.getByTestId("material-open").waitFor();

    const n = (await calls(page, "session_get")).length;
    await page.waitForTimeout(2200);
    assert.equal((await calls(page, "session_get")).length, n, "no more polling once nothing moves");
  }));

test("opening a file that is not here says so and queues it", () =>
  runWard({ slides: false, stalled: false }, async (page, core) => {
    await openSession(page, "Nhiệm vụ KHCN cấp cơ sở");
    // The slides are asked for while the link to the city is cut for files.
    link.cutFiles(true);
    await core.call("material_download", { id: ids.get("mat-1") });
    await until(async () => (await fileState(core, "ses-1", "mat-1")).state === "problem", "the download to fail", 15000);
    await page.getByTestId("session-back").click();
    await page.getByTestId("session-row").first().click();
    const row = page.getByTestId("material-row").filter({ hasText: "Quy trình đề xuất" });
    assert.equal(await text(row.getByTestId("material-state")), "Lỗi: Không kết nối được với máy chủ thành phố. Các thay đổi vẫn được lưu trên máy này và sẽ đồng bộ khi kết nối lại.");
    // The link is back; asked again, the file arrives.
    link.cutFiles(false);
    await row.getByTestId("material-download").click();
    await row.getByTestId("material-open").waitFor({ timeout: 15000 });
    // The file went missing but the state still said ready (deleted by hand).
    const { sha256 } = await fileState(core, "ses-1", "mat-1");
    await rm(join(core.dataDir, "blobs", sha256.slice(0, 2), sha256));
    await row.getByTestId("material-open").click();
    await hasText(row.getByTestId("material-message"), "Tệp chưa có trên máy này; đã xếp hàng tải về.");
  }));

test("ward: checks in someone from the staff list and a new name; a second check-in of the same person is refused", () =>
  run(wardCore, async (page, core) => {
    await openSession(page, "Nhiệm vụ KHCN cấp cơ sở");
    await page.getByTestId("checkin").waitFor();
    assert.equal(await page.getByTestId("attendance-row").count(), 0);

    await page.getByTestId("checkin-trainee").selectOption({ label: "Trần Văn Minh — Công chức Văn hóa – Xã hội" });
    assert.equal(await page.getByTestId("checkin-new-name").count(), 0, "no new name when someone is picked");
    await page.getByTestId("checkin-submit").click();
    await hasText(page.getByTestId("checkin-notice"), "Đã điểm danh Trần Văn Minh.");

    // Nobody picked and no name: Rust's issue shows beside the name.
    await page.getByTestId("checkin-submit").click();
    await hasText(page.getByTestId("issue-checkin-new-name"), "Chọn học viên hoặc nhập họ tên.");
    assert.equal(await focusedTestId(page), "checkin-new-name");

    await page.getByTestId("checkin-new-name").fill("Phan Thị Thu");
    await page.getByTestId("checkin-new-position").fill("Công chức Địa chính");
    await page.getByTestId("checkin-mode-online").check();
    await page.getByTestId("checkin-new-position").press("Enter");
    await hasText(page.getByTestId("checkin-notice"), "Đã điểm danh Phan Thị Thu.");

    const rows = page.getByTestId("attendance-row");
    await until(async () => (await rows.count()) === 2, "two rows");
    assert.match(await text(rows.filter({ hasText: "Trần Văn Minh" })), /Phường Bến Thành Trực tiếp \d{2}:\d{2} \d{2}\/\d{2}\/\d{4} Nguyễn Thị Lan/);
    assert.match(await text(rows.filter({ hasText: "Phan Thị Thu" })), /Trực tuyến/);
    const req = (await calls(page, "attendance_check_in")).at(-1).req;
    assert.deepEqual(req, { session_id: ids.get("ses-1"), trainee_id: null, new_name: "Phan Thị Thu", new_position: "Công chức Địa chính", mode: "online" });
    // The new person is now in the staff list.
    assert.ok((await page.getByTestId("checkin-trainee").innerText()).includes("Phan Thị Thu"));

    await page.getByTestId("checkin-trainee").selectOption({ label: "Trần Văn Minh — Công chức Văn hóa – Xã hội" });
    await page.getByTestId("checkin-submit").click();
    await hasText(page.getByTestId("checkin-error"), "Trần Văn Minh đã được điểm danh ở buổi này.");
    assert.equal(await rows.count(), 2);
  }));

test("the session page scrolls inside the app: the header and the navigation stay in view", () =>
  run(wardCore, async (page) => {
    await openSession(page, "Nhiệm vụ KHCN cấp cơ sở");
    const last = page.getByTestId("quiz-question").last();
    await last.scrollIntoViewIfNeeded();
    await last.evaluate((el) => el.scrollIntoView({ block: "end" }));
    assert.equal(await page.evaluate(() => document.scrollingElement.scrollTop), 0, "the document never scrolls");
    const header = await page.locator("header").first().boundingBox();
    assert.ok(header && header.y === 0, `header at the top: ${JSON.stringify(header)}`);
    assert.ok(await page.getByTestId("nav-tasks").isVisible());
    assert.ok(await page.locator("main").evaluate((m) => m.scrollTop > 0), "the page's own box scrolled instead");
  }));

test("ward: a trainee takes the quiz and sees the score and which answers were right", () =>
  run(wardCore, async (page, core) => {
    await openSession(page, "Nhiệm vụ KHCN cấp cơ sở");
    const quiz = page.getByTestId("quiz-take");
    await quiz.getByTestId("quiz-trainee").selectOption({ label: "Lê Thị Hoa" });
    const qs = quiz.getByTestId("quiz-question");
    assert.equal(await qs.count(), 4);
    assert.equal(await qs.nth(1).getByTestId("quiz-answer").first().getAttribute("type"), "checkbox", "several right answers: tick boxes");
    assert.equal(await qs.nth(0).getByTestId("quiz-answer").first().getAttribute("type"), "radio");
    await qs.nth(0).getByText("Chủ tịch UBND phường").click();
    await qs.nth(1).getByText("Mục tiêu").click();
    await qs.nth(1).getByText("Nội dung chính").click();
    await qs.nth(1).getByText("Kết quả dự kiến").click();
    await qs.nth(2).getByText("Nghìn đồng").click();
    await qs.nth(3).getByText("Đã gửi lại").click();
    await quiz.getByTestId("quiz-submit").click();

    await hasText(quiz.getByTestId("quiz-result"), "Đúng 3/4 câu");
    assert.deepEqual(await qs.evaluateAll((els) => els.map((e) => e.dataset.correct)), ["true", "true", "false", "true"]);
    await hasText(qs.nth(2).getByTestId("quiz-mark"), "Sai");
    const req = (await calls(page, "quiz_submit")).at(-1).req;
    assert.deepEqual(req.answers, [
      { question_id: ids.get("q-1"), chosen: [0] },
      { question_id: ids.get("q-2"), chosen: [0, 1, 3] },
      { question_id: ids.get("q-3"), chosen: [1] },
      { question_id: ids.get("q-4"), chosen: [0] },
    ]);
    await hasText(quiz.getByTestId("attempt-row").first(), "Lê Thị Hoa");
  }));

test("city: edits the quiz; Rust's issues are listed, then it saves", () =>
  run(cityCore, async (page, core) => {
    await openSession(page, "Lập dự toán");
    const ed = page.getByTestId("quiz-editor");
    await hasText(ed, "Chưa có câu hỏi nào.");
    await ed.getByTestId("quiz-add-question").click();
    assert.equal(await focusedTestId(page), "quiz-prompt");
    await page.keyboard.type("Dự toán được lập theo năm nào?");
    // A second, complete question: its issues-free box stays plain.
    await ed.getByTestId("quiz-add-question").click();
    await page.keyboard.type("Ai phê duyệt dự toán?");
    const second = ed.locator('[data-q="1"]');
    await second.getByTestId("quiz-option-text").nth(0).fill("Chủ tịch UBND");
    await second.getByTestId("quiz-option-text").nth(1).fill("Kế toán");
    await second.getByTestId("quiz-correct").nth(0).check();
    await ed.getByTestId("quiz-save").click();
    // Rust's issues show beside the first question, and its prompt takes the focus.
    await hasText(ed.getByTestId("quiz-issues"), "1 câu cần sửa");
    const first = ed.locator('[data-q="0"]');
    await hasText(first.getByTestId("quiz-question-issues"), "Câu 1: cần ít nhất hai phương án");
    await hasText(first.getByTestId("quiz-question-issues"), "Câu 1: chọn đúng một đáp án đúng.");
    assert.equal(await second.getByTestId("quiz-question-issues").count(), 0);
    assert.equal(await first.getByTestId("quiz-prompt").getAttribute("aria-invalid"), "true");
    await until(async () => (await page.evaluate(() => document.activeElement?.id)) === "q-0-prompt", "the first question's prompt is focused");
    await second.getByTestId("quiz-question-remove").click();
    const opts = ed.getByTestId("quiz-option-text");
    await opts.nth(0).fill("Năm ngân sách");
    await opts.nth(1).fill("Năm học");
    await ed.getByTestId("quiz-option-add").click();
    await page.keyboard.type("Năm dương lịch");
    await ed.getByTestId("quiz-option-remove").nth(1).click();
    await ed.getByTestId("quiz-correct").nth(1).check();
    await ed.getByTestId("quiz-save").click();
    await ed.getByTestId("quiz-saved").waitFor();
    const req = (await calls(page, "quiz_save")).at(-1).req;
    assert.deepEqual(req.questions, [{ id: null, prompt: "Dự toán được lập theo năm nào?", multiple: false, options: ["Năm ngân sách", "Năm dương lịch"], correct: [1] }]);
  }));

test("city: the report shows each session's units, subtotals and the grand total; export shows the saved path", () =>
  run(cityCore, async (page, core) => {
    await openTraining(page);
    await page.getByTestId("training-tab-reports").click();
    const table = page.getByTestId("attendance-report");
    await table.waitFor();
    assert.equal(await text(page.getByTestId("attendance-units")), "2 đơn vị có người điểm danh");
    const units = await page.getByTestId("report-unit-row").allInnerTexts();
    assert.deepEqual(units.map((s) => s.replace(/\s+/g, " ").trim()), ["Phường Sài Gòn 1 1 2", "Xã Bình Chánh 0 1 1", "Phường Sài Gòn 0 1 1"]);
    assert.deepEqual((await page.getByTestId("report-subtotal").allInnerTexts()).map((s) => s.replace(/\s+/g, " ").trim()), ["Cộng buổi 1 2 3", "Cộng buổi 0 1 1"]);
    assert.equal(await text(page.getByTestId("attendance-total")), "Tổng cộng 1 3 4");

    await page.getByTestId("export-xlsx").click();
    // Into the core's exports folder (a temporary one here), named by the time of export.
    await hasText(page.getByTestId("export-done"), "Đã lưu tệp báo cáo:");
    await hasText(page.getByTestId("export-path"), `${core.dataDir}/exports/diem-danh-`);
    assert.match(await text(page.getByTestId("export-path")), /diem-danh-\d{8}-\d{6}\.xlsx$/);
    assert.deepEqual((await waitForCall(page, "attendance_export")).req, { format: "xlsx" });
    await page.getByTestId("export-csv").click();
    await hasText(page.getByTestId("export-path"), ".csv");

    // The first session's quiz: units' averages, questions hardest first.
    const qr = page.getByTestId("quiz-report");
    await until(async () => (await qr.getByTestId("quiz-report-unit").count()) === 2, "two units");
    assert.deepEqual((await qr.getByTestId("quiz-report-unit").allInnerTexts()).map((s) => s.replace(/\s+/g, " ").trim()), ["Phường Sài Gòn 2 63%", "Xã Bình Chánh 1 100%"]);
    const first = await text(qr.getByTestId("quiz-report-question").first());
    assert.match(first, /Phiếu đề xuất nhiệm vụ cần có những nội dung nào\? 33%/);
  }));

test("ward: the trainees tab adds a trainee and shows one's progress", () =>
  run(wardCore, async (page, core) => {
    await openTraining(page);
    assert.equal(await page.getByTestId("training-tab-reports").count(), 0, "reports are the city's");
    await page.getByTestId("training-tab-trainees").click();
    await until(async () => (await page.getByTestId("trainee-row").count()) === 2, "the ward's two trainees");
    await page.getByTestId("trainee-add").click();
    await hasText(page.getByTestId("issue-trainee-name"), "Chọn học viên hoặc nhập họ tên.");
    await page.getByTestId("trainee-name").fill("Ngô Bảo Châu");
    await page.getByTestId("trainee-position").fill("Công chức Tư pháp");
    await page.getByTestId("trainee-position").press("Enter");
    await hasText(page.getByTestId("trainee-notice"), "Đã thêm Ngô Bảo Châu.");
    await until(async () => (await page.getByTestId("trainee-row").count()) === 3, "three trainees");

    // Meanwhile Trần Văn Minh is checked in and takes the quiz (3 of 4 right).
    const session = await core.call("session_get", { id: ids.get("ses-1") });
    await core.call("attendance_check_in", { session_id: session.id, trainee_id: ids.get("tn-1"), new_name: "", new_position: "", mode: "in_person" });
    await submitQuiz(core, session.id, ids.get("tn-1"), session.questions.map((question, i) => ({ question, correct: i !== 1 })));
    await page.getByTestId("trainee-row").filter({ hasText: "Trần Văn Minh" }).getByTestId("trainee-progress").click();
    const p = page.getByTestId("progress");
    await hasText(p, "Quá trình học của Trần Văn Minh");
    await hasText(p.getByTestId("progress-session"), "Nhiệm vụ KHCN cấp cơ sở sử dụng ngân sách nhà nước");
    await hasText(p.getByTestId("progress-quiz"), "Đúng 3/4 câu");
  }));

test("keyboard: the session form is filled and sent with the keyboard alone, dd/mm/yyyy on an American machine", () =>
  run(cityCore, async (page, core) => {
    await openTraining(page);
    await page.getByTestId("session-new").focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("session-form").waitFor();
    assert.equal(await focusedTestId(page), "session-title");
    await page.keyboard.type("Quản lý công nghệ cao");
    await page.keyboard.press("Tab");
    assert.equal(await focusedTestId(page), "session-topic");
    await page.keyboard.type("Công nghệ cao");
    await page.keyboard.press("Tab");
    assert.equal(await focusedTestId(page), "session-starts");
    // dd/mm/yyyy and a 24-hour time, typed, whatever the machine's locale (this page's is
    // en-US, see below); one Tab from the date to its time, one more to the next field.
    await page.keyboard.type("6/12/2026");
    await page.keyboard.press("Tab");
    assert.equal(await focusedTestId(page), "session-starts-time");
    assert.equal(await page.getByTestId("session-starts").inputValue(), "06/12/2026", "reformatted when left");
    await page.keyboard.type("8h");
    await page.keyboard.press("Tab");
    assert.equal(await page.getByTestId("session-starts-time").inputValue(), "08:00");
    assert.equal(await focusedTestId(page), "session-ends");
    await page.keyboard.type("06/12/2026");
    await page.keyboard.press("Tab");
    await page.keyboard.type("1130");
    await page.keyboard.press("Tab");
    assert.equal(await focusedTestId(page), "session-format");
    await page.keyboard.press("Tab");
    assert.equal(await focusedTestId(page), "session-place");
    await page.keyboard.type("Khu Công nghệ cao, Phường Tăng Nhơn Phú");
    await page.keyboard.press("Tab");
    assert.equal(await focusedTestId(page), "session-link");
    await page.keyboard.type("https://hop.sokhcn.tphcm.gov.vn/cnc");
    await page.keyboard.press("Tab");
    assert.equal(await focusedTestId(page), "session-speakers");
    await page.keyboard.type("PGS.TS. Lê Minh");
    await page.keyboard.press("Enter");

    await page.getByTestId("session-detail").waitFor();
    const req = (await calls(page, "session_save")).at(-1).req;
    assert.equal(req.form.starts_at, "2026-12-06T08:00");
    assert.equal(req.form.ends_at, "2026-12-06T11:30");
    assert.equal(req.form.format, "hybrid");
    assert.equal(req.form.all_units, true);
    await hasText(page.getByTestId("session-when"), "08:00 06/12/2026 – 11:30");
  }, { locale: "en-US", timezoneId: "America/New_York" }));
