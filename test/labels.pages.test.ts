// No stored code reaches a page: real pages of the demo district, as an admin, an OT, an OT
// assistant and a teacher, read as the visible text (tags and attributes stripped), must not
// show an enum value that is not a plain word ("push_in", "plan504", "iep"), nor an audit code.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoAccounts, loadDemoData } from '../src/db/demo-data.js';
import { allAuditActions } from '../src/features/audit/audit-actions.js';
import { recordAudit } from '../src/features/audit/audit.service.js';
import * as enums from '../src/generated/prisma/enums.js';
import { makeSessionLog, signedIn, testApp } from './helpers/app.js';

const t = await testApp({ demo: true });

/** Every generated enum value that is not a plain word, and codes we store beside them. */
const rawValues = [
  ...new Set(
    Object.values(enums as Record<string, unknown>)
      .filter((e): e is Record<string, string> => typeof e === 'object' && e !== null)
      .flatMap((e) => Object.values(e))
      .filter((v) => !/^[a-z]+$/.test(v) || v === 'iep'),
  ),
  // Not Prisma enums, but stored as codes all the same: session activities, "helped".
  'warm_up',
  'skill_practice',
  'sensory_support',
  'not_sure',
];

/** The text a person reads: no head, scripts or styles, no tags or attributes, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<head[\s\S]*?<\/head>/gi, ' ')
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ');
}

/** The raw codes a page shows, with a little context for the failure message. */
function leaks(text: string): string[] {
  const found: string[] = [];
  const codes = [...rawValues, ...allAuditActions];
  for (const code of codes) {
    const at = text.search(new RegExp(`(?<![\\w.-])${code.replace(/\./g, '\\.')}(?![\\w-])`));
    if (at >= 0) found.push(`${code}: “…${text.slice(Math.max(0, at - 40), at + code.length + 40)}…”`);
  }
  // Any snake_case word at all is a code, whatever table it came from.
  for (const m of text.matchAll(/(?<![\w.@/-])[a-z]+_[a-z_]+(?![\w@-])/g)) {
    if (!codes.includes(m[0])) found.push(`${m[0]}: “…${text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 40)}…”`);
  }
  return found;
}

type Agent = Awaited<ReturnType<typeof signedIn>>['agent'];
const agents: Record<'admin' | 'ot' | 'ota' | 'teacher', Agent> = {} as never;
const ids = {
  students: [] as number[],
  goals: [] as number[],
  sessions: [] as number[],
  notes: [] as number[],
  teacherStudent: 0,
  sharedNote: 0,
};
const extra = { concern: 0, evaluation: 0, exited: 0, removedStudent: 2_000_000 };

beforeAll(async () => {
  const db = t.db;
  await loadDemoData(db, t.config.timeZone);
  const [admin, maya, teacher] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { email: demoAccounts.admin.email } }),
    db.user.findUniqueOrThrow({ where: { email: demoAccounts.therapists[0].email } }),
    db.user.findUniqueOrThrow({ where: { email: 'tom.becker@tandem.example' } }),
  ]);

  // The demo's students, and a few more states than it has: a met and a discontinued goal, an
  // exited student, a push-in session a student was unavailable for, an evaluation, a concern.
  const caseload = await db.student.findMany({ where: { therapists: { some: { userId: maya.id } } }, orderBy: { id: 'asc' }, take: 6 });
  ids.students = caseload.map((s) => s.id);
  const goals = await db.goal.findMany({ where: { studentId: { in: ids.students } }, orderBy: { id: 'asc' }, take: 3 });
  ids.goals = goals.map((g) => g.id);
  await db.goal.update({ where: { id: ids.goals[0]! }, data: { status: 'met' } });
  await db.goal.update({ where: { id: ids.goals[1]! }, data: { status: 'discontinued' } });
  extra.exited = ids.students[5]!;
  await db.student.update({
    where: { id: extra.exited },
    data: { status: 'exited', exitedOn: new Date(), exitReason: 'Moved to another district' },
  });
  await db.student.update({ where: { id: ids.students[4]! }, data: { status: 'evaluating', planType: 'intervention' } });
  const logged = await db.sessionLog.findFirstOrThrow({ where: { providerId: maya.id, serviceType: 'group' }, orderBy: { date: 'desc' } });
  // On the day of the demo's latest session, so it is on the first page of the student's sessions.
  const pushIn = await makeSessionLog(db, {
    providerId: maya.id,
    date: logged.date,
    startTime: '15:00',
    serviceType: 'push_in',
    students: [
      { studentId: ids.students[0]!, attendance: 'student_unavailable' },
      { studentId: ids.students[1]!, attendance: 'therapist_absent' },
    ],
  });
  ids.sessions = [pushIn.id, logged.id];
  const evaluation = await db.evaluation.create({
    data: {
      studentId: ids.students[4]!,
      consentDate: new Date('2026-10-01'),
      dueDate: new Date('2026-11-30'),
      dueRule: '60 calendar days',
      createdById: maya.id,
    },
  });
  extra.evaluation = evaluation.id;
  await db.evaluationFinding.create({ data: { evaluationId: evaluation.id, step: 'family', findings: 'Family sees the same at home.' } });
  const taught = await db.student.findFirstOrThrow({
    where: { teachers: { some: { userId: teacher.id } }, therapists: { some: { userId: maya.id } } },
    orderBy: { id: 'asc' },
  });
  ids.teacherStudent = taught.id;
  const concern = await db.concern.create({
    data: {
      teacherId: teacher.id,
      schoolId: taught.schoolId,
      studentId: taught.id,
      signs: 'avoids_climbing,balance',
      example: 'Holds the rail on the stairs.',
    },
  });
  extra.concern = concern.id;
  await db.concern.create({
    data: {
      teacherId: teacher.id,
      schoolId: taught.schoolId,
      studentName: 'New Pupil',
      gradeLevel: 2,
      signs: 'clumsy',
      example: 'Falls in line.',
      status: 'referred',
    },
  });
  const shared = await db.progressNote.findFirst({
    where: { sharedAt: { not: null }, student: { teachers: { some: { userId: teacher.id } } } },
  });
  ids.sharedNote = shared?.id ?? 0;
  ids.notes = (
    await db.progressNote.findMany({ where: { createdById: maya.id }, orderBy: { id: 'asc' }, take: 2, select: { id: true } })
  ).map((n) => n.id);

  // Audit entries whose details hold enum values, and one for a student deleted since.
  const by = { actorId: admin.id, actorEmail: admin.email };
  await recordAudit(db, {
    ...by,
    action: 'student.session.logged',
    studentId: ids.students[0],
    targetType: 'session',
    targetId: pushIn.id,
    detail: { attendance: 'student_unavailable', dataPoints: 0 },
  });
  await recordAudit(db, {
    ...by,
    action: 'student.goal.status',
    studentId: ids.students[0],
    targetType: 'goal',
    targetId: ids.goals[1],
    detail: { status: 'discontinued' },
  });
  await recordAudit(db, {
    ...by,
    action: 'student.evaluation.findings',
    studentId: ids.students[4],
    targetType: 'evaluation',
    targetId: evaluation.id,
    detail: { step: 'family' },
  });
  await recordAudit(db, {
    ...by,
    action: 'student.team.added',
    studentId: ids.students[0],
    targetType: 'user',
    targetId: teacher.id,
    detail: { role: 'teacher' },
  });
  await recordAudit(db, {
    ...by,
    action: 'user.updated',
    targetType: 'user',
    targetId: maya.id,
    detail: { fields: 'role,assistant', role: 'therapist' },
  });
  await recordAudit(db, { ...by, action: 'progress_code.updated', targetType: 'progress_code', targetId: 1 });
  await recordAudit(db, {
    ...by,
    action: 'student.view',
    studentId: extra.removedStudent,
    targetType: 'student',
    targetId: extra.removedStudent,
  });
  await recordAudit(db, { action: 'sign_in.failure', actorEmail: 'nobody@tandem.example', detail: { reason: 'unknown_account' } });

  const [a, ot, ota, teach] = await Promise.all([
    signedIn(t.app, demoAccounts.admin.email, DEMO_PASSWORD),
    signedIn(t.app, demoAccounts.therapists[0].email, DEMO_PASSWORD),
    signedIn(t.app, demoAccounts.assistant.email, DEMO_PASSWORD),
    signedIn(t.app, teacher.email, DEMO_PASSWORD),
  ]);
  Object.assign(agents, { admin: a.agent, ot: ot.agent, ota: ota.agent, teacher: teach.agent });
}, 120_000);

async function page(who: keyof typeof agents, path: string): Promise<string> {
  const res = await agents[who].get(path);
  expect(res.status, `${who} ${path}`).toBe(200);
  return visibleText(res.text);
}

describe('no raw enum value reaches a page', () => {
  it('for an admin: students, users, the audit trail', async () => {
    const paths = [
      '/students',
      ...ids.students.slice(0, 3).map((id) => `/students/${id}`),
      `/students/${extra.exited}`,
      `/goals/${ids.goals[0]}`,
      `/sessions/${ids.sessions[0]}`,
      '/admin/users',
      '/admin/users?role=therapist',
      '/admin/schools',
      '/admin/progress-codes',
      '/admin/audit',
      '/admin/audit?action=student',
    ];
    for (const path of paths) expect(leaks(await page('admin', path)), path).toEqual([]);
  });

  it('for an OT: caseload, students, goals, sessions, notes, time, concerns, strategies', async () => {
    const paths = [
      '/students',
      ...ids.students.map((id) => `/students/${id}`),
      ...ids.goals.map((id) => `/goals/${id}`),
      `/goals/${ids.goals[0]}/edit`,
      ...ids.sessions.map((id) => `/sessions/${id}`),
      `/sessions/new?student=${ids.students[0]}&student=${ids.students[1]}`,
      ...ids.notes.map((id) => `/notes/${id}`),
      `/students/${ids.students[0]}/goals/new`,
      `/students/${ids.students[0]}/edit`,
      `/evaluations/${extra.evaluation}`,
      '/time',
      '/concerns',
      `/concerns/${extra.concern}`,
      '/strategies',
      '/goal-bank',
      '/notes/batches/new',
    ];
    for (const path of paths) expect(leaks(await page('ot', path)), path).toEqual([]);
  });

  it('for a teacher: their students, shared notes, concerns', async () => {
    const paths = ['/students', `/students/${ids.teacherStudent}`, '/concerns', `/concerns/${extra.concern}`, '/concerns/new'];
    if (ids.sharedNote) paths.push(`/notes/${ids.sharedNote}`);
    for (const path of paths) expect(leaks(await page('teacher', path)), path).toEqual([]);
  });
});

describe('the words on those pages', () => {
  it('name roles as people read them', async () => {
    expect(await page('ota', '/students')).toContain('Jordan Lee (OT assistant)');
    expect(await page('ot', '/students')).toContain('Maya Okafor (OT)');
    const users = await page('admin', '/admin/users?q=jordan');
    expect(users).toContain('OT assistant');
  });

  it('say the states the pages above show', async () => {
    const student = await page('ot', `/students/${ids.students[0]}`);
    expect(student).toContain('push-in (in class)');
    expect(student).toContain('Student unavailable');
    expect(await page('ot', `/goals/${ids.goals[0]}`)).toContain('· Met');
    expect(await page('ot', `/sessions/${ids.sessions[0]}`)).toContain('Push-in (in class) session');
    expect(await page('ot', `/students/${ids.students[4]}`)).toContain('Intervention or screening only');
    expect(await page('admin', '/students')).toContain('Receiving services');
    expect(await page('teacher', '/concerns')).toMatch(/· open\b/);
    expect(await page('ot', `/evaluations/${extra.evaluation}`)).toContain('Talking with the family');
  });

  it('the audit trail names students, records and details in words', async () => {
    const text = await page('admin', '/admin/audit');
    expect(text).toContain(`a removed student (record ${extra.removedStudent})`);
    expect(text).toContain('Logged a session (student unavailable, 0 data points)');
    expect(text).toContain("Changed a goal's status (now discontinued)");
    expect(text).toContain('Recorded evaluation findings (step: talking with the family)');
    expect(text).toContain('account: Tom Becker');
    expect(text).toContain('Changed an account (changed role, OT assistant, as occupational therapist)');
    expect(text).toContain('Sign-in failed (no account has that email)');
    expect(text).toContain('progress code 1');
    expect(text).not.toMatch(/Student \d+/);
  });
});
