// express-session's store, in the database: sessions survive restarts, are shared by every
// request of the one app process, and can be ended for one user (when an admin disables them).
import session from 'express-session';
import { LRUCache } from 'lru-cache';
import type { Db } from '../db/client.js';
import { reads } from '../db/reads.js';
import { writeStatement } from '../db/writes.js';

type StoredSession = session.SessionData & { passport?: { user?: number } };

/** How many sessions' deadlines the process remembers (a few bytes each). */
const REMEMBERED = 10_000;

export class DbSessionStore extends session.Store {
  /**
   * The idle deadline last read or written per session id: a lower bound of the stored one, which
   * only ever moves later. With it, `touch` on each request sends a statement only when the
   * deadline is due to move, not on every page.
   */
  readonly #deadlines = new LRUCache<string, number>({ max: REMEMBERED });

  constructor(
    private readonly db: Db,
    private readonly idleMs: number,
  ) {
    super();
  }

  override get(sid: string, done: (err: unknown, session?: session.SessionData | null) => void): void {
    // Every request reads its session: one statement that skips Prisma (db/reads.ts).
    reads(this.db)
      .get<{ data: string; expiresAt: Date }>('SELECT "data", "expiresAt" FROM "SignInSession" WHERE "sid" = ?', [sid])
      .then((row) => {
        if (!row || row.expiresAt.getTime() <= Date.now()) return done(null, null);
        this.#remember(sid, row.expiresAt.getTime());
        done(null, JSON.parse(row.data) as session.SessionData);
      })
      .catch(done);
  }

  override set(sid: string, data: session.SessionData, done?: (err?: unknown) => void): void {
    const stored = data as StoredSession;
    const expiresAt = this.expiry(data);
    // Written on sign-in and on every change (a flash message after each save): one statement
    // that skips Prisma (db/writes.ts), an insert that updates the row when the session has one.
    writeStatement(
      this.db,
      `INSERT INTO "SignInSession" ("sid", "userId", "data", "expiresAt", "createdAt") VALUES (?, ?, ?, ?, ?)
       ON CONFLICT ("sid") DO UPDATE SET "userId" = excluded."userId", "data" = excluded."data", "expiresAt" = excluded."expiresAt"`,
      [sid, stored.passport?.user ?? null, JSON.stringify(data), expiresAt, new Date()],
    )
      .then(() => {
        this.#remember(sid, expiresAt.getTime());
        done?.();
      })
      .catch((err) => done?.(err));
  }

  override destroy(sid: string, done?: (err?: unknown) => void): void {
    this.#deadlines.delete(sid);
    this.db.signInSession
      .deleteMany({ where: { sid } })
      .then(() => done?.())
      .catch((err) => done?.(err));
  }

  /** Called on every request with `rolling` cookies: moves the idle deadline, at most once a minute. */
  override touch(sid: string, data: session.SessionData, done?: (err?: unknown) => void): void {
    const expiresAt = this.expiry(data);
    const known = this.#deadlines.get(sid);
    if (known !== undefined && known >= expiresAt.getTime() - 60_000) {
      done?.();
      return;
    }
    this.db.signInSession
      .updateMany({ where: { sid, expiresAt: { lt: new Date(expiresAt.getTime() - 60_000) } }, data: { expiresAt } })
      .then(({ count }) => {
        if (count) this.#remember(sid, expiresAt.getTime());
        done?.();
      })
      .catch((err) => done?.(err));
  }

  async prune(): Promise<number> {
    const { count } = await this.db.signInSession.deleteMany({ where: { expiresAt: { lte: new Date() } } });
    return count;
  }

  #remember(sid: string, deadline: number): void {
    this.#deadlines.set(sid, deadline);
  }

  private expiry(data: session.SessionData): Date {
    const expires = data.cookie?.expires;
    return expires ? new Date(expires) : new Date(Date.now() + this.idleMs);
  }
}
