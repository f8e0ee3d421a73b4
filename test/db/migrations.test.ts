import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyMigrations, pendingSchemaChanges } from '../../src/db/migrations.js';
import { schemaPath } from '../../src/db/paths.js';

describe('migrations', () => {
  it('match schema.prisma exactly', async () => {
    expect(await pendingSchemaChanges()).toBe('');
  });

  it('notice when schema.prisma has a change no migration carries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-schema-'));
    const changed = join(dir, 'schema.prisma');
    writeFileSync(changed, readFileSync(schemaPath, 'utf8').replace('model School {', 'model School {\n  district String?'));
    const sql = await pendingSchemaChanges({ schemaFile: changed });
    expect(sql).toMatch(/ALTER TABLE "School" ADD COLUMN "district" TEXT/);
  });

  it('apply once, record themselves like prisma migrate, and leave the file unlocked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-apply-'));
    const url = `file:${join(dir, 'a.db')}`;
    const first = await applyMigrations(url);
    expect(first.length).toBeGreaterThan(0);
    expect(await applyMigrations(url)).toEqual([]);
    const db = new Database(join(dir, 'a.db'));
    // The app switches to WAL right after migrating, which needs the file to itself.
    expect(db.pragma('journal_mode = WAL', { simple: true })).toBe('wal');
    const rows = db.prepare('SELECT migration_name, finished_at FROM _prisma_migrations').all() as { finished_at: unknown }[];
    expect(rows).toHaveLength(first.length);
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
    db.close();
    copyFileSync(join(dir, 'a.db'), join(dir, 'b.db'));
  });
});
