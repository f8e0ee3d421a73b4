// npm run bench: builds a district-sized database (5,000 students, 600 staff, 10,000 goals,
// 250,000 session entries with 500,000 data points, 200,000 audit entries) on SQLite and on
// PostgreSQL, and measures pages over HTTP with autocannon on loopback against real app processes
// (`node --import tsx src/server.ts`): SQLite with one process, PostgreSQL with one and with two
// (sign-in sessions are in the database, so one cookie works on both). Then, on each database,
// the home page's query count, logging a group session, and drafting a caseload's notes.
//
// BENCH_STUDENTS (default 5000) scales the district (e.g. 200 for a quick check);
// BENCH_SECONDS (default 3) is each measurement's length; BENCH_DATABASES (default
// "sqlite,postgresql") which databases; BENCH_POSTGRES_URL (default the local server as role
// tandem) where the bench creates and drops its database tandem_bench_<pid>.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createApp } from '../../src/app.js';
import { addDays, dayKey } from '../../src/calendar/dates.js';
import { loadConfig } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrations.js';
import { isPostgres } from '../../src/db/paths.js';
import { hashPassword } from '../../src/features/auth/passwords.js';
import { runBatch, startBatch } from '../../src/features/notes/batches.service.js';
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import { type Measured, SESSION_SECRET, cookieFor, measure, startApp } from './apps.js';
import { PASSWORD, buildDistrict, createPostgresDatabase, districtSize } from './district.js';

const size = districtSize();
const SECONDS = Number(process.env.BENCH_SECONDS) || 3;
/** Connections in all for a page: enough to keep one or two app processes busy. */
const CONNECTIONS = 8;
const DATABASES = (process.env.BENCH_DATABASES ?? 'sqlite,postgresql').split(',').map((s) => s.trim());
const POSTGRES_SERVER = process.env.BENCH_POSTGRES_URL ?? 'postgresql://tandem:tandem@127.0.0.1:5432/postgres';
const fmt = (n: number) => n.toLocaleString('en-US');

type Column = 'sqlite' | 'pg1' | 'pg2';
const COLUMNS: [Column, string][] = [
  ['sqlite', 'SQLite, 1 process'],
  ['pg1', 'PostgreSQL, 1 process'],
  ['pg2', 'PostgreSQL, 2 processes'],
];
const results = new Map<string, Partial<Record<Column, Measured>>>();
const extras = new Map<string, Partial<Record<'sqlite' | 'postgresql', string>>>();
const noteExtra = (name: string, kind: 'sqlite' | 'postgresql', value: string) => extras.set(name, { ...extras.get(name), [kind]: value });

const { ot } = size;
const [s1 = 1, s2 = s1, s3 = s2] = ot.students;
const goalOf = (student: number, g: number) => (student - 1) * size.goalsPerStudent + g + 1;
const adminPage = Math.min(100, Math.ceil(size.students / 25));
/** The pages: [name, path, who]. */
const cases: [string, string, 'therapist' | 'admin'][] = [
  ['therapist: caseload list', '/students', 'therapist'],
  ['therapist: live search (htmx fragment)', '/students?q=ava', 'therapist'],
  ['therapist: student page (goals, sessions)', `/students/${s1}`, 'therapist'],
  [`therapist: goal page (${size.sessionsPerStudent} data points)`, `/goals/${goalOf(s1, 0)}`, 'therapist'],
  ['therapist: group session form (3 students)', `/sessions/new?student=${s1}&student=${s2}&student=${s3}`, 'therapist'],
  [`therapist: sessions to sign (${fmt(ot.students.length * size.sessionsPerStudent)} unsigned)`, '/sessions/to-sign', 'therapist'],
  ['therapist: a session with its record', `/sessions/${s1}`, 'therapist'],
  [`admin: all ${fmt(size.students)} students, page ${adminPage}`, `/students?page=${adminPage}`, 'admin'],
  ['admin: search the district', '/students?q=chen', 'admin'],
  [`admin: audit trail, ${fmt(size.audit)} entries`, '/admin/audit', 'admin'],
];

console.log(
  `Tandem bench: ${fmt(size.students)} students, ${SECONDS} s a measurement, ${CONNECTIONS} connections a page in all; ${cpus().length} CPU cores.`,
);
const passwordHash = await hashPassword(PASSWORD);

for (const kind of DATABASES) {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
    try {
      await benchDatabase(`file:${join(dir, 'bench.db')}`, [['sqlite', 1]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else if (kind === 'postgresql') {
    const database = await createPostgresDatabase(POSTGRES_SERVER);
    try {
      await benchDatabase(database.url, [
        ['pg1', 1],
        ['pg2', 2],
      ]);
    } finally {
      await database.drop();
    }
  } else throw new Error(`BENCH_DATABASES: unknown database ${kind} (sqlite, postgresql)`);
}

console.log(
  `\nPages: req/s in all and p50 latency in ms, ${CONNECTIONS} connections (split evenly over the processes), ${SECONDS} s each.`,
);
const cell = (m: Measured | undefined) => (m ? `${fmt(Math.round(m.rps)).padStart(7)} ${String(m.p50).padStart(5)}` : '      —     —');
console.log(''.padEnd(46), ...COLUMNS.map(([, title]) => title.padEnd(23)));
console.log('case'.padEnd(46), ...COLUMNS.map(() => `${'req/s'.padStart(7)} ${'p50'.padStart(5)}`.padEnd(23)));
for (const [name] of cases) {
  const row = results.get(name) ?? {};
  console.log(name.padEnd(46), ...COLUMNS.map(([column]) => cell(row[column]).padEnd(23)));
}
if (extras.size) {
  console.log(`\n${'On one app in the bench process'.padEnd(42)} ${'SQLite'.padEnd(36)} PostgreSQL`);
  for (const [name, row] of extras) console.log(name.padEnd(42), (row.sqlite ?? '—').padEnd(36), row.postgresql ?? '—');
}

async function benchDatabase(url: string, runs: [Column, number][]) {
  const kind = isPostgres(url) ? 'postgresql' : 'sqlite';
  console.log(`\n${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}:`);
  await applyMigrations(url);
  const db = createDb(url);
  try {
    const t0 = performance.now();
    await buildDistrict(db, url, size, passwordHash);
    const counts = {
      students: await db.student.count(),
      goals: await db.goal.count(),
      sessions: await db.sessionStudent.count(),
      dataPoints: await db.dataPoint.count(),
      audit: await db.auditEvent.count(),
    };
    console.log(
      `Built the district in ${fmt(Math.round(performance.now() - t0))} ms: ${Object.entries(counts)
        .map(([k, v]) => `${fmt(v)} ${k}`)
        .join(', ')}`,
    );
    if (kind === 'sqlite') console.log(`Database file: ${(statSync(url.replace(/^file:/, '')).size / 1e6).toFixed(1)} MB`);

    let cookies: Record<'therapist' | 'admin', string> | undefined;
    for (const [column, processes] of runs) {
      const apps = [];
      try {
        for (let i = 0; i < processes; i++) apps.push(await startApp(url));
        const bases = apps.map((a) => a.base);
        cookies ??= { therapist: await cookieFor(ot.email, bases[0]!), admin: await cookieFor('admin@bench.example', bases[0]!) };
        console.log(`Pages on ${processes} app process${processes > 1 ? 'es' : ''}: req/s, p50 ms`);
        for (const [name, path, who] of cases) {
          const headers: Record<string, string> = { cookie: cookies[who] };
          if (path.includes('q=')) headers['HX-Request'] = 'true';
          const m = await measure(bases, path, headers, CONNECTIONS, SECONDS);
          results.set(name, { ...results.get(name), [column]: m });
          console.log(`  ${name.padEnd(44)} ${fmt(Math.round(m.rps)).padStart(7)} ${String(m.p50).padStart(5)}`);
        }
      } finally {
        // autocannon drops its connections when time is up, with requests still being answered: let them finish.
        await new Promise((r) => setTimeout(r, 1_000));
        await Promise.all(apps.map((a) => a.stop()));
      }
    }
    await inProcess(db, url, kind);
  } finally {
    await db.$disconnect();
  }
}

/** The home page's query count, logging a group session and drafting notes, on an app in this process (as before). */
async function inProcess(db: Db, url: string, kind: 'sqlite' | 'postgresql') {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, SESSION_SECRET });
  const counting = createDb(url, { countQueries: true }) as unknown as PrismaClient<'query'>;
  let statements = 0;
  counting.$on('query', () => {
    statements += 1;
  });
  const app = createApp({ config, db: counting as unknown as Db }).app;
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await homePage(
      db,
      base,
      kind,
      () => statements,
      (n) => (statements = n),
    );
    await groupSessions(db, base, kind);
    await drafting(db, kind);
  } finally {
    server.close();
    await counting.$disconnect();
  }
}

// The therapist's home page (GET /): every section over the whole caseload, in a fixed number of
// queries, for a therapist with 10 students and one with 50 (the measured one): the same count.
async function homePage(db: Db, base: string, kind: 'sqlite' | 'postgresql', count: () => number, reset: (n: number) => void) {
  const small = await db.user.create({
    data: { email: 'ot-small@bench.example', name: 'Therapist Small', role: 'therapist', passwordHash },
  });
  const tenStudents = ot.students.slice(0, 10);
  await db.studentTherapist.createMany({ data: tenStudents.map((studentId) => ({ studentId, userId: small.id })) });
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
  await slotsFor(ot.userId, ot.students);
  await slotsFor(small.id, tenStudents);
  const perCaseload: number[] = [];
  for (const [name, email] of [
    [`therapist home, ${tenStudents.length} students`, 'ot-small@bench.example'],
    [`therapist home, ${ot.students.length} students`, ot.email],
  ] as const) {
    const cookie = await cookieFor(email, base);
    const warm = await fetch(`${base}/`, { headers: { cookie } });
    await warm.arrayBuffer();
    if (warm.status !== 200) throw new Error(`${name}: ${warm.status}`);
    reset(0);
    await (await fetch(`${base}/`, { headers: { cookie } })).text();
    const queries = count();
    perCaseload.push(queries);
    const result = await autocannon({ url: `${base}/`, connections: 1, duration: SECONDS, headers: { cookie } });
    if (result.non2xx > 0) throw new Error(`${name}: ${result.non2xx} answers were not 200`);
    noteExtra(`${name} (1 conn)`, kind, `${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, ${queries} queries`);
  }
  // The rest of the bench still runs when the count grows, but the run ends as failed.
  if (new Set(perCaseload).size !== 1) {
    console.log(`${kind}: home page queries GROW with the caseload: ${perCaseload.join(' then ')}.`);
    process.exitCode = 1;
  }
}

// Logging a group session of three with a data point per goal: a write of 1 session, 3 student
// rows, 6 data points and 3 audit entries in one transaction, then the 303 to its page.
async function groupSessions(db: Db, base: string, kind: 'sqlite' | 'postgresql') {
  const therapist = await cookieFor(ot.email, base);
  const group = [s1, s2, s3];
  const page = await fetch(`${base}/sessions/new?${group.map((s) => `student=${s}`).join('&')}`, { headers: { cookie: therapist } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const form = new URLSearchParams({
    _csrf: csrf,
    minutes: '45',
    serviceType: 'group',
    place: 'therapy_room',
    nature: 'Work on handwriting in a small group',
  });
  for (const s of group) {
    form.append('student', String(s));
    form.set(`attendance_${s}`, 'attended');
    form.set(`response_${s}`, 'Formed 7 of 10 letters on the line.');
    form.set(`correct_${goalOf(s, 0)}`, '7');
    form.set(`incorrect_${goalOf(s, 0)}`, '3');
    form.set(`value_${goalOf(s, 1)}`, '65');
  }
  const before = await db.sessionLog.count();
  let saves = 0;
  const writes = await autocannon({
    url: `${base}/sessions`,
    method: 'POST',
    connections: 1,
    duration: SECONDS,
    headers: { cookie: therapist, 'content-type': 'application/x-www-form-urlencoded' },
    // Each save at its own time (a student's sessions must not overlap): hourly from 10:00 to
    // 16:00, one day further back each time the day is full, clear of the 09:00 sessions above.
    requests: [
      {
        setupRequest: (request) => {
          const n = saves++;
          const slot = new URLSearchParams(form);
          slot.set('date', dayKey(addDays(new Date('2026-11-27'), -Math.floor(n / 7))));
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
  noteExtra('log a group session, 3 students (1 conn)', kind, `${Math.round(writes.requests.average)} req/s, p50 ${writes.latency.p50} ms`);
}

// End of a reporting period: draft a note for each of the therapist's students, each with two
// goals and 50 data points a goal.
async function drafting(db: Db, kind: 'sqlite' | 'postgresql') {
  const user = await db.user.findUniqueOrThrow({ where: { email: ot.email } });
  const current = {
    user: { id: user.id, email: user.email, name: user.name, role: user.role, assistant: false, mustChangePassword: false },
  };
  const batchId = await startBatch(db, current, {
    title: 'Bench report',
    periodStart: new Date('2026-06-01'),
    periodEnd: new Date('2026-11-27'),
  });
  const t0 = performance.now();
  await runBatch(db, current, batchId);
  const drafted = await db.progressNote.count({ where: { batchId } });
  const ms = performance.now() - t0;
  noteExtra('drafting a caseload of notes', kind, `${drafted} in ${fmt(Math.round(ms))} ms (${(ms / drafted).toFixed(1)} ms each)`);
}
