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
    return { id: t.id, kind: t.input.kind, status: t.status, year: t.input.year, name: t.input.name, leader: t.input.leader, cost_total: t.cost_total, updated_at: t.updated_at, next_due: next };
  }

  function getTask(id) {
    const t = state.tasks.get(id);
    if (!t) throw apiError("not_found", msg("Không tìm thấy nhiệm vụ", "Task not found"));
    return t;
  }

  const inFlight = new Map();
  const fake = {
    calls: [],
    delays: seed.delays ?? {},
    failures: {},
    maxConcurrentSaves: 0,
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
      const handler = handlers[cmd];
      if (!handler) throw `command ${cmd} not found`;
      const key = cmd === "task_save" || cmd === "task_create" ? "task" : null;
      if (key) {
        const n = (inFlight.get(key) ?? 0) + 1;
        inFlight.set(key, n);
        fake.maxConcurrentSaves = Math.max(fake.maxConcurrentSaves, n);
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
