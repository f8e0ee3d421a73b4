// The home page: a therapist's day and week, counted from their own caseload only; a teacher's
// news from their own students only; "Mark all as seen"; admins still start at the student list.
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, today, weekStartOf } from '../../../src/calendar/dates.js';
import { caseloadOf, needsAttention } from '../../../src/features/dashboard/dashboard.service.js';
import type { CurrentUser } from '../../../src/access/current-user.js';
import { makeGoal, makeProgressNote, makeSchool, makeSessionLog, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
const day = today(t.config.timeZone);
const ago = (n: number) => addDays(day, -n);

let ot: { id: number; email: string };
let ota: { id: number; email: string };
let otherOt: { id: number; email: string };
let teacher: { id: number; email: string };
let otherTeacher: { id: number; email: string };
const ids = { minutes: 0, behind: 0, unseen: 0, stranger: 0, belowGoal: 0, quietGoal: 0, evaluation: 0, concern: 0 };

beforeAll(async () => {
  const school = await makeSchool(t.db);
  ot = await user(t.db, 'therapist', { name: 'Olive Therapist' });
  ota = await user(t.db, 'therapist', { name: 'Ada Assistant' });
  await t.db.user.update({ where: { id: ota.id }, data: { assistant: true } });
  otherOt = await user(t.db, 'therapist', { name: 'Oscar Other' });
  teacher = await user(t.db, 'teacher', { name: 'Tess Teacher' });
  otherTeacher = await user(t.db, 'teacher', { name: 'Theo Teacher' });
  await t.db.user.update({ where: { id: ot.id }, data: { hoursPerWeek: 37.5 } });

  // Ava: behind on minutes, a goal below its aim line, an annual review due soon.
  const ava = await makeStudent(t.db, {
    schoolId: school.id,
    firstName: 'Ava',
    lastName: 'Martinez',
    therapistIds: [ot.id, ota.id],
    teacherIds: [teacher.id],
  });
  ids.behind = ava.id;
  await t.db.student.update({ where: { id: ava.id }, data: { annualReviewDue: addDays(day, 10), reevaluationDue: ago(5) } });
  const below = await makeGoal(t.db, {
    studentId: ava.id,
    area: 'scissors',
    statement: 'will cut along a curved line',
    baselineValue: 20,
    baselineDate: ago(60),
    startDate: ago(60),
    targetValue: 80,
    targetDate: addDays(day, 120),
  });
  ids.belowGoal = below.id;
  for (const n of [21, 14, 7, 3]) {
    await makeSessionLog(t.db, {
      providerId: ot.id,
      date: ago(n),
      minutes: 30,
      students: [{ studentId: ava.id, dataPoints: [{ goalId: below.id, value: 10 }] }],
    });
  }
  // Ben: active, no session in weeks, a goal with no data.
  const ben = await makeStudent(t.db, { schoolId: school.id, firstName: 'Ben', lastName: 'Okafor', therapistIds: [ot.id] });
  ids.unseen = ben.id;
  ids.quietGoal = (await makeGoal(t.db, { studentId: ben.id, area: 'grasp', startDate: ago(60), baselineDate: ago(60) })).id;
  // Cleo: being evaluated, the evaluation overdue.
  const cleo = await makeStudent(t.db, {
    schoolId: school.id,
    firstName: 'Cleo',
    lastName: 'Nguyen',
    status: 'evaluating',
    therapistIds: [ot.id, ota.id],
  });
  ids.evaluation = (
    await t.db.evaluation.create({
      data: { studentId: cleo.id, consentDate: ago(70), dueDate: ago(10), dueRule: '60 calendar days', createdById: ot.id },
    })
  ).id;
  // Another OT's student, far behind and overdue everywhere: must never show.
  const stranger = await makeStudent(t.db, {
    schoolId: school.id,
    firstName: 'Zed',
    lastName: 'Strangerson',
    therapistIds: [otherOt.id],
    teacherIds: [otherTeacher.id],
  });
  ids.stranger = stranger.id;
  await t.db.student.update({ where: { id: stranger.id }, data: { annualReviewDue: ago(3) } });
  const strangerGoal = await makeGoal(t.db, {
    studentId: stranger.id,
    baselineDate: ago(60),
    startDate: ago(60),
    targetDate: addDays(day, 100),
  });
  for (const n of [20, 13, 6, 2]) {
    await makeSessionLog(t.db, {
      providerId: otherOt.id,
      date: ago(n),
      students: [{ studentId: stranger.id, dataPoints: [{ goalId: strangerGoal.id, value: 5 }] }],
    });
  }
  // A teacher's concern about Ava, and word on a strategy.
  ids.concern = (
    await t.db.concern.create({
      data: { teacherId: teacher.id, schoolId: school.id, studentId: ava.id, signs: 'pencil', example: 'Grips the pencil tightly.' },
    })
  ).id;
  const assignment = await t.db.studentStrategy.create({
    data: { studentId: ava.id, strategyKey: 'hw-raised-lines', assignedById: ot.id },
  });
  await t.db.strategyFeedback.create({
    data: { studentStrategyId: assignment.id, teacherId: teacher.id, tried: true, helped: 'not_sure', comment: 'Some days.' },
  });
  // Dev: 90 min a week, one 30-min session this week and one the therapist missed.
  const dev = await makeStudent(t.db, { schoolId: school.id, firstName: 'Dev', lastName: 'Minutes', therapistIds: [ot.id] });
  ids.minutes = dev.id;
  await t.db.serviceMandate.create({
    data: {
      studentId: dev.id,
      minutes: 90,
      period: 'week',
      delivery: 'pull_out',
      grouping: 'individual',
      startDate: ago(90),
      endDate: addDays(day, 200),
    },
  });
  await makeSessionLog(t.db, { providerId: ot.id, date: weekStartOf(day), minutes: 30, students: [{ studentId: dev.id }] });
  await makeSessionLog(t.db, {
    providerId: ot.id,
    date: weekStartOf(day),
    startTime: '13:00',
    minutes: 30,
    students: [{ studentId: dev.id, attendance: 'therapist_absent' }],
  });
  // Zed, the other OT's student, is far behind on his minutes.
  await t.db.serviceMandate.create({
    data: {
      studentId: stranger.id,
      minutes: 300,
      period: 'week',
      delivery: 'pull_out',
      grouping: 'individual',
      startDate: ago(90),
      endDate: addDays(day, 200),
    },
  });
  // Indirect time this week.
  await t.db.indirectTime.create({ data: { providerId: ot.id, date: day, minutes: 45, activity: 'documentation' } });
});

const home = async (who: { email: string }) => {
  const s = await signedIn(t.app, who.email);
  const res = await s.agent.get('/');
  return { s, res };
};

describe("a therapist's home page", () => {
  it('shows their own caseload, counted: due dates, attention, news and the week', async () => {
    const { res } = await home(ot);
    expect(res.status).toBe(200);
    const page = res.text;
    expect(page).toMatch(/<h2 id="due-title">Due soon and overdue<\/h2>/);
    // Overdue first (the evaluation 10 days, the re-evaluation 5 days), then the review in 10 days.
    const order = ['Evaluation: Cleo Nguyen', 'Re-evaluation: Ava Martinez', 'Annual review: Ava Martinez'].map((s) => page.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(page).toContain('Overdue by 10 days');
    // Each date's state as a badge, in the student page's words.
    expect(page).toContain('<span class="badge badge--behind">Due soon, in 10 days</span>');
    expect(page).toContain('in 10 days');
    expect(page).toContain(`href="/evaluations/${ids.evaluation}"`);
    // Needs attention.
    expect(page).toContain(`href="/goals/${ids.belowGoal}"`);
    expect(page).toContain(`href="/goals/${ids.quietGoal}"`);
    expect(page).toMatch(new RegExp(`Not seen in the last 14 days[\\s\\S]*href="/students/${ids.unseen}"`));
    // New: the concern and the strategy word, in words (never "not_sure").
    expect(page).toContain(`href="/concerns/${ids.concern}"`);
    expect(page).toContain('New concern from Tess Teacher about Ava M.');
    expect(page).toContain('helped: not sure');
    expect(page).not.toContain('not_sure');
    // The week: 4 sessions × 30 min may fall partly last week; indirect 45 min is today.
    expect(page).toMatch(/<dt>Indirect<\/dt><dd>45 min<\/dd>/);
    expect(page).toMatch(/ h of 37.5 h/);
    expect(page).toContain('href="/time"');
  });

  it('counts minutes against the mandate, and the make-ups owed by cause', async () => {
    const { res } = await home(ot);
    const page = res.text;
    const row = new RegExp(
      `<th scope="row"><a href="/students/${ids.minutes}#mandates">Dev Minutes</a></th>\\s*<td data-label="Service">Direct, this week</td>\\s*<td class="number" data-label="Given this period">30 min</td>`,
    );
    expect(page).toMatch(row);
    // Given and due apart, each with its unit, and the state as a badge in words.
    expect(page).toMatch(
      new RegExp(
        `Dev Minutes</a></th>[\\s\\S]*?data-label="Due so far this period">\\d+ min</td>\\s*<td data-label="This period"><span class="badge badge--(behind|on-track)">(\\d+ min (behind|ahead)|On track)</span>`,
      ),
    );
    expect(page).not.toMatch(/\d of [\d,]+ min/);
    expect(page).toMatch(
      /Caseload, direct service, school year to date<\/th><td class="number" data-label="Given this school year">30 min<\/td><td class="number" data-label="Due this school year">[\d,]+ min<\/td>/,
    );
    // Students with no mandate are listed after, briefly.
    expect(page).toMatch(new RegExp(`No minutes in force:[\\s\\S]*href="/students/${ids.unseen}#mandates"`));
    // Make-ups: the therapist's absence must be made up (the district's default rule).
    expect(page).toMatch(
      /<th scope="row">Therapist absent or pulled away<\/th>\s*<td class="number" data-label="Missed">30 min[\s\S]*?<td class="number" data-label="Owed">30 min<\/td>\s*<td data-label="Must be made up">Yes<\/td>/,
    );
    expect(page).toContain(`<a href="/students/${ids.minutes}#mandates">Dev Minutes</a> <span class="nowrap">(30 min)</span>`);
  });

  it("never shows another OT's students", async () => {
    const { res } = await home(ot);
    expect(res.text).not.toContain('Strangerson');
    expect(res.text).not.toContain(`/students/${ids.stranger}`);
    const other = await home(otherOt);
    expect(other.res.status).toBe(200);
    expect(other.res.text).toContain('Strangerson');
    expect(other.res.text).not.toContain('Martinez');
    expect(other.res.text).not.toContain('Tess Teacher');
  });

  it('gives an assistant no concerns or evaluations to open, and says when hours are not set', async () => {
    const { res } = await home(ota);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('/concerns/');
    expect(res.text).not.toContain('/evaluations/');
    expect(res.text).toContain('Evaluation: Cleo Nguyen');
    expect(res.text).toContain('Hours not set: ask your admin');
    expect(res.text).not.toContain('Waiting for your co-signature');
  });

  it('lists assistants’ sessions waiting for the supervising OT’s co-signature', async () => {
    const session = await makeSessionLog(t.db, {
      providerId: ota.id,
      supervisorId: ot.id,
      date: ago(1),
      students: [{ studentId: ids.behind }],
    });
    await t.db.sessionLog.update({
      where: { id: session.id },
      data: { signedAt: new Date(), signedById: ota.id, signedName: 'Ada Assistant' },
    });
    const { res } = await home(ot);
    expect(res.text).toContain('Waiting for your co-signature');
    expect(res.text).toContain(`href="/sessions/${session.id}"`);
    await t.db.sessionLog.update({ where: { id: session.id }, data: { cosignedAt: new Date() } });
  });

  it('clears what is new with "Mark all as seen", and shows what comes after', async () => {
    const { s, res } = await home(ot);
    expect(res.text).toContain('New concern from Tess Teacher');
    const seen = await s.agent.post('/home/seen').type('form').send({ _csrf: s.csrf });
    expect(seen.status).toBe(303);
    expect(seen.headers.location).toBe('/');
    const after = await s.agent.get('/');
    expect(after.text).not.toContain('New concern from Tess Teacher');
    expect(after.text).toContain('Nothing new.');
    expect(after.text).not.toContain('action="/home/seen"');
    // A reply from the teacher afterwards is new again.
    await new Promise((r) => setTimeout(r, 5));
    await t.db.concernMessage.create({ data: { concernId: ids.concern, authorId: teacher.id, body: 'It is getting worse.' } });
    const again = await s.agent.get('/');
    expect(again.text).toContain('New message from Tess Teacher about Ava M.');
  });

  it('refuses "Mark all as seen" without the form token', async () => {
    const s = await signedIn(t.app, otherOt.email);
    const res = await s.agent.post('/home/seen').type('form').send({});
    expect(res.status).toBe(403);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: otherOt.id } })).newSeenAt).toBeNull();
  });
});

describe("concerns on a therapist's Home", () => {
  it("are their students' and, at their schools, those about a new student or one no OT serves; never another OT's or another school's", async () => {
    const mySchool = await makeSchool(t.db);
    const elsewhere = await makeSchool(t.db);
    const me = await user(t.db, 'therapist', { name: 'Cora Concerns' });
    const colleague = await user(t.db, 'therapist', { name: 'Carl Colleague' });
    await t.db.schoolTherapist.create({ data: { schoolId: mySchool.id, userId: me.id } });
    const noticer = await user(t.db, 'teacher', { name: 'Nell Noticer' });
    // Mine at a school I am not assigned to is still mine; a colleague's at my school is not.
    const mine = await makeStudent(t.db, { schoolId: elsewhere.id, firstName: 'Mira', lastName: 'Mine', therapistIds: [me.id] });
    const theirs = await makeStudent(t.db, { schoolId: mySchool.id, firstName: 'Theo', lastName: 'Theirs', therapistIds: [colleague.id] });
    const unserved = await makeStudent(t.db, { schoolId: mySchool.id, firstName: 'Uma', lastName: 'Unserved' });
    const unservedElsewhere = await makeStudent(t.db, { schoolId: elsewhere.id, firstName: 'Eli', lastName: 'Elsewhere' });
    const raise = (schoolId: number, about: { studentId: number } | { studentName: string }) =>
      t.db.concern.create({ data: { teacherId: noticer.id, schoolId, signs: 'pencil', example: 'Grips the pencil tightly.', ...about } });
    const shown = [
      await raise(elsewhere.id, { studentId: mine.id }),
      await raise(mySchool.id, { studentId: unserved.id }),
      await raise(mySchool.id, { studentName: 'Nora New' }),
    ];
    const hidden = [
      await raise(mySchool.id, { studentId: theirs.id }),
      await raise(elsewhere.id, { studentId: unservedElsewhere.id }),
      await raise(elsewhere.id, { studentName: 'Ned Newcomer' }),
    ];
    const s = await signedIn(t.app, me.email);
    const page = (await s.agent.get('/')).text;
    for (const c of shown) expect(page).toContain(`href="/concerns/${c.id}"`);
    for (const c of hidden) expect(page).not.toContain(`href="/concerns/${c.id}"`);
    expect(page).toContain('New concern from Nell Noticer about Nora New');
    expect(page).toContain('New concern from Nell Noticer about Mira M.');
    // The concerns' own pages agree: each one shown opens, each one hidden is not found.
    for (const c of shown) expect((await s.agent.get(`/concerns/${c.id}`)).status).toBe(200);
    for (const c of hidden) expect((await s.agent.get(`/concerns/${c.id}`)).status).toBe(404);

    // Once seen, only a message from someone else makes one new again, shown with its writer.
    await s.agent.post('/home/seen').type('form').send({ _csrf: s.csrf });
    await new Promise((r) => setTimeout(r, 5));
    await t.db.concernMessage.create({ data: { concernId: shown[0]!.id, authorId: me.id, body: 'I will watch in class.' } });
    await t.db.concernMessage.create({ data: { concernId: hidden[0]!.id, authorId: noticer.id, body: 'Any news?' } });
    expect((await s.agent.get('/')).text).toContain('Nothing new.');
    await t.db.concernMessage.create({ data: { concernId: shown[0]!.id, authorId: noticer.id, body: 'Thank you.' } });
    const raisedSince = await raise(mySchool.id, { studentName: 'Pia Pending' });
    const again = (await s.agent.get('/')).text;
    expect(again).toContain('New message from Nell Noticer about Mira M.');
    expect(again).toContain('New concern from Nell Noticer about Pia Pending');
    expect(again).toContain(`href="/concerns/${raisedSince.id}"`);
    expect(again).not.toContain(`href="/concerns/${shown[1]!.id}"`);
    expect(again).not.toContain(`href="/concerns/${hidden[0]!.id}"`);

    // The colleague sees the concern about their own student, and none of the others.
    const theirHome = (await (await signedIn(t.app, colleague.email)).agent.get('/')).text;
    expect(theirHome).toContain(`href="/concerns/${hidden[0]!.id}"`);
    for (const c of [...shown, raisedSince]) expect(theirHome).not.toContain(`href="/concerns/${c.id}"`);
  });
});

describe("a teacher's home page", () => {
  it('shows notes shared about their own students only, and never goals, sessions or minutes', async () => {
    await makeProgressNote(t.db, {
      studentId: ids.behind,
      createdById: ot.id,
      title: 'Fall report for Ava',
      status: 'final',
      sharedAt: new Date(),
    });
    await makeProgressNote(t.db, { studentId: ids.behind, createdById: ot.id, title: 'Draft not shared', status: 'draft' });
    await makeProgressNote(t.db, { studentId: ids.behind, createdById: ot.id, title: 'Final not shared', status: 'final' });
    await makeProgressNote(t.db, {
      studentId: ids.stranger,
      createdById: otherOt.id,
      title: 'Zed report',
      status: 'final',
      sharedAt: new Date(),
    });
    const { s, res } = await home(teacher);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Fall report for Ava');
    expect(res.text).not.toContain('Draft not shared');
    expect(res.text).not.toContain('Final not shared');
    expect(res.text).not.toContain('Zed report');
    expect(res.text).toContain('Paper with raised or bold lines');
    expect(res.text).toContain(`href="/students/${ids.behind}"`);
    expect(res.text).not.toContain('/goals/');
    expect(res.text).not.toContain('/sessions/');
    expect(res.text).not.toMatch(/\d min\b/);
    // Marked seen, the note is no longer new.
    await s.agent.post('/home/seen').type('form').send({ _csrf: s.csrf });
    const after = await s.agent.get('/');
    expect(after.text).not.toContain('Fall report for Ava');
    expect(after.text).toContain('Nothing new.');
  });

  it('shows answers to their concerns from others, not their own messages', async () => {
    const { s } = await home(teacher);
    await s.agent.post('/home/seen').type('form').send({ _csrf: s.csrf });
    await new Promise((r) => setTimeout(r, 5));
    await t.db.concernMessage.create({ data: { concernId: ids.concern, authorId: teacher.id, body: 'Mine.' } });
    expect((await s.agent.get('/')).text).toContain('Nothing new.');
    await t.db.concernMessage.create({ data: { concernId: ids.concern, authorId: ot.id, body: 'I will come and see.' } });
    const page = await s.agent.get('/');
    expect(page.text).toContain('<bdi>Olive Therapist</bdi> wrote about <bdi>Ava M.</bdi>');
    expect(page.text).toContain(`href="/concerns/${ids.concern}"`);
    // The other teacher sees none of it.
    const other = await home(otherTeacher);
    expect(other.res.text).not.toContain('Olive Therapist');
    expect(other.res.text).not.toContain('Martinez');
  });
});

describe('the start page for an admin', () => {
  it('is still the student list', async () => {
    const admin = await user(t.db, 'admin');
    const { res } = await home(admin);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/students');
  });
});

describe('the menu', () => {
  it('has Home first, current on the start page only', async () => {
    const { s, res } = await home(ot);
    expect(res.text).toMatch(
      /<nav class="site-nav" aria-label="Main">\s*<ul class="nav-row">\s*<li><a href="\/" aria-current="page">Home<\/a><\/li>/,
    );
    const list = await s.agent.get('/students');
    expect(list.text).toContain('<li><a href="/">Home</a></li>');
  });
});

describe('a goal below its aim line on Home', () => {
  it('is judged on its last four points that count: not an older one, nor one from a voided session', async () => {
    const school = await makeSchool(t.db);
    const me = await user(t.db, 'therapist', { name: 'Aim Line' });
    const student = await makeStudent(t.db, { schoolId: school.id, firstName: 'Dana', lastName: 'Aim', therapistIds: [me.id] });
    const goalFrom = (statement: string) =>
      makeGoal(t.db, {
        studentId: student.id,
        statement,
        baselineValue: 20,
        baselineDate: ago(90),
        startDate: ago(90),
        targetValue: 80,
        targetDate: addDays(day, 90),
      });
    const log = async (goalId: number, daysAgo: number, value: number, voided = false) => {
      const session = await makeSessionLog(t.db, {
        providerId: me.id,
        date: ago(daysAgo),
        minutes: 30,
        startTime: `0${daysAgo % 10}:00`,
        students: [{ studentId: student.id, dataPoints: [{ goalId, value }] }],
      });
      if (voided) await t.db.sessionLog.update({ where: { id: session.id }, data: { voidedAt: new Date(), voidReason: 'Logged twice' } });
    };
    // Well above the line long ago, then four points far below it: below the aim line.
    const slipping = await goalFrom('will cut on a line');
    for (const [n, v] of [
      [60, 95],
      [50, 95],
      [40, 10],
      [30, 10],
      [20, 10],
      [10, 10],
    ] as const)
      await log(slipping.id, n, v);
    // Four points below, then one above in a session voided since: still below.
    const voided = await goalFrom('will copy a sentence');
    for (const [n, v] of [
      [41, 10],
      [31, 10],
      [21, 10],
      [11, 10],
    ] as const)
      await log(voided.id, n, v);
    await log(voided.id, 2, 95, true);
    // Three points below, the fourth above: not below.
    const mixed = await goalFrom('will button a coat');
    for (const [n, v] of [
      [42, 10],
      [32, 10],
      [22, 10],
      [12, 95],
    ] as const)
      await log(mixed.id, n, v);
    const caseload = await caseloadOf(t.db, { id: me.id, role: 'therapist' } as CurrentUser);
    const attention = await needsAttention(t.db, caseload, day, { noDataWeeks: 3, notSeenDays: 14 });
    expect(attention.belowAim.map((g) => g.id).sort()).toEqual([slipping.id, voided.id].sort());
    // The last day with data is the last that counts.
    expect(attention.belowAim.find((g) => g.id === voided.id)?.lastData).toEqual(ago(11));
  });
});
