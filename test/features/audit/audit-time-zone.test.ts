// The audit trail's times: exact in UTC for programs, and on the district's clock for people.
import { beforeAll, describe, expect, it } from 'vitest';
import { auditCsvColumns, localDateTime, recordAudit } from '../../../src/features/audit/audit.service.js';
import { signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp({ env: { TIME_ZONE: 'America/New_York' } });
let admin: Awaited<ReturnType<typeof signedIn>>;

/** The CSV's rows as records by header (no cell here holds a comma, quote or line break). */
function records(text: string) {
  const [header, ...rows] = text
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean)
    .map((line) => line.split(','));
  return { header: header!, rows: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]]))) };
}

beforeAll(async () => {
  admin = await signedIn(t.app, (await user(t.db, 'admin')).email);
  for (const [email, at] of [
    ['winter@tandem.example', '2026-11-30T20:05:00.000Z'], // EST, UTC-5
    ['summer@tandem.example', '2026-07-01T03:30:00.000Z'], // EDT, UTC-4: the day before, locally
  ] as const) {
    await recordAudit(t.db, { action: 'sign_out', actorEmail: email });
    await t.db.auditEvent.updateMany({ where: { actorEmail: email }, data: { at: new Date(at) } });
  }
});

describe('times in the audit trail CSV', () => {
  it('gives each entry in UTC (ISO 8601) and on the district clock, the zone named in the header', async () => {
    const res = await admin.agent.get('/admin/audit.csv?action=sign_out');
    expect(res.status).toBe(200);
    const { header, rows } = records(res.text);
    expect(header.slice(0, 3)).toEqual(['When (UTC)', 'Local time (America/New_York)', 'Who']);
    const winter = rows.find((r) => r.Who === 'winter@tandem.example')!;
    expect(winter['When (UTC)']).toBe('2026-11-30T20:05:00.000Z');
    expect(winter['Local time (America/New_York)']).toBe('2026-11-30 15:05');
    const summer = rows.find((r) => r.Who === 'summer@tandem.example')!;
    expect(summer['When (UTC)']).toBe('2026-07-01T03:30:00.000Z');
    expect(summer['Local time (America/New_York)']).toBe('2026-06-30 23:30');
  });

  it('reads the wall clock of any zone, whatever the server’s own', () => {
    expect(localDateTime(new Date('2026-11-30T20:05:00Z'), 'UTC')).toBe('2026-11-30 20:05');
    expect(localDateTime(new Date('2026-03-08T07:30:00Z'), 'America/Los_Angeles')).toBe('2026-03-07 23:30');
    expect(localDateTime(new Date('2026-03-08T10:30:00Z'), 'America/Los_Angeles')).toBe('2026-03-08 03:30');
  });

  it('never names two columns the same, even where the district keeps UTC', () => {
    const header = auditCsvColumns('UTC');
    expect(header.slice(0, 2)).toEqual(['When (UTC)', 'Local time (UTC)']);
    expect(new Set(header).size).toBe(header.length);
  });

  it('the viewer says its times are UTC and names the district’s zone', async () => {
    const page = await admin.agent.get('/admin/audit?action=sign_out');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<th scope="col">When (UTC)</th>');
    expect(page.text).toContain('are in UTC (coordinated universal time)');
    expect(page.text).toContain('the district’s time zone, America/New_York.');
  });
});
