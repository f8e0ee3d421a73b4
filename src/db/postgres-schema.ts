// PostgreSQL's copy of the schema. prisma/schema.prisma is the one source; Prisma needs a schema
// file per database (a client generated for SQLite refuses PostgreSQL), so this one is made from it
// by swapping the provider and the client's folder, and kept in the repo beside its migrations.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { projectRoot, schemaPath } from './paths.js';

export const postgresDir = resolve(projectRoot, 'prisma/postgresql');
export const postgresSchemaPath = resolve(postgresDir, 'schema.prisma');
export const postgresMigrationsDir = resolve(postgresDir, 'migrations');

const NOTICE = `// Made from ../schema.prisma by \`npm run db:migration\`: do not edit. PostgreSQL's copy.\n`;

/** The PostgreSQL schema for a SQLite schema's text. */
export function postgresSchemaFor(sqliteSchema: string): string {
  const swapped = sqliteSchema
    .replace(/(datasource db \{\s*provider\s*=\s*)"sqlite"/, '$1"postgresql"')
    .replace(/(output\s*=\s*)"\.\.\/src\/generated\/prisma"/, '$1"../../src/generated/prisma-pg"');
  if (!swapped.includes('"postgresql"') || !swapped.includes('prisma-pg')) {
    throw new Error('schema.prisma no longer has the provider or output lines postgres-schema.ts rewrites');
  }
  return NOTICE + swapped;
}

/** The PostgreSQL schema as schema.prisma says it should be now. */
export function currentPostgresSchema(): string {
  return postgresSchemaFor(readFileSync(schemaPath, 'utf8'));
}

export function writePostgresSchema(text = currentPostgresSchema()): void {
  writeFileSync(postgresSchemaPath, text);
}
