// Starts Tandem: checks the configuration, migrates, loads demo data in development,
// listens, and shuts down gracefully on SIGTERM/SIGINT.
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { scheduledBackup } from './db/backup.js';
import { createDb } from './db/client.js';
import { loadDemoData } from './db/demo-data.js';
import { pruneAudit } from './features/audit/audit.service.js';
import { jobHandlers } from './jobs/handlers.js';
import { startWorker } from './jobs/jobs.js';
import { DatabaseInUse, applyMigrations } from './db/migrations.js';
import { ensureDatabaseFolder, isPostgres } from './db/paths.js';
import { createLogger } from './web/logger.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const logger = createLogger(config.logLevel);
if (!isPostgres(config.databaseUrl)) ensureDatabaseFolder(config.databaseUrl);
const applied = await applyMigrations(config.databaseUrl).catch((error: unknown) => {
  if (!(error instanceof DatabaseInUse)) throw error;
  console.error(error.message);
  process.exit(1);
});
if (applied.length) logger.info({ applied }, 'migrations applied');

const db = createDb(config.databaseUrl);
if (config.demoData) {
  const loaded = await loadDemoData(db, config.timeZone);
  if (loaded) logger.info('demo data loaded: see the README for the demo accounts');
}

const { app, ctx } = createApp({ config, db, logger });
const server = app.listen(config.port, config.host, () => {
  logger.info(`Tandem is running at ${config.publicUrl} (listening on ${config.host}:${config.port})`);
});
// Background jobs (note batches, roster imports), kept in the database: any process runs them.
const worker = startWorker({ db, config, logger }, jobHandlers, { leaseMs: config.jobLeaseMs });
server.on('error', (error) => {
  logger.fatal({ err: error }, 'could not start the web server');
  process.exit(1);
});

// Expired sign-in sessions are removed every quarter hour.
const pruning = setInterval(
  () => void ctx.sessionStore.prune().catch((err) => logger.warn({ err }, 'session pruning failed')),
  15 * 60_000,
);
pruning.unref();

// Backups taken by the app itself when BACKUP_EVERY_HOURS is set (see src/db/backup.ts).
const backups = config.scheduledBackups;
const backingUp = backups
  ? setInterval(
      () =>
        void scheduledBackup(config.databaseUrl, config.backupDir ?? undefined, backups.keep)
          .then(({ file, check, removed }) =>
            check.ok
              ? logger.info({ file, removed }, 'backup written and checked')
              : logger.error({ file, problem: check.problem }, 'backup failed its check'),
          )
          .catch((err) => logger.error({ err }, 'backup failed')),
      backups.everyHours * 3_600_000,
    )
  : null;
backingUp?.unref();

// Audit entries older than the district keeps them (the settings page) are deleted at start and daily.
const pruneOldAudit = () =>
  void pruneAudit(db)
    .then((deleted) => deleted && logger.info({ deleted }, 'old audit entries deleted'))
    .catch((err) => logger.error({ err }, 'audit retention failed'));
pruneOldAudit();
const auditRetention = setInterval(pruneOldAudit, 24 * 3_600_000);
auditRetention.unref();

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: finishing requests in flight');
  clearInterval(pruning);
  clearInterval(auditRetention);
  if (backingUp) clearInterval(backingUp);
  const force = setTimeout(() => {
    logger.warn('requests still open after 10 s; closing anyway');
    server.closeAllConnections();
  }, 10_000);
  force.unref();
  server.close(async () => {
    // A job still running after 10 s is left: its lease runs out and a worker takes it up again.
    await Promise.race([worker.stop(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    // The audit rows of the last views, still waiting to be written together.
    await ctx.viewLog?.flush();
    await db.$disconnect();
    logger.info('stopped');
    process.exit(0);
  });
  server.closeIdleConnections();
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
