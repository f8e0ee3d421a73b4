// Form parsing shared by every feature: one zod schema per form validates the submit and
// the inline htmx field check, and its messages are what the user reads.
import { z } from 'zod';
import { BadRequest } from './errors.js';

// C0 controls except tab and newline, DEL, and the C1 block: never valid in a name or a note.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** One line of text: trimmed, bounded, no line breaks or control characters; may be empty. */
function oneLine(label: string, max: number) {
  return z
    .string()
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .max(max, `${capitalise(label)} must be ${max} characters or fewer`)
        .refine((s) => !/[\r\n\t]/.test(s) && !CONTROL_CHARACTERS.test(s), `${capitalise(label)} has characters that cannot be used`),
    );
}

/** A required line of text. */
export function line(label: string, max = 200) {
  return oneLine(label, max).refine((s) => s.length > 0, `Enter ${label}`);
}

/** Like line(), but an empty or missing field means "none" (null). */
export function optionalLine(label: string, max = 200) {
  return oneLine(label, max)
    .optional()
    .transform((s) => (s ? s : null));
}

/** Several lines (a note): newlines and tabs allowed, line endings made \n. */
export function paragraph(label: string, max = 5000) {
  return z
    .string()
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .max(max, `${capitalise(label)} must be ${max} characters or fewer`)
        .refine((s) => !CONTROL_CHARACTERS.test(s), `${capitalise(label)} has characters that cannot be used`),
    );
}

export const email = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.string().min(1, 'Enter an email address').max(254, 'Email must be 254 characters or fewer').pipe(z.email('Enter an email address like name@school.org')));

/** A positive whole-number id from a form field or URL: digits only ("1e3" and "0x10" are not ids). */
export const id = z
  .string({ error: 'Choose one' })
  .regex(/^[1-9]\d{0,9}$/, 'Choose one')
  .transform(Number)
  .pipe(z.number().max(2 ** 31 - 1, 'Choose one'));

export type FieldErrors = Record<string, string>;

export type FormResult<T> =
  | { ok: true; data: T; values: Record<string, unknown> }
  | { ok: false; errors: FieldErrors; values: Record<string, unknown> };

/**
 * Parses a urlencoded body. A repeated field where one value is expected is a malformed
 * request (400) and never reaches the database; unknown fields are dropped.
 * `values` is what the user typed, to put back in the form.
 */
export function parseForm<S extends z.ZodObject>(schema: S, body: unknown): FormResult<z.output<S>> {
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const values: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const value = raw[key];
    if (Array.isArray(value) && !expectsArray(field as z.ZodType)) throw new BadRequest();
    if (value !== undefined && typeof value !== 'string' && !Array.isArray(value)) throw new BadRequest();
    values[key] = value;
  }
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data, values };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? 'form');
    errors[key] ??= issue.message;
  }
  return { ok: false, errors, values };
}

function expectsArray(field: z.ZodType): boolean {
  let def = field._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
  for (;;) {
    if (def.type === 'array') return true;
    const inner = def.innerType ?? def.in;
    if (!inner) return false;
    def = inner._zod.def as typeof def;
  }
}

function capitalise(s: string): string {
  const words = s.replace(/^(a|an|the) /, '');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
