// The goal graph as a view model for an SVG drawn on the server (it prints, and needs no
// JavaScript): scales and paths from d3, words from the progress arithmetic.
import { scaleLinear, scaleUtc } from 'd3-scale';
import { line } from 'd3-shape';
import { dayKey } from '../../calendar/dates.js';
import { measurementOf } from '../goals/goal-areas.js';
import type { GoalFrame } from './progress.math.js';
import type { LevelPoint } from './levels.js';
import { levelsOf } from './levels.js';
import { belowAimLine, dateTrendReaches, direction, projectionOf, suggestCode, trendOf } from './progress.math.js';

const CHART = { width: 640, height: 260, top: 24, right: 24, bottom: 36, left: 48 };

/** The statement and criterion say the goal's unit (minutes or seconds, what a count counts, the steps in a task). */
export type ChartGoal = GoalFrame & { measurement: string; statement?: string; targetCriterion?: string };

export function goalChart(goal: ChartGoal, points: LevelPoint[], changes: { date: Date; label: string }[]) {
  const scale = measurementOf(goal.measurement);
  const ordered = [...points].sort((a, b) => a.date.getTime() - b.date.getTime());
  const lastDate = ordered.length ? ordered[ordered.length - 1]!.date : goal.baselineDate;
  const end = new Date(Math.max(goal.targetDate.getTime(), lastDate.getTime()));
  const values = [goal.baselineValue, goal.targetValue, ...ordered.map((p) => p.value)];
  // Scales with a fixed range (percent, prompt level, rubric) show all of it; the others (steps,
  // counts, durations) fit the data, from zero, so 4 of 6 steps is not drawn on a 0-50 axis.
  const bounded = ['percent', 'trials', 'prompt', 'rubric'].includes(goal.measurement);
  const yMin = bounded ? scale.min : 0;
  const yMax = bounded ? scale.max : Math.max(...values) * 1.1 || 1;
  const x = scaleUtc()
    .domain([goal.baselineDate, end])
    .range([CHART.left, CHART.width - CHART.right]);
  const y = scaleLinear()
    .domain([yMin, yMax])
    .nice()
    .range([CHART.height - CHART.bottom, CHART.top]);
  const path = line<{ date: Date; value: number }>()
    .x((p) => x(p.date))
    .y((p) => y(p.value));

  const trend = trendOf(goal, ordered);
  const projection = projectionOf(goal, ordered);
  const reaches = dateTrendReaches(goal, ordered);
  // The trend is drawn to the target date, or only until it reaches the target if that is sooner.
  const trendEnd = reaches && reaches < goal.targetDate ? reaches : goal.targetDate;
  const flag = belowAimLine(goal, ordered);
  const firstData = ordered[0]?.date ?? goal.baselineDate;
  const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

  return {
    ...CHART,
    xTicks: x.ticks(6).map((d) => ({ x: x(d), label: d.toLocaleDateString('en-US', { month: 'short', timeZone: 'UTC' }) })),
    yTicks: y.ticks(5).map((v) => ({ y: y(v), label: fmt(v) })),
    dataPath: ordered.length > 1 ? path(ordered) : null,
    dots: ordered.map((p) => ({ x: x(p.date), y: y(p.value), title: `${dayKey(p.date)}: ${fmt(p.value)}` })),
    aimPath: path([
      { date: goal.baselineDate, value: goal.baselineValue },
      { date: goal.targetDate, value: goal.targetValue },
    ]),
    trendPath: trend
      ? path([
          { date: firstData, value: trend.at(firstData) },
          { date: trendEnd, value: trend.at(trendEnd) },
        ])
      : null,
    baseline: { x: x(goal.baselineDate), y: y(goal.baselineValue) },
    target: { x: x(goal.targetDate), y: y(goal.targetValue) },
    changes: changes.map((c) => ({ x: x(c.date), label: c.label })),
    unit: scale.unit,
    trend: trend ? { perWeek: trend.perWeek } : null,
    projection,
    reaches,
    flag,
    suggestion: suggestCode(goal, ordered),
    direction: direction(goal),
    count: ordered.length,
    latest: ordered[ordered.length - 1] ?? null,
    /** What a note states for this goal: the latest point and the typical level (levels.ts). */
    levels: levelsOf(ordered),
  };
}

export type GoalChart = ReturnType<typeof goalChart>;
