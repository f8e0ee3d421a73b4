// Copies SQLite's write-ahead log into the database file on a thread of its own.
//
// With WAL every commit appends pages to the log, and by default the commit that takes the log
// past 1,000 pages copies them all into the database file and syncs it to disk (a checkpoint).
// better-sqlite3 runs on the main thread, so that commit stopped every request of the process
// while it ran: saving sessions at 20 connections, one commit in forty took 10 to 190 ms, a fifth
// of the main thread's time. Here a worker thread with its own connection runs a PASSIVE
// checkpoint a few times a second instead: it never waits for, or blocks, a reader or the writer,
// and the disk sync happens off the main thread. The app's own connection checkpoints only as a
// backstop (WAL_BACKSTOP_PAGES), should the worker fall behind or stop.
//
// Durability is unchanged: a commit is in the log (with synchronous = NORMAL, as before, in the
// operating system's copy of it) before it is acknowledged, whoever copies it on. Should the
// worker fail or die, the app's connection goes back to SQLite's own checkpoints (1,000 pages).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker copies the log on. Each run copies what the commits since the last one wrote. */
const EVERY_MS = 250;

/** The log's length, in pages, after which a commit checkpoints on the main thread after all (about 40 MB). */
export const WAL_BACKSTOP_PAGES = 10_000;

// Plain JavaScript run by the worker (an `eval` worker needs no file of its own, from src/ or dist/).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
db.pragma('cache_size = 16');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const timer = setInterval(() => {
  try {
    const [row] = checkpoint.all();
    if (row && row.checkpointed > 0) parentPort.postMessage(row.checkpointed);
  } catch {
    // Busy (another program's checkpoint, a restore): the next round tries again.
  }
}, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export class Checkpointer {
  readonly #worker: Worker;
  readonly #exited: Promise<void>;
  /** Pages the worker has copied into the database file so far. */
  copied = 0;

  #stopping = false;

  /**
   * `stopped`: called if the worker ends without being asked (it failed to start, or died), so
   * the app's connection can go back to checkpointing on its own.
   */
  constructor(file: string, stopped: (error: unknown) => void) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER, {
      eval: true,
      workerData: { file, driver, everyMs: EVERY_MS },
      // It allocates next to nothing: a small heap keeps the thread's memory small.
      resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1, codeRangeSizeMb: 4 },
    });
    this.#worker.on('message', (pages: number) => (this.copied += pages));
    let failure: unknown = null;
    this.#worker.on('error', (error) => (failure = error));
    this.#exited = new Promise((resolve) =>
      this.#worker.once('exit', (code) => {
        if (!this.#stopping) stopped(failure ?? new Error(`the checkpointer's thread ended (code ${code})`));
        resolve();
      }),
    );
    // It never keeps the process alive on its own.
    this.#worker.unref();
  }

  /** Stops the worker and closes its connection. */
  async stop(): Promise<void> {
    // Held until it has closed: an unreferenced worker alone would let the process end first.
    this.#stopping = true;
    this.#worker.ref();
    this.#worker.postMessage('stop');
    await this.#exited;
  }
}
