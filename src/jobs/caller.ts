// Who a job acts for: the user who asked for it, loaded fresh as a request would load them, so a
// job run later (or by another process) is held to the same policy and scope, and audited as theirs.
import type { Caller } from '../access/loaders.js';
import type { Db } from '../db/client.js';

/** The caller a job acts for; null when the account is gone or disabled (the job then does nothing for them). */
export async function callerFor(db: Db, userId: number, ip: string | null = null): Promise<Caller | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true, assistant: true, mustChangePassword: true, disabledAt: true },
  });
  if (!user || user.disabledAt) return null;
  const { disabledAt: _disabled, ...current } = user;
  return { user: current, ip };
}

/** A job's payload field that must be a positive whole number (an id). */
export function idOf(payload: unknown, field: string): number {
  const value = (payload as Record<string, unknown> | null)?.[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new Error(`job payload has no valid ${field}`);
  return value;
}
