import { z } from 'zod';

/** The list's search and filters, from the query string. Bad values fall back to "none". */
export const studentListFilters = z.object({
  q: z
    .string()
    .max(100)
    .optional()
    .catch(undefined)
    .transform((s) => (s ?? '').replace(/[\u0000-\u001F\u007F]/g, '').trim()),
  school: z.coerce.number().int().positive().max(2 ** 31 - 1).optional().catch(undefined),
});
