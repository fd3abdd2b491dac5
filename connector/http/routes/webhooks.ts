/**
 * Meta's webhooks: GET for the verification handshake, POST for signed events.
 *
 * POST reads: raw body → signature (refused with 401 before anything is stored)
 * → stored in the inbox → 200 at once → processed after the answer.
 * Source: Meta, webhooks/create-webhook-endpoint.
 *
 * A signed body that is not JSON, or nests far deeper than Meta's payloads, is refused
 * at the door: kept as a dead letter and answered 200 with the refusal
 * (WEBHOOK_BODY_REFUSED), because Meta retries every other answer for days and the body
 * would come back the same each time.
 */
import express from 'express';
import { DomainError } from '@domain/errors';
import { constantTimeEqual } from '../../auth/secrets';
import type { InboxWriter } from '../../services/inbound/inbox-writer';
import { verifySignature } from '../../whatsapp/signature';
import { readWebhookBody } from '../../whatsapp/webhook-body';
import { errorBody } from '../middleware/error-handler';

/**
 * "Webhooks payloads can be up to 3MB" (Meta, whatsapp/webhooks/overview), in the escaped
 * ASCII form Meta sends. Read as 3 MiB, the larger reading: a 413 for a body Meta is allowed
 * to send would be retried for days and then lost.
 */
const MAX_BODY = '3mb';

export function webhooksRouter(deps: { inbox: InboxWriter; appSecret: string; verifyToken: string }): express.Router {
  const router = express.Router();

  router.get('/webhooks/whatsapp', (req, res) => {
    const mode = req.query['hub.mode'];
    const token = req.query['hub.verify_token'];
    const challenge = req.query['hub.challenge'];
    if (mode === 'subscribe' && typeof token === 'string' && typeof challenge === 'string' && constantTimeEqual(token, deps.verifyToken)) {
      res.status(200).type('text/plain').send(challenge);
      return;
    }
    res.status(403).type('text/plain').send('verification failed');
  });

  router.post('/webhooks/whatsapp', express.raw({ type: () => true, limit: MAX_BODY }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!verifySignature(raw, req.get('x-hub-signature-256'), deps.appSecret)) {
      throw new DomainError('SIGNATURE_INVALID');
    }
    const text = raw.toString('utf8');
    const reading = readWebhookBody(text);
    if (!reading.ok) {
      const refusal = new DomainError('WEBHOOK_BODY_REFUSED', { reason: reading.reason });
      await deps.inbox.refuse(text, refusal.message);
      res.status(200).json(errorBody(refusal, res.locals.requestId));
      return;
    }
    await deps.inbox.store(text);
    res.sendStatus(200);
  });

  return router;
}
