// Seeding the real core through its own commands, from the sample data in ./seed-data.js:
// what a test starts from is what the app's own use cases would have written (real ids,
// real validation, real history), never rows the app could not have made.
import { execFileSync } from "node:child_process";
import { copyFile, mkdir, open, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startCore, until } from "./harness.js";

const ROLES = ["unit_official", "unit_lead", "city_reviewer", "city_admin"];

// The lifecycle steps from a draft to each status (as xaso-domain's TaskStatus allows).
const PATH = {
  draft: [],
  submitted: ["submitted"],
  returned: ["submitted", "returned"],
  approved: ["submitted", "approved"],
  contracted: ["submitted", "approved", "contracted"],
  in_progress: ["submitted", "approved", "contracted", "in_progress"],
  midterm_checked: ["submitted", "approved", "contracted", "in_progress", "midterm_checked"],
  accepted: ["submitted", "approved", "contracted", "in_progress", "midterm_checked", "accepted"],
  rejected_at_acceptance: ["submitted", "approved", "contracted", "in_progress", "midterm_checked", "rejected_at_acceptance"],
  settled: ["submitted", "approved", "contracted", "in_progress", "midterm_checked", "accepted", "settled"],
  suspended: ["submitted", "approved", "contracted", "suspended"],
  cancelled: ["cancelled"],
};

// What submitting needs when a sample leaves it out. Deliberately without "ứng dụng" and
// the like, so searches in the tests match only the names they mean.
const FILLER = {
  field: "Hành chính công",
  basis: "Kế hoạch năm của phường.",
  urgency: "Cần thiết cho địa phương.",
  objectives: "Mục tiêu cụ thể, đo được.",
  contents: "Các nội dung chính.",
  expected_results: "Báo cáo kết quả.",
  host_unit: "UBND Phường Bến Thành",
};

/** Sets the profile (the user on first start). */
export function setProfile(core, profile) {
  const { unit_code, display_name, role } = profile;
  return core.call("profile_set", { unit_code, display_name, role });
}

/**
 * Creates each sample task through `task_create`, walks it to its status with
 * `task_transition` (as whoever may take each step, named as the sample's history names
 * them), adds its milestones, and leaves `profile` as the user. Answers sample id → real id.
 */
export async function seedTasks(core, tasks, profile) {
  const ids = new Map();
  await setProfile(core, profile);
  let role = profile.role;
  let name = profile.display_name;
  for (const t of tasks) {
    const steps = t.transitions ? t.transitions.map((x) => x.to).filter((to) => to !== "draft") : PATH[t.status ?? "draft"];
    const input = taskInput(t.input, steps.length > 0 && steps[0] !== "cancelled");
    const saved = await core.call("task_create", input);
    const id = saved.task.id;
    ids.set(t.id, id);
    for (const m of t.milestones ?? []) {
      const { title, responsible = "", unit = "", start_date, due_date, done = false } = m;
      await core.call("milestone_save", { task_id: id, id: null, title, responsible, unit, start_date, due_date, done });
    }
    for (const [i, to] of steps.entries()) {
      const step = t.transitions?.filter((x) => x.to !== "draft")[i];
      const comment = step?.comment || (["returned", "cancelled", "suspended", "rejected_at_acceptance"].includes(to) ? "Theo ý kiến thẩm định." : "");
      const actor = step?.actor ?? profile.display_name;
      let done = false;
      for (const r of [role, ...ROLES.filter((x) => x !== role)]) {
        if (r !== role || actor !== name) {
          await setProfile(core, { ...profile, role: r, display_name: actor });
          role = r;
          name = actor;
        }
        const answer = await core.invoke("task_transition", { req: { id, to, comment } });
        if ("ok" in answer) {
          done = true;
          break;
        }
        if (answer.err.code !== "transition_refused") throw new Error(`seeding ${t.id} → ${to}: ${JSON.stringify(answer.err)}`);
      }
      if (!done) throw new Error(`seeding ${t.id}: no role may move it to ${to}`);
    }
  }
  if (role !== profile.role || name !== profile.display_name) await setProfile(core, profile);
  return ids;
}

/** A whole `TaskInput` from the fields `given`; `complete` fills what submitting needs. */
export function taskInput(given, complete = false) {
  const y = new Date().getFullYear();
  const input = {
    kind: "khcn",
    year: y,
    name: "",
    field: "",
    task_type: "",
    basis: "",
    urgency: "",
    objectives: "",
    contents: "",
    expected_results: "",
    impact: "",
    host_unit: "",
    leader: "",
    cost_state: "",
    cost_own: "",
    cost_other: "",
    start_date: "",
    end_date: "",
    results_usage: "",
    ...given,
  };
  if (complete) {
    for (const [k, v] of Object.entries(FILLER)) if (!input[k]) input[k] = v;
    if (!input.leader) input.leader = "Nguyễn Thị Lan";
    if (!input.start_date) input.start_date = `${input.year}-02-01`;
    if (!input.end_date) input.end_date = `${input.year}-12-31`;
  }
  return input;
}

/**
 * Backups as the core names them (`xaso-<UTC stamp>.sqlite3`), one per `when` (ISO UTC),
 * each a real backup of the current store padded to `size_bytes` (SQLite ignores bytes
 * past the size its header gives). Newest first, as `backups_list` answers.
 */
/**
 * Two laptops of the ward edit the same fields: this one (`lan`) drafts a task per edit
 * and syncs; a second laptop (`ha`) receives them; both change the field, this one syncs
 * first, then the other, so Hà's value is kept; this one syncs again and sees every
 * conflict, and resolves as merged those that say `merged`. `enrolAs(core, "lan" | "ha")`
 * enrols a laptop. Answers the tasks, the conflict ids by field, and how many were found.
 */
export async function seedConflicts(core, edits, enrolAs) {
  const tasks = [];
  for (const e of edits) tasks.push((await core.call("task_create", taskInput({ name: e.name, kind: "cds", [e.field]: e.base }))).task);
  await enrolAs(core, "lan");
  await core.call("sync_now");
  const other = await startCore();
  try {
    await enrolAs(other, "ha");
    await other.call("sync_now");
    for (const [i, e] of edits.entries()) {
      await core.call("task_save", { id: tasks[i].id, input: { ...tasks[i].input, [e.field]: e.lan } });
      const theirs = (await other.call("task_get", { id: tasks[i].id })).input;
      await other.call("task_save", { id: tasks[i].id, input: { ...theirs, [e.field]: e.ha } });
    }
    await core.call("sync_now");
    await other.call("sync_now");
    await core.call("sync_now");
  } finally {
    await other.close();
  }
  const list = await core.call("conflicts_list");
  const ids = Object.fromEntries(list.map((c) => [c.field, c.id]));
  for (const e of edits.filter((x) => x.merged)) {
    await core.call("conflict_resolve", { id: ids[e.field], choice: "merged", merged: e.merged });
  }
  await core.call("sync_now");
  return { tasks, ids, found: list.length };
}

/**
 * A change no laptop could push (the year of Bến Thành's newest task as text), written
 * into the city server's database while it is stopped, then the server started again:
 * what a laptop must set aside and keep syncing past.
 */
export async function badChangeOnServer(city) {
  await city.stop();
  execFileSync("sqlite3", [
    city.database,
    `INSERT INTO changes (partition, seq, tbl, row_id, field, value, hlc, device_id, actor, op_id, as_sent)
       SELECT partition, (SELECT last_seq FROM partitions WHERE name = partition) + 1, tbl, row_id, 'year', '"không phải số"',
              hlc, '0190f5a0-0000-7000-8000-0000000000ff', 'Lê Văn Minh', NULL, 0
       FROM changes WHERE partition = 'unit:26743' AND tbl = 'tasks' ORDER BY seq DESC LIMIT 1;
     UPDATE partitions SET last_seq = last_seq + 1 WHERE name = 'unit:26743';`,
  ]);
  await city.start();
}

export async function seedBackups(core, backups) {
  const made = await core.call("backup_now");
  const source = join(core.backupsDir, made.name);
  const out = [];
  for (const b of backups) {
    const stamp = b.created_at.replace(/[-:]/g, "").replace(/Z$/, ".000Z");
    const name = `xaso-${stamp}.sqlite3`;
    const path = join(core.backupsDir, name);
    await copyFile(source, path);
    const f = await open(path, "r+");
    await f.truncate(b.size_bytes);
    await f.close();
    out.push({ ...b, name });
  }
  // Only the samples: the one made to copy from goes.
  await rm(source);
  return out;
}

/** Overwrites the database with bytes that are not SQLite (a damaged disk). */
export async function damageDatabase(core) {
  for (const side of ["-wal", "-shm"]) {
    await rm(core.dbPath + side, { force: true });
  }
  await writeFile(core.dbPath, Buffer.from("garbage ".repeat(4096)));
}

/** Marks the database as written by a newer schema (SQLite keeps `user_version` as the
 *  big-endian u32 at offset 60 of its header). */
export async function ageDatabase(core, version = 999) {
  const f = await open(core.dbPath, "r+");
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(version);
  await f.write(bytes, 0, 4, 60);
  await f.close();
}

/**
 * Creates each sample estimate through the budget commands, as its unit would (create or
 * a new version of the one it is based on, then save the sheet), and walks it to its
 * status as the city's reviewer (line comments, then return or approve). `taskIds` maps
 * sample task ids to real ones (from `seedTasks`); leaves `profile` as the user. Answers
 * sample estimate id → real id.
 */
export async function seedEstimates(core, estimates, taskIds, profile) {
  const ids = new Map();
  const reviewer = { ...profile, role: "city_reviewer", display_name: "Lê Văn Hùng" };
  for (const e of estimates) {
    await setProfile(core, profile);
    const task_id = taskIds.get(e.task_id);
    let detail;
    if (e.based_on) detail = await core.call("estimate_new_version", { id: ids.get(e.based_on) });
    else detail = await core.call("estimate_create", { task_id, year: e.year });
    ids.set(e.id, detail.id);
    // A copied line keeps the id the new version gave it, so compare pairs it with its origin.
    const copied = new Map(detail.lines.map((l) => [l.input.content, l.input.id]));
    const sheet = {
      id: detail.id,
      leader_rate: e.leader_rate,
      estimate_date: e.estimate_date,
      people: e.people.map(({ name, role, months }, i) => ({ id: e.based_on ? (detail.people[i]?.id ?? null) : null, name, role, months })),
      lines: e.lines.map((l) => ({
        id: l.copied_from ? (copied.get(estimates.find((x) => x.id === e.based_on).lines.find((o) => o.id === l.copied_from).content) ?? null) : null,
        group: l.group,
        content: l.content,
        unit: l.unit,
        quantity: l.quantity,
        unit_price: l.unit_price,
        own: l.own ?? "",
        other: l.other ?? "",
        note: l.note ?? "",
        norm_code: l.norm_code ?? "",
      })),
    };
    // A line of the version it came from that this one drops is removed by leaving it out.
    const saved = await core.call("estimate_save", sheet);
    const blocking = saved.issues.filter((i) => i.severity === "blocking");
    if (blocking.length) throw new Error(`seeding ${e.id}: ${JSON.stringify(blocking)}`);
    const status = e.status ?? "draft";
    if (status === "draft") continue;
    await core.call("estimate_transition", { id: detail.id, to: "submitted", comment: "" });
    if (status === "submitted") continue;
    await setProfile(core, reviewer);
    for (const [i, l] of e.lines.entries()) {
      if (!l.review_comment) continue;
      await core.call("estimate_line_comment", { estimate_id: detail.id, line_id: saved.estimate.lines[i].input.id, comment: l.review_comment });
    }
    await core.call("estimate_transition", { id: detail.id, to: status, comment: e.review_comment ?? "" });
  }
  await setProfile(core, profile);
  return ids;
}

/** The yearly plans ({ year: annual spending }), as the city's reviewer sets them. */
export async function seedPlans(core, plans) {
  for (const [year, spending] of Object.entries(plans)) {
    await core.call("plan_set", { year: Number(year), annual_spending: String(spending) });
  }
}

/**
 * The training samples (./seed-data.js `demoTraining`) written as they come about: the
 * city (`cityProfile`) publishes the programmes, sessions and quizzes; each unit's official
 * adds its trainees, checks them in and has them take the quiz. `withMaterials`: the city
 * adds the materials from files on this laptop (so they are here, waiting to be sent;
 * the download states a ward sees come from the city server, see `publishFromCity`).
 * Leaves `profile` as the user. Answers the real ids by sample id (programmes, sessions,
 * questions, trainees).
 */
export async function seedTraining(core, training, cityProfile, profile, { withMaterials = false } = {}) {
  await setProfile(core, cityProfile);
  const { ids, questions } = await publishTraining(core, training, { withMaterials });
  // Each unit's own people, checked in and quizzed by that unit's official.
  const asUnit = (unit_code) => setProfile(core, { unit_code, display_name: "Cán bộ điểm cầu", role: "unit_official" });
  for (const t of training.trainees) {
    await asUnit(t.unit_code);
    const made = await core.call("trainee_add", { full_name: t.full_name, position: t.position });
    ids.set(t.id, made.id);
  }
  for (const a of training.attendance ?? []) {
    await asUnit(a.unit_code);
    await core.call("attendance_check_in", { session_id: ids.get(a.session_id), trainee_id: ids.get(a.trainee_id), new_name: "", new_position: "", mode: a.mode });
  }
  for (const a of training.attempts ?? []) {
    await asUnit(a.unit_code);
    await submitQuiz(core, ids.get(a.session_id), ids.get(a.trainee_id), a.answers.map((x) => ({ question: questions.get(ids.get(x.question_id)), correct: x.correct })));
  }
  await setProfile(core, profile);
  return ids;
}

/**
 * What the city publishes of the samples, as the current (city) user: programmes,
 * sessions, quizzes and, `withMaterials`, the materials from files on this laptop (see
 * `materialFile`). Answers `{ ids, questions }`: real ids by sample id, questions by id.
 */
export async function publishTraining(core, training, { withMaterials = false } = {}) {
  const ids = new Map();
  for (const p of training.programmes) {
    const before = new Set((await core.call("training_home")).programmes.map((x) => x.id));
    const home = await core.call("programme_save", { id: null, title: p.title, description: p.description });
    ids.set(p.id, home.programmes.find((x) => !before.has(x.id)).id);
  }
  for (const s of training.sessions) {
    const saved = await core.call("session_save", { programme_id: ids.get(s.programme_id), id: null, form: s.form });
    if (!saved.session) throw new Error(`seeding ${s.id}: ${JSON.stringify(saved.issues)}`);
    ids.set(s.id, saved.session.id);
  }
  const questions = new Map();
  for (const [session, qs] of Object.entries(training.questions ?? {})) {
    const saved = await core.call("quiz_save", {
      session_id: ids.get(session),
      questions: qs.map(({ prompt, options, correct, multiple }) => ({ id: null, prompt, multiple, options, correct })),
    });
    if (!saved.session) throw new Error(`seeding the quiz of ${session}: ${JSON.stringify(saved.issues)}`);
    saved.session.questions.forEach((q, i) => {
      ids.set(qs[i].id, q.id);
      questions.set(q.id, q);
    });
  }
  for (const m of withMaterials ? (training.materials ?? []) : []) {
    const path = await materialFile(core, m);
    const saved = await core.call("material_add", { programme_id: ids.get(m.programme_id), session_id: m.session_id ? ids.get(m.session_id) : null, title: m.title, description: m.description, path });
    if (!saved.material) throw new Error(`seeding ${m.id}: ${JSON.stringify(saved.issues)}`);
    ids.set(m.id, saved.material.id);
  }
  return { ids, questions };
}

/**
 * The city's own laptop (a core of its own, signed in to the city `server` as `account`,
 * a city role) publishes the training samples with their materials, its file worker sends
 * the files, and it syncs: what a ward's laptop then pulls. Answers the real ids by sample
 * id. The city's laptop is closed again: everything it made is on the server.
 */
export async function publishFromCity(server, account, training) {
  const city = await startCore({ worker: true });
  try {
    await setProfile(city, { unit_code: "26743", display_name: account.display_name, role: account.role });
    await city.call("sync_enroll", { server_url: server.url, user: account.name, password: account.password, device_name: "Máy tính Sở KHCN", ca_file: null, allow_insecure_http: false });
    const { ids } = await publishTraining(city, training, { withMaterials: true });
    const sessions = training.sessions.map((s) => ids.get(s.id));
    await until(
      async () => {
        const files = (await Promise.all(sessions.map((id) => city.call("session_get", { id })))).flatMap((s) => s.materials.map((m) => m.file));
        const problem = files.find((f) => f.state === "problem");
        if (problem) throw new Error(`a file did not reach the city server: ${problem.problem}`);
        return files.every((f) => f.state === "ready");
      },
      "the city's files to reach the server",
      60000,
    );
    await city.call("sync_now");
    return ids;
  } finally {
    await city.close();
  }
}

/** The size of a file's chunks on the wire (xaso-proto). */
export const CHUNK = 4 * 1024 * 1024;
/** Where the budget guide of the samples (48 000 000 bytes) stalls: five chunks and the
 *  first MiB of the sixth, 45 % of it. */
export const STALLED = 5 * CHUNK + 1024 * 1024;

/**
 * A ward's laptop receiving the city's materials (`city`: `{ server, ids }`, see
 * `publishFromCity`): the ward's official (`profile`, `account`) enrols through `link`
 * (`startFileProxy` in front of the server) and syncs. `slides`: the lecture's slides
 * (mat-1) were downloaded; `stalled`: the budget guide (mat-3) is on its way and stalled at
 * 45 % (the link holds the rest). The core's file worker must run (`worker: true`).
 * Answers the guide's SHA-256.
 */
export async function receiveMaterials(core, { ids, link, profile, account, slides = true, stalled = true }) {
  await setProfile(core, profile);
  await core.call("sync_enroll", { server_url: link.url, user: account.name, password: account.password, device_name: `Máy tính ${profile.unit_name ?? ""}`.trim(), ca_file: null, allow_insecure_http: false });
  await core.call("sync_now");
  const state = (session, material) => fileOf(core, ids.get(session), ids.get(material));
  if (slides) {
    await core.call("material_download", { id: ids.get("mat-1") });
    await until(async () => (await state("ses-1", "mat-1")).state === "ready", "the slides to arrive", 30000);
  }
  const guide = (await state("ses-2", "mat-3")).sha256;
  if (stalled) {
    link.hold(guide, STALLED);
    await core.call("material_download", { id: ids.get("mat-3") });
    await until(async () => {
      const f = await state("ses-2", "mat-3");
      return f.state === "downloading" && f.done === STALLED;
    }, "the guide to stall at 45 %", 30000);
  }
  return guide;
}

/** The state of a material's file on `core` (`session_id`: the session it belongs to). */
export async function fileOf(core, session_id, material_id) {
  const session = await core.call("session_get", { id: session_id });
  const m = session.materials.find((x) => x.id === material_id);
  if (!m) throw new Error(`no material ${material_id} in session ${session_id}`);
  return { ...m.file, sha256: m.sha256 };
}

/**
 * A sample material's file in the core's folder, of the sample's size: a real PDF whose
 * text is the sample's `text` (found by the library's search once the file is on a
 * laptop), or else a file of zeros (sparse: only its length matters).
 */
export async function materialFile(core, m) {
  if (m.file_name.endsWith(".pdf") && m.text) {
    const dir = join(core.dir, "Tài liệu");
    await mkdir(dir, { recursive: true });
    const path = join(dir, m.file_name);
    await writeFile(path, minimalPdf([m.text], m.size));
    return path;
  }
  return sampleFile(core, m.file_name, m.size);
}

/**
 * A one-page PDF whose text is `lines` (Helvetica, WinAnsi: Latin-1 letters such as "â",
 * "á" are fine; "ư", "ơ", "đ" are not in it), as tests/src/training_harness.rs makes.
 * `size`: padded to that many bytes with comment lines before the first object, which a
 * reader skips (it finds the objects through the cross-reference table).
 */
export function minimalPdf(lines, size = 0) {
  const latin1 = (s) => Buffer.from([...s].map((c) => (c.codePointAt(0) < 256 ? c : "?")).join("").replace(/[\\()]/g, "\\$&"), "latin1");
  const content = Buffer.concat([
    Buffer.from("BT /F1 12 Tf 72 720 Td"),
    ...lines.flatMap((l) => [Buffer.from(" ("), latin1(l), Buffer.from(") Tj 0 -14 Td")]),
    Buffer.from(" ET"),
  ]);
  const objects = [
    Buffer.from("<< /Type /Catalog /Pages 2 0 R >>"),
    Buffer.from("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
    Buffer.from("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"),
    Buffer.from("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
    Buffer.concat([Buffer.from(`<< /Length ${content.length} >>\nstream\n`), content, Buffer.from("\nendstream")]),
  ];
  const head = Buffer.from("%PDF-1.4\n");
  const tail = (padding) => {
    const parts = [head, padding];
    const offsets = [];
    let at = head.length + padding.length;
    objects.forEach((o, i) => {
      const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), o, Buffer.from("\nendobj\n")]);
      offsets.push(at);
      parts.push(obj);
      at += obj.length;
    });
    const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`)].join("");
    parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`));
    return Buffer.concat(parts);
  };
  const bare = tail(Buffer.alloc(0));
  if (size <= bare.length) return bare;
  // Comment lines of 1 000 bytes, the last one shorter; the offsets grow by the padding
  // only, except for the digits of `startxref`, which a padded file has as many of.
  let pad = size - bare.length;
  let file = tail(commentLines(pad));
  pad -= file.length - size;
  file = tail(commentLines(pad));
  return file;
}

function commentLines(n) {
  const out = Buffer.alloc(n, " ");
  for (let i = 0; i < n; i += 1000) {
    out[i] = 0x25; // %
    out[Math.min(i + 999, n - 1)] = 0x0a;
  }
  return out;
}

/** Has a trainee answer a quiz: each `{ question, correct }` ticks the right options or a
 *  wrong one. */
export function submitQuiz(core, session_id, trainee_id, marks) {
  const answers = marks.map(({ question, correct }) => ({
    question_id: question.id,
    chosen: correct ? question.correct : [question.options.findIndex((_, i) => !question.correct.includes(i))],
  }));
  return core.call("quiz_submit", { session_id, trainee_id, answers });
}

/** A file of `size` bytes named `name` in the core's folder (sparse); answers its path. */
export async function sampleFile(core, name, size, folder = "Tài liệu") {
  const dir = join(core.dir, folder);
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(path, "");
  const f = await open(path, "r+");
  await f.truncate(size);
  await f.close();
  return path;
}
