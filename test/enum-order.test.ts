// The explicit order of enum values that replaces `orderBy` on an enum column (SQLite sorts
// those alphabetically, PostgreSQL by declaration), and the stable multi-key sort that uses it.
import { describe, expect, it } from 'vitest';
import { enumRank, sortedBy } from '../src/enum-order.js';

describe('enumRank', () => {
  it('follows the order prisma/schema.prisma declares, not the alphabet', () => {
    expect(['closed', 'referred', 'open'].sort((a, b) => enumRank('ConcernStatus', a) - enumRank('ConcernStatus', b))).toEqual([
      'open',
      'referred',
      'closed',
    ]);
    expect(enumRank('GoalStatus', 'active')).toBeLessThan(enumRank('GoalStatus', 'met'));
    expect(enumRank('GoalStatus', 'met')).toBeLessThan(enumRank('GoalStatus', 'discontinued'));
    expect(enumRank('GoalArea', 'handwriting')).toBe(0);
    expect(enumRank('GoalArea', 'organisation')).toBe(8);
  });

  it('puts a value the enum does not have (SQLite does not check them), or none, after every known one', () => {
    expect(enumRank('GoalArea', 'juggling')).toBe(9);
    expect(enumRank('GoalArea', null)).toBe(9);
    expect(enumRank('ConcernStatus', undefined)).toBe(3);
  });
});

describe('sortedBy', () => {
  const goals = [
    { id: 1, status: 'met', area: 'scissors' },
    { id: 2, status: 'active', area: 'sensory' },
    { id: 3, status: 'active', area: 'handwriting' },
    { id: 4, status: 'discontinued', area: 'grasp' },
    { id: 5, status: 'active', area: 'sensory' },
    { id: 6, status: 'met', area: 'handwriting' },
  ];

  it('sorts by each key in turn, keeping the incoming order between equals', () => {
    const sorted = sortedBy(
      goals,
      (g) => enumRank('GoalStatus', g.status),
      (g) => enumRank('GoalArea', g.area),
    );
    expect(sorted.map((g) => g.id)).toEqual([3, 2, 5, 6, 1, 4]);
  });

  it('returns a new array and leaves the given one as it was', () => {
    const before = goals.map((g) => g.id);
    const sorted = sortedBy(goals, (g) => -g.id);
    expect(sorted.map((g) => g.id)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(goals.map((g) => g.id)).toEqual(before);
  });
});
