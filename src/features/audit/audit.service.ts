// The audit trail: who did what to which record, when (UTC) and from where.
// Callers pass ids and field names in `detail`, never note text or passwords.
import type { Db } from '../../db/client.js';
import type { Prisma } from '../../db/client.js';
import { auditActionLabel, detailWords, targetLabel } from './audit-actions.js';
import type { AuditAction } from './audit-actions.js';

export type AuditEntry = {
  /** Only actions with words in audit-actions.ts: the viewer says every one in words. */
  action: AuditAction;
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

/** An entry for what the signed-in caller did: who and from where come from the caller. */
export function recordBy(
  db: Db | Prisma.TransactionClient,
  caller: { user: { id: number; email: string }; ip?: string | null },
  entry: Omit<AuditEntry, 'actorId' | 'actorEmail' | 'ip'>,
): Promise<void> {
  return recordAudit(db, { ...entry, actorId: caller.user.id, actorEmail: caller.user.email, ip: caller.ip ?? null });
}

/** The viewer pages through at most this many entries; narrower filters reach older ones. */
const AUDIT_COUNT_CAP = 10_000;

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
    // An action, or a group of them by prefix: "student.goal" takes in "student.goal.added".
    OR: filters.action ? [{ action: filters.action }, { action: { startsWith: `${filters.action}.` } }] : undefined,
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

type AuditRow = {
  at: Date;
  action: string;
  actorId: number | null;
  actorEmail: string | null;
  actor: { name: string; email: string } | null;
  studentId: number | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  detail: string | null;
};

/**
 * A page of entries in words for the viewer: the action, its detail, the student by name and the
 * record it touched. Names come in one query per kind for the whole page (students, accounts,
 * schools), never one per row. A student deleted since shows as a removed student.
 * `refusedAs` names a permission an `access.denied` entry was refused (the policy's words).
 */
export async function describeAudit(db: Db, events: AuditRow[], refusedAs: (permission: string) => string | undefined = () => undefined) {
  const idsOf = (type: string) => [
    ...new Set(events.filter((e) => e.targetType === type && e.targetId && /^\d{1,10}$/.test(e.targetId)).map((e) => Number(e.targetId))),
  ];
  const studentIds = [...new Set(events.map((e) => e.studentId).filter((id): id is number => id !== null))];
  const userIds = idsOf('user');
  const schoolIds = idsOf('school');
  const [students, users, schools] = await Promise.all([
    studentIds.length
      ? db.student.findMany({ where: { id: { in: studentIds } }, select: { id: true, firstName: true, lastName: true } })
      : [],
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [],
    schoolIds.length ? db.school.findMany({ where: { id: { in: schoolIds } }, select: { id: true, name: true } }) : [],
  ]);
  const studentNames = new Map(students.map((s) => [s.id, `${s.firstName} ${s.lastName}`]));
  const named = { user: new Map(users.map((u) => [u.id, u.name])), school: new Map(schools.map((s) => [s.id, s.name])) };

  return events.map((e) => {
    const name = e.targetType === 'user' || e.targetType === 'school' ? named[e.targetType].get(Number(e.targetId)) : undefined;
    const studentName = e.studentId === null ? null : studentNames.get(e.studentId);
    return {
      at: e.at,
      action: e.action,
      who: e.actor ? e.actor.name : (e.actorEmail ?? 'unknown'),
      whoEmail: e.actor?.email ?? null,
      what: auditActionLabel(e.action),
      detail: detailWords(e.action, e.detail, refusedAs),
      student:
        e.studentId === null
          ? null
          : { id: e.studentId, name: studentName ?? `a removed student (record ${e.studentId})`, removed: studentName === undefined },
      // The student is named already; other records in words ("goal 12", "account: Sam Rivera").
      target:
        e.targetType === 'student' ? '' : name ? `${targetLabel(e.targetType, null)}: ${name}` : targetLabel(e.targetType, e.targetId),
      ip: e.ip,
    };
  });
}
