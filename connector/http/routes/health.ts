import express from 'express';
import type { AccountAlert, AlertKind } from '@domain/account-views';
import { describeBusinessNumber } from '@domain/business-numbers';
import type { OperatorAlerts } from '../../services/runtime/operator-alerts';
import type { Db } from '../../store/db';
import { dbKind } from '../../store/db';

/**
 * GET /healthz: 200 when the database answers (status "degraded" while an
 * operator alert is active, e.g. an invalid access token), 503 when it does not.
 * `numbers` lists each business number's health alerts (quality, display name,
 * messaging limit, status), each naming its number ("Sales +15550783882"):
 * Meta's to act on, so they do not make the connector itself "degraded".
 */
const NUMBER_ALERT_TEXT: Partial<Record<AlertKind, string>> = {
  quality: 'quality rating dropped; Meta may limit how many customers it reaches',
  number_status: 'not connected; it cannot send',
  display_name: 'display name not approved by Meta',
  limit_lowered: 'messaging limit lowered by Meta',
};

export function healthRouter(deps: { db: Db; mode: 'sandbox' | 'live'; alerts: OperatorAlerts; numberAlerts: () => Promise<AccountAlert[]> }): express.Router {
  const router = express.Router();
  router.get('/healthz', async (_req, res) => {
    const db = dbKind(deps.db);
    try {
      await deps.db.raw('select 1');
      const alerts = deps.alerts.list();
      const numbers = (await deps.numberAlerts()).map((a) => ({
        kind: a.kind,
        severity: a.severity,
        value: a.value,
        number: a.number,
        message: `${a.number ? describeBusinessNumber(a.number) : 'the WhatsApp number'}: ${NUMBER_ALERT_TEXT[a.kind] ?? a.kind} (${a.value})`,
      }));
      res.json({ status: alerts.length ? 'degraded' : 'ok', mode: deps.mode, db, alerts, numbers });
    } catch {
      res.status(503).json({ status: 'unavailable', mode: deps.mode, db, reason: 'the database does not answer' });
    }
  });
  return router;
}
