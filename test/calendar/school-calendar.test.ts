// SchoolCalendar: which days are school days, from the years and days off an admin enters.
import { afterAll, describe, expect, it } from 'vitest';
import { dayKey, parseDay } from '../../src/calendar/dates.js';
import { SchoolCalendar, loadCalendar, loadCalendars } from '../../src/calendar/school-calendar.js';
import { makeSchool } from '../../src/db/factories.js';
import { freshDb } from '../helpers/db.js';

const day = (key: string) => {
  const d = parseDay(key);
  if (!d) throw new Error(`not a day: ${key}`);
  return d;
};
const year = (first: string, last: string) => ({ firstDay: day(first), lastDay: day(last) });
const off = (start: string, end = start, name = 'Day off') => ({ startDate: day(start), endDate: day(end), name });

// Two school years with a summer between them, Thanksgiving (Thu-Fri) and a winter break
// (Mon Dec 21, 2026 to Fri Jan 1, 2027).
const years = [year('2026-09-01', '2027-06-18'), year('2025-09-02', '2026-06-19')];
const daysOff = [off('2026-11-26', '2026-11-27', 'Thanksgiving break'), off('2026-12-21', '2027-01-01', 'Winter break')];
const calendar = new SchoolCalendar(years, daysOff).withNames(daysOff);

describe('a school calendar', () => {
  it('has no school at weekends, with or without a calendar entered', () => {
    const weekdays = SchoolCalendar.weekdays();
    expect(weekdays.isSchoolDay(day('2026-11-07'))).toBe(false); // Saturday
    expect(weekdays.isSchoolDay(day('2026-11-08'))).toBe(false); // Sunday
    expect(weekdays.isSchoolDay(day('2026-11-09'))).toBe(true); // Monday
    expect(calendar.isSchoolDay(day('2026-11-07'))).toBe(false);
    // A weekend is not a "day off": only closures on school days are.
    expect(calendar.isDayOff(day('2026-11-07'))).toBe(false);
  });

  it('closes on each day of a day off, and names it', () => {
    expect(calendar.isSchoolDay(day('2026-11-25'))).toBe(true);
    for (const d of ['2026-11-26', '2026-11-27']) {
      expect(calendar.isDayOff(day(d))).toBe(true);
      expect(calendar.isSchoolDay(day(d))).toBe(false);
    }
    expect(calendar.dayOffName(day('2026-11-27'))).toBe('Thanksgiving break');
    expect(calendar.dayOffName(day('2026-12-31'))).toBe('Winter break');
    expect(calendar.dayOffName(day('2026-11-25'))).toBeNull();
  });

  it('has no school in the summer between two school years, and knows which year a day is in', () => {
    expect(calendar.isDayOff(day('2026-07-15'))).toBe(true);
    expect(calendar.isSchoolDay(day('2026-07-15'))).toBe(false);
    expect(calendar.isSchoolDay(day('2026-06-19'))).toBe(true); // the last day of 2025-26
    expect(calendar.isSchoolDay(day('2026-08-31'))).toBe(false); // the Monday before 2026-27 starts
    expect(calendar.isSchoolDay(day('2026-09-01'))).toBe(true);
    expect(dayKey(calendar.yearOf(day('2026-10-01'))!.firstDay)).toBe('2026-09-01');
    expect(calendar.yearOf(day('2026-07-15'))).toBeNull();
    // Sorted by first day, whatever order they were given in.
    expect(calendar.years.map((y) => dayKey(y.firstDay))).toEqual(['2025-09-02', '2026-09-01']);
  });

  it('counts every weekday before the first year, and none after the last one (the summer)', () => {
    expect(calendar.isSchoolDay(day('2025-07-01'))).toBe(true); // a Tuesday before any year
    expect(calendar.isDayOff(day('2025-07-01'))).toBe(false);
    expect(calendar.isSchoolDay(day('2027-07-01'))).toBe(false); // a Thursday after the last: summer
    expect(calendar.isDayOff(day('2027-07-01'))).toBe(true);
    expect(calendar.schoolDaysBetween(day('2027-06-14'), day('2027-08-31'))).toBe(5);
    // The evaluation clock still ends: past the last year it counts weekdays.
    expect(dayKey(calendar.addSchoolDays(day('2027-06-18'), 1))).toBe('2027-06-21');
    expect(dayKey(calendar.addSchoolDays(day('2027-06-16'), 5))).toBe('2027-06-23');
  });

  it('counts and adds school days across a break', () => {
    // Mon Dec 14 to Fri Jan 8: one week before the break, two weeks off, one week after.
    expect(calendar.schoolDaysBetween(day('2026-12-14'), day('2027-01-08'))).toBe(10);
    expect(SchoolCalendar.weekdays().schoolDaysBetween(day('2026-12-14'), day('2027-01-08'))).toBe(20);
    expect(calendar.schoolDaysBetween(day('2026-12-21'), day('2027-01-01'))).toBe(0);
    expect(calendar.schoolDaysBetween(day('2026-11-02'), day('2026-11-02'))).toBe(1);
    expect(dayKey(calendar.addSchoolDays(day('2026-12-18'), 1))).toBe('2027-01-04');
    expect(dayKey(calendar.addSchoolDays(day('2027-01-04'), -1))).toBe('2026-12-18');
    expect(dayKey(calendar.addSchoolDays(day('2026-11-25'), 1))).toBe('2026-11-30');
    // The day counted from is not itself counted, even when it is a day off.
    expect(dayKey(calendar.addSchoolDays(day('2026-12-25'), 5))).toBe('2027-01-08');
    expect(dayKey(calendar.addSchoolDays(day('2026-11-02'), 0))).toBe('2026-11-02');
  });
});

describe('loading calendars', () => {
  const { db } = freshDb();
  afterAll(() => db.$disconnect());

  it("gives a school the district's years unless it has its own, and the district's days off with its own", async () => {
    const [plain, own, other] = [await makeSchool(db), await makeSchool(db), await makeSchool(db)];
    await db.schoolYear.createMany({
      data: [
        { name: '2026–27', firstDay: day('2026-09-01'), lastDay: day('2027-06-18') },
        // This school starts in August and ends in May.
        { name: '2026–27', schoolId: own.id, firstDay: day('2026-08-17'), lastDay: day('2027-05-28') },
      ],
    });
    await db.dayOff.createMany({
      data: [
        { name: 'Thanksgiving break', startDate: day('2026-11-26'), endDate: day('2026-11-27') },
        { name: 'Staff training', schoolId: own.id, startDate: day('2026-10-12'), endDate: day('2026-10-12') },
        { name: 'Another school’s day', schoolId: other.id, startDate: day('2026-10-13'), endDate: day('2026-10-13') },
      ],
    });
    const calendars = await loadCalendars(db, [plain.id, own.id, own.id]);
    expect([...calendars.keys()].sort()).toEqual([plain.id, own.id].sort());
    const p = calendars.get(plain.id)!;
    const o = calendars.get(own.id)!;

    // Years: the school's own replace the district's.
    expect(p.isSchoolDay(day('2026-08-17'))).toBe(true); // before the district's first year: any weekday
    expect(o.isSchoolDay(day('2026-08-17'))).toBe(true);
    expect(p.isSchoolDay(day('2027-06-01'))).toBe(true);
    expect(o.isSchoolDay(day('2027-06-01'))).toBe(false); // after its own last year: summer
    expect(o.yearOf(day('2027-05-28'))).not.toBeNull();
    expect(p.yearOf(day('2027-05-28'))).not.toBeNull();
    expect(o.yearOf(day('2026-08-20'))).not.toBeNull();
    expect(p.yearOf(day('2026-08-20'))).toBeNull();

    // Days off: the district's for everyone, a school's own only for it.
    expect(p.isSchoolDay(day('2026-11-26'))).toBe(false);
    expect(o.isSchoolDay(day('2026-11-26'))).toBe(false);
    expect(o.isSchoolDay(day('2026-10-12'))).toBe(false);
    expect(o.dayOffName(day('2026-10-12'))).toBe('Staff training');
    expect(p.isSchoolDay(day('2026-10-12'))).toBe(true);
    expect(p.isSchoolDay(day('2026-10-13'))).toBe(true);
    expect(o.isSchoolDay(day('2026-10-13'))).toBe(true);

    expect((await loadCalendar(db, other.id)).isSchoolDay(day('2026-10-13'))).toBe(false);
  });
});
