// Views audited off the request's path (AUDIT_VIEW_DELAY_MS, on outside tests): every view still
// gets its row, in order, soon after the page and at once when the app flushes on shutdown;
// refusals are never held back.
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp({ env: { AUDIT_VIEW_DELAY_MS: '5000' } });
const quick = await testApp({ env: { AUDIT_VIEW_DELAY_MS: '20' } });
let studentId = 0;
let otherId = 0;
let email = '';

beforeAll(async () => {
  const therapist = await user(t.db, 'therapist', { email: 'ot@view-log.example' });
  email = therapist.email;
  const school = await makeSchool(t.db);
  studentId = (await makeStudent(t.db, { schoolId: school.id, therapistIds: [therapist.id] })).id;
  otherId = (await makeStudent(t.db, { schoolId: school.id })).id;
});

const views = () => t.db.auditEvent.findMany({ where: { action: 'student.view' }, orderBy: { id: 'asc' } });

describe('the audit rows of views', () => {
  it('are written together after the pages answered, one per view, in order', async () => {
    expect(t.ctx.viewLog).not.toBeNull();
    const ot = await signedIn(t.app, email);
    for (let i = 0; i < 3; i++) expect((await ot.agent.get(`/students/${studentId}`)).status).toBe(200);
    // The delay is 5 s: nothing is written yet.
    expect(await views()).toHaveLength(0);
    await t.ctx.viewLog!.flush();
    const rows = await views();
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.studentId === studentId && r.actorEmail === email)).toBe(true);
  });

  it('never hold back a refusal: a student out of scope is audited in the request', async () => {
    const ot = await signedIn(t.app, email);
    expect((await ot.agent.get(`/students/${otherId}`)).status).toBe(404);
    expect(await t.db.auditEvent.count({ where: { action: 'access.denied', studentId: otherId } })).toBe(1);
  });

  it('are written on their own once the delay has passed', async () => {
    const ot = await user(quick.db, 'therapist', { email: 'ot2@view-log.example' });
    const id = (await makeStudent(quick.db, { schoolId: (await makeSchool(quick.db)).id, therapistIds: [ot.id] })).id;
    const agent = await signedIn(quick.app, ot.email);
    expect((await agent.agent.get(`/students/${id}`)).status).toBe(200);
    await expect.poll(() => quick.db.auditEvent.count({ where: { action: 'student.view', studentId: id } }), { timeout: 2_000 }).toBe(1);
  });
});
