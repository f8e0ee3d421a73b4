import { describe, expect, it, vi } from 'vitest';
import { makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();

/** The batch once it has finished: it runs after the request that starts it has been answered. */
function finished(batchId: number) {
  return vi.waitFor(
    async () => {
      const b = await t.db.noteBatch.findUniqueOrThrow({ where: { id: batchId } });
      if (!b.finishedAt) throw new Error('the batch has not finished');
      return b;
    },
    { timeout: 5000, interval: 20 },
  );
}

describe('drafting notes for a whole caseload', () => {
  it('drafts one note per active student, shows progress, and leads through the drafts one by one', async () => {
    const school = await makeSchool(t.db);
    const ot = await user(t.db, 'therapist');
    const ids = [];
    for (const name of ['Ava', 'Ben', 'Cleo'])
      ids.push((await makeStudent(t.db, { schoolId: school.id, firstName: name, lastName: `Batch${name}`, therapistIds: [ot.id] })).id);
    await makeStudent(t.db, { schoolId: school.id, firstName: 'Gone', status: 'exited', therapistIds: [ot.id] });
    const s = await signedIn(t.app, ot.email);
    const res = await s.agent
      .post('/notes/batches')
      .type('form')
      .send({ _csrf: s.csrf, title: 'Report 1', periodStart: '2026-09-01', periodEnd: '2026-11-20' });
    expect(res.status).toBe(303);
    const batchId = Number(String(res.headers.location).split('/').pop());
    const batch = await finished(batchId);
    expect(batch).toMatchObject({ total: 3, done: 3 });
    const notes = await t.db.progressNote.findMany({
      where: { batchId },
      include: { student: true },
      orderBy: { student: { lastName: 'asc' } },
    });
    expect(notes.map((n) => n.student.firstName)).toEqual(['Ava', 'Ben', 'Cleo']);
    const page = await s.agent.get(`/notes/batches/${batchId}`);
    expect(page.text).toContain('Done: 3 of 3 notes drafted.');
    expect(page.text).not.toContain('http-equiv="refresh"');
    const fragment = await s.agent.get(`/notes/batches/${batchId}`).set('HX-Request', 'true');
    expect(fragment.text.trim()).toMatch(/^<div id="batch-progress">/);
    const first = await s.agent.get(`/notes/${notes[0]!.id}/edit`);
    expect(first.text).toContain(`href="/notes/${notes[1]!.id}/edit">Next draft in the batch`);
  });

  it("refuses bad periods, and keeps a therapist's batches to themselves", async () => {
    const ot = await user(t.db, 'therapist');
    const s = await signedIn(t.app, ot.email);
    const bad = await s.agent
      .post('/notes/batches')
      .type('form')
      .send({ _csrf: s.csrf, title: 'Report', periodStart: '2026-11-20', periodEnd: '2026-09-01' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('The period ends after it starts');
    expect(await t.db.noteBatch.count({ where: { createdById: ot.id } })).toBe(0);
    const other = await user(t.db, 'therapist');
    const theirs = await t.db.noteBatch.create({
      data: { createdById: other.id, title: 'Report 1', periodStart: new Date('2026-09-01'), periodEnd: new Date('2026-11-20'), total: 0 },
    });
    expect((await s.agent.get(`/notes/batches/${theirs.id}`)).status).toBe(404);
    expect((await s.agent.post(`/notes/batches/${theirs.id}/resume`).type('form').send({ _csrf: s.csrf })).status).toBe(404);
    const teacher = await user(t.db, 'teacher');
    const ts = await signedIn(t.app, teacher.email);
    expect((await ts.agent.get('/notes/batches/new')).status).toBe(403);
    expect(
      (
        await ts.agent
          .post('/notes/batches')
          .type('form')
          .send({ _csrf: ts.csrf, title: 'x', periodStart: '2026-09-01', periodEnd: '2026-11-20' })
      ).status,
    ).toBe(403);
  });
});
