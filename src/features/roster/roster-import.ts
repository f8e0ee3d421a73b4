// Running an import, as a background job ('roster_import', src/jobs/jobs.ts) that any app process
// may run. It gets its own database connection for the length of its one transaction, so pages
// keep reading while it writes (SQLite's WAL lets readers run beside the writer); a save made
// meanwhile waits for it like any other writer, and is told to try again if it must wait too long.
// An import cut short (a restart, a kill) never committed, so the job is simply run again once its
// lease runs out. Progress is kept in memory by the process that runs it and, on PostgreSQL, on the
// RosterImport row too, so that every process can show it.
import type { Caller } from '../../access/loaders.js';
import type { Db } from '../../db/client.js';
import { createDb } from '../../db/client.js';
import { callerFor, idOf } from '../../jobs/caller.js';
import { enqueueIn, MAX_ATTEMPTS, wakeWorkers } from '../../jobs/jobs.js';
import type { ClaimedJob, JobTools } from '../../jobs/jobs.js';
import { importable, planFingerprint, planRoster } from './roster.service.js';
import { applyPlan } from './roster.service.js';
import type { ImportSummary } from './roster.service.js';

export type Progress = { done: number; total: number };
const running = new Map<number, Progress>();

/** How far an import running in this process has got; undefined when none is. */
export function progressOf(importId: number): Progress | undefined {
  return running.get(importId);
}

/** What a finished or failed import left to say, from `RosterImport.summary`. */
export type Outcome = ({ ok: true } & ImportSummary) | { ok: false; error: string };

export function outcomeOf(summary: string | null): Outcome | undefined {
  if (!summary) return undefined;
  try {
    return JSON.parse(summary) as Outcome;
  } catch {
    return undefined;
  }
}

/** The longest an import's transaction may run. */
export const IMPORT_TIMEOUT_MS = 5 * 60_000;

/**
 * Queues the import of a previewed file; false when it is not waiting to be imported (already
 * imported, or started by a second click). The file is marked as importing at once, with its job.
 */
export async function startImport(db: Db, caller: Caller, importId: number, fingerprint: string | null = null): Promise<boolean> {
  const started = await db.$transaction(async (tx) => {
    const { count } = await tx.rosterImport.updateMany({
      where: { id: importId, status: 'previewed' },
      data: { status: 'importing', progressDone: 0, progressTotal: 0 },
    });
    if (count) await enqueueIn(tx, 'roster_import', { importId, userId: caller.user.id, ip: caller.ip ?? null, plan: fingerprint });
    return count > 0;
  });
  if (started) wakeWorkers();
  return started;
}

/** The 'roster_import' job: imports the file as the admin who asked, unless it is no longer waiting. */
export async function runImportJob(job: ClaimedJob, { db, config, logger, holdLease }: JobTools): Promise<void> {
  const importId = idOf(job.payload, 'importId');
  const found = await db.rosterImport.findUnique({ where: { id: importId }, select: { status: true } });
  // 'importing' was set with this job (startImport); any other status means it has ended already.
  if (found?.status !== 'importing') return;
  const { ip } = job.payload as { ip?: string | null };
  const caller = await callerFor(db, idOf(job.payload, 'userId'), ip ?? null);
  const { plan: expected } = job.payload as { plan?: string | null };
  if (!caller) return failed(db, importId, STOPPED);
  // On SQLite the import's transaction keeps every other write waiting, renewing the lease too:
  // the lease is held for as long as the transaction may run, and a bit more.
  if (config.databaseUrl.startsWith('file:')) await holdLease(IMPORT_TIMEOUT_MS + 60_000);
  const progress: Progress = { done: 0, total: 0 };
  running.set(importId, progress);
  try {
    const err = await run(db, config.databaseUrl, config.timeZone, caller, importId, progress, expected ?? null);
    // Told to the admin on the import's page (nothing was written); not tried again.
    if (err) logger.error({ err, importId }, 'roster import failed');
  } catch (err) {
    // Could not even record the failure: tried again; given up on, the file is offered again.
    if (job.attempts >= MAX_ATTEMPTS) await failed(db, importId, STOPPED).catch(() => undefined);
    throw err;
  } finally {
    running.delete(importId);
  }
}

const STOPPED =
  'Nothing was imported: the import stopped before it finished. Try again; if it stops again, tell your district’s Tandem support.';

async function failed(db: Db, importId: number, error: string) {
  await db.rosterImport.update({ where: { id: importId }, data: { status: 'previewed', summary: JSON.stringify({ ok: false, error }) } });
}

/** Runs the import; the error that stopped it, if one did (nothing is written then, and the file is offered again). */
async function run(
  db: Db,
  databaseUrl: string,
  timeZone: string,
  caller: Caller,
  importId: number,
  progress: Progress,
  /** The fingerprint of the preview the admin read (planFingerprint), when the form sent it. */
  expected: string | null,
): Promise<unknown> {
  // On SQLite the import's transaction holds the one write lock: a progress write beside it would wait.
  const sqlite = databaseUrl.startsWith('file:');
  const shared = sqlite ? undefined : sharedProgress(db, importId);
  const own = createDb(databaseUrl);
  try {
    await own.$transaction(
      async (tx) => {
        // On SQLite, a write first, so the transaction holds the write lock before it reads what it
        // plans from. Not on PostgreSQL: it would lock the row the progress is written to.
        const { text } = sqlite
          ? await tx.rosterImport.update({ where: { id: importId }, data: { finishedAt: null }, select: { text: true } })
          : await tx.rosterImport.findUniqueOrThrow({ where: { id: importId }, select: { text: true } });
        const plan = await planRoster(tx, text, timeZone);
        if (!importable(plan.preview)) throw new Changed();
        // What the admin read must be what is applied.
        if (expected && planFingerprint(plan.preview) !== expected) throw new Changed();
        progress.total = plan.students.length;
        shared?.(progress);
        const summary = await applyPlan(tx, caller, importId, plan, (done, total) => {
          Object.assign(progress, { done, total });
          shared?.(progress);
        });
        // Once imported, the file's text is not kept: the students' records are the record.
        await tx.rosterImport.update({
          where: { id: importId },
          data: { status: 'imported', text: '', finishedAt: new Date(), summary: JSON.stringify({ ok: true, ...summary }) },
        });
      },
      { timeout: IMPORT_TIMEOUT_MS, maxWait: 30_000 },
    );
  } catch (err) {
    await failed(
      db,
      importId,
      err instanceof Changed
        ? 'Nothing was imported: what Tandem holds changed since you read the preview. Read it again below (it is up to date now), then import.'
        : STOPPED,
    );
    if (!(err instanceof Changed)) return err;
  } finally {
    await own.$disconnect();
  }
  return undefined;
}

class Changed extends Error {}

/**
 * Writes progress to the import's row through the main connection, at most one write at a time and
 * never awaited by the import (its transaction must not wait on it), so other processes can show it.
 */
function sharedProgress(db: Db, importId: number) {
  let writing = false;
  let pending: Progress | undefined;
  const write = (p: Progress) => {
    writing = true;
    db.rosterImport
      .updateMany({ where: { id: importId, status: 'importing' }, data: { progressDone: p.done, progressTotal: p.total } })
      .catch(() => undefined) // Progress is a courtesy: the import goes on without it.
      .finally(() => {
        writing = false;
        const next = pending;
        pending = undefined;
        if (next) write(next);
      });
  };
  return (p: Progress) => {
    if (writing) pending = { ...p };
    else write({ ...p });
  };
}

/** How far an import has got: from this process if it runs it, else from its row (written on PostgreSQL). */
export function progressFrom(row: { id: number; progressDone: number; progressTotal: number }): Progress | undefined {
  return progressOf(row.id) ?? (row.progressTotal ? { done: row.progressDone, total: row.progressTotal } : undefined);
}

/** Files previewed and never imported are not kept for long: they hold students' details. */
export const PREVIEW_KEPT_DAYS = 7;

export async function pruneOldPreviews(db: Db, now = new Date()): Promise<void> {
  await db.rosterImport.deleteMany({
    where: { status: 'previewed', createdAt: { lt: new Date(now.getTime() - PREVIEW_KEPT_DAYS * 86_400_000) } },
  });
}
