// The demo's service log is what a district could bill from: every signed session carries the
// fields a Medicaid service record needs, and a few recent ones are still waiting to be signed.
import { beforeAll, expect, it } from 'vitest';
import { loadDemoData } from '../../src/db/demo-data.js';
import { credentialOf } from '../../src/labels.js';
import { testApp } from '../helpers/app.js';

const t = await testApp();

beforeAll(() => loadDemoData(t.db, t.config.timeZone), 60_000);

it('signs every demo session with the fields of a service record', { timeout: 60_000 }, async () => {
  const sessions = await t.db.sessionLog.findMany({
    include: { provider: { select: { name: true, assistant: true } }, students: true },
  });
  const signed = sessions.filter((s) => s.signedAt !== null);
  expect(signed.length).toBeGreaterThan(100);
  expect(sessions.length - signed.length).toBeGreaterThan(0); // some are still to sign
  for (const s of signed) {
    const where = `session ${s.id}`;
    expect(s.startTime, where).toMatch(/^\d{2}:\d{2}$/);
    expect(s.minutes, where).toBeGreaterThan(0);
    expect(s.place, where).toBeTruthy();
    expect(s.nature.trim().length, where).toBeGreaterThan(5);
    expect(s.signedName, where).toBe(s.provider.name);
    expect(s.signedCredential, where).toBe(credentialOf(s.provider));
    expect(s.signedAt!.getTime(), where).toBeGreaterThan(s.date.getTime());
    if (s.provider.assistant) {
      expect(s.supervisorId, where).not.toBeNull();
      expect(s.cosignedAt, where).not.toBeNull();
    }
    expect(s.serviceType === 'group', where).toBe(s.students.length > 1);
    for (const row of s.students.filter((r) => r.attendance === 'attended')) {
      expect(row.response.trim().length, `${where}, student ${row.studentId}`).toBeGreaterThan(10);
    }
  }
});

it("draws every demo note's graphs from the sessions written before it was finalised", { timeout: 60_000 }, async () => {
  const { getNote, noteCharts } = await import('../../src/features/notes/notes.service.js');
  const admin = await t.db.user.findFirstOrThrow({ where: { role: 'admin' } });
  const caller = { user: { ...admin, assistant: false } };
  const notes = await t.db.progressNote.findMany({ where: { status: 'final' }, select: { id: true } });
  expect(notes.length).toBeGreaterThan(0);
  for (const { id } of notes) {
    const note = await getNote(t.db, caller, id);
    const rows = [...(await noteCharts(t.db, note)).values()].map((c) => c.rows.length);
    expect(rows.length, `note ${id}`).toBeGreaterThan(0);
    expect(Math.max(...rows), `note ${id}`).toBeGreaterThan(0);
  }
});

it("gives each demo note's graph caption the same latest result as its text", { timeout: 60_000 }, async () => {
  const { getNote, noteCharts } = await import('../../src/features/notes/notes.service.js');
  const admin = await t.db.user.findFirstOrThrow({ where: { role: 'admin' } });
  const caller = { user: { ...admin, assistant: false } };
  const notes = await t.db.progressNote.findMany({ where: { status: 'final' }, select: { id: true } });
  for (const { id } of notes) {
    const note = await getNote(t.db, caller, id);
    for (const { caption } of (await noteCharts(t.db, note)).values()) {
      const latest = /Latest result \([^)]*\): [^.]*\./.exec(caption)?.[0];
      if (latest) expect(note.teacherText, `note ${id}`).toContain(latest);
    }
  }
});
