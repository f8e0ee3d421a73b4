// Which unique index a write broke, read the same way on SQLite and PostgreSQL. Prisma reports a
// duplicate as P2002 on both, but names the index differently in `meta`: the SQLite adapter gives
// the columns (driverAdapterError.cause.constraint.fields: ["districtId"]), the PostgreSQL adapter
// the constraint's name (constraint.index: "Student_districtId_key"), or, without one, the columns
// quoted from the server's message (fields: ['"districtId"']). A future driver may use `target`.

/**
 * Whether `error` is Prisma's unique violation (P2002) on an index over `field`: the field's name
 * appears in `meta` as a whole word, where letters and digits around it would make it another
 * name ("districtId" is in "Student_districtId_key" but not in "otherDistrictId").
 */
export function isUniqueViolationOn(error: unknown, field: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, meta } = error as { code?: unknown; meta?: unknown };
  if (code !== 'P2002') return false;
  let text: string;
  try {
    text = JSON.stringify(meta ?? null);
  } catch {
    return false;
  }
  const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9])${escaped}($|[^A-Za-z0-9])`).test(text);
}
