/// <reference lib="dom" />
// An admin brings the district's roster in from a file in a browser: a PowerSchool-style export
// saved by Excel on Windows, checked, imported with htmx showing progress, then the same file
// again (nothing to do), and the whole flow at phone width without JavaScript.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { expectAccessible, signIn, useServerAndBrowser, watchConsole } from './browser.js';

const env = useServerAndBrowser();
const ADMIN = 'admin@tandem.example';
const dir = mkdtempSync(join(tmpdir(), 'tandem-roster-e2e-'));

async function signedIn(options: BrowserContextOptions = {}): Promise<{ page: Page; problems: string[] }> {
  const context = await env.browser.newContext({ viewport: { width: 820, height: 1180 }, ...options });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, env.server.base, ADMIN);
  return { page, problems };
}

const grade = (g: number) => (g === -1 ? 'PK' : g === 0 ? 'KG' : String(g).padStart(2, '0'));

/**
 * The demo district's students as its information system would export them (the first one a
 * grade up), plus `extra` new students with OT minutes and a teacher who has no account yet;
 * Windows-1252 bytes, as Excel saves "CSV" on Windows.
 */
async function rosterFile(name: string, extra: number, firstId: number): Promise<string> {
  const students = await env.server.db.student.findMany({
    where: { districtId: { not: null } },
    orderBy: { id: 'asc' },
    select: { districtId: true, firstName: true, lastName: true, gradeLevel: true, school: { select: { name: true } } },
  });
  const rows = [
    [
      'Student_Number',
      'Last_Name',
      'First_Name',
      'School_Name',
      'Grade_Level',
      'Gender',
      'OT Minutes',
      'OT Frequency',
      'IEP Start Date',
      'Next Annual Review',
      'Homeroom Teacher Email',
      'Homeroom Teacher',
      'OT Email',
    ],
    ...students.map((s, i) => [
      s.districtId!,
      s.lastName,
      s.firstName,
      s.school.name,
      grade(s.gradeLevel + (i === 0 && s.gradeLevel < 12 ? 1 : 0)),
      'F',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]),
    ...Array.from({ length: extra }, (_, i) => [
      String(firstId + i),
      ['Peña', "O'Neill", 'Müller'][i % 3]!,
      ['José', 'Zoë', 'Renée'][i % 3]!,
      'Riverside Elementary',
      grade(i % 6),
      'M',
      '60',
      'Monthly',
      '9/8/2026',
      '9/7/2027',
      'lena.fischer@tandem.example',
      'Lena Fischer',
      'sam.rivera@tandem.example',
    ]),
  ];
  const file = join(dir, name);
  writeFileSync(file, Buffer.from(stringify(rows, { record_delimiter: 'windows' }), 'latin1'));
  return file;
}

describe('importing the district roster in a browser', () => {
  it('checks a Windows file, imports it (htmx), and a second import changes nothing', async () => {
    const { page, problems } = await signedIn();
    await page.goto(`${env.server.base}/admin/roster`);
    await expectAccessible(page);
    const file = await rosterFile('district-roster.csv', 30, 410000);

    await page.getByLabel('Roster file (CSV)').setInputFiles(file);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.waitForURL(/\/admin\/roster\/imports\/\d+$/);
    const main = page.locator('main');
    await expect.poll(() => main.textContent()).toContain('read as Windows-1252 text');
    expect(await main.textContent()).toContain('José Peña');
    expect(await main.textContent()).toMatch(/30\s*to add/);
    expect(await main.textContent()).toMatch(/1\s*to update/);
    expect(await main.textContent()).toContain('Lena Fischer (lena.fischer@tandem.example)');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Import 31 students' }).click();
    await page.waitForSelector('text=Imported.');
    expect(await main.textContent()).toContain('30 students added, 1 updated');
    await expectAccessible(page);
    expect(await env.server.db.student.count({ where: { districtId: { gte: '410000', lt: '410030' } } })).toBe(30);
    const jose = await env.server.db.student.findFirstOrThrow({
      where: { districtId: '410000' },
      include: { mandates: true, teachers: { include: { user: true } } },
    });
    expect(jose).toMatchObject({ firstName: 'José', lastName: 'Peña' });
    expect(jose.mandates).toMatchObject([{ minutes: 60, period: 'month' }]);
    expect(jose.teachers[0]?.user.name).toBe('Lena Fischer');

    await page.goto(`${env.server.base}/admin/roster`);
    await page.getByLabel('Roster file (CSV)').setInputFiles(file);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.waitForURL(/\/admin\/roster\/imports\/\d+$/);
    expect(await main.textContent()).toContain('Nothing to import');
    expect(problems).toEqual([]);
  });

  it('works at phone width without JavaScript, with no sideways scrolling', async () => {
    const { page } = await signedIn({ viewport: { width: 375, height: 812 }, javaScriptEnabled: false });
    const file = await rosterFile('more-students.csv', 5, 420000);
    await page.goto(`${env.server.base}/admin/roster`);
    await page.getByLabel('Roster file (CSV)').setInputFiles(file);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.waitForURL(/\/admin\/roster\/imports\/\d+$/);
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
    expect(await fits()).toBe(true);
    await page.getByRole('button', { name: /^Import \d+ students$/ }).click();
    await page.waitForSelector('text=Imported.');
    expect(await page.locator('main').textContent()).toContain('5 students added');
    expect(await fits()).toBe(true);
    expect(await env.server.db.student.count({ where: { districtId: { gte: '420000', lt: '420005' } } })).toBe(5);
  });
});
