// The real entry point: starts, serves, and on SIGTERM finishes in-flight work and exits cleanly.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from './helpers/db.js';

describe('server.ts', () => {
  it('starts, answers, and shuts down gracefully on SIGTERM', async () => {
    const port = 32_000 + Math.floor(Math.random() * 1000);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        SESSION_SECRET: 's'.repeat(40),
        DATABASE_URL: freshDatabaseUrl(),
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // It says so once it listens (after migrating); no need to knock until it answers.
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => {
        if (output.includes('listening on')) resolve();
      });
      void exited.then((code) => reject(new Error(`the server exited (${code}) before listening:\n${output}`)));
    });

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(output).not.toContain('demo data loaded');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('shutting down');
    expect(output).toContain('"msg":"stopped"');
  });
});
