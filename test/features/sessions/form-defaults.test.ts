import { describe, expect, it } from 'vitest';
import { minutesPerSession, natureOf, suggestedMinutes } from '../../../src/features/sessions/form-defaults.js';

describe("a session's minutes from the plan", () => {
  it("is one session's share of a direct mandate", () => {
    expect(minutesPerSession({ minutes: 20, period: 'week' })).toBe(20);
    expect(minutesPerSession({ minutes: 120, period: 'month' })).toBe(30);
    expect(minutesPerSession({ minutes: 1080, period: 'year' })).toBe(30);
    expect(minutesPerSession({ minutes: 30, period: 'year' })).toBe(5);
  });

  it('prefers the mandate that fits the kind of session, and takes the smallest in a group', () => {
    const individual = { minutes: 30, period: 'week' as const, grouping: 'individual' };
    const inGroup = { minutes: 45, period: 'week' as const, grouping: 'group' };
    expect(suggestedMinutes([[individual, inGroup]], false)).toBe(30);
    expect(suggestedMinutes([[individual, inGroup]], true)).toBe(45);
    expect(suggestedMinutes([[inGroup], [{ ...inGroup, minutes: 20 }], []], true)).toBe(20);
    expect(suggestedMinutes([[], []], true)).toBe(30);
  });
});

describe("the service's nature in words", () => {
  it('comes from the goal areas and what was done', () => {
    expect(natureOf(['handwriting'])).toBe('Work on handwriting');
    expect(natureOf(['handwriting', 'scissors', 'handwriting', 'sensory'], ['warm_up', 'skill_practice', 'feedback'])).toBe(
      'Warm-up, then work on handwriting, cutting with scissors and self-regulation; feedback to the teacher',
    );
    expect(natureOf([], ['sensory_support'])).toBe('Occupational therapy activities, with sensory support');
  });

  it('fits the field even with every area', () => {
    const all = [
      'handwriting',
      'scissors',
      'grasp',
      'visual_motor',
      'keyboarding',
      'movement',
      'sensory',
      'self_care',
      'organisation',
    ] as const;
    expect(natureOf(all, ['warm_up', 'sensory_support', 'feedback']).length).toBeLessThanOrEqual(300);
  });
});
