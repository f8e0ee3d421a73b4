/** What name search matches against: every name a student goes by, lowercased. */
export function searchNameFor(s: { firstName: string; lastName: string; preferredName?: string | null }): string {
  return [s.firstName, s.lastName, s.preferredName].filter(Boolean).join(' ').toLowerCase();
}

/** A student's id in the district's student information system, as the form accepts it. */
export const DISTRICT_ID = /^[A-Za-z0-9_-]{1,20}$/;

/** Whether a search could be a district student id: one word of its characters (e.g. "204518"). */
export function looksLikeDistrictId(q: string): boolean {
  return DISTRICT_ID.test(q);
}
