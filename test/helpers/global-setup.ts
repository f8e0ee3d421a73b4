// Runs once before all tests: builds two databases from the real migrations, which test files
// then copy (migrating, or loading the demo district, per file would cost seconds each): an empty
// one, and one with the demo district loaded. SQLite files, or on PostgreSQL (TEST_DATABASE_URL)
// template databases, dropped at the end with every copy made of them.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config.js';
import { createDb } from '../../src/db/client.js';
import { loadDemoData } from '../../src/db/demo-data.js';
import { applyMigrations } from '../../src/db/migrations.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** SQLite: the base file's path. PostgreSQL: the template database's name. */
    baseDatabase: string;
    /** The same with the demo district loaded (in the default time zone, as the tests' app runs). */
    demoDatabase: string;
  }
}

/** The demo district, as `npm start` loads it. */
async function loadDemo(url: string) {
  const db = createDb(url);
  try {
    await loadDemoData(db, loadConfig({ NODE_ENV: 'test', DATABASE_URL: url }).timeZone);
  } finally {
    await db.$disconnect();
  }
}

export default async function setup(project: TestProject) {
  const server = process.env.TEST_DATABASE_URL;
  if (server && /^postgres/i.test(server)) {
    const at = (name: string) => Object.assign(new URL(server), { pathname: `/${name}` }).toString();
    const psql = (sql: string) =>
      execFileSync('psql', [at('postgres'), '-v', 'ON_ERROR_STOP=1', '-q', '-t', '-A', '-c', sql], { encoding: 'utf8' });
    // Named for this run, so two runs on one server (a developer's and CI's) never drop each other's.
    const base = `tandem_t${randomBytes(4).toString('hex')}`;
    const dropAll = () => {
      const names = psql(`SELECT datname FROM pg_database WHERE datname LIKE '${base}%'`).split('\n').filter(Boolean);
      for (const name of names) psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    };
    psql(`CREATE DATABASE ${base}`);
    await applyMigrations(at(base));
    psql(`CREATE DATABASE ${base}_demo TEMPLATE ${base}`);
    await loadDemo(at(`${base}_demo`));
    project.provide('baseDatabase', base);
    project.provide('demoDatabase', `${base}_demo`);
    return dropAll;
  }
  const dir = mkdtempSync(join(tmpdir(), 'tandem-test-'));
  const file = join(dir, 'base.db');
  await applyMigrations(`file:${file}`);
  const demo = join(dir, 'demo.db');
  copyFileSync(file, demo);
  await loadDemo(`file:${demo}`);
  project.provide('baseDatabase', file);
  project.provide('demoDatabase', demo);
  return () => rmSync(dir, { recursive: true, force: true });
}
