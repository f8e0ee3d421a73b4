// Deleting a student's whole record at the family's or the district's request (FERPA; IDEA
// 34 CFR 300.624). Everything that refers to the student goes in one transaction: most of it by
// the schema's cascades, the rest here. What stays is the audit trail, which keeps the student's
// number but never their name (the viewer names students through a join, so they show as removed).
import type { Db, Prisma } from '../../db/client.js';
import { loadStudent } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import { Invalid } from '../../web/errors.js';
import { recordBy } from '../audit/audit.service.js';
import type { SessionSnapshot } from '../sessions/record.service.js';
import type { DeleteInput } from './delete.schema.js';

type Tx = Prisma.TransactionClient;

/** The student an admin may delete (anyone else: refused and audited), with the name to confirm. */
export function deletableStudent(db: Db, caller: Caller, id: number) {
  return loadStudent(db, caller, id, 'student.delete', (where) =>
    db.student.findFirst({ where, select: { id: true, firstName: true, lastName: true, preferredName: true } }),
  );
}

/** First and last name with runs of spaces made one, for comparing what was typed. */
const normalised = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** Deletes the student and everything that refers to them; answers the name for the message. */
export async function deleteStudent(db: Db, caller: Caller, id: number, input: DeleteInput): Promise<string> {
  const student = await deletableStudent(db, caller, id);
  const fullName = `${student.firstName} ${student.lastName}`;
  if (normalised(input.confirmName) !== normalised(fullName))
    throw new Invalid({ confirmName: "The name does not match: type the student's first and last name as shown" });

  await db.$transaction(async (tx) => {
    await scrubSessions(tx, id);
    // A concern about the student would be kept with no student (SetNull): it goes, with its messages.
    await tx.concern.deleteMany({ where: { studentId: id } });
    // A scheduled session with no one else in it would stay on the therapist's schedule, empty.
    const slots = await tx.scheduleSlotStudent.findMany({ where: { studentId: id }, select: { slotId: true } });
    await tx.student.delete({ where: { id } }); // cascades: mandates, goals, notes, evaluations, teams, schedule places...
    // A roster file waiting to be imported holds its text, which may name the student: it goes too
    // (files already imported keep no text).
    await tx.rosterImport.deleteMany({ where: { status: 'previewed' } });
    if (slots.length) await tx.scheduleSlot.deleteMany({ where: { id: { in: slots.map((s) => s.slotId) }, students: { none: {} } } });
    await recordBy(tx, caller, {
      action: 'student.deleted',
      studentId: id,
      targetType: 'student',
      targetId: id,
      detail: { reason: input.reason },
    });
  });
  return fullName;
}

/**
 * The student's sessions: one they were alone in goes with its versions; in a group session the
 * others' rows stay, and each earlier version's snapshot is rewritten without the student's row.
 */
async function scrubSessions(tx: Tx, studentId: number) {
  const rows = await tx.sessionStudent.findMany({ where: { studentId }, select: { sessionId: true } });
  const sessionIds = rows.map((r) => r.sessionId);
  if (!sessionIds.length) return;
  const shared = await tx.sessionStudent.findMany({
    where: { sessionId: { in: sessionIds }, studentId: { not: studentId } },
    select: { sessionId: true },
    distinct: ['sessionId'],
  });
  const sharedIds = new Set(shared.map((s) => s.sessionId));
  const alone = sessionIds.filter((sid) => !sharedIds.has(sid));
  if (alone.length) await tx.sessionLog.deleteMany({ where: { id: { in: alone } } });
  if (!sharedIds.size) return;
  const versions = await tx.sessionLogVersion.findMany({
    where: { sessionId: { in: [...sharedIds] } },
    select: { id: true, snapshot: true },
  });
  for (const v of versions) {
    const snapshot = JSON.parse(v.snapshot) as SessionSnapshot;
    if (!snapshot.students.some((s) => s.studentId === studentId)) continue;
    const scrubbed: SessionSnapshot = { ...snapshot, students: snapshot.students.filter((s) => s.studentId !== studentId) };
    await tx.sessionLogVersion.update({ where: { id: v.id }, data: { snapshot: JSON.stringify(scrubbed) } });
  }
}
