// Screenshots of the main screens at 1366×768 against the fake core with sample data.
// Run: npm run build && npm run shots   (writes /tmp/ui-shots/*.png, or $SHOTS_DIR;
// SHOTS_ONLY=sync,conflict takes only the shots whose names contain one of the words)
import { mkdir } from "node:fs/promises";
import { launch, openApp, serveDist } from "./harness.js";
import { units, profile, demoTasks, backups, demoEstimates, plans, syncEnrolled, serverAccount, cityProfile, demoTraining } from "./seed-data.js";

const out = process.env.SHOTS_DIR ?? "/tmp/ui-shots";
await mkdir(out, { recursive: true });
const server = await serveDist();
const browser = await launch();
const ready = (extra = {}) => ({ state: "ready", profile, units, tasks: demoTasks(), backups, estimates: demoEstimates(), plans, ...extra });
const as = (role) => ({ profile: { ...profile, role, display_name: role === "city_reviewer" ? "Lê Văn Hùng" : "Phạm Quốc Việt" } });

async function openEstimate(p, task, version) {
  await p.getByTestId("task-row").filter({ hasText: task }).click();
  await p.getByTestId("tab-budget").click();
  const row = version ? p.locator(`[data-testid="estimate-row"][data-version="${version}"]`) : p.getByTestId("estimate-row").first();
  await row.click();
  await p.getByTestId("estimate-grid").waitFor();
}
const all = [];

const only = process.env.SHOTS_ONLY?.split(",").filter(Boolean) ?? [];

async function shot(name, seed, act, options) {
  if (only.length && !only.some((w) => name.includes(w))) return;
  const { page, done } = await openApp(browser, server.url, seed, options);
  await page.waitForSelector("#app > *");
  if (act) await act(page);
  await page.waitForTimeout(250);
  await page.screenshot({ path: `${out}/${name}.png` });
  const problems = await done();
  if (problems.length) all.push(`${name}: ${problems.join("; ")}`);
  console.log(`${out}/${name}.png`);
}

try {
  await shot("01-first-start", { state: "needs_profile", units, demo: true }, async (p) => {
    await p.getByTestId("unit-search").fill("ben");
    await p.getByTestId("unit-option").first().click();
    await p.getByTestId("profile-name").fill("Nguyễn Thị Lan");
  });
  await shot("02-task-list", ready(), (p) => p.getByTestId("task-row").first().waitFor());
  await shot("03-editor-form", ready(), async (p) => {
    await p.getByTestId("task-row").filter({ hasText: "Ứng dụng AI" }).click();
    await p.getByTestId("field-name").waitFor();
  });
  await shot("04-editor-progress", ready(), async (p) => {
    await p.getByTestId("task-row").filter({ hasText: "Ứng dụng AI" }).click();
    await p.getByTestId("tab-progress").click();
    await p.getByTestId("gantt").waitFor();
  });
  await shot("05-editor-history", ready(), async (p) => {
    await p.getByTestId("task-row").filter({ hasText: "Ứng dụng AI" }).click();
    await p.getByTestId("tab-history").click();
  });
  await shot("06-transition-dialog", ready(), async (p) => {
    await p.getByTestId("task-row").filter({ hasText: "chợ Bến Thành" }).click();
    await p.getByTestId("transition-returned").click();
    await p.getByTestId("transition-confirm").click();
  });
  await shot("07-new-task-issues", ready(), async (p) => {
    await p.getByTestId("task-new").click();
    await p.getByTestId("field-name").pressSequentially("Chuyển đổi số");
    await p.getByTestId("field-cost_state").fill("12,5 triệu");
    await p.getByTestId("field-start_date").fill("31/02/2026");
    await p.getByTestId("field-name").focus();
    await p.waitForSelector('[data-testid="save-status"][data-state="saved"]');
    await p.getByTestId("field-cost_state").scrollIntoViewIfNeeded();
  });
  await shot("08-backups", ready(), async (p) => {
    await p.getByTestId("nav-backups").click();
    await p.getByTestId("backup-row").first().waitFor();
  });
  await shot("09-restore-confirm", ready(), async (p) => {
    await p.getByTestId("nav-backups").click();
    await p.getByTestId("backup-restore").nth(1).click();
  });
  await shot("10-recovery", {
    state: "corrupt",
    profile,
    backups,
    message: "Tệp dữ liệu bị hỏng (database disk image is malformed). Tệp đã được chuyển sang xaso.sqlite3.corrupt-20261122-0915.",
  });
  await shot("11-newer-schema", { state: "newer_schema", profile, message: "Phiên bản dữ liệu 7; ứng dụng này hỗ trợ đến 4." });
  await shot("12-empty-list", { state: "ready", profile, units, tasks: [], demo: true });
  await shot("13-list-english", ready({ locale: "en" }), (p) => p.getByTestId("task-row").first().waitFor());
  await shot("14-list-filtered", ready(), async (p) => {
    await p.getByTestId("filter-kind").selectOption("cds");
    await p.getByTestId("task-search").fill("ung dung");
    await p.waitForTimeout(400);
  });
  await shot("15-editor-scrolled", ready(), async (p) => {
    await p.getByTestId("task-row").filter({ hasText: "Ứng dụng AI" }).click();
    await p.getByTestId("field-host_unit").scrollIntoViewIfNeeded();
  });
  await shot("16-editor-draft-missing", ready(), async (p) => {
    await p.getByTestId("task-row").filter({ hasText: "cảnh báo ngập" }).click();
    await p.getByTestId("field-leader").scrollIntoViewIfNeeded();
  });
  await shot("17-editor-returned", ready(), async (p) => {
    await p.getByTestId("task-row").filter({ hasText: "Bản đồ số" }).click();
    await p.getByTestId("field-cost_state").scrollIntoViewIfNeeded();
  });
  await shot("18-submit-incomplete", ready(), async (p) => {
    await p.getByTestId("task-row").filter({ hasText: "cảnh báo ngập" }).click();
    await p.getByTestId("transition-submitted").click();
    await p.getByTestId("transition-confirm").click();
    await p.getByTestId("transition-error").waitFor();
  });
  await shot("19-editor-english", ready({ locale: "en" }), async (p) => {
    await p.getByTestId("task-row").filter({ hasText: "Bản đồ số" }).click();
    await p.getByTestId("field-name").waitFor();
  });
  // The shell's smallest window (minWidth × minHeight).
  const small = { viewport: { width: 1024, height: 640 } };
  await shot("20-small-list", ready(), (p) => p.getByTestId("task-row").first().waitFor(), small);
  await shot("21-small-editor", ready(), async (p) => {
    await p.getByTestId("task-row").filter({ hasText: "Ứng dụng AI" }).click();
    await p.getByTestId("tab-progress").click();
  }, small);
  await shot("22-focus-ring", ready(), async (p) => {
    await p.getByTestId("task-row").first().waitFor();
    await p.keyboard.press("/");
    await p.keyboard.press("Tab");
    await p.keyboard.press("Shift+Tab");
    await p.getByTestId("task-row").nth(1).focus();
  });
  await shot("23-budget-tab", ready(), async (p) => {
    await p.getByTestId("task-row").filter({ hasText: "Ứng dụng AI" }).click();
    await p.getByTestId("tab-budget").click();
    await p.getByTestId("estimate-row").first().waitFor();
  });
  await shot("24-estimate-grid", ready(), (p) => openEstimate(p, "Vườn ươm"));
  await shot("25-estimate-flag", ready(), async (p) => {
    await openEstimate(p, "Vườn ươm");
    await p.getByTestId("line-flag").first().scrollIntoViewIfNeeded();
    await p.locator("main").evaluate((m) => m.scrollBy(0, 200));
  });
  await shot("26-estimate-typing-issue", ready(), async (p) => {
    await openEstimate(p, "Vườn ươm");
    const row = p.getByTestId("line-row").nth(1);
    await row.getByTestId("cell-unit_price").fill("2,5 triệu");
    await row.getByTestId("issue-unit_price").waitFor();
    await row.scrollIntoViewIfNeeded();
  });
  await shot("27-print-view", ready(), async (p) => {
    await openEstimate(p, "Vườn ươm");
    await p.getByTestId("estimate-print").click();
    await p.getByTestId("print-sheet").waitFor();
  });
  await shot("27b-print-view-end", ready(), async (p) => {
    await openEstimate(p, "Vườn ươm");
    await p.getByTestId("estimate-print").click();
    await p.getByTestId("print-date").scrollIntoViewIfNeeded();
  });
  await shot("28-compare", ready(), async (p) => {
    await openEstimate(p, "Ứng dụng AI", 2);
    await p.getByTestId("estimate-compare").click();
    await p.getByTestId("compare-row").first().waitFor();
  });
  await shot("29-estimate-approved", ready(), async (p) => {
    await openEstimate(p, "Số hóa hồ sơ hộ tịch");
    await p.getByTestId("estimate-readonly").waitFor();
  });
  await shot("30-reviewer-comments", ready(as("city_reviewer")), async (p) => {
    await openEstimate(p, "chợ Bến Thành");
    await p.getByTestId("line-comment").first().fill("Đề nghị làm rõ số tiểu thương được hỗ trợ thiết bị.");
  });
  await shot("31-plan", ready(), async (p) => {
    await p.getByTestId("nav-plan").click();
    await p.getByTestId("plan-share").waitFor();
  });
  await shot("32-norms-admin", ready(as("city_admin")), async (p) => {
    await p.getByTestId("nav-norms").click();
    await p.getByTestId("norm-row").first().waitFor();
  });
  await shot("33-norm-editor", ready(as("city_admin")), async (p) => {
    await p.getByTestId("nav-norms").click();
    await p.getByTestId("norm-edit").nth(7).click();
    await p.getByTestId("field-value").fill("20.000.000đ");
    await p.getByTestId("field-effective_from").fill("31/02/2026");
    await p.getByTestId("norm-save").click();
    await p.getByTestId("issue-value").waitFor();
  });
  await shot("35-estimate-english", ready({ locale: "en" }), async (p) => {
    await openEstimate(p, "Vườn ươm");
    await p.getByTestId("line-flag").first().scrollIntoViewIfNeeded();
  });
  await shot("34-first-start-roles", { state: "needs_profile", units }, async (p) => {
    await p.getByTestId("unit-search").fill("ben");
    await p.getByTestId("unit-option").first().click();
    await p.getByTestId("role-city_reviewer").check();
  });
  // Sync: the header status, enrolment, the enrolled screen, conflicts, sign-out.
  // Once enrolled, the profile is the account the server granted.
  const lead = { profile: { ...profile, role: serverAccount.role } };
  const enrolled = (extra = {}) => ({ ...lead, sync: syncEnrolled(extra) });
  const offline = enrolled({ state: "offline", last_error: "Không kết nối được máy chủ: hết thời gian chờ." });
  await shot("36-header-sync-offline", ready(offline), (p) => p.getByTestId("sync-conflicts").waitFor());
  await shot("37-sync-enrol", ready({ sync: { pending: 2, server: { account: serverAccount } } }), async (p) => {
    await p.getByTestId("nav-sync").click();
    await p.getByTestId("field-server_url").waitFor();
  });
  await shot("38-sync-enrol-errors", ready(), async (p) => {
    await p.getByTestId("nav-sync").click();
    await p.getByTestId("field-device_name").fill("");
    await p.getByTestId("sync-enrol-submit").click();
    await p.getByTestId("issue-server_url").waitFor();
  });
  await shot("39c-sync-copied-insecure-http", ready({ sync: { server: { password: "MatKhau@2026" }, copied: "Thư mục dữ liệu này được chép từ một máy tính khác nên chưa được đăng ký trên máy này." } }), async (p) => {
    await p.getByTestId("nav-sync").click();
    await p.getByTestId("sync-copied").waitFor();
    await p.getByTestId("field-server_url").fill("http://10.0.0.5:8080");
    await p.getByTestId("field-user").fill("lan.nt.benthanh");
    await p.getByTestId("field-password").fill("MatKhau@2026");
    await p.getByTestId("field-password").press("Enter");
    await p.getByTestId("sync-insecure-http").waitFor();
  });
  await shot("39-sync-enrolled", ready(enrolled()), async (p) => {
    await p.getByTestId("nav-sync").click();
    await p.getByTestId("dead-letter").first().waitFor();
  });
  await shot("39b-sync-set-aside-clock", ready(enrolled({
    clock_warning: "Đồng hồ của máy này lệch 3 giờ 5 phút (nhanh hơn) so với máy chủ thành phố; hãy chỉnh lại ngày giờ.",
    setAside: [{
      partition: "unit:27004", seq: 42, label: "Nhiệm vụ «Bản đồ số phường Tân Bình» · Năm", table: "tasks",
      row_id: "0190f5a0-0000-7000-8000-0000000000a1", field: "year", value: "\"không phải số\"", actor: "Lê Văn Minh",
      reason: "Cơ sở dữ liệu của máy này không nhận giá trị này (quy tắc của bảng: cannot store TEXT value in INTEGER column tasks.year).",
      at: "2026-11-22T08:00:00.000Z",
    }],
  })), async (p) => {
    await p.getByTestId("nav-sync").click();
    await p.getByTestId("set-aside-item").first().waitFor();
    await p.getByTestId("set-aside").scrollIntoViewIfNeeded();
  });
  await shot("40-sync-offline-details", ready(offline), async (p) => {
    await p.getByTestId("sync-status").click();
    await p.getByTestId("sync-last-error").waitFor();
  });
  await shot("41-conflicts", ready(enrolled()), async (p) => {
    await p.getByTestId("sync-conflicts").click();
    await p.getByTestId("conflict").first().waitFor();
  });
  await shot("42-conflict-merge", ready(enrolled()), async (p) => {
    await p.getByTestId("sync-conflicts").click();
    await p.getByTestId("conflict-merge").first().click();
    await p.getByTestId("conflict-merge-text").fill("Tự động phân loại ít nhất 85% phản ánh trong vòng 15 phút;\nrút ngắn 35% thời gian xử lý trung bình.");
  });
  await shot("43-conflicts-scrolled", ready(enrolled()), async (p) => {
    await p.getByTestId("sync-conflicts").click();
    await p.getByTestId("conflict-resolved").first().scrollIntoViewIfNeeded();
  });
  await shot("44-sign-out-confirm", ready(enrolled()), async (p) => {
    await p.getByTestId("nav-sync").click();
    await p.getByTestId("sync-sign-out").click();
    await p.getByTestId("sign-out-dialog").waitFor();
  });
  await shot("45-sync-english", ready({ locale: "en", ...enrolled() }), async (p) => {
    await p.getByTestId("nav-sync").click();
    await p.getByTestId("dead-letter").first().waitFor();
  });
  await shot("46-conflicts-english", ready({ locale: "en", ...enrolled() }), async (p) => {
    await p.getByTestId("nav-conflicts").click();
    await p.getByTestId("conflict").first().waitFor();
  });
  await shot("47-small-sync-header", ready(offline), (p) => p.getByTestId("sync-conflicts").waitFor(), small);
  await shot("48-small-conflicts", ready(enrolled()), async (p) => {
    await p.getByTestId("nav-conflicts").click();
    await p.getByTestId("conflict").first().waitFor();
  }, small);
  await shot("49-conflicts-empty", ready(enrolled({ conflicts: [] })), async (p) => {
    await p.getByTestId("nav-conflicts").click();
    await p.getByTestId("conflicts-empty").waitFor();
  });
  const ward = (extra = {}) => ready({ training: demoTraining(), ...extra });
  const cityT = (extra = {}) => ready({ profile: cityProfile, training: demoTraining(), ...extra });
  const openT = async (p, session) => {
    await p.getByTestId("nav-training").click();
    await p.getByTestId("programme").first().waitFor();
    if (session) {
      await p.getByTestId("session-row").filter({ hasText: session }).click();
      await p.getByTestId("session-detail").waitFor();
    }
  };
  await shot("50-training-home-ward", ward(), async (p) => {
    await openT(p);
    await p.getByTestId("library-search").fill("ngan sach");
    await p.getByTestId("library-hit").first().waitFor();
  });
  await shot("51-training-home-city", cityT(), async (p) => {
    await openT(p);
    await p.getByTestId("programme-new").click();
  });
  await shot("52-training-session-form", cityT(), async (p) => {
    await openT(p);
    await p.getByTestId("session-new").click();
    await p.getByTestId("session-topic").fill("Sở hữu trí tuệ");
    await p.getByTestId("session-all-units").uncheck();
    await p.getByTestId("session-unit-search").fill("phuong ben");
    await p.getByTestId("session-unit-search").press("Enter");
    await p.getByTestId("session-unit-search").fill("xa");
    await p.getByTestId("session-unit-option").first().waitFor();
    await p.getByTestId("session-save").click();
    await p.getByTestId("issue-session-title").waitFor();
  });
  await shot("53-training-session-ward", ward(), async (p) => {
    await openT(p, "Nhiệm vụ KHCN cấp cơ sở");
    await p.getByTestId("checkin-trainee").selectOption({ index: 1 });
    await p.getByTestId("checkin-submit").click();
    await p.getByTestId("checkin-notice").waitFor();
    await p.getByTestId("checkin-trainee").selectOption({ index: 1 });
    await p.getByTestId("checkin-submit").click();
    await p.getByTestId("checkin-error").waitFor();
    await p.getByTestId("material-row").first().scrollIntoViewIfNeeded();
  });
  await shot("54-training-session-ward-quiz", ward(), async (p) => {
    await openT(p, "Nhiệm vụ KHCN cấp cơ sở");
    const q = p.getByTestId("quiz-take");
    await q.getByTestId("quiz-trainee").selectOption({ index: 1 });
    for (const i of [0, 3, 7, 11]) await q.getByTestId("quiz-answer").nth(i).check();
    await q.getByTestId("quiz-submit").click();
    await q.getByTestId("quiz-result").waitFor();
    await q.scrollIntoViewIfNeeded();
  });
  await shot("55-training-session-downloading", ward(), async (p) => {
    await openT(p, "Lập dự toán");
  });
  await shot("56-training-session-city", cityT(), async (p) => {
    await openT(p, "Nhiệm vụ KHCN cấp cơ sở");
    await p.getByTestId("quiz-editor").scrollIntoViewIfNeeded();
  });
  await shot("56b-training-material-remove", cityT(), async (p) => {
    await openT(p, "Nhiệm vụ KHCN cấp cơ sở");
    await p.getByTestId("material-remove").first().click();
    await p.getByTestId("material-remove-dialog").waitFor();
  });
  await shot("56c-training-quiz-issues", cityT(), async (p) => {
    await openT(p, "Lập dự toán");
    const ed = p.getByTestId("quiz-editor");
    await ed.getByTestId("quiz-add-question").click();
    await p.keyboard.type("Dự toán được lập theo năm nào?");
    await ed.getByTestId("quiz-option-text").nth(0).fill("Năm ngân sách");
    await ed.getByTestId("quiz-save").click();
    await ed.getByTestId("quiz-question-issues").waitFor();
    await ed.getByTestId("quiz-save").scrollIntoViewIfNeeded();
  });
  await shot("57-training-reports", cityT(), async (p) => {
    await openT(p);
    await p.getByTestId("training-tab-reports").click();
    await p.getByTestId("export-xlsx").click();
    await p.getByTestId("export-path").waitFor();
    await p.getByTestId("quiz-report-unit").first().waitFor();
  });
  await shot("58-training-trainees", ward(), async (p) => {
    await openT(p);
    await p.getByTestId("training-tab-trainees").click();
    await p.getByTestId("trainee-progress").first().click();
    await p.getByTestId("progress").waitFor();
  });
  await shot("59-training-english", ward({ locale: "en" }), async (p) => {
    await openT(p, "Nhiệm vụ KHCN cấp cơ sở");
  });
  await shot("60-small-training-session", ward(), (p) => openT(p, "Nhiệm vụ KHCN cấp cơ sở"), small);
} finally {
  await browser.close();
  await server.close();
}
if (all.length) {
  console.error(all.join("\n"));
  process.exit(1);
}
