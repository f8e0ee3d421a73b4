// Runs once before all tests: builds one database from the real migrations, which every test
// file then copies (migrating per file would cost seconds each): a SQLite file, or on PostgreSQL
// (TEST_DATABASE_URL) a template database, dropped at the end with every copy made of it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../../src/db/migrations.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** SQLite: the base file's path. PostgreSQL: the template database's name. */
    baseDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const server = process.env.TEST_DATABASE_URL;
  if (server && /^postgres/i.test(server)) {
    const at = (name: string) => Object.assign(new URL(server), { pathname: `/${name}` }).toString();
    const psql = (sql: string) =>
      execFileSync('psql', [at('postgres'), '-v', 'ON_ERROR_STOP=1', '-q', '-t', '-A', '-c', sql], { encoding: 'utf8' });
    // Named for this run, so two runs on one server (a developer's and CI's) never drop each other's.
    const base = `tandem_t${process.pid}`;
    const dropAll = () => {
      const names = psql(`SELECT datname FROM pg_database WHERE datname = '${base}' OR datname LIKE '${base}\\_%'`)
        .split('\n')
        .filter(Boolean);
      for (const name of names) psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    };
    dropAll();
    psql(`CREATE DATABASE ${base}`);
    await applyMigrations(at(base));
    project.provide('baseDatabase', base);
    return dropAll;
  }
  const dir = mkdtempSync(join(tmpdir(), 'tandem-test-'));
  const file = join(dir, 'base.db');
  await applyMigrations(`file:${file}`);
  project.provide('baseDatabase', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
