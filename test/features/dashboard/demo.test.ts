// The home page over the demo district: every kind of user gets their start page, in words (no
// stored code such as "therapist_absent" reaches the page), with every section there.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoAccounts, loadDemoData } from '../../../src/db/demo-data.js';
import { signedIn, testApp } from '../../helpers/app.js';

const t = await testApp({ demo: true });

beforeAll(async () => {
  await loadDemoData(t.db, t.config.timeZone);
}, 120_000);

/** The words a person reads: no head, tags or attributes. */
const visible = (html: string) =>
  html
    .replace(/<head[\s\S]*?<\/head>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ');

async function homeOf(email: string) {
  const s = await signedIn(t.app, email, DEMO_PASSWORD);
  const res = await s.agent.get('/');
  return res;
}

describe('the demo district’s home pages', () => {
  it.each([
    ['an OT', demoAccounts.therapists[0].email],
    ['an OT assistant', demoAccounts.assistant.email],
  ])('show %s every section, in words', async (_who, email) => {
    const res = await homeOf(email);
    expect(res.status).toBe(200);
    for (const heading of [
      'Today, ',
      'Minutes against mandates',
      'Make-ups owed',
      'Due soon and overdue',
      'Needs attention',
      'New since you last looked',
      'Workload this week',
    ]) {
      expect(res.text).toContain(heading);
    }
    expect(visible(res.text).match(/(?<![\w.@/-])[a-z]+_[a-z_]+(?![\w@-])/g)).toBeNull();
  });

  it('shows a teacher their news and students, in words', async () => {
    const teacher = await t.db.user.findFirstOrThrow({ where: { role: 'teacher', classes: { some: {} } } });
    const res = await homeOf(teacher.email);
    expect(res.status).toBe(200);
    expect(res.text).toContain('New for you');
    expect(res.text).toContain('href="/students"');
    expect(visible(res.text).match(/(?<![\w.@/-])[a-z]+_[a-z_]+(?![\w@-])/g)).toBeNull();
  });
});
