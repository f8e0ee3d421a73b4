// User accounts, managed by admins.
import { z } from 'zod';
import type { Db, Prisma } from '../../db/client.js';
import { authorize } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import { Conflict, Invalid, NotFound } from '../../web/errors.js';
import { enumValues } from '../../labels.js';
import { email, line, searchText } from '../../web/validation.js';
import { recordBy } from '../audit/audit.service.js';
import { hashPassword, temporaryPassword } from '../auth/passwords.js';

export const roles = enumValues('Role');

export const userForm = z.object({
  name: line('the full name', 100),
  email,
  role: z.enum(roles, { error: 'Choose a role' }),
  /** An unticked checkbox sends nothing. Only therapists can be assistants. */
  assistant: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
  /** An OT's or OT assistant's hours a week, for the workload picture; empty when not known. */
  hoursPerWeek: z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim())
    .pipe(
      z
        .string()
        .regex(/^(\d{1,3}(\.\d{1,2})?)?$/, 'Enter the hours a week as a number, like 37.5')
        .transform((s) => (s === '' ? null : Number(s)))
        .pipe(z.number().min(1, 'Use at least 1 hour a week').max(60, 'Use at most 60 hours a week').nullable()),
    ),
});

/** Only therapists can be OT assistants, or have hours a week. */
function accountFields(input: z.output<typeof userForm>) {
  const therapist = input.role === 'therapist';
  return { ...input, assistant: therapist && input.assistant, hoursPerWeek: therapist ? input.hoursPerWeek : null };
}

export const userFilters = z.object({
  q: searchText(),
  role: z.enum(roles).optional().catch(undefined),
  status: z.enum(['active', 'disabled']).optional().catch(undefined),
});

export async function listUsers(db: Db, filters: z.output<typeof userFilters>, page: { skip: number; take: number }) {
  const where: Prisma.UserWhereInput = {
    role: filters.role,
    disabledAt: filters.status === 'disabled' ? { not: null } : filters.status === 'active' ? null : undefined,
    id: filters.q ? { in: await userIdsMatching(db, filters.q) } : undefined,
  };
  const [users, total] = await Promise.all([
    db.user.findMany({
      where,
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      skip: page.skip,
      take: page.take,
      select: { id: true, name: true, email: true, role: true, assistant: true, disabledAt: true, lastSignInAt: true },
    }),
    db.user.count({ where }),
  ]);
  return { users, total };
}

/**
 * The accounts whose name or email holds `text`, whatever its case. Prisma's `contains` ignores
 * case on SQLite but not on PostgreSQL (and SQLite refuses `mode: 'insensitive'`), so both sides
 * are lowercased in SQL, the same on both. SQLite's lower() folds only A-Z: a capital such as "É"
 * is matched as typed there, in any case on PostgreSQL. A lowercased copy of the name in the
 * table (like Student.searchName) would make it exact on both.
 */
export async function userIdsMatching(db: Db, text: string): Promise<number[]> {
  const pattern = `%${likeEscaped(text.toLowerCase())}%`;
  const rows = await db.$queryRaw<{ id: number | bigint }[]>`
    SELECT "id" FROM "User" WHERE lower("name") LIKE ${pattern} ESCAPE '!' OR lower("email") LIKE ${pattern} ESCAPE '!'`;
  return rows.map((r) => Number(r.id));
}

/** Text matched literally by LIKE ... ESCAPE '!': its wildcards and the escape character escaped. */
export function likeEscaped(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}

export async function getUser(db: Db, id: number) {
  // The caseload and the class counted by the user's own links: Prisma's nested _count groups the
  // whole link table (every student's OTs and teachers in the district) to count one user's.
  const [user, caseload, classes] = await Promise.all([
    db.user.findUnique({
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
        hoursPerWeek: true,
      },
    }),
    db.studentTherapist.count({ where: { userId: id } }),
    db.studentTeacher.count({ where: { userId: id } }),
  ]);
  if (!user) throw new NotFound();
  return { ...user, _count: { caseload, classes } };
}

export type NewAccount = { userId: number; temporaryPassword: string };

export async function createUser(db: Db, caller: Caller, input: z.output<typeof userForm>): Promise<NewAccount> {
  await authorize(db, caller, 'admin.users', { type: 'user' });
  const taken = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (taken) throw new Invalid({ email: 'An account with this email already exists' });
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const user = await db.$transaction(async (tx) => {
    const created = await tx.user.create({ data: { ...accountFields(input), passwordHash, mustChangePassword: true } });
    await recordBy(tx, caller, {
      action: 'user.created',
      targetType: 'user',
      targetId: created.id,
      detail: { role: input.role },
    });
    return created;
  });
  return { userId: user.id, temporaryPassword: password };
}

export async function updateUser(db: Db, caller: Caller, id: number, input: z.output<typeof userForm>): Promise<void> {
  await authorize(db, caller, 'admin.users', { type: 'user', id });
  const current = await getUser(db, id);
  if (id === caller.user.id && input.role !== 'admin') {
    throw new Invalid({ role: 'You cannot take away your own admin role. Ask another admin.' });
  }
  const taken = await db.user.findFirst({ where: { email: input.email, id: { not: id } }, select: { id: true } });
  if (taken) throw new Invalid({ email: 'Another account already uses this email' });
  const next = accountFields(input);
  const changed = (['name', 'email', 'role', 'assistant', 'hoursPerWeek'] as const).filter((f) => current[f] !== next[f]);
  if (changed.length === 0) return;
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id }, data: next });
    await recordBy(tx, caller, {
      action: 'user.updated',
      targetType: 'user',
      targetId: id,
      detail: { fields: changed.join(','), role: input.role },
    });
  });
}

/** Disabling ends every session of the user at once, as well as refusing their next sign-in. */
export async function setDisabled(db: Db, caller: Caller, id: number, disabled: boolean): Promise<void> {
  await authorize(db, caller, 'admin.users', { type: 'user', id });
  await getUser(db, id);
  if (id === caller.user.id && disabled) throw new Conflict('You cannot disable your own account.');
  await db.$transaction(async (tx) => {
    // Disabling also revokes the schedule's calendar link, so a re-enabled account does not bring
    // back a link that may have leaked while it was off.
    await tx.user.update({
      where: { id },
      data: disabled ? { disabledAt: new Date(), calendarFeedHash: null, calendarFeedAt: null } : { disabledAt: null },
    });
    if (disabled) await tx.signInSession.deleteMany({ where: { userId: id } });
    await recordBy(tx, caller, {
      action: disabled ? 'user.disabled' : 'user.enabled',
      targetType: 'user',
      targetId: id,
    });
  });
}

export async function resetPassword(db: Db, caller: Caller, id: number): Promise<string> {
  await authorize(db, caller, 'admin.users', { type: 'user', id });
  await getUser(db, id);
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id }, data: { passwordHash, mustChangePassword: true } });
    await tx.signInSession.deleteMany({ where: { userId: id } });
    await recordBy(tx, caller, {
      action: 'password.reset',
      targetType: 'user',
      targetId: id,
    });
  });
  return password;
}
