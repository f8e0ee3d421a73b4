import { execFile } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import {
  backupDatabase,
  checkBackup,
  databaseFile,
  defaultBackupFile,
  pruneBackups,
  restoreDatabase,
  scheduledBackup,
} from '../../src/db/backup.js';
import { freshDatabaseUrl } from '../helpers/db.js';

const run = promisify(execFile);
const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');

// Another connection, in its own thread, inserting one School per transaction as fast as it
// can and publishing the number of the last committed one.
const WRITER = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const shared = new Int32Array(workerData.shared);
const db = new Database(workerData.file, { timeout: 5000 });
db.pragma('journal_mode = WAL');
const insert = db.prepare('INSERT INTO School (name, updatedAt) VALUES (?, ?)');
for (let i = 1; Atomics.load(shared, 1) === 0; i++) {
  insert.run('w-' + i, Date.now());
  Atomics.store(shared, 0, i);
}
db.close();
`;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tandem-backup-'));
}

function schoolNames(file: string): Set<string> {
  const db = new Database(file, { readonly: true });
  try {
    return new Set((db.prepare('SELECT name FROM School').all() as { name: string }[]).map((r) => r.name));
  } finally {
    db.close();
  }
}

describe('database backups', () => {
  it('copies a database that is being written to, whole and with every write acknowledged before it started', async () => {
    const url = freshDatabaseUrl();
    const shared = new SharedArrayBuffer(8);
    const acked = new Int32Array(shared);
    const worker = new Worker(WRITER, { eval: true, workerData: { module: betterSqlite, file: databaseFile(url), shared } });
    const exited = new Promise((resolve, reject) => worker.on('exit', resolve).on('error', reject));
    try {
      while (Atomics.load(acked, 0) < 300) await new Promise((r) => setTimeout(r, 5));
      const before = Atomics.load(acked, 0);
      const dest = join(tempDir(), 'nested', 'copy.db');
      const check = await backupDatabase(url, dest);
      const after = Atomics.load(acked, 0);
      expect(check).toEqual({ ok: true });
      const names = schoolNames(dest);
      for (let i = 1; i <= before; i++) expect(names.has(`w-${i}`)).toBe(true);
      // Still writing while the copy was taken; the copy is one self-contained file.
      expect(after).toBeGreaterThan(before);
      expect(existsSync(`${dest}-wal`)).toBe(false);
      expect(checkBackup(dest)).toEqual({ ok: true });
    } finally {
      Atomics.store(acked, 1, 1);
      await exited;
    }
  });

  it('will not overwrite an existing file', async () => {
    const url = freshDatabaseUrl();
    const dest = join(tempDir(), 'copy.db');
    await backupDatabase(url, dest);
    await expect(backupDatabase(url, dest)).rejects.toThrow(/already exists/);
  });

  it('names backups by date and time in a backups folder next to the database, or in BACKUP_DIR', () => {
    const at = new Date('2026-03-04T05:06:07.890Z');
    expect(defaultBackupFile('file:/srv/tandem/data/tandem.db', undefined, at)).toBe('/srv/tandem/data/backups/tandem-20260304-050607.db');
    expect(defaultBackupFile('file:/srv/tandem/data/tandem.db', '/mnt/backups', at)).toBe('/mnt/backups/tandem-20260304-050607.db');
  });
});

describe('scheduled backups', () => {
  it('are off unless BACKUP_EVERY_HOURS is set, and keep 14 by default', () => {
    expect(loadConfig({}).scheduledBackups).toBeNull();
    expect(loadConfig({ BACKUP_EVERY_HOURS: '' }).scheduledBackups).toBeNull();
    expect(loadConfig({ BACKUP_EVERY_HOURS: '24' }).scheduledBackups).toEqual({ everyHours: 24, keep: 14 });
    expect(loadConfig({ BACKUP_EVERY_HOURS: '6', BACKUP_KEEP: '3', BACKUP_DIR: '/mnt/b' })).toMatchObject({
      scheduledBackups: { everyHours: 6, keep: 3 },
      backupDir: '/mnt/b',
    });
    expect(() => loadConfig({ BACKUP_EVERY_HOURS: '0' })).toThrow(/BACKUP_EVERY_HOURS is a number of hours from 1 to 168/);
    expect(() => loadConfig({ BACKUP_EVERY_HOURS: '1', BACKUP_KEEP: '0' })).toThrow(/BACKUP_KEEP/);
  });

  it('write a checked backup and keep only the newest ones named like ours', async () => {
    const url = freshDatabaseUrl();
    const dir = tempDir();
    const old = ['tandem-20250101-000000.db', 'tandem-20250102-000000.db', 'tandem-20250103-000000.db'];
    for (const name of [...old, 'keep-me.db', 'tandem-notes.txt']) writeFileSync(join(dir, name), 'x');
    const { file, check, removed } = await scheduledBackup(url, dir, 2);
    expect(check).toEqual({ ok: true });
    expect(removed.map((f) => f.slice(dir.length + 1)).sort()).toEqual(old.slice(0, 2));
    expect(readdirSync(dir).sort()).toEqual(['keep-me.db', file.slice(dir.length + 1), old[2], 'tandem-notes.txt'].sort());
    expect(pruneBackups(dir, 1)).toEqual([join(dir, old[2] ?? '')]);
  });
});

describe('database restore', () => {
  it('refuses a damaged file and changes nothing', async () => {
    const url = freshDatabaseUrl();
    const dir = tempDir();
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 37) % 256)));
    expect(checkBackup(garbage).ok).toBe(false);
    await expect(restoreDatabase(url, garbage)).rejects.toThrow(/Nothing was changed\. The file is not a readable database/);

    // A real backup with its middle overwritten.
    const good = join(dir, 'good.db');
    await backupDatabase(url, good);
    const damaged = new Database(good);
    const pages = damaged.pragma('page_count', { simple: true }) as number;
    damaged.close();
    const bytes = Buffer.alloc(4096 * 3, 0xab);
    const fd = openSync(good, 'r+');
    writeSync(fd, bytes, 0, bytes.length, 4096 * Math.floor(pages / 2));
    closeSync(fd);
    expect(checkBackup(good).ok).toBe(false);
    await expect(restoreDatabase(url, good)).rejects.toThrow(/Nothing was changed/);
    expect(checkBackup(databaseFile(url))).toEqual({ ok: true });
  });

  it('refuses a SQLite file that is not a Tandem database', async () => {
    const url = freshDatabaseUrl();
    const other = join(tempDir(), 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)');
    db.close();
    expect(checkBackup(other)).toEqual({ ok: false, problem: expect.stringMatching(/not a Tandem database/) });
    await expect(restoreDatabase(url, other)).rejects.toThrow(/not a Tandem database/);
    await expect(restoreDatabase(url, join(tempDir(), 'missing.db'))).rejects.toThrow(/There is no file/);
  });

  it('replaces the database with a good backup and keeps the one it replaced', async () => {
    const url = freshDatabaseUrl();
    const file = databaseFile(url);
    const live = new Database(file);
    live.pragma('journal_mode = WAL');
    live.prepare('INSERT INTO School (name, updatedAt) VALUES (?, ?)').run('In the backup', Date.now());
    const dest = join(tempDir(), 'good.db');
    expect(await backupDatabase(url, dest)).toEqual({ ok: true });
    live.prepare('INSERT INTO School (name, updatedAt) VALUES (?, ?)').run('After the backup', Date.now());
    live.close();

    const { previous } = await restoreDatabase(url, dest);
    const names = schoolNames(file);
    expect(names.has('In the backup')).toBe(true);
    expect(names.has('After the backup')).toBe(false);
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(previous).not.toBeNull();
    expect(schoolNames(previous ?? '').has('After the backup')).toBe(true);
    expect(readdirSync(dirname(file)).filter((f) => f.includes('.tmp'))).toEqual([]);
    expect(checkBackup(file)).toEqual({ ok: true });
  });
});

describe('npm run db:backup and db:restore', () => {
  it('back up to the default folder, refuse a bad file in plain words, and restore', async () => {
    const url = freshDatabaseUrl();
    const env = { ...process.env, NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), DATABASE_URL: url };
    const backup = await run('npx', ['tsx', 'src/cli/db-backup.ts'], { env });
    expect(backup.stdout).toMatch(/Backup written to .*backups\/tandem-\d{8}-\d{6}\.db\./);
    expect(backup.stdout).toContain('integrity check: ok');
    const written = /Backup written to (.*)\.\n/.exec(backup.stdout)?.[1] ?? '';
    expect(existsSync(written)).toBe(true);

    const garbage = join(tempDir(), 'garbage.db');
    writeFileSync(garbage, 'not a database at all, just words '.repeat(200));
    const refused = await run('npx', ['tsx', 'src/cli/db-restore.ts', garbage], { env }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in refused && refused.code).toBe(1);
    expect('stderr' in refused && refused.stderr).toMatch(/Nothing was changed\. The file is not a readable database/);

    const restored = await run('npx', ['tsx', 'src/cli/db-restore.ts', written], { env });
    expect(restored.stdout).toContain('The database was restored from');
    expect(restored.stdout).toMatch(/as it was before is kept in .*before-restore-\d{8}-\d{6}\.db/);
  });
});
