// Valid pages: the HTML the server sends for the main pages of each role (the same tour as the
// screenshots) passes the Nu HTML Checker (vnu-jar from npm, which needs Java), apart from htmx's
// attributes. One run of the checker over all pages: starting Java is most of its cost.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from './browser.js';
import { openAs, resolve, tour } from './tour.js';

const env = useServerAndBrowser();
const vnuJar: string = createRequire(import.meta.url)('vnu-jar');
const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
const JAVA_MISSING =
  java.error || java.status !== 0
    ? 'Java was not found (the Nu HTML Checker runs on it): install a Java runtime (e.g. "apt-get install default-jre-headless") to check the HTML'
    : null;

/**
 * Messages the checker may drop, each a whole-message regular expression. Keep this short: each
 * is a decision that the markup is right and the checker cannot know it.
 */
const ACCEPTED = [
  // htmx's own attributes (hx-get, hx-post, hx-target, ...): htmx reads them; HTML has no data- form of all of them we use.
  'Attribute “hx-[a-z:-]+” not allowed on element “[a-z0-9]+” at this point\\.',
];

type Message = { type: string; subType?: string; url?: string; lastLine?: number; firstColumn?: number; message: string; extract?: string };

describe('valid HTML on the main pages of each role', () => {
  it('the Nu HTML Checker finds no errors apart from htmx attributes', { timeout: 180_000 }, async (ctx) => {
    if (JAVA_MISSING) {
      console.warn(`html-valid: skipped. ${JAVA_MISSING}.`);
      ctx.skip(JAVA_MISSING);
    }
    const dir = mkdtempSync(join(tmpdir(), 'tandem-html-'));
    try {
      // The HTML as sent (not the DOM after scripts ran), fetched with each role's sign-in cookies.
      const files: string[] = [];
      for (const role of await tour(env.server.db)) {
        const context = await env.browser.newContext();
        const { page } = await openAs(context, env.server.base, role.email);
        for (const stop of role.stops) {
          const path = await resolve(page, env.server.base, stop);
          const response = await context.request.get(`${env.server.base}${path}`, { maxRedirects: 0 });
          expect(response.status(), `${role.role} ${stop.name} (${path}) answers 200`).toBe(200);
          const file = join(dir, `${role.role}-${stop.name}.html`);
          writeFileSync(file, await response.text());
          files.push(file);
        }
        await context.close();
      }
      expect(files.length).toBeGreaterThan(20);

      const started = performance.now();
      const run = spawnSync(
        'java',
        ['-jar', vnuJar, '--format', 'json', '--stdout', '--skip-non-html', '--filterpattern', ACCEPTED.join('|'), dir],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      const seconds = (performance.now() - started) / 1000;
      console.info(`html-valid: the Nu HTML Checker read ${files.length} pages in ${seconds.toFixed(1)} s`);
      expect(run.error, 'the checker ran').toBeUndefined();
      const messages = (JSON.parse(run.stdout) as { messages: Message[] }).messages;
      const errors = messages
        .filter((m) => m.type === 'error' || m.type === 'non-document-error')
        .map(
          (m) =>
            `${basename(m.url ?? '?', '.html')}:${m.lastLine ?? '?'}:${m.firstColumn ?? '?'} ${m.message}${m.extract ? ` [${m.extract.replace(/\s+/g, ' ').trim()}]` : ''}`,
        );
      expect(errors).toEqual([]);
      // Startup of Java is most of this; it must stay fit for CI.
      expect(seconds).toBeLessThan(60);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
