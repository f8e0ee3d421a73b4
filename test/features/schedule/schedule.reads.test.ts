// The schedule's direct reads (schedule.reads.ts) give what Prisma's nested selects gave, row for
// row, on a schedule with the awkward cases: a student exited or off the caseload, a day moved
// into the range from outside it, changes outside the range, another therapist's slot with one of
// the same students and one without, a session logged and one voided.
import { afterAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar/dates.js';
import { makeSchool, makeSessionLog, makeStudent, makeUser } from '../../../src/db/factories.js';
import { loggedFor, otherSlotsWith, slotsOnSchedule } from '../../../src/features/schedule/schedule.reads.js';
import { freshDb } from '../../helpers/db.js';

const { db } = freshDb();
afterAll(() => db.$disconnect());

const monday = new Date('2026-11-02');
const friday = addDays(monday, 4);
const school = (await makeSchool(db, { name: 'Lincoln Elementary' })).id;
const other = (await makeSchool(db, { name: 'Maple Grove' })).id;
const ot = await makeUser(db, { role: 'therapist', name: 'Dana Ortiz' });
const colleague = await makeUser(db, { role: 'therapist', name: 'Sam Lee' });
const maya = (await makeStudent(db, { schoolId: school, firstName: 'Maya', therapistIds: [ot.id, colleague.id] })).id;
const leo = (await makeStudent(db, { schoolId: other, firstName: 'Leo', preferredName: 'Leo T', therapistIds: [ot.id] })).id;
const gone = (await makeStudent(db, { schoolId: school, firstName: 'Ivy', therapistIds: [ot.id], status: 'exited' })).id;
const notMine = (await makeStudent(db, { schoolId: school, firstName: 'Olive', therapistIds: [colleague.id] })).id;

const slot = (providerId: number, studentIds: number[], fields: { weekday?: number; fromDate?: Date; toDate?: Date } = {}) =>
  db.scheduleSlot.create({
    data: {
      providerId,
      weekday: fields.weekday ?? 2,
      startTime: '09:30',
      minutes: 30,
      serviceType: studentIds.length > 1 ? 'group' : 'individual',
      fromDate: fields.fromDate ?? addDays(monday, -28),
      toDate: fields.toDate ?? addDays(monday, 28),
      students: { create: studentIds.map((studentId) => ({ studentId })) },
    },
  });

const group = await slot(ot.id, [leo, maya, gone, notMine]);
const empty = await slot(ot.id, [gone], { weekday: 3 });
// Ended before the week, but its last Friday was moved into it.
const ended = await slot(ot.id, [maya], { weekday: 5, toDate: addDays(monday, -3) });
await slot(ot.id, [leo], { fromDate: addDays(monday, 7) }); // starts next week: not in range
await db.scheduleChange.createMany({
  data: [
    { slotId: group.id, date: addDays(monday, 1), cancelled: true, reason: 'Assembly', cause: 'school_closed' },
    { slotId: group.id, date: addDays(monday, -6), cancelled: true, reason: 'Last week' }, // outside the range
    { slotId: ended.id, date: addDays(monday, -3), newDate: addDays(monday, 3), newStartTime: '13:00', reason: 'Moved' },
  ],
});
const theirs = await slot(colleague.id, [notMine, maya], { weekday: 2 });
await slot(colleague.id, [notMine], { weekday: 2 }); // none of the OT's students
await db.scheduleChange.create({ data: { slotId: theirs.id, date: addDays(monday, 1), newDate: addDays(monday, 2), reason: 'Swap' } });

const tuesday = addDays(monday, 1);
const logged = await makeSessionLog(db, {
  providerId: ot.id,
  date: tuesday,
  scheduleSlotId: group.id,
  scheduledFor: tuesday,
  students: [{ studentId: leo }],
});
const voided = await makeSessionLog(db, {
  providerId: ot.id,
  date: tuesday,
  startTime: '11:00',
  scheduleSlotId: group.id,
  scheduledFor: tuesday,
  students: [{ studentId: maya }],
});
await db.sessionLog.update({ where: { id: voided.id }, data: { voidedAt: new Date(), voidReason: 'Logged twice' } });

const inRange = {
  OR: [{ fromDate: { lte: friday }, toDate: { gte: monday } }, { changes: { some: { newDate: { gte: monday, lte: friday } } } }],
};
const changes = {
  where: { OR: [{ date: { gte: monday, lte: friday } }, { newDate: { gte: monday, lte: friday } }] },
  orderBy: { date: 'asc' as const },
  select: { date: true, cancelled: true, newDate: true, newStartTime: true, reason: true, cause: true },
};

describe("the schedule's direct reads", () => {
  it("give the therapist's slots in range, with only their own students still served, and the range's changes", async () => {
    const expected = await db.scheduleSlot.findMany({
      where: { providerId: ot.id, ...inRange },
      orderBy: { id: 'asc' },
      select: {
        id: true,
        weekday: true,
        startTime: true,
        minutes: true,
        place: true,
        serviceType: true,
        fromDate: true,
        toDate: true,
        students: {
          where: { student: { therapists: { some: { userId: ot.id } }, status: { not: 'exited' } } },
          orderBy: { studentId: 'asc' },
          select: {
            student: {
              select: {
                id: true,
                firstName: true,
                lastName: true,
                preferredName: true,
                schoolId: true,
                school: { select: { name: true } },
              },
            },
          },
        },
        changes,
      },
    });
    const actual = await slotsOnSchedule(db, ot.id, monday, friday);
    expect(actual).toEqual(expected);
    expect(actual.map((s) => s.id)).toEqual([group.id, empty.id, ended.id]);
    expect(actual[0]!.students.map((x) => x.student.id)).toEqual([maya, leo].sort((a, b) => a - b));
    expect(actual[1]!.students).toEqual([]);
    expect(actual[2]!.changes.map((c) => c.newStartTime)).toEqual(['13:00']);
  });

  it("give other therapists' slots with any of the same students, naming only those students", async () => {
    const expected = await db.scheduleSlot.findMany({
      where: { providerId: { not: ot.id }, students: { some: { studentId: { in: [maya, leo] } } }, ...inRange },
      orderBy: { id: 'asc' },
      select: {
        id: true,
        weekday: true,
        startTime: true,
        minutes: true,
        fromDate: true,
        toDate: true,
        provider: { select: { name: true } },
        students: { where: { studentId: { in: [maya, leo] } }, orderBy: { studentId: 'asc' }, select: { studentId: true } },
        changes,
      },
    });
    const actual = await otherSlotsWith(db, ot.id, [maya, leo], monday, friday);
    expect(actual).toEqual(expected);
    expect(actual.map((s) => [s.id, s.provider.name, s.students])).toEqual([[theirs.id, 'Sam Lee', [{ studentId: maya }]]]);
    expect(await otherSlotsWith(db, ot.id, [], monday, friday)).toEqual([]);
  });

  it('give the sessions logged for slots and days, never a voided one', async () => {
    expect(await loggedFor(db, [group.id, empty.id], [tuesday, addDays(monday, 2)])).toEqual([
      { id: logged.id, scheduleSlotId: group.id, scheduledFor: tuesday },
    ]);
    expect(await loggedFor(db, [], [tuesday])).toEqual([]);
  });
});
