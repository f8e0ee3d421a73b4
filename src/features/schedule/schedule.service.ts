// The therapist's schedule: weekly slots (or one-off sessions), one-day changes, and the dated
// occurrences the week view, the home page's "Today" and the calendar feed are built from.
// A therapist reaches only their own slots (loaded through providerId), and a slot names only
// students on their caseload.
import type { Db, Prisma } from '../../db/client.js';
import { addDays, dayKey, dayOfWeek, endTime as endOf, today as todayIn } from '../../calendar/dates.js';
import { loadCalendars } from '../../calendar/school-calendar.js';
import type { SchoolCalendar } from '../../calendar/school-calendar.js';
import type { Attendance, PlaceOfService, ServiceType } from '../../generated/prisma/enums.js';
import type { CurrentUser } from '../../access/current-user.js';
import { authorize, outOfScope } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import type { Action } from '../../access/policy.js';
import { caseloadScope, studentScope } from '../../access/scope.js';
import { BadRequest, Invalid, NotFound } from '../../web/errors.js';
import { formatDate } from '../../web/view-helpers.js';
import { districtSettings } from '../admin/settings.service.js';
import type { DistrictSettings } from '../admin/settings.service.js';
import { recordBy } from '../audit/audit.service.js';
import { expandSlot, fallsOn, findClashes, movedAway, nextSlotDay, shortName, slotDays } from './occurrences.js';
import type { MovedAway, OtherBooking } from './occurrences.js';
import { loggedFor, otherSlotsWith, slotsOnSchedule } from './schedule.reads.js';
import { schoolsOfStudents } from '../students/students.service.js';
import { weekdayName } from './schedule.schema.js';
import type { ChangeInput, SlotInput } from './schedule.schema.js';

type Client = Db | Prisma.TransactionClient;

export type Occurrence = {
  slotId: number;
  date: Date;
  scheduledFor: Date;
  startTime: string;
  endTime: string;
  minutes: number;
  place: PlaceOfService;
  serviceType: ServiceType;
  students: { id: number; firstName: string; lastName: string; preferredName: string | null; schoolId: number }[];
  /** The students' school; both names joined with " and " when they are at two. Empty with no students. */
  schoolName: string;
  cancelled: boolean;
  moved: boolean;
  reason: string;
  /** Why a cancelled day is missed: a missed session still to record, with this attendance. */
  cause: Attendance | null;
  /** A non-voided SessionLog with this slot and scheduledFor. */
  loggedSessionId: number | null;
  /** Plain-words warnings for this occurrence. */
  conflicts: string[];
  /** /sessions/new?slot=..&date=.. */
  logUrl: string;
};

/** The students a therapist may put on their schedule: their caseload (their scope), not exited. */
const caseloadOf = (providerId: number): Prisma.StudentWhereInput => ({
  AND: [studentScope({ id: providerId, role: 'therapist' }), { status: { not: 'exited' } }],
});

const studentFields = {
  id: true,
  firstName: true,
  lastName: true,
  preferredName: true,
  schoolId: true,
  school: { select: { name: true } },
} as const;

export const logUrlFor = (slotId: number, scheduledFor: Date) => `/sessions/new?slot=${slotId}&date=${dayKey(scheduledFor)}`;

/** A slot's own fields and its students, only those still on the provider's caseload: a child
 *  who left it is no longer named on the schedule. */
function slotOnSchedule(providerId: number) {
  return {
    id: true,
    weekday: true,
    startTime: true,
    minutes: true,
    place: true,
    serviceType: true,
    fromDate: true,
    toDate: true,
    students: { where: { student: caseloadOf(providerId) }, select: { student: { select: studentFields } } },
  } as const satisfies Prisma.ScheduleSlotSelect;
}

/**
 * The schedule from `from` to `to`, in a fixed number of queries (schedule.reads.ts): the
 * occurrences, and the school calendars and names they were read with. `schoolIds`: more schools
 * whose days off to load; `settings`: the district's, when the caller has read them already (Home).
 */
async function scheduleBetween(
  db: Db,
  providerId: number,
  from: Date,
  to: Date,
  schoolIds: readonly number[] = [],
  settings?: Pick<DistrictSettings, 'travelMinutes'>,
) {
  const slots = await slotsOnSchedule(db, providerId, from, to);
  const dated = slots.flatMap((slot) => expandSlot(slot, from, to).map((d) => ({ ...d, slot })));
  const studentIds = [...new Set(slots.flatMap((s) => s.students.map((x) => x.student.id)))];
  const schoolNames = new Map<number, string>();
  for (const s of slots) for (const x of s.students) schoolNames.set(x.student.schoolId, x.student.school.name);

  const [calendars, logged, others, { travelMinutes }] = await Promise.all([
    loadCalendars(db, [...schoolNames.keys(), ...schoolIds]),
    dated.length
      ? loggedFor(
          db,
          slots.map((s) => s.id),
          [...new Map(dated.map((d) => [dayKey(d.scheduledFor), d.scheduledFor])).values()],
        )
      : [],
    otherSlotsWith(db, providerId, studentIds, from, to),
    settings ?? districtSettings(db),
  ]);

  // A day off at any of the session's students' schools skips it.
  const isOff = (date: Date, schools: number[]) => schools.some((id) => calendars.get(id)?.isSchoolDay(date) === false);
  const kept = dated.filter((d) => !isOff(d.date, [...new Set(d.slot.students.map((x) => x.student.schoolId))]));
  kept.sort((a, b) => a.date.getTime() - b.date.getTime() || a.startTime.localeCompare(b.startTime) || a.slotId - b.slotId);

  const keyOf = (d: { slotId: number; scheduledFor: Date }) => `${d.slotId}:${dayKey(d.scheduledFor)}`;
  const sessionFor = new Map(logged.map((l) => [`${l.scheduleSlotId}:${dayKey(l.scheduledFor!)}`, l.id]));
  const otherBookings: OtherBooking[] = others.flatMap((o) =>
    expandSlot(o, from, to)
      .filter((d) => !d.cancelled)
      .map((d) => ({
        date: d.date,
        startTime: d.startTime,
        minutes: d.minutes,
        studentIds: o.students.map((s) => s.studentId),
        providerName: o.provider.name,
      })),
  );
  const clashes = findClashes(
    kept.map((d) => ({
      key: keyOf(d),
      date: d.date,
      startTime: d.startTime,
      minutes: d.minutes,
      cancelled: d.cancelled,
      students: d.slot.students.map((x) => ({ id: x.student.id, name: shortName(x.student), schoolId: x.student.schoolId })),
    })),
    otherBookings,
    travelMinutes,
    (id) => schoolNames.get(id) ?? 'another school',
  );

  /** The students' school (or schools), by name. */
  const schoolNameOf = (students: readonly { student: { schoolId: number } }[]) =>
    [...new Set(students.map((x) => schoolNames.get(x.student.schoolId) ?? ''))].sort().join(' and ');

  // Each occurrence by its key, the first with it (as a search of the week would find it).
  const occurrenceAt = new Map<string, Occurrence>();
  const occurrences: Occurrence[] = kept.map((d) => {
    const key = keyOf(d);
    const occurrence: Occurrence = {
      slotId: d.slotId,
      date: d.date,
      scheduledFor: d.scheduledFor,
      startTime: d.startTime,
      endTime: endOf(d.startTime, d.minutes),
      minutes: d.minutes,
      place: d.slot.place,
      serviceType: d.slot.serviceType,
      students: d.slot.students
        .map((x) => {
          const { id, firstName, lastName, preferredName, schoolId } = x.student;
          return { id, firstName, lastName, preferredName, schoolId };
        })
        .sort((a, b) => shortName(a).localeCompare(shortName(b))),
      schoolName: schoolNameOf(d.slot.students),
      cancelled: d.cancelled,
      moved: d.moved,
      reason: d.reason,
      cause: d.cause,
      loggedSessionId: sessionFor.get(key) ?? null,
      conflicts: clashes.byKey.get(key) ?? [],
      logUrl: logUrlFor(d.slotId, d.scheduledFor),
    };
    if (!occurrenceAt.has(key)) occurrenceAt.set(key, occurrence);
    return occurrence;
  });
  const usualStart = new Map(slots.map((s) => [s.id, s.startTime]));
  // The week's list of clashes: each once, with the occurrence it is listed at (found by its key,
  // not by searching the week for each clash).
  const clashList = clashes.list.flatMap((c) => {
    const o = occurrenceAt.get(c.key);
    return o ? [{ date: o.date, startTime: o.startTime, message: c.message }] : [];
  });
  // Days moved to another day leave a trace on their own day.
  const moves: (MovedAway & { names: string })[] = slots.flatMap((slot) =>
    movedAway(slot, from, to).map((m) => ({
      ...m,
      names: slot.students
        .map((x) => shortName(x.student))
        .sort()
        .join(', '),
    })),
  );
  return { occurrences, moves, calendars, schoolNames, usualStart, clashList };
}

/** Occurrences from `from` to `to` inclusive, by date then time; days off skipped; in a fixed number of queries. */
export async function occurrencesFor(
  db: Db,
  providerId: number,
  from: Date,
  to: Date,
  settings?: Pick<DistrictSettings, 'travelMinutes'>,
): Promise<Occurrence[]> {
  return (await scheduleBetween(db, providerId, from, to, [], settings)).occurrences;
}

/** A day off in a school day's column: its name, and the schools closed (null: all of them). */
export type DayOffMark = { name: string; schools: string[] | null };

function daysOffOn(day: Date, calendars: Map<number, SchoolCalendar>, schoolNames: Map<number, string>): DayOffMark[] {
  const byName = new Map<string, string[]>();
  for (const [id, calendar] of calendars) {
    if (calendar.isSchoolDay(day)) continue;
    const name = calendar.dayOffName(day) ?? 'Between school years';
    byName.set(name, [...(byName.get(name) ?? []), schoolNames.get(id) ?? 'a school']);
  }
  return [...byName].map(([name, schools]) => ({ name, schools: schools.length === calendars.size ? null : schools.sort() }));
}

const shortDayFormat = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' });
/** "Thu, Dec 3". */
const shortDay = (day: Date) => shortDayFormat.format(day);

/** The week view: Monday to Friday of the week starting `weekStart`, the clashes, the slots and the feed's state. */
export async function weekPage(db: Db, caller: Caller, weekStart: Date) {
  await authorize(db, caller, 'schedule.view', { type: 'schedule' });
  const providerId = caller.user.id;
  const friday = addDays(weekStart, 4);
  const [schools, slots, account] = await Promise.all([
    // The schools of the caseload: their days off show even on a day with nothing booked.
    schoolsOfStudents(db, { id: providerId, role: 'therapist' }, { exited: false }),
    db.scheduleSlot.findMany({
      where: { providerId, toDate: { gte: weekStart } },
      orderBy: [{ weekday: 'asc' }, { startTime: 'asc' }, { id: 'asc' }],
      select: slotOnSchedule(providerId),
    }),
    db.user.findUnique({ where: { id: providerId }, select: { name: true, calendarFeedAt: true, calendarFeedHash: true } }),
  ]);
  const { occurrences, moves, calendars, schoolNames, usualStart, clashList } = await scheduleBetween(
    db,
    providerId,
    weekStart,
    friday,
    schools.map((s) => s.id),
  );
  for (const s of schools) schoolNames.set(s.id, s.name);
  const days = [0, 1, 2, 3, 4].map((i) => {
    const date = addDays(weekStart, i);
    const sessions = occurrences
      .filter((o) => dayKey(o.date) === dayKey(date))
      .map((o) => ({
        kind: 'session' as const,
        ...o,
        names: o.students.map(shortName).join(', '),
        usualStart: usualStart.get(o.slotId) ?? o.startTime,
      }));
    const traces = moves
      .filter((m) => dayKey(m.scheduledFor) === dayKey(date))
      .map((m) => ({ kind: 'movedAway' as const, ...m, movedTo: `${shortDay(m.newDate)} at ${m.newStartTime}` }));
    return {
      date,
      key: dayKey(date),
      // The day's sessions and the traces of those moved away, by time.
      items: [...sessions, ...traces].sort((a, b) => a.startTime.localeCompare(b.startTime)),
      daysOff: daysOffOn(date, calendars, schoolNames),
    };
  });
  const conflicts = clashList.sort((a, b) => a.date.getTime() - b.date.getTime() || a.startTime.localeCompare(b.startTime));
  return {
    days,
    conflicts,
    slots: slots.map((s) => ({
      ...s,
      once: s.fromDate.getTime() === s.toDate.getTime(),
      names: s.students.map((x) => shortName(x.student)).sort(),
    })),
    feed: account?.calendarFeedHash ? { madeAt: account.calendarFeedAt } : null,
    providerName: account?.name ?? '',
  };
}

/** The students a slot may name: the caller's caseload, not exited, by school then name. From the
 *  caseload's ids (caseloadScope), not the relation filter that tests every student of the district. */
export async function studentsToSchedule(db: Db, user: CurrentUser) {
  return db.student.findMany({
    where: { AND: [await caseloadScope(db, { id: user.id, role: 'therapist' }), { status: { not: 'exited' } }] },
    orderBy: [{ school: { name: 'asc' } }, { lastName: 'asc' }, { firstName: 'asc' }],
    // Caseloads are 24-100 students; the cap only guards against a mistake in the scope.
    take: 200,
    select: { id: true, firstName: true, lastName: true, preferredName: true, school: { select: { name: true } } },
  });
}

const slotFields = {
  id: true,
  providerId: true,
  weekday: true,
  startTime: true,
  minutes: true,
  place: true,
  serviceType: true,
  fromDate: true,
  toDate: true,
  students: { select: { studentId: true } },
} as const;

/** One of the caller's own slots; anyone else's, or none, is "not found" (audited). */
export async function loadOwnSlot(db: Client, caller: Caller, id: number, action: Action) {
  await authorize(db, caller, action, { type: 'schedule_slot', id });
  const slot = await (db as Db).scheduleSlot.findFirst({ where: { id, providerId: caller.user.id }, select: slotFields });
  if (!slot) return outOfScope(db, caller, action, { type: 'schedule_slot', id });
  return slot;
}

/** Every student named must be on the caller's caseload: one who is not is "not found" (audited). */
async function checkStudents(tx: Client, caller: Caller, ids: number[]) {
  const found = await (tx as Db).student.findMany({
    where: { AND: [{ id: { in: ids } }, caseloadOf(caller.user.id)] },
    select: { id: true },
  });
  const missing = ids.find((id) => !found.some((s) => s.id === id));
  if (missing !== undefined) await outOfScope(tx, caller, 'schedule.change', { type: 'student', id: missing, studentId: missing });
}

const slotData = (input: SlotInput) => ({
  weekday: input.weekday,
  startTime: input.startTime,
  minutes: input.minutes,
  place: input.place,
  serviceType: input.serviceType,
  fromDate: input.fromDate,
  toDate: input.toDate,
});

/** The slot's fields (and "students") an edit changes: names only, for the audit trail. */
function changedFields(before: Awaited<ReturnType<typeof loadOwnSlot>>, input: SlotInput): string[] {
  const after = slotData(input);
  const same = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);
  const fields: string[] = (Object.keys(after) as (keyof typeof after)[]).filter((k) => !same(before[k], after[k]));
  const was = before.students.map((s) => s.studentId).sort((a, b) => a - b);
  const now = [...input.studentIds].sort((a, b) => a - b);
  if (was.join(',') !== now.join(',')) fields.push('students');
  return fields;
}

/**
 * The trail keeps one entry per student of a slot, so each student's history shows their
 * schedule; a slot whose students have all been deleted since still gets one, without a student.
 */
const eachStudent = (studentIds: readonly number[]): (number | null)[] => (studentIds.length ? [...new Set(studentIds)] : [null]);

// Refusals are checked before each transaction: a refusal's audit row must not roll back with it.

/** Adds a slot with its students, all or nothing. */
export async function createSlot(db: Db, caller: Caller, input: SlotInput): Promise<number> {
  await authorize(db, caller, 'schedule.change', { type: 'schedule_slot' });
  await checkStudents(db, caller, input.studentIds);
  await refuseClosedSlot(db, input);
  return db.$transaction(async (tx) => {
    const slot = await tx.scheduleSlot.create({
      data: { providerId: caller.user.id, ...slotData(input), students: { create: input.studentIds.map((studentId) => ({ studentId })) } },
    });
    for (const studentId of eachStudent(input.studentIds)) {
      await recordBy(tx, caller, { action: 'schedule.slot.added', studentId, targetType: 'slot', targetId: slot.id });
    }
    return slot.id;
  });
}

/** Changes a slot and its students, all or nothing; one-day changes for days it no longer falls on go. */
export async function updateSlot(db: Db, caller: Caller, id: number, input: SlotInput): Promise<void> {
  const before = await loadOwnSlot(db, caller, id, 'schedule.change');
  await checkStudents(db, caller, input.studentIds);
  await refuseClosedSlot(db, input);
  const fields = changedFields(before, input);
  await db.$transaction(async (tx) => {
    await tx.scheduleSlot.update({ where: { id }, data: slotData(input) });
    await tx.scheduleSlotStudent.deleteMany({ where: { slotId: id } });
    await tx.scheduleSlotStudent.createMany({ data: input.studentIds.map((studentId) => ({ slotId: id, studentId })) });
    const changes = await tx.scheduleChange.findMany({ where: { slotId: id }, select: { id: true, date: true } });
    const stale = changes.filter((c) => !fallsOn(input, c.date)).map((c) => c.id);
    if (stale.length) await tx.scheduleChange.deleteMany({ where: { id: { in: stale } } });
    // The students before and after: one taken off the session has the change in their trail too.
    for (const studentId of eachStudent([...before.students.map((s) => s.studentId), ...input.studentIds])) {
      await recordBy(tx, caller, {
        action: 'schedule.slot.changed',
        studentId,
        targetType: 'slot',
        targetId: id,
        detail: fields.length ? { fields: fields.join(',') } : undefined,
      });
    }
  });
}

/** Takes a slot off the schedule. Sessions logged from it stay, without the link. */
export async function removeSlot(db: Db, caller: Caller, id: number): Promise<void> {
  const slot = await loadOwnSlot(db, caller, id, 'schedule.change');
  await db.$transaction(async (tx) => {
    // The slot's students and changes go with it (cascade); its sessions lose only the link.
    await tx.scheduleSlot.delete({ where: { id } });
    for (const studentId of eachStudent(slot.students.map((s) => s.studentId))) {
      await recordBy(tx, caller, { action: 'schedule.slot.removed', studentId, targetType: 'slot', targetId: id });
    }
  });
}

/** A slot as its edit form shows it. */
export async function slotForEdit(db: Db, caller: Caller, id: number) {
  return loadOwnSlot(db, caller, id, 'schedule.change');
}

/** The first values of a new slot: the day given (or today), every week until the school year ends. */
export async function newSlotValues(db: Db, timeZone: string, day: Date | null) {
  const now = todayIn(timeZone);
  const start = day ?? now;
  const year = await db.schoolYear.findFirst({
    where: { schoolId: null, firstDay: { lte: start }, lastDay: { gte: start } },
    select: { lastDay: true },
  });
  const weekday = Math.min(5, dayOfWeek(start));
  return {
    studentIds: [] as string[],
    repeat: 'weekly',
    weekday: String(weekday),
    startTime: '09:00',
    minutes: '30',
    place: 'therapy_room',
    serviceType: 'individual',
    fromDate: dayKey(start),
    toDate: dayKey(year?.lastDay ?? addDays(start, 7 * 16)),
  };
}

/** One day of one of the caller's slots: the slot, the day, its change if any. */
export async function slotDay(db: Db, caller: Caller, id: number, day: Date | null, timeZone: string) {
  const slot = await loadOwnSlot(db, caller, id, 'schedule.change');
  const date = day ?? nextSlotDay(slot, todayIn(timeZone));
  // A day the slot does not fall on is no page of it.
  if (!date || !fallsOn(slot, date)) throw new NotFound();
  const [change, students] = await Promise.all([
    db.scheduleChange.findUnique({ where: { slotId_date: { slotId: id, date } } }),
    db.student.findMany({
      where: { AND: [{ id: { in: slot.students.map((s) => s.studentId) } }, caseloadOf(caller.user.id)] },
      orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
      select: { id: true, firstName: true, lastName: true, preferredName: true },
    }),
  ]);
  return { slot, date, change, names: students.map(shortName) };
}

/** Cancels or moves one day of a slot; a second change to the same day replaces the first. */
export async function changeDay(db: Db, caller: Caller, id: number, input: ChangeInput): Promise<void> {
  const slot = await loadOwnSlot(db, caller, id, 'schedule.change');
  if (!fallsOn(slot, input.date)) throw new Invalid({ form: `This session is not on the schedule on ${formatDate(input.date)}` });
  const data =
    input.kind === 'cancel'
      ? { cancelled: true, newDate: null, newStartTime: null, reason: input.reason ?? '', cause: input.cause }
      : {
          cancelled: false,
          cause: null,
          newDate: input.newDate && input.newDate.getTime() !== input.date.getTime() ? input.newDate : null,
          newStartTime: input.newStartTime && input.newStartTime !== slot.startTime ? input.newStartTime : null,
          reason: input.reason ?? '',
        };
  if (!data.cancelled && data.newDate === null && data.newStartTime === null) {
    throw new Invalid({ newDate: 'That is the day and time it already has: enter a new day or start time' });
  }
  if (data.newDate) {
    const closed = closedOn(
      await schoolsOf(
        db,
        slot.students.map((s) => s.studentId),
      ),
      data.newDate,
    );
    if (closed) throw new Invalid({ newDate: `${closed}: choose another day` });
  }
  // The trail keeps the day and what changed, never the reason typed.
  const detail: Record<string, string> = data.cancelled
    ? { day: dayKey(input.date), ...(data.cause ? { cause: data.cause } : {}) }
    : { day: dayKey(input.date), fields: [data.newDate && 'newDate', data.newStartTime && 'newStartTime'].filter(Boolean).join(',') };
  await db.$transaction(async (tx) => {
    // A second change to the same day replaces the first.
    await tx.scheduleChange.upsert({
      where: { slotId_date: { slotId: id, date: input.date } },
      create: { slotId: id, date: input.date, ...data },
      update: data,
    });
    for (const studentId of eachStudent(slot.students.map((s) => s.studentId))) {
      await recordBy(tx, caller, {
        action: data.cancelled ? 'schedule.day.cancelled' : 'schedule.day.moved',
        studentId,
        targetType: 'slot',
        targetId: id,
        detail,
      });
    }
  });
}

// A session is not put on a day its students' school is closed: it would not happen.

/** The schools of these students, by name, with their calendars: three queries. */
async function schoolsOf(db: Db, studentIds: number[]) {
  const schools = await db.school.findMany({
    where: { students: { some: { id: { in: studentIds } } } },
    orderBy: { name: 'asc' },
    select: { id: true, name: true },
  });
  const calendars = await loadCalendars(
    db,
    schools.map((s) => s.id),
  );
  return schools.map((s) => ({ ...s, calendar: calendars.get(s.id)! }));
}

/** "Maple Grove Elementary is closed on Dec 22, 2026 (Winter break)"; null when every school is open. */
function closedOn(schools: Awaited<ReturnType<typeof schoolsOf>>, day: Date): string | null {
  const school = schools.find((s) => !s.calendar.isSchoolDay(day));
  if (!school) return null;
  const name = school.calendar.dayOffName(day) ?? (school.calendar.isDayOff(day) ? 'between school years' : null);
  return `${school.name} is closed on ${formatDate(day)}${name ? ` (${name})` : ''}`;
}

/**
 * A one-off session on a day its students' school is closed, or a weekly one whose every day falls
 * when a school is closed, would never happen: refused next to the field to change.
 */
async function refuseClosedSlot(db: Db, input: SlotInput): Promise<void> {
  const schools = await schoolsOf(db, input.studentIds);
  if (input.fromDate.getTime() === input.toDate.getTime()) {
    const closed = closedOn(schools, input.fromDate);
    if (closed) throw new Invalid({ fromDate: `${closed}: choose another day` });
    return;
  }
  const days = slotDays(input, input.fromDate, input.toDate);
  if (days.length === 0 || days.some((d) => closedOn(schools, d) === null)) return;
  const closedSchools = schools.filter((s) => days.some((d) => !s.calendar.isSchoolDay(d))).map((s) => s.name);
  throw new Invalid({
    toDate: `No ${weekdayName(input.weekday)} from ${formatDate(input.fromDate)} to ${formatDate(input.toDate)} is a school day at ${closedSchools.join(' and ')}: choose other dates or another day`,
  });
}

/** Puts one day back as the slot has it. */
export async function undoChange(db: Db, caller: Caller, id: number, date: Date | null): Promise<void> {
  const slot = await loadOwnSlot(db, caller, id, 'schedule.change');
  // Someone else's slot is "not found" whatever was sent; the owner's form always names its day.
  if (!date) throw new BadRequest();
  await db.$transaction(async (tx) => {
    const { count } = await tx.scheduleChange.deleteMany({ where: { slotId: id, date } });
    // Nothing was changed on that day (a second click): nothing written, nothing to record.
    if (count === 0) return;
    for (const studentId of eachStudent(slot.students.map((s) => s.studentId))) {
      await recordBy(tx, caller, {
        action: 'schedule.day.restored',
        studentId,
        targetType: 'slot',
        targetId: id,
        detail: { day: dayKey(date) },
      });
    }
  });
}

/**
 * The session form's first values for one day of one of the caller's slots (the "Log it" link's
 * `slot` and `date`, read by the route; `day` null when unreadable): its students still on the
 * caseload, the day and time (moved, when it was), minutes, place and kind of session, and the
 * hidden fields that link the session to it.
 */
export async function slotForLogging(db: Db, caller: Caller, id: number, day: Date | null) {
  const slot = await loadOwnSlot(db, caller, id, 'session.log');
  if (!day || !fallsOn(slot, day)) throw new NotFound();
  const [change, students] = await Promise.all([
    db.scheduleChange.findUnique({ where: { slotId_date: { slotId: id, date: day } } }),
    db.student.findMany({
      where: { AND: [{ id: { in: slot.students.map((s) => s.studentId) } }, caseloadOf(caller.user.id)] },
      select: { id: true },
    }),
  ]);
  if (students.length === 0) return outOfScope(db, caller, 'session.log', { type: 'schedule_slot', id });
  const moved = change && !change.cancelled;
  // A day cancelled with a cause is recorded as missed: each student's attendance is that cause.
  const missed = change?.cancelled ? change.cause : null;
  return {
    studentIds: students.map((s) => s.id),
    values: {
      ...(missed ? Object.fromEntries(students.map((s) => [`attendance_${s.id}`, missed])) : {}),
      date: dayKey((moved && change.newDate) || day),
      startTime: (moved && change.newStartTime) || slot.startTime,
      minutes: String(slot.minutes),
      place: slot.place,
      serviceType: slot.serviceType,
      scheduleSlotId: String(id),
      scheduledFor: dayKey(day),
    },
  };
}

/**
 * A session logged from the schedule names one of the caller's own slots (else "not found") and
 * a day that slot falls on.
 */
export async function checkSlotForSession(db: Db, caller: Caller, slotId: number, scheduledFor: Date | null): Promise<void> {
  const slot = await loadOwnSlot(db, caller, slotId, 'session.log');
  if (!scheduledFor || !fallsOn(slot, scheduledFor)) throw new BadRequest();
}
