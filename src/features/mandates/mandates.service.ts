// Service mandates: what a student's plan promises.
import type { z } from 'zod';
import { addDays, dayKey } from '../../calendar/dates.js';
import type { Db } from '../../db/client.js';
import type { Caller } from '../../access/loaders.js';
import { label, mandateHowWords, mandateWords } from '../../labels.js';
import { Invalid, NotFound } from '../../web/errors.js';
import { recordBy } from '../audit/audit.service.js';
import { editableStudent } from '../students/students.write.js';
import type { amendMandateForm, mandateForm } from './mandates.schema.js';

export async function addMandate(db: Db, caller: Caller, studentId: number, input: z.output<typeof mandateForm>) {
  await editableStudent(db, caller, studentId, 'mandate.change');
  await db.$transaction(async (tx) => {
    const mandate = await tx.serviceMandate.create({ data: { ...input, studentId } });
    await recordBy(tx, caller, { action: 'student.mandate.added', studentId, targetType: 'mandate', targetId: mandate.id });
  });
}

export async function removeMandate(db: Db, caller: Caller, studentId: number, mandateId: number) {
  await editableStudent(db, caller, studentId, 'mandate.change');
  await db.$transaction(async (tx) => {
    const mandate = await tx.serviceMandate.findFirst({ where: { id: mandateId, studentId }, select: { replacesId: true, endDate: true } });
    if (!mandate) throw new NotFound();
    await tx.serviceMandate.delete({ where: { id: mandateId } });
    // Removing an amendment (entered in error) gives the minutes it replaced back their end date,
    // so the plan is not left with no minutes from the amendment's day on.
    if (mandate.replacesId !== null) {
      await tx.serviceMandate.update({ where: { id: mandate.replacesId }, data: { endDate: mandate.endDate } });
    }
    await recordBy(tx, caller, { action: 'student.mandate.removed', studentId, targetType: 'mandate', targetId: mandateId });
  });
}

const dateWords = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/**
 * An amendment, as the plan's paperwork records one: the old minutes end the day before the
 * change, and new minutes (given the same way) run from that day to the old end date. Both in
 * one transaction, so the minutes are never counted twice or not at all.
 */
export async function amendMandate(db: Db, caller: Caller, studentId: number, input: z.output<typeof amendMandateForm>) {
  await editableStudent(db, caller, studentId, 'mandate.change');
  return db.$transaction(async (tx) => {
    const old = await tx.serviceMandate.findFirst({
      where: { id: input.mandateId, studentId },
      include: { replacedBy: { select: { id: true } } },
    });
    if (!old) throw new NotFound();
    if (old.replacedBy) throw new Invalid({ effectiveDate: 'These minutes were already amended: amend the newer ones' });
    if (input.effectiveDate <= old.startDate) {
      throw new Invalid({ effectiveDate: `Pick a day after these minutes started (${dateWords.format(old.startDate)})` });
    }
    if (input.effectiveDate > old.endDate) {
      throw new Invalid({ effectiveDate: `Pick a day on or before these minutes end (${dateWords.format(old.endDate)})` });
    }
    if (input.minutes === old.minutes && input.period === old.period) {
      throw new Invalid({ minutes: 'These are the minutes already in force: change the minutes or how often' });
    }
    await tx.serviceMandate.update({ where: { id: old.id }, data: { endDate: addDays(input.effectiveDate, -1) } });
    const amended = await tx.serviceMandate.create({
      data: {
        studentId,
        minutes: input.minutes,
        period: input.period,
        delivery: old.delivery,
        grouping: old.grouping,
        startDate: input.effectiveDate,
        endDate: old.endDate,
        replacesId: old.id,
      },
    });
    await recordBy(tx, caller, {
      action: 'student.mandate.amended',
      studentId,
      targetType: 'mandate',
      targetId: amended.id,
      detail: { amends: old.id },
    });
    return amended.id;
  });
}

type MandateRecord = {
  id: number;
  minutes: number;
  period: string;
  delivery: string;
  grouping: string;
  startDate: Date;
  endDate: Date;
  replacesId: number | null;
};

const shortMinutes = (m: MandateRecord) => `${m.minutes} min ${label('MandatePeriod', m.period)}`;

/**
 * The student page's list of mandates, with their history in words ("120 min a month from
 * Jan 5, 2027 (amended; was 90 min a month)") and whether each may still be amended: one in
 * force or still to come, not already amended.
 */
export function mandateRows(mandates: readonly MandateRecord[], today: Date) {
  const byId = new Map(mandates.map((m) => [m.id, m]));
  const amendedBy = new Map(mandates.filter((m) => m.replacesId !== null).map((m) => [m.replacesId!, m]));
  return mandates.map((m) => {
    const was = m.replacesId !== null ? byId.get(m.replacesId) : undefined;
    const next = amendedBy.get(m.id);
    const headline = was ? `${shortMinutes(m)} from ${dateWords.format(m.startDate)} (amended; was ${shortMinutes(was)})` : mandateWords(m);
    const dates = was
      ? `${mandateHowWords(m)}, until ${dateWords.format(m.endDate)}`
      : `${dateWords.format(m.startDate)} to ${dateWords.format(m.endDate)}${next ? `, then amended to ${shortMinutes(next)}` : ''}`;
    const amendable = !next && m.endDate >= today;
    // The change usually starts today; for minutes still to come, the day after they start.
    const from = amendable ? (today > m.startDate ? today : addDays(m.startDate, 1)) : null;
    return {
      id: m.id,
      words: mandateWords(m),
      headline,
      dates,
      amendable,
      amendDefaults: { minutes: String(m.minutes), period: m.period, effectiveDate: from ? dayKey(from) : '' },
    };
  });
}
