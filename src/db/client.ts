// The one Prisma client of the process, over SQLite through the guarded adapter.
import { PrismaClient } from '../generated/prisma/client.js';
import { SafeSqliteAdapterFactory } from './sqlite-adapter.js';

export type Db = PrismaClient;
export type { Prisma } from '../generated/prisma/client.js';

export function createDb(databaseUrl: string): Db {
  return new PrismaClient({
    adapter: new SafeSqliteAdapterFactory(databaseUrl),
    // Transactions wait their turn on the single connection: give them room to start.
    transactionOptions: { maxWait: 10_000, timeout: 15_000 },
  });
}
