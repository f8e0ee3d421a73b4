// Text in every language: stored and searched as NFC, no characters that reorder what is around
// them, search that takes `%` and `_` as characters, and a note at its stated limit that fits in
// a request whatever its script. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
import { studentFormFields } from '../helpers/forms.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeGoal, makeProgressNote, makeSchool, makeStudent, signedIn, testApp, user } from '../helpers/app.js';
import { BODY_LIMIT, PARAMETER_LIMIT } from '../../src/web/body.js';
import { bdi } from '../../src/web/view-helpers.js';
import { line, paragraph, searchText } from '../../src/web/validation.js';

const t = await testApp();
type Session = Awaited<ReturnType<typeof signedIn>>;
let ot: Session;
let therapistId: number;
let schoolId: number;

const COMPOSED = 'Ren\u00e9e'; // "Renée" with é as one character, as keyboards type it
const DECOMPOSED = 'Rene\u0301e'; // e + combining acute accent, as some systems and files send it

const studentFields = (fields: Record<string, string>) => ({ _csrf: ot.csrf, ...studentFormFields(schoolId, fields) });

/** The ids of the students the OT's list shows for a search. */
async function found(q: string): Promise<number[]> {
  const res = await ot.agent.get('/students').query({ q });
  expect(res.status).toBe(200);
  return [...res.text.matchAll(/<tr id="student-(\d+)"/g)].map((m) => Number(m[1]));
}

beforeAll(async () => {
  schoolId = (await makeSchool(t.db)).id;
  const therapist = await user(t.db, 'therapist');
  therapistId = therapist.id;
  ot = await signedIn(t.app, therapist.email);
});

describe('names typed in either Unicode form', () => {
  it.each([
    ['decomposed', DECOMPOSED, COMPOSED],
    ['composed', COMPOSED, DECOMPOSED],
  ])('a name saved %s is stored as NFC and found by a search typed either way', async (_how, saved, searched) => {
    const lastName = `Nfc${saved === COMPOSED ? 'One' : 'Two'}`;
    const res = await ot.agent
      .post('/students')
      .type('form')
      .send(studentFields({ firstName: saved, lastName }));
    expect(res.status).toBe(303);
    const s = await t.db.student.findFirstOrThrow({ where: { lastName } });
    expect(s.firstName).toBe(COMPOSED);
    expect(s.searchName).toBe(`${COMPOSED} ${lastName}`.toLowerCase());
    expect(await found(searched)).toContain(s.id);
    expect(await found(`${searched.toUpperCase()} ${lastName}`)).toContain(s.id);
  });

  it('a name stored decomposed by another path (a roster, an old row made NFC on write) is found by the composed search', async () => {
    const s = await makeStudent(t.db, { schoolId, firstName: DECOMPOSED, lastName: 'Roster', therapistIds: [therapistId] });
    expect(s.searchName).toBe(`${COMPOSED} roster`.toLowerCase());
    expect(await found(COMPOSED)).toContain(s.id);
  });

  it('the validation helpers return NFC', () => {
    expect(line('a name').parse(` ${DECOMPOSED} `)).toBe(COMPOSED);
    expect(paragraph('the note').parse(`${DECOMPOSED} wrote.\r\n`)).toBe(`${COMPOSED} wrote.`);
    expect(searchText().parse(`\u202E${DECOMPOSED}`)).toBe(COMPOSED);
  });
});

describe('characters that reorder text', () => {
  it.each([
    ['a right-to-left override', 'Ana\u202Enhoj'],
    ['a left-to-right embedding', 'Ana\u202Ax'],
    ['a first-strong isolate', 'Ana\u2068x\u2069'],
    ['a right-to-left mark', 'Ana\u200F'],
  ])('in a name (%s) are refused next to the field, keeping what was typed', async (_what, firstName) => {
    const before = await t.db.student.count();
    const res = await ot.agent
      .post('/students')
      .type('form')
      .send(studentFields({ firstName, lastName: 'Refused' }));
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="field-firstName-error" class="field-error">First name has characters that cannot be used</);
    expect(res.text).toContain(`value="${firstName}"`);
    expect(await t.db.student.count()).toBe(before);
  });

  it('right-to-left letters need none of them: an Arabic or Hebrew name is saved as typed', async () => {
    const res = await ot.agent
      .post('/students')
      .type('form')
      .send(studentFields({ firstName: 'ليلى', lastName: 'כהן' }));
    expect(res.status).toBe(303);
    const s = await t.db.student.findFirstOrThrow({ where: { lastName: 'כהן' } });
    expect(s.firstName).toBe('ليلى');
    // The list shows each name isolated, so it cannot reorder the punctuation around it.
    const list = await ot.agent.get('/students').query({ q: 'ليلى' });
    expect(list.text).toContain('<bdi>כהן, ليلى</bdi>');
    expect(list.text).toContain('matching “<bdi>ليلى</bdi>”');
  });

  it('in free text, overrides and isolates are refused; direction marks and RTL letters are fine', () => {
    const note = paragraph('the note', 500);
    expect(note.safeParse('Good work \u202Eon letters').error?.issues[0]?.message).toBe('Note has characters that cannot be used');
    expect(note.safeParse('Good work \u2067on letters').success).toBe(false);
    expect(note.safeParse('قال: \u200Fممتاز').success).toBe(true);
  });

  it('bdi() escapes what it isolates', () => {
    expect(bdi('<b>"Ana" & \'Bo\'</b>')).toBe('<bdi>&lt;b&gt;&quot;Ana&quot; &amp; &#39;Bo&#39;&lt;/b&gt;</bdi>');
    expect(bdi(null)).toBe('<bdi></bdi>');
  });
});

describe('the student search', () => {
  let ids: Record<string, number>;
  beforeAll(async () => {
    ids = {};
    for (const lastName of ['Under_score', 'Underxscore', 'Hundred%', 'Hundredfold', 'Back\\slash', 'Bang!mark']) {
      ids[lastName] = (await makeStudent(t.db, { schoolId, firstName: 'Lit', lastName, therapistIds: [therapistId] })).id;
    }
  });

  it.each([
    ['under_score', ['Under_score']],
    ['_', ['Under_score']],
    ['hundred%', ['Hundred%']],
    ['%', ['Hundred%']],
    ['d%', ['Hundred%']],
    ['back\\slash', ['Back\\slash']],
    ['\\', ['Back\\slash']],
    ['bang!mark', ['Bang!mark']],
    ['lit _ under', ['Under_score']],
    ['_ %', []],
    ['hundred', ['Hundred%', 'Hundredfold']],
  ])('matches %j literally', async (q, names) => {
    const shown = (await found(q)).filter((id) => Object.values(ids).includes(id));
    expect(shown.sort()).toEqual(names.map((n) => ids[n]).sort());
  });

  it('still keeps to the caseload when a word has a wildcard in it', async () => {
    const other = await user(t.db, 'therapist');
    const theirs = await makeStudent(t.db, { schoolId, firstName: 'Lit', lastName: 'Their_s', therapistIds: [other.id] });
    expect(await found('their_s')).not.toContain(theirs.id);
    expect(await found('_')).not.toContain(theirs.id);
  });
});

describe('a progress note at its stated limit', () => {
  let goalIds: number[];
  let studentId: number;
  beforeAll(async () => {
    studentId = (await makeStudent(t.db, { schoolId, firstName: 'Noor', therapistIds: [therapistId] })).id;
    goalIds = [];
    for (const area of ['handwriting', 'scissors'] as const) {
      goalIds.push((await makeGoal(t.db, { studentId, area, statement: `will improve ${area}.` })).id);
    }
  });

  async function edit(noteId: number, fields: Record<string, string>) {
    const page = await ot.agent.get(`/notes/${noteId}/edit`);
    const version = /id="note-version" value="(\d+)"/.exec(page.text)?.[1] ?? '';
    return ot.agent
      .post(`/notes/${noteId}`)
      .type('form')
      .send({ _csrf: ot.csrf, version, ...fields });
  }

  it('saves 20,000 characters of Arabic in each version (12,000 was refused as too large)', async () => {
    const note = await makeProgressNote(t.db, { studentId, createdById: therapistId, goals: goalIds.map((goalId) => ({ goalId })) });
    const arabic = 'يكتب نور الحروف بوضوح أكبر. '.repeat(1000).slice(0, 20_000).trim();
    const hindi = 'नूर अक्षर साफ़ लिखती है। '.repeat(1000).slice(0, 20_000).trim();
    const res = await edit(note.id, {
      teacherText: arabic,
      familyText: hindi,
      [`reason_${goalIds[0]}`]: 'غاب في أكتوبر'.repeat(40).slice(0, 500),
    });
    expect(res.status).toBe(303);
    const saved = await t.db.progressNote.findUniqueOrThrow({ where: { id: note.id } });
    expect(saved.teacherText).toBe(arabic);
    expect(saved.familyText).toBe(hindi);
    // The editor stops typing where the server would: the two limits are the same.
    const page = await ot.agent.get(`/notes/${note.id}/edit`);
    expect(page.text).toMatch(/name="teacherText" rows="\d+"\s+maxlength="20000"/);
    expect(page.text).toMatch(/name="familyText" rows="\d+"\s+maxlength="20000"/);
  });

  it('one character over is refused next to the field, with the text kept', async () => {
    const note = await makeProgressNote(t.db, { studentId, createdById: therapistId, goals: goalIds.map((goalId) => ({ goalId })) });
    const long = 'ب'.repeat(20_001);
    const res = await edit(note.id, { teacherText: long, familyText: 'قصير' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Teacher version must be 20000 characters or fewer');
    expect(res.text).toContain(long);
  });

  it('an override in a version is refused next to the field, with the text kept', async () => {
    const note = await makeProgressNote(t.db, { studentId, createdById: therapistId, goals: goalIds.map((goalId) => ({ goalId })) });
    const res = await edit(note.id, { teacherText: 'Noor \u202Esknaht', familyText: 'نور تكتب' });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="field-teacherText-error" class="field-error">Teacher version has characters that cannot be used</);
    expect(res.text).toContain('Noor \u202Esknaht</textarea>');
    expect(res.text).toContain('نور تكتب</textarea>');
    expect((await t.db.progressNote.findUniqueOrThrow({ where: { id: note.id } })).teacherText).not.toContain('sknaht');
  });

  it('the note shows each paragraph in the direction of its own words', async () => {
    const note = await makeProgressNote(t.db, {
      studentId,
      createdById: therapistId,
      title: 'تقرير التقدم',
      teacherText: 'يكتب نور الحروف بوضوح.\n\nNoor writes letters clearly.',
      goals: goalIds.map((goalId) => ({ goalId })),
    });
    const page = await ot.agent.get(`/notes/${note.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<p dir="auto">يكتب نور الحروف بوضوح.</p>');
    expect(page.text).toContain('<h1><bdi>تقرير التقدم</bdi></h1>');
  });

  it('the largest valid form fits the body limit in the worst script; a larger body is a 413', async () => {
    // Every field at its limit in 3-byte characters (the most UTF-8 bytes a UTF-16 unit takes),
    // with as many goals as the field limit lets a form name: the arithmetic in body.ts.
    const worst = '字';
    const goals = Math.floor((PARAMETER_LIMIT - 4) / 2);
    const fields: [string, string][] = [
      ['_csrf', 'x'.repeat(100)],
      ['version', '2147483647'],
      ['teacherText', worst.repeat(20_000)],
      ['familyText', worst.repeat(20_000)],
    ];
    for (let i = 0; i < goals; i++) fields.push([`code_${2147483647 - i}`, '999999999'], [`reason_${2147483647 - i}`, worst.repeat(500)]);
    const body = new URLSearchParams(fields).toString();
    expect(fields.length).toBeLessThanOrEqual(PARAMETER_LIMIT);
    expect(Buffer.byteLength(body)).toBeLessThan(BODY_LIMIT);

    const note = await makeProgressNote(t.db, { studentId, createdById: therapistId });
    const tooLarge = await ot.agent
      .post(`/notes/${note.id}`)
      .type('form')
      .send(`_csrf=${encodeURIComponent(ot.csrf)}&teacherText=${'a'.repeat(BODY_LIMIT)}`);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.text).toContain('more than Tandem accepts in one go');
  });
});
