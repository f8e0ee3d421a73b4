import { describe, expect, it } from 'vitest';
import { addDays, dayKey } from '../../../src/calendar/dates.js';
import {
  aimAt,
  belowAimLine,
  dateTrendReaches,
  direction,
  projectionOf,
  suggestCode,
  trendOf,
} from '../../../src/features/progress/progress.math.js';

const goal = { baselineValue: 20, baselineDate: new Date('2026-09-01'), targetValue: 80, targetDate: new Date('2027-06-01') };
const prompt = { baselineValue: 5, baselineDate: new Date('2026-09-01'), targetValue: 1, targetDate: new Date('2027-06-01') };
const weekly = (values: number[], start = '2026-09-08') => values.map((value, i) => ({ date: addDays(new Date(start), i * 7), value }));

describe('progress arithmetic', () => {
  it('draws the aim line from baseline to target', () => {
    expect(aimAt(goal, goal.baselineDate)).toBe(20);
    expect(aimAt(goal, goal.targetDate)).toBe(80);
    expect(aimAt(goal, new Date('2027-09-01'))).toBe(80);
    expect(aimAt(goal, new Date('2027-01-15'))).toBeCloseTo(20 + 60 * (136 / 273), 5);
  });

  it('knows which way is progress', () => {
    expect(direction(goal)).toBe(1);
    expect(direction(prompt)).toBe(-1);
  });

  it('fits a trend only with enough points', () => {
    expect(trendOf(goal, weekly([20, 25, 30, 35]))).toBeNull();
    const t = trendOf(goal, weekly([20, 25, 30, 35, 40]))!;
    expect(t.perWeek).toBeCloseTo(5, 6);
  });

  it('projects the trend to the target date', () => {
    const fast = projectionOf(goal, weekly([25, 30, 35, 40, 45, 50]));
    expect(fast!.meets).toBe(true);
    const slow = projectionOf(goal, weekly([20, 21, 22, 23, 24, 25]));
    expect(slow!.meets).toBe(false);
    expect(slow!.value).toBeLessThan(80);
  });

  it('finds when the trend reaches the target', () => {
    // 5 a week from 25 on Sep 8: 80 is 11 weeks later.
    expect(dayKey(dateTrendReaches(goal, weekly([25, 30, 35, 40, 45, 50]))!)).toBe('2026-11-24');
    expect(dateTrendReaches(goal, weekly([30, 28, 27, 25, 24, 22]))).toBeNull();
  });

  it('flags the last four points below the aim line, in either direction', () => {
    expect(belowAimLine(goal, weekly([20, 20, 21, 20, 21, 20], '2026-10-15'))).toBe(true);
    expect(belowAimLine(goal, weekly([20, 30, 40, 50, 60], '2026-10-15'))).toBe(false);
    expect(belowAimLine(prompt, weekly([5, 5, 5, 5], '2026-11-01'))).toBe(true);
    expect(belowAimLine(prompt, weekly([4, 3, 2, 1], '2026-11-01'))).toBe(false);
  });

  it('suggests a code from the data', () => {
    expect(suggestCode(goal, []).meaning).toBe('not_addressed');
    expect(suggestCode(goal, weekly([60, 75, 80, 82, 85])).meaning).toBe('mastered');
    expect(suggestCode(goal, weekly([25, 30, 35, 40, 45, 50])).meaning).toBe('expected');
    expect(suggestCode(goal, weekly([20, 21, 22, 23, 24, 25])).meaning).toBe('may_not_meet');
    expect(suggestCode(goal, weekly([30, 28, 27, 25, 24, 22])).meaning).toBe('no_progress');
    expect(suggestCode(prompt, weekly([5, 4, 4, 3, 3, 2])).meaning).toBe('expected');
    expect(suggestCode(prompt, weekly([1, 1, 1])).meaning).toBe('mastered');
    expect(suggestCode(goal, weekly([30])).meaning).toBe('expected');
  });
});
