// Adding students to a team from the student list: after a refusal, the list comes back with the
// same students ticked, the same person chosen, and its search and school filter.
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
type Session = Awaited<ReturnType<typeof signedIn>>;
let admin: Session;
let schoolId: number;
let ids: number[];
let priya: { id: number };

beforeAll(async () => {
  schoolId = (await makeSchool(t.db, { name: 'Birch Elementary' })).id;
  priya = await user(t.db, 'therapist', { name: 'Priya Shah' });
  ids = [];
  for (const lastName of ['Ames', 'Baker', 'Cruz']) ids.push((await makeStudent(t.db, { schoolId, firstName: 'Ana', lastName })).id);
  admin = await signedIn(t.app, (await user(t.db, 'admin')).email);
});

const bulk = (fields: Record<string, string | string[]>) =>
  admin.agent
    .post('/admin/team/bulk')
    .type('form')
    .send({ _csrf: admin.csrf, ...fields });

const box = (id: number) => new RegExp(`name="studentIds" value="${id}" form="bulk-team"( checked)?>`);
const ticked = (html: string, id: number) => box(id).exec(html)?.[1] === ' checked';

describe('the student list after a refused bulk add', () => {
  it('keeps the ticked students ticked and the filters, and says what is missing next to the field', async () => {
    const back = `/students?school=${schoolId}&q=ana`;
    const res = await bulk({ studentIds: [String(ids[0]), String(ids[2])], userId: '', back });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(back);
    const list = await admin.agent.get(res.headers.location!);
    expect(list.status).toBe(200);
    expect(ticked(list.text, ids[0]!)).toBe(true);
    expect(ticked(list.text, ids[1]!)).toBe(false);
    expect(ticked(list.text, ids[2]!)).toBe(true);
    expect(list.text).toContain('value="ana"'); // the search
    expect(list.text).toMatch(new RegExp(`<option value="${schoolId}" selected>`));
    const userSelect = /<select id="bulk-team-user" name="userId"[^>]*>/.exec(list.text)?.[0] ?? '';
    expect(userSelect).toContain('aria-describedby="bulk-team-user-hint bulk-team-user-error"');
    expect(userSelect).toContain('aria-invalid="true"');
    expect(list.text).toContain('<small id="bulk-team-user-error" class="field-error">Choose who to add the students to</small>');
    expect(list.text).toContain('Nobody was added: Choose who to add the students to.');

    // Shown once: the next visit is a fresh list.
    const again = await admin.agent.get(back);
    expect(ticked(again.text, ids[0]!)).toBe(false);
    expect(again.text).not.toContain('aria-invalid="true"');
  });

  it('keeps the person chosen when no student was ticked', async () => {
    const res = await bulk({ userId: String(priya.id), back: '/students' });
    expect(res.status).toBe(303);
    const list = await admin.agent.get('/students');
    expect(list.text).toContain(`<option value="${priya.id}" selected>`);
    expect(list.text).toContain('<p id="bulk-team-students-error" class="field-error">Select at least one student</p>');
    expect(ids.every((id) => !ticked(list.text, id))).toBe(true);
    expect(await t.db.studentTherapist.count({ where: { userId: priya.id } })).toBe(0);
  });

  it('keeps nothing once the add succeeds', async () => {
    const res = await bulk({ studentIds: [String(ids[1])], userId: String(priya.id), back: '/students' });
    expect(res.status).toBe(303);
    const list = await admin.agent.get('/students');
    expect(list.text).toContain('Added Priya Shah to 1 student');
    expect(ticked(list.text, ids[1]!)).toBe(false);
    expect(list.text).not.toContain(`<option value="${priya.id}" selected>`);
  });

  it('an htmx search in between leaves the kept form for the whole page', async () => {
    await bulk({ studentIds: [String(ids[0])], userId: '', back: '/students' });
    const fragment = await admin.agent.get('/students?q=ames').set('HX-Request', 'true');
    expect(fragment.status).toBe(200);
    const list = await admin.agent.get('/students');
    expect(ticked(list.text, ids[0]!)).toBe(true);
  });
});
