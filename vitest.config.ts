import { defineConfig } from 'vitest/config';

/**
 * Tests of SQLite itself (its locks, backups, adapter and migration folder): left out of a run on
 * PostgreSQL (TEST_DATABASE_URL=postgresql://...), which has tests of its own where they differ.
 */
const sqliteOnly = [
  'test/db/locks.test.ts',
  'test/db/sqlite-adapter.test.ts',
  'test/db/backup.test.ts',
  'test/db/migrations.test.ts',
  'test/web/busy-replay.test.ts',
];
const onPostgres = /^postgres/i.test(process.env.TEST_DATABASE_URL ?? '');

export default defineConfig({
  test: {
    globalSetup: ['test/helpers/global-setup.ts'],
    // Two test files at a time on the 2-core machines: much of a test waits on the database.
    maxWorkers: 2,
    setupFiles: ['test/helpers/setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'app',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', ...(onPostgres ? sqliteOnly : [])],
          testTimeout: 20_000,
          // A worker imports the app once for all its files rather than once a file: importing
          // took two thirds of the suite's time (264 s to 87 s on SQLite). Each file still makes its
          // own app and database, and a test that changes process state (TZ) puts it back.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One browser at a time: the machines have two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
