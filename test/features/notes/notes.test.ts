import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar/dates.js';
import { makeGoal, makeProgressNote, makeSchool, makeSessionLog, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
type Session = Awaited<ReturnType<typeof signedIn>>;
let ot: Session;
let teacher: Session;
let otherTeacher: Session;
let stranger: Session;
let therapistId: number;
let studentId: number;
let goalId: number;

beforeAll(async () => {
  const school = await makeSchool(t.db);
  const therapist = await user(t.db, 'therapist', { name: 'Maya Okafor' });
  therapistId = therapist.id;
  const teacherUser = await user(t.db, 'teacher');
  const student = await makeStudent(t.db, {
    schoolId: school.id,
    firstName: 'Ava',
    therapistIds: [therapist.id],
    teacherIds: [teacherUser.id],
  });
  studentId = student.id;
  const goal = await makeGoal(t.db, {
    studentId,
    area: 'handwriting',
    statement: 'will form 8 of 10 lowercase letters so they can be read.',
    measurement: 'trials',
    baselineValue: 30,
    baselineDate: new Date('2026-09-01'),
    targetCriterion: '8 of 10 letters on 3 of 4 tries',
    targetValue: 80,
  });
  goalId = goal.id;
  await makeSessionLog(t.db, {
    providerId: therapist.id,
    date: new Date('2026-09-08'),
    students: [
      {
        studentId,
        note: 'INTERNAL-ONLY',
        dataPoints: [30, 40, 40, 50, 50, 60].map((value, i) => ({
          goalId,
          date: addDays(new Date('2026-09-08'), i * 7),
          value,
        })),
      },
    ],
  });
  ot = await signedIn(t.app, therapist.email);
  teacher = await signedIn(t.app, teacherUser.email);
  otherTeacher = await signedIn(t.app, (await user(t.db, 'teacher')).email);
  stranger = await signedIn(t.app, (await user(t.db, 'therapist')).email);
});

async function draft(): Promise<number> {
  const res = await ot.agent
    .post(`/students/${studentId}/notes`)
    .type('form')
    .send({ _csrf: ot.csrf, title: 'Progress report 1', periodStart: '2026-09-01', periodEnd: '2026-11-20' });
  expect(res.status).toBe(303);
  return Number(String(res.headers.location).split('/')[2]);
}

/** A note the therapist finalised, coding the goal "may not meet" with a reason. */
async function finalNote(fields: { sharedAt?: Date } = {}) {
  const limited = await t.db.progressCode.findFirstOrThrow({ where: { meaning: 'may_not_meet' } });
  return makeProgressNote(t.db, {
    studentId,
    createdById: therapistId,
    status: 'final',
    goals: [{ goalId, codeId: limited.id, reason: 'Absences in October' }],
    ...fields,
  });
}

async function form(noteId: number) {
  const page = await ot.agent.get(`/notes/${noteId}/edit`);
  const value = (name: string) => new RegExp(`name="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(page.text)?.[1] ?? '';
  const version = /id="note-version" value="(\d+)"/.exec(page.text)?.[1] ?? '';
  const decode = (s: string) =>
    s
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return { teacherText: decode(value('teacherText')), familyText: decode(value('familyText')), version, page };
}

describe('progress notes', () => {
  it('are drafted from the data, with numbers, the suggested code and plain-language checks', async () => {
    const noteId = await draft();
    const { teacherText, familyText, page } = await form(noteId);
    // Each number named for what it is (progress/levels.ts); no tally was kept, so tries read as a percent.
    expect(teacherText).toContain('At the start (Sep 1, 2026): 30% of tries.');
    expect(teacherText).toContain('Latest result (Oct 13, 2026): 60% of tries. Typical of the last 3 results: 50% of tries.');
    expect(familyText).toContain('At home you can try:');
    expect(page.text).toMatch(/Reading level: <strong>grade \d/);
    expect(page.text).toContain('No clinical words found.');
    // Nothing is chosen for the therapist: the data's suggestion is kept beside an empty choice.
    const code = await t.db.progressNoteGoal.findFirstOrThrow({ where: { noteId } });
    expect(code.codeId).toBeNull();
    const suggested = await t.db.progressCode.findUniqueOrThrow({ where: { id: code.suggestedCodeId ?? 0 } });
    expect(suggested.meaning).toBe('expected');
  });

  it('autosave keeps the text, reports the checks, and refuses a stale version', async () => {
    const noteId = await draft();
    const f = await form(noteId);
    const teacherText = `${f.teacherText}\n\nWe will add proprioceptive input before writing.`;
    const res = await ot.agent
      .post(`/notes/${noteId}/autosave`)
      .set('HX-Request', 'true')
      .type('form')
      .send({ _csrf: ot.csrf, teacherText, familyText: f.familyText, version: f.version });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Saved at');
    expect(res.text).toContain('<mark>proprioceptive</mark>: try “body-position (heavy work like pushing or carrying)”');
    expect(res.text).toMatch(/id="note-version" value="\d+" hx-swap-oob="true"/);
    expect((await t.db.progressNote.findUniqueOrThrow({ where: { id: noteId } })).teacherText).toContain('proprioceptive input');
    const stale = await ot.agent
      .post(`/notes/${noteId}/autosave`)
      .set('HX-Request', 'true')
      .type('form')
      .send({ _csrf: ot.csrf, teacherText: 'Typed on an old page', familyText: f.familyText, version: f.version });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Not saved');
    expect((await t.db.progressNote.findUniqueOrThrow({ where: { id: noteId } })).teacherText).not.toContain('Typed on an old page');
  });

  it('flags a vague statement', async () => {
    const noteId = await draft();
    const f = await form(noteId);
    const res = await ot.agent
      .post(`/notes/${noteId}/autosave`)
      .set('HX-Request', 'true')
      .type('form')
      .send({
        _csrf: ot.csrf,
        teacherText: `${f.teacherText}\n\nAva is making great progress.`,
        familyText: f.familyText,
        version: f.version,
      });
    expect(res.text).toContain('Vague: these paragraphs speak of progress without a number');
    expect(res.text).toContain('“Ava is making great progress.”');
  });

  it('finalise only with a reason for a code that is not sufficient; then the note is locked', async () => {
    const noteId = await draft();
    const f = await form(noteId);
    const limited = await t.db.progressCode.findFirstOrThrow({ where: { meaning: 'may_not_meet' } });
    await ot.agent
      .post(`/notes/${noteId}`)
      .type('form')
      .send({
        _csrf: ot.csrf,
        // The words follow the code: finalising is refused while they disagree.
        teacherText: f.teacherText.replace(/^Progress code:.*$/m, `Progress code: ${limited.label}.`),
        familyText: f.familyText,
        version: f.version,
        [`code_${goalId}`]: String(limited.id),
      });
    const g = await form(noteId);
    const refused = await ot.agent.post(`/notes/${noteId}/finalize`).type('form').send({ _csrf: ot.csrf, version: g.version });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Say why progress is not sufficient');
    await ot.agent
      .post(`/notes/${noteId}`)
      .type('form')
      .send({
        _csrf: ot.csrf,
        teacherText: g.teacherText,
        familyText: g.familyText,
        version: g.version,
        [`code_${goalId}`]: String(limited.id),
        [`reason_${goalId}`]: 'Absences in October',
      });
    const h = await form(noteId);
    const done = await ot.agent.post(`/notes/${noteId}/finalize`).type('form').send({ _csrf: ot.csrf, version: h.version });
    expect(done.status).toBe(303);
    expect((await t.db.progressNote.findUniqueOrThrow({ where: { id: noteId } })).status).toBe('final');
    const locked = await ot.agent
      .post(`/notes/${noteId}`)
      .type('form')
      .send({ _csrf: ot.csrf, teacherText: 'Changed after finalising', familyText: 'x', version: String(Number(h.version) + 1) });
    expect(locked.status).toBe(409);
    expect(locked.text).toContain('finalised and can no longer be changed');
    expect((await t.db.progressNote.findUniqueOrThrow({ where: { id: noteId } })).teacherText).not.toContain('Changed after finalising');
  });

  it("are shared with the student's teachers, who see only the teacher version of shared, finalised notes", async () => {
    const noteId = (await finalNote()).id;
    const draftId = (await makeProgressNote(t.db, { studentId, createdById: therapistId })).id;
    expect((await teacher.agent.get(`/notes/${noteId}`)).status).toBe(404);
    expect((await ot.agent.post(`/notes/${draftId}/share`).type('form').send({ _csrf: ot.csrf })).status).toBe(409);
    expect((await ot.agent.post(`/notes/${noteId}/share`).type('form').send({ _csrf: ot.csrf })).status).toBe(303);
    const seen = await teacher.agent.get(`/notes/${noteId}`);
    expect(seen.status).toBe(200);
    expect(seen.text).toContain('For the teacher');
    expect(seen.text).not.toContain('For the family');
    expect(seen.text).not.toContain('INTERNAL-ONLY');
    expect((await teacher.agent.get(`/notes/${draftId}`)).status).toBe(404);
    const studentPage = await teacher.agent.get(`/students/${studentId}`);
    expect(studentPage.text).toContain(`href="/notes/${noteId}"`);
    expect(studentPage.text).not.toContain(`href="/notes/${draftId}"`);
    expect((await otherTeacher.agent.get(`/notes/${noteId}`)).status).toBe(404);
    for (const path of [`/notes/${noteId}/edit`, `/students/${studentId}/notes/new`])
      expect((await teacher.agent.get(path)).status).toBe(403);
    expect((await teacher.agent.post(`/notes/${noteId}/correct`).type('form').send({ _csrf: teacher.csrf })).status).toBe(403);
  });

  it('download as a PDF once finalised, for the therapist and for a teacher it was shared with', async () => {
    const noteId = (await finalNote({ sharedAt: new Date() })).id;
    const draftId = (await makeProgressNote(t.db, { studentId, createdById: therapistId })).id;
    const pdf = await ot.agent
      .get(`/notes/${noteId}/pdf`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="progress-note-${noteId}.pdf"`);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    // A draft has no PDF yet: its state, not its access, says no.
    expect((await ot.agent.get(`/notes/${draftId}/pdf`)).status).toBe(409);
    expect((await teacher.agent.get(`/notes/${noteId}/pdf`)).status).toBe(200);
    expect((await otherTeacher.agent.get(`/notes/${noteId}/pdf`)).status).toBe(404);
    expect((await stranger.agent.get(`/notes/${noteId}/pdf`)).status).toBe(404);
    expect(await t.db.auditEvent.count({ where: { action: 'student.note.export', targetId: String(noteId) } })).toBe(2);
  });

  it('are corrected by a new version; the finalised one stays in the history', async () => {
    const noteId = (await finalNote()).id;
    const res = await ot.agent.post(`/notes/${noteId}/correct`).type('form').send({ _csrf: ot.csrf });
    expect(res.status).toBe(303);
    const copyId = Number(String(res.headers.location).split('/')[2]);
    const copy = await t.db.progressNote.findUniqueOrThrow({ where: { id: copyId }, include: { goals: true } });
    expect(copy).toMatchObject({ status: 'draft', replacesId: noteId });
    expect(copy.goals[0]?.reason).toBe('Absences in October');
    expect((await ot.agent.get(`/notes/${noteId}`)).text).toContain('A correction replaces this note');
  });

  it('are invisible to a therapist who does not serve the student', async () => {
    const noteId = (await makeProgressNote(t.db, { studentId, createdById: therapistId })).id;
    for (const path of [`/notes/${noteId}`, `/notes/${noteId}/edit`, `/students/${studentId}/notes/new`])
      expect((await stranger.agent.get(path)).status).toBe(404);
    for (const path of [
      `/notes/${noteId}`,
      `/notes/${noteId}/autosave`,
      `/notes/${noteId}/finalize`,
      `/notes/${noteId}/share`,
      `/notes/${noteId}/correct`,
    ]) {
      expect(
        (await stranger.agent.post(path).type('form').send({ _csrf: stranger.csrf, teacherText: 'x', familyText: 'y', version: '1' }))
          .status,
      ).toBe(404);
    }
    expect(
      (
        await stranger.agent
          .post(`/students/${studentId}/notes`)
          .type('form')
          .send({ _csrf: stranger.csrf, title: 'x', periodStart: '2026-09-01', periodEnd: '2026-11-20' })
      ).status,
    ).toBe(404);
  });
});
