// The audit trail: who did what to which record, when (UTC) and from where.
// Callers pass ids and field names in `detail`, never note text or passwords.
import type { Db } from '../../db/client.js';
import type { Prisma } from '../../db/client.js';

export type AuditEntry = {
  action: string;
  actorId?: number | null;
  actorEmail?: string | null;
  studentId?: number | null;
  targetType?: string;
  targetId?: string | number;
  ip?: string | null;
  detail?: Record<string, string | number | boolean | null>;
};

export async function recordAudit(db: Db | Prisma.TransactionClient, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      action: entry.action,
      actorId: entry.actorId ?? null,
      actorEmail: entry.actorEmail ?? null,
      studentId: entry.studentId ?? null,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId === undefined ? null : String(entry.targetId),
      ip: entry.ip ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    },
  });
}

/** The viewer pages through at most this many entries; narrower filters reach older ones. */
export const AUDIT_COUNT_CAP = 10_000;

export type AuditFilters = {
  actorId?: number;
  action?: string;
  studentId?: number;
  from?: Date;
  to?: Date;
};

/** The audit viewer filters by a person's email; null when no account has it. */
export async function actorIdByEmail(db: Db, email: string): Promise<number | null> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  return user?.id ?? null;
}

export async function listAudit(db: Db, filters: AuditFilters, page: { skip: number; take: number }) {
  const where: Prisma.AuditEventWhereInput = {
    actorId: filters.actorId,
    studentId: filters.studentId,
    action: filters.action ? { startsWith: filters.action } : undefined,
    at: filters.from || filters.to ? { gte: filters.from, lt: filters.to } : undefined,
  };
  const [events, total] = await Promise.all([
    db.auditEvent.findMany({
      where,
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      skip: page.skip,
      take: page.take,
      include: { actor: { select: { name: true, email: true } } },
    }),
    // Counting a whole district's trail costs more than the page itself: count up to a cap.
    db.auditEvent.count({ where, take: AUDIT_COUNT_CAP + 1 }),
  ]);
  return { events, total: Math.min(total, AUDIT_COUNT_CAP), more: total > AUDIT_COUNT_CAP };
}

const actionWords: Record<string, string> = {
  'sign_in.success': 'Signed in',
  'sign_in.failure': 'Sign-in failed',
  'sign_in.throttled': 'Sign-in refused: too many tries',
  sign_out: 'Signed out',
  'password.changed': 'Changed their password',
  'password.reset': 'Gave a temporary password',
  'access.denied': 'Was refused access',
  'student.view': 'Viewed a student',
  'student.team.added': "Added to a student's team",
  'student.team.removed': "Removed from a student's team",
  'user.created': 'Created an account',
  'user.updated': 'Changed an account',
  'user.disabled': 'Disabled an account',
  'user.enabled': 'Enabled an account',
  'school.created': 'Added a school',
  'school.renamed': 'Renamed a school',
};

/** An action in plain words for the viewer; the code itself for any not listed. */
export function auditActionLabel(action: string): string {
  return actionWords[action] ?? action;
}

/** The actions the viewer offers as a filter, grouped by what they touch. */
export const auditActions = [
  { value: 'sign_in', label: 'Sign-ins (all)' },
  { value: 'sign_in.success', label: 'Sign-in succeeded' },
  { value: 'sign_in.failure', label: 'Sign-in failed' },
  { value: 'sign_in.throttled', label: 'Sign-in throttled' },
  { value: 'sign_out', label: 'Sign-out' },
  { value: 'password', label: 'Password changes and resets' },
  { value: 'access.denied', label: 'Access refused' },
  { value: 'student', label: 'Student records (all)' },
  { value: 'student.view', label: 'Student viewed' },
  { value: 'student.team', label: 'Student team changed' },
  { value: 'user', label: 'User accounts' },
  { value: 'school', label: 'Schools' },
];
