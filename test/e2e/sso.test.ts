/// <reference lib="dom" />
// Single sign-on in Chromium: Tandem's button, the local OpenID provider's login page, and back.
import { afterAll, describe, expect, it } from 'vitest';
import { startOidcProvider } from '../helpers/oidc-provider.js';
import { expectAccessible, useServerAndBrowser, watchConsole } from './browser.js';

const provider = await startOidcProvider();
afterAll(() => provider.stop());

const env = useServerAndBrowser({
  env: (base) => {
    const client = { id: 'tandem', secret: 'tandem-e2e-client-secret', redirectUri: `${base}/sign-in/sso/callback` };
    provider.register(client);
    return {
      PUBLIC_URL: base,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: client.id,
      OIDC_CLIENT_SECRET: client.secret,
      OIDC_EMAIL_DOMAINS: 'tandem.example',
    };
  },
});

describe('single sign-on in a browser', () => {
  it('a therapist signs in with the district account and lands where they were going', async () => {
    provider.accounts.set('maya', { email: 'maya.okafor@tandem.example', email_verified: true, name: 'Maya Okafor' });
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const problems = watchConsole(page);

    await page.goto(`${env.server.base}/students?q=a`);
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Sign in with your district account' }).click();

    // The provider's own login page.
    await page.waitForURL((u) => u.origin === provider.issuer);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Test district: sign in');
    await page.getByLabel('District email').fill('maya');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.waitForURL((u) => u.origin === env.server.base && u.pathname === '/students');
    expect(new URL(page.url()).search).toBe('?q=a');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('My caseload');
    const maya = await env.server.db.user.findUniqueOrThrow({ where: { email: 'maya.okafor@tandem.example' } });
    expect(
      await env.server.db.auditEvent.count({ where: { action: 'sign_in.success', actorId: maya.id, detail: '{"method":"sso"}' } }),
    ).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an unverified email comes back to the sign-in page with a plain message', async () => {
    provider.accounts.set('unverified', { email: 'tom.becker@tandem.example', email_verified: false });
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const problems = watchConsole(page);

    await page.goto(`${env.server.base}/sign-in`);
    await page.getByRole('button', { name: 'Sign in with your district account' }).click();
    await page.waitForURL((u) => u.origin === provider.issuer);
    await page.getByLabel('District email').fill('unverified');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.waitForURL((u) => u.origin === env.server.base && u.pathname === '/sign-in');
    await expect.poll(() => page.locator('p.flash-error[role=alert]').textContent()).toContain('no verified email address');
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });
});
