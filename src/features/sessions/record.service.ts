// The service record a district relies on. A session is corrected by its provider with a reason
// (the earlier version is kept), voided when it was entered in error (kept, but counting
// nothing), signed by its provider, and co-signed by the OT who supervises an assistant.
//
// Correcting, voiding and signing are the provider's alone: their own session is loaded through
// `providerId`, so anyone else's is "not found". Co-signing is the supervising OT's, loaded
// through `supervisorId` the same way.
import type { Db, Prisma } from '../../db/client.js';
import type { Attendance, PlaceOfService, ServiceType } from '../../generated/prisma/enums.js';
import { daysBetween, dayKey } from '../../calendar/dates.js';
import { authorize, loadSession } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import { can } from '../../access/policy.js';
import { sessionScopeSql, sessionStudentScope } from '../../access/scope.js';
import { reads } from '../../db/reads.js';
import { credentialOf } from '../../labels.js';
import { enumRank, sortedBy } from '../../enum-order.js';
import { Conflict, Invalid } from '../../web/errors.js';
import { formatDate } from '../../web/view-helpers.js';
import { districtSettings } from '../admin/settings.service.js';
import { recordBy } from '../audit/audit.service.js';
import { refuseOverlap } from './overlap.js';
import { pointsFor } from './sessions.service.js';
import { attestation } from './record.schema.js';
import type { SessionInput } from './sessions.service.js';

type Client = Db | Prisma.TransactionClient;
// A transaction client has the same finders; the union of the two has no callable signature.
const asDb = (db: Client) => db as Db;

// ---------------------------------------------------------------------------------------------
// Versions: a session as it stood before a change.

type SnapshotPoint = { goalId: number; date: string; value: number; correct: number | null; incorrect: number | null; cued: number | null };

export type SnapshotStudent = {
  studentId: number;
  attendance: Attendance;
  minutes: number | null;
  response: string;
  note: string;
  makeUpForId: number | null;
  dataPoints: SnapshotPoint[];
};

/** What a SessionLogVersion keeps: every field, every student's row and data, and the signatures it had. */
export type SessionSnapshot = {
  date: string;
  startTime: string;
  minutes: number;
  serviceType: ServiceType;
  place: PlaceOfService;
  nature: string;
  activities: string;
  supervisorId: number | null;
  signed: { at: string; name: string; credential: string } | null;
  cosigned: { at: string; name: string } | null;
  students: SnapshotStudent[];
};

const wholeSession = {
  students: {
    orderBy: { id: 'asc' },
    include: {
      dataPoints: { orderBy: [{ goalId: 'asc' }, { id: 'asc' }] },
      madeUpBy: { select: { session: { select: { date: true } } } },
    },
  },
} as const satisfies Prisma.SessionLogInclude;

type WholeSession = Prisma.SessionLogGetPayload<{ include: typeof wholeSession }>;

function snapshotOf(s: WholeSession): SessionSnapshot {
  return {
    date: s.date.toISOString(),
    startTime: s.startTime,
    minutes: s.minutes,
    serviceType: s.serviceType,
    place: s.place,
    nature: s.nature,
    activities: s.activities,
    supervisorId: s.supervisorId,
    signed: s.signedAt ? { at: s.signedAt.toISOString(), name: s.signedName ?? '', credential: s.signedCredential ?? '' } : null,
    cosigned: s.cosignedAt ? { at: s.cosignedAt.toISOString(), name: s.cosignedName ?? '' } : null,
    students: s.students.map((row) => ({
      studentId: row.studentId,
      attendance: row.attendance,
      minutes: row.minutes,
      response: row.response,
      note: row.note,
      makeUpForId: row.makeUpForId,
      dataPoints: row.dataPoints.map((p) => ({
        goalId: p.goalId,
        date: p.date.toISOString(),
        value: p.value,
        correct: p.correct,
        incorrect: p.incorrect,
        cued: p.cued,
      })),
    })),
  };
}

export function readSnapshot(json: string): SessionSnapshot {
  return JSON.parse(json) as SessionSnapshot;
}

/** What a correction may change, to tell a real correction from a form saved unchanged. */
function content(s: SessionSnapshot) {
  return JSON.stringify({
    ...s,
    date: s.date.slice(0, 10),
    signed: null,
    cosigned: null,
    students: s.students.map((row) => ({
      ...row,
      dataPoints: row.dataPoints.map((p) => ({ ...p, date: null })).sort((a, b) => a.goalId - b.goalId || a.value - b.value),
    })),
  });
}

// ---------------------------------------------------------------------------------------------
// Rules: how long a session may be corrected, and when an unsigned one is flagged.

/** Why this session can no longer be corrected or voided, or null while it can. */
export function closedBecause(session: { date: Date; voidedAt: Date | null }, today: Date, windowDays: number): string | null {
  if (session.voidedAt) return 'This session was voided. A voided record is kept as it is.';
  const age = daysBetween(session.date, today);
  if (age > windowDays)
    return (
      `A session may be corrected or voided for ${windowDays} days after its date (a district setting). ` +
      `This one was on ${formatDate(session.date)}, ${age} days ago, so the record stands as it is.`
    );
  return null;
}

type SignState = { date: Date; voidedAt: Date | null; signedAt: Date | null; cosignedAt: Date | null; supervisorId: number | null };

/** Still waiting for a signature (or, for an assistant's session, the co-signature)? */
export function waitingFor(session: SignState): 'signature' | 'cosignature' | null {
  if (session.voidedAt) return null;
  if (!session.signedAt) return 'signature';
  if (session.supervisorId !== null && !session.cosignedAt) return 'cosignature';
  return null;
}

/** A session still unsigned (or not co-signed) more than the district's days after its date is flagged. */
export function unsignedFlag(session: SignState, today: Date, flagDays: number): string | null {
  const waiting = waitingFor(session);
  const age = daysBetween(session.date, today);
  if (!waiting || age <= flagDays) return null;
  const what = waiting === 'signature' ? 'Not signed' : 'Not co-signed';
  return `${what} ${age} days after the session: the district asks for it within ${flagDays} days.`;
}

// ---------------------------------------------------------------------------------------------
// Loading: the provider's own session, or the supervised one.

/** A session the caller gave: only its provider corrects, voids or signs it. */
function ownSession<T extends { students: { studentId: number }[] }>(
  db: Client,
  caller: Caller,
  id: number,
  action: 'session.correct' | 'session.sign',
  find: (where: Prisma.SessionLogWhereInput) => Promise<T | null>,
): Promise<T> {
  return loadSession(db, caller, id, action, (where) => find({ AND: [where, { providerId: caller.user.id }] }));
}

/** An assistant's session the caller supervises: only that OT co-signs it. */
function supervisedSession<T extends { students: { studentId: number }[] }>(
  db: Client,
  caller: Caller,
  id: number,
  find: (where: Prisma.SessionLogWhereInput) => Promise<T | null>,
): Promise<T> {
  return loadSession(db, caller, id, 'session.cosign', (where) => find({ AND: [where, { supervisorId: caller.user.id }] }));
}

const signFields = { id: true, date: true, version: true, voidedAt: true, signedAt: true, cosignedAt: true, supervisorId: true } as const;

// ---------------------------------------------------------------------------------------------
// Correcting.

/** The session to correct, with each student the caller sees and the goals they may have data for. */
export async function correctionContext(db: Db, caller: Caller, sessionId: number) {
  const goal = { select: { id: true, area: true, statement: true, measurement: true } } as const;
  const session = await ownSession(db, caller, sessionId, 'session.correct', (where) =>
    db.sessionLog.findFirst({
      where,
      include: {
        students: {
          where: sessionStudentScope(caller.user),
          orderBy: { id: 'asc' },
          include: {
            student: {
              select: {
                id: true,
                firstName: true,
                lastName: true,
                preferredName: true,
                // By area in the schema's order below: ordering by an enum differs between databases.
                goals: { where: { status: 'active' }, orderBy: { id: 'asc' }, ...goal },
              },
            },
            dataPoints: { orderBy: { id: 'asc' }, include: { goal } },
          },
        },
      },
    }),
  );
  const students = session.students.map((row) => {
    // The goals open now, and any goal this session already has data for (met or closed since).
    const goals = sortedBy(row.student.goals, (g) => enumRank('GoalArea', g.area));
    for (const p of row.dataPoints) if (!goals.some((g) => g.id === p.goalId)) goals.push(p.goal);
    return { ...row.student, goals, row };
  });
  return { session, students };
}

export type CorrectionContext = Awaited<ReturnType<typeof correctionContext>>;

/** The correction form, filled with the session as it stands. */
export function correctionValues({ session, students }: CorrectionContext): Record<string, unknown> {
  const values: Record<string, unknown> = {
    version: String(session.version),
    date: dayKey(session.date),
    startTime: session.startTime,
    minutes: String(session.minutes),
    serviceType: session.serviceType,
    place: session.place,
    nature: session.nature,
    activities: session.activities ? session.activities.split(',') : [],
    reason: '',
  };
  for (const s of students) {
    values[`attendance_${s.id}`] = s.row.attendance;
    values[`minutes_${s.id}`] = s.row.minutes === null ? '' : String(s.row.minutes);
    values[`response_${s.id}`] = s.row.response;
    values[`note_${s.id}`] = s.row.note;
    for (const p of s.row.dataPoints) {
      if (p.goal.measurement === 'trials') {
        values[`correct_${p.goalId}`] = String(p.correct ?? 0);
        values[`incorrect_${p.goalId}`] = String(p.incorrect ?? 0);
        values[`cued_${p.goalId}`] = String(p.cued ?? 0);
      } else {
        values[`value_${p.goalId}`] = String(p.value);
      }
    }
  }
  return values;
}

/**
 * Corrects the session: the version it replaces is kept with the reason, and the change is
 * audited. A signed session loses its signatures (the signed version stays in the history) and
 * must be signed again. Refused: a stale form (Conflict), a voided session, one past the
 * correction window, a change that overlaps another session, or no change at all (Invalid).
 */
export async function correctSession(
  db: Db,
  caller: Caller,
  sessionId: number,
  input: { version: number; reason: string; form: SessionInput },
  today: Date,
): Promise<void> {
  const context = await correctionContext(db, caller, sessionId);
  const { correctionWindowDays } = await districtSettings(db);
  const closed = closedBecause(context.session, today, correctionWindowDays);
  if (context.session.voidedAt) throw new Conflict(closed ?? undefined);
  if (closed) throw new Invalid({ form: closed });
  const { form } = input;
  if (daysBetween(form.date, today) > correctionWindowDays)
    throw new Invalid({ date: `A session may be moved only to a date in the last ${correctionWindowDays} days` });
  const seen = new Map(context.students.map((s) => [s.id, s]));

  await db.$transaction(async (tx) => {
    const current = await tx.sessionLog.findUnique({ where: { id: sessionId }, include: wholeSession });
    if (!current || current.version !== input.version) throw new Conflict();
    if (current.voidedAt) throw new Conflict('This session was voided while you were correcting it.');
    const before = snapshotOf(current);

    // The session as corrected. Students the caller does not see keep their rows as they are.
    const after: SessionSnapshot = {
      ...before,
      date: form.date.toISOString(),
      startTime: form.startTime,
      minutes: form.minutes,
      serviceType: form.serviceType as ServiceType,
      place: form.place as PlaceOfService,
      nature: form.nature,
      activities: form.activities.join(','),
      signed: null,
      cosigned: null,
      students: current.students.map((row) => {
        const s = seen.get(row.studentId);
        const old = before.students.find((b) => b.studentId === row.studentId)!;
        if (!s) return { ...old, dataPoints: old.dataPoints.map((p) => ({ ...p, date: form.date.toISOString() })) };
        const attendance = form[`attendance_${s.id}`] as Attendance;
        const attended = attendance === 'attended';
        if (attended && row.attendance !== 'attended' && row.madeUpBy) {
          throw new Invalid({
            [`attendance_${s.id}`]:
              `This missed session was made up on ${formatDate(row.madeUpBy.session.date)}. ` +
              'Correct or void that make-up first, so the minutes are not counted twice.',
          });
        }
        const own = form[`minutes_${s.id}`];
        return {
          studentId: row.studentId,
          attendance,
          minutes: attended && typeof own === 'number' && own < form.minutes ? own : null,
          response: attended ? ((form[`response_${s.id}`] as string | null) ?? '') : '',
          note: (form[`note_${s.id}`] as string | undefined) ?? '',
          // A make-up the student missed makes nothing up: the missed session is owed again.
          makeUpForId: attended ? row.makeUpForId : null,
          dataPoints: attended
            ? pointsFor(s.goals, form, form.date).map((p) => ({
                goalId: p.goalId,
                date: form.date.toISOString(),
                value: p.value,
                correct: p.correct ?? null,
                incorrect: p.incorrect ?? null,
                cued: p.cued ?? null,
              }))
            : [],
        };
      }),
    };
    if (content(after) === content(before)) throw new Invalid({ form: 'Nothing was changed. Change what was wrong, then save.' });

    const timing = (s: SessionSnapshot) => JSON.stringify([s.date, s.startTime, s.minutes, s.students.map((r) => r.minutes)]);
    if (timing(after) !== timing(before)) {
      const minutesOf = new Map(after.students.map((r) => [r.studentId, r.minutes ?? after.minutes]));
      await refuseOverlap(tx, [...minutesOf.keys()], form.date, form.startTime, (id) => minutesOf.get(id) ?? form.minutes, sessionId);
    }

    const { count } = await tx.sessionLog.updateMany({
      where: { id: sessionId, version: input.version, voidedAt: null },
      data: {
        date: form.date,
        startTime: after.startTime,
        minutes: after.minutes,
        serviceType: after.serviceType,
        place: after.place,
        nature: after.nature,
        activities: after.activities,
        version: { increment: 1 },
        // What was signed is no longer what the record says: it is signed again.
        signedAt: null,
        signedById: null,
        signedName: null,
        signedCredential: null,
        cosignedAt: null,
        cosignedById: null,
        cosignedName: null,
      },
    });
    if (count === 0) throw new Conflict();
    await tx.sessionLogVersion.create({
      data: { sessionId, version: input.version, snapshot: JSON.stringify(before), reason: input.reason, changedById: caller.user.id },
    });
    for (const row of current.students) {
      const next = after.students.find((s) => s.studentId === row.studentId)!;
      await tx.sessionStudent.update({
        where: { id: row.id },
        data: {
          attendance: next.attendance,
          minutes: next.minutes,
          response: next.response,
          note: next.note,
          makeUpForId: next.makeUpForId,
        },
      });
      await tx.dataPoint.deleteMany({ where: { sessionStudentId: row.id } });
      if (next.dataPoints.length)
        await tx.dataPoint.createMany({
          data: next.dataPoints.map((p) => ({ ...p, date: new Date(p.date), sessionStudentId: row.id })),
        });
      await recordBy(tx, caller, {
        action: 'student.session.corrected',
        studentId: row.studentId,
        targetType: 'session',
        targetId: sessionId,
        detail: { fromVersion: input.version, signaturesCleared: before.signed !== null },
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Voiding.

/** The session to void, with what the page shows of it. */
export async function voidContext(db: Db, caller: Caller, sessionId: number) {
  return ownSession(db, caller, sessionId, 'session.correct', (where) =>
    db.sessionLog.findFirst({
      where,
      select: {
        ...signFields,
        startTime: true,
        minutes: true,
        serviceType: true,
        voidReason: true,
        students: {
          where: sessionStudentScope(caller.user),
          select: { studentId: true, student: { select: { firstName: true, lastName: true, preferredName: true } } },
        },
      },
    }),
  );
}

/**
 * Voids a session entered in error: it stays as a record, struck through with the reason, and
 * its minutes and data count nowhere (counts.ts). The version it had is kept like a correction's.
 * A make-up that is voided makes nothing up, so the missed session it pointed to is owed again.
 */
export async function voidSession(db: Db, caller: Caller, sessionId: number, input: { version: number; reason: string }, today: Date) {
  const session = await voidContext(db, caller, sessionId);
  const { correctionWindowDays } = await districtSettings(db);
  const closed = closedBecause(session, today, correctionWindowDays);
  if (session.voidedAt) throw new Conflict(closed ?? undefined);
  if (closed) throw new Invalid({ form: closed });
  await db.$transaction(async (tx) => {
    const current = await tx.sessionLog.findUnique({ where: { id: sessionId }, include: wholeSession });
    if (!current || current.version !== input.version || current.voidedAt) throw new Conflict();
    const { count } = await tx.sessionLog.updateMany({
      where: { id: sessionId, version: input.version, voidedAt: null },
      data: { voidedAt: new Date(), voidReason: input.reason, voidedById: caller.user.id, version: { increment: 1 } },
    });
    if (count === 0) throw new Conflict();
    await tx.sessionLogVersion.create({
      data: {
        sessionId,
        version: input.version,
        snapshot: JSON.stringify(snapshotOf(current)),
        reason: input.reason,
        changedById: caller.user.id,
      },
    });
    await tx.sessionStudent.updateMany({ where: { sessionId, makeUpForId: { not: null } }, data: { makeUpForId: null } });
    for (const row of current.students) {
      await recordBy(tx, caller, {
        action: 'student.session.voided',
        studentId: row.studentId,
        targetType: 'session',
        targetId: sessionId,
        detail: { fromVersion: input.version },
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Signing and co-signing.

/** The session the caller would sign: their own. */
export function signTarget(db: Client, caller: Caller, sessionId: number) {
  return ownSession(db, caller, sessionId, 'session.sign', (where) =>
    asDb(db).sessionLog.findFirst({ where, select: { ...signFields, students: { select: { studentId: true } } } }),
  );
}

/** The session the caller would co-sign: an assistant's they supervise. */
export function cosignTarget(db: Client, caller: Caller, sessionId: number) {
  return supervisedSession(db, caller, sessionId, (where) =>
    asDb(db).sessionLog.findFirst({
      where,
      select: { ...signFields, provider: { select: { name: true } }, students: { select: { studentId: true } } },
    }),
  );
}

/**
 * The provider signs: "I provided this service as recorded", with their name and credential as
 * they are today and the time. The version signed is the one on the page (a stale page: Conflict).
 */
export async function signSession(db: Db, caller: Caller, sessionId: number, version: number): Promise<void> {
  const session = await signTarget(db, caller, sessionId);
  if (session.voidedAt) throw new Conflict('This session was voided: a voided record is not signed.');
  if (session.signedAt) throw new Conflict('You have signed this session already.');
  const { user } = caller;
  await db.$transaction(async (tx) => {
    const { count } = await tx.sessionLog.updateMany({
      where: { id: sessionId, version, voidedAt: null, signedAt: null },
      data: { signedAt: new Date(), signedById: user.id, signedName: user.name, signedCredential: credentialOf(user) },
    });
    if (count === 0) throw new Conflict('This session changed since you opened it. Read it again, then sign.');
    for (const s of session.students)
      await recordBy(tx, caller, { action: 'student.session.signed', studentId: s.studentId, targetType: 'session', targetId: sessionId });
  });
}

/** The supervising OT co-signs an assistant's session once the assistant has signed it. */
export async function cosignSession(db: Db, caller: Caller, sessionId: number, version: number): Promise<void> {
  const session = await cosignTarget(db, caller, sessionId);
  if (session.voidedAt) throw new Conflict('This session was voided: a voided record is not co-signed.');
  if (!session.signedAt)
    throw new Conflict(`${session.provider.name} has not signed this session yet. It is co-signed after they sign it.`);
  if (session.cosignedAt) throw new Conflict('You have co-signed this session already.');
  await db.$transaction(async (tx) => {
    const { count } = await tx.sessionLog.updateMany({
      where: { id: sessionId, version, voidedAt: null, signedAt: { not: null }, cosignedAt: null },
      data: { cosignedAt: new Date(), cosignedById: caller.user.id, cosignedName: caller.user.name },
    });
    if (count === 0) throw new Conflict('This session changed since you opened it. Read it again, then co-sign.');
    for (const s of session.students)
      await recordBy(tx, caller, {
        action: 'student.session.cosigned',
        studentId: s.studentId,
        targetType: 'session',
        targetId: sessionId,
      });
  });
}

// ---------------------------------------------------------------------------------------------
// The session page's record: status, signatures, what the caller may do, and the history.

type SessionOnPage = SignState & {
  id: number;
  providerId: number;
  version: number;
  voidReason: string | null;
  signedName: string | null;
  signedCredential: string | null;
  cosignedName: string | null;
  students: { studentId: number; student: { firstName: string; lastName: string; preferredName: string | null } }[];
};

export async function sessionRecord(db: Db, caller: Caller, session: SessionOnPage, today: Date) {
  const { user } = caller;
  const [settings, extra] = await Promise.all([
    districtSettings(db),
    db.sessionLog.findUniqueOrThrow({
      where: { id: session.id },
      select: { voidedBy: { select: { name: true } }, versions: { orderBy: { version: 'desc' } } },
    }),
  ]);
  const visible = new Map(session.students.map((s) => [s.studentId, s.student]));
  const versions = extra.versions.map((v) => {
    const snapshot = readSnapshot(v.snapshot);
    // The history shows only the students the caller may see, as the page does.
    return { ...v, snapshot: { ...snapshot, students: snapshot.students.filter((s) => visible.has(s.studentId)) } };
  });
  const goalIds = [...new Set(versions.flatMap((v) => v.snapshot.students.flatMap((s) => s.dataPoints.map((p) => p.goalId))))];
  const userIds = [...new Set(versions.map((v) => v.changedById))];
  const [goals, people] = await Promise.all([
    db.goal.findMany({ where: { id: { in: goalIds } }, select: { id: true, area: true, measurement: true } }),
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }),
  ]);
  const own = session.providerId === user.id;
  const closed = closedBecause(session, today, settings.correctionWindowDays);
  const waiting = waitingFor(session);
  return {
    version: session.version,
    attestation,
    voided: session.voidedAt ? { at: session.voidedAt, by: extra.voidedBy?.name ?? '', reason: session.voidReason ?? '' } : null,
    signed: session.signedAt ? { at: session.signedAt, name: session.signedName ?? '', credential: session.signedCredential ?? '' } : null,
    cosigned: session.cosignedAt ? { at: session.cosignedAt, name: session.cosignedName ?? '' } : null,
    needsCosign: session.supervisorId !== null,
    waiting,
    flag: unsignedFlag(session, today, settings.unsignedFlagDays),
    mayCorrect: own && can(user, 'session.correct') && closed === null,
    /** Why the provider may no longer correct it (others are not told). */
    closed: own && can(user, 'session.correct') && !session.voidedAt ? closed : null,
    maySign: own && can(user, 'session.sign') && waiting === 'signature',
    mayCosign: session.supervisorId === user.id && can(user, 'session.cosign') && waiting === 'cosignature',
    /** The supervising OT, before the assistant has signed. */
    awaitsProvider: session.supervisorId === user.id && can(user, 'session.cosign') && waiting === 'signature',
    history: versions.map((v) => ({
      version: v.version,
      at: v.createdAt,
      by: people.find((p) => p.id === v.changedById)?.name ?? '',
      reason: v.reason,
      snapshot: {
        ...v.snapshot,
        date: new Date(v.snapshot.date),
        students: v.snapshot.students.map((s) => ({ ...s, student: visible.get(s.studentId)! })),
      },
    })),
    goals: Object.fromEntries(goals.map((g) => [g.id, g])),
  };
}

export type SessionRecord = Awaited<ReturnType<typeof sessionRecord>>;

// ---------------------------------------------------------------------------------------------
// Lists: the provider's sessions to sign, the supervising OT's to co-sign, and the menu's counts.

const listed = (caller: Caller) =>
  ({
    id: true,
    date: true,
    startTime: true,
    minutes: true,
    serviceType: true,
    version: true,
    voidedAt: true,
    signedAt: true,
    signedName: true,
    cosignedAt: true,
    supervisorId: true,
    provider: { select: { name: true, assistant: true } },
    supervisor: { select: { name: true } },
    students: {
      where: sessionStudentScope(caller.user),
      orderBy: { id: 'asc' },
      select: { studentId: true, attendance: true, student: { select: { firstName: true, lastName: true, preferredName: true } } },
    },
  }) as const satisfies Prisma.SessionLogSelect;

/**
 * The signing queues, as SQL conditions on a session `s` beside the caller's scope (a session with
 * a student still theirs): the same as the menu's counts below.
 */
const queues = {
  /** Waiting for the provider's signature. */
  toSign: { who: 'providerId', state: 's."signedAt" IS NULL' },
  /** An assistant's, signed and waiting for the supervising OT's co-signature. */
  waitingCosign: { who: 'providerId', state: 's."signedAt" IS NOT NULL AND s."supervisorId" IS NOT NULL AND s."cosignedAt" IS NULL' },
  /** What the supervising OT co-signs. */
  toCosign: { who: 'supervisorId', state: 's."signedAt" IS NOT NULL AND s."cosignedAt" IS NULL' },
  /** The supervised assistants' sessions not signed yet. */
  notSigned: { who: 'supervisorId', state: 's."signedAt" IS NULL' },
} as const;

/**
 * One queue, oldest first: a page of its sessions (as `listed` selects them) and how many in all.
 * The page's ids and the count come from one statement that tests the scope on each of the
 * caller's own sessions in the queue (sessionScopeSql); then the page's sessions are read by id
 * through Prisma. Through Prisma's relation filter, SQLite first gathered every session of every
 * student of the caseload, a year of them, for the page and again for its count.
 */
async function queuePage(db: Db, caller: Caller, queue: keyof typeof queues, page: { skip: number; take: number }) {
  const { who, state } = queues[queue];
  const scope = sessionScopeSql(caller.user, 's."id"');
  const where = `WHERE s."${who}" = ? AND s."voidedAt" IS NULL AND ${state} AND ${scope.sql}`;
  const params = [caller.user.id, ...scope.params];
  const ids = await reads(db).all<{ id: number; total: number }>(
    `SELECT s."id", COUNT(*) OVER () AS "total" FROM "SessionLog" s ${where} ORDER BY s."date", s."startTime", s."id" LIMIT ? OFFSET ?`,
    [...params, page.take, page.skip],
  );
  // A page past the last has no row to carry the count.
  const total =
    ids[0]?.total ??
    (page.skip > 0
      ? ((await reads(db).get<{ total: number }>(`SELECT COUNT(*) AS "total" FROM "SessionLog" s ${where}`, params))?.total ?? 0)
      : 0);
  const found = ids.length ? await db.sessionLog.findMany({ where: { id: { in: ids.map((r) => r.id) } }, select: listed(caller) }) : [];
  // In the queue's order, which a read by id does not keep.
  const byId = new Map(found.map((r) => [r.id, r]));
  return { rows: ids.flatMap((r) => byId.get(r.id) ?? []), total };
}

/** With each row's flag, counted from the district's day. */
async function flagged<T extends SignState>(db: Db, rows: T[], today: Date) {
  const { unsignedFlagDays } = await districtSettings(db);
  return { flagDays: unsignedFlagDays, rows: rows.map((r) => ({ ...r, flag: unsignedFlag(r, today, unsignedFlagDays) })) };
}

/** The provider's sessions waiting for their signature, and (an assistant's) those waiting for the co-signature. */
export async function sessionsToSign(db: Db, caller: Caller, today: Date, page: { skip: number; take: number }) {
  await authorize(db, caller, 'session.sign', { type: 'page', id: '/sessions/to-sign' });
  const [toSign, cosign] = await Promise.all([
    queuePage(db, caller, 'toSign', page),
    queuePage(db, caller, 'waitingCosign', { skip: 0, take: 50 }),
  ]);
  const mine = await flagged(db, toSign.rows, today);
  return { ...mine, total: toSign.total, waitingCosign: (await flagged(db, cosign.rows, today)).rows, waitingCosignTotal: cosign.total };
}

/** The supervising OT's queue: assistants' sessions signed and waiting for the co-signature, and those not yet signed. */
export async function sessionsToCosign(db: Db, caller: Caller, today: Date, page: { skip: number; take: number }) {
  await authorize(db, caller, 'session.cosign', { type: 'page', id: '/sessions/to-cosign' });
  const [toCosign, notSigned] = await Promise.all([
    queuePage(db, caller, 'toCosign', page),
    queuePage(db, caller, 'notSigned', { skip: 0, take: 50 }),
  ]);
  const queue = await flagged(db, toCosign.rows, today);
  return { ...queue, total: toCosign.total, notSigned: (await flagged(db, notSigned.rows, today)).rows, notSignedTotal: notSigned.total };
}

/**
 * The menu's counts: sessions waiting for the caller's signature, and for their co-signature (the
 * toSign and toCosign queues above). On every page, so one statement that skips Prisma.
 */
export async function signingCounts(db: Db, caller: Caller): Promise<{ toSign?: number; toCosign?: number }> {
  const sign = can(caller.user, 'session.sign');
  const cosign = can(caller.user, 'session.cosign');
  if (!sign && !cosign) return {};
  const scope = sessionScopeSql(caller.user, 's."id"');
  const counted = ({ who, state }: (typeof queues)[keyof typeof queues]) =>
    `(SELECT COUNT(*) FROM "SessionLog" s WHERE s."${who}" = ? AND s."voidedAt" IS NULL AND ${state} AND ${scope.sql})`;
  const row = await reads(db).get<{ toSign: number; toCosign: number }>(
    `SELECT ${counted(queues.toSign)} AS "toSign", ${counted(queues.toCosign)} AS "toCosign"`,
    [caller.user.id, ...scope.params, caller.user.id, ...scope.params],
  );
  return { toSign: sign ? row?.toSign : undefined, toCosign: cosign ? row?.toCosign : undefined };
}
