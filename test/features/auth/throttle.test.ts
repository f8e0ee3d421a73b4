// Throttling slows guessers and never locks the real person out. Over HTTP with the default limits
// (what a district gets), and against the throttle itself with a clock the test turns.
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { createDb } from '../../../src/db/client.js';
import { SignInThrottle } from '../../../src/features/auth/throttle.js';
import type { ThrottleLimits } from '../../../src/features/auth/throttle.js';
import { freshDb } from '../../helpers/db.js';
import { PASSWORD, csrfFrom, testApp, user } from '../../helpers/app.js';

// One proxy hop, so each request can say which address it comes from.
const t = await testApp({ env: { TRUST_PROXY: '1' } });

async function signInFrom(app: typeof t.app, ip: string, email: string, password: string) {
  const agent = request.agent(app);
  const page = await agent.get('/sign-in').set('X-Forwarded-For', ip);
  return agent
    .post('/sign-in')
    .set('X-Forwarded-For', ip)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), email, password });
}

describe('sign-in throttling over HTTP, default limits', () => {
  it('spread-out wrong guesses from a handful of addresses do not keep the real person out', async () => {
    const victim = await user(t.db, 'therapist', { email: 'spread.victim@tandem.example' });
    // 5 addresses x 4 guesses: under the account-and-address limit each time, 20 against the account
    // (past its limit, the later guessers are delayed: 429).
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4', '198.51.100.5']) {
      for (let i = 0; i < 4; i++) expect([401, 429]).toContain((await signInFrom(t.app, ip, victim.email, `guess ${ip} ${i}`)).status);
    }
    const real = await signInFrom(t.app, '203.0.113.77', victim.email, PASSWORD);
    expect(real.status).toBe(303);
    expect(await t.db.auditEvent.count({ where: { action: 'sign_in.success', actorId: victim.id } })).toBe(1);
  });

  it("the right password from an unaffected address succeeds while an attacker's address is delayed briefly", async () => {
    const victim = await user(t.db, 'teacher', { email: 'delayed.attacker@tandem.example' });
    for (const ip of ['198.51.100.11', '198.51.100.12', '198.51.100.13']) {
      for (let i = 0; i < 4; i++) await signInFrom(t.app, ip, victim.email, `guess ${ip} ${i}`);
    }
    // The account is past its limit: an address that failed on it waits, even with the right password.
    const attacker = await signInFrom(t.app, '198.51.100.11', victim.email, PASSWORD);
    expect(attacker.status).toBe(429);
    const retryAfter = Number(attacker.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(attacker.text).toContain('Too many tries');
    expect((await signInFrom(t.app, '192.0.2.200', victim.email, PASSWORD)).status).toBe(303);
  });

  it("30 failures from a school's shared address do not keep its other staff out", async () => {
    const school = '192.0.2.10';
    const staff = await user(t.db, 'teacher', { email: 'shared.address@tandem.example' });
    for (let i = 0; i < 30; i++) {
      // Many people mistyping, and someone trying accounts that do not exist.
      const res = await signInFrom(t.app, school, `colleague${i % 10}@tandem.example`, `wrong ${i}`);
      expect(res.status).toBe(401);
    }
    expect((await signInFrom(t.app, school, staff.email, PASSWORD)).status).toBe(303);
  });

  it('a success clears the count for that account and address', async () => {
    const u = await user(t.db, 'teacher', { email: 'clears@tandem.example' });
    const ip = '192.0.2.33';
    for (let i = 0; i < 4; i++) await signInFrom(t.app, ip, u.email, `typo ${i}`);
    expect((await signInFrom(t.app, ip, u.email, PASSWORD)).status).toBe(303);
    expect(await t.db.throttleCounter.count({ where: { key: { contains: `${u.email}|${ip}` } } })).toBe(0);
    // Four more typos would have made nine: still not delayed, because the success cleared the pair.
    for (let i = 0; i < 4; i++) expect((await signInFrom(t.app, ip, u.email, `typo again ${i}`)).status).toBe(401);
  });
});

describe('counts live in the database', async () => {
  const limits: ThrottleLimits = { perAccountAndAddress: 3, perAddress: 100, perAccount: 100 };
  const small = await testApp({ env: { TRUST_PROXY: '1' }, throttleLimits: limits });
  const otherDb = createDb(small.config.databaseUrl);
  afterAll(() => otherDb.$disconnect());

  it('survive a restart: a second app over the same database sees the same counter', async () => {
    const u = await user(small.db, 'teacher', { email: 'restart@tandem.example' });
    const ip = '198.51.100.99';
    for (let i = 0; i < 3; i++) expect((await signInFrom(small.app, ip, u.email, `guess ${i}`)).status).toBe(401);
    expect((await signInFrom(small.app, ip, u.email, PASSWORD)).status).toBe(429);

    // A new process: its own connection, its own throttle, the same database.
    const restarted = createApp({ config: small.config, db: otherDb, throttleLimits: limits });
    const res = await signInFrom(restarted.app, ip, u.email, PASSWORD);
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(30);
  });
});

describe('SignInThrottle with a clock', () => {
  const { url, db } = freshDb();
  // A second connection to the same file, as a second process would have.
  const other = createDb(url);
  afterAll(async () => {
    await db.$disconnect();
    await other.$disconnect();
  });

  function throttleAt(start: string, limits: Partial<ThrottleLimits>) {
    const clock = { now: new Date(start) };
    const throttle = new SignInThrottle(db, {
      limits: { perAccountAndAddress: 1000, perAddress: 1000, perAccount: 1000, ...limits },
      now: () => clock.now,
    });
    const advance = (seconds: number) => (clock.now = new Date(clock.now.getTime() + seconds * 1000));
    return { throttle, advance };
  }

  it('per account and address: a few free tries, then a delay that doubles up to 15 minutes', async () => {
    const { throttle, advance } = throttleAt('2026-02-02T08:00:00Z', { perAccountAndAddress: 3 });
    const [email, ip] = ['doubling@tandem.example', '10.0.0.1'];
    for (let i = 0; i < 2; i++) {
      await throttle.recordFailure(email, ip);
      expect(await throttle.waitSeconds(email, ip)).toBe(0);
    }
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      await throttle.recordFailure(email, ip);
      const wait = await throttle.waitSeconds(email, ip);
      waits.push(wait);
      advance(wait);
      expect(await throttle.waitSeconds(email, ip)).toBe(0);
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 900, 900]);
  });

  it('a delay counts down, touches no other address, and ends by itself', async () => {
    const { throttle, advance } = throttleAt('2026-02-02T09:00:00Z', { perAccountAndAddress: 2 });
    const email = 'countdown@tandem.example';
    await throttle.recordFailure(email, '10.0.0.2');
    await throttle.recordFailure(email, '10.0.0.2');
    expect(await throttle.waitSeconds(email, '10.0.0.2')).toBe(30);
    advance(10);
    expect(await throttle.waitSeconds(email, '10.0.0.2')).toBe(20);
    expect(await throttle.waitSeconds(email, '10.0.0.3')).toBe(0);
    expect(await throttle.waitSeconds('someone.else@tandem.example', '10.0.0.2')).toBe(0);
    advance(20);
    expect(await throttle.waitSeconds(email, '10.0.0.2')).toBe(0);
  });

  it('a counter older than its window starts again', async () => {
    const { throttle, advance } = throttleAt('2026-02-02T10:00:00Z', { perAccountAndAddress: 3 });
    const [email, ip] = ['window@tandem.example', '10.0.0.4'];
    await throttle.recordFailure(email, ip);
    await throttle.recordFailure(email, ip);
    advance(61 * 60);
    await throttle.recordFailure(email, ip);
    expect(await throttle.waitSeconds(email, ip)).toBe(0);
    expect((await db.throttleCounter.findUniqueOrThrow({ where: { key: `pair:${email}|${ip}` } })).failures).toBe(1);
  });

  it('per address: delays start late, grow from a second, and stay under a minute', async () => {
    const { throttle, advance } = throttleAt('2026-02-02T11:00:00Z', { perAddress: 5 });
    const school = '10.0.0.5';
    for (let i = 0; i < 4; i++) await throttle.recordFailure(`staff${i}@tandem.example`, school);
    expect(await throttle.waitSeconds('anyone@tandem.example', school)).toBe(0);
    const waits: number[] = [];
    for (let i = 4; i < 13; i++) {
      await throttle.recordFailure(`staff${i}@tandem.example`, school);
      const wait = await throttle.waitSeconds('anyone@tandem.example', school);
      waits.push(wait);
      advance(wait);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    expect(await throttle.waitSeconds('anyone@tandem.example', '10.0.0.6')).toBe(0);
  });

  it('per account: only addresses with failures of their own on the account are slowed', async () => {
    const { throttle, advance } = throttleAt('2026-02-02T12:00:00Z', { perAccount: 3 });
    const email = 'botnet.target@tandem.example';
    for (const ip of ['10.1.0.1', '10.1.0.2', '10.1.0.3']) await throttle.recordFailure(email, ip);
    expect(await throttle.waitSeconds(email, '10.1.0.1')).toBe(30);
    expect(await throttle.waitSeconds(email, '10.1.0.3')).toBe(30);
    expect(await throttle.waitSeconds(email, '10.1.0.99')).toBe(0);
    // A success at one address clears its own failures, and with them the account's hold on it.
    await throttle.recordSuccess(email, '10.1.0.2');
    expect(await throttle.waitSeconds(email, '10.1.0.2')).toBe(0);
    advance(30);
    await throttle.recordFailure(email, '10.1.0.4');
    expect(await throttle.waitSeconds(email, '10.1.0.1')).toBe(60);
  });

  it('deletes rows untouched for a day on the next write', async () => {
    const { throttle, advance } = throttleAt('2026-02-03T08:00:00Z', {});
    await throttle.recordFailure('old@tandem.example', '10.2.0.1');
    expect(await db.throttleCounter.count({ where: { key: { contains: 'old@tandem.example' } } })).toBe(2);
    advance(25 * 60 * 60);
    await throttle.recordFailure('new@tandem.example', '10.2.0.2');
    expect(await db.throttleCounter.count({ where: { key: { contains: 'old@tandem.example' } } })).toBe(0);
    expect(await db.throttleCounter.count({ where: { key: 'address:10.2.0.1' } })).toBe(0);
    expect(await db.throttleCounter.count({ where: { key: { contains: 'new@tandem.example' } } })).toBe(2);
  });

  it('counts every failure when two connections (two processes) count at once', async () => {
    const clock = () => new Date('2026-02-04T08:00:00Z');
    const one = new SignInThrottle(db, { now: clock });
    const two = new SignInThrottle(other, { now: clock });
    const [email, ip] = ['race@tandem.example', '10.3.0.1'];
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).recordFailure(email, ip)));
    const rows = await db.throttleCounter.findMany({
      where: { key: { in: [`pair:${email}|${ip}`, `address:${ip}`, `account:${email}`] } },
    });
    expect(rows.map((r) => r.failures)).toEqual([20, 20, 20]);
  });
});
