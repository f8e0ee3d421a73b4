import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.js';
import type { Db } from '../../src/db/client.js';
import { makeUser } from '../../src/db/factories.js';
import { freshDatabaseUrl } from '../helpers/db.js';

const run = promisify(execFile);

/** Opens the database for a moment: the command migrates first and must find it closed. */
async function withDb<T>(url: string, work: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb(url);
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
  }
}

describe('npm run user:reset-second-factor', () => {
  it("removes a user's second factor and recovery codes, signs them out, and is audited", async () => {
    const url = freshDatabaseUrl();
    const env = { ...process.env, NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), DATABASE_URL: url };
    const userId = await withDb(url, async (db) => {
      const u = await makeUser(db, { role: 'admin', email: 'lead.ot@district.example', passwordHash: 'x' });
      await db.user.update({ where: { id: u.id }, data: { totpSecret: 'v1.a.b.c', totpEnabledAt: new Date(), totpLastStep: 5 } });
      await db.recoveryCode.create({ data: { userId: u.id, codeHash: 'h' } });
      await db.signInSession.create({ data: { sid: 'abc', data: '{}', userId: u.id, expiresAt: new Date(Date.now() + 60_000) } });
      return u.id;
    });

    const { stdout } = await run('npx', ['tsx', 'src/cli/second-factor-reset.ts', '--email', 'Lead.OT@district.example'], { env });
    expect(stdout).toContain('Removed the second factor of');
    await withDb(url, async (db) => {
      const after = await db.user.findUniqueOrThrow({ where: { id: userId } });
      expect([after.totpSecret, after.totpEnabledAt, after.totpLastStep]).toEqual([null, null, null]);
      expect(await db.recoveryCode.count({ where: { userId } })).toBe(0);
      expect(await db.signInSession.count({ where: { userId } })).toBe(0);
      const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'second_factor.reset' } });
      expect([audit.actorEmail, audit.targetId]).toEqual(['command line', String(userId)]);
    });

    const unknown = await run('npx', ['tsx', 'src/cli/second-factor-reset.ts', '--email', 'nobody@district.example'], { env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect('code' in unknown && unknown.code).toBe(1);
    expect('stderr' in unknown && unknown.stderr).toContain('No account has the email');
  }, 60_000);
});
