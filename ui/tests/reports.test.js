// Reports (issue 13): a ward fills its quarterly report, its lead signs and sends it, the
// city returns it with a reason and a comment on one line, the ward reopens it. Each step
// on the real core through the bridge, the profile switched between them as on three
// laptops.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { appSuite, hasText, until } from "./harness.js";
import { profile } from "./seed-data.js";
import { seedTasks } from "./seed.js";

const run = appSuite({ before, after });
const official = async (core) => {
  await core.call("profile_set", profile);
};
const as = async (page, core, role, display_name) => {
  await core.call("profile_set", { ...profile, role, display_name });
  await page.reload();
  await page.getByTestId("nav-reports").click();
};
const line = (page, code) => page.locator(`[data-testid=rep-line][data-code="${code}"]`);

test("reports: a ward fills its quarterly report offline, the lead signs and sends it, the city returns it, the ward reopens it", () =>
  run(official, async (page, core) => {
    await page.getByTestId("nav-reports").click();
    await until(async () => (await page.getByTestId("rep-period").count()) === 4, "two forms × two periods");
    const quarter = page.locator('[data-testid=rep-period][data-form="cds.quy"]').last();
    await quarter.getByTestId("rep-start").click();
    await hasText(page.getByTestId("rep-status"), "Đang soạn");
    assert.equal(await page.getByTestId("rep-line").count(), 6);
    assert.equal(await page.locator("[data-testid^=rep-step-]").count(), 0, "an official does not sign");

    // A numerator above its denominator: refused beside the cell, nothing saved.
    const signed = line(page, "cds.van_ban_ky_so");
    await signed.getByTestId("rep-value").fill("1.300");
    await signed.getByTestId("rep-denominator").fill("1.200");
    await line(page, "cds.to_cong_nghe_so").getByTestId("rep-value").fill("12");
    await page.getByTestId("rep-section-text").first().fill("Ký số hầu hết văn bản đi.");
    await page.getByTestId("rep-save").click();
    await hasText(signed.getByTestId("rep-issue"), "lớn hơn mẫu số");
    assert.equal(await signed.getByTestId("rep-value").getAttribute("aria-invalid"), "true");
    assert.equal(await signed.getByTestId("rep-value").inputValue(), "1.300", "kept as typed");
    // Corrected, saved with Ctrl+S.
    await signed.getByTestId("rep-value").fill("1.150");
    await page.keyboard.press("Control+s");
    await page.getByTestId("rep-saved").waitFor();
    await hasText(signed.getByTestId("rep-percent"), "95,8 %");

    // The lead signs and sends.
    await as(page, core, "unit_lead", "Trần Văn Hùng");
    await page.getByTestId("rep-open").first().click();
    await page.getByTestId("rep-step-signed").click();
    await hasText(page.getByTestId("rep-status"), "Đã ký duyệt");
    await hasText(page.getByTestId("rep-signed-by"), "Trần Văn Hùng");
    assert.equal(await page.getByTestId("rep-save").count(), 0, "signed: not editable");
    await page.getByTestId("rep-step-submitted").click();
    await hasText(page.getByTestId("rep-status"), "Đã gửi Sở");

    // The city sees it waiting, returns it only with a reason.
    await as(page, core, "city_reviewer", "Phạm Minh Thu");
    const row = page.getByTestId("rep-row").first();
    await hasText(row, "Phường Bến Thành");
    await hasText(row.getByTestId("rep-status"), "Đã gửi Sở");
    await row.getByTestId("rep-open").click();
    await hasText(line(page, "cds.van_ban_ky_so").getByTestId("rep-shown"), "1150 / 1200");
    await page.getByTestId("rep-step-returned").click();
    await hasText(page.getByTestId("rep-error"), "lý do");
    await page.getByTestId("rep-reason").fill("Đề nghị rà soát số tổ công nghệ số.");
    await line(page, "cds.to_cong_nghe_so").getByTestId("rep-line-review").fill("Khác báo cáo tháng 9.");
    await page.getByTestId("rep-step-returned").click();
    await hasText(page.getByTestId("rep-status"), "Bị trả lại");

    // The ward sees why and where, reopens it and corrects the line.
    await as(page, core, "unit_official", profile.display_name);
    await page.getByTestId("rep-open").first().click();
    await hasText(page.getByTestId("rep-returned"), "Đề nghị rà soát số tổ công nghệ số.");
    await hasText(line(page, "cds.to_cong_nghe_so").getByTestId("rep-line-comment"), "Khác báo cáo tháng 9.");
    await page.getByTestId("rep-step-draft").click();
    await hasText(page.getByTestId("rep-status"), "Đang soạn");
    await line(page, "cds.to_cong_nghe_so").getByTestId("rep-value").fill("11");
    await page.getByTestId("rep-save").click();
    await page.getByTestId("rep-saved").waitFor();
    const stored = await core.call("reports_home");
    assert.equal(stored.reports[0].status, "draft");
  }));

test("dashboard: the city sees each indicator rolled up by its rule, the headline and the reporting rate", () =>
  run(
    async (core) => {
      const ward = async (unit_code, lines) => {
        await core.call("profile_set", { ...profile, unit_code, role: "unit_official" });
        const home = await core.call("reports_home");
        const period = home.periods.filter((p) => p.form_code === "cds.quy").at(-1).period;
        const r = await core.call("report_open", { form_code: "cds.quy", period });
        await core.call("report_save", {
          id: r.id,
          lines: lines.map(([indicator_code, value, denominator = ""]) => ({ indicator_code, value, denominator, note: "", from_app: false })),
          narrative: [],
        });
        await core.call("profile_set", { ...profile, unit_code, role: "unit_lead", display_name: "Trần Văn Hùng" });
        for (const to of ["signed", "submitted"]) await core.call("report_transition", { id: r.id, to, comment: "", section_comments: [], line_comments: [] });
      };
      // 45/50 and 10/100: 55/150 = 36,67 %, never the mean of 90 % and 10 %.
      await ward("26743", [["cds.van_ban_ky_so", "45", "50"], ["cds.to_cong_nghe_so", "12"]]);
      await ward("27004", [["cds.van_ban_ky_so", "10", "100"], ["cds.to_cong_nghe_so", "3"]]);
      await core.call("profile_set", { ...profile, role: "city_reviewer", display_name: "Phạm Minh Thu" });
    },
    async (page) => {
      await page.getByTestId("nav-dashboard").click();
      const period = await page.getByTestId("dash-period");
      // The last ended quarter is shown first; the wards reported for the current one.
      await period.selectOption({ index: 0 });
      const signed = page.locator('[data-testid=dash-line][data-code="cds.van_ban_ky_so"]');
      await hasText(signed.getByTestId("dash-value"), "36,67 %");
      assert.equal((await signed.getByTestId("dash-units").textContent()).trim(), "2");
      const teams = page.locator('[data-testid=dash-line][data-code="cds.to_cong_nghe_so"]');
      await hasText(teams.getByTestId("dash-value"), "15");
      await hasText(page.getByTestId("dash-rate"), "2/168 đơn vị đã gửi, 2 đúng hạn");
      await hasText(page.getByTestId("dash-headline"), "Chưa chỉ tiêu nào vừa có mục tiêu vừa có số liệu");
    },
  ));

test("dashboard: a ward's staff do not see it", () =>
  run(official, async (page) => {
    await page.getByTestId("nav-reports").waitFor();
    assert.equal(await page.getByTestId("nav-dashboard").count(), 0);
  }));

test("reports: the app proposes a value from the ward's own tasks, the official takes it and it is saved as such", () =>
  run(
    async (core) => {
      // Two KHCN tasks approved this year, one only submitted: "approved in the year" is 2.
      await seedTasks(
        core,
        [
          { id: "a", input: { kind: "khcn", name: "Ứng dụng AI trong bộ phận một cửa", cost_state: "300000000" }, status: "approved" },
          { id: "b", input: { kind: "khcn", name: "Bản đồ số hạ tầng chiếu sáng", cost_state: "200000000" }, status: "in_progress" },
          { id: "c", input: { kind: "khcn", name: "Khảo sát nhu cầu chuyển đổi số", cost_state: "50000000" }, status: "submitted" },
        ],
        profile,
      );
    },
    async (page) => {
      await page.getByTestId("nav-reports").click();
      await page.locator('[data-testid=rep-period][data-form="nq57.nam"]').last().getByTestId("rep-start").click();
      const approved = line(page, "khcn.nhiem_vu_duoc_phe_duyet");
      await hasText(approved.getByTestId("rep-proposal"), "Ứng dụng đề xuất: 2");
      await hasText(approved.getByTestId("rep-proposal"), "2 nhiệm vụ KHCN");
      assert.equal(await approved.getByTestId("rep-value").inputValue(), "", "proposed, not filled in by itself");
      await approved.getByTestId("rep-take").click();
      assert.equal(await approved.getByTestId("rep-value").inputValue(), "2");
      await page.getByTestId("rep-save").click();
      await page.getByTestId("rep-saved").waitFor();
      await hasText(approved, "Lấy từ dữ liệu ứng dụng");
      // Typed over, it is the official's own value again.
      await approved.getByTestId("rep-value").fill("3");
      await page.getByTestId("rep-save").click();
      await page.getByTestId("rep-saved").waitFor();
      assert.equal(await approved.getByText("Lấy từ dữ liệu ứng dụng").count(), 0);
    },
  ));
