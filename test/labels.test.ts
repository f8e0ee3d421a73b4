// Every enum value has words, and every audit action has words: checked against the generated
// Prisma enums and against the source itself, so a new value or action cannot reach a page raw.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as enums from '../src/generated/prisma/enums.js';
import {
  allAuditActions,
  auditActionLabel,
  auditFilterGroups,
  auditFilterValues,
  auditGroupOf,
  detailWords,
  isAuditAction,
  targetLabel,
} from '../src/features/audit/audit-actions.js';
import { choices, label, labels, mandateWords, personRoleLabel } from '../src/labels.js';
import type { LabelKind } from '../src/labels.js';

/** The runtime enum objects the Prisma generator writes: { value: 'value', ... }. */
const generated = Object.entries(enums as Record<string, unknown>).filter(
  (entry): entry is [string, Record<string, string>] => typeof entry[1] === 'object' && entry[1] !== null,
);

describe('the label tables', () => {
  it('cover every enum of the schema, and only those', () => {
    expect(generated.length).toBeGreaterThanOrEqual(16);
    expect(Object.keys(labels).sort()).toEqual(generated.map(([name]) => name).sort());
  });

  it.each(generated)('%s: every value has words, not the raw value', (name, values) => {
    const table: Record<string, string> = labels[name as LabelKind];
    expect(Object.keys(table).sort()).toEqual(Object.values(values).sort());
    for (const value of Object.values(values)) {
      const words = label(name as LabelKind, value);
      expect(words.trim(), `${name}.${value}`).not.toBe('');
      expect(words, `${name}.${value}`).not.toBe(value);
      expect(words, `${name}.${value}`).not.toMatch(/_/);
      // A code that is not a plain word ("push_in", "plan504") must not show through at all;
      // a plain word ("met", "group") reads as a human label: capitalised, or a phrase.
      if (!/^[a-z]+$/.test(value)) expect(words.toLowerCase(), `${name}.${value}`).not.toContain(value);
      expect(words, `${name}.${value}`).toMatch(/^(?:[A-Z0-9]|a )/);
    }
  });

  it('give form choices in the table order, or a chosen few', () => {
    expect(choices('Grouping')).toEqual([
      { value: 'individual', label: 'Individual' },
      { value: 'group', label: 'Group' },
    ]);
    expect(choices('StudentStatus', ['referred', 'active']).map((c) => c.label)).toEqual(['Referred', 'Receiving services']);
  });

  it('say a mandate and a person in words', () => {
    expect(mandateWords({ minutes: 30, period: 'week', delivery: 'push_in', grouping: 'group' })).toBe(
      '30 minutes a week, in class, group',
    );
    expect(personRoleLabel({ role: 'therapist', assistant: true })).toBe('OT assistant');
    expect(personRoleLabel({ role: 'therapist', assistant: false })).toBe('Occupational therapist');
    expect(personRoleLabel({ role: 'therapist' }, { short: true })).toBe('OT');
    expect(personRoleLabel({ role: 'teacher', assistant: false })).toBe('Teacher');
  });
});

/** Every .ts file under src, except the generated client. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The text of each call that writes to the trail: recordAudit(...), recordBy(...), auditEvent.create(...). */
function auditCalls(text: string): string[] {
  const calls: string[] = [];
  for (const m of text.matchAll(/\b(?:recordAudit|recordBy|auditEvent\.create)\(/g)) {
    let depth = 0;
    let i = m.index + m[0].length - 1;
    for (; i < text.length; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')' && --depth === 0) break;
    }
    calls.push(text.slice(m.index, i + 1));
  }
  return calls;
}

/** The action strings written to the trail: `action: '...'` literals in those calls (both arms of a ternary too). */
function auditActionsInSource(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles(join(import.meta.dirname, '..', 'src'))) {
    for (const call of auditCalls(readFileSync(file, 'utf8'))) {
      for (const match of call.matchAll(/\baction:\s*([^,\n}]+)/g)) {
        for (const literal of (match[1] ?? '').matchAll(/'([a-z_]+(?:\.[a-z_]+)*)'/g)) found.set(literal[1]!, file);
      }
    }
  }
  return found;
}

describe('the audit actions', () => {
  it('every action the source records has words in the table', () => {
    const found = auditActionsInSource();
    expect(found.size).toBeGreaterThanOrEqual(40);
    const missing = [...found].filter(([action]) => !isAuditAction(action)).map(([action, file]) => `${action} (${file})`);
    expect(missing).toEqual([]);
  });

  it('each reads as words, belongs to a filter group, and can be filtered on', () => {
    for (const action of allAuditActions) {
      expect(auditActionLabel(action)).toMatch(/^[A-Z][^_]*$/);
      expect(auditGroupOf(action), action).toBeDefined();
      expect(auditFilterValues).toContain(action);
    }
    expect(new Set(auditFilterValues).size).toBe(auditFilterValues.length);
    for (const group of auditFilterGroups) for (const option of group.options) expect(option.label).not.toMatch(/_/);
  });

  it('say the detail and the record in words', () => {
    expect(detailWords('student.session.logged', JSON.stringify({ attendance: 'student_absent', dataPoints: 0 }))).toBe(
      'student absent, 0 data points',
    );
    expect(detailWords('student.goal.status', '{"status":"discontinued"}')).toBe('now discontinued');
    expect(detailWords('student.evaluation.findings', '{"step":"family"}')).toBe('step: talking with the family');
    expect(detailWords('user.updated', '{"fields":"role,assistant","role":"therapist"}')).toBe(
      'changed role, OT assistant, as occupational therapist',
    );
    expect(detailWords('sign_in.failure', '{"reason":"unknown_account"}')).toBe('no account has that email');
    expect(detailWords('access.denied', '{"action":"goal.view"}', () => 'See goals')).toBe('to see goals');
    expect(detailWords('user.created', 'not json')).toBe('');
    expect(targetLabel('progress_code', '3')).toBe('progress code 3');
    expect(targetLabel('note', '12')).toBe('progress note 12');
  });
});
