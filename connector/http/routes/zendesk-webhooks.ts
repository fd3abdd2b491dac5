/**
 * POST /webhooks/zendesk: Zendesk tells the connector a ticket's status changed.
 *
 * Configure in Zendesk (Admin Center → Apps and integrations → Webhooks) a webhook to this
 * URL subscribed to the `zen:event-type:ticket.status_changed` event, or called by a trigger
 * with the JSON body `{"ticket_id":"{{ticket.id}}","status":"{{ticket.status}}"}`; its signing
 * secret is ZENDESK_WEBHOOK_SECRET. Every request is checked as Zendesk documents
 * (https://developer.zendesk.com/documentation/webhooks/verifying/):
 * base64(HMAC-SHA256(secret, X-Zendesk-Webhook-Signature-Timestamp + raw body)) must equal
 * X-Zendesk-Webhook-Signature (constant time), and the timestamp must be within 5 minutes, so
 * a captured request cannot be played again later. Anything else is 401 SIGNATURE_INVALID.
 */
import { createHmac } from 'node:crypto';
import express from 'express';
import { DomainError } from '@domain/errors';
import { constantTimeEqual } from '../../auth/secrets';
import type { Clock } from '../../services/runtime/clock';
import type { ServiceDeps } from '../../services/runtime/deps';
import { conversationActionForTicket } from '@domain/zendesk';
import { applyRecordStatus } from '../../services/hosts/record-status';
import { ZENDESK_HOST } from '../../services/hosts/zendesk-host';

const TOLERANCE_MS = 5 * 60_000;

export function verifyZendeskSignature(secret: string, raw: Buffer, signature: string | undefined, timestamp: string | undefined, now: number): boolean {
  if (!signature || !timestamp) return false;
  const at = Date.parse(timestamp);
  if (Number.isNaN(at) || Math.abs(now - at) > TOLERANCE_MS) return false;
  const expected = createHmac('sha256', secret).update(timestamp).update(raw).digest('base64');
  return constantTimeEqual(expected, signature);
}

/** The ticket and its new status, from an event subscription's body or a trigger's. */
function readTicketStatus(body: unknown): { ticketId: string; status: string } | null {
  const b = body as { detail?: { id?: unknown }; event?: { current?: unknown }; ticket_id?: unknown; status?: unknown } | null;
  const ticketId = b?.detail?.id ?? b?.ticket_id;
  const status = b?.event?.current ?? b?.status;
  if ((typeof ticketId !== 'string' && typeof ticketId !== 'number') || typeof status !== 'string') return null;
  return { ticketId: String(ticketId), status };
}

export function zendeskWebhookRouter(deps: ServiceDeps & { secret: string; wallClock: Clock }): express.Router {
  const router = express.Router();
  router.post('/webhooks/zendesk', express.raw({ type: () => true, limit: '256kb' }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (
      !verifyZendeskSignature(deps.secret, raw, req.get('x-zendesk-webhook-signature'), req.get('x-zendesk-webhook-signature-timestamp'), deps.wallClock.now())
    ) {
      throw new DomainError('SIGNATURE_INVALID');
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new DomainError('VALIDATION_FAILED', { field: 'body', reason: 'JSON from a Zendesk webhook' });
    }
    const change = readTicketStatus(body);
    if (!change)
      throw new DomainError('VALIDATION_FAILED', { field: 'body', reason: 'a ticket id and status (detail.id and event.current, or ticket_id and status)' });
    res.json({ outcome: await applyRecordStatus(deps, ZENDESK_HOST, change.ticketId, conversationActionForTicket(change.status)) });
  });
  return router;
}
