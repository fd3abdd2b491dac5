import express from 'express';
import type { Db } from '../../store/db';
import { dbKind } from '../../store/db';

/** GET /healthz: 200 when the database answers, 503 when it does not. */
export function healthRouter(deps: { db: Db; mode: 'sandbox' | 'live' }): express.Router {
  const router = express.Router();
  router.get('/healthz', async (_req, res) => {
    const db = dbKind(deps.db);
    try {
      await deps.db.raw('select 1');
      res.json({ status: 'ok', mode: deps.mode, db });
    } catch {
      res.status(503).json({ status: 'unavailable', mode: deps.mode, db, reason: 'the database does not answer' });
    }
  });
  return router;
}
