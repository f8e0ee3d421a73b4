import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyMigrations, keepingSessionFactTriggers, pendingSchemaChanges } from '../../src/db/migrations.js';
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

  it('that rebuild a session table on SQLite keep the triggers that copy its facts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-rebuild-'));
    const changed = join(dir, 'schema.prisma');
    const schema = readFileSync(schemaPath, 'utf8');
    const response = /(model SessionStudent \{[\s\S]*?response\s+String\s+)@default\(""\)/;
    expect(schema).toMatch(response);
    writeFileSync(changed, schema.replace(response, '$1@default("-")'));
    const sql = await pendingSchemaChanges({ schemaFile: changed });
    expect(sql).toMatch(/CREATE TABLE "new_SessionStudent"/);
    await applyMigrations(`file:${join(dir, 'a.db')}`);
    copyFileSync(join(dir, 'a.db'), join(dir, 'bare.db'));
    // As the engine writes it, SQLite refuses the rename halfway: the triggers name the tables.
    const bare = new Database(join(dir, 'bare.db'));
    expect(() => bare.exec(sql)).toThrow(/error in trigger/);
    bare.close();
    const db = new Database(join(dir, 'a.db'));
    const triggers = () => db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger'").pluck().get();
    expect(triggers()).toBe(5);
    db.exec(keepingSessionFactTriggers(sql));
    expect(triggers()).toBe(5);
    expect(db.prepare(`SELECT "dflt_value" FROM pragma_table_info('SessionStudent') WHERE name = 'response'`).pluck().get()).toBe("'-'");
    db.close();
    expect(keepingSessionFactTriggers('ALTER TABLE "School" ADD COLUMN "x" TEXT;')).toBe('ALTER TABLE "School" ADD COLUMN "x" TEXT;');
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
