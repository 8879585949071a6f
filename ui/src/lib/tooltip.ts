/**
 * The app's tooltips, drawn by the page instead of by the system.
 *
 * Why: WebKitGTK shows an element's `title` as a native GTK tooltip and only takes it
 * down when the pointer moves. When a click or a key changes the screen under a still
 * pointer (a navigation item, a row that opens a task, a dialog's close button), the
 * tooltip of an element that no longer exists stays on screen over the new one.
 *
 * How: the first time the pointer reaches an element with a `title`, the text moves to
 * `data-tip` (and to `aria-description`, so assistive technology still reads it) and the
 * native attribute is removed, so the system never shows it. The page shows its own tip
 * after a short pause and takes it down when the pointer leaves, on any click or key, on
 * scroll, and as soon as its element leaves the page. Components keep writing plain
 * `title="…"`; a later change of that title is picked up the next time the pointer comes.
 */

const DELAY_MS = 500;
const GAP_PX = 6;

let tip: HTMLDivElement | null = null;
let anchor: HTMLElement | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
let watcher: MutationObserver | null = null;

/** Installs the tooltips for the whole document; returns how to remove them (tests). */
export function installTooltips(doc: Document = document): () => void {
  const over = (e: Event) => onOver(e.target);
  const out = (e: Event) => {
    const related = (e as PointerEvent).relatedTarget;
    if (anchor && !(related instanceof Node && anchor.contains(related))) hide();
  };
  const dismiss = () => hide();
  doc.addEventListener("pointerover", over, true);
  doc.addEventListener("pointerout", out, true);
  for (const kind of ["pointerdown", "keydown", "wheel", "scroll", "blur"]) {
    doc.addEventListener(kind, dismiss, true);
  }
  return () => {
    hide();
    doc.removeEventListener("pointerover", over, true);
    doc.removeEventListener("pointerout", out, true);
    for (const kind of ["pointerdown", "keydown", "wheel", "scroll", "blur"]) {
      doc.removeEventListener(kind, dismiss, true);
    }
  };
}

function onOver(target: EventTarget | null): void {
  if (!(target instanceof Element)) return;
  const owner = target.closest<HTMLElement>("[title], [data-tip]");
  if (!owner) return;
  const native = owner.getAttribute("title");
  if (native !== null) {
    // Taken from the system before it can show it.
    owner.removeAttribute("title");
    if (native === "") {
      owner.removeAttribute("data-tip");
    } else {
      owner.dataset.tip = native;
      owner.setAttribute("aria-description", native);
    }
  }
  if (owner === anchor || !owner.dataset.tip) return;
  hide();
  anchor = owner;
  timer = setTimeout(show, DELAY_MS);
}

function show(): void {
  const owner = anchor;
  if (!owner || !owner.isConnected || !owner.dataset.tip) return hide();
  if (!tip) {
    tip = document.createElement("div");
    tip.className = "tip";
    tip.setAttribute("role", "tooltip");
    tip.dataset.testid = "tooltip";
  }
  tip.textContent = owner.dataset.tip;
  document.body.append(tip);
  place(tip, owner);
  // The element can leave the page without a pointer event (the screen changed).
  watcher = new MutationObserver(() => {
    if (!owner.isConnected) hide();
  });
  watcher.observe(document.body, { childList: true, subtree: true });
}

/** Below the element (above it near the window's bottom), kept inside the window. */
function place(box: HTMLElement, owner: HTMLElement): void {
  const at = owner.getBoundingClientRect();
  const size = box.getBoundingClientRect();
  const below = at.bottom + GAP_PX + size.height <= window.innerHeight;
  const top = below ? at.bottom + GAP_PX : Math.max(0, at.top - GAP_PX - size.height);
  const left = Math.min(Math.max(0, at.left), Math.max(0, window.innerWidth - size.width - 4));
  box.style.top = `${top}px`;
  box.style.left = `${left}px`;
}

function hide(): void {
  clearTimeout(timer);
  timer = undefined;
  anchor = null;
  watcher?.disconnect();
  watcher = null;
  tip?.remove();
}
