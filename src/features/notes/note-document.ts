// A note's text read as a document: each goal's part under its own heading, lines that start with
// "- " (or "•", "*") as short lists, everything else as paragraphs. The text stays plain: the view
// escapes every piece, nothing here builds markup. The same reading finds each goal's own words, so
// finalising can check that they agree with the goal's progress code.
import type { CodeMeaning } from '../../generated/prisma/enums.js';
import { areaLabel, plainAreaLabel } from '../goals/goal-areas.js';
import { codeContradiction } from './drafting.js';

export type Block = { kind: 'paragraph'; text: string } | { kind: 'list'; lead: string | null; items: string[] };

/** A goal's part of the text (goalId set), or text around the goals (goalId null). */
export type Part = { goalId: number | null; heading: string | null; blocks: Block[] };

type GoalRef = { goalId: number; goal: { area: string } };

const bullet = /^\s*(?:[-•*–]\s+)(.*)$/;
const norm = (s: string) => s.trim().replace(/[:.]$/, '').trim().toLowerCase();

/** The lines of one chunk as paragraphs and lists; a line ending in ":" just before a list leads it. */
function blocksOf(lines: string[]): Block[] {
  const blocks: Block[] = [];
  for (const line of lines) {
    const item = bullet.exec(line);
    const last = blocks[blocks.length - 1];
    if (item) {
      const text = item[1]!.trim();
      if (!text) continue;
      if (last?.kind === 'list') last.items.push(text);
      else if (last?.kind === 'paragraph' && last.text.endsWith(':'))
        blocks[blocks.length - 1] = { kind: 'list', lead: last.text, items: [text] };
      else blocks.push({ kind: 'list', lead: null, items: [text] });
    } else if (line.trim()) {
      blocks.push({ kind: 'paragraph', text: line.trim() });
    }
  }
  return blocks;
}

/**
 * Splits a note's text into parts. A chunk (text between blank lines) whose first line is a goal's
 * area name starts that goal's part; two goals in one area take their headings in order. Other chunks
 * are text around the goals.
 */
export function noteParts(text: string, goals: GoalRef[]): Part[] {
  const parts: Part[] = [];
  const open = [...goals];
  for (const chunk of text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n+/)) {
    const lines = chunk.split('\n');
    const first = norm(lines[0] ?? '');
    const index = first ? open.findIndex((g) => norm(plainAreaLabel(g.goal.area)) === first || norm(areaLabel(g.goal.area)) === first) : -1;
    if (index >= 0) {
      const [goal] = open.splice(index, 1);
      parts.push({ goalId: goal!.goalId, heading: lines[0]!.trim().replace(/:$/, ''), blocks: blocksOf(lines.slice(1)) });
      continue;
    }
    const blocks = blocksOf(lines);
    if (!blocks.length) continue;
    const last = parts[parts.length - 1];
    if (last && last.goalId === null) last.blocks.push(...blocks);
    else parts.push({ goalId: null, heading: null, blocks });
  }
  return parts;
}

/** A goal's own words in a text: its part, or the whole text for a note about one goal. */
export function goalWords(text: string, goals: GoalRef[], goalId: number): string | null {
  const part = noteParts(text, goals).find((p) => p.goalId === goalId);
  if (part) return part.blocks.map((b) => (b.kind === 'paragraph' ? b.text : [b.lead ?? '', ...b.items].join('\n'))).join('\n');
  return goals.length === 1 ? text : null;
}

const namesCode = /^progress code:\s*(.+)$/im;

/**
 * Why a goal's words contradict the code chosen for it, or null: the words name another code
 * ("Progress code: ..."), or claim what the code's meaning does not allow (drafting.ts's
 * `codeContradiction`: "getting better" under "Not making progress").
 */
export function wordsContradictCode(words: string, code: { label: string; meaning: CodeMeaning }): string | null {
  const named = namesCode.exec(words)?.[1]?.trim();
  if (named && !named.toLowerCase().startsWith(code.label.trim().toLowerCase()))
    return `the text names another code (“${named.split(/\.(\s|$)/)[0]}”)`;
  return codeContradiction(words, code.meaning);
}

type NoteGoal = GoalRef & { code: { label: string; meaning: CodeMeaning } | null; reason: string };
type GoalGraph = { caption: string; rows: { date: Date; result: string }[] };

/** A part of the note as the page shows it: a goal's part carries its code and, in the teacher version, its graph. */
export type Section<G extends NoteGoal, C extends GoalGraph> = Part & { goal: G | null; graph: C | null };

/**
 * One version of a note as a document. With graphs (the teacher version), a goal the words never
 * mention still gets its heading, code and graph, after the rest.
 */
export function noteDocument<G extends NoteGoal, C extends GoalGraph>(
  text: string,
  goals: G[],
  graphs: Map<number, C> | null,
): Section<G, C>[] {
  const parts = noteParts(text, goals);
  const sections = parts.map((p) => {
    const goal = p.goalId === null ? null : (goals.find((g) => g.goalId === p.goalId) ?? null);
    return { ...p, goal, graph: goal && graphs ? (graphs.get(goal.goalId) ?? null) : null };
  });
  if (graphs) {
    for (const goal of goals) {
      if (parts.some((p) => p.goalId === goal.goalId)) continue;
      sections.push({
        goalId: goal.goalId,
        heading: plainAreaLabel(goal.goal.area),
        blocks: [],
        goal,
        graph: graphs.get(goal.goalId) ?? null,
      });
    }
  }
  return sections;
}
