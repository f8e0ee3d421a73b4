// An OT's or OT assistant's hours a week, set by an admin on the user's page.
import { beforeAll, describe, expect, it } from 'vitest';
import { signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
type Session = Awaited<ReturnType<typeof signedIn>>;
let admin: Session;
let ot: Session;
let therapist: { id: number; name: string; email: string };

beforeAll(async () => {
  admin = await signedIn(t.app, (await user(t.db, 'admin')).email);
  therapist = await user(t.db, 'therapist', { name: 'Rosa Lind' });
  ot = await signedIn(t.app, therapist.email);
});

const edit = (id: number, fields: Record<string, string>, s: Session = admin) =>
  s.agent
    .post(`/admin/users/${id}`)
    .type('form')
    .send({ _csrf: s.csrf, ...fields });
const hours = async (id: number) => (await t.db.user.findUniqueOrThrow({ where: { id } })).hoursPerWeek;

describe("a therapist's hours a week", () => {
  it('are optional, set on the user page with decimals, shown with their unit, and audited', async () => {
    const page = await admin.agent.get(`/admin/users/${therapist.id}`);
    expect(page.text).toContain('<label for="field-hoursPerWeek">Hours a week (therapists only)</label>');
    expect(page.text).toMatch(/id="field-hoursPerWeek" name="hoursPerWeek" type="text"\s+value=""/);
    const res = await edit(therapist.id, { name: therapist.name, email: therapist.email, role: 'therapist', hoursPerWeek: '37.5' });
    expect(res.status).toBe(303);
    expect(await hours(therapist.id)).toBe(37.5);
    const after = await admin.agent.get(`/admin/users/${therapist.id}`);
    expect(after.text).toContain('<dt>Hours a week</dt><dd>37.5 h</dd>');
    expect(after.text).toMatch(/id="field-hoursPerWeek" name="hoursPerWeek" type="text"\s+value="37.5"/);
    const audit = await t.db.auditEvent.findFirstOrThrow({
      where: { action: 'user.updated', targetId: String(therapist.id) },
      orderBy: { id: 'desc' },
    });
    expect(JSON.parse(audit.detail!)).toMatchObject({ fields: 'hoursPerWeek' });
    expect((await admin.agent.get('/admin/audit')).text).toContain('changed hours a week');

    // Emptied: not known.
    expect((await edit(therapist.id, { name: therapist.name, email: therapist.email, role: 'therapist', hoursPerWeek: ' ' })).status).toBe(
      303,
    );
    expect(await hours(therapist.id)).toBeNull();
    // An OT assistant's too.
    const ota = await user(t.db, 'therapist');
    expect((await edit(ota.id, { name: ota.name, email: ota.email, role: 'therapist', assistant: 'on', hoursPerWeek: '20' })).status).toBe(
      303,
    );
    expect(await hours(ota.id)).toBe(20);
  });

  it('are between 1 and 60, checked beside the field, keeping what was typed', async () => {
    for (const [typed, message] of [
      ['0', 'Use at least 1 hour a week'],
      ['60.5', 'Use at most 60 hours a week'],
      ['thirty', 'Enter the hours a week as a number, like 37.5'],
      ['37,5', 'Enter the hours a week as a number, like 37.5'],
      ['-5', 'Enter the hours a week as a number, like 37.5'],
    ]) {
      const res = await edit(therapist.id, { name: therapist.name, email: therapist.email, role: 'therapist', hoursPerWeek: typed! });
      expect(res.status, typed).toBe(422);
      expect(res.text).toContain(`id="field-hoursPerWeek-error" class="field-error">${message}</small>`);
      expect(res.text).toContain(`value="${typed}"`);
    }
    expect((await edit(therapist.id, { name: therapist.name, email: therapist.email, role: 'therapist', hoursPerWeek: '60' })).status).toBe(
      303,
    );
    expect(await hours(therapist.id)).toBe(60);
  });

  it('are kept for therapists only: a teacher or an admin has none', async () => {
    const teacher = await user(t.db, 'teacher');
    expect((await edit(teacher.id, { name: teacher.name, email: teacher.email, role: 'teacher', hoursPerWeek: '30' })).status).toBe(303);
    expect(await hours(teacher.id)).toBeNull();
    const created = await admin.agent
      .post('/admin/users')
      .type('form')
      .send({ _csrf: admin.csrf, name: 'Ines Park', email: 'ines.park@tandem.example', role: 'therapist', hoursPerWeek: '24' });
    expect(created.status).toBe(200);
    expect((await t.db.user.findUniqueOrThrow({ where: { email: 'ines.park@tandem.example' } })).hoursPerWeek).toBe(24);
  });

  it('are set by an admin only: the therapist cannot set their own', async () => {
    expect(
      (await edit(therapist.id, { name: therapist.name, email: therapist.email, role: 'therapist', hoursPerWeek: '10' }, ot)).status,
    ).toBe(403);
    expect(await hours(therapist.id)).toBe(60);
  });
});
