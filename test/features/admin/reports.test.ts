// The minutes compliance report: its numbers are minutesFor's (the code behind Home and the
// student page), grouped by school, by therapist and by student; admins only; a CSV that a
// spreadsheet opens safely, and is audited.
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, today } from '../../../src/calendar/dates.js';
import type { CurrentUser } from '../../../src/access/current-user.js';
import { districtReport, schoolReport } from '../../../src/features/admin/reports.service.js';
import { caseloadTotals, minutesFor } from '../../../src/features/minutes/minutes.service.js';
import { makeSchool, makeSessionLog, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
type Session = Awaited<ReturnType<typeof signedIn>>;
let admin: Session;
let adminUser: CurrentUser;
let schoolA: number;
let schoolB: number;
let ot: { id: number; name: string };
let ota: { id: number; name: string };
const ids = {} as Record<'a1' | 'a2' | 'a3' | 'b1', number>;
const day = today(t.config.timeZone);

async function mandate(studentId: number, minutes: number, period: 'week' | 'month') {
  // Started two months ago, so some minutes are due whatever day the test runs.
  await t.db.serviceMandate.create({
    data: {
      studentId,
      minutes,
      period,
      delivery: 'pull_out',
      grouping: 'individual',
      startDate: addDays(day, -60),
      endDate: addDays(day, 300),
    },
  });
}

beforeAll(async () => {
  const a = await user(t.db, 'admin');
  adminUser = { id: a.id, email: a.email, name: a.name, role: 'admin', assistant: false, mustChangePassword: false };
  admin = await signedIn(t.app, a.email);
  schoolA = (await makeSchool(t.db, { name: 'Alder Elementary' })).id;
  schoolB = (await makeSchool(t.db, { name: 'Birch Middle' })).id;
  const o = await user(t.db, 'therapist', { name: 'Olive Otero' });
  const oa = await user(t.db, 'therapist', { name: 'Ana Assis' });
  await t.db.user.update({ where: { id: oa.id }, data: { assistant: true } });
  ot = { id: o.id, name: o.name };
  ota = { id: oa.id, name: oa.name };
  ids.a1 = (await makeStudent(t.db, { schoolId: schoolA, firstName: 'Ada', lastName: 'Lovelace', therapistIds: [ot.id, ota.id] })).id;
  ids.a2 = (await makeStudent(t.db, { schoolId: schoolA, firstName: '=HYPERLINK("x")', lastName: 'Formula', therapistIds: [ot.id] })).id;
  ids.a3 = (await makeStudent(t.db, { schoolId: schoolA, firstName: 'Noor', lastName: 'Nomandate', therapistIds: [ot.id] })).id;
  ids.b1 = (await makeStudent(t.db, { schoolId: schoolB, firstName: 'Bea', lastName: 'Birch', therapistIds: [ota.id] })).id;
  // Exited students are not in the report.
  await makeStudent(t.db, { schoolId: schoolB, firstName: 'Gone', lastName: 'Exited', status: 'exited', therapistIds: [ota.id] });
  await mandate(ids.a1, 60, 'week');
  await mandate(ids.a2, 30, 'week');
  await mandate(ids.b1, 120, 'month');
  await makeSessionLog(t.db, { providerId: ot.id, date: addDays(day, -7), minutes: 30, students: [{ studentId: ids.a1 }] });
  await makeSessionLog(t.db, {
    providerId: ot.id,
    date: addDays(day, -8),
    minutes: 30,
    students: [{ studentId: ids.a1, attendance: 'therapist_absent' }],
  });
  await makeSessionLog(t.db, {
    providerId: ota.id,
    supervisorId: ot.id,
    date: addDays(day, -3),
    minutes: 45,
    students: [{ studentId: ids.b1 }],
  });
});

const caller = () => ({ user: adminUser });

/** A small CSV reader for the test (quoted cells, doubled quotes; rows end in CRLF), after the byte order mark. */
function parse(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.replace(/^\uFEFF/, '').split('\r\n')) {
    if (line === '') continue;
    const cells: string[] = [];
    for (const m of line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)) {
      const raw = m[1]!;
      cells.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
      if (m[2] === '') break;
    }
    rows.push(cells);
  }
  return rows;
}

describe('the minutes report', () => {
  it('has the same numbers as minutesFor, by school, by therapist and by student', async () => {
    const all = await minutesFor(t.db, Object.values(ids), day);
    const sum = (which: number[]) => caseloadTotals(which.map((id) => all.get(id)!));
    const report = await districtReport(t.db, caller(), day);

    const a = report.schools.find((s) => s.id === schoolA)!;
    const expectedA = sum([ids.a1, ids.a2, ids.a3]);
    expect(a).toMatchObject({ students: 2, mandated: expectedA.yearDue, delivered: expectedA.yearDelivered, behind: expectedA.yearBehind });
    expect(a.owed).toBe(expectedA.owed);
    expect(a.mandated).toBeGreaterThan(0);
    expect(a.delivered).toBe(30);
    expect(a.owed).toBe(30); // the therapist's absence is made up, by the district's default rule
    const b = report.schools.find((s) => s.id === schoolB)!;
    expect(b).toMatchObject({ students: 1, mandated: sum([ids.b1]).yearDue, delivered: 45 });
    expect(report.total.mandated).toBe(a.mandated + b.mandated);

    // A student counts under each therapist on their team.
    const byOt = report.therapists.find((x) => x.id === ot.id)!;
    const byOta = report.therapists.find((x) => x.id === ota.id)!;
    expect(byOt).toMatchObject({ students: 2, mandated: sum([ids.a1, ids.a2, ids.a3]).yearDue, assistant: false });
    expect(byOta).toMatchObject({ students: 2, mandated: sum([ids.a1, ids.b1]).yearDue, delivered: 75, assistant: true });

    const school = await schoolReport(t.db, caller(), day, schoolA);
    expect(school.students.map((s) => s.id).sort()).toEqual([ids.a1, ids.a2, ids.a3].sort());
    for (const s of school.students) {
      const one = sum([s.id]);
      expect(s).toMatchObject({ mandated: one.yearDue, delivered: one.yearDelivered, behind: one.yearBehind, owed: one.owed });
    }
    // Most behind first.
    const behinds = school.students.map((s) => s.behind);
    expect(behinds).toEqual([...behinds].sort((x, y) => y - x));
    expect(school.students.find((s) => s.id === ids.a3)).toMatchObject({ inForce: false, mandated: 0, percent: null });
  });

  it('shows schools and therapists in accessible tables, each school linking to its students', async () => {
    const res = await admin.agent.get('/admin/reports/minutes');
    expect(res.status).toBe(200);
    expect(res.text).toContain('href="/admin/reports/minutes"'); // the menu item
    expect(res.text).toContain('Minutes report');
    expect(res.text).toMatch(/<caption>Minutes by school/);
    expect(res.text).toMatch(/<caption>Minutes by therapist/);
    expect(res.text).toContain('<th scope="col">School</th>');
    expect(res.text).toContain(`href="/admin/reports/minutes?school=${schoolA}"`);
    expect(res.text).toContain('Olive Otero');
    expect(res.text).toContain('a student counts under each OT and OT assistant'.replace('a student', 'A student'));
    expect(res.text).toContain('href="/admin/reports/minutes.csv"');
    expect(res.text).not.toContain('Lovelace'); // students only in the drill-down
  });

  it("drills down to one school's students only, linking to each student's minutes", async () => {
    const res = await admin.agent.get(`/admin/reports/minutes?school=${schoolA}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>Minutes report: Alder Elementary</h1>');
    expect(res.text).toContain(`href="/students/${ids.a1}#mandates"`);
    expect(res.text).toContain(`href="/students/${ids.a3}#mandates"`);
    expect(res.text).toContain('<th scope="col" class="number">Minutes in force</th>');
    expect(res.text).toContain('data-label="Minutes in force">No</td>');
    expect(res.text).not.toContain(`/students/${ids.b1}#`);
    expect(res.text).not.toContain('Birch</a>');
    expect(res.text).toMatch(/<caption>Students at Alder Elementary/);
    expect(res.text).toContain('<th scope="row"><a href="/students/');
    expect(res.text).toContain(`<option value="${schoolA}" selected>`);
    expect(res.text).toContain(`href="/admin/reports/minutes.csv?school=${schoolA}"`);
    expect((await admin.agent.get('/admin/reports/minutes?school=99999')).status).toBe(404);
    expect((await admin.agent.get('/admin/reports/minutes?school=abc')).status).toBe(404);
  });

  it('downloads as CSV with the same rows, neutralised formulas, and an audit entry', async () => {
    const district = await admin.agent.get('/admin/reports/minutes.csv');
    expect(district.status).toBe(200);
    expect(district.headers['content-type']).toContain('text/csv');
    expect(district.text.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(district.text) as string[][];
    expect(rows[0]).toEqual([
      'School',
      'Students with minutes in force',
      'Minutes mandated (school year to date)',
      'Minutes delivered',
      'Minutes behind',
      'Make-ups owed (min)',
      'Percent delivered',
    ]);
    const report = await districtReport(t.db, caller(), day);
    const alder = rows.find((r) => r[0] === 'Alder Elementary')!;
    const a = report.schools.find((s) => s.id === schoolA)!;
    expect(alder.slice(1, 6).map(Number)).toEqual([a.students, a.mandated, a.delivered, a.behind, a.owed]);
    expect(rows.at(-1)![0]).toBe('All schools');

    const school = await admin.agent.get(`/admin/reports/minutes.csv?school=${schoolA}`);
    expect(school.status).toBe(200);
    const students = parse(school.text) as string[][];
    expect(students[0]!.slice(0, 4)).toEqual(['Student last name', 'Student first name', 'School', 'Minutes in force']);
    expect(students.find((r) => r[0] === 'Nomandate')!.slice(3, 5)).toEqual(['No', '0']);
    expect(students).toHaveLength(4);
    expect(students.find((r) => r[0] === 'Formula')![1]).toBe(`'=HYPERLINK("x")`);
    expect(students.some((r) => r[0] === 'Birch')).toBe(false);

    const audits = await t.db.auditEvent.findMany({ where: { action: 'report.minutes.exported' }, orderBy: { id: 'asc' } });
    expect(audits).toHaveLength(2);
    expect(audits[1]!.actorId).toBe(adminUser.id);
    expect(JSON.parse(audits[1]!.detail!)).toEqual({ schoolId: schoolA, rows: 3 });
    expect(JSON.parse(audits[0]!.detail!)).toEqual({ schoolId: null, rows: 2 });
  });

  it('is refused to an OT, an OT assistant and a teacher', async () => {
    for (const role of ['therapist', 'teacher'] as const) {
      const u = await user(t.db, role);
      const s = await signedIn(t.app, u.email);
      expect((await s.agent.get('/admin/reports/minutes')).status).toBe(403);
      expect((await s.agent.get(`/admin/reports/minutes?school=${schoolA}`)).status).toBe(403);
      expect((await s.agent.get('/admin/reports/minutes.csv')).status).toBe(403);
      expect((await s.agent.get('/')).text).not.toContain('href="/admin/reports/minutes"');
    }
    const assistant = await signedIn(t.app, (await t.db.user.findUniqueOrThrow({ where: { id: ota.id } })).email);
    expect((await assistant.agent.get('/admin/reports/minutes')).status).toBe(403);
    expect(await t.db.auditEvent.count({ where: { action: 'report.minutes.exported' } })).toBe(2);
  });
});
