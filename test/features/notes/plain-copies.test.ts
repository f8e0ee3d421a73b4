// What teachers and families receive carries no clinical words: the note page a teacher reads, the
// note's PDF (teacher part and family part), the strategy sheet and the evaluation handout pass the
// same glossary check as the note text, captions, headings and labels included.
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar/dates.js';
import { dueDate } from '../../../src/features/evaluations/evaluations.service.js';
import { goalAreas, measurements, plainAreaLabel } from '../../../src/features/goals/goal-areas.js';
import { checkLanguage } from '../../../src/features/notes/plain-language.js';
import { strategyLibrary } from '../../../src/features/strategies/library.js';
import { makeGoal, makeSchool, makeSessionLog, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
type Session = Awaited<ReturnType<typeof signedIn>>;
let ot: Session;
let teacher: Session;
let studentId: number;
let noteId: number;
let promptGoalId: number;
let evaluationId: number;

/** The clinical terms the glossary finds in a copy, by name (an empty list passes). */
const clinicalWords = (text: string, audience: 'teacher' | 'family') => checkLanguage(text, audience).jargon.map((j) => j.term);

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', nbsp: ' ' };
const decode = (s: string) =>
  s.replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (all, e: string) =>
    e.startsWith('#x')
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : (entities[e] ?? all),
  );

/** A page as a reader meets it: the visible text, and the labels a screen reader reads out. */
function pageText(html: string): string {
  const labels = [...html.matchAll(/\b(?:alt|title|aria-label)="([^"]*)"/g)].map((m) => m[1]);
  const visible = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .split(/\n/);
  return decode([...visible, ...labels].join('\n'));
}

/** The headings of a page, one a line. */
const headings = (html: string) =>
  [...html.matchAll(/<h[1-6][^>]*>([\s\S]*?)<\/h[1-6]>/gi)].map((m) => decode(m[1]!.replace(/<[^>]+>/g, '')));

/**
 * The text a PDF draws: pdfkit writes each line as hex strings in a TJ array inside a compressed
 * content stream. Lines are joined with a space, and a word broken after a hyphen is joined again.
 */
function pdfText(pdf: Buffer): string {
  const lines: string[] = [];
  const raw = pdf.toString('latin1');
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
    } catch {
      continue; // a font or an image, not a page
    }
    for (const tj of content.matchAll(/\[([^\]]*)\]\s*TJ/g))
      lines.push([...tj[1]!.matchAll(/<([0-9a-f]*)>/gi)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')).join(''));
  }
  return lines
    .join(' ')
    .replace(/\s+/g, ' ')
    .replace(/(\w)- (\w)/g, '$1-$2');
}

beforeAll(async () => {
  const school = await makeSchool(t.db);
  const therapist = await user(t.db, 'therapist', { name: 'Maya Okafor' });
  const teacherUser = await user(t.db, 'teacher');
  const student = await makeStudent(t.db, {
    schoolId: school.id,
    firstName: 'Ava',
    therapistIds: [therapist.id],
    teacherIds: [teacherUser.id],
  });
  studentId = student.id;
  // Every goal area, and every measurement among them (9 areas, 7 measurements: prompt on two).
  const goals = await Promise.all(
    goalAreas.map((area, i) =>
      makeGoal(t.db, {
        studentId,
        area: area.value,
        measurement: measurements[i % measurements.length]!.value,
        statement: `will do a little more of this on her own each week (goal ${i + 1}).`,
      }),
    ),
  );
  expect(new Set(goals.map((g) => g.measurement))).toEqual(new Set(measurements.map((m) => m.value)));
  promptGoalId = goals.find((g) => g.measurement === 'prompt')!.id;
  // Ten weeks of data, each goal moving from its baseline toward its target (some quickly, some not).
  await makeSessionLog(t.db, {
    providerId: therapist.id,
    date: new Date('2026-09-08'),
    students: [
      {
        studentId,
        dataPoints: goals.flatMap((g, i) =>
          Array.from({ length: 10 }, (_, week) => ({
            goalId: g.id,
            date: addDays(new Date('2026-09-08'), week * 7),
            value: Math.round((g.baselineValue + ((g.targetValue - g.baselineValue) * week * (i % 3)) / 20) * 10) / 10,
          })),
        ),
      },
    ],
  });
  // Every strategy in the library, so the sheet shows all of our own words.
  await t.db.studentStrategy.createMany({
    data: strategyLibrary.map((s) => ({ studentId, strategyKey: s.key, assignedById: therapist.id })),
  });
  const consentDate = new Date('2026-11-02');
  evaluationId = (
    await t.db.evaluation.create({
      data: {
        studentId,
        consentDate,
        dueDate: dueDate(consentDate, { kind: 'school', days: 45 }),
        dueRule: '45 school days',
        createdById: therapist.id,
      },
    })
  ).id;

  ot = await signedIn(t.app, therapist.email);
  teacher = await signedIn(t.app, teacherUser.email);

  // The therapist drafts the note from the data, codes every goal, finalises and shares it.
  const drafted = await ot.agent
    .post(`/students/${studentId}/notes`)
    .type('form')
    .send({ _csrf: ot.csrf, title: 'Progress report 1', periodStart: '2026-09-01', periodEnd: '2026-11-20' });
  expect(drafted.status).toBe(303);
  noteId = Number(String(drafted.headers.location).split('/')[2]);
  const expected = await t.db.progressCode.findFirstOrThrow({ where: { meaning: 'expected' } });
  // The therapist confirms the code each goal's data suggests (nothing is chosen for them).
  for (const g of await t.db.progressNoteGoal.findMany({ where: { noteId } }))
    await t.db.progressNoteGoal.update({ where: { id: g.id }, data: { codeId: g.suggestedCodeId ?? expected.id } });
  await t.db.progressNoteGoal.updateMany({ where: { noteId }, data: { reason: 'More time needed' } });
  const { version } = await t.db.progressNote.findUniqueOrThrow({ where: { id: noteId } });
  const finalized = await ot.agent
    .post(`/notes/${noteId}/finalize`)
    .type('form')
    .send({ _csrf: ot.csrf, version: String(version) });
  expect(finalized.status).toBe(303);
  expect((await ot.agent.post(`/notes/${noteId}/share`).type('form').send({ _csrf: ot.csrf })).status).toBe(303);
});

describe("a teacher's and a family's copies", () => {
  it('the note text itself, as drafted for every area and measurement, passes the glossary check', async () => {
    const note = await t.db.progressNote.findUniqueOrThrow({ where: { id: noteId }, include: { goals: true } });
    expect(note.status).toBe('final');
    expect(note.goals).toHaveLength(goalAreas.length);
    expect(clinicalWords(note.teacherText, 'teacher')).toEqual([]);
    expect(clinicalWords(note.familyText, 'family')).toEqual([]);
    // The headings are the areas' plain names: the sensory area's label is a glossary term.
    for (const a of goalAreas) expect(note.teacherText).toContain(`${plainAreaLabel(a.value)}\n`);
    expect(note.teacherText).toContain('Staying calm and handling sounds, touch and movement');
    expect(note.teacherText).not.toContain('Sensory processing');
  });

  it('the note page a teacher reads: text, headings and labels', async () => {
    const page = await teacher.agent.get(`/notes/${noteId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('For the teacher');
    expect(page.text).not.toContain('For the family');
    expect(headings(page.text).length).toBeGreaterThan(1);
    expect(clinicalWords(headings(page.text).join('.\n'), 'teacher')).toEqual([]);
    expect(clinicalWords(pageText(page.text), 'teacher')).toEqual([]);
  });

  it("the teacher's PDF: graph captions and goal headings in plain words", async () => {
    const res = await teacher.agent
      .get(`/notes/${noteId}/pdf`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const text = pdfText(res.body as Buffer);
    // The captions are there (one per goal), in the plain words, and the family part is not.
    // Each goal's start is said twice: in the note's text and in its graph's caption, in the same words.
    expect(text.match(/At the start \(Sep 1, 2026\)/g)).toHaveLength(goalAreas.length * 2);
    expect(text).toContain('The goal: needing a pointing gesture by Jun 1, 2027.');
    expect(text).toContain('Staying calm and handling sounds, touch and movement:');
    expect(text).not.toContain('For the family');
    expect(clinicalWords(text, 'teacher')).toEqual([]);
  });

  it("the therapist's PDF, with the family part, in plain words too", async () => {
    const res = await ot.agent
      .get(`/notes/${noteId}/pdf`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const text = pdfText(res.body as Buffer);
    expect(text).toContain('For the family of Ava');
    expect(text).toContain('Dear family,');
    expect(clinicalWords(text, 'family')).toEqual([]);
  });

  it('the strategy sheet a teacher prints', async () => {
    const sheet = await teacher.agent.get(`/students/${studentId}/strategies/sheet`);
    expect(sheet.status).toBe(200);
    for (const s of strategyLibrary.slice(0, 5)) expect(sheet.text).toContain(s.title);
    expect(clinicalWords(headings(sheet.text).join('.\n'), 'teacher')).toEqual([]);
    expect(clinicalWords(pageText(sheet.text), 'teacher')).toEqual([]);
  });

  it('the evaluation handout a family takes home', async () => {
    const handout = await ot.agent.get(`/evaluations/${evaluationId}/handout`);
    expect(handout.status).toBe(200);
    expect(handout.text).toContain('We talk with you.');
    expect(clinicalWords(pageText(handout.text), 'family')).toEqual([]);
  });

  it("while the therapist's own goal page keeps the precise terms, which the check would catch", async () => {
    const page = await ot.agent.get(`/goals/${promptGoalId}`);
    expect(page.status).toBe(200);
    expect(pageText(page.text)).toContain('target gestural prompt');
    expect(clinicalWords(pageText(page.text), 'teacher')).toContain('gestural prompt');
  });
});
