// The service log export: who gets which rows, what the file says, and that it is safe to open.
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { dayKey } from '../../../src/calendar/dates.js';
import { exportColumns, lastFullMonth, neutraliseFormula, toCsv } from '../../../src/features/sessions/export.service.js';
import { makeSchool, makeSessionLog, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
type Agent = Awaited<ReturnType<typeof signedIn>>;
let ot: Agent;
let ota: Agent;
let teacher: Agent;
let admin: Agent;
let otId: number;
let otherSchoolId: number;

const day = (d: string) => new Date(`${d}T00:00:00Z`);
const OCTOBER = '/sessions/export.csv?from=2026-10-01&to=2026-10-31';

/** The file read as a spreadsheet would (csv-parse, as the roster import reads files). */
function parseCsv(text: string): string[][] {
  return parse(text, { relax_column_count: true });
}

/** The file's rows as objects by column name (the byte order mark taken off first). */
function records(text: string) {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  return { header: header!, rows: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]]))) };
}

beforeAll(async () => {
  const school = await makeSchool(t.db, { name: 'Lincoln Elementary' });
  otherSchoolId = (await makeSchool(t.db, { name: 'Oak Middle' })).id;
  const o = await user(t.db, 'therapist', { name: 'Maya Okafor' });
  const a = await user(t.db, 'therapist', { name: 'Jordan Lee' });
  await t.db.user.update({ where: { id: a.id }, data: { assistant: true } });
  const other = await user(t.db, 'therapist', { name: 'Sam Rivera' });
  const te = await user(t.db, 'teacher');
  const ad = await user(t.db, 'admin');
  otId = o.id;
  const zoe = await makeStudent(t.db, {
    schoolId: school.id,
    firstName: 'Zoé',
    lastName: 'Smith, "Jr"',
    districtId: '204518',
    gradeLevel: 0,
    therapistIds: [o.id],
  });
  const tricky = await makeStudent(t.db, {
    schoolId: school.id,
    firstName: '+Bob',
    lastName: '=HYPERLINK("http://x")',
    therapistIds: [o.id],
  });
  const hidden = await makeStudent(t.db, { schoolId: otherSchoolId, firstName: 'Hidden', lastName: 'Person', therapistIds: [other.id] });

  await makeSessionLog(t.db, {
    providerId: o.id,
    date: day('2026-10-05'),
    startTime: '09:00',
    minutes: 30,
    nature: 'Handwriting practice at a slant board',
    students: [
      { studentId: zoe.id, note: 'SECRET-INTERNAL-NOTE', response: 'Wrote her name, "neatly"\nthen copied a line' },
      { studentId: tricky.id, minutes: 20, note: 'SECRET-INTERNAL-NOTE' },
    ],
  });
  const voided = await makeSessionLog(t.db, { providerId: o.id, date: day('2026-10-06'), students: [{ studentId: zoe.id }] });
  await t.db.sessionLog.update({ where: { id: voided.id }, data: { voidedAt: new Date(), voidReason: 'Entered twice' } });
  await makeSessionLog(t.db, { providerId: other.id, date: day('2026-10-05'), startTime: '08:00', students: [{ studentId: hidden.id }] });
  // Outside the dates: never in October's file.
  await makeSessionLog(t.db, { providerId: o.id, date: day('2026-11-02'), students: [{ studentId: zoe.id }] });
  // September: a group of three, Zoé with two students on Sam Rivera's caseload (one of them the
  // hidden one): Maya's file has Zoé's row alone, and says the group was three.
  const another = await makeStudent(t.db, { schoolId: otherSchoolId, firstName: 'Other', lastName: 'Pupil', therapistIds: [other.id] });
  await makeSessionLog(t.db, {
    providerId: other.id,
    date: day('2026-09-15'),
    students: [{ studentId: zoe.id }, { studentId: hidden.id }, { studentId: another.id }],
  });
  await makeSessionLog(t.db, {
    providerId: other.id,
    date: day('2026-09-16'),
    students: [{ studentId: another.id }, { studentId: hidden.id }],
  });

  ot = await signedIn(t.app, o.email);
  ota = await signedIn(t.app, a.email);
  teacher = await signedIn(t.app, te.email);
  admin = await signedIn(t.app, ad.email);
});

describe('neutraliseFormula', () => {
  it('puts an apostrophe before a cell a spreadsheet would read as a formula', () => {
    for (const cell of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) expect(neutraliseFormula(cell)).toBe(`'${cell}`);
  });
  it('leaves other cells as they are', () => {
    for (const cell of ['Ava', '2026-10-05', '30', '', "O'Brien", 'a=b']) expect(neutraliseFormula(cell)).toBe(cell);
  });
});

describe('toCsv', () => {
  it('starts with a byte order mark and quotes commas, quotes, line breaks; accents stay', () => {
    const csv = toCsv([['Smith, "Jr"', 'Zoé', 'two\nlines', '李', 'cr\rhere', 'crlf\r\nhere']]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('\r\n"Smith, ""Jr""",Zoé,"two\nlines",李,"cr\rhere","crlf\r\nhere"\r\n');
    const { rows } = records(csv);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ Date: 'Smith, "Jr"', Start: 'Zoé', End: 'two\nlines', Minutes: '李', 'Student last name': 'cr\rhere' });
  });
});

describe('lastFullMonth', () => {
  it('is the calendar month before the one the day is in', () => {
    const m = lastFullMonth(day('2026-12-01'));
    expect([dayKey(m.from), dayKey(m.to)]).toEqual(['2026-11-01', '2026-11-30']);
    const jan = lastFullMonth(day('2027-01-15'));
    expect([dayKey(jan.from), dayKey(jan.to)]).toEqual(['2026-12-01', '2026-12-31']);
  });
});

describe('GET /sessions/export.csv', () => {
  it('gives an admin the whole district, ordered by date, start time and last name', async () => {
    const res = await admin.agent.get(OCTOBER);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="service-log-2026-10-01-to-2026-10-31.csv"');
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    const { header, rows } = records(res.text);
    expect(header).toEqual([...exportColumns]);
    // Billing and state audits match rows on the district's own student number, right after the name.
    expect(header.slice(4, 7)).toEqual(['Student last name', 'Student first name', 'District student ID']);
    expect(rows.map((r) => r['District student ID'])).toEqual(['', '', '204518', '204518']);
    expect(rows.map((r) => [r.Date, r.Start, r['Student last name']])).toEqual([
      ['2026-10-05', '08:00', 'Person'],
      ['2026-10-05', '09:00', `'=HYPERLINK("http://x")`],
      ['2026-10-05', '09:00', 'Smith, "Jr"'],
      ['2026-10-06', '09:00', 'Smith, "Jr"'],
    ]);
  });

  it("gives an OT only their caseload's rows", async () => {
    const res = await ot.agent.get(OCTOBER);
    expect(res.status).toBe(200);
    const { rows } = records(res.text);
    expect(rows).toHaveLength(3);
    expect(res.text).not.toContain('Hidden');
    const zoe = rows[1]!;
    expect(zoe).toMatchObject({
      End: '09:30',
      Minutes: '30',
      'Student first name': 'Zoé',
      'District student ID': '204518',
      School: 'Lincoln Elementary',
      Grade: 'Kindergarten',
      'Service type': 'Group',
      'Group size': '2',
      Place: 'School therapy room',
      Attendance: 'Attended',
      'Nature of service': 'Handwriting practice at a slant board',
      'Response/progress': 'Wrote her name, "neatly"\nthen copied a line',
      Provider: 'Maya Okafor',
      Credential: 'OTR/L',
      Status: 'Final',
    });
    expect(rows[0]).toMatchObject({ 'Student first name': "'+Bob", Minutes: '20' });
  });

  it("counts a group's size with every student in it, and lists only the caller's rows of it", async () => {
    const september = '/sessions/export.csv?from=2026-09-01&to=2026-09-30';
    const mine = records((await ot.agent.get(september)).text).rows;
    expect(mine.map((r) => [r['Student first name'], r['Group size']])).toEqual([['Zoé', '3']]);
    const all = records((await admin.agent.get(september)).text).rows;
    expect(all.map((r) => [r.Date, r['Student first name'], r['Group size']])).toEqual([
      ['2026-09-15', 'Hidden', '3'],
      ['2026-09-15', 'Other', '3'],
      ['2026-09-15', 'Zoé', '3'],
      ['2026-09-16', 'Hidden', '2'],
      ['2026-09-16', 'Other', '2'],
    ]);
  });

  it('marks a voided session and never writes the internal note', async () => {
    const res = await ot.agent.get(OCTOBER);
    expect(records(res.text).rows[2]).toMatchObject({ Date: '2026-10-06', Status: 'Voided: Entered twice' });
    expect(res.text).not.toContain('SECRET-INTERNAL-NOTE');
  });

  it('filters by school and by provider', async () => {
    const bySchool = records((await admin.agent.get(`${OCTOBER}&school=${otherSchoolId}`)).text).rows;
    expect(bySchool.map((r) => r['Student first name'])).toEqual(['Hidden']);
    const byProvider = records((await admin.agent.get(`${OCTOBER}&provider=${otId}`)).text).rows;
    expect(byProvider).toHaveLength(3);
  });

  it('writes one audit entry with ids and counts, no names', async () => {
    const before = await t.db.auditEvent.count({ where: { action: 'session.exported' } });
    await ot.agent.get(`${OCTOBER}&provider=${otId}`);
    const events = await t.db.auditEvent.findMany({ where: { action: 'session.exported' }, orderBy: { id: 'desc' } });
    expect(events).toHaveLength(before + 1);
    expect(JSON.parse(events[0]!.detail!)).toEqual({ from: '2026-10-01', to: '2026-10-31', schoolId: null, providerId: otId, rows: 3 });
    expect(events[0]!.actorId).toBe(otId);
  });

  it('refuses a teacher and an OT assistant', async () => {
    for (const who of [teacher, ota]) {
      expect((await who.agent.get(OCTOBER)).status).toBe(403);
      expect((await who.agent.get('/sessions/export')).status).toBe(403);
    }
  });

  it('shows what is wrong next to the field, keeping what was typed', async () => {
    const backwards = await ot.agent.get('/sessions/export.csv?from=2026-10-31&to=2026-10-01');
    expect(backwards.status).toBe(422);
    expect(backwards.text).toMatch(/id="field-to"[^>]*aria-invalid="true"/s);
    expect(backwards.text).toContain('The last day must be on or after the first day');
    expect(backwards.text).toContain('value="2026-10-31"');

    const unreal = await ot.agent.get('/sessions/export.csv?from=2026-02-30&to=2026-03-01');
    expect(unreal.text).toContain('First day is not a real date');

    const tooLong = await ot.agent.get('/sessions/export.csv?from=2025-01-01&to=2026-01-01');
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain('Choose at most one year');

    // Another OT's school and another provider are not offered to this OT.
    const notMine = await ot.agent.get(`${OCTOBER}&school=${otherSchoolId}&provider=${otId + 2}`);
    expect(notMine.status).toBe(422);
    expect(notMine.text).toContain('Choose a school from the list');
    expect(notMine.text).toContain('Choose a provider from the list');
  });
});

describe('GET /sessions/export', () => {
  it('offers the last full month, and an OT their own schools only', async () => {
    const res = await ot.agent.get('/sessions/export');
    expect(res.status).toBe(200);
    expect(res.text).toContain('action="/sessions/export.csv"');
    expect(res.text).toContain('Lincoln Elementary');
    expect(res.text).not.toContain('Oak Middle');
    expect(res.text).toContain('href="/sessions/export"');
    const admins = await admin.agent.get('/sessions/export');
    expect(admins.text).toContain('Oak Middle');
    expect(admins.text).toContain('Sam Rivera, OTR/L');
  });
});
