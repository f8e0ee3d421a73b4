// Minutes due against minutes delivered: the arithmetic a district audits, in one place. Pure: it
// reads mandates, a school calendar and session rows handed to it, and never the database, so
// every page, export and dashboard that shows minutes gets the same numbers from the same code.
//
// The rules, and why:
// - Each school day is due against the mandates in force on that day (date-effective), so an
//   amendment mid-week counts the old rate before it and the new rate after it.
// - A mandate's daily share on a school day is its minutes over the school days of the whole
//   service period holding that day, counted in full even when the mandate starts or ends inside
//   the period: a weekly mandate that starts on a Wednesday owes 3/5 of its minutes that week,
//   which is what an OT would owe by hand, and a holiday makes the other days carry the week.
// - Nothing falls due on a day off or after the student exited.
// - A day's share falls due once the day is over: due counts the days before today, so nobody is
//   "behind" on a Monday morning; delivered counts sessions up to and including today, so a session
//   logged this morning counts at once. The same for the period and the school year to date.
// - Fractions are kept until the end; only the numbers a person reads are rounded, and "behind"
//   is worked out from those rounded numbers, so due - delivered = behind on the page.
import type { Attendance, Delivery, MandatePeriod, ServiceType } from '../../generated/prisma/enums.js';
import { addDays, addYears, dayKey, dayNumber, weekNumber, weekStartOf, yearsBetween } from '../../calendar/dates.js';
import type { SchoolCalendar, YearSpan } from '../../calendar/school-calendar.js';

export type MinutesKind = 'direct' | 'consultation';

export type MandateInput = {
  id: number;
  minutes: number;
  period: MandatePeriod;
  delivery: Delivery;
  startDate: Date;
  endDate: Date;
};

/** One student's row in a session: `minutes` is what the student had (the row's, else the session's). */
export type SessionRowInput = {
  rowId: number;
  date: Date;
  serviceType: ServiceType;
  attendance: Attendance;
  minutes: number;
  voided: boolean;
  makeUpForRowId: number | null;
};

export type MinutesLine = {
  kind: MinutesKind;
  /** Of the mandate in force today. */
  period: MandatePeriod;
  /** "This week (Nov 30 – Dec 4)", "December", "School year", "3:1 cycle, week 2 of 4". */
  periodLabel: string;
  periodStart: Date;
  periodEnd: Date;
  /**
   * Whole minutes: due in the current period before today (a day's share falls due once the
   * day is over, so nobody is "behind" on a Monday morning), delivered in it up to and including
   * today (a session logged this morning counts at once), and behind.
   */
  due: number;
  delivered: number;
  behind: number;
  /** The whole current period's minutes, rounded. */
  duePeriod: number;
  yearStart: Date;
  /** School year to date, from `yearStart`: due before today, delivered up to and including today, and behind. */
  yearDue: number;
  yearDelivered: number;
  yearBehind: number;
};

/**
 * Missed sessions of one cause this school year. `owed` is missed - madeUp for a cause the district
 * says must be made up, and 0 for the others (they are listed so the OT sees them, but nothing is owed).
 */
export type MakeUpCause = { cause: Attendance; mustMakeUp: boolean; missed: number; madeUp: number; owed: number; sessions: number };

export type StudentMinutes = { studentId: number; lines: MinutesLine[]; makeUps: MakeUpCause[]; owed: number };

export type MinutesInput = {
  studentId: number;
  mandates: readonly MandateInput[];
  calendar: SchoolCalendar;
  exitedOn: Date | null;
  rows: readonly SessionRowInput[];
  today: Date;
  /** The causes the district says must be made up (DistrictSetting.makeUpCauses). */
  makeUpCauses: readonly Attendance[];
};

// ---------------------------------------------------------------------------------------------
// Kinds: which mandates a session delivers.

const directDeliveries: readonly Delivery[] = ['pull_out', 'push_in'];
const serviceKinds: Record<ServiceType, MinutesKind | null> = {
  individual: 'direct',
  group: 'direct',
  push_in: 'direct',
  consultation: 'consultation',
  // An evaluation is not a service the plan promises: it counts toward neither.
  evaluation: null,
};

export function kindOfDelivery(delivery: Delivery): MinutesKind {
  return directDeliveries.includes(delivery) ? 'direct' : 'consultation';
}

export function kindOfService(serviceType: ServiceType): MinutesKind | null {
  return serviceKinds[serviceType];
}

export const kinds: readonly MinutesKind[] = ['direct', 'consultation'];

// ---------------------------------------------------------------------------------------------
// School days, remembered per calendar: a year's due walks each day, and a caseload page walks
// many students of the same school.

const schoolDayMemo = new WeakMap<SchoolCalendar, Map<number, boolean>>();

function isSchoolDay(calendar: SchoolCalendar, day: Date): boolean {
  let memo = schoolDayMemo.get(calendar);
  if (!memo) schoolDayMemo.set(calendar, (memo = new Map()));
  const key = day.getTime();
  let answer = memo.get(key);
  if (answer === undefined) memo.set(key, (answer = calendar.isSchoolDay(day)));
  return answer;
}

// By their numbers: comparing two Dates with <= converts each to a number first, slowly, and a
// caseload's school year compares thousands.
const minDate = (a: Date, b: Date) => (a.getTime() <= b.getTime() ? a : b);
const maxDate = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);

function countDays(from: Date, to: Date, bears: (day: Date) => boolean): number {
  let n = 0;
  for (let d = from, last = to.getTime(); d.getTime() <= last; d = addDays(d, 1)) if (bears(d)) n++;
  return n;
}

function monthOf(day: Date): { start: Date; end: Date } {
  const start = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1));
  const next = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1));
  return { start, end: addDays(next, -1) };
}

/**
 * The stretch of the calendar a day lies in: an entered school year, or the time before, between
 * or after them. A yearly period and a 3:1 cycle never reach across a stretch's edge, so each day
 * has exactly one period and the periods do not overlap.
 */
type Stretch = { year: YearSpan | null; from: Date | null; to: Date | null };

function stretchOf(calendar: SchoolCalendar, day: Date): Stretch {
  const year = calendar.yearOf(day);
  if (year) return { year, from: year.firstDay, to: year.lastDay };
  let from: Date | null = null;
  let to: Date | null = null;
  for (const y of calendar.years) {
    if (y.lastDay < day && (!from || y.lastDay >= from)) from = addDays(y.lastDay, 1);
    if (y.firstDay > day && (!to || y.firstDay <= to)) to = addDays(y.firstDay, -1);
  }
  return { year: null, from, to };
}

const inStretch = (s: Stretch, day: Date) => (!s.from || day >= s.from) && (!s.to || day <= s.to);

// ---------------------------------------------------------------------------------------------
// The 3:1 model: cycles of four school weeks (a week with at least one school day; a week of
// break is skipped and does not count), the first three direct, the fourth indirect.

type CycleWeek = { monday: Date; /** 1-4; 0 for a week with no school. */ position: number };
type Cycle = { start: Date; end: Date; weeks: CycleWeek[]; directDays: number };

const cycleMemo = new WeakMap<SchoolCalendar, Map<string, Cycle[]>>();
/** A guard: a cycle looks at most this many weeks ahead for its four school weeks (a summer is ~12). */
const MAX_WEEKS_IN_CYCLE = 40;

function cyclesOf(calendar: SchoolCalendar, anchor: Date, stretch: Stretch): Cycle[] {
  let memo = cycleMemo.get(calendar);
  if (!memo) cycleMemo.set(calendar, (memo = new Map()));
  const key = `${dayKey(anchor)}|${stretch.from ? dayKey(stretch.from) : ''}|${stretch.to ? dayKey(stretch.to) : ''}`;
  let cycles = memo.get(key);
  if (!cycles) memo.set(key, (cycles = []));
  return cycles;
}

/** School days of the week starting `monday` that lie in the stretch. */
function schoolDaysOfWeek(calendar: SchoolCalendar, monday: Date, stretch: Stretch): number {
  return countDays(monday, addDays(monday, 6), (d) => inStretch(stretch, d) && isSchoolDay(calendar, d));
}

/** The cycle starting on `start` (a Monday, or the stretch's first day), ending on the Sunday of its
 *  fourth school week, or where the stretch ends: a cycle never reaches into another stretch. */
function nextCycle(calendar: SchoolCalendar, start: Date, stretch: Stretch): Cycle {
  const weeks: CycleWeek[] = [];
  let directDays = 0;
  let schoolWeeks = 0;
  let monday = weekStartOf(start);
  for (let n = 0; schoolWeeks < 4 && n < MAX_WEEKS_IN_CYCLE; n++, monday = addDays(monday, 7)) {
    if (stretch.to && monday > stretch.to) break;
    const days = schoolDaysOfWeek(calendar, monday, stretch);
    const position = days > 0 ? ++schoolWeeks : 0;
    if (position >= 1 && position <= 3) directDays += days;
    weeks.push({ monday, position });
  }
  const sunday = addDays(weeks.at(-1)!.monday, 6);
  return { start, end: stretch.to ? minDate(sunday, stretch.to) : sunday, weeks, directDays };
}

function cycleHolding(calendar: SchoolCalendar, anchor: Date, stretch: Stretch, day: Date): Cycle {
  const cycles = cyclesOf(calendar, anchor, stretch);
  for (;;) {
    const found = cycles.find((c) => c.start <= day && day <= c.end);
    if (found) return found;
    const last = cycles.at(-1);
    const first = stretch.from ? maxDate(anchor, stretch.from) : anchor;
    cycles.push(nextCycle(calendar, last ? addDays(last.end, 1) : first, stretch));
  }
}

// ---------------------------------------------------------------------------------------------
// Service periods.

export type ServicePeriod = {
  start: Date;
  end: Date;
  /** Does this day carry a share of the period's minutes? */
  bears: (day: Date) => boolean;
  /** How many days carry a share: the minutes are spread over them. */
  shareDays: number;
  /** How many days from `from` to `to` (within the period) carry a share. */
  daysBearing: (from: Date, to: Date) => number;
  label: string;
};

const shortDate = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const longDate = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
const monthName = new Intl.DateTimeFormat('en-US', { month: 'long', timeZone: 'UTC' });

/** Two days as one number, for a memo's key: day numbers stay below a million until the year 4707. */
const dayPair = (a: Date, b: Date) => dayNumber(a) * 1_000_000 + dayNumber(b);

// The school days of a week, month or year, remembered per calendar: a caseload's students share
// their schools' calendars, and so the same periods. Keys are numbers, not text: a caseload's
// school year asks thousands of times, and building a string each time was a tenth of Home's
// minutes.
const shareDaysMemo = new WeakMap<SchoolCalendar, Map<number, number>>();

function schoolDaysIn(calendar: SchoolCalendar, start: Date, end: Date): number {
  let memo = shareDaysMemo.get(calendar);
  if (!memo) shareDaysMemo.set(calendar, (memo = new Map()));
  const key = dayPair(start, end);
  let n = memo.get(key);
  if (n === undefined) memo.set(key, (n = countDays(start, end, (d) => isSchoolDay(calendar, d))));
  return n;
}

// A week's, a month's or a school year's period is the same for every mandate by the week, month
// or year on a calendar: a caseload's minutes ask for the same few dozen periods thousands of times.
// Kept by kind, each under a number: the week's, the month's, or the year's first and last days.
type PeriodMemo = Record<'week' | 'month' | 'year', Map<number, ServicePeriod>>;
const periodMemo = new WeakMap<SchoolCalendar, PeriodMemo>();

function remembered(calendar: SchoolCalendar, kind: keyof PeriodMemo, key: number, make: () => ServicePeriod): ServicePeriod {
  let memo = periodMemo.get(calendar);
  if (!memo) periodMemo.set(calendar, (memo = { week: new Map(), month: new Map(), year: new Map() }));
  let period = memo[kind].get(key);
  if (!period) memo[kind].set(key, (period = make()));
  return period;
}

/** The service period of `mandate` holding `day`, with the days that carry its minutes. */
export function servicePeriod(mandate: Pick<MandateInput, 'period' | 'startDate'>, day: Date, calendar: SchoolCalendar): ServicePeriod {
  const schoolDay = (d: Date) => isSchoolDay(calendar, d);
  // The label is written when read: counting a school year walks every week of it, and only the
  // current period's label is ever shown.
  const make = (start: Date, end: Date, label: () => string): ServicePeriod => ({
    start,
    end,
    bears: schoolDay,
    shareDays: schoolDaysIn(calendar, start, end),
    // School days, counted once per calendar and stretch of days for every student who shares it.
    daysBearing: (from, to) => schoolDaysIn(calendar, from, to),
    get label() {
      return label();
    },
  });
  switch (mandate.period) {
    case 'week': {
      // By the week's number: the Monday is made only the first time.
      return remembered(calendar, 'week', weekNumber(day), () => {
        const monday = weekStartOf(day);
        return make(monday, addDays(monday, 6), () => `This week (${shortDate.format(monday)} – ${shortDate.format(addDays(monday, 4))})`);
      });
    }
    case 'month': {
      return remembered(calendar, 'month', day.getUTCFullYear() * 12 + day.getUTCMonth(), () => {
        const { start, end } = monthOf(day);
        return make(start, end, () => monthName.format(start));
      });
    }
    case 'year': {
      const stretch = stretchOf(calendar, day);
      const year = stretch.year;
      if (year)
        return remembered(calendar, 'year', dayPair(year.firstDay, year.lastDay), () =>
          make(year.firstDay, year.lastDay, () => 'School year'),
        );
      // No school year entered: the 12 months from the latest anniversary of the mandate's start
      // on or before the day (a Feb 29 start has its anniversary on Feb 28), kept to the stretch.
      let years = Math.max(0, yearsBetween(mandate.startDate, day));
      while (addYears(mandate.startDate, years + 1) <= day) years++;
      while (years > 0 && addYears(mandate.startDate, years) > day) years--;
      const anniversary = addYears(mandate.startDate, years);
      const start = stretch.from ? maxDate(anniversary, stretch.from) : anniversary;
      const next = addDays(addYears(mandate.startDate, years + 1), -1);
      const end = stretch.to ? minDate(next, stretch.to) : next;
      return make(start, end, () => `Plan year from ${longDate.format(anniversary)}`);
    }
    case 'four_weeks': {
      // Cycles count from the week of the school year's first day; with no school year, from the
      // week the mandate started (but not before the stretch the day is in).
      const stretch = stretchOf(calendar, day);
      const from = stretch.year ? stretch.year.firstDay : stretch.from ? maxDate(mandate.startDate, stretch.from) : mandate.startDate;
      const cycle = cycleHolding(calendar, weekStartOf(from), stretch, day);
      const positions = new Map(cycle.weeks.map((w) => [w.monday.getTime(), w.position]));
      const positionOf = (d: Date) => positions.get(weekStartOf(d).getTime()) ?? 0;
      const position = positionOf(day);
      const label =
        position === 0
          ? '3:1 cycle, a week with no school'
          : `3:1 cycle, week ${position} of 4${position === 4 ? ' (indirect week: nothing due)' : ''}`;
      const bears = (d: Date) => {
        if (!inStretch(stretch, d) || !schoolDay(d)) return false;
        const week = positionOf(d);
        return week >= 1 && week <= 3;
      };
      return {
        start: cycle.start,
        end: cycle.end,
        bears,
        shareDays: cycle.directDays,
        daysBearing: (f, t) => countDays(f, t, bears),
        label,
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Due and delivered.

/**
 * Minutes due from `from` to `to` (both included) against these mandates, as a fraction: each
 * school day in force owes each mandate's daily share. Mandates of one kind only.
 */
export function dueBetween(
  mandates: readonly MandateInput[],
  calendar: SchoolCalendar,
  exitedOn: Date | null,
  from: Date,
  to: Date,
): number {
  const last = exitedOn ? minDate(to, exitedOn) : to;
  let total = 0;
  for (const m of mandates) {
    const end = minDate(last, m.endDate);
    // One service period at a time: the days of the range in it, times the period's daily share.
    for (let d = maxDate(from, m.startDate); d.getTime() <= end.getTime();) {
      const period = servicePeriod(m, d, calendar);
      const segmentEnd = minDate(end, period.end);
      if (period.shareDays > 0) total += (m.minutes * period.daysBearing(d, segmentEnd)) / period.shareDays;
      d = addDays(segmentEnd, 1);
    }
  }
  return total;
}

/** Minutes delivered from `from` to `to` for a kind: attended, not voided. A make-up counts too. */
export function deliveredBetween(rows: readonly SessionRowInput[], kind: MinutesKind, from: Date, to: Date): number {
  let total = 0;
  const first = from.getTime();
  const last = to.getTime();
  for (const r of rows) {
    if (r.voided || r.attendance !== 'attended' || kindOfService(r.serviceType) !== kind) continue;
    const day = r.date.getTime();
    if (day >= first && day <= last) total += r.minutes;
  }
  return total;
}

/** Whole minutes for reading; the tiny error of adding fractions must not tip a half the wrong way. */
const whole = (minutes: number) => Math.round(minutes + 1e-9);

const inForce = (m: MandateInput, day: Date) => m.startDate <= day && day <= m.endDate;
const byStart = (a: MandateInput, b: MandateInput) => a.startDate.getTime() - b.startDate.getTime() || a.id - b.id;

/**
 * Where "school year to date" starts: the first day of the school year holding today or, with
 * none entered, the earliest start of a mandate in force within the last 12 months, but no
 * earlier than 365 days ago.
 */
export function yearStartOf(mandates: readonly MandateInput[], calendar: SchoolCalendar, today: Date): Date {
  const year = calendar.yearOf(today);
  if (year) return year.firstDay;
  const yearAgo = addDays(today, -365);
  const starts = mandates.filter((m) => m.startDate <= today && m.endDate >= yearAgo).map((m) => m.startDate.getTime());
  return starts.length ? maxDate(new Date(Math.min(...starts)), yearAgo) : yearAgo;
}

/** The earliest day whose sessions these minutes read: the year's start or a current period's. */
export function earliestNeeded(input: Pick<MinutesInput, 'mandates' | 'calendar' | 'today'>): Date {
  let earliest = yearStartOf(input.mandates, input.calendar, input.today);
  for (const m of input.mandates) {
    if (inForce(m, input.today)) earliest = minDate(earliest, servicePeriod(m, input.today, input.calendar).start);
  }
  return earliest;
}

/**
 * One student's minutes on `today`: a line for each kind with a mandate in force (due before today,
 * delivered up to and including today), and make-ups.
 */
export function studentMinutes(input: MinutesInput): StudentMinutes {
  const { calendar, exitedOn, rows, today } = input;
  const yearStart = yearStartOf(input.mandates, calendar, today);
  const lines: MinutesLine[] = [];
  for (const kind of kinds) {
    const mandates = input.mandates.filter((m) => kindOfDelivery(m.delivery) === kind).sort(byStart);
    const current = mandates.find((m) => inForce(m, today));
    if (!current) continue;
    const period = servicePeriod(current, today, calendar);
    const yesterday = addDays(today, -1);
    const due = whole(dueBetween(mandates, calendar, exitedOn, period.start, yesterday));
    // The kind's attended rows, picked once for the two sums below.
    const given = rows.filter((r) => !r.voided && r.attendance === 'attended' && kindOfService(r.serviceType) === kind);
    const delivered = deliveredBetween(given, kind, period.start, today);
    const yearDue = whole(dueBetween(mandates, calendar, exitedOn, yearStart, yesterday));
    const yearDelivered = deliveredBetween(given, kind, yearStart, today);
    lines.push({
      kind,
      period: current.period,
      periodLabel: period.label,
      periodStart: period.start,
      periodEnd: period.end,
      due,
      delivered,
      behind: Math.max(0, due - delivered),
      duePeriod: whole(dueBetween(mandates, calendar, exitedOn, period.start, period.end)),
      yearStart,
      yearDue,
      yearDelivered,
      yearBehind: Math.max(0, yearDue - yearDelivered),
    });
  }
  const makeUps = makeUpsOf(rows, yearStart, today, input.makeUpCauses);
  return { studentId: input.studentId, lines, makeUps, owed: makeUps.reduce((sum, c) => sum + c.owed, 0) };
}

/** The causes of a missed session, in the order the forms offer them. */
const missedCauses: readonly Attendance[] = ['student_absent', 'therapist_absent', 'school_closed', 'student_unavailable'];

/**
 * Direct sessions missed this school year, by cause, less what was made up. A make-up is an
 * attended row naming the missed one; it makes up at most the minutes missed.
 */
function makeUpsOf(rows: readonly SessionRowInput[], from: Date, to: Date, mustMakeUp: readonly Attendance[]): MakeUpCause[] {
  const madeUpFor = new Map<number, number>();
  for (const r of rows) {
    if (r.voided || r.attendance !== 'attended' || r.makeUpForRowId === null) continue;
    madeUpFor.set(r.makeUpForRowId, (madeUpFor.get(r.makeUpForRowId) ?? 0) + r.minutes);
  }
  const byCause = new Map<Attendance, MakeUpCause>();
  for (const r of rows) {
    if (r.voided || r.attendance === 'attended' || kindOfService(r.serviceType) !== 'direct') continue;
    if (r.date < from || r.date > to) continue;
    const must = mustMakeUp.includes(r.attendance);
    const entry = byCause.get(r.attendance) ?? { cause: r.attendance, mustMakeUp: must, missed: 0, madeUp: 0, owed: 0, sessions: 0 };
    const madeUp = Math.min(r.minutes, madeUpFor.get(r.rowId) ?? 0);
    entry.missed += r.minutes;
    entry.madeUp += madeUp;
    if (must) entry.owed += r.minutes - madeUp;
    entry.sessions += 1;
    byCause.set(r.attendance, entry);
  }
  return missedCauses.flatMap((cause) => byCause.get(cause) ?? []);
}

/** Sum over a caseload: the direct lines' due, delivered and behind, this period and school year to
 *  date (each student's own behind, so one student ahead does not hide another behind), and make-ups
 *  by cause. */
export function caseloadTotals(all: Iterable<StudentMinutes>): {
  due: number;
  delivered: number;
  behind: number;
  yearDue: number;
  yearDelivered: number;
  yearBehind: number;
  makeUps: MakeUpCause[];
  owed: number;
} {
  const totals = { due: 0, delivered: 0, behind: 0, yearDue: 0, yearDelivered: 0, yearBehind: 0, owed: 0 };
  const byCause = new Map<Attendance, MakeUpCause>();
  for (const student of all) {
    for (const line of student.lines) {
      if (line.kind !== 'direct') continue;
      totals.due += line.due;
      totals.delivered += line.delivered;
      totals.behind += line.behind;
      totals.yearDue += line.yearDue;
      totals.yearDelivered += line.yearDelivered;
      totals.yearBehind += line.yearBehind;
    }
    for (const c of student.makeUps) {
      const entry = byCause.get(c.cause) ?? { ...c, missed: 0, madeUp: 0, owed: 0, sessions: 0 };
      entry.missed += c.missed;
      entry.madeUp += c.madeUp;
      entry.owed += c.owed;
      entry.sessions += c.sessions;
      byCause.set(c.cause, entry);
    }
    totals.owed += student.owed;
  }
  return { ...totals, makeUps: missedCauses.flatMap((cause) => byCause.get(cause) ?? []) };
}
