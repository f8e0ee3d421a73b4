// npm run db:migrate: applies the migrations not yet applied to DATABASE_URL.
import { loadConfig } from '../config.js';
import { applyMigrations } from '../db/migrations.js';

try {
  const config = loadConfig();
  const applied = await applyMigrations(config.databaseUrl);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
