import { beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
type Session = Awaited<ReturnType<typeof signedIn>>;
let teacher: Session;
let ot: Session;
let otElsewhere: Session;
let schoolId: number;
let teacherId: number;
let studentId: number;

beforeAll(async () => {
  schoolId = (await makeSchool(t.db, { name: 'Birch Lane Elementary' })).id;
  const otherSchool = await makeSchool(t.db);
  const teacherUser = await user(t.db, 'teacher', { name: 'Tara Teacher' });
  teacherId = teacherUser.id;
  const therapist = await user(t.db, 'therapist');
  const elsewhere = await user(t.db, 'therapist');
  studentId = (
    await makeStudent(t.db, { schoolId, firstName: 'Ava', lastName: 'Known', therapistIds: [therapist.id], teacherIds: [teacherUser.id] })
  ).id;
  await makeStudent(t.db, { schoolId: otherSchool.id, therapistIds: [elsewhere.id] });
  // The admin assigned each OT to their school: concerns about new students there reach them.
  await t.db.schoolTherapist.createMany({
    data: [
      { schoolId, userId: therapist.id },
      { schoolId: otherSchool.id, userId: elsewhere.id },
    ],
  });
  teacher = await signedIn(t.app, teacherUser.email);
  ot = await signedIn(t.app, therapist.email);
  otElsewhere = await signedIn(t.app, elsewhere.email);
});

describe('concerns', () => {
  it('a teacher sends one about a new student; it reaches the school OT, who asks and refers', async () => {
    const res = await teacher.agent
      .post('/concerns')
      .type('form')
      .send(
        new URLSearchParams([
          ['_csrf', teacher.csrf],
          ['studentId', ''],
          ['studentName', 'Noah Newcomer'],
          ['gradeLevel', '1'],
          ['schoolId', String(schoolId)],
          ['signs', 'pencil'],
          ['signs', 'tired_hands'],
          ['example', 'Holds the pencil in a fist and stops after two lines.'],
        ]).toString(),
      );
    expect(res.status).toBe(303);
    const concernId = Number(String(res.headers.location).split('/').pop());
    const queue = await ot.agent.get('/concerns');
    expect(queue.text).toContain('Noah Newcomer');
    expect((await otElsewhere.agent.get('/concerns')).text).not.toContain('Noah Newcomer');
    expect((await otElsewhere.agent.get(`/concerns/${concernId}`)).status).toBe(404);
    const page = await ot.agent.get(`/concerns/${concernId}`);
    expect(page.text).toContain('Has trouble holding a pencil');
    await ot.agent.post(`/concerns/${concernId}/messages`).type('form').send({ _csrf: ot.csrf, body: 'Does it happen with crayons too?' });
    expect((await teacher.agent.get(`/concerns/${concernId}`)).text).toContain('Does it happen with crayons too?');
    const refer = await ot.agent.post(`/concerns/${concernId}/refer`).type('form').send({ _csrf: ot.csrf });
    expect(refer.status).toBe(303);
    const student = await t.db.student.findFirstOrThrow({ where: { firstName: 'Noah' }, include: { therapists: true, teachers: true } });
    expect(student).toMatchObject({ lastName: 'Newcomer', status: 'referred', gradeLevel: 1, schoolId });
    expect(student.therapists).toHaveLength(1);
    expect(student.teachers).toHaveLength(1);
    expect((await ot.agent.post(`/concerns/${concernId}/refer`).type('form').send({ _csrf: ot.csrf })).status).toBe(409);
  });

  it('about a student already known, checked like any form, keeping what was typed', async () => {
    const none = await teacher.agent
      .post('/concerns')
      .type('form')
      .send({ _csrf: teacher.csrf, studentId: String(studentId), example: 'Covers ears in assembly' });
    expect(none.status).toBe(422);
    expect(none.text).toContain('Tick at least one thing you have noticed');
    expect(none.text).toContain('Covers ears in assembly');
    const noStudent = await teacher.agent
      .post('/concerns')
      .type('form')
      .send({ _csrf: teacher.csrf, signs: 'noise', example: 'Covers ears in assembly' });
    expect(noStudent.text).toContain('Choose one of your students, or give the name of a new one');
    const ok = await teacher.agent
      .post('/concerns')
      .type('form')
      .send({ _csrf: teacher.csrf, studentId: String(studentId), signs: 'noise', example: 'Covers ears in assembly' });
    expect(ok.status).toBe(303);
  });

  it('cannot name a student the teacher does not teach, and is not for admins or other teachers', async () => {
    const other = await makeStudent(t.db, { schoolId });
    const res = await teacher.agent
      .post('/concerns')
      .type('form')
      .send({ _csrf: teacher.csrf, studentId: String(other.id), signs: 'noise', example: 'Covers ears in assembly' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Choose one of your students');
    const concern = await t.db.concern.create({
      data: { teacherId, schoolId, studentId, signs: 'noise', example: 'Covers ears in assembly' },
    });
    const otherTeacher = await signedIn(t.app, (await user(t.db, 'teacher')).email);
    expect((await otherTeacher.agent.get(`/concerns/${concern.id}`)).status).toBe(404);
    expect(
      (await otherTeacher.agent.post(`/concerns/${concern.id}/messages`).type('form').send({ _csrf: otherTeacher.csrf, body: 'hi' }))
        .status,
    ).toBe(404);
    expect((await teacher.agent.post(`/concerns/${concern.id}/refer`).type('form').send({ _csrf: teacher.csrf })).status).toBe(403);
  });

  it('pages a long list, 25 at a time, open ones first, and no page shows them to anyone else', async () => {
    // Thirty closed concerns about Pia, after the teacher's open ones from the tests above.
    const pupil = await makeStudent(t.db, { schoolId, firstName: 'Pia', lastName: 'Paged', teacherIds: [teacherId] });
    const at = (day: number) => new Date(Date.UTC(2025, 8, 1 + day, 12));
    await t.db.concern.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({
        teacherId,
        schoolId,
        studentId: pupil.id,
        signs: 'pencil',
        example: `Closed concern ${i}`,
        status: 'closed' as const,
        createdAt: at(i),
      })),
    });
    const all = await t.db.concern.count({ where: { teacherId } });
    const paged = await t.db.concern.findMany({ where: { studentId: pupil.id }, orderBy: { createdAt: 'asc' }, select: { id: true } });
    const link = (c: { id: number }) => `<a href="/concerns/${c.id}">`;
    const first = await teacher.agent.get('/concerns');
    expect(first.status).toBe(200);
    expect(first.text).toContain(`Showing 1–25 of ${all} concerns: open ones first, then referred, then closed.`);
    expect(first.text).toContain(link(paged.at(-1)!)); // the newest closed one
    expect(first.text).not.toContain(link(paged[0]!)); // the oldest is on the last page
    expect(first.text).toContain('<a href="/concerns?page=2" rel="next">Next</a>');
    const rows = (html: string) => (html.match(/<a href="\/concerns\/\d+">/g) ?? []).length;
    expect(rows(first.text)).toBe(25);
    const second = await teacher.agent.get('/concerns?page=2');
    expect(second.text).toContain(`Showing 26–${all} of ${all} concerns`);
    expect(second.text).toContain(link(paged[0]!));
    expect(rows(second.text)).toBe(all - 25);
    expect(second.text).toContain('<a href="/concerns" rel="prev">Previous</a>');
    // Past the last page: said plainly, with the way back.
    const past = await teacher.agent.get('/concerns?page=9');
    expect(past.status).toBe(200);
    expect(past.text).toContain('No concerns on this page. <a href="/concerns?page=2">Go to the last page</a>.');
    expect(past.text).not.toContain('rel="prev"');
    // Another teacher and an OT who does not serve Pia: none of these on any page.
    const otherTeacher = await signedIn(t.app, (await user(t.db, 'teacher')).email);
    for (const s of [otherTeacher, otElsewhere]) {
      for (const path of ['/concerns', '/concerns?page=2']) {
        const page = await s.agent.get(path);
        expect(page.status).toBe(200);
        expect(page.text).not.toContain('Pia Paged');
        for (const c of paged) expect(page.text).not.toContain(link(c));
      }
    }
  });
});
