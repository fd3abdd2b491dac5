/**
 * Zendesk's side of a conversation (issue 14): how its ticket is named and tagged, and what
 * a ticket's status means for the conversation. Zendesk's statuses:
 * https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/ (new, open, pending,
 * hold, solved, closed).
 */

export const ZENDESK_TAG = 'whatsapp';
/** Zendesk's subject field takes up to 255 characters; a shorter one reads better in views. */
const SUBJECT_MAX = 80;

/** The ticket's external id, which names the conversation it stands for. */
export function zendeskTicketExternalId(contactId: number): string {
  return `go2msg:${contactId}`;
}

/** The subject: the first line of the first message, cut at a word; or who wrote. */
export function zendeskSubject(firstMessage: string | null, who: string): string {
  const line =
    firstMessage
      ?.split('\n')
      .find((l) => l.trim())
      ?.trim() ?? '';
  if (!line) return `WhatsApp: ${who}`;
  if (line.length <= SUBJECT_MAX) return line;
  const cut = line.slice(0, SUBJECT_MAX - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > SUBJECT_MAX / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** What a ticket's new status asks of its conversation: solving resolves it; reopening opens it. */
export function conversationActionForTicket(status: string): 'resolve' | 'reopen' | null {
  switch (status.toLowerCase()) {
    case 'solved':
    case 'closed':
      return 'resolve';
    case 'open':
    case 'new':
      return 'reopen';
    default:
      return null;
  }
}
