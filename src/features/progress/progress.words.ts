// Progress in plain words: the caption every graph carries, for screen readers and print.
import { formatDate, valueWords } from '../../web/view-helpers.js';
import type { ChartGoal, GoalChart } from './progress.chart.js';
import type { CodeMeaning } from './progress.math.js';

export const defaultMeaningLabels: Record<CodeMeaning, string> = {
  mastered: 'Mastered',
  expected: 'Making progress, expected to meet the goal',
  may_not_meet: 'Making progress, may not meet the goal',
  no_progress: 'Not making progress',
  not_addressed: 'Not yet addressed',
};

export function chartCaption(goal: ChartGoal, chart: GoalChart): string {
  const v = (n: number) => valueWords(Math.round(n * 10) / 10, goal.measurement);
  const parts = [
    `Baseline ${v(goal.baselineValue)} on ${formatDate(goal.baselineDate)}; target ${v(goal.targetValue)} by ${formatDate(goal.targetDate)}.`,
  ];
  if (!chart.latest) {
    parts.push('No data yet.');
    return parts.join(' ');
  }
  parts.push(
    `Latest ${v(chart.latest.value)} on ${formatDate(chart.latest.date)}, from ${chart.count} data point${chart.count === 1 ? '' : 's'}.`,
  );
  if (chart.trend && chart.projection) {
    const better = chart.direction * chart.trend.perWeek > 0;
    const step = Math.abs(chart.trend.perWeek);
    const pace = `The trend is ${better ? 'improving' : step < 0.05 ? 'flat' : 'going the wrong way'}${step >= 0.05 ? ` by about ${step.toFixed(1)} a week` : ''}`;
    parts.push(
      chart.projection.meets && chart.reaches
        ? `${pace}; at this rate the target is reached around ${formatDate(chart.reaches)}, ${chart.reaches <= goal.targetDate ? 'by' : 'after'} the target date.`
        : `${pace}; at this rate about ${v(chart.projection.value)} by the target date, short of the target.`,
    );
  } else {
    parts.push('There are not yet enough points for a trend.');
  }
  if (chart.flag) parts.push('The last 4 points are below the aim line: consider changing the approach.');
  return parts.join(' ');
}
