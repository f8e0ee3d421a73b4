// The minutes arithmetic, case by case: what a district audits. Each expected number is worked
// out by hand in a comment beside it, from the school days of the calendars below. Minutes fall
// due once a day is over (due counts the days before today); a session counts from its own day
// (delivered counts up to and including today).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDay } from '../../../src/calendar/dates.js';
import { SchoolCalendar } from '../../../src/calendar/school-calendar.js';
import {
  caseloadTotals,
  dueBetween,
  earliestNeeded,
  servicePeriod,
  studentMinutes,
  yearStartOf,
} from '../../../src/features/minutes/minutes.js';
import { minutesView } from '../../../src/features/minutes/minutes.service.js';
import type { MandateInput, MinutesInput, SessionRowInput, StudentMinutes } from '../../../src/features/minutes/minutes.js';

const d = (text: string) => parseDay(text)!;

/**
 * 2026-27 as a district enters it: the year runs Tue Sep 8 to Fri Jun 18, with Thanksgiving
 * (Nov 26-27), winter break (Dec 23 - Jan 1), Martin Luther King Day (Jan 18) and spring break
 * (Apr 5-9) off. The year before is entered too, so the summer between is off.
 */
const years = [
  { firstDay: d('2025-09-08'), lastDay: d('2026-06-19') },
  { firstDay: d('2026-09-08'), lastDay: d('2027-06-18') },
];
const holidays = [
  { startDate: d('2026-11-26'), endDate: d('2026-11-27') },
  { startDate: d('2026-12-23'), endDate: d('2027-01-01') },
  { startDate: d('2027-01-18'), endDate: d('2027-01-18') },
  { startDate: d('2027-04-05'), endDate: d('2027-04-09') },
];
const year2627 = new SchoolCalendar(years, holidays);
/** No calendar entered: every Monday to Friday is a school day. */
const weekdays = SchoolCalendar.weekdays();

let nextId = 1;
function mandate(fields: Partial<MandateInput> & Pick<MandateInput, 'minutes' | 'period'>): MandateInput {
  return { id: nextId++, delivery: 'pull_out', startDate: d('2026-09-08'), endDate: d('2027-06-18'), ...fields };
}

function row(date: string, fields: Partial<SessionRowInput> = {}): SessionRowInput {
  return {
    rowId: nextId++,
    date: d(date),
    serviceType: 'individual',
    attendance: 'attended',
    minutes: 30,
    voided: false,
    makeUpForRowId: null,
    ...fields,
  };
}

function minutes(fields: Partial<MinutesInput> & Pick<MinutesInput, 'mandates' | 'today'>): StudentMinutes {
  return studentMinutes({
    studentId: 1,
    calendar: year2627,
    exitedOn: null,
    rows: [],
    makeUpCauses: ['therapist_absent', 'school_closed'],
    ...fields,
  });
}

const direct = (m: StudentMinutes) => m.lines.find((l) => l.kind === 'direct');

describe('a week across a month end and a year end', () => {
  const weekly = [mandate({ minutes: 90, period: 'week' })];
  const monthly = [mandate({ minutes: 120, period: 'month' })];

  it('owes nothing in the winter break and a day\u2019s share once school is back', () => {
    // Dec 29 - Jan 1 are off, Jan 2-3 a weekend; Jan 4 is one of 5 school days: 90 / 5 = 18.
    expect(dueBetween(weekly, year2627, null, d('2026-12-29'), d('2027-01-04'))).toBeCloseTo(18);
    // The week before the break has 2 school days (Dec 21-22): they carry the whole week.
    expect(dueBetween(weekly, year2627, null, d('2026-12-21'), d('2026-12-27'))).toBeCloseTo(90);
  });

  it('shows a week of break as the current week with nothing due', () => {
    const line = direct(minutes({ mandates: weekly, today: d('2026-12-30') }))!;
    expect(line.periodLabel).toBe('This week (Dec 28 – Jan 1)');
    expect([line.periodStart, line.periodEnd]).toEqual([d('2026-12-28'), d('2027-01-03')]);
    expect([line.due, line.duePeriod, line.behind]).toEqual([0, 0, 0]);
  });

  it('splits a monthly mandate at the month end by each month\u2019s own school days', () => {
    // November has 19 school days (21 weekdays less Thanksgiving), December 16 (Dec 1-22).
    // Nov 30 is one of November's; Dec 1-4 four of December's: 120/19 + 4 * 120/16.
    expect(dueBetween(monthly, year2627, null, d('2026-11-30'), d('2026-12-04'))).toBeCloseTo(120 / 19 + 30);
    // January 2027 has 19 school days (Jan 4-29 less Martin Luther King Day); Dec 28-31 are off.
    expect(dueBetween(monthly, year2627, null, d('2026-12-28'), d('2027-01-08'))).toBeCloseTo((5 * 120) / 19);
    // A whole month owes its minutes.
    expect(dueBetween(monthly, year2627, null, d('2026-12-01'), d('2026-12-31'))).toBeCloseTo(120);
  });
});

describe('a monthly mandate starting mid-month', () => {
  // From Wed Jan 13: Jan 13-15, 19-22 and 25-29 are 12 of January's 19 school days.
  const monthly = [mandate({ minutes: 120, period: 'month', startDate: d('2027-01-13') })];

  it('owes its share of the month\u2019s school days from its start', () => {
    expect(dueBetween(monthly, year2627, null, d('2027-01-01'), d('2027-01-31'))).toBeCloseTo((120 * 12) / 19);
    const line = direct(minutes({ mandates: monthly, today: d('2027-01-31') }))!;
    expect(line.periodLabel).toBe('January');
    expect([line.due, line.duePeriod]).toEqual([76, 76]); // 75.79
  });

  it('counts due before today', () => {
    // On Thu Jan 21: Jan 13-15 and Jan 19-20 are over, 5 days of 19 -> 31.58.
    const line = direct(minutes({ mandates: monthly, today: d('2027-01-21') }))!;
    expect([line.due, line.duePeriod]).toEqual([32, 76]);
  });
});

describe('an amendment mid-week', () => {
  // 60 a week until Tue Feb 2, then 90 a week from Wed Feb 3; the week of Feb 1 has 5 school days.
  const old = mandate({ minutes: 60, period: 'week', endDate: d('2027-02-02') });
  const amended = mandate({ minutes: 90, period: 'week', startDate: d('2027-02-03') });

  it('owes Monday and Tuesday at the old rate and the rest at the new', () => {
    // 2 * 60/5 + 3 * 90/5 = 24 + 54.
    expect(dueBetween([old, amended], year2627, null, d('2027-02-01'), d('2027-02-07'))).toBeCloseTo(78);
    // On Sat Feb 6 the week's five school days are over: all 78 are due.
    const line = direct(minutes({ mandates: [old, amended], today: d('2027-02-06') }))!;
    expect([line.due, line.duePeriod, line.period]).toEqual([78, 78, 'week']);
  });

  it('on the Tuesday, shows the old mandate\u2019s week and the whole week as amended', () => {
    // Tuesday is the old mandate's last day; only Monday is over: 60/5 = 12.
    const line = direct(minutes({ mandates: [amended, old], today: d('2027-02-02') }))!;
    expect([line.due, line.duePeriod]).toEqual([12, 78]);
  });
});

describe('delivered minutes', () => {
  const weekly = [mandate({ minutes: 90, period: 'week' })];

  it('credit each child of a group session fully, and a child who left early with their own minutes', () => {
    // The same 30-minute group session, one row per child.
    const session = { date: '2027-02-01', serviceType: 'group' as const };
    const ana = minutes({ mandates: weekly, today: d('2027-02-05'), rows: [row(session.date, { serviceType: 'group' })] });
    const ben = minutes({ mandates: weekly, today: d('2027-02-05'), rows: [row(session.date, { serviceType: 'group' })] });
    const cam = minutes({ mandates: weekly, today: d('2027-02-05'), rows: [row(session.date, { serviceType: 'group', minutes: 20 })] });
    expect([direct(ana)!.delivered, direct(ben)!.delivered, direct(cam)!.delivered]).toEqual([30, 30, 20]);
    // On Friday, Mon-Thu are due: 4 * 90/5 = 72, less 30.
    expect([direct(ana)!.due, direct(ana)!.behind]).toEqual([72, 42]);
  });

  it('do not count a voided session, an absence, an evaluation, or a session after today', () => {
    const m = minutes({
      mandates: weekly,
      today: d('2027-02-03'),
      rows: [
        row('2027-02-01', { voided: true }),
        row('2027-02-01', { attendance: 'student_absent' }),
        row('2027-02-02', { serviceType: 'evaluation' }),
        row('2027-02-04'),
        row('2027-02-03', { serviceType: 'push_in', minutes: 15 }),
      ],
    });
    expect(direct(m)!.delivered).toBe(15);
    expect(m.makeUps.map((c) => c.cause)).toEqual(['student_absent']);
  });

  it('keep consultation apart from direct service', () => {
    // On Sat Feb 27 all 20 of February's school days are over: the month's 30 are due.
    const m = minutes({
      mandates: [...weekly, mandate({ minutes: 30, period: 'month', delivery: 'consultation' })],
      today: d('2027-02-27'),
      rows: [row('2027-02-10', { serviceType: 'consultation', minutes: 25 }), row('2027-02-22', { minutes: 45 })],
    });
    const consultation = m.lines.find((l) => l.kind === 'consultation')!;
    expect([consultation.delivered, consultation.due, consultation.behind, consultation.periodLabel]).toEqual([25, 30, 5, 'February']);
    expect(direct(m)!.delivered).toBe(45);
  });
});

describe('make-ups', () => {
  const weekly = [mandate({ minutes: 90, period: 'week' })];

  it('count as delivered and reduce what is owed; only the district\u2019s causes are owed', () => {
    const missedByTherapist = row('2027-02-08', { attendance: 'therapist_absent' });
    const closed = row('2027-02-12', { attendance: 'school_closed' });
    // On Sat Feb 13 the whole week is due.
    const m = minutes({
      mandates: weekly,
      today: d('2027-02-13'),
      rows: [
        missedByTherapist,
        row('2027-02-09', { attendance: 'student_absent' }),
        row('2027-02-10', { makeUpForRowId: missedByTherapist.rowId }),
        row('2027-02-11'),
        closed,
        row('2027-02-12', { makeUpForRowId: closed.rowId, minutes: 20 }),
      ],
    });
    // Delivered 30 + 30 + 20 of 90 due this week.
    expect([direct(m)!.delivered, direct(m)!.due, direct(m)!.behind]).toEqual([80, 90, 10]);
    expect(m.makeUps).toEqual([
      { cause: 'student_absent', mustMakeUp: false, missed: 30, madeUp: 0, owed: 0, sessions: 1 },
      { cause: 'therapist_absent', mustMakeUp: true, missed: 30, madeUp: 30, owed: 0, sessions: 1 },
      { cause: 'school_closed', mustMakeUp: true, missed: 30, madeUp: 20, owed: 10, sessions: 1 },
    ]);
    expect(m.owed).toBe(10);
  });

  it('make up at most the minutes missed, and a voided make-up makes up nothing', () => {
    const missed = row('2027-02-08', { attendance: 'therapist_absent' });
    const other = row('2027-02-09', { attendance: 'therapist_absent' });
    const m = minutes({
      mandates: weekly,
      today: d('2027-02-12'),
      rows: [
        missed,
        other,
        row('2027-02-10', { makeUpForRowId: missed.rowId, minutes: 45 }),
        row('2027-02-11', { makeUpForRowId: other.rowId, voided: true }),
        row('2027-02-11', { attendance: 'therapist_absent', voided: true }),
      ],
    });
    expect(m.makeUps).toEqual([{ cause: 'therapist_absent', mustMakeUp: true, missed: 60, madeUp: 30, owed: 30, sessions: 2 }]);
    expect(direct(m)!.delivered).toBe(45);
  });

  it('follow the district rule', () => {
    const m = minutes({
      mandates: weekly,
      today: d('2027-02-12'),
      rows: [row('2027-02-09', { attendance: 'student_absent' })],
      makeUpCauses: ['student_absent'],
    });
    expect(m.makeUps).toEqual([{ cause: 'student_absent', mustMakeUp: true, missed: 30, madeUp: 0, owed: 30, sessions: 1 }]);
  });

  it('count only this school year\u2019s misses', () => {
    const m = minutes({ mandates: weekly, today: d('2026-09-10'), rows: [row('2026-06-01', { attendance: 'therapist_absent' })] });
    expect(m.makeUps).toEqual([]);
  });
});

describe('a break week and the 3:1 model', () => {
  // A fall break (Oct 12-16) on top of the year's days off.
  const calendar = new SchoolCalendar(years, [...holidays, { startDate: d('2026-10-12'), endDate: d('2026-10-16') }]);
  const cycle = [mandate({ minutes: 90, period: 'four_weeks', delivery: 'push_in' })];

  it('owes nothing in a break week', () => {
    const weekly = [mandate({ minutes: 100, period: 'week' })];
    expect(dueBetween(weekly, calendar, null, d('2026-10-12'), d('2026-10-18'))).toBe(0);
    const line = direct(minutes({ mandates: weekly, calendar, today: d('2026-10-14') }))!;
    expect([line.due, line.duePeriod]).toEqual([0, 0]);
  });

  it('shares a cycle\u2019s minutes over its first three school weeks, the fourth indirect', () => {
    // Cycle 1 counts from the year's first week: Sep 8-11 (4 days), Sep 14-18, Sep 21-25 are direct
    // (14 days); Sep 28 - Oct 2 is the indirect fourth week.
    expect(dueBetween(cycle, calendar, null, d('2026-09-08'), d('2026-09-27'))).toBeCloseTo(90);
    expect(dueBetween(cycle, calendar, null, d('2026-09-28'), d('2026-10-04'))).toBe(0);
    expect(dueBetween(cycle, calendar, null, d('2026-09-14'), d('2026-09-18'))).toBeCloseTo((90 * 5) / 14);
  });

  it('skips a break week: it does not count as one of the four', () => {
    // Cycle 2: Oct 5 (week 1), the break, Oct 19 (week 2), Oct 26 (week 3), Nov 2 (week 4): 15 direct days.
    expect(dueBetween(cycle, calendar, null, d('2026-10-12'), d('2026-10-16'))).toBe(0);
    expect(dueBetween(cycle, calendar, null, d('2026-10-05'), d('2026-11-08'))).toBeCloseTo(90);
    const second = direct(minutes({ mandates: cycle, calendar, today: d('2026-10-22') }))!;
    expect(second.periodLabel).toBe('3:1 cycle, week 2 of 4');
    // Before Thu Oct 22: Oct 5-9 and Oct 19-21, 8 of 15 days -> 48.
    expect([second.due, second.duePeriod, second.periodStart, second.periodEnd]).toEqual([48, 90, d('2026-10-05'), d('2026-11-08')]);
    const inBreak = direct(minutes({ mandates: cycle, calendar, today: d('2026-10-14') }))!;
    expect(inBreak.periodLabel).toBe('3:1 cycle, a week with no school');
    // Oct 5-9: 5 of 15 days; the break owes nothing.
    expect(inBreak.due).toBe(30);
  });

  it('in the fourth week, owes the whole cycle and nothing more', () => {
    const line = direct(minutes({ mandates: cycle, calendar, today: d('2026-11-02') }))!;
    expect(line.periodLabel).toBe('3:1 cycle, week 4 of 4 (indirect week: nothing due)');
    // On the Monday of the fourth week, the three direct weeks are over.
    expect([line.due, line.duePeriod]).toEqual([90, 90]);
    // Cycle 3: Nov 9, Nov 16 and Nov 23-25 (3 days: Thanksgiving) are direct, Nov 30 indirect.
    expect(dueBetween(cycle, calendar, null, d('2026-11-23'), d('2026-11-25'))).toBeCloseTo((90 * 3) / 13);
  });

  it('without a school year, counts cycles from the week the mandate started', () => {
    // From Wed Sep 9 2026: its week's 5 days count in full (Sep 7-11), so Sep 9-25 owe 13 of 15 days.
    const fromWednesday = [mandate({ minutes: 90, period: 'four_weeks', startDate: d('2026-09-09') })];
    expect(dueBetween(fromWednesday, weekdays, null, d('2026-09-01'), d('2026-09-27'))).toBeCloseTo(78);
    expect(dueBetween(fromWednesday, weekdays, null, d('2026-09-28'), d('2026-10-04'))).toBe(0);
    expect(servicePeriod(fromWednesday[0]!, d('2026-10-05'), weekdays).start).toEqual(d('2026-10-05'));
  });
});

describe('a leap day', () => {
  it('is a school day like any other (Tue Feb 29 2028)', () => {
    const weekly = [mandate({ minutes: 100, period: 'week', startDate: d('2028-01-03'), endDate: d('2028-06-16') })];
    expect(dueBetween(weekly, weekdays, null, d('2028-02-28'), d('2028-02-29'))).toBeCloseTo(40);
    // February 2028 has 21 weekdays: 210 a month is 10 a day.
    const monthly = [mandate({ minutes: 210, period: 'month', startDate: d('2028-01-03'), endDate: d('2028-06-16') })];
    expect(dueBetween(monthly, weekdays, null, d('2028-02-29'), d('2028-02-29'))).toBeCloseTo(10);
  });

  it('starts a yearly mandate\u2019s next plan year on Feb 28 in a year without one', () => {
    const yearly = { period: 'year' as const, startDate: d('2028-02-29') };
    const first = servicePeriod(yearly, d('2029-02-27'), weekdays);
    expect([first.start, first.end]).toEqual([d('2028-02-29'), d('2029-02-27')]);
    const second = servicePeriod(yearly, d('2029-03-01'), weekdays);
    expect([second.start, second.end]).toEqual([d('2029-02-28'), d('2030-02-27')]);
  });
});

describe('a week when the clocks change', () => {
  const zone = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'America/New_York';
  });
  afterAll(() => {
    // Not `process.env.TZ = zone` when there was none: that sets the text "undefined", an unknown
    // zone, and every app made after it in this worker (they share a process) had no time zone.
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  // Clocks go back on Sun Nov 1 2026 and forward on Sun Mar 14 2027: each Sunday ends a week
  // (Monday to Sunday), and the weeks after begin in the new time. On the Sunday (the day the
  // clocks change, for two of them), the week's five school days are over and all 100 are due.
  it.each([
    ['2026-10-26', '2026-11-01'],
    ['2026-11-02', '2026-11-08'],
    ['2027-03-08', '2027-03-14'],
    ['2027-03-15', '2027-03-21'],
  ])('the week of %s still has 5 school days and owes the same', (monday, sunday) => {
    const weekly = [mandate({ minutes: 100, period: 'week' })];
    expect(dueBetween(weekly, year2627, null, d(monday), d(monday))).toBeCloseTo(20);
    const line = direct(minutes({ mandates: weekly, today: d(sunday) }))!;
    expect([line.due, line.duePeriod]).toEqual([100, 100]);
    expect(line.periodStart).toEqual(d(monday));
  });
});

describe('a student exited mid-period', () => {
  it('owes nothing after the day they exited', () => {
    // Exited Wed Feb 3: Mon-Wed of a 100-minute week.
    const weekly = [mandate({ minutes: 100, period: 'week' })];
    const line = direct(minutes({ mandates: weekly, exitedOn: d('2027-02-03'), today: d('2027-02-05') }))!;
    expect([line.due, line.duePeriod]).toEqual([60, 60]);
    expect(dueBetween(weekly, year2627, d('2027-02-03'), d('2027-02-04'), d('2027-03-31'))).toBe(0);
  });
});

describe('a mandate ending mid-period', () => {
  it('owes only its days in force, shared over the whole week', () => {
    // In force Mon-Wed of a 5-day week: 60 in all. On Wednesday, its last day, Mon-Tue are due.
    const weekly = [mandate({ minutes: 100, period: 'week', endDate: d('2027-02-03') })];
    const line = direct(minutes({ mandates: weekly, today: d('2027-02-03') }))!;
    expect([line.due, line.duePeriod]).toEqual([40, 60]);
    expect(minutes({ mandates: weekly, today: d('2027-02-04') }).lines).toEqual([]);
  });
});

describe('a yearly mandate', () => {
  it('with a school year entered, shares the minutes over the year\u2019s school days', () => {
    const yearly = [mandate({ minutes: 1800, period: 'year' })];
    const schoolDays = year2627.schoolDaysBetween(d('2026-09-08'), d('2027-06-18'));
    // 204 weekdays less 16 days off: Thanksgiving (2), winter break (8), King Day (1), spring break (5).
    expect(schoolDays).toBe(188);
    const line = direct(minutes({ mandates: yearly, today: d('2026-10-05') }))!;
    expect(line.periodLabel).toBe('School year');
    expect([line.periodStart, line.periodEnd]).toEqual([d('2026-09-08'), d('2027-06-18')]);
    // Before Mon Oct 5: Sep 8 - Oct 2, 4 + 5 + 5 + 5 = 19 school days: 1800 * 19 / 188 = 181.9.
    expect(line.due).toBe(182);
    expect(line.duePeriod).toBe(1800);
    expect([line.yearStart, line.yearDue]).toEqual([d('2026-09-08'), line.due]);
  });

  it('without one, shares them over the weekdays of the 12 months from its start', () => {
    // Sep 8 2026 - Sep 7 2027 has 261 weekdays; Sep 8 - Oct 2, before Mon Oct 5, are 19.
    const yearly = [mandate({ minutes: 1800, period: 'year' })];
    const line = direct(minutes({ mandates: yearly, calendar: weekdays, today: d('2026-10-05') }))!;
    expect(line.periodLabel).toBe('Plan year from Sep 8, 2026');
    expect([line.periodStart, line.periodEnd]).toEqual([d('2026-09-08'), d('2027-09-07')]);
    expect(line.due).toBe(Math.round((1800 * 19) / 261));
  });
});

describe('school year to date', () => {
  it('runs from the first day of the school year, whatever mandates came before', () => {
    const weekly = [mandate({ minutes: 90, period: 'week', startDate: d('2026-06-01') })];
    // Before Mon Oct 5, Sep 8 - Oct 2 is four whole weeks of school (the first has 4 days, which
    // carry its 90): 360. June's session was last school year.
    const line = direct(minutes({ mandates: weekly, today: d('2026-10-05'), rows: [row('2026-09-09'), row('2026-06-02')] }))!;
    expect([line.yearStart, line.yearDue, line.yearDelivered, line.yearBehind]).toEqual([d('2026-09-08'), 360, 30, 330]);
  });

  it('without a school year, runs from the earliest mandate in force in the last 12 months, at most 365 days back', () => {
    const recent = mandate({ minutes: 90, period: 'week', startDate: d('2026-03-02'), endDate: d('2027-03-01') });
    expect(yearStartOf([recent], weekdays, d('2026-10-02'))).toEqual(d('2026-03-02'));
    const long = mandate({ minutes: 90, period: 'week', startDate: d('2024-09-02'), endDate: d('2027-03-01') });
    expect(yearStartOf([long, recent], weekdays, d('2026-10-02'))).toEqual(d('2025-10-02'));
    const ended = mandate({ minutes: 90, period: 'week', startDate: d('2024-09-02'), endDate: d('2025-06-01') });
    expect(yearStartOf([ended, recent], weekdays, d('2026-10-02'))).toEqual(d('2026-03-02'));
  });

  it('reads sessions from the earliest of the year and the current periods', () => {
    // On Sep 10 the month began before the school year; on Oct 10 the school year began first.
    const monthly = mandate({ minutes: 120, period: 'month' });
    expect(earliestNeeded({ mandates: [monthly], calendar: year2627, today: d('2026-09-10') })).toEqual(d('2026-09-01'));
    expect(earliestNeeded({ mandates: [monthly], calendar: year2627, today: d('2026-10-10') })).toEqual(d('2026-09-08'));
  });
});

describe('rounding', () => {
  it('works out behind from the rounded numbers a person reads', () => {
    // 100 a month; November has 19 school days. On Wed Nov 4, Nov 2-3 are due: 200/19 = 10.53 -> 11;
    // 10 delivered -> 1 behind.
    const monthly = [mandate({ minutes: 100, period: 'month' })];
    const line = direct(minutes({ mandates: monthly, today: d('2026-11-04'), rows: [row('2026-11-02', { minutes: 10 })] }))!;
    expect([line.due, line.delivered, line.behind, line.duePeriod]).toEqual([11, 10, 1, 100]);
    // The year: 100 for September (from Sep 8: all 17 of its school days), October's 22 days, and Nov 2-3.
    expect(line.yearDue).toBe(Math.round(100 + 100 + 200 / 19));
    expect(line.yearBehind).toBe(line.yearDue - 10);
  });

  it('is never behind when ahead', () => {
    // On Tue Feb 2, Monday's 30/5 = 6 is due.
    const weekly = [mandate({ minutes: 30, period: 'week' })];
    const line = direct(minutes({ mandates: weekly, today: d('2027-02-02'), rows: [row('2027-02-01', { minutes: 45 })] }))!;
    expect([line.due, line.delivered, line.behind]).toEqual([6, 45, 0]);
  });
});

describe('the first morning of a week or a school year', () => {
  it('owes nothing yet this week, and a session logged today counts at once: ahead, not behind', () => {
    const weekly = [mandate({ minutes: 90, period: 'week' })];
    const line = direct(minutes({ mandates: weekly, today: d('2027-02-08'), rows: [row('2027-02-08')] }))!;
    expect([line.due, line.delivered, line.behind, line.duePeriod]).toEqual([0, 30, 0, 90]);
    // The school year before today: 21 weeks with school from Sep 7 to Feb 1 (the week of
    // Dec 28 has none), 90 each.
    expect([line.yearDue, line.yearDelivered, line.yearBehind]).toEqual([1890, 30, 1860]);
    const view = minutesView(minutes({ mandates: weekly, today: d('2027-02-08'), rows: [row('2027-02-08')] })).lines[0]!;
    expect(view.sentence).toBe('30 min given; 0 min due before today this week (30 min ahead)');
    expect(view.behind).toBe(false);
    // And with nothing logged yet, nobody is behind.
    const none = direct(minutes({ mandates: weekly, today: d('2027-02-08') }))!;
    expect([none.due, none.behind]).toEqual([0, 0]);
  });

  it('on the first day of school, owes nothing for the year yet', () => {
    const weekly = [mandate({ minutes: 90, period: 'week' })];
    const line = direct(minutes({ mandates: weekly, today: d('2026-09-08') }))!;
    expect([line.due, line.yearDue, line.yearBehind, line.duePeriod]).toEqual([0, 0, 0, 90]);
  });
});

describe('caseload totals', () => {
  it('add each student\u2019s direct line, behind student by student, and make-ups by cause', () => {
    const weekly = [mandate({ minutes: 90, period: 'week' })];
    const behind = minutes({ mandates: weekly, today: d('2027-02-12'), rows: [row('2027-02-08', { attendance: 'therapist_absent' })] });
    const ahead = minutes({
      mandates: [...weekly, mandate({ minutes: 30, period: 'month', delivery: 'consultation' })],
      today: d('2027-02-12'),
      rows: [row('2027-02-08', { minutes: 120 }), row('2027-02-09', { attendance: 'student_absent' })],
    });
    const totals = caseloadTotals([behind, ahead]);
    // On Friday, Mon-Thu are due for each: 72 + 72. Behind is 72 + 0, not 144 - 120.
    expect([totals.due, totals.delivered, totals.behind, totals.owed]).toEqual([144, 120, 72, 30]);
    // The year before today: 21 weeks with school from Sep 7 to Feb 1 (90 each) and Feb 8-11: 1962
    // each. Behind 1962 and 1962 - 120.
    expect([totals.yearDue, totals.yearDelivered, totals.yearBehind]).toEqual([2 * 1962, 120, 1962 + 1842]);
    expect(totals.makeUps.map((c) => [c.cause, c.missed, c.owed, c.sessions])).toEqual([
      ['student_absent', 30, 0, 1],
      ['therapist_absent', 30, 30, 1],
    ]);
  });
});
