// The district's rules on the settings page: which missed sessions are made up, when goals and
// students are flagged, what "due soon" means, and the travel time between schools.
import { beforeAll, describe, expect, it } from 'vitest';
import { districtSettings, parseMakeUpCauses } from '../../../src/features/admin/settings.service.js';
import { signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
type Session = Awaited<ReturnType<typeof signedIn>>;
let admin: Session;
let ot: Session;

beforeAll(async () => {
  admin = await signedIn(t.app, (await user(t.db, 'admin')).email);
  ot = await signedIn(t.app, (await user(t.db, 'therapist')).email);
});

const rules = {
  unsignedFlagDays: '7',
  correctionWindowDays: '90',
  noDataWeeks: '3',
  notSeenDays: '14',
  dueSoonDays: '30',
  travelMinutes: '15',
};
const save = (fields: Record<string, string | string[]>, s: Session = admin) =>
  s.agent
    .post('/admin/settings')
    .type('form')
    .send({ _csrf: s.csrf, makeUpCausesShown: '1', ...rules, ...fields });
const lastChange = async () =>
  JSON.parse((await t.db.auditEvent.findFirstOrThrow({ where: { action: 'settings.changed' }, orderBy: { id: 'desc' } })).detail!);
// A cause's checkbox (drawn by _choices.eta, with an id for its label), ticked or not, and the words after it.
const box = (value: string, checked: boolean, words = '') =>
  new RegExp(
    `<input type="checkbox" id="field-makeUpCauses-\\d+" name="makeUpCauses" value="${value}"${checked ? ' checked' : ''}>${words}`,
  );

describe('district rules', () => {
  it('start from the defaults, with the causes as labelled checkboxes in a fieldset', async () => {
    expect(await districtSettings(t.db)).toMatchObject({
      makeUpCauses: ['therapist_absent', 'school_closed'],
      noDataWeeks: 3,
      notSeenDays: 14,
      dueSoonDays: 30,
      travelMinutes: 15,
    });
    const page = await admin.agent.get('/admin/settings');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<fieldset id="field-makeUpCauses"[^>]*>\s*<legend>Missed sessions that must be made up<\/legend>/);
    expect(page.text).toMatch(box('therapist_absent', true, ' Therapist absent or pulled away</label>'));
    expect(page.text).toMatch(box('school_closed', true, ' School closed or event</label>'));
    expect(page.text).toMatch(box('student_absent', false, ' Student absent</label>'));
    expect(page.text).toMatch(box('student_unavailable', false, ' Student unavailable</label>'));
    expect(page.text).not.toContain('value="attended"');
    for (const [name, value] of [
      ['noDataWeeks', '3'],
      ['notSeenDays', '14'],
      ['dueSoonDays', '30'],
      ['travelMinutes', '15'],
    ])
      expect(page.text).toMatch(new RegExp(`id="field-${name}" name="${name}" type="text"\\s+value="${value}"`));
    expect(page.text).toContain('<label for="field-travelMinutes">Travel time needed between sessions at two schools (minutes)</label>');
  });

  it('are saved by an admin and audited in words', async () => {
    const res = await save({
      makeUpCauses: ['student_absent', 'therapist_absent'],
      noDataWeeks: '4',
      notSeenDays: '21',
      dueSoonDays: '45',
      travelMinutes: '0',
    });
    expect(res.status).toBe(303);
    const row = await t.db.districtSetting.findUniqueOrThrow({ where: { id: 1 } });
    // Stored in the form's order, whatever order they were sent in.
    expect(row.makeUpCauses).toBe('student_absent,therapist_absent');
    expect(await districtSettings(t.db)).toMatchObject({
      makeUpCauses: ['student_absent', 'therapist_absent'],
      noDataWeeks: 4,
      notSeenDays: 21,
      dueSoonDays: 45,
      travelMinutes: 0,
    });
    expect(await lastChange()).toEqual({
      makeUpCauses: 'student_absent,therapist_absent',
      noDataWeeks: 4,
      notSeenDays: 21,
      dueSoonDays: 45,
      travelMinutes: 0,
    });
    const page = await admin.agent.get('/admin/settings');
    expect(page.text).toMatch(box('student_absent', true));
    expect(page.text).toMatch(box('school_closed', false));
    const audit = await admin.agent.get('/admin/audit');
    expect(audit.text).toContain('made up: student absent, therapist absent or pulled away');
    expect(audit.text).toContain('goals flagged after 4 weeks without data');
    expect(audit.text).toContain('0 min travel between schools');
  });

  it('may have no cause made up; a request that never showed the boxes leaves them as they are', async () => {
    expect((await save({})).status).toBe(303);
    expect((await districtSettings(t.db)).makeUpCauses).toEqual([]);
    expect(await lastChange()).toMatchObject({ makeUpCauses: '' });
    expect((await save({ makeUpCauses: 'school_closed' })).status).toBe(303);
    // The older form (as other tests and scripts send it): no marker, so the causes stay.
    const older = await admin.agent
      .post('/admin/settings')
      .type('form')
      .send({ _csrf: admin.csrf, unsignedFlagDays: '7', correctionWindowDays: '90' });
    expect(older.status).toBe(303);
    expect((await districtSettings(t.db)).makeUpCauses).toEqual(['school_closed']);
    expect((await districtSettings(t.db)).noDataWeeks).toBe(3);
  });

  it('are checked beside each field, keeping what was typed and ticked', async () => {
    const before = await t.db.districtSetting.findUniqueOrThrow({ where: { id: 1 } });
    const cases: [Record<string, string>, string, string][] = [
      [{ noDataWeeks: '0' }, 'noDataWeeks', 'Use at least 1 week'],
      [{ noDataWeeks: '27' }, 'noDataWeeks', 'Use at most 26 weeks'],
      [{ notSeenDays: '91' }, 'notSeenDays', 'Use at most 90 days'],
      [{ dueSoonDays: '0' }, 'dueSoonDays', 'Use at least 1 day'],
      [{ dueSoonDays: '121' }, 'dueSoonDays', 'Use at most 120 days'],
      [{ travelMinutes: '121' }, 'travelMinutes', 'Use at most 120 minutes'],
      [{ travelMinutes: '12.5' }, 'travelMinutes', 'Enter the travel time as a whole number of minutes'],
      [{ notSeenDays: '' }, 'notSeenDays', 'Enter the days without a session as a whole number of days'],
    ];
    for (const [fields, name, message] of cases) {
      const res = await save({ makeUpCauses: 'student_unavailable', ...fields });
      expect(res.status, JSON.stringify(fields)).toBe(422);
      expect(res.text).toContain(`id="field-${name}-error" class="field-error">${message}</small>`);
      expect(res.text).toMatch(new RegExp(`id="field-${name}"[^>]*value="${fields[name]!.replace('.', '\\.')}"[^>]*aria-invalid="true"`));
      expect(res.text).toMatch(box('student_unavailable', true));
      expect(res.text).toMatch(box('school_closed', false));
    }
    expect(await t.db.districtSetting.findUniqueOrThrow({ where: { id: 1 } })).toEqual(before);
  });

  it('refuse a cause that is not one of those listed as a malformed request', async () => {
    expect((await save({ makeUpCauses: 'attended' })).status).toBe(400);
    expect((await save({ makeUpCauses: ['school_closed', 'snow'] })).status).toBe(400);
    expect((await districtSettings(t.db)).makeUpCauses).toEqual(['school_closed']);
  });

  it('are the admin’s alone: a therapist is refused', async () => {
    expect((await ot.agent.get('/admin/settings')).status).toBe(403);
    expect((await save({ makeUpCauses: 'student_absent' }, ot)).status).toBe(403);
    expect((await districtSettings(t.db)).makeUpCauses).toEqual(['school_closed']);
  });

  it('read a stored list leniently: unknown or repeated causes are dropped', () => {
    expect(parseMakeUpCauses('school_closed, therapist_absent,school_closed,attended,snow')).toEqual(['therapist_absent', 'school_closed']);
    expect(parseMakeUpCauses('')).toEqual([]);
  });
});
