import { beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
let schoolId: number;
let therapist: Awaited<ReturnType<typeof signedIn>>;
let therapistId: number;

const valid = () => ({
  firstName: 'Rosa',
  lastName: 'Delgado',
  preferredName: '',
  dateOfBirth: '2018-04-09',
  gradeLevel: '2',
  schoolId: String(schoolId),
  planType: 'iep',
  status: 'active',
  planStart: '2026-09-02',
  annualReviewDue: '2027-08-30',
  reevaluationDue: '2028-05-01',
  reportDate1: '2026-11-20',
  reportDate2: '2027-02-12',
  reportDate3: '',
  reportDate4: '',
});

beforeAll(async () => {
  schoolId = (await makeSchool(t.db, { name: 'Elm Street Elementary' })).id;
  const u = await user(t.db, 'therapist');
  therapistId = u.id;
  therapist = await signedIn(t.app, u.email);
});

describe('adding a student', () => {
  it("adds them to the therapist's caseload with plan and report dates, audited", async () => {
    const res = await therapist.agent
      .post('/students')
      .type('form')
      .send({ _csrf: therapist.csrf, ...valid() });
    expect(res.status).toBe(303);
    const student = await t.db.student.findFirstOrThrow({
      where: { lastName: 'Delgado' },
      include: { reportDates: true, therapists: true },
    });
    expect(student.therapists.map((x) => x.userId)).toEqual([therapistId]);
    expect(student.reportDates).toHaveLength(2);
    expect(student.searchName).toBe('rosa delgado');
    expect(res.headers.location).toBe(`/students/${student.id}`);
    const page = await therapist.agent.get(`/students/${student.id}`);
    expect(page.text).toContain('Aug 30, 2027');
    expect(page.text).toContain('Nov 20, 2026, Feb 12, 2027');
    expect(await t.db.auditEvent.count({ where: { action: 'student.created', studentId: student.id } })).toBe(1);
  });

  it.each([
    [{ dateOfBirth: '2019-02-30' }, 'dateOfBirth', 'Date of birth is not a real date'],
    [{ dateOfBirth: '2025-01-01' }, 'dateOfBirth', 'students are 2 to 22 years old'],
    [{ firstName: 'x'.repeat(10_000) }, 'firstName', 'First name must be 60 characters or fewer'],
    [{ lastName: 'Del\u0000gado' }, 'lastName', 'cannot be used'],
    [{ annualReviewDue: '2028-01-01' }, 'annualReviewDue', 'at least once a year'],
    [{ annualReviewDue: '2026-01-01' }, 'annualReviewDue', 'comes after the plan starts'],
    [{ gradeLevel: '14' }, 'gradeLevel', 'Choose a grade'],
    [{ schoolId: '' }, 'schoolId', 'Choose a school'],
    [{ planType: 'vip' }, 'planType', 'Choose a plan type'],
  ])('refuses %o with a message next to the field, keeping the input and writing nothing', async (change, field, message) => {
    const before = await t.db.student.count();
    const res = await therapist.agent
      .post('/students')
      .type('form')
      .send({ _csrf: therapist.csrf, ...valid(), lastName: 'Refused', ...change });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(new RegExp(`id="field-${field}-error" class="field-error">[^<]*${message}`));
    if (field !== 'firstName') expect(res.text).toContain('value="Rosa"');
    expect(await t.db.student.count()).toBe(before);
  });

  it('refuses a school that does not exist', async () => {
    const res = await therapist.agent
      .post('/students')
      .type('form')
      .send({ _csrf: therapist.csrf, ...valid(), schoolId: '999999' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Choose a school');
    expect(await t.db.student.count({ where: { schoolId: 999999 } })).toBe(0);
  });

  it('is not for teachers', async () => {
    const teacher = await user(t.db, 'teacher');
    const { agent, csrf } = await signedIn(t.app, teacher.email);
    expect((await agent.get('/students/new')).status).toBe(403);
    expect(
      (
        await agent
          .post('/students')
          .type('form')
          .send({ _csrf: csrf, ...valid(), lastName: 'ByTeacher' })
      ).status,
    ).toBe(403);
    expect(await t.db.student.count({ where: { lastName: 'ByTeacher' } })).toBe(0);
  });

  it('checks one field on blur with the same rules, returning just that field', async () => {
    const res = await therapist.agent
      .post('/students/check')
      .set('HX-Request', 'true')
      .set('HX-Trigger-Name', 'annualReviewDue')
      .type('form')
      .send({ _csrf: therapist.csrf, ...valid(), annualReviewDue: '2029-01-01' });
    expect(res.status).toBe(200);
    expect(res.text.trim()).toMatch(/^<div class="field">/);
    expect(res.text).toContain('at least once a year');
    expect(res.text).toContain('value="2029-01-01"');
    const fine = await therapist.agent
      .post('/students/check')
      .set('HX-Trigger-Name', 'firstName')
      .type('form')
      .send({ _csrf: therapist.csrf, ...valid() });
    expect(fine.text).not.toContain('field-error');
    const unknown = await therapist.agent
      .post('/students/check')
      .set('HX-Trigger-Name', 'role')
      .type('form')
      .send({ _csrf: therapist.csrf });
    expect(unknown.status).toBe(400);
  });
});

describe('editing a student', () => {
  it('saves, bumps the version, and refuses a stale form with 409 keeping what was typed', async () => {
    const s = await makeStudent(t.db, { schoolId, firstName: 'Theo', lastName: 'Marsh', therapistIds: [therapistId] });
    const form = await therapist.agent.get(`/students/${s.id}/edit`);
    expect(form.text).toContain('name="version" value="1"');
    const first = await therapist.agent
      .post(`/students/${s.id}`)
      .type('form')
      .send({ _csrf: therapist.csrf, ...valid(), firstName: 'Theodore', lastName: 'Marsh', version: '1' });
    expect(first.status).toBe(303);
    const stale = await therapist.agent
      .post(`/students/${s.id}`)
      .type('form')
      .send({ _csrf: therapist.csrf, ...valid(), firstName: 'Teddy', lastName: 'Marsh', version: '1' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Someone else saved changes');
    expect(stale.text).toContain('value="Teddy"');
    expect(stale.text).toContain('name="version" value="2"');
    const saved = await t.db.student.findUniqueOrThrow({ where: { id: s.id } });
    expect(saved).toMatchObject({ firstName: 'Theodore', version: 2 });
  });

  it('is "not found" for a therapist who does not serve the student', async () => {
    const s = await makeStudent(t.db, { schoolId, lastName: 'NotMine' });
    expect((await therapist.agent.get(`/students/${s.id}/edit`)).status).toBe(404);
    const res = await therapist.agent
      .post(`/students/${s.id}`)
      .type('form')
      .send({ _csrf: therapist.csrf, ...valid(), version: '1' });
    expect(res.status).toBe(404);
    expect((await t.db.student.findUniqueOrThrow({ where: { id: s.id } })).firstName).not.toBe('Rosa');
  });
});

describe('exiting and re-opening', () => {
  it('exits with a date and reason, then re-opens', async () => {
    const s = await makeStudent(t.db, { schoolId, therapistIds: [therapistId] });
    const bad = await therapist.agent
      .post(`/students/${s.id}/exit`)
      .type('form')
      .send({ _csrf: therapist.csrf, exitedOn: '2026-13-01', exitReason: 'Moved to another district', version: '1' });
    // Refused on the page itself, the form open with what was typed (student-page.test.ts).
    expect(bad.status).toBe(422);
    expect((await t.db.student.findUniqueOrThrow({ where: { id: s.id } })).status).toBe('active');
    const exit = await therapist.agent
      .post(`/students/${s.id}/exit`)
      .type('form')
      .send({ _csrf: therapist.csrf, exitedOn: '2026-11-25', exitReason: 'Moved to another district', version: '1' });
    expect(exit.status).toBe(303);
    expect(await t.db.student.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({
      status: 'exited',
      exitReason: 'Moved to another district',
      version: 2,
    });
    const stale = await therapist.agent.post(`/students/${s.id}/reopen`).type('form').send({ _csrf: therapist.csrf, version: '1' });
    expect(stale.status).toBe(409);
    const reopen = await therapist.agent.post(`/students/${s.id}/reopen`).type('form').send({ _csrf: therapist.csrf, version: '2' });
    expect(reopen.status).toBe(303);
    expect(await t.db.student.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({ status: 'active', exitedOn: null, version: 3 });
  });
});

describe('editing an exited student', () => {
  it('keeps them exited: the edit form has no exited choice, and re-opening is its own action', async () => {
    const ot = await user(t.db, 'therapist');
    const s = await signedIn(t.app, ot.email);
    const student = await makeStudent(t.db, { schoolId, therapistIds: [ot.id], status: 'exited' });
    const page = await s.agent.get(`/students/${student.id}/edit`);
    expect(page.text).toContain('Re-open the student from their page');
    const res = await s.agent
      .post(`/students/${student.id}`)
      .type('form')
      .send({ _csrf: s.csrf, ...valid(), status: 'referred', version: '1' });
    expect(res.status).toBe(303);
    expect((await t.db.student.findUniqueOrThrow({ where: { id: student.id } })).status).toBe('exited');
  });
});
