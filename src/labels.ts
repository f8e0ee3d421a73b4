// Every enum value a person reads, in their words: one table per enum of prisma/schema.prisma.
// Each table is a Record over the generated enum, so a value added to the schema fails the type
// check until it has words here. Form choices, list labels and sentences all come from these tables.
import type {
  Attendance,
  CodeMeaning,
  ConcernStatus,
  Delivery,
  EvaluationStep,
  GoalArea,
  GoalStatus,
  Grouping,
  IndirectActivity,
  MandatePeriod,
  Measurement,
  NoteStatus,
  PlaceOfService,
  PlanType,
  Role,
  ServiceType,
  StudentStatus,
} from './generated/prisma/enums.js';

const roleLabels: Record<Role, string> = {
  admin: 'Admin',
  therapist: 'Occupational therapist',
  teacher: 'Teacher',
};

const studentStatusLabels: Record<StudentStatus, string> = {
  referred: 'Referred',
  evaluating: 'Being evaluated',
  active: 'Receiving services',
  exited: 'Exited',
};

const planTypeLabels: Record<PlanType, string> = {
  iep: 'IEP',
  plan504: '504 plan',
  intervention: 'Intervention or screening only',
  none: 'No plan yet',
};

const placeLabels: Record<PlaceOfService, string> = {
  therapy_room: 'School therapy room',
  classroom: 'Classroom',
  school_other: 'Elsewhere at school (gym, playground, lunchroom)',
  home: 'Home',
  telehealth: 'Telehealth',
  community: 'Community',
};

/** Read after the minutes: "30 minutes a week". */
const mandatePeriodLabels: Record<MandatePeriod, string> = {
  week: 'a week',
  month: 'a month',
  four_weeks: 'a cycle of four school weeks (3:1 model)',
  year: 'a year',
};

const deliveryLabels: Record<Delivery, string> = {
  pull_out: 'Pull-out (out of class)',
  push_in: 'Push-in (in the classroom)',
  consultation: 'Consultation with staff',
};

const groupingLabels: Record<Grouping, string> = {
  individual: 'Individual',
  group: 'Group',
};

const goalAreaLabels: Record<GoalArea, string> = {
  handwriting: 'Handwriting',
  scissors: 'Scissor skills and cutting',
  grasp: 'Pencil grasp and hand strength',
  visual_motor: 'Copying and eye-hand coordination',
  keyboarding: 'Keyboarding',
  movement: 'Movement and coordination',
  sensory: 'Sensory processing and self-regulation',
  self_care: 'Daily routines and self-care',
  organisation: 'Organising materials and work',
};

const measurementLabels: Record<Measurement, string> = {
  percent: 'Percent accuracy',
  trials: 'Correct out of tries',
  prompt: 'Prompt level (help needed)',
  rubric: 'Rubric score (1 to 4)',
  steps: 'Steps done alone',
  count: 'Count (times per session)',
  duration: 'Duration (seconds)',
};

const goalStatusLabels: Record<GoalStatus, string> = {
  active: 'Active',
  met: 'Met',
  discontinued: 'Discontinued',
};

const serviceTypeLabels: Record<ServiceType, string> = {
  individual: 'Individual',
  group: 'Group',
  push_in: 'Push-in (in class)',
  consultation: 'Consultation',
  evaluation: 'Evaluation',
};

const attendanceLabels: Record<Attendance, string> = {
  attended: 'Attended',
  student_absent: 'Student absent',
  therapist_absent: 'Therapist absent or pulled away',
  school_closed: 'School closed or event',
  student_unavailable: 'Student unavailable',
};

const codeMeaningLabels: Record<CodeMeaning, string> = {
  mastered: 'Mastered',
  expected: 'Making progress, expected to meet the goal',
  may_not_meet: 'Making progress, may not meet the goal',
  no_progress: 'Not making progress',
  not_addressed: 'Not yet addressed',
};

const noteStatusLabels: Record<NoteStatus, string> = {
  draft: 'Draft',
  final: 'Finalised',
};

const concernStatusLabels: Record<ConcernStatus, string> = {
  open: 'Open',
  referred: 'Referred',
  closed: 'Closed',
};

const evaluationStepLabels: Record<EvaluationStep, string> = {
  family: 'Talking with the family',
  skills: 'Observing skills',
  sensory: 'Sensory responses',
  goals: 'Setting goals',
};

const indirectActivityLabels: Record<IndirectActivity, string> = {
  consultation: 'Consultation with staff or family',
  documentation: 'Documentation and reports',
  meeting: 'Meetings (IEP, team)',
  evaluation: 'Evaluations',
  travel: 'Travel between schools',
};

/** The tables, by the enum's name in prisma/schema.prisma. Key order is the order forms offer. */
export const labels = {
  Role: roleLabels,
  StudentStatus: studentStatusLabels,
  PlanType: planTypeLabels,
  PlaceOfService: placeLabels,
  MandatePeriod: mandatePeriodLabels,
  Delivery: deliveryLabels,
  Grouping: groupingLabels,
  GoalArea: goalAreaLabels,
  Measurement: measurementLabels,
  GoalStatus: goalStatusLabels,
  ServiceType: serviceTypeLabels,
  Attendance: attendanceLabels,
  CodeMeaning: codeMeaningLabels,
  NoteStatus: noteStatusLabels,
  ConcernStatus: concernStatusLabels,
  EvaluationStep: evaluationStepLabels,
  IndirectActivity: indirectActivityLabels,
} as const;

export type LabelKind = keyof typeof labels;
export type EnumValue<K extends LabelKind> = keyof (typeof labels)[K] & string;

/**
 * An enum value in words: label('Attendance', 'student_absent') -> "Student absent".
 * Templates pass strings from records; a value with no words (bad data) comes back as it is,
 * which the page test catches, rather than failing the whole page.
 */
export function label<K extends LabelKind>(kind: K, value: EnumValue<K>): string;
export function label(kind: LabelKind, value: string | null | undefined): string;
export function label(kind: LabelKind, value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const table: Record<string, string> = labels[kind];
  return Object.hasOwn(table, value) ? (table[value] as string) : value;
}

export type Choice<V extends string = string> = { value: V; label: string };

/** A form's options for an enum, in the table's order; `only` keeps some of them, in that order. */
export function choices<K extends LabelKind>(kind: K, only?: readonly EnumValue<K>[]): Choice<EnumValue<K>>[] {
  const table = labels[kind] as Record<EnumValue<K>, string>;
  const values = only ?? (Object.keys(table) as EnumValue<K>[]);
  return values.map((value) => ({ value, label: table[value] }));
}

/** The values of an enum, for z.enum(): the same list the form offers. */
export function enumValues<K extends LabelKind>(kind: K): [EnumValue<K>, ...EnumValue<K>[]] {
  return Object.keys(labels[kind]) as [EnumValue<K>, ...EnumValue<K>[]];
}

// Shorthands for the labels pages use most.
export const roleLabel = (role: string) => label('Role', role);
export const planLabel = (plan: string) => label('PlanType', plan);
export const statusLabel = (status: string) => label('StudentStatus', status);
export const attendanceLabel = (attendance: string) => label('Attendance', attendance);
export const areaLabel = (area: string) => label('GoalArea', area);
export const measurementLabel = (measurement: string) => label('Measurement', measurement);

/**
 * A person's role as others read it. An OT assistant is a therapist with `assistant` set; `short`
 * is for tight spots like the page header ("OT" rather than "Occupational therapist").
 */
export function personRoleLabel(user: { role: string; assistant?: boolean | null }, options: { short?: boolean } = {}): string {
  if (user.role === 'therapist') return user.assistant ? 'OT assistant' : options.short ? 'OT' : roleLabels.therapist;
  return label('Role', user.role);
}

/**
 * A provider's credential as the service record states it: an OT is a registered, licensed OT
 * (OTR/L), an OT assistant a certified, licensed OT assistant (COTA/L).
 */
export function credentialOf(user: { assistant: boolean }): 'OTR/L' | 'COTA/L' {
  return user.assistant ? 'COTA/L' : 'OTR/L';
}

// Words for inside a sentence, where a label would read oddly: "30 minutes a week, in class, group".
const deliveryInSentence: Record<Delivery, string> = {
  pull_out: 'pulled out of class',
  push_in: 'in class',
  consultation: 'consultation with staff',
};

/** How a mandate is given, in words: "in class, group". */
export function mandateHowWords(m: { delivery: string; grouping: string }): string {
  const delivery = Object.hasOwn(deliveryInSentence, m.delivery) ? deliveryInSentence[m.delivery as Delivery] : m.delivery;
  return `${delivery}, ${label('Grouping', m.grouping).toLowerCase()}`;
}

/** A mandate in words: "30 minutes a week, in class, group". */
export function mandateWords(m: { minutes: number; period: string; delivery: string; grouping: string }): string {
  const delivery = Object.hasOwn(deliveryInSentence, m.delivery) ? deliveryInSentence[m.delivery as Delivery] : m.delivery;
  return `${m.minutes} minutes ${label('MandatePeriod', m.period)}, ${delivery}, ${label('Grouping', m.grouping).toLowerCase()}`;
}
