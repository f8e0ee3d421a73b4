import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();

let ids: { mine: number; other: number; taught: number; xss: number };
let accounts: { therapist: string; otherTherapist: string; teacher: string; otherTeacher: string; admin: string };

beforeAll(async () => {
  const school = await makeSchool(t.db, { name: 'Oak Hill Elementary' });
  const otherSchool = await makeSchool(t.db, { name: 'Pine Valley Middle' });
  const therapist = await user(t.db, 'therapist', { name: 'Olive Therapist' });
  const otherTherapist = await user(t.db, 'therapist');
  const teacher = await user(t.db, 'teacher', { name: 'Tara Teacher' });
  const otherTeacher = await user(t.db, 'teacher');
  const admin = await user(t.db, 'admin');
  accounts = {
    therapist: therapist.email,
    otherTherapist: otherTherapist.email,
    teacher: teacher.email,
    otherTeacher: otherTeacher.email,
    admin: admin.email,
  };
  const mine = await makeStudent(t.db, {
    schoolId: school.id,
    firstName: 'Ava',
    lastName: 'Nguyen',
    preferredName: 'Avi',
    therapistIds: [therapist.id],
    teacherIds: [teacher.id],
  });
  const other = await makeStudent(t.db, {
    schoolId: otherSchool.id,
    firstName: 'Bruno',
    lastName: 'Santos',
    therapistIds: [otherTherapist.id],
    teacherIds: [otherTeacher.id],
  });
  const taught = await makeStudent(t.db, {
    schoolId: school.id,
    firstName: 'Cleo',
    lastName: 'Adams',
    therapistIds: [therapist.id],
    teacherIds: [teacher.id],
  });
  const xss = await makeStudent(t.db, {
    schoolId: school.id,
    firstName: '<img src=x onerror=alert(1)>',
    lastName: '"><script>alert(2)</script>',
    therapistIds: [therapist.id],
  });
  for (let i = 0; i < 30; i++) {
    await makeStudent(t.db, {
      schoolId: otherSchool.id,
      firstName: `Pager${String(i).padStart(2, '0')}`,
      lastName: 'Zimmer',
      therapistIds: [otherTherapist.id],
    });
  }
  ids = { mine: mine.id, other: other.id, taught: taught.id, xss: xss.id };
});

describe('the student list', () => {
  it('shows a therapist only their caseload', async () => {
    const { agent } = await signedIn(t.app, accounts.therapist);
    const res = await agent.get('/students');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Nguyen, Ava');
    expect(res.text).toContain('Adams, Cleo');
    expect(res.text).not.toContain('Santos');
    expect(res.text).toContain('Showing 1–3 of 3 students');
  });

  it('shows a teacher only the students they teach', async () => {
    const { agent } = await signedIn(t.app, accounts.teacher);
    const res = await agent.get('/students');
    expect(res.text).toContain('My students');
    expect(res.text).toContain('Nguyen, Ava');
    expect(res.text).not.toContain('Santos');
    expect(res.text).not.toContain('onerror');
  });

  it('searches by first, last or preferred name, case-insensitively, inside the scope', async () => {
    const { agent } = await signedIn(t.app, accounts.therapist);
    expect((await agent.get('/students?q=AVI')).text).toContain('Nguyen, Ava');
    const byLast = await agent.get('/students?q=adams');
    expect(byLast.text).toContain('Adams, Cleo');
    expect(byLast.text).not.toContain('Nguyen');
    expect((await agent.get('/students?q=santos')).text).toContain('No students found');
  });

  it('answers htmx with the results fragment only, and varies on HX-Request', async () => {
    const { agent } = await signedIn(t.app, accounts.therapist);
    const res = await agent.get('/students?q=ava').set('HX-Request', 'true');
    expect(res.headers.vary).toMatch(/HX-Request/);
    expect(res.text).not.toContain('<html');
    expect(res.text).toContain('Nguyen, Ava');
    const boosted = await agent.get('/students').set('HX-Request', 'true').set('HX-Boosted', 'true');
    expect(boosted.text).toContain('<html');
    const restore = await agent.get('/students').set('HX-Request', 'true').set('HX-History-Restore-Request', 'true');
    expect(restore.text).toContain('<html');
  });

  it('pages in the database, keeping the search in the links', async () => {
    const { agent } = await signedIn(t.app, accounts.otherTherapist);
    const first = await agent.get('/students?q=pager');
    expect(first.text).toContain('Showing 1–25 of 30 students');
    expect(first.text).toContain('href="/students?q=pager&amp;page=2"');
    const second = await agent.get('/students?q=pager&page=2');
    expect(second.text).toContain('Showing 26–30 of 30 students');
    expect(second.text).toContain('Zimmer, Pager29');
    expect(second.text).not.toContain('Zimmer, Pager00');
  });

  it('filters by school', async () => {
    const { agent } = await signedIn(t.app, accounts.admin);
    const school = await t.db.school.findFirstOrThrow({ where: { name: 'Oak Hill Elementary' } });
    const res = await agent.get(`/students?school=${school.id}`);
    expect(res.text).toContain('Nguyen, Ava');
    expect(res.text).not.toContain('Santos');
  });

  it('shows a hostile name as text', async () => {
    const { agent } = await signedIn(t.app, accounts.therapist);
    for (const res of [await agent.get('/students'), await agent.get(`/students/${ids.xss}`)]) {
      expect(res.text).not.toContain('<img src=x');
      expect(res.text).not.toContain('<script>alert');
      expect(res.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    }
  });
});

describe('a student page', () => {
  it('opens for the therapist and teacher who serve the student, and is audited', async () => {
    const therapist = await signedIn(t.app, accounts.therapist);
    const res = await therapist.agent.get(`/students/${ids.mine}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Ava &quot;Avi&quot; Nguyen');
    expect(res.text).toContain('Olive Therapist');
    expect(res.text).toContain('Tara Teacher');
    expect(res.text).not.toContain('Add someone to the team');
    const teacher = await signedIn(t.app, accounts.teacher);
    expect((await teacher.agent.get(`/students/${ids.taught}`)).status).toBe(200);
    expect(await t.db.auditEvent.count({ where: { action: 'student.view', studentId: ids.mine } })).toBeGreaterThan(0);
  });

  it('is "not found" for a teacher or therapist who does not serve the student, pages and fragments alike', async () => {
    for (const email of [accounts.otherTeacher, accounts.otherTherapist]) {
      const { agent } = await signedIn(t.app, email);
      const page = await agent.get(`/students/${ids.mine}`);
      expect(page.status).toBe(404);
      expect(page.text).not.toContain('Nguyen');
      const fragment = await agent.get(`/students/${ids.mine}`).set('HX-Request', 'true');
      expect(fragment.status).toBe(404);
      expect(fragment.text).not.toContain('Nguyen');
      expect(fragment.text).not.toContain('<html');
      expect(fragment.headers['hx-retarget']).toBe('#request-error');
    }
    const teacher = await signedIn(t.app, accounts.teacher);
    expect((await teacher.agent.get(`/students/${ids.other}`)).status).toBe(404);
    expect(await t.db.auditEvent.count({ where: { action: 'access.denied', studentId: ids.mine } })).toBeGreaterThanOrEqual(2);
  });

  it('is "not found" for ids that are not numbers or do not exist', async () => {
    const { agent } = await signedIn(t.app, accounts.admin);
    expect((await agent.get('/students/abc')).status).toBe(404);
    expect((await agent.get('/students/99999999')).status).toBe(404);
    expect((await agent.get('/students/1e3')).status).toBe(404);
  });

  it('needs sign-in', async () => {
    expect((await request(t.app).get(`/students/${ids.mine}`)).status).toBe(303);
  });
});
