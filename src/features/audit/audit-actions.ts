// Every action the audit trail records, in words an admin reads after the person's name
// ("Dana Whitfield · Gave a temporary password"). recordAudit takes only these keys, so a new
// action fails the type check until it has words here; the viewer's filter is built from it too.
import { label } from '../../labels.js';
import { deletionReasonWords } from '../students/delete.schema.js';

export const auditActionWords = {
  'sign_in.success': 'Signed in',
  'sign_in.failure': 'Sign-in failed',
  'sign_in.throttled': 'Sign-in refused: too many tries',
  sign_out: 'Signed out',
  'password.changed': 'Changed their password',
  'password.reset': 'Gave a temporary password',
  'access.denied': 'Was refused access',
  'second_factor.enabled': 'Turned on their second factor',
  'second_factor.disabled': 'Turned off their second factor',
  'second_factor.success': 'Signed in with a second-factor code',
  'sign_in.password_ok': 'Gave the right password (second factor next)',
  'second_factor.failure': 'Gave a wrong second-factor code',
  'second_factor.throttled': 'Second-factor code refused: too many tries',
  'second_factor.recovery_used': 'Signed in with a recovery code',
  'second_factor.reset': "Reset someone's second factor",
  'settings.changed': 'Changed the district settings',
  'calendar.changed': 'Changed the school calendar',
  'audit.exported': 'Downloaded the audit trail (CSV)',
  'audit.pruned': 'Deleted audit entries older than the district keeps them',

  'student.view': 'Viewed a student',
  'student.created': 'Added a student',
  'student.updated': "Changed a student's details",
  'student.exited': 'Exited a student from services',
  'student.reopened': 'Re-opened a student',
  'student.deleted': "Deleted a student's whole record",
  'student.record.export': "Downloaded a student's whole record (a family's request)",
  'student.team.added': "Added someone to a student's team",
  'student.team.removed': "Removed someone from a student's team",
  'student.mandate.added': 'Added service minutes',
  'student.mandate.removed': 'Removed service minutes',
  'student.mandate.amended': 'Amended service minutes',
  'student.mandate.corrected': 'Corrected service minutes (from a roster file)',
  'student.goal.view': 'Viewed a goal',
  'student.goal.added': 'Added a goal',
  'student.goal.revised': 'Revised a goal',
  'student.goal.status': "Changed a goal's status",
  'student.goal.change_marked': 'Marked a change of approach',
  'student.session.view': 'Viewed a session',
  'student.session.logged': 'Logged a session',
  'student.session.corrected': 'Corrected a session',
  'student.session.voided': 'Voided a session',
  'student.session.signed': 'Signed a session',
  'student.session.cosigned': 'Co-signed a session',
  'student.note.view': 'Read a progress note',
  'student.note.export': 'Downloaded a progress note',
  'student.note.drafted': 'Drafted a progress note',
  'student.note.saved': 'Edited a progress note',
  'student.note.finalized': 'Finalised a progress note',
  'student.note.correction': 'Started a correction of a progress note',
  'student.note.shared': 'Shared a progress note with teachers',
  'student.note.submitted': 'Sent a progress note draft to the supervising OT for approval',
  'student.strategy.assigned': 'Assigned a classroom strategy',
  'student.strategy.removed': 'Removed a classroom strategy',
  'student.strategy.feedback': 'Said how a strategy worked',
  'student.strategy.sheet': 'Opened the strategy sheet',
  'student.evaluation.view': 'Viewed an evaluation',
  'student.evaluation.started': 'Started an evaluation',
  'student.evaluation.findings': 'Recorded evaluation findings',
  'student.evaluation.assessment_added': 'Recorded an assessment given in an evaluation',
  'student.evaluation.assessment_removed': 'Removed an assessment from an evaluation',
  'student.evaluation.decision': 'Recorded the eligibility decision of an evaluation',
  'student.evaluation.completed': 'Completed an evaluation: services start',
  'student.evaluation.closed': 'Closed an evaluation: not eligible for services',
  'student.evaluation.export': 'Downloaded an evaluation summary',

  'concern.raised': 'Shared a concern',
  'concern.message': 'Wrote about a concern',
  'concern.referred': 'Turned a concern into a referral',

  'user.created': 'Created an account',
  'roster.imported': 'Imported a roster file',
  'user.updated': 'Changed an account',
  'user.disabled': 'Disabled an account',
  'user.enabled': 'Enabled an account',
  'user.schools': 'Changed the schools an OT serves',
  'school.created': 'Added a school',
  'school.renamed': 'Renamed a school',
  'progress_code.created': 'Added a progress code',
  'progress_code.updated': 'Changed a progress code',
  'reporting_period.created': 'Added a reporting period',
  'reporting_period.removed': 'Removed a reporting period',
  'session.exported': 'Downloaded the service log (CSV)',
  'report.minutes.exported': 'Downloaded the minutes compliance report (CSV)',
  'schedule.feed.created': 'Made a calendar link to their schedule',
  'schedule.feed.revoked': 'Revoked the calendar link to their schedule',
  'schedule.slot.added': 'Added a session to their schedule',
  'schedule.slot.changed': 'Changed a session on their schedule',
  'schedule.slot.removed': 'Took a session off their schedule',
  'schedule.day.cancelled': 'Cancelled one day of a session on their schedule',
  'schedule.day.moved': 'Moved one day of a session on their schedule',
  'schedule.day.restored': 'Put one day of a session on their schedule back as scheduled',
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof auditActionWords;

export const allAuditActions = Object.keys(auditActionWords) as AuditAction[];

export function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(auditActionWords, action);
}

/** An action in words; one recorded before it had words (an old row) shows as it was stored. */
export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? auditActionWords[action] : action;
}

/**
 * The filter's groups. An action belongs to the longest prefix that holds it; choosing a group
 * shows all of its actions (and, for "student", every student record action).
 */
const auditGroups = [
  { prefix: 'sign_in', label: 'Sign-ins' },
  { prefix: 'sign_out', label: 'Sign-outs' },
  { prefix: 'password', label: 'Passwords' },
  { prefix: 'access', label: 'Refused access' },
  { prefix: 'second_factor', label: 'Second factor' },
  { prefix: 'settings', label: 'District settings' },
  { prefix: 'calendar', label: 'School calendar' },
  { prefix: 'roster', label: 'Roster imports' },
  { prefix: 'audit', label: 'Audit trail' },
  { prefix: 'student', label: 'Student records' },
  { prefix: 'student.team', label: "Students' teams" },
  { prefix: 'student.mandate', label: 'Service minutes' },
  { prefix: 'student.goal', label: 'Goals' },
  { prefix: 'student.session', label: 'Sessions' },
  { prefix: 'student.note', label: 'Progress notes' },
  { prefix: 'student.strategy', label: 'Classroom strategies' },
  { prefix: 'student.evaluation', label: 'Evaluations' },
  { prefix: 'concern', label: 'Concerns' },
  { prefix: 'user', label: 'User accounts' },
  { prefix: 'school', label: 'Schools' },
  { prefix: 'progress_code', label: 'Progress codes' },
  { prefix: 'reporting_period', label: 'Reporting periods' },
  { prefix: 'schedule', label: 'Schedule' },
  { prefix: 'report', label: 'Reports' },
  { prefix: 'session', label: 'Service log' },
] as const;

/** Does the filter value (an action or a group's prefix) take in this action? */
export function actionMatches(filter: string, action: string): boolean {
  return action === filter || action.startsWith(`${filter}.`);
}

export function auditGroupOf(action: string): (typeof auditGroups)[number] | undefined {
  return auditGroups.filter((g) => actionMatches(g.prefix, action)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
}

export type AuditFilterGroup = { label: string; options: { value: string; label: string }[] };

/** The viewer's "What" filter: a group, then ("all" of it and) each of its actions. */
export const auditFilterGroups: AuditFilterGroup[] = auditGroups
  .map((g) => {
    const actions = allAuditActions.filter((a) => auditGroupOf(a)?.prefix === g.prefix);
    const all = allAuditActions.filter((a) => actionMatches(g.prefix, a));
    const options: AuditFilterGroup['options'] = actions.map((a) => ({ value: a, label: auditActionWords[a] }));
    if (all.length > 1) options.unshift({ value: g.prefix, label: `${g.label}: all` });
    return { label: g.label, options };
  })
  .filter((g) => g.options.length > 0);

export const auditFilterValues: string[] = auditFilterGroups.flatMap((g) => g.options.map((o) => o.value));

const targetWords: Record<string, string> = {
  student: 'student',
  goal: 'goal',
  session: 'session',
  note: 'progress note',
  mandate: 'service minutes',
  strategy: 'strategy',
  evaluation: 'evaluation',
  concern: 'concern',
  user: 'account',
  school: 'school',
  page: 'page',
  progress_code: 'progress code',
  slot: 'scheduled session',
};

/** A record the trail points at, in words: "goal 12", "progress code 3". */
export function targetLabel(type: string | null, id: string | null): string {
  if (!type) return '';
  const kind = targetWords[type] ?? type.replace(/_/g, ' ');
  return id ? `${kind} ${id}` : kind;
}

const signInFailures: Record<string, string> = {
  unknown_account: 'no account has that email',
  wrong_password: 'wrong password',
  disabled: 'the account is disabled',
  // Single sign-on (method: sso) and the district's choice to turn passwords off.
  sso_expired: 'the sign-in took too long or was started in another window',
  sso_cancelled: 'cancelled at the district account',
  sso_invalid: "the district account's answer did not check out (state, nonce, audience, issuer, signature or expiry)",
  email_missing: 'the district account sent no email address',
  email_unverified: "the district account's email is not verified",
  domain_not_served: 'the email is not in a domain single sign-on serves',
  password_sign_in_off: 'password sign-in is turned off',
};

const signInMethods: Record<string, string> = { sso: 'with their district account' };

const secondFactorFailures: Record<string, string> = {
  wrong_code: 'wrong code',
  replayed_code: 'a code already used',
  wrong_recovery_code: 'wrong recovery code',
  used_recovery_code: 'a recovery code already used',
  unreadable: 'the stored secret cannot be read (SESSION_SECRET changed?)',
};

const fieldWords: Record<string, string> = {
  name: 'name',
  email: 'email',
  role: 'role',
  assistant: 'OT assistant',
  hoursPerWeek: 'hours a week',
  // A session on the schedule, and one day of it moved.
  weekday: 'day of the week',
  startTime: 'start time',
  minutes: 'minutes',
  place: 'place',
  serviceType: 'kind of session',
  fromDate: 'first day',
  toDate: 'last day',
  students: 'students',
  newDate: 'day',
  newStartTime: 'start time',
  // A student's details (student.updated).
  firstName: 'first name',
  lastName: 'last name',
  preferredName: 'preferred name',
  districtId: 'district student ID',
  dateOfBirth: 'date of birth',
  gradeLevel: 'grade',
  schoolId: 'school',
  planType: 'plan',
  status: 'status',
  planStart: 'plan start',
  annualReviewDue: 'annual review date',
  reevaluationDue: 're-evaluation date',
  reportDates: 'progress report dates',
};

/** The audit viewer's filters, as an `audit.exported` entry names them. */
const filterWords: Record<string, string> = { actor: 'person', action: 'what', student: 'student', from: 'from date', to: 'to date' };

type DetailValue = string | number | boolean | null;

/** The words for one detail, or null to leave it out. `refusedAs` names a refused permission. */
function detailPart(action: string, key: string, value: DetailValue, refusedAs: (permission: string) => string | undefined): string | null {
  const text = String(value);
  switch (key) {
    case 'role':
      return `as ${label('Role', text).toLowerCase()}`;
    case 'status':
      return `now ${label('GoalStatus', text).toLowerCase()}`;
    case 'attendance':
      return label('Attendance', text).toLowerCase();
    case 'day':
      return `the session of ${text}`;
    case 'cause':
      return `missed: ${label('Attendance', text).toLowerCase()}`;
    case 'dataPoints':
      return `${value} data point${value === 1 ? '' : 's'}`;
    case 'schools':
      return `now ${value} school${value === 1 ? '' : 's'}`;
    case 'step':
      return `step: ${label('EvaluationStep', text).toLowerCase()}`;
    case 'reason':
      if (action === 'second_factor.failure') return secondFactorFailures[text] ?? text;
      if (action === 'student.deleted') return `reason: ${(deletionReasonWords as Record<string, string>)[text] ?? text}`;
      return action === 'sign_in.failure' ? (signInFailures[text] ?? text) : `reason: ${text}`;
    case 'remaining':
      return `${value} recovery code${value === 1 ? '' : 's'} left`;
    case 'requireSecondFactor':
      return value ? 'now requires a second factor' : 'no longer requires a second factor';
    case 'unsignedFlagDays':
      return `unsigned sessions flagged after ${text} days`;
    case 'correctionWindowDays':
      return `sessions may be corrected for ${text} days`;
    case 'makeUpCauses':
      return text
        ? `made up: ${text
            .split(',')
            .map((c) => label('Attendance', c).toLowerCase())
            .join(', ')}`
        : 'no missed session made up';
    case 'noDataWeeks':
      return `goals flagged after ${text} weeks without data`;
    case 'notSeenDays':
      return `students flagged after ${text} days not seen`;
    case 'dueSoonDays':
      return `due soon within ${text} days`;
    case 'travelMinutes':
      return `${text} min travel between schools`;
    case 'auditRetentionMonths':
      return value === null ? 'audit entries kept forever' : `audit entries kept for ${text} months`;
    case 'filters':
      return text
        ? `filtered by ${text
            .split(',')
            .map((f) => filterWords[f] ?? f)
            .join(', ')}`
        : 'everything, unfiltered';
    case 'rows':
      return `${value} row${value === 1 ? '' : 's'}`;
    case 'deleted':
      return `${value} entr${value === 1 ? 'y' : 'ies'} deleted`;
    case 'months':
      return `kept for ${text} months`;
    case 'before':
      return `older than ${text}`;
    case 'schoolYearAdded':
      return `added school year ${text}`;
    case 'schoolYearRemoved':
      return `removed school year ${text}`;
    case 'dayOffAdded':
      return `added day off ${text}`;
    case 'dayOffRemoved':
      return `removed day off ${text}`;
    case 'daysOffImported':
      return `imported ${text} days off`;
    case 'daysOffUpdated':
      return `${text} of them updated`;
    case 'forSchool':
      return value === null ? 'for the whole district' : `for school ${text}`;
    case 'signaturesCleared':
      return value ? 'its signatures cleared (to be signed again)' : null;
    case 'fields':
      return `changed ${text
        .split(',')
        .filter(Boolean)
        .map((f) => fieldWords[f] ?? f)
        .join(', ')}`;
    case 'rosterImport':
      return `by roster import ${text}`;
    case 'added':
      return `${text} added`;
    case 'updated':
      return `${text} updated`;
    case 'unchanged':
      return `${text} unchanged`;
    case 'teachersCreated':
      return `${text} teacher account${value === 1 ? '' : 's'} made`;
    case 'fromVersion':
      return `replacing version ${text}`;
    case 'replaces':
      return `correcting progress note ${text}`;
    case 'change':
      return `change ${text}`;
    case 'format':
      return `as ${text.toUpperCase()}`;
    case 'method':
      return signInMethods[text] ?? `method: ${text}`;
    case 'action':
      return `to ${(refusedAs(text) ?? text).replace(/^./, (c) => c.toLowerCase())}`;
    default:
      return `${key}: ${text}`;
  }
}

/** An entry's stored detail (a small JSON object) in words: "student absent, 0 data points". */
export function detailWords(
  action: string,
  detail: string | null,
  refusedAs: (permission: string) => string | undefined = () => undefined,
) {
  if (!detail) return '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(detail);
  } catch {
    return '';
  }
  if (!parsed || typeof parsed !== 'object') return '';
  return Object.entries(parsed as Record<string, DetailValue>)
    .map(([key, value]) => detailPart(action, key, value, refusedAs))
    .filter((part): part is string => Boolean(part))
    .join(', ');
}
