// The goal graph as a view model for an SVG drawn on the server (it prints, and needs no
// JavaScript): scales and paths from d3, words from the progress arithmetic.
import { scaleLinear, scaleUtc } from 'd3-scale';
import { line } from 'd3-shape';
import { dayKey } from '../../calendar/dates.js';
import { measurementOf, promptLevels } from '../goals/goal-areas.js';
import type { GoalFrame } from './progress.math.js';
import type { LevelPoint } from './levels.js';
import { countUnit, durationInMinutes, levelsOf, stepsInTask } from './levels.js';
import { belowAimLine, dateTrendReaches, direction, projectionOf, suggestCode, trendOf } from './progress.math.js';

// Drawn at the width a tablet's content column gives it (about 760 px at 820 px wide), so text in
// the SVG's units reads at its stated size there; the page, print and the PDF scale the same drawing.
const CHART = { width: 800, height: 420, top: 24, right: 24, bottom: 64, left: 84 };
/** Prompt levels are named on the axis, so it needs room for "Partial physical". */
const PROMPT_LEFT = 150;

// One formatter each, made once: a graph has a tick a month, and a page several graphs.
const monthOnly = new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' });
const monthYear = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** The words on the value axis: what is measured and its unit, e.g. "Accuracy (%)", "Time (minutes)". */
function valueAxis(goal: ChartGoal): { title: string; divisor: number } {
  const unitGoal = {
    measurement: goal.measurement,
    statement: goal.statement ?? '',
    targetCriterion: goal.targetCriterion ?? '',
    targetValue: goal.targetValue,
  };
  switch (goal.measurement) {
    case 'percent':
      return { title: 'Accuracy (%)', divisor: 1 };
    case 'trials':
      return { title: 'Tries correct (%)', divisor: 1 };
    case 'prompt':
      // The teacher's and family's copies read the levels as numbers; the therapist's page names them.
      return { title: 'Help needed (0 = none)', divisor: 1 };
    case 'rubric':
      return { title: 'Rubric score (1 to 4)', divisor: 1 };
    case 'steps': {
      const total = stepsInTask(unitGoal);
      return { title: total ? `Steps done alone (of ${total})` : 'Steps done alone', divisor: 1 };
    }
    case 'count':
      return { title: `Count (${countUnit(unitGoal)})`, divisor: 1 };
    case 'duration':
      return durationInMinutes(unitGoal) ? { title: 'Time (minutes)', divisor: 60 } : { title: 'Time (seconds)', divisor: 1 };
    default:
      return { title: measurementOf(goal.measurement).unit, divisor: 1 };
  }
}

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
  const box = { ...CHART, left: goal.measurement === 'prompt' ? PROMPT_LEFT : CHART.left };
  const axis = valueAxis(goal);
  const x = scaleUtc()
    .domain([goal.baselineDate, end])
    .range([box.left, box.width - box.right]);
  // Minutes goals keep seconds in their data; the axis counts in minutes, so its ticks are round minutes.
  const shown = scaleLinear()
    .domain([yMin / axis.divisor, yMax / axis.divisor])
    .nice()
    .range([box.height - box.bottom, box.top]);
  const y = (v: number) => shown(v / axis.divisor);
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

  // The first tick and each January carry the year, so a school year's graph reads "Sep 2026 … Jan 2027".
  const xTicks = x.ticks(6).map((d, i) => ({
    x: x(d),
    label: (i === 0 || d.getUTCMonth() === 0 ? monthYear : monthOnly).format(d),
  }));
  const yTicks =
    goal.measurement === 'prompt'
      ? promptLevels.map((name, level) => ({ y: y(level), label: String(level), name }))
      : shown.ticks(5).map((v) => ({ y: shown(v), label: fmt(v), name: fmt(v) }));

  return {
    ...box,
    xTicks,
    yTicks,
    /** The axes' titles: the value axis says the goal's measure and unit, the other one the date. */
    yTitle: axis.title,
    xTitle: 'Date',
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
