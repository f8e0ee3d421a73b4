// Deleting a student's whole record at the family's or the district's request. The list of tables
// that refer to a student is read from prisma/schema.prisma, so a table added later that holds a
// student's rows fails here until the deletion takes it along.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeGoal, makeProgressNote, makeSchool, makeSessionLog, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';
import { modelsReferringToStudent } from '../../helpers/student-models.js';

const t = await testApp();
type Session = Awaited<ReturnType<typeof signedIn>>;
let admin: Session;
let ot: Session;
let teacher: Session;
let otId: number;
let teacherId: number;
let schoolId: number;

/** Tables that keep a student's number on purpose, with no foreign key: the audit trail. */
const keptOnPurpose = ['AuditEvent'];

/** Models with a `studentId` column, related or not. */
function modelsWithStudentId(): string[] {
  const schema = readFileSync(join(import.meta.dirname, '../../../prisma/schema.prisma'), 'utf8');
  return [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].filter((b) => /^\s*studentId\s+Int/m.test(b[2]!)).map((b) => b[1]!);
}

type Delegate = { count: (args: { where: Record<string, unknown> }) => Promise<number> };
const delegate = (model: string) => (t.db as unknown as Record<string, Delegate>)[model[0]!.toLowerCase() + model.slice(1)]!;
const rowsOf = (student: number) =>
  Promise.all(
    modelsReferringToStudent().map(async ({ model, field }) => [model, await delegate(model).count({ where: { [field]: student } })]),
  );

const day = (d: string) => new Date(`${d}T00:00:00Z`);
const post = (s: Session, id: number, fields: Record<string, string>) =>
  s.agent
    .post(`/students/${id}/delete`)
    .type('form')
    .send({ _csrf: s.csrf, ...fields });

beforeAll(async () => {
  const school = await makeSchool(t.db);
  schoolId = school.id;
  const o = await user(t.db, 'therapist');
  const te = await user(t.db, 'teacher');
  otId = o.id;
  teacherId = te.id;
  admin = await signedIn(t.app, (await user(t.db, 'admin')).email);
  ot = await signedIn(t.app, o.email);
  teacher = await signedIn(t.app, te.email);
});

/** A student with a row in every table that refers to a student, and a classmate in a group session. */
async function fullRecord() {
  const student = await makeStudent(t.db, {
    schoolId,
    firstName: 'Rosa',
    lastName: 'Delgado',
    therapistIds: [otId],
    teacherIds: [teacherId],
  });
  const classmate = await makeStudent(t.db, { schoolId, therapistIds: [otId] });
  const goal = await makeGoal(t.db, { studentId: student.id, objectives: ['Half the letters'] });
  await t.db.goalVersion.create({ data: { goalId: goal.id, version: 1, snapshot: '{"statement":"Rosa will"}', changedById: otId } });
  const alone = await makeSessionLog(t.db, {
    providerId: otId,
    date: day('2026-11-02'),
    students: [{ studentId: student.id, note: 'Rosa was tired', dataPoints: [{ goalId: goal.id, value: 50 }] }],
  });
  await t.db.sessionLogVersion.create({
    data: {
      sessionId: alone.id,
      version: 1,
      snapshot: JSON.stringify({ students: [{ studentId: student.id }] }),
      reason: 'Typo',
      changedById: otId,
    },
  });
  const group = await makeSessionLog(t.db, {
    providerId: otId,
    date: day('2026-11-03'),
    students: [{ studentId: student.id, dataPoints: [{ goalId: goal.id, value: 60 }] }, { studentId: classmate.id }],
  });
  await t.db.sessionLogVersion.create({
    data: {
      sessionId: group.id,
      version: 1,
      snapshot: JSON.stringify({
        date: '2026-11-03T00:00:00.000Z',
        students: [{ studentId: student.id, note: 'Rosa' }, { studentId: classmate.id }],
      }),
      reason: 'Minutes',
      changedById: otId,
    },
  });
  await t.db.serviceMandate.create({
    data: {
      studentId: student.id,
      minutes: 30,
      period: 'week',
      delivery: 'pull_out',
      grouping: 'individual',
      startDate: day('2026-09-01'),
      endDate: day('2027-06-01'),
    },
  });
  await t.db.progressReportDate.create({ data: { studentId: student.id, dueOn: day('2026-11-20') } });
  await makeProgressNote(t.db, { studentId: student.id, createdById: otId, goals: [{ goalId: goal.id }] });
  await t.db.studentStrategy.create({
    data: {
      studentId: student.id,
      strategyKey: 'hw-raised-lines',
      goalId: goal.id,
      assignedById: otId,
      feedback: { create: { teacherId, tried: true, helped: 'yes' } },
    },
  });
  const concern = await t.db.concern.create({
    data: {
      teacherId,
      schoolId,
      studentId: student.id,
      signs: 'pencil',
      example: 'Rosa grips tightly.',
      messages: { create: { authorId: otId, body: 'Rosa?' } },
    },
  });
  await t.db.evaluation.create({
    data: {
      studentId: student.id,
      consentDate: day('2026-10-01'),
      dueDate: day('2026-11-30'),
      dueRule: '60 calendar days',
      createdById: otId,
    },
  });
  const slot = (students: number[]) =>
    t.db.scheduleSlot.create({
      data: {
        providerId: otId,
        weekday: 1,
        startTime: '08:00',
        minutes: 30,
        serviceType: 'individual',
        fromDate: day('2026-09-07'),
        toDate: day('2027-06-14'),
        students: { create: students.map((studentId) => ({ studentId })) },
      },
    });
  const ownSlot = await slot([student.id]);
  const sharedSlot = await slot([student.id, classmate.id]);
  return { student, classmate, goal, alone, group, concern, ownSlot, sharedSlot };
}

describe('the tables that refer to a student', () => {
  it('are read from the schema, and only the audit trail keeps a student number without a relation', () => {
    const related = modelsReferringToStudent();
    expect(related.length).toBeGreaterThanOrEqual(11);
    expect(related).toContainEqual({ model: 'Concern', field: 'studentId' });
    const unrelated = modelsWithStudentId().filter((m) => !related.some((r) => r.model === m));
    expect(unrelated).toEqual(keptOnPurpose);
  });
});

describe("deleting a student's record", () => {
  it('is offered to an admin on the student page, and refused to an OT and a teacher', async () => {
    const { student } = await fullRecord();
    const page = await admin.agent.get(`/students/${student.id}`);
    expect(page.text).toContain(`action="/students/${student.id}/delete"`);
    expect(page.text).toContain('Family&#39;s request');
    for (const s of [ot, teacher]) {
      expect((await s.agent.get(`/students/${student.id}`)).text).not.toContain('/delete"');
      const res = await post(s, student.id, { confirmName: 'Rosa Delgado', reason: 'family_request' });
      expect(res.status).toBe(403);
    }
    expect(await t.db.student.count({ where: { id: student.id } })).toBe(1);
    expect(await t.db.auditEvent.count({ where: { action: 'access.denied', detail: { contains: 'student.delete' } } })).toBe(2);
  });

  it('needs the full name typed, checked beside the field, keeping what was chosen; nothing is deleted', async () => {
    const { student } = await fullRecord();
    const before = await rowsOf(student.id);
    const wrong = await post(admin, student.id, { confirmName: 'Rosa Delgada', reason: 'retention_schedule' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toMatch(/id="delete-confirmName-error" class="field-error">The name does not match/);
    expect(wrong.text).toContain('aria-invalid="true"');
    expect(wrong.text).toContain('value="Rosa Delgada"');
    expect(wrong.text).toMatch(/<option value="retention_schedule" selected>/);
    const empty = await post(admin, student.id, {});
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('id="delete-confirmName-error"');
    expect(empty.text).toContain('id="delete-reason-error"');
    expect(await rowsOf(student.id)).toEqual(before);
    expect(await t.db.auditEvent.count({ where: { action: 'student.deleted', studentId: student.id } })).toBe(0);
    expect((await admin.agent.post(`/students/999999/delete`).type('form').send({ _csrf: admin.csrf })).status).toBe(404);
  });

  it('deletes every row that refers to the student, in any case of the name, and says so once', async () => {
    const r = await fullRecord();
    const id = r.student.id;
    // Every table the schema relates to a student has a row for them: a table added later needs one here.
    const before = await rowsOf(id);
    expect(before.filter(([, n]) => n === 0).map(([model]) => model)).toEqual([]);
    // A roster file waiting to be imported that names her (its text is the only copy of what it says).
    const waiting = await t.db.rosterImport.create({
      data: {
        fileName: 'roster.csv',
        encoding: 'UTF-8',
        text: 'Student ID,First name,Last name,School,Grade\n204518,Rosa,Delgado,Maple,3\n',
      },
    });

    const res = await post(admin, id, { confirmName: '  rosa   DELGADO ', reason: 'family_request' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/students');
    const list = await admin.agent.get('/students');
    expect(list.text).toContain('The record of Rosa Delgado was deleted.');

    expect(await t.db.student.count({ where: { id } })).toBe(0);
    expect((await rowsOf(id)).filter(([, n]) => n !== 0)).toEqual([]);
    expect(await t.db.rosterImport.count({ where: { id: waiting.id } })).toBe(0);
    // What hung on those rows went too.
    expect(await t.db.dataPoint.count({ where: { goalId: r.goal.id } })).toBe(0);
    expect(await t.db.goalVersion.count({ where: { goalId: r.goal.id } })).toBe(0);
    expect(await t.db.concernMessage.count({ where: { concernId: r.concern.id } })).toBe(0);
    expect(await t.db.concern.count({ where: { id: r.concern.id } })).toBe(0);
    // The session they were alone in is gone with its versions; the group session keeps the classmate.
    expect(await t.db.sessionLog.count({ where: { id: r.alone.id } })).toBe(0);
    expect(await t.db.sessionLogVersion.count({ where: { sessionId: r.alone.id } })).toBe(0);
    const group = await t.db.sessionLog.findUniqueOrThrow({ where: { id: r.group.id }, include: { students: true, versions: true } });
    expect(group.students.map((s) => s.studentId)).toEqual([r.classmate.id]);
    expect(group.versions).toHaveLength(1);
    const snapshot = JSON.parse(group.versions[0]!.snapshot) as { date: string; students: { studentId: number }[] };
    expect(snapshot.students.map((s) => s.studentId)).toEqual([r.classmate.id]);
    expect(snapshot.date).toBe('2026-11-03T00:00:00.000Z');
    expect(group.versions[0]!.snapshot).not.toContain('Rosa');
    // A scheduled session that was only theirs is off the schedule; a shared one keeps the classmate.
    expect(await t.db.scheduleSlot.count({ where: { id: r.ownSlot.id } })).toBe(0);
    expect(await t.db.scheduleSlotStudent.findMany({ where: { slotId: r.sharedSlot.id } })).toEqual([
      { slotId: r.sharedSlot.id, studentId: r.classmate.id },
    ]);
    expect(await t.db.student.count({ where: { id: r.classmate.id } })).toBe(1);

    // One audit entry with the reason only; the trail does not hold the name.
    const entries = await t.db.auditEvent.findMany({ where: { action: 'student.deleted' } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ studentId: id, targetType: 'student', targetId: String(id), detail: '{"reason":"family_request"}' });
    const trail = await t.db.auditEvent.findMany({ where: { studentId: id } });
    expect(JSON.stringify(trail)).not.toMatch(/Rosa|Delgado/i);

    // The viewer still renders the student's earlier entries, without a name or a link.
    const viewer = await admin.agent.get(`/admin/audit?student=${id}`);
    expect(viewer.status).toBe(200);
    expect(viewer.text).toContain('Deleted a student&#39;s whole record');
    expect(viewer.text).toContain('reason: Family&#39;s request');
    expect(viewer.text).toContain(`a removed student (record ${id})`);
    expect(viewer.text).not.toContain(`href="/students/${id}"`);
    expect(viewer.text).not.toMatch(/Rosa|Delgado/);
    expect((await admin.agent.get(`/students/${id}`)).status).toBe(404);
  });
});
