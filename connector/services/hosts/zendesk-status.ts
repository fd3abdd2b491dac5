/**
 * A ticket's status changed in Zendesk (its webhook, checked in http/routes/zendesk-webhooks.ts):
 * solving it resolves the conversation; opening it again reopens it. The change is audited
 * with Zendesk as its cause and is not sent back to Zendesk.
 */
import { conversationActionForTicket } from '@domain/zendesk';
import { findContactByRecord } from '../../store/host-deliveries';
import { changeConversationFromHost } from '../conversations';
import type { ServiceDeps } from '../deps';
import { ZENDESK_HOST } from './zendesk-host';

export type TicketStatusOutcome = 'changed' | 'unchanged' | 'unknown-ticket' | 'ignored-status';

export async function applyTicketStatus(deps: ServiceDeps, ticketId: string, status: string): Promise<TicketStatusOutcome> {
  const action = conversationActionForTicket(status);
  if (!action) return 'ignored-status';
  const contactId = await findContactByRecord(deps.db, ZENDESK_HOST, ticketId);
  if (contactId === null) return 'unknown-ticket';
  const changed = await changeConversationFromHost(deps, contactId, { type: action }, ZENDESK_HOST);
  return changed ? 'changed' : 'unchanged';
}
