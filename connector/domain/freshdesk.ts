/**
 * Freshdesk's side of a conversation (issue 14). Ticket statuses and sources are numbers in
 * Freshdesk's API v2 (https://developers.freshdesk.com/api/#tickets): status 2 Open,
 * 3 Pending, 4 Resolved, 5 Closed; source 7 Chat. An automation's webhook names the status
 * by its label ("Resolved").
 */
import { textAsHtml } from './host-timeline';
import { zendeskSubject } from './zendesk';

export const FRESHDESK_STATUS = { open: 2, pending: 3, resolved: 4, closed: 5 } as const;
export const FRESHDESK_SOURCE_CHAT = 7;
export const FRESHDESK_PRIORITY_LOW = 1;
export const FRESHDESK_TAG = 'whatsapp';

/**
 * The tag that names the conversation on its ticket. Freshdesk tickets have no external id,
 * so a ticket is found again by its requester and this tag.
 */
export function freshdeskConversationTag(contactId: number): string {
  return `go2msg-${contactId}`;
}

/** Same subject rule as Zendesk's: the first line of the first message, or who wrote. */
export const freshdeskSubject = zendeskSubject;

/** The description is HTML in Freshdesk: the customer's text, escaped, its lines kept. */
export const freshdeskDescription = textAsHtml;

/** What a ticket's new status (a label or Freshdesk's number) asks of its conversation. */
export function conversationActionForFreshdesk(status: string | number): 'resolve' | 'reopen' | null {
  const label = String(status).trim().toLowerCase();
  if (label === 'resolved' || label === 'closed' || label === '4' || label === '5') return 'resolve';
  if (label === 'open' || label === '2') return 'reopen';
  return null;
}
