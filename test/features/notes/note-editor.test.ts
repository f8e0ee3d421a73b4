// The note editor saves every field and finalises what is on the screen; a finalised note reads as
// a document (a part per goal, its code as a badge, its graph with a text equivalent, short lists).
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar/dates.js';
import { makeGoal, makeSchool, makeSessionLog, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
let ot: Awaited<ReturnType<typeof signedIn>>;
let studentId: number;
let goalId: number;

beforeAll(async () => {
  const school = await makeSchool(t.db);
  const therapist = await user(t.db, 'therapist', { name: 'Maya Okafor' });
  const student = await makeStudent(t.db, { schoolId: school.id, firstName: 'Ava', therapistIds: [therapist.id] });
  studentId = student.id;
  goalId = (
    await makeGoal(t.db, {
      studentId,
      area: 'handwriting',
      statement: 'will form 8 of 10 lowercase letters so they can be read.',
      measurement: 'trials',
      baselineValue: 30,
      baselineDate: new Date('2026-09-01'),
      targetCriterion: '8 of 10 letters on 3 of 4 tries',
      targetValue: 80,
    })
  ).id;
  await makeSessionLog(t.db, {
    providerId: therapist.id,
    date: new Date('2026-09-08'),
    students: [
      {
        studentId,
        dataPoints: [30, 40, 40, 50, 50, 60].map((value, i) => ({ goalId, date: addDays(new Date('2026-09-08'), i * 7), value })),
      },
    ],
  });
  ot = await signedIn(t.app, therapist.email);
});

async function draft() {
  const res = await ot.agent
    .post(`/students/${studentId}/notes`)
    .type('form')
    .send({ _csrf: ot.csrf, title: 'Progress report 1', periodStart: '2026-09-01', periodEnd: '2026-11-20' });
  expect(res.status).toBe(303);
  const id = Number(String(res.headers.location).split('/')[2]);
  const note = await t.db.progressNote.findUniqueOrThrow({ where: { id }, include: { goals: true } });
  return { id, note, suggestedCodeId: note.goals[0]!.suggestedCodeId };
}

const code = (meaning: 'expected' | 'may_not_meet' | 'no_progress') => t.db.progressCode.findFirstOrThrow({ where: { meaning } });

/** The text with its goal's "Progress code:" line naming the given code, as a therapist would edit it. */
const naming = (text: string, label: string) => text.replace(/^Progress code:.*$/m, `Progress code: ${label}.`);

describe('the note editor', () => {
  it('pre-chooses no code: each select starts at "Choose…" with the suggestion beside it', async () => {
    const { id, suggestedCodeId } = await draft();
    const page = await ot.agent.get(`/notes/${id}/edit`);
    expect(page.status).toBe(200);
    const select = new RegExp(`<select id="field-code_${goalId}"[\\s\\S]*?</select>`).exec(page.text)![0];
    expect(select).toContain('<option value="">Choose…</option>');
    expect(select).not.toContain(' selected');
    const suggested = await t.db.progressCode.findUniqueOrThrow({ where: { id: suggestedCodeId! } });
    expect(page.text).toContain(`Suggested: ${suggested.label}`);
    expect(select).toContain(`aria-describedby="field-code_${goalId}-hint"`);
    // Every field autosaves: the form listens to input and change from all its fields.
    expect(page.text).toMatch(/hx-trigger="input delay:1500ms, change"/);
    // Headings do not skip a level: h1, then h2s, then the checks' h3s.
    const levels = [...page.text.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
    for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1);
  });

  it("autosaves a goal's code and its reason", async () => {
    const { id, note } = await draft();
    const limited = await code('may_not_meet');
    const res = await ot.agent
      .post(`/notes/${id}/autosave`)
      .set('HX-Request', 'true')
      .type('form')
      .send({
        _csrf: ot.csrf,
        teacherText: note.teacherText,
        familyText: note.familyText,
        version: String(note.version),
        [`code_${goalId}`]: String(limited.id),
        [`reason_${goalId}`]: 'Absences in October',
      });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Saved at');
    const saved = await t.db.progressNoteGoal.findFirstOrThrow({ where: { noteId: id, goalId } });
    expect(saved.codeId).toBe(limited.id);
    expect(saved.reason).toBe('Absences in October');
  });

  it('finalises what is on the screen: posted values not yet saved are saved and finalised together', async () => {
    const { id, note } = await draft();
    const limited = await code('may_not_meet');
    const res = await ot.agent
      .post(`/notes/${id}/finalize`)
      .type('form')
      .send({
        _csrf: ot.csrf,
        teacherText: naming(note.teacherText, limited.label),
        familyText: note.familyText,
        version: String(note.version),
        [`code_${goalId}`]: String(limited.id),
        [`reason_${goalId}`]: 'Typed just now: absences in October',
      });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/notes/${id}`);
    const done = await t.db.progressNote.findUniqueOrThrow({ where: { id }, include: { goals: true } });
    expect(done.status).toBe('final');
    expect(done.teacherText).toContain(`Progress code: ${limited.label}.`);
    expect(done.goals[0]).toMatchObject({ codeId: limited.id, reason: 'Typed just now: absences in October' });
  });

  it('refuses to finalise posted values with a missing reason, keeping what was typed and saving nothing', async () => {
    const { id, note } = await draft();
    const limited = await code('may_not_meet');
    const teacherText = `${naming(note.teacherText, limited.label)}\n\nTyped and not yet saved.`;
    const res = await ot.agent
      .post(`/notes/${id}/finalize`)
      .type('form')
      .send({
        _csrf: ot.csrf,
        teacherText,
        familyText: note.familyText,
        version: String(note.version),
        [`code_${goalId}`]: String(limited.id),
      });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Say why progress is not sufficient');
    expect(res.text).toContain('Typed and not yet saved.');
    expect(res.text).toMatch(new RegExp(`<option value="${limited.id}" selected>`));
    const still = await t.db.progressNote.findUniqueOrThrow({ where: { id } });
    expect(still).toMatchObject({ status: 'draft', version: note.version });
  });

  it("blocks finalising while a goal's words and code disagree, naming the goal beside its code", async () => {
    const { id, note } = await draft();
    const none = await code('no_progress');
    // The therapist changes the code and leaves the words, which still say the child is improving.
    const fields = {
      _csrf: ot.csrf,
      familyText: note.familyText,
      version: String(note.version),
      [`code_${goalId}`]: String(none.id),
      [`reason_${goalId}`]: 'Absences',
    };
    const res = await ot.agent
      .post(`/notes/${id}/finalize`)
      .type('form')
      .send({ ...fields, teacherText: note.teacherText });
    expect(res.status).toBe(422);
    const error = new RegExp(`<small id="field-code_${goalId}-error" class="field-error">([^<]*)</small>`).exec(res.text)?.[1];
    expect(error).toMatch(/^Handwriting: the text .*, but the code chosen is “Not making progress”/);
    expect(res.text).toContain(`<a href="#field-code_${goalId}">Handwriting: the text`);
    expect((await t.db.progressNote.findUniqueOrThrow({ where: { id } })).status).toBe('draft');

    // Words that say "getting better" under "Not making progress" are refused too, even when the code line agrees.
    const again = await ot.agent
      .post(`/notes/${id}/finalize`)
      .type('form')
      .send({
        ...fields,
        teacherText: `Progress report\n\nHandwriting\nProgress code: ${none.label}.\nAva is getting better at this.`,
        familyText: 'Dear family,\n\nHandwriting\nAva is still working on this.',
      });
    expect(again.status).toBe(422);
    expect(again.text).toContain('Handwriting: the text says the skill is improving');
  });
});

describe('a note as a document', () => {
  it('has a heading per goal, its code as a badge in words, its graph with a caption and a table, and lists', async () => {
    const { id, note } = await draft();
    const expected = await code('expected');
    const teacherText = `${naming(note.teacherText, expected.label)}\n\nTry this:\n- a slanted board <b>now</b>\n- short breaks`;
    const res = await ot.agent
      .post(`/notes/${id}/finalize`)
      .type('form')
      .send({
        _csrf: ot.csrf,
        teacherText,
        familyText: note.familyText,
        version: String(note.version),
        [`code_${goalId}`]: String(expected.id),
      });
    expect(res.status).toBe(303);
    const page = await ot.agent.get(`/notes/${id}`);
    expect(page.status).toBe(200);
    const teacher = /<section aria-labelledby="teacher-title"[\s\S]*?(?=<section aria-labelledby="family-title")/.exec(page.text)![0];
    expect(teacher).toMatch(new RegExp(`<h3 id="teacher-goal-${goalId}">Handwriting</h3>`));
    expect(teacher).toContain(
      `<p class="code-badge code-expected"><span class="code-badge-name">Progress code:</span> <strong>${expected.label}</strong></p>`,
    );
    expect(teacher).toMatch(/<figure class="goal-chart">[\s\S]*<figcaption id="[^"]+">[^<]+<\/figcaption>/);
    expect(teacher).toMatch(/<table>[\s\S]*<th scope="col">Date<\/th>[\s\S]*<td>Oct 13, 2026<\/td><td>60%[^<]*<\/td>/);
    // The drafted "In class:" tips, and the therapist's own lines starting "- ", are lists; user text is escaped.
    expect(teacher).toMatch(/<p class="list-lead" dir="auto">In class:<\/p>\s*<ul class="note-list"><li dir="auto">/);
    expect(teacher).toContain('<li dir="auto">a slanted board &lt;b&gt;now&lt;/b&gt;</li><li dir="auto">short breaks</li>');
    expect(teacher).not.toContain('<b>now</b>');
    const family = /<section aria-labelledby="family-title"[\s\S]*?<\/section>\s*<section/.exec(page.text)![0];
    expect(family).toMatch(new RegExp(`<h3 id="family-goal-${goalId}">Handwriting</h3>`));
    expect(family).toMatch(/<ul class="note-list"><li dir="auto">/);
    // Headings do not skip a level on the note page either.
    const levels = [...page.text.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
    for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1);
    // No inline style anywhere (CSP).
    expect(page.text).not.toMatch(/\sstyle=/);
  });
});
