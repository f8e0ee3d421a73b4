// A one-time message waits for the page that shows it: a redirect on the way does not eat it.
import { expect, it } from 'vitest';
import { PASSWORD, csrfFrom, signedIn, testApp, user } from '../helpers/app.js';

const t = await testApp();

it('shows "Your password is changed." on the page reached through the home redirect', async () => {
  // An admin's home redirects to the student list (a therapist's and a teacher's is a page).
  const admin = await user(t.db, 'admin', { name: 'Flora Flash' });
  const s = await signedIn(t.app, admin.email);
  const page = await s.agent.get('/account/password');
  const res = await s.agent
    .post('/account/password')
    .type('form')
    .send({
      _csrf: csrfFrom(page.text),
      current: PASSWORD,
      password: 'lantern orchard pebble violin',
      confirm: 'lantern orchard pebble violin',
    });
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/');
  const home = await s.agent.get('/');
  expect(home.status).toBe(303);
  const list = await s.agent.get(home.headers.location as string);
  expect(list.text).toContain('Your password is changed.');
  // Shown once.
  expect((await s.agent.get('/students')).text).not.toContain('Your password is changed.');
});
