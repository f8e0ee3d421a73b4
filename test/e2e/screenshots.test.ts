/// <reference lib="dom" />
// Screenshots as part of review: the main pages for each role at a laptop, tablet and phone width,
// saved as full-page PNGs in test-results/screenshots/<role>-<page>-<width>.png (git-ignored), so a
// change in look is seen, not guessed. Each page is also checked for what must hold everywhere: no
// console error or CSP violation, no sideways scroll on a tablet or phone, and headings in order.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from './browser.js';
import { WIDTHS, openAs, tour, visit } from './tour.js';
import type { Role } from './tour.js';

const env = useServerAndBrowser();
type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;
const DIR = join(process.cwd(), 'test-results', 'screenshots');
mkdirSync(DIR, { recursive: true });

/** Problems with the page's headings: one h1, first; no level skipped going down. */
async function headingProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const headings = Array.from(document.querySelectorAll<HTMLElement>('h1, h2, h3, h4, h5, h6, [role="heading"]')).filter(
      (h) => !h.closest('[hidden], [aria-hidden="true"], template'),
    );
    const levelOf = (h: HTMLElement) => Number(h.getAttribute('aria-level') ?? h.tagName.slice(1));
    const text = (h: HTMLElement) => `h${levelOf(h)} "${(h.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60)}"`;
    const problems: string[] = [];
    const ones = headings.filter((h) => levelOf(h) === 1);
    if (ones.length !== 1) problems.push(`${ones.length} h1 headings (${ones.map(text).join(', ')})`);
    let previous = 0;
    for (const h of headings) {
      const level = levelOf(h);
      if (level > previous + 1) problems.push(`${text(h)} follows ${previous ? `an h${previous}` : 'no heading'}`);
      previous = level;
    }
    return problems;
  });
}

/** How far the page scrolls sideways, in CSS pixels, and the outermost elements that stick out. */
function overflow(page: Page): Promise<{ by: number; culprits: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const by = root.scrollWidth - root.clientWidth;
    if (by <= 0) return { by, culprits: [] };
    // Sticking out, but not further than the page scrolls: what sticks out further is clipped (a
    // closed menu panel, say), so it is not what makes the page scroll.
    const out = Array.from(document.body.querySelectorAll<HTMLElement>('*')).filter((e) => {
      const right = e.getBoundingClientRect().right;
      return right > root.clientWidth + 0.5 && right <= root.scrollWidth + 0.5;
    });
    const outermost = out.filter((e) => !out.some((o) => o !== e && o.contains(e)));
    const name = (e: Element) =>
      `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.classList.length ? `.${Array.from(e.classList).join('.')}` : ''}`;
    return { by, culprits: outermost.slice(0, 3).map((e) => `${name(e)} (right edge ${Math.round(e.getBoundingClientRect().right)} px)`) };
  });
}

let roles: Role[] | undefined;
/** Each role's cookies once signed in: the role signs in once, its other widths reuse them. */
const signedIn = new Map<string, StorageState>();
const cases = ['public', 'admin', 'ot', 'assistant', 'teacher'].flatMap((role) => WIDTHS.map((width) => ({ role, width })));

describe('the main pages for each role, at 1280, 820 and 375 px', () => {
  it.for(cases)(
    '$role at $width px: screenshots saved, quiet console, fits the width, headings in order',
    async ({ role: name, width }) => {
      roles ??= await tour(env.server.db);
      const role = roles.find((r) => r.role === name)!;
      const storageState = signedIn.get(name);
      const context = await env.browser.newContext({ viewport: { width, height: 900 }, storageState });
      const { page, problems } = await openAs(context, env.server.base, storageState ? null : role.email);
      if (!storageState) signedIn.set(name, await context.storageState());
      const found: string[] = [];
      for (const stop of role.stops) {
        const where = `${role.role}-${stop.name}-${width}`;
        await visit(page, env.server.base, stop);
        await page.screenshot({ path: join(DIR, `${where}.png`), fullPage: true });
        for (const p of problems.splice(0)) found.push(`${where}: console: ${p}`);
        if (width < 1280) {
          const wide = await overflow(page);
          if (wide.by > 0) found.push(`${where}: scrolls sideways by ${wide.by} px: ${wide.culprits.join(', ')}`);
        }
        for (const p of await headingProblems(page)) found.push(`${where}: headings: ${p}`);
      }
      await context.close();
      expect(found).toEqual([]);
    },
  );
});
