/**
 * Saved replies.
 *
 * GET    /api/saved-replies               every teammate: the list, by name
 * POST   /api/admin/saved-replies         {name, text, language?}   admins; audited
 * PUT    /api/admin/saved-replies/{id}    {name, text, language?}   admins; audited
 * DELETE /api/admin/saved-replies/{id}                              admins; audited
 *
 * Placeholders ({{customer.first_name}}, {{agent.first_name}}, …) are filled in by
 * the panel when an agent inserts the reply (domain/saved-replies.ts).
 */
import express from 'express';
import { z } from 'zod';
import { DomainError } from '@domain/errors';
import type { ServiceDeps } from '../../services/runtime/deps';
import { createSavedReply, editSavedReply, removeSavedReply, savedReplies } from '../../services/inbox/saved-replies';
import { requireAdmin } from '../middleware/require-admin';
import { parseBody } from '../../web/parse-body';

const Draft = z.strictObject({
  name: z.string().max(255),
  text: z.string().max(100_000),
  language: z.string().max(35).nullable().default(null),
});

function replyId(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new DomainError('VALIDATION_FAILED', { field: 'id', reason: 'a saved reply id' });
  return id;
}

export function savedRepliesRouter(deps: ServiceDeps): express.Router {
  const router = express.Router();
  const json = express.json({ limit: '64kb' });

  router.get('/saved-replies', async (_req, res) => {
    res.json({ data: await savedReplies(deps) });
  });

  router.post('/admin/saved-replies', requireAdmin, json, async (req, res) => {
    res.status(201).json(await createSavedReply(deps, res.locals.teammate, parseBody(Draft, req.body)));
  });

  router.put('/admin/saved-replies/:id', requireAdmin, json, async (req, res) => {
    res.json(await editSavedReply(deps, res.locals.teammate, replyId(String(req.params.id)), parseBody(Draft, req.body)));
  });

  router.delete('/admin/saved-replies/:id', requireAdmin, async (req, res) => {
    await removeSavedReply(deps, res.locals.teammate, replyId(String(req.params.id)));
    res.sendStatus(204);
  });

  return router;
}
