/** What name search matches against: every name a student goes by, lowercased. */
export function searchNameFor(s: { firstName: string; lastName: string; preferredName?: string | null }): string {
  return [s.firstName, s.lastName, s.preferredName].filter(Boolean).join(' ').toLowerCase();
}
