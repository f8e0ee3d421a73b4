// express-session's store, in the database: sessions survive restarts, are shared by every
// request of the one app process, and can be ended for one user (when an admin disables them).
import session from 'express-session';
import type { Db } from '../db/client.js';

type StoredSession = session.SessionData & { passport?: { user?: number } };

export class DbSessionStore extends session.Store {
  constructor(
    private readonly db: Db,
    private readonly idleMs: number,
  ) {
    super();
  }

  override get(sid: string, done: (err: unknown, session?: session.SessionData | null) => void): void {
    this.db.signInSession
      .findUnique({ where: { sid } })
      .then((row) => {
        if (!row || row.expiresAt.getTime() <= Date.now()) return done(null, null);
        done(null, JSON.parse(row.data) as session.SessionData);
      })
      .catch(done);
  }

  override set(sid: string, data: session.SessionData, done?: (err?: unknown) => void): void {
    const stored = data as StoredSession;
    const expiresAt = this.expiry(data);
    const fields = { data: JSON.stringify(data), expiresAt, userId: stored.passport?.user ?? null };
    this.db.signInSession
      .upsert({ where: { sid }, create: { sid, ...fields }, update: fields })
      .then(() => done?.())
      .catch((err) => done?.(err));
  }

  override destroy(sid: string, done?: (err?: unknown) => void): void {
    this.db.signInSession
      .deleteMany({ where: { sid } })
      .then(() => done?.())
      .catch((err) => done?.(err));
  }

  /** Called on every request with `rolling` cookies: moves the idle deadline, at most once a minute. */
  override touch(sid: string, data: session.SessionData, done?: (err?: unknown) => void): void {
    const expiresAt = this.expiry(data);
    this.db.signInSession
      .updateMany({ where: { sid, expiresAt: { lt: new Date(expiresAt.getTime() - 60_000) } }, data: { expiresAt } })
      .then(() => done?.())
      .catch((err) => done?.(err));
  }

  async prune(): Promise<number> {
    const { count } = await this.db.signInSession.deleteMany({ where: { expiresAt: { lte: new Date() } } });
    return count;
  }

  private expiry(data: session.SessionData): Date {
    const expires = data.cookie?.expires;
    return expires ? new Date(expires) : new Date(Date.now() + this.idleMs);
  }
}
