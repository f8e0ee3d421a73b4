// The form that deletes a student's whole record: the student's full name typed to confirm, and
// why, as one of a few categories (never free text about the family).
import { z } from 'zod';
import { line } from '../../web/validation.js';

/** Why a record is deleted, in words; the audit entry keeps only the key. */
export const deletionReasonWords = {
  family_request: "Family's request",
  retention_schedule: "District's retention schedule",
  entered_in_error: 'Entered in error',
} as const;

export type DeletionReason = keyof typeof deletionReasonWords;

export const deletionReasons = Object.entries(deletionReasonWords).map(([value, label]) => ({ value, label }));

export const deleteForm = z.object({
  confirmName: line("the student's full name", 130),
  reason: z.enum(Object.keys(deletionReasonWords) as [DeletionReason, ...DeletionReason[]], { error: 'Choose why the record is deleted' }),
});

export type DeleteInput = z.output<typeof deleteForm>;
