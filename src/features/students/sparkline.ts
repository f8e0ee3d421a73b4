// A goal's small trend for the student page: the last few data points as an SVG path, drawn on
// the server (no script, no inline style), with a sentence that says the same in words.
import { direction } from '../progress/progress.math.js';
import type { GoalFrame, Point } from '../progress/progress.math.js';

/** The most points a sparkline draws: enough to see a direction, few enough to read at 96 px. */
export const SPARK_POINTS = 8;
export const SPARK_WIDTH = 96;
export const SPARK_HEIGHT = 28;
const PAD = 3;

export type Sparkline = {
  /** The line through the points, in the viewBox's coordinates. */
  path: string;
  /** The last point, drawn as a dot. */
  last: { x: number; y: number };
  /** The target as a dashed line across, when it falls inside the drawing. */
  targetY: number;
  width: number;
  height: number;
};

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The last points of a goal, scaled so that up is progress (for prompt levels and other goals
 * whose target is below the baseline, lower numbers are progress, so they are drawn flipped).
 * Null with fewer than two points: one point is not a trend.
 */
export function sparkline(goal: GoalFrame, points: Point[]): Sparkline | null {
  const shown = points.slice(-SPARK_POINTS);
  if (shown.length < 2) return null;
  const dir = direction(goal);
  const ys = [...shown.map((p) => dir * p.value), dir * goal.targetValue];
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const span = hi - lo || 1;
  const x = (i: number) => round(PAD + (i * (SPARK_WIDTH - 2 * PAD)) / (shown.length - 1));
  const y = (v: number) => round(SPARK_HEIGHT - PAD - ((dir * v - lo) / span) * (SPARK_HEIGHT - 2 * PAD));
  const path = shown.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i)} ${y(p.value)}`).join(' ');
  return {
    path,
    last: { x: x(shown.length - 1), y: y(shown.at(-1)!.value) },
    targetY: y(goal.targetValue),
    width: SPARK_WIDTH,
    height: SPARK_HEIGHT,
  };
}

/** The sparkline in words, for those who do not see it: "Last 5 data points: 40%, 50%, 55%, 60%, 70% (target 80%)". */
export function sparklineWords(points: Point[], words: (value: number) => string, target: string): string {
  const shown = points.slice(-SPARK_POINTS);
  if (shown.length === 0) return 'No data yet';
  const count = shown.length === 1 ? 'Last data point' : `Last ${shown.length} data points, oldest first`;
  return `${count}: ${shown.map((p) => words(p.value)).join(', ')} (target ${target})`;
}
