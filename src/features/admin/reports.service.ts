// The minutes compliance report: the school year to date's direct minutes mandated, delivered and
// behind, and make-ups owed, by school, by therapist and (for one school) by student. It counts
// nothing itself: every number comes from minutesFor and caseloadTotals, the code behind Home and
// the student page, so the three always agree.
//
// The whole district in a fixed number of queries: the active students (with their school and
// team) in one read, then one minutesFor call for all of them, grouped here in memory.
import { stringify } from 'csv-stringify/sync';
import { dayKey } from '../../calendar/dates.js';
import type { Db } from '../../db/client.js';
import type { Caller } from '../../access/loaders.js';
import { studentScope } from '../../access/scope.js';
import { NotFound } from '../../web/errors.js';
import { recordBy } from '../audit/audit.service.js';
import { caseloadTotals, minutesFor } from '../minutes/minutes.service.js';
import type { StudentMinutes } from '../minutes/minutes.service.js';
import { neutraliseFormula } from '../sessions/export.service.js';

/** The school year to date, summed over a group of students (each student's own behind). */
export type Figures = {
  /** Students with direct minutes in force today. */
  students: number;
  mandated: number;
  delivered: number;
  behind: number;
  owed: number;
  /** Delivered as a whole percent of mandated; null when nothing is due yet. */
  percent: number | null;
};

export type SchoolRow = Figures & { id: number; name: string };
export type TherapistRow = Figures & { id: number; name: string; assistant: boolean };
export type StudentRow = Figures & {
  id: number;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  /** Has direct minutes in force today (a student without them still lists, with nothing due). */
  inForce: boolean;
};

export type DistrictReport = { schools: SchoolRow[]; therapists: TherapistRow[]; total: Figures };
export type SchoolReport = { school: { id: number; name: string }; students: StudentRow[]; total: Figures };

function figuresOf(all: StudentMinutes[]): Figures {
  const t = caseloadTotals(all);
  return {
    students: all.filter((m) => m.lines.some((l) => l.kind === 'direct')).length,
    mandated: t.yearDue,
    delivered: t.yearDelivered,
    behind: t.yearBehind,
    owed: t.owed,
    percent: t.yearDue > 0 ? Math.round((t.yearDelivered / t.yearDue) * 100) : null,
  };
}

const none: StudentMinutes = { studentId: 0, lines: [], makeUps: [], owed: 0 };

/** The schools to choose from, by name. */
export function reportSchools(db: Db) {
  return db.school.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } });
}

/** Active students in the caller's scope (an admin: the district), with their minutes: 1 read + minutesFor. */
async function studentsWithMinutes(db: Db, caller: Caller, today: Date, schoolId: number | null) {
  const students = await db.student.findMany({
    where: { AND: [studentScope(caller.user), { status: 'active' }, schoolId === null ? {} : { schoolId }] },
    select: {
      id: true,
      firstName: true,
      lastName: true,
      preferredName: true,
      schoolId: true,
      therapists: { select: { user: { select: { id: true, name: true, assistant: true, role: true } } } },
    },
  });
  const minutes = await minutesFor(
    db,
    students.map((s) => s.id),
    today,
  );
  return students.map((s) => ({ ...s, minutes: minutes.get(s.id) ?? none }));
}

/** The district: one row per school (every school, even one with no students) and per OT or OT assistant. */
export async function districtReport(db: Db, caller: Caller, today: Date): Promise<DistrictReport> {
  const [schools, students] = await Promise.all([reportSchools(db), studentsWithMinutes(db, caller, today, null)]);
  const bySchool = new Map<number, StudentMinutes[]>();
  const byTherapist = new Map<number, { name: string; assistant: boolean; all: StudentMinutes[] }>();
  for (const s of students) {
    const list = bySchool.get(s.schoolId);
    if (list) list.push(s.minutes);
    else bySchool.set(s.schoolId, [s.minutes]);
    // A student counts under each therapist on their team: the therapist rows overlap.
    for (const { user } of s.therapists) {
      if (user.role !== 'therapist') continue;
      const entry = byTherapist.get(user.id) ?? { name: user.name, assistant: user.assistant, all: [] };
      entry.all.push(s.minutes);
      byTherapist.set(user.id, entry);
    }
  }
  return {
    schools: schools.map((school) => ({ ...school, ...figuresOf(bySchool.get(school.id) ?? []) })),
    therapists: [...byTherapist.entries()]
      .map(([id, t]) => ({ id, name: t.name, assistant: t.assistant, ...figuresOf(t.all) }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id),
    total: figuresOf(students.map((s) => s.minutes)),
  };
}

/** One school's students, most behind first (then most make-ups owed, then by name). */
export async function schoolReport(db: Db, caller: Caller, today: Date, schoolId: number): Promise<SchoolReport> {
  const school = await db.school.findUnique({ where: { id: schoolId }, select: { id: true, name: true } });
  if (!school) throw new NotFound();
  const students = await studentsWithMinutes(db, caller, today, schoolId);
  const rows: StudentRow[] = students.map((s) => ({
    id: s.id,
    firstName: s.firstName,
    lastName: s.lastName,
    preferredName: s.preferredName,
    inForce: s.minutes.lines.some((l) => l.kind === 'direct'),
    ...figuresOf([s.minutes]),
  }));
  rows.sort(
    (a, b) =>
      b.behind - a.behind ||
      b.owed - a.owed ||
      a.lastName.localeCompare(b.lastName) ||
      a.firstName.localeCompare(b.firstName) ||
      a.id - b.id,
  );
  return { school, students: rows, total: figuresOf(students.map((s) => s.minutes)) };
}

// ---------------------------------------------------------------------------------------------
// The CSV: the page's rows, with a UTF-8 byte order mark (so Excel reads accents) and every cell
// through neutraliseFormula (a name typed as "=..." is text, not a formula).

const figureColumns = [
  'Students with minutes in force',
  'Minutes mandated (school year to date)',
  'Minutes delivered',
  'Minutes behind',
  'Make-ups owed (min)',
  'Percent delivered',
];

const figureCells = (f: Figures) => [f.students, f.mandated, f.delivered, f.behind, f.owed, f.percent === null ? '' : f.percent];

function toCsv(header: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => neutraliseFormula(String(c))));
  return stringify([header, ...cells], { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

export function districtCsv(report: DistrictReport): { csv: string; rows: number } {
  const rows = report.schools.map((s) => [s.name, ...figureCells(s)]);
  return { csv: toCsv(['School', ...figureColumns], [...rows, ['All schools', ...figureCells(report.total)]]), rows: rows.length };
}

export function schoolCsv(report: SchoolReport): { csv: string; rows: number } {
  // One student: "Minutes in force" yes or no, where a school's row counts its students.
  const rows = report.students.map((s) => [
    s.lastName,
    s.firstName,
    report.school.name,
    s.inForce ? 'Yes' : 'No',
    ...figureCells(s).slice(1),
  ]);
  const header = ['Student last name', 'Student first name', 'School', 'Minutes in force', ...figureColumns.slice(1)];
  return { csv: toCsv(header, rows), rows: rows.length };
}

/** The report as CSV (the district by school, or one school by student), with one audit entry (ids and counts only). */
export async function exportMinutesReport(
  db: Db,
  caller: Caller,
  today: Date,
  schoolId: number | null,
): Promise<{ csv: string; fileName: string; rows: number }> {
  const { csv, rows } =
    schoolId === null ? districtCsv(await districtReport(db, caller, today)) : schoolCsv(await schoolReport(db, caller, today, schoolId));
  await recordBy(db, caller, { action: 'report.minutes.exported', detail: { schoolId, rows } });
  const day = dayKey(today);
  return { csv, rows, fileName: schoolId === null ? `minutes-report-${day}.csv` : `minutes-report-school-${schoolId}-${day}.csv` };
}
