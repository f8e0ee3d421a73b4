import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project folder, found from this file so that it holds from src/ (tsx) and dist/ (node). */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
export const schemaPath = resolve(projectRoot, 'prisma/schema.prisma');
export const migrationsDir = resolve(projectRoot, 'prisma/migrations');

/** The file behind a `file:` URL, with its folder made if missing. */
export function ensureDatabaseFolder(databaseUrl: string): string {
  const file = resolve(databaseUrl.replace(/^file:/, ''));
  mkdirSync(dirname(file), { recursive: true });
  return file;
}

/** A PostgreSQL URL (postgres:// or postgresql://); anything else is a SQLite file. */
export function isPostgres(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//i.test(databaseUrl);
}
