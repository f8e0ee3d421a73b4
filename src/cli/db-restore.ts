// npm run db:restore FILE: replaces the database with a backup, after checking that the
// file is whole and is a Tandem database. Stop Tandem first: a running app keeps the old
// database open. The database as it was is kept in the backups folder first.
import { loadConfig } from '../config.js';
import { restoreDatabase } from '../db/backup.js';

const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run db:restore FILE   (stop Tandem first)');
  process.exit(1);
}

try {
  const config = loadConfig();
  const { previous } = await restoreDatabase(config.databaseUrl, file);
  console.log(`The database was restored from ${file}.`);
  if (previous) console.log(`The database as it was before is kept in ${previous}.`);
  console.log('Start Tandem again: it applies any newer migrations to the restored database.');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
