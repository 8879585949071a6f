// KPI indicators: the list every role reads, seeded on first start from the bundled examples.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { appSuite, hasText, tipOf, until } from "./harness.js";
import { profile, demoTasks } from "./seed-data.js";
import { seedTasks } from "./seed.js";

const run = appSuite({ before, after });
const ward = async (core) => {
  await seedTasks(core, demoTasks(), profile);
};

test("indicators: the bundled examples, each with its measure, roll-up and period in words, marked unverified", () =>
  run(ward, async (page) => {
    await page.getByTestId("nav-indicators").click();
    await until(async () => (await page.getByTestId("kpi-row").count()) === 14, "fourteen example indicators");
    await hasText(page.getByTestId("kpi-examples"), "chưa phải danh mục chính thức");
    assert.equal(await page.getByTestId("kpi-unverified").count(), 14, "none is presented as verified");

    const online = page.locator('[data-testid=kpi-row][data-code="cds.tthc_truc_tuyen_toan_trinh"]');
    const text = (await online.textContent()).replace(/\s+/g, " ");
    assert.match(text, /Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình/);
    assert.match(text, /Tỷ lệ \(tử số \/ mẫu số\)/);
    assert.match(text, /Tổng tử số \/ tổng mẫu số/, "ratio_of_sums, in words");
    assert.match(text, /Quý/);
    assert.match(text, /Chưa đặt/, "no target in the examples");
    assert.doesNotMatch(text, /ratio_of_sums|percent|quarter/, "no internal word on screen");

    // The one example with the city's target: 3 % of the budget (Ho Chi Minh City to 2030).
    const share = page.locator('[data-testid=kpi-row][data-code="chung.ty_le_chi_ngan_sach"]');
    assert.equal((await share.getByTestId("kpi-target").textContent()).trim(), "3 %");

    // KHCN first; where the app can propose the value, it says how.
    assert.equal(await page.getByTestId("kpi-row").first().getAttribute("data-code"), "khcn.don_so_huu_tri_tue");
    const approved = page.locator('[data-testid=kpi-row][data-code="khcn.nhiem_vu_duoc_phe_duyet"]');
    await hasText(approved.getByTestId("kpi-from-app"), "Đề xuất từ dữ liệu ứng dụng");
    assert.match(await tipOf(approved.getByTestId("kpi-from-app")), /approved in the year/, "the rule, on hover");

    // Filtering folds diacritics, as every search of the app does.
    await page.getByTestId("kpi-filter").fill("ky so");
    await until(async () => (await page.getByTestId("kpi-row").count()) === 1, "one match for 'ky so'");
    await hasText(page.getByTestId("kpi-row"), "ký số");

    // English names and words.
    await page.getByTestId("kpi-filter").fill("");
    await page.getByTestId("locale-toggle").click();
    await hasText(online, "Share of administrative dossiers handled fully online");
    await hasText(online, "Sum of numerators / sum of denominators");
    await hasText(online, "Quarterly");
  }));
