/**
 * The simulator's HTTP surface: Graph's paths under any version prefix
 * (/v17.0 … /v27.0), the bearer token checked like Meta, Meta's JSON error
 * envelope for every refusal.
 */
import express from 'express';
import { constantTimeEqual } from '../../auth/secrets';
import { graphError } from './graph-errors';
import { managementPublicRouter, managementRouter } from './management-router';
import type { CloudApiSimulator } from './simulator';

const VERSION = /^v\d+\.\d+$/;

export function simulatorRouter(simulator: CloudApiSimulator, options: { accessToken: string; phoneNumberId: string; wabaId: string }): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: '5mb' }));
  router.use(managementPublicRouter(simulator.management));

  router.use('/:version', (req, res, next) => {
    if (!VERSION.test(req.params.version)) {
      const e = graphError(100, `Unknown path components: /${req.params.version}`);
      res.status(e.status).json(e.body);
      return;
    }
    // Graph takes `OAuth <token>` too; Meta's resumable upload documents that form.
    const token = /^(?:Bearer|OAuth) (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (!token || !constantTimeEqual(token, options.accessToken)) {
      const e = graphError(190, 'Error validating access token: the token is invalid or has expired.');
      res.status(e.status).json(e.body);
      return;
    }
    next();
  });

  router.post('/:version/:phoneNumberId/messages', (req, res) => {
    if (req.params.phoneNumberId !== options.phoneNumberId) {
      const e = graphError(100, `Unsupported post request. Object with ID '${req.params.phoneNumberId}' does not exist.`);
      res.status(e.status).json(e.body);
      return;
    }
    const outcome = simulator.send(typeof req.body === 'object' && req.body !== null ? req.body : {});
    res.status(outcome.status).json(outcome.body);
  });

  router.get('/:version/:wabaId/message_templates', (req, res) => {
    if (req.params.wabaId !== options.wabaId) {
      const e = graphError(100, `Unsupported get request. Object with ID '${req.params.wabaId}' does not exist.`);
      res.status(e.status).json(e.body);
      return;
    }
    const limit = Math.min(Math.max(Number(req.query.limit) || 25, 1), 100);
    const page = simulator.listTemplates(limit, typeof req.query.after === 'string' ? req.query.after : undefined);
    const paging = page.paging as { next?: string };
    if (paging.next) paging.next = `${req.protocol}://${req.get('host')}${req.baseUrl}${req.path}${paging.next}`;
    res.json(page);
  });

  router.use(managementRouter(simulator.management, options));

  router.use((req, res) => {
    const e = graphError(100, `Unsupported ${req.method.toLowerCase()} request.`);
    res.status(e.status).json(e.body);
  });

  // Malformed JSON gets Meta's envelope too, not Express's HTML page.
  router.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const e = graphError(100, 'The request body is not valid JSON.');
    res.status(e.status).json(e.body);
  });
  return router;
}
