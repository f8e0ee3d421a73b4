import { beforeAll, describe, expect, it } from 'vitest';
import { dayKey, parseDay } from '../../../src/calendar/dates.js';
import { readCalendarFile } from '../../../src/features/admin/calendar-import.js';
import { calendarOverview } from '../../../src/features/admin/calendar.service.js';
import { freshDb } from '../../helpers/db.js';
import { onlyWeekend, spanText } from '../../../src/features/admin/calendar.schema.js';
import { makeSchool, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
type Session = Awaited<ReturnType<typeof signedIn>>;
let admin: Session;
let ot: Session;
let teacher: Session;
let school: { id: number; name: string };

beforeAll(async () => {
  school = await makeSchool(t.db, { name: 'Cedar Elementary' });
  await makeSchool(t.db, { name: 'Birch Middle' });
  admin = await signedIn(t.app, (await user(t.db, 'admin')).email);
  ot = await signedIn(t.app, (await user(t.db, 'therapist')).email);
  teacher = await signedIn(t.app, (await user(t.db, 'teacher')).email);
});

const post = (s: Session, path: string, fields: Record<string, string> = {}) =>
  s.agent
    .post(path)
    .type('form')
    .send({ _csrf: s.csrf, ...fields });
const addYear = (fields: Record<string, string>) => post(admin, '/admin/calendar/school-years', fields);
const addDayOff = (fields: Record<string, string>) => post(admin, '/admin/calendar/days-off', fields);
const importIcs = (ics: string, schoolId = '') => post(admin, '/admin/calendar/import', { ics, schoolId });
const changes = () => t.db.auditEvent.count({ where: { action: 'calendar.changed' } });

/** The district's calendar file as a school district's calendar app exports it. */
function districtFile(thanksgivingStart = '20261126', extra = '') {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Maple Valley School District//District Calendar//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'X-WR-CALNAME:MVSD 2026-27 Calendar',
    'X-WR-TIMEZONE:America/New_York',
    'BEGIN:VTIMEZONE',
    'TZID:America/New_York',
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:-0500',
    'TZOFFSETTO:-0400',
    'TZNAME:EDT',
    'DTSTART:19700308T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:-0400',
    'TZOFFSETTO:-0500',
    'TZNAME:EST',
    'DTSTART:19701101T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
    'BEGIN:VEVENT',
    'DTSTAMP:20260801T120000Z',
    'UID:first-day-2026@mvsd.k12.example',
    'DTSTART;VALUE=DATE:20260901',
    'DTEND;VALUE=DATE:20260902',
    'SUMMARY:First Day of School',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'DTSTAMP:20260801T120000Z',
    'UID:pd-day-oct-2026@mvsd.k12.example',
    'DTSTART;VALUE=DATE:20261012',
    'DTEND;VALUE=DATE:20261013',
    // A long title, folded over two lines as RFC 5545 asks (a line break and one space).
    'SUMMARY:Professional Development Day - No School for Students (All Buildings\\, K-1',
    ' 2) - Teachers Report',
    'DESCRIPTION:Teachers attend district training.\\nNo classes.',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'DTSTAMP:20260801T120000Z',
    'UID:staff-meeting-nov@mvsd.k12.example',
    'DTSTART;TZID=America/New_York:20261104T153000',
    'DTEND;TZID=America/New_York:20261104T163000',
    'SUMMARY:Staff meeting',
    'LOCATION:Library',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'DTSTAMP:20260801T120000Z',
    'UID:thanksgiving-2026@mvsd.k12.example',
    `DTSTART;VALUE=DATE:${thanksgivingStart}`,
    'DTEND;VALUE=DATE:20261128',
    'SUMMARY:Thanksgiving Break - No School',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    'TRIGGER:-P1D',
    'DESCRIPTION:Reminder',
    'END:VALARM',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'DTSTAMP:20260801T120000Z',
    'UID:winter-break-2026@mvsd.k12.example',
    'DTSTART;VALUE=DATE:20261221',
    'DTEND;VALUE=DATE:20270102',
    'SUMMARY:Winter Break',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'DTSTAMP:20260801T120000Z',
    'UID:board-meeting-dec@mvsd.k12.example',
    'DTSTART:20261210T233000Z',
    'DURATION:PT2H',
    'SUMMARY:Board of Education meeting',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'DTSTAMP:20260801T120000Z',
    'UID:mlk-2027@mvsd.k12.example',
    'DTSTART;VALUE=DATE:20270118',
    'SUMMARY:Martin Luther King Jr. Day',
    'END:VEVENT',
    extra,
    'END:VCALENDAR',
  ]
    .filter(Boolean)
    .join('\r\n');
}

describe('the school calendar page', () => {
  it('is in the admin menu and works without JavaScript: plain forms, a text box for the calendar file', async () => {
    const page = await admin.agent.get('/admin/calendar');
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/admin/calendar"');
    expect(page.text).toContain('<h1>School calendar</h1>');
    expect(page.text).toContain('No school year entered yet');
    expect(page.text).toMatch(/<form method="post" action="\/admin\/calendar\/import"/);
    expect(page.text).toMatch(/<textarea id="import-ics" name="ics"/);
    // The file picker is shown only by the script, which fills the text box.
    expect(page.text).toMatch(/<div class="field" data-ics-picker hidden>/);
    expect(page.text).toContain('<option value="" selected>Whole district</option>');
    expect(page.text).toContain(`<option value="${school.id}">Cedar Elementary</option>`);
    // Whole district first, then the schools by name.
    expect(page.text.indexOf('Whole district</option>')).toBeLessThan(page.text.indexOf('Birch Middle</option>'));
    expect(page.text.indexOf('Birch Middle</option>')).toBeLessThan(page.text.indexOf('Cedar Elementary</option>'));
  });

  it('is for admins only: an OT and a teacher are refused, reading or changing it', async () => {
    const year = await t.db.schoolYear.create({
      data: { name: 'Refusal test', firstDay: new Date('2030-09-03'), lastDay: new Date('2031-06-13') },
    });
    const off = await t.db.dayOff.create({
      data: { name: 'Refusal test', startDate: new Date('2030-11-11'), endDate: new Date('2030-11-11') },
    });
    const before = await changes();
    for (const s of [ot, teacher]) {
      expect((await s.agent.get('/admin/calendar')).status).toBe(403);
      expect((await post(s, '/admin/calendar/school-years', { name: 'X', firstDay: '2031-09-02', lastDay: '2032-06-11' })).status).toBe(
        403,
      );
      expect((await post(s, '/admin/calendar/days-off', { name: 'X', startDate: '2031-01-02' })).status).toBe(403);
      expect((await post(s, '/admin/calendar/import', { ics: districtFile() })).status).toBe(403);
      expect((await post(s, `/admin/calendar/school-years/${year.id}/remove`)).status).toBe(403);
      expect((await post(s, `/admin/calendar/days-off/${off.id}/remove`)).status).toBe(403);
    }
    expect(await t.db.schoolYear.count()).toBe(1);
    expect(await t.db.dayOff.count()).toBe(1);
    expect(await changes()).toBe(before);
    expect(
      await t.db.auditEvent.count({ where: { action: 'access.denied', detail: { contains: 'admin.calendar' } } }),
    ).toBeGreaterThanOrEqual(12);
    // Removing what is not there is "not found"; the admin then removes these.
    expect((await post(admin, '/admin/calendar/school-years/999999/remove')).status).toBe(404);
    expect((await post(admin, '/admin/calendar/days-off/abc/remove')).status).toBe(404);
    expect((await post(admin, `/admin/calendar/school-years/${year.id}/remove`)).status).toBe(303);
    expect((await post(admin, `/admin/calendar/days-off/${off.id}/remove`)).status).toBe(303);
    expect(await t.db.schoolYear.count()).toBe(0);
    expect(await t.db.dayOff.count()).toBe(0);
  });
});

describe('school years', () => {
  it('are added for the district, listed with whose they are, and audited with ids only', async () => {
    const res = await addYear({ name: '2026–27', firstDay: '2026-09-01', lastDay: '2027-06-18', schoolId: '' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/calendar');
    const year = await t.db.schoolYear.findFirstOrThrow({ where: { name: '2026–27' } });
    expect(year.schoolId).toBeNull();
    const page = await admin.agent.get('/admin/calendar');
    expect(page.text).toContain('Added the school year “2026–27”.');
    expect(page.text).toMatch(/<th scope="row">2026–27<\/th>\s*<td>Sep 1, 2026<\/td>\s*<td>Jun 18, 2027<\/td>\s*<td>Whole district<\/td>/);
    // Monday to Friday from Sep 1 to Jun 18, before any day off is entered.
    expect(page.text).toContain('209 school days');
    const audit = await t.db.auditEvent.findFirstOrThrow({
      where: { action: 'calendar.changed', targetType: 'school_year' },
      orderBy: { id: 'desc' },
    });
    expect(JSON.parse(audit.detail!)).toEqual({ schoolYearAdded: year.id, forSchool: null });
    expect(audit.targetId).toBe(String(year.id));
  });

  it('are checked beside each field, keeping what was typed', async () => {
    const res = await addYear({ name: '', firstDay: '2027-02-30', lastDay: '2027-06-18', schoolId: String(school.id) });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="year-name-error" class="field-error">Enter a name for the school year</);
    expect(res.text).toMatch(/id="year-firstDay-error" class="field-error">First day of school is not a real date</);
    expect(res.text).toMatch(/id="year-name"[^>]*aria-invalid="true"\s+aria-describedby="year-name-hint year-name-error"/);
    expect(res.text).toContain('href="#year-name"');
    expect(res.text).toContain('value="2027-02-30"');
    expect(res.text).toContain(`<option value="${school.id}" selected>Cedar Elementary</option>`);

    const backwards = await addYear({ name: 'Backwards', firstDay: '2027-09-01', lastDay: '2027-08-01' });
    expect(backwards.status).toBe(422);
    expect(backwards.text).toMatch(
      /id="year-lastDay-error" class="field-error">The last day of school cannot be before the first day of school</,
    );
    expect(backwards.text).toContain('value="Backwards"');

    const long = await addYear({ name: 'Too long', firstDay: '2027-09-01', lastDay: '2028-10-05' });
    expect(long.status).toBe(422);
    expect(long.text).toContain('A school year is at most 400 days from first day to last');

    const longName = await addYear({ name: 'x'.repeat(81), firstDay: '2027-09-01', lastDay: '2028-06-16' });
    expect(longName.status).toBe(422);
    expect(longName.text).toContain('must be 80 characters or fewer');

    const nowhere = await addYear({ name: 'Nowhere', firstDay: '2027-09-01', lastDay: '2028-06-16', schoolId: '999999' });
    expect(nowhere.status).toBe(422);
    expect(nowhere.text).toMatch(/id="year-schoolId-error" class="field-error">Choose the whole district or a school</);
    const junk = await addYear({ name: 'Junk', firstDay: '2027-09-01', lastDay: '2028-06-16', schoolId: 'district' });
    expect(junk.status).toBe(422);
    expect(await t.db.schoolYear.count()).toBe(1);
  });

  it("may not overlap another year of the same calendar, but a school's own year may differ from the district's", async () => {
    const overlap = await addYear({ name: 'Summer school', firstDay: '2027-06-01', lastDay: '2027-08-01' });
    expect(overlap.status).toBe(422);
    expect(overlap.text).toMatch(/id="year-firstDay-error" class="field-error">Overlaps “2026–27” \(Sep 1, 2026 to Jun 18, 2027\)/);
    const around = await addYear({ name: 'Around', firstDay: '2026-08-01', lastDay: '2026-10-01' });
    expect(around.status).toBe(422);
    expect(around.text).toContain('id="year-lastDay-error"');
    expect(await t.db.schoolYear.count()).toBe(1);

    // Cedar starts earlier: its own year overlaps the district's, which is fine.
    const own = await addYear({ name: '2026–27 (Cedar)', firstDay: '2026-08-24', lastDay: '2027-06-11', schoolId: String(school.id) });
    expect(own.status).toBe(303);
    const again = await addYear({ name: 'Cedar again', firstDay: '2027-06-11', lastDay: '2027-06-30', schoolId: String(school.id) });
    expect(again.status).toBe(422);
    expect(again.text).toContain('Overlaps “2026–27 (Cedar)”');
    const next = await addYear({ name: '2027–28', firstDay: '2027-08-30', lastDay: '2028-06-16' });
    expect(next.status).toBe(303);
    const page = await admin.agent.get('/admin/calendar');
    expect(page.text).toMatch(
      /<th scope="row">2026–27 \(Cedar\)<\/th>\s*<td>Aug 24, 2026<\/td>\s*<td>Jun 11, 2027<\/td>\s*<td>Cedar Elementary<\/td>/,
    );
    // Sorted by first day.
    expect(page.text.indexOf('2026–27 (Cedar)</th>')).toBeLessThan(page.text.indexOf('2026–27</th>'));
    expect(page.text.indexOf('2026–27</th>')).toBeLessThan(page.text.indexOf('2027–28</th>'));
  });

  it('are removed by a POST, and the removal audited', async () => {
    const year = await t.db.schoolYear.findFirstOrThrow({ where: { name: '2027–28' } });
    const res = await post(admin, `/admin/calendar/school-years/${year.id}/remove`);
    expect(res.status).toBe(303);
    expect(await t.db.schoolYear.findUnique({ where: { id: year.id } })).toBeNull();
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'calendar.changed' }, orderBy: { id: 'desc' } });
    expect(JSON.parse(audit.detail!)).toEqual({ schoolYearRemoved: year.id, forSchool: null });
    // A GET never removes anything.
    expect((await admin.agent.get(`/admin/calendar/school-years/${year.id}/remove`)).status).toBe(404);
  });
});

describe('days off', () => {
  it('are a single day when no last day is given, or a range; each shows the school days it closes', async () => {
    expect((await addDayOff({ name: 'Veterans Day', startDate: '2026-11-11', endDate: '' })).status).toBe(303);
    const vets = await t.db.dayOff.findFirstOrThrow({ where: { name: 'Veterans Day' } });
    expect(dayKey(vets.endDate)).toBe('2026-11-11');
    expect(vets.schoolId).toBeNull();
    expect(vets.sourceUid).toBeNull();
    // Wed Mar 24 to Fri Apr 2, 2027 (a weekend inside): 8 school days.
    expect(
      (await addDayOff({ name: 'Spring break', startDate: '2027-03-24', endDate: '2027-04-02', schoolId: String(school.id) })).status,
    ).toBe(303);
    const page = await admin.agent.get('/admin/calendar');
    expect(page.text).toMatch(
      /<th scope="row">Veterans Day<\/th>\s*<td>Nov 11, 2026<\/td>\s*<td>Nov 11, 2026<\/td>\s*<td>Whole district<\/td>\s*<td>1 day<\/td>/,
    );
    expect(page.text).toMatch(
      /<th scope="row">Spring break<\/th>\s*<td>Mar 24, 2027<\/td>\s*<td>Apr 2, 2027<\/td>\s*<td>Cedar Elementary<\/td>\s*<td>8 days<\/td>/,
    );
    expect(page.text).toContain('Remove<span class="visually-hidden"> Spring break, Mar 24, 2027 (Cedar Elementary)</span>');
    // The district's year now has one day fewer; Cedar's own year has Veterans Day and its spring break off.
    expect(page.text).toContain('208 school days');
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'calendar.changed' }, orderBy: { id: 'desc' } });
    expect(JSON.parse(audit.detail!)).toMatchObject({ forSchool: school.id });
    expect(audit.targetType).toBe('day_off');
  });

  it('are checked beside each field, keeping what was typed', async () => {
    const before = await t.db.dayOff.count();
    const res = await addDayOff({ name: '', startDate: 'soon', endDate: '' });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="off-name-error" class="field-error">Enter a name for the day off</);
    expect(res.text).toMatch(/id="off-startDate-error" class="field-error">Enter the first day off as a date</);
    expect(res.text).toContain('value="soon"');
    const backwards = await addDayOff({ name: 'Backwards', startDate: '2027-02-19', endDate: '2027-02-15' });
    expect(backwards.status).toBe(422);
    expect(backwards.text).toMatch(/id="off-endDate-error" class="field-error">The last day off cannot be before the first day off</);
    expect(backwards.text).toContain('value="Backwards"');
    const long = await addDayOff({ name: 'Summer', startDate: '2027-06-19', endDate: '2027-10-17' });
    expect(long.status).toBe(422);
    expect(long.text).toContain('A break is at most 120 days long: check the last day off');
    const summer = await addDayOff({ name: 'Summer', startDate: '2027-06-19', endDate: '2027-10-16' });
    expect(summer.status).toBe(303);
    await post(admin, `/admin/calendar/days-off/${(await t.db.dayOff.findFirstOrThrow({ where: { name: 'Summer' } })).id}/remove`);
    expect(await t.db.dayOff.count()).toBe(before);
  });

  it("say what is wrong in the words of the field's label", async () => {
    const res = await addDayOff({ name: 'Mid-winter', startDate: '2027-02-30', endDate: '2027-13-01' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('<label for="off-startDate">First day off</label>');
    expect(res.text).toContain('<label for="off-endDate">Last day off</label>');
    expect(res.text).toMatch(/id="off-endDate-hint" class="hint">Leave empty for a single day</);
    expect(res.text).toMatch(/id="off-startDate-error" class="field-error">First day off is not a real date</);
    expect(res.text).toMatch(/id="off-endDate-error" class="field-error">Last day off is not a real date</);
    const blank = await addDayOff({ name: 'Mid-winter', startDate: '' });
    expect(blank.text).toMatch(/id="off-startDate-error" class="field-error">Enter the first day off as a date</);
    expect(await t.db.dayOff.count({ where: { name: 'Mid-winter' } })).toBe(0);
  });

  it('are refused when they fall only on a weekend: there is no school to close', async () => {
    const before = await changes();
    const saturday = await addDayOff({ name: 'Winter carnival', startDate: '2027-01-16', endDate: '' });
    expect(saturday.status).toBe(422);
    expect(saturday.text).toMatch(/id="off-startDate-error" class="field-error">Jan 16, 2027 is a Saturday: there is no school to close</);
    expect(saturday.text).toMatch(/id="off-startDate"[^>]*aria-invalid="true"/);
    expect(saturday.text).toContain('value="Winter carnival"');
    expect(saturday.text).toContain('value="2027-01-16"');
    const sunday = await addDayOff({ name: 'Winter carnival', startDate: '2027-01-17', endDate: '2027-01-17' });
    expect(sunday.text).toContain('Jan 17, 2027 is a Sunday: there is no school to close');
    const weekend = await addDayOff({
      name: 'Winter carnival',
      startDate: '2027-01-16',
      endDate: '2027-01-17',
      schoolId: String(school.id),
    });
    expect(weekend.status).toBe(422);
    expect(weekend.text).toContain('Jan 16–17, 2027 is a weekend: there is no school to close');
    expect(weekend.text).toContain(`<option value="${school.id}" selected>Cedar Elementary</option>`);
    expect(await t.db.dayOff.count({ where: { name: 'Winter carnival' } })).toBe(0);
    expect(await changes()).toBe(before);
    // A long weekend closes its Friday or Monday: that is a day off.
    const long = await addDayOff({ name: 'Winter carnival', startDate: '2027-01-16', endDate: '2027-01-18', schoolId: String(school.id) });
    expect(long.status).toBe(303);
    await t.db.dayOff.deleteMany({ where: { name: 'Winter carnival' } });
  });

  it('are refused when they overlap a day off of the same calendar, naming it; another calendar may have its own', async () => {
    const birch = await t.db.school.findFirstOrThrow({ where: { name: 'Birch Middle' } });
    const forBirch = { schoolId: String(birch.id) };
    expect((await addDayOff({ name: 'Thanksgiving break', startDate: '2026-11-25', endDate: '2026-11-27', ...forBirch })).status).toBe(303);
    const before = await changes();

    const inside = await addDayOff({ name: 'Day after Thanksgiving', startDate: '2026-11-27', endDate: '', ...forBirch });
    expect(inside.status).toBe(422);
    expect(inside.text).toMatch(/id="off-startDate-error" class="field-error">Overlaps Thanksgiving break \(Nov 25–27, 2026\)</);
    expect(inside.text).toContain('value="Day after Thanksgiving"');
    expect(inside.text).toContain('value="2026-11-27"');
    expect(inside.text).toContain(`<option value="${birch.id}" selected>Birch Middle</option>`);
    // Starting before it and running into it: the last day off is the one to change.
    const into = await addDayOff({ name: 'Fall break', startDate: '2026-11-23', endDate: '2026-11-25', ...forBirch });
    expect(into.status).toBe(422);
    expect(into.text).toMatch(/id="off-endDate-error" class="field-error">Overlaps Thanksgiving break \(Nov 25–27, 2026\)</);
    const around = await addDayOff({ name: 'Fall break', startDate: '2026-11-20', endDate: '2026-11-30', ...forBirch });
    expect(around.text).toContain('id="off-endDate-error" class="field-error">Overlaps Thanksgiving break (Nov 25–27, 2026)<');
    expect(await t.db.dayOff.count({ where: { schoolId: birch.id } })).toBe(1);
    expect(await changes()).toBe(before);

    // Next to it, not on it, is fine; and Cedar's calendar is not Birch's.
    expect((await addDayOff({ name: 'Fall break', startDate: '2026-11-23', endDate: '2026-11-24', ...forBirch })).status).toBe(303);
    expect((await addDayOff({ name: 'Thanksgiving', startDate: '2026-11-26', schoolId: String(school.id) })).status).toBe(303);
    expect(await changes()).toBe(before + 2);
    // The district's Veterans Day, entered above, is the district's own: a second one is refused.
    const twice = await addDayOff({ name: 'Veterans Day', startDate: '2026-11-11' });
    expect(twice.text).toContain('Overlaps Veterans Day (Nov 11, 2026)');
    await t.db.dayOff.deleteMany({ where: { OR: [{ schoolId: birch.id }, { schoolId: school.id, name: 'Thanksgiving' }] } });
  });
});

describe("importing the district's calendar file", () => {
  it('takes each all-day event as a day off, skips events with times and the first day of school, and says so', async () => {
    const before = await changes();
    const res = await importIcs(districtFile());
    expect(res.status).toBe(303);
    const page = await admin.agent.get('/admin/calendar');
    expect(page.text).toContain('Imported 4 days off (2 events with times skipped).');
    expect(page.text).toContain('Not taken as days off (school days, or longer than a break): “First Day of School”.');
    const imported = await t.db.dayOff.findMany({ where: { sourceUid: { not: null } }, orderBy: { startDate: 'asc' } });
    expect(imported.map((d) => [d.name, dayKey(d.startDate), dayKey(d.endDate), d.schoolId])).toEqual([
      ['Professional Development Day - No School for Students (All Buildings, K-12) - T…', '2026-10-12', '2026-10-12', null],
      // DTEND is the day after the last day off (RFC 5545).
      ['Thanksgiving Break - No School', '2026-11-26', '2026-11-27', null],
      ['Winter Break', '2026-12-21', '2027-01-01', null],
      // No DTEND: one day.
      ['Martin Luther King Jr. Day', '2027-01-18', '2027-01-18', null],
    ]);
    expect(imported.every((d) => d.name.length <= 80)).toBe(true);
    expect(imported[2]!.sourceUid).toBe('winter-break-2026@mvsd.k12.example');
    expect(page.text).toMatch(
      /<th scope="row">Winter Break <small class="muted">\(from the calendar file\)<\/small><\/th>\s*<td>Dec 21, 2026<\/td>\s*<td>Jan 1, 2027<\/td>\s*<td>Whole district<\/td>\s*<td>10 days<\/td>/,
    );
    // 209 weekdays, less Veterans Day, the training day, Thanksgiving (2), winter break (10) and MLK day.
    expect(page.text).toContain('194 school days');
    expect(await changes()).toBe(before + 1);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'calendar.changed' }, orderBy: { id: 'desc' } });
    expect(JSON.parse(audit.detail!)).toEqual({ daysOffImported: 4, daysOffUpdated: 0, forSchool: null });
  });

  it('updates what it imported before when the same file comes again, rather than adding it twice', async () => {
    const presidents = [
      'BEGIN:VEVENT',
      'UID:presidents-day-2027@mvsd.k12.example',
      'DTSTART;VALUE=DATE:20270215',
      'DTEND;VALUE=DATE:20270216',
      "SUMMARY:Presidents' Day",
      'END:VEVENT',
    ].join('\r\n');
    // The district moved Thanksgiving break to start on the Wednesday, and added Presidents' Day.
    const res = await importIcs(districtFile('20261125', presidents));
    expect(res.status).toBe(303);
    const page = await admin.agent.get('/admin/calendar');
    expect(page.text).toContain('Imported 5 days off (4 updated, 2 events with times skipped).');
    const imported = await t.db.dayOff.findMany({ where: { sourceUid: { not: null } } });
    expect(imported).toHaveLength(5);
    const thanksgiving = imported.find((d) => d.sourceUid === 'thanksgiving-2026@mvsd.k12.example')!;
    expect([dayKey(thanksgiving.startDate), dayKey(thanksgiving.endDate)]).toEqual(['2026-11-25', '2026-11-27']);
    // Veterans Day, entered by hand, is left alone.
    expect(await t.db.dayOff.count({ where: { name: 'Veterans Day' } })).toBe(1);

    // The same file for one school is that school's calendar, kept apart from the district's.
    expect((await importIcs(districtFile(), String(school.id))).status).toBe(303);
    expect(await t.db.dayOff.count({ where: { schoolId: school.id, sourceUid: { not: null } } })).toBe(4);
    expect(await t.db.dayOff.count({ where: { schoolId: null, sourceUid: { not: null } } })).toBe(5);
  });

  it('refuses text that is not a calendar, or has no days off, beside the field and keeping the text', async () => {
    const before = await t.db.dayOff.count();
    const junk = await importIcs('Thanksgiving: Nov 26-27\nWinter break: Dec 21 - Jan 1');
    expect(junk.status).toBe(422);
    expect(junk.text).toMatch(/id="import-ics-error" class="field-error">This is not a calendar file Tandem can read/);
    expect(junk.text).toContain('Thanksgiving: Nov 26-27\nWinter break: Dec 21 - Jan 1</textarea>');
    expect(junk.text).toContain('href="#import-ics"');

    const empty = await importIcs('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR');
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('This calendar has no events in it.');

    const unclosed = await importIcs('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261126\r\nSUMMARY:Open');
    expect(unclosed.status).toBe(422);
    expect(unclosed.text).toContain('This is not a calendar file Tandem can read');

    const onlyMeetings = await importIcs(
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:m1\r\nDTSTART:20261104T203000Z\r\nSUMMARY:Staff meeting\r\nEND:VEVENT\r\nEND:VCALENDAR',
    );
    expect(onlyMeetings.status).toBe(422);
    expect(onlyMeetings.text).toContain('This calendar has no all-day events to take as days off');

    const nothing = await importIcs('   ');
    expect(nothing.status).toBe(422);
    expect(nothing.text).toContain('Paste the text of the district&#39;s calendar file (.ics), or choose the file');

    const huge = await importIcs(`BEGIN:VCALENDAR\r\nX-FILLER:${'a'.repeat(40_000)}\r\nEND:VCALENDAR`);
    expect(huge.status).toBe(422);
    expect(huge.text).toContain('The calendar text must be 40,000 characters or fewer: import it in parts');

    const nowhere = await importIcs(districtFile(), '999999');
    expect(nowhere.status).toBe(422);
    expect(nowhere.text).toMatch(/id="import-schoolId-error" class="field-error">Choose the whole district or a school</);
    expect(await t.db.dayOff.count()).toBe(before);
  });

  it('leaves out repeating events, and all-day events too long to be a break', async () => {
    const file = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'UID:year-2026@example',
      'DTSTART;VALUE=DATE:20260901',
      'DTEND;VALUE=DATE:20270619',
      'SUMMARY:School year 2026-27',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:fridays@example',
      'DTSTART;VALUE=DATE:20270604',
      'RRULE:FREQ=WEEKLY;COUNT=3',
      'SUMMARY:No school Fridays in June',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:good-friday-2027@example',
      'DTSTART;VALUE=DATE:20270326',
      'SUMMARY:Good Friday',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    expect((await importIcs(file)).status).toBe(303);
    const page = await admin.agent.get('/admin/calendar');
    expect(page.text).toContain('Imported 1 day off (1 repeating event skipped: enter it by hand).');
    expect(page.text).toContain('“School year 2026-27”');
    expect(await t.db.dayOff.count({ where: { sourceUid: { in: ['year-2026@example', 'fridays@example'] } } })).toBe(0);
  });

  it('names events with a date that does not exist and never rolls the date over', async () => {
    const broken = [
      'BEGIN:VEVENT',
      'UID:broken@example',
      'DTSTART;VALUE=DATE:20271340',
      'SUMMARY:Broken date',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:lincoln-2027@example',
      'DTSTART;VALUE=DATE:20270212',
      "SUMMARY:Lincoln's Birthday",
      'END:VEVENT',
    ].join('\r\n');
    const res = await importIcs(calendarOf(broken));
    expect(res.status).toBe(303);
    const page = await admin.agent.get('/admin/calendar');
    expect(page.text).toContain('Imported 1 day off.');
    expect(page.text).toContain(
      'Skipped 1 event with a date that does not exist: Broken date. Check it in the district&#39;s calendar, or add it by hand.',
    );
    // ical.js alone would have made it Feb 9, 2028.
    expect(await t.db.dayOff.count({ where: { OR: [{ name: 'Broken date' }, { startDate: parseDay('2028-02-09')! }] } })).toBe(0);
    expect(await t.db.dayOff.count({ where: { sourceUid: 'lincoln-2027@example' } })).toBe(1);

    // A file with nothing else is refused, saying why, and keeps the text.
    const only = await importIcs(calendarOf(broken.split('\r\n').slice(0, 5).join('\r\n')));
    expect(only.status).toBe(422);
    expect(only.text).toMatch(
      /id="import-ics-error" class="field-error">None of the events in this calendar can be taken as days off. Skipped 1 event with a date that does not exist: Broken date.</,
    );
    expect(only.text).toContain('DTSTART;VALUE=DATE:20271340');
  });

  it('skips events already entered by hand or from elsewhere, and events only on a weekend, counting them', async () => {
    const file = calendarOf(
      [
        event('new-years-2027@other.example', '20270101', "New Year's Day"),
        // Veterans Day was entered by hand.
        event('veterans-2026@other.example', '20261111', 'Veterans Day'),
        event('winter-carnival-2027@other.example', '20270116', 'Winter Carnival (Saturday)'),
        event('lunar-new-year-2027@other.example', '20270208', 'Lunar New Year'),
      ].join('\r\n'),
    );
    const before = await t.db.dayOff.count();
    const audits = await changes();
    expect((await importIcs(file)).status).toBe(303);
    let page = await admin.agent.get('/admin/calendar');
    expect(page.text).toContain('Imported 1 day off (2 already entered, 1 event on a weekend skipped).');
    expect(await t.db.dayOff.count()).toBe(before + 1);
    expect(await t.db.dayOff.count({ where: { sourceUid: 'lunar-new-year-2027@other.example' } })).toBe(1);
    expect(await t.db.dayOff.count({ where: { name: { in: ["New Year's Day", 'Winter Carnival (Saturday)'] } } })).toBe(0);
    expect(await t.db.dayOff.count({ where: { name: 'Veterans Day' } })).toBe(1);

    // Again: the same answer, nothing added twice.
    expect((await importIcs(file)).status).toBe(303);
    page = await admin.agent.get('/admin/calendar');
    expect(page.text).toContain('Imported 1 day off (1 updated, 2 already entered, 1 event on a weekend skipped).');
    expect(await t.db.dayOff.count()).toBe(before + 1);
    expect(await changes()).toBe(audits + 2);

    // For a school, the district's Veterans Day (entered by hand) is not its own: it is imported for it.
    expect((await importIcs(calendarOf(event('veterans-2026@other.example', '20261111', 'Veterans Day')), String(school.id))).status).toBe(
      303,
    );
    expect(await t.db.dayOff.count({ where: { schoolId: school.id, sourceUid: 'veterans-2026@other.example' } })).toBe(1);

    // Nothing new at all: said so, nothing written or audited.
    const covered = calendarOf(event('new-years-2027@other.example', '20270101', "New Year's Day"));
    expect((await importIcs(covered)).status).toBe(303);
    page = await admin.agent.get('/admin/calendar');
    expect(page.text).toContain('No new days off to import (1 already entered).');
    expect(await changes()).toBe(audits + 3);

    // Only a weekend: refused, saying why.
    const weekend = await importIcs(calendarOf(event('sat@example', '20270116', 'Saturday clean-up')));
    expect(weekend.status).toBe(422);
    expect(weekend.text).toContain(
      'None of the events in this calendar can be taken as days off. Skipped 1 event on a weekend: there is no school to close.',
    );
  });
});

/** A calendar file holding these VEVENTs. */
function calendarOf(events: string): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', events, 'END:VCALENDAR'].join('\r\n');
}

/** An all-day event: one day, or to `last` (YYYYMMDD, the last day off). */
function event(uid: string, first: string, summary: string, dtend?: string): string {
  return [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTART;VALUE=DATE:${first}`,
    dtend ? `DTEND;VALUE=DATE:${dtend}` : '',
    `SUMMARY:${summary}`,
    'END:VEVENT',
  ]
    .filter(Boolean)
    .join('\r\n');
}

describe('reading a calendar file', () => {
  const read = (events: string) => {
    const result = readCalendarFile(calendarOf(events));
    if (!result.ok) throw new Error(result.message);
    return result.file;
  };
  const days = (events: string) => read(events).daysOff.map((d) => [d.name, dayKey(d.startDate), dayKey(d.endDate)]);

  it('refuses a day that does not exist in DTSTART or DTEND, whatever ical.js makes of it', () => {
    const file = read(
      [
        event('a', '20271340', 'Month thirteen'),
        event('b', '20270229', 'Feb 29 in 2027'),
        event('c', '20270130', 'Ends on Feb 30', '20270230'),
        event('d', '2027134', 'Seven digits'),
        event('e', '20270000', 'Day zero'),
        event('f', '20280229', 'Feb 29 in 2028'),
      ].join('\r\n'),
    );
    expect(file.impossible).toEqual(['Month thirteen', 'Feb 29 in 2027', 'Ends on Feb 30', 'Seven digits', 'Day zero']);
    expect(file.daysOff.map((d) => [d.name, dayKey(d.startDate), dayKey(d.endDate)])).toEqual([
      ['Feb 29 in 2028', '2028-02-29', '2028-02-29'],
    ]);
  });

  it('takes DTEND as the day after the last, DURATION as a length, and neither as one day', () => {
    expect(
      days(
        [
          event('a', '20270129', 'Fri to Mon', '20270202'),
          'BEGIN:VEVENT\r\nUID:b\r\nDTSTART;VALUE=DATE:20270301\r\nDURATION:P3D\r\nSUMMARY:Three days\r\nEND:VEVENT',
          event('c', '20270331', 'Month end'),
        ].join('\r\n'),
      ),
    ).toEqual([
      ['Fri to Mon', '2027-01-29', '2027-02-01'],
      ['Three days', '2027-03-01', '2027-03-03'],
      ['Month end', '2027-03-31', '2027-03-31'],
    ]);
  });

  it('counts an event only on a Saturday or Sunday as skipped, but takes a long weekend', () => {
    const file = read(
      [
        event('sat', '20270116', 'Saturday'),
        event('weekend', '20270116', 'Weekend', '20270118'),
        event('long', '20270116', 'Long weekend', '20270119'),
      ].join('\r\n'),
    );
    expect(file.weekend).toBe(2);
    expect(file.daysOff.map((d) => d.name)).toEqual(['Long weekend']);
  });
});

describe('dates in messages', () => {
  const day = (key: string) => parseDay(key)!;
  it('writes a day off as people do', () => {
    expect(spanText(day('2026-11-11'), day('2026-11-11'))).toBe('Nov 11, 2026');
    expect(spanText(day('2026-11-25'), day('2026-11-27'))).toBe('Nov 25–27, 2026');
    expect(spanText(day('2027-03-24'), day('2027-04-02'))).toBe('Mar 24–Apr 2, 2027');
    expect(spanText(day('2026-12-21'), day('2027-01-01'))).toBe('Dec 21, 2026–Jan 1, 2027');
  });

  it('knows a span with no school day in it', () => {
    expect(onlyWeekend(day('2027-01-16'), day('2027-01-16'))).toBe(true);
    expect(onlyWeekend(day('2027-01-16'), day('2027-01-17'))).toBe(true);
    expect(onlyWeekend(day('2027-01-15'), day('2027-01-16'))).toBe(false);
    expect(onlyWeekend(day('2027-01-17'), day('2027-01-18'))).toBe(false);
    expect(onlyWeekend(day('2027-01-18'), day('2027-01-18'))).toBe(false);
  });
});

describe('a day in no school year', () => {
  it('is said on the calendar page once the district has years, none of them holding today', async () => {
    const { db } = freshDb();
    const day = (text: string) => parseDay(text)!;
    expect((await calendarOverview(db, day('2027-07-15'))).todayInNoYear).toBe(false); // no years: weekdays count
    await db.schoolYear.create({ data: { name: '2026–27', firstDay: day('2026-09-01'), lastDay: day('2027-06-18') } });
    expect((await calendarOverview(db, day('2027-03-01'))).todayInNoYear).toBe(false);
    expect((await calendarOverview(db, day('2027-07-15'))).todayInNoYear).toBe(true); // the summer after
    await db.$disconnect();
  });
});
