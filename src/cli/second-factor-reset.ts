// npm run user:reset-second-factor -- --email lead.ot@district.org
// Removes a user's second factor and recovery codes and signs them out, as an admin's "Reset
// second factor" does: for when no admin can sign in to do it (for example after SESSION_SECRET
// was changed, which makes every stored second factor unreadable).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createDb } from '../db/client.js';
import { applyMigrations } from '../db/migrations.js';
import { resetSecondFactorByEmail } from '../features/auth/second-factor.service.js';
import { NotFound } from '../web/errors.js';

const args = parseArgs({ options: { email: { type: 'string' } } });
if (!args.values.email) {
  console.error('Usage: npm run user:reset-second-factor -- --email EMAIL');
  process.exit(2);
}

const config = loadConfig();
await applyMigrations(config.databaseUrl);
const db = createDb(config.databaseUrl);
try {
  const removed = await resetSecondFactorByEmail(db, args.values.email);
  console.log(
    removed
      ? `Removed the second factor of ${args.values.email}; they are signed out everywhere.`
      : `${args.values.email} has no second factor.`,
  );
} catch (error) {
  if (!(error instanceof NotFound)) throw error;
  console.error(`No account has the email ${args.values.email}.`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
