// A worker in a process of its own, for test/jobs/jobs.test.ts to kill while it runs a job:
// it claims a job with a short lease, says so, and never finishes it.
import { createDb } from '../../src/db/client.js';
import { startWorker } from '../../src/jobs/jobs.js';
import { createLogger } from '../../src/web/logger.js';
import { loadConfig } from '../../src/config.js';

const url = process.argv[2]!;
const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, SESSION_SECRET: 'test-secret-test-secret-test-secret-0123' });
const hang = (job: { id: number }) => {
  process.stdout.write(`running ${job.id}\n`);
  return new Promise<void>(() => {});
};
startWorker(
  { db: createDb(url), config, logger: createLogger('silent') },
  { note_batch: hang },
  { pollMs: 50, leaseMs: 600, workerId: 'doomed' },
);
