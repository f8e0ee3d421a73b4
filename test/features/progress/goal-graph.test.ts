import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar/dates.js';
import { makeGoal, makeSchool, makeSessionLog, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
let ot: Awaited<ReturnType<typeof signedIn>>;
let therapistId: number;
let studentId: number;

beforeAll(async () => {
  const school = await makeSchool(t.db);
  const therapist = await user(t.db, 'therapist');
  therapistId = therapist.id;
  studentId = (await makeStudent(t.db, { schoolId: school.id, therapistIds: [therapist.id] })).id;
  ot = await signedIn(t.app, therapist.email);
});

/** A goal on a plateau: five points stuck near the baseline while the aim line climbs. */
async function plateau(): Promise<number> {
  const goal = await makeGoal(t.db, {
    studentId,
    measurement: 'percent',
    baselineValue: 20,
    baselineDate: new Date('2026-09-01'),
    targetValue: 80,
    targetDate: new Date('2027-06-01'),
  });
  await makeSessionLog(t.db, {
    providerId: therapistId,
    students: [
      {
        studentId,
        dataPoints: [20, 22, 21, 20, 22].map((value, i) => ({
          goalId: goal.id,
          date: addDays(new Date('2026-10-01'), i * 7),
          value,
        })),
      },
    ],
  });
  return goal.id;
}

describe('the goal graph', () => {
  it('is an SVG with its caption in words, a trend, the flag and a suggested code', async () => {
    const goalId = await plateau();
    const res = await ot.agent.get(`/goals/${goalId}`);
    expect(res.text).toMatch(/<svg viewBox="0 0 800 420" role="img" aria-labelledby="goal-\d+-caption"/);
    // Both axes carry a title; the caption closes the figure, after the key (a caption holds no list).
    expect(res.text).toMatch(/<text class="axis-title"[^>]*>[^<]*\([^)]+\)<\/text>/);
    expect(res.text).toMatch(/<text class="axis-title"[^>]*>Date<\/text>/);
    expect(res.text).toMatch(/<\/ul>\s*<figcaption id="goal-\d+-caption">[^<]+<\/figcaption>\s*<\/figure>/);
    expect(res.text).toContain('class="aim" d="M');
    expect(res.text).toContain('class="trend" d="M');
    expect(res.text.match(/<circle class="dot"/g)).toHaveLength(5);
    expect(res.text).toContain(
      'Baseline 20% on Sep 1, 2026; target 80% by Jun 1, 2027. Latest result (Oct 29, 2026): 22% accuracy. Typical of the last 3 results: 21% accuracy. 5 data points in all.',
    );
    expect(res.text).toContain('short of the target');
    expect(res.text).toContain('The last 4 data points are below the aim line');
    expect(res.text).toContain('Making progress, may not meet the goal');
  });

  it('marks a change of approach, checked like any form', async () => {
    const goalId = await plateau();
    const bad = await ot.agent.post(`/goals/${goalId}/changes`).type('form').send({ _csrf: ot.csrf, date: '2026-11-31', label: '' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('not a real date');
    const ok = await ot.agent
      .post(`/goals/${goalId}/changes`)
      .type('form')
      .send({ _csrf: ot.csrf, date: '2026-11-02', label: 'New pencil grip' });
    expect(ok.status).toBe(303);
    const page = await ot.agent.get(`/goals/${goalId}`);
    expect(page.text).toMatch(/<g class="change"><line [^>]+><\/line><text [^>]+>New pencil grip<\/text><\/g>/);
  });
});

describe('the axis of a goal graph', () => {
  it('says its unit, and fits an open scale to the data (4 of 6 steps is not drawn on a 0-50 axis)', async () => {
    const { goalChart } = await import('../../../src/features/progress/progress.chart.js');
    const frame = {
      baselineValue: 1,
      baselineDate: new Date('2026-09-01'),
      targetValue: 6,
      targetDate: new Date('2027-06-01'),
      measurement: 'steps',
    };
    const chart = goalChart(frame, [{ date: new Date('2026-10-01'), value: 4 }], []);
    expect(chart.unit).toBe('steps');
    expect(chart.yTitle).toBe('Steps done alone');
    expect(chart.xTitle).toBe('Date');
    // The first tick says the year; the others the month alone, until January.
    expect(chart.xTicks[0]!.label).toMatch(/^[A-Z][a-z]{2} 2026$/);
    expect(chart.xTicks.map((t) => t.label)).toContain('Jan 2027');
    expect(chart.xTicks.map((t) => t.label)).toContain('Nov');
    expect(Math.max(...chart.yTicks.map((t) => Number(t.label)))).toBeLessThanOrEqual(10);
  });
});

describe("the value axis says the goal's measure and unit", () => {
  const base = { baselineDate: new Date('2026-09-01'), targetDate: new Date('2027-06-01') };
  it("names prompt levels on the therapist's axis and numbers them for plain copies", async () => {
    const { goalChart } = await import('../../../src/features/progress/progress.chart.js');
    const chart = goalChart({ ...base, baselineValue: 4, targetValue: 1, measurement: 'prompt' }, [], []);
    expect(chart.yTicks.map((t) => t.name)).toEqual([
      'Independent',
      'Gestural',
      'Verbal',
      'Visual',
      'Model',
      'Partial physical',
      'Full physical',
    ]);
    expect(chart.yTicks.map((t) => t.label)).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(chart.yTitle).toBe('Help needed (0 = none)');
  });
  it('counts a minutes goal in minutes (its data is kept in seconds)', async () => {
    const { goalChart } = await import('../../../src/features/progress/progress.chart.js');
    const chart = goalChart(
      {
        ...base,
        baselineValue: 300,
        targetValue: 900,
        measurement: 'duration',
        targetCriterion: '15 minutes',
        statement: 'will stay seated for 15 minutes',
      },
      [{ date: new Date('2026-10-01'), value: 600 }],
      [],
    );
    expect(chart.yTitle).toBe('Time (minutes)');
    expect(Math.max(...chart.yTicks.map((t) => Number(t.label)))).toBeLessThanOrEqual(20);
    // 10 minutes sits where the 10 tick is.
    const ten = chart.yTicks.find((t) => t.label === '10')!;
    expect(chart.dots[0]!.y).toBeCloseTo(ten.y);
  });
  it('says what a count counts, and percent goals in percent', async () => {
    const { goalChart } = await import('../../../src/features/progress/progress.chart.js');
    expect(
      goalChart({ ...base, baselineValue: 5, targetValue: 15, measurement: 'count', targetCriterion: '15 correct words a minute' }, [], [])
        .yTitle,
    ).toBe('Count (correct words a minute)');
    expect(goalChart({ ...base, baselineValue: 20, targetValue: 80, measurement: 'percent' }, [], []).yTitle).toBe('Accuracy (%)');
  });
});
