// Drafting a progress note from the data, with rules and templates written by us (no outside
// service). Each goal gets what the child can do now, with numbers and dates, compared with the
// baseline and the last report; the progress code; what helps; the next step; and one to three
// things to do in class (teacher) or at home (family). Strengths first; about growing skills.
// Every number comes from progress/levels.ts, the same place the graph's caption takes it from.
import { formatDate } from '../../web/view-helpers.js';
import { plainAreaLabel } from '../goals/goal-areas.js';
import type { CodeMeaning, GoalFrame } from '../progress/progress.math.js';
import { direction, suggestCode, trendOf } from '../progress/progress.math.js';
import type { LevelPoint, UnitGoal } from '../progress/levels.js';
import { amountWords, beyond, durationInMinutes, helpNeeded, helpWords, levelSentences, levelsOf } from '../progress/levels.js';
import { classroomTips, homeActivities, whatHelps } from './tips.js';

type DraftGoal = GoalFrame & {
  id: number;
  area: string;
  statement: string;
  measurement: string;
  targetCriterion: string;
  objectives: string[];
  changes: string[];
  points: LevelPoint[];
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

/** The help needed at a prompt level: "a spoken reminder" (levels.ts holds the words). */
export { helpNeeded };

/**
 * A single result in words, for a session's response line, where the goal's wording is not at hand:
 * percentages whole, tries as a percent (the tally is not known here), prompt levels as the help.
 */
export function resultWords(value: number, measurement: string): string {
  const n = Math.round(value);
  switch (measurement) {
    case 'percent':
      return `${n}% accuracy`;
    case 'trials':
      return `${n}% of tries`;
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

// ---------------------------------------------------------------------------------------------
// Words that follow the code. Each meaning has its sentence; each sentence makes claims ("on
// track", "has not moved") that only some meanings allow. The draft writes only sentences its code
// allows, and `codeMismatch` finds a goal's text that says what its (possibly changed) code does not.

/** A claim a sentence can make about a goal, and the meanings of a code that allow it. */
const claims: { pattern: RegExp; fits: CodeMeaning[]; says: string }[] = [
  { pattern: /\b(has reached|reached this goal|has met|met this goal|mastered)\b/i, fits: ['mastered'], says: 'the goal is reached' },
  {
    pattern: /\b(getting better|on track|steady progress|going up|needing less help|improving)\b/i,
    fits: ['mastered', 'expected', 'may_not_meet'],
    says: 'the skill is improving',
  },
  { pattern: /\b(more slowly than planned|may not (meet|reach))\b/i, fits: ['may_not_meet'], says: 'the goal may not be met in time' },
  {
    pattern: /\b(not making progress|no progress|not moved|not improving|slipped|about the same)\b/i,
    fits: ['no_progress'],
    says: 'there is no progress',
  },
  {
    pattern: /\b(not (yet )?started|not yet addressed|start working on this)\b/i,
    fits: ['not_addressed'],
    says: 'work has not started',
  },
];

/**
 * Whether a goal's text says something its progress code does not: "getting better" under "Not
 * making progress", "on track" under "Not yet addressed". For the note editor, which blocks
 * finalising while any goal's text and code disagree (notes.routes.ts); use `goalSections` to cut
 * a note's text into its goals. Returns the first contradiction in words, or null.
 */
export function codeContradiction(goalText: string, meaning: CodeMeaning): string | null {
  const clash = claims.find((c) => c.pattern.test(goalText) && !c.fits.includes(meaning));
  return clash ? `the text says ${clash.says}` : null;
}

/** True when a goal's text and its code's meaning disagree (see codeContradiction, which says how). */
export function codeMismatch(goalText: string, meaning: CodeMeaning): boolean {
  return codeContradiction(goalText, meaning) !== null;
}

/**
 * A drafted note's text cut into its goals, in order: each goal's block starts with its heading
 * line (the area's plain name, `goalHeading`). A goal whose heading was removed gets ''.
 */
export function goalSections(text: string, areas: string[]): string[] {
  const blocks = text.split(/\n\s*\n/);
  let from = 0;
  return areas.map((area) => {
    const heading = goalHeading(area);
    const at = blocks.findIndex((b, i) => i >= from && b.trim().split('\n')[0]!.trim() === heading);
    if (at < 0) return '';
    from = at + 1;
    const end = blocks.findIndex((b, i) => i > at && areas.some((a) => b.trim().split('\n')[0]!.trim() === goalHeading(a)));
    return blocks.slice(at, end < 0 ? undefined : end).join('\n\n');
  });
}

/** A goal's heading in a teacher's or family's copy: the area's plain name (no glossary term). */
export const goalHeading = (area: string) => plainAreaLabel(area);

type Way = 'better' | 'flat' | 'worse' | null;

/**
 * What a code means for this goal, in a sentence for the teacher or the family, qualified by the
 * trend only where the two agree. Only sentences `codeMismatch` allows for the meaning.
 */
export function codeSentence(meaning: CodeMeaning, name: string, way: Way, lowerIsBetter: boolean): string {
  const rising = lowerIsBetter ? `${name} is needing less help over time.` : 'The results are going up over time.';
  switch (meaning) {
    case 'mastered':
      return `${name} has reached this goal.`;
    case 'expected':
      return `${name} is on track to meet this goal.${way === 'better' ? ` ${rising}` : ''}`;
    case 'may_not_meet':
      return `${name} is moving toward this goal, but more slowly than planned.`;
    case 'no_progress':
      return `The results have not moved toward the goal yet${way === 'worse' ? ', and lately they slipped' : ''}. We are trying new ways to help.`;
    case 'not_addressed':
      return `We have not started work on this goal yet.`;
  }
}

// ---------------------------------------------------------------------------------------------
// The next step: always past where the child is now, in the goal's direction, and not past the target.

/** The number an objective states, on the goal's scale: "Reach 58% ..." -> 58, "Need only a spoken reminder" -> 2. */
function objectiveValue(text: string, goal: UnitGoal): number | null {
  if (goal.measurement === 'prompt') {
    const found = helpWords
      .map((w, level) => ({ level, at: text.toLowerCase().indexOf(w) }))
      .filter((x) => x.at >= 0)
      .sort((a, b) => helpWords[b.level]!.length - helpWords[a.level]!.length);
    return found[0]?.level ?? null;
  }
  const pct = /(\d+(?:\.\d+)?)\s*%/.exec(text);
  if (pct && (goal.measurement === 'percent' || goal.measurement === 'trials')) return Number(pct[1]);
  const mins = /(\d+(?:\.\d+)?)\s*minutes?/i.exec(text);
  if (mins && goal.measurement === 'duration') return Number(mins[1]) * 60;
  const num = /(\d+(?:\.\d+)?)/.exec(text);
  return num ? Number(num[1]) : null;
}

function stepToward(now: number, goal: UnitGoal & GoalFrame, dir: 1 | -1): number {
  const target = goal.targetValue;
  if (goal.measurement === 'prompt') return Math.max(target, Math.ceil(now) - 1);
  if (goal.measurement === 'steps' || goal.measurement === 'rubric')
    return dir > 0 ? Math.min(target, Math.floor(now) + 1) : Math.max(target, Math.ceil(now) - 1);
  const half = now + (target - now) / 2;
  const unit = goal.measurement === 'duration' ? (durationInMinutes(goal) ? 30 : 1) : goal.measurement === 'count' ? 1 : 5;
  const snapped = dir > 0 ? Math.ceil(half / unit) * unit : Math.floor(half / unit) * unit;
  const step = beyond(snapped, now, dir) ? snapped : half;
  return dir > 0 ? Math.min(target, step) : Math.max(target, step);
}

function nextStep(goal: DraftGoal, now: number | null): string {
  const dir = direction(goal);
  const from = now ?? goal.baselineValue;
  if (!beyond(goal.targetValue, from, dir)) return 'use the skill in everyday class tasks, with less practice in therapy';
  const objective = goal.objectives.find((o) => {
    const v = objectiveValue(o, goal);
    return v !== null && beyond(v, from, dir);
  });
  if (objective) return lowerFirst(objective).replace(/\.$/, '');
  const step = stepToward(from, goal, dir);
  return goal.measurement === 'prompt'
    ? `need only ${helpNeeded(step)}, on the way to the goal`
    : `reach ${amountWords(step, goal)}, on the way to the goal`;
}

// ---------------------------------------------------------------------------------------------

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export function draftNote(input: DraftInput): Draft {
  const teacher: string[] = [
    `${input.title}: ${input.name}`,
    `Occupational therapy (OT) progress from ${formatDate(input.periodStart)} to ${formatDate(input.periodEnd)}. Written by ${input.therapist}.`,
  ];
  const family: string[] = [
    `Dear family,`,
    `Here is how ${input.name} is doing in occupational therapy (OT) at school, up to ${formatDate(input.periodEnd)}. OT helps with school skills like writing, cutting, moving and staying calm.`,
  ];
  const goals: Draft['goals'] = [];

  for (const g of input.goals) {
    const points = g.points.filter((p) => p.date <= input.periodEnd);
    const suggestion = suggestCode(g, points);
    goals.push({ goalId: g.id, meaning: suggestion.meaning });
    const dir = direction(g);
    const levels = levelsOf(points);
    const said = levelSentences(levels, g);
    const previous = input.previousReport ? levelsOf(points, input.previousReport) : null;
    const trend = trendOf(g, points);
    const way: Way = trend ? (dir * trend.perWeek > 0 ? 'better' : Math.abs(trend.perWeek) < 0.05 ? 'flat' : 'worse') : null;
    const now = levels.typical?.value ?? levels.latest?.value ?? null;
    const start = `At the start (${formatDate(g.baselineDate)}): ${amountWords(g.baselineValue, g)}.`;
    const atLastReport =
      previous?.typical || previous?.latest
        ? `At the last report: ${amountWords(previous.typical?.value ?? previous.latest!.value, g)}.`
        : null;
    const numbers = levels.latest
      ? [start, atLastReport, said.latest, said.typical].filter(Boolean).join(' ')
      : `No results were taken for this goal in this period. ${start}`;
    const tips = (classroomTips[g.area] ?? []).slice(0, 3);
    const home = (homeActivities[g.area] ?? []).slice(0, 2);
    const lowerIsBetter = dir < 0;

    const t = [
      goalHeading(g.area),
      `${input.name} ${g.statement.replace(/^will\s+/i, 'is working to ')}`.replace(/\.?\s*$/, '.'),
      `Progress code: ${input.codeLabel(suggestion.meaning)}. ${codeSentence(suggestion.meaning, input.name, way, lowerIsBetter)}`,
      numbers,
      `The goal: ${g.targetCriterion.replace(/\.$/, '')}, by ${formatDate(g.targetDate)}.`,
      `What helps: ${g.changes.length ? `${g.changes.join('; ')}.` : (whatHelps[g.area] ?? 'short, regular practice and praise for each step done alone.')}`,
      `Next step: ${nextStep(g, now)}.`,
    ];
    if (tips.length) t.push(`In class:\n${tips.map((tip) => `- ${tip}`).join('\n')}`);
    teacher.push(t.join('\n'));

    const f = [goalHeading(g.area), codeSentence(suggestion.meaning, input.name, way, lowerIsBetter)];
    if (levels.latest) f.push([start, said.latest, said.typical].filter(Boolean).join(' '));
    if (home.length) f.push(`At home you can try:\n${home.map((a) => `- ${a}`).join('\n')}`);
    family.push(f.join('\n'));
  }

  teacher.push(`Questions? Contact ${input.therapist}.`);
  family.push(`Thank you for all you do at home. Please ask if you have questions.\n${input.therapist}, school OT`);
  return { teacherText: teacher.join('\n\n'), familyText: family.join('\n\n'), goals };
}
