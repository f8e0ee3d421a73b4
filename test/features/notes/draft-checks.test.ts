// Every drafted note passes its own checks, for every student of the demo and for a generated
// caseload of unusual goals: no glossary term in what the draft wrote, the teacher version at or
// under grade 8 and the family version at or under grade 6, words that agree with the code, a next
// step past where the child is, and the number each note states equal to its graph caption's.
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar/dates.js';
import { loadDemoData } from '../../../src/db/demo-data.js';
import type { Measurement } from '../../../src/generated/prisma/enums.js';
import { measurements } from '../../../src/features/goals/goal-areas.js';
import { codeMismatch, draftNote, goalSections } from '../../../src/features/notes/drafting.js';
import type { DraftInput } from '../../../src/features/notes/drafting.js';
import { checkLanguage } from '../../../src/features/notes/plain-language.js';
import { levelSentences, levelsOf } from '../../../src/features/progress/levels.js';
import { goalChart } from '../../../src/features/progress/progress.chart.js';
import { defaultMeaningLabels } from '../../../src/features/progress/progress.words.js';
import { chartCaption } from '../../../src/features/progress/progress.words.js';
import { testApp } from '../../helpers/app.js';

type Goal = DraftInput['goals'][number];

/** Everything a drafted note must be, for one student. */
function expectPassesItsChecks(name: string, goals: Goal[], periodEnd: Date) {
  const input: DraftInput = {
    name,
    title: 'Progress report',
    periodStart: addDays(periodEnd, -80),
    periodEnd,
    previousReport: null,
    therapist: 'Maya Okafor',
    goals,
    codeLabel: (m) => defaultMeaningLabels[m],
  };
  const draft = draftNote(input);
  const who = `${name}: ${goals.map((g) => `${g.measurement} ${g.statement}`).join(' | ')}`;
  // What the draft wrote: the text without the therapist's own goal statements.
  const written = (text: string) => goals.reduce((t, g) => t.replace(g.statement.replace(/^will\s+/i, '').replace(/\.$/, ''), ''), text);
  const teacher = checkLanguage(written(draft.teacherText), 'teacher');
  const family = checkLanguage(draft.familyText, 'family');
  expect(teacher.jargon, who).toEqual([]);
  expect(family.jargon, who).toEqual([]);
  expect(teacher.grade ?? 0, `${who}\n${draft.teacherText}`).toBeLessThanOrEqual(8);
  expect(family.grade ?? 0, `${who}\n${draft.familyText}`).toBeLessThanOrEqual(6);
  expect(draft.teacherText).not.toMatch(/\)\s*\(|\(\(|\)\)/);
  expect(draft.teacherText).not.toMatch(/\d\.\d{2,}%|\d+\.\d%/);

  const areas = goals.map((g) => g.area);
  const teacherSections = goalSections(draft.teacherText, areas);
  const familySections = goalSections(draft.familyText, areas);
  goals.forEach((g, i) => {
    const meaning = draft.goals[i]!.meaning;
    expect(codeMismatch(teacherSections[i]!, meaning), `${who}\n${teacherSections[i]}`).toBe(false);
    expect(codeMismatch(familySections[i]!, meaning), `${who}\n${familySections[i]}`).toBe(false);
    if (meaning === 'no_progress') expect(familySections[i]).not.toMatch(/getting better|improving/i);
    // The number the note states is the caption's, for the same goal.
    const points = g.points.filter((p) => p.date <= periodEnd);
    const said = levelSentences(levelsOf(points), g);
    const caption = chartCaption(g, goalChart(g, points, []), { audience: 'teacher' });
    for (const sentence of [said.latest, said.typical].filter((s) => s !== null)) {
      expect(teacherSections[i]).toContain(sentence);
      expect(familySections[i]).toContain(sentence);
      expect(caption).toContain(sentence);
    }
    // A weekly rate says its unit; a projection stays on the measure's scale.
    expect(caption).not.toMatch(/about [\d.]+ a week/);
    expect(caption).not.toMatch(/-\d/);
  });
  return draft;
}

describe('drafts pass their own checks', () => {
  it('for every student of the demo', { timeout: 120_000 }, async () => {
    const t = await testApp({ demo: true });
    await loadDemoData(t.db, t.config.timeZone);
    const students = await t.db.student.findMany({
      where: { goals: { some: {} } },
      include: {
        goals: {
          orderBy: [{ area: 'asc' }, { id: 'asc' }],
          include: {
            objectives: { orderBy: { position: 'asc' } },
            dataPoints: { orderBy: { date: 'asc' }, select: { date: true, value: true, correct: true, incorrect: true, cued: true } },
          },
        },
      },
    });
    expect(students.length).toBeGreaterThan(10);
    const end = new Date();
    for (const s of students)
      expectPassesItsChecks(
        s.preferredName ?? s.firstName,
        s.goals.map((g) => ({ ...g, objectives: g.objectives.map((o) => o.text), changes: [], points: g.dataPoints })),
        end,
      );
  });

  /** Baselines and targets for every measurement, with lower-is-better and odd units among them. */
  const frames: Record<Measurement, { baselineValue: number; targetValue: number; statement: string; targetCriterion: string }[]> = {
    percent: [
      {
        baselineValue: 22,
        targetValue: 80,
        statement: 'will copy words from the board with 80% accuracy.',
        targetCriterion: '80% accuracy',
      },
    ],
    trials: [{ baselineValue: 30, targetValue: 80, statement: 'will catch a ball on 8 of 10 tries.', targetCriterion: '8 of 10 tries' }],
    prompt: [
      { baselineValue: 5, targetValue: 0, statement: 'will put on shoes with no help.', targetCriterion: 'no help' },
      {
        baselineValue: 3,
        targetValue: 1,
        statement: 'will check the schedule, needing no more than a pointing gesture.',
        targetCriterion: 'a pointing gesture',
      },
    ],
    rubric: [{ baselineValue: 1, targetValue: 3, statement: 'will size letters to fit the lines.', targetCriterion: 'a score of 3' }],
    steps: [
      {
        baselineValue: 2,
        targetValue: 8,
        statement: 'will put on a coat, completing 8 of 8 steps without help.',
        targetCriterion: '8 of 8 steps',
      },
    ],
    count: [
      {
        baselineValue: 4,
        targetValue: 15,
        statement: 'will type 15 correct words a minute.',
        targetCriterion: '15 correct words a minute',
      },
      {
        baselineValue: 12,
        targetValue: 3,
        statement: 'will leave the seat no more than 3 times in a lesson.',
        targetCriterion: '3 times in a lesson',
      },
    ],
    duration: [
      { baselineValue: 90, targetValue: 600, statement: 'will stay with a seated task for 10 minutes.', targetCriterion: '10 minutes' },
      { baselineValue: 3, targetValue: 10, statement: 'will stand on one foot for 10 seconds.', targetCriterion: '10 seconds' },
    ],
  };
  const shapes: Record<string, number[]> = {
    'no data': [],
    'one point': [0.2],
    flat: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
    rising: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
    falling: [-0.05, -0.15, -0.25, -0.35, -0.45, -0.5],
    'already at target': [0.9, 1, 1, 1],
    'past target': [1, 1.1, 1.2],
  };
  const areaOf: Record<Measurement, string> = {
    percent: 'visual_motor',
    trials: 'movement',
    prompt: 'self_care',
    rubric: 'handwriting',
    steps: 'self_care',
    count: 'keyboarding',
    duration: 'sensory',
  };
  const start = new Date('2026-09-01');
  for (const m of measurements)
    for (const [shape, fractions] of Object.entries(shapes))
      it(`for a generated caseload: ${m.value}, ${shape}`, () => {
        const goals: Goal[] = frames[m.value].map((f, i) => ({
          ...f,
          id: i + 1,
          area: areaOf[m.value],
          measurement: m.value,
          baselineDate: start,
          targetDate: new Date('2027-06-01'),
          objectives: [],
          changes: [],
          points: fractions.map((x, j) => {
            const raw = f.baselineValue + x * (f.targetValue - f.baselineValue);
            const value = m.value === 'prompt' ? Math.min(6, Math.max(0, Math.round(raw))) : Math.max(0, Math.round(raw));
            return m.value === 'trials'
              ? { date: addDays(start, 7 * (j + 1)), value, correct: value / 10, incorrect: 10 - value / 10, cued: 0 }
              : { date: addDays(start, 7 * (j + 1)), value };
          }),
        }));
        expectPassesItsChecks('Ava', goals, new Date('2026-12-01'));
      });
});
