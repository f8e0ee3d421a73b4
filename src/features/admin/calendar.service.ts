// The school calendar an admin keeps: school years and days off, for the whole district or one
// school. Minutes fall due only on school days, the schedule skips days off, and the evaluation
// clock counts school days with it (src/calendar/school-calendar.ts reads these rows).
import type { Db } from '../../db/client.js';
import { authorize } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import { SchoolCalendar } from '../../calendar/school-calendar.js';
import type { YearSpan } from '../../calendar/school-calendar.js';
import { Invalid, NotFound } from '../../web/errors.js';
import { formatDate, plural } from '../../web/view-helpers.js';
import { recordBy } from '../audit/audit.service.js';
import { readCalendarFile } from './calendar-import.js';
import { spanText } from './calendar.schema.js';
import type { DayOffInput, ImportInput, YearInput } from './calendar.schema.js';

type Owner = number | null;
type YearRow = { id: number; name: string; firstDay: Date; lastDay: Date; schoolId: Owner };
type DayOffRow = { id: number; name: string; startDate: Date; endDate: Date; schoolId: Owner; sourceUid: string | null };

/** A row of the page: whose it is in words ("Whole district" or the school's name). */
export type Whose = { whose: string };

export type CalendarOverview = {
  schools: { id: number; name: string }[];
  years: (YearRow & Whose)[];
  /** Each with the school days it closes: the weekdays of its span inside its school's years. */
  daysOff: (DayOffRow & Whose & { schoolDays: number })[];
  /** The school year today falls in (or the next one), with its school days: the district's, then each school's own. */
  current: (Whose & { name: string; firstDay: Date; lastDay: Date; schoolDays: number })[];
  /** The district has years, but none holds today: no minutes fall due until one does. */
  todayInNoYear: boolean;
};

const DISTRICT = 'Whole district';

/** Everything the calendar page shows, in three queries. */
export async function calendarOverview(db: Db, today: Date): Promise<CalendarOverview> {
  const [schools, years, daysOff] = await Promise.all([
    db.school.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    db.schoolYear.findMany({
      orderBy: [{ firstDay: 'asc' }, { id: 'asc' }],
      select: { id: true, name: true, firstDay: true, lastDay: true, schoolId: true },
    }),
    db.dayOff.findMany({
      orderBy: [{ startDate: 'asc' }, { endDate: 'asc' }, { id: 'asc' }],
      select: { id: true, name: true, startDate: true, endDate: true, schoolId: true, sourceUid: true },
    }),
  ]);
  const names = new Map(schools.map((s) => [s.id, s.name]));
  const whose = (owner: Owner) => (owner === null ? DISTRICT : (names.get(owner) ?? DISTRICT));
  const districtYears = years.filter((y) => y.schoolId === null);
  // A school follows the district's years unless it has its own (as SchoolCalendar is loaded).
  const yearsOf = (owner: Owner) => {
    const own = years.filter((y) => y.schoolId === owner);
    return owner !== null && own.length === 0 ? districtYears : own;
  };
  const districtOff = daysOff.filter((d) => d.schoolId === null);
  // Each owner's years with no days off: how many school days a day off closes.
  const yearsOnly = new Map<Owner, SchoolCalendar>();
  const openDays = (owner: Owner) => {
    if (!yearsOnly.has(owner)) yearsOnly.set(owner, new SchoolCalendar(yearsOf(owner)));
    return yearsOnly.get(owner)!;
  };

  const current: CalendarOverview['current'] = [];
  const owners: Owner[] = [
    null,
    ...schools.filter((s) => years.some((y) => y.schoolId === s.id) || daysOff.some((d) => d.schoolId === s.id)).map((s) => s.id),
  ];
  for (const owner of owners) {
    const year = yearAround(yearsOf(owner), today);
    if (!year) continue;
    const off = owner === null ? districtOff : [...districtOff, ...daysOff.filter((d) => d.schoolId === owner)];
    const calendar = new SchoolCalendar(yearsOf(owner), off);
    current.push({
      whose: whose(owner),
      name: year.name,
      firstDay: year.firstDay,
      lastDay: year.lastDay,
      schoolDays: calendar.schoolDaysBetween(year.firstDay, year.lastDay),
    });
  }

  return {
    schools,
    years: years.map((y) => ({ ...y, whose: whose(y.schoolId) })),
    daysOff: daysOff.map((d) => ({
      ...d,
      whose: whose(d.schoolId),
      schoolDays: openDays(d.schoolId).schoolDaysBetween(d.startDate, d.endDate),
    })),
    current,
    todayInNoYear: yearsOf(null).length > 0 && !yearsOf(null).some((y) => y.firstDay <= today && today <= y.lastDay),
  };
}

/** The year `today` falls in, else the next to come, else the last one entered. */
function yearAround<Y extends YearSpan>(years: readonly Y[], today: Date): Y | null {
  return years.find((y) => y.firstDay <= today && today <= y.lastDay) ?? years.find((y) => y.firstDay > today) ?? years.at(-1) ?? null;
}

/** The school named in a form must exist; none means the whole district. */
async function checkOwner(db: Db, schoolId: Owner): Promise<void> {
  if (schoolId === null) return;
  const school = await db.school.findUnique({ where: { id: schoolId }, select: { id: true } });
  if (!school) throw new Invalid({ schoolId: 'Choose the whole district or a school' });
}

/** Adds a school year; one that overlaps another year of the same school (or of the district) is refused. */
export async function addSchoolYear(db: Db, caller: Caller, input: YearInput): Promise<number> {
  await authorize(db, caller, 'admin.calendar', { type: 'school_year' });
  await checkOwner(db, input.schoolId);
  const overlap = await db.schoolYear.findFirst({
    where: { schoolId: input.schoolId, firstDay: { lte: input.lastDay }, lastDay: { gte: input.firstDay } },
    select: { name: true, firstDay: true, lastDay: true },
  });
  if (overlap) {
    const message = `Overlaps “${overlap.name}” (${formatDate(overlap.firstDay)} to ${formatDate(overlap.lastDay)})`;
    throw new Invalid(
      input.firstDay >= overlap.firstDay && input.firstDay <= overlap.lastDay ? { firstDay: message } : { lastDay: message },
    );
  }
  return db.$transaction(async (tx) => {
    const year = await tx.schoolYear.create({ data: input });
    await recordBy(tx, caller, {
      action: 'calendar.changed',
      targetType: 'school_year',
      targetId: year.id,
      detail: { schoolYearAdded: year.id, forSchool: input.schoolId },
    });
    return year.id;
  });
}

export async function removeSchoolYear(db: Db, caller: Caller, id: number): Promise<void> {
  await authorize(db, caller, 'admin.calendar', { type: 'school_year', id });
  await db.$transaction(async (tx) => {
    const year = await tx.schoolYear.findUnique({ where: { id }, select: { schoolId: true } });
    if (!year) throw new NotFound();
    await tx.schoolYear.delete({ where: { id } });
    await recordBy(tx, caller, {
      action: 'calendar.changed',
      targetType: 'school_year',
      targetId: id,
      detail: { schoolYearRemoved: id, forSchool: year.schoolId },
    });
  });
}

/**
 * Adds a day off or a break; with no last day it is a single day. One that overlaps another day off
 * of the same calendar (the district's, or the same school's) is refused: it would be entered twice.
 * (One only on a weekend is refused by the form: dayOffForm.)
 */
export async function addDayOff(db: Db, caller: Caller, input: DayOffInput): Promise<number> {
  await authorize(db, caller, 'admin.calendar', { type: 'day_off' });
  await checkOwner(db, input.schoolId);
  const startDate = input.startDate;
  const endDate = input.endDate ?? input.startDate;
  return db.$transaction(async (tx) => {
    const overlap = await tx.dayOff.findFirst({
      where: { schoolId: input.schoolId, startDate: { lte: endDate }, endDate: { gte: startDate } },
      orderBy: [{ startDate: 'asc' }, { id: 'asc' }],
      select: { name: true, startDate: true, endDate: true },
    });
    if (overlap) {
      const message = `Overlaps ${overlap.name} (${spanText(overlap.startDate, overlap.endDate)})`;
      throw new Invalid(startDate >= overlap.startDate ? { startDate: message } : { endDate: message });
    }
    const day = await tx.dayOff.create({ data: { name: input.name, startDate, endDate, schoolId: input.schoolId } });
    await recordBy(tx, caller, {
      action: 'calendar.changed',
      targetType: 'day_off',
      targetId: day.id,
      detail: { dayOffAdded: day.id, forSchool: input.schoolId },
    });
    return day.id;
  });
}

export async function removeDayOff(db: Db, caller: Caller, id: number): Promise<void> {
  await authorize(db, caller, 'admin.calendar', { type: 'day_off', id });
  await db.$transaction(async (tx) => {
    const day = await tx.dayOff.findUnique({ where: { id }, select: { schoolId: true } });
    if (!day) throw new NotFound();
    await tx.dayOff.delete({ where: { id } });
    await recordBy(tx, caller, {
      action: 'calendar.changed',
      targetType: 'day_off',
      targetId: id,
      detail: { dayOffRemoved: id, forSchool: day.schoolId },
    });
  });
}

export type ImportResult = {
  /** Days off added or updated. */
  imported: number;
  /** Of those, the ones already there from an earlier import of the same file. */
  updated: number;
  /** New events whose days are all inside a day off already entered (by hand, or another event). */
  alreadyEntered: number;
  /** All-day events on a Saturday or Sunday only. */
  weekend: number;
  timed: number;
  repeating: number;
  unreadable: number;
  /** Names of all-day events taken as school days (or too long for a break), not imported. */
  leftOut: string[];
  /** Names of events with a date that does not exist, not imported. */
  impossible: string[];
};

/** Names in a message: the first five, then how many more. */
export function someNames(names: readonly string[]): string {
  const shown = names.slice(0, 5).join(', ');
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}

/** What an import skipped for a date that does not exist, in words. */
export function impossibleText(names: readonly string[]): string {
  return `Skipped ${plural(names.length, 'event')} with a date that does not exist: ${someNames(names)}.`;
}

/**
 * Imports the days off of the district's calendar file for the district or one school. An event
 * imported before (the same UID, for the same calendar) is updated, so importing the file again
 * after the district changes it does not make duplicates. A new event whose days all fall inside a
 * day off this calendar already has (entered by hand, or another event) is skipped as already
 * entered. All of it is written, or none.
 */
export async function importDaysOff(db: Db, caller: Caller, input: ImportInput): Promise<ImportResult> {
  await authorize(db, caller, 'admin.calendar', { type: 'day_off' });
  await checkOwner(db, input.schoolId);
  const read = readCalendarFile(input.ics);
  if (!read.ok) throw new Invalid({ ics: read.message });
  const { daysOff, timed, repeating, unreadable, leftOut, impossible, weekend } = read.file;
  if (daysOff.length === 0) {
    const skipped = [
      impossible.length ? impossibleText(impossible) : '',
      weekend ? `Skipped ${plural(weekend, 'event on a weekend', 'events on weekends')}: there is no school to close.` : '',
    ].filter(Boolean);
    throw new Invalid({
      ics: skipped.length
        ? `None of the events in this calendar can be taken as days off. ${skipped.join(' ')}`
        : 'This calendar has no all-day events to take as days off: events with a time are not days off.',
    });
  }
  return db.$transaction(async (tx) => {
    const uids = daysOff.map((d) => d.uid);
    const first = daysOff[0]!.startDate;
    const last = new Date(Math.max(...daysOff.map((d) => d.endDate.getTime())));
    // This calendar's days off imported from these events before, and any others the file's days touch.
    const before = await tx.dayOff.findMany({
      where: {
        schoolId: input.schoolId,
        OR: [{ sourceUid: { in: uids } }, { startDate: { lte: last }, endDate: { gte: first } }],
      },
      select: { id: true, sourceUid: true, name: true, startDate: true, endDate: true },
    });
    const fileUids = new Set(uids);
    const known = new Map(before.filter((d) => d.sourceUid !== null && fileUids.has(d.sourceUid)).map((d) => [d.sourceUid, d]));
    // What a new event may already be covered by: days off from elsewhere as they are, and this
    // file's events imported before at their dates in the file (as they are about to be).
    const covering = [
      ...before.filter((d) => d.sourceUid === null || !fileUids.has(d.sourceUid)),
      ...daysOff.filter((d) => known.has(d.uid)),
    ];
    const covered = (d: { startDate: Date; endDate: Date }) => covering.some((c) => c.startDate <= d.startDate && d.endDate <= c.endDate);
    const fresh = daysOff.filter((d) => !known.has(d.uid) && !covered(d));
    const alreadyEntered = daysOff.filter((d) => !known.has(d.uid)).length - fresh.length;
    let updated = 0;
    for (const day of daysOff) {
      const was = known.get(day.uid);
      if (!was) continue;
      updated += 1;
      const same =
        was.name === day.name && was.startDate.getTime() === day.startDate.getTime() && was.endDate.getTime() === day.endDate.getTime();
      if (!same)
        await tx.dayOff.update({ where: { id: was.id }, data: { name: day.name, startDate: day.startDate, endDate: day.endDate } });
    }
    if (fresh.length) {
      await tx.dayOff.createMany({
        data: fresh.map((d) => ({ name: d.name, startDate: d.startDate, endDate: d.endDate, sourceUid: d.uid, schoolId: input.schoolId })),
      });
    }
    const imported = fresh.length + updated;
    // Nothing new (every event already entered) changes nothing, so there is nothing to audit.
    if (imported > 0) {
      await recordBy(tx, caller, {
        action: 'calendar.changed',
        targetType: 'day_off',
        detail: { daysOffImported: imported, daysOffUpdated: updated, forSchool: input.schoolId },
      });
    }
    return { imported, updated, alreadyEntered, weekend, timed, repeating, unreadable, leftOut, impossible };
  });
}
