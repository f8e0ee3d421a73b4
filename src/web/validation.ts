// Form parsing shared by every feature: one zod schema per form validates the submit and
// the inline htmx field check, and its messages are what the user reads.
import { z } from 'zod';
import { parseDay } from '../calendar/dates.js';
import { BadRequest, Invalid, NotFound } from './errors.js';

// C0 controls except tab and newline, DEL, and the C1 block: never valid in a name or a note.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
// Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they reorder the
// text around them, so "Ana\u202Eevil" can show as something else. Refused everywhere; right-to-left
// letters need none of them, and pages isolate each name and note (h.bdi, dir="auto") instead.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
// The invisible direction marks (LRM, RLM, Arabic letter mark): fine inside a note's sentences, but
// a name with one looks the same as a name without, so one-line fields refuse them.
const DIRECTION_MARKS = /[\u200E\u200F\u061C]/;

/** Text as it is stored and compared: NFC, so "é" typed as one character or as e + U+0301 is the same. */
export function normalised(s: string): string {
  return s.normalize('NFC');
}

/** Whether text has a character a name (`oneLine`) or a note may not hold: controls, and what can reorder text. */
export function hasUnusableCharacters(s: string, kind: 'line' | 'paragraph'): boolean {
  if (CONTROL_CHARACTERS.test(s) || BIDI_CONTROLS.test(s)) return true;
  return kind === 'line' && (/[\r\n\t]/.test(s) || DIRECTION_MARKS.test(s));
}

/** One line of text: trimmed, bounded, no line breaks or control characters; may be empty. */
function oneLine(label: string, max: number) {
  return z
    .string()
    .transform((s) => normalised(s).trim())
    .pipe(
      z
        .string()
        .max(max, `${capitalise(label)} must be ${max} characters or fewer`)
        .refine((s) => !hasUnusableCharacters(s, 'line'), `${capitalise(label)} has characters that cannot be used`),
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
    .transform((s) => normalised(s).replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .max(max, `${capitalise(label)} must be ${max} characters or fewer`)
        .refine((s) => !hasUnusableCharacters(s, 'paragraph'), `${capitalise(label)} has characters that cannot be used`),
    );
}

export const email = z
  .string()
  .transform((s) => normalised(s).trim().toLowerCase())
  .pipe(
    z
      .string()
      .min(1, 'Enter an email address')
      .max(254, 'Email must be 254 characters or fewer')
      .pipe(z.email('Enter an email address like name@school.org')),
  );

/** A positive whole-number id from a form field or URL: digits only ("1e3" and "0x10" are not ids). */
export function idOf(message: string) {
  return z
    .string({ error: message })
    .regex(/^[1-9]\d{0,9}$/, message)
    .transform(Number)
    .pipe(z.number().max(2 ** 31 - 1, message));
}

export const id = idOf('Choose one');

/** A record id from the URL: anything but a plain positive number is "not found". */
export function idParam(value: unknown): number {
  const parsed = id.safeParse(value);
  if (!parsed.success) throw new NotFound();
  return parsed.data;
}

/** The version a record had when its form was loaded (a hidden field): a positive whole number. */
export const version = idOf('This form is out of date: reload the page');

/** The `version` of a submitted form; a form without a readable one is a malformed request (400). */
export function versionOf(body: unknown): number {
  const parsed = version.safeParse((body as Record<string, unknown> | undefined)?.version);
  if (!parsed.success) throw new BadRequest();
  return parsed.data;
}

export type FieldErrors = Record<string, string>;

export type FormResult<T> =
  { ok: true; data: T; values: Record<string, unknown> } | { ok: false; errors: FieldErrors; values: Record<string, unknown> };

/**
 * Parses a urlencoded body. A repeated field where one value is expected is a malformed
 * request (400) and never reaches the database; unknown fields are dropped.
 * `values` is what the user typed, to put back in the form.
 *
 * `options.builtForRequest`: the schema was built for this request (a form whose fields are the
 * students and goals in it) and is parsed once. Zod compiles an object schema into a function on
 * its first parse, which pays off only over many parses: for a group session's form it took 0.47
 * ms where parsing without it takes 0.26.
 */
export function parseForm<S extends z.ZodObject>(
  schema: S,
  body: unknown,
  options: { builtForRequest?: boolean } = {},
): FormResult<z.output<S>> {
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const values: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const value = raw[key];
    if (Array.isArray(value) && !expectsArray(field as z.ZodType)) throw new BadRequest();
    if (value !== undefined && typeof value !== 'string' && !Array.isArray(value)) throw new BadRequest();
    values[key] = value;
  }
  const result = schema.safeParse(values, options.builtForRequest ? { jitless: true } : undefined);
  if (result.success) return { ok: true, data: result.data, values };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? 'form');
    errors[key] ??= issue.message;
  }
  return { ok: false, errors, values };
}

/**
 * Runs a service call that may answer Invalid (a rule only the service can check), turning
 * that answer into field messages for the form; every other error goes on to the handler.
 */
export async function attempt<T>(
  work: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; errors: FieldErrors; error: Invalid }> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    // `error` too, for an answer that carries more than messages (the sessions an overlap names).
    if (error instanceof Invalid) return { ok: false, errors: error.fields, error };
    throw error;
  }
}

function expectsArray(field: z.ZodType): boolean {
  const def = field._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType };
  if (def.type === 'array') return true;
  return [def.innerType, def.in, def.out].some((inner) => inner !== undefined && expectsArray(inner));
}

/** Checkboxes sharing a name: none ticked is missing, one is a string, several an array. */
export function checkboxes<T extends z.ZodType>(item: T, max = 50) {
  return z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item).max(max));
}

// A list's search and filters come from the query string: a value that cannot be read (too long,
// repeated, not a number) means "no filter", never an error page.

/**
 * A list's search box: NFC like the text it is matched against, trimmed, with control characters
 * and direction controls dropped (no stored name holds one); '' when empty or unreadable. The
 * services match it literally: `%` and `_` are characters, not wildcards.
 */
export function searchText(max = 100) {
  return z
    .string()
    .max(max)
    .optional()
    .catch(undefined)
    .transform((s) =>
      normalised(s ?? '')
        .replace(/[\u0000-\u001F\u007F-\u009F\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g, '')
        .trim(),
    );
}

/** A list filter naming a record (a school, a student): its id, or undefined. */
export function optionalId() {
  return z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1)
    .optional()
    .catch(undefined);
}

function capitalise(s: string): string {
  const words = s.replace(/^(a|an|the) /, '');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A calendar date typed as YYYY-MM-DD (what <input type="date"> sends); 2026-02-30 is refused. */
export function dateField(label: string) {
  return datePipeline(label, false).transform((d) => d as Date);
}

/** Like dateField(), but an empty or missing field means "no date" (null). */
export function optionalDateField(label: string) {
  return datePipeline(label, true);
}

function datePipeline(label: string, optional: boolean) {
  return z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim())
    .pipe(
      z
        .string()
        .refine((s) => (optional && s === '') || /^\d{4}-\d{2}-\d{2}$/.test(s), { message: `Enter ${label} as a date`, abort: true })
        .refine((s) => s === '' || isRealDate(s), `${capitalise(label)} is not a real date`),
    )
    .transform((s) => (s === '' ? null : parseDay(s)));
}

function isRealDate(s: string): boolean {
  const d = parseDay(s);
  return d !== null && d.getUTCFullYear() >= 1990 && d.getUTCFullYear() <= 2100;
}
