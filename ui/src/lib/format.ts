// Display formatting only (dd/mm/yyyy, 1.250.000 ₫, local times). No rule lives here:
// totals, validity and transitions always come from Rust.

const pad = (n: number) => String(n).padStart(2, "0");

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

/** The date line of an official document, "ngày 05 tháng 02 năm 2026": a day below 10 and
 *  the months 1 and 2 take a leading zero (Nghị định 30/2020/NĐ-CP). */
export function officialDateParts(iso: string): { d: string; m: string; y: string } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const month = Number(m[2]);
  return { d: m[3], m: month <= 2 ? m[2] : String(month), y: m[1] };
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

/** ISO UTC timestamp as local "dd/mm/yyyy HH:MM". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** ISO UTC timestamp as local "HH:MM" when it is today here, otherwise "dd/mm/yyyy HH:MM". */
export function formatRecent(iso: string | null | undefined, now = new Date()): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return todayIso(d) === todayIso(now) ? formatClock(d) : formatDateTime(iso);
}

/** Local "HH:MM" of a Date. */
export function formatClock(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
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

/** Today's local date as "yyyy-mm-dd" (for drawing the "today" line only). */
export function todayIso(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
