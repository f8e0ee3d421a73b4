// npm run db:migration <name>: writes a new migration from the changes in schema.prisma.
import { writeMigration } from '../db/migrations.js';

const name = process.argv[2];
if (!name) {
  console.error('Usage: npm run db:migration <name>   (for example: npm run db:migration add_goals)');
  process.exit(2);
}
try {
  const folders = await writeMigration(name);
  for (const folder of folders) console.log(`Wrote ${folder}/migration.sql`);
  if (!folders.length) console.log('schema.prisma and the migrations agree: nothing to write.');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
