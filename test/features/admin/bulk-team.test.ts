import { beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
type Session = Awaited<ReturnType<typeof signedIn>>;
let admin: Session;
let ot: Session;
let teacherSession: Session;
let schoolId: number;
let studentIds: number[];
let priya: { id: number };
let tom: { id: number };

beforeAll(async () => {
  schoolId = (await makeSchool(t.db, { name: 'Maple Elementary' })).id;
  const adminUser = await user(t.db, 'admin');
  const otUser = await user(t.db, 'therapist', { name: 'Olive Tran' });
  const teacherUser = await user(t.db, 'teacher', { name: 'Ted Mills' });
  priya = await user(t.db, 'therapist', { name: 'Priya Shah' });
  tom = await user(t.db, 'teacher', { name: 'Tom Baker' });
  const aide = await user(t.db, 'therapist', { name: 'Andy Aide' });
  await t.db.user.update({ where: { id: aide.id }, data: { assistant: true } });
  await user(t.db, 'teacher', { name: 'Dora Disabled', disabled: true });
  await user(t.db, 'teacher', { name: 'Abe Adams' }); // added last, listed first
  studentIds = [];
  for (let i = 0; i < 4; i++) {
    const s = await makeStudent(t.db, { schoolId, therapistIds: [otUser.id], teacherIds: [teacherUser.id] });
    studentIds.push(s.id);
  }
  admin = await signedIn(t.app, adminUser.email);
  ot = await signedIn(t.app, otUser.email);
  teacherSession = await signedIn(t.app, teacherUser.email);
});

const bulk = (s: Session, fields: Record<string, string | string[]>) =>
  s.agent
    .post('/admin/team/bulk')
    .type('form')
    .send({ _csrf: s.csrf, ...fields });

/** The page as read, with the quotes Eta escapes put back. */
const text = (html: string) => html.replaceAll('&#39;', "'").replaceAll('&quot;', '"');

const ids = (list: number[]) => list.map(String);

describe('adding many students to a team from the student list', () => {
  it('shows an admin a box per student and the form; an OT sees none', async () => {
    const page = await admin.agent.get(`/students?school=${schoolId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<form id="bulk-team" method="post" action="/admin/team/bulk"');
    expect(page.text).toMatch(/name="studentIds" value="\d+" form="bulk-team"/);
    expect(page.text).toContain('Select all on this page');
    expect(page.text).toMatch(/<optgroup label="Occupational therapists">[\s\S]*Priya Shah \(Occupational therapist\)/);
    expect(page.text).toMatch(/<optgroup label="Teachers">[\s\S]*Tom Baker/);
    // Each group by name, an assistant said so; nobody disabled, and no admin.
    const group = (label: string) =>
      (new RegExp(`<optgroup label="${label}">([\\s\\S]*?)</optgroup>`).exec(page.text)?.[1] ?? '').replace(/<[^>]+>/g, '|');
    const names = (label: string) =>
      group(label)
        .split('|')
        .map((x) => x.trim())
        .filter(Boolean);
    expect(names('Occupational therapists')).toEqual([
      'Andy Aide (OT assistant)',
      'Olive Tran (Occupational therapist)',
      'Priya Shah (Occupational therapist)',
    ]);
    expect(names('Teachers')).toEqual(['Abe Adams', 'Ted Mills', 'Tom Baker']);
    expect(page.text).toContain(`name="back" form="bulk-team" value="/students?school=${schoolId}"`);
    const otPage = await ot.agent.get('/students');
    expect(otPage.status).toBe(200);
    expect(otPage.text).not.toContain('name="studentIds"');
    expect(otPage.text).not.toContain('bulk-team');
  });

  it('adds a therapist, then a teacher, to several students, audited once per student, and goes back to the list', async () => {
    const res = await bulk(admin, {
      studentIds: ids(studentIds.slice(0, 3)),
      userId: String(priya.id),
      back: `/students?school=${schoolId}&q=ex`,
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/students?school=${schoolId}&q=ex`);
    expect(await t.db.studentTherapist.count({ where: { userId: priya.id } })).toBe(3);
    expect(await t.db.auditEvent.count({ where: { action: 'student.team.added', targetId: String(priya.id) } })).toBe(3);
    const list = await admin.agent.get(res.headers.location!);
    expect(text(list.text)).toContain("Added Priya Shah to 3 students' teams.");

    const teachers = await bulk(admin, { studentIds: ids(studentIds), userId: String(tom.id), back: '/students' });
    expect(teachers.status).toBe(303);
    expect(await t.db.studentTeacher.count({ where: { userId: tom.id } })).toBe(4);
    expect(await t.db.studentTherapist.count({ where: { userId: tom.id } })).toBe(0);
  });

  it('skips students already on the team and counts them', async () => {
    const before = await t.db.auditEvent.count({ where: { action: 'student.team.added' } });
    const res = await bulk(admin, { studentIds: ids(studentIds), userId: String(priya.id), back: '/students' });
    expect(res.status).toBe(303);
    expect(await t.db.studentTherapist.count({ where: { userId: priya.id } })).toBe(4);
    expect(await t.db.auditEvent.count({ where: { action: 'student.team.added' } })).toBe(before + 1);
    const list = await admin.agent.get('/students');
    expect(text(list.text)).toContain("Added Priya Shah to 1 student's team (3 were already on them).");
  });

  it('refuses a disabled user or an admin as the person to add, writing nothing', async () => {
    const gone = await user(t.db, 'teacher', { name: 'Gone Teacher', disabled: true });
    const other = await user(t.db, 'admin', { name: 'Other Admin' });
    for (const target of [gone, other]) {
      const res = await bulk(admin, { studentIds: ids(studentIds), userId: String(target.id), back: '/students?q=ex' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/students?q=ex');
      const list = await admin.agent.get(res.headers.location!);
      expect(list.text).toContain('Nobody was added: Choose an active therapist or teacher.');
      expect(await t.db.studentTeacher.count({ where: { userId: target.id } })).toBe(0);
      expect(await t.db.studentTherapist.count({ where: { userId: target.id } })).toBe(0);
    }
  });

  it('writes nothing when one student does not exist', async () => {
    const nobody = await user(t.db, 'teacher', { name: 'Nina Cole' });
    const res = await bulk(admin, { studentIds: [...ids(studentIds), '999999'], userId: String(nobody.id), back: '/students' });
    expect(res.status).toBe(303);
    expect(await t.db.studentTeacher.count({ where: { userId: nobody.id } })).toBe(0);
    expect(await t.db.auditEvent.count({ where: { targetId: String(nobody.id) } })).toBe(0);
    const list = await admin.agent.get('/students');
    expect(list.text).toContain('One of the selected students was not found');
  });

  it('says what is missing when nothing is selected or nobody is chosen, and keeps the list', async () => {
    const none = await bulk(admin, { userId: String(priya.id), back: `/students?school=${schoolId}` });
    expect(none.status).toBe(303);
    expect(none.headers.location).toBe(`/students?school=${schoolId}`);
    expect((await admin.agent.get(none.headers.location!)).text).toContain('Select at least one student');
    const nobody = await bulk(admin, { studentIds: ids(studentIds), userId: '', back: '/students' });
    expect(nobody.status).toBe(303);
    expect((await admin.agent.get('/students')).text).toContain('Choose who to add the students to');
  });

  it('goes back only to the student list', async () => {
    for (const back of ['https://evil.example/students', '//evil.example', '/admin/users', '/studentsx']) {
      const res = await bulk(admin, { studentIds: ids(studentIds), userId: String(priya.id), back });
      expect(res.headers.location).toBe('/students');
    }
  });

  it('refuses an OT and a teacher', async () => {
    const stranger = await user(t.db, 'teacher', { name: 'Sam Stranger' });
    for (const s of [ot, teacherSession]) {
      const res = await bulk(s, { studentIds: ids(studentIds), userId: String(stranger.id), back: '/students' });
      expect(res.status).toBe(403);
    }
    expect(await t.db.studentTeacher.count({ where: { userId: stranger.id } })).toBe(0);
  });
});
