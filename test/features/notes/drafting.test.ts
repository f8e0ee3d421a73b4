import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar/dates.js';
import { codeMismatch, draftNote, goalSections, resultWords } from '../../../src/features/notes/drafting.js';
import { checkLanguage } from '../../../src/features/notes/plain-language.js';

const weekly = (values: number[]) => values.map((value, i) => ({ date: addDays(new Date('2026-09-08'), i * 7), value }));
const goal = {
  id: 1,
  area: 'handwriting',
  statement: 'will form 8 of 10 lowercase letters so they can be read.',
  measurement: 'trials',
  baselineValue: 30,
  baselineDate: new Date('2026-09-01'),
  targetValue: 80,
  targetDate: new Date('2027-06-01'),
  targetCriterion: '8 of 10 letters on 3 of 4 tries',
  objectives: ['5 of 10 letters by December'],
  changes: ['a pencil grip since October'],
  points: weekly([30, 40, 40, 50, 50, 60, 60, 60]),
};
const input = {
  name: 'Ava',
  title: 'Progress report 1',
  periodStart: new Date('2026-09-01'),
  periodEnd: new Date('2026-11-20'),
  previousReport: null,
  therapist: 'Maya Okafor',
  goals: [goal],
  codeLabel: (m: string) => ({ expected: 'Sufficient progress' })[m] ?? m,
};

describe('drafting a progress note', () => {
  it('says what the child can do now, with numbers and dates, against the baseline and target', () => {
    const draft = draftNote(input);
    expect(draft.teacherText).toContain('Ava is working to form 8 of 10 lowercase letters so they can be read.');
    expect(draft.teacherText).toContain(
      'At the start (Sep 1, 2026): 30% of tries. Latest result (Oct 27, 2026): 60% of tries. Typical of the last 3 results: 60% of tries.',
    );
    expect(draft.teacherText).toContain('Progress code: Sufficient progress.');
    expect(draft.teacherText).toContain('What helps: a pencil grip since October.');
    // The objective (5 of 10) is behind where Ava is now (60%), so the next step is past it.
    expect(draft.teacherText).toContain('Next step: reach 70% of tries, on the way to the goal.');
    expect(draft.teacherText).toMatch(/In class:\n- Give paper with a bold or raised baseline\./);
    expect(draft.goals).toEqual([{ goalId: 1, meaning: 'expected' }]);
  });

  it('compares with the last report when there was one', () => {
    const draft = draftNote({ ...input, previousReport: new Date('2026-09-25') });
    expect(draft.teacherText).toContain('At the last report: 40% of tries.');
  });

  it('writes a family version in simpler words with things to try at home', () => {
    const draft = draftNote(input);
    expect(draft.familyText).toContain('Ava is on track to meet this goal. The results are going up over time.');
    expect(draft.familyText).toContain('Latest result (Oct 27, 2026): 60% of tries.');
    expect(draft.familyText).toContain('At home you can try:');
  });

  it('reads at or below the target grade, with no clinical terms and nothing vague', () => {
    const draft = draftNote(input);
    const family = checkLanguage(draft.familyText, 'family');
    const teacher = checkLanguage(draft.teacherText, 'teacher');
    expect(teacher.jargon).toEqual([]);
    expect(family.jargon).toEqual([]);
    expect(teacher.grade).not.toBeNull();
    expect(teacher.grade!).toBeLessThanOrEqual(8);
    expect(family.grade!).toBeLessThanOrEqual(6);
    expect(teacher.vague).toEqual([]);
  });

  it('puts results in words for every measure', () => {
    expect(resultWords(2, 'prompt')).toBe('needs a spoken reminder');
    expect(resultWords(0, 'prompt')).toBe('does it alone');
    expect(resultWords(3, 'rubric')).toBe('a score of 3 out of 4');
    expect(resultWords(300, 'duration')).toBe('5 minutes');
    expect(resultWords(45, 'duration')).toBe('45 seconds');
    // Tries as a count only when the tally was kept (progress/levels.ts); a bare value is a percent.
    expect(resultWords(60, 'trials')).toBe('60% of tries');
    expect(resultWords(23, 'trials')).toBe('23% of tries');
  });

  it('says tries as a count when the tally was kept, and rounds percentages to a whole percent', () => {
    const points = [...goal.points.slice(0, -1), { date: new Date('2026-10-27'), value: 75, correct: 3, incorrect: 1, cued: 0 }];
    const draft = draftNote({ ...input, goals: [{ ...goal, baselineValue: 33.333, points }] });
    expect(draft.teacherText).toContain('Latest result (Oct 27, 2026): 3 of 4 tries (75%).');
    expect(draft.teacherText).toContain('At the start (Sep 1, 2026): 33% of tries.');
  });

  it('follows the code: a goal that is not moving is never "getting better", and the next step is past where the child is', () => {
    const flat = { ...goal, objectives: [], points: weekly([60, 60, 60, 60, 60, 60]) };
    const draft = draftNote({ ...input, goals: [flat] });
    expect(draft.goals[0]!.meaning).toBe('no_progress');
    expect(draft.familyText).not.toMatch(/getting better|going up|on track/);
    expect(draft.familyText).toContain('The results have not moved toward the goal yet');
    expect(draft.teacherText).toContain('Next step: reach 70% of tries');
    // Lower is better: the next step needs less help than now.
    const prompt = { ...goal, measurement: 'prompt', baselineValue: 5, targetValue: 1, objectives: [], points: weekly([4, 4, 3, 3, 3]) };
    expect(draftNote({ ...input, goals: [prompt] }).teacherText).toContain('Next step: need only a spoken reminder');
  });

  it('finds text that its code contradicts, goal by goal', () => {
    expect(codeMismatch('Ava is getting better at this.', 'no_progress')).toBe(true);
    expect(codeMismatch('Ava is getting better at this.', 'expected')).toBe(false);
    expect(codeMismatch('Progress code: Not making progress.', 'expected')).toBe(true);
    expect(codeMismatch('Ava has reached this goal.', 'may_not_meet')).toBe(true);
    const draft = draftNote(input);
    const [section] = goalSections(draft.teacherText, [goal.area]);
    expect(section).toMatch(/^Handwriting/);
    expect(codeMismatch(section!, draft.goals[0]!.meaning)).toBe(false);
    expect(codeMismatch(section!, 'no_progress')).toBe(true);
  });
});
