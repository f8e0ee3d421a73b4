// An account's page counts the OT's caseload and the teacher's students by their own links:
// another OT's or teacher's students never add to it.
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
let admin: Awaited<ReturnType<typeof signedIn>>;
let ot: { id: number };
let teacher: { id: number };
let newOt: { id: number };

beforeAll(async () => {
  const school = await makeSchool(t.db);
  ot = await user(t.db, 'therapist');
  newOt = await user(t.db, 'therapist');
  teacher = await user(t.db, 'teacher');
  const otherOt = await user(t.db, 'therapist');
  const otherTeacher = await user(t.db, 'teacher');
  await makeStudent(t.db, { schoolId: school.id, therapistIds: [ot.id, otherOt.id], teacherIds: [teacher.id] });
  await makeStudent(t.db, { schoolId: school.id, therapistIds: [ot.id], teacherIds: [otherTeacher.id] });
  await makeStudent(t.db, { schoolId: school.id, therapistIds: [otherOt.id], teacherIds: [otherTeacher.id] });
  admin = await signedIn(t.app, (await user(t.db, 'admin')).email);
});

describe("an account's page", () => {
  it("counts an OT's caseload and a teacher's students, theirs alone", async () => {
    const otPage = await admin.agent.get(`/admin/users/${ot.id}`);
    expect(otPage.status).toBe(200);
    expect(otPage.text).toContain('<dt>Caseload</dt><dd>2 students</dd>');
    expect((await admin.agent.get(`/admin/users/${newOt.id}`)).text).toContain('<dt>Caseload</dt><dd>0 students</dd>');
    expect((await admin.agent.get(`/admin/users/${teacher.id}`)).text).toContain('<dt>Students</dt><dd>1 student</dd>');
  });
});
