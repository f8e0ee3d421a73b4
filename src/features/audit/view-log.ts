// The audit rows for views and exports of a student's record, written in batches off the
// request's path. A page view waited for its audit INSERT, which takes the one write connection
// on SQLite: under load every page view queued behind the writes. Here the rows of every request
// are kept for a moment and written together in one statement.
//
// Durability: a row is written within AUDIT_VIEW_DELAY_MS (250 ms unless set) of the view, and
// on a graceful shutdown (SIGTERM) at once; a write that fails (the database busy) is tried again,
// waiting longer each time. A process killed outright loses the views of its last moment; never a
// change or an export: every change, export and refusal (access.denied) is audited in the request
// itself, in the same transaction as the change where there is one. Each row keeps the moment of
// its view.
import type { Db, Prisma } from '../../db/client.js';

type Row = Prisma.AuditEventCreateManyInput;

/** Rows are written at the latest when this many wait, whatever the delay. */
const BATCH_ROWS = 500;
/** While the database cannot be written, at most this many rows wait (the newest are kept). */
const MAX_WAITING = 50_000;

export class ViewLog {
  #rows: Row[] = [];
  #timer: NodeJS.Timeout | null = null;
  #writing: Promise<void> = Promise.resolve();
  /** Failed writes in a row: each waits longer before the rows are tried again. */
  #failures = 0;

  constructor(
    private readonly db: Db,
    private readonly delayMs: number,
    private readonly onError: (error: unknown, rows: number) => void,
  ) {}

  add(rows: Row[]): void {
    this.#rows.push(...rows);
    if (this.#rows.length >= BATCH_ROWS && this.#failures === 0) void this.flush();
    else this.#schedule();
  }

  /** Writes what waits; resolves when every row added before the call is written or put back. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const rows = this.#rows;
    this.#rows = [];
    // One batch after another, so rows reach the table in the order of the views.
    this.#writing = this.#writing.then(async () => {
      if (!rows.length) return;
      try {
        await this.db.auditEvent.createMany({ data: rows });
        this.#failures = 0;
      } catch (error) {
        // The database was busy or away: the rows go back in front, to be tried again later.
        this.#failures += 1;
        this.onError(error, rows.length);
        this.#rows = [...rows, ...this.#rows].slice(-MAX_WAITING);
        this.#schedule();
      }
    });
    return this.#writing;
  }

  #schedule(): void {
    this.#timer ??= setTimeout(() => void this.flush(), this.delayMs * 2 ** Math.min(this.#failures, 6)).unref();
  }
}

const logs = new WeakMap<object, ViewLog>();

/** Batches the view rows written through this client from now on (the app does, outside tests). */
export function batchViewAudits(db: Db, delayMs: number, onError: ViewLog['onError']): ViewLog {
  const log = new ViewLog(db, delayMs, onError);
  logs.set(db, log);
  return log;
}

/** The batch for this client; none for a transaction's client, or a client nobody batches for. */
export function viewLogOf(db: Db | Prisma.TransactionClient): ViewLog | undefined {
  return logs.get(db);
}
