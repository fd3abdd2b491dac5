/**
 * Sandbox controls for the account, used by the demo's admin page and by
 * tests: play the customers' feedback that moves a template's quality (RED
 * pauses it, the third time disables it), and change the number's quality,
 * messaging limit, display-name review or status. The simulator sends the
 * webhooks Meta sends for each; `onNumberChanged` also asks the connector to
 * re-read the number, because Meta sends no webhook for some changes (quality
 * between GREEN and YELLOW) and the scheduled refresh would take minutes.
 *
 * POST /sandbox/templates/{name}/quality  {"language":"en_US","quality":"RED"}
 * GET  /sandbox/number[?number=<phone number id>]
 * POST /sandbox/number[?number=<phone number id>]  {"quality_rating":"YELLOW","messaging_limit":"TIER_250",…}
 *      (another of the business's numbers with ?number=, e.g. Sales; the default's without)
 */
import express from 'express';
import { z } from 'zod';
import { DomainError } from '@domain/errors';
import { parseBody } from '../web/parse-body';
import { SimulatedGraphError } from './simulator/graph-errors';
import type { ManagementSimulator } from './simulator/management';

const QualityBody = z.strictObject({ language: z.string().min(2).max(16), quality: z.enum(['GREEN', 'YELLOW', 'RED']) });
const NumberBody = z.strictObject({
  quality_rating: z.enum(['GREEN', 'YELLOW', 'RED', 'UNKNOWN']).optional(),
  messaging_limit: z.string().max(32).optional(),
  name_status: z.enum(['APPROVED', 'AVAILABLE_WITHOUT_REVIEW', 'DECLINED', 'EXPIRED', 'PENDING_REVIEW', 'NONE']).optional(),
  verified_name: z.string().min(1).max(200).optional(),
  status: z.enum(['CONNECTED', 'PENDING', 'FLAGGED', 'RESTRICTED', 'BANNED']).optional(),
  throughput: z.enum(['STANDARD', 'HIGH']).optional(),
});

export function accountControls(deps: { management: ManagementSimulator; onNumberChanged: () => void }): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: '16kb' }));

  router.post('/templates/:name/quality', (req, res) => {
    const { language, quality } = parseBody(QualityBody, req.body);
    const template = deps.management.registry.findByName(req.params.name, language);
    if (!template) throw new DomainError('NOT_FOUND', { template: req.params.name, language });
    deps.management.registry.setQuality(template, quality);
    res.json({ template: deps.management.registry.get(template, 'name,language,status,category,quality_score') });
  });

  /** `?number=`: which of the simulated WABA's numbers (the default's when absent). */
  const numberId = (req: express.Request): string => {
    const id = typeof req.query.number === 'string' && req.query.number ? req.query.number : deps.management.defaultNumberId;
    if (!deps.management.hasNumber(id))
      throw new DomainError('VALIDATION_FAILED', { field: 'number', reason: `${id} is not one of the sandbox's numbers (GET /sandbox/numbers lists them)` });
    return id;
  };

  router.get('/number', (req, res) => {
    const { pin: _, ...number } = deps.management.stateOf(numberId(req));
    res.json({ number, subscribed: deps.management.subscribed });
  });

  router.post('/number', (req, res) => {
    const id = numberId(req);
    const patch = parseBody(NumberBody, req.body);
    try {
      deps.management.setNumber(patch, id);
    } catch (error) {
      if (error instanceof SimulatedGraphError) throw new DomainError('VALIDATION_FAILED', { reason: error.details });
      throw error;
    }
    deps.onNumberChanged();
    const { pin: _, ...number } = deps.management.stateOf(id);
    res.json({ number });
  });

  return router;
}
