// PostgreSQL's schema and migrations are made from schema.prisma (src/db/postgres-schema.ts):
// these fail when schema.prisma changes and `npm run db:migration` was not run for both. On a
// PostgreSQL run (TEST_DATABASE_URL) the migrations are also applied to a new database, whose
// tables and columns must be the schema's.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.js';
import { applyMigrations, pendingPostgresChanges, statementsOf } from '../../src/db/migrations.js';
import { currentPostgresSchema, postgresSchemaFor, postgresSchemaPath } from '../../src/db/postgres-schema.js';
import { onPostgres, postgresAdmin, postgresUrl } from '../helpers/db.js';

describe("PostgreSQL's schema and migrations", () => {
  it("are schema.prisma's, with only the provider and the client's folder changed", () => {
    const copy = readFileSync(postgresSchemaPath, 'utf8');
    expect(copy).toBe(currentPostgresSchema());
    expect(copy).toContain('provider = "postgresql"');
    expect(() => postgresSchemaFor('model A { id Int @id }')).toThrow(/no longer has the provider/);
  });

  it('are run a statement at a time, a function body ($$ ... $$) kept whole', () => {
    const script = `-- A comment\nUPDATE "A" SET "b" = 1;\nCREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  x := 1;\n  RETURN NEW;\nEND $$;\n\nCREATE TRIGGER t AFTER UPDATE ON "A" FOR EACH ROW EXECUTE FUNCTION f();\n`;
    expect(statementsOf(script)).toEqual([
      '-- A comment\nUPDATE "A" SET "b" = 1',
      'CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  x := 1;\n  RETURN NEW;\nEND $$',
      'CREATE TRIGGER t AFTER UPDATE ON "A" FOR EACH ROW EXECUTE FUNCTION f()',
    ]);
  });

  it('carry every change in schema.prisma (nothing left to write)', async () => {
    expect(await pendingPostgresChanges()).toBe('');
  });

  it.runIf(onPostgres)(
    "build a database whose tables and columns are the schema's, applied once",
    async () => {
      const name = `tandem_t_migrations_${process.pid}`;
      postgresAdmin(`DROP DATABASE IF EXISTS ${name}`);
      postgresAdmin(`CREATE DATABASE ${name}`);
      const url = postgresUrl(name);
      const applied = await applyMigrations(url);
      expect(applied.length).toBeGreaterThan(0);
      expect(await applyMigrations(url)).toEqual([]);
      const db = createDb(url);
      try {
        const rows = await db.$queryRaw<{ table_name: string; column_name: string }[]>`
        SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`;
        const live = new Map<string, Set<string>>();
        for (const r of rows) live.set(r.table_name, (live.get(r.table_name) ?? new Set()).add(r.column_name));
        const expected = columnsOfSchema(currentPostgresSchema());
        expect([...live.keys()].sort()).toEqual([...expected.keys()].sort());
        for (const [table, columns] of expected) expect([table, [...live.get(table)!].sort()]).toEqual([table, [...columns].sort()]);
      } finally {
        await db.$disconnect();
        postgresAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
      // Every migration through the WebAssembly schema engine, twice: about 8 s alone, three times
      // that with another test file beside it on the same two cores as the database server.
    },
    60_000,
  );
});

/** Each model's columns, read from the schema's text: its fields less the relations. */
function columnsOfSchema(schema: string): Map<string, Set<string>> {
  const blocks = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)];
  const models = new Set(blocks.map((b) => b[1]!));
  return new Map(
    blocks.map(([, model, body]) => {
      const fields = [...body!.matchAll(/^\s*(\w+)\s+(\w+)/gm)].filter(([, , type]) => !models.has(type!)).map(([, field]) => field!);
      return [model!, new Set(fields)];
    }),
  );
}
