// A fresh database for each test file. On SQLite (the default): a copy of the base file the
// global setup migrated. On PostgreSQL (TEST_DATABASE_URL=postgresql://... names a server and a
// role that may create databases): a new database made from the migrated base as a template.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { createDb } from '../../src/db/client.js';
import type { PrismaClient } from '../../src/generated/prisma/client.js';

/** Whether this run's tests are on PostgreSQL. */
export const onPostgres = /^postgres/i.test(process.env.TEST_DATABASE_URL ?? '');

/** The URL of database `name` on the test server. */
export function postgresUrl(name: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs one statement on the test server's maintenance database, synchronously (psql). */
export function postgresAdmin(sql: string): void {
  execFileSync('psql', [postgresUrl('postgres'), '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A database of this test file's own: empty (migrated), or with the demo district loaded. */
export function freshDatabaseUrl(options: { demo?: boolean } = {}): string {
  const template = inject(options.demo ? 'demoDatabase' : 'baseDatabase');
  if (onPostgres) {
    // The base's name starts each copy's, so the run that made them drops them at its end.
    const name = `${inject('baseDatabase')}_${randomBytes(6).toString('hex')}`;
    // Copying a template needs it to itself: test files starting together take turns.
    for (let attempt = 1; ; attempt++) {
      try {
        postgresAdmin(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        break;
      } catch (err) {
        if (attempt >= 100 || !String((err as { stderr?: unknown }).stderr).includes('is being accessed by other users')) throw err;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50 + Math.random() * 100);
      }
    }
    return postgresUrl(name);
  }
  const dir = mkdtempSync(join(tmpdir(), 'tandem-db-'));
  const file = join(dir, 'test.db');
  copyFileSync(template, file);
  return `file:${file}`;
}

export function freshDb(options: { demo?: boolean } = {}) {
  const url = freshDatabaseUrl(options);
  return { url, db: createDb(url) };
}

/**
 * A fresh database with two clients: the app's, and one that counts its statements (each one's
 * text lands in `sent`). Both disconnect after the file's tests.
 */
export function freshDbCounting() {
  const { url, db } = freshDb();
  const counting = createDb(url, { countQueries: true }) as unknown as PrismaClient<'query'>;
  const sent: string[] = [];
  counting.$on('query', (e) => sent.push(e.query));
  afterAll(async () => {
    await db.$disconnect();
    await counting.$disconnect();
  });
  return { url, db, counting, sent };
}
