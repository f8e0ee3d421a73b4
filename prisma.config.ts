// Read by the Prisma CLI (`prisma generate`). The app itself connects through
// src/db/client.ts and migrates through src/db/migrations.ts, without the CLI.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'file:./data/tandem.db' },
});
