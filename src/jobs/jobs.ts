// Background work kept in the database, so that any app process can run it and a process that
// stops (restart, crash, kill) leaves nothing behind: its job's lease runs out and another worker
// takes the job up again. Each handler must therefore be safe to run again after being cut short.
//
// A job is claimed optimistically (find a candidate, then update it only if it is still claimable):
// plain Prisma, safe on SQLite and PostgreSQL alike, with no row locks or advisory locks.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Db, Prisma } from '../db/client.js';

export type JobKind = 'note_batch' | 'roster_import';

/** A claimed job, its payload parsed. */
export type ClaimedJob = { id: number; kind: string; payload: unknown; attempts: number };

export type JobContext = { db: Db; config: Config; logger: Logger };

/** What a handler is given: the process's database, config and logger, and a signal aborted when the lease was lost. */
export type JobTools = JobContext & {
  signal: AbortSignal;
  /**
   * Holds the lease for this long from now without renewing it: for work that keeps the database
   * from taking writes meanwhile (a SQLite import's transaction), when renewals could not be saved.
   */
  holdLease(ms: number): Promise<void>;
};

export type JobHandler = (job: ClaimedJob, tools: JobTools) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;

/** A job that failed this many times is left as failed, with its last error, for someone to look at. */
export const MAX_ATTEMPTS = 3;

// Workers of this process, woken when a job is enqueued here so it starts without waiting for a poll.
const wakers = new Set<() => void>();

/** Wakes this process's workers; after a transaction that enqueued a job has committed. */
export function wakeWorkers(): void {
  for (const wake of wakers) wake();
}

/** Adds a job to the queue; inside a transaction, call wakeWorkers() once it has committed. */
export async function enqueueIn(db: Db | Prisma.TransactionClient, kind: JobKind, payload: object): Promise<number> {
  const job = await db.job.create({ data: { kind, payload: JSON.stringify(payload) }, select: { id: true } });
  return job.id;
}

/** Adds a job to the queue and wakes this process's workers. */
export async function enqueue(db: Db, kind: JobKind, payload: object): Promise<number> {
  const id = await enqueueIn(db, kind, payload);
  wakeWorkers();
  return id;
}

/** Queued, or running under a lease that has run out (its process stopped). */
function claimable(now: Date): Prisma.JobWhereInput {
  return { OR: [{ status: 'queued' }, { status: 'running', lockedUntil: { lt: now } }] };
}

/**
 * Claims the oldest claimable job for this worker: null when there is none, 'lost' when another
 * worker claimed the candidate first (look again).
 */
async function claimNext(db: Db, workerId: string, leaseMs: number): Promise<ClaimedJob | 'lost' | null> {
  const now = new Date();
  const candidate = await db.job.findFirst({ where: claimable(now), orderBy: { id: 'asc' }, select: { id: true } });
  if (!candidate) return null;
  const { count } = await db.job.updateMany({
    where: { id: candidate.id, ...claimable(now) },
    data: {
      status: 'running',
      lockedBy: workerId,
      lockedUntil: new Date(now.getTime() + leaseMs),
      attempts: { increment: 1 },
      startedAt: now,
    },
  });
  if (count !== 1) return 'lost';
  const job = await db.job.findUniqueOrThrow({
    where: { id: candidate.id },
    select: { id: true, kind: true, payload: true, attempts: true },
  });
  return { ...job, payload: parsed(job.payload) };
}

/** A payload that is not JSON reaches the handler as null: its error is then recorded like any other. */
function parsed(payload: string): unknown {
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return null;
  }
}

/** Runs a claimed job, renewing its lease meanwhile, and records how it ended. */
async function runClaimed(ctx: JobContext, handlers: JobHandlers, job: ClaimedJob, workerId: string, leaseMs: number) {
  const { db, logger } = ctx;
  const lost = new AbortController();
  let leaseUntil = Date.now() + leaseMs;
  const extend = async (ms: number) => {
    const until = new Date(Date.now() + ms);
    const { count } = await db.job.updateMany({
      where: { id: job.id, lockedBy: workerId, status: 'running' },
      data: { lockedUntil: until },
    });
    if (count === 0) lost.abort();
    else leaseUntil = until.getTime();
  };
  let renewing = false;
  const renew = setInterval(() => {
    // Not while a lease held on purpose still has long to run (holdLease).
    if (renewing || leaseUntil - Date.now() > leaseMs) return;
    renewing = true;
    extend(leaseMs)
      // The database may be busy for a moment; the next renewal tries again.
      .catch((err: unknown) => logger.warn({ err, jobId: job.id }, 'could not renew a job lease'))
      .finally(() => (renewing = false));
  }, leaseMs / 3);
  let outcome: Prisma.JobUpdateManyArgs['data'];
  try {
    const handler = handlers[job.kind];
    if (!handler) throw new Error(`no handler for jobs of kind "${job.kind}"`);
    await handler(job, { ...ctx, signal: lost.signal, holdLease: extend });
    outcome = { status: 'done', finishedAt: new Date(), lockedBy: null, lockedUntil: null, error: null };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const last = job.attempts >= MAX_ATTEMPTS || !handlers[job.kind];
    logger.error(
      { err, jobId: job.id, kind: job.kind, attempts: job.attempts },
      last ? 'job failed' : 'job failed; it will be tried again',
    );
    outcome = last
      ? { status: 'failed', finishedAt: new Date(), lockedBy: null, lockedUntil: null, error: message }
      : { status: 'queued', lockedBy: null, lockedUntil: null, error: message };
  } finally {
    clearInterval(renew);
  }
  // Only while the job is still ours: a worker that took it over after our lease ran out records its own end.
  const { count } = await db.job.updateMany({ where: { id: job.id, lockedBy: workerId }, data: outcome });
  if (count === 0) logger.warn({ jobId: job.id }, 'a job finished after another worker took it over');
}

export type WorkerOptions = { pollMs?: number; leaseMs?: number; workerId?: string };

function options(o: WorkerOptions) {
  return {
    pollMs: o.pollMs ?? 1000,
    leaseMs: o.leaseMs ?? 30_000,
    // Unique per process, so a lease names the process that holds it.
    workerId: o.workerId ?? `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`,
  };
}

/** Claims and runs jobs one after another until none is left to claim; how many it ran. For tests and scripts. */
export async function runPendingJobs(ctx: JobContext, handlers: JobHandlers, o: WorkerOptions = {}): Promise<number> {
  const { workerId, leaseMs } = options(o);
  let ran = 0;
  for (;;) {
    const job = await claimNext(ctx.db, workerId, leaseMs);
    if (job === null) return ran;
    if (job === 'lost') continue;
    await runClaimed(ctx, handlers, job, workerId, leaseMs);
    ran++;
  }
}

export type Worker = { workerId: string; stop(): Promise<void> };

/** Runs jobs in this process, one at a time, until stopped: looks every pollMs, and at once when a job is enqueued here. */
export function startWorker(ctx: JobContext, handlers: JobHandlers, o: WorkerOptions = {}): Worker {
  const { pollMs, leaseMs, workerId } = options(o);
  let stopped = false;
  let woken = false;
  let wakeUp: (() => void) | undefined;
  const wake = () => {
    woken = true;
    wakeUp?.();
  };
  wakers.add(wake);

  const loop = (async () => {
    while (!stopped) {
      woken = false;
      let claimed: ClaimedJob | 'lost' | null = null;
      try {
        claimed = await claimNext(ctx.db, workerId, leaseMs);
        if (claimed && claimed !== 'lost') await runClaimed(ctx, handlers, claimed, workerId, leaseMs);
      } catch (err) {
        // The database may be briefly unreachable or busy: wait for the next poll.
        ctx.logger.error({ err, workerId }, 'the job worker could not claim or record a job');
        claimed = null;
      }
      // After a job, look again at once: more may be waiting.
      if (claimed || stopped || woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
    }
  })();

  return {
    workerId,
    /** Stops looking for jobs and waits for the one running, if any, to end. */
    async stop() {
      stopped = true;
      wakers.delete(wake);
      wakeUp?.();
      await loop;
    },
  };
}
