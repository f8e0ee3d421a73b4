// What a new session form starts with, so that the first Save usually works and each default is
// what the therapist would have typed: the time now, the minutes the plan gives one session, the
// therapy room, and the service's nature in words from the goals being worked on.
import { timeNow } from '../../calendar/dates.js';
import type { Db } from '../../db/client.js';
import type { GoalArea, MandatePeriod, PlaceOfService } from '../../generated/prisma/enums.js';

export const DEFAULT_PLACE: PlaceOfService = 'therapy_room';

/** When no mandate says: a common session length. */
export const FALLBACK_MINUTES = 30;

/**
 * When the session most likely started, for a session logged without the schedule: the time now in
 * the district's time zone, to 5 minutes. A session logged from the schedule ("Log it") starts
 * at the slot's time instead (schedule.service.ts, slotForLogging).
 */
export function suggestedStartTime(timeZone: string, now: Date): string {
  return timeNow(timeZone, now);
}

type Mandate = { minutes: number; period: MandatePeriod; grouping: string };

/**
 * One session's share of a direct mandate: the weekly minutes; a month's over four weeks; a 3:1
 * model's over its three direct weeks; a year's over 36 school weeks; to the nearest 5 minutes, at least 5.
 */
export function minutesPerSession(m: { minutes: number; period: MandatePeriod }): number {
  const weeks = { week: 1, month: 4, four_weeks: 3, year: 36 }[m.period];
  return Math.min(480, Math.max(5, Math.round(m.minutes / weeks / 5) * 5));
}

/**
 * The session's minutes from each student's direct mandates in force on the day (a group session
 * prefers their group mandates): one student's, or for a group the smallest among them, so no
 * child is credited more than their plan gives. Students with no such mandate do not vote.
 */
export function suggestedMinutes(mandatesByStudent: Mandate[][], group: boolean): number {
  const each = mandatesByStudent.flatMap((mandates) => {
    const fitting = mandates.filter((m) => m.grouping === (group ? 'group' : 'individual'));
    const chosen = fitting.length > 0 ? fitting : mandates;
    return chosen.length > 0 ? [Math.min(...chosen.map(minutesPerSession))] : [];
  });
  return each.length > 0 ? Math.min(...each) : FALLBACK_MINUTES;
}

/** What a therapist works on in each area, as it reads after "work on" in a list (so no "and"). */
const workOn: Record<GoalArea, string> = {
  handwriting: 'handwriting',
  scissors: 'cutting with scissors',
  grasp: 'a steady pencil grip',
  visual_motor: 'eye-hand coordination',
  keyboarding: 'keyboarding',
  movement: 'whole-body coordination',
  sensory: 'self-regulation',
  self_care: 'self-care routines',
  organisation: 'organising materials',
};

function listWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * The service's nature in words, for the therapist to edit: "Warm-up, then work on handwriting and
 * cutting with scissors, with sensory support". `activities` are the form's values (warm_up, ...).
 */
export function natureOf(areas: readonly GoalArea[], activities: readonly string[] = []): string {
  const unique = [...new Set(areas)];
  const work = unique.length > 0 ? `work on ${listWords(unique.map((a) => workOn[a]))}` : 'occupational therapy activities';
  let text = activities.includes('warm_up') ? `Warm-up, then ${work}` : work.charAt(0).toUpperCase() + work.slice(1);
  if (activities.includes('sensory_support')) text += ', with sensory support';
  if (activities.includes('feedback')) text += '; feedback to the teacher';
  return text;
}

/** The form's first values for these students on `day`. */
export async function formDefaults(
  db: Db,
  students: { id: number; goals: { area: GoalArea }[] }[],
  options: { day: Date; timeZone: string; now: Date },
) {
  const group = students.length > 1;
  const mandates = await db.serviceMandate.findMany({
    where: {
      studentId: { in: students.map((s) => s.id) },
      delivery: { not: 'consultation' },
      startDate: { lte: options.day },
      endDate: { gte: options.day },
    },
    select: { studentId: true, minutes: true, period: true, grouping: true },
  });
  return {
    startTime: suggestedStartTime(options.timeZone, options.now),
    minutes: suggestedMinutes(
      students.map((s) => mandates.filter((m) => m.studentId === s.id)),
      group,
    ),
    place: DEFAULT_PLACE,
    nature: natureOf(students.flatMap((s) => s.goals.map((g) => g.area))),
  };
}
