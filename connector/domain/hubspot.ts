/**
 * HubSpot's side of a conversation (issue 14): a help desk ticket per conversation, associated
 * with the customer's contact, through the CRM v3 objects API
 * (https://developers.hubspot.com/docs/api-reference/crm-tickets-v3/guide). A ticket's status
 * is its pipeline stage; each stage says in its metadata whether it is open or closed
 * (`ticketState`: OPEN / CLOSED, https://developers.hubspot.com/docs/api-reference/crm-pipelines-v3/guide),
 * so help desk pipelines with stages of their own work too.
 */
import { zendeskSubject } from './zendesk';

/**
 * The ticket property that names the conversation a ticket stands for. It has unique values,
 * so the ticket is read back by it (`?idProperty=`) at once, where the search API would lag.
 */
export const HUBSPOT_CONVERSATION_PROPERTY = 'go2msg_conversation';
/** The ticket property with the customer's WhatsApp number, which the app card on a ticket reads. */
export const HUBSPOT_NUMBER_PROPERTY = 'go2msg_whatsapp_number';
/** HubSpot's default association types (https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide#ticket-to-object). */
export const HUBSPOT_TICKET_TO_CONTACT = 16;
export const HUBSPOT_NOTE_TO_TICKET = 228;
/** Object type ids in HubSpot's record URLs. */
export const HUBSPOT_TICKET_TYPE_ID = '0-5';

export function hubspotConversationKey(contactId: number): string {
  return `go2msg:${contactId}`;
}

/** Same subject rule as Zendesk's: the first line of the first message, or who wrote. */
export const hubspotSubject = zendeskSubject;

export interface HubspotStage {
  id: string;
  displayOrder: number;
  archived?: boolean;
  metadata?: Record<string, string>;
}

/** Whether a stage closes the ticket: `ticketState` CLOSED (HubSpot also sets `isClosed` "true"). */
export function stageIsClosed(stage: HubspotStage): boolean {
  return stage.metadata?.ticketState === 'CLOSED' || stage.metadata?.isClosed === 'true';
}

/** The stage a new or reopened ticket goes to (the pipeline's first open one) and the one that closes it (its first closed one). */
export function pipelineStages(stages: HubspotStage[]): { open: string; closed: string } | null {
  const live = stages.filter((s) => !s.archived).sort((a, b) => a.displayOrder - b.displayOrder);
  const open = live.find((s) => !stageIsClosed(s));
  const closed = live.find((s) => stageIsClosed(s));
  return open && closed ? { open: open.id, closed: closed.id } : null;
}

/** What a ticket moved to a stage asks of its conversation: a closed stage resolves it, an open one reopens it. */
export function conversationActionForStage(stages: HubspotStage[], stageId: string): 'resolve' | 'reopen' | null {
  const stage = stages.find((s) => s.id === stageId);
  if (!stage) return null;
  return stageIsClosed(stage) ? 'resolve' : 'reopen';
}
