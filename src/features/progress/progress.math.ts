// Progress monitoring arithmetic: the aim line, the trend, the projection, the "below the aim
// line" flag and a suggested progress code. Pure functions over a goal and its data points.
// Direction matters: for prompt levels (and any goal whose target is below its baseline) lower
// numbers are progress.
import { linearRegression, linearRegressionLine } from 'simple-statistics';
import { addDays, daysBetween } from '../../calendar/dates.js';

export type Point = { date: Date; value: number };
export type GoalFrame = { baselineValue: number; baselineDate: Date; targetValue: number; targetDate: Date };

/** Fewer points than this and a trend says more about noise than about the child. */
const MIN_POINTS_FOR_TREND = 5;
/** This many points in a row on the wrong side of the aim line raise the flag. */
export const BELOW_AIM_RUN = 4;
/** The last points at or past the target that count as mastery. */
const MASTERY_RUN = 3;

/** +1 when higher numbers are progress, -1 when lower are. */
export function direction(goal: GoalFrame): 1 | -1 {
  return goal.targetValue >= goal.baselineValue ? 1 : -1;
}

const days = (goal: GoalFrame, date: Date) => daysBetween(goal.baselineDate, date);

/** Where the aim line, from baseline to target by the target date, stands on a date. */
export function aimAt(goal: GoalFrame, date: Date): number {
  const span = days(goal, goal.targetDate);
  if (span <= 0) return goal.targetValue;
  const share = Math.min(1, Math.max(0, days(goal, date) / span));
  return goal.baselineValue + (goal.targetValue - goal.baselineValue) * share;
}

export type Trend = { perWeek: number; at(date: Date): number };

/** The least-squares line through the data, or null with too few points. */
export function trendOf(goal: GoalFrame, points: Point[]): Trend | null {
  if (points.length < MIN_POINTS_FOR_TREND) return null;
  const pairs = points.map((p) => [days(goal, p.date), p.value]);
  if (new Set(pairs.map(([d]) => d)).size < 2) return null;
  const fit = linearRegression(pairs);
  const line = linearRegressionLine(fit);
  return { perWeek: fit.m * 7, at: (date: Date) => line(days(goal, date)) };
}

/** Where the trend reaches by the target date, and whether that meets the target. */
export function projectionOf(goal: GoalFrame, points: Point[]): { value: number; meets: boolean } | null {
  const trend = trendOf(goal, points);
  if (!trend) return null;
  const value = trend.at(goal.targetDate);
  return { value, meets: direction(goal) * (value - goal.targetValue) >= 0 };
}

/** The date the trend reaches the target, when it heads that way; null otherwise. */
export function dateTrendReaches(goal: GoalFrame, points: Point[]): Date | null {
  const trend = trendOf(goal, points);
  if (!trend || direction(goal) * trend.perWeek <= 0) return null;
  const from = sorted(points)[0]!.date;
  const days = ((goal.targetValue - trend.at(from)) / trend.perWeek) * 7;
  // A calendar date: the day the line gets there.
  return addDays(from, Math.max(0, Math.floor(days)));
}

/** True when the last few points all fall short of the aim line: time to change the approach. */
export function belowAimLine(goal: GoalFrame, points: Point[]): boolean {
  if (points.length < BELOW_AIM_RUN) return false;
  const dir = direction(goal);
  return sorted(points)
    .slice(-BELOW_AIM_RUN)
    .every((p) => dir * (p.value - aimAt(goal, p.date)) < 0);
}

/** What a progress code means, whatever a district calls it. */
export type CodeMeaning = 'mastered' | 'expected' | 'may_not_meet' | 'no_progress' | 'not_addressed';

export type Suggestion = { meaning: CodeMeaning; why: string };

export function suggestCode(goal: GoalFrame, points: Point[]): Suggestion {
  if (points.length === 0) return { meaning: 'not_addressed', why: 'There is no data for this goal yet.' };
  const dir = direction(goal);
  const ordered = sorted(points);
  const recent = ordered.slice(-MASTERY_RUN);
  if (recent.length === MASTERY_RUN && recent.every((p) => dir * (p.value - goal.targetValue) >= 0)) {
    return { meaning: 'mastered', why: `The last ${MASTERY_RUN} data points reached the target.` };
  }
  const projection = projectionOf(goal, points);
  if (!projection) {
    const last = ordered[ordered.length - 1]!;
    return dir * (last.value - aimAt(goal, last.date)) >= 0
      ? { meaning: 'expected', why: 'Too few points for a trend, but the latest is at or above the aim line.' }
      : { meaning: 'may_not_meet', why: 'Too few points for a trend, and the latest is below the aim line.' };
  }
  if (projection.meets) return { meaning: 'expected', why: 'At the current trend the goal is met by its date.' };
  const trend = trendOf(goal, points)!;
  if (dir * trend.perWeek > 0) return { meaning: 'may_not_meet', why: 'The trend is rising, but too slowly to meet the goal by its date.' };
  return { meaning: 'no_progress', why: 'The trend is flat or going the wrong way.' };
}

function sorted(points: Point[]): Point[] {
  return [...points].sort((a, b) => a.date.getTime() - b.date.getTime());
}
