// Builders for records, shared by the demo data and the tests so both make data the same way.
import type {
  Attendance,
  GoalArea,
  GoalStatus,
  Measurement,
  NoteStatus,
  PlaceOfService,
  Role,
  ServiceType,
  StudentStatus,
} from '../generated/prisma/enums.js';
import { hashPassword } from '../features/auth/passwords.js';
import { searchNameFor } from '../features/students/search-name.js';
import type { Db } from './client.js';

let counter = 0;
const next = () => ++counter;

export async function makeSchool(db: Db, fields: { name?: string } = {}) {
  return db.school.create({ data: { name: fields.name ?? `School ${next()}` } });
}

export async function makeUser(
  db: Db,
  fields: {
    role: Role;
    name?: string;
    email?: string;
    password?: string;
    /** A hash made once and reused, when many accounts share a password (the demo data). */
    passwordHash?: string;
    disabled?: boolean;
    mustChangePassword?: boolean;
  },
) {
  const n = next();
  return db.user.create({
    data: {
      role: fields.role,
      name: fields.name ?? `${fields.role} ${n}`,
      email: (fields.email ?? `${fields.role}${n}@tandem.example`).toLowerCase(),
      passwordHash: fields.passwordHash ?? (await hashPassword(fields.password ?? 'correct horse battery staple')),
      disabledAt: fields.disabled ? new Date() : null,
      mustChangePassword: fields.mustChangePassword ?? false,
    },
  });
}

export async function makeStudent(
  db: Db,
  fields: {
    schoolId: number;
    firstName?: string;
    lastName?: string;
    preferredName?: string | null;
    /** The student's id in the district's information system; none unless given. */
    districtId?: string | null;
    gradeLevel?: number;
    status?: StudentStatus;
    therapistIds?: number[];
    teacherIds?: number[];
  },
) {
  const n = next();
  const names = {
    firstName: fields.firstName ?? `Student${n}`,
    lastName: fields.lastName ?? `Example${n}`,
    preferredName: fields.preferredName ?? null,
  };
  return db.student.create({
    data: {
      ...names,
      searchName: searchNameFor(names),
      districtId: fields.districtId ?? null,
      gradeLevel: fields.gradeLevel ?? 2,
      status: fields.status ?? 'active',
      schoolId: fields.schoolId,
      therapists: { create: (fields.therapistIds ?? []).map((userId) => ({ userId })) },
      teachers: { create: (fields.teacherIds ?? []).map((userId) => ({ userId })) },
    },
  });
}

/** A baseline and target on each measure's scale (prompt levels go down as skills grow). */
const scales: Record<Measurement, { baseline: number; target: number; criterion: string }> = {
  percent: { baseline: 20, target: 80, criterion: '80% accuracy on 3 of 4 checks' },
  trials: { baseline: 30, target: 80, criterion: '8 of 10 tries on 3 of 4 sessions' },
  prompt: { baseline: 4, target: 1, criterion: 'no more help than a pointing gesture on 4 of 5 days' },
  rubric: { baseline: 1, target: 3, criterion: 'a score of 3 on the class rubric in 3 of 4 samples' },
  steps: { baseline: 2, target: 8, criterion: '8 of 8 steps without help' },
  count: { baseline: 2, target: 15, criterion: '15 a session' },
  duration: { baseline: 60, target: 600, criterion: '10 minutes (600 seconds)' },
};

/** A goal for the school year 2026-27; baseline, target and criterion fit the measurement. */
export async function makeGoal(
  db: Db,
  fields: {
    studentId: number;
    area?: GoalArea;
    statement?: string;
    measurement?: Measurement;
    baselineValue?: number;
    baselineDate?: Date;
    targetCriterion?: string;
    targetValue?: number;
    startDate?: Date;
    targetDate?: Date;
    status?: GoalStatus;
    /** Short-term objectives, in order. */
    objectives?: string[];
  },
) {
  const measurement = fields.measurement ?? 'percent';
  const scale = scales[measurement];
  return db.goal.create({
    data: {
      studentId: fields.studentId,
      area: fields.area ?? 'handwriting',
      statement: fields.statement ?? 'will form lowercase letters so they can be read',
      measurement,
      baselineValue: fields.baselineValue ?? scale.baseline,
      baselineDate: fields.baselineDate ?? new Date('2026-09-01'),
      targetCriterion: fields.targetCriterion ?? scale.criterion,
      targetValue: fields.targetValue ?? scale.target,
      startDate: fields.startDate ?? new Date('2026-09-01'),
      targetDate: fields.targetDate ?? new Date('2027-06-01'),
      status: fields.status ?? 'active',
      objectives: { create: (fields.objectives ?? []).map((text, position) => ({ position, text })) },
    },
  });
}

export type DataPointFields = {
  goalId: number;
  value: number;
  /** The session's date unless given. */
  date?: Date;
  correct?: number | null;
  incorrect?: number | null;
  cued?: number | null;
};

export type SessionStudentFields = {
  studentId: number;
  attendance?: Attendance;
  /** Fewer than the session's, for a child who left early. */
  minutes?: number | null;
  /** The student's response or progress in a sentence, for the service record. */
  response?: string;
  note?: string;
  makeUpForId?: number | null;
  dataPoints?: DataPointFields[];
};

/** A logged session (individual, or a group with several students), each student's row and
 *  their data points. The points go in with one createMany, as the demo term makes hundreds. */
export async function makeSessionLog(
  db: Db,
  fields: {
    providerId: number;
    supervisorId?: number | null;
    date?: Date;
    startTime?: string;
    minutes?: number;
    serviceType?: ServiceType;
    place?: PlaceOfService;
    nature?: string;
    activities?: string;
    /** Logged from the schedule: the slot and the day it was scheduled for. */
    scheduleSlotId?: number | null;
    scheduledFor?: Date | null;
    students: SessionStudentFields[];
  },
) {
  const date = fields.date ?? new Date('2026-09-08');
  const session = await db.sessionLog.create({
    data: {
      providerId: fields.providerId,
      supervisorId: fields.supervisorId ?? null,
      date,
      startTime: fields.startTime ?? '09:00',
      minutes: fields.minutes ?? 30,
      serviceType: fields.serviceType ?? (fields.students.length > 1 ? 'group' : 'individual'),
      activities: fields.activities ?? '',
      place: fields.place ?? 'therapy_room',
      nature: fields.nature ?? 'Work on handwriting',
      scheduleSlotId: fields.scheduleSlotId ?? null,
      scheduledFor: fields.scheduledFor ?? null,
      students: {
        create: fields.students.map((s) => ({
          studentId: s.studentId,
          attendance: s.attendance ?? 'attended',
          minutes: s.minutes ?? null,
          response: s.response ?? ((s.attendance ?? 'attended') === 'attended' ? 'Took part in every activity.' : ''),
          note: s.note ?? '',
          makeUpForId: s.makeUpForId ?? null,
        })),
      },
    },
    include: { students: { orderBy: { id: 'asc' } } },
  });
  const rowOf = new Map(session.students.map((row) => [row.studentId, row.id]));
  const points = fields.students.flatMap((s) =>
    (s.dataPoints ?? []).map((p) => ({
      goalId: p.goalId,
      sessionStudentId: rowOf.get(s.studentId)!,
      date: p.date ?? date,
      value: p.value,
      correct: p.correct ?? null,
      incorrect: p.incorrect ?? null,
      cued: p.cued ?? null,
    })),
  );
  if (points.length) await db.dataPoint.createMany({ data: points });
  return session;
}

/** A progress note, a draft unless told; a final one is finalised now unless told when. */
export async function makeProgressNote(
  db: Db,
  fields: {
    studentId: number;
    createdById: number;
    title?: string;
    periodStart?: Date;
    periodEnd?: Date;
    status?: NoteStatus;
    teacherText?: string;
    familyText?: string;
    version?: number;
    replacesId?: number | null;
    batchId?: number | null;
    finalizedAt?: Date | null;
    sharedAt?: Date | null;
    /** The code (and the reason, when the code is not sufficient) the note gives each goal. */
    goals?: { goalId: number; codeId?: number | null; reason?: string }[];
  },
) {
  const status = fields.status ?? 'draft';
  return db.progressNote.create({
    data: {
      studentId: fields.studentId,
      createdById: fields.createdById,
      title: fields.title ?? `Progress report ${next()}`,
      periodStart: fields.periodStart ?? new Date('2026-09-01'),
      periodEnd: fields.periodEnd ?? new Date('2026-11-20'),
      status,
      teacherText: fields.teacherText ?? 'Now: 6 of 10 tries (60%), compared with 3 of 10 tries (30%) at the start.',
      familyText: fields.familyText ?? 'Your child is getting better at forming letters.',
      version: fields.version ?? 1,
      replacesId: fields.replacesId ?? null,
      batchId: fields.batchId ?? null,
      finalizedAt: fields.finalizedAt !== undefined ? fields.finalizedAt : status === 'final' ? new Date() : null,
      sharedAt: fields.sharedAt ?? null,
      goals: {
        create: (fields.goals ?? []).map((g) => ({ goalId: g.goalId, codeId: g.codeId ?? null, reason: g.reason ?? '' })),
      },
    },
  });
}
