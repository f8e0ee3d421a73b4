// The order of an enum's values, the same on every database. `orderBy: { area: 'asc' }` sorts by
// the values' text on SQLite (alphabetical) but by their declaration order on PostgreSQL, so a
// list ordered by an enum is ordered here instead: by the order prisma/schema.prisma declares,
// which is the order the enum was written to be read in (open concerns before closed ones).
import * as enums from './generated/prisma/enums.js';

export type EnumKind = {
  [K in keyof typeof enums]: (typeof enums)[K] extends Record<string, string> ? K : never;
}[keyof typeof enums];

const ranks = new Map<string, Map<string, number>>();

/** A value's place in its enum's declaration (0 first); a value the enum does not have (SQLite
 *  does not check them) comes after every known one. */
export function enumRank(kind: EnumKind, value: string | null | undefined): number {
  let rank = ranks.get(kind);
  if (!rank) {
    rank = new Map(Object.values(enums[kind] as Record<string, string>).map((v, i) => [v, i]));
    ranks.set(kind, rank);
  }
  return (value === null || value === undefined ? undefined : rank.get(value)) ?? rank.size;
}

/**
 * A copy of `items` sorted by each key in turn, ascending (a key returns a number, e.g. an
 * `enumRank`). The sort is stable: items a key cannot tell apart keep the order they came in, so
 * the query's own order (`orderBy: { id: 'asc' }`) is the last tie-breaker.
 */
export function sortedBy<T>(items: readonly T[], ...keys: ((item: T) => number)[]): T[] {
  return [...items].sort((a, b) => {
    for (const key of keys) {
      const d = key(a) - key(b);
      if (d !== 0) return d;
    }
    return 0;
  });
}
