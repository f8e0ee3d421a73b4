// npm run bench:roster: a 5,000-student roster file from a district's information system,
// checked (the preview), imported all at once, then imported again unchanged, and then with one
// in ten students changed (grade, team, minutes). Prints how long each step takes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { createDb } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrations.js';
import { hashPassword } from '../../src/features/auth/passwords.js';
import { applyPlan, planRoster } from '../../src/features/roster/roster.service.js';

const STUDENTS = 5_000;
const SCHOOLS = 40;
const THERAPISTS = 80;
const TEACHERS = 400;

const dir = mkdtempSync(join(tmpdir(), 'tandem-roster-bench-'));
const url = `file:${join(dir, 'bench.db')}`;
await applyMigrations(url);
const db = createDb(url);
const passwordHash = await hashPassword('bench password for a roster import');
await db.school.createMany({ data: Array.from({ length: SCHOOLS }, (_, i) => ({ name: `School ${i + 1}` })) });
const admin = await db.user.create({ data: { email: 'admin@bench.example', name: 'Bench Admin', role: 'admin', passwordHash } });
await db.user.createMany({
  data: Array.from({ length: THERAPISTS }, (_, i) => ({
    email: `ot${i}@bench.example`,
    name: `Therapist ${i}`,
    role: 'therapist' as const,
    passwordHash,
  })),
});

const first = ['Ava', 'Ben', 'Cleo', 'Dev', 'Eli', 'Fay', 'Gus', 'Hana', 'Ian', 'Jo', 'Kai', 'Lea', 'Max', 'Nia', 'Oli'];
const last = ['Adams', 'Brown', 'Chen', 'Diaz', 'Evans', 'Ford', 'Garcia', 'Hill', 'Ito', 'Jones', 'Khan', 'Lopez', 'Moore'];
const roster = (changed: (i: number) => boolean) =>
  stringify([
    [
      'Student_Number',
      'First_Name',
      'Last_Name',
      'School',
      'Grade_Level',
      'DOB',
      'Plan',
      'OT Minutes',
      'Per',
      'Service start',
      'Service end',
      'Teacher email',
      'Therapist email',
    ],
    ...Array.from({ length: STUDENTS }, (_, i) => [
      String(300_000 + i),
      `${first[i % first.length]}`,
      `${last[i % last.length]}-${i}`,
      `School ${(i % SCHOOLS) + 1}`,
      String(((i + (changed(i) ? 1 : 0)) % 12) + 1),
      `${(i % 12) + 1}/${(i % 27) + 1}/20${12 + (i % 8)}`,
      i % 9 === 0 ? '504' : 'IEP',
      String(changed(i) ? 120 : 90),
      'month',
      '2026-09-08',
      '2027-09-07',
      `teacher${(i + (changed(i) ? 7 : 0)) % TEACHERS}@bench.example`,
      `ot${i % THERAPISTS}@bench.example`,
    ]),
  ]);

const caller = { user: { id: admin.id, email: admin.email, role: 'admin' as const, name: admin.name, assistant: false }, ip: null };
async function step(name: string, text: string, importId: number) {
  let t0 = performance.now();
  const plan = await planRoster(db, text, 'America/New_York');
  const planned = performance.now() - t0;
  t0 = performance.now();
  let reports = 0;
  const summary = await db.$transaction((tx) => applyPlan(tx, caller as never, importId, plan, () => reports++), { timeout: 300_000 });
  const applied = performance.now() - t0;
  console.log(
    `${name}: preview ${planned.toFixed(0)} ms, import ${applied.toFixed(0)} ms (${reports} progress reports) — ` +
      `${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.teachersCreated} teacher accounts made`,
  );
}
const file = roster(() => false);
console.log(`A ${STUDENTS.toLocaleString('en-US')}-student roster: ${(Buffer.byteLength(file) / 1024).toFixed(0)} kB`);
await step('first import', file, 1);
await step('same file again', file, 2);
await step(
  'one in ten changed',
  roster((i) => i % 10 === 0),
  3,
);
await db.$disconnect();
