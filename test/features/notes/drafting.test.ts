import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar/dates.js';
import { draftNote, resultWords } from '../../../src/features/notes/drafting.js';
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
      'Now: 6 of 10 tries (60%) (latest data Oct 27, 2026), compared with 3 of 10 tries (30%) at the start (Sep 1, 2026).',
    );
    expect(draft.teacherText).toContain('Progress code: Sufficient progress.');
    expect(draft.teacherText).toContain('What helps: a pencil grip since October.');
    expect(draft.teacherText).toContain('Next step: 5 of 10 letters by December.');
    expect(draft.teacherText).toMatch(/In class:\n- Give paper with a bold or raised baseline\./);
    expect(draft.goals).toEqual([{ goalId: 1, meaning: 'expected' }]);
  });

  it('compares with the last report when there was one', () => {
    const draft = draftNote({ ...input, previousReport: new Date('2026-09-25') });
    expect(draft.teacherText).toContain('and 4 of 10 tries (40%) at the last report');
  });

  it('writes a family version in simpler words with things to try at home', () => {
    const draft = draftNote(input);
    expect(draft.familyText).toContain(
      'Ava is getting better at this. In September it was 3 of 10 tries (30%); by Oct 27, 2026 it was 6 of 10 tries (60%).',
    );
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
    expect(resultWords(60, 'trials')).toBe('6 of 10 tries (60%)');
    expect(resultWords(23, 'trials')).toBe('23% of tries');
  });
});
