// An in-memory stand-in for the Rust core, installed in the page before the app loads
// (page.addInitScript(installFakeTauri, seed)). It follows notes/contract.md closely enough
// to drive the UI: same commands, same shapes, localized messages, field issues, errors.
// It is self-contained (serialized into the page): no imports, no closures over module state.
export function installFakeTauri(seed) {
  const clone = (v) => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
  const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  let nextId = 1;
  const newId = (p) => `${p}-${String(nextId++).padStart(4, "0")}`;

  const fold = (s) =>
    String(s)
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .toLowerCase();

  const state = {
    status: {
      state: seed.state ?? "ready",
      locale: seed.locale ?? "vi",
      profile: seed.profile ?? null,
      demo: seed.demo ?? false,
      db_path: seed.db_path ?? "/home/canbo/.local/share/xaso/xaso.sqlite3",
      message: seed.message ?? null,
      backups: seed.backups ?? [],
    },
    units: seed.units ?? [],
    tasks: new Map(),
    backups: seed.backups ?? [],
  };

  const msg = (vi, en) => (state.status.locale === "en" ? en : vi);
  const apiError = (code, message, fields = []) => ({ code, message, fields });

  const MONEY_FIELDS = ["cost_state", "cost_own", "cost_other"];
  const DATE_FIELDS = ["start_date", "end_date"];
  // As xaso-domain::validate::missing_for_submission.
  const REQUIRED = ["name", "field", "basis", "urgency", "objectives", "contents", "expected_results", "host_unit", "leader", "start_date", "end_date"];
  const TEXT_MAX = seed.textMax ?? Infinity;
  const COMMENT_REQUIRED = new Set(["returned", "cancelled", "suspended", "rejected_at_acceptance"]);
  const NEXT = {
    draft: ["submitted", "cancelled"],
    submitted: ["returned", "approved"],
    returned: ["submitted", "cancelled"],
    approved: ["contracted", "cancelled"],
    contracted: ["in_progress", "suspended"],
    in_progress: ["midterm_checked", "suspended", "cancelled"],
    midterm_checked: ["accepted", "rejected_at_acceptance"],
    accepted: ["settled"],
    rejected_at_acceptance: ["settled"],
    suspended: ["in_progress", "cancelled"],
    settled: [],
    cancelled: [],
  };

  function parseMoney(text) {
    const s = String(text).replace(/[\s.₫đ]/g, "").replace(/VND$/i, "");
    if (s === "") return 0;
    return /^\d{1,15}$/.test(s) ? Number(s) : null;
  }
  function validDate(s) {
    if (s === "") return true;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) return false;
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  }
  const today = () => new Date().toISOString().slice(0, 10);

  function missingOf(input) {
    const issues = REQUIRED.filter((f) => String(input[f]).trim() === "").map((f) => ({
      field: f,
      code: "required",
      severity: "incomplete",
      message: msg("Bắt buộc nhập trước khi gửi.", "Required before submitting."),
    }));
    if (input.start_date && input.end_date && input.end_date < input.start_date) {
      issues.push({ field: "end_date", code: "end_before_start", severity: "incomplete", message: msg("Ngày kết thúc phải sau ngày bắt đầu.", "The end date must be after the start date.") });
    }
    if (MONEY_FIELDS.every((f) => (parseMoney(input[f]) ?? 0) === 0)) {
      issues.push({ field: "cost_state", code: "cost_missing", severity: "incomplete", message: msg("Cần nhập kinh phí từ ít nhất một nguồn.", "Enter the cost from at least one source.") });
    }
    return issues;
  }

  function derive(task) {
    const input = task.input;
    task.cost_total = MONEY_FIELDS.reduce((sum, f) => sum + (parseMoney(input[f]) ?? 0), 0);
    if (input.start_date && input.end_date) {
      const a = new Date(input.start_date + "T00:00:00Z");
      const b = new Date(input.end_date + "T00:00:00Z");
      task.duration_months = Math.max(
        1,
        (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth() + (b.getUTCDate() >= a.getUTCDate() ? 1 : 0),
      );
    } else task.duration_months = null;
    task.missing = missingOf(input);
    task.editable = task.status === "draft" || task.status === "returned";
    task.allowed = (NEXT[task.status] ?? []).map((to) => ({ to, comment_required: COMMENT_REQUIRED.has(to) }));
    for (const m of task.milestones) m.overdue = !m.done && m.due_date !== "" && m.due_date < today();
    task.milestones.sort((a, b) => (a.start_date || a.due_date).localeCompare(b.start_date || b.due_date));
    return task;
  }

  // Apply an input as xaso-domain::validate::task_input does: a blocked field keeps its
  // stored value, everything else is stored; the issues also list what is still missing.
  function apply(task, input) {
    const issues = [];
    const stored = { ...task.input };
    for (const [k, v] of Object.entries(input)) {
      if (MONEY_FIELDS.includes(k)) {
        const m = parseMoney(v);
        if (m === null) {
          issues.push({ field: k, code: "not_a_number", severity: "blocking", message: msg("Chỉ nhập số tiền bằng chữ số, ví dụ 1.250.000.", "Enter an amount in digits, e.g. 1.250.000.") });
        } else stored[k] = m === 0 ? "" : String(m); // stored as plain digits, like Rust
        continue;
      }
      if (DATE_FIELDS.includes(k)) {
        if (!validDate(v.trim())) issues.push({ field: k, code: "bad_date", severity: "blocking", message: msg("Ngày không hợp lệ (dd/mm/yyyy).", "Not a valid date (dd/mm/yyyy).") });
        else stored[k] = v.trim();
        continue;
      }
      if (typeof v === "string" && v.length > TEXT_MAX) {
        issues.push({ field: k, code: "too_long", severity: "blocking", message: msg(`Quá dài: ${v.length} ký tự, tối đa ${TEXT_MAX} ký tự.`, `Too long: ${v.length} characters, at most ${TEXT_MAX}.`) });
        continue;
      }
      // Unlike Rust, the fake trims what it stores: the UI must not push this echo back
      // into the inputs while the user types.
      stored[k] = typeof v === "string" ? v.trim() : v;
    }
    task.input = stored;
    task.updated_at = now();
    return [...issues, ...missingOf(stored)];
  }

  function blankInput() {
    return {
      kind: "khcn", year: new Date().getFullYear(), name: "", field: "", task_type: "", basis: "", urgency: "",
      objectives: "", contents: "", expected_results: "", impact: "", cost_state: "", cost_own: "", cost_other: "",
      start_date: "", end_date: "", host_unit: "", leader: "", results_usage: "",
    };
  }

  function makeTask(input, extra = {}) {
    const created = extra.created_at ?? now();
    const task = {
      id: extra.id ?? newId("task"),
      unit_code: state.status.profile?.unit_code ?? "26734",
      status: extra.status ?? "draft",
      unit_name: extra.unit_name,
      input: { ...blankInput(), ...input },
      cost_total: 0,
      duration_months: null,
      created_at: created,
      updated_at: extra.updated_at ?? created,
      transitions: extra.transitions ?? [
        { id: newId("tr"), from: null, to: "draft", actor: state.status.profile?.display_name ?? "Cán bộ", at: created, comment: "" },
      ],
      milestones: (extra.milestones ?? []).map((m) => ({ id: newId("ms"), task_id: "", done: false, overdue: false, responsible: "", unit: "", start_date: "", ...m })),
      allowed: [],
      missing: [],
      editable: true,
    };
    for (const m of task.milestones) m.task_id = task.id;
    state.tasks.set(task.id, task);
    return derive(task);
  }

  for (const t of seed.tasks ?? []) makeTask(t.input, t);

  function summary(t) {
    const next = t.milestones.filter((m) => !m.done && m.due_date).map((m) => m.due_date).sort()[0] ?? null;
    return { id: t.id, kind: t.input.kind, status: t.status, year: t.input.year, name: t.input.name, leader: t.input.leader, cost_total: t.cost_total, updated_at: t.updated_at, next_due: next, unit_name: t.unit_name ?? state.status.profile?.unit_name ?? "" };
  }

  function getTask(id) {
    const t = state.tasks.get(id);
    if (!t) throw apiError("not_found", msg("Không tìm thấy nhiệm vụ", "Task not found"));
    return t;
  }

  const budgetHandlers = {};

  // ---- Budget estimates, norms, plans (mirrors xaso-core::budget and xaso-domain::budget) ----
  const SCALE = 10000n;
  const MONEY_MAX = 1_000_000_000_000_000;
  const ROLE_VI = { chu_nhiem: "Chủ nhiệm nhiệm vụ", thanh_vien_chinh: "Thành viên thực hiện chính", thu_ky_khoa_hoc: "Thư ký khoa học", thanh_vien: "Thành viên", ky_thuat_vien: "Kỹ thuật viên, nhân viên hỗ trợ" };
  const GROUP_ORDER = ["labour", "materials", "equipment", "other"];
  const GROUP_LABEL = {
    labour: ["Tiền công lao động trực tiếp, thuê chuyên gia", "Labour and hired expertise"],
    materials: ["Nguyên vật liệu, năng lượng", "Materials and energy"],
    equipment: ["Thiết bị, máy móc", "Equipment"],
    other: ["Chi khác", "Other costs"],
  };
  const ROMAN = { labour: "I", materials: "II", equipment: "III", other: "IV" };
  const STATUS_VI = { draft: "Nháp", submitted: "Đã gửi", returned: "Bị trả lại", approved: "Đã phê duyệt" };

  const moneyText = (n) => `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".")} ₫`;
  const cellIssue = (field, code, vi, en) => ({ field, code, severity: "blocking", message: msg(vi, en) });

  /** Money::parse: whole đồng, dots and spaces as separators, a suffix ₫/đ/VND allowed. */
  function money(typed) {
    let s = String(typed).trim();
    for (const suf of ["₫", "VNĐ", "VND", "đồng", "đ"]) if (s.endsWith(suf)) { s = s.slice(0, -suf.length).trim(); break; }
    if (s === "") return { ok: 0 };
    if (s.startsWith("-")) return { err: ["negative", "Số tiền không được âm.", "The amount cannot be negative."] };
    let v = 0;
    for (const c of s) {
      if (c >= "0" && c <= "9") v = v * 10 + Number(c);
      else if (c === "." || c === " " || c === "\u00a0" || c === "\u202f") continue;
      else if (c === ",") return { err: ["fraction", "Số tiền tính bằng đồng, không có phần thập phân.", "Amounts are whole đồng, without decimals."] };
      else return { err: ["not_a_number", "Chỉ nhập số tiền bằng chữ số, ví dụ 1.250.000.", "Enter an amount in digits, e.g. 1.250.000."] };
    }
    if (v > MONEY_MAX) return { err: ["too_large", "Số tiền quá lớn (tối đa 1.000.000.000.000.000 ₫).", "The amount is too large (at most 1.000.000.000.000.000 ₫)."] };
    return { ok: v };
  }
  /** Scaled::parse: a decimal with at most 4 places, comma or dot. Raw = value × 10 000. */
  function scaled(typed) {
    const s = String(typed).trim();
    if (s === "") return { ok: 0 };
    if (s.startsWith("-")) return { err: ["negative", "Không được âm.", "Cannot be negative."] };
    const i = s.search(/[,.]/);
    const int = i < 0 ? s : s.slice(0, i);
    const frac = i < 0 ? "" : s.slice(i + 1);
    if ((int === "" && frac === "") || !/^\d*$/.test(int) || !/^\d*$/.test(frac)) return { err: ["not_a_number", "Chỉ nhập số, ví dụ 12 hoặc 10,5.", "Enter a number, e.g. 12 or 10,5."] };
    if (frac.length > 4) return { err: ["too_precise", "Tối đa 4 chữ số thập phân.", "At most 4 decimals."] };
    const raw = Number(int || "0") * 10000 + Number(frac.padEnd(4, "0") || "0");
    if (raw > 1e15) return { err: ["too_large", "Số quá lớn.", "The number is too large."] };
    return { ok: raw };
  }
  const scaledText = (raw) => {
    const int = Math.floor(raw / 10000);
    const frac = String(raw % 10000).padStart(4, "0").replace(/0+$/, "");
    return frac ? `${int},${frac}` : String(int);
  };
  /** money × scaled, half up to the đồng. */
  const times = (raw, m) => Number((BigInt(m) * BigInt(raw) + SCALE / 2n) / SCALE);
  const percent = (tt) => {
    const whole = Math.floor(tt / 100);
    const h = String(tt % 100).padStart(2, "0").replace(/0+$/, "");
    return h ? `${whole},${h} %` : `${whole} %`;
  };

  const DEFAULT_NORMS = [
    ["labor.leader_monthly_cap", "Mức tiền công tối đa của chủ nhiệm nhiệm vụ", "40000000", "VND/người/tháng", "cap", "Thông tư 03/2023/TT-BTC", "", true],
    ["labor.coef.chu_nhiem", "Hệ số tiền công: Chủ nhiệm nhiệm vụ", "1", "hệ số", "coefficient", "Thông tư 02/2023/TT-BKHCN", "2023-06-23", true],
    ["labor.coef.thanh_vien_chinh", "Hệ số tiền công: Thành viên thực hiện chính", "0,8", "hệ số", "coefficient", "Thông tư 02/2023/TT-BKHCN", "2023-06-23", true],
    ["labor.coef.thu_ky_khoa_hoc", "Hệ số tiền công: Thư ký khoa học", "0,3", "hệ số", "coefficient", "Thông tư 02/2023/TT-BKHCN", "2023-06-23", true],
    ["labor.coef.thanh_vien", "Hệ số tiền công: Thành viên", "0,4", "hệ số", "coefficient", "Thông tư 02/2023/TT-BKHCN", "2023-06-23", true],
    ["labor.coef.ky_thuat_vien", "Hệ số tiền công: Kỹ thuật viên / nhân viên hỗ trợ", "0,2", "hệ số", "coefficient", "Thông tư 02/2023/TT-BKHCN", "2023-06-23", true],
    ["labor.other_roles_ratio_cap", "Mức tối đa của các chức danh khác so với chủ nhiệm", "0,8", "tỷ lệ", "ratio", "Thông tư 03/2023/TT-BTC", "", true],
    ["contest.prize.first", "Giải nhất cuộc thi khởi nghiệp (cấp trung ương)", "20000000", "VND/giải", "cap", "Thông tư 126/2018/TT-BTC", "", false],
    ["contest.prize.second", "Giải nhì cuộc thi khởi nghiệp (cấp trung ương)", "15000000", "VND/giải", "cap", "Thông tư 126/2018/TT-BTC", "", false],
    ["contest.prize.third", "Giải ba cuộc thi khởi nghiệp (cấp trung ương)", "10000000", "VND/giải", "cap", "Thông tư 126/2018/TT-BTC", "", false],
    ["contest.prize.consolation", "Giải khuyến khích cuộc thi khởi nghiệp (cấp trung ương)", "5000000", "VND/giải", "cap", "Thông tư 126/2018/TT-BTC", "", false],
    ["contest.local_ratio_cap", "Cuộc thi cấp địa phương: tối đa so với mức trung ương", "0,8", "tỷ lệ", "ratio", "Thông tư 126/2018/TT-BTC", "", false],
    ["plan.share_khcn_dmst_cds_min", "Tỷ lệ tối thiểu chi ngân sách hằng năm cho KHCN/ĐMST/CĐS (mục tiêu TPHCM)", "0,03", "tỷ lệ", "target", "Mục tiêu TPHCM theo Nghị quyết 57-NQ/TW", "", false],
  ];
  const norms = (seed.norms ?? DEFAULT_NORMS).map((n) => {
    const [code, description, value, unit, kind, legal_basis, effective_from, verified, effective_to] = Array.isArray(n) ? n : [n.code, n.description, n.value, n.unit, n.kind, n.legal_basis, n.effective_from ?? "", n.verified, n.effective_to ?? ""];
    return { id: newId("norm"), code, description, value: scaled(value).ok, unit, kind, legal_basis, effective_from: effective_from || null, effective_to: effective_to || null, verified };
  });
  state.norms = norms;
  const inForce = (n, date) => (!n.effective_from || n.effective_from <= date) && (!n.effective_to || date <= n.effective_to);
  function normFor(code, date) {
    let best = null;
    for (const n of state.norms) if (n.code === code && inForce(n, date) && (!best || (n.effective_from ?? "") >= (best.effective_from ?? ""))) best = n;
    return best;
  }
  const normMoney = (n) => Math.floor(n.value / 10000);
  const normView = (n) => ({
    id: n.id, code: n.code, description: n.description, value: scaledText(n.value), unit: n.unit, kind: n.kind, legal_basis: n.legal_basis,
    effective_from: n.effective_from, effective_to: n.effective_to, verified: n.verified, in_force: inForce(n, today()),
  });

  state.estimates = new Map();
  state.plans = new Map(Object.entries(seed.plans ?? {}).map(([y, v]) => [Number(y), v]));

  function makeEstimate(spec) {
    const e = {
      id: spec.id ?? newId("est"),
      task_id: spec.task_id,
      year: spec.year,
      version_no: spec.version_no ?? 1,
      status: spec.status ?? "draft",
      leader_rate: money(spec.leader_rate ?? "40000000").ok,
      estimate_date: spec.estimate_date ?? today(),
      review_comment: spec.review_comment ?? "",
      based_on: spec.based_on ?? null,
      updated_at: spec.updated_at ?? now(),
      people: (spec.people ?? []).map((p) => ({ id: p.id ?? newId("per"), name: p.name, role: p.role, months: scaled(p.months).ok })),
      lines: (spec.lines ?? []).map((l) => ({
        id: l.id ?? newId("line"), group: l.group, content: l.content ?? "", unit: l.unit ?? "", quantity: scaled(l.quantity ?? "").ok,
        unit_price: money(l.unit_price ?? "").ok, own: money(l.own ?? "").ok, other: money(l.other ?? "").ok, note: l.note ?? "",
        norm_code: l.norm_code || null, review_comment: l.review_comment ?? "", copied_from: l.copied_from ?? null,
      })),
    };
    state.estimates.set(e.id, e);
    return e;
  }
  for (const spec of seed.estimates ?? []) makeEstimate(spec);

  function getEstimate(id) {
    const e = state.estimates.get(id);
    if (!e) throw apiError("not_found", msg(`Không tìm thấy "${id}".`, `Not found: "${id}".`));
    return e;
  }

  const budgetError = (vi, en, field) => apiError("validation", msg(vi, en), [cellIssue(field, "budget", vi, en)]);

  /** xaso-domain::budget::compute over parsed values. */
  function computeSheet({ leader_rate, people, lines }, date) {
    const flags = [];
    const out = [];
    const cap = normFor("labor.leader_monthly_cap", date);
    if (cap && leader_rate > normMoney(cap)) {
      const limit = normMoney(cap);
      const excess = leader_rate - limit;
      flags.push({ target: "leader_rate", index: null, norm_code: cap.code, legal_basis: cap.legal_basis, verified: cap.verified, limit, actual: leader_rate, excess,
        message: msg(`Mức tiền công tháng của chủ nhiệm ${moneyText(leader_rate)} vượt mức tối đa ${moneyText(limit)} (${cap.legal_basis}), vượt ${moneyText(excess)}.`, `The leader's monthly rate ${moneyText(leader_rate)} is over the cap of ${moneyText(limit)} (${cap.legal_basis}) by ${moneyText(excess)}.`) });
    }
    const missing = (target, index, code) => ({ target, index, norm_code: code, legal_basis: "", verified: false, limit: null, actual: null, excess: null,
      message: msg(`Không có định mức “${code}” còn hiệu lực ngày ${date.split("-").reverse().join("/")}.`, `No norm “${code}” is in force on ${date.split("-").reverse().join("/")}.`) });
    const ratio = normFor("labor.other_roles_ratio_cap", date);
    people.forEach((p, i) => {
      const code = `labor.coef.${p.role}`;
      const coef = normFor(code, date);
      if (!coef) return void flags.push(missing("person", i, code));
      if (ratio && p.role !== "chu_nhiem" && coef.value > ratio.value) {
        flags.push({ target: "person", index: i, norm_code: ratio.code, legal_basis: ratio.legal_basis, verified: ratio.verified, limit: null, actual: null, excess: null,
          message: msg(`Hệ số ${scaledText(coef.value)} của ${ROLE_VI[p.role]} vượt tỷ lệ tối đa ${scaledText(ratio.value)} so với chủ nhiệm (${ratio.legal_basis}).`, `Coefficient ${scaledText(coef.value)} is over the maximum ratio.`) });
      }
      const monthly = times(coef.value, leader_rate);
      const total = times(p.months, monthly);
      out.push({ group: "labour", content: `${ROLE_VI[p.role]}: ${p.name}`, unit: "tháng", quantity: scaledText(p.months), unit_price: monthly,
        amounts: { total, state: total, own: 0, other: 0 }, note: `Hệ số ${scaledText(coef.value)}`, norm_code: code, person: i, line: null, flagged: false });
    });
    const local = normFor("contest.local_ratio_cap", date);
    for (const group of GROUP_ORDER) {
      lines.forEach((l, i) => {
        if (l.group !== group) return;
        const total = times(l.quantity, l.unit_price);
        if (total > MONEY_MAX) throw budgetError("Tổng dự toán vượt quá 1.000.000.000.000.000 ₫ : kiểm tra số lượng và đơn giá.", "The estimate's total is too large.", "total");
        const stateAmt = total - l.own - l.other;
        if (stateAmt < 0) throw budgetError(`Dòng ${i + 1}: nguồn tự có và nguồn khác lớn hơn thành tiền.`, `Line ${i + 1}: own and other funds exceed the line's amount.`, `lines.${i}.own`);
        if (l.norm_code) {
          const norm = normFor(l.norm_code, date);
          if (!norm) flags.push(missing("line", i, l.norm_code));
          else if (norm.kind === "cap") {
            const prize = l.norm_code.startsWith("contest.prize.") && local;
            const limit = prize ? times(local.value, normMoney(norm)) : normMoney(norm);
            const basis = prize ? `${norm.legal_basis}; ${local.code} × ${scaledText(local.value)}` : norm.legal_basis;
            if (l.unit_price > limit) {
              const excess = total - times(l.quantity, limit);
              flags.push({ target: "line", index: i, norm_code: norm.code, legal_basis: basis, verified: norm.verified && (!prize || local.verified), limit, actual: l.unit_price, excess,
                message: msg(`Đơn giá ${moneyText(l.unit_price)} vượt mức tối đa ${moneyText(limit)} (${basis}); dòng này vượt ${moneyText(excess)}.`, `Unit price ${moneyText(l.unit_price)} is over the cap of ${moneyText(limit)} (${basis}); this line is over by ${moneyText(excess)}.`) });
            }
          }
        }
        out.push({ group, content: l.content, unit: l.unit, quantity: scaledText(l.quantity), unit_price: l.unit_price,
          amounts: { total, state: stateAmt, own: l.own, other: l.other }, note: l.note, norm_code: l.norm_code, person: null, line: i, flagged: false });
      });
    }
    for (const l of out) l.flagged = flags.some((f) => (f.target === "person" && f.index === l.person && l.person !== null) || (f.target === "line" && f.index === l.line && l.line !== null) || (f.target === "leader_rate" && l.person !== null));
    const zero = () => ({ total: 0, state: 0, own: 0, other: 0 });
    const add = (a, b) => { for (const k of ["total", "state", "own", "other"]) a[k] += b[k]; };
    const groups = GROUP_ORDER.map((g) => ({ group: g, roman: ROMAN[g], label: msg(...GROUP_LABEL[g]), amounts: zero() }));
    const total = zero();
    for (const l of out) add(groups[GROUP_ORDER.indexOf(l.group)].amounts, l.amounts);
    for (const g of groups) add(total, g.amounts);
    // Only enough of the words for the tests; the app's words come from Rust.
    return { lines: out, groups, total, total_in_words: `${total.total} đồng (bằng chữ)`, flags };
  }

  /** parse_sheet: a cell that cannot be read keeps its stored value (zero for a new row). */
  function parseSheet(req, e) {
    const issues = [];
    const read = (parse, field, typed, fallback) => {
      const r = parse(typed);
      if (r.err) {
        issues.push(cellIssue(field, r.err[0], r.err[1], r.err[2]));
        return fallback;
      }
      return r.ok;
    };
    const leader_rate = read(money, "leader_rate", req.leader_rate, e.leader_rate);
    let date = e.estimate_date;
    const d = req.estimate_date.trim();
    if (d) {
      const iso = /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : (/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(d) || []).slice(1).reverse().map((x, i) => (i ? x.padStart(2, "0") : x)).join("-");
      if (iso && validDate(iso)) date = iso;
      else issues.push(cellIssue("estimate_date", "bad_date", "Ngày không hợp lệ (dd/mm/yyyy).", "Not a valid date (dd/mm/yyyy)."));
    }
    const people = req.people.map((p, i) => {
      const old = e.people.find((s) => s.id === p.id);
      return { id: old ? old.id : null, name: p.name, role: p.role, months: read(scaled, `people.${i}.months`, p.months, old?.months ?? 0) };
    });
    const lines = req.lines.map((l, i) => {
      const old = e.lines.find((s) => s.id === l.id);
      const f = (n) => `lines.${i}.${n}`;
      return {
        id: old ? old.id : null, group: l.group, content: l.content, unit: l.unit,
        quantity: read(scaled, f("quantity"), l.quantity, old?.quantity ?? 0),
        unit_price: read(money, f("unit_price"), l.unit_price, old?.unit_price ?? 0),
        own: read(money, f("own"), l.own, old?.own ?? 0),
        other: read(money, f("other"), l.other, old?.other ?? 0),
        note: l.note, norm_code: l.norm_code.trim() || null,
        review_comment: old?.review_comment ?? "", copied_from: old?.copied_from ?? null,
      };
    });
    return { leader_rate, date, people, lines, issues };
  }

  const role = () => state.status.profile?.role ?? "unit_official";
  function allowedFor(status, r) {
    if ((status === "draft" || status === "returned") && (r === "unit_official" || r === "unit_lead")) return ["submitted"];
    if (status === "submitted" && r === "city_reviewer") return ["returned", "approved"];
    return [];
  }
  const storedComputed = (e) => computeSheet(e, e.estimate_date);
  const moneyField = (m) => (m === 0 ? "" : String(m));
  function summaries(taskId) {
    return [...state.estimates.values()]
      .filter((x) => x.task_id === taskId)
      .sort((a, b) => a.year - b.year || a.version_no - b.version_no)
      .map((x) => {
        const c = storedComputed(x);
        return { id: x.id, task_id: x.task_id, year: x.year, version_no: x.version_no, status: x.status, total: c.total.total, flags: c.flags.length, updated_at: x.updated_at };
      });
  }
  function estimateDetail(e) {
    const task = state.tasks.get(e.task_id);
    return {
      id: e.id, task_id: e.task_id, task_name: task?.input.name ?? "", unit_name: state.status.profile?.unit_name ?? "",
      year: e.year, version_no: e.version_no, status: e.status,
      editable: (e.status === "draft" || e.status === "returned") && task?.status !== "cancelled",
      allowed: allowedFor(e.status, role()).map((to) => ({ to, comment_required: to === "returned" })),
      leader_rate: moneyField(e.leader_rate), estimate_date: e.estimate_date, review_comment: e.review_comment, based_on: e.based_on,
      people: e.people.map((p) => ({ id: p.id, name: p.name, role: p.role, months: scaledText(p.months) })),
      lines: e.lines.map((l) => ({
        input: { id: l.id, group: l.group, content: l.content, unit: l.unit, quantity: scaledText(l.quantity), unit_price: moneyField(l.unit_price), own: moneyField(l.own), other: moneyField(l.other), note: l.note, norm_code: l.norm_code ?? "" },
        review_comment: l.review_comment,
      })),
      computed: storedComputed(e),
      versions: summaries(e.task_id),
      norms: state.norms.map(normView),
    };
  }

  function compareEstimates(a, b) {
    const ca = storedComputed(a);
    const cb = storedComputed(b);
    const key = (s, l, copied) => {
      if (l.person !== null) return `p:${s.people[l.person].name}:${s.people[l.person].role}`;
      const row = s.lines[l.line];
      return `l:${copied ? row.copied_from ?? row.id : row.id}`;
    };
    const after = cb.lines.map((l) => [key(b, l, true), l]);
    const matched = after.map(() => false);
    const rows = [];
    for (const l of ca.lines) {
      const k = key(a, l, false);
      const j = after.findIndex(([kb]) => kb === k);
      if (j >= 0) {
        matched[j] = true;
        const n = after[j][1];
        const same = JSON.stringify(n.amounts) === JSON.stringify(l.amounts) && n.content === l.content && n.quantity === l.quantity && n.unit_price === l.unit_price;
        rows.push({ group: n.group, content: n.content, before: l.amounts, after: n.amounts, difference: n.amounts.total - l.amounts.total, change: same ? "same" : "changed" });
      } else rows.push({ group: l.group, content: l.content, before: l.amounts, after: null, difference: -l.amounts.total, change: "removed" });
    }
    after.forEach(([, n], j) => {
      if (!matched[j]) rows.push({ group: n.group, content: n.content, before: null, after: n.amounts, difference: n.amounts.total, change: "added" });
    });
    rows.sort((x, y) => GROUP_ORDER.indexOf(x.group) - GROUP_ORDER.indexOf(y.group));
    return { from_version: a.version_no, to_version: b.version_no, rows, total_before: ca.total, total_after: cb.total };
  }

  function planView(year, issues = []) {
    const spending = state.plans.has(year) ? state.plans.get(year) : null;
    const by_kind = ["khcn", "dmst", "cds"].map((kind) => ({ kind, total: 0, estimates: 0 }));
    for (const task of state.tasks.values()) {
      if (task.status === "cancelled") continue;
      const latest = [...state.estimates.values()].filter((e) => e.task_id === task.id && e.year === year).sort((a, b) => b.version_no - a.version_no)[0];
      if (!latest) continue;
      const k = by_kind.find((x) => x.kind === task.input.kind);
      k.total += storedComputed(latest).total.total;
      k.estimates += 1;
    }
    const total = by_kind.reduce((s, k) => s + k.total, 0);
    const target = normFor("plan.share_khcn_dmst_cds_min", `${year}-12-31`);
    const share = spending ? Math.floor((total * 10000) / spending) : null;
    return {
      year, annual_spending: spending, by_kind, total,
      share: share === null ? null : percent(share),
      target: target ? percent(target.value) : null,
      target_norm: target ? { ...normView(target), id: "" } : null,
      meets_target: share !== null && target ? share >= target.value : null,
      issues,
    };
  }

  const slug = (s) => fold(s).split(/[^a-z0-9]+/).filter(Boolean).slice(0, 8).join("-") || "nhiem-vu";

  Object.assign(budgetHandlers, {
    estimates_list: ({ id }) => {
      getTask(id);
      const estimates = summaries(id);
      const latest = new Map();
      for (const e of estimates) latest.set(e.year, e.total);
      return { task_id: id, estimates, total_all_years: [...latest.values()].reduce((a, b) => a + b, 0) };
    },
    estimate_create: ({ task_id, year }) => {
      getTask(task_id);
      if (year < 2000 || year > 2100) throw apiError("validation", msg("Vui lòng kiểm tra lại các ô được đánh dấu.", "Please check the marked fields."), [cellIssue("year", "year_out_of_range", "Năm không hợp lệ.", "Not a valid year.")]);
      if ([...state.estimates.values()].some((e) => e.task_id === task_id && e.year === year)) {
        throw apiError("validation", msg(`Đã có dự toán năm ${year} cho nhiệm vụ này: mở dự toán đó, hoặc tạo phiên bản mới.`, `This task already has an estimate for ${year}: open it, or make a new version.`));
      }
      const cap = normFor("labor.leader_monthly_cap", today());
      const e = makeEstimate({ task_id, year, leader_rate: String(cap ? normMoney(cap) : 0) });
      return estimateDetail(e);
    },
    estimate_get: ({ id }) => estimateDetail(getEstimate(id)),
    estimate_compute: (req) => {
      const e = getEstimate(req.id);
      const p = parseSheet(req, e);
      return { computed: computeSheet(p, p.date), issues: p.issues };
    },
    estimate_save: (req) => {
      const e = getEstimate(req.id);
      if (!(e.status === "draft" || e.status === "returned")) {
        throw apiError("not_editable", msg(`Dự toán phiên bản ${e.version_no} đang “${STATUS_VI[e.status]}”: không sửa được. Muốn thay đổi, hãy tạo phiên bản mới.`, `Version ${e.version_no} cannot be changed.`));
      }
      const p = parseSheet(req, e);
      computeSheet(p, p.date);
      e.leader_rate = p.leader_rate;
      e.estimate_date = p.date;
      e.people = p.people.map((x) => ({ ...x, id: x.id ?? newId("per") }));
      e.lines = p.lines.map((x) => ({ ...x, id: x.id ?? newId("line") }));
      e.updated_at = now();
      return { estimate: estimateDetail(e), issues: p.issues };
    },
    estimate_transition: ({ id, to, comment }) => {
      const e = getEstimate(id);
      if (!allowedFor(e.status, role()).includes(to)) throw apiError("transition_refused", msg(`Không thể chuyển dự toán từ “${STATUS_VI[e.status]}” sang “${STATUS_VI[to]}”.`, "The estimate cannot make this move."));
      if (to === "returned" && !comment.trim()) throw apiError("transition_refused", msg("Cần ghi lý do trả lại.", "Please say why it is returned."));
      e.status = to;
      e.review_comment = comment;
      e.updated_at = now();
      return estimateDetail(e);
    },
    estimate_line_comment: ({ estimate_id, line_id, comment }) => {
      const e = getEstimate(estimate_id);
      if (role() !== "city_reviewer" || e.status !== "submitted") throw apiError("transition_refused", msg("Chỉ cán bộ Sở KHCN ghi ý kiến trên dòng, khi dự toán đã được gửi.", "Only a city reviewer comments on lines, while the estimate is submitted."));
      const line = e.lines.find((l) => l.id === line_id);
      if (!line) throw apiError("not_found", msg(`Không tìm thấy "${line_id}".`, `Not found: "${line_id}".`));
      line.review_comment = comment;
      return estimateDetail(e);
    },
    estimate_new_version: ({ id }) => {
      const e = getEstimate(id);
      const same = [...state.estimates.values()].filter((x) => x.task_id === e.task_id && x.year === e.year);
      if (same.some((x) => x.version_no > e.version_no)) throw apiError("validation", msg("Đã có phiên bản mới hơn của dự toán năm này.", "A newer version of this year's estimate already exists."));
      const copy = {
        ...e, id: newId("est"), version_no: e.version_no + 1, status: "draft", review_comment: "", based_on: e.id, estimate_date: today(), updated_at: now(),
        people: e.people.map((p) => ({ ...p, id: newId("per") })),
        lines: e.lines.map((l) => ({ ...l, id: newId("line"), review_comment: "", copied_from: l.id })),
      };
      state.estimates.set(copy.id, copy);
      return estimateDetail(copy);
    },
    estimate_compare: ({ from, to }) => compareEstimates(getEstimate(from), getEstimate(to)),
    estimate_export_xlsx: ({ id }) => {
      const e = getEstimate(id);
      const task = state.tasks.get(e.task_id);
      return { path: `/home/canbo/.local/share/xaso/exports/du-toan-${slug(task?.input.name ?? "")}-${e.year}-v${e.version_no}.xlsx` };
    },
    norms_list: () => state.norms.map(normView),
    norm_save: (req) => {
      if (role() !== "city_admin") throw apiError("transition_refused", msg("Chỉ quản trị viên Sở KHCN sửa định mức.", "Only a city admin edits norms."));
      const issues = [];
      if (!req.code.trim() || !/^[A-Za-z0-9._]+$/.test(req.code)) issues.push(cellIssue("code", "bad_code", "Mã định mức chỉ gồm chữ, số, dấu chấm và gạch dưới.", "A norm code is letters, digits, dots and underscores."));
      for (const f of ["description", "legal_basis", "unit"]) if (!req[f].trim()) issues.push(cellIssue(f, "required", "Bắt buộc nhập (tối đa 500 ký tự).", "Required (at most 500 characters)."));
      const value = scaled(req.value);
      if (value.err) issues.push(cellIssue("value", value.err[0], value.err[1], value.err[2]));
      const date = (field, typed) => {
        const s = typed.trim();
        if (!s) return null;
        const iso = /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : (/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s) || []).slice(1).reverse().map((x, i) => (i ? x.padStart(2, "0") : x)).join("-");
        if (iso && validDate(iso)) return iso;
        issues.push(cellIssue(field, "bad_date", "Ngày không hợp lệ (dd/mm/yyyy).", "Not a valid date (dd/mm/yyyy)."));
        return null;
      };
      const from = date("effective_from", req.effective_from);
      const to = date("effective_to", req.effective_to);
      if (from && to && to < from) issues.push(cellIssue("effective_to", "end_before_start", "Ngày hết hiệu lực phải sau ngày có hiệu lực.", "The end must be after the start."));
      if (issues.length) return { norms: state.norms.map(normView), issues };
      const row = { code: req.code.trim(), description: req.description, value: value.ok, unit: req.unit, kind: req.kind, legal_basis: req.legal_basis, effective_from: from, effective_to: to, verified: req.verified };
      const old = req.id ? state.norms.find((n) => n.id === req.id) : null;
      if (req.id && !old) throw apiError("not_found", msg(`Không tìm thấy "${req.id}".`, `Not found: "${req.id}".`));
      if (old) Object.assign(old, row);
      else state.norms.push({ id: newId("norm"), ...row });
      return { norms: state.norms.map(normView), issues: [] };
    },
    plan_get: ({ year }) => planView(year),
    plan_set: ({ year, annual_spending }) => {
      const m = money(annual_spending);
      if (m.err) return planView(year, [cellIssue("annual_spending", m.err[0], m.err[1], m.err[2])]);
      state.plans.set(year, m.ok);
      return planView(year);
    },
  });

  // ---- Sync (mirrors xaso-core::api_sync): status, enrolment, conflicts, refused changes ----
  const syncSeed = seed.sync ?? {};
  state.sync = {
    state: syncSeed.state ?? "not_enrolled",
    server_url: syncSeed.server_url ?? null,
    account: syncSeed.account ?? null,
    previous_account: syncSeed.previous_account ?? null,
    pending: syncSeed.pending ?? 0,
    last_success: syncSeed.last_success ?? null,
    last_error: syncSeed.last_error ?? null,
    conflicts: syncSeed.conflicts ?? [],
    deadLetters: syncSeed.deadLetters ?? [],
    setAside: syncSeed.setAside ?? [],
    clock_warning: syncSeed.clock_warning ?? null,
    copied: syncSeed.copied ?? null,
    /** The city server the fake enrols with: its password, the account it grants, reachable. */
    server: { password: null, account: null, reachable: true, ...syncSeed.server },
  };
  const syncView = () => {
    const s = state.sync;
    return {
      state: s.state, server_url: s.server_url, account: s.account, previous_account: s.account ? null : s.previous_account, pending: s.pending,
      conflicts_open: s.conflicts.filter((c) => !c.resolved).length, refused: s.deadLetters.length,
      set_aside: s.setAside.length, clock_warning: s.clock_warning, copied: s.copied,
      last_success: s.last_success, last_error: s.last_error,
    };
  };
  const enrolled = () => state.sync.state !== "not_enrolled" && state.sync.state !== "unauthorized";
  const syncHandlers = {
    sync_status: () => syncView(),
    sync_now: () => {
      const s = state.sync;
      if (!enrolled()) throw apiError("validation", msg("Máy này chưa kết nối với máy chủ.", "This computer is not connected to a server."));
      if (!s.server.reachable) {
        s.state = "offline";
        s.last_error = msg("Không kết nối được máy chủ: hết thời gian chờ.", "Could not reach the server: timed out.");
      } else {
        s.state = "online";
        s.pending = 0;
        s.last_success = now();
        s.last_error = null;
      }
      return syncView();
    },
    sync_enroll: (req) => {
      const s = state.sync;
      const required = {
        server_url: ["Nhập địa chỉ máy chủ.", "Enter the server address."],
        user: ["Nhập tên đăng nhập.", "Enter your user name."],
        password: ["Nhập mật khẩu.", "Enter your password."],
        device_name: ["Nhập tên máy.", "Enter a name for this computer."],
      };
      const fields = Object.entries(required)
        .filter(([f]) => !String(req[f] ?? "").trim())
        .map(([field, [vi, en]]) => ({ field, code: "required", severity: "blocking", message: msg(vi, en) }));
      if (req.server_url.trim() && !/^https?:\/\/\S+$/.test(req.server_url.trim())) {
        fields.push({ field: "server_url", code: "bad_url", severity: "blocking", message: msg("Địa chỉ máy chủ không hợp lệ (ví dụ https://…).", "Not a valid server address (e.g. https://…).") });
      }
      // As xaso-sync decides: plain http:// only to this computer, unless confirmed.
      const plain = /^http:\/\/([^/:]+|\[[^\]]+\])/i.exec(req.server_url.trim());
      if (plain && !/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i.test(plain[1]) && !req.allow_insecure_http) {
        fields.push({ field: "server_url", code: "insecure_http", severity: "blocking", message: msg("Địa chỉ http:// không mã hóa: hãy dùng https://, hoặc đánh dấu ô cho phép.", "Plain http:// is unencrypted: use https://, or tick the box.") });
      }
      if (fields.length) throw apiError("validation", msg("Chưa kết nối được: thông tin chưa đủ.", "Not connected: some information is missing."), fields);
      if (!s.server.reachable) throw apiError("internal", msg("Không kết nối được máy chủ: hết thời gian chờ.", "Could not reach the server: timed out."));
      if (s.server.password !== null && req.password !== s.server.password) throw apiError("validation", msg("Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password."));
      const p = state.status.profile;
      const account = s.server.account ?? { user: req.user.trim(), display_name: p?.display_name ?? req.user.trim(), role: p?.role ?? "unit_official", unit_code: p?.unit_code ?? null, unit_name: p?.unit_name ?? null };
      Object.assign(s, { state: "online", server_url: req.server_url.trim(), account, previous_account: null, last_success: now(), last_error: null, copied: null });
      // The server grants the role and unit: the profile follows the account.
      state.status.profile = { unit_code: account.unit_code ?? p?.unit_code ?? "", unit_name: account.unit_name ?? p?.unit_name ?? "", display_name: account.display_name, role: account.role };
      return syncView();
    },
    sync_sign_out: () => {
      Object.assign(state.sync, { state: "not_enrolled", previous_account: state.sync.account, account: null, last_error: null });
      return syncView();
    },
    conflicts_list: () => state.sync.conflicts,
    conflict_resolve: ({ id, choice, merged }) => {
      const c = state.sync.conflicts.find((x) => x.id === id);
      if (!c) throw apiError("not_found", msg("Không tìm thấy xung đột.", "Conflict not found."));
      if (c.resolved) throw apiError("validation", msg("Xung đột này đã được xử lý.", "This conflict is already resolved."));
      if (choice === "merged" && !String(merged ?? "").trim()) {
        const text = msg("Nhập giá trị sau khi gộp.", "Enter the merged value.");
        throw apiError("validation", text, [{ field: "merged", code: "required", severity: "blocking", message: text }]);
      }
      c.current = choice === "kept" ? c.kept.value : choice === "other" ? c.other.value : merged;
      c.resolved = true;
      state.sync.pending += 1; // a resolution is itself a change
      return state.sync.conflicts;
    },
    dead_letters_list: () => state.sync.deadLetters,
    set_aside_list: () => state.sync.setAside,
    dead_letter_dismiss: ({ op_id }) => {
      if (!state.sync.deadLetters.some((d) => d.op_id === op_id)) throw apiError("not_found", msg(`Không có thay đổi bị từ chối nào mã ${op_id} (có thể đã bỏ qua).`, `No refused change has the id ${op_id} (dismissed already?).`));
      state.sync.deadLetters = state.sync.deadLetters.filter((d) => d.op_id !== op_id);
      return state.sync.deadLetters;
    },
  };

  // ---- Training (mirrors xaso-core::training): programmes, sessions, materials and their
  // files, library search, trainees, check-in, quizzes, reports. A file moves only when
  // `state.training.moving` is on: each read then advances it by `step` of its size. ----
  const tSeed = seed.training ?? {};
  state.training = {
    programmes: tSeed.programmes ?? [],
    sessions: tSeed.sessions ?? [],
    materials: tSeed.materials ?? [],
    trainees: tSeed.trainees ?? [],
    attendance: tSeed.attendance ?? [],
    questions: tSeed.questions ?? {},
    attempts: tSeed.attempts ?? [],
    openings: [],
    existingFiles: tSeed.existingFiles ?? null,
    moving: tSeed.moving ?? false,
    step: tSeed.step ?? 0.25,
  };
  const tr = state.training;
  const isCity = () => ["city_reviewer", "city_admin"].includes(state.status.profile?.role);
  const myUnit = () => state.status.profile?.unit_code ?? "";
  const unitName = (code) => state.units.find((u) => u.code === code)?.name ?? code;
  const requireCity = () => {
    if (!isCity()) throw apiError("forbidden", msg("Chỉ cán bộ Sở KHCN được làm việc này.", "Only the Department's staff may do this."));
  };
  const requireUnit = () => {
    if (isCity()) throw apiError("forbidden", msg("Chỉ máy của đơn vị được làm việc này.", "Only a unit's computer may do this."));
  };
  const p2 = (n) => String(n).padStart(2, "0");
  const sizeLabel = (b) => {
    const units = ["B", "kB", "MB", "GB"];
    let v = b;
    let i = 0;
    while (v >= 1000 && i < units.length - 1) {
      v /= 1000;
      i++;
    }
    return i === 0 ? `${v} B` : `${v.toFixed(1).replace(".", ",")} ${units[i]}`;
  };
  const localDisplay = (s) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(s);
    return m ? `${m[4]}:${m[5]} ${m[3]}/${m[2]}/${m[1]}` : s;
  };
  const whenOf = (f) => {
    const a = localDisplay(f.starts_at);
    const b = localDisplay(f.ends_at);
    return a.split(" ")[1] === b.split(" ")[1] ? `${a} – ${b.split(" ")[0]}` : `${a} – ${b}`;
  };
  const stamp = () => {
    const d = new Date();
    return `${p2(d.getHours())}:${p2(d.getMinutes())} ${p2(d.getDate())}/${p2(d.getMonth() + 1)}/${d.getFullYear()}`;
  };
  const FORMAT_LABEL = { in_person: ["Trực tiếp", "In person"], online: ["Trực tuyến", "Online"], hybrid: ["Trực tiếp và trực tuyến", "In person and online"] };
  const MODE_LABEL = { in_person: ["Trực tiếp", "In person"], online: ["Trực tuyến", "Online"] };
  const formatLabel = (f) => msg(...FORMAT_LABEL[f]);
  const takesPart = (s) => isCity() || s.form.all_units || s.form.bridge_points.includes(myUnit());
  const visible = (unit) => isCity() || unit === myUnit();
  const getSession = (id) => {
    const s = tr.sessions.find((x) => x.id === id);
    if (!s) throw apiError("not_found", msg("Không tìm thấy buổi tập huấn.", "Session not found."));
    return s;
  };

  function advance() {
    if (!tr.moving) return;
    for (const m of tr.materials) {
      const f = m.file;
      if (f.state === "queued") Object.assign(f, { state: "downloading", done: 0, total: m.size });
      else if (f.state === "downloading" || f.state === "uploading") {
        f.done = Math.min(f.total, f.done + Math.ceil(f.total * tr.step));
        if (f.done >= f.total) Object.assign(f, { state: "ready", done: f.total });
      }
    }
  }
  const materialView = (m) => {
    const { text, ...view } = m;
    return { ...view, size_label: sizeLabel(m.size) };
  };
  const attendanceView = (a) => ({ ...a, unit_name: unitName(a.unit_code), mode_label: msg(...MODE_LABEL[a.mode]) });
  function sessionDetail(id) {
    const s = getSession(id);
    const p = tr.programmes.find((x) => x.id === s.programme_id);
    return {
      id: s.id, programme_id: s.programme_id, programme_title: p?.title ?? "", form: s.form, when: whenOf(s.form), format_label: formatLabel(s.form.format),
      bridge_points_label: s.form.all_units ? msg("Tất cả các đơn vị", "Every unit") : s.form.bridge_points.map(unitName).join(", "),
      bridge_point_units: s.form.all_units ? [] : state.units.filter((u) => s.form.bridge_points.includes(u.code)),
      takes_part: takesPart(s),
      materials: tr.materials.filter((m) => m.session_id === id).map(materialView),
      questions: tr.questions[id] ?? [],
      attendance: tr.attendance.filter((a) => a.session_id === id && visible(a.unit_code)).map(attendanceView),
      attempts: tr.attempts.filter((a) => a.session_id === id && visible(a.unit_code)).map(({ answers, ...a }) => a),
      can_publish: isCity(), can_check_in: !isCity(),
    };
  }
  function home() {
    return {
      can_publish: isCity(), can_check_in: !isCity(),
      programmes: tr.programmes.map((p) => {
        const mats = tr.materials.filter((m) => m.programme_id === p.id);
        return {
          id: p.id, title: p.title, description: p.description, keep_offline: p.keep_offline ?? false,
          sessions: tr.sessions.filter((s) => s.programme_id === p.id).map((s) => ({
            id: s.id, title: s.form.title, topic: s.form.topic, when: whenOf(s.form), format: s.form.format, format_label: formatLabel(s.form.format),
            takes_part: takesPart(s), attended: tr.attendance.filter((a) => a.session_id === s.id && visible(a.unit_code)).length,
          })),
          materials: mats.length, materials_ready: mats.filter((m) => m.file.state === "ready").length,
        };
      }),
    };
  }
  const issue = (field, code, vi, en) => ({ field, code, severity: "blocking", message: msg(vi, en) });
  function sessionIssues(f) {
    const out = [];
    if (!f.title.trim()) out.push(issue("title", "required", "Nhập tên buổi tập huấn.", "Enter the session's title."));
    if (!f.topic.trim()) out.push(issue("topic", "required", "Nhập chuyên đề.", "Enter the topic."));
    if (f.format !== "online" && !f.place.trim()) out.push(issue("place", "required", "Nhập địa điểm tổ chức.", "Enter the place."));
    if (f.format !== "in_person" && !f.online_link.trim()) out.push(issue("online_link", "required", "Nhập đường dẫn tham gia trực tuyến.", "Enter the link to join online."));
    const ok = (s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(s);
    for (const k of ["starts_at", "ends_at"]) if (!ok(f[k])) out.push(issue(k, "bad_time", "Nhập ngày giờ dạng dd/mm/yyyy hh:mm.", "Enter a date and time (dd/mm/yyyy hh:mm)."));
    if (ok(f.starts_at) && ok(f.ends_at) && f.ends_at <= f.starts_at) out.push(issue("ends_at", "ends_before_start", "Giờ kết thúc phải sau giờ bắt đầu.", "The session must end after it starts."));
    if (!f.all_units) {
      for (const c of f.bridge_points) if (!state.units.some((u) => u.code === c)) out.push(issue("bridge_points", "unknown_unit", `Không có đơn vị mã ${c}.`, `There is no unit with code ${c}.`));
      if (!f.bridge_points.length) out.push(issue("bridge_points", "required", "Chọn ít nhất một đơn vị tham gia.", "Pick at least one unit."));
    }
    return out;
  }
  function quizIssues(questions) {
    const out = [];
    questions.forEach((q, i) => {
      const n = i + 1;
      if (!q.prompt.trim()) out.push(issue(`questions.${i}`, "required", `Câu ${n}: nhập câu hỏi.`, `Question ${n}: enter the question.`));
      if (q.options.length < 2 || q.options.some((o) => !o.trim())) out.push(issue(`questions.${i}`, "options", `Câu ${n}: cần ít nhất hai phương án, không để trống phương án nào.`, `Question ${n}: give at least two options, none of them empty.`));
      if (q.correct.some((c) => c >= q.options.length)) out.push(issue(`questions.${i}`, "correct", `Câu ${n}: đáp án đúng phải là một trong các phương án.`, `Question ${n}: a right answer must be one of the options.`));
      else if (q.multiple ? q.correct.length < 1 : q.correct.length !== 1)
        out.push(issue(`questions.${i}`, "correct", q.multiple ? `Câu ${n}: chọn ít nhất một đáp án đúng.` : `Câu ${n}: chọn đúng một đáp án đúng.`, q.multiple ? `Question ${n}: mark at least one right answer.` : `Question ${n}: mark exactly one right answer.`));
    });
    return out;
  }
  function addTrainee(name, position, field) {
    if (!String(name).trim()) {
      const text = msg("Chọn học viên hoặc nhập họ tên.", "Pick a trainee or enter a name.");
      throw apiError("validation", text, [{ field, code: "required", severity: "blocking", message: text }]);
    }
    const t = { id: newId("trainee"), unit_code: myUnit(), full_name: name.trim(), position: position.trim() };
    tr.trainees.push(t);
    return t;
  }
  const myTrainee = (id) => {
    const t = tr.trainees.find((x) => x.id === id && visible(x.unit_code));
    if (!t) throw apiError("not_found", msg("Không tìm thấy học viên.", "Trainee not found."));
    return t;
  };
  function report() {
    const r = { sessions: [], in_person: 0, online: 0, total: 0, units: 0 };
    const seen = new Set();
    for (const s of tr.sessions) {
      const line = { session_id: s.id, title: s.form.title, when: whenOf(s.form), units: [], in_person: 0, online: 0, total: 0 };
      const rows = tr.attendance.filter((a) => a.session_id === s.id && visible(a.unit_code));
      for (const code of [...new Set(rows.map((a) => a.unit_code))].sort()) {
        const mine = rows.filter((a) => a.unit_code === code);
        const ip = mine.filter((a) => a.mode === "in_person").length;
        const on = mine.length - ip;
        seen.add(code);
        line.units.push({ unit_code: code, unit_name: unitName(code), in_person: ip, online: on, total: ip + on });
        line.in_person += ip;
        line.online += on;
      }
      line.total = line.in_person + line.online;
      r.in_person += line.in_person;
      r.online += line.online;
      r.sessions.push(line);
    }
    r.total = r.in_person + r.online;
    r.units = seen.size;
    return r;
  }
  const fileExists = (path) => (tr.existingFiles ? tr.existingFiles.includes(path) : /^(\/|[A-Za-z]:\\).+\.\w+$/.test(path) && !/khong-co/.test(path));

  const trainingHandlers = {
    training_home: () => (advance(), home()),
    programme_save: ({ id, title, description }) => {
      requireCity();
      if (!title.trim()) {
        const i = issue("title", "required", "Nhập tên chương trình.", "Enter the programme's title.");
        throw apiError("validation", i.message, [i]);
      }
      const p = id ? tr.programmes.find((x) => x.id === id) : null;
      if (p) Object.assign(p, { title: title.trim(), description: description.trim() });
      else tr.programmes.push({ id: newId("prog"), title: title.trim(), description: description.trim(), keep_offline: false });
      return home();
    },
    programme_keep_offline: ({ programme_id, keep }) => {
      const p = tr.programmes.find((x) => x.id === programme_id);
      if (!p) throw apiError("not_found", msg("Không tìm thấy chương trình.", "Programme not found."));
      p.keep_offline = keep;
      if (keep) for (const m of tr.materials) if (m.programme_id === programme_id && m.file.state === "not_downloaded") m.file = { state: "queued", done: 0, total: m.size, problem: null };
      return home();
    },
    session_get: ({ id }) => (advance(), sessionDetail(id)),
    session_save: ({ programme_id, id, form }) => {
      requireCity();
      const issues = sessionIssues(form);
      if (issues.length) return { session: null, issues };
      const f = { ...form, title: form.title.trim(), topic: form.topic.trim() };
      let s = id ? getSession(id) : null;
      if (s) s.form = f;
      else {
        s = { id: newId("session"), programme_id, form: f };
        tr.sessions.push(s);
      }
      return { session: sessionDetail(s.id), issues: [] };
    },
    material_add: ({ programme_id, session_id, title, description, path }) => {
      const issues = [];
      if (!title.trim()) issues.push(issue("title", "required", "Nhập tên tài liệu.", "Enter the material's title."));
      const p = path.trim();
      if (!p || !fileExists(p)) issues.push(issue("path", "no_file", `Không tìm thấy tệp "${p}".`, `There is no file "${p}".`));
      if (issues.length) return { material: null, issues };
      requireCity();
      const file_name = p.split(/[\\/]/).pop();
      const size = tSeed.addedSize ?? 3_250_000;
      const m = {
        id: newId("mat"), programme_id, session_id, topic: session_id ? getSession(session_id).form.topic : "", title: title.trim(), description: description.trim(),
        file_name, media_type: file_name.endsWith(".pdf") ? "application/pdf" : "application/octet-stream", size, sha256: "ab".repeat(32),
        file: { state: "uploading", done: 0, total: size, problem: null },
      };
      tr.materials.push(m);
      return { material: materialView(m), issues: [] };
    },
    material_download: ({ id }) => {
      const m = tr.materials.find((x) => x.id === id);
      if (!m) throw apiError("not_found", msg("Không tìm thấy tài liệu.", "Material not found."));
      if (m.file.state !== "ready") m.file = { state: "queued", done: 0, total: m.size, problem: null };
      return materialView(m);
    },
    material_remove: ({ id }) => {
      requireCity();
      const i = tr.materials.findIndex((x) => x.id === id);
      if (i < 0) throw apiError("not_found", msg("Không tìm thấy tài liệu.", "Material not found."));
      tr.materials.splice(i, 1);
      return home();
    },
    material_open: ({ id }) => {
      const m = tr.materials.find((x) => x.id === id);
      if (!m) throw apiError("not_found", msg("Không tìm thấy tài liệu.", "Material not found."));
      if (m.file.state !== "ready") {
        if (m.file.state === "not_downloaded" || m.file.state === "problem") m.file = { state: "queued", done: 0, total: m.size, problem: null };
        throw apiError("file_not_here", msg("Tệp chưa có trên máy này; đã xếp hàng tải về. Hãy mở lại khi tải xong.", "The file is not on this computer yet; it is queued for download. Open it again when it is done."));
      }
      if (!isCity()) tr.openings.push({ material_id: m.id, title: m.title, unit_code: myUnit(), opened_at: stamp() });
      return { path: `/home/canbo/.local/share/xaso/files/${m.sha256.slice(0, 2)}/${m.sha256}`, media_type: m.media_type };
    },
    library_search: ({ query }) => {
      advance();
      const q = fold(query).trim();
      if (!q) return [];
      return tr.materials
        .filter((m) => [m.title, m.description, m.topic, m.file_name, m.text ?? ""].some((x) => fold(x).includes(q)))
        .map((m) => ({
          material: materialView(m),
          programme_title: tr.programmes.find((p) => p.id === m.programme_id)?.title ?? "",
          session_title: m.session_id ? getSession(m.session_id).form.title : null,
        }));
    },
    trainees_list: () => tr.trainees.filter((t) => visible(t.unit_code)).sort((a, b) => a.full_name.localeCompare(b.full_name, "vi")),
    trainee_add: ({ full_name, position }) => (requireUnit(), addTrainee(full_name, position, "full_name")),
    trainee_progress: ({ id }) => {
      const trainee = myTrainee(id);
      return {
        trainee,
        sessions: tr.attendance.filter((a) => a.trainee_id === id).map((a) => {
          const s = getSession(a.session_id);
          return { session_id: s.id, title: s.form.title, when: whenOf(s.form), mode_label: msg(...MODE_LABEL[a.mode]) };
        }),
        materials: tr.openings.filter((o) => o.unit_code === trainee.unit_code).map((o) => ({ material_id: o.material_id, title: o.title, opened_at: o.opened_at })),
        quizzes: tr.attempts.filter((a) => a.trainee_id === id).map((a) => ({ session_id: a.session_id, title: getSession(a.session_id).form.title, score: a.score, out_of: a.out_of })),
      };
    },
    attendance_check_in: ({ session_id, trainee_id, new_name, new_position, mode }) => {
      requireUnit();
      const s = getSession(session_id);
      if (!takesPart(s)) throw apiError("forbidden", msg("Đơn vị không phải điểm cầu của buổi tập huấn này.", "This unit is not a bridge point of the session."));
      const trainee = trainee_id ? myTrainee(trainee_id) : addTrainee(new_name, new_position, "new_name");
      if (tr.attendance.some((a) => a.session_id === session_id && a.trainee_id === trainee.id)) {
        throw apiError("validation", msg(`${trainee.full_name} đã được điểm danh ở buổi này.`, `${trainee.full_name} is already checked in at this session.`));
      }
      tr.attendance.push({ id: newId("att"), session_id, trainee_id: trainee.id, trainee_name: trainee.full_name, unit_code: myUnit(), mode, checked_in_at: stamp(), checked_in_by: state.status.profile.display_name });
      return sessionDetail(session_id);
    },
    attendance_report: () => report(),
    attendance_export: ({ format }) => ({ path: `/home/canbo/Tài liệu/Xã Số/diem-danh-20261205-101500.${format}` }),
    quiz_save: ({ session_id, questions }) => {
      requireCity();
      getSession(session_id);
      const issues = quizIssues(questions);
      if (issues.length) return { session: null, issues };
      tr.questions[session_id] = questions.map((q) => ({ ...q, id: q.id ?? newId("q") }));
      return { session: sessionDetail(session_id), issues: [] };
    },
    quiz_submit: ({ session_id, trainee_id, answers }) => {
      requireUnit();
      const trainee = myTrainee(trainee_id);
      const qs = tr.questions[session_id] ?? [];
      if (!qs.length) throw apiError("not_found", msg("Buổi này chưa có bài kiểm tra.", "This session has no quiz."));
      const same = (a, b) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
      const scored = qs.map((q) => ({ question_id: q.id, correct: same(answers.find((a) => a.question_id === q.id)?.chosen ?? [], q.correct) }));
      const score = scored.filter((a) => a.correct).length;
      tr.attempts.push({ id: newId("attempt"), session_id, trainee_id, trainee_name: trainee.full_name, unit_code: myUnit(), score, out_of: qs.length, answered_at: stamp(), answers: scored });
      return { score, out_of: qs.length, correct: scored.map((a) => a.correct), session: sessionDetail(session_id) };
    },
    quiz_report: ({ id }) => {
      const s = getSession(id);
      const attempts = tr.attempts.filter((a) => a.session_id === id && visible(a.unit_code));
      const units = [...new Set(attempts.map((a) => a.unit_code))].sort().map((code) => {
        const mine = attempts.filter((a) => a.unit_code === code);
        const avg = mine.reduce((sum, a) => sum + a.score / a.out_of, 0) / mine.length;
        return { unit_code: code, unit_name: unitName(code), attempts: mine.length, average_percent: Math.round(avg * 100) };
      });
      const questions = (tr.questions[id] ?? []).map((q) => {
        const answered = attempts.flatMap((a) => a.answers).filter((x) => x.question_id === q.id);
        const right = answered.filter((x) => x.correct).length;
        return { question_id: q.id, prompt: q.prompt, answered: answered.length, right, right_percent: answered.length ? Math.round((right * 100) / answered.length) : 0 };
      });
      questions.sort((a, b) => a.right_percent - b.right_percent);
      return { session_id: id, title: s.form.title, units, questions };
    },
  };

  const inFlight = new Map();
  const fake = {
    calls: [],
    delays: seed.delays ?? {},
    failures: {},
    maxConcurrentSaves: 0,
    maxConcurrent: {},
    listeners: new Map(),
    state,
    /** Ask the app to close the window as Tauri would. */
    async requestClose() {
      for (const [, l] of fake.listeners) {
        if (l.event === "tauri://close-requested") await window.__TAURI_INTERNALS__.runCallback(l.handler, { event: l.event, id: l.eventId, payload: null });
      }
    },
  };

  const handlers = {
    app_status: () => state.status,
    units_search: ({ query }) => {
      const q = fold(query).trim();
      return state.units.filter((u) => fold(u.name).includes(q) || u.code.includes(q));
    },
    profile_set: ({ unit_code, display_name, role }) => {
      const fields = [];
      const unit = state.units.find((u) => u.code === unit_code);
      if (!display_name.trim()) fields.push({ field: "display_name", code: "required", severity: "blocking", message: msg("Nhập họ tên của bạn (tối đa 500 ký tự).", "Enter your name (at most 500 characters).") });
      if (!unit) fields.push({ field: "unit_code", code: "unknown_unit", severity: "blocking", message: msg("Chọn đơn vị trong danh sách.", "Pick your unit from the list.") });
      if (fields.length) throw apiError("validation", msg("Thông tin chưa hợp lệ", "Invalid information"), fields);
      state.status.profile = { unit_code, unit_name: unit.name, display_name: display_name.trim(), role };
      state.status.state = "ready";
      return state.status;
    },
    locale_set: ({ locale }) => {
      state.status.locale = locale;
      return state.status;
    },
    tasks_list: (q) => {
      const search = fold(q.search).trim();
      const all = [...state.tasks.values()];
      const items = all
        .filter((t) => q.status === null || t.status === q.status)
        .filter((t) => q.kind === null || t.input.kind === q.kind)
        .filter((t) => q.year === null || t.input.year === q.year)
        .filter((t) => !search || fold(t.input.name).includes(search) || fold(t.input.leader).includes(search))
        .sort((a, b) => b.updated_at.localeCompare(a.updated_at) || b.id.localeCompare(a.id));
      const years = [...new Set(all.map((t) => t.input.year))].sort((a, b) => b - a);
      return { items: items.slice(q.offset, q.offset + q.limit).map(summary), total: items.length, years };
    },
    task_get: ({ id }) => getTask(id),
    task_create: (input) => {
      const task = makeTask({});
      const issues = apply(task, input);
      return { task: derive(task), issues };
    },
    task_save: ({ id, input }) => {
      const task = getTask(id);
      if (!task.editable) throw apiError("not_editable", msg("Nhiệm vụ chỉ sửa được khi là nháp hoặc bị trả lại.", "The task can be edited only as a draft or when returned."));
      const issues = apply(task, input);
      return { task: derive(task), issues };
    },
    task_transition: ({ id, to, comment }) => {
      const task = getTask(id);
      const allowed = (NEXT[task.status] ?? []).includes(to);
      if (!allowed) throw apiError("transition_refused", msg("Không thể chuyển sang trạng thái này", "This status change is not allowed"));
      if (COMMENT_REQUIRED.has(to) && !comment.trim()) throw apiError("validation", msg("Cần nhập ý kiến", "A comment is required"), [{ field: "comment", code: "required", severity: "blocking", message: msg("Cần nhập ý kiến", "A comment is required") }]);
      if (to === "submitted" && task.missing.length) throw apiError("task_incomplete", msg("Chưa gửi được: còn thông tin bắt buộc chưa nhập.", "Cannot submit yet: some required information is missing."), task.missing);
      task.transitions.push({ id: newId("tr"), from: task.status, to, actor: state.status.profile?.display_name ?? "", at: now(), comment });
      task.status = to;
      task.updated_at = now();
      return derive(task);
    },
    milestone_save: (m) => {
      const task = getTask(m.task_id);
      // As xaso-domain::validate::milestone_input: any issue refuses the whole save.
      const issues = [];
      if (!m.title.trim()) issues.push({ field: "title", code: "required", severity: "blocking", message: msg("Cần nhập tên mốc công việc.", "Enter the milestone's title.") });
      for (const f of ["start_date", "due_date"]) {
        if (!m[f].trim()) issues.push({ field: f, code: "required", severity: "blocking", message: msg("Cần nhập ngày.", "Enter a date.") });
        else if (!validDate(m[f])) issues.push({ field: f, code: "bad_date", severity: "blocking", message: msg("Ngày không hợp lệ (dd/mm/yyyy).", "Not a valid date (dd/mm/yyyy).") });
      }
      if (!issues.length && m.due_date < m.start_date) issues.push({ field: "due_date", code: "end_before_start", severity: "blocking", message: msg("Hạn hoàn thành phải sau ngày bắt đầu.", "The due date must be after the start.") });
      let row = m.id ? task.milestones.find((x) => x.id === m.id) : null;
      if (m.id && !row) throw apiError("not_found", msg("Không tìm thấy mốc", "Milestone not found"));
      if (issues.length) return { task: derive(task), issues };
      if (!row) {
        row = { id: newId("ms"), task_id: task.id, title: "", responsible: "", unit: "", start_date: "", due_date: "", done: false, overdue: false };
        task.milestones.push(row);
      }
      for (const f of ["title", "responsible", "unit", "start_date", "due_date", "done"]) row[f] = m[f];
      task.updated_at = now();
      return { task: derive(task), issues };
    },
    milestone_delete: ({ task_id, id }) => {
      const task = getTask(task_id);
      task.milestones = task.milestones.filter((m) => m.id !== id);
      return derive(task);
    },
    backups_list: () => state.backups,
    backup_now: () => {
      const b = { name: `xaso-${now().replace(/[-:]/g, "").replace("T", "-").slice(0, 15)}.sqlite3`, created_at: now(), size_bytes: 1_482_752 };
      state.backups = [b, ...state.backups];
      return b;
    },
    backup_restore: ({ name }) => {
      if (!state.backups.some((b) => b.name === name)) throw apiError("not_found", msg("Không tìm thấy bản sao lưu", "Backup not found"));
      state.status.state = state.status.profile ? "ready" : "needs_profile";
      state.status.message = null;
      return state.status;
    },
  };

  let cb = 1;
  const callbacks = new Map();
  window.__TAURI_EVENT_PLUGIN_INTERNALS__ = { unregisterListener() {} };
  window.__TAURI_INTERNALS__ = {
    metadata: { currentWindow: { label: "main" }, currentWebview: { windowLabel: "main", label: "main" } },
    plugins: {},
    transformCallback(fn, once) {
      const id = cb++;
      callbacks.set(id, (p) => {
        if (once) callbacks.delete(id);
        return fn(p);
      });
      return id;
    },
    unregisterCallback(id) {
      callbacks.delete(id);
    },
    runCallback(id, payload) {
      return callbacks.get(id)?.(payload);
    },
    convertFileSrc: (p) => p,
    async invoke(cmd, args = {}) {
      const req = args.req;
      fake.calls.push({ cmd, req: clone(req), args: clone(args), at: performance.now() });
      if (cmd === "plugin:event|listen") {
        const eventId = cb++;
        fake.listeners.set(eventId, { event: args.event, handler: args.handler, eventId });
        return eventId;
      }
      if (cmd.startsWith("plugin:")) return null;
      const handler = handlers[cmd] ?? budgetHandlers[cmd] ?? syncHandlers[cmd] ?? trainingHandlers[cmd];
      if (!handler) throw `command ${cmd} not found`;
      const key = cmd === "task_save" || cmd === "task_create" ? "task" : cmd === "estimate_save" || cmd === "estimate_compute" ? cmd : null;
      if (key) {
        const n = (inFlight.get(key) ?? 0) + 1;
        inFlight.set(key, n);
        if (key === "task") fake.maxConcurrentSaves = Math.max(fake.maxConcurrentSaves, n);
        fake.maxConcurrent[key] = Math.max(fake.maxConcurrent[key] ?? 0, n);
      }
      try {
        const delay = fake.delays[cmd] ?? 0;
        if (delay) await new Promise((r) => setTimeout(r, delay));
        if (fake.failures[cmd]) throw fake.failures[cmd];
        return clone(handler(req));
      } finally {
        if (key) inFlight.set(key, inFlight.get(key) - 1);
      }
    },
  };
  window.__fake = fake;
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
}
