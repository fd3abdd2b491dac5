/**
 * POST /webhooks/freshdesk: Freshdesk tells the connector a ticket's status changed.
 *
 * Freshdesk does not sign webhooks; its automation rules (Admin → Workflows → Automations →
 * Ticket updates: "Status is changed", action "Trigger webhook") send the custom headers the
 * admin sets. The connector wants `X-Go2msg-Webhook-Token: <FRESHDESK_WEBHOOK_TOKEN>`, compared
 * in constant time, and the body `{"ticket_id": {{ticket.id}}, "status": "{{ticket.status}}"}`
 * (or Freshdesk's simple form, `{"freshdesk_webhook": {"ticket_id", "ticket_status"}}`).
 * Without the token: 401 SIGNATURE_INVALID. Use an https PUBLIC_URL: the token travels in clear otherwise.
 */
import express from 'express';
import { conversationActionForFreshdesk } from '@domain/freshdesk';
import { DomainError } from '@domain/errors';
import { constantTimeEqual } from '../../auth/secrets';
import type { ServiceDeps } from '../../services/runtime/deps';
import { FRESHDESK_HOST } from '../../services/hosts/freshdesk-host';
import { applyRecordStatus } from '../../services/hosts/record-status';

export const FRESHDESK_TOKEN_HEADER = 'x-go2msg-webhook-token';

function readTicketStatus(body: unknown): { ticketId: string; status: string } | null {
  const b = body as { freshdesk_webhook?: { ticket_id?: unknown; ticket_status?: unknown }; ticket_id?: unknown; status?: unknown } | null;
  const ticketId = b?.freshdesk_webhook?.ticket_id ?? b?.ticket_id;
  const status = b?.freshdesk_webhook?.ticket_status ?? b?.status;
  if ((typeof ticketId !== 'string' && typeof ticketId !== 'number') || (typeof status !== 'string' && typeof status !== 'number')) return null;
  return { ticketId: String(ticketId), status: String(status) };
}

export function freshdeskWebhookRouter(deps: ServiceDeps & { token: string }): express.Router {
  const router = express.Router();
  // The token first: nothing of an unauthenticated request is read.
  const authenticate: express.RequestHandler = (req, _res, next) =>
    next(constantTimeEqual(req.get(FRESHDESK_TOKEN_HEADER) ?? '', deps.token) ? undefined : new DomainError('SIGNATURE_INVALID'));
  router.post('/webhooks/freshdesk', authenticate, express.json({ limit: '256kb', type: () => true }), async (req, res) => {
    const change = readTicketStatus(req.body);
    if (!change) throw new DomainError('VALIDATION_FAILED', { field: 'body', reason: 'a ticket id and status (ticket_id and status)' });
    res.json({ outcome: await applyRecordStatus(deps, FRESHDESK_HOST, change.ticketId, conversationActionForFreshdesk(change.status)) });
  });
  return router;
}
