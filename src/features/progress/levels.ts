// What a progress note states for a goal, worked out once: the latest data point with its date,
// and the typical level of the last three points (their median). The note's text, the graph's
// caption (every audience) and the PDF all say these through `levelSentences`, so the numbers a
// teacher or family reads are the same wherever they read them.
//
// Every amount is said in the goal's own unit and the measure's own form: tries as "5 of 10 tries
// (50%)" when the counts were kept, minutes or seconds as the goal says, steps as "6 of 8 steps",
// prompt levels as the help needed. Percentages are rounded to a whole percent, everywhere.
import { median } from 'simple-statistics';
import { formatDate } from '../../web/view-helpers.js';
import type { Point } from './progress.math.js';

/** A data point, with the tally of tries when the session kept one (trials goals). */
export type LevelPoint = Point & { correct?: number | null; incorrect?: number | null; cued?: number | null };

/** What the words for a goal's numbers need to know about the goal. */
export type UnitGoal = { measurement: string; statement: string; targetCriterion: string; targetValue: number };

/** How many of the latest points the typical level is taken over. */
export const TYPICAL_OF = 3;

export type Levels = {
  /** The most recent data point, as it was recorded. */
  latest: (LevelPoint & { attempts: number | null }) | null;
  /** The median of the last TYPICAL_OF points; null with fewer points than that. */
  typical: { value: number; count: number } | null;
};

/** The latest point and the typical level of the last three, from the points on or before `until`. */
export function levelsOf(points: LevelPoint[], until?: Date): Levels {
  const ordered = points.filter((p) => !until || p.date <= until).sort((a, b) => a.date.getTime() - b.date.getTime());
  const last = ordered[ordered.length - 1];
  if (!last) return { latest: null, typical: null };
  const tally = [last.correct, last.incorrect, last.cued];
  const attempts = last.correct != null && tally.some((n) => n != null) ? tally.reduce<number>((s, n) => s + (n ?? 0), 0) : null;
  const recent = ordered.slice(-TYPICAL_OF);
  return {
    latest: { ...last, attempts: attempts && attempts > 0 ? attempts : null },
    typical: recent.length === TYPICAL_OF ? { value: median(recent.map((p) => p.value)), count: TYPICAL_OF } : null,
  };
}

/** Help at each prompt level in words a family understands, least help first (see promptLevels). */
export const helpWords = [
  'no help',
  'a pointing gesture',
  'a spoken reminder',
  'a picture or written cue',
  'to be shown how first',
  'some hands-on help',
  'full hands-on help',
] as const;

/** The help needed at a prompt level: "a spoken reminder". Levels past the scale's ends read as its ends. */
export function helpNeeded(level: number): string {
  return helpWords[Math.min(helpWords.length - 1, Math.max(0, Math.round(level)))]!;
}

/** One way to round a percentage, everywhere: to a whole percent. */
export const percent = (n: number) => `${Math.round(n)}%`;

const oneDecimal = (n: number) => {
  const r = Math.round(n * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
};

/** Whether a duration goal is said in minutes (its statement or criterion says so) or seconds. */
export function durationInMinutes(goal: UnitGoal): boolean {
  const text = `${goal.statement} ${goal.targetCriterion}`;
  if (/\bminutes?\b/i.test(text)) return true;
  if (/\bseconds?\b/i.test(text)) return false;
  return goal.targetValue >= 120;
}

/** The number of steps in the task, from "6 of 8 steps" or "a 4-step sequence"; null when the goal does not say. */
export function stepsInTask(goal: UnitGoal): number | null {
  const text = `${goal.targetCriterion} ${goal.statement}`;
  const of = /\b(\d+) of (\d+) steps?\b/i.exec(text);
  if (of) return Number(of[2]);
  const hyphen = /\b(\d+)-step\b/i.exec(text);
  return hyphen ? Number(hyphen[1]) : null;
}

/** What a count goal counts, from its criterion ("15 correct words a minute" -> "correct words a minute"). */
export function countUnit(goal: UnitGoal): string {
  const m = /^\s*(\d+(?:\.\d+)?)\s+([a-z][a-z ,-]*[a-z])/i.exec(goal.targetCriterion);
  return m && Number(m[1]) === goal.targetValue ? m[2]! : 'times';
}

/**
 * An amount in the goal's own unit, in words a teacher or family reads without a key: "5 of 10 tries
 * (50%)", "62% accuracy", "needing a spoken reminder", "6 of 8 steps", "4.5 minutes", "12 seconds".
 * `tally` is given only for a single session's tries.
 */
export function amountWords(value: number, goal: UnitGoal, tally?: { correct: number; attempts: number } | null): string {
  switch (goal.measurement) {
    case 'percent':
      return `${percent(value)} accuracy`;
    case 'trials':
      return tally
        ? `${tally.correct} of ${tally.attempts} tries (${percent((tally.correct / tally.attempts) * 100)})`
        : `${percent(value)} of tries`;
    case 'prompt':
      return `needing ${helpNeeded(value)}`;
    case 'rubric':
      return `a score of ${oneDecimal(value)} out of 4`;
    case 'steps': {
      const total = stepsInTask(goal);
      const n = oneDecimal(value);
      return total ? `${n} of ${total} steps done alone` : `${n} step${n === '1' ? '' : 's'} done alone`;
    }
    case 'count':
      return `${oneDecimal(value)} ${countUnit(goal)}`;
    case 'duration':
      if (durationInMinutes(goal)) {
        const m = oneDecimal(value / 60);
        return `${m} minute${m === '1' ? '' : 's'}`;
      }
      return `${Math.round(value)} second${Math.round(value) === 1 ? '' : 's'}`;
    default:
      return oneDecimal(value);
  }
}

/** How fast a value moves each week, with its unit; null for prompt levels, which are kinds of help, not amounts. */
export function rateWords(perWeek: number, goal: UnitGoal): string | null {
  const step = oneDecimal(Math.abs(perWeek));
  switch (goal.measurement) {
    case 'percent':
    case 'trials':
      return `${step} percentage points a week`;
    case 'prompt':
      return null;
    case 'rubric':
      return `${step} rubric points a week`;
    case 'steps':
      return `${step} steps a week`;
    case 'duration':
      return `${Math.round(Math.abs(perWeek)) || step} seconds a week`;
    case 'count':
      return `${step} ${countUnit(goal)}, each week`;
    default:
      return `${step} a week`;
  }
}

/** The latest point in words, with its tally of tries when there is one. */
export function latestWords(levels: Levels, goal: UnitGoal): string | null {
  const p = levels.latest;
  if (!p) return null;
  const tally = goal.measurement === 'trials' && p.attempts && p.correct != null ? { correct: p.correct, attempts: p.attempts } : null;
  return amountWords(p.value, goal, tally);
}

/**
 * The sentences a note, a caption and a PDF use to state a goal's level, each named for what it is:
 * "Latest result (Nov 30, 2026): 3 of 4 tries (75%)." and "Typical of the last 3 results: 70% of tries."
 */
export function levelSentences(levels: Levels, goal: UnitGoal): { latest: string | null; typical: string | null } {
  const latest = latestWords(levels, goal);
  return {
    latest: latest && levels.latest ? `Latest result (${formatDate(levels.latest.date)}): ${latest}.` : null,
    typical: levels.typical ? `Typical of the last ${levels.typical.count} results: ${amountWords(levels.typical.value, goal)}.` : null,
  };
}

/** True when `value` is past `than` in the goal's direction (+1 higher is better, -1 lower is). */
export const beyond = (value: number, than: number, dir: 1 | -1) => dir * (value - than) > 0;
