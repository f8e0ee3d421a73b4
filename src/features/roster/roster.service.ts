// The roster import: a file read against what Tandem holds (matching students by district
// student id), previewed in words, then applied all or nothing. Planning reads a fixed number
// of queries whatever the file's size; applying writes in batches inside one transaction.
import { createHash, randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db, Prisma } from '../../db/client.js';
import type { Caller } from '../../access/loaders.js';
import { addDays, today as todayIn } from '../../calendar/dates.js';
import { label } from '../../labels.js';
import { formatDate, gradeLabel, minutesText } from '../../web/view-helpers.js';
import { hashPassword } from '../auth/passwords.js';
import { auditData } from '../audit/audit.service.js';
import type { AuditEntry } from '../audit/audit.service.js';
import { searchNameFor } from '../students/search-name.js';
import { readRoster } from './roster-file.js';
import type { RosterFile } from './roster-file.js';
import { nameKey, readRow } from './roster-rows.js';
import type { Account, Lookups, RosterRow, RowMandate } from './roster-rows.js';
import type { Delivery, Grouping } from '../../generated/prisma/enums.js';

/** A student as the preview lists them, with what the import changes in words. */
export type PlannedStudent = { row: number; districtId: string; name: string; school: string; grade: string; changes: string[] };
export type RowProblem = { row: number; districtId: string; problems: string[] };

export type RosterPreview = {
  columns: RosterFile['columns'];
  ignored: string[];
  rowCount: number;
  /** Problems with the file as a whole. */
  fileProblems: string[];
  /** Every row with a problem, each problem in words. */
  rowProblems: RowProblem[];
  added: PlannedStudent[];
  updated: PlannedStudent[];
  unchanged: number;
  newTeachers: { email: string; name: string }[];
};

type Existing = Awaited<ReturnType<typeof loadExisting>>[number];
/** The minutes to write, with how they are given always settled. */
type Minutes = Required<RowMandate>;
type MandateAction =
  | { kind: 'add'; mandate: Minutes }
  | { kind: 'correct'; id: number; mandate: Minutes; data: Prisma.ServiceMandateUpdateInput }
  | { kind: 'amend'; old: Existing['mandates'][number]; mandate: Minutes };

/** What applying does for one student. */
type StudentPlan = {
  row: RosterRow;
  existing?: Existing;
  /** The student's fields to write: all of them for a new student, what changed for one found. */
  data: Prisma.StudentUncheckedUpdateInput;
  fields: string[];
  mandate?: MandateAction | { kind: 'problem'; text: string };
  teachersAdded: string[];
  teachersRemoved: { id: number; email: string }[];
  therapistsAdded: Account[];
  therapistsRemoved: { id: number; email: string }[];
};

export type RosterPlan = { preview: RosterPreview; students: StudentPlan[] };

/** Reads the file and plans the import against the database as it is now. */
export async function planRoster(db: Db | Prisma.TransactionClient, text: string, timeZone: string): Promise<RosterPlan> {
  const file = readRoster(text);
  const preview: RosterPreview = {
    columns: file.columns,
    ignored: file.ignored,
    rowCount: file.rows.length,
    fileProblems: file.problems,
    rowProblems: [],
    added: [],
    updated: [],
    unchanged: 0,
    newTeachers: [],
  };
  if (file.problems.length) return { preview, students: [] };

  const lookups = await loadLookups(db, file, todayIn(timeZone));
  const rows: RosterRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const raw of file.rows) {
    const result = readRow(raw, lookups);
    const districtId = result.ok ? result.value.districtId : result.districtId;
    const problems = result.ok ? [] : [...result.problems];
    const earlier = districtId ? firstRowOf.get(districtId) : undefined;
    if (earlier !== undefined) problems.push(`The district student ID ${districtId} is also on row ${earlier}: each student once.`);
    else if (districtId) firstRowOf.set(districtId, raw.row);
    if (problems.length) preview.rowProblems.push({ row: raw.row, districtId, problems });
    else if (result.ok) rows.push(result.value);
  }

  const existing = new Map(
    (
      await loadExisting(
        db,
        rows.map((r) => r.districtId),
      )
    ).map((s) => [s.districtId!, s]),
  );
  const newTeachers = new Map<string, string>();
  const students: StudentPlan[] = [];
  for (const row of rows) {
    const found = existing.get(row.districtId);
    // An ID typed wrong in the SIS would rewrite another child's record: both names differing is
    // taken as that (a change of one name, as at a marriage or adoption, is allowed).
    if (found && nameKey(found.firstName) !== nameKey(row.firstName) && nameKey(found.lastName) !== nameKey(row.lastName)) {
      preview.rowProblems.push({
        row: row.row,
        districtId: row.districtId,
        problems: [
          `The district student ID ${row.districtId} is ${found.firstName} ${found.lastName}'s in Tandem, not ${row.firstName} ${row.lastName}'s: check the ID. If this is the same child under a new name, change the name on the student's page first.`,
        ],
      });
      continue;
    }
    const plan = found ? planUpdate(row, found, lookups.today) : planNew(row);
    if (plan.mandate?.kind === 'problem') {
      preview.rowProblems.push({ row: row.row, districtId: row.districtId, problems: [plan.mandate.text] });
      continue;
    }
    for (const t of row.teachers ?? []) {
      if (!lookups.accounts.has(t.email) && !newTeachers.has(t.email)) newTeachers.set(t.email, t.name ?? nameFromEmail(t.email));
    }
    const listed: PlannedStudent = {
      row: row.row,
      districtId: row.districtId,
      name: `${row.firstName} ${row.lastName}`,
      school: row.school.name,
      grade: gradeLabel(row.gradeLevel),
      changes: changeWords(plan, found),
    };
    if (!found) preview.added.push(listed);
    else if (listed.changes.length) preview.updated.push(listed);
    else preview.unchanged++;
    if (!found || listed.changes.length) students.push(plan);
  }
  preview.rowProblems.sort((a, b) => a.row - b.row);
  preview.newTeachers = [...newTeachers].map(([email, name]) => ({ email, name }));
  return { preview, students };
}

/**
 * A short fingerprint of what a preview says will happen. The import form carries the one the
 * admin read; the import stops if the plan it would apply now is another (someone changed a
 * student, or another file was imported, in between).
 */
export function planFingerprint(p: RosterPreview): string {
  const said = [p.added, p.updated].map((list) => list.map((s) => [s.districtId, s.changes]));
  return createHash('sha256')
    .update(JSON.stringify([said, p.unchanged, p.newTeachers, p.rowProblems.length]))
    .digest('hex')
    .slice(0, 32);
}

/** Whether a plan can be imported: no problem anywhere, and something to do. */
export const importable = (p: RosterPreview) => p.fileProblems.length === 0 && p.rowProblems.length === 0;

async function loadLookups(db: Db | Prisma.TransactionClient, file: RosterFile, today: Date): Promise<Lookups> {
  const emails = new Set<string>();
  for (const { cells } of file.rows) {
    for (const cell of [cells.teacherEmails, cells.therapistEmails]) {
      for (const e of (cell ?? '').split(/[;,\s]+/)) if (e) emails.add(e.trim().toLowerCase());
    }
  }
  const [schools, users] = await Promise.all([
    db.school.findMany({ select: { id: true, name: true } }),
    emails.size
      ? db.user.findMany({
          where: { email: { in: [...emails] } },
          select: { id: true, name: true, email: true, role: true, assistant: true, disabledAt: true },
        })
      : [],
  ]);
  return {
    schools: new Map(schools.map((s) => [nameKey(s.name), s])),
    accounts: new Map(users.map((u) => [u.email, { ...u, disabled: u.disabledAt !== null }])),
    today,
  };
}

function loadExisting(db: Db | Prisma.TransactionClient, districtIds: string[]) {
  return db.student.findMany({
    where: { districtId: { in: districtIds } },
    select: {
      id: true,
      districtId: true,
      firstName: true,
      lastName: true,
      preferredName: true,
      schoolId: true,
      school: { select: { name: true } },
      gradeLevel: true,
      dateOfBirth: true,
      planType: true,
      planStart: true,
      annualReviewDue: true,
      reevaluationDue: true,
      mandates: {
        select: {
          id: true,
          minutes: true,
          period: true,
          delivery: true,
          grouping: true,
          startDate: true,
          endDate: true,
          replacedBy: { select: { id: true } },
        },
      },
      teachers: { select: { userId: true, user: { select: { email: true } } } },
      therapists: { select: { userId: true, user: { select: { email: true } } } },
    },
  });
}

function planNew(row: RosterRow): StudentPlan {
  const planType = row.planType ?? 'iep';
  return {
    row,
    data: {
      districtId: row.districtId,
      firstName: row.firstName,
      lastName: row.lastName,
      preferredName: row.preferredName ?? null,
      searchName: searchNameFor(row),
      schoolId: row.school.id,
      gradeLevel: row.gradeLevel,
      dateOfBirth: row.dateOfBirth ?? null,
      planType,
      // A student with no plan yet is waiting for an evaluation; everyone else is served.
      status: planType === 'none' ? 'referred' : 'active',
      planStart: row.planStart ?? null,
      annualReviewDue: row.annualReviewDue ?? null,
      reevaluationDue: row.reevaluationDue ?? null,
    },
    fields: [],
    mandate: row.mandate ? { kind: 'add', mandate: withWays(row.mandate) } : undefined,
    teachersAdded: (row.teachers ?? []).map((t) => t.email),
    teachersRemoved: [],
    therapistsAdded: row.therapists ?? [],
    therapistsRemoved: [],
  };
}

const sameDay = (a: Date | null, b: Date | null | undefined) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

function planUpdate(row: RosterRow, s: Existing, today: Date): StudentPlan {
  const data: Prisma.StudentUncheckedUpdateInput = {};
  const fields: string[] = [];
  const set = (field: keyof typeof s & string, value: unknown) => {
    (data as Record<string, unknown>)[field] = value;
    fields.push(field);
  };
  if (row.firstName !== s.firstName) set('firstName', row.firstName);
  if (row.lastName !== s.lastName) set('lastName', row.lastName);
  if (row.preferredName !== undefined && row.preferredName !== s.preferredName) set('preferredName', row.preferredName);
  if (row.school.id !== s.schoolId) set('schoolId', row.school.id);
  if (row.gradeLevel !== s.gradeLevel) set('gradeLevel', row.gradeLevel);
  if (row.dateOfBirth && !sameDay(s.dateOfBirth, row.dateOfBirth)) set('dateOfBirth', row.dateOfBirth);
  if (row.planType && row.planType !== s.planType) set('planType', row.planType);
  if (row.planStart && !sameDay(s.planStart, row.planStart)) set('planStart', row.planStart);
  if (row.annualReviewDue && !sameDay(s.annualReviewDue, row.annualReviewDue)) set('annualReviewDue', row.annualReviewDue);
  if (row.reevaluationDue && !sameDay(s.reevaluationDue, row.reevaluationDue)) set('reevaluationDue', row.reevaluationDue);
  if (fields.some((f) => f === 'firstName' || f === 'lastName' || f === 'preferredName')) {
    data.searchName = searchNameFor({
      firstName: row.firstName,
      lastName: row.lastName,
      preferredName: row.preferredName ?? s.preferredName,
    });
  }

  const teacherEmails = new Set(row.teachers?.map((t) => t.email));
  const therapistIds = new Set(row.therapists?.map((t) => t.id));
  return {
    row,
    existing: s,
    data,
    fields,
    mandate: row.mandate ? mandateAction(row.mandate, s.mandates, today) : undefined,
    teachersAdded: row.teachers ? [...teacherEmails].filter((e) => !s.teachers.some((t) => t.user.email === e)) : [],
    teachersRemoved: row.teachers
      ? s.teachers.filter((t) => !teacherEmails.has(t.user.email)).map((t) => ({ id: t.userId, email: t.user.email }))
      : [],
    therapistsAdded: row.therapists ? row.therapists.filter((t) => !s.therapists.some((x) => x.userId === t.id)) : [],
    therapistsRemoved: row.therapists
      ? s.therapists.filter((t) => !therapistIds.has(t.userId)).map((t) => ({ id: t.userId, email: t.user.email }))
      : [],
  };
}

/**
 * What a row's OT minutes do to the student's minutes of the same delivery:
 * - minutes starting the same day: nothing if they are the file's, else corrected to the file's;
 * - minutes in force on the file's start day (or today, when that is past): nothing if they give
 *   the file's minutes (a file's dates often differ by a few days: Tandem's are kept), amended
 *   from the file's start day if that is after theirs, else corrected to the file's minutes;
 * - none: new minutes, unless they would overlap minutes already entered (a problem in words).
 */
function mandateAction(
  m: RowMandate,
  mandates: Existing['mandates'],
  today: Date,
): MandateAction | { kind: 'problem'; text: string } | undefined {
  const sameMinutes = (x: Existing['mandates'][number]) =>
    x.minutes === m.minutes && x.period === m.period && (m.grouping === undefined || x.grouping === m.grouping);
  // A file that does not say how minutes are given matches the student's direct minutes.
  const ofDelivery = mandates.filter((x) => (m.delivery === undefined ? x.delivery !== 'consultation' : x.delivery === m.delivery));
  const sameStart = ofDelivery.find((x) => sameDay(x.startDate, m.startDate));
  if (sameStart?.replacedBy) {
    // Minutes amended since (on the student's page, or by a newer file): an older file must not undo that.
    if (sameMinutes(sameStart)) return undefined;
    const newer = mandates.find((x) => x.id === sameStart.replacedBy!.id);
    return {
      kind: 'problem',
      text: `The OT minutes from ${formatDate(m.startDate)} were amended${newer ? ` from ${formatDate(newer.startDate)} (now ${minutesText(newer.minutes)} ${label('MandatePeriod', newer.period)})` : ''}; the file still gives the earlier minutes. Correct the file, or change the minutes on the student's page.`,
    };
  }
  if (sameStart) {
    if (sameMinutes(sameStart) && sameDay(sameStart.endDate, m.endDate)) return undefined;
    return { kind: 'correct', id: sameStart.id, mandate: withWays(m, sameStart), data: minutesOf(m, true) };
  }
  const at = m.startDate > today ? m.startDate : today;
  const current = ofDelivery.find((x) => !x.replacedBy && x.startDate <= at && at <= x.endDate);
  if (current) {
    if (sameMinutes(current)) return undefined;
    if (m.startDate > current.startDate) return { kind: 'amend', old: current, mandate: withWays(m, current) };
    return { kind: 'correct', id: current.id, mandate: withWays(m, current), data: minutesOf(m, false) };
  }
  const clash = ofDelivery.find((x) => x.startDate <= m.endDate && m.startDate <= x.endDate);
  if (clash) {
    return {
      kind: 'problem',
      text: `The OT minutes from ${formatDate(m.startDate)} to ${formatDate(m.endDate)} overlap minutes from ${formatDate(clash.startDate)} to ${formatDate(clash.endDate)} already in Tandem: correct the dates, or change the minutes on the student's page.`,
    };
  }
  return { kind: 'add', mandate: withWays(m) };
}

/** The file's minutes, with how they are given (delivery, grouping) taken from `found` or the usual way where the file is silent. */
function withWays(m: RowMandate, found?: { delivery: Delivery; grouping: Grouping }): Required<RowMandate> {
  return {
    ...m,
    delivery: m.delivery ?? found?.delivery ?? 'pull_out',
    grouping: m.grouping ?? found?.grouping ?? 'individual',
  };
}

/** The fields a correction writes: the minutes (and grouping, if the file says), and the dates too when the start day is the same. */
function minutesOf(m: RowMandate, withDates: boolean): Prisma.ServiceMandateUpdateInput {
  const { minutes, period, grouping, startDate, endDate } = m;
  return { minutes, period, ...(grouping ? { grouping } : {}), ...(withDates ? { startDate, endDate } : {}) };
}

const mandateWords = (m: { minutes: number; period: string; delivery: string; grouping: string }) =>
  `${minutesText(m.minutes)} ${label('MandatePeriod', m.period)}, ${label('Delivery', m.delivery).toLowerCase()}, ${label('Grouping', m.grouping).toLowerCase()}`;

const dayWords = (d: Date | null | undefined) => (d ? formatDate(d) : 'none');

/** What the import changes for a student, in words ("grade 3 → 4"); for a new student, its minutes and team. */
function changeWords(plan: StudentPlan, s: Existing | undefined): string[] {
  const r = plan.row;
  const words: string[] = [];
  if (s) {
    for (const field of plan.fields) {
      switch (field) {
        case 'firstName':
        case 'lastName':
          if (!words.some((w) => w.startsWith('name'))) words.push(`name ${s.firstName} ${s.lastName} → ${r.firstName} ${r.lastName}`);
          break;
        case 'preferredName':
          words.push(`preferred name ${s.preferredName ?? 'none'} → ${r.preferredName}`);
          break;
        case 'schoolId':
          words.push(`school ${s.school.name} → ${r.school.name}`);
          break;
        case 'gradeLevel':
          words.push(`${gradeLabel(s.gradeLevel)} → ${gradeLabel(r.gradeLevel)}`);
          break;
        case 'dateOfBirth':
          words.push(`date of birth ${dayWords(s.dateOfBirth)} → ${dayWords(r.dateOfBirth)}`);
          break;
        case 'planType':
          words.push(`plan ${label('PlanType', s.planType)} → ${label('PlanType', r.planType!)}`);
          break;
        case 'planStart':
          words.push(`plan start ${dayWords(s.planStart)} → ${dayWords(r.planStart)}`);
          break;
        case 'annualReviewDue':
          words.push(`annual review ${dayWords(s.annualReviewDue)} → ${dayWords(r.annualReviewDue)}`);
          break;
        case 'reevaluationDue':
          words.push(`re-evaluation ${dayWords(s.reevaluationDue)} → ${dayWords(r.reevaluationDue)}`);
          break;
      }
    }
  }
  const m = plan.mandate;
  if (m && m.kind !== 'problem') {
    const span = `${formatDate(m.mandate.startDate)} to ${formatDate(m.mandate.endDate)}`;
    if (m.kind === 'add') words.push(`OT minutes: ${mandateWords(m.mandate)}, ${span}`);
    if (m.kind === 'correct') words.push(`OT minutes corrected to ${mandateWords(m.mandate)}`);
    if (m.kind === 'amend') {
      words.push(`OT minutes amended from ${formatDate(m.mandate.startDate)}: ${mandateWords(m.old)} → ${mandateWords(m.mandate)}`);
    }
  }
  if (plan.teachersAdded.length) words.push(`teacher ${plan.teachersAdded.join(', ')} added`);
  if (plan.teachersRemoved.length) words.push(`teacher ${plan.teachersRemoved.map((t) => t.email).join(', ')} removed`);
  if (plan.therapistsAdded.length) words.push(`therapist ${plan.therapistsAdded.map((t) => t.email).join(', ')} added`);
  if (plan.therapistsRemoved.length) words.push(`therapist ${plan.therapistsRemoved.map((t) => t.email).join(', ')} removed`);
  return words;
}

/** "maria.lopez@district.org" → "Maria Lopez": a name until the person signs in or an admin changes it. */
export function nameFromEmail(email: string): string {
  const local = email.split('@')[0] ?? email;
  return local
    .split(/[._-]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}

export type ImportSummary = { added: number; updated: number; unchanged: number; teachersCreated: number };

/** Rows written between two reports of progress. */
const BATCH = 250;

/**
 * Applies a plan in the transaction `tx`, all or nothing. `progress(done, total)` is told after
 * each batch of students. Each student added or changed gets one audit entry naming the import
 * and what changed (fields, minutes, teachers, therapists): an entry for each change would be
 * several times the rows, and writing rows is most of an import's time.
 */
export async function applyPlan(
  tx: Prisma.TransactionClient,
  caller: Caller,
  importId: number,
  plan: RosterPlan,
  progress: (done: number, total: number) => void = () => {},
): Promise<ImportSummary> {
  const total = plan.students.length;
  const audit: AuditEntry[] = [];
  const entry = (e: Omit<AuditEntry, 'actorId' | 'actorEmail' | 'ip'>) =>
    audit.push({
      ...e,
      actorId: caller.user.id,
      actorEmail: caller.user.email,
      ip: caller.ip ?? null,
      detail: { ...e.detail, rosterImport: importId },
    });

  // Teachers with no account yet get one, as single sign-on makes them: a password nobody knows.
  const teacherIds = new Map<string, number>();
  if (plan.preview.newTeachers.length) {
    const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
    const made = await tx.user.createManyAndReturn({
      data: plan.preview.newTeachers.map((t) => ({ email: t.email, name: t.name, role: 'teacher' as const, passwordHash })),
      select: { id: true, email: true },
    });
    for (const u of made) {
      teacherIds.set(u.email, u.id);
      entry({ action: 'user.created', targetType: 'user', targetId: u.id, detail: { role: 'teacher' } });
    }
  }
  const emails = [...new Set(plan.students.flatMap((s) => s.teachersAdded))].filter((e) => !teacherIds.has(e));
  for (const u of await tx.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true } })) {
    teacherIds.set(u.email, u.id);
  }

  let done = 0;
  const studentIds = new Map<StudentPlan, number>();
  const added = plan.students.filter((s) => !s.existing);
  for (let i = 0; i < added.length; i += BATCH) {
    const batch = added.slice(i, i + BATCH);
    const made = await tx.student.createManyAndReturn({
      data: batch.map((s) => s.data as Prisma.StudentCreateManyInput),
      select: { id: true, districtId: true },
    });
    const idOf = new Map(made.map((m) => [m.districtId, m.id]));
    for (const s of batch) {
      const id = idOf.get(s.row.districtId)!;
      studentIds.set(s, id);
      entry({ action: 'student.created', studentId: id, targetType: 'student', targetId: id });
    }
    progress((done += batch.length), total);
    // SQLite answers at once, so without this pause no other request (a page, a progress poll)
    // would be served until the whole import is done.
    await nextTurn();
  }

  for (const s of plan.students) {
    if (!s.existing) continue;
    const id = s.existing.id;
    studentIds.set(s, id);
    if (s.fields.length) await tx.student.update({ where: { id }, data: { ...s.data, version: { increment: 1 } } });
    const changed = [
      ...s.fields,
      ...(s.mandate ? ['minutes'] : []),
      ...(s.teachersAdded.length || s.teachersRemoved.length ? ['teachers'] : []),
      ...(s.therapistsAdded.length || s.therapistsRemoved.length ? ['therapists'] : []),
    ];
    entry({ action: 'student.updated', studentId: id, targetType: 'student', targetId: id, detail: { fields: changed.join(',') } });
    if (++done % BATCH === 0) {
      progress(done, total);
      await nextTurn();
    }
  }

  // Minutes: corrections and the end of amended minutes one by one (few), new minutes in bulk.
  const newMandates: Prisma.ServiceMandateCreateManyInput[] = [];
  for (const s of plan.students) {
    const m = s.mandate;
    if (!m || m.kind === 'problem') continue;
    if (m.kind === 'correct') {
      await tx.serviceMandate.update({ where: { id: m.id }, data: m.data });
      continue;
    }
    const { minutes, period, delivery, grouping, startDate, endDate } = m.mandate;
    const fields = { minutes, period, delivery, grouping, startDate, endDate };
    if (m.kind === 'amend') await tx.serviceMandate.update({ where: { id: m.old.id }, data: { endDate: addDays(startDate, -1) } });
    newMandates.push({ studentId: studentIds.get(s)!, ...fields, replacesId: m.kind === 'amend' ? m.old.id : null });
  }
  progress(done, total);
  await inBatches(newMandates, (data) => tx.serviceMandate.createMany({ data }));

  const teacherLinks = plan.students.flatMap((s) =>
    s.teachersAdded.map((email) => ({ studentId: studentIds.get(s)!, userId: teacherIds.get(email)! })),
  );
  const therapistLinks = plan.students.flatMap((s) => s.therapistsAdded.map((t) => ({ studentId: studentIds.get(s)!, userId: t.id })));
  const unlinkTeachers = plan.students.flatMap((s) => s.teachersRemoved.map((t) => ({ studentId: studentIds.get(s)!, userId: t.id })));
  const unlinkTherapists = plan.students.flatMap((s) => s.therapistsRemoved.map((t) => ({ studentId: studentIds.get(s)!, userId: t.id })));
  await inBatches(teacherLinks, (data) => tx.studentTeacher.createMany({ data }));
  await inBatches(therapistLinks, (data) => tx.studentTherapist.createMany({ data }));
  await inBatches(unlinkTeachers, (links) => tx.studentTeacher.deleteMany({ where: { OR: links } }));
  await inBatches(unlinkTherapists, (links) => tx.studentTherapist.deleteMany({ where: { OR: links } }));

  const summary: ImportSummary = {
    added: added.length,
    updated: plan.preview.updated.length,
    unchanged: plan.preview.unchanged,
    teachersCreated: plan.preview.newTeachers.length,
  };
  entry({ action: 'roster.imported', targetType: 'roster_import', targetId: importId, detail: { ...summary } });
  await inBatches(audit.map(auditData), (data) => tx.auditEvent.createMany({ data }));
  progress(total, total);
  return summary;
}

/** Writes rows a thousand at a time: well under SQLite's limit on values in one statement. */
async function inBatches<T>(rows: T[], write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await write(rows.slice(i, i + 1000));
    await nextTurn();
  }
}
