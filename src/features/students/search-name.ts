/**
 * What name search matches against: every name a student goes by, NFC and lowercased, as the
 * search box's words are (searchWords), so "Renée" matches whichever way its "é" was typed.
 */
export function searchNameFor(s: { firstName: string; lastName: string; preferredName?: string | null }): string {
  return [s.firstName, s.lastName, s.preferredName].filter(Boolean).join(' ').normalize('NFC').toLowerCase();
}

/** The words of a name search, made like searchNameFor() makes the name: at most five. */
export function searchWords(q: string): string[] {
  return q.normalize('NFC').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
}

/** A LIKE pattern for text anywhere in a value, for `LIKE ... ESCAPE '!'` (the same on SQLite and PostgreSQL). */
export function likePattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** A student's id in the district's student information system, as the form accepts it. */
export const DISTRICT_ID = /^[A-Za-z0-9_-]{1,20}$/;

/** Whether a search could be a district student id: one word of its characters (e.g. "204518"). */
export function looksLikeDistrictId(q: string): boolean {
  return DISTRICT_ID.test(q);
}
