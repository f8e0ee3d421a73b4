// Adding, editing, exiting and re-opening students. Every write is versioned: a save made
// from a stale form is refused with Conflict, never applied over someone else's change.
import { dayKey } from '../../calendar/dates.js';
import type { Db, Prisma } from '../../db/client.js';
import { Conflict, Invalid } from '../../web/errors.js';
import { authorize, loadStudent } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import type { Action } from '../../access/policy.js';
import { recordBy } from '../audit/audit.service.js';
import { searchNameFor } from './search-name.js';
import { isUniqueViolationOn } from '../../unique-violation.js';
import { DUPLICATE_DISTRICT_ID } from './students.schema.js';
import type { StudentInput } from './students.schema.js';

/** A student the caller may change in this way (their caseload, or any for an admin), with the report dates. */
export function editableStudent(db: Db | Prisma.TransactionClient, caller: Caller, id: number, action: Action = 'student.edit') {
  return loadStudent(db, caller, id, action, (where) =>
    db.student.findFirst({ where, include: { reportDates: { orderBy: { dueOn: 'asc' } } } }),
  );
}

function fields(input: StudentInput) {
  const { reportDate1, reportDate2, reportDate3, reportDate4, ...rest } = input;
  const reportDates = [
    ...new Set([reportDate1, reportDate2, reportDate3, reportDate4].filter((d): d is Date => d !== null).map((d) => d.getTime())),
  ]
    .sort((a, b) => a - b)
    .map((t) => new Date(t));
  return { data: { ...rest, searchName: searchNameFor(rest) }, reportDates };
}

/** The district student id is another student's: refused next to the field. Checked inside the
 *  write's transaction; the unique index catches a save racing past the check (P2002). */
async function checkDistrictId(tx: Prisma.TransactionClient, districtId: string | null, id?: number): Promise<void> {
  if (districtId === null) return;
  const taken = await tx.student.findFirst({
    where: { districtId, ...(id === undefined ? {} : { id: { not: id } }) },
    select: { id: true },
  });
  if (taken) throw new Invalid({ districtId: DUPLICATE_DISTRICT_ID });
}

async function uniqueDistrictId<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // Prisma names the index in meta, differently on SQLite and PostgreSQL: see isUniqueViolationOn.
    if (isUniqueViolationOn(error, 'districtId')) throw new Invalid({ districtId: DUPLICATE_DISTRICT_ID });
    throw error;
  }
}

/** The fields an edit changes, named as the audit viewer words them (no values: they may be personal). */
function changedFields(current: Awaited<ReturnType<typeof editableStudent>>, data: ReturnType<typeof fields>['data'], reportDates: Date[]) {
  const same = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);
  const keys = [
    'firstName',
    'lastName',
    'preferredName',
    'districtId',
    'dateOfBirth',
    'gradeLevel',
    'schoolId',
    'planType',
    'status',
    'planStart',
    'annualReviewDue',
    'reevaluationDue',
  ] as const;
  const changed: string[] = keys.filter((k) => !same(current[k] ?? null, data[k] ?? null));
  const dayList = (days: Date[]) => days.map((d) => d.getTime()).join(',');
  if (dayList(current.reportDates.map((r) => r.dueOn)) !== dayList(reportDates)) changed.push('reportDates');
  return changed;
}

export async function createStudent(db: Db, caller: Caller, input: StudentInput): Promise<number> {
  await authorize(db, caller, 'student.add', { type: 'student' });
  const school = await db.school.findUnique({ where: { id: input.schoolId }, select: { id: true } });
  if (!school) throw new Invalid({ schoolId: 'Choose a school' });
  const { data, reportDates } = fields(input);
  return uniqueDistrictId(() =>
    db.$transaction(async (tx) => {
      await checkDistrictId(tx, data.districtId);
      const student = await tx.student.create({
        data: {
          ...data,
          reportDates: { create: reportDates.map((dueOn) => ({ dueOn })) },
          // An OT adds students to their own caseload; an admin assigns them on the team section.
          therapists: caller.user.role === 'therapist' ? { create: { userId: caller.user.id } } : undefined,
        },
      });
      await recordBy(tx, caller, { action: 'student.created', studentId: student.id, targetType: 'student', targetId: student.id });
      return student.id;
    }),
  );
}

export async function updateStudent(db: Db, caller: Caller, id: number, version: number, input: StudentInput): Promise<void> {
  const current = await editableStudent(db, caller, id);
  const { data, reportDates } = fields(input);
  // An exited student stays exited until re-opened on purpose: the edit form has no "exited" choice.
  if (current.status === 'exited') Object.assign(data, { status: 'exited' as const });
  const changed = changedFields(current, data, reportDates);
  await uniqueDistrictId(() =>
    db.$transaction(async (tx) => {
      await checkDistrictId(tx, data.districtId, id);
      const { count } = await tx.student.updateMany({ where: { id, version }, data: { ...data, version: { increment: 1 } } });
      if (count === 0) throw new Conflict();
      await tx.progressReportDate.deleteMany({ where: { studentId: id } });
      if (reportDates.length) await tx.progressReportDate.createMany({ data: reportDates.map((dueOn) => ({ studentId: id, dueOn })) });
      await recordBy(tx, caller, {
        action: 'student.updated',
        studentId: id,
        targetType: 'student',
        targetId: id,
        detail: changed.length ? { fields: changed.join(',') } : undefined,
      });
    }),
  );
}

export async function exitStudent(db: Db, caller: Caller, id: number, input: { exitedOn: Date; exitReason: string; version: number }) {
  await editableStudent(db, caller, id, 'student.exit');
  await db.$transaction(async (tx) => {
    const { count } = await tx.student.updateMany({
      where: { id, version: input.version, status: { not: 'exited' } },
      data: { status: 'exited', exitedOn: input.exitedOn, exitReason: input.exitReason, version: { increment: 1 } },
    });
    if (count === 0) throw new Conflict();
    await recordBy(tx, caller, {
      action: 'student.exited',
      studentId: id,
      targetType: 'student',
      targetId: id,
      detail: { reason: input.exitReason },
    });
  });
}

export async function reopenStudent(db: Db, caller: Caller, id: number, version: number): Promise<void> {
  await editableStudent(db, caller, id, 'student.exit');
  await db.$transaction(async (tx) => {
    const { count } = await tx.student.updateMany({
      where: { id, version, status: 'exited' },
      data: { status: 'active', exitedOn: null, exitReason: null, version: { increment: 1 } },
    });
    if (count === 0) throw new Conflict();
    await recordBy(tx, caller, { action: 'student.reopened', studentId: id, targetType: 'student', targetId: id });
  });
}

/** The form's values for an existing student. */
export function studentFormValues(s: Awaited<ReturnType<typeof editableStudent>>): Record<string, unknown> {
  const iso = (d: Date | null | undefined) => (d ? dayKey(d) : '');
  const values: Record<string, unknown> = {
    firstName: s.firstName,
    lastName: s.lastName,
    preferredName: s.preferredName ?? '',
    districtId: s.districtId ?? '',
    dateOfBirth: iso(s.dateOfBirth),
    gradeLevel: String(s.gradeLevel),
    schoolId: String(s.schoolId),
    planType: s.planType,
    status: s.status,
    planStart: iso(s.planStart),
    annualReviewDue: iso(s.annualReviewDue),
    reevaluationDue: iso(s.reevaluationDue),
    version: String(s.version),
  };
  s.reportDates.slice(0, 4).forEach((r, i) => (values[`reportDate${i + 1}`] = iso(r.dueOn)));
  return values;
}
