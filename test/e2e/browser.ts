// Runs the real server on a free port with demo data, and drives Debian's Chromium.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createDb } from '../../src/db/client.js';
import { DEMO_PASSWORD } from '../../src/db/demo-data.js';
import { jobHandlers } from '../../src/jobs/handlers.js';
import { startWorker } from '../../src/jobs/jobs.js';
import { createLogger } from '../../src/web/logger.js';
import { freshDatabaseUrl } from '../helpers/db.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export { DEMO_PASSWORD };

if (!existsSync(CHROMIUM)) {
  throw new Error(`Browser tests need Chromium at ${CHROMIUM}: install it with "apt-get install chromium" or set CHROMIUM_PATH.`);
}

export type ServerOptions = {
  /** More settings, made knowing the address the server listens at (e.g. PUBLIC_URL for single sign-on). */
  env?: (base: string) => Record<string, string>;
};

export async function startServer(options: ServerOptions = {}) {
  // A copy of the demo district, loaded once for the run (loading it is seconds a file).
  const url = freshDatabaseUrl({ demo: true });
  // Listening comes first, so that settings naming our own address can be made.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    SESSION_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123',
    ...options.env?.(base),
  });
  const db = createDb(url);
  const { app } = createApp({ config, db });
  // Background jobs (note batches, roster imports) run as in the app.
  const worker = startWorker({ db, config, logger: createLogger('silent') }, jobHandlers, { pollMs: 200 });
  server.on('request', app);
  return {
    base,
    db,
    async stop() {
      await new Promise((r) => server.close(r));
      await worker.stop();
      await db.$disconnect();
    },
  };
}

const STEP_TIMEOUT_MS = 30_000;

export async function launch(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // A step that can never happen (a link that is not there) fails after 30 s naming what it waited
  // for, instead of waiting silently until the test's own time runs out.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    return context;
  };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (...args) => {
    const page = await newPage(...args);
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    return page;
  };
  return browser;
}

export async function signIn(page: Page, base: string, email: string, password = DEMO_PASSWORD) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

/** Fails with the list of WCAG 2.1 A/AA violations axe finds on the page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, `${page.url()} has accessibility violations`).toEqual([]);
}

/** Collects console errors and CSP violations, which must never happen. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    // Chromium logs every 4xx answer as "Failed to load resource"; those are expected answers.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(err.message));
  return problems;
}

/** One server with demo data and one browser for a test file, stopped after it. */
export function useServerAndBrowser(options: ServerOptions = {}) {
  const state = {} as { server: Awaited<ReturnType<typeof startServer>>; browser: Browser };
  beforeAll(async () => {
    state.server = await startServer(options);
    state.browser = await launch();
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.server?.stop();
  });
  return state;
}
