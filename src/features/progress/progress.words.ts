// Progress in plain words: the caption every graph carries, for screen readers and print.
import { labels } from '../../labels.js';
import { formatDate, valueWords } from '../../web/view-helpers.js';
import { measurementOf } from '../goals/goal-areas.js';
import { resultWords } from '../notes/drafting.js';
import type { ChartGoal, GoalChart } from './progress.chart.js';
import type { CodeMeaning } from './progress.math.js';

/** What each meaning is called when the district has no active code for it. */
export const defaultMeaningLabels: Record<CodeMeaning, string> = labels.CodeMeaning;

/** Who reads a caption: the therapist's own goal page keeps precise terms; a teacher's or family's copy gets plain words. */
export type Audience = 'therapist' | 'teacher' | 'family';

const decimal = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/**
 * A value in words a teacher or family reads without a key, at the caption's precision: "52.5% of
 * tries", "needs a spoken reminder", "10 minutes". Prompt levels read as the help needed, in the
 * note's own words (drafting.ts).
 */
export function plainValueWords(value: number, measurement: string): string {
  const n = decimal(value);
  switch (measurement) {
    case 'percent':
      return `${n}% accuracy`;
    case 'trials':
      return `${n}% of tries`;
    case 'prompt': {
      // A projection can run past the scale's ends; the help needed cannot.
      const { min, max } = measurementOf('prompt');
      return resultWords(Math.min(max, Math.max(min, value)), 'prompt');
    }
    case 'rubric':
      return `a score of ${n} out of 4`;
    case 'steps':
      return `${n} step${value === 1 ? '' : 's'} done alone`;
    case 'count':
      return `${n} time${value === 1 ? '' : 's'}`;
    case 'duration':
      return value >= 120 ? `${decimal(Math.round(value / 6) / 10)} minutes` : `${n} seconds`;
    default:
      return n;
  }
}

/** How fast a value moves, in plain words; none for prompt levels, which are kinds of help, not amounts. */
function plainRate(step: string, measurement: string): string | null {
  switch (measurement) {
    case 'percent':
    case 'trials':
      return `${step}% a week`;
    case 'prompt':
      return null;
    case 'rubric':
      return `${step} points a week`;
    case 'steps':
      return `${step} steps a week`;
    case 'duration':
      return `${step} seconds a week`;
    default:
      return `${step} a week`;
  }
}

type Way = 'better' | 'flat' | 'worse';

/** The sentences of a caption for one audience; the numbers in them come from chartCaption alone. */
type CaptionWords = {
  value: (n: number, measurement: string) => string;
  start: (baseline: string, on: string, target: string, by: string) => string;
  noData: string;
  latest: (value: string, on: string, count: number) => string;
  pace: (way: Way, step: string | null, measurement: string) => string;
  meets: (pace: string, on: string, inTime: boolean) => string;
  short: (pace: string, n: number, measurement: string) => string;
  fewPoints: string;
  flag: string;
};

const therapistWords: CaptionWords = {
  value: valueWords,
  start: (baseline, on, target, by) => `Baseline ${baseline} on ${on}; target ${target} by ${by}.`,
  noData: 'No data yet.',
  latest: (value, on, count) => `Latest ${value} on ${on}, from ${count} data point${count === 1 ? '' : 's'}.`,
  pace: (way, step) =>
    `The trend is ${way === 'better' ? 'improving' : way === 'flat' ? 'flat' : 'going the wrong way'}${step ? ` by about ${step} a week` : ''}`,
  meets: (pace, on, inTime) => `${pace}; at this rate the target is reached around ${on}, ${inTime ? 'by' : 'after'} the target date.`,
  short: (pace, n, measurement) => `${pace}; at this rate about ${valueWords(n, measurement)} by the target date, short of the target.`,
  fewPoints: 'There are not yet enough points for a trend.',
  flag: 'The last 4 points are below the aim line: consider changing the approach.',
};

const plainWords: CaptionWords = {
  value: plainValueWords,
  start: (baseline, on, target, by) => `At the start (${on}): ${baseline}. The goal: ${target} by ${by}.`,
  noData: 'No results yet.',
  latest: (value, on, count) => `Latest (${on}): ${value}, from ${count} result${count === 1 ? '' : 's'}.`,
  pace: (way, step, measurement) => {
    if (way === 'flat') return 'About the same from week to week';
    const rate = step ? plainRate(step, measurement) : null;
    return `${way === 'better' ? 'Getting better' : 'Going the wrong way'}${rate ? `, by about ${rate}` : ''}`;
  },
  meets: (pace, on, inTime) => `${pace}. At this pace the goal is reached around ${on}, ${inTime ? 'in time for' : 'after'} the goal date.`,
  short: (pace, n, measurement) =>
    `${pace}. At this pace, by the goal date: ${measurement === 'prompt' ? '' : 'about '}${plainValueWords(n, measurement)}, short of the goal.`,
  fewPoints: 'There are too few results yet to see which way it is going.',
  flag: 'The last 4 results are behind the planned pace, so the OT may change the approach.',
};

/**
 * A graph's caption. The numbers are worked out once, here; the audience only chooses the words:
 * the therapist's goal page says "target gestural prompt", a teacher's or family's copy says
 * "The goal: needs a pointing gesture" (and passes the glossary check of plain-language.ts).
 */
export function chartCaption(goal: ChartGoal, chart: GoalChart, options: { audience?: Audience } = {}): string {
  const w = (options.audience ?? 'therapist') === 'therapist' ? therapistWords : plainWords;
  const round = (n: number) => Math.round(n * 10) / 10;
  const v = (n: number) => w.value(round(n), goal.measurement);
  const parts = [w.start(v(goal.baselineValue), formatDate(goal.baselineDate), v(goal.targetValue), formatDate(goal.targetDate))];
  if (!chart.latest) {
    parts.push(w.noData);
    return parts.join(' ');
  }
  parts.push(w.latest(v(chart.latest.value), formatDate(chart.latest.date), chart.count));
  if (chart.trend && chart.projection) {
    const better = chart.direction * chart.trend.perWeek > 0;
    const step = Math.abs(chart.trend.perWeek);
    const way: Way = better ? 'better' : step < 0.05 ? 'flat' : 'worse';
    const pace = w.pace(way, step >= 0.05 ? step.toFixed(1) : null, goal.measurement);
    parts.push(
      chart.projection.meets && chart.reaches
        ? w.meets(pace, formatDate(chart.reaches), chart.reaches <= goal.targetDate)
        : w.short(pace, round(chart.projection.value), goal.measurement),
    );
  } else {
    parts.push(w.fewPoints);
  }
  if (chart.flag) parts.push(w.flag);
  return parts.join(' ');
}
