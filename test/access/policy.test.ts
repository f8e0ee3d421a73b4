// The policy table is the one place roles are decided; the README's table is printed from it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actorOf, allActions, can, policy, rolesTable } from '../../src/access/policy.js';

const ot = { role: 'therapist', assistant: false } as const;
const ota = { role: 'therapist', assistant: true } as const;
const teacher = { role: 'teacher', assistant: false } as const;
const admin = { role: 'admin', assistant: false } as const;

describe('the policy', () => {
  it('tells an OT from an OT assistant by the assistant flag', () => {
    expect(actorOf(ot)).toBe('ot');
    expect(actorOf(ota)).toBe('ota');
    expect(actorOf(teacher)).toBe('teacher');
    expect(actorOf(admin)).toBe('admin');
  });

  it('gives every action to someone, and nothing to nobody', () => {
    for (const action of allActions) expect(policy[action].who.length, action).toBeGreaterThan(0);
    expect(can(null, 'student.view')).toBe(false);
  });

  it('keeps goals, mandates, evaluations, notes and referrals with the OT', () => {
    for (const action of ['goal.change', 'mandate.change', 'evaluation.change', 'note.draft', 'note.finalize', 'concern.refer'] as const) {
      expect(can(ot, action), action).toBe(true);
      expect(can(ota, action), action).toBe(false);
      expect(can(admin, action), action).toBe(false);
      expect(can(teacher, action), action).toBe(false);
    }
  });

  it('lets an assistant log sessions and read the records they work from, and a teacher only their side', () => {
    expect(can(ota, 'session.log')).toBe(true);
    expect(can(ota, 'goal.view')).toBe(true);
    expect(can(teacher, 'session.view')).toBe(false);
    expect(can(teacher, 'goal.view')).toBe(false);
    expect(can(teacher, 'note.family')).toBe(false);
    expect(can(teacher, 'strategy.feedback')).toBe(true);
  });

  it("is the README's roles table, word for word", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(rolesTable());
  });
});
