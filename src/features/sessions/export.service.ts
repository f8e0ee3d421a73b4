// The service log as CSV: one row per student per session, for the district's billing and
// records. An OT downloads their caseload's sessions, an admin the whole district. The rows come
// from one query whatever their number; the internal note (SessionStudent.note) is never read.
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { Db, Prisma } from '../../db/client.js';
import type { Caller } from '../../access/loaders.js';
import { caseloadScope } from '../../access/scope.js';
import { addDays, addYears, dayKey, endTime } from '../../calendar/dates.js';
import { credentialOf, label } from '../../labels.js';
import { gradeLabel } from '../../web/view-helpers.js';
import { dateField } from '../../web/validation.js';
import type { FieldErrors } from '../../web/validation.js';
import { recordBy } from '../audit/audit.service.js';
import { schoolsOfStudents } from '../students/students.service.js';
import { effectiveMinutes } from './counts.js';

/** The last full calendar month before `day`: the form's default. */
export function lastFullMonth(day: Date): { from: Date; to: Date } {
  const firstOfThisMonth = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1));
  const to = addDays(firstOfThisMonth, -1);
  return { from: new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), 1)), to };
}

// ---------------------------------------------------------------------------------------------
// The form: dates, school and provider, from the query string (a plain GET form).

const exportShape = z.object({
  from: dateField('the first day'),
  to: dateField('the last day'),
  school: z.string().optional(),
  provider: z.string().optional(),
});

export type ExportChoices = {
  schools: { id: number; name: string }[];
  providers: { id: number; name: string; credential: string }[];
};

/** The schools and providers the form offers: an admin every one; an OT their caseload's schools, and themselves. */
export async function exportChoices(db: Db, caller: Caller): Promise<ExportChoices> {
  const { user } = caller;
  const [schools, providers] = await Promise.all([
    // An admin exports any school's; an OT those of their caseload, exited students' too.
    user.role === 'admin'
      ? db.school.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } })
      : schoolsOfStudents(db, user, { exited: true }),
    db.user.findMany({
      where: user.role === 'admin' ? { role: 'therapist' } : { id: user.id },
      select: { id: true, name: true, assistant: true },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
    }),
  ]);
  return { schools, providers: providers.map((p) => ({ id: p.id, name: p.name, credential: credentialOf(p) })) };
}

export type ExportQuery = { from: Date; to: Date; schoolId: number | null; providerId: number | null };

export type ExportFormResult =
  { ok: true; data: ExportQuery; values: Record<string, string> } | { ok: false; errors: FieldErrors; values: Record<string, string> };

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * Reads the form. Missing dates mean the default (the last full month), so a bare link to the
 * download works; a school or provider not offered to this user is an error next to its field.
 */
export function readExportForm(
  query: Record<string, unknown>,
  choices: ExportChoices,
  defaults: { from: Date; to: Date },
): ExportFormResult {
  const values = {
    from: query.from === undefined ? dayKey(defaults.from) : text(query.from),
    to: query.to === undefined ? dayKey(defaults.to) : text(query.to),
    school: text(query.school),
    provider: text(query.provider),
  };
  const parsed = exportShape.safeParse(values);
  const errors: FieldErrors = {};
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  const pick = (value: string, ids: number[]) => (value === '' ? null : ids.find((id) => String(id) === value));
  const schoolId = pick(
    values.school,
    choices.schools.map((s) => s.id),
  );
  const providerId = pick(
    values.provider,
    choices.providers.map((p) => p.id),
  );
  if (schoolId === undefined) errors.school = 'Choose a school from the list';
  if (providerId === undefined) errors.provider = 'Choose a provider from the list';
  if (parsed.success) {
    const { from, to } = parsed.data;
    if (to < from) errors.to = 'The last day must be on or after the first day';
    else if (to >= addYears(from, 1)) errors.to = 'Choose at most one year: the last day must be before the same date a year later';
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors, values };
  return {
    ok: true,
    data: { from: parsed.data.from, to: parsed.data.to, schoolId: schoolId ?? null, providerId: providerId ?? null },
    values,
  };
}

// ---------------------------------------------------------------------------------------------
// The rows.

/**
 * A spreadsheet reads a cell starting with =, +, -, @ (or a tab or carriage return before one)
 * as a formula, so a name typed as "=HYPERLINK(...)" could run when the file is opened. Such a
 * cell gets a leading apostrophe: the spreadsheet shows it as text (OWASP's CSV injection advice).
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export const exportColumns = [
  'Date',
  'Start',
  'End',
  'Minutes',
  'Student last name',
  'Student first name',
  'District student ID',
  'School',
  'Grade',
  'Service type',
  'Group size',
  'Place',
  'Attendance',
  'Nature of service',
  'Response/progress',
  'Provider',
  'Credential',
  'Supervising OT',
  'Signed by',
  'Signed at',
  'Co-signed by',
  'Co-signed at',
  'Status',
  'Makes up for',
] as const;

// Only what the record states: the internal note is not selected, so it cannot reach the file.
const exportSelect = {
  id: true,
  attendance: true,
  minutes: true,
  response: true,
  student: { select: { firstName: true, lastName: true, districtId: true, gradeLevel: true, school: { select: { name: true } } } },
  makeUpFor: { select: { session: { select: { date: true } } } },
  session: {
    select: {
      id: true,
      date: true,
      startTime: true,
      minutes: true,
      serviceType: true,
      place: true,
      nature: true,
      version: true,
      voidedAt: true,
      voidReason: true,
      signedAt: true,
      signedName: true,
      cosignedAt: true,
      cosignedName: true,
      provider: { select: { name: true, assistant: true } },
      supervisor: { select: { name: true } },
    },
  },
} as const satisfies Prisma.SessionStudentSelect;

type ExportRow = Prisma.SessionStudentGetPayload<{ select: typeof exportSelect }>;

function statusOf(s: ExportRow['session']): string {
  if (s.voidedAt) return `Voided: ${s.voidReason ?? ''}`.trim();
  if (s.version > 1) return `Corrected (version ${s.version})`;
  return 'Final';
}

/** `groupSize`: how many students the session had, the caller's or not. */
function cellsOf(row: ExportRow, groupSize: number): string[] {
  const s = row.session;
  const cells: (string | number)[] = [
    dayKey(s.date),
    s.startTime,
    endTime(s.startTime, s.minutes),
    effectiveMinutes(row, s),
    row.student.lastName,
    row.student.firstName,
    row.student.districtId ?? '',
    row.student.school.name,
    gradeLabel(row.student.gradeLevel),
    label('ServiceType', s.serviceType),
    groupSize,
    label('PlaceOfService', s.place),
    label('Attendance', row.attendance),
    s.nature,
    row.response,
    s.provider.name,
    credentialOf(s.provider),
    s.supervisor?.name ?? '',
    s.signedName ?? '',
    s.signedAt?.toISOString() ?? '',
    s.cosignedName ?? '',
    s.cosignedAt?.toISOString() ?? '',
    statusOf(s),
    row.makeUpFor ? dayKey(row.makeUpFor.session.date) : '',
  ];
  return cells.map((c) => neutraliseFormula(String(c)));
}

/**
 * The caller's rows between the dates (both included), in one query: by date, start time and
 * student. An OT's start from their caseload's ids (caseloadScope) and each row's copy of its
 * session's day, through the student's (student, day) index: through the relation filters
 * (sessionStudentScope, the session's date) SQLite went through the district's sessions, and a
 * month's download took 310 ms at district scale against 33 at demo scale. The groups' sizes
 * are counted apart, for the sessions in the file: Prisma's nested _count groups the whole table.
 */
export async function exportRows(db: Db, caller: Caller, q: ExportQuery): Promise<string[][]> {
  const rows = await db.sessionStudent.findMany({
    where: {
      AND: [
        { student: await caseloadScope(db, caller.user) },
        { sessionDate: { gte: q.from, lte: q.to } },
        q.providerId === null ? {} : { session: { providerId: q.providerId } },
        q.schoolId === null ? {} : { student: { schoolId: q.schoolId } },
      ],
    },
    select: exportSelect,
    orderBy: [
      { session: { date: 'asc' } },
      { session: { startTime: 'asc' } },
      { student: { lastName: 'asc' } },
      { student: { firstName: 'asc' } },
      { id: 'asc' },
    ],
  });
  const sizes = new Map<number, number>();
  const sessionIds = [...new Set(rows.map((r) => r.session.id))];
  // A slice at a time: SQLite binds at most 32,766 values a statement (a district's year is more sessions).
  for (let i = 0; i < sessionIds.length; i += 10_000) {
    const groups = await db.sessionStudent.groupBy({
      by: ['sessionId'],
      where: { sessionId: { in: sessionIds.slice(i, i + 10_000) } },
      _count: { _all: true },
    });
    for (const g of groups) sizes.set(g.sessionId, g._count._all);
  }
  return rows.map((row) => cellsOf(row, sizes.get(row.session.id) ?? 0));
}

/** The file's text: a UTF-8 byte order mark (so Excel reads accents and non-Latin names), a header, the rows. */
export function toCsv(rows: string[][]): string {
  // Rows end in CRLF, and csv-stringify then quotes only cells holding CRLF: a lone line break in
  // a response must be quoted too, or a spreadsheet starts a new row there.
  return stringify([[...exportColumns], ...rows], { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

export function exportFileName(q: Pick<ExportQuery, 'from' | 'to'>): string {
  return `service-log-${dayKey(q.from)}-to-${dayKey(q.to)}.csv`;
}

/** The CSV for the caller, with one audit entry saying what was exported (ids and counts only, no names). */
export async function exportServiceLog(db: Db, caller: Caller, q: ExportQuery): Promise<{ csv: string; fileName: string; count: number }> {
  const rows = await exportRows(db, caller, q);
  await recordBy(db, caller, {
    action: 'session.exported',
    detail: { from: dayKey(q.from), to: dayKey(q.to), schoolId: q.schoolId, providerId: q.providerId, rows: rows.length },
  });
  return { csv: toCsv(rows), fileName: exportFileName(q), count: rows.length };
}
