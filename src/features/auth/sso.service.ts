// Who a single sign-on is: the account an admin made for the verified email, or (when the
// district allows it) a new teacher account. Every outcome is audited. Knows nothing of HTTP.
import { randomBytes } from 'node:crypto';
import type { OidcConfig } from '../../config.js';
import type { Db } from '../../db/client.js';
import type { CurrentUser } from '../../access/current-user.js';
import { currentUserOf } from '../../access/current-user.js';
import { recordAudit } from '../audit/audit.service.js';
import { hashPassword } from './passwords.js';
import type { SsoIdentity } from './sso-client.js';

/** Why a single sign-on was refused: the `reason` of its `sign_in.failure` audit entry. */
export type SsoRefusal =
  | 'sso_expired'
  | 'sso_cancelled'
  | 'sso_invalid'
  | 'email_missing'
  | 'email_unverified'
  | 'domain_not_served'
  | 'unknown_account'
  | 'disabled';

export type SsoSignInResult = { ok: true; user: CurrentUser; created: boolean } | { ok: false; reason: SsoRefusal };

export async function recordSsoRefusal(
  db: Db,
  reason: SsoRefusal,
  who: { ip: string; email?: string | null; userId?: number | null },
): Promise<void> {
  await recordAudit(db, {
    action: 'sign_in.failure',
    actorId: who.userId ?? null,
    actorEmail: who.email ?? null,
    ip: who.ip,
    detail: { method: 'sso', reason },
  });
}

export async function ssoSignIn(db: Db, oidc: OidcConfig, identity: SsoIdentity, ip: string): Promise<SsoSignInResult> {
  const email = identity.email?.trim().toLowerCase().slice(0, 254) ?? '';
  const refuse = async (reason: SsoRefusal, userId?: number): Promise<SsoSignInResult> => {
    await recordSsoRefusal(db, reason, { ip, email: email || null, userId });
    return { ok: false, reason };
  };

  if (!email.includes('@')) return refuse('email_missing');
  // An unverified email could be anyone's: never match an account by it.
  if (!identity.emailVerified) return refuse('email_unverified');
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (!oidc.emailDomains.includes(domain)) return refuse('domain_not_served');
  // With Google, only an account of the district's own Workspace (a personal Google account can
  // carry a verified address at any domain).
  if (identity.workspaceDomain !== undefined && !oidc.emailDomains.includes(identity.workspaceDomain ?? '')) {
    return refuse('domain_not_served');
  }

  let user = await db.user.findUnique({ where: { email } });
  let created = false;
  if (!user) {
    if (oidc.newUsers !== 'teacher') return refuse('unknown_account');
    user = await createTeacher(db, email, identity.name, ip);
    created = true;
  }
  if (user.disabledAt) return refuse('disabled', user.id);

  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  await recordAudit(db, { action: 'sign_in.success', actorId: user.id, actorEmail: user.email, ip, detail: { method: 'sso' } });
  return {
    ok: true,
    created,
    user: currentUserOf(user),
  };
}

/**
 * A teacher account with no students for a first sign-in, as the district allowed. Its password
 * is one nobody knows: the person signs in with the district account (an admin can still give a
 * temporary password).
 */
async function createTeacher(db: Db, email: string, name: string | null, ip: string) {
  const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email, name: displayName(name, email), role: 'teacher', passwordHash } });
      await recordAudit(tx, {
        action: 'user.created',
        actorId: user.id,
        actorEmail: email,
        ip,
        targetType: 'user',
        targetId: user.id,
        detail: { role: 'teacher', method: 'sso' },
      });
      return user;
    });
  } catch (err) {
    // Two first sign-ins at once: the other one made the account.
    const existing = await db.user.findUnique({ where: { email } });
    if (existing) return existing;
    throw err;
  }
}

/** The provider's name for the person, as plain text of a sensible length; else the email's local part. */
function displayName(name: string | null, email: string): string {
  const cleaned = (name ?? '')
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);
  return cleaned || email.slice(0, email.indexOf('@'));
}
