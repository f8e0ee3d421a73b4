// What each cell of a roster row means: the words SIS exports use for grades, plans and dates
// read into Tandem's values, and every problem of a row said in words. Pure: the schools and
// accounts it checks against are passed in, so a whole file is checked in a fixed number of
// queries (roster.service.ts).
import { isValid, parse } from 'date-fns';
import { UTCDate } from '@date-fns/utc';
import { addYears, parseDay } from '../../calendar/dates.js';
import { hasUnusableCharacters } from '../../web/validation.js';
import type { Delivery, Grouping, MandatePeriod, PlanType, Role } from '../../generated/prisma/enums.js';
import type { RawRow, RosterField } from './roster-file.js';
import { fieldWords } from './roster-file.js';

export type SchoolRef = { id: number; name: string };
export type Account = { id: number; name: string; email: string; role: Role; assistant: boolean; disabled: boolean };

/** What the rows are checked against. */
export type Lookups = {
  /** By `nameKey(name)`. */
  schools: ReadonlyMap<string, SchoolRef>;
  /** By lowercased email. */
  accounts: ReadonlyMap<string, Account>;
  today: Date;
};

/** The OT service line a row gives. */
export type RowMandate = {
  minutes: number;
  period: MandatePeriod;
  /** Undefined when the file does not say: new minutes are pulled out, found minutes keep theirs. */
  delivery?: Delivery;
  /** Undefined when the file does not say: new minutes are individual, found minutes keep theirs. */
  grouping?: Grouping;
  startDate: Date;
  endDate: Date;
};

/** A row read without problems. A field left out (no column, or an empty cell) is undefined: it changes nothing. */
export type RosterRow = {
  row: number;
  districtId: string;
  firstName: string;
  lastName: string;
  preferredName?: string;
  school: SchoolRef;
  gradeLevel: number;
  dateOfBirth?: Date;
  planType?: PlanType;
  planStart?: Date;
  annualReviewDue?: Date;
  reevaluationDue?: Date;
  mandate?: RowMandate;
  /** Teachers by email; a name is given for an account still to be made. */
  teachers?: { email: string; name: string | null }[];
  therapists?: Account[];
};

export type RowResult = { ok: true; value: RosterRow } | { ok: false; row: number; districtId: string; problems: string[] };

/** Schools compare by name without case, spacing or punctuation: "Lincoln Elem." is not matched, "lincoln  elementary" is. */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const DISTRICT_ID = /^[A-Za-z0-9_-]{1,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// Grades as SIS exports write them; "KG", "K5" and "00" are kindergarten, "PK", "TK", "PS" and -1 PreK.
const gradeWords: Record<string, number> = {
  pk: -1,
  prek: -1,
  prekindergarten: -1,
  p: -1,
  ps: -1,
  tk: -1,
  k: 0,
  kg: 0,
  k5: 0,
  kindergarten: 0,
  t: 13,
  tr: 13,
  transition: 13,
  '1821': 13,
  '13': 13,
};

/** -1 PreK … 13 transition; null when it is no grade Tandem knows. */
export function readGrade(text: string): number | null {
  if (text.trim() === '-1') return -1;
  const key = text
    .trim()
    .toLowerCase()
    .replace(/^grade\s*/, '')
    .replace(/(st|nd|rd|th)$/, '')
    .replace(/[\s.\-–]+/g, '');
  if (key in gradeWords) return gradeWords[key]!;
  if (/^0?\d{1,2}$/.test(key)) {
    const n = Number(key);
    if (n === 0) return 0;
    if (n >= 1 && n <= 12) return n;
  }
  return null;
}

const planWords: Record<string, PlanType> = {
  iep: 'iep',
  '504': 'plan504',
  '504plan': 'plan504',
  section504: 'plan504',
  plan504: 'plan504',
  intervention: 'intervention',
  rti: 'intervention',
  mtss: 'intervention',
  screening: 'intervention',
  none: 'none',
  noplan: 'none',
  noplanyet: 'none',
};

const periodWords: Record<string, MandatePeriod> = {
  week: 'week',
  weekly: 'week',
  wk: 'week',
  w: 'week',
  perweek: 'week',
  aweek: 'week',
  month: 'month',
  monthly: 'month',
  mo: 'month',
  m: 'month',
  permonth: 'month',
  amonth: 'month',
  year: 'year',
  yearly: 'year',
  annually: 'year',
  yr: 'year',
  y: 'year',
  peryear: 'year',
  ayear: 'year',
  '3:1': 'four_weeks',
  '31': 'four_weeks',
  '4weeks': 'four_weeks',
  fourweeks: 'four_weeks',
  per4weeks: 'four_weeks',
};

const deliveryWords: Record<string, Delivery> = {
  pullout: 'pull_out',
  direct: 'pull_out',
  pushin: 'push_in',
  inclass: 'push_in',
  classroom: 'push_in',
  consultation: 'consultation',
  consult: 'consultation',
  indirect: 'consultation',
};

const groupingWords: Record<string, Grouping> = {
  individual: 'individual',
  ind: 'individual',
  indiv: 'individual',
  i: 'individual',
  '1:1': 'individual',
  group: 'group',
  smallgroup: 'group',
  grp: 'group',
  g: 'group',
};

/** "Pull-out", "pull out" and "PULLOUT" alike; ":" kept for "3:1" and "1:1". */
const wordKey = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}:]+/gu, '');

/** A date as SIS exports write it: 2027-03-14, 3/14/2027 or 03/14/2027. Null for anything else. */
export function readDate(text: string): Date | null {
  // Exports often add a midnight time to a date ("2027-03-14 00:00:00", "3/14/2027 12:00:00 AM").
  text = text.replace(/[ T]0?0:00(:00(\.0+)?)?( ?[AP]M)?Z?$|[ T]12:00(:00)? ?AM$/i, '');
  const iso = parseDay(text);
  if (iso) return iso;
  if (!/^\d{1,2}\/\d{1,2}\/\d{4}$/.test(text)) return null;
  const day = parse(text, 'M/d/yyyy', new UTCDate(0));
  return isValid(day) ? new Date(Date.UTC(day.getFullYear(), day.getMonth(), day.getDate())) : null;
}

/** Reads one row, or says every problem with it. */
export function readRow(raw: RawRow, lookups: Lookups): RowResult {
  const c = raw.cells;
  const problems: string[] = [];
  const say = (text: string) => problems.push(text);
  const cell = (field: RosterField) => c[field] ?? '';

  const text = (field: RosterField, max: number, required: boolean): string | undefined => {
    const value = cell(field).replace(/\s+/g, ' ');
    if (!value) {
      if (required) say(`The ${fieldWords[field]} is missing.`);
      return undefined;
    }
    if (value.length > max) say(`The ${fieldWords[field]} is longer than ${max} characters.`);
    else if (hasUnusableCharacters(value, 'line')) say(`The ${fieldWords[field]} has characters that cannot be used.`);
    return value;
  };
  const date = (field: RosterField): Date | undefined => {
    const value = cell(field);
    if (!value) return undefined;
    const day = readDate(value);
    if (!day)
      say(`The ${fieldWords[field]} “${value}” is not a date: write it as year-month-day (2016-03-14) or month/day/year (3/14/2016).`);
    return day ?? undefined;
  };
  const word = <T extends string>(field: RosterField, words: Record<string, T>, expected: string): T | undefined => {
    const value = cell(field);
    if (!value) return undefined;
    const found = words[wordKey(value)];
    if (!found) say(`The ${fieldWords[field]} “${value}” is not one Tandem knows: use ${expected}.`);
    return found;
  };

  const districtId = cell('districtId');
  if (!districtId) say('The district student ID is missing.');
  else if (!DISTRICT_ID.test(districtId)) {
    say(`The district student ID “${districtId}” can only have letters, digits, - and _ (at most 20).`);
  }
  const firstName = text('firstName', 60, true);
  const lastName = text('lastName', 60, true);
  const preferredName = text('preferredName', 60, false);

  const schoolName = cell('school');
  const school = schoolName ? lookups.schools.get(nameKey(schoolName)) : undefined;
  if (!schoolName) say('The school is missing.');
  else if (!school) say(`No school is named “${schoolName}” in Tandem: add it under Schools, or correct the name.`);

  const gradeText = cell('grade');
  const gradeLevel = gradeText ? readGrade(gradeText) : null;
  if (!gradeText) say('The grade is missing.');
  else if (gradeLevel === null) say(`The grade “${gradeText}” is not one Tandem knows: use PK, K, 1 to 12, or Transition.`);

  const dateOfBirth = date('dateOfBirth');
  if (dateOfBirth && (dateOfBirth > addYears(lookups.today, -2) || dateOfBirth < addYears(lookups.today, -23))) {
    say('Check the date of birth: students are 2 to 22 years old.');
  }
  const planType = word('planType', planWords, 'IEP, 504, Intervention or None');
  const planStart = date('planStart');
  const annualReviewDue = date('annualReviewDue');
  const reevaluationDue = date('reevaluationDue');

  const mandate = readMandate(c, { planStart, annualReviewDue }, say, word, date);
  const teachers = readTeachers(c, lookups, say);
  const therapists = readTherapists(c, lookups, say);

  if (problems.length || !school || gradeLevel === null || !firstName || !lastName) {
    return { ok: false, row: raw.row, districtId, problems };
  }
  return {
    ok: true,
    value: {
      row: raw.row,
      districtId,
      firstName,
      lastName,
      preferredName,
      school,
      gradeLevel,
      dateOfBirth,
      planType,
      planStart,
      annualReviewDue,
      reevaluationDue,
      mandate,
      teachers,
      therapists,
    },
  };
}

function readMandate(
  c: RawRow['cells'],
  plan: { planStart?: Date; annualReviewDue?: Date },
  say: (text: string) => void,
  word: <T extends string>(field: RosterField, words: Record<string, T>, expected: string) => T | undefined,
  date: (field: RosterField) => Date | undefined,
): RowMandate | undefined {
  const minutesText = c.minutes ?? '';
  const others = (['period', 'delivery', 'grouping', 'serviceStart', 'serviceEnd'] as const).filter((f) => c[f]);
  if (!minutesText) {
    if (others.length) say(`The ${fieldWords[others[0]!]} is given but not the OT minutes: give both, or neither.`);
    return undefined;
  }
  const minutes = /^\d{1,5}$/.test(minutesText) ? Number(minutesText) : NaN;
  if (!(minutes >= 1 && minutes <= 10_000)) say(`The OT minutes “${minutesText}” must be a whole number from 1 to 10,000.`);
  const period = c.period ? readPeriod(c.period, say) : undefined;
  if (!c.period) say('The OT minutes are given but not how often (week, month, year or 3:1).');
  if (period === 'week' && minutes > 1_500) say(`${minutes} minutes is more than a school week holds.`);
  const delivery = word('delivery', deliveryWords, 'Pull-out, Push-in or Consultation');
  const grouping = word('grouping', groupingWords, 'Individual or Group');
  const startDate = date('serviceStart') ?? (c.serviceStart ? undefined : plan.planStart);
  const endDate = date('serviceEnd') ?? (c.serviceEnd ? undefined : plan.annualReviewDue);
  if (!startDate && !c.serviceStart) say('The OT minutes need a service start date (or a plan start date).');
  if (!endDate && !c.serviceEnd) say('The OT minutes need a service end date (or an annual review date).');
  if (startDate && endDate && endDate <= startDate) say('The service end date must come after its start date.');
  if (!period || !startDate || !endDate || !(minutes >= 1)) return undefined;
  return { minutes, period, delivery, grouping, startDate, endDate };
}

function readPeriod(text: string, say: (text: string) => void): MandatePeriod | undefined {
  const found = periodWords[wordKey(text)];
  if (!found) say(`The OT minutes are per “${text}”, which Tandem does not know: use week, month, year or 3:1.`);
  return found;
}

/** Emails in one cell: separated by semicolons, commas or spaces. */
const emailsIn = (text: string) =>
  text
    .split(/[;,\s]+/)
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);

function readTeachers(c: RawRow['cells'], lookups: Lookups, say: (text: string) => void) {
  // Names alone cannot be matched to an account: they only name accounts still to be made.
  if (!c.teacherEmails) return undefined;
  const emails = emailsIn(c.teacherEmails);
  // Names pair with emails only when each is its own item: "Ann Lee; Bo Shah" (a comma may be inside a name).
  const names = (c.teacherNames ?? '').split(/;|\n/).map((n) => n.trim());
  if (names.filter(Boolean).length > 0 && names.length !== emails.length) {
    say(
      'The teacher names do not pair with the teacher emails: give one name for each email, separated by semicolons, or leave the names out.',
    );
  }
  const teachers: { email: string; name: string | null }[] = [];
  emails.forEach((email, i) => {
    if (!EMAIL.test(email) || email.length > 254) return say(`“${email}” is not an email address (teacher email).`);
    const account = lookups.accounts.get(email);
    if (account && account.role !== 'teacher') {
      return say(`${email} is ${accountWords(account)}, not a teacher's: list teachers only in the teacher email column.`);
    }
    if (account?.disabled) return say(`${email} is a teacher account that was turned off: turn it on under Users, or leave it out.`);
    const name = names[i] || null;
    if (name && (name.length > 100 || hasUnusableCharacters(name, 'line')))
      return say(`The teacher name “${name.slice(0, 40)}” cannot be used.`);
    if (!teachers.some((t) => t.email === email)) teachers.push({ email, name });
  });
  return teachers;
}

function readTherapists(c: RawRow['cells'], lookups: Lookups, say: (text: string) => void) {
  if (!c.therapistEmails) return undefined;
  const therapists: Account[] = [];
  for (const email of emailsIn(c.therapistEmails)) {
    const account = lookups.accounts.get(email);
    if (!account) {
      say(`No therapist in Tandem has the email ${email}: add them under Users first, or correct it.`);
    } else if (account.role !== 'therapist') {
      say(`${email} is ${accountWords(account)}, not a therapist's.`);
    } else if (account.disabled) {
      say(`${email} is a therapist account that was turned off: turn it on under Users, or leave it out.`);
    } else if (!therapists.some((t) => t.id === account.id)) {
      therapists.push(account);
    }
  }
  return therapists;
}

const accountWords = (a: Account) =>
  a.role === 'admin' ? "an admin's account" : a.role === 'teacher' ? "a teacher's account" : "a therapist's account";
