// The Prisma client of the process: over SQLite through the guarded adapter (a `file:` URL), or
// over PostgreSQL through Prisma's pg adapter (a `postgresql://` URL). Both clients are generated
// from the one schema (src/db/postgres-schema.ts), so they have the same shape: the app sees one
// type, `Db`.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { PrismaClient as PostgresClient } from '../generated/prisma-pg/client.js';
import { isPostgres } from './paths.js';
import { registerReads } from './reads.js';
import { SafeSqliteAdapterFactory } from './sqlite-adapter.js';

export type Db = PrismaClient;
export type { Prisma } from '../generated/prisma/client.js';

/** Connections each app process keeps to PostgreSQL (its pool's size): `DATABASE_POOL_SIZE`, default 10. */
const poolSize = () => Number(process.env.DATABASE_POOL_SIZE) || 10;

/** `countQueries`: emit a 'query' event per statement (tests count them to catch a query per row). */
export function createDb(databaseUrl: string, options: { countQueries?: boolean } = {}): Db {
  const log = options.countQueries ? [{ emit: 'event' as const, level: 'query' as const }] : [];
  if (isPostgres(databaseUrl)) {
    const client = new PostgresClient({
      adapter: new PrismaPg({ connectionString: databaseUrl, max: poolSize() }),
      transactionOptions: { maxWait: 10_000, timeout: 15_000 },
      log,
    });
    // The same model, generated for another database: the two clients differ only in their provider.
    registerReads(client as unknown as Db, 'postgresql');
    return client as unknown as Db;
  }
  const factory = new SafeSqliteAdapterFactory(databaseUrl);
  const client = new PrismaClient({
    adapter: factory,
    log,
    // Transactions wait their turn on the single connection: give them room to start.
    transactionOptions: { maxWait: 10_000, timeout: 15_000 },
  });
  // A client that counts its statements sends its direct reads through Prisma too, counted.
  registerReads(client, 'sqlite', options.countQueries ? null : factory);
  return client;
}
