// Every demo goal agrees with itself: its statement, measure, baseline and target say the same
// thing, in the same unit, on the measure's scale, with the target beyond the baseline.
import { describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../src/db/demo-data.js';
import { goalBank } from '../../../src/features/goals/goal-bank.js';
import { measurementOf } from '../../../src/features/goals/goal-areas.js';
import { countUnit, durationInMinutes, stepsInTask } from '../../../src/features/progress/levels.js';
import { testApp } from '../../helpers/app.js';

const t = await testApp({ demo: true });

describe('the demo goals', () => {
  it('say one thing: statement, measure, baseline and target agree', { timeout: 60_000 }, async () => {
    await loadDemoData(t.db, t.config.timeZone);
    const goals = await t.db.goal.findMany({ include: { dataPoints: true } });
    expect(goals.length).toBeGreaterThan(20);
    for (const g of goals) {
      const who = `${g.measurement}: "${g.statement}" / "${g.targetCriterion}" baseline ${g.baselineValue} target ${g.targetValue}`;
      const { min, max } = measurementOf(g.measurement);
      expect(g.statement, who).not.toContain('__');
      for (const v of [g.baselineValue, g.targetValue, ...g.dataPoints.map((p) => p.value)]) {
        expect(v, who).toBeGreaterThanOrEqual(min);
        expect(v, who).toBeLessThanOrEqual(max);
      }
      // The target is beyond the baseline in the goal's direction: prompt levels go down.
      if (g.measurement === 'prompt') expect(g.targetValue, who).toBeLessThan(g.baselineValue);
      else expect(g.targetValue, who).toBeGreaterThan(g.baselineValue);
      // Every "N of M ..." the criterion states is in the statement too (no "3 of 4 sessions" the goal never says).
      for (const [pair] of g.targetCriterion.matchAll(/\d+ of \d+ \w+/g)) expect(g.statement, who).toContain(pair);
      switch (g.measurement) {
        case 'percent':
          expect(g.statement, who).toContain(`${g.targetValue}%`);
          break;
        case 'trials': {
          const tries = /(\d+) of (\d+) tries/.exec(g.statement);
          expect(tries, who).not.toBeNull();
          expect((Number(tries![1]) / Number(tries![2])) * 100, who).toBe(g.targetValue);
          break;
        }
        case 'duration': {
          const said = /(\d+) (minutes|seconds)/.exec(g.statement);
          expect(said, who).not.toBeNull();
          expect(Number(said![1]) * (said![2] === 'minutes' ? 60 : 1), who).toBe(g.targetValue);
          expect(durationInMinutes(g), who).toBe(said![2] === 'minutes');
          break;
        }
        case 'steps':
          expect(stepsInTask(g), who).toBe(g.targetValue);
          break;
        case 'count':
          expect(countUnit(g), who).not.toBe('times');
          expect(g.statement, who).toContain(String(g.targetValue));
          break;
        case 'rubric':
          expect(g.targetCriterion, who).toContain(`score of ${g.targetValue}`);
          break;
      }
    }
  });

  it('come from bank examples whose target is on the scale', () => {
    for (const b of goalBank) {
      const { min, max } = measurementOf(b.measurement);
      expect(b.example.target, b.key).toBeGreaterThanOrEqual(min);
      expect(b.example.target, b.key).toBeLessThanOrEqual(max);
      expect(b.example.fills.length, b.key).toBe((b.text.match(/a __ prompt|__/g) ?? []).length);
    }
  });
});
