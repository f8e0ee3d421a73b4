// Another program holding the SQLite file (a backup tool, the sqlite3 shell): Tandem answers
// 503 for a save it cannot make, keeps answering /healthz, and still starts.
import { cpSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseInUse, applyMigrations } from '../../src/db/migrations.js';
import { migrationsDir } from '../../src/db/paths.js';
import { signedIn, testApp, user } from '../helpers/app.js';
import { freshDatabaseUrl } from '../helpers/db.js';

const t = await testApp();
const file = t.config.databaseUrl.replace(/^file:/, '');
let admin: Awaited<ReturnType<typeof signedIn>>;
let other: Database.Database;

beforeAll(async () => {
  const a = await user(t.db, 'admin');
  admin = await signedIn(t.app, a.email);
  other = new Database(file);
});
afterAll(() => {
  if (other.inTransaction) other.exec('ROLLBACK');
  other.close();
});

const addSchool = (name: string) => admin.agent.post('/admin/schools').type('form').send({ _csrf: admin.csrf, name });

describe('while another program holds the write lock', () => {
  it('answers a save with 503 and Retry-After, writes nothing, keeps /healthz up, and saves once released', async () => {
    other.exec('BEGIN IMMEDIATE');
    try {
      const started = Date.now();
      const saving = addSchool('Locked Out Elementary').then((res) => ({ res, ms: Date.now() - started }));
      // The save waits without blocking the process: health answers meanwhile.
      const health = await admin.agent.get('/healthz');
      expect(health.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(1500);
      const { res, ms } = await saving;
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.text).toContain('The database is busy for a moment: nothing was saved. Try again in a few seconds.');
      // What was typed comes back in a form that sends it again (test/web/busy-replay.test.ts).
      expect(res.text).toContain('<input type="hidden" name="name" value="Locked Out Elementary">');
      expect(ms).toBeLessThan(6000);
    } finally {
      other.exec('ROLLBACK');
    }
    expect(await t.db.school.count({ where: { name: 'Locked Out Elementary' } })).toBe(0);
    const again = await addSchool('Locked Out Elementary');
    expect(again.status).toBe(303);
    expect(await t.db.school.count({ where: { name: 'Locked Out Elementary' } })).toBe(1);
  }, 15_000);
});

describe('starting while another program has the database open', () => {
  it('starts when no migration is waiting', async () => {
    const url = freshDatabaseUrl();
    const holder = new Database(url.replace(/^file:/, ''));
    try {
      holder.prepare('SELECT count(*) FROM _prisma_migrations').get();
      expect(await applyMigrations(url)).toEqual([]);
    } finally {
      holder.close();
    }
  });

  it('says plainly why it cannot apply a waiting migration', async () => {
    const url = freshDatabaseUrl();
    const dir = mkdtempSync(join(tmpdir(), 'tandem-migrations-'));
    cpSync(migrationsDir, dir, { recursive: true });
    mkdirSync(join(dir, '29991231000000_later'));
    writeFileSync(join(dir, '29991231000000_later', 'migration.sql'), 'CREATE TABLE "Later" ("id" INTEGER PRIMARY KEY);\n');
    const holder = new Database(url.replace(/^file:/, ''));
    try {
      holder.exec('BEGIN IMMEDIATE');
      const error = await applyMigrations(url, { migrationsDir: dir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseInUse);
      expect((error as Error).message).toBe(
        'Another program has the database open (a backup tool?): close it and start Tandem again to apply 1 new migration.',
      );
      holder.exec('ROLLBACK');
      holder.close();
      expect(await applyMigrations(url, { migrationsDir: dir })).toEqual(['29991231000000_later']);
    } finally {
      if (holder.open) holder.close();
    }
  }, 15_000);
});
