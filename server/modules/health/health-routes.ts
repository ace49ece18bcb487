import { Router } from 'express';
import type { Knex } from 'knex';

/** Liveness says the process runs; readiness says it can reach its database. */
export function createHealthRoutes(db: Knex) {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await db.raw('select 1').timeout(2000, { cancel: true });
      res.set('Cache-Control', 'no-store').json({ status: 'ok', database: 'reachable' });
    } catch {
      res
        .status(503)
        .set('Cache-Control', 'no-store')
        .json({ status: 'unavailable', database: 'unreachable' });
    }
  });
  return router;
}
