// The write-ahead log is copied into the database file by a worker thread (src/db/checkpointer.ts),
// not by whichever commit takes the log past 1,000 pages on the main thread.
import { describe, expect, it } from 'vitest';
import { Checkpointer, WAL_BACKSTOP_PAGES } from '../../src/db/checkpointer.js';
import { SafeSqliteAdapterFactory } from '../../src/db/sqlite-adapter.js';
import { PrismaClient } from '../../src/generated/prisma/client.js';
import { freshDatabaseUrl, onPostgres } from '../helpers/db.js';

describe.skipIf(onPostgres)('the checkpointer', () => {
  it("copies committed pages into the database file off the main thread, leaving the app's connection only a backstop", async () => {
    const factory = new SafeSqliteAdapterFactory(freshDatabaseUrl());
    const db = new PrismaClient({ adapter: factory });
    try {
      const [setting] = await db.$queryRawUnsafe<{ wal_autocheckpoint: bigint }[]>('PRAGMA wal_autocheckpoint');
      expect(Number(setting?.wal_autocheckpoint)).toBe(WAL_BACKSTOP_PAGES);
      expect(factory.checkpointed).toBe(0);
      await db.school.createMany({ data: Array.from({ length: 200 }, (_, i) => ({ name: `Checkpointed school ${i}` })) });
      const deadline = Date.now() + 5_000;
      while (factory.checkpointed === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(factory.checkpointed).toBeGreaterThan(0);
      // What it copied is the database's: every row is there.
      expect(await db.school.count({ where: { name: { startsWith: 'Checkpointed school' } } })).toBe(200);
    } finally {
      // Disconnecting stops the worker: this would hang if it did not close.
      await db.$disconnect();
    }
  });

  it('says when its thread ends unasked, so the app checkpoints on its own again', async () => {
    let told: unknown = null;
    const broken = new Checkpointer('/nonexistent/folder/tandem.db', (error) => (told = error));
    const deadline = Date.now() + 5_000;
    while (told === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(String(told)).toMatch(/tandem\.db|directory|exist/i);
    await broken.stop();
  });
});
