// The processes the bench loads, each started on its own port: Tandem in production mode as it is
// deployed (`npm run build`, then `node dist/server.js`, as the Dockerfile runs it), and the two
// yardsticks under baseline/ (a bare Express "hello world" and an Express route rendering a plain
// Eta page, as `node --import tsx <file>`). Measuring a target with autocannon, with
// the CPU its processes spent (from /proc) and their memory.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { projectRoot } from '../../src/db/paths.js';
import { PASSWORD } from './district.js';

export const SESSION_SECRET = 'bench-secret-bench-secret-bench-secret';

export type Process = { base: string; pid: number; stop(): Promise<void> };

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

/** Starts `node <args>` on a free port and waits until `probe` answers 200. */
async function start(args: string[], env: (port: number) => Record<string, string>, probe: string): Promise<Process> {
  const file = args.at(-1)!;
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(port), ...env(port) },
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
    if (child.exitCode !== null) throw new Error(`${file} stopped before it answered (exit ${child.exitCode})`);
    const ok = await fetch(`${base}${probe}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok && child.pid !== undefined) return { base, pid: child.pid, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${file} on ${base} did not answer ${probe} within 60 s`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The environment of Tandem in production (see src/config.ts), on `databaseUrl`. */
export function productionEnv(databaseUrl: string, port: number): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SESSION_SECRET,
    DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: '10',
  };
}

/** A Tandem process in production mode on the database; ready when its /healthz answers. */
export function startApp(databaseUrl: string): Promise<Process> {
  built ??= build();
  return start(['dist/server.js'], (port) => productionEnv(databaseUrl, port), '/healthz');
}

let built: true | undefined;

/** Compiles the app once per bench run (tsc, as `npm run build`), so the bench runs today's code. */
function build(): true {
  execFileSync(process.execPath, [join(projectRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
  return true;
}

/** One of the yardsticks in baseline/: 'hello' or 'eta-page'. */
export function startBaseline(name: 'hello' | 'eta-page'): Promise<Process> {
  return start(['--import', 'tsx', join('test/bench/baseline', `${name}.ts`)], () => ({ NODE_ENV: 'production' }), '/');
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

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time a process has used so far, user and system, in ms (utime + stime of /proc/<pid>/stat). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** A process's resident memory in MB (VmRSS of /proc/<pid>/status). */
export function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

export type Request = {
  method?: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  /** For a POST: the body of each request in turn (each save its own). */
  body?: () => string;
  /** The one status every answer must have. */
  status: number;
};

/**
 * fetch, read to the end; tried again when the connection it reused was closed meanwhile (a
 * keep-alive connection idle since the round before, which the server closes after 5 s).
 */
export async function send(url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url, init);
      await res.arrayBuffer();
      return res;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

export type Measured = { rps: number; p50: number; p99: number; requests: number; cpuMs: number };

/**
 * Loads a target on every one of its processes at once, `connections` split evenly between them,
 * for `seconds`: req/s added up, the slowest process's p50 and p99, the answers, and the CPU the
 * processes spent meanwhile. A few unmeasured requests first on each: the code compiled, caches warm,
 * and what the target before left queued finished before the CPU is read.
 */
export async function measure(
  processes: Process[],
  request: Request,
  connections: number,
  seconds: number,
  /** Run after the warm-up, just before the load. */
  beforeLoad?: () => Promise<void>,
): Promise<Measured> {
  const { method = 'GET', path, headers, body, status } = request;
  for (const { base } of processes) {
    for (let i = 0; i < 3; i++) {
      const warm = await send(`${base}${path}`, { method, headers, body: body?.(), redirect: 'manual' });
      if (warm.status !== status) throw new Error(`${method} ${path} on ${base}: ${warm.status}, not ${status}`);
    }
  }
  await beforeLoad?.();
  const each = Math.max(1, Math.round(connections / processes.length));
  const cpuBefore = processes.reduce((sum, p) => sum + cpuMs(p.pid), 0);
  const results = await Promise.all(
    processes.map(({ base }) =>
      autocannon({
        url: `${base}${path}`,
        method,
        connections: each,
        duration: seconds,
        headers,
        requests: body ? [{ setupRequest: (r) => ({ ...r, body: body() }) }] : undefined,
      }),
    ),
  );
  const cpu = processes.reduce((sum, p) => sum + cpuMs(p.pid), 0) - cpuBefore;
  for (const result of results) {
    const other = Object.entries(result.statusCodeStats ?? {}).filter(([code]) => Number(code) !== status);
    if (other.length || result.errors > 0 || result.timeouts > 0)
      throw new Error(
        `${method} ${path}: answers ${JSON.stringify(result.statusCodeStats)}, ${result.errors} errors, ${result.timeouts} timeouts`,
      );
  }
  const requests = results.reduce((sum, r) => sum + r.requests.total, 0);
  return {
    // Answers over the load's actual length (autocannon's per-second average drops the last part second).
    rps: results.reduce((sum, r) => sum + r.requests.total / (r.duration || seconds), 0),
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    requests,
    cpuMs: cpu,
  };
}
