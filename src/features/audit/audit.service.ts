// The audit trail: who did what to which record, when (UTC) and from where.
// Callers pass ids and field names in `detail`, never note text or passwords.
import { tz } from '@date-fns/tz';
import { stringify } from 'csv-stringify/sync';
import { format } from 'date-fns';
import type { Db } from '../../db/client.js';
import type { Prisma } from '../../db/client.js';
import { auditActionLabel, detailWords, targetLabel } from './audit-actions.js';
import type { AuditAction } from './audit-actions.js';
import { neutraliseFormula } from '../sessions/export.service.js';

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
  await db.auditEvent.create({ data: auditData(entry) });
}

/** An entry as a row of the audit table: for `createMany` when a bulk change records many. */
export function auditData(entry: AuditEntry): Prisma.AuditEventCreateManyInput {
  return {
    action: entry.action,
    actorId: entry.actorId ?? null,
    actorEmail: entry.actorEmail ?? null,
    studentId: entry.studentId ?? null,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId === undefined ? null : String(entry.targetId),
    ip: entry.ip ?? null,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
  };
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

function auditWhere(filters: AuditFilters): Prisma.AuditEventWhereInput {
  return {
    actorId: filters.actorId,
    studentId: filters.studentId,
    // An action, or a group of them by prefix: "student.goal" takes in "student.goal.added".
    OR: filters.action ? [{ action: filters.action }, { action: { startsWith: `${filters.action}.` } }] : undefined,
    at: filters.from || filters.to ? { gte: filters.from, lt: filters.to } : undefined,
  };
}

export async function listAudit(db: Db, filters: AuditFilters, page: { skip: number; take: number }) {
  const where = auditWhere(filters);
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
      // The daily clean-up has no person behind it.
      who: e.actor ? e.actor.name : (e.actorEmail ?? (e.action === 'audit.pruned' ? 'Tandem (daily clean-up)' : 'unknown')),
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

// ---------------------------------------------------------------------------------------------
// The trail as CSV, and its retention.

/**
 * The CSV's columns: the time twice, exact in UTC (ISO 8601) for programs, and as the district's
 * clock read it ("2026-11-30 15:05") for people, its zone named in the header. Two names either
 * way, even where the district keeps UTC, so a spreadsheet never sees the same header twice.
 */
export function auditCsvColumns(timeZone: string): string[] {
  return ['When (UTC)', `Local time (${timeZone})`, 'Who', 'Email', 'Action', 'Student', 'Record', 'From address', 'Details'];
}

/** An instant as the clock on the wall in `timeZone` read it: "2026-11-30 15:05". */
export function localDateTime(at: Date, timeZone: string): string {
  return format(at, 'yyyy-MM-dd HH:mm', { in: tz(timeZone) });
}

/** Entries are read this many at a time, so a 200,000-row download never sits in memory whole. */
const CSV_PAGE = 2_000;

/**
 * The entries the filters match, newest first, as CSV cells in the viewer's words, a page at a
 * time: by id (a cursor, not an offset, so page 100 costs what page 1 does). Each page names its
 * students, accounts and schools in the same three queries the viewer uses.
 */
export async function* auditCsvPages(
  db: Db,
  filters: AuditFilters,
  options: {
    /** The district's time zone (config.timeZone), for the local time column. */
    timeZone: string;
    refusedAs?: (permission: string) => string | undefined;
    pageSize?: number;
  },
): AsyncGenerator<string[][]> {
  const { timeZone, refusedAs = () => undefined, pageSize = CSV_PAGE } = options;
  const where = auditWhere(filters);
  let before: number | undefined;
  for (;;) {
    const events = await db.auditEvent.findMany({
      where: before === undefined ? where : { AND: [where, { id: { lt: before } }] },
      orderBy: { id: 'desc' },
      take: pageSize,
      include: { actor: { select: { name: true, email: true } } },
    });
    if (events.length === 0) return;
    const described = await describeAudit(db, events, refusedAs);
    yield described.map((e) =>
      [
        e.at.toISOString(),
        localDateTime(e.at, timeZone),
        e.who,
        e.whoEmail ?? '',
        e.what,
        e.student?.name ?? '',
        e.target,
        e.ip ?? '',
        e.detail,
      ].map(neutraliseFormula),
    );
    if (events.length < pageSize) return;
    before = events[events.length - 1]!.id;
  }
}

/**
 * Rows as CSV text: CRLF, and a lone line break in a cell quoted too (as the service log does).
 * `headerIn` (the district's time zone) starts the file: a byte-order mark and the header row.
 */
export function auditCsv(rows: string[][], options: { headerIn?: string } = {}): string {
  const header = options.headerIn === undefined ? [] : [auditCsvColumns(options.headerIn)];
  return stringify([...header, ...rows], {
    bom: options.headerIn !== undefined,
    record_delimiter: 'windows',
    quoted_match: /[\r\n]/,
  });
}

/**
 * Actions the retention never deletes: a pruning's own entry, so the deletions themselves stay on
 * record, and the deletion of a student's record at the district's request, which is all that is
 * left of it and what the district shows an auditor.
 */
const keptForever: AuditAction[] = ['audit.pruned', 'student.deleted'];

/** `months` calendar months before `now` (UTC), the day clamped to the month's end. */
export function monthsBefore(now: Date, months: number): Date {
  const total = now.getUTCFullYear() * 12 + now.getUTCMonth() - months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(now.getUTCDate(), lastDay);
  return new Date(Date.UTC(year, month, day, now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds()));
}

/**
 * Deletes entries older than the district's retention (DistrictSetting.auditRetentionMonths; none
 * set keeps everything) and records the deletion as one entry with the count. Runs at start and
 * daily (src/server.ts). Returns how many were deleted.
 */
export async function pruneAudit(db: Db, now: Date = new Date()): Promise<number> {
  const setting = await db.districtSetting.findUnique({ where: { id: 1 }, select: { auditRetentionMonths: true } });
  const months = setting?.auditRetentionMonths;
  if (!months) return 0;
  const before = monthsBefore(now, months);
  return db.$transaction(async (tx) => {
    const { count } = await tx.auditEvent.deleteMany({ where: { at: { lt: before }, action: { notIn: keptForever } } });
    if (count > 0) {
      await recordAudit(tx, { action: 'audit.pruned', detail: { deleted: count, months, before: before.toISOString().slice(0, 10) } });
    }
    return count;
  });
}
