import { beforeAll, describe, expect, it, vi } from 'vitest';
import { addDays, dayKey, today } from '../../../src/calendar/dates.js';
import { makeGoal, makeProgressNote, makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
type Session = Awaited<ReturnType<typeof signedIn>>;
let ot: Session;
let ota: Session;
let stranger: Session;
let teacher: Session;
let otId: number;
let period: { id: number; startDate: Date; endDate: Date };
const ids: Record<string, number> = {};
const goals: Record<string, number> = {};

beforeAll(async () => {
  const now = today('UTC');
  period = await t.db.reportingPeriod.create({
    data: { name: 'First progress report', startDate: addDays(now, -90), endDate: addDays(now, -10) },
  });
  await t.db.reportingPeriod.create({ data: { name: 'Second progress report', startDate: addDays(now, -9), endDate: addDays(now, 80) } });
  const school = await makeSchool(t.db);
  const therapist = await user(t.db, 'therapist', { name: 'Maya Okafor' });
  otId = therapist.id;
  const assistant = await user(t.db, 'therapist', { name: 'Jordan Lee' });
  await t.db.user.update({ where: { id: assistant.id }, data: { assistant: true } });
  const teacherUser = await user(t.db, 'teacher');
  const other = await user(t.db, 'therapist');
  for (const [key, lastName] of [
    ['none', 'Adams'],
    ['draft', 'Brown'],
    ['ready', 'Clark'],
    ['final', 'Davis'],
    ['shared', 'Evans'],
    ['assisted', 'Flores'],
  ] as const) {
    const s = await makeStudent(t.db, {
      schoolId: school.id,
      firstName: key === 'assisted' ? 'Fay' : 'Kid',
      lastName,
      therapistIds: key === 'assisted' ? [therapist.id, assistant.id] : [therapist.id],
      teacherIds: [teacherUser.id],
    });
    ids[key] = s.id;
    goals[key] = (await makeGoal(t.db, { studentId: s.id, area: 'handwriting', startDate: addDays(now, -120) })).id;
  }
  const sufficient = await t.db.progressCode.findFirstOrThrow({ where: { meaning: 'expected' } });
  const note = (key: string, fields: Parameters<typeof makeProgressNote>[1]) =>
    makeProgressNote(t.db, { ...fields, periodStart: period.startDate, periodEnd: period.endDate });
  await note('draft', { studentId: ids.draft!, createdById: otId, goals: [{ goalId: goals.draft!, codeId: null }] });
  await note('ready', { studentId: ids.ready!, createdById: otId, goals: [{ goalId: goals.ready!, codeId: sufficient.id }] });
  await note('final', {
    studentId: ids.final!,
    createdById: otId,
    status: 'final',
    finalizedAt: new Date(),
    goals: [{ goalId: goals.final!, codeId: sufficient.id }],
  });
  await note('shared', {
    studentId: ids.shared!,
    createdById: otId,
    status: 'final',
    finalizedAt: new Date(),
    sharedAt: new Date(),
    goals: [{ goalId: goals.shared!, codeId: sufficient.id }],
  });
  ot = await signedIn(t.app, therapist.email);
  ota = await signedIn(t.app, assistant.email);
  stranger = await signedIn(t.app, other.email);
  teacher = await signedIn(t.app, teacherUser.email);
});

/** Each student's row state on the OT's tracker, by student id. */
async function states(s: Session = ot) {
  const page = await s.agent.get(`/notes?period=${period.id}`);
  expect(page.status).toBe(200);
  return Object.fromEntries([...page.text.matchAll(/id="tracker-student-(\d+)" data-state="(\w+)"/g)].map((m) => [Number(m[1]), m[2]]));
}

describe('the notes tracker', () => {
  it('is in the menu, opens on the period just ended, and shows each student’s note state', async () => {
    const home = await ot.agent.get('/students');
    expect(home.text).toContain('href="/notes"');
    const page = await ot.agent.get('/notes');
    expect(page.text).toMatch(/<option value="\d+" selected>First progress report/);
    expect(await states()).toEqual({
      [ids.none!]: 'none',
      [ids.draft!]: 'draft',
      [ids.ready!]: 'ready',
      [ids.final!]: 'final',
      [ids.shared!]: 'shared',
      [ids.assisted!]: 'none',
    });
    expect(page.text).toContain('2 without a note, 1 draft, 1 ready, 1 finalised, 1 shared');
  });

  it('pages through a caseload in the database', async () => {
    const page = await ot.agent.get(`/notes?period=${period.id}&page=2`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('tracker-student-');
  });

  it('defaults a new note and a caseload draft to the period just ended, with no code chosen', async () => {
    const start = dayKey(period.startDate);
    const end = dayKey(period.endDate);
    const single = await ot.agent.get(`/students/${ids.none}/notes/new`);
    expect(single.text).toContain(`value="${start}"`);
    expect(single.text).toContain(`value="${end}"`);
    expect(single.text).toContain('value="First progress report, ');
    const batch = await ot.agent.get('/notes/batches/new');
    expect(batch.text).toContain(`value="${end}"`);
    const drafted = await ot.agent
      .post(`/students/${ids.none}/notes`)
      .type('form')
      .send({ _csrf: ot.csrf, title: 'First progress report', periodStart: start, periodEnd: end });
    expect(drafted.status).toBe(303);
    const noteId = Number(String(drafted.headers.location).split('/')[2]);
    const note = await t.db.progressNote.findUniqueOrThrow({ where: { id: noteId }, include: { goals: true } });
    expect(note.reportingPeriodId).toBe(period.id);
    expect(note.goals.map((g) => g.codeId)).toEqual([null]);
    expect(note.goals[0]!.suggestedCodeId).not.toBeNull();
    expect((await states())[ids.none!]).toBe('draft');
  });

  it('lets an assistant prepare a draft and send it for approval; the OT approves it by finalising', async () => {
    const mine = await states(ota);
    expect(Object.keys(mine)).toEqual([String(ids.assisted)]);
    const drafted = await ota.agent
      .post(`/students/${ids.assisted}/notes`)
      .type('form')
      .send({ _csrf: ota.csrf, title: 'First progress report', periodStart: dayKey(period.startDate), periodEnd: dayKey(period.endDate) });
    expect(drafted.status).toBe(303);
    const noteId = Number(String(drafted.headers.location).split('/')[2]);
    expect((await ota.agent.get(`/notes/${noteId}/edit`)).status).toBe(200);
    expect((await ota.agent.post(`/notes/${noteId}/finalize`).type('form').send({ _csrf: ota.csrf, version: '1' })).status).toBe(403);
    const tracker = await ota.agent.get('/notes');
    expect(tracker.text).toContain(`action="/notes/${noteId}/submit"`);
    expect(tracker.text).not.toContain('/notes/finalize-ready');
    expect((await ota.agent.post(`/notes/${noteId}/submit`).type('form').send({ _csrf: ota.csrf })).status).toBe(303);
    expect((await t.db.progressNote.findUniqueOrThrow({ where: { id: noteId } })).submittedAt).not.toBeNull();
    // The supervising OT sees it waiting, and approves it by finalising it.
    const theirs = await ot.agent.get(`/notes?period=${period.id}`);
    expect(theirs.text).toMatch(
      new RegExp(`id="tracker-student-${ids.assisted}"[\\s\\S]*?waiting for approval[\\s\\S]*?Review and approve`),
    );
    expect(theirs.text).toContain('by Jordan Lee');
    const sufficient = await t.db.progressCode.findFirstOrThrow({ where: { meaning: 'expected' } });
    await t.db.progressNoteGoal.updateMany({ where: { noteId }, data: { codeId: sufficient.id } });
    const { version } = await t.db.progressNote.findUniqueOrThrow({ where: { id: noteId } });
    await t.db.progressNote.update({
      where: { id: noteId },
      data: { teacherText: 'Now: 6 of 10 tries (60%).', familyText: 'Fay writes more letters.' },
    });
    const approved = await ot.agent
      .post(`/notes/${noteId}/finalize`)
      .type('form')
      .send({ _csrf: ot.csrf, version: String(version) });
    expect(approved.status).toBe(303);
    expect((await states())[ids.assisted!]).toBe('final');
  });

  it('drafts the missing ones only, skipping students with any note for the period', async () => {
    const extra = await makeStudent(t.db, { schoolId: (await t.db.school.findFirstOrThrow()).id, lastName: 'Young', therapistIds: [otId] });
    const before = await t.db.progressNote.count();
    const res = await ot.agent
      .post('/notes/draft-missing')
      .type('form')
      .send({ _csrf: ot.csrf, periodId: String(period.id) });
    expect(res.status).toBe(303);
    const batchId = Number(String(res.headers.location).split('/').pop());
    const batch = await vi.waitFor(
      async () => {
        const b = await t.db.noteBatch.findUniqueOrThrow({ where: { id: batchId } });
        if (!b.finishedAt) throw new Error('still drafting');
        return b;
      },
      { timeout: 10_000 },
    );
    expect(batch).toMatchObject({ total: 1, done: 1, reportingPeriodId: period.id });
    expect(await t.db.progressNote.count()).toBe(before + 1);
    expect(await t.db.progressNote.count({ where: { studentId: extra.id, batchId } })).toBe(1);
    // Running it again drafts nothing: every student has a note for the period now.
    await ot.agent.post(`/notes/batches/${batchId}/resume`).type('form').send({ _csrf: ot.csrf });
    await vi.waitFor(async () => expect((await t.db.noteBatch.findUniqueOrThrow({ where: { id: batchId } })).finishedAt).not.toBeNull());
    expect(await t.db.progressNote.count()).toBe(before + 1);
    // The batch can be found again from the tracker.
    expect((await ot.agent.get(`/notes?period=${period.id}`)).text).toContain(`href="/notes/batches/${batchId}"`);
  });

  it('finalises and shares every ready note in one action, naming those left as drafts and why', async () => {
    const res = await ot.agent
      .post('/notes/finalize-ready')
      .type('form')
      .send({ _csrf: ot.csrf, periodId: String(period.id) });
    expect(res.status).toBe(303);
    const page = await ot.agent.get(String(res.headers.location));
    // Young's note (drafted in the batch, with no goals to code) is ready as it stands.
    expect(page.text).toMatch(/Finalised and shared 4 notes: Kid Clark, Kid Davis, Fay Flores, \w+ Young\./);
    expect(page.text).toMatch(/Still drafts, not finalised: [^<]*Kid Brown \(Choose a progress code/);
    const s = await states();
    expect(s[ids.ready!]).toBe('shared');
    expect(s[ids.final!]).toBe('shared');
    expect(s[ids.assisted!]).toBe('shared');
    expect(s[ids.draft!]).toBe('draft');
    expect(page.text).toMatch(/Still drafts, not finalised: [^<]*Kid Adams \(Choose a progress code/);
    expect(await t.db.auditEvent.count({ where: { action: 'student.note.shared' } })).toBe(4);
  });

  it('shows another OT none of these students, and refuses a teacher', async () => {
    const theirs = await stranger.agent.get(`/notes?period=${period.id}`);
    expect(theirs.status).toBe(200);
    expect(theirs.text).not.toContain(`tracker-student-${ids.draft}`);
    expect(theirs.text).not.toContain('Brown');
    const draft = await t.db.progressNote.findFirstOrThrow({ where: { studentId: ids.draft } });
    expect((await stranger.agent.post(`/notes/${draft.id}/submit`).type('form').send({ _csrf: stranger.csrf })).status).toBe(404);
    expect((await teacher.agent.get('/notes')).status).toBe(403);
    expect((await teacher.agent.post('/notes/finalize-ready').type('form').send({ _csrf: teacher.csrf })).status).toBe(403);
    expect((await ota.agent.post('/notes/draft-missing').type('form').send({ _csrf: ota.csrf })).status).toBe(403);
  });
});
