// The bench's district, built the same on SQLite and PostgreSQL: schools, staff, students, goals
// and mandates through Prisma's createMany (the app's own client), then the bulk rows (sessions,
// data points, audit entries) straight into the database: on SQLite through better-sqlite3
// prepared statements in one transaction, on PostgreSQL as set-based SQL (generate_series) through
// `pg`. Both write the same rows with the same ids, and dates as Prisma writes them.
import Database from 'better-sqlite3';
import pg from 'pg';
import { addDays } from '../../src/calendar/dates.js';
import type { Db } from '../../src/db/client.js';
import { isPostgres } from '../../src/db/paths.js';

export const PASSWORD = 'bench password for a big district';

/** The district's size, from BENCH_STUDENTS (default 5,000): everything else scales with it. */
export function districtSize(students = Number(process.env.BENCH_STUDENTS) || 5_000) {
  const therapists = Math.max(1, Math.round(students / 50)); // 50 students a therapist
  // The therapist the pages are measured for: ot7 in the full district (user 9, students 8, 108, ...).
  const ot = Math.min(7, therapists - 1);
  const caseload = Array.from({ length: Math.ceil((students - ot) / therapists) }, (_, j) => ot + 1 + j * therapists);
  return {
    students,
    schools: Math.max(1, Math.round((students * 60) / 5_000)),
    therapists,
    // At least 8: a student's second teacher is 7 places on from the first.
    teachers: Math.max(8, Math.round(students / 10)),
    audit: students * 40,
    goalsPerStudent: 2,
    sessionsPerStudent: 50,
    ot: { index: ot, userId: 2 + ot, email: `ot${ot}@bench.example`, students: caseload },
  };
}
export type District = ReturnType<typeof districtSize>;

export async function buildDistrict(db: Db, url: string, size: District, passwordHash: string) {
  const { students: STUDENTS, schools: SCHOOLS, therapists: THERAPISTS, teachers: TEACHERS } = size;
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
  await db.goal.createMany({
    data: Array.from({ length: STUDENTS * size.goalsPerStudent }, (_, i) => ({
      studentId: Math.floor(i / size.goalsPerStudent) + 1,
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
  if (isPostgres(url)) await bulkPostgres(url, size);
  else bulkSqlite(url, size);
}

// The bulk rows, the same on both databases: session n (0-based) is week floor(n / students) for
// student (n % students) + 1, with that student's therapist; one session in 40 is voided (entered
// in error: every sum and list filters it out, sessions/counts.ts); one student row in 17 is an
// absence; a data point per goal; audit entry n is n minutes before now.

function bulkSqlite(url: string, size: District) {
  const { students: STUDENTS, therapists: THERAPISTS, goalsPerStudent: GOALS } = size;
  const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
  const firstDay = new Date('2025-12-01');
  const raw = new Database(url.replace(/^file:/, ''));
  raw.pragma('journal_mode = WAL');
  const now = iso(Date.now());
  const addSession = raw.prepare(
    'INSERT INTO SessionLog (id, providerId, date, startTime, minutes, serviceType, activities, createdAt, voidedAt, voidReason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const addRow = raw.prepare('INSERT INTO SessionStudent (id, sessionId, studentId, attendance, note) VALUES (?, ?, ?, ?, ?)');
  const addPoint = raw.prepare('INSERT INTO DataPoint (id, goalId, sessionStudentId, date, value) VALUES (?, ?, ?, ?, ?)');
  const addAudit = raw.prepare('INSERT INTO AuditEvent (id, at, actorId, action, studentId) VALUES (?, ?, ?, ?, ?)');
  raw.transaction(() => {
    for (let n = 0; n < STUDENTS * size.sessionsPerStudent; n++) {
      const date = iso(addDays(firstDay, Math.floor(n / STUDENTS) * 7).getTime());
      const [voidedAt, reason] = n % 40 === 39 ? [now, 'Logged twice'] : [null, null];
      addSession.run(n + 1, 2 + ((n % STUDENTS) % THERAPISTS), date, '09:00', 30, 'individual', '', now, voidedAt, reason);
      addRow.run(n + 1, n + 1, (n % STUDENTS) + 1, n % 17 === 0 ? 'student_absent' : 'attended', '');
      for (let g = 0; g < GOALS; g++) addPoint.run(n * GOALS + g + 1, (n % STUDENTS) * GOALS + g + 1, n + 1, date, 30 + (n % 50));
    }
    for (let n = 0; n < size.audit; n++)
      addAudit.run(n + 1, iso(Date.now() - n * 60_000), 2 + (n % THERAPISTS), 'student.view', (n % STUDENTS) + 1);
  })();
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
}

async function bulkPostgres(url: string, size: District) {
  const { students: S, therapists: T, goalsPerStudent: G } = size;
  const sessions = S * size.sessionsPerStudent;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Prisma keeps DateTime in timestamp(3) columns without a zone, as UTC: `now` is given as UTC text.
    const now = new Date().toISOString().slice(0, 23);
    const day = `(timestamp '2025-12-01' + (n / ${S}) * interval '7 days')`;
    await client.query('BEGIN');
    await client.query('SET LOCAL synchronous_commit = off');
    await client.query(
      `INSERT INTO "SessionLog" (id, "providerId", date, "startTime", minutes, "serviceType", activities, "createdAt", "updatedAt", "voidedAt", "voidReason")
       SELECT n + 1, 2 + (n % ${S}) % ${T}, ${day}, '09:00', 30, 'individual'::"ServiceType", '', $1::timestamp(3), $1::timestamp(3),
              CASE WHEN n % 40 = 39 THEN $1::timestamp(3) END, CASE WHEN n % 40 = 39 THEN 'Logged twice' END
       FROM generate_series(0, ${sessions - 1}) AS n`,
      [now],
    );
    await client.query(
      `INSERT INTO "SessionStudent" (id, "sessionId", "studentId", attendance, note)
       SELECT n + 1, n + 1, n % ${S} + 1,
              (CASE WHEN n % 17 = 0 THEN 'student_absent' ELSE 'attended' END)::"Attendance", ''
       FROM generate_series(0, ${sessions - 1}) AS n`,
    );
    await client.query(
      `INSERT INTO "DataPoint" (id, "goalId", "sessionStudentId", date, value)
       SELECT n * ${G} + g + 1, (n % ${S}) * ${G} + g + 1, n + 1, ${day}, (30 + n % 50)::double precision
       FROM generate_series(0, ${sessions - 1}) AS n CROSS JOIN generate_series(0, ${G - 1}) AS g
       ORDER BY n, g`,
    );
    await client.query(
      `INSERT INTO "AuditEvent" (id, at, "actorId", action, "studentId")
       SELECT n + 1, $1::timestamp(3) - n * interval '1 minute', 2 + n % ${T}, 'student.view', n % ${S} + 1
       FROM generate_series(0, ${size.audit - 1}) AS n`,
      [now],
    );
    // Rows were given their ids: the sequences carry on after them.
    for (const table of ['SessionLog', 'SessionStudent', 'DataPoint', 'AuditEvent']) {
      await client.query(`SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), (SELECT max(id) FROM "${table}"))`);
    }
    await client.query('COMMIT');
    // Statistics for the planner, and the visibility map set (as autovacuum would in time), so no
    // autovacuum runs during the measurements.
    await client.query('VACUUM (ANALYZE)');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

/** A fresh PostgreSQL database for the bench, `tandem_bench_<pid>`, on the server `serverUrl` points to (any database there). */
export async function createPostgresDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tandem_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
