// Every route in the app's own route table, tried as every kind of user and as an OT who does
// not serve the student, and checked against the policy table: a role the policy refuses gets
// 403, a record out of scope 404, both audited; anyone the policy allows gets through. A route
// added without a guard naming its action fails here. Then each kind of user walks the pages
// they can reach, and every link and form they are shown must lead somewhere they may go.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { can } from '../../src/access/policy.js';
import type { Action } from '../../src/access/policy.js';
import { routeFor, routeTable } from '../../src/web/route-table.js';
import type { RouteEntry } from '../../src/web/route-table.js';
import { makeGoal, makeProgressNote, makeSchool, makeSessionLog, makeStudent, signedIn, testApp, user } from '../helpers/app.js';

const t = await testApp();
const table = routeTable(t.app);

/** Routes anyone may reach without signing in; every other route must name its action. */
const publicRoutes = [
  'GET /healthz',
  'GET /sign-in',
  'POST /sign-in',
  'POST /sign-out',
  'GET /sign-in/code',
  'POST /sign-in/code',
  'GET /sign-in/sso',
  'GET /sign-in/sso/callback',
  'GET /calendar/:token.ics',
  'GET /favicon.ico',
];

type Who = 'admin' | 'ot' | 'ota' | 'teacher' | 'stranger';
type Session = Awaited<ReturnType<typeof signedIn>>;
const sessions = {} as Record<Who, Session>;
const accounts = {} as Record<Who, { id: number; role: 'admin' | 'therapist' | 'teacher'; assistant: boolean }>;
/** What each route parameter names, by the path segment before it (and for own records, by who asks). */
let records: Record<string, number>;
let own: Record<'ot' | 'ota', Record<string, number>>;
/** An assistant's session, supervised by the OT: the assistant corrects and signs it, the OT co-signs it. */
let assistantSession: number;

beforeAll(async () => {
  const school = await makeSchool(t.db);
  const otherSchool = await makeSchool(t.db);
  const make = async (who: Who, role: 'admin' | 'therapist' | 'teacher', assistant = false) => {
    const u = await user(t.db, role);
    if (assistant) await t.db.user.update({ where: { id: u.id }, data: { assistant: true } });
    accounts[who] = { id: u.id, role, assistant };
    return u;
  };
  await make('admin', 'admin');
  const ot = await make('ot', 'therapist');
  const ota = await make('ota', 'therapist', true);
  const teacher = await make('teacher', 'teacher');
  const stranger = await make('stranger', 'therapist');
  const bystander = await user(t.db, 'teacher'); // an account for the admin's user pages
  await t.db.schoolTherapist.createMany({
    data: [
      { schoolId: school.id, userId: ot.id },
      { schoolId: otherSchool.id, userId: stranger.id },
    ],
  });
  await makeStudent(t.db, { schoolId: otherSchool.id, therapistIds: [stranger.id] });

  const student = await makeStudent(t.db, { schoolId: school.id, therapistIds: [ot.id, ota.id], teacherIds: [teacher.id] });
  const day = (d: string) => new Date(`${d}T00:00:00Z`);
  const goal = await makeGoal(t.db, { studentId: student.id, area: 'scissors', statement: 'will cut along a curved line' });
  const session = await makeSessionLog(t.db, {
    providerId: ot.id,
    date: day('2026-11-02'),
    students: [{ studentId: student.id, note: 'Internal note' }],
  });
  assistantSession = (
    await makeSessionLog(t.db, {
      providerId: ota.id,
      supervisorId: ot.id,
      date: day('2026-11-03'),
      students: [{ studentId: student.id }],
    })
  ).id;
  const note = await makeProgressNote(t.db, { studentId: student.id, createdById: ot.id, status: 'final', sharedAt: new Date() });
  const batch = await t.db.noteBatch.create({
    data: {
      createdById: ot.id,
      title: 'Fall',
      periodStart: day('2026-09-01'),
      periodEnd: day('2026-11-20'),
      total: 0,
      finishedAt: new Date(),
    },
  });
  const evaluation = await t.db.evaluation.create({
    data: {
      studentId: student.id,
      consentDate: day('2026-10-01'),
      dueDate: day('2026-11-30'),
      dueRule: '60 calendar days',
      createdById: ot.id,
    },
  });
  const assessment = await t.db.evaluationAssessment.create({
    data: { evaluationId: evaluation.id, name: 'Handwriting sample', givenOn: day('2026-10-05'), scores: '12 of 26', meaning: 'Half.' },
  });
  const concern = await t.db.concern.create({
    data: { teacherId: teacher.id, schoolId: school.id, studentId: student.id, signs: 'pencil', example: 'Grips the pencil tightly.' },
  });
  const assignment = await t.db.studentStrategy.create({
    data: { studentId: student.id, strategyKey: 'hw-raised-lines', assignedById: ot.id },
  });
  const mine = await t.db.ownStrategy.create({
    data: { ownerId: ot.id, area: 'scissors', title: 'Cutting strips', why: 'Short cuts first.', how: 'Snip strips' },
  });
  const template = await t.db.goalTemplate.create({
    data: { ownerId: ot.id, area: 'scissors', measurement: 'percent', text: 'will cut __ shapes' },
  });
  const timeFor = (providerId: number) =>
    t.db.indirectTime.create({ data: { providerId, date: day('2026-11-02'), minutes: 20, activity: 'travel' } });
  const code = await t.db.progressCode.findFirstOrThrow();
  const period = await t.db.reportingPeriod.create({
    data: { name: 'Fall', startDate: day('2026-09-01'), endDate: day('2026-11-20') },
  });
  const schoolYear = await t.db.schoolYear.create({ data: { name: '2026–27', firstDay: day('2026-09-01'), lastDay: day('2027-06-18') } });
  const dayOff = await t.db.dayOff.create({ data: { name: 'Thanksgiving', startDate: day('2026-11-26'), endDate: day('2026-11-27') } });
  const rosterImport = await t.db.rosterImport.create({
    data: { fileName: 'roster.csv', encoding: 'UTF-8', text: 'Student ID,First name,Last name,School,Grade\n' },
  });
  records = {
    students: student.id,
    goals: goal.id,
    sessions: session.id,
    notes: note.id,
    batches: batch.id,
    evaluations: evaluation.id,
    assessments: assessment.id,
    concerns: concern.id,
    strategies: assignment.id,
    own: mine.id,
    'goal-bank': template.id,
    users: bystander.id,
    schools: school.id,
    'progress-codes': code.id,
    'reporting-periods': period.id,
    'school-years': schoolYear.id,
    'days-off': dayOff.id,
    imports: rosterImport.id,
  };
  // A schedule slot of each therapist's own, with the student, running all year.
  const slotFor = (providerId: number) =>
    t.db.scheduleSlot.create({
      data: {
        providerId,
        weekday: 1,
        startTime: '08:00',
        minutes: 30,
        serviceType: 'individual',
        fromDate: day('2026-01-05'),
        toDate: day('2030-06-24'),
        students: { create: [{ studentId: student.id }] },
      },
    });
  own = {
    ot: { time: (await timeFor(ot.id)).id, slots: (await slotFor(ot.id)).id },
    ota: { time: (await timeFor(ota.id)).id, slots: (await slotFor(ota.id)).id },
  };
  for (const who of Object.keys(accounts) as Who[]) {
    const email = (await t.db.user.findUniqueOrThrow({ where: { id: accounts[who].id } })).email;
    sessions[who] = await signedIn(t.app, email);
  }
});

/** The route's path with real ids: the record each parameter names, as the caller would use it. */
function concrete(route: RouteEntry, who: Who): string {
  const parts = route.path.split('/');
  return parts
    .map((part, i) => {
      if (!part.startsWith(':')) return part;
      const before = parts[i - 1] ?? '';
      if (before === 'time' || before === 'slots') return String(own[who === 'ota' ? 'ota' : 'ot'][before]);
      // A session is corrected and signed by its provider, and co-signed by the OT supervising it.
      const provider = route.action === 'session.correct' || route.action === 'session.sign';
      if (before === 'sessions' && (route.action === 'session.cosign' || (provider && who === 'ota'))) return String(assistantSession);
      const id = records[before];
      if (id === undefined) throw new Error(`route-walk: no record for the parameter after "${before}" in ${route.path}; add one`);
      return String(id);
    })
    .join('/');
}

/** Routes that reach one record of a student or of one user: out of scope they are "not found". */
const recordRoute = (route: RouteEntry) => /:/.test(route.path) && !route.path.startsWith('/admin/');

function actorOf(who: Who) {
  const a = accounts[who];
  return { role: a.role, assistant: a.assistant };
}

async function denials(): Promise<number> {
  return t.db.auditEvent.count({ where: { action: 'access.denied' } });
}

async function tryRoute(route: RouteEntry, who: Who) {
  const s = sessions[who];
  const path = concrete(route, who);
  return route.method === 'GET' ? s.agent.get(path) : s.agent.post(path).type('form').send({ _csrf: s.csrf });
}

describe('the route table', () => {
  it('has a guard naming a policy action on every route behind sign-in', () => {
    expect(table.length).toBeGreaterThan(60);
    const unguarded = table.filter((r) => r.action === null && !publicRoutes.includes(`${r.method} ${r.path}`));
    expect(unguarded.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });
});

describe('what each kind of user is shown', () => {
  /** Links and forms in a page: GET hrefs on our own site, and POST form actions. */
  function targets(html: string) {
    const links = [...html.matchAll(/<a\b[^>]*\bhref="([^"#]*)[^"]*"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    const forms = [...html.matchAll(/<form\b[^>]*>/g)].flatMap((m) => {
      const tag = m[0];
      const method = /\bmethod="post"/i.test(tag) ? 'POST' : 'GET';
      const action = /\baction="([^"]*)"/.exec(tag)?.[1];
      return action ? [{ method, path: action.replaceAll('&amp;', '&') }] : [];
    });
    return { links: links.filter((l) => l.startsWith('/') && !l.startsWith('/assets/')), forms };
  }

  for (const who of ['teacher', 'ota', 'admin', 'ot'] as Who[]) {
    it(`leads the ${who} only where the policy lets them go`, async () => {
      const s = sessions[who];
      const seen = new Set<string>();
      const queue = ['/', '/students', `/students/${records.students}`];
      const wrong: string[] = [];
      while (queue.length && seen.size < 80) {
        const href = queue.shift()!;
        if (seen.has(href)) continue;
        seen.add(href);
        const res = await s.agent.get(href).redirects(1);
        if ([403, 404].includes(res.status) || res.status >= 500) wrong.push(`link ${href} -> ${res.status}`);
        if (!res.type.includes('html')) continue;
        const { links, forms } = targets(res.text);
        for (const link of links) if (!seen.has(link) && !link.includes('/pdf')) queue.push(link);
        for (const form of forms) {
          const path = form.path.split('?')[0]!;
          const route = routeFor(table, form.method, path);
          if (!route) wrong.push(`form ${form.method} ${path} on ${href}: no such route`);
          else if (route.action && !can(actorOf(who), route.action))
            wrong.push(`form ${form.method} ${path} on ${href}: ${route.action} not allowed`);
        }
      }
      expect(wrong).toEqual([]);
      expect(seen.size).toBeGreaterThan(3);
    });
  }
});

describe('every route, as every kind of user', () => {
  // Read-only first; state-changing requests by the OT who owns the records run last.
  const order: Who[] = ['teacher', 'stranger', 'admin', 'ota', 'ot'];
  for (const who of order) {
    it(`answers ${who === 'stranger' ? 'an OT who does not serve the student' : `the ${who}`} as the policy says`, async () => {
      const wrong: string[] = [];
      for (const route of table.filter((r) => r.action !== null)) {
        const action = route.action as Action;
        const allowed = can(actorOf(who), action);
        const outOfScope = who === 'stranger' && recordRoute(route);
        const before = await denials();
        const res = await tryRoute(route, who);
        const label = `${route.method} ${route.path} (${action}) -> ${res.status}`;
        if (!allowed) {
          if (res.status !== 403) wrong.push(`${label}: expected 403`);
          else if ((await denials()) <= before) wrong.push(`${label}: refusal not audited`);
        } else if (outOfScope) {
          if (res.status !== 404) wrong.push(`${label}: expected 404`);
          else if ((await denials()) <= before) wrong.push(`${label}: refusal not audited`);
        } else if ([401, 403, 404].includes(res.status) || res.status >= 500) {
          wrong.push(`${label}: expected to get through`);
        }
      }
      expect(wrong).toEqual([]);
      // A batch resumed in the background finishes before the database closes.
      await vi.waitFor(async () => expect(await t.db.noteBatch.count({ where: { finishedAt: null } })).toBe(0), { timeout: 10_000 });
    });
  }
});
