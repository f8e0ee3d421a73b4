import { beforeAll, describe, expect, it } from 'vitest';
import { signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
type Session = Awaited<ReturnType<typeof signedIn>>;
let admin: Session;
let ot: Session;

beforeAll(async () => {
  admin = await signedIn(t.app, (await user(t.db, 'admin')).email);
  ot = await signedIn(t.app, (await user(t.db, 'therapist')).email);
});

const add = (fields: Record<string, string>) =>
  admin.agent
    .post('/admin/reporting-periods')
    .type('form')
    .send({ _csrf: admin.csrf, ...fields });

describe('reporting periods', () => {
  it('are set by an admin, from the admin menu, and audited', async () => {
    const page = await admin.agent.get('/admin/reporting-periods');
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/admin/reporting-periods"');
    const res = await add({ name: 'First progress report', startDate: '2026-09-01', endDate: '2026-11-20' });
    expect(res.status).toBe(303);
    const list = await admin.agent.get('/admin/reporting-periods');
    expect(list.text).toContain('First progress report');
    expect(list.text).toContain('Nov 20, 2026');
    expect(await t.db.auditEvent.count({ where: { action: 'reporting_period.created' } })).toBe(1);
  });

  it('are checked beside each field: a name, real dates, an end after the start', async () => {
    const res = await add({ name: '', startDate: '2027-02-30', endDate: '2027-01-01' });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="field-name-error" class="field-error">[^<]+/);
    expect(res.text).toContain('id="field-startDate-error"');
    expect(res.text).toContain('is not a real date');
    const backwards = await add({ name: 'Backwards', startDate: '2027-03-01', endDate: '2027-02-01' });
    expect(backwards.status).toBe(422);
    expect(backwards.text).toContain('The period ends after it starts');
  });

  it('may not overlap another period, and say which one', async () => {
    const res = await add({ name: 'Second progress report', startDate: '2026-11-15', endDate: '2027-02-20' });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="field-startDate-error" class="field-error">Overlaps “First progress report”/);
    expect(res.text).toContain('value="Second progress report"');
    const around = await add({ name: 'Around', startDate: '2026-08-01', endDate: '2026-12-01' });
    expect(around.status).toBe(422);
    expect(around.text).toContain('id="field-endDate-error"');
    expect(await t.db.reportingPeriod.count()).toBe(1);
    const next = await add({ name: 'Second progress report', startDate: '2026-11-21', endDate: '2027-02-20' });
    expect(next.status).toBe(303);
    expect(await t.db.reportingPeriod.count()).toBe(2);
  });

  it('are removed by an admin only; a therapist is refused', async () => {
    const p = await t.db.reportingPeriod.findFirstOrThrow({ where: { name: 'Second progress report' } });
    expect((await ot.agent.get('/admin/reporting-periods')).status).toBe(403);
    expect((await ot.agent.post(`/admin/reporting-periods/${p.id}/remove`).type('form').send({ _csrf: ot.csrf })).status).toBe(403);
    expect((await admin.agent.post(`/admin/reporting-periods/${p.id}/remove`).type('form').send({ _csrf: admin.csrf })).status).toBe(303);
    expect(await t.db.reportingPeriod.count()).toBe(1);
  });
});
