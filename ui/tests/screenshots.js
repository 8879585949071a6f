// Screenshots of the main screens at 1366×768 against the real core (`xaso-ui-bridge`),
// seeded through its commands with the sample data; the sync and a ward's training
// screens against a real city server (`xaso-server`), as in the tests.
// Run: npm run build && npm run shots   (writes /tmp/ui-shots/*.png, or $SHOTS_DIR;
// SHOTS_ONLY=sync,conflict takes only the shots whose names contain one of the words).
// Needs the bridge and the server built (see harness.js: XASO_UI_BRIDGE, XASO_SERVER_BIN).
import { mkdir, readdir, rm } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { launch, openApp, serveDist, startServer, startFileProxy, lanAddress } from "./harness.js";
import { profile, demoTasks, backups, demoEstimates, plans, cityProfile, demoTraining, CONFLICTS } from "./seed-data.js";
import {
  badChangeOnServer,
  seedConflicts,
  seedTasks,
  seedEstimates,
  seedPlans,
  seedBackups,
  setProfile,
  taskInput,
  damageDatabase,
  ageDatabase,
  seedTraining,
  publishFromCity,
  receiveMaterials,
  submitQuiz,
} from "./seed.js";

const out = process.env.SHOTS_DIR ?? "/tmp/ui-shots";
await mkdir(out, { recursive: true });
const server = await serveDist();
const browser = await launch();
/** The sample tasks, estimates, plans and backups; `who` is the user, `locale` Rust's. */
const ready =
  ({ who = profile, locale = null } = {}) =>
  async (core) => {
    const taskIds = await seedTasks(core, demoTasks(), profile);
    await seedEstimates(core, demoEstimates(), taskIds, profile);
    await seedPlans(core, plans);
    await seedBackups(core, backups);
    if (who !== profile) await setProfile(core, who);
    if (locale) await core.call("locale_set", { locale });
  };
const as = (role) => ({ who: { ...profile, role, display_name: role === "city_reviewer" ? "Lê Văn Hùng" : "Phạm Quốc Việt" } });

async function openEstimate(p, task, version) {
  await p.getByTestId("task-row").filter({ hasText: task }).click();
  await p.getByTestId("tab-budget").click();
  const row = version ? p.locator(`[data-testid="estimate-row"][data-version="${version}"]`) : p.getByTestId("estimate-row").first();
  await row.click();
  await p.getByTestId("estimate-grid").waitFor();
}
const all = [];

const only = process.env.SHOTS_ONLY?.split(",").filter(Boolean) ?? [];

/** Closed after each shot: the city servers and links a seed started. */
let cleanups = [];

/** Every screen in each language of `SHOTS_LOCALES` ("vi,en" unless told): the English
 *  pass sets Rust's locale after the seed and saves `<name>-en.png`. */
const locales = (process.env.SHOTS_LOCALES ?? "vi,en").split(",").filter(Boolean);

async function shot(name, seed, act, options) {
  for (const locale of locales) {
    if (locale === "vi") await shotIn(name, seed, act, options);
    else {
      const inLocale = async (core) => {
        const answer = await seed(core);
        // A seed answers a new core when it reopened the folder (see harness.js). A store
        // that does not open (recovery, newer schema) keeps the UI's default language.
        const target = answer?.invoke ? answer : core;
        await target.call("locale_set", { locale }).catch(() => {});
        return answer;
      };
      await shotIn(`${name}-${locale}`, inLocale, act, options);
    }
  }
}

async function shotIn(name, seed, act, options) {
  if (only.length && !only.some((w) => name.includes(w))) return;
  try {
    const { page, done } = await openApp(browser, server.url, seed, options);
    await page.waitForSelector("#app > *");
    try {
      if (act) await act(page);
      await page.waitForTimeout(250);
      await page.screenshot({ path: `${out}/${name}.png` });
    } finally {
      const problems = await done();
      if (problems.length) all.push(`${name}: ${problems.join("; ")}`);
    }
    console.log(`${out}/${name}.png`);
  } catch (e) {
    all.push(`${name}: ${e.message}`);
  } finally {
    for (const c of cleanups.reverse()) await c();
    cleanups = [];
  }
}

// ---- Sync: a ward laptop enrolled with a real city server ------------------------------
const password = "MatKhau@2026";
const lan = { name: "lan.nt.benthanh", display_name: "Nguyễn Thị Lan", role: "unit_lead", unit: "26743", password };
const ha = { name: "ha.pt.benthanh", display_name: "Phạm Thu Hà", role: "unit_official", unit: "26743", password };
const lead = { ...profile, role: "unit_lead" };
async function cityServer(users, options) {
  const city = await startServer(users, options);
  cleanups.push(() => city.close());
  return city;
}
const enrol = (core, url, who, device_name, allow_insecure_http = false) =>
  core.call("sync_enroll", { server_url: url, user: who.name, password, device_name, ca_file: null, allow_insecure_http });
/**
 * Lan's laptop enrolled: `conflicts` with Hà's edits, two of the city's norms refused by
 * the server (the laptop said it was the city's admin), `pending` changes typed since,
 * `offline`: the server then out of reach. Answers the city server.
 */
const enrolled =
  ({ conflicts = true, refused = true, pending = 3, offline = false } = {}) =>
  async (core) => {
    const city = await cityServer([lan, ha]);
    await setProfile(core, lead);
    let tasks = [];
    if (conflicts) {
      ({ tasks } = await seedConflicts(core, CONFLICTS, (laptop, who) =>
        who === "lan" ? enrol(laptop, city.url, lan, "Máy tính Phường Bến Thành") : enrol(laptop, city.url, ha, "Máy tính của chị Hà")));
    } else {
      for (const c of CONFLICTS) tasks.push((await core.call("task_create", taskInput({ name: c.name, kind: "cds", [c.field]: c.base }))).task);
      await enrol(core, city.url, lan, "Máy tính Phường Bến Thành");
      await core.call("sync_now");
    }
    if (refused) {
      for (const [code, value] of [["labor.coef.thu_ky_khoa_hoc", "0,4"], ["labor.leader_monthly_cap", "45000000"]]) {
        await setProfile(core, { ...profile, role: "city_admin" });
        const n = (await core.call("norms_list")).find((x) => x.code === code);
        await core.call("norm_save", { ...n, value, effective_from: n.effective_from ?? "", effective_to: n.effective_to ?? "" });
        await setProfile(core, lead);
        await core.call("sync_now");
      }
    }
    if (offline) await city.stop();
    for (let i = 0; i < pending; i++) {
      const { id } = tasks[i % tasks.length];
      const { input } = await core.call("task_get", { id });
      await core.call("task_save", { id, input: { ...input, impact: `${input.impact} Tác động ${i + 1}.`.trim() } });
    }
    if (offline) await core.invoke("sync_now");
    return city;
  };

// ---- Training: the city's materials, published to a real server -----------------------
const cityAccount = { name: "hung.lv.sokhcn", display_name: "Lê Văn Hùng", role: "city_reviewer", password };
const wardAccount = { name: "lan.nt.benthanh", display_name: profile.display_name, role: "unit_official", unit: profile.unit_code, password };
/** A ward's laptop with the city's materials (the slides here, the guide stalled at 45 %)
 *  and its own trainees, checked in and quizzed; `locale` Rust's. Each laptop has a city
 *  server of its own: the ward's trainees, check-ins and quiz results sync to the server
 *  (the unit's partition), so a server shared between shots would hand one laptop the
 *  people another had added and checked in (the same names twice, 53's pick already
 *  checked in by the shot before). */
const ward =
  ({ locale = null } = {}) =>
  async (core) => {
    const city = await cityServer([cityAccount, wardAccount]);
    const ids = await publishFromCity(city, cityAccount, demoTraining());
    const link = await startFileProxy(city.url);
    cleanups.push(() => link.close());
    await receiveMaterials(core, { ids, link, profile, account: wardAccount });
    const training = demoTraining();
    const session = await core.call("session_get", { id: ids.get("ses-1") });
    for (const t of training.trainees.filter((x) => x.unit_code === profile.unit_code)) {
      const made = await core.call("trainee_add", { full_name: t.full_name, position: t.position });
      ids.set(t.id, made.id);
    }
    await core.call("attendance_check_in", { session_id: session.id, trainee_id: ids.get("tn-1"), new_name: "", new_position: "", mode: "in_person" });
    await submitQuiz(core, session.id, ids.get("tn-1"), session.questions.map((question, i) => ({ question, correct: i !== 1 })));
    if (locale) await core.call("locale_set", { locale });
  };
/** The city's laptop with every unit's samples (not enrolled: its files wait to be sent). */
const cityT = async (core) => {
  await seedTraining(core, demoTraining(), cityProfile, cityProfile, { withMaterials: true });
};

try {
  await shot("01-first-start", async () => {}, async (p) => {
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
  // The city's reviewer returns a submitted task (a ward may not).
  await shot("06-transition-dialog", ready(as("city_reviewer")), async (p) => {
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
  // Dates the Vietnamese way on an American machine: the calendar, Monday first.
  await shot("61-date-calendar", ready(), async (p) => {
    await p.getByTestId("task-row").filter({ hasText: "Bản đồ số" }).click();
    await p.getByTestId("field-start_date").focus();
    await p.getByTestId("field-start_date").press("Alt+ArrowDown");
    await p.getByTestId("field-start_date-calendar").waitFor();
  }, { locale: "en-US", timezoneId: "America/New_York" });
  // Leaving with a refused value asks first.
  await shot("62-leave-unsaved", ready(), async (p) => {
    await p.getByTestId("task-row").filter({ hasText: "Bản đồ số" }).click();
    await p.getByTestId("field-end_date").fill("31/02/2027");
    await p.getByTestId("issue-end_date").waitFor();
    await p.getByTestId("nav-plan").click();
    await p.getByTestId("leave-dialog").waitFor();
  });
  await shot("08-backups", ready(), async (p) => {
    await p.getByTestId("nav-backups").click();
    await p.getByTestId("backup-row").first().waitFor();
  });
  await shot("09-restore-confirm", ready(), async (p) => {
    await p.getByTestId("nav-backups").click();
    await p.getByTestId("backup-restore").nth(1).click();
  });
  await shot("10-recovery", async (core) => {
    await seedTasks(core, demoTasks(), profile);
    await seedBackups(core, backups);
    return core.reopen(damageDatabase);
  }, (p) => p.getByTestId("backup-row").first().waitFor());
  await shot("11-newer-schema", async (core) => {
    await setProfile(core, profile);
    return core.reopen(ageDatabase);
  }, (p) => p.getByTestId("newer-schema").waitFor());
  await shot("12-empty-list", (core) => setProfile(core, profile));
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
  await shot("27-estimate-pdf-exported", ready(), async (p) => {
    await openEstimate(p, "Vườn ươm");
    await p.getByTestId("estimate-pdf").click();
    const file = await p.getByTestId("export-path").textContent();
    // The PDF itself, its pages as a person sees them (poppler renders them).
    execFileSync("pdftoppm", ["-r", "80", "-png", file, join(out, "27b-estimate-pdf-page")]);
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
  await shot("33b-indicators", ready(), async (p) => {
    await p.getByTestId("nav-indicators").click();
    await p.getByTestId("kpi-row").first().waitFor();
  });
  // A published indicator: its measure and roll-up are not offered for change (reports
  // were filed under them); a target typed wrong is refused beside the field.
  await shot("33c-indicator-editor", ready(as("city_admin")), async (p) => {
    await p.getByTestId("nav-indicators").click();
    await p.locator('[data-testid=kpi-row][data-code="cds.van_ban_ky_so"]').getByTestId("kpi-edit").click();
    await p.getByTestId("kpi-fixed").waitFor();
    await p.getByTestId("field-target").fill("1.200");
    await p.getByTestId("kpi-save").click();
    await p.getByTestId("issue-target").waitFor();
  });
  // A new indicator whose roll-up does not fit its measure: refused in words, beside the
  // field, with the fields still empty.
  await shot("33d-indicator-new-issues", ready(as("city_admin")), async (p) => {
    await p.getByTestId("nav-indicators").click();
    await p.getByTestId("kpi-add").click();
    await p.getByTestId("field-measure").selectOption("count");
    await p.getByTestId("field-aggregation").selectOption("ratio_of_sums");
    await p.getByTestId("field-target").fill("1200");
    await p.getByTestId("kpi-save").click();
    await p.getByTestId("issue-aggregation").waitFor();
    await p.getByTestId("issue-code").waitFor();
  });
  // A ward's quarterly report with its values, signed and sent (or still a draft).
  const withReport = (upTo, who = null) => async (core) => {
    await ready()(core);
    const home = await core.call("reports_home");
    const period = home.periods.filter((x) => x.form_code === "cds.quy").at(-1).period;
    const r = await core.call("report_open", { form_code: "cds.quy", period });
    const line = (indicator_code, value, denominator = "") => ({ indicator_code, value, denominator, note: "", from_app: false });
    await core.call("report_save", {
      id: r.id,
      lines: [
        line("cds.tthc_truc_tuyen_toan_trinh", "2.140", "2.380"),
        line("cds.ket_qua_tthc_so_hoa", "1.980", "2.380"),
        line("cds.van_ban_ky_so", "1.150", "1.200"),
        line("cds.dinh_danh_dien_tu", "31.200", "42.000"),
        line("cds.to_cong_nghe_so", "12"),
        line("chung.luot_tap_huan", "86"),
      ],
      narrative: ["Ký số 96 % văn bản đi; 90 % hồ sơ giải quyết trực tuyến toàn trình.", "Thiếu máy quét tại bộ phận một cửa.", ""],
    });
    if (upTo === "submitted") {
      await setProfile(core, { ...profile, role: "unit_lead", display_name: "Trần Văn Hùng" });
      for (const to of ["signed", "submitted"]) await core.call("report_transition", { id: r.id, to, comment: "", section_comments: [], line_comments: [] });
    }
    if (who) await setProfile(core, who);
  };
  await shot("33e-reports-ward", withReport("draft"), async (p) => {
    await p.getByTestId("nav-reports").click();
    await p.getByTestId("rep-row").first().waitFor();
  });
  await shot("33f-report-draft-issue", withReport("draft"), async (p) => {
    await p.getByTestId("nav-reports").click();
    await p.getByTestId("rep-open").first().click();
    const teams = p.locator('[data-testid=rep-line][data-code="cds.van_ban_ky_so"]');
    await teams.getByTestId("rep-value").fill("1.300");
    await p.getByTestId("rep-save").click();
    await teams.getByTestId("rep-issue").waitFor();
  });
  await shot("33g-report-city-review", withReport("submitted", as("city_reviewer").who), async (p) => {
    await p.getByTestId("nav-reports").click();
    await p.getByTestId("rep-open").first().click();
    await p.locator('[data-testid=rep-line][data-code="cds.to_cong_nghe_so"]').getByTestId("rep-line-review").fill("Khác số liệu báo cáo tháng 9.");
    await p.getByTestId("rep-reason").fill("Đề nghị rà soát số Tổ công nghệ số cộng đồng.");
  });
  await shot("33h-dashboard", async (core) => {
    await ready()(core);
    const wards = [
      ["26743", "1.150", "1.200", "12"],
      ["27004", "860", "1.000", "7"],
      ["26506", "2.310", "2.400", "15"],
    ];
    for (const [unit_code, signed, all, teams] of wards) {
      await setProfile(core, { ...profile, unit_code, role: "unit_official" });
      const home = await core.call("reports_home");
      const period = home.periods.filter((x) => x.form_code === "cds.quy").at(-1).period;
      const r = await core.call("report_open", { form_code: "cds.quy", period });
      const line = (indicator_code, value, denominator = "") => ({ indicator_code, value, denominator, note: "", from_app: false });
      await core.call("report_save", { id: r.id, lines: [line("cds.van_ban_ky_so", signed, all), line("cds.to_cong_nghe_so", teams)], narrative: [] });
      await setProfile(core, { ...profile, unit_code, role: "unit_lead", display_name: "Trần Văn Hùng" });
      for (const to of ["signed", "submitted"]) await core.call("report_transition", { id: r.id, to, comment: "", section_comments: [], line_comments: [] });
    }
    await setProfile(core, as("city_reviewer").who);
  }, async (p) => {
    await p.getByTestId("nav-dashboard").click();
    await p.getByTestId("dash-period").selectOption({ index: 0 });
    await p.locator('[data-testid=dash-line][data-code="cds.van_ban_ky_so"]').getByText("%").waitFor();
  });
  await shot("34-first-start-roles", async () => {}, async (p) => {
    await p.getByTestId("unit-search").fill("ben");
    await p.getByTestId("unit-option").first().click();
    await p.getByTestId("role-city_reviewer").check();
  });
  // Sync: the header status, enrolment, the enrolled screen, conflicts, sign-out.
  // Once enrolled, the profile is the account the server granted.
  const offline = enrolled({ offline: true });
  await shot("36-header-sync-offline", offline, (p) => p.getByTestId("sync-conflicts").waitFor());
  await shot("37-sync-enrol", async (core) => {
    await setProfile(core, profile);
    for (const name of ["Số hóa hồ sơ hộ tịch", "Bản đồ số phường Bến Thành"]) await core.call("task_create", taskInput({ name, kind: "cds" }));
  }, async (p) => {
    await p.getByTestId("nav-sync").click();
    await p.getByTestId("field-server_url").waitFor();
  });
  await shot("38-sync-enrol-errors", ready(), async (p) => {
    await p.getByTestId("nav-sync").click();
    await p.getByTestId("field-device_name").fill("");
    await p.getByTestId("sync-enrol-submit").click();
    await p.getByTestId("issue-server_url").waitFor();
  });
  // The data folder was enrolled with a server on another computer (this one's network
  // address, plain http://), then copied without the device's secret beside it.
  await shot("39c-sync-copied-insecure-http", async (core) => {
    const city = await cityServer([lan], { host: lanAddress() });
    await setProfile(core, profile);
    await enrol(core, city.url, lan, "Máy tính cũ", true);
    await core.call("sync_now");
    return core.reopen(async ({ dir }) => {
      for (const name of await readdir(dir)) if (name !== "data") await rm(join(dir, name), { recursive: true, force: true });
    });
  }, async (p) => {
    await p.getByTestId("nav-sync").click();
    await p.getByTestId("sync-copied").waitFor();
    await p.getByTestId("field-server_url").fill("http://10.0.0.5:8080");
    await p.getByTestId("field-user").fill("lan.nt.benthanh");
    await p.getByTestId("field-password").fill("MatKhau@2026");
    await p.getByTestId("field-password").press("Enter");
    await p.getByTestId("sync-insecure-http").waitFor();
  });
  await shot("39-sync-enrolled", enrolled(), async (p) => {
    await p.getByTestId("nav-sync").click();
    await p.getByTestId("dead-letter").first().waitFor();
  });
  // A change the server hands out that this laptop cannot apply (written into the stopped
  // server's database: no laptop could push it), and the clock the last round found fast.
  await shot("39b-sync-set-aside-clock", async (core) => {
    const city = await enrolled({ conflicts: false, pending: 0 })(core);
    await badChangeOnServer(city);
    await core.call("sync_now");
    return core.reopen(({ dbPath }) => {
      execFileSync("sqlite3", [dbPath, `INSERT OR REPLACE INTO local_meta (key, value) VALUES ('sync.clock_skew_ms', '${(3 * 60 + 5) * 60_000}')`]);
    });
  }, async (p) => {
    await p.getByTestId("nav-sync").click();
    await p.getByTestId("set-aside-item").first().waitFor();
    await p.getByTestId("set-aside").scrollIntoViewIfNeeded();
  });
  await shot("40-sync-offline-details", offline, async (p) => {
    await p.getByTestId("sync-status").click();
    await p.getByTestId("sync-last-error").waitFor();
  });
  await shot("41-conflicts", enrolled(), async (p) => {
    await p.getByTestId("sync-conflicts").click();
    await p.getByTestId("conflict").first().waitFor();
  });
  await shot("42-conflict-merge", enrolled(), async (p) => {
    await p.getByTestId("sync-conflicts").click();
    await p.getByTestId("conflict-merge").first().click();
    await p.getByTestId("conflict-merge-text").fill("Tự động phân loại ít nhất 85% phản ánh trong vòng 15 phút;\nrút ngắn 35% thời gian xử lý trung bình.");
  });
  await shot("43-conflicts-scrolled", enrolled(), async (p) => {
    await p.getByTestId("sync-conflicts").click();
    await p.getByTestId("conflict-resolved").first().scrollIntoViewIfNeeded();
  });
  await shot("44-sign-out-confirm", enrolled(), async (p) => {
    await p.getByTestId("nav-sync").click();
    await p.getByTestId("sync-sign-out").click();
    await p.getByTestId("sign-out-dialog").waitFor();
  });
  await shot("47-small-sync-header", offline, (p) => p.getByTestId("sync-conflicts").waitFor(), small);
  await shot("48-small-conflicts", enrolled(), async (p) => {
    await p.getByTestId("nav-conflicts").click();
    await p.getByTestId("conflict").first().waitFor();
  }, small);
  await shot("49-conflicts-empty", enrolled({ conflicts: false }), async (p) => {
    await p.getByTestId("nav-conflicts").click();
    await p.getByTestId("conflicts-empty").waitFor();
  });
  const wardOpts = { worker: true };
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
  }, wardOpts);
  await shot("51-training-home-city", cityT, async (p) => {
    await openT(p);
    await p.getByTestId("programme-new").click();
  });
  await shot("52-training-session-form", cityT, async (p) => {
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
  }, wardOpts);
  await shot("54-training-session-ward-quiz", ward(), async (p) => {
    await openT(p, "Nhiệm vụ KHCN cấp cơ sở");
    const q = p.getByTestId("quiz-take");
    await q.getByTestId("quiz-trainee").selectOption({ index: 1 });
    for (const i of [0, 3, 7, 11]) await q.getByTestId("quiz-answer").nth(i).check();
    await q.getByTestId("quiz-submit").click();
    await q.getByTestId("quiz-result").waitFor();
    await q.scrollIntoViewIfNeeded();
  }, wardOpts);
  await shot("55-training-session-downloading", ward(), async (p) => {
    await openT(p, "Lập dự toán");
  }, wardOpts);
  await shot("56-training-session-city", cityT, async (p) => {
    await openT(p, "Nhiệm vụ KHCN cấp cơ sở");
    await p.getByTestId("quiz-editor").scrollIntoViewIfNeeded();
  });
  await shot("56b-training-material-remove", cityT, async (p) => {
    await openT(p, "Nhiệm vụ KHCN cấp cơ sở");
    await p.getByTestId("material-remove").first().click();
    await p.getByTestId("material-remove-dialog").waitFor();
  });
  await shot("56c-training-quiz-issues", cityT, async (p) => {
    await openT(p, "Lập dự toán");
    const ed = p.getByTestId("quiz-editor");
    await ed.getByTestId("quiz-add-question").click();
    await p.keyboard.type("Dự toán được lập theo năm nào?");
    await ed.getByTestId("quiz-option-text").nth(0).fill("Năm ngân sách");
    await ed.getByTestId("quiz-save").click();
    await ed.getByTestId("quiz-question-issues").waitFor();
    await ed.getByTestId("quiz-save").scrollIntoViewIfNeeded();
  });
  await shot("57-training-reports", cityT, async (p) => {
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
  }, wardOpts);
  await shot("60-small-training-session", ward(), (p) => openT(p, "Nhiệm vụ KHCN cấp cơ sở"), { ...small, ...wardOpts });
  await shot("63-session-form-dates", cityT, async (p) => {
    await openT(p);
    await p.getByTestId("session-new").first().click();
    await p.getByTestId("session-starts").fill("10/12/2026");
    await p.getByTestId("session-starts-time").fill("8h");
    await p.getByTestId("session-ends").focus();
    await p.getByTestId("session-ends").press("Alt+ArrowDown");
    await p.getByTestId("session-ends-calendar").waitFor();
  }, { locale: "en-US", timezoneId: "America/New_York" });
} finally {
  await browser.close();
  await server.close();
}
if (all.length) {
  console.error(all.join("\n"));
  process.exit(1);
}
