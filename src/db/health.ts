// Whether the database answers, for /healthz.
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './client.js';
import { isPostgres } from './paths.js';

/**
 * SQLite: read through a short-lived read-only connection of its own, so the answer comes even
 * while the app's one connection waits for a write lock another program holds (WAL lets readers
 * in beside a writer). PostgreSQL: a query through the app's pool, which never waits on a writer.
 */
export async function databaseAnswers(databaseUrl: string, db: Db): Promise<boolean> {
  if (isPostgres(databaseUrl)) {
    try {
      await db.$queryRaw`SELECT 1`;
      return true;
    } catch {
      return false;
    }
  }
  let file: Database.Database | undefined;
  try {
    file = new Database(resolve(databaseUrl.replace(/^file:/, '')), { readonly: true, fileMustExist: true, timeout: 1000 });
    file.prepare('SELECT count(*) FROM sqlite_master').get();
    return true;
  } catch {
    return false;
  } finally {
    file?.close();
  }
}
