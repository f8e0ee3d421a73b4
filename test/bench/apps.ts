// App processes for the bench, started as in production (`node --import tsx src/server.ts`), and
// measuring a page against one or more of them at once with autocannon.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import autocannon from 'autocannon';
import { projectRoot } from '../../src/db/paths.js';
import { PASSWORD } from './district.js';

export const SESSION_SECRET = 'bench-secret-bench-secret-bench-secret';

export type AppProcess = { base: string; stop(): Promise<void> };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts an app process on the database and waits until its /healthz answers 200. */
export async function startApp(databaseUrl: string): Promise<AppProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      SESSION_SECRET,
      DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      DATABASE_POOL_SIZE: '10',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app process stopped before it answered (exit ${child.exitCode})`);
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { base, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the app process on ${base} did not answer /healthz within 60 s`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Signs in with the form (as a browser does) and returns the session cookie. */
export async function cookieFor(email: string, at: string): Promise<string> {
  const page = await fetch(`${at}/sign-in`);
  const cookie = page.headers.get('set-cookie')?.split(';')[0] ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${at}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email, password: PASSWORD }),
  });
  if (res.status !== 303 && res.status !== 302) throw new Error(`signing in as ${email}: ${res.status}`);
  return res.headers.get('set-cookie')?.split(';')[0] ?? '';
}

export type Measured = { rps: number; p50: number; p99: number };

/**
 * Loads a page on every process at once, `connections` split evenly between them, for `seconds`:
 * the req/s added up, and the slowest process's p50 and p99.
 */
export async function measure(bases: string[], path: string, headers: Record<string, string>, connections: number, seconds: number) {
  // A few requests first on each process, unmeasured: the page's code compiled and its caches warm.
  for (const base of bases) {
    for (let i = 0; i < 5; i++) {
      const warm = await fetch(`${base}${path}`, { headers });
      await warm.arrayBuffer();
      if (warm.status !== 200) throw new Error(`${path} on ${base}: ${warm.status}`);
    }
  }
  const each = Math.max(1, Math.round(connections / bases.length));
  const results = await Promise.all(
    bases.map((base) => autocannon({ url: `${base}${path}`, connections: each, duration: seconds, headers })),
  );
  for (const result of results)
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${path}: ${result.non2xx} answers were not 200, ${result.errors} errors`);
  return {
    rps: results.reduce((sum, r) => sum + r.requests.average, 0),
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
  } satisfies Measured;
}
