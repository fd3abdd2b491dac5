/**
 * What go2msg tells helpdesks and CRMs (issue 14): one event per change to a conversation
 * or its messages, stored in the transaction of the change and delivered to each
 * configured host once. The outbound webhook sends exactly this shape (docs/HOST-EVENTS.md);
 * the Zendesk and other host adapters act on the same events.
 */
import type { ConversationState } from './conversations';
import type { MessageView } from './views';

export const HOST_EVENT_TYPES = [
  'conversation.created',
  'conversation.reopened',
  'conversation.assigned',
  'conversation.resolved',
  'message.received',
  'message.sent',
  'message.status',
] as const;
export type HostEventType = (typeof HOST_EVENT_TYPES)[number];

export type ConversationEventType = Extract<HostEventType, `conversation.${string}`>;
export type MessageEventType = Extract<HostEventType, `message.${string}`>;

/** The customer, as a host finds or creates its own person for them. */
export interface HostEventContact {
  /** go2msg's id for the customer: the same in every event and in the panel's API. */
  id: number;
  /** "+16505551234", or null when WhatsApp gave only a business-scoped user id. */
  phone: string | null;
  waId: string | null;
  /** WhatsApp's business-scoped user id, when known. */
  userId: string | null;
  name: string | null;
}

export interface HostEventConversation {
  state: ConversationState;
  owner: { id: number; name: string } | null;
  /** The oldest customer message nobody has answered (epoch ms), or null. */
  waitingSince: number | null;
  /** The text of the message that opened or reopened it, when there is one: a host's subject and description. */
  firstMessageText: string | null;
}

export interface HostEventBody {
  /** Unique per event and the same on every retry: a receiver drops an id it has seen (idempotency). */
  id: string;
  type: HostEventType;
  /** When the change happened, ISO 8601 UTC. */
  createdAt: string;
  contact: HostEventContact;
  /** Conversation events: where it stands after the change. */
  conversation?: HostEventConversation;
  /** Message events: the message as the panel shows it (status events: with the new status). */
  message?: Pick<MessageView, 'id' | 'direction' | 'channel' | 'type' | 'text' | 'status' | 'at' | 'wamid' | 'failure'> & {
    sender: { teammateId: number; name: string } | null;
  };
  /** Who made a conversation change: a teammate, the automatic assignment, or a host (its name) acting through its own webhook. */
  cause?: { teammateId: number | null; host: string | null };
}

/** A host the change came from is not told about it again (a ticket solved in Zendesk resolves the conversation; Zendesk knows). */
export function deliversTo(host: string, body: Pick<HostEventBody, 'cause'>): boolean {
  return body.cause?.host !== host;
}

export type { HostRecordView } from './host-record';
