import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Router } from 'express';
import type { AppContext } from '../../context.js';

/**
 * For load balancers and Docker's HEALTHCHECK: answers only when the database does. It reads
 * through its own short-lived read-only connection, so it answers even while the app's one
 * connection waits for a write lock another program holds (WAL lets readers in beside a writer).
 */
export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  const file = resolve(ctx.config.databaseUrl.replace(/^file:/, ''));
  router.get('/healthz', (_req, res) => {
    let db: Database.Database | undefined;
    try {
      db = new Database(file, { readonly: true, fileMustExist: true, timeout: 1000 });
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      res.set('Cache-Control', 'no-store').json({ status: 'ok' });
    } catch {
      res.status(503).set('Cache-Control', 'no-store').json({ status: 'unavailable' });
    } finally {
      db?.close();
    }
  });
  return router;
}
