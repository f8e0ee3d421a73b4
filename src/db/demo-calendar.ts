// The demo district's school calendar and its therapists' weekly schedules. The demo's term runs
// up to the day it is loaded, so the calendar is laid out around that day too: the school year
// began when the demo's sessions did, a short break fell last week, and winter break is three
// weeks ahead, so the dashboard, the schedule and minutes due all show a break on the first start.
import { addDays, weekStartOf } from '../calendar/dates.js';
import { SchoolCalendar } from '../calendar/school-calendar.js';
import type { Db } from './client.js';

/** The fourth Thursday of November in `year`: US Thanksgiving, to name last week's break rightly. */
function thanksgiving(year: number): Date {
  const first = new Date(Date.UTC(year, 10, 1));
  const toThursday = (4 - first.getUTCDay() + 7) % 7;
  return new Date(Date.UTC(year, 10, 1 + toThursday + 21));
}

export async function loadDemoCalendar(db: Db, termStart: Date, today: Date, schoolIds: number[]): Promise<SchoolCalendar> {
  const thisMonday = weekStartOf(today);
  const lastDay = addDays(termStart, 39 * 7 + 4);
  const shortBreak = { startDate: addDays(thisMonday, -5), endDate: addDays(thisMonday, -3) };
  const holiday = thanksgiving(shortBreak.startDate.getUTCFullYear());
  const shortBreakName = holiday >= shortBreak.startDate && holiday <= shortBreak.endDate ? 'Thanksgiving break' : 'Fall break';
  const daysOff = [
    { name: 'Staff development day (no students)', startDate: addDays(termStart, 4 * 7 + 4), endDate: addDays(termStart, 4 * 7 + 4) },
    { name: shortBreakName, ...shortBreak },
    { name: 'Winter break', startDate: addDays(thisMonday, 21), endDate: addDays(thisMonday, 32) },
    { name: 'Spring break', startDate: addDays(termStart, 29 * 7), endDate: addDays(termStart, 29 * 7 + 4) },
  ];
  await db.schoolYear.create({ data: { name: 'This school year', firstDay: termStart, lastDay } });
  await db.dayOff.createMany({ data: daysOff });
  // One school holds parent conferences on a day the others teach.
  const conferences = {
    name: 'Parent-teacher conferences',
    startDate: addDays(termStart, 8 * 7 + 4),
    endDate: addDays(termStart, 8 * 7 + 4),
  };
  if (schoolIds[0] !== undefined) await db.dayOff.create({ data: { ...conferences, schoolId: schoolIds[0] } });
  return new SchoolCalendar([{ firstDay: termStart, lastDay }], daysOff).withNames(daysOff);
}

/** The times of day a demo therapist's sessions start: 45 minutes apart, lunch at noon. */
const TIMES = ['08:30', '09:15', '10:00', '10:45', '12:30', '13:15', '14:00', '14:45', '15:30'];

export type DemoCell = { weekday: number; startTime: string };

/**
 * A week's places for each group of students, filled school by school, day by day, so that a
 * therapist who moves to another school on the same day leaves a time between (travel), and
 * never two sessions at once. `groups` come in the order to fill: by provider, then by school.
 */
export function demoCells(groups: { provider: number; schoolId: number }[]): DemoCell[] {
  // Spread each therapist's week evenly: about a fifth of their groups a day.
  const total = new Map<number, number>();
  for (const g of groups) total.set(g.provider, (total.get(g.provider) ?? 0) + 1);
  const next = new Map<number, { day: number; time: number; used: number; school: number | null }>();
  return groups.map((g) => {
    const perDay = Math.ceil((total.get(g.provider) ?? 1) / 5);
    const at = next.get(g.provider) ?? { day: 1, time: 0, used: 0, school: null };
    // A new school on the same day: leave one time free to travel.
    if (at.school !== null && at.school !== g.schoolId && at.time > 0) at.time += 1;
    if (at.used >= perDay || at.time >= TIMES.length) {
      at.day = (at.day % 5) + 1;
      at.time = 0;
      at.used = 0;
    }
    const cell = { weekday: at.day, startTime: TIMES[at.time]! };
    at.time += 1;
    at.used += 1;
    at.school = g.schoolId;
    next.set(g.provider, at);
    return cell;
  });
}
