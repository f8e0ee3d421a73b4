// Small formatting helpers every template may use (as `it.h`). No queries here. Enum values
// reach the page only through the label tables in labels.ts (it.h.label and the shorthands).
import { endTime } from '../calendar/dates.js';
import {
  areaLabel,
  attendanceLabel,
  credentialOf,
  label,
  mandateWords,
  measurementLabel,
  personRoleLabel,
  planLabel,
  roleLabel,
  statusLabel,
} from '../labels.js';

/** The id of an element htmx targets, built from the record: domId('student', 42, 'team') -> "student-42-team". */
export function domId(kind: string, id: number | string, part?: string): string {
  return part ? `${kind}-${id}-${part}` : `${kind}-${id}`;
}

const gradeNames: Record<number, string> = { [-1]: 'PreK', 0: 'Kindergarten', 13: 'Transition (18-21)' };

export function gradeLabel(level: number): string {
  return gradeNames[level] ?? `Grade ${level}`;
}

export function gradeShort(level: number): string {
  if (level === -1) return 'PreK';
  if (level === 0) return 'K';
  if (level === 13) return 'Trans.';
  return String(level);
}

export const gradeOptions: { value: number; label: string }[] = Array.from({ length: 15 }, (_, i) => ({
  value: i - 1,
  label: gradeLabel(i - 1),
}));

const dateFormat = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

export function formatDate(d: Date | null | undefined): string {
  return d ? dateFormat.format(d) : '';
}

export function formatDateTime(d: Date | null | undefined): string {
  return d ? dateTimeFormat.format(d) : '';
}

const zoned = new Map<string, Intl.DateTimeFormat>();

/** A moment in the district's time zone, naming the zone: "Nov 30, 2026, 3:05 PM EST". */
export function formatDateTimeIn(d: Date | null | undefined, timeZone: string): string {
  if (!d) return '';
  let format = zoned.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    });
    zoned.set(timeZone, format);
  }
  return format.format(d);
}

export function isoDateTime(d: Date): string {
  return d.toISOString();
}

export function studentName(s: { firstName: string; lastName: string; preferredName: string | null }): string {
  return s.preferredName && s.preferredName !== s.firstName
    ? `${s.firstName} "${s.preferredName}" ${s.lastName}`
    : `${s.firstName} ${s.lastName}`;
}

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text someone typed (a name, a title), escaped and isolated in <bdi> for `<%~ %>`: a name in a
 * right-to-left script then never reorders the words and punctuation around it ("Notes: <name>,
 * shared ..."). Blocks of free text (a note's paragraphs, a message) take dir="auto" instead.
 */
export function bdi(text: string | null | undefined): string {
  return `<bdi>${String(text ?? '').replace(/[&<>"']/g, (c) => htmlEscapes[c]!)}</bdi>`;
}

/** A student's name (as studentName() writes it), isolated: bdi(studentName(s)). */
export function bdiName(s: { firstName: string; lastName: string; preferredName: string | null }): string {
  return bdi(studentName(s));
}

/** Minutes as a person reads them: "1,250 min". */
export function minutesText(n: number): string {
  return `${n.toLocaleString('en-US')} min`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

const promptWords = [
  'independent',
  'gestural prompt',
  'verbal prompt',
  'visual prompt',
  'model',
  'partial physical help',
  'full physical help',
];

/** A data value in the goal's own terms: "80%", "verbal prompt", "score 3", "45 seconds". */
export function valueWords(value: number, measurement: string): string {
  const n = Number.isInteger(value) ? String(value) : value.toFixed(1);
  switch (measurement) {
    case 'percent':
    case 'trials':
      // Percentages are rounded one way everywhere: to a whole percent (progress/levels.ts).
      return `${Math.round(value)}%`;
    case 'prompt':
      return promptWords[Math.round(value)] ?? n;
    case 'rubric':
      return `score ${n}`;
    case 'steps':
      return `${n} steps`;
    case 'count':
      return `${n} times`;
    case 'duration':
      return `${n} seconds`;
    default:
      return n;
  }
}

/** A goal as a sentence about the student: "Ava will form ...". */
export function goalSentence(student: { firstName: string; preferredName: string | null }, statement: string): string {
  return /^will\b/i.test(statement) ? `${student.preferredName ?? student.firstName} ${statement}` : statement;
}

/**
 * A label inside a sentence: "Meetings (IEP, team)" reads "meetings (IEP, team)". Only a first
 * letter followed by a small one is made small, so an acronym ("IEP meeting") keeps its capitals.
 */
export function inSentence(text: string): string {
  return text.replace(/^(\p{Lu})(?=\p{Ll})/u, (first) => first.toLowerCase());
}

export const viewHelpers = {
  label,
  inSentence,
  personRoleLabel,
  attendanceLabel,
  measurementLabel,
  areaLabel,
  valueWords,
  goalSentence,
  mandateWords,
  planLabel,
  statusLabel,
  domId,
  gradeLabel,
  gradeShort,
  gradeOptions,
  formatDate,
  formatDateTime,
  formatDateTimeIn,
  isoDateTime,
  endTime,
  credentialOf,
  studentName,
  bdi,
  bdiName,
  roleLabel,
  plural,
  minutesText,
};
