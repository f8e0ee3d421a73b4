// Drafting a progress note from the data, with rules and templates written by us (no outside
// service). Each goal gets what the child can do now, with numbers and dates, compared with the
// baseline and the last report; the progress code; what helps; the next step; and one to three
// things to do in class (teacher) or at home (family). Strengths first; about growing skills.
import { median } from 'simple-statistics';
import { formatDate } from '../../web/view-helpers.js';
import { plainAreaLabel } from '../goals/goal-areas.js';
import type { CodeMeaning, GoalFrame, Point } from '../progress/progress.math.js';
import { direction, suggestCode } from '../progress/progress.math.js';
import { classroomTips, homeActivities, whatHelps } from './tips.js';

type DraftGoal = GoalFrame & {
  id: number;
  area: string;
  statement: string;
  measurement: string;
  targetCriterion: string;
  objectives: string[];
  changes: string[];
  points: Point[];
};

export type DraftInput = {
  name: string;
  title: string;
  periodStart: Date;
  periodEnd: Date;
  previousReport: Date | null;
  therapist: string;
  goals: DraftGoal[];
  codeLabel: (meaning: CodeMeaning) => string;
};

export type Draft = { teacherText: string; familyText: string; goals: { goalId: number; meaning: CodeMeaning }[] };

/** Prompt levels in words a family understands, least help first (see promptLevels). */
const helpWords = [
  'no help',
  'a pointing gesture',
  'a spoken reminder',
  'a picture or written cue',
  'to be shown how first',
  'some hands-on help',
  'full hands-on help',
];

/** The help needed at a prompt level: "a spoken reminder". */
export function helpNeeded(level: number): string {
  return helpWords[Math.round(level)] ?? 'some help';
}

/** A result in words a teacher reads without a key. */
export function resultWords(value: number, measurement: string): string {
  const n = Math.round(value);
  switch (measurement) {
    case 'percent':
      return `${n}% accuracy`;
    case 'trials':
      // "6 of 10" only when it is exact; otherwise the percent alone.
      return n % 10 === 0 ? `${n / 10} of 10 tries (${n}%)` : `${n}% of tries`;
    case 'prompt':
      return n === 0 ? 'does it alone' : `needs ${helpNeeded(n)}`;
    case 'rubric':
      return `a score of ${n} out of 4`;
    case 'steps':
      return `${n} step${n === 1 ? '' : 's'} on their own`;
    case 'count':
      return `${n} time${n === 1 ? '' : 's'}`;
    case 'duration':
      return value >= 120 ? `${Math.round(value / 60)} minutes` : `${n} seconds`;
    default:
      return String(n);
  }
}

/** A steady reading of where the child is: the median of the last three points before a date. */
function levelBefore(points: Point[], date: Date): { value: number; date: Date } | null {
  const before = points.filter((p) => p.date <= date).sort((a, b) => a.date.getTime() - b.date.getTime());
  if (before.length === 0) return null;
  const last = before.slice(-3);
  return { value: median(last.map((p) => p.value)), date: last[last.length - 1]!.date };
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const month = (d: Date) => d.toLocaleDateString('en-US', { month: 'long', timeZone: 'UTC' });

export function draftNote(input: DraftInput): Draft {
  const teacher: string[] = [
    `${input.title}: ${input.name}`,
    `Occupational therapy (OT) progress from ${formatDate(input.periodStart)} to ${formatDate(input.periodEnd)}, written by ${input.therapist}.`,
  ];
  const family: string[] = [
    `Dear family,`,
    `Here is how ${input.name} is doing in occupational therapy (OT) at school, up to ${formatDate(input.periodEnd)}. OT helps with everyday school skills like writing, cutting, moving and staying calm.`,
  ];
  const goals: Draft['goals'] = [];

  for (const g of input.goals) {
    const points = g.points.filter((p) => p.date <= input.periodEnd);
    const suggestion = suggestCode(g, points);
    goals.push({ goalId: g.id, meaning: suggestion.meaning });
    const goalText = `${input.name} ${g.statement.replace(/^will\s+/i, 'is working to ')}`.replace(/\.$/, '');
    const now = levelBefore(points, input.periodEnd);
    const previous = input.previousReport ? levelBefore(points, input.previousReport) : null;
    const tips = (classroomTips[g.area] ?? []).slice(0, 3);
    const home = (homeActivities[g.area] ?? []).slice(0, 2);
    const better = now ? direction(g) * (now.value - g.baselineValue) > 0 : false;

    // Headings in the area's plain name: these texts go to teachers and families.
    const t = [plainAreaLabel(g.area), `${goalText}.`];
    // Prompt levels read as the help needed; every other measure as a result.
    const was = (value: number) => (g.measurement === 'prompt' ? `needing ${helpNeeded(value)}` : resultWords(value, g.measurement));
    if (now) {
      t.push(
        `Now: ${resultWords(now.value, g.measurement)} (latest data ${formatDate(now.date)}), compared with ${was(g.baselineValue)} at the start (${formatDate(g.baselineDate)})${previous ? ` and ${was(previous.value)} at the last report` : ''}. The target is ${g.targetCriterion} by ${formatDate(g.targetDate)}.`,
      );
    } else {
      t.push(`No data was collected for this goal in this period. The target is ${g.targetCriterion} by ${formatDate(g.targetDate)}.`);
    }
    t.push(`Progress code: ${input.codeLabel(suggestion.meaning)}.`);
    t.push(
      `What helps: ${g.changes.length ? `${g.changes.join('; ')}.` : (whatHelps[g.area] ?? 'short, regular practice and praise for each step done alone.')}`,
    );
    const next = g.objectives.find(Boolean);
    t.push(`Next step: ${next ? lowerFirst(next).replace(/\.$/, '') : `keep practising toward ${g.targetCriterion}`}.`);
    if (tips.length) t.push(`In class:\n${tips.map((tip) => `- ${tip}`).join('\n')}`);
    teacher.push(t.join('\n'));

    const f = [plainAreaLabel(g.area)];
    if (now) {
      const then =
        g.measurement === 'prompt'
          ? `${input.name} needed ${helpNeeded(g.baselineValue)}`
          : `it was ${resultWords(g.baselineValue, g.measurement)}`;
      const latest =
        g.measurement === 'prompt' ? `${input.name} needed ${helpNeeded(now.value)}` : `it was ${resultWords(now.value, g.measurement)}`;
      f.push(
        better
          ? `${input.name} is getting better at this. In ${month(g.baselineDate)} ${then}; by ${formatDate(now.date)} ${latest}.`
          : `${input.name} is still working on this. In ${month(g.baselineDate)} ${then}, and on ${formatDate(now.date)} ${latest}. We are trying new ways to help.`,
      );
    } else {
      f.push(`We will start working on this soon.`);
    }
    if (home.length) f.push(`At home you can try:\n${home.map((a) => `- ${a}`).join('\n')}`);
    family.push(f.join('\n'));
  }

  teacher.push(`Questions? Contact ${input.therapist}.`);
  family.push(`Thank you for all you do at home. Please ask if you have questions.\n${input.therapist}, school occupational therapist`);
  return { teacherText: teacher.join('\n\n'), familyText: family.join('\n\n'), goals };
}
