import express from 'express';
import type { ServiceDeps } from '../../services/runtime/deps';
import { listTemplateViews } from '../../store/templates';

/** GET /api/templates: the account's templates as last synced from Meta, with status, quality, rejection reason and billing. */
export function templatesRouter(deps: ServiceDeps): express.Router {
  const router = express.Router();
  router.get('/templates', async (_req, res) => {
    res.json({ data: await listTemplateViews(deps.db) });
  });
  return router;
}
