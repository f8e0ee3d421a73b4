// The demo's students who are not yet served are coherent: referred or being evaluated, with no
// plan, service minutes, goals or sessions, and an evaluation in progress for those being evaluated.
import { describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../src/db/demo-data.js';
import { testApp } from '../../helpers/app.js';

const t = await testApp({ demo: true });

describe('the demo district', () => {
  it('has students waiting for services with no plan, and evaluations in progress', { timeout: 60_000 }, async () => {
    await loadDemoData(t.db, t.config.timeZone);
    const waiting = await t.db.student.findMany({
      where: { status: { in: ['referred', 'evaluating'] } },
      include: {
        _count: { select: { goals: true, mandates: true, attendance: true, notes: true, reportDates: true } },
        evaluations: { include: { _count: { select: { assessments: true, findings: true } } } },
      },
    });
    expect(waiting.filter((s) => s.status === 'referred').length).toBeGreaterThanOrEqual(1);
    expect(waiting.filter((s) => s.status === 'evaluating').length).toBeGreaterThanOrEqual(2);
    for (const s of waiting) {
      expect(s, `${s.firstName} ${s.lastName}`).toMatchObject({ planType: 'none', planStart: null, annualReviewDue: null });
      expect(s._count).toEqual({ goals: 0, mandates: 0, attendance: 0, notes: 0, reportDates: 0 });
      if (s.status === 'referred') expect(s.evaluations).toEqual([]);
      else {
        expect(s.evaluations).toHaveLength(1);
        const [e] = s.evaluations;
        expect(e).toMatchObject({ completedAt: null, eligible: null });
        expect(e!.consentDate.getTime()).toBeLessThan(Date.now());
        expect(e!._count.assessments).toBeGreaterThanOrEqual(1);
        expect(e!._count.findings).toBeGreaterThanOrEqual(2);
      }
    }
    // Everyone else has a plan.
    expect(await t.db.student.count({ where: { status: 'active', planType: 'none' } })).toBe(0);
  });
});
