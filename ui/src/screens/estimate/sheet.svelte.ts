// The estimate grid's model: the cells exactly as typed, and the last answer from Rust
// (computed lines, subtotals, totals, flags, cell issues) mapped onto the rows it was
// computed for. Rows carry a client key that never changes, so an answer computed from an
// older snapshot still lands on the right rows after lines were added, moved or removed.
// Nothing here computes an amount: every number shown comes from Rust.
import type {
  ApiError,
  ComputedLineView,
  ComputedView,
  EstimateDetail,
  EstimateSaved,
  FieldIssue,
  FlagView,
  LabourRole,
  LineGroup,
  LineInput,
  PersonInput,
  SheetInput,
} from "$lib/api";
import { formatAmountInput, formatDate } from "$lib/format";

export const GROUPS: LineGroup[] = ["labour", "materials", "equipment", "other"];
export const ROMAN: Record<LineGroup, string> = { labour: "I", materials: "II", equipment: "III", other: "IV" };
export const LABOUR_ROLES: LabourRole[] = ["chu_nhiem", "thanh_vien_chinh", "thu_ky_khoa_hoc", "thanh_vien", "ky_thuat_vien"];
/** The typed cells of a line, in grid order. */
export const LINE_COLS = ["content", "unit", "quantity", "unit_price", "own", "other", "note", "norm_code"] as const;
export type LineCol = (typeof LINE_COLS)[number];
export const PERSON_COLS = ["name", "role", "months"] as const;
export type PersonCol = (typeof PERSON_COLS)[number];

export type LineRow = {
  key: number;
  id: string | null;
  content: string;
  unit: string;
  quantity: string;
  unit_price: string;
  own: string;
  other: string;
  note: string;
  norm_code: string;
  review_comment: string;
};

export type PersonRow = { key: number; id: string | null; name: string; role: LabourRole; months: string };

/** One request's sheet and which rows its indices mean. */
export type Sent = { sheet: SheetInput; lineKeys: number[]; peopleKeys: number[]; version: number };

type Answer = { computed: ComputedView; lineKeys: number[]; peopleKeys: number[] };
type Issues = { list: FieldIssue[]; lineKeys: number[]; peopleKeys: number[] };

let nextKey = 1;
const newKey = () => nextKey++;

const MONEY_COLS = new Set(["unit_price", "own", "other"]);

function lineRow(input: LineInput, review_comment = ""): LineRow {
  return {
    key: newKey(),
    id: input.id,
    content: input.content,
    unit: input.unit,
    quantity: input.quantity,
    unit_price: formatAmountInput(input.unit_price),
    own: formatAmountInput(input.own),
    other: formatAmountInput(input.other),
    note: input.note,
    norm_code: input.norm_code,
    review_comment,
  };
}

export function blankLine(): LineRow {
  return lineRow({ id: null, group: "other", content: "", unit: "", quantity: "", unit_price: "", own: "", other: "", note: "", norm_code: "" });
}

const isBlankLine = (r: LineRow) => LINE_COLS.every((c) => r[c].trim() === "");
const isBlankPerson = (p: PersonRow) => p.name.trim() === "" && p.months.trim() === "";

/** Splits `lines.12.unit_price` into its row index and column. */
function parseField(field: string): { kind: "lines" | "people"; index: number; col: string } | null {
  const m = /^(lines|people)\.(\d+)\.(\w+)$/.exec(field);
  return m ? { kind: m[1] as "lines" | "people", index: Number(m[2]), col: m[3] } : null;
}

export class SheetModel {
  readonly id: string;
  leader_rate = $state("");
  estimate_date = $state("");
  people = $state<PersonRow[]>([]);
  lines = $state<Record<LineGroup, LineRow[]>>({ labour: [], materials: [], equipment: [], other: [] });

  answer = $state.raw<Answer | null>(null);
  issues = $state.raw<Issues>({ list: [], lineKeys: [], peopleKeys: [] });
  /** Rust could not compute the sheet as typed (e.g. own funds over a line's amount). */
  computeError = $state.raw<ApiError | null>(null);

  /** Bumped on every edit; answers computed from older edits than the one shown are dropped. */
  private version = 0;
  private shown = -1;

  constructor(detail: EstimateDetail) {
    this.id = detail.id;
    this.load(detail);
  }

  /** Take the stored estimate as it is (opening, or after a move that ends editing). */
  load(d: EstimateDetail): void {
    this.leader_rate = formatAmountInput(d.leader_rate);
    this.estimate_date = formatDate(d.estimate_date);
    this.people = d.people.map((p) => ({ key: newKey(), id: p.id, name: p.name, role: p.role, months: p.months }));
    const lines: Record<LineGroup, LineRow[]> = { labour: [], materials: [], equipment: [], other: [] };
    const lineKeys: number[] = [];
    for (const l of d.lines) {
      const row = lineRow(l.input, l.review_comment);
      lines[l.input.group].push(row);
      lineKeys.push(row.key);
    }
    this.lines = lines;
    this.version++;
    this.shown = this.version;
    this.answer = { computed: d.computed, lineKeys, peopleKeys: this.people.map((p) => p.key) };
    this.issues = { list: [], lineKeys: [], peopleKeys: [] };
    this.computeError = null;
  }

  /** Record an edit. */
  touch(): void {
    this.version++;
  }

  /** The sheet as typed now. A line or person never saved and still empty is not sent. */
  snapshot(): Sent {
    const lineKeys: number[] = [];
    const lines: LineInput[] = [];
    for (const group of GROUPS) {
      for (const r of this.lines[group]) {
        if (r.id === null && isBlankLine(r)) continue;
        lineKeys.push(r.key);
        lines.push({
          id: r.id,
          group,
          content: r.content,
          unit: r.unit,
          quantity: r.quantity,
          unit_price: r.unit_price,
          own: r.own,
          other: r.other,
          note: r.note,
          norm_code: r.norm_code,
        });
      }
    }
    const peopleKeys: number[] = [];
    const people: PersonInput[] = [];
    for (const p of this.people) {
      if (p.id === null && isBlankPerson(p)) continue;
      peopleKeys.push(p.key);
      people.push({ id: p.id, name: p.name, role: p.role, months: p.months });
    }
    return {
      sheet: { id: this.id, leader_rate: this.leader_rate, estimate_date: this.estimate_date, people, lines },
      lineKeys,
      peopleKeys,
      version: this.version,
    };
  }

  private fresh(sent: Sent): boolean {
    if (sent.version < this.shown) return false;
    this.shown = sent.version;
    return true;
  }

  adoptComputed(computed: ComputedView, issues: FieldIssue[], sent: Sent): void {
    if (!this.fresh(sent)) return;
    this.answer = { computed, lineKeys: sent.lineKeys, peopleKeys: sent.peopleKeys };
    this.issues = { list: issues, lineKeys: sent.lineKeys, peopleKeys: sent.peopleKeys };
    this.computeError = null;
  }

  adoptError(error: ApiError, sent: Sent): void {
    if (!this.fresh(sent)) return;
    this.issues = { list: error.fields, lineKeys: sent.lineKeys, peopleKeys: sent.peopleKeys };
    this.computeError = error;
  }

  /** After a save: rows sent without an id take the id Rust gave them (same order). */
  adoptSaved(saved: EstimateSaved, sent: Sent): void {
    const est = saved.estimate;
    if (est.lines.length === sent.lineKeys.length) {
      const ids = new Map<number, string | null>(sent.lineKeys.map((k, i) => [k, est.lines[i].input.id]));
      for (const g of GROUPS) for (const r of this.lines[g]) if (r.id === null && ids.get(r.key)) r.id = ids.get(r.key) ?? null;
    }
    if (est.people.length === sent.peopleKeys.length) {
      const ids = new Map<number, string | null>(sent.peopleKeys.map((k, i) => [k, est.people[i].id]));
      for (const p of this.people) if (p.id === null && ids.get(p.key)) p.id = ids.get(p.key) ?? null;
    }
    this.adoptComputed(est.computed, saved.issues, sent);
  }

  // ---- Rust's answer, by row ------------------------------------------------------------

  readonly lineComputed = $derived.by(() => {
    const m = new Map<number, ComputedLineView>();
    const a = this.answer;
    if (a) for (const l of a.computed.lines) if (l.line !== null && a.lineKeys[l.line] !== undefined) m.set(a.lineKeys[l.line], l);
    return m;
  });

  readonly personComputed = $derived.by(() => {
    const m = new Map<number, ComputedLineView>();
    const a = this.answer;
    if (a) for (const l of a.computed.lines) if (l.person !== null && a.peopleKeys[l.person] !== undefined) m.set(a.peopleKeys[l.person], l);
    return m;
  });

  /** Group I's labour lines made from the people table, in Rust's order. */
  readonly labourFromPeople = $derived((this.answer?.computed.lines ?? []).filter((l) => l.person !== null));

  readonly flags = $derived.by(() => {
    const lines = new Map<number, FlagView[]>();
    const people = new Map<number, FlagView[]>();
    const leader: FlagView[] = [];
    const a = this.answer;
    for (const f of a?.computed.flags ?? []) {
      if (f.target === "leader_rate") leader.push(f);
      else if (f.index !== null && a) {
        const [map, keys] = f.target === "line" ? [lines, a.lineKeys] : [people, a.peopleKeys];
        const key = keys[f.index];
        if (key !== undefined) map.set(key, [...(map.get(key) ?? []), f]);
      }
    }
    return { lines, people, leader };
  });

  readonly cellIssues = $derived.by(() => {
    const lines = new Map<number, Record<string, FieldIssue>>();
    const people = new Map<number, Record<string, FieldIssue>>();
    const head: Record<string, FieldIssue> = {};
    const { list, lineKeys, peopleKeys } = this.issues;
    for (const issue of list) {
      const at = parseField(issue.field);
      if (!at) {
        head[issue.field] ??= issue;
        continue;
      }
      const [map, keys] = at.kind === "lines" ? [lines, lineKeys] : [people, peopleKeys];
      const key = keys[at.index];
      if (key === undefined) continue;
      const cells = map.get(key) ?? {};
      cells[at.col] ??= issue;
      map.set(key, cells);
    }
    return { lines, people, head };
  });

  readonly blockingCount = $derived(this.issues.list.filter((i) => i.severity === "blocking").length);

  // ---- Editing ---------------------------------------------------------------------------

  /** A new line in `group`, after the line `after` (or at the end); returns its key. */
  addLine(group: LineGroup, after?: number): number {
    const row = blankLine();
    const rows = this.lines[group];
    const i = after === undefined ? -1 : rows.findIndex((r) => r.key === after);
    if (i < 0) rows.push(row);
    else rows.splice(i + 1, 0, row);
    return row.key;
  }

  /** Removes a line; returns the key of the line that takes its place (next, else previous). */
  removeLine(group: LineGroup, key: number): number | undefined {
    const rows = this.lines[group];
    const i = rows.findIndex((r) => r.key === key);
    if (i < 0) return undefined;
    rows.splice(i, 1);
    return (rows[i] ?? rows[i - 1])?.key;
  }

  moveLine(group: LineGroup, key: number, delta: -1 | 1): boolean {
    const rows = this.lines[group];
    const i = rows.findIndex((r) => r.key === key);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= rows.length) return false;
    const [row] = rows.splice(i, 1);
    rows.splice(j, 0, row);
    return true;
  }

  addPerson(after?: number): number {
    const p: PersonRow = { key: newKey(), id: null, name: "", role: this.people.length === 0 ? "chu_nhiem" : "thanh_vien", months: "" };
    const i = after === undefined ? -1 : this.people.findIndex((r) => r.key === after);
    if (i < 0) this.people.push(p);
    else this.people.splice(i + 1, 0, p);
    return p.key;
  }

  removePerson(key: number): number | undefined {
    const i = this.people.findIndex((r) => r.key === key);
    if (i < 0) return undefined;
    this.people.splice(i, 1);
    return (this.people[i] ?? this.people[i - 1])?.key;
  }

  movePerson(key: number, delta: -1 | 1): boolean {
    const i = this.people.findIndex((r) => r.key === key);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= this.people.length) return false;
    const [row] = this.people.splice(i, 1);
    this.people.splice(j, 0, row);
    return true;
  }

  isMoney(col: string): boolean {
    return MONEY_COLS.has(col);
  }
}
