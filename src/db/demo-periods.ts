// The demo district's reporting periods for the school year: three, the first of which ended
// ten days ago, so the notes tracker opens on a period whose notes are due now.
import { addDays } from '../calendar/dates.js';
import type { Db } from './client.js';

/** The last days of the demo's three reporting periods: each student's progress reports are due then. */
export function demoPeriodEnds(today: Date): [Date, Date, Date] {
  const firstEnd = addDays(today, -10);
  return [firstEnd, addDays(firstEnd, 90), addDays(firstEnd, 180)];
}

export async function loadDemoPeriods(db: Db, today: Date): Promise<{ startDate: Date; endDate: Date }> {
  const [firstEnd, secondEnd, thirdEnd] = demoPeriodEnds(today);
  const firstStart = addDays(firstEnd, -80);
  await db.reportingPeriod.createMany({
    data: [
      { name: 'First progress report', startDate: firstStart, endDate: firstEnd },
      { name: 'Second progress report', startDate: addDays(firstEnd, 1), endDate: secondEnd },
      { name: 'Third progress report', startDate: addDays(secondEnd, 1), endDate: thirdEnd },
    ],
  });
  return { startDate: firstStart, endDate: firstEnd };
}
