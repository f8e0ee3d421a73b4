// Who may do what in Tandem: the one place that decides. Routes guard with allow(action),
// loaders refuse records out of scope, services check again before they write, and templates
// ask `it.can(action)`. Nothing else looks at a user's role to decide a permission.
//
// The table answers "may this kind of user ever do this?". Which records they may do it to is
// their scope (scope.ts): a therapist's caseload, a teacher's students, the whole district for
// an admin. The README's roles table is printed from this table (rolesTable) and a test keeps
// the two the same.
import type { CurrentUser } from './current-user.js';

/** The kinds of user, in the words of a school OT team. */
export type Actor = 'admin' | 'ot' | 'ota' | 'teacher';

export const actors: { actor: Actor; label: string }[] = [
  { actor: 'admin', label: 'Admin' },
  { actor: 'ot', label: 'OT' },
  { actor: 'ota', label: 'OT assistant' },
  { actor: 'teacher', label: 'Teacher' },
];

export function actorOf(user: Pick<CurrentUser, 'role' | 'assistant'>): Actor {
  if (user.role === 'therapist') return user.assistant ? 'ota' : 'ot';
  return user.role;
}

type Rule = {
  /** What the action is, as the README's table says it. */
  does: string;
  who: readonly Actor[];
  /** Doing it is a view or an export of a student's record, written to the audit trail. */
  audited?: 'view' | 'export';
};

const ALL = ['admin', 'ot', 'ota', 'teacher'] as const;

export const policy = {
  'student.list': { does: 'See the list of their students (a teacher: the students they teach)', who: ALL },
  'student.view': { does: "Open a student's page", who: ALL, audited: 'view' },
  'student.add': { does: 'Add a student', who: ['admin', 'ot'] },
  'student.edit': { does: "Change a student's details, plan and dates", who: ['admin', 'ot'] },
  'student.exit': { does: 'Exit a student from services, or re-open them', who: ['admin', 'ot'] },
  'student.team': { does: 'Choose who serves a student (therapists and teachers)', who: ['admin'] },
  'mandate.change': { does: 'Add or remove service minutes (mandates)', who: ['ot'] },
  'goal.view': { does: 'See goals, their data and graphs', who: ['admin', 'ot', 'ota'], audited: 'view' },
  'goal.change': { does: 'Add, revise, close goals; mark a change of approach', who: ['ot'] },
  'goalbank.use': { does: 'Use the goal bank and keep their own templates', who: ['ot'] },
  'session.log': { does: 'Log a session with goal data and a session note', who: ['ot', 'ota'] },
  'session.view': { does: 'Read logged sessions, with their internal notes', who: ['admin', 'ot', 'ota'], audited: 'view' },
  'session.correct': {
    does: "Correct or void a session they gave, with a reason (within the district's correction window)",
    who: ['ot', 'ota'],
  },
  'session.sign': { does: 'Sign a session they gave: their name, credential and the time', who: ['ot', 'ota'] },
  'session.cosign': { does: 'Co-sign the sessions of an OT assistant they supervise', who: ['ot'] },
  'time.log': { does: 'Log indirect time and see their week', who: ['ot', 'ota'] },
  'session.export': {
    does: 'Download the service log as CSV (an OT: their caseload; an admin: the district)',
    who: ['admin', 'ot'],
    audited: 'export',
  },
  'minutes.view': {
    does: 'See minutes delivered against minutes due, and make-ups owed',
    who: ['admin', 'ot', 'ota'],
  },
  'schedule.view': { does: 'See their schedule, week by week, and print it', who: ['ot', 'ota'] },
  'schedule.change': {
    does: 'Add, change and cancel sessions on their schedule',
    who: ['ot', 'ota'],
  },
  'schedule.feed': { does: "Make or revoke a secret link to their schedule for a phone's calendar", who: ['ot', 'ota'] },
  'note.view': { does: 'Read progress notes (a teacher: only finalised notes shared with them)', who: ALL, audited: 'view' },
  'note.family': { does: "Read a note's family version and progress codes", who: ['admin', 'ot', 'ota'] },
  'note.export': { does: 'Download a finalised progress note as a PDF', who: ALL, audited: 'export' },
  'note.prepare': {
    does: "Draft and edit a student's progress note, and see the period's notes tracker (an assistant's draft goes to the supervising OT to approve)",
    who: ['ot', 'ota'],
  },
  'note.draft': { does: 'Draft notes for the whole caseload in one action', who: ['ot'] },
  'note.finalize': { does: "Finalise (approving an assistant's draft), correct and share progress notes", who: ['ot'] },
  'strategy.view': { does: "See a student's classroom strategies and print the sheet", who: ALL, audited: 'view' },
  'strategy.library': { does: 'Browse the strategy library', who: ['ot', 'ota'] },
  'strategy.own': { does: 'Write their own strategies', who: ['ot'] },
  'strategy.assign': { does: 'Assign strategies to a student, or remove them', who: ['ot'] },
  'strategy.feedback': { does: 'Say whether a strategy was tried and helped', who: ['teacher'] },
  'concern.raise': { does: 'Share a concern about a student with the OT', who: ['teacher'] },
  'concern.view': { does: 'See concerns (a teacher: their own; an OT: those sent to them)', who: ['ot', 'teacher'] },
  'concern.reply': { does: 'Write back and forth about a concern', who: ['ot', 'teacher'] },
  'concern.refer': { does: 'Turn a concern into a referral', who: ['ot'] },
  'evaluation.view': { does: 'See evaluations and the family handout', who: ['admin', 'ot'], audited: 'view' },
  'evaluation.export': { does: 'Download an evaluation summary as a PDF', who: ['admin', 'ot'], audited: 'export' },
  'evaluation.change': {
    does: 'Start an evaluation, record assessments, findings and the eligibility decision, complete it',
    who: ['ot'],
  },
  'admin.users': { does: 'Manage user accounts', who: ['admin'] },
  'admin.schools': { does: 'Manage schools and which OTs serve each', who: ['admin'] },
  'admin.codes': { does: "Set the district's progress codes", who: ['admin'] },
  'admin.periods': { does: "Set the district's reporting periods for the year", who: ['admin'] },
  'admin.calendar': {
    does: "Set the school calendar: school years, holidays and breaks (or import the district's calendar file)",
    who: ['admin'],
  },
  'admin.roster': {
    does: "Import the district's roster from a CSV file: students, plans, service minutes, teachers and caseloads",
    who: ['admin'],
  },
  'admin.audit': { does: 'Read the audit trail and download it as CSV', who: ['admin'] },
  'admin.reports': {
    does: 'See the minutes compliance report (mandated, delivered and owed by school, therapist and student) and download it',
    who: ['admin'],
  },
  'student.record': {
    does: "Download a student's whole record for a family's request (a PDF summary and the data as JSON)",
    who: ['admin'],
    audited: 'export',
  },
  'student.delete': {
    does: "Delete a student's whole record at the district's request (kept: an audit entry of the deletion)",
    who: ['admin'],
  },
  'admin.settings': {
    does: 'Change district settings (a second factor; when sessions are flagged and may be corrected; which missed sessions are made up; when the home page flags goals and students)',
    who: ['admin'],
  },
  'home.view': { does: 'Open their home page', who: ALL },
  'account.password': { does: 'Change their own password', who: ALL },
  'account.second_factor': { does: 'Set up or turn off their own second factor (a code from a phone app)', who: ALL },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof policy;

export const allActions = Object.keys(policy) as Action[];

/** May this user ever do this? (Which records: their scope.) */
export function can(user: Pick<CurrentUser, 'role' | 'assistant'> | null | undefined, action: Action): boolean {
  if (!user) return false;
  return (policy[action].who as readonly Actor[]).includes(actorOf(user));
}

export function auditedAs(action: Action): 'view' | 'export' | undefined {
  const rule: Rule = policy[action];
  return rule.audited;
}

/** The roles table, as Markdown, for the README. */
export function rolesTable(): string {
  const head = `| what | ${actors.map((a) => a.label).join(' | ')} |`;
  const rule = `| --- | ${actors.map(() => ':---:').join(' | ')} |`;
  const rows = allActions.map((action) => {
    const who = policy[action].who as readonly Actor[];
    return `| ${policy[action].does} | ${actors.map((a) => (who.includes(a.actor) ? 'yes' : '')).join(' | ')} |`;
  });
  return [head, rule, ...rows].join('\n');
}
