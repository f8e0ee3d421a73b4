// The main pages for each role, shared by the screenshot run and the HTML check: one list, so
// what is looked at is what is validated.
import type { BrowserContext, Page } from 'playwright-core';
import type { startServer } from './browser.js';
import { signIn, watchConsole } from './browser.js';

type Server = Awaited<ReturnType<typeof startServer>>;
type Db = Server['db'];

export const ADMIN = 'admin@tandem.example';
export const OT = 'maya.okafor@tandem.example';
export const ASSISTANT = 'jordan.lee@tandem.example';
export const TEACHER = 'priya.shah@tandem.example';

export type Stop = { name: string; path: string };
export type Role = { role: string; email: string | null; stops: Stop[] };

/** The widths a district uses: a laptop, a tablet held upright, a phone. */
export const WIDTHS = [1280, 820, 375] as const;

/**
 * The tour, with the records it visits found in the demo district. The OT's note editor needs a
 * draft, which only exists once written: `draftNote` makes one through the form, as the OT does.
 */
export async function tour(db: Db): Promise<Role[]> {
  const byEmail = (email: string) => db.user.findUniqueOrThrow({ where: { email } });
  const [maya, jordan, priya] = await Promise.all([byEmail(OT), byEmail(ASSISTANT), byEmail(TEACHER)]);
  // An OT's student with data on an active goal: the page, the goal graph and the note all have content.
  const student = await db.student.findFirstOrThrow({
    where: { therapists: { some: { userId: maya.id } }, goals: { some: { status: 'active', dataPoints: { some: {} } } } },
    include: { goals: { where: { status: 'active', dataPoints: { some: {} } }, take: 1 } },
    orderBy: { id: 'asc' },
  });
  const assisted = await db.student.findFirstOrThrow({ where: { therapists: { some: { userId: jordan.id } } }, orderBy: { id: 'asc' } });
  // A note shared with the teacher, about a student in her class.
  const shared = await db.progressNote.findFirstOrThrow({
    where: { sharedAt: { not: null }, student: { teachers: { some: { userId: priya.id } } } },
    orderBy: { id: 'asc' },
  });
  return [
    {
      role: 'public',
      email: null,
      stops: [{ name: 'sign-in', path: '/sign-in' }],
    },
    {
      role: 'admin',
      email: ADMIN,
      stops: [
        { name: 'students', path: '/students' },
        { name: 'student', path: `/students/${student.id}` },
        { name: 'users', path: '/admin/users' },
        { name: 'minutes-report', path: '/admin/reports/minutes' },
        { name: 'import-roster', path: '/admin/roster' },
        { name: 'audit', path: '/admin/audit' },
      ],
    },
    {
      role: 'ot',
      email: OT,
      stops: [
        { name: 'home', path: '/' },
        { name: 'students', path: '/students' },
        { name: 'student', path: `/students/${student.id}` },
        { name: 'goal', path: `/goals/${student.goals[0]!.id}` },
        { name: 'log-session', path: '/sessions/new' },
        { name: 'schedule', path: '/schedule' },
        { name: 'to-cosign', path: '/sessions/to-cosign' },
        { name: 'notes-tracker', path: '/notes' },
        { name: 'note-editor', path: `draft:${student.id}` },
      ],
    },
    {
      role: 'assistant',
      email: ASSISTANT,
      stops: [
        { name: 'home', path: '/' },
        { name: 'student', path: `/students/${assisted.id}` },
        { name: 'log-session', path: '/sessions/new' },
        { name: 'to-sign', path: '/sessions/to-sign' },
      ],
    },
    {
      role: 'teacher',
      email: TEACHER,
      stops: [
        { name: 'home', path: '/' },
        { name: 'student', path: `/students/${shared.studentId}` },
        { name: 'shared-note', path: `/notes/${shared.id}` },
        { name: 'strategies', path: `/students/${shared.studentId}/strategies/sheet` },
      ],
    },
  ];
}

/** A context signed in as the role (or not, for the public pages), watching the console. */
export async function openAs(context: BrowserContext, base: string, email: string | null): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems = watchConsole(page);
  // Chromium reports a Content-Security-Policy violation as a console error; count it also when it
  // is only an event in the page (a blocked inline style on an element made by script).
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  // A missing stylesheet, script, image or icon is a broken page too (Chromium's console only says
  // "Failed to load resource", which watchConsole lets pass for the 4xx answers tests expect).
  page.on('response', (response) => {
    if (response.status() >= 400 && response.request().resourceType() !== 'document' && !response.request().isNavigationRequest())
      problems.push(`${response.status()} for ${response.request().resourceType()} ${new URL(response.url()).pathname}`);
  });
  if (email) await signIn(page, base, email);
  return { page, problems };
}

/**
 * The address of a stop; `draft:<student>` writes a progress-note draft through the form (once per
 * server: the address is remembered) and answers its editor.
 */
const drafts = new Map<string, string>();
export async function resolve(page: Page, base: string, stop: Stop): Promise<string> {
  if (!stop.path.startsWith('draft:')) return stop.path;
  const key = `${base} ${stop.path}`;
  const known = drafts.get(key);
  if (known) return known;
  await page.goto(`${base}/students/${stop.path.slice('draft:'.length)}/notes/new`);
  await page.getByRole('button', { name: 'Write the draft' }).click();
  await page.waitForURL(/\/notes\/\d+\/edit$/);
  const path = new URL(page.url()).pathname;
  drafts.set(key, path);
  return path;
}

/** Goes to a stop and checks the answer was the page itself (no redirect, no error). */
export async function visit(page: Page, base: string, stop: Stop): Promise<string> {
  const path = await resolve(page, base, stop);
  const response = await page.goto(`${base}${path}`);
  // Thrown, not expected: the tests that visit run at the same time, each with its own expect.
  if (response?.status() !== 200) throw new Error(`${stop.name} (${path}) answered ${response?.status()}, not 200`);
  const landed = new URL(page.url()).pathname;
  if (landed !== path.split('?')[0]) throw new Error(`${stop.name} (${path}) was redirected to ${landed}`);
  return path;
}
