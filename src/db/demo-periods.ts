// The demo district's reporting periods for the school year: three, the first of which ended
// ten days ago, so the notes tracker opens on a period whose notes are due now.
import { addDays } from '../calendar/dates.js';
import type { Db } from './client.js';

export async function loadDemoPeriods(db: Db, today: Date): Promise<{ startDate: Date; endDate: Date }> {
  const firstEnd = addDays(today, -10);
  const firstStart = addDays(firstEnd, -80);
  const secondEnd = addDays(firstEnd, 90);
  const thirdEnd = addDays(secondEnd, 90);
  await db.reportingPeriod.createMany({
    data: [
      { name: 'First progress report', startDate: firstStart, endDate: firstEnd },
      { name: 'Second progress report', startDate: addDays(firstEnd, 1), endDate: secondEnd },
      { name: 'Third progress report', startDate: addDays(secondEnd, 1), endDate: thirdEnd },
    ],
  });
  return { startDate: firstStart, endDate: firstEnd };
}
