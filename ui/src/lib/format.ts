// Display formatting only (dd/mm/yyyy, 1.250.000 ₫, times). No rule lives here:
// totals, validity and transitions always come from Rust.
//
// Times are shown in the app's one display zone (Asia/Ho_Chi_Minh unless configured, as
// Rust says in AppStatus.display_zone), never the machine's: the same change reads the
// same time on every device, and a session's times match the check-ins'.

const pad = (n: number) => String(n).padStart(2, "0");

let zone = "Asia/Ho_Chi_Minh";
let clock: Intl.DateTimeFormat | null = null;

/** Set once Rust has said it (`AppStatus.display_zone`). */
export function setDisplayZone(name: string): void {
  if (name === zone) return;
  zone = name;
  clock = null;
}

/** The wall clock of `d` in the display zone. */
function wall(d: Date): { y: number; m: number; day: number; h: number; min: number } {
  clock ??= new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const p = Object.fromEntries(clock.formatToParts(d).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), day: Number(p.day), h: Number(p.hour), min: Number(p.minute) };
}

/** Whole đồng as "1.250.000 ₫", the same in both UI languages (DESIGN.md conventions). */
export function formatMoney(amount: number): string {
  const sign = amount < 0 ? "-" : "";
  const digits = String(Math.trunc(Math.abs(amount)));
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".")} ₫`;
}

/** Whole đồng as "1.250.000", for tables headed "Đơn vị tính: đồng". */
export function formatAmount(amount: number): string {
  return formatMoney(amount).replace(/ ₫$/, "");
}

/** A stored amount (plain digits, as Rust returns it) shown in a money input as
 *  "1.250.000"; anything else is shown as it is. */
export function formatAmountInput(stored: string): string {
  return /^\d+$/.test(stored) ? stored.replace(/\B(?=(\d{3})+(?!\d))/g, ".") : stored;
}

/** "yyyy-mm-dd" as "dd/mm/yyyy"; anything else is shown as it is. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** What the user typed in a date box, as the contract's "yyyy-mm-dd" when it reads as a
 *  date written dd/mm/yyyy (or already yyyy-mm-dd); otherwise the text unchanged, so that
 *  Rust can say what is wrong with it. */
export function dateToIso(typed: string): string {
  const s = typed.trim();
  if (s === "") return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  return m ? `${m[3]}-${pad(Number(m[2]))}-${pad(Number(m[1]))}` : typed;
}

/** ISO UTC timestamp as "dd/mm/yyyy HH:MM" in the display zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const w = wall(d);
  return `${pad(w.day)}/${pad(w.m)}/${w.y} ${pad(w.h)}:${pad(w.min)}`;
}

/** ISO UTC timestamp as "HH:MM" when it is today (in the display zone), otherwise
 *  "dd/mm/yyyy HH:MM". */
export function formatRecent(iso: string | null | undefined, now = new Date()): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return todayIso(d) === todayIso(now) ? formatClock(d) : formatDateTime(iso);
}

/** "HH:MM" of a Date in the display zone. */
export function formatClock(d: Date): string {
  const w = wall(d);
  return `${pad(w.h)}:${pad(w.min)}`;
}

export function formatBytes(bytes: number, locale: "vi" | "en"): string {
  const units = ["B", "KB", "MB", "GB"];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const text = i === 0 ? String(v) : v.toFixed(1);
  return `${locale === "vi" ? text.replace(".", ",") : text} ${units[i]}`;
}

/** The date of `now` in the display zone as "yyyy-mm-dd" (the "today" line, the
 *  calendar's today). */
export function todayIso(now = new Date()): string {
  const w = wall(now);
  return `${w.y}-${pad(w.m)}-${pad(w.day)}`;
}
