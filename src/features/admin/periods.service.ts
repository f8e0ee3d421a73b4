// The district's reporting periods: an admin sets the year's report dates once, and single
// notes, batches and the notes tracker default to the period that has just ended.
import { z } from 'zod';
import { addDays } from '../../calendar/dates.js';
import type { Db } from '../../db/client.js';
import { authorize } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import { Invalid, NotFound } from '../../web/errors.js';
import { dateField, line } from '../../web/validation.js';
import { recordBy } from '../audit/audit.service.js';
import { formatDate } from '../../web/view-helpers.js';

export const periodForm = z
  .object({
    name: line('a name for the period', 80),
    startDate: dateField('the first day of the period'),
    endDate: dateField('the last day of the period'),
  })
  .superRefine((f, ctx) => {
    if (f.startDate instanceof Date && f.endDate instanceof Date && f.endDate <= f.startDate)
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'The period ends after it starts' });
  });

export type PeriodInput = z.output<typeof periodForm>;
export type Period = { id: number; name: string; startDate: Date; endDate: Date };

export function listPeriods(db: Db): Promise<Period[]> {
  return db.reportingPeriod.findMany({ orderBy: { startDate: 'asc' }, select: { id: true, name: true, startDate: true, endDate: true } });
}

/** The period that ended most recently before `today` (the one whose notes are due now). */
export function justEndedPeriod(db: Db, today: Date): Promise<Period | null> {
  return db.reportingPeriod.findFirst({
    where: { endDate: { lt: today } },
    orderBy: { endDate: 'desc' },
    select: { id: true, name: true, startDate: true, endDate: true },
  });
}

/** The district's period that ends on this day, if there is one: a note for it belongs to it. */
export function periodEndingOn(db: Db, endDate: Date) {
  return db.reportingPeriod.findUnique({ where: { endDate }, select: { id: true } });
}

/** Adds a period; one that overlaps another, or ends on the same day, is refused beside its dates. */
export async function addPeriod(db: Db, caller: Caller, input: PeriodInput): Promise<number> {
  await authorize(db, caller, 'admin.periods', { type: 'reporting_period' });
  const overlap = await db.reportingPeriod.findFirst({
    where: { startDate: { lte: input.endDate }, endDate: { gte: input.startDate } },
    select: { name: true, startDate: true, endDate: true },
  });
  if (overlap) {
    const message = `Overlaps “${overlap.name}” (${formatDate(overlap.startDate)} to ${formatDate(overlap.endDate)})`;
    throw new Invalid(
      input.startDate >= overlap.startDate && input.startDate <= overlap.endDate ? { startDate: message } : { endDate: message },
    );
  }
  return db.$transaction(async (tx) => {
    const period = await tx.reportingPeriod.create({ data: input });
    await recordBy(tx, caller, {
      action: 'reporting_period.created',
      targetType: 'reporting_period',
      targetId: period.id,
      detail: { name: input.name },
    });
    return period.id;
  });
}

/** Removes a period; its notes keep their dates and lose only the link. */
export async function removePeriod(db: Db, caller: Caller, id: number): Promise<void> {
  await authorize(db, caller, 'admin.periods', { type: 'reporting_period', id });
  await db.$transaction(async (tx) => {
    const { count } = await tx.reportingPeriod.deleteMany({ where: { id } });
    if (count === 0) throw new NotFound();
    await recordBy(tx, caller, { action: 'reporting_period.removed', targetType: 'reporting_period', targetId: id });
  });
}

/** A sensible first period for the form: the day after the last one, for about three months. */
export async function nextPeriodValues(db: Db, today: Date) {
  const last = await db.reportingPeriod.findFirst({ orderBy: { endDate: 'desc' }, select: { endDate: true } });
  const start = last ? addDays(last.endDate, 1) : today;
  return { start, end: addDays(start, 90) };
}
