/**
 * Host deliveries, for admins (services/hosts/host-admin.ts):
 *
 * GET  /api/admin/hosts                                  each configured host: paused, held back, pending and dead counts
 * POST /api/admin/hosts/{host}/resume                    a paused host's credential is fixed: deliver again (audited)
 * GET  /api/admin/hosts/dead-letters?before&limit        deliveries that failed for good, newest first, with their error
 * POST /api/admin/hosts/dead-letters/{id}/replay         deliver it again (audited)
 * POST /api/admin/hosts/dead-letters/replay              deliver the oldest 500 again (audited)
 *
 * Mounted under /api, so authentication comes first; an agent gets FORBIDDEN.
 */
import express from 'express';
import { DEAD_LETTER_PAGE_SIZE } from '@domain/dead-letters';
import { deadDeliveryPage, hostStatusList, replayDeadDeliveries, resumeHostDeliveries, type HostAdminDeps } from '../../services/hosts/host-admin';
import { requireAdmin } from '../middleware/require-admin';
import { parseBody } from '../../web/parse-body';
import { DeadLetterPageQuery, deadLetterId } from './dead-letter-params';

export function adminHostsRouter(deps: HostAdminDeps): express.Router {
  const router = express.Router();
  router.use('/admin/hosts', requireAdmin);

  router.get('/admin/hosts', async (_req, res) => {
    res.json({ data: await hostStatusList(deps) });
  });

  router.get('/admin/hosts/dead-letters', async (req, res) => {
    const query = parseBody(DeadLetterPageQuery, req.query);
    res.json(await deadDeliveryPage(deps, { before: query.before ?? null, limit: query.limit ?? DEAD_LETTER_PAGE_SIZE }));
  });

  router.post('/admin/hosts/dead-letters/replay', async (_req, res) => {
    res.json(await replayDeadDeliveries(deps, res.locals.teammate, 'oldest'));
  });

  router.post('/admin/hosts/dead-letters/:id/replay', async (req, res) => {
    res.json(await replayDeadDeliveries(deps, res.locals.teammate, { id: deadLetterId(req.params.id) }));
  });

  router.post('/admin/hosts/:host/resume', async (req, res) => {
    res.json(await resumeHostDeliveries(deps, res.locals.teammate, req.params.host));
  });

  return router;
}
