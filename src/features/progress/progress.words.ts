// Progress in plain words: the caption every graph carries, for screen readers and print.
import { labels } from '../../labels.js';
import { formatDate, valueWords } from '../../web/view-helpers.js';
import { measurementOf } from '../goals/goal-areas.js';
import type { UnitGoal } from './levels.js';
import { amountWords, levelSentences, rateWords } from './levels.js';
import type { ChartGoal, GoalChart } from './progress.chart.js';
import type { CodeMeaning } from './progress.math.js';

/** What each meaning is called when the district has no active code for it. */
export const defaultMeaningLabels: Record<CodeMeaning, string> = labels.CodeMeaning;

/** Who reads a caption: the therapist's own goal page keeps precise terms; a teacher's or family's copy gets plain words. */
export type Audience = 'therapist' | 'teacher' | 'family';

/** A projection can run past the scale's ends (below zero, past full help); what it says cannot. */
function onScale(value: number, measurement: string): number {
  const { min, max } = measurementOf(measurement);
  return Math.min(max, Math.max(min, value));
}

/** What the words of a caption need to know of its goal: its measure, and the words that say its unit. */
const unitGoal = (goal: ChartGoal): UnitGoal => ({
  measurement: goal.measurement,
  statement: goal.statement ?? '',
  targetCriterion: goal.targetCriterion ?? '',
  targetValue: goal.targetValue,
});

/**
 * A value in words a teacher or family reads without a key, in the goal's own unit: "52% of tries",
 * "needing a spoken reminder", "10 minutes" (levels.ts, the note's own words).
 */
export function plainValueWords(value: number, measurement: string, goal?: ChartGoal): string {
  return amountWords(value, goal ? unitGoal(goal) : { measurement, statement: '', targetCriterion: '', targetValue: value });
}

type Way = 'better' | 'flat' | 'worse';

/** The sentences of a caption for one audience; the numbers in them come from chartCaption and levels.ts alone. */
type CaptionWords = {
  value: (n: number, goal: UnitGoal) => string;
  start: (baseline: string, on: string, target: string, by: string) => string;
  noData: string;
  count: (count: number) => string;
  pace: (way: Way, rate: string | null) => string;
  meets: (pace: string, on: string, inTime: boolean) => string;
  short: (pace: string, n: number, goal: UnitGoal) => string;
  fewPoints: string;
  flag: string;
};

const therapistWords: CaptionWords = {
  value: (n, goal) => valueWords(n, goal.measurement),
  start: (baseline, on, target, by) => `Baseline ${baseline} on ${on}; target ${target} by ${by}.`,
  noData: 'No data yet.',
  count: (count) => `${count} data point${count === 1 ? '' : 's'} in all.`,
  pace: (way, rate) =>
    `The trend is ${way === 'better' ? 'improving' : way === 'flat' ? 'flat' : 'going the wrong way'}${rate ? ` by about ${rate}` : ''}`,
  meets: (pace, on, inTime) => `${pace}; at this rate the target is reached around ${on}, ${inTime ? 'by' : 'after'} the target date.`,
  short: (pace, n, goal) => `${pace}; at this rate about ${valueWords(n, goal.measurement)} by the target date, short of the target.`,
  fewPoints: 'There are not yet enough points for a trend.',
  flag: 'The last 4 points are below the aim line: consider changing the approach.',
};

const plainWords: CaptionWords = {
  value: (n, goal) => amountWords(n, goal),
  start: (baseline, on, target, by) => `At the start (${on}): ${baseline}. The goal: ${target} by ${by}.`,
  noData: 'No results yet.',
  count: (count) => `${count} result${count === 1 ? '' : 's'} in all.`,
  pace: (way, rate) => {
    if (way === 'flat') return 'About the same from week to week';
    return `${way === 'better' ? 'Getting better' : 'Going the wrong way'}${rate ? `, by about ${rate}` : ''}`;
  },
  meets: (pace, on, inTime) => `${pace}. At this pace the goal is reached around ${on}, ${inTime ? 'in time for' : 'after'} the goal date.`,
  short: (pace, n, goal) =>
    `${pace}. At this pace, by the goal date: ${goal.measurement === 'prompt' ? '' : 'about '}${amountWords(n, goal)}, short of the goal.`,
  fewPoints: 'There are too few results yet to see which way it is going.',
  flag: 'The last 4 results are behind the planned pace, so the OT may change the approach.',
};

/**
 * A graph's caption. The numbers are worked out once (levels.ts states the latest point and the
 * typical level in the same sentences as the note); the audience only chooses the other words: the
 * therapist's goal page says "target gestural prompt", a teacher's or family's copy says "The goal:
 * needing a pointing gesture" (and passes the glossary check of plain-language.ts).
 */
export function chartCaption(goal: ChartGoal, chart: GoalChart, options: { audience?: Audience } = {}): string {
  const w = (options.audience ?? 'therapist') === 'therapist' ? therapistWords : plainWords;
  const unit = unitGoal(goal);
  const v = (n: number) => w.value(n, unit);
  const parts = [w.start(v(goal.baselineValue), formatDate(goal.baselineDate), v(goal.targetValue), formatDate(goal.targetDate))];
  if (!chart.latest) {
    parts.push(w.noData);
    return parts.join(' ');
  }
  const said = levelSentences(chart.levels, unit);
  parts.push(...[said.latest, said.typical].filter((x): x is string => x !== null), w.count(chart.count));
  if (chart.trend && chart.projection) {
    const better = chart.direction * chart.trend.perWeek > 0;
    const step = Math.abs(chart.trend.perWeek);
    const way: Way = better ? 'better' : step < 0.05 ? 'flat' : 'worse';
    const pace = w.pace(way, step >= 0.05 ? rateWords(chart.trend.perWeek, unit) : null);
    parts.push(
      chart.projection.meets && chart.reaches
        ? w.meets(pace, formatDate(chart.reaches), chart.reaches <= goal.targetDate)
        : w.short(pace, onScale(chart.projection.value, goal.measurement), unit),
    );
  } else {
    parts.push(w.fewPoints);
  }
  if (chart.flag) parts.push(w.flag);
  return parts.join(' ');
}
