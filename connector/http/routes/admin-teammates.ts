/**
 * Teammates, for admins (role from the provider's groups claim).
 *
 * GET    /api/admin/teammates                                        everyone, with their host links
 * POST   /api/admin/teammates/{id}/disable                           their tokens stop at the next request
 * POST   /api/admin/teammates/{id}/enable
 * DELETE /api/admin/teammates/{id}/host-links/{host}/{hostUserId}    unlink a host user
 *
 * Mounted under /api, so authentication comes first; an agent gets FORBIDDEN.
 */
import express from 'express';
import { DomainError } from '@domain/errors';
import { disableTeammate, enableTeammate, teammateViews, unlinkHostUser, type AdminDeps } from '../../services/inbox/teammates';
import { requireAdmin } from '../middleware/require-admin';

function teammateId(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new DomainError('VALIDATION_FAILED', { field: 'id', reason: 'a teammate id' });
  return id;
}

export function adminTeammatesRouter(deps: AdminDeps): express.Router {
  const router = express.Router();
  router.use('/admin', requireAdmin);

  router.get('/admin/teammates', async (_req, res) => {
    res.json({ data: await teammateViews(deps) });
  });

  router.post('/admin/teammates/:id/disable', async (req, res) => {
    res.json(await disableTeammate(deps, res.locals.teammate, teammateId(req.params.id)));
  });

  router.post('/admin/teammates/:id/enable', async (req, res) => {
    res.json(await enableTeammate(deps, res.locals.teammate, teammateId(req.params.id)));
  });

  router.delete('/admin/teammates/:id/host-links/:host/:hostUserId', async (req, res) => {
    res.json(await unlinkHostUser(deps, res.locals.teammate, teammateId(req.params.id), req.params.host, req.params.hostUserId));
  });

  return router;
}
