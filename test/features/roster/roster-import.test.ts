import { beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp({ env: { TIME_ZONE: 'America/New_York' } });
type Session = Awaited<ReturnType<typeof signedIn>>;
let admin: Session;
let ot: Session;
let teacher: Session;
let lincolnId: number;
let otId: number;

beforeAll(async () => {
  lincolnId = (await makeSchool(t.db, { name: 'Lincoln Elementary' })).id;
  await makeSchool(t.db, { name: 'Oak Hill Middle' });
  const adminUser = await user(t.db, 'admin');
  const otUser = await user(t.db, 'therapist', { name: 'Olive Tran', email: 'olive.tran@district.org' });
  otId = otUser.id;
  const teacherUser = await user(t.db, 'teacher', { name: 'Ted Mills', email: 'ted.mills@district.org' });
  admin = await signedIn(t.app, adminUser.email);
  ot = await signedIn(t.app, otUser.email);
  teacher = await signedIn(t.app, teacherUser.email);
});

const upload = (s: Session, content: string | Buffer, name = 'roster.csv') =>
  s.agent
    .post('/admin/roster')
    .field('_csrf', s.csrf)
    .attach('file', typeof content === 'string' ? Buffer.from(content, 'utf8') : content, { filename: name, contentType: 'text/csv' });

const importIdOf = (location: string) => Number(/\/admin\/roster\/imports\/(\d+)$/.exec(location)![1]);

const HEADER =
  'Student_Number,First_Name,Last_Name,School,Grade_Level,DOB,Plan,OT Minutes,Per,Service start,Service end,Teacher email,Teacher name,Therapist email';

describe('importing a roster', () => {
  it('previews a file, then imports it all, and a second import of it changes nothing', async () => {
    const csv = [
      HEADER,
      '900101,Maya,Okafor,Lincoln Elementary,2,4/9/2018,IEP,90,month,2026-09-08,2027-09-07,ted.mills@district.org,,olive.tran@district.org',
      '900102,"Zoë ""Zo""",Nguyễn,lincoln elementary,K,2020-11-02,504,30,week,2026-09-08,2027-06-15,new.teacher@district.org,Nia Brooks,olive.tran@district.org',
      '900103,Sam,"Lee, Jr.",Oak Hill Middle,7th,2013-01-30,IEP,,,,,,,',
    ].join('\r\n');
    const res = await upload(admin, csv);
    expect(res.status).toBe(303);
    const id = importIdOf(res.headers.location!);
    const preview = await admin.agent.get(res.headers.location!);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('3 students</strong> in the file');
    expect(preview.text).toContain('Students to add');
    expect(preview.text).toContain('Nia Brooks (new.teacher@district.org)');
    expect(preview.text).toContain('Import 3 students');
    expect(await t.db.student.count({ where: { districtId: { startsWith: '9001' } } })).toBe(0);

    const done = await admin.agent.post(`/admin/roster/imports/${id}/import`).type('form').send({ _csrf: admin.csrf });
    expect(done.status).toBe(303);
    const result = await admin.agent.get(done.headers.location!);
    expect(result.text).toContain('3 students added, 0 updated, 0 unchanged; 1 teacher account made');

    const zoe = await t.db.student.findUniqueOrThrow({
      where: { districtId: '900102' },
      include: { mandates: true, teachers: { include: { user: true } }, therapists: true },
    });
    expect(zoe).toMatchObject({
      firstName: 'Zoë "Zo"',
      lastName: 'Nguyễn',
      gradeLevel: 0,
      planType: 'plan504',
      schoolId: lincolnId,
      status: 'active',
    });
    expect(zoe.mandates).toMatchObject([{ minutes: 30, period: 'week', delivery: 'pull_out', grouping: 'individual' }]);
    expect(zoe.teachers.map((x) => [x.user.email, x.user.name, x.user.role])).toEqual([
      ['new.teacher@district.org', 'Nia Brooks', 'teacher'],
    ]);
    expect(zoe.therapists.map((x) => x.userId)).toEqual([otId]);
    const maya = await t.db.student.findUniqueOrThrow({ where: { districtId: '900101' } });
    expect(maya.dateOfBirth?.toISOString()).toBe('2018-04-09T00:00:00.000Z');
    expect(await t.db.auditEvent.count({ where: { action: 'roster.imported' } })).toBe(1);
    expect(await t.db.auditEvent.count({ where: { action: 'student.created', detail: { contains: `"rosterImport":${id}` } } })).toBe(3);
    // The file's text is not kept once imported.
    expect((await t.db.rosterImport.findUniqueOrThrow({ where: { id } })).text).toBe('');

    const again = await upload(admin, csv);
    const second = await admin.agent.get(again.headers.location!);
    expect(second.text).toContain('3</strong> already as the file says');
    expect(second.text).toContain('Nothing to import');
    expect(second.text).not.toContain('Import 3 students');
  });

  it('lists every problem of every row in words and imports nothing', async () => {
    const csv = [
      HEADER,
      '900201,Ana,Diaz,Lincoln Elementary,14th,2031-01-01,IEP,90,fortnight,2026-09-08,2026-09-01,bob@,,someone@district.org',
      '900201,Ana,Diaz,Nowhere School,3,,,,,,,,,',
      ',,,Lincoln Elementary,3,,,,,,,,,',
    ].join('\n');
    const res = await upload(admin, csv);
    const page = await admin.agent.get(res.headers.location!);
    const text = page.text.replaceAll('&#39;', "'").replaceAll('&quot;', '"');
    for (const problem of [
      'The grade “14th” is not one Tandem knows',
      'Check the date of birth',
      'The OT minutes are per “fortnight”, which Tandem does not know',
      'The service end date must come after its start date.',
      '“bob@” is not an email address (teacher email).',
      'No therapist in Tandem has the email someone@district.org',
      'No school is named “Nowhere School” in Tandem',
      'The district student ID 900201 is also on row 2',
      'The district student ID is missing.',
      'The first name is missing.',
    ]) {
      expect(text).toContain(problem);
    }
    expect(text).toContain('3 rows with problems');
    expect(text).not.toMatch(/action="\/admin\/roster\/imports\/\d+\/import"/);
    const id = importIdOf(res.headers.location!);
    const refused = await admin.agent.post(`/admin/roster/imports/${id}/import`).type('form').send({ _csrf: admin.csrf });
    expect(refused.status).toBe(303);
    expect(await t.db.student.count({ where: { districtId: '900201' } })).toBe(0);
  });

  it('updates only what changed when a newer file comes, and the team follows the file', async () => {
    const otherOt = await user(t.db, 'therapist', { email: 'pat.ng@district.org' });
    const existing = await makeStudent(t.db, {
      schoolId: lincolnId,
      districtId: '900301',
      firstName: 'Leo',
      lastName: 'Park',
      gradeLevel: 3,
      therapistIds: [otId],
    });
    const csv = [HEADER, '900301,Leo,Park,Oak Hill Middle,4,,,,,,,,,pat.ng@district.org'].join('\n');
    const res = await upload(admin, csv);
    const page = await admin.agent.get(res.headers.location!);
    expect(page.text).toContain(
      'school Lincoln Elementary → Oak Hill Middle; Grade 3 → Grade 4; therapist pat.ng@district.org added; therapist olive.tran@district.org removed',
    );
    const id = importIdOf(res.headers.location!);
    await admin.agent.post(`/admin/roster/imports/${id}/import`).type('form').send({ _csrf: admin.csrf });
    const after = await t.db.student.findUniqueOrThrow({ where: { id: existing.id }, include: { therapists: true } });
    expect(after.gradeLevel).toBe(4);
    expect(after.version).toBe(existing.version + 1);
    expect(after.therapists.map((x) => x.userId)).toEqual([otherOt.id]);
  });

  it('reads a Windows (Excel) file and a tab-separated one', async () => {
    const windows = Buffer.from(`${HEADER}\n900401,José,Peña,Lincoln Elementary,1,,,,,,,,,\n`, 'latin1');
    const res = await upload(admin, windows);
    const page = await admin.agent.get(res.headers.location!);
    expect(page.text).toContain('read as Windows-1252 text');
    expect(page.text).toContain('José Peña');
    const tabbed = `\uFEFFStudent ID\tFirst name\tLast name\tSchool\tGrade\n900402\tAmara\tOkoye\tLincoln Elementary\tPK\n`;
    const res2 = await upload(admin, tabbed);
    const page2 = await admin.agent.get(res2.headers.location!);
    expect(page2.text).toContain('Amara Okoye');
    expect(page2.text).toContain('Lincoln Elementary, PreK');
  });

  it('says what is wrong with a file that is not a roster, next to the field', async () => {
    const xlsx = await upload(admin, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), 'roster.xlsx');
    expect(xlsx.status).toBe(422);
    expect(xlsx.text).toContain('This is an Excel workbook, not a CSV file');
    expect(xlsx.text).toContain('aria-invalid="true"');
    const none = await admin.agent.post('/admin/roster').field('_csrf', admin.csrf);
    expect(none.status).toBe(422);
    expect(none.text).toContain('Choose the roster file (CSV).');
    const noColumns = await upload(admin, 'Name,Grade\nAna,3\n');
    const page = await admin.agent.get(noColumns.headers.location!);
    expect(page.text).toContain('No column gives the district student ID');
  });

  it('with htmx, answers the import with its progress, which asks again until it has finished', async () => {
    const res = await upload(admin, `${HEADER}\n900501,Ivy,Stone,Lincoln Elementary,3,,,,,,,,,\n`);
    const id = importIdOf(res.headers.location!);
    const started = await admin.agent
      .post(`/admin/roster/imports/${id}/import`)
      .set('HX-Request', 'true')
      .set('X-CSRF-Token', admin.csrf)
      .type('form')
      .send({});
    expect(started.status).toBe(200);
    expect(started.text).toContain(`hx-get="/admin/roster/imports/${id}/progress"`);
    expect(started.text).toContain('<progress');
    expect(started.text).not.toContain('<html');
    // Once it has finished, the progress answers with the result page to load instead.
    await expect
      .poll(async () => (await admin.agent.get(`/admin/roster/imports/${id}/progress`).set('HX-Request', 'true')).headers['hx-redirect'])
      .toBe(`/admin/roster/imports/${id}`);
    expect(await t.db.student.count({ where: { districtId: '900501' } })).toBe(1);
    // A second click imports nothing twice.
    const again = await admin.agent.post(`/admin/roster/imports/${id}/import`).type('form').send({ _csrf: admin.csrf });
    expect(again.status).toBe(303);
    expect(await t.db.student.count({ where: { districtId: '900501' } })).toBe(1);
  });

  it('imports nothing when what it would do is no longer what the preview showed', async () => {
    const leo = await makeStudent(t.db, { schoolId: lincolnId, districtId: '900601', firstName: 'Lia', lastName: 'Moss', gradeLevel: 2 });
    const res = await upload(admin, `${HEADER}\n900601,Lia,Moss,Lincoln Elementary,3,,,,,,,,,\n`);
    const page = await admin.agent.get(res.headers.location!);
    expect(page.text).toContain('Grade 2 → Grade 3');
    const plan = /name="plan" value="([0-9a-f]{32})"/.exec(page.text)![1]!;
    // Meanwhile someone moves her to grade 4 by hand: the import would now do what nobody read.
    await t.db.student.update({ where: { id: leo.id }, data: { gradeLevel: 4 } });
    const id = importIdOf(res.headers.location!);
    const done = await admin.agent.post(`/admin/roster/imports/${id}/import`).type('form').send({ _csrf: admin.csrf, plan });
    expect(done.status).toBe(303);
    const after = await admin.agent.get(done.headers.location!);
    expect(after.text).toContain('Nothing was imported: what Tandem holds changed since you read the preview');
    expect(after.text).toContain('Grade 4 → Grade 3');
    expect((await t.db.student.findUniqueOrThrow({ where: { id: leo.id } })).gradeLevel).toBe(4);
  });

  it('is for admins only: others get 403 and no file is read', async () => {
    for (const s of [ot, teacher]) {
      expect((await s.agent.get('/admin/roster')).status).toBe(403);
      const res = await upload(s, `${HEADER}\n`);
      expect(res.status).toBe(403);
    }
    const someImport = await t.db.rosterImport.findFirstOrThrow();
    expect((await ot.agent.get(`/admin/roster/imports/${someImport.id}`)).status).toBe(403);
    expect((await ot.agent.post(`/admin/roster/imports/${someImport.id}/import`).type('form').send({ _csrf: ot.csrf })).status).toBe(403);
  });
});
