// npm run db:backup [FILE]: writes a consistent copy of the database (safe while Tandem is
// running) and checks it. Default FILE: backups/tandem-YYYYMMDD-HHMMSS.db (UTC) next to the
// database, or in BACKUP_DIR.
import { loadConfig } from '../config.js';
import { backupDatabase, defaultBackupFile } from '../db/backup.js';

try {
  const config = loadConfig();
  const dest = process.argv[2] ?? defaultBackupFile(config.databaseUrl, config.backupDir ?? undefined);
  const check = await backupDatabase(config.databaseUrl, dest);
  if (!check.ok) {
    console.error(`The backup was written to ${dest}, but it failed its check: ${check.problem}`);
    process.exit(1);
  }
  console.log(`Backup written to ${dest}.`);
  console.log('Checked: the file is whole (SQLite integrity check: ok) and holds the Tandem tables.');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
