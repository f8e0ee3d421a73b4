// No page of an OT, an OT assistant or a teacher reads a table that grows with the district from
// end to end: every statement their pages send finds its rows by an index, so a page costs what the
// caseload costs, not what the district holds (issue 16). Each of them walks the demo district by
// the links their pages show, every statement SQLite prepares on the way is recorded with its
// values, and SQLite's plan for it (EXPLAIN QUERY PLAN) must search, never scan, such a table.
// Prisma's relation filters (a scope tested on every student of the district) and its nested
// counts (grouping a whole table) plan as scans; that is how each of them was found. On SQLite
// only: the plans are SQLite's, and PostgreSQL's planner weighs its own statistics.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoAccounts, loadDemoData } from '../../src/db/demo-data.js';
import { signedIn, testApp } from '../helpers/app.js';
import { onPostgres } from '../helpers/db.js';

/** Tables that stay small whatever the number of students: a scan of one is a few pages. */
const SMALL_TABLES = new Set([
  'School',
  'SchoolTherapist',
  'GoalTemplate',
  'ProgressCode',
  'DistrictSetting',
  'ReportingPeriod',
  'SchoolYear',
  'DayOff',
  'Job',
  'ThrottleCounter',
  'RosterImport',
]);
/** Pages a person walks to at most, and of one shape ("/students/:n") at most. */
const MAX_PAGES = 150;
const PER_SHAPE = 2;

type Call = { sql: string; args: unknown[]; path: string };
const calls = new Map<string, Call>();
let walking = '';

// Every statement prepared from here on records its first call (the values it was run with) and
// the page that sent it. Put back after the file: test files share a worker.
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (this: Database.Database, sql: string) {
  const statement = prepare.call(this, sql);
  for (const method of ['all', 'get', 'iterate'] as const) {
    const run = statement[method] as (...args: unknown[]) => unknown;
    (statement as unknown as Record<string, unknown>)[method] = function (this: unknown, ...args: unknown[]) {
      if (walking && !calls.has(sql)) calls.set(sql, { sql, args, path: walking });
      return run.apply(this, args);
    };
  }
  return statement;
} as typeof Database.prototype.prepare;
afterAll(() => {
  Database.prototype.prepare = prepare;
});

const t = await testApp({ demo: true });

beforeAll(async () => {
  if (!onPostgres) await loadDemoData(t.db, t.config.timeZone);
}, 120_000);

/** "/students/12/goals/new?page=2" as "/students/:n/goals/new?page": one shape for many records. */
const shapeOf = (url: string) => {
  const [path = '', query = ''] = url.split('?');
  const keys = [...new URLSearchParams(query).keys()].sort().join('&');
  return `${path.replace(/\/\d+(?=\/|$)/g, '/:n')}${keys ? `?${keys}` : ''}`;
};

/** The pages a person reaches by following the links shown to them, from Home. */
async function walk(email: string): Promise<{ visited: string[]; failed: string[] }> {
  const { agent } = await signedIn(t.app, email, DEMO_PASSWORD);
  const queue = ['/', '/students?q=a'];
  const seen = new Set(queue);
  const shapes = new Map<string, number>();
  const visited: string[] = [];
  const failed: string[] = [];
  while (queue.length && visited.length < MAX_PAGES) {
    const url = queue.shift()!;
    const shape = shapeOf(url);
    if ((shapes.get(shape) ?? 0) >= PER_SHAPE) continue;
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    walking = url;
    const res = await agent.get(url);
    walking = '';
    visited.push(url);
    if (res.status >= 500) failed.push(`${url}: ${res.status}`);
    if (!String(res.headers['content-type'] ?? '').startsWith('text/html')) continue;
    for (const [, href] of res.text.matchAll(/href="(\/[^"#]*)/g)) {
      const link = href!.replaceAll('&amp;', '&');
      if (link.startsWith('//') || /\.(css|js|svg|png|ico|woff2?)$/.test(link) || link.startsWith('/static/')) continue;
      if (!seen.has(link)) {
        seen.add(link);
        queue.push(link);
      }
    }
  }
  return { visited, failed };
}

/** Table names by the names a statement gives them ("Student" s, `main`.`Student` AS `orderby_1`). */
function tablesByAlias(sql: string): Map<string, string> {
  const names = new Map<string, string>();
  const from = /(?:FROM|JOIN)\s+(?:[`"]main[`"]\.)?[`"]?(\w+)[`"]?(?:\s+(?:AS\s+)?[`"]?(\w+)[`"]?)?/gi;
  for (const [, table, alias] of sql.matchAll(from)) {
    names.set(table!, table!);
    if (alias && !/^(WHERE|ON|JOIN|LEFT|INNER|CROSS|ORDER|GROUP|LIMIT|USING|SET|VALUES)$/i.test(alias)) names.set(alias, table!);
  }
  return names;
}

/** The scans of tables that grow with the district in SQLite's plan for one recorded statement. */
function scansOf(db: Database.Database, call: Call): string[] {
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${call.sql}`).all(...call.args) as { detail: string }[];
  const names = tablesByAlias(call.sql);
  const scans: string[] = [];
  for (const { detail } of plan) {
    const scanned = /^SCAN (?:main\.)?(\w+)/.exec(detail)?.[1];
    if (!scanned) continue;
    const table = names.get(scanned);
    // Not a table: a subquery's rows, json_each, a constant row.
    if (!table || SMALL_TABLES.has(table) || table === 'json_each') continue;
    scans.push(`${table} (${detail})`);
  }
  return scans;
}

describe.skipIf(onPostgres)('every statement of the pages an OT, an assistant and a teacher walk to', () => {
  it.each([
    ['an OT', demoAccounts.therapists[0].email],
    ['an OT assistant', demoAccounts.assistant.email],
    ['a teacher', 'tom.becker@tandem.example'],
  ])(
    'finds its rows by an index, for %s',
    async (_who, email) => {
      calls.clear();
      const { visited, failed } = await walk(email);
      // SHOW_WALK=1 prints the shapes of the pages walked, to see what the walk reaches.
      if (process.env.SHOW_WALK) console.log(visited.map(shapeOf).join('\n'));
      expect(failed).toEqual([]);
      // The walk reached the pages that matter: a student, a goal, a session or a note, and so on.
      expect(visited.length).toBeGreaterThan(10);
      const file = t.config.databaseUrl.replace(/^file:/, '');
      const reader = new Database(file, { readonly: true });
      try {
        const found: string[] = [];
        for (const call of calls.values()) {
          // Prisma's statement for an empty list ("WHERE 1=0") reads nothing: SQLite tests the constant first.
          if (!/^\s*(SELECT|WITH)\b/i.test(call.sql) || /WHERE 1=0 /.test(call.sql)) continue;
          for (const scan of scansOf(reader, call)) found.push(`${call.path}: ${scan}\n  ${call.sql.replace(/\s+/g, ' ').slice(0, 400)}`);
        }
        expect(found).toEqual([]);
      } finally {
        reader.close();
      }
    },
    120_000,
  );

  it('would see a scan: a relation filter on the caseload scans Student', () => {
    const file = t.config.databaseUrl.replace(/^file:/, '');
    const reader = new Database(file, { readonly: true });
    try {
      const sql = `SELECT s."id" FROM "Student" s WHERE EXISTS (SELECT 1 FROM "StudentTherapist" l WHERE l."studentId" = s."id" AND l."userId" = ?)`;
      expect(scansOf(reader, { sql, args: [1], path: '/' })).toEqual([expect.stringMatching(/^Student \(SCAN s/)]);
    } finally {
      reader.close();
    }
  });
});
