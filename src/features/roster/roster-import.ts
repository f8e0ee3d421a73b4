// Running an import. It gets its own database connection for the length of its one transaction,
// so pages keep reading while it writes (SQLite's WAL lets readers run beside the writer); a save
// made meanwhile waits for it like any other writer, and is told to try again if it must wait
// too long. Progress is kept in memory by the process that runs the import.
import type { Caller } from '../../access/loaders.js';
import type { Db } from '../../db/client.js';
import { createDb } from '../../db/client.js';
import { importable, planRoster } from './roster.service.js';
import { applyPlan } from './roster.service.js';
import type { ImportSummary } from './roster.service.js';

export type Progress = { done: number; total: number };
const running = new Map<number, { progress: Progress; finished: Promise<unknown> }>();

/** How far an import running in this process has got; undefined when none is. */
export function progressOf(importId: number): Progress | undefined {
  return running.get(importId)?.progress;
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
const IMPORT_TIMEOUT_MS = 5 * 60_000;

/**
 * Starts the import of a previewed file; false when it is not waiting to be imported (already
 * imported, or started by a second click). `finished` settles when it has: with the error that
 * stopped it, if one did (nothing is written then).
 */
export async function startImport(
  db: Db,
  databaseUrl: string,
  timeZone: string,
  caller: Caller,
  importId: number,
): Promise<{ started: false } | { started: true; finished: Promise<unknown> }> {
  const { count } = await db.rosterImport.updateMany({ where: { id: importId, status: 'previewed' }, data: { status: 'importing' } });
  if (count === 0) return { started: false };
  const progress: Progress = { done: 0, total: 0 };
  const finished = run(db, databaseUrl, timeZone, caller, importId, progress).finally(() => running.delete(importId));
  running.set(importId, { progress, finished });
  return { started: true, finished };
}

async function run(db: Db, databaseUrl: string, timeZone: string, caller: Caller, importId: number, progress: Progress): Promise<unknown> {
  const own = createDb(databaseUrl);
  try {
    await own.$transaction(
      async (tx) => {
        // A write first, so the transaction holds the write lock before it reads what it plans from.
        const { text } = await tx.rosterImport.update({ where: { id: importId }, data: { finishedAt: null }, select: { text: true } });
        const plan = await planRoster(tx, text, timeZone);
        if (!importable(plan.preview)) throw new Changed();
        progress.total = plan.students.length;
        const summary = await applyPlan(tx, caller, importId, plan, (done, total) => Object.assign(progress, { done, total }));
        // Once imported, the file's text is not kept: the students' records are the record.
        await tx.rosterImport.update({
          where: { id: importId },
          data: { status: 'imported', text: '', finishedAt: new Date(), summary: JSON.stringify({ ok: true, ...summary }) },
        });
      },
      { timeout: IMPORT_TIMEOUT_MS, maxWait: 30_000 },
    );
  } catch (err) {
    const error =
      err instanceof Changed
        ? 'Nothing was imported: what Tandem holds changed since the preview, and some rows now have problems. They are listed below.'
        : 'Nothing was imported: the import stopped before it finished. Try again; if it stops again, tell your district’s Tandem support.';
    await db.rosterImport.update({ where: { id: importId }, data: { status: 'previewed', summary: JSON.stringify({ ok: false, error }) } });
    // Not thrown: nobody may be waiting. The route logs it.
    if (!(err instanceof Changed)) return err;
  } finally {
    await own.$disconnect();
  }
  return undefined;
}

class Changed extends Error {}

/** At start: an import that was running when the process stopped wrote nothing (its transaction never committed). */
export async function recoverInterruptedImports(db: Db): Promise<void> {
  await db.rosterImport.updateMany({
    where: { status: 'importing' },
    data: {
      status: 'previewed',
      summary: JSON.stringify({ ok: false, error: 'Nothing was imported: Tandem restarted while the import ran. Import it again.' }),
    },
  });
}

/** Files previewed and never imported are not kept for long: they hold students' details. */
export const PREVIEW_KEPT_DAYS = 7;

export async function pruneOldPreviews(db: Db, now = new Date()): Promise<void> {
  await db.rosterImport.deleteMany({
    where: { status: 'previewed', createdAt: { lt: new Date(now.getTime() - PREVIEW_KEPT_DAYS * 86_400_000) } },
  });
}
