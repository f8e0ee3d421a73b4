// The access defects found when Tandem was tried as each kind of user, each as a test that
// failed before the one policy: a concern moving a student onto another OT's caseload, views
// that were not audited, buttons leading to refusals, and an assistant doing the OT's work.
import { beforeAll, describe, expect, it } from 'vitest';
import { makeGoal, makeSchool, makeSessionLog, makeStudent, signedIn, testApp, user } from '../helpers/app.js';

const t = await testApp();
type Session = Awaited<ReturnType<typeof signedIn>>;
let ids: { school: number; student: number; orphan: number; goal: number; session: number; maya: number; sam: number; ota: number };
let maya: Session; // the student's OT, assigned to the school
let sam: Session; // another OT with students at the same school, also assigned to it
let noor: Session; // an OT with students at the school but not assigned to it
let ota: Session; // an OT assistant on the student's caseload
let teacher: Session;
let admin: Session;

beforeAll(async () => {
  const school = await makeSchool(t.db, { name: 'Willow Creek Elementary' });
  const [mayaUser, samUser, noorUser, otaUser, teacherUser, adminUser] = [
    await user(t.db, 'therapist', { name: 'Maya Student-OT' }),
    await user(t.db, 'therapist', { name: 'Sam Other-OT' }),
    await user(t.db, 'therapist', { name: 'Noor Unassigned-OT' }),
    await user(t.db, 'therapist', { name: 'Jordan Assistant' }),
    await user(t.db, 'teacher', { name: 'Tess Teacher' }),
    await user(t.db, 'admin'),
  ];
  await t.db.user.update({ where: { id: otaUser.id }, data: { assistant: true } });
  await t.db.schoolTherapist.createMany({ data: [mayaUser, samUser].map((u) => ({ schoolId: school.id, userId: u.id })) });
  await makeStudent(t.db, { schoolId: school.id, therapistIds: [samUser.id] });
  await makeStudent(t.db, { schoolId: school.id, therapistIds: [noorUser.id] });
  const student = await makeStudent(t.db, {
    schoolId: school.id,
    firstName: 'Ava',
    therapistIds: [mayaUser.id, otaUser.id],
    teacherIds: [teacherUser.id],
  });
  const orphan = await makeStudent(t.db, { schoolId: school.id, firstName: 'Orla', teacherIds: [teacherUser.id] });
  const goal = await makeGoal(t.db, { studentId: student.id, statement: 'will write her name' });
  const session = await makeSessionLog(t.db, {
    providerId: mayaUser.id,
    date: new Date('2026-11-02'),
    students: [{ studentId: student.id }],
  });
  await t.db.studentStrategy.create({ data: { studentId: student.id, strategyKey: 'hw-raised-lines', assignedById: mayaUser.id } });
  ids = {
    school: school.id,
    student: student.id,
    orphan: orphan.id,
    goal: goal.id,
    session: session.id,
    maya: mayaUser.id,
    sam: samUser.id,
    ota: otaUser.id,
  };
  const signIn = (u: { email: string }) => signedIn(t.app, u.email);
  [maya, sam, noor, ota, teacher, admin] = [
    await signIn(mayaUser),
    await signIn(samUser),
    await signIn(noorUser),
    await signIn(otaUser),
    await signIn(teacherUser),
    await signIn(adminUser),
  ];
});

async function raise(fields: Record<string, string>) {
  const res = await teacher.agent
    .post('/concerns')
    .type('form')
    .send({ _csrf: teacher.csrf, signs: 'pencil', example: 'Holds the pencil very tightly and tires after a few lines.', ...fields });
  expect(res.status).toBe(303);
  return Number(/\/concerns\/(\d+)/.exec(res.headers.location as string)![1]);
}

const therapistsOf = async (studentId: number) =>
  (await t.db.studentTherapist.findMany({ where: { studentId }, orderBy: { userId: 'asc' } })).map((r) => r.userId);

describe('a concern about a student on a caseload', () => {
  it("goes to the student's own OT only; another OT at the school can neither see nor take it", async () => {
    const concernId = await raise({ studentId: String(ids.student) });
    expect((await maya.agent.get('/concerns')).text).toContain('Ava');
    expect((await sam.agent.get('/concerns')).text).not.toContain('Ava');
    const denied = await t.db.auditEvent.count({ where: { action: 'access.denied', actorId: ids.sam } });
    expect((await sam.agent.get(`/concerns/${concernId}`)).status).toBe(404);
    const refer = await sam.agent.post(`/concerns/${concernId}/refer`).type('form').send({ _csrf: sam.csrf });
    expect(refer.status).toBe(404);
    expect(await t.db.auditEvent.count({ where: { action: 'access.denied', actorId: ids.sam } })).toBe(denied + 2);
    // The escalation this closes: taking the referral used to put Sam on Ava's caseload.
    expect(await therapistsOf(ids.student)).toEqual([ids.maya, ids.ota].sort((a, b) => a - b));
    expect((await sam.agent.get(`/students/${ids.student}`)).status).toBe(404);
  });

  it('is not taken by an OT assistant, even one on the caseload', async () => {
    const concernId = await raise({ studentId: String(ids.student) });
    expect((await ota.agent.post(`/concerns/${concernId}/refer`).type('form').send({ _csrf: ota.csrf })).status).toBe(403);
    expect((await ota.agent.get('/concerns')).status).toBe(403);
    // The student's own OT may take it, though an assistant shares the caseload.
    expect((await maya.agent.get(`/concerns/${concernId}`)).text).toContain('Turn into a referral');
    expect((await t.db.concern.findUniqueOrThrow({ where: { id: concernId } })).status).toBe('open');
  });
});

describe('a concern about a new student, or one with no OT', () => {
  it('reaches the OTs assigned to the school, not every OT with students there', async () => {
    const concernId = await raise({ studentId: '', studentName: 'Nico Newcomer', gradeLevel: '2', schoolId: String(ids.school) });
    expect((await sam.agent.get(`/concerns/${concernId}`)).status).toBe(200);
    expect((await maya.agent.get(`/concerns/${concernId}`)).status).toBe(200);
    expect((await noor.agent.get(`/concerns/${concernId}`)).status).toBe(404);
    const refer = await sam.agent.post(`/concerns/${concernId}/refer`).type('form').send({ _csrf: sam.csrf });
    expect(refer.status).toBe(303);
    const concern = await t.db.concern.findUniqueOrThrow({ where: { id: concernId } });
    expect(await therapistsOf(concern.studentId!)).toEqual([ids.sam]);
    // Once taken, it belongs to the OT who took it: the other school OT no longer sees it.
    expect((await maya.agent.get(`/concerns/${concernId}`)).status).toBe(404);
  });

  it('about a student no OT serves yet: a school OT takes it and joins that caseload', async () => {
    const concernId = await raise({ studentId: String(ids.orphan) });
    expect((await noor.agent.get(`/concerns/${concernId}`)).status).toBe(404);
    expect((await maya.agent.post(`/concerns/${concernId}/refer`).type('form').send({ _csrf: maya.csrf })).status).toBe(303);
    expect(await therapistsOf(ids.orphan)).toEqual([ids.maya]);
  });
});

describe('views of a student record', () => {
  it('are audited for goal and session pages as for the student page', async () => {
    const count = (action: string) => t.db.auditEvent.count({ where: { action, actorId: ids.maya, studentId: ids.student } });
    const [goals, sessions] = [await count('student.goal.view'), await count('student.session.view')];
    expect((await maya.agent.get(`/goals/${ids.goal}`)).status).toBe(200);
    expect((await maya.agent.get(`/sessions/${ids.session}`)).status).toBe(200);
    expect(await count('student.goal.view')).toBe(goals + 1);
    expect(await count('student.session.view')).toBe(sessions + 1);
  });
});

describe('what the admin is shown on a student page', () => {
  it('opens the sessions it links to, and offers no strategy removal it would refuse', async () => {
    const page = await admin.agent.get(`/students/${ids.student}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`/sessions/${ids.session}`);
    expect((await admin.agent.get(`/sessions/${ids.session}`)).status).toBe(200);
    expect(page.text).not.toMatch(/strategies\/\d+\/remove/);
  });
});

describe('an OT assistant', () => {
  it('logs sessions for assigned students; prepares a note for approval but drafts no caseload and adds no student', async () => {
    const list = await ota.agent.get('/students');
    expect(list.text).not.toContain('/students/new');
    expect(list.text).not.toContain('/notes/batches/new');
    expect((await ota.agent.get('/students/new')).status).toBe(403);
    expect((await ota.agent.get('/notes/batches/new')).status).toBe(403);
    const page = await ota.agent.get(`/students/${ids.student}`);
    expect(page.text).toContain(`/sessions/new?student=${ids.student}`);
    // An assistant prepares a draft that the supervising OT approves by finalising it.
    expect(page.text).toContain(`/students/${ids.student}/notes/new`);
    expect((await ota.agent.get(`/students/${ids.student}/notes/new`)).status).toBe(200);
    expect((await ota.agent.get(`/sessions/new?student=${ids.student}`)).status).toBe(200);
    expect((await ota.agent.get(`/sessions/new?student=${ids.orphan}`)).status).toBe(404);
  });
});

describe('assigning OTs to schools', () => {
  it('is done by an admin on the OT’s page, and decides where concerns about new students go', async () => {
    const page = await admin.agent.get(`/admin/users/${ids.sam}`);
    expect(page.text).toContain('Schools this OT serves');
    const res = await admin.agent.post(`/admin/users/${ids.sam}/schools`).type('form').send({ _csrf: admin.csrf });
    expect(res.status).toBe(303);
    expect(await t.db.schoolTherapist.count({ where: { userId: ids.sam } })).toBe(0);
    const concernId = await raise({ studentId: '', studentName: 'Pia Later', gradeLevel: '1', schoolId: String(ids.school) });
    expect((await sam.agent.get(`/concerns/${concernId}`)).status).toBe(404);
    await admin.agent
      .post(`/admin/users/${ids.sam}/schools`)
      .type('form')
      .send({ _csrf: admin.csrf, schoolIds: String(ids.school) });
    expect((await sam.agent.get(`/concerns/${concernId}`)).status).toBe(200);
    expect((await admin.agent.get('/admin/schools')).text).toContain('Sam Other-OT');
  });

  it('refuses an assistant: they take no referrals', async () => {
    const res = await admin.agent
      .post(`/admin/users/${ids.ota}/schools`)
      .type('form')
      .send({ _csrf: admin.csrf, schoolIds: String(ids.school) });
    expect(res.status).toBe(422);
    expect(await t.db.schoolTherapist.count({ where: { userId: ids.ota } })).toBe(0);
  });
});

describe('a concern another school OT took first', () => {
  it('tells the second OT who took it instead of "not found"', async () => {
    const concernId = await raise({ studentId: '', studentName: 'Remy Rush', gradeLevel: '3', schoolId: String(ids.school) });
    expect((await maya.agent.post(`/concerns/${concernId}/refer`).type('form').send({ _csrf: maya.csrf })).status).toBe(303);
    const late = await sam.agent.post(`/concerns/${concernId}/refer`).type('form').send({ _csrf: sam.csrf });
    expect(late.status).toBe(409);
    expect(late.text).toContain('Maya Student-OT already took this concern');
    expect(
      (
        await t.db.concern.findUniqueOrThrow({ where: { id: concernId }, include: { student: { include: { therapists: true } } } })
      ).student!.therapists.map((x) => x.userId),
    ).toEqual([ids.maya]);
  });
});
