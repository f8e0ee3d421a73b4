// User accounts, managed by admins.
import { z } from 'zod';
import type { Db, Prisma } from '../../db/client.js';
import type { CurrentUser } from '../../web/auth.js';
import { Conflict, NotFound } from '../../web/errors.js';
import { email, line } from '../../web/validation.js';
import { recordAudit } from '../audit/audit.service.js';
import { hashPassword, temporaryPassword } from '../auth/passwords.js';

export const roles = ['admin', 'therapist', 'teacher'] as const;

export const userForm = z.object({
  name: line('the full name', 100),
  email,
  role: z.enum(roles, { error: 'Choose a role' }),
  /** An unticked checkbox sends nothing. Only therapists can be assistants. */
  assistant: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
});

/** Only therapists can be OT assistants. */
function accountFields(input: z.output<typeof userForm>) {
  return { ...input, assistant: input.role === 'therapist' && input.assistant };
}

export const userFilters = z.object({
  q: z
    .string()
    .max(100)
    .optional()
    .catch(undefined)
    .transform((s) => (s ?? '').trim()),
  role: z.enum(roles).optional().catch(undefined),
  status: z.enum(['active', 'disabled']).optional().catch(undefined),
});

export async function listUsers(db: Db, filters: z.output<typeof userFilters>, page: { skip: number; take: number }) {
  const q = filters.q.toLowerCase();
  const where: Prisma.UserWhereInput = {
    role: filters.role,
    disabledAt: filters.status === 'disabled' ? { not: null } : filters.status === 'active' ? null : undefined,
    // SQLite's LIKE ignores case. The PostgreSQL issue must add `mode: 'insensitive'` here.
    OR: q ? [{ email: { contains: q } }, { name: { contains: filters.q } }] : undefined,
  };
  const [users, total] = await Promise.all([
    db.user.findMany({
      where,
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      skip: page.skip,
      take: page.take,
      select: { id: true, name: true, email: true, role: true, disabledAt: true, lastSignInAt: true },
    }),
    db.user.count({ where }),
  ]);
  return { users, total };
}

export async function getUser(db: Db, id: number) {
  const user = await db.user.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      disabledAt: true,
      lastSignInAt: true,
      createdAt: true,
      mustChangePassword: true,
      assistant: true,
      _count: { select: { caseload: true, classes: true } },
    },
  });
  if (!user) throw new NotFound();
  return user;
}

export type NewAccount = { userId: number; temporaryPassword: string };

export async function createUser(
  db: Db,
  admin: CurrentUser,
  input: z.output<typeof userForm>,
  ip: string | undefined,
): Promise<NewAccount | { errors: Record<string, string> }> {
  const taken = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (taken) return { errors: { email: 'An account with this email already exists' } };
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const user = await db.$transaction(async (tx) => {
    const created = await tx.user.create({ data: { ...accountFields(input), passwordHash, mustChangePassword: true } });
    await recordAudit(tx, {
      action: 'user.created',
      actorId: admin.id,
      actorEmail: admin.email,
      targetType: 'user',
      targetId: created.id,
      ip,
      detail: { role: input.role },
    });
    return created;
  });
  return { userId: user.id, temporaryPassword: password };
}

export async function updateUser(
  db: Db,
  admin: CurrentUser,
  id: number,
  input: z.output<typeof userForm>,
  ip: string | undefined,
): Promise<{ errors: Record<string, string> } | null> {
  const current = await getUser(db, id);
  if (id === admin.id && input.role !== 'admin') {
    return { errors: { role: 'You cannot take away your own admin role. Ask another admin.' } };
  }
  const taken = await db.user.findFirst({ where: { email: input.email, id: { not: id } }, select: { id: true } });
  if (taken) return { errors: { email: 'Another account already uses this email' } };
  const next = accountFields(input);
  const changed = (['name', 'email', 'role', 'assistant'] as const).filter((f) => current[f] !== next[f]);
  if (changed.length === 0) return null;
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id }, data: next });
    await recordAudit(tx, {
      action: 'user.updated',
      actorId: admin.id,
      actorEmail: admin.email,
      targetType: 'user',
      targetId: id,
      ip,
      detail: { fields: changed.join(','), role: input.role },
    });
  });
  return null;
}

/** Disabling ends every session of the user at once, as well as refusing their next sign-in. */
export async function setDisabled(db: Db, admin: CurrentUser, id: number, disabled: boolean, ip: string | undefined): Promise<void> {
  await getUser(db, id);
  if (id === admin.id && disabled) throw new Conflict('You cannot disable your own account.');
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id }, data: { disabledAt: disabled ? new Date() : null } });
    if (disabled) await tx.signInSession.deleteMany({ where: { userId: id } });
    await recordAudit(tx, {
      action: disabled ? 'user.disabled' : 'user.enabled',
      actorId: admin.id,
      actorEmail: admin.email,
      targetType: 'user',
      targetId: id,
      ip,
    });
  });
}

export async function resetPassword(db: Db, admin: CurrentUser, id: number, ip: string | undefined): Promise<string> {
  await getUser(db, id);
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id }, data: { passwordHash, mustChangePassword: true } });
    await tx.signInSession.deleteMany({ where: { userId: id } });
    await recordAudit(tx, {
      action: 'password.reset',
      actorId: admin.id,
      actorEmail: admin.email,
      targetType: 'user',
      targetId: id,
      ip,
    });
  });
  return password;
}
