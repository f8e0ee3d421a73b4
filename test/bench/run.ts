// npm run bench: builds a district-sized database (5,000 students, 600 staff, 10,000 goals,
// 250,000 session entries with 500,000 data points, 200,000 audit entries) and measures pages
// and logging a group session over HTTP with autocannon on loopback.
import { mkdtempSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { createApp } from '../../src/app.js';
import { addDays, dayKey } from '../../src/calendar/dates.js';
import { loadConfig } from '../../src/config.js';
import { createDb } from '../../src/db/client.js';
import { SafeSqliteAdapterFactory } from '../../src/db/sqlite-adapter.js';
import { PrismaClient } from '../../src/generated/prisma/client.js';
import { applyMigrations } from '../../src/db/migrations.js';
import { hashPassword } from '../../src/features/auth/passwords.js';
import { runBatch, startBatch } from '../../src/features/notes/batches.service.js';

const STUDENTS = 5_000;
const SCHOOLS = 60;
const THERAPISTS = 100;
const TEACHERS = 500;
const AUDIT = 200_000;
const PASSWORD = 'bench password for a big district';

const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
const file = join(dir, 'bench.db');
const url = `file:${file}`;
await applyMigrations(url);
const db = createDb(url);
const passwordHash = await hashPassword(PASSWORD);

let t0 = performance.now();
await db.school.createMany({ data: Array.from({ length: SCHOOLS }, (_, i) => ({ name: `School ${i + 1}` })) });
await db.user.createMany({
  data: [
    { email: 'admin@bench.example', name: 'Bench Admin', role: 'admin', passwordHash },
    ...Array.from({ length: THERAPISTS }, (_, i) => ({
      email: `ot${i}@bench.example`,
      name: `Therapist ${i}`,
      role: 'therapist' as const,
      passwordHash,
    })),
    ...Array.from({ length: TEACHERS }, (_, i) => ({
      email: `teacher${i}@bench.example`,
      name: `Teacher ${i}`,
      role: 'teacher' as const,
      passwordHash,
    })),
  ],
});
const first = ['Ava', 'Ben', 'Cleo', 'Dev', 'Eli', 'Fay', 'Gus', 'Hana', 'Ian', 'Jo', 'Kai', 'Lea', 'Max', 'Nia', 'Oli'];
const last = ['Adams', 'Brown', 'Chen', 'Diaz', 'Evans', 'Ford', 'Garcia', 'Hill', 'Ito', 'Jones', 'Khan', 'Lopez', 'Moore'];
await db.student.createMany({
  data: Array.from({ length: STUDENTS }, (_, i) => {
    const firstName = `${first[i % first.length]}${i}`;
    const lastName = last[i % last.length] ?? 'Smith';
    return {
      firstName,
      lastName,
      searchName: `${firstName} ${lastName}`.toLowerCase(),
      gradeLevel: (i % 15) - 1,
      schoolId: (i % SCHOOLS) + 1,
    };
  }),
});
// Each therapist serves 50 students; each student has two teachers.
await db.studentTherapist.createMany({
  data: Array.from({ length: STUDENTS }, (_, i) => ({ studentId: i + 1, userId: 2 + (i % THERAPISTS) })),
});
await db.studentTeacher.createMany({
  data: Array.from({ length: STUDENTS }, (_, i) => [
    { studentId: i + 1, userId: 2 + THERAPISTS + (i % TEACHERS) },
    { studentId: i + 1, userId: 2 + THERAPISTS + ((i + 7) % TEACHERS) },
  ]).flat(),
});
// Two goals a student, a weekly session for 50 weeks, a data point per goal per session.
const GOALS_PER_STUDENT = 2;
const SESSIONS_PER_STUDENT = 50;
await db.goal.createMany({
  data: Array.from({ length: STUDENTS * GOALS_PER_STUDENT }, (_, i) => ({
    studentId: Math.floor(i / GOALS_PER_STUDENT) + 1,
    area: i % 2 ? ('handwriting' as const) : ('scissors' as const),
    measurement: i % 2 ? ('percent' as const) : ('trials' as const),
    statement: 'will form 8 of 10 lowercase letters so they can be read',
    baselineValue: 30,
    baselineDate: new Date('2025-12-01'),
    targetCriterion: '8 of 10 on 3 of 4 tries',
    targetValue: 80,
    startDate: new Date('2025-12-01'),
    targetDate: new Date('2026-11-30'),
  })),
});
// Every student has 30 minutes a week of direct service and a progress report due, so the home
// page counts minutes and due dates for a whole caseload.
await db.serviceMandate.createMany({
  data: Array.from({ length: STUDENTS }, (_, i) => ({
    studentId: i + 1,
    minutes: 30,
    period: 'week' as const,
    delivery: 'pull_out' as const,
    grouping: 'individual' as const,
    startDate: new Date('2025-12-01'),
    endDate: new Date('2027-06-30'),
  })),
});
await db.progressReportDate.createMany({
  data: Array.from({ length: STUDENTS }, (_, i) => ({ studentId: i + 1, dueOn: addDays(new Date('2026-11-20'), i % 60) })),
});
// The million rows below go in through one prepared statement each, in one transaction: the
// app's own code path (Prisma) is measured afterwards, not while building. Dates are written
// as Prisma writes them.
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
const firstDay = new Date('2025-12-01');
const raw = new Database(file);
raw.pragma('journal_mode = WAL');
const now = iso(Date.now());
// One session in 40 is voided (entered in error): every sum and list filters it out (sessions/counts.ts).
const addSession = raw.prepare(
  'INSERT INTO SessionLog (id, providerId, date, startTime, minutes, serviceType, activities, createdAt, voidedAt, voidReason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
);
const addRow = raw.prepare('INSERT INTO SessionStudent (id, sessionId, studentId, attendance, note) VALUES (?, ?, ?, ?, ?)');
const addPoint = raw.prepare('INSERT INTO DataPoint (goalId, sessionStudentId, date, value) VALUES (?, ?, ?, ?)');
const addAudit = raw.prepare('INSERT INTO AuditEvent (at, actorId, action, studentId) VALUES (?, ?, ?, ?)');
raw.transaction(() => {
  for (let n = 0; n < STUDENTS * SESSIONS_PER_STUDENT; n++) {
    const date = iso(addDays(firstDay, Math.floor(n / STUDENTS) * 7).getTime());
    const [voidedAt, reason] = n % 40 === 39 ? [now, 'Logged twice'] : [null, null];
    addSession.run(n + 1, 2 + ((n % STUDENTS) % THERAPISTS), date, '09:00', 30, 'individual', '', now, voidedAt, reason);
    addRow.run(n + 1, n + 1, (n % STUDENTS) + 1, n % 17 === 0 ? 'student_absent' : 'attended', '');
    for (let g = 0; g < GOALS_PER_STUDENT; g++) addPoint.run((n % STUDENTS) * GOALS_PER_STUDENT + g + 1, n + 1, date, 30 + (n % 50));
  }
  for (let n = 0; n < AUDIT; n++) addAudit.run(iso(Date.now() - n * 60_000), 2 + (n % THERAPISTS), 'student.view', (n % STUDENTS) + 1);
})();
raw.close();

const counts = {
  students: await db.student.count(),
  goals: await db.goal.count(),
  sessions: await db.sessionStudent.count(),
  dataPoints: await db.dataPoint.count(),
  audit: await db.auditEvent.count(),
};
await db.$executeRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
console.log(
  `Built the district in ${Math.round(performance.now() - t0)} ms: ${Object.entries(counts)
    .map(([k, v]) => `${v.toLocaleString('en-US')} ${k}`)
    .join(', ')}`,
);
console.log(`Database file: ${(statSync(file).size / 1e6).toFixed(1)} MB`);

const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, SESSION_SECRET: 'bench-secret-bench-secret-bench-secret' });
const { app } = createApp({ config, db });
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function cookieFor(email: string, at = base): Promise<string> {
  const page = await fetch(`${at}/sign-in`);
  const cookie = page.headers.get('set-cookie')?.split(';')[0] ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${at}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email, password: PASSWORD }),
  });
  return res.headers.get('set-cookie')?.split(';')[0] ?? '';
}

const therapist = await cookieFor('ot7@bench.example');
const admin = await cookieFor('admin@bench.example');
// ot7 is user 9 and serves students 8, 108, 208, ...; each has 50 sessions and 100 data points.
const cases: [string, string, string][] = [
  ['therapist: caseload list', '/students', therapist],
  ['therapist: live search (htmx fragment)', '/students?q=ava', therapist],
  ['therapist: student page (goals, sessions)', '/students/8', therapist],
  ['therapist: goal page (50 data points)', '/goals/15', therapist],
  ['therapist: group session form (3 students)', '/sessions/new?student=8&student=108&student=208', therapist],
  ['therapist: sessions to sign (2,500 unsigned)', '/sessions/to-sign', therapist],
  ['therapist: a session with its record', '/sessions/8', therapist],
  ['admin: all 5,000 students, page 100', '/students?page=100', admin],
  ['admin: search the district', '/students?q=chen', admin],
  ['admin: audit trail, 200,000 entries', '/admin/audit', admin],
];

console.log('\nEach case: 3 s, one connection (the latency one user sees). Latency in ms.');
console.log('case'.padEnd(42), 'req/s'.padStart(7), 'p50'.padStart(6), 'p99'.padStart(6));
for (const [name, path, cookie] of cases) {
  t0 = performance.now();
  const headers: Record<string, string> = { cookie };
  if (path.includes('q=')) headers['HX-Request'] = 'true';
  const result = await autocannon({ url: `${base}${path}`, connections: 1, duration: 3, headers });
  if (result.non2xx > 0) throw new Error(`${name}: ${result.non2xx} answers were not 200`);
  console.log(
    name.padEnd(42),
    String(Math.round(result.requests.average)).padStart(7),
    String(result.latency.p50).padStart(6),
    String(result.latency.p99).padStart(6),
  );
}

// The therapist's home page (GET /): every section over the whole caseload, in a fixed number of
// queries. Counted on an app of its own whose client reports each SQL statement, for a therapist
// with 10 students and one with 50 (ot7): the count must be the same.
{
  const counting = new PrismaClient({ adapter: new SafeSqliteAdapterFactory(url), log: [{ emit: 'event', level: 'query' }] });
  let statements = 0;
  counting.$on('query', () => {
    statements += 1;
  });
  const small = await db.user.create({
    data: { email: 'ot-small@bench.example', name: 'Therapist Small', role: 'therapist', passwordHash },
  });
  await db.studentTherapist.createMany({ data: Array.from({ length: 10 }, (_, i) => ({ studentId: 8 + i * 100, userId: small.id })) });
  // A weekly slot for each student, spread over the week, for both therapists.
  const slotsFor = (providerId: number, students: number[]) =>
    Promise.all(
      students.map((studentId, i) =>
        db.scheduleSlot.create({
          data: {
            providerId,
            weekday: 1 + (i % 5),
            startTime: `${String(8 + (Math.floor(i / 5) % 8)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`,
            minutes: 30,
            serviceType: 'individual',
            fromDate: new Date('2026-09-01'),
            toDate: new Date('2027-06-30'),
            students: { create: { studentId } },
          },
        }),
      ),
    );
  await slotsFor(
    9,
    Array.from({ length: 50 }, (_, i) => 8 + i * 100),
  );
  await slotsFor(
    small.id,
    Array.from({ length: 10 }, (_, i) => 8 + i * 100),
  );
  const homeApp = createApp({ config, db: counting }).app;
  const homeServer = homeApp.listen(0, '127.0.0.1');
  await new Promise((r) => homeServer.once('listening', r));
  const homeBase = `http://127.0.0.1:${(homeServer.address() as AddressInfo).port}`;
  console.log('\nThe therapist home page (GET /): latency in ms, and the SQL statements one request sends.');
  console.log('case'.padEnd(42), 'req/s'.padStart(7), 'p50'.padStart(6), 'p99'.padStart(6), 'queries'.padStart(8));
  const perCaseload: number[] = [];
  for (const [name, email] of [
    ['therapist home, 10 students', 'ot-small@bench.example'],
    ['therapist home, 50 students', 'ot7@bench.example'],
  ] as const) {
    const cookie = await cookieFor(email, homeBase);
    const warm = await fetch(`${homeBase}/`, { headers: { cookie } });
    if (warm.status !== 200) throw new Error(`${name}: ${warm.status}`);
    statements = 0;
    t0 = performance.now();
    await (await fetch(`${homeBase}/`, { headers: { cookie } })).text();
    const once = performance.now() - t0;
    const queries = statements;
    perCaseload.push(queries);
    const result = await autocannon({ url: `${homeBase}/`, connections: 1, duration: 3, headers: { cookie } });
    if (result.non2xx > 0) throw new Error(`${name}: ${result.non2xx} answers were not 200`);
    console.log(
      name.padEnd(42),
      String(Math.round(result.requests.average)).padStart(7),
      String(result.latency.p50).padStart(6),
      String(result.latency.p99).padStart(6),
      String(queries).padStart(8),
      `  (first request ${Math.round(once)} ms)`,
    );
  }
  // The rest of the bench still runs when the count grows, but the run ends as failed.
  if (new Set(perCaseload).size === 1) console.log(`Queries: ${perCaseload[0]} for 10 students and for 50: the same.`);
  else {
    console.log(`Queries GROW with the caseload: ${perCaseload.join(' for 10 students, ')} for 50.`);
    process.exitCode = 1;
  }
  homeServer.close();
  await counting.$disconnect();
}

// Logging a group session of three with a data point per goal: a write of 1 session, 3 student
// rows, 6 data points and 3 audit entries in one transaction, then the 303 to its page.
const page = await fetch(`${base}/sessions/new?student=8&student=108&student=208`, { headers: { cookie: therapist } });
const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
const form = new URLSearchParams({
  _csrf: csrf,
  minutes: '45',
  serviceType: 'group',
  place: 'therapy_room',
  nature: 'Work on handwriting in a small group',
});
for (const s of [8, 108, 208]) {
  form.append('student', String(s));
  form.set(`attendance_${s}`, 'attended');
  form.set(`response_${s}`, 'Formed 7 of 10 letters on the line.');
  form.set(`correct_${(s - 1) * 2 + 1}`, '7');
  form.set(`incorrect_${(s - 1) * 2 + 1}`, '3');
  form.set(`value_${(s - 1) * 2 + 2}`, '65');
}
const before = await db.sessionLog.count();
let saves = 0;
const writes = await autocannon({
  url: `${base}/sessions`,
  method: 'POST',
  connections: 1,
  duration: 3,
  headers: { cookie: therapist, 'content-type': 'application/x-www-form-urlencoded' },
  // Each save at its own time (a student's sessions must not overlap): hourly from 10:00 to
  // 16:00, one day further back each time the day is full, clear of the 09:00 sessions above.
  requests: [
    {
      setupRequest: (request) => {
        const n = saves++;
        const date = dayKey(addDays(new Date('2026-11-27'), -Math.floor(n / 7)));
        const slot = new URLSearchParams(form);
        slot.set('date', date);
        slot.set('startTime', `${10 + (n % 7)}:00`);
        return { ...request, body: slot.toString() };
      },
    },
  ],
});
const logged = (await db.sessionLog.count()) - before;
// Every answer must be the 303 after a save, and every answered save must be in the database
// (one still in flight when the run stops may be saved too).
if (writes['2xx'] + writes['4xx'] + writes['5xx'] > 0 || logged < writes['3xx']) {
  throw new Error(`logging a group session: ${logged} saved, answers ${JSON.stringify(writes.statusCodeStats)}`);
}
console.log(
  'therapist: log a group session (3 students)'.padEnd(42),
  String(Math.round(writes.requests.average)).padStart(7),
  String(writes.latency.p50).padStart(6),
  String(writes.latency.p99).padStart(6),
);

// End of a reporting period: draft a note for each of a therapist's 50 students, each with two
// goals and 50 data points a goal.
const user7 = await db.user.findUniqueOrThrow({ where: { email: 'ot7@bench.example' } });
const current = {
  user: { id: user7.id, email: user7.email, name: user7.name, role: user7.role, assistant: false, mustChangePassword: false },
};
const batchId = await startBatch(db, current, {
  title: 'Bench report',
  periodStart: new Date('2026-06-01'),
  periodEnd: new Date('2026-11-27'),
});
t0 = performance.now();
await runBatch(db, current, batchId);
const drafted = await db.progressNote.count({ where: { batchId } });
const ms = performance.now() - t0;
console.log(`\nDrafting a caseload: ${drafted} notes in ${Math.round(ms)} ms (${(ms / drafted).toFixed(1)} ms a note)`);

server.close();
await db.$disconnect();
