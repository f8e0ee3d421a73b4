// Sign-in throttling. Failures are counted per account-and-address (a guesser at one
// machine), per address (one machine trying many accounts) and per account (many machines
// trying one account). Every block ends by itself, so nobody can lock a real user out for
// good. Counts live in process memory: Tandem runs as one process, and a restart only
// forgives recent failures.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export type ThrottleLimits = {
  perAccountAndAddress: number;
  perAddress: number;
  perAccount: number;
};

const defaultLimits: ThrottleLimits = { perAccountAndAddress: 5, perAddress: 30, perAccount: 20 };

export class SignInThrottle {
  private readonly accountAndAddress: RateLimiterMemory;
  private readonly address: RateLimiterMemory;
  private readonly account: RateLimiterMemory;

  constructor(limits: ThrottleLimits = defaultLimits) {
    this.accountAndAddress = new RateLimiterMemory({ points: limits.perAccountAndAddress, duration: 15 * 60, blockDuration: 15 * 60 });
    this.address = new RateLimiterMemory({ points: limits.perAddress, duration: 60 * 60, blockDuration: 60 * 60 });
    this.account = new RateLimiterMemory({ points: limits.perAccount, duration: 60 * 60, blockDuration: 10 * 60 });
  }

  /** Seconds to wait before another try, or 0 when a try is allowed now. */
  async waitSeconds(email: string, ip: string): Promise<number> {
    const results = await Promise.all([this.accountAndAddress.get(`${email}|${ip}`), this.address.get(ip), this.account.get(email)]);
    const limits = [this.accountAndAddress.points, this.address.points, this.account.points];
    let wait = 0;
    results.forEach((res, i) => {
      if (res && res.consumedPoints >= (limits[i] ?? 0)) wait = Math.max(wait, Math.ceil(res.msBeforeNext / 1000));
    });
    return wait;
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await Promise.all([consume(this.accountAndAddress, `${email}|${ip}`), consume(this.address, ip), consume(this.account, email)]);
  }

  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.accountAndAddress.delete(`${email}|${ip}`);
  }
}

async function consume(limiter: RateLimiterMemory, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
  }
}
