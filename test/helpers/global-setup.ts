// Runs once before all tests: builds one database from the real migrations, which every
// test file then copies (migrating per file would cost seconds each).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../../src/db/migrations.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-test-'));
  const file = join(dir, 'base.db');
  await applyMigrations(`file:${file}`);
  project.provide('baseDatabase', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
