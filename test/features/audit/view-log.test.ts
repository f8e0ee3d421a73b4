// Views audited off the request's path (AUDIT_VIEW_DELAY_MS, on outside tests): every view still
// gets its row, in order, soon after the page and at once when the app flushes on shutdown;
// refusals are never held back.
import { beforeAll, describe, expect, it } from 'vitest';
import { ViewLog } from '../../../src/features/audit/view-log.js';
import Database from 'better-sqlite3';
import { freshDb, onPostgres } from '../../helpers/db.js';
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
  it('are written together after the pages answered, one per view, in order, each at the moment of its view', async () => {
    expect(t.ctx.viewLog).not.toBeNull();
    const ot = await signedIn(t.app, email);
    const first = new Date();
    for (let i = 0; i < 3; i++) expect((await ot.agent.get(`/students/${studentId}`)).status).toBe(200);
    const last = new Date();
    await new Promise((r) => setTimeout(r, 50));
    // The delay is 5 s: nothing is written yet.
    expect(await views()).toHaveLength(0);
    await t.ctx.viewLog!.flush();
    const rows = await views();
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.studentId === studentId && r.actorEmail === email)).toBe(true);
    // Stamped when viewed, not when written 50 ms and more later.
    expect(rows.every((r) => r.at >= first && r.at <= last)).toBe(true);
  });

  it('never hold back an export: the whole record is audited before it is sent', async () => {
    const admin = await user(t.db, 'admin', { email: 'admin@view-log.example' });
    const agent = await signedIn(t.app, admin.email);
    expect((await agent.agent.get(`/students/${studentId}/record.json`)).status).toBe(200);
    expect(await t.db.auditEvent.count({ where: { action: 'student.record.export', studentId } })).toBe(1);
  });

  it.skipIf(onPostgres)('keep rows a write could not save while another program held the database, and write them later', async () => {
    const { url, db } = freshDb();
    const errors: number[] = [];
    const log = new ViewLog(db, 60_000, (_error, rows) => errors.push(rows));
    await db.auditEvent.count(); // the app's connections are open, as in a running app
    const other = new Database(url.replace(/^file:/, ''));
    try {
      other.exec('BEGIN IMMEDIATE'); // another program holds the write lock
      log.add([{ action: 'student.view', studentId: null, actorEmail: 'held@view-log.example' }]);
      await log.flush(); // gives up after a few seconds of "database is locked"
      expect(errors).toEqual([1]);
      other.exec('COMMIT');
      log.add([{ action: 'student.view', studentId: null, actorEmail: 'after@view-log.example' }]);
      await log.flush();
      const rows = await db.auditEvent.findMany({ orderBy: { id: 'asc' }, select: { actorEmail: true } });
      expect(rows.map((r) => r.actorEmail)).toEqual(['held@view-log.example', 'after@view-log.example']);
    } finally {
      other.close();
      await db.$disconnect();
    }
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
