// KPI indicators: the list every role reads, seeded on first start from the bundled examples.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { appSuite, calls, hasText, tipOf, until } from "./harness.js";
import { profile, demoTasks } from "./seed-data.js";
import { seedTasks } from "./seed.js";

const run = appSuite({ before, after });
const ward = async (core) => {
  await seedTasks(core, demoTasks(), profile);
};
const cityAdmin = async (core) => {
  await ward(core);
  await core.call("profile_set", { ...profile, role: "city_admin", display_name: "Lê Văn Hùng" });
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

test("indicators: a ward only reads them; the city admin sets a target, adds one whose roll-up must fit its measure", () =>
  run(ward, async (page) => {
    await page.getByTestId("nav-indicators").click();
    await until(async () => (await page.getByTestId("kpi-row").count()) === 14, "the examples");
    assert.equal(await page.getByTestId("kpi-add").count(), 0, "a ward official adds none");
    assert.equal(await page.getByTestId("kpi-edit").count(), 0, "and edits none");
  }).then(() =>
    run(cityAdmin, async (page) => {
      await page.getByTestId("nav-indicators").click();
      const signed = page.locator('[data-testid=kpi-row][data-code="cds.van_ban_ky_so"]');
      await signed.getByTestId("kpi-edit").click();
      await page.getByTestId("kpi-dialog").waitFor();
      assert.equal(await page.getByTestId("field-code").inputValue(), "cds.van_ban_ky_so");
      assert.equal(await page.getByTestId("field-target").inputValue(), "", "no target yet");

      // Reports were filed under its measure and roll-up: they are not offered for change.
      assert.ok(await page.getByTestId("field-measure").isDisabled());
      assert.ok(await page.getByTestId("field-aggregation").isDisabled());
      await hasText(page.getByTestId("kpi-fixed"), "Hãy tạo chỉ tiêu mới");
      await page.getByTestId("field-target").fill("1.200");
      await page.getByTestId("kpi-save").click();
      await hasText(page.getByTestId("issue-target"), "1200");
      assert.equal(await page.getByTestId("field-target").inputValue(), "1.200", "kept as typed");
      await page.getByTestId("field-target").fill("90,5");
      await page.getByTestId("field-verified").check();
      // Enter saves, as in every dialog of the app.
      await page.getByTestId("field-target").press("Enter");
      await page.getByTestId("kpi-saved").waitFor();
      const save = (await calls(page, "indicator_save")).at(-1).req;
      assert.equal(save.target, "90,5");
      assert.equal(save.aggregation, "ratio_of_sums");
      assert.ok(save.id, "a correction of the example, not a new indicator");
      assert.equal((await signed.getByTestId("kpi-target").textContent()).trim(), "90,5 %");
      assert.equal(await signed.getByTestId("kpi-unverified").count(), 0, "now checked");
      assert.equal(await page.getByTestId("kpi-examples").count(), 0, "no longer only the examples");
      assert.equal(await page.getByTestId("kpi-row").count(), 14);

      // A new indicator, with an end date already past: shown as no longer in force.
      await page.getByTestId("kpi-add").click();
      // Changing the measure picks the roll-up that fits it; one that does not is refused
      // in words, beside the field.
      await page.getByTestId("field-measure").selectOption("count");
      assert.equal(await page.getByTestId("field-aggregation").inputValue(), "sum");
      await page.getByTestId("field-aggregation").selectOption("ratio_of_sums");
      await page.getByTestId("kpi-save").click();
      await hasText(page.getByTestId("issue-aggregation"), "Cộng các đơn vị");
      await page.getByTestId("issue-code").waitFor();
      await page.getByTestId("issue-name_vi").waitFor();
      await page.getByTestId("issue-source").waitFor();
      await page.getByTestId("field-aggregation").selectOption("sum");
      await page.getByTestId("field-code").fill("cds.diem_wifi");
      await page.getByTestId("field-name_vi").fill("Số điểm wifi công cộng miễn phí");
      await page.getByTestId("field-target").fill("1200");
      await page.getByTestId("field-source").fill("Kế hoạch CĐS 2025");
      await page.getByTestId("field-effective_from").fill("01/01/2025");
      await page.getByTestId("field-effective_to").fill("31/12/2025");
      await page.getByTestId("kpi-save").click();
      const wifi = page.locator('[data-testid=kpi-row][data-code="cds.diem_wifi"]');
      await wifi.waitFor();
      assert.equal((await wifi.getByTestId("kpi-target").textContent()).trim(), "1.200");
      await hasText(wifi.getByTestId("kpi-not-in-force"), "Hết/chưa hiệu lực");
      await hasText(wifi, "31/12/2025");
    }),
  ));
