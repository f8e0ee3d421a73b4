// Graph captions: the therapist's words stay precise; a teacher's or family's copy passes the same
// glossary check as the note text, for every measurement and every shape of data.
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar/dates.js';
import type { Measurement } from '../../../src/generated/prisma/enums.js';
import { areaLabel, goalAreas, measurements, plainAreaLabel } from '../../../src/features/goals/goal-areas.js';
import { checkLanguage, findJargon } from '../../../src/features/notes/plain-language.js';
import { goalChart } from '../../../src/features/progress/progress.chart.js';
import { chartCaption, plainValueWords } from '../../../src/features/progress/progress.words.js';

/** A baseline and target on each scale, as a therapist would set them (prompt levels go down). */
const frames: Record<Measurement, { baselineValue: number; targetValue: number }> = {
  percent: { baselineValue: 20, targetValue: 80 },
  trials: { baselineValue: 30, targetValue: 80 },
  prompt: { baselineValue: 4, targetValue: 1 },
  rubric: { baselineValue: 1, targetValue: 3 },
  steps: { baselineValue: 2, targetValue: 8 },
  count: { baselineValue: 2, targetValue: 15 },
  duration: { baselineValue: 60, targetValue: 600 },
};

/** Weekly data as a share of the way from baseline to target: every branch of the caption. */
const shapes: Record<string, number[]> = {
  'no data': [],
  'one point': [0.1],
  'on pace to meet the target': [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
  'too slow: short of the target, flagged': [0.01, 0.02, 0.03, 0.04, 0.05],
  flat: [0.1, 0.1, 0.1, 0.1, 0.1],
  'the wrong way': [-0.05, -0.15, -0.25, -0.35, -0.45],
};

const start = new Date('2026-09-01');

function captionsFor(measurement: Measurement, shape: number[]) {
  const { baselineValue, targetValue } = frames[measurement];
  const goal = { measurement, baselineValue, targetValue, baselineDate: start, targetDate: new Date('2027-06-01') };
  const points = shape.map((f, i) => ({ date: addDays(start, 7 * (i + 1)), value: baselineValue + f * (targetValue - baselineValue) }));
  const chart = goalChart(goal, points, []);
  return {
    therapist: chartCaption(goal, chart),
    teacher: chartCaption(goal, chart, { audience: 'teacher' }),
    family: chartCaption(goal, chart, { audience: 'family' }),
  };
}

const dates = (s: string) => s.match(/[A-Z][a-z]{2} \d{1,2}, \d{4}/g) ?? [];

describe('graph captions', () => {
  for (const m of measurements)
    for (const [shape, fractions] of Object.entries(shapes))
      it(`in a teacher's or family's copy use no clinical word: ${m.value}, ${shape}`, () => {
        const c = captionsFor(m.value, fractions);
        expect(checkLanguage(c.teacher, 'teacher').jargon).toEqual([]);
        expect(checkLanguage(c.family, 'family').jargon).toEqual([]);
        // One computation: only the words differ, never the dates (or how many there are).
        expect(dates(c.teacher)).toEqual(dates(c.therapist));
        expect(c.teacher).not.toBe(c.therapist);
      });

  it('keep the precise terms on the therapist goal page, which the glossary would flag in a shared copy', () => {
    const c = captionsFor('prompt', shapes['too slow: short of the target, flagged']!);
    expect(c.therapist).toContain('target gestural prompt');
    expect(c.therapist).toContain('below the aim line');
    expect(checkLanguage(c.therapist, 'teacher').jargon.map((j) => j.term)).toEqual(
      expect.arrayContaining(['gestural prompt', 'aim line']),
    );
    expect(c.teacher).toContain('The goal: needing a pointing gesture by Jun 1, 2027.');
    expect(c.teacher).toContain('The last 4 results are behind the planned pace');
  });

  it('say the same numbers in plain words', () => {
    const c = captionsFor('trials', shapes['on pace to meet the target']!);
    expect(c.therapist).toMatch(
      /^Baseline 30% on Sep 1, 2026; target 80% by Jun 1, 2027\. Latest result \(Oct 13, 2026\): 60% of tries\. Typical of the last 3 results: 55% of tries\. 6 data points in all\./,
    );
    expect(c.teacher).toMatch(
      /^At the start \(Sep 1, 2026\): 30% of tries\. The goal: 80% of tries by Jun 1, 2027\. Latest result \(Oct 13, 2026\): 60% of tries\. Typical of the last 3 results: 55% of tries\. 6 results in all\./,
    );
    expect(c.teacher).toContain('Getting better, by about 5 percentage points a week.');
    expect(captionsFor('duration', shapes['one point']!).teacher).toContain('The goal: 10 minutes by');
  });
});

describe('plain words for values and areas', () => {
  it('read every prompt level as the help needed, with no clinical word', () => {
    const words = [0, 1, 2, 3, 4, 5, 6].map((level) => plainValueWords(level, 'prompt'));
    expect(words).toEqual([
      'needing no help',
      'needing a pointing gesture',
      'needing a spoken reminder',
      'needing a picture or written cue',
      'needing to be shown how first',
      'needing some hands-on help',
      'needing full hands-on help',
    ]);
    expect(findJargon(words.join('. '))).toEqual([]);
  });

  it('name every goal area in plain words for teachers and families', () => {
    for (const a of goalAreas) expect(findJargon(plainAreaLabel(a.value)), plainAreaLabel(a.value)).toEqual([]);
    // The therapist's label stays as it is; only the shared copies use the plain name.
    expect(findJargon(areaLabel('sensory')).length).toBeGreaterThan(0);
    expect(plainAreaLabel('sensory')).toBe('Staying calm and handling sounds, touch and movement');
    expect(plainAreaLabel('handwriting')).toBe(areaLabel('handwriting'));
  });
});
