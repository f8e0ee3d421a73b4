// Signing in and changing passwords. Knows nothing of HTTP.
import type { Db } from '../../db/client.js';
import { Invalid } from '../../web/errors.js';
import type { CurrentUser } from '../../access/current-user.js';
import { currentUserOf } from '../../access/current-user.js';
import type { AuditAction } from '../audit/audit-actions.js';
import { recordAudit } from '../audit/audit.service.js';
import { PASSWORD_MAX, hashPassword, passwordProblem, personalWords, verifyAgainstNothing, verifyPassword } from './passwords.js';
import type { SignInThrottle } from './throttle.js';

export type SignInResult =
  { ok: true; user: CurrentUser } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'throttled'; waitSeconds: number };

export async function signIn(
  db: Db,
  throttle: SignInThrottle,
  input: { email: string; password: string; ip: string },
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase().slice(0, 254);
  const wait = await throttle.waitSeconds(email, input.ip);
  if (wait > 0) {
    await recordAudit(db, { action: 'sign_in.throttled', actorEmail: email, ip: input.ip });
    return { ok: false, reason: 'throttled', waitSeconds: wait };
  }

  const user = await db.user.findUnique({ where: { email } });
  // Over-long input is never hashed: it cannot be a valid password.
  const password = input.password.length > PASSWORD_MAX ? null : input.password;
  let failure: string | null = null;
  if (!user) {
    await verifyAgainstNothing(password ?? '');
    failure = 'unknown_account';
  } else if (password === null || !(await verifyPassword(user.passwordHash, password))) {
    failure = 'wrong_password';
  } else if (user.disabledAt) {
    failure = 'disabled';
  }

  if (failure || !user) {
    await throttle.recordFailure(email, input.ip);
    await recordAudit(db, {
      action: 'sign_in.failure',
      actorId: user?.id,
      actorEmail: email,
      ip: input.ip,
      detail: { reason: failure ?? 'unknown_account' },
    });
    return { ok: false, reason: 'invalid' };
  }

  await throttle.recordSuccess(email, input.ip);
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  // With a second factor, the password is only the first half: the code step records the sign-in.
  const action = user.totpEnabledAt ? 'sign_in.password_ok' : 'sign_in.success';
  await recordAudit(db, { action, actorId: user.id, actorEmail: user.email, ip: input.ip });
  return {
    ok: true,
    user: currentUserOf(user),
  };
}

export async function changePassword(
  db: Db,
  userId: number,
  input: { current: string; password: string; ip: string; keepSessionId: string },
): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (input.current.length > PASSWORD_MAX || !(await verifyPassword(user.passwordHash, input.current))) {
    throw new Invalid({ current: 'That is not your current password' });
  }
  // A temporary password an admin handed over must be replaced, not kept.
  if (input.password === input.current) {
    throw new Invalid({ password: 'Choose a password different from your current one' });
  }
  // The form checked for common passwords; only here do we know whose name and email to check against.
  const problem = passwordProblem(input.password, personalWords(user));
  if (problem) throw new Invalid({ password: problem });
  const passwordHash = await hashPassword(input.password);
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { passwordHash, mustChangePassword: false } }),
    // Anyone signed in elsewhere with the old password is signed out.
    db.signInSession.deleteMany({ where: { userId, sid: { not: input.keepSessionId } } }),
    db.auditEvent.create({
      data: {
        // Written directly, inside the batch; the type keeps it among the actions the viewer names.
        action: 'password.changed' satisfies AuditAction,
        actorId: user.id,
        actorEmail: user.email,
        ip: input.ip,
        targetType: 'user',
        targetId: String(user.id),
      },
    }),
  ]);
}
