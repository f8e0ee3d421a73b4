// The second factor (TOTP and recovery codes) for password accounts: enrolment, the check at
// sign-in, turning it off, and an admin's reset. Knows nothing of HTTP.
//
// The shared secret is stored sealed (sealing.ts) and bound to the user's id. Recovery codes are
// stored as a keyed hash (HMAC-SHA-256, its own key from SESSION_SECRET), not argon2: each code
// is 60 random bits, so a slow hash adds nothing a key does not, and a code is found with one
// indexed query instead of up to ten argon2 checks per try (each ~10 ms and 19 MiB), which a
// guesser could use to load the server. Like the secret, they stop working if SESSION_SECRET
// changes.
import type { Db } from '../../db/client.js';
import type { CurrentUser } from '../../access/current-user.js';
import { authorize } from '../../access/loaders.js';
import { actorOf } from '../../access/policy.js';
import type { Actor } from '../../access/policy.js';
import type { Caller } from '../../access/loaders.js';
import { Conflict, Invalid, NotFound } from '../../web/errors.js';
import { recordAudit, recordBy } from '../audit/audit.service.js';
import { requiresSecondFactor } from '../admin/settings.service.js';
import { deriveKey, keyedHash, seal, unseal } from './sealing.js';
import { waitWords } from './throttle.js';
import type { SignInThrottle } from './throttle.js';
import { checkTotp, codeKind, groupedSecret, newRecoveryCodes, newTotpSecret, normalRecoveryCode, otpauthUri, qrCodeSvg } from './totp.js';

type Keys = { secret: Buffer; recovery: Buffer };
const keyCache = new Map<string, Keys>();

function keysFor(appSecret: string): Keys {
  let keys = keyCache.get(appSecret);
  if (!keys) {
    keys = { secret: deriveKey(appSecret, 'second-factor secret'), recovery: deriveKey(appSecret, 'recovery code') };
    keyCache.set(appSecret, keys);
  }
  return keys;
}

const storedContext = (userId: number) => `user:${userId}`;
const enrolmentContext = (userId: number) => `enrolment:${userId}`;
const recoveryHash = (keys: Keys, userId: number, code: string) => keyedHash(keys.recovery, `${userId}:${code}`);

/** Second-factor tries are throttled under their own key, apart from the password's. */
export const throttleKey = (userId: number) => `totp:${userId}`;

// Whoever types a code already has the password, and the throttle lets a fresh address try even
// when others have failed (right for passwords, so nobody is locked out). For codes, a cap per
// account holds however many addresses are used: at most 10 wrong codes in any 15 minutes.
const ACCOUNT_FAILURES = 10;
const ACCOUNT_WINDOW_MS = 15 * 60_000;

/** Seconds before this user may try a code from this address: the throttle's, or the account cap's. */
async function waitBeforeCode(db: Db, throttle: SignInThrottle, userId: number, ip: string): Promise<number> {
  const recent = await db.auditEvent.findMany({
    where: { actorId: userId, action: 'second_factor.failure', at: { gte: new Date(Date.now() - ACCOUNT_WINDOW_MS) } },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: ACCOUNT_FAILURES,
    select: { at: true },
  });
  const oldest = recent.length >= ACCOUNT_FAILURES ? recent[recent.length - 1]!.at.getTime() : null;
  const capWait = oldest === null ? 0 : Math.ceil((oldest + ACCOUNT_WINDOW_MS - Date.now()) / 1000);
  return Math.max(capWait, await throttle.waitSeconds(throttleKey(userId), ip));
}

export type SecondFactorStatus = { enabledAt: Date | null; recoveryCodesLeft: number };

export async function secondFactorStatus(db: Db, userId: number): Promise<SecondFactorStatus> {
  const [user, recoveryCodesLeft] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true } }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { enabledAt: user?.totpEnabledAt ?? null, recoveryCodesLeft };
}

/** The district's setting applies to admins and therapists (OTs and assistants). */
export function coveredByRequirement(user: Pick<CurrentUser, 'role' | 'assistant'>): boolean {
  return (['admin', 'ot', 'ota'] as Actor[]).includes(actorOf(user));
}

/** What a correct password leads to: a code to ask for, a set-up to insist on, or neither. */
export async function afterPasswordStep(db: Db, user: CurrentUser): Promise<'code' | 'enrol' | 'none'> {
  const found = await db.user.findUnique({ where: { id: user.id }, select: { totpEnabledAt: true } });
  if (found?.totpEnabledAt) return 'code';
  if (coveredByRequirement(user) && (await requiresSecondFactor(db))) return 'enrol';
  return 'none';
}

// ---- Enrolment -------------------------------------------------------------------------------

/** A secret being set up, kept in the user's session (sealed) until a code confirms it. */
export type PendingEnrolment = { sealed: string; startedAt: number };

const ENROLMENT_MS = 15 * 60_000;

export function startEnrolment(appSecret: string, userId: number): PendingEnrolment {
  return { sealed: seal(keysFor(appSecret).secret, newTotpSecret(), enrolmentContext(userId)), startedAt: Date.now() };
}

/** The secret being set up, if it is this user's and recent; otherwise null. */
function openEnrolment(appSecret: string, userId: number, pending: PendingEnrolment | undefined): string | null {
  if (!pending || Date.now() - pending.startedAt > ENROLMENT_MS) return null;
  return unseal(keysFor(appSecret).secret, pending.sealed, enrolmentContext(userId));
}

export function isEnrolmentUsable(appSecret: string, userId: number, pending: PendingEnrolment | undefined): boolean {
  return openEnrolment(appSecret, userId, pending) !== null;
}

/** What the set-up page shows: the QR code (SVG we drew) and the same secret as text. */
export async function enrolmentView(appSecret: string, user: Pick<CurrentUser, 'id' | 'email'>, pending: PendingEnrolment) {
  const secret = openEnrolment(appSecret, user.id, pending);
  if (!secret) throw new Conflict('This set-up has expired. Reload the page to start again.');
  return { qrSvg: await qrCodeSvg(otpauthUri(secret, user.email)), secretText: groupedSecret(secret) };
}

const WRONG_SETUP_CODE = 'That code does not match. Check that the app shows Tandem and your email, and type the code it shows now.';

/** Confirms the set-up with a current code; answers the ten recovery codes, to be shown once. */
export async function confirmEnrolment(
  db: Db,
  appSecret: string,
  caller: Caller,
  pending: PendingEnrolment | undefined,
  code: string,
): Promise<string[]> {
  const keys = keysFor(appSecret);
  const userId = caller.user.id;
  const secret = openEnrolment(appSecret, userId, pending);
  if (!secret) throw new Invalid({ code: 'This set-up has expired. Scan the new QR code below and type the code it shows.' });
  const check = await checkTotp(secret, code.replace(/\s/g, ''), null);
  if (!check.ok) throw new Invalid({ code: WRONG_SETUP_CODE });
  const codes = newRecoveryCodes();
  await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: userId, totpEnabledAt: null },
      data: { totpSecret: seal(keys.secret, secret, storedContext(userId)), totpEnabledAt: new Date(), totpLastStep: check.step },
    });
    if (count === 0) throw new Conflict('Your second factor is already on.');
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.recoveryCode.createMany({
      data: codes.map((c) => ({ userId, codeHash: recoveryHash(keys, userId, normalRecoveryCode(c)!) })),
    });
    await recordBy(tx, caller, { action: 'second_factor.enabled', targetType: 'user', targetId: userId });
  });
  return codes;
}

// ---- Checking a code -------------------------------------------------------------------------

type Verified =
  | { ok: true; method: 'code' }
  | { ok: true; method: 'recovery'; recoveryCodesLeft: number }
  | { ok: false; reason: 'none' | 'unreadable' | 'wrong_code' | 'replayed_code' | 'wrong_recovery_code' | 'used_recovery_code' };

/** Checks a 6-digit code or a recovery code, and uses it up: no code passes twice. */
async function verifyCode(db: Db, appSecret: string, userId: number, typed: string): Promise<Verified> {
  const keys = keysFor(appSecret);
  const user = await db.user.findUnique({ where: { id: userId }, select: { totpSecret: true, totpEnabledAt: true, totpLastStep: true } });
  if (!user?.totpSecret || !user.totpEnabledAt) return { ok: false, reason: 'none' };
  const input = codeKind(typed);
  if (input.kind === 'totp') {
    const secret = unseal(keys.secret, user.totpSecret, storedContext(userId));
    if (secret === null) return { ok: false, reason: 'unreadable' };
    const check = await checkTotp(secret, input.code, user.totpLastStep);
    if (!check.ok) return { ok: false, reason: check.replayed ? 'replayed_code' : 'wrong_code' };
    // Two requests with the same code at once: only one moves the last step on.
    const { count } = await db.user.updateMany({
      where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: check.step } }] },
      data: { totpLastStep: check.step },
    });
    return count === 1 ? { ok: true, method: 'code' } : { ok: false, reason: 'replayed_code' };
  }
  if (input.kind === 'recovery') {
    const codeHash = recoveryHash(keys, userId, input.code);
    // One statement marks it used, so two requests with the same code cannot both pass.
    const { count } = await db.recoveryCode.updateMany({ where: { userId, codeHash, usedAt: null }, data: { usedAt: new Date() } });
    if (count === 0) {
      const used = await db.recoveryCode.count({ where: { userId, codeHash } });
      return { ok: false, reason: used ? 'used_recovery_code' : 'wrong_recovery_code' };
    }
    return { ok: true, method: 'recovery', recoveryCodesLeft: await db.recoveryCode.count({ where: { userId, usedAt: null } }) };
  }
  return { ok: false, reason: 'wrong_code' };
}

export type SecondFactorResult =
  | { ok: true; user: CurrentUser; recoveryCodesLeft?: number }
  | { ok: false; reason: 'invalid' | 'replayed' | 'unreadable' | 'unavailable' }
  | { ok: false; reason: 'throttled'; waitSeconds: number };

/** The second step of a password sign-in: throttled, audited, each code good once. */
export async function passSecondFactor(
  db: Db,
  appSecret: string,
  throttle: SignInThrottle,
  input: { userId: number; code: string; ip: string },
): Promise<SecondFactorResult> {
  const user = await db.user.findUnique({
    where: { id: input.userId },
    select: { id: true, email: true, name: true, role: true, assistant: true, mustChangePassword: true, disabledAt: true },
  });
  if (!user || user.disabledAt) return { ok: false, reason: 'unavailable' };
  const { disabledAt: _disabled, ...current } = user;
  const who = { actorId: user.id, actorEmail: user.email, ip: input.ip };

  const wait = await waitBeforeCode(db, throttle, user.id, input.ip);
  if (wait > 0) {
    await recordAudit(db, { action: 'second_factor.throttled', ...who });
    return { ok: false, reason: 'throttled', waitSeconds: wait };
  }
  const result = await verifyCode(db, appSecret, user.id, input.code);
  if (!result.ok) {
    // Reset by an admin since the password was given: start again.
    if (result.reason === 'none') return { ok: false, reason: 'unavailable' };
    await throttle.recordFailure(throttleKey(user.id), input.ip);
    await recordAudit(db, { action: 'second_factor.failure', ...who, detail: { reason: result.reason } });
    const reason = result.reason === 'unreadable' ? 'unreadable' : result.reason === 'replayed_code' ? 'replayed' : 'invalid';
    return { ok: false, reason };
  }
  await throttle.recordSuccess(throttleKey(user.id), input.ip);
  if (result.method === 'recovery') {
    await recordAudit(db, { action: 'second_factor.recovery_used', ...who, detail: { remaining: result.recoveryCodesLeft } });
    return { ok: true, user: current, recoveryCodesLeft: result.recoveryCodesLeft };
  }
  await recordAudit(db, { action: 'second_factor.success', ...who });
  return { ok: true, user: current };
}

// ---- Turning it off, and an admin's reset ------------------------------------------------------

const clearedFactor = { totpSecret: null, totpEnabledAt: null, totpLastStep: null };

/** The user turns their own second factor off, with a current code (or a recovery code). */
export async function turnOffSecondFactor(
  db: Db,
  appSecret: string,
  throttle: SignInThrottle,
  caller: Caller,
  code: string,
): Promise<void> {
  const userId = caller.user.id;
  const ip = caller.ip ?? '';
  const wait = await waitBeforeCode(db, throttle, userId, ip);
  if (wait > 0) {
    await recordBy(db, caller, { action: 'second_factor.throttled' });
    throw new Invalid({ code: `Too many tries. Wait ${waitWords(wait)} and try again.` });
  }
  const result = await verifyCode(db, appSecret, userId, code);
  if (!result.ok) {
    if (result.reason === 'none') throw new Conflict('Your second factor is already off.');
    await throttle.recordFailure(throttleKey(userId), ip);
    await recordBy(db, caller, { action: 'second_factor.failure', detail: { reason: result.reason } });
    throw new Invalid({ code: 'That code does not match. Type the code your app shows now, or a recovery code.' });
  }
  await throttle.recordSuccess(throttleKey(userId), ip);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: clearedFactor });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await recordBy(tx, caller, { action: 'second_factor.disabled', targetType: 'user', targetId: userId });
  });
}

/**
 * An admin removes a user's second factor (a lost phone, or a new SESSION_SECRET): the secret
 * and recovery codes go, and the user is signed out everywhere. False when they had none.
 */
export async function resetSecondFactor(db: Db, caller: Caller, userId: number): Promise<boolean> {
  await authorize(db, caller, 'admin.users', { type: 'user', id: userId });
  const user = await db.user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true } });
  if (!user) throw new NotFound();
  if (!user.totpEnabledAt) return false;
  await removeFactor(db, userId, { actorId: caller.user.id, actorEmail: caller.user.email, ip: caller.ip ?? null });
  return true;
}

/**
 * The same reset from the command line, by email, for when no admin can sign in (e.g. every
 * admin uses a second factor and SESSION_SECRET was changed). False when there was none.
 */
export async function resetSecondFactorByEmail(db: Db, email: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, totpEnabledAt: true } });
  if (!user) throw new NotFound();
  if (!user.totpEnabledAt) return false;
  await removeFactor(db, user.id, { actorEmail: 'command line' });
  return true;
}

async function removeFactor(db: Db, userId: number, who: { actorId?: number; actorEmail: string; ip?: string | null }) {
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: clearedFactor });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.signInSession.deleteMany({ where: { userId } });
    await recordAudit(tx, { action: 'second_factor.reset', ...who, targetType: 'user', targetId: userId });
  });
}
