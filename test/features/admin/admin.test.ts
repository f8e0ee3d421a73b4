import { beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
let admin: Awaited<ReturnType<typeof signedIn>>;
let adminId: number;

beforeAll(async () => {
  const a = await user(t.db, 'admin', { email: 'lead@tandem.example', name: 'Lead Admin' });
  adminId = a.id;
  admin = await signedIn(t.app, a.email);
});

describe('admin pages', () => {
  it.each(['/admin/users', '/admin/users/new', '/admin/schools', '/admin/audit'])(
    '%s is refused to therapists and teachers, and audited',
    async (path) => {
      for (const role of ['therapist', 'teacher'] as const) {
        const u = await user(t.db, role);
        const { agent } = await signedIn(t.app, u.email);
        const res = await agent.get(path);
        expect(res.status).toBe(403);
        expect(await t.db.auditEvent.count({ where: { action: 'access.denied', actorId: u.id, targetId: path } })).toBe(1);
      }
    },
  );

  it('refuses admin changes to a therapist, writing nothing', async () => {
    const u = await user(t.db, 'therapist');
    const { agent, csrf } = await signedIn(t.app, u.email);
    expect(
      (await agent.post('/admin/users').type('form').send({ _csrf: csrf, name: 'Sneaky', email: 'sneaky@tandem.example', role: 'admin' }))
        .status,
    ).toBe(403);
    expect(
      (await agent.post(`/admin/users/${u.id}`).type('form').send({ _csrf: csrf, name: 'Me', email: u.email, role: 'admin' })).status,
    ).toBe(403);
    expect(await t.db.user.count({ where: { email: 'sneaky@tandem.example' } })).toBe(0);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).role).toBe('therapist');
  });
});

describe('users', () => {
  it('creates an account with a one-time temporary password', async () => {
    const res = await admin.agent
      .post('/admin/users')
      .type('form')
      .send({ _csrf: admin.csrf, name: 'Nadia Teacher', email: 'Nadia.T@tandem.example', role: 'teacher' });
    expect(res.status).toBe(200);
    const shown = /<code>([a-z2-9-]{17})<\/code>/.exec(res.text)?.[1];
    expect(shown).toBeDefined();
    const created = await t.db.user.findUniqueOrThrow({ where: { email: 'nadia.t@tandem.example' } });
    expect(created.mustChangePassword).toBe(true);
    expect(created.passwordHash).not.toContain(shown);
    const session = await signedIn(t.app, created.email, shown);
    expect((await session.agent.get('/students')).headers.location).toBe('/account/password');
  });

  it('keeps what was typed and explains each problem', async () => {
    const res = await admin.agent
      .post('/admin/users')
      .type('form')
      .send({ _csrf: admin.csrf, name: 'x'.repeat(10_000), email: 'not-an-email', role: 'superuser' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Full name must be 100 characters or fewer');
    expect(res.text).toContain('Enter an email address like name@school.org');
    expect(res.text).toContain('Choose a role');
    expect(res.text).toContain('value="not-an-email"');
    const dup = await admin.agent
      .post('/admin/users')
      .type('form')
      .send({ _csrf: admin.csrf, name: 'Copy', email: 'lead@tandem.example', role: 'teacher' });
    expect(dup.text).toContain('An account with this email already exists');
    expect(dup.text).toContain('value="Copy"');
  });

  it('refuses control characters in names', async () => {
    const res = await admin.agent
      .post('/admin/users')
      .type('form')
      .send({ _csrf: admin.csrf, name: 'Bell\u0007Name', email: 'bell@tandem.example', role: 'teacher' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('has characters that cannot be used');
    expect(await t.db.user.count({ where: { email: 'bell@tandem.example' } })).toBe(0);
  });

  it('answers 400 to a repeated field, before the database sees it', async () => {
    const res = await admin.agent
      .post('/admin/users')
      .type('form')
      .send(`_csrf=${admin.csrf}&name=A&name=B&email=ab@tandem.example&role=teacher`);
    expect(res.status).toBe(400);
    expect(await t.db.user.count({ where: { email: 'ab@tandem.example' } })).toBe(0);
  });

  it('edits name, email and role, ignoring fields it does not know', async () => {
    const u = await user(t.db, 'teacher', { email: 'edit-me@tandem.example' });
    const res = await admin.agent.post(`/admin/users/${u.id}`).type('form').send({
      _csrf: admin.csrf,
      name: 'Edited Name',
      email: 'edited@tandem.example',
      role: 'therapist',
      passwordHash: 'x',
      disabledAt: '2020-01-01',
    });
    expect(res.status).toBe(303);
    const after = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(after).toMatchObject({ name: 'Edited Name', email: 'edited@tandem.example', role: 'therapist', disabledAt: null });
    expect(after.passwordHash).not.toBe('x');
  });

  it('marks a therapist as an OT assistant, and never a teacher', async () => {
    const ota = await user(t.db, 'therapist');
    await admin.agent
      .post(`/admin/users/${ota.id}`)
      .type('form')
      .send({ _csrf: admin.csrf, name: ota.name, email: ota.email, role: 'therapist', assistant: 'on' });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: ota.id } })).assistant).toBe(true);
    const teacher = await user(t.db, 'teacher');
    await admin.agent
      .post(`/admin/users/${teacher.id}`)
      .type('form')
      .send({ _csrf: admin.csrf, name: teacher.name, email: teacher.email, role: 'teacher', assistant: 'on' });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: teacher.id } })).assistant).toBe(false);
  });

  it('will not let an admin demote or disable themselves', async () => {
    const demote = await admin.agent
      .post(`/admin/users/${adminId}`)
      .type('form')
      .send({ _csrf: admin.csrf, name: 'Lead Admin', email: 'lead@tandem.example', role: 'teacher' });
    expect(demote.status).toBe(422);
    const disable = await admin.agent.post(`/admin/users/${adminId}/disable`).type('form').send({ _csrf: admin.csrf });
    expect(disable.status).toBe(409);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: adminId } })).role).toBe('admin');
  });

  it('resets a password to a temporary one and ends their sessions', async () => {
    const u = await user(t.db, 'therapist');
    const theirs = await signedIn(t.app, u.email);
    const res = await admin.agent.post(`/admin/users/${u.id}/password-reset`).type('form').send({ _csrf: admin.csrf });
    const temp = /<code>([a-z2-9-]{17})<\/code>/.exec(res.text)?.[1];
    expect(temp).toBeDefined();
    expect((await theirs.agent.get('/students')).status).toBe(303);
    await signedIn(t.app, u.email, temp);
    expect(await t.db.auditEvent.count({ where: { action: 'password.reset', targetId: String(u.id) } })).toBe(1);
  });

  it('lists and filters users, paged', async () => {
    await user(t.db, 'teacher', { name: 'Nadia Teacher' });
    const res = await admin.agent.get('/admin/users?role=admin');
    expect(res.text).toContain('Lead Admin');
    expect(res.text).not.toContain('Nadia Teacher');
    const search = await admin.agent.get('/admin/users?q=nadia').set('HX-Request', 'true');
    expect(search.text).toContain('Nadia Teacher');
    expect(search.text).not.toContain('<html');
  });
});

describe('schools', () => {
  it('adds, refuses duplicates, and renames', async () => {
    const add = await admin.agent.post('/admin/schools').type('form').send({ _csrf: admin.csrf, name: 'Willow Creek Elementary' });
    expect(add.status).toBe(303);
    const dup = await admin.agent.post('/admin/schools').type('form').send({ _csrf: admin.csrf, name: 'Willow Creek Elementary' });
    expect(dup.status).toBe(422);
    expect(dup.text).toContain('A school with this name already exists');
    const empty = await admin.agent.post('/admin/schools').type('form').send({ _csrf: admin.csrf, name: '   ' });
    expect(empty.text).toContain('Enter the school name');
    const school = await t.db.school.findFirstOrThrow({ where: { name: 'Willow Creek Elementary' } });
    const rename = await admin.agent
      .post(`/admin/schools/${school.id}`)
      .type('form')
      .send({ _csrf: admin.csrf, name: 'Willow Creek Primary' });
    expect(rename.status).toBe(303);
    expect((await admin.agent.get('/admin/schools')).text).toContain('Willow Creek Primary');
  });
});

describe('who serves which student', () => {
  it('adds and removes a teacher, and the teacher gains and loses access on the next request', async () => {
    const school = await makeSchool(t.db);
    const teacher = await user(t.db, 'teacher', { name: 'Team Teacher', email: 'team.teacher@tandem.example' });
    const student = await makeStudent(t.db, { schoolId: school.id, firstName: 'Gus', lastName: 'Team' });
    const theirs = await signedIn(t.app, teacher.email);
    expect((await theirs.agent.get(`/students/${student.id}`)).status).toBe(404);

    const add = await admin.agent
      .post(`/students/${student.id}/team`)
      .type('form')
      .send({ _csrf: admin.csrf, role: 'teacher', email: 'TEAM.teacher@tandem.example' });
    expect(add.status).toBe(303);
    expect((await theirs.agent.get(`/students/${student.id}`)).status).toBe(200);

    const remove = await admin.agent
      .post(`/students/${student.id}/team/remove`)
      .set('HX-Request', 'true')
      .type('form')
      .send({ _csrf: admin.csrf, role: 'teacher', userId: teacher.id });
    expect(remove.status).toBe(200);
    expect(remove.text).not.toContain('<html');
    expect(remove.text).toContain('Removed from this student&#39;s team');
    expect((await theirs.agent.get(`/students/${student.id}`)).status).toBe(404);
    expect(await t.db.auditEvent.count({ where: { studentId: student.id, action: { startsWith: 'student.team' } } })).toBe(2);
  });

  it('explains a wrong email next to the field, keeping it', async () => {
    const school = await makeSchool(t.db);
    const student = await makeStudent(t.db, { schoolId: school.id });
    const res = await admin.agent
      .post(`/students/${student.id}/team`)
      .set('HX-Request', 'true')
      .type('form')
      .send({ _csrf: admin.csrf, role: 'therapist', email: 'nobody@tandem.example' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('No active occupational therapist has that email address');
    expect(res.text).toContain('value="nobody@tandem.example"');
  });

  it('is admin-only, for pages and fragments alike', async () => {
    const school = await makeSchool(t.db);
    const therapist = await user(t.db, 'therapist');
    const teacher = await user(t.db, 'teacher');
    const student = await makeStudent(t.db, { schoolId: school.id, therapistIds: [therapist.id] });
    const { agent, csrf } = await signedIn(t.app, therapist.email);
    const res = await agent
      .post(`/students/${student.id}/team`)
      .set('HX-Request', 'true')
      .type('form')
      .send({ _csrf: csrf, role: 'teacher', email: teacher.email });
    expect(res.status).toBe(403);
    expect(await t.db.studentTeacher.count({ where: { studentId: student.id } })).toBe(0);
  });
});

describe('the audit trail', () => {
  it('filters by person, action and student', async () => {
    const school = await makeSchool(t.db);
    const teacher = await user(t.db, 'teacher', { name: 'Audit Teacher', email: 'audit.teacher@tandem.example' });
    const student = await makeStudent(t.db, { schoolId: school.id, teacherIds: [teacher.id] });
    expect((await (await signedIn(t.app, teacher.email)).agent.get(`/students/${student.id}`)).status).toBe(200);
    const all = await admin.agent.get('/admin/audit');
    expect(all.status).toBe(200);
    expect(all.text).toContain('<td data-action="sign_in.success">Signed in</td>');
    const failures = await admin.agent.get('/admin/audit?action=sign_in.failure');
    expect(failures.text).not.toContain('data-action="sign_in.success"');
    const byPerson = await admin.agent.get('/admin/audit?actor=audit.teacher%40tandem.example&action=student.view');
    expect(byPerson.text).toContain('Viewed a student');
    expect(byPerson.text).toContain('Audit Teacher');
    const nobody = await admin.agent.get('/admin/audit?actor=nobody%40tandem.example');
    expect(nobody.text).toContain('Nothing matches these filters');
    const future = await admin.agent.get('/admin/audit?from=2099-01-01');
    expect(future.text).toContain('Nothing matches these filters');
  });
});

describe('progress codes', () => {
  it('ship with the default set, and an admin renames, re-means and adds codes', async () => {
    const page = await admin.agent.get('/admin/progress-codes');
    expect(page.text).toContain('Making progress, expected to meet the goal');
    const expected = await t.db.progressCode.findFirstOrThrow({ where: { meaning: 'expected' } });
    const rename = await admin.agent
      .post(`/admin/progress-codes/${expected.id}`)
      .type('form')
      .send({ _csrf: admin.csrf, label: 'Sufficient progress', meaning: 'expected', sufficient: 'on', active: 'on' });
    expect(rename.status).toBe(303);
    expect(await t.db.progressCode.findUniqueOrThrow({ where: { id: expected.id } })).toMatchObject({
      label: 'Sufficient progress',
      sufficient: true,
      active: true,
    });
    const add = await admin.agent
      .post('/admin/progress-codes')
      .type('form')
      .send({ _csrf: admin.csrf, label: 'Limited progress', meaning: 'may_not_meet' });
    expect(add.status).toBe(303);
    expect(await t.db.progressCode.findFirstOrThrow({ where: { label: 'Limited progress' } })).toMatchObject({
      sufficient: false,
      active: true,
    });
    const bad = await admin.agent.post('/admin/progress-codes').type('form').send({ _csrf: admin.csrf, label: '', meaning: 'nonsense' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Enter the code');
    const ot = await user(t.db, 'therapist');
    const s = await signedIn(t.app, ot.email);
    expect((await s.agent.get('/admin/progress-codes')).status).toBe(403);
    expect(
      (
        await s.agent
          .post(`/admin/progress-codes/${expected.id}`)
          .type('form')
          .send({ _csrf: s.csrf, label: 'Hacked', meaning: 'expected' })
      ).status,
    ).toBe(403);
  });
});
