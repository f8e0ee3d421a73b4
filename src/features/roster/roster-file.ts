// Reading a roster file as a district's student information system (SIS) writes it: the bytes
// decoded (UTF-8 with or without a BOM, UTF-16 from Excel's "Unicode text", else Windows-1252),
// the delimiter found from the header line, the columns recognised by the names common SIS
// exports use, and each row's cells by field. What the cells mean is roster-rows.ts.
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { CsvError } from 'csv-parse/sync';
import { normalised } from '../../web/validation.js';

/** Bytes of the largest file read: a 5,000-student roster with every column is about 1.5 MB. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;
/** Rows of the largest roster imported in one go. */
export const MAX_ROWS = 20_000;

export type Decoded = { text: string; encoding: string };

/**
 * The file's text, and the encoding it was read in. A BOM settles it; otherwise text that is
 * valid UTF-8 is UTF-8, and anything else is read as Windows-1252, which is what Excel on
 * Windows saves as "CSV" and which maps every byte to a character (so nothing is lost).
 */
export function decode(bytes: Uint8Array): Decoded {
  const starts = (...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);
  if (starts(0xef, 0xbb, 0xbf)) return { text: new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes), encoding: 'UTF-8' };
  if (starts(0xff, 0xfe)) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'UTF-16' };
  if (starts(0xfe, 0xff)) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'UTF-16' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    // iconv-lite, not TextDecoder: Node's TextDecoder reads 'windows-1252' as Latin-1, turning
    // Excel's curly quotes and dashes (0x80-0x9F) into invisible control characters.
    return { text: iconv.decode(Buffer.from(bytes), 'win1252'), encoding: 'Windows-1252' };
  }
}

/** What a roster row can tell Tandem. */
export const rosterFields = [
  'districtId',
  'firstName',
  'lastName',
  'preferredName',
  'school',
  'grade',
  'dateOfBirth',
  'planType',
  'planStart',
  'annualReviewDue',
  'reevaluationDue',
  'minutes',
  'period',
  'delivery',
  'grouping',
  'serviceStart',
  'serviceEnd',
  'teacherEmails',
  'teacherNames',
  'therapistEmails',
] as const;
export type RosterField = (typeof rosterFields)[number];

/**
 * Each field's column names: ours first (the template's), then those of common SIS exports
 * (PowerSchool, Infinite Campus, Skyward, Synergy, Aeries). Compared after `headerKey`, so case,
 * spaces, underscores and dots do not matter. A state id is not a district id: never matched.
 */
export const columnNames: Record<RosterField, readonly string[]> = {
  districtId: [
    'District student ID',
    'Student ID',
    'Student number',
    'Student_Number',
    'StudentNumber',
    'Local ID',
    'Local student ID',
    'LocalStudentID',
    'Perm ID',
    'PermID',
    'SIS ID',
    'Student SIS ID',
    'Other ID',
  ],
  firstName: ['First name', 'First_Name', 'Legal first name', 'Student first name', 'Given name'],
  lastName: ['Last name', 'Last_Name', 'Legal last name', 'Student last name', 'Surname', 'Family name'],
  preferredName: ['Preferred name', 'Preferred first name', 'Nickname', 'Pref name'],
  school: ['School', 'School name', 'School_Name', 'SchoolName', 'Building', 'Campus'],
  grade: ['Grade', 'Grade level', 'Grade_Level', 'GradeLevel', 'Grd'],
  dateOfBirth: ['Date of birth', 'DOB', 'Birthdate', 'Birth date', 'Birth_Date'],
  planType: ['Plan', 'Plan type', 'IEP/504', 'Special program'],
  planStart: ['Plan start', 'Plan start date', 'IEP start', 'IEP start date'],
  annualReviewDue: ['Annual review due', 'Annual review', 'Annual review date', 'Next annual review', 'IEP end date'],
  reevaluationDue: [
    'Re-evaluation due',
    'Reevaluation due',
    'Re-evaluation',
    'Triennial',
    'Triennial due',
    'Next reevaluation',
    'Reeval due',
  ],
  minutes: ['OT minutes', 'Service minutes', 'OT service minutes', 'Minutes'],
  period: ['Per', 'OT per', 'Minutes per', 'Frequency', 'OT frequency'],
  delivery: ['Delivery', 'OT delivery', 'Service delivery', 'Service model'],
  grouping: ['Grouping', 'Individual or group', 'Individual/group', 'Group or individual'],
  serviceStart: ['Service start', 'Service start date', 'OT start', 'OT start date', 'Minutes start'],
  serviceEnd: ['Service end', 'Service end date', 'OT end', 'OT end date', 'Minutes end'],
  teacherEmails: ['Teacher email', 'Teacher emails', 'Teacher_Email', 'Homeroom teacher email', 'Classroom teacher email'],
  teacherNames: ['Teacher name', 'Teacher names', 'Teacher', 'Homeroom teacher', 'Classroom teacher'],
  therapistEmails: ['Therapist email', 'Therapist emails', 'OT email', 'Occupational therapist email', 'Provider email'],
};

/** The columns a roster cannot do without. */
export const requiredFields: readonly RosterField[] = ['districtId', 'firstName', 'lastName', 'school', 'grade'];

/** "Student_Number", "student number" and "StudentNumber" compare equal. */
export function headerKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}/]+/gu, '');
}

const fieldByKey = new Map<string, RosterField>(
  rosterFields.flatMap((field) => columnNames[field].map((name) => [headerKey(name), field] as const)),
);

/** One data row: its row number as a spreadsheet shows it (the header is row 1), and its cells by field. */
export type RawRow = { row: number; cells: Partial<Record<RosterField, string>> };

export type RosterFile = {
  /** Which column (as the file names it) each recognised field came from. */
  columns: Partial<Record<RosterField, string>>;
  /** Columns Tandem does not read, as the file names them. */
  ignored: string[];
  rows: RawRow[];
  /** Problems with the file as a whole, in words: nothing is imported while there are any. */
  problems: string[];
};

/** The delimiter of the header line: commas, or tabs or semicolons (Excel in some locales). */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => header.split(c).length - 1;
  return ['\t', ';'].find((c) => count(c) > count(',')) ?? ',';
}

export function readRoster(text: string): RosterFile {
  const empty = (problem: string): RosterFile => ({ columns: {}, ignored: [], rows: [], problems: [problem] });
  if (text.replace(/^\uFEFF/, '').trim() === '') return empty('The file is empty.');

  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter: delimiterOf(text.replace(/^\uFEFF/, '')),
      relax_column_count: true,
      skip_empty_lines: true,
      // Stop a runaway file (an unclosed quote swallowing the rest) rather than holding it all.
      max_record_size: 64 * 1024,
      to: MAX_ROWS + 2,
    });
  } catch (err) {
    if (err instanceof CsvError) {
      const line = typeof err.lines === 'number' ? ` near line ${err.lines}` : '';
      return empty(`The file could not be read as CSV${line}: check for a quote mark (") that is opened and never closed.`);
    }
    throw err;
  }

  const [header = [], ...data] = records;
  if (data.length > MAX_ROWS) {
    return empty(`The file has more than ${MAX_ROWS.toLocaleString('en-US')} students: split it into smaller files.`);
  }

  const columns: Partial<Record<RosterField, string>> = {};
  const indexOf: Partial<Record<RosterField, number>> = {};
  const ignored: string[] = [];
  const problems: string[] = [];
  header.forEach((name, i) => {
    const field = fieldByKey.get(headerKey(name));
    if (!field) {
      if (name.trim()) ignored.push(name.trim());
      return;
    }
    if (columns[field] !== undefined) {
      problems.push(`Two columns, “${columns[field]}” and “${name.trim()}”, both give the ${fieldWords[field]}: keep one.`);
      return;
    }
    columns[field] = name.trim();
    indexOf[field] = i;
  });
  for (const field of requiredFields) {
    if (columns[field] === undefined) {
      const names = columnNames[field].slice(0, 4).map((n) => `“${n}”`);
      problems.push(`No column gives the ${fieldWords[field]}. Tandem looks for a column named ${names.join(', ')} or similar.`);
    }
  }
  if (data.length === 0 && problems.length === 0) problems.push('The file has a header row but no students.');

  const rows = data.map((record, i) => {
    const cells: Partial<Record<RosterField, string>> = {};
    for (const field of rosterFields) {
      const at = indexOf[field];
      // One Unicode form (NFC), as every form saves text: a decomposed "Renée" is the same name.
      if (at !== undefined) cells[field] = normalised(record[at] ?? '').trim();
    }
    return { row: i + 2, cells };
  });
  return { columns, ignored, rows, problems };
}

/** Each field in words, for messages ("No column gives the district student ID"). */
export const fieldWords: Record<RosterField, string> = {
  districtId: 'district student ID',
  firstName: 'first name',
  lastName: 'last name',
  preferredName: 'preferred name',
  school: 'school',
  grade: 'grade',
  dateOfBirth: 'date of birth',
  planType: 'plan type',
  planStart: 'plan start date',
  annualReviewDue: 'annual review date',
  reevaluationDue: 're-evaluation date',
  minutes: 'OT minutes',
  period: 'frequency (per week, month or year)',
  delivery: 'delivery',
  grouping: 'individual or group',
  serviceStart: 'service start date',
  serviceEnd: 'service end date',
  teacherEmails: 'teacher emails',
  teacherNames: 'teacher names',
  therapistEmails: 'therapist emails',
};

/** The template's header row: the first name of each field. */
export const templateHeader: string[] = rosterFields.map((field) => columnNames[field][0]!);
