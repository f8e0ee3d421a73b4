import { afterEach, describe, expect, it } from 'vitest';
import {
  addDays,
  addSchoolDays,
  dayKey,
  dayOfWeek,
  daysBetween,
  isSchoolDay,
  parseDay,
  today,
  weekNumber,
  weekStartOf,
  yearsBetween,
} from '../../src/calendar/dates.js';

const day = (key: string) => {
  const d = parseDay(key);
  if (!d) throw new Error(`not a day: ${key}`);
  return d;
};

describe('parseDay and dayKey', () => {
  it('read YYYY-MM-DD as midnight UTC and write it back', () => {
    expect(day('2026-11-30').toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(dayKey(day('2028-02-29'))).toBe('2028-02-29');
    expect(dayKey(new Date('2026-11-30T23:59:59.999Z'))).toBe('2026-11-30');
  });

  it.each(['2026-02-30', '2027-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-11-3', '2026-11-30T00:00:00Z', ' 2026-11-30', ''])(
    'refuses %j',
    (text) => {
      expect(parseDay(text)).toBeNull();
    },
  );
});

describe('calendar arithmetic', () => {
  it('adds days across months, years and a leap day', () => {
    expect(dayKey(addDays(day('2026-12-30'), 3))).toBe('2027-01-02');
    expect(dayKey(addDays(day('2027-01-01'), -1))).toBe('2026-12-31');
    expect(dayKey(addDays(day('2028-02-28'), 1))).toBe('2028-02-29');
    expect(dayKey(addDays(day('2028-02-28'), 2))).toBe('2028-03-01');
    expect(dayKey(addDays(day('2027-02-28'), 1))).toBe('2027-03-01');
  });

  it('counts days between dates, negative when the second is earlier', () => {
    expect(daysBetween(day('2028-02-01'), day('2028-03-01'))).toBe(29);
    expect(daysBetween(day('2027-02-01'), day('2027-03-01'))).toBe(28);
    expect(daysBetween(day('2026-12-31'), day('2027-01-01'))).toBe(1);
    expect(daysBetween(day('2027-01-01'), day('2026-12-31'))).toBe(-1);
    expect(daysBetween(day('2026-11-30'), day('2026-11-30'))).toBe(0);
  });

  it('counts whole years, turning over on the birthday', () => {
    expect(yearsBetween(day('2004-06-01'), day('2027-05-31'))).toBe(22);
    expect(yearsBetween(day('2004-06-01'), day('2027-06-01'))).toBe(23);
  });

  it('starts weeks on Monday, across months, years and a leap day', () => {
    expect(dayKey(weekStartOf(new Date('2026-12-03T15:00:00Z')))).toBe('2026-11-30');
    expect(dayKey(weekStartOf(new Date('2026-11-29T15:00:00Z')))).toBe('2026-11-23');
    expect(dayKey(weekStartOf(day('2026-11-30')))).toBe('2026-11-30');
    expect(dayKey(weekStartOf(day('2026-03-01')))).toBe('2026-02-23');
    expect(dayKey(weekStartOf(day('2027-01-02')))).toBe('2026-12-28');
    expect(dayKey(weekStartOf(day('2028-03-01')))).toBe('2028-02-28');
    expect(dayKey(weekStartOf(day('2028-02-29')))).toBe('2028-02-28');
  });

  it("numbers each Monday-to-Sunday week once: the same number for weekStartOf's week, the next for the next", () => {
    for (let d = day('1999-12-20'), n = 0; n < 3 * 366; d = addDays(d, 1), n++) {
      expect(weekNumber(d)).toBe(weekNumber(weekStartOf(d)));
      expect(weekNumber(addDays(weekStartOf(d), 7))).toBe(weekNumber(d) + 1);
    }
    expect(weekNumber(new Date('2026-12-06T23:59:00Z'))).toBe(weekNumber(day('2026-11-30')));
  });

  it('numbers the weekdays from Monday (1) to Sunday (7)', () => {
    expect(dayOfWeek(day('2026-11-30'))).toBe(1);
    expect(dayOfWeek(day('2026-12-06'))).toBe(7);
  });
});

describe('school days', () => {
  it('are Monday to Friday, less the days off', () => {
    expect(isSchoolDay(day('2026-11-27'))).toBe(true);
    expect(isSchoolDay(day('2026-11-28'))).toBe(false);
    expect(isSchoolDay(day('2026-11-29'))).toBe(false);
    expect(isSchoolDay(day('2026-11-26'), new Set(['2026-11-26']))).toBe(false);
  });

  it('are counted across a weekend, never counting the day itself', () => {
    expect(dayKey(addSchoolDays(day('2026-11-27'), 1))).toBe('2026-11-30');
    expect(dayKey(addSchoolDays(day('2026-11-28'), 1))).toBe('2026-11-30');
    expect(dayKey(addSchoolDays(day('2026-11-26'), 2))).toBe('2026-11-30');
    expect(dayKey(addSchoolDays(day('2026-11-02'), 5))).toBe('2026-11-09');
    expect(dayKey(addSchoolDays(day('2026-11-30'), -1))).toBe('2026-11-27');
    expect(dayKey(addSchoolDays(day('2026-11-30'), 0))).toBe('2026-11-30');
  });

  it('skip the days off', () => {
    const thanksgiving = new Set(['2026-11-26', '2026-11-27']);
    expect(dayKey(addSchoolDays(day('2026-11-25'), 1, thanksgiving))).toBe('2026-11-30');
    expect(dayKey(addSchoolDays(day('2026-11-30'), -1, thanksgiving))).toBe('2026-11-25');
  });
});

describe('today', () => {
  // Local midnight on the days the clocks change, and the midnight after.
  it.each([
    // New York springs forward on 2026-03-08 (EST, UTC-5, until 02:00; then EDT, UTC-4).
    ['America/New_York', '2026-03-08T04:59:59.999Z', '2026-03-07'],
    ['America/New_York', '2026-03-08T05:00:00.000Z', '2026-03-08'],
    ['America/New_York', '2026-03-09T03:59:59.999Z', '2026-03-08'],
    ['America/New_York', '2026-03-09T04:00:00.000Z', '2026-03-09'],
    // and falls back on 2026-11-01.
    ['America/New_York', '2026-11-01T03:59:59.999Z', '2026-10-31'],
    ['America/New_York', '2026-11-01T04:00:00.000Z', '2026-11-01'],
    ['America/New_York', '2026-11-02T04:59:59.999Z', '2026-11-01'],
    ['America/New_York', '2026-11-02T05:00:00.000Z', '2026-11-02'],
    // London springs forward on 2026-03-29 (GMT until 01:00; then BST, UTC+1).
    ['Europe/London', '2026-03-28T23:59:59.999Z', '2026-03-28'],
    ['Europe/London', '2026-03-29T00:00:00.000Z', '2026-03-29'],
    ['Europe/London', '2026-03-29T22:59:59.999Z', '2026-03-29'],
    ['Europe/London', '2026-03-29T23:00:00.000Z', '2026-03-30'],
    // and falls back on 2026-10-25.
    ['Europe/London', '2026-10-24T22:59:59.999Z', '2026-10-24'],
    ['Europe/London', '2026-10-24T23:00:00.000Z', '2026-10-25'],
    ['Europe/London', '2026-10-25T23:59:59.999Z', '2026-10-25'],
    ['Europe/London', '2026-10-26T00:00:00.000Z', '2026-10-26'],
    // The same instant is a different day on either side of the date line.
    ['Pacific/Kiritimati', '2026-12-31T10:00:00.000Z', '2027-01-01'],
    ['Pacific/Pago_Pago', '2026-12-31T10:00:00.000Z', '2026-12-30'],
  ])('in %s at %s is %s', (zone, now, expected) => {
    const date = today(zone, new Date(now));
    expect(date).toEqual(day(expected));
  });
});

describe("the server's own time zone", () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it.each([
    ['Pacific/Kiritimati', -14 * 60],
    ['America/St_Johns', 3.5 * 60],
  ])('changes no answer (%s)', (zone, offset) => {
    process.env.TZ = zone;
    expect(new Date('2026-12-01T12:00:00Z').getTimezoneOffset()).toBe(offset);
    expect(day('2026-11-30').toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(dayKey(day('2026-11-30'))).toBe('2026-11-30');
    expect(dayKey(addDays(day('2028-02-28'), 1))).toBe('2028-02-29');
    expect(daysBetween(day('2026-03-01'), day('2026-04-01'))).toBe(31);
    expect(dayKey(weekStartOf(day('2027-01-03')))).toBe('2026-12-28');
    expect(isSchoolDay(day('2026-11-28'))).toBe(false);
    expect(dayKey(addSchoolDays(day('2026-11-27'), 1))).toBe('2026-11-30');
    expect(today('America/New_York', new Date('2026-03-08T05:00:00Z'))).toEqual(day('2026-03-08'));
  });
});
