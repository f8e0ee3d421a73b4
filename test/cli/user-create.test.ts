import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.js';
import { verifyPassword } from '../../src/features/auth/passwords.js';
import { freshDatabaseUrl } from '../helpers/db.js';

const run = promisify(execFile);

describe('npm run user:create', () => {
  it('makes the first admin with a generated temporary password when not at a terminal', async () => {
    const url = freshDatabaseUrl();
    const env = { ...process.env, NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), DATABASE_URL: url };
    const { stdout } = await run(
      'npx',
      ['tsx', 'src/cli/user-create.ts', '--role', 'admin', '--email', 'Lead.OT@District.example', '--name', 'Lead OT'],
      { env },
    );
    const password = /Temporary password .*: (\S+)/.exec(stdout)?.[1];
    expect(password).toBeDefined();
    const db = createDb(url);
    try {
      const admin = await db.user.findUniqueOrThrow({ where: { email: 'lead.ot@district.example' } });
      expect(admin.role).toBe('admin');
      expect(admin.mustChangePassword).toBe(true);
      expect(await verifyPassword(admin.passwordHash, password ?? '')).toBe(true);
    } finally {
      await db.$disconnect();
    }
    const again = await run(
      'npx',
      ['tsx', 'src/cli/user-create.ts', '--role', 'admin', '--email', 'lead.ot@district.example', '--name', 'Lead OT'],
      { env },
    ).catch((e: { code: number; stderr: string }) => e);
    expect('code' in again && again.code).toBe(1);
    expect('stderr' in again && again.stderr).toContain('already exists');
  }, 60_000);
});
