import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createDb } from '../../src/db/client.js';

/** A fresh database for one test file: a copy of the migrated base. */
export function freshDatabaseUrl(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-db-'));
  const file = join(dir, 'test.db');
  copyFileSync(inject('baseDatabase'), file);
  return `file:${file}`;
}

export function freshDb() {
  const url = freshDatabaseUrl();
  return { url, db: createDb(url) };
}
