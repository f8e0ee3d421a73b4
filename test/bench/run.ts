// npm run bench: builds a district-sized database (5,000 students, 600 staff, 200,000 audit
// entries) and measures the slice's pages over HTTP with autocannon on loopback.
import { mkdtempSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createDb } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrations.js';
import { hashPassword } from '../../src/features/auth/passwords.js';

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
    ...Array.from({ length: THERAPISTS }, (_, i) => ({ email: `ot${i}@bench.example`, name: `Therapist ${i}`, role: 'therapist' as const, passwordHash })),
    ...Array.from({ length: TEACHERS }, (_, i) => ({ email: `teacher${i}@bench.example`, name: `Teacher ${i}`, role: 'teacher' as const, passwordHash })),
  ],
});
const first = ['Ava', 'Ben', 'Cleo', 'Dev', 'Eli', 'Fay', 'Gus', 'Hana', 'Ian', 'Jo', 'Kai', 'Lea', 'Max', 'Nia', 'Oli'];
const last = ['Adams', 'Brown', 'Chen', 'Diaz', 'Evans', 'Ford', 'Garcia', 'Hill', 'Ito', 'Jones', 'Khan', 'Lopez', 'Moore'];
await db.student.createMany({
  data: Array.from({ length: STUDENTS }, (_, i) => {
    const firstName = `${first[i % first.length]}${i}`;
    const lastName = last[i % last.length] ?? 'Smith';
    return { firstName, lastName, searchName: `${firstName} ${lastName}`.toLowerCase(), gradeLevel: (i % 15) - 1, schoolId: (i % SCHOOLS) + 1 };
  }),
});
// Each therapist serves 50 students; each student has two teachers.
await db.studentTherapist.createMany({ data: Array.from({ length: STUDENTS }, (_, i) => ({ studentId: i + 1, userId: 2 + (i % THERAPISTS) })) });
await db.studentTeacher.createMany({
  data: Array.from({ length: STUDENTS }, (_, i) => [
    { studentId: i + 1, userId: 2 + THERAPISTS + (i % TEACHERS) },
    { studentId: i + 1, userId: 2 + THERAPISTS + ((i + 7) % TEACHERS) },
  ]).flat(),
});
for (let done = 0; done < AUDIT; done += 10_000) {
  await db.auditEvent.createMany({
    data: Array.from({ length: 10_000 }, (_, i) => ({
      action: 'student.view',
      actorId: 2 + ((done + i) % THERAPISTS),
      studentId: ((done + i) % STUDENTS) + 1,
      at: new Date(Date.now() - (done + i) * 60_000),
    })),
  });
}
console.log(`Built the district in ${Math.round(performance.now() - t0)} ms; database ${(statSync(file).size / 1e6).toFixed(1)} MB`);

const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, SESSION_SECRET: 'bench-secret-bench-secret-bench-secret' });
const { app } = createApp({ config, db });
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function cookieFor(email: string): Promise<string> {
  const page = await fetch(`${base}/sign-in`);
  const cookie = page.headers.get('set-cookie')?.split(';')[0] ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email, password: PASSWORD }),
  });
  return res.headers.get('set-cookie')?.split(';')[0] ?? '';
}

const therapist = await cookieFor('ot7@bench.example');
const admin = await cookieFor('admin@bench.example');
const cases: [string, string, string][] = [
  ['therapist: caseload list', '/students', therapist],
  ['therapist: live search (htmx fragment)', '/students?q=ava', therapist],
  ['therapist: student page', '/students/8', therapist],
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
  console.log(name.padEnd(42), String(Math.round(result.requests.average)).padStart(7), String(result.latency.p50).padStart(6), String(result.latency.p99).padStart(6));
}

server.close();
await db.$disconnect();
