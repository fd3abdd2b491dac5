/**
 * Webhook dead letters, for admins: bodies that failed for good (services/inbound/dead-letters.ts).
 *
 * GET  /api/admin/webhooks/dead-letters?before&limit      newest first, each with its error
 * GET  /api/admin/webhooks/dead-letters/{id}              one, with the body as stored
 * POST /api/admin/webhooks/dead-letters/{id}/replay       process it again (audited)
 * POST /api/admin/webhooks/dead-letters/replay            process the oldest 500 again (audited)
 *
 * Mounted under /api, so authentication comes first; an agent gets FORBIDDEN.
 */
import express from 'express';
import { DEAD_LETTER_PAGE_SIZE } from '@domain/dead-letters';
import { deadLetter, deadLetterPage, replayDeadLetters, type DeadLetterDeps } from '../../services/inbound/dead-letters';
import { requireAdmin } from '../middleware/require-admin';
import { parseBody } from '../../web/parse-body';
import { DeadLetterPageQuery, deadLetterId } from './dead-letter-params';

export function adminWebhooksRouter(deps: DeadLetterDeps & { webhooks: { kick(): void } }): express.Router {
  const router = express.Router();
  router.use('/admin/webhooks', requireAdmin);

  router.get('/admin/webhooks/dead-letters', async (req, res) => {
    const query = parseBody(DeadLetterPageQuery, req.query);
    res.json(await deadLetterPage(deps, { before: query.before ?? null, limit: query.limit ?? DEAD_LETTER_PAGE_SIZE }));
  });

  router.get('/admin/webhooks/dead-letters/:id', async (req, res) => {
    res.json(await deadLetter(deps, deadLetterId(req.params.id)));
  });

  router.post('/admin/webhooks/dead-letters/replay', async (_req, res) => {
    res.json(await replayDeadLetters(deps, res.locals.teammate, 'oldest'));
  });

  router.post('/admin/webhooks/dead-letters/:id/replay', async (req, res) => {
    res.json(await replayDeadLetters(deps, res.locals.teammate, { id: deadLetterId(req.params.id) }));
  });

  return router;
}
