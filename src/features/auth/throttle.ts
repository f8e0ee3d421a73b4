// Sign-in throttling: growing delays, never lockouts. Failures are counted in the database
// (ThrottleCounter), so a restart forgets nothing and several app processes share the counts.
//  - Per account-and-address (one machine guessing one account): a few free tries, then a delay
//    that doubles with each further failure, up to 15 minutes.
//  - Per address (one machine trying many accounts): a limit sized for a school where hundreds of
//    staff share one public address, then delays of at most a minute for that address.
//  - Per account (many machines guessing one account): past its limit, a delay for the addresses
//    that have failed on that account themselves. The right password from an address with no
//    failures of its own on the account is never refused because of failures elsewhere.
// A try refused for a delay is not counted, so nobody can stretch another person's wait past the
// cap by hammering; waiting is the only way on, and every delay ends by itself.
import type { Db } from '../../db/client.js';

export type ThrottleLimits = {
  /** Failures of one account from one address, per hour, before that pair is delayed. */
  perAccountAndAddress: number;
  /** Failures from one address over all accounts, per hour, before that address is delayed. */
  perAddress: number;
  /** Failures of one account over all addresses, per hour, before its failing addresses are delayed. */
  perAccount: number;
};

export const defaultThrottleLimits: ThrottleLimits = { perAccountAndAddress: 5, perAddress: 100, perAccount: 10 };

export type ThrottleOptions = {
  limits?: Partial<ThrottleLimits>;
  /** The clock; tests pass their own. */
  now?: () => Date;
};

type Rule = { limit: number; windowMs: number; firstDelayMs: number; maxDelayMs: number };

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Rows untouched this long are deleted: every window and delay is far shorter. */
const KEEP_MS = 24 * HOUR;

/** How long to wait, in words a person reads: "30 seconds", "2 minutes". */
export function waitWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export class SignInThrottle {
  private readonly rules: { pair: Rule; address: Rule; account: Rule };
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    { limits = {}, now = () => new Date() }: ThrottleOptions = {},
  ) {
    const l = { ...defaultThrottleLimits, ...limits };
    this.rules = {
      pair: { limit: l.perAccountAndAddress, windowMs: HOUR, firstDelayMs: 30 * SECOND, maxDelayMs: 15 * MINUTE },
      // Short delays: a student guessing from the school's address must not keep its staff out for long.
      address: { limit: l.perAddress, windowMs: HOUR, firstDelayMs: SECOND, maxDelayMs: MINUTE },
      account: { limit: l.perAccount, windowMs: HOUR, firstDelayMs: 30 * SECOND, maxDelayMs: 15 * MINUTE },
    };
    this.now = now;
  }

  /** Seconds to wait before another try, or 0 when a try is allowed now. */
  async waitSeconds(email: string, ip: string): Promise<number> {
    const now = this.now();
    const key = keys(email, ip);
    const rows = await this.db.throttleCounter.findMany({ where: { key: { in: [key.pair, key.address, key.account] } } });
    const row = (k: string) => rows.find((r) => r.key === k);
    const pair = row(key.pair);
    const waits = [msLeft(pair, now), msLeft(row(key.address), now)];
    // The account's delay holds back only an address that has failed on this account itself.
    if (pair && pair.windowStart.getTime() > now.getTime() - this.rules.pair.windowMs) waits.push(msLeft(row(key.account), now));
    return Math.ceil(Math.max(...waits) / SECOND);
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const now = this.now();
    const key = keys(email, ip);
    await this.count(key.pair, this.rules.pair, now);
    await this.count(key.address, this.rules.address, now);
    await this.count(key.account, this.rules.account, now);
    // Cheap: a range delete on the lastFailureAt index.
    await this.db.throttleCounter.deleteMany({ where: { lastFailureAt: { lt: new Date(now.getTime() - KEEP_MS) } } });
  }

  /** The right password clears this account-and-address; the other counts stand. */
  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.db.throttleCounter.deleteMany({ where: { key: keys(email, ip).pair } });
  }

  // Three statements, each atomic on its own (the upsert is one INSERT ... ON CONFLICT), which stay
  // right when several processes count at once: no read-then-write, and no transaction held open.
  private async count(key: string, rule: Rule, now: Date): Promise<void> {
    // A counter whose window has passed starts again. A delay already set still runs out.
    await this.db.throttleCounter.updateMany({
      where: { key, windowStart: { lte: new Date(now.getTime() - rule.windowMs) } },
      data: { failures: 0, windowStart: now },
    });
    const { failures } = await this.db.throttleCounter.upsert({
      where: { key },
      create: { key, failures: 1, windowStart: now, lastFailureAt: now },
      update: { failures: { increment: 1 }, lastFailureAt: now },
    });
    if (failures < rule.limit) return;
    // Only the writer of the newest count sets the delay, so a slower one cannot shorten it.
    await this.db.throttleCounter.updateMany({
      where: { key, failures },
      data: { delayedUntil: new Date(now.getTime() + delayMs(rule, failures)) },
    });
  }
}

/** The delay after the given number of failures: the first at the limit, doubling after, capped. */
function delayMs(rule: Rule, failures: number): number {
  return Math.min(rule.maxDelayMs, rule.firstDelayMs * 2 ** Math.min(failures - rule.limit, 30));
}

function msLeft(row: { delayedUntil: Date | null } | undefined, now: Date): number {
  return row?.delayedUntil ? Math.max(0, row.delayedUntil.getTime() - now.getTime()) : 0;
}

// An address never contains '|', so a pair key cannot be read two ways.
function keys(email: string, ip: string) {
  return { pair: `pair:${email}|${ip}`, address: `address:${ip}`, account: `account:${email}` };
}
