// The student's id in the district's student information system (Student.districtId): typed on
// the add and edit forms, unique, shown on the student's page, and found by the list's search.
import { studentFormFields } from '../../helpers/forms.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../../../src/access/current-user.js';
import type { Db } from '../../../src/db/client.js';
import { detailWords } from '../../../src/features/audit/audit-actions.js';
import { studentForm } from '../../../src/features/students/students.schema.js';
import { createStudent } from '../../../src/features/students/students.write.js';
import { Invalid } from '../../../src/web/errors.js';
import { makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
type Session = Awaited<ReturnType<typeof signedIn>>;
let schoolId: number;
let therapistId: number;
let therapist: Session;
let otherOt: Session;
let teacher: Session;
let teacherId: number;
let admin: Session;

const valid = () => studentFormFields(schoolId);

const fieldError = (html: string) => /id="field-districtId-error" class="field-error">([^<]*)</.exec(html)?.[1];

beforeAll(async () => {
  schoolId = (await makeSchool(t.db, { name: 'Elm Street Elementary' })).id;
  const ot = await user(t.db, 'therapist');
  therapistId = ot.id;
  therapist = await signedIn(t.app, ot.email);
  otherOt = await signedIn(t.app, (await user(t.db, 'therapist')).email);
  const te = await user(t.db, 'teacher');
  teacherId = te.id;
  teacher = await signedIn(t.app, te.email);
  admin = await signedIn(t.app, (await user(t.db, 'admin')).email);
});

describe('the district student ID on the add form', () => {
  it('is offered with its hint, saved trimmed, and shown on the student page to the OT and the class teacher', async () => {
    const form = await therapist.agent.get('/students/new');
    expect(form.text).toContain('<label for="field-districtId">District student ID (optional)</label>');
    expect(form.text).toContain('a roster import matches on it');
    const res = await therapist.agent
      .post('/students')
      .type('form')
      .send({ _csrf: therapist.csrf, ...valid(), lastName: 'Trimmed', districtId: '  204518 ' });
    expect(res.status).toBe(303);
    const s = await t.db.student.findFirstOrThrow({ where: { lastName: 'Trimmed' } });
    expect(s.districtId).toBe('204518');
    await t.db.studentTeacher.create({ data: { studentId: s.id, userId: teacherId } });
    for (const who of [therapist, teacher, admin]) {
      const page = await who.agent.get(`/students/${s.id}`);
      expect(page.text).toContain('<dt>District ID</dt><dd>204518</dd>');
    }
    expect((await otherOt.agent.get(`/students/${s.id}`)).status).toBe(404);
  });

  it('empty means none, and a student without one shows no district ID', async () => {
    const res = await therapist.agent
      .post('/students')
      .type('form')
      .send({ _csrf: therapist.csrf, ...valid(), lastName: 'NoDistrictId', districtId: '   ' });
    expect(res.status).toBe(303);
    const s = await t.db.student.findFirstOrThrow({ where: { lastName: 'NoDistrictId' } });
    expect(s.districtId).toBeNull();
    expect((await therapist.agent.get(`/students/${s.id}`)).text).not.toContain('District ID');
  });

  it.each([
    ['2045 18', 'only letters, digits, - and _'],
    ['20451<8>', 'only letters, digits, - and _'],
    ['204518;DROP', 'only letters, digits, - and _'],
    ['é204518', 'only letters, digits, - and _'],
    ['1'.repeat(21), '20 characters or fewer'],
  ])('refuses %j next to the field, keeping what was typed and writing nothing', async (districtId, message) => {
    const before = await t.db.student.count();
    const res = await therapist.agent
      .post('/students')
      .type('form')
      .send({ _csrf: therapist.csrf, ...valid(), lastName: 'Refused', districtId });
    expect(res.status).toBe(422);
    expect(fieldError(res.text)).toContain(message);
    expect(res.text).toContain('aria-invalid="true"');
    expect(res.text).toContain('value="Rosa"');
    expect(res.text).toContain(`value="${districtId.replace('<', '&lt;').replace('>', '&gt;')}"`);
    expect(await t.db.student.count()).toBe(before);
  });

  it('accepts letters, digits, - and _ up to 20 characters', () => {
    for (const districtId of ['A-1_b', '1'.repeat(20), '000123'])
      expect(studentForm.safeParse({ ...valid(), districtId }).success).toBe(true);
  });

  it('refuses an ID another student has, next to the field, keeping the input and writing nothing', async () => {
    await makeStudent(t.db, { schoolId, lastName: 'Holder', districtId: '300001' });
    const before = await t.db.student.count();
    const created = () => t.db.auditEvent.count({ where: { action: 'student.created' } });
    const events = await created();
    const res = await therapist.agent
      .post('/students')
      .type('form')
      .send({ _csrf: therapist.csrf, ...valid(), lastName: 'Second', districtId: ' 300001' });
    expect(res.status).toBe(422);
    expect(fieldError(res.text)).toBe('Another student already has this district student ID');
    expect(res.text).toContain('value="Second"');
    expect(res.text).toContain('value=" 300001"');
    expect(await t.db.student.count()).toBe(before);
    expect(await created()).toBe(events);
  });

  it('turns the unique index refusing a racing save (P2002) into the same message', async () => {
    await makeStudent(t.db, { schoolId, lastName: 'RaceWinner', districtId: '300002' });
    const me = (await t.db.user.findUniqueOrThrow({ where: { id: therapistId } })) as CurrentUser;
    // The other save lands between the check and the write: the check inside the transaction sees nothing.
    const racing = new Proxy(t.db, {
      get(db, key) {
        if (key !== '$transaction') return Reflect.get(db, key);
        return (work: (tx: unknown) => Promise<unknown>) =>
          db.$transaction((tx) =>
            work(
              new Proxy(tx, {
                get(client, name) {
                  const model = Reflect.get(client, name) as object;
                  if (name !== 'student') return model;
                  return new Proxy(model, {
                    get(delegate, method) {
                      if (method === 'findFirst') return async () => null;
                      return Reflect.get(delegate, method);
                    },
                  });
                },
              }),
            ),
          );
      },
    }) as Db;
    const before = await t.db.student.count();
    const input = studentForm.parse({ ...valid(), lastName: 'RaceLoser', districtId: '300002' });
    const error = await createStudent(racing, { user: me }, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).fields).toEqual({ districtId: 'Another student already has this district student ID' });
    expect(await t.db.student.count()).toBe(before);
  });
});

describe('the district student ID on the edit form', () => {
  it('is filled in, saved with the version check, and the audit entry names the field', async () => {
    const s = await makeStudent(t.db, {
      schoolId,
      firstName: 'Theo',
      lastName: 'Marsh',
      therapistIds: [therapistId],
      districtId: '300010',
    });
    const form = await therapist.agent.get(`/students/${s.id}/edit`);
    expect(form.text).toMatch(/id="field-districtId" name="districtId" type="text"\s+value="300010"/);
    const res = await therapist.agent
      .post(`/students/${s.id}`)
      .type('form')
      .send({ _csrf: therapist.csrf, ...valid(), firstName: 'Theo', lastName: 'Marsh', districtId: '300011', version: '1' });
    expect(res.status).toBe(303);
    expect(await t.db.student.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({ districtId: '300011', version: 2 });
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'student.updated', studentId: s.id } });
    const detail = JSON.parse(event.detail!) as Record<string, string>;
    expect(detail.fields!.split(',')).toContain('districtId');
    expect(detail.fields!.split(',')).not.toContain('firstName');
    expect(detailWords('student.updated', event.detail, () => undefined)).toContain('district student ID');
    const stale = await therapist.agent
      .post(`/students/${s.id}`)
      .type('form')
      .send({ _csrf: therapist.csrf, ...valid(), firstName: 'Theo', lastName: 'Marsh', districtId: '300012', version: '1' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('value="300012"');
    expect((await t.db.student.findUniqueOrThrow({ where: { id: s.id } })).districtId).toBe('300011');
  });

  it("keeps its own ID, refuses another student's next to the field, and clears to none", async () => {
    await makeStudent(t.db, { schoolId, lastName: 'Other', districtId: '300020' });
    const s = await makeStudent(t.db, { schoolId, lastName: 'Mine', therapistIds: [therapistId], districtId: '300021' });
    const same = await therapist.agent
      .post(`/students/${s.id}`)
      .type('form')
      .send({ _csrf: therapist.csrf, ...valid(), lastName: 'Mine', districtId: '300021', version: '1' });
    expect(same.status).toBe(303);
    const taken = await therapist.agent
      .post(`/students/${s.id}`)
      .type('form')
      .send({ _csrf: therapist.csrf, ...valid(), lastName: 'Renamed', districtId: '300020', version: '2' });
    expect(taken.status).toBe(422);
    expect(fieldError(taken.text)).toBe('Another student already has this district student ID');
    expect(taken.text).toContain('value="Renamed"');
    expect(taken.text).toContain('name="version" value="2"');
    expect(await t.db.student.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({
      lastName: 'Mine',
      districtId: '300021',
      version: 2,
    });
    const cleared = await therapist.agent
      .post(`/students/${s.id}`)
      .type('form')
      .send({ _csrf: therapist.csrf, ...valid(), lastName: 'Mine', districtId: '', version: '2' });
    expect(cleared.status).toBe(303);
    expect((await t.db.student.findUniqueOrThrow({ where: { id: s.id } })).districtId).toBeNull();
  });
});

describe('searching the list by district student ID', () => {
  it('finds the student by the whole ID, in scope only; part of an ID finds nothing', async () => {
    await makeStudent(t.db, { schoolId, firstName: 'Iris', lastName: 'Quill', therapistIds: [therapistId], districtId: '481516' });
    await makeStudent(t.db, { schoolId, firstName: 'Abe', lastName: 'Other', therapistIds: [therapistId], districtId: 'X-2342' });
    const found = await therapist.agent.get('/students?q=481516');
    expect(found.text).toContain('Quill');
    expect(found.text).not.toContain('Other');
    expect((await admin.agent.get('/students?q=%20481516%20')).text).toContain('Quill');
    expect((await therapist.agent.get('/students?q=X-2342')).text).toContain('Other');
    expect((await therapist.agent.get('/students?q=4815')).text).not.toContain('Quill');
    // An OT who does not serve the student does not find them by their ID.
    expect((await otherOt.agent.get('/students?q=481516')).text).not.toContain('Quill');
    // A name still finds by name.
    expect((await therapist.agent.get('/students?q=quill')).text).toContain('Quill');
  });
});
