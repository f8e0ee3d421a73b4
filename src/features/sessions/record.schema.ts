// The forms of the service record: a correction, a void, a signature and a co-signature. A
// correction is the session form itself (sessions.schema.ts, the same fields and the same rules)
// with the reason for the change; the others are a reason or nothing at all.
import { z } from 'zod';
import { line } from '../../web/validation.js';
import { sessionForm } from './sessions.schema.js';
import type { FormStudent } from './sessions.schema.js';

/** What the provider attests by signing, and the supervising OT by co-signing. */
export const attestation = {
  sign: 'I provided this service as recorded.',
  cosign: 'I supervised this service and have reviewed this record.',
} as const;

const reason = (what: string) => z.object({ reason: line(what, 500) });

/** Why the session is corrected: kept with the earlier version. */
export const correctionReason = reason('why the session is corrected');

/** Why the session is voided: shown with the struck-through record. */
export const voidForm = reason('why the session is voided');

/**
 * The correction's fields are the session form's, for the students in the session and the goals
 * they have data for (or may have). The supervising OT is kept as logged, so it is not asked.
 */
export function correctionForm(students: FormStudent[], today: Date) {
  return sessionForm(students, { assistant: false, supervisors: [], today });
}
