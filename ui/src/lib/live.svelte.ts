// Screens follow the data. Rust keeps a feed of what changed behind the window's back (a
// pull wrote another device's rows, a push's answer set a field back); every sync status
// says how far the feed goes (`data_seq`). When it moves on, this asks `data_changes`,
// tells each open screen whose rows changed (it re-reads what it shows, keeping what the
// person is typing), and keeps the notices a person should hear about ("Sở KHCN đã trả
// lại phiếu …") for the shell to show.
import { dataChanges, type DataChange, type Notice } from "$lib/api";

type Follower = { wants: (c: DataChange) => boolean; reread: () => void };

/** A notice on screen, with a number to close it by. */
export type ShownNotice = Notice & { key: number };

/** At most this many notices stay on screen; the oldest goes first. */
export const MAX_SHOWN = 4;

class LiveModel {
  notices = $state<ShownNotice[]>([]);
  /** The feed position already told to the screens; `null` until the first status. */
  private seq: number | null = null;
  private asking = false;
  private wanted = 0;
  private keys = 0;
  private followers = new Set<Follower>();

  /** A screen follows the rows `wants` picks: `reread` runs once after each answer that
   *  has one of them, or when the answer cannot list everything. Returns the unfollow. */
  follow(wants: (c: DataChange) => boolean, reread: () => void): () => void {
    const f = { wants, reread };
    this.followers.add(f);
    return () => this.followers.delete(f);
  }

  /** Where the feed is now (from a sync status). The first one only sets the start:
   *  screens opened after it read fresh data anyway. */
  async seen(dataSeq: number): Promise<void> {
    if (this.seq === null) {
      this.seq = dataSeq;
      return;
    }
    this.wanted = Math.max(this.wanted, dataSeq);
    if (this.asking) return;
    this.asking = true;
    try {
      while (this.seq < this.wanted) {
        const answer = await dataChanges({ seq: this.seq });
        if (answer.seq <= this.seq) break;
        this.seq = answer.seq;
        this.tell(answer.changes, answer.complete);
        for (const n of answer.notices) this.notices.push({ ...n, key: ++this.keys });
        if (this.notices.length > MAX_SHOWN) this.notices.splice(0, this.notices.length - MAX_SHOWN);
      }
    } catch {
      // Asked again with the next status; the sync area shows when Rust cannot be reached.
    } finally {
      this.asking = false;
    }
  }

  dismiss(key: number): void {
    this.notices = this.notices.filter((n) => n.key !== key);
  }

  private tell(changes: DataChange[], complete: boolean): void {
    for (const f of [...this.followers]) {
      if (!complete || changes.some(f.wants)) f.reread();
    }
  }
}

export const live = new LiveModel();

/** Rows of any of `tables`. */
export const inTables =
  (...tables: string[]) =>
  (c: DataChange): boolean =>
    tables.includes(c.table);

/** The training tables: a training screen shows counts drawn from all of them. */
export const TRAINING_TABLES = ["training_programmes", "training_sessions", "materials", "quiz_questions", "trainees", "attendance", "quiz_attempts", "material_openings"];

/** Every row of one task: the task, its history, milestones, estimates and their lines. */
export const ofTask =
  (taskId: string) =>
  (c: DataChange): boolean =>
    c.task_id === taskId;
