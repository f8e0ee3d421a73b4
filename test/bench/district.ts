// The bench's district, built the same on SQLite and PostgreSQL: schools, staff, students, goals
// and mandates through Prisma's createMany (the app's own client), then the bulk rows (sessions,
// data points, audit entries) straight into the database: on SQLite through better-sqlite3
// prepared statements in one transaction, on PostgreSQL as set-based SQL (generate_series) through
// `pg`. Both write the same rows with the same ids, and dates as Prisma writes them.
// The calendar is the present one: the weekly sessions run up to this week, and those older than
// two weeks are signed (a therapist signs daily), so only the last two weeks wait for a signature.
import Database from 'better-sqlite3';
import pg from 'pg';
import { addDays, addYears, today, weekStartOf } from '../../src/calendar/dates.js';
import type { Db } from '../../src/db/client.js';
import { isPostgres } from '../../src/db/paths.js';
import { createDraft } from '../../src/features/notes/notes.service.js';

export const PASSWORD = 'bench password for a big district';

/** The district's size, from BENCH_STUDENTS (default 5,000): everything else scales with it. */
export function districtSize(students = Number(process.env.BENCH_STUDENTS) || 5_000) {
  const therapists = Math.max(1, Math.round(students / 50)); // 50 students a therapist
  // The therapist the pages are measured for: ot7 in the full district (user 9, students 8, 108, ...).
  const ot = Math.min(7, therapists - 1);
  const caseloadOf = (index: number) =>
    Array.from({ length: Math.ceil((students - index) / therapists) }, (_, j) => index + 1 + j * therapists);
  // The therapist who logs the bench's group sessions: the next one, so that the measured OT's pages
  // do not grow with the saves (Home reads a school year of the caseload's sessions, and the menu
  // counts the OT's unsigned ones). With a single therapist, that one.
  const groupOt = (ot + 1) % therapists;
  return {
    students,
    schools: Math.max(1, Math.round((students * 60) / 5_000)),
    therapists,
    // At least 8: a student's second teacher is 7 places on from the first.
    teachers: Math.max(8, Math.round(students / 10)),
    audit: students * 40,
    goalsPerStudent: 2,
    sessionsPerStudent: 50,
    ot: { index: ot, userId: 2 + ot, email: `ot${ot}@bench.example`, name: `Therapist ${ot}`, students: caseloadOf(ot) },
    groupOt: { email: `ot${groupOt}@bench.example`, students: caseloadOf(groupOt) },
  };
}

/** The district's calendar: the Monday of the first weekly session (49 weeks before this week's), and the day sessions older than it are signed. */
export function calendar(sessionsPerStudent: number, now = today('UTC')) {
  return { firstDay: addDays(weekStartOf(now), -7 * (sessionsPerStudent - 1)), signedBefore: addDays(now, -14), today: now };
}
export type District = ReturnType<typeof districtSize>;

/** Builds the district; returns the draft progress note of the measured therapist's first student (the note editor's page). */
export async function buildDistrict(db: Db, url: string, size: District, passwordHash: string): Promise<{ noteId: number }> {
  const { students: STUDENTS, schools: SCHOOLS, therapists: THERAPISTS, teachers: TEACHERS } = size;
  const { firstDay, today: now } = calendar(size.sessionsPerStudent);
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
      baselineDate: addDays(firstDay, -7),
      targetCriterion: '8 of 10 on 3 of 4 tries',
      targetValue: 80,
      startDate: addDays(firstDay, -7),
      targetDate: addYears(firstDay, 1),
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
      startDate: addDays(firstDay, -7),
      endDate: addYears(firstDay, 2),
    })),
  });
  await db.progressReportDate.createMany({
    data: Array.from({ length: STUDENTS }, (_, i) => ({ studentId: i + 1, dueOn: addDays(now, (i % 60) - 10) })),
  });
  // Each therapist is assigned to the schools of their students (where concerns about students
  // no OT serves yet go), and teachers raised a concern for one student in five over the last
  // year: most about a student on a caseload, one in ten about a student not yet in Tandem, each
  // answered by the OT. So Home's "new since you last looked" reads a district's history of them.
  await db.schoolTherapist.createMany({
    data: [...new Set(Array.from({ length: STUDENTS }, (_, i) => `${(i % SCHOOLS) + 1}:${2 + (i % THERAPISTS)}`))].map((pair) => {
      const [schoolId = 1, userId = 2] = pair.split(':').map(Number);
      return { schoolId, userId };
    }),
  });
  const concerns = Array.from({ length: Math.floor(STUDENTS / 5) }, (_, n) => {
    // Spread over the district: about ten concerns for each therapist's students.
    const i = (n * 7) % STUDENTS;
    const raised = addDays(now, -Math.floor((n * 365) / Math.max(1, STUDENTS / 5)) - 1);
    return {
      teacherId: 2 + THERAPISTS + (i % TEACHERS),
      schoolId: (i % SCHOOLS) + 1,
      studentId: n % 10 === 9 ? null : i + 1,
      studentName: n % 10 === 9 ? `New student ${n}` : null,
      signs: 'pencil,writing',
      example: 'Copying from the board takes twice as long as the others and is hard to read.',
      status: n < 20 ? ('open' as const) : ('closed' as const),
      createdAt: raised,
      updatedAt: addDays(raised, 1),
    };
  });
  await db.concern.createMany({ data: concerns });
  await db.concernMessage.createMany({
    data: concerns.map((c, n) => ({
      concernId: n + 1,
      authorId: 2 + (((c.studentId ?? c.schoolId) - 1) % THERAPISTS),
      body: 'Thank you. I will watch in class this week and let you know.',
      createdAt: addDays(c.createdAt, 1),
    })),
  });
  // The measured therapist's week: a slot for each student, spread over the days (the home page's schedule).
  for (const [i, studentId] of size.ot.students.entries()) {
    await db.scheduleSlot.create({
      data: {
        providerId: size.ot.userId,
        weekday: 1 + (i % 5),
        startTime: `${String(8 + (Math.floor(i / 5) % 8)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`,
        minutes: 30,
        serviceType: 'individual',
        fromDate: addDays(firstDay, -7),
        toDate: addYears(firstDay, 2),
        students: { create: { studentId } },
      },
    });
  }
  if (isPostgres(url)) await bulkPostgres(url, size);
  else bulkSqlite(url, size);
  // A draft progress note for the therapist's first student, written from the data as the app does.
  const user = {
    id: size.ot.userId,
    email: size.ot.email,
    name: size.ot.name,
    role: 'therapist' as const,
    assistant: false,
    mustChangePassword: false,
  };
  const noteId = await createDraft(db, { user }, size.ot.students[0] ?? 1, {
    title: 'Progress report',
    periodStart: firstDay,
    periodEnd: now,
  });
  return { noteId };
}

// The bulk rows, the same on both databases: session n (0-based) is week floor(n / students) for
// student (n % students) + 1, with that student's therapist; one session in 40 is voided (entered
// in error: every sum and list filters it out, sessions/counts.ts); one student row in 17 is an
// absence; a data point per goal; a session older than two weeks is signed by its therapist at 17:00
// on its day (as the app signs: time, name, credential); audit entry n is n minutes before now.

function bulkSqlite(url: string, size: District) {
  const { students: STUDENTS, therapists: THERAPISTS, goalsPerStudent: GOALS } = size;
  const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
  const { firstDay, signedBefore } = calendar(size.sessionsPerStudent);
  const raw = new Database(url.replace(/^file:/, ''));
  raw.pragma('journal_mode = WAL');
  const now = iso(Date.now());
  const addSession = raw.prepare(
    'INSERT INTO SessionLog (id, providerId, date, startTime, minutes, serviceType, activities, createdAt, voidedAt, voidReason, ' +
      'signedAt, signedById, signedName, signedCredential) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const addRow = raw.prepare('INSERT INTO SessionStudent (id, sessionId, studentId, attendance, note) VALUES (?, ?, ?, ?, ?)');
  const addPoint = raw.prepare('INSERT INTO DataPoint (id, goalId, sessionStudentId, date, value) VALUES (?, ?, ?, ?, ?)');
  const addAudit = raw.prepare('INSERT INTO AuditEvent (id, at, actorId, action, studentId) VALUES (?, ?, ?, ?, ?)');
  raw.transaction(() => {
    for (let n = 0; n < STUDENTS * size.sessionsPerStudent; n++) {
      const day = addDays(firstDay, Math.floor(n / STUDENTS) * 7);
      const date = iso(day.getTime());
      const [voidedAt, reason] = n % 40 === 39 ? [now, 'Logged twice'] : [null, null];
      const therapist = (n % STUDENTS) % THERAPISTS;
      const signed =
        day < signedBefore
          ? [iso(day.getTime() + 17 * 3_600_000), 2 + therapist, `Therapist ${therapist}`, 'OTR/L']
          : [null, null, null, null];
      addSession.run(n + 1, 2 + therapist, date, '09:00', 30, 'individual', '', now, voidedAt, reason, ...signed);
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
    const { firstDay, signedBefore } = calendar(size.sessionsPerStudent);
    const day = `(timestamp '${firstDay.toISOString().slice(0, 10)}' + (n / ${S}) * interval '7 days')`;
    const old = `${day} < timestamp '${signedBefore.toISOString().slice(0, 10)}'`;
    await client.query('BEGIN');
    await client.query('SET LOCAL synchronous_commit = off');
    await client.query(
      `INSERT INTO "SessionLog" (id, "providerId", date, "startTime", minutes, "serviceType", activities, "createdAt", "updatedAt", "voidedAt", "voidReason",
                                 "signedAt", "signedById", "signedName", "signedCredential")
       SELECT n + 1, 2 + (n % ${S}) % ${T}, ${day}, '09:00', 30, 'individual'::"ServiceType", '', $1::timestamp(3), $1::timestamp(3),
              CASE WHEN n % 40 = 39 THEN $1::timestamp(3) END, CASE WHEN n % 40 = 39 THEN 'Logged twice' END,
              CASE WHEN ${old} THEN ${day} + interval '17 hours' END, CASE WHEN ${old} THEN 2 + (n % ${S}) % ${T} END,
              CASE WHEN ${old} THEN 'Therapist ' || ((n % ${S}) % ${T}) END, CASE WHEN ${old} THEN 'OTR/L' END
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

/** A fresh PostgreSQL database for the bench, `tandem_bench_<pid>_<suffix>`, on the server `serverUrl` points to (any database there). */
export async function createPostgresDatabase(serverUrl: string, suffix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tandem_bench_${process.pid}_${suffix}`;
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
