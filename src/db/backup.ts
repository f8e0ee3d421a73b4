// Backups of the SQLite database, and restoring one, while keeping the data whole.
//
// A backup goes through SQLite's online backup API, never a file copy: the copy is a
// consistent snapshot (with what is still in the -wal file) even while the app writes.
// A restore checks the file first, keeps a copy of the current database, then swaps the
// new file in with a rename so that the database is never half written.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { isPostgres } from './paths.js';

/** The file behind a `file:` URL. PostgreSQL is backed up with its own tools. */
export function databaseFile(databaseUrl: string): string {
  if (isPostgres(databaseUrl)) {
    throw new Error(
      'db:backup and db:restore are for the SQLite database. Back up PostgreSQL with pg_dump and restore with pg_restore (see "When one machine is not enough" in the README).',
    );
  }
  return resolve(databaseUrl.replace(/^file:/, ''));
}

/** backups/tandem-YYYYMMDD-HHMMSS.db (UTC) in `dir`, or next to the database when no dir is given. */
export function defaultBackupFile(databaseUrl: string, dir?: string, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
  return resolve(dir ?? join(dirname(databaseFile(databaseUrl)), 'backups'), `tandem-${stamp}.db`);
}

export type BackupCheck = { ok: true } | { ok: false; problem: string };

/**
 * Writes a consistent copy of the database to `dest` (a new file; its folder is made if
 * missing) and checks the copy. The whole copy is taken in one step, under one read
 * transaction: writers are not blocked (WAL), and the copy cannot be restarted forever
 * by a busy app the way a page-by-page copy can.
 */
export async function backupDatabase(databaseUrl: string, dest: string): Promise<BackupCheck> {
  const source = databaseFile(databaseUrl);
  if (!existsSync(source)) throw new Error(`There is no database at ${source}.`);
  const target = resolve(dest);
  if (existsSync(target)) throw new Error(`${target} already exists: choose another file name.`);
  mkdirSync(dirname(target), { recursive: true });
  const db = new Database(source, { fileMustExist: true, timeout: 5000 });
  try {
    await db.backup(target, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  // A backup is one self-contained file: no -wal beside it.
  const copy = new Database(target, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  return checkBackup(target);
}

/** Whether `file` is a whole SQLite file (integrity_check says ok) holding a Tandem database. */
export function checkBackup(file: string): BackupCheck {
  if (!existsSync(file)) return { ok: false, problem: `There is no file at ${file}.` };
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const results = db.pragma('integrity_check') as { integrity_check: string }[];
    const problems = results.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (problems.length) {
      return { ok: false, problem: `The file is damaged: ${problems.slice(0, 5).join('; ')}` };
    }
    const tables = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name),
    );
    if (!tables.has('_prisma_migrations') || !tables.has('User')) {
      return { ok: false, problem: 'The file is a SQLite database, but not a Tandem database (no User table or migration history).' };
    }
    return { ok: true };
  } catch (error) {
    // Garbage bytes: "file is not a database"; a cut-off file: "database disk image is malformed".
    return { ok: false, problem: `The file is not a readable database: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    db?.close();
  }
}

export type RestoreResult = {
  /** Where the database as it was before the restore was kept, if there was one. */
  previous: string | null;
};

/**
 * Replaces the database with the backup in `file`, after checking it. The app must be
 * stopped first: a running app keeps the old file open and would go on writing to it.
 * Steps: copy the backup to a temporary file next to the database and check that copy;
 * keep a backup of the current database; remove its -wal and -shm (they belong to the
 * old file and would be replayed onto the new one); rename the temporary file into place.
 */
export async function restoreDatabase(databaseUrl: string, file: string): Promise<RestoreResult> {
  const checked = checkBackup(resolve(file));
  if (!checked.ok) throw new Error(`Nothing was changed. ${checked.problem}`);

  const target = databaseFile(databaseUrl);
  mkdirSync(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.restore-${process.pid}.tmp`);
  rmSync(temp, { force: true });
  try {
    const source = new Database(resolve(file), { readonly: true, fileMustExist: true });
    try {
      await source.backup(temp, { progress: () => 0x7fffffff });
    } finally {
      source.close();
    }
    const copied = checkBackup(temp);
    if (!copied.ok) throw new Error(`Nothing was changed. The copy of the backup failed its check: ${copied.problem}`);

    let previous: string | null = null;
    if (existsSync(target)) {
      previous = defaultBackupFile(databaseUrl).replace(/tandem-(\d+-\d+)\.db$/, 'before-restore-$1.db');
      const kept = await backupDatabase(databaseUrl, previous);
      if (!kept.ok) throw new Error(`Nothing was changed. The current database could not be kept first: ${kept.problem}`);
    }
    rmSync(`${target}-wal`, { force: true });
    rmSync(`${target}-shm`, { force: true });
    rmSync(`${target}-journal`, { force: true });
    renameSync(temp, target);
    return { previous };
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * One scheduled backup: writes tandem-YYYYMMDD-HHMMSS.db into the backups folder, then
 * removes the oldest tandem-*.db files there so that the newest `keep` remain. Only files
 * named like ours are ever removed.
 */
export async function scheduledBackup(
  databaseUrl: string,
  dir: string | undefined,
  keep: number,
): Promise<{ file: string; check: BackupCheck; removed: string[] }> {
  const file = defaultBackupFile(databaseUrl, dir);
  const check = await backupDatabase(databaseUrl, file);
  // A backup that failed its check does not push a good one out.
  const removed = check.ok ? pruneBackups(dirname(file), keep) : [];
  return { file, check, removed };
}

/** Removes all but the newest `keep` tandem-YYYYMMDD-HHMMSS.db files in `dir`; returns what it removed. */
export function pruneBackups(dir: string, keep: number): string[] {
  const ours = readdirSync(dir)
    .filter((name) => /^tandem-\d{8}-\d{6}\.db$/.test(name))
    .sort()
    .reverse();
  const old = ours.slice(Math.max(keep, 1)).map((name) => join(dir, name));
  for (const file of old) rmSync(file, { force: true });
  return old;
}
