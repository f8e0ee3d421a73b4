// The audit trail as CSV (the viewer's filters, its words, safe to open in a spreadsheet) and the
// district's retention: the setting on the settings page, and the daily clean-up it drives.
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { districtSettings } from '../../../src/features/admin/settings.service.js';
import { auditCsvPages, monthsBefore, pruneAudit, recordAudit } from '../../../src/features/audit/audit.service.js';
import { makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
type Session = Awaited<ReturnType<typeof signedIn>>;
let admin: Session;
let ot: Session;
let studentId: number;

/** The file read as a spreadsheet would (csv-parse, as the roster import reads files). */
function parseCsv(text: string): string[][] {
  return parse(text, { relax_column_count: true });
}

function records(text: string) {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  return { header: header!, rows: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]]))) };
}

const monthsAgo = (months: number, days = 0) => new Date(monthsBefore(new Date(), months).getTime() - days * 86_400_000);

beforeAll(async () => {
  admin = await signedIn(t.app, (await user(t.db, 'admin', { name: 'Lead Admin', email: 'lead@tandem.example' })).email);
  ot = await signedIn(t.app, (await user(t.db, 'therapist')).email);
  const school = await makeSchool(t.db);
  const teacher = await user(t.db, 'teacher', { name: 'Audit Teacher', email: 'audit.teacher@tandem.example' });
  const student = await makeStudent(t.db, { schoolId: school.id, teacherIds: [teacher.id], firstName: 'Mia', lastName: 'Lopez' });
  studentId = student.id;
  expect((await (await signedIn(t.app, teacher.email)).agent.get(`/students/${student.id}`)).status).toBe(200);
});

describe('the audit trail as CSV', () => {
  it('is offered on the viewer with the filters in use', async () => {
    const page = await admin.agent.get('/admin/audit?action=student.view&from=2026-01-01');
    expect(page.text).toContain('href="/admin/audit.csv?action=student.view&amp;from=2026-01-01"');
    expect(page.text).toContain('Download CSV');
  });

  it("holds the entries the viewer's filters match, in the viewer's words, and the download is audited", async () => {
    const res = await admin.agent.get('/admin/audit.csv?action=student.view&actor=audit.teacher%40tandem.example');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-trail-\d{4}-\d{2}-\d{2}\.csv"$/);
    // The file's start as text, so a failure shows it (a header left blank was once found this way).
    expect(res.text.slice(0, 300)).toMatch(/^\uFEFFWhen \(UTC\),/);
    const { header, rows } = records(res.text);
    expect(header).toEqual([
      'When (UTC)',
      `Local time (${t.config.timeZone})`,
      'Who',
      'Email',
      'Action',
      'Student',
      'Record',
      'From address',
      'Details',
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      Who: 'Audit Teacher',
      Email: 'audit.teacher@tandem.example',
      Action: 'Viewed a student',
      Student: 'Mia Lopez',
    });
    expect(rows[0]!['When (UTC)']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const exported = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'audit.exported' }, orderBy: { id: 'desc' } });
    expect(JSON.parse(exported.detail!)).toEqual({ filters: 'actor,action', rows: 1 });
    const viewer = await admin.agent.get('/admin/audit?action=audit.exported');
    expect(viewer.text).toContain('Downloaded the audit trail (CSV)');
    expect(viewer.text).toContain('filtered by person, what, 1 row');
  });

  it('leaves out what the filters leave out, and is empty for a person with no account', async () => {
    const signIns = records((await admin.agent.get('/admin/audit.csv?action=sign_in')).text).rows;
    expect(signIns.length).toBeGreaterThan(0);
    expect(signIns.every((r) => r.Action!.startsWith('Signed in') || r.Action!.startsWith('Sign-in'))).toBe(true);
    expect(
      records((await admin.agent.get(`/admin/audit.csv?student=${studentId}`)).text).rows.every((r) => r.Student === 'Mia Lopez'),
    ).toBe(true);
    const nobody = await admin.agent.get('/admin/audit.csv?actor=nobody%40tandem.example');
    expect(records(nobody.text).rows).toHaveLength(0);
  });

  it('neutralises a cell a spreadsheet would read as a formula', async () => {
    await recordAudit(t.db, {
      action: 'sign_in.failure',
      actorEmail: '=HYPERLINK("http://evil.example","x")',
      ip: '@1.2.3.4',
      detail: { reason: 'unknown_account' },
    });
    const { rows } = records((await admin.agent.get('/admin/audit.csv?action=sign_in.failure')).text);
    const row = rows.find((r) => r.Who!.includes('HYPERLINK'))!;
    expect(row.Who).toBe('\'=HYPERLINK("http://evil.example","x")');
    expect(row['From address']).toBe("'@1.2.3.4");
    expect(row.Details).toBe('no account has that email');
  });

  it('reads the trail a page at a time by id, every entry once, newest first', async () => {
    const all = await t.db.auditEvent.findMany({ orderBy: { id: 'desc' }, select: { at: true } });
    const paged: string[] = [];
    let pages = 0;
    for await (const page of auditCsvPages(t.db, {}, { timeZone: t.config.timeZone, pageSize: 3 })) {
      pages++;
      expect(page.length).toBeLessThanOrEqual(3);
      paged.push(...page.map((r) => r[0]!));
    }
    expect(pages).toBe(Math.ceil(all.length / 3));
    expect(paged).toEqual(all.map((e) => e.at.toISOString()));
  });

  it('is refused to an OT (403), and the refusal audited', async () => {
    const res = await ot.agent.get('/admin/audit.csv');
    expect(res.status).toBe(403);
    expect(res.text).not.toContain('When (UTC)');
    expect(await t.db.auditEvent.count({ where: { action: 'access.denied', targetId: '/admin/audit.csv' } })).toBe(1);
  });
});

describe('audit retention', () => {
  const save = (auditRetentionMonths: string) =>
    admin.agent.post('/admin/settings').type('form').send({ _csrf: admin.csrf, auditRetentionMonths });

  it('starts empty (keep forever) and takes 12 to 120 months, with the message next to the field', async () => {
    expect((await districtSettings(t.db)).auditRetentionMonths).toBeNull();
    const page = await admin.agent.get('/admin/settings');
    expect(page.text).toContain('<label for="field-auditRetentionMonths">Keep audit entries for (months)</label>');
    for (const [typed, message] of [
      ['6', 'Keep entries for at least 12 months, or leave it empty to keep them forever'],
      ['121', 'Use at most 120 months (10 years), or leave it empty to keep entries forever'],
      ['two years', 'Enter the months as a whole number, or leave it empty to keep entries forever'],
    ]) {
      const res = await save(typed!);
      expect(res.status).toBe(422);
      expect(res.text).toContain(`<small id="field-auditRetentionMonths-error" class="field-error">${message}</small>`);
      expect(res.text).toContain(`value="${typed}"`);
      expect(res.text).toMatch(/name="auditRetentionMonths"[^>]*aria-invalid="true"/);
    }
    expect((await districtSettings(t.db)).auditRetentionMonths).toBeNull();

    expect((await save('24')).status).toBe(303);
    expect((await districtSettings(t.db)).auditRetentionMonths).toBe(24);
    const change = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'settings.changed' }, orderBy: { id: 'desc' } });
    expect(JSON.parse(change.detail!)).toEqual({ auditRetentionMonths: 24 });
    expect((await admin.agent.get('/admin/audit?action=settings.changed')).text).toContain('audit entries kept for 24 months');

    expect((await save('')).status).toBe(303);
    expect((await districtSettings(t.db)).auditRetentionMonths).toBeNull();
  });

  it('keeps everything while no retention is set', async () => {
    await recordAudit(t.db, { action: 'sign_out', actorEmail: 'ancient@tandem.example' });
    await t.db.auditEvent.updateMany({ where: { actorEmail: 'ancient@tandem.example' }, data: { at: monthsAgo(200) } });
    expect(await pruneAudit(t.db)).toBe(0);
    expect(await t.db.auditEvent.count({ where: { actorEmail: 'ancient@tandem.example' } })).toBe(1);
  });

  it('deletes only entries older than the retention, keeps earlier clean-ups, and records itself once with the count', async () => {
    expect((await save('12')).status).toBe(303);
    const at = async (email: string, when: Date, action: 'sign_out' | 'audit.pruned' = 'sign_out') => {
      await recordAudit(t.db, { action, actorEmail: email });
      await t.db.auditEvent.updateMany({ where: { actorEmail: email }, data: { at: when } });
    };
    await at('old-1@tandem.example', monthsAgo(12, 1));
    await at('old-2@tandem.example', monthsAgo(30));
    await at('recent@tandem.example', monthsAgo(11));
    await at('cleanup@tandem.example', monthsAgo(40), 'audit.pruned');
    const total = await t.db.auditEvent.count();

    expect(await pruneAudit(t.db)).toBe(3); // the two old ones and the "ancient" one
    const left = await t.db.auditEvent.findMany({ select: { actorEmail: true } });
    const emails = left.map((e) => e.actorEmail);
    expect(emails).toEqual(expect.arrayContaining(['recent@tandem.example', 'cleanup@tandem.example', 'lead@tandem.example']));
    expect(emails).not.toContain('old-1@tandem.example');
    expect(emails).not.toContain('old-2@tandem.example');
    expect(emails).not.toContain('ancient@tandem.example');
    expect(left).toHaveLength(total - 3 + 1);

    const pruned = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'audit.pruned', actorEmail: null } });
    expect(JSON.parse(pruned.detail!)).toMatchObject({ deleted: 3, months: 12 });
    const viewer = await admin.agent.get('/admin/audit?action=audit.pruned');
    expect(viewer.text).toContain('Tandem (daily clean-up)');
    expect(viewer.text).toContain('3 entries deleted, kept for 12 months');

    // Nothing left to delete: no new entry.
    expect(await pruneAudit(t.db)).toBe(0);
    expect(await t.db.auditEvent.count({ where: { action: 'audit.pruned' } })).toBe(2);
  });

  it('counts months on the calendar, clamped to the end of a shorter month', () => {
    expect(monthsBefore(new Date('2027-03-31T10:00:00Z'), 1).toISOString()).toBe('2027-02-28T10:00:00.000Z');
    expect(monthsBefore(new Date('2027-01-15T00:00:00Z'), 24).toISOString()).toBe('2025-01-15T00:00:00.000Z');
  });
});
