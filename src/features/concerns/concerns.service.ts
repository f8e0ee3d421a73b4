// Concerns from teachers and the OTs' queue. Where a concern goes is concernScope's answer:
// the student's own OTs, or for a new student the OTs an admin assigned to the school.
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { CurrentUser } from '../../access/current-user.js';
import { authorize, loadConcern } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import { can } from '../../access/policy.js';
import type { Action } from '../../access/policy.js';
import { Conflict, Invalid } from '../../web/errors.js';
import { recordBy } from '../audit/audit.service.js';
import { searchNameFor } from '../students/search-name.js';
import { caseloadScope, concernListScopeSql, studentScope } from '../../access/scope.js';
import type { SqlCondition } from '../../access/scope.js';
import { reads } from '../../db/reads.js';
import type { concernForm } from './concerns.schema.js';
import { ConcernStatus } from '../../generated/prisma/enums.js';

/** What the concern form offers: the teacher's own students, and the schools for a new one. */
export async function concernFormChoices(db: Db, user: CurrentUser) {
  const [students, schools] = await Promise.all([
    db.student.findMany({
      where: await caseloadScope(db, user),
      orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
      take: 300,
      select: { id: true, firstName: true, lastName: true },
    }),
    db.school.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
  ]);
  return { students, schools };
}

export async function raiseConcern(db: Db, caller: Caller, input: z.output<typeof concernForm>): Promise<number> {
  await authorize(db, caller, 'concern.raise', { type: 'concern' });
  let schoolId = input.schoolId;
  if (input.studentId !== null) {
    const student = await db.student.findFirst({
      where: { AND: [{ id: input.studentId }, studentScope(caller.user)] },
      select: { schoolId: true },
    });
    if (!student) throw new Invalid({ studentId: 'Choose one of your students' });
    schoolId = student.schoolId;
  } else if (schoolId === null || !(await db.school.findUnique({ where: { id: schoolId }, select: { id: true } }))) {
    throw new Invalid({ schoolId: 'Choose the school' });
  }
  return db.$transaction(async (tx) => {
    const c = await tx.concern.create({
      data: {
        teacherId: caller.user.id,
        schoolId,
        studentId: input.studentId,
        studentName: input.studentId === null ? input.studentName : null,
        gradeLevel: input.studentId === null ? input.gradeLevel : null,
        signs: input.signs.join(','),
        example: input.example,
      },
    });
    await recordBy(tx, caller, { action: 'concern.raised', studentId: input.studentId, targetType: 'concern', targetId: c.id });
    return c.id;
  });
}

/**
 * The concerns a teacher raised, or those sent to an OT (see concernScope): open ones first, then
 * referred, then closed, newest first within each; a page of them (years of closed concerns come
 * last, a page at a time) and how many in all. Two statements that skip Prisma (db/reads.ts) and
 * start from the caller's students and schools (concernListScopeSql), so their cost follows the
 * caseload, not the district's history of concerns. The statuses are put in order by name:
 * ordering by the column sorts "closed" first on SQLite but not on PostgreSQL.
 */
export async function listConcerns(db: Db, user: CurrentUser, page: { skip: number; take: number }) {
  const scope = concernListScopeSql(user, 'c');
  const [rows, counted] = await Promise.all([
    listedConcerns(db, scope, page),
    reads(db).get<{ total: number }>(`SELECT COUNT(*) AS "total" FROM "Concern" c WHERE ${scope.sql}`, scope.params),
  ]);
  const concerns = rows.map(({ teacherName, schoolName, firstName, lastName, messages, ...concern }) => ({
    ...concern,
    teacher: { name: teacherName },
    school: { name: schoolName },
    student: concern.studentId !== null ? { id: concern.studentId, firstName: firstName ?? '', lastName: lastName ?? '' } : null,
    _count: { messages: Number(messages) },
  }));
  return { concerns, total: counted?.total ?? 0 };
}

function listedConcerns(db: Db, scope: SqlCondition, page: { skip: number; take: number }) {
  return reads(db).all<ListedConcernRow>(
    `SELECT c."id", c."teacherId", c."schoolId", c."studentId", c."studentName", c."gradeLevel", c."signs", c."example",
            c."status", c."createdAt", c."updatedAt", t."name" AS "teacherName", sc."name" AS "schoolName",
            s."firstName", s."lastName",
            (SELECT COUNT(*) FROM "ConcernMessage" m WHERE m."concernId" = c."id") AS "messages"
     FROM "Concern" c
     JOIN "User" t ON t."id" = c."teacherId"
     JOIN "School" sc ON sc."id" = c."schoolId"
     LEFT JOIN "Student" s ON s."id" = c."studentId"
     WHERE ${scope.sql}
     ORDER BY CASE c."status" WHEN 'open' THEN 0 WHEN 'referred' THEN 1 ELSE 2 END, c."createdAt" DESC, c."id" DESC
     LIMIT ? OFFSET ?`,
    [...scope.params, page.take, page.skip],
  );
}

type ListedConcernRow = {
  id: number;
  teacherId: number;
  schoolId: number;
  studentId: number | null;
  studentName: string | null;
  gradeLevel: number | null;
  signs: string;
  example: string;
  status: ConcernStatus;
  createdAt: Date;
  updatedAt: Date;
  teacherName: string;
  schoolName: string;
  firstName: string | null;
  lastName: string | null;
  messages: number;
};

export function getConcern(db: Db, caller: Caller, id: number, action: Action = 'concern.view') {
  return loadConcern(db, caller, id, action, (where) =>
    db.concern.findFirst({
      where,
      include: {
        teacher: { select: { id: true, name: true } },
        school: { select: { name: true } },
        student: {
          select: {
            id: true,
            firstName: true,
            lastName: true,
            therapists: { select: { userId: true, user: { select: { assistant: true } } } },
          },
        },
        messages: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], include: { author: { select: { name: true, role: true } } } },
      },
    }),
  );
}

type ConcernDetail = Awaited<ReturnType<typeof getConcern>>;

/**
 * Whether this OT may take the concern as a referral: it is still open, and the student is new
 * to Tandem, has no OT yet, or is already theirs. Taking one never adds anyone to another
 * OT's student.
 */
export function takeable(concern: ConcernDetail, user: CurrentUser): boolean {
  if (concern.status !== 'open' || !can(user, 'concern.refer')) return false;
  const ots = concern.student?.therapists.filter((t) => !t.user.assistant).map((t) => t.userId) ?? [];
  return ots.every((id) => id === user.id);
}

/**
 * A concern sent to this OT's school that another OT has since taken as a referral: it is
 * theirs now, so it leaves this OT's queue. Says who took it, for an OT who still had it open.
 */
export async function takenBy(db: Db, user: CurrentUser, id: number): Promise<string | null> {
  const concern = await db.concern.findFirst({
    where: {
      id,
      status: 'referred',
      school: { therapists: { some: { userId: user.id } } },
      student: { therapists: { none: { userId: user.id } } },
    },
    select: { student: { select: { therapists: { select: { user: { select: { name: true } } } } } } },
  });
  return concern ? (concern.student?.therapists.map((t) => t.user.name).join(' and ') ?? 'Another OT') : null;
}

export async function addMessage(db: Db, caller: Caller, id: number, body: string) {
  const concern = await getConcern(db, caller, id, 'concern.reply');
  await db.$transaction(async (tx) => {
    await tx.concernMessage.create({ data: { concernId: concern.id, authorId: caller.user.id, body } });
    await recordBy(tx, caller, { action: 'concern.message', studentId: concern.studentId, targetType: 'concern', targetId: concern.id });
  });
}

/** The OT takes a concern as a referral: the student (made now if new) is referred and on their caseload. */
export async function referConcern(db: Db, caller: Caller, id: number): Promise<number> {
  const { user } = caller;
  const concern = await getConcern(db, caller, id, 'concern.refer');
  if (concern.status !== 'open') throw new Conflict('This concern is already referred or closed.');
  if (!takeable(concern, user)) throw new Conflict('This student already has an OT: the concern is theirs to take.');
  return db.$transaction(async (tx) => {
    let studentId = concern.studentId;
    if (studentId === null) {
      const [firstName, ...rest] = (concern.studentName ?? 'New student').split(/\s+/);
      const names = { firstName: firstName ?? 'New', lastName: rest.join(' ') || '(surname to add)', preferredName: null };
      const student = await tx.student.create({
        data: {
          ...names,
          searchName: searchNameFor(names),
          gradeLevel: concern.gradeLevel ?? 0,
          schoolId: concern.schoolId,
          // No plan until the evaluation decides eligibility.
          status: 'referred',
          planType: 'none',
          teachers: { create: { userId: concern.teacher.id } },
        },
      });
      studentId = student.id;
    } else {
      // Checked again inside the transaction: another OT may have been assigned meanwhile.
      const others = await tx.studentTherapist.count({ where: { studentId, userId: { not: user.id }, user: { assistant: false } } });
      if (others > 0) throw new Conflict('This student already has an OT: the concern is theirs to take.');
      // An exited student referred again has no plan until a new evaluation decides eligibility.
      await tx.student.updateMany({
        where: { id: studentId, status: 'exited' },
        data: {
          status: 'referred',
          planType: 'none',
          planStart: null,
          annualReviewDue: null,
          exitedOn: null,
          exitReason: null,
          version: { increment: 1 },
        },
      });
    }
    await tx.studentTherapist.upsert({
      where: { studentId_userId: { studentId, userId: user.id } },
      create: { studentId, userId: user.id },
      update: {},
    });
    await tx.concern.update({ where: { id: concern.id }, data: { status: 'referred', studentId } });
    await recordBy(tx, caller, { action: 'concern.referred', studentId, targetType: 'concern', targetId: concern.id });
    return studentId;
  });
}
