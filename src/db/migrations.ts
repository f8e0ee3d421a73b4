// Applies and writes migrations through Prisma's schema engine built as WebAssembly, so no
// engine binary is downloaded (see shared STACK.md). Keeps the same `_prisma_migrations`
// table as `prisma migrate deploy`, so either tool can take over.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Mutex } from 'async-mutex';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import Database from 'better-sqlite3';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import { ensureDatabaseFolder, isPostgres, migrationsDir as defaultMigrationsDir, schemaPath as defaultSchemaPath } from './paths.js';
import { currentPostgresSchema, postgresMigrationsDir, postgresSchemaPath, writePostgresSchema } from './postgres-schema.js';

type EngineModule = typeof import('@prisma/schema-engine-wasm');

// Node has WebAssembly; TypeScript declares it only with the DOM library, which a server leaves out.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

// The engine's JavaScript glue is one module per process (Node caches it), and it holds one
// WebAssembly instance that is not re-entrant. So the loaded engine and the lock that makes
// calls take turns are kept per process, even if this file is loaded twice (as test runners do).
type EngineState = { module?: Promise<EngineModule>; turn: Mutex };
const processState = globalThis as { [key: symbol]: EngineState | undefined };
const STATE = Symbol.for('tandem.schema-engine');
const state: EngineState = (processState[STATE] ??= { turn: new Mutex() });

/**
 * The package's own entry imports a `.wasm` file as a module, which Node 20 refuses, so the
 * module is instantiated here by hand with its JavaScript glue as the import object.
 */
function loadEngineModule(): Promise<EngineModule> {
  state.module ??= (async () => {
    // The engine reports a Rust panic's message here before it throws, and fails if nothing
    // listens. Nothing reads the message: the error it throws is what callers see.
    const registry = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
    registry.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: () => {} };
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const glue = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as unknown as EngineModule & {
      __wbg_set_wasm(exports: Record<string, unknown>): void;
    };
    const bytes = readFileSync(join(dirname(gluePath), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': glue as never });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return state.module;
}

type OpenEngine = { engine: SchemaEngine; close(): Promise<void> };

/**
 * The engine opens its own connections and never closes them, even when freed, which would
 * leave the database file locked for the app. So the connections it opens are kept here and
 * closed by close().
 */
async function openEngine(databaseUrl: string, schemaFile: string, schemaText = readFileSync(schemaFile, 'utf8')): Promise<OpenEngine> {
  const { SchemaEngine } = await loadEngineModule();
  let inner: SqlMigrationAwareDriverAdapterFactory;
  if (isPostgres(databaseUrl)) {
    inner = new PrismaPg({ connectionString: databaseUrl });
  } else {
    ensureDatabaseFolder(databaseUrl);
    inner = new PrismaBetterSqlite3({ url: databaseUrl });
  }
  const opened: SqlDriverAdapter[] = [];
  const keep = (adapter: SqlDriverAdapter) => (opened.push(isPostgres(databaseUrl) ? wholeFunctions(adapter) : adapter), adapter);
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => keep(await inner.connect()),
    connectToShadowDb: async () => keep(await inner.connectToShadowDb()),
  };
  const log = () => {}; // the engine's tracing output is not useful to users
  const engine = await SchemaEngine.new({ datamodels: [[schemaFile, schemaText]] }, log, bindMigrationAwareSqlAdapterFactory(factory));
  return {
    engine,
    async close() {
      engine.free();
      await Promise.all(opened.map((adapter) => adapter.dispose()));
    },
  };
}

/**
 * adapter-pg 7.10 runs a migration script a statement at a time, split at every ";", which cuts a
 * function body ($$ ... $$, as a trigger's) apart. Here the script is split only outside such
 * bodies, and each statement runs as adapter-pg would run it.
 */
function wholeFunctions(adapter: SqlDriverAdapter): SqlDriverAdapter {
  adapter.executeScript = async (script: string) => {
    for (const sql of statementsOf(script)) await adapter.executeRaw({ sql, args: [], argTypes: [] });
  };
  return adapter;
}

/** A script's statements: split at ";" outside dollar-quoted bodies, empty ones left out. */
export function statementsOf(script: string): string[] {
  const statements: string[] = [];
  let current = '';
  let inBody = false;
  for (const part of script.split(/(\$\$|;)/)) {
    if (part === '$$') inBody = !inBody;
    if (part === ';' && !inBody) {
      statements.push(current);
      current = '';
    } else current += part;
  }
  statements.push(current);
  return statements.map((s) => s.trim()).filter((s) => s.length > 0);
}

function readMigrations(dir: string): MigrationList {
  const names = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  const lockPath = join(dir, 'migration_lock.toml');
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok' as const, value: readFileSync(join(dir, name, 'migration.sql'), 'utf8') },
      },
    })),
  };
}

const noFilters = { externalTables: [], externalEnums: [] };

/** Why start stopped: migrations are waiting but another program keeps the database open. */
export class DatabaseInUse extends Error {
  constructor(readonly pending: number) {
    super(
      `Another program has the database open (a backup tool?): close it and start Tandem again to apply ${pending} new migration${pending === 1 ? '' : 's'}.`,
    );
  }
}

/**
 * Applies every migration not yet applied; returns the names it applied. The engine locks the
 * file for itself (locking_mode=EXCLUSIVE) even when there is nothing to do, which fails while any
 * other program has the file open. So the migrations table is read first, plainly, and the
 * engine is started only when a migration is waiting.
 */
export function applyMigrations(databaseUrl: string, options: { migrationsDir?: string; schemaFile?: string } = {}): Promise<string[]> {
  if (isPostgres(databaseUrl)) {
    // PostgreSQL: the engine takes an advisory lock, so app processes starting together take turns.
    return state.turn.runExclusive(() =>
      applyNow(databaseUrl, {
        migrationsDir: options.migrationsDir ?? postgresMigrationsDir,
        schemaFile: options.schemaFile ?? postgresSchemaPath,
      }),
    );
  }
  return state.turn.runExclusive(async () => {
    const pending = pendingMigrations(databaseUrl, options.migrationsDir ?? defaultMigrationsDir);
    if (pending === 0) return [];
    try {
      return await applyNow(databaseUrl, options);
    } catch (error) {
      if (pending !== null && /SocketTimeout|SQLITE_BUSY|database is locked/.test(String((error as Error)?.message))) {
        throw new DatabaseInUse(pending);
      }
      throw error;
    }
  });
}

/**
 * How many migration folders `_prisma_migrations` does not list as finished, read through a
 * plain read-only connection; null when that cannot be told (no file or no table yet, a
 * migration that failed half-way): then the engine decides.
 */
export function pendingMigrations(databaseUrl: string, dir: string): number | null {
  const folders = readMigrations(dir).migrationDirectories.map((m) => m.path);
  const file = ensureDatabaseFolder(databaseUrl);
  if (!existsSync(file)) return null;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 2000 });
    const rows = db
      .prepare('SELECT migration_name AS name, finished_at AS finished, rolled_back_at AS rolledBack FROM _prisma_migrations')
      .all() as { name: string; finished: unknown; rolledBack: unknown }[];
    if (rows.some((r) => r.finished === null && r.rolledBack === null)) return null;
    const done = new Set(rows.filter((r) => r.finished !== null && r.rolledBack === null).map((r) => r.name));
    return folders.filter((name) => !done.has(name)).length;
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

async function applyNow(databaseUrl: string, options: { migrationsDir?: string; schemaFile?: string }): Promise<string[]> {
  const { engine, close } = await openEngine(databaseUrl, options.schemaFile ?? defaultSchemaPath);
  try {
    return await applyWith(engine, options.migrationsDir ?? defaultMigrationsDir);
  } finally {
    await close();
  }
}

async function applyWith(engine: SchemaEngine, dir: string): Promise<string[]> {
  const result = await engine.applyMigrations({ migrationsList: readMigrations(dir), filters: noFilters });
  return result.appliedMigrationNames;
}

/**
 * The SQL that takes a database built from the migrations to what schema.prisma describes;
 * an empty string when they agree. One engine does both steps: a second connection to the
 * scratch file would find it locked.
 */
export function pendingSchemaChanges(options: { migrationsDir?: string; schemaFile?: string } = {}): Promise<string> {
  return state.turn.runExclusive(() => diffNow(options));
}

async function diffNow(options: { migrationsDir?: string; schemaFile?: string }): Promise<string> {
  const schemaFile = options.schemaFile ?? defaultSchemaPath;
  return withScratchEngine(schemaFile, readFileSync(schemaFile, 'utf8'), async (engine) => {
    await applyWith(engine, options.migrationsDir ?? defaultMigrationsDir);
    const files = [{ path: schemaFile, content: readFileSync(schemaFile, 'utf8') }];
    return migrationSql(
      await engine.diff({
        from: { tag: 'schemaDatasource', files, configDir: dirname(schemaFile) },
        to: { tag: 'schemaDatamodel', files },
        script: true,
        exitCode: null,
        filters: noFilters,
      }),
    );
  });
}

/**
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql for SQLite and the same change for
 * PostgreSQL in prisma/postgresql/migrations, with PostgreSQL's copy of the schema; returns the
 * folders written (none when nothing changed).
 */
export async function writeMigration(name: string, options: { migrationsDir?: string; schemaFile?: string } = {}) {
  if (!/^[a-z0-9_]{1,60}$/.test(name)) {
    throw new Error('A migration name uses lowercase letters, digits and underscores, e.g. add_goals');
  }
  const dir = options.migrationsDir ?? defaultMigrationsDir;
  const sql = await pendingSchemaChanges(options);
  const postgresSql = options.migrationsDir ? '' : await pendingPostgresChanges();
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const written: string[] = [];
  if (sql) written.push(writeFolder(dir, `${stamp}_${name}`, keepingSessionFactTriggers(sql), 'sqlite'));
  if (postgresSql) {
    written.push(writeFolder(postgresMigrationsDir, `${stamp}_${name}`, postgresSql, 'postgresql'));
    writePostgresSchema();
  }
  return written;
}

/**
 * SQLite changes most columns by rebuilding the table (a new table, the rows copied, the old one
 * dropped, the new one renamed), and it refuses to rename while a trigger names a table that is
 * gone: so a migration that rebuilds `SessionLog`, `SessionStudent` or `DataPoint` drops the
 * triggers that copy a session's facts onto its rows first, and creates them again after, as the
 * migration that made them wrote them. PostgreSQL alters tables in place and keeps its triggers.
 */
export function keepingSessionFactTriggers(sql: string): string {
  if (!/CREATE TABLE "new_(SessionLog|SessionStudent|DataPoint)"/.test(sql)) return sql;
  const made = readFileSync(join(defaultMigrationsDir, SESSION_FACTS_MIGRATION, 'migration.sql'), 'utf8');
  const triggers = made.slice(made.indexOf('CREATE TRIGGER'));
  const names = [...triggers.matchAll(/CREATE TRIGGER "(\w+)"/g)].map((m) => m[1]);
  return [
    `-- The session-fact triggers name the tables rebuilt below: dropped first, made again after (see ${SESSION_FACTS_MIGRATION}).`,
    ...names.map((name) => `DROP TRIGGER IF EXISTS "${name}";`),
    '',
    sql.trimEnd(),
    '',
    triggers.trimEnd(),
    '',
  ].join('\n');
}

const SESSION_FACTS_MIGRATION = '20261201112102_session_facts_on_rows';

function writeFolder(dir: string, name: string, sql: string, provider: 'sqlite' | 'postgresql'): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'migration.sql'), sql);
  const lock = join(dir, 'migration_lock.toml');
  if (!existsSync(lock)) {
    writeFileSync(lock, `# Written by Tandem's migration tool; keep it in version control.\nprovider = "${provider}"\n`);
  }
  return folder;
}

/**
 * PostgreSQL's SQL from the schema its migrations were last written for (its copy of the schema,
 * kept in the repo) to the schema now; empty when they agree. Schema to schema, so no PostgreSQL
 * server is needed to write a migration: the engine runs over a scratch SQLite file and is only
 * asked to compare two PostgreSQL data models.
 */
export function pendingPostgresChanges(): Promise<string> {
  return state.turn.runExclusive(async () => {
    const target = currentPostgresSchema();
    const before =
      existsSync(postgresSchemaPath) && readdirSync(postgresMigrationsDir).length ? readFileSync(postgresSchemaPath, 'utf8') : null;
    return withScratchEngine(postgresSchemaPath, target, async (engine) =>
      migrationSql(
        await engine.diff({
          from: before === null ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: [{ path: postgresSchemaPath, content: before }] },
          to: { tag: 'schemaDatamodel', files: [{ path: postgresSchemaPath, content: target }] },
          script: true,
          exitCode: null,
          filters: noFilters,
        }),
      ),
    );
  });
}

/** Runs `work` with an engine over a scratch SQLite file, removed afterwards. */
async function withScratchEngine<T>(schemaFile: string, schemaText: string, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const scratch = mkdtempSync(join(tmpdir(), 'tandem-migrations-'));
  try {
    const { engine, close } = await openEngine(`file:${join(scratch, 'scratch.db')}`, schemaFile, schemaText);
    try {
      return await work(engine);
    } finally {
      await close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A diff's SQL; empty when there is nothing to do. */
function migrationSql(result: { stdout?: string | null }): string {
  const sql = result.stdout ?? '';
  return /^\s*(-- This is an empty migration\.)?\s*$/.test(sql) ? '' : sql;
}
