// A believable term for the demo caseloads: plans and mandates, goals drawn from the goal bank,
// twelve weeks of sessions up to today (individual and group), progress that climbs, stalls or
// barely moves, absences and therapist misses with some make-ups, and indirect time.
import { addDays, dayOfWeek, weekStartOf } from '../calendar/dates.js';
import type { SchoolCalendar } from '../calendar/school-calendar.js';
import { demoCells } from './demo-calendar.js';
import { demoPeriodEnds } from './demo-periods.js';
import { goalBank } from '../features/goals/goal-bank.js';
import { strategyLibrary } from '../features/strategies/library.js';
import { resultWords } from '../features/notes/drafting.js';
import { amountWords, helpNeeded } from '../features/progress/levels.js';
import { createDraft } from '../features/notes/notes.service.js';
import { natureOf } from '../features/sessions/form-defaults.js';
import type { GoalArea, PlaceOfService } from '../generated/prisma/enums.js';
import type { Db } from './client.js';
import { addMinutes } from 'date-fns';
import { credentialOf } from '../labels.js';
import { makeGoal, makeSessionLog, type DataPointFields, type SessionStudentFields } from './factories.js';

type Caseload = { studentId: number; gradeLevel: number; schoolId: number; therapist: number };
type Rand = () => number;

const WEEKS = 12;

/** The Monday the demo's term (and its school year) began: twelve weeks before this one. */
export function demoTermStart(today: Date): Date {
  return addDays(weekStartOf(today), -WEEKS * 7);
}

const areasByGrade = (grade: number): string[] =>
  grade <= 2
    ? ['handwriting', 'scissors', 'grasp', 'self_care', 'sensory']
    : grade <= 5
      ? ['handwriting', 'visual_motor', 'keyboarding', 'organisation', 'sensory', 'movement']
      : grade <= 12
        ? ['keyboarding', 'organisation', 'sensory', 'movement', 'visual_motor']
        : ['self_care', 'organisation', 'keyboarding'];

/**
 * Where a demo goal starts, as a share of its target (or, for prompt levels, which go down as
 * skills grow, the level itself). The target and its words come from the bank's example, so a
 * goal's statement, measure, baseline and target agree (test/db/demo-goals.test.ts checks them).
 */
const baselines: Record<string, (target: number, r: number) => number> = {
  percent: (_t, r) => Math.round(20 + r * 25),
  trials: (_t, r) => Math.round(2 + r * 2) * 10,
  prompt: (_t, r) => Math.round(4 + r),
  rubric: (_t, r) => Math.round(1 + r),
  steps: (t, r) => Math.max(1, Math.round(t * (0.2 + r * 0.3))),
  count: (t, r) => Math.max(1, Math.round(t * (0.15 + r * 0.3))),
  duration: (t, r) => Math.max(1, Math.round(t * (0.15 + r * 0.25))),
};

const notes = [
  'Used the slant board; fewer reversals today.',
  'Tired after PE, needed extra movement breaks.',
  'Great focus with the visual timer.',
  'Teacher reports the pencil grip is helping in class.',
  'Needed more cues than last week.',
  'Practised with the adapted scissors; much steadier.',
  '',
  '',
  '',
];

/** Fills a bank template's blanks with its example, in order; "a __ prompt" is one blank. */
function fill(text: string, fills: string[]): string {
  let i = 0;
  return text.replace(/a __ prompt|__/g, () => fills[Math.min(i++, fills.length - 1)]!);
}

export async function loadDemoTerm(
  db: Db,
  rand: Rand,
  caseloads: Caseload[],
  assistants: Map<number, { provider: number; supervisor: number }>,
  today: Date,
  /** The district's calendar, and each school's (a school may close on a day the others teach). */
  calendar: SchoolCalendar,
  calendarOf: (schoolId: number) => SchoolCalendar,
) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const termStart = demoTermStart(today);
  const yearEnd = addDays(termStart, 280);

  // Plans, mandates, report dates and goals.
  type DemoGoal = {
    id: number;
    area: GoalArea;
    measurement: string;
    baseline: number;
    target: number;
    pattern: 'steady' | 'plateau' | 'slow';
  };
  const goalsOf = new Map<number, DemoGoal[]>();
  const grouped = new Set<number>();
  // Each student's weekly direct minutes: their sessions are scheduled for that long.
  const weekly = new Map<number, number>();
  const consulted = new Set<number>();
  for (const c of caseloads) {
    const group = rand() < 0.55;
    if (group) grouped.add(c.studentId);
    // Group plans give the group's time (30 minutes); individual plans vary.
    const drawn = pick([20, 30, 30, 45]);
    const minutes = group ? 30 : drawn;
    weekly.set(c.studentId, minutes);
    const consultation = rand() < 0.4;
    if (consultation) consulted.add(c.studentId);
    await db.student.update({
      where: { id: c.studentId },
      data: {
        planType: rand() < 0.85 ? 'iep' : 'plan504',
        planStart: addDays(termStart, -Math.floor(rand() * 120)),
        annualReviewDue: addDays(termStart, Math.floor(95 + rand() * 240)),
        reevaluationDue: addDays(termStart, Math.floor(200 + rand() * 700)),
        reportDates: { create: demoPeriodEnds(today).map((dueOn) => ({ dueOn })) },
        mandates: {
          create: [
            {
              minutes,
              period: 'week',
              delivery: group ? 'pull_out' : pick(['pull_out', 'push_in']),
              grouping: group ? 'group' : 'individual',
              startDate: termStart,
              endDate: yearEnd,
            },
            ...(consultation
              ? [
                  {
                    minutes: 30,
                    period: 'month' as const,
                    delivery: 'consultation' as const,
                    grouping: 'individual' as const,
                    startDate: termStart,
                    endDate: yearEnd,
                  },
                ]
              : []),
          ],
        },
      },
    });
    const areas = [...areasByGrade(c.gradeLevel)].sort(() => rand() - 0.5).slice(0, 1 + Math.floor(rand() * 3));
    const goals: DemoGoal[] = [];
    for (const area of areas) {
      const template = pick(goalBank.filter((t) => t.area === area));
      const { example } = template;
      const baseline = baselines[template.measurement]!(example.target, rand());
      const statement = fill(template.text, example.fills);
      const unit = { measurement: template.measurement, statement, targetCriterion: example.criterion, targetValue: example.target };
      const goal = await makeGoal(db, {
        studentId: c.studentId,
        area: template.area,
        measurement: template.measurement,
        statement,
        baselineValue: baseline,
        baselineDate: addDays(termStart, -7),
        targetCriterion: example.criterion,
        targetValue: example.target,
        startDate: termStart,
        targetDate: yearEnd,
        objectives: [
          template.measurement === 'prompt'
            ? `Need only ${helpNeeded(Math.floor((baseline + example.target) / 2))} by the end of January`
            : `Reach ${amountWords((baseline + example.target) / 2, unit)} by the end of January`,
        ],
      });
      const r = rand();
      goals.push({
        id: goal.id,
        area: template.area,
        measurement: template.measurement,
        baseline,
        target: example.target,
        pattern: r < 0.6 ? 'steady' : r < 0.85 ? 'plateau' : 'slow',
      });
    }
    goalsOf.set(c.studentId, goals);
  }

  await amendDemoMandates(db, caseloads, assistants, today);

  // The weekly schedule: one place a week for each student; group students at a school are seen
  // together in threes; the assistant sees the students she shares one at a time.
  const byTherapistSchool = new Map<string, Caseload[]>();
  for (const c of caseloads) {
    const key = `${c.therapist}:${c.schoolId}`;
    byTherapistSchool.set(key, [...(byTherapistSchool.get(key) ?? []), c]);
  }
  const plan: { group: Caseload[]; provider: number; supervisor: number | null; schoolId: number }[] = [];
  for (const members of byTherapistSchool.values()) {
    const inGroup = members.filter((m) => grouped.has(m.studentId) && !assistants.has(m.studentId));
    const groups: Caseload[][] = [];
    for (let i = 0; i < inGroup.length; i += 3) groups.push(inGroup.slice(i, i + 3));
    for (const m of members.filter((x) => !grouped.has(x.studentId) || assistants.has(x.studentId))) groups.push([m]);
    for (const group of groups) {
      const by = assistants.get(group[0]!.studentId);
      plan.push({ group, provider: by?.provider ?? group[0]!.therapist, supervisor: by?.supervisor ?? null, schoolId: group[0]!.schoolId });
    }
  }
  // A group meets for the least any of its students' plans gives, so no child is credited more.
  const slotMinutes = (group: Caseload[]) => Math.min(...group.map((m) => weekly.get(m.studentId) ?? 30));
  const cells = demoCells(plan);
  const slots: number[] = [];
  for (const [i, p] of plan.entries()) {
    const areas = p.group.flatMap((member) => (goalsOf.get(member.studentId) ?? []).map((g) => g.area));
    const slot = await db.scheduleSlot.create({
      data: {
        providerId: p.provider,
        weekday: cells[i]!.weekday,
        startTime: cells[i]!.startTime,
        minutes: slotMinutes(p.group),
        place: placeFor(p.group.length, areas, i),
        serviceType: p.group.length > 1 ? 'group' : 'individual',
        fromDate: termStart,
        toDate: addDays(termStart, 39 * 7 + 4),
        students: { create: p.group.map((m) => ({ studentId: m.studentId })) },
      },
    });
    slots.push(slot.id);
  }
  // This week, the first OT has not logged her latest session before today yet: the dashboard asks.
  const thisMonday = weekStartOf(today);
  const firstOt = caseloads[0]?.therapist;
  const pendingDates = plan
    .map((p, i) => ({ i, p, date: addDays(thisMonday, cells[i]!.weekday - 1) }))
    .filter((x) => x.p.provider === firstOt && x.date < today && calendarOf(x.p.schoolId).isSchoolDay(x.date))
    .sort((a, b) => b.date.getTime() - a.date.getTime() || cells[b.i]!.startTime.localeCompare(cells[a.i]!.startTime));
  const notLoggedYet = pendingDates[0]?.i;

  // Sessions: logged from the schedule, up to yesterday (today's are still ahead).
  const missedForMakeUp: { sessionStudentId: number; studentId: number; schoolId: number; therapist: number; week: number }[] = [];
  // Each goal's last value, so a response can say how today compares.
  const lastValue = new Map<number, number>();
  for (let week = 0; week < WEEKS + 1; week++) {
    const monday = addDays(termStart, week * 7);
    const closedSchools = new Set<string>();
    for (const key of byTherapistSchool.keys()) if (rand() < 0.04) closedSchools.add(key);
    for (const [slotIndex, p] of plan.entries()) {
      const group = p.group;
      const lead = group[0]!;
      const date = addDays(monday, cells[slotIndex]!.weekday - 1);
      if (date >= today) continue;
      const schoolClosed = closedSchools.has(`${lead.therapist}:${lead.schoolId}`);
      const therapistAway = rand() < 0.04;
      // Mostly the scheduled minutes; now and then a session runs short (an assembly, a fire drill).
      const minutes = rand() < 0.12 ? Math.max(15, slotMinutes(group) - 10) : slotMinutes(group);
      const activities = 'warm_up,skill_practice' + (rand() < 0.4 ? ',sensory_support' : '') + (rand() < 0.3 ? ',feedback' : '');
      const students = group.map((member, index): SessionStudentFields => {
        const r = rand();
        const attendance = schoolClosed
          ? 'school_closed'
          : therapistAway
            ? 'therapist_absent'
            : r < 0.06
              ? 'student_absent'
              : r < 0.08
                ? 'student_unavailable'
                : 'attended';
        if (attendance !== 'attended') return { studentId: member.studentId, attendance };
        const note = pick(notes);
        const dataPoints = (goalsOf.get(member.studentId) ?? []).map((g) => {
          const progress =
            g.pattern === 'steady'
              ? week / (WEEKS * 1.6)
              : g.pattern === 'plateau'
                ? Math.min(week, 5) / (WEEKS * 1.6)
                : week / (WEEKS * 6);
          const spread = Math.abs(g.target - g.baseline) * 0.12;
          const raw = g.baseline + (g.target - g.baseline) * progress + (rand() - 0.5) * 2 * spread;
          return pointFor(g, raw, rand);
        });
        const goals = goalsOf.get(member.studentId) ?? [];
        const response = responseFor(goals[0], dataPoints[0], lastValue, week * 7 + slotIndex + index);
        for (const [i, g] of goals.entries()) lastValue.set(g.id, dataPoints[i]!.value);
        return { studentId: member.studentId, attendance, note, response, dataPoints };
      });
      // No school that day (a holiday or a break), or not written up yet: nothing logged.
      if (!calendarOf(p.schoolId).isSchoolDay(date) || (week === WEEKS && slotIndex === notLoggedYet)) continue;
      const areas = group.flatMap((member) => (goalsOf.get(member.studentId) ?? []).map((g) => g.area));
      const session = await makeSessionLog(db, {
        providerId: p.provider,
        supervisorId: p.supervisor,
        date,
        startTime: cells[slotIndex]!.startTime,
        minutes,
        serviceType: group.length > 1 ? 'group' : 'individual',
        place: placeFor(group.length, areas, week + slotIndex),
        nature: natureOf(areas, activities.split(',')),
        activities,
        scheduleSlotId: slots[slotIndex]!,
        scheduledFor: date,
        students,
      });
      for (const member of group) {
        const row = session.students.find((s) => s.studentId === member.studentId)!;
        if (row.attendance === 'therapist_absent' || row.attendance === 'school_closed') {
          missedForMakeUp.push({
            sessionStudentId: row.id,
            studentId: member.studentId,
            schoolId: member.schoolId,
            therapist: p.provider,
            week,
          });
        }
      }
    }
  }

  // Consultation: every fourth week the OT meets each consulted student's teacher before school.
  for (const [slotIndex, p] of plan.entries()) {
    for (const member of p.group.filter((m) => consulted.has(m.studentId))) {
      for (let week = 1; week <= WEEKS; week += 4) {
        const date = addDays(termStart, week * 7 + cells[slotIndex]!.weekday - 1);
        if (date >= today || !calendarOf(member.schoolId).isSchoolDay(date)) continue;
        const areas = (goalsOf.get(member.studentId) ?? []).map((g) => g.area);
        await makeSessionLog(db, {
          providerId: member.therapist,
          date,
          startTime: '07:45',
          minutes: 30,
          serviceType: 'consultation',
          place: 'classroom',
          nature: `Consultation with the classroom teacher: ${natureOf(areas)
            .replace(/^Work on/, 'supporting')
            .toLowerCase()} in class`,
          activities: 'feedback',
          students: [
            {
              studentId: member.studentId,
              attendance: 'attended',
              response: 'The teacher will try the strategies we chose in class this month.',
            },
          ],
        });
      }
    }
  }

  // Half of the sessions missed through no fault of the student are made up the next week.
  for (const miss of missedForMakeUp.filter(() => rand() < 0.5)) {
    const thursday = addDays(termStart, (miss.week + 1) * 7 + 3);
    const open = calendarOf(miss.schoolId);
    const date = open.isSchoolDay(thursday) ? thursday : open.addSchoolDays(thursday, 1);
    if (date >= today) continue;
    await makeSessionLog(db, {
      providerId: miss.therapist,
      supervisorId: assistants.get(miss.studentId)?.supervisor ?? null,
      date,
      startTime: '14:00',
      minutes: 30,
      serviceType: 'individual',
      place: 'therapy_room',
      nature: `Make-up session: ${natureOf(
        (goalsOf.get(miss.studentId) ?? []).map((g) => g.area),
        ['skill_practice'],
      ).toLowerCase()}`,
      activities: 'skill_practice',
      students: [
        {
          studentId: miss.studentId,
          attendance: 'attended',
          makeUpForId: miss.sessionStudentId,
          response: makeUpResponses[miss.week % makeUpResponses.length],
        },
      ],
    });
  }

  await signDemoSessions(db, today);

  // Indirect time: the part of the job nobody sees.
  const providers = [...new Set(caseloads.map((c) => c.therapist))];
  const indirect = [];
  for (const providerId of providers) {
    for (let day = termStart; day <= today; day = addDays(day, 1)) {
      if (!calendar.isSchoolDay(day)) continue;
      const weekday = dayOfWeek(day);
      indirect.push({
        providerId,
        date: day,
        minutes: 30 + Math.floor(rand() * 4) * 15,
        activity: 'documentation' as const,
        note: '',
      });
      if (weekday === 2 || weekday === 4)
        indirect.push({ providerId, date: day, minutes: 25, activity: 'travel' as const, note: 'Between schools' });
      if (weekday === 3 && rand() < 0.6)
        indirect.push({ providerId, date: day, minutes: 60, activity: 'meeting' as const, note: 'IEP meeting' });
    }
  }
  await db.indirectTime.createMany({ data: indirect });
}

/**
 * Two plans as OTs meet them: one student's minutes went up at a review two weeks ago (the old
 * mandate ends the day before the new one starts), and one student of the second OT is served
 * on the 3:1 model (minutes every four school weeks, the fourth week for consulting).
 */
async function amendDemoMandates(
  db: Db,
  caseloads: Caseload[],
  assistants: Map<number, { provider: number; supervisor: number }>,
  today: Date,
): Promise<void> {
  const amendOn = addDays(weekStartOf(today), -14);
  const firstOt = caseloads[0]?.therapist;
  const candidates = await db.serviceMandate.findMany({
    where: {
      studentId: { in: caseloads.filter((c) => c.therapist === firstOt && !assistants.has(c.studentId)).map((c) => c.studentId) },
      period: 'week',
      grouping: 'individual',
      minutes: { lt: 45 },
    },
    orderBy: { id: 'asc' },
    take: 1,
  });
  for (const old of candidates) {
    await db.serviceMandate.update({ where: { id: old.id }, data: { endDate: addDays(amendOn, -1) } });
    await db.serviceMandate.create({
      data: {
        studentId: old.studentId,
        minutes: old.minutes + 15,
        period: 'week',
        delivery: old.delivery,
        grouping: old.grouping,
        startDate: amendOn,
        endDate: old.endDate,
        replacesId: old.id,
      },
    });
  }
  const secondOt = caseloads.find((c) => c.therapist !== firstOt)?.therapist;
  const threeToOne = await db.serviceMandate.findFirst({
    where: {
      studentId: { in: caseloads.filter((c) => c.therapist === secondOt).map((c) => c.studentId) },
      period: 'week',
      grouping: 'individual',
    },
    orderBy: { id: 'asc' },
  });
  if (threeToOne) {
    await db.serviceMandate.update({ where: { id: threeToOne.id }, data: { period: 'four_weeks', minutes: threeToOne.minutes * 3 } });
  }
}

/** Where a demo session took place: groups in the therapy room; some individual sessions in class or the gym. */
function placeFor(size: number, areas: GoalArea[], turn: number): PlaceOfService {
  if (size > 1) return 'therapy_room';
  if (areas.includes('movement') && turn % 2 === 0) return 'school_other';
  return turn % 4 === 1 ? 'classroom' : 'therapy_room';
}

const openers = [
  'Engaged well with',
  'Settled quickly into',
  'Needed a movement break, then went back to',
  'Worked steadily at',
  'Kept a good pace during',
  'Tired today but kept at',
  'Chose to start with',
];

/** What the child did in each area, as a response sentence names it. */
const practised: Record<GoalArea, string> = {
  handwriting: 'letter formation',
  scissors: 'cutting along the line',
  grasp: 'pencil grip and hand-strength play',
  visual_motor: 'copying from a model',
  keyboarding: 'typing practice',
  movement: 'the balance and ball-skills circuit',
  sensory: 'the calming routine',
  self_care: 'practice with buttons and zips',
  organisation: 'sorting and packing materials',
};

const makeUpResponses = [
  'Glad of the extra time; worked through the usual routine without fuss.',
  'Made up the missed session and finished every activity.',
  'Focused well in a quieter time slot and asked to keep going.',
];

/**
 * The student's response for the record, from their first goal's area and today's data: what they
 * did, the result, and how it compares with last time. `turn` varies the wording.
 */
function responseFor(
  goal: { id: number; area: GoalArea; measurement: string; baseline: number; target: number } | undefined,
  point: DataPointFields | undefined,
  last: Map<number, number>,
  turn: number,
): string {
  if (!goal || !point)
    return turn % 2 === 0 ? 'Took part in every activity and followed the routine.' : 'Joined in readily and tried each task.';
  const opener = openers[turn % openers.length]!;
  const before = last.get(goal.id);
  let compared = '';
  if (before !== undefined) {
    // Prompt levels go down as skills grow; a change smaller than a twentieth of the way to the target is "about the same".
    const gain = (point.value - before) * (goal.measurement === 'prompt' ? -1 : 1);
    const step = Math.abs(goal.target - goal.baseline) / 20;
    compared = gain > step ? ', better than last time' : gain < -step ? ', a dip from last time' : ', about the same as last time';
  }
  return `${opener} ${practised[goal.area]}: ${resultWords(point.value, goal.measurement)}${compared}.`;
}

/** A data point on the goal's scale; the session it belongs to gives its date. */
function pointFor(g: { id: number; measurement: string }, raw: number, rand: Rand): DataPointFields {
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
  switch (g.measurement) {
    case 'trials': {
      const correct = clamp(Math.round(raw / 10), 0, 10);
      const cued = Math.min(10 - correct, Math.floor(rand() * 3));
      return { goalId: g.id, value: correct * 10, correct, incorrect: 10 - correct - cued, cued };
    }
    case 'percent':
      return { goalId: g.id, value: clamp(Math.round(raw), 0, 100) };
    case 'prompt':
      return { goalId: g.id, value: clamp(Math.round(raw), 0, 6) };
    case 'rubric':
      return { goalId: g.id, value: clamp(Math.round(raw), 1, 4) };
    default:
      return { goalId: g.id, value: Math.max(0, Math.round(raw)) };
  }
}

/** The first progress report of the term, drafted, finalised and shared for some students, so a
 *  teacher signing in to the demo has notes to read. The rest are left for the therapist. */
export async function loadDemoNotes(db: Db, therapistId: number, students: { studentId: number }[], today: Date) {
  const therapist = await db.user.findUniqueOrThrow({ where: { id: therapistId } });
  const caller = {
    user: {
      id: therapist.id,
      email: therapist.email,
      name: therapist.name,
      role: therapist.role,
      assistant: false,
      mustChangePassword: false,
    },
  };
  const end = addDays(today, -10);
  const start = addDays(end, -80);
  const finalisedOn = addMinutes(addDays(end, 1), 9 * 60);
  for (const s of students) {
    const noteId = await createDraft(db, caller, s.studentId, {
      title: `Progress report, ${end.toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' })}`,
      periodStart: start,
      periodEnd: end,
    });
    // The therapist confirmed the code each goal's data suggested (drafting chooses none itself).
    const goals = await db.progressNoteGoal.findMany({ where: { noteId } });
    const codes = await db.progressCode.findMany({ select: { id: true, sufficient: true } });
    for (const g of goals) {
      const sufficient = codes.find((c) => c.id === g.suggestedCodeId)?.sufficient ?? true;
      await db.progressNoteGoal.update({
        where: { id: g.id },
        data: { codeId: g.suggestedCodeId, reason: sufficient ? '' : 'More time needed: skills are emerging.' },
      });
    }
    await db.progressNote.update({
      where: { id: noteId },
      // Finalised and shared the morning after the period's last day, once its last sessions were written up.
      data: { status: 'final', finalizedAt: finalisedOn, sharedAt: finalisedOn, version: { increment: 1 } },
    });
    // Two strategies for the student's first goal area, with a word for the teacher.
    const goal = await db.goal.findFirst({ where: { studentId: s.studentId }, orderBy: { id: 'asc' } });
    if (!goal) continue;
    for (const strategy of strategyLibrary.filter((x) => x.areas.includes(goal.area)).slice(0, 2)) {
      await db.studentStrategy.create({
        data: {
          studentId: s.studentId,
          strategyKey: strategy.key,
          goalId: goal.id,
          noteForTeacher: 'Please try this for two weeks and tell me how it goes.',
          assignedById: therapistId,
        },
      });
    }
  }
}

/**
 * Each session was written the afternoon it happened (so a note finalised later sees it, as in
 * real use); therapists sign within a day or two, and the OT co-signs the assistant's; the last
 * few days are still waiting, and one older session of each OT was forgotten (it is flagged).
 */
async function signDemoSessions(db: Db, today: Date): Promise<void> {
  const cutoff = addDays(today, -3);
  const sessions = await db.sessionLog.findMany({
    orderBy: { date: 'asc' },
    select: {
      id: true,
      date: true,
      providerId: true,
      supervisorId: true,
      provider: { select: { name: true, assistant: true } },
      supervisor: { select: { name: true } },
    },
  });
  const forgotten = new Set<number>();
  const seen = new Set<number>();
  for (const s of sessions.filter((x) => x.date < cutoff && x.date >= addDays(cutoff, -14))) {
    if (!seen.has(s.providerId)) forgotten.add(s.id);
    seen.add(s.providerId);
  }
  await db.$transaction(async (tx) => {
    for (const s of sessions) {
      const createdAt = addMinutes(s.date, 16 * 60); // written up that afternoon
      if (s.date >= cutoff || forgotten.has(s.id)) {
        await tx.sessionLog.update({ where: { id: s.id }, data: { createdAt } });
        continue;
      }
      const signedAt = addMinutes(addDays(s.date, 1), 15 * 60 + 30); // the next afternoon
      await tx.sessionLog.update({
        where: { id: s.id },
        data: {
          createdAt,
          signedAt,
          signedById: s.providerId,
          signedName: s.provider.name,
          signedCredential: credentialOf(s.provider),
          ...(s.supervisorId && s.supervisor
            ? { cosignedAt: addDays(signedAt, 1), cosignedById: s.supervisorId, cosignedName: s.supervisor.name }
            : {}),
        },
      });
    }
  });
}
