import express from 'express';
import type { OperatorAlerts } from '../../services/runtime/operator-alerts';
import type { Db } from '../../store/db';
import { dbKind } from '../../store/db';

/**
 * GET /healthz: 200 when the database answers (status "degraded" while an
 * operator alert is active, e.g. an invalid access token), 503 when it does not.
 */
export function healthRouter(deps: { db: Db; mode: 'sandbox' | 'live'; alerts: OperatorAlerts }): express.Router {
  const router = express.Router();
  router.get('/healthz', async (_req, res) => {
    const db = dbKind(deps.db);
    try {
      await deps.db.raw('select 1');
      const alerts = deps.alerts.list();
      res.json({ status: alerts.length ? 'degraded' : 'ok', mode: deps.mode, db, alerts });
    } catch {
      res.status(503).json({ status: 'unavailable', mode: deps.mode, db, reason: 'the database does not answer' });
    }
  });
  return router;
}
