// A student's whole record, for a family's request to see it (FERPA, 34 CFR 99.10): every row that
// refers to the student, table by table, in one read through the admin's scope. Loading it is
// audited as an export by the loader. It is the whole record, internal session notes included; it
// holds nothing about other students (a group session's earlier versions keep only this student's
// row) and names staff without their email addresses.
import type { Db, Prisma } from '../../db/client.js';
import { loadStudent } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import { auditActionLabel } from '../audit/audit-actions.js';
import { strategyLibrary } from '../strategies/library.js';
import { credentialOf, personRoleLabel } from '../../labels.js';

const person = { select: { name: true, role: true, assistant: true } } as const;
const name = { select: { name: true } } as const;

function findRecord(db: Db, where: Prisma.StudentWhereInput) {
  return db.student.findFirst({
    where,
    include: {
      school: { select: { name: true } },
      therapists: { select: { createdAt: true, user: person }, orderBy: { createdAt: 'asc' } },
      teachers: { select: { createdAt: true, user: person }, orderBy: { createdAt: 'asc' } },
      mandates: { orderBy: { startDate: 'asc' } },
      reportDates: { orderBy: { dueOn: 'asc' } },
      goals: {
        orderBy: { id: 'asc' },
        include: {
          objectives: { orderBy: { position: 'asc' } },
          versions: { orderBy: { version: 'asc' } },
          changes: { orderBy: [{ date: 'asc' }, { id: 'asc' }] },
          dataPoints: { orderBy: [{ date: 'asc' }, { id: 'asc' }] },
        },
      },
      attendance: {
        include: {
          session: {
            include: {
              provider: person,
              supervisor: name,
              voidedBy: name,
              versions: { orderBy: { version: 'asc' } },
            },
          },
        },
      },
      notes: {
        orderBy: { periodEnd: 'asc' },
        include: { createdBy: name, goals: { include: { code: true } } },
      },
      strategies: {
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        include: { feedback: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], include: { teacher: name } } },
      },
      concerns: {
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        include: { teacher: name, messages: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], include: { author: name } } },
      },
      evaluations: { orderBy: { consentDate: 'asc' }, include: { findings: true, assessments: { orderBy: { givenOn: 'asc' } } } },
      scheduleSlots: { include: { slot: { include: { provider: name, changes: { orderBy: { date: 'asc' } } } } } },
    },
  });
}

type Found = NonNullable<Awaited<ReturnType<typeof findRecord>>>;

/** A group session's earlier version as stored, with only this student's row in it. */
function ownRowsOnly(snapshot: string, studentId: number): unknown {
  try {
    const parsed = JSON.parse(snapshot) as { students?: { studentId?: number }[] };
    if (parsed && Array.isArray(parsed.students)) return { ...parsed, students: parsed.students.filter((s) => s.studentId === studentId) };
    return parsed;
  } catch {
    return snapshot;
  }
}

/**
 * The whole record as the JSON download holds it: one key per table that refers to a student
 * (named as in prisma/schema.prisma), and the audit entries about them.
 */
export async function studentRecord(db: Db, caller: Caller, id: number) {
  const s: Found = await loadStudent(db, caller, id, 'student.record', (where) => findRecord(db, where));
  const ownKeys = s.strategies.map((a) => /^own-(\d+)$/.exec(a.strategyKey)?.[1]).filter((k): k is string => Boolean(k));
  // Read after the loader wrote the entry for this download, so it is in the list too.
  const [audit, own] = await Promise.all([
    db.auditEvent.findMany({
      where: { studentId: id },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
      select: { at: true, action: true, actorEmail: true, targetType: true, targetId: true, actor: name },
    }),
    ownKeys.length
      ? db.ownStrategy.findMany({ where: { id: { in: ownKeys.map(Number) } }, select: { id: true, title: true } })
      : Promise.resolve([]),
  ]);
  const titleOf = (key: string) =>
    strategyLibrary.find((x) => x.key === key)?.title ?? own.find((o) => `own-${o.id}` === key)?.title ?? key;
  const member = (m: { createdAt: Date; user: { name: string; role: string; assistant: boolean } }) => ({
    name: m.user.name,
    role: personRoleLabel(m.user),
    since: m.createdAt,
  });

  const sessions = [...s.attendance].sort((a, b) => a.session.date.getTime() - b.session.date.getTime() || a.id - b.id);
  const {
    school,
    therapists,
    teachers,
    mandates,
    reportDates,
    goals,
    attendance: _attendance,
    notes,
    strategies,
    concerns,
    evaluations,
    scheduleSlots,
    ...student
  } = s;
  return {
    exportedAt: new Date(),
    exportedBy: caller.user.name,
    Student: { ...student, school: school.name },
    StudentTherapist: therapists.map(member),
    StudentTeacher: teachers.map(member),
    ServiceMandate: mandates,
    ProgressReportDate: reportDates,
    Goal: goals,
    SessionStudent: sessions.map(({ session: x, ...row }) => ({
      ...row,
      session: {
        id: x.id,
        date: x.date,
        startTime: x.startTime,
        minutes: x.minutes,
        place: x.place,
        serviceType: x.serviceType,
        nature: x.nature,
        activities: x.activities,
        provider: { name: x.provider.name, credential: credentialOf(x.provider) },
        supervisor: x.supervisor?.name ?? null,
        signedAt: x.signedAt,
        signedName: x.signedName,
        signedCredential: x.signedCredential,
        cosignedAt: x.cosignedAt,
        cosignedName: x.cosignedName,
        voidedAt: x.voidedAt,
        voidReason: x.voidReason,
        voidedBy: x.voidedBy?.name ?? null,
        scheduledFor: x.scheduledFor,
        version: x.version,
        createdAt: x.createdAt,
        updatedAt: x.updatedAt,
        versions: x.versions.map((v) => ({
          version: v.version,
          reason: v.reason,
          createdAt: v.createdAt,
          snapshot: ownRowsOnly(v.snapshot, id),
        })),
      },
    })),
    ProgressNote: notes.map(({ createdBy, goals: noteGoals, ...n }) => ({
      ...n,
      createdBy: createdBy.name,
      goals: noteGoals.map(({ code, ...g }) => ({ ...g, code: code ? { label: code.label, meaning: code.meaning } : null })),
    })),
    StudentStrategy: strategies.map(({ feedback, ...a }) => ({
      ...a,
      title: titleOf(a.strategyKey),
      feedback: feedback.map(({ teacher, ...f }) => ({ ...f, teacher: teacher.name })),
    })),
    Concern: concerns.map(({ teacher, messages, ...c }) => ({
      ...c,
      teacher: teacher.name,
      messages: messages.map(({ author, ...m }) => ({ ...m, author: author.name })),
    })),
    Evaluation: evaluations,
    ScheduleSlotStudent: scheduleSlots.map(({ slot: { provider, ...slot }, ...row }) => ({
      ...row,
      slot: { ...slot, provider: provider.name },
    })),
    AuditEvent: audit.map((e) => ({
      at: e.at,
      action: e.action,
      what: auditActionLabel(e.action),
      who: e.actor?.name ?? e.actorEmail ?? 'Unknown',
      target: e.targetType ? { type: e.targetType, id: e.targetId } : null,
    })),
  };
}

export type StudentRecord = Awaited<ReturnType<typeof studentRecord>>;

/** "record-delgado-rosa-2026-11-30": the download's name, in plain letters. */
export function recordFileName(record: StudentRecord, ext: 'json' | 'pdf'): string {
  const slug = (x: string) =>
    x
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'student';
  return `record-${slug(record.Student.lastName)}-${slug(record.Student.firstName)}-${record.exportedAt.toISOString().slice(0, 10)}.${ext}`;
}
