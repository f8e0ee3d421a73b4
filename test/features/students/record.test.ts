// A student's whole record for a family's request: the data as JSON, with a key for every table
// that refers to a student (read from the schema), and a PDF to read. Admins only; each download
// is audited as an export and is itself on the record's "who has seen it" list.
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeGoal, makeProgressNote, makeSchool, makeSessionLog, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';
import { modelsReferringToStudent } from '../../helpers/student-models.js';

const t = await testApp();
type Session = Awaited<ReturnType<typeof signedIn>>;
let admin: Session;
let ot: Session;
let teacher: Session;
let studentId: number;

const day = (d: string) => new Date(`${d}T00:00:00Z`);
const exports = () => t.db.auditEvent.count({ where: { action: 'student.record.export', studentId } });

/** Supertest hands a download over as a Buffer, whatever its type. */
const binary = (res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) => {
  const parts: Buffer[] = [];
  res.on('data', (c: Buffer) => parts.push(c));
  res.on('end', () => cb(null, Buffer.concat(parts)));
};

/** The text a PDF draws: pdfkit writes it as hex strings inside compressed content streams. */
function pdfText(pdf: Buffer): string {
  const streams = pdf.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g);
  return [...streams]
    .map((m) => {
      try {
        return inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
      } catch {
        return '';
      }
    })
    .flatMap((content) => [...content.matchAll(/\[([^\]]*)\]\s*TJ/g)])
    .map((tj) => [...tj[1]!.matchAll(/<([0-9a-f]*)>/gi)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')).join(''))
    .join(' ');
}

beforeAll(async () => {
  const school = await makeSchool(t.db, { name: 'Lincoln Elementary' });
  const o = await user(t.db, 'therapist', { name: 'Maya Okafor' });
  const te = await user(t.db, 'teacher', { name: 'Tom Reyes' });
  admin = await signedIn(t.app, (await user(t.db, 'admin', { name: 'Dana Whitfield' })).email);
  ot = await signedIn(t.app, o.email);
  teacher = await signedIn(t.app, te.email);
  const student = await makeStudent(t.db, {
    schoolId: school.id,
    firstName: 'Rosa',
    lastName: 'Delgado',
    districtId: '204518',
    therapistIds: [o.id],
    teacherIds: [te.id],
  });
  studentId = student.id;
  const classmate = await makeStudent(t.db, { schoolId: school.id, firstName: 'Noah', therapistIds: [o.id] });
  const goal = await makeGoal(t.db, { studentId, objectives: ['Half the letters'] });
  const group = await makeSessionLog(t.db, {
    providerId: o.id,
    date: day('2026-11-03'),
    students: [
      { studentId, note: 'Rosa was tired after recess', dataPoints: [{ goalId: goal.id, value: 60 }] },
      { studentId: classmate.id, note: 'Noah private note' },
    ],
  });
  await t.db.sessionLogVersion.create({
    data: {
      sessionId: group.id,
      version: 1,
      snapshot: JSON.stringify({
        students: [
          { studentId, note: 'Rosa' },
          { studentId: classmate.id, note: 'Noah earlier note' },
        ],
      }),
      reason: 'Minutes',
      changedById: o.id,
    },
  });
  await t.db.serviceMandate.create({
    data: {
      studentId,
      minutes: 30,
      period: 'week',
      delivery: 'pull_out',
      grouping: 'individual',
      startDate: day('2026-09-01'),
      endDate: day('2027-06-01'),
    },
  });
  await t.db.progressReportDate.create({ data: { studentId, dueOn: day('2026-11-20') } });
  await makeProgressNote(t.db, { studentId, createdById: o.id, title: 'Fall progress', goals: [{ goalId: goal.id }] });
  await t.db.studentStrategy.create({
    data: {
      studentId,
      strategyKey: 'hw-raised-lines',
      goalId: goal.id,
      assignedById: o.id,
      feedback: { create: { teacherId: te.id, tried: true, helped: 'yes' } },
    },
  });
  await t.db.concern.create({
    data: {
      teacherId: te.id,
      schoolId: school.id,
      studentId,
      signs: 'pencil',
      example: 'Rosa grips tightly.',
      messages: { create: { authorId: o.id, body: 'Since when?' } },
    },
  });
  await t.db.evaluation.create({
    data: {
      studentId,
      consentDate: day('2026-10-01'),
      dueDate: day('2026-11-30'),
      dueRule: '60 calendar days',
      createdById: o.id,
      assessments: { create: { name: 'Beery VMI', givenOn: day('2026-10-10'), scores: '85', meaning: 'Low average' } },
    },
  });
  await t.db.scheduleSlot.create({
    data: {
      providerId: o.id,
      weekday: 1,
      startTime: '08:00',
      minutes: 30,
      serviceType: 'individual',
      fromDate: day('2026-09-07'),
      toDate: day('2027-06-14'),
      students: { create: [{ studentId }] },
    },
  });
  // The OT opened the record once: the family sees that too.
  expect((await ot.agent.get(`/students/${studentId}`)).status).toBe(200);
});

describe("a student's whole record", () => {
  it('is offered to an admin on the student page, and not to an OT or a teacher', async () => {
    const page = await admin.agent.get(`/students/${studentId}`);
    expect(page.text).toContain('Records request');
    expect(page.text).toContain(`href="/students/${studentId}/record.pdf"`);
    expect(page.text).toContain(`href="/students/${studentId}/record.json"`);
    for (const s of [ot, teacher]) expect((await s.agent.get(`/students/${studentId}`)).text).not.toContain('/record.');
  });

  it('downloads as JSON: every table that refers to a student, internal notes, who has seen it; nothing of a classmate', async () => {
    const before = await exports();
    const res = await admin.agent.get(`/students/${studentId}/record.json`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const today = new Date().toISOString().slice(0, 10);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="record-delgado-rosa-${today}.json"`);
    expect(res.text).toContain('\n  "Student": {'); // pretty-printed
    const record = JSON.parse(res.text) as Record<string, unknown>;
    const models = modelsReferringToStudent().map((m) => m.model);
    expect(models.length).toBeGreaterThanOrEqual(11);
    for (const model of [...models, 'AuditEvent', 'Student']) expect(record, model).toHaveProperty(model);
    for (const model of models.filter((m) => m !== 'Student')) expect((record[model] as unknown[]).length, model).toBeGreaterThan(0);
    expect(res.text).toContain('Rosa was tired after recess');
    expect(res.text).toContain('Lincoln Elementary');
    expect(res.text).toContain('Beery VMI');
    expect((record.Student as Record<string, unknown>).districtId).toBe('204518');
    expect(res.text).not.toContain('Noah');
    expect(res.text).not.toMatch(/"email"|@/);
    expect(record.AuditEvent).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ who: 'Maya Okafor', action: 'student.view' }),
        expect.objectContaining({ who: 'Dana Whitfield', action: 'student.record.export' }),
      ]),
    );
    expect(await exports()).toBe(before + 1);
  });

  it('downloads as a PDF in plain words, with the last page saying who has seen it', async () => {
    const before = await exports();
    const res = await admin.agent.get(`/students/${studentId}/record.pdf`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="record-delgado-rosa-\d{4}-\d{2}-\d{2}\.pdf"$/);
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('The record of Rosa Delgado');
    expect(text).toMatch(/District ID: +204518/);
    expect(text).toContain('30 minutes a week');
    expect(text).toContain('Fall progress');
    expect(text).toContain('Who has seen this record');
    expect(text).toContain('Maya Okafor');
    expect(text).toMatch(/page 1 of \d/);
    expect(await exports()).toBe(before + 1);
  });

  it('is refused to an OT and a teacher (403, audited), and an unknown student is not found', async () => {
    for (const s of [ot, teacher])
      for (const ext of ['pdf', 'json']) expect((await s.agent.get(`/students/${studentId}/record.${ext}`)).status).toBe(403);
    expect(await t.db.auditEvent.count({ where: { action: 'access.denied', detail: { contains: 'student.record' } } })).toBe(4);
    expect((await admin.agent.get('/students/999999/record.json')).status).toBe(404);
    expect((await admin.agent.get('/students/999999/record.pdf')).status).toBe(404);
  });
});

describe("the whole record's times", () => {
  it("are printed in the district's time zone with its short name", async () => {
    const east = await testApp({ env: { TIME_ZONE: 'America/New_York' } });
    const school = await makeSchool(east.db, { name: 'Lincoln Elementary' });
    const head = await user(east.db, 'admin', { name: 'Dana Whitfield' });
    const s = await makeStudent(east.db, { schoolId: school.id, firstName: 'Ada', lastName: 'Stone' });
    // 20:05 UTC on Nov 30 is 3:05 PM in New York (EST); 00:30 UTC on Jul 2 is still Jul 1 there (EDT).
    await east.db.auditEvent.createMany({
      data: [
        { at: new Date('2026-11-30T20:05:00Z'), action: 'student.view', actorId: head.id, studentId: s.id },
        { at: new Date('2026-07-02T00:30:00Z'), action: 'student.view', actorId: head.id, studentId: s.id },
      ],
    });
    const { agent } = await signedIn(east.app, head.email);
    const res = await agent.get(`/students/${s.id}/record.pdf`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const text = pdfText(res.body as Buffer);
    expect(text).toContain('Nov 30, 2026, 3:05 PM EST');
    expect(text).toContain('Jul 1, 2026, 8:30 PM EDT');
    expect(text).not.toContain('UTC');
  });
});
