/** The ordered feed of changes pushed to open panels. */
import type { LiveEvent } from '@domain/views';
import { findMessageViews } from './messages';
import { toJson, type Executor } from './rows';

/**
 * A teammate's access changed (disabled, signed out, session ended): every
 * stream of that teammate re-checks its token at once instead of at the next
 * heartbeat. Streams act on it and never forward it to a panel.
 */
export interface AccessChangedEvent {
  type: 'access';
  teammateId: number;
}

export type FeedEvent = LiveEvent | AccessChangedEvent;

export interface StoredEvent {
  id: number;
  event: FeedEvent;
}

function eventRow(contactId: number | null, event: FeedEvent, now: number) {
  // Kept beside the payload so retention can find every copy of a message's text: its own
  // view, and the conversation summaries that show it as the latest message.
  const messageId = event.type === 'message' ? event.message.id : event.type === 'conversation' ? (event.conversation.lastMessage?.id ?? null) : null;
  return { contact_id: contactId, message_id: messageId, type: event.type, payload: toJson(event), created_at: now };
}

export async function appendEvent(db: Executor, contactId: number | null, event: FeedEvent, now: number): Promise<number> {
  const rows = await db('events').insert(eventRow(contactId, event, now)).returning('id');
  const first = rows[0] as { id: number } | number;
  return typeof first === 'number' ? first : first.id;
}

/** Several events in one insert, in order (e.g. a new message and the window it opened). */
export async function appendEvents(db: Executor, events: Array<{ contactId: number | null; event: FeedEvent }>, now: number): Promise<void> {
  if (events.length === 0) return;
  await db('events').insert(events.map(({ contactId, event }) => eventRow(contactId, event, now)));
}

/** Pushes the current view of each message to its contact's panels, in one read and one insert. */
export async function appendMessageEvents(db: Executor, messages: Array<{ id: number; contactId: number }>, now: number): Promise<void> {
  const contactOf = new Map(messages.map((m) => [m.id, m.contactId]));
  const views = await findMessageViews(db, messages.map((m) => m.id));
  await appendEvents(db, views.map((message) => ({ contactId: contactOf.get(message.id)!, event: { type: 'message' as const, message } })), now);
}

/** Events after `afterId` for one contact, plus events for everyone (contact_id null). */
export async function eventsAfter(db: Executor, afterId: number, contactId: number, limit = 500): Promise<StoredEvent[]> {
  const rows = await db('events')
    .where('id', '>', afterId)
    .andWhere((q) => q.where('contact_id', contactId).orWhereNull('contact_id'))
    .orderBy('id')
    .limit(limit)
    .select('id', 'payload');
  return rows.map((r: { id: number; payload: string }) => ({ id: r.id, event: JSON.parse(r.payload) as FeedEvent }));
}

/** Events after `afterId` for the inbox: every conversation's changes, plus events for everyone. */
export async function conversationEventsAfter(db: Executor, afterId: number, limit = 500): Promise<StoredEvent[]> {
  const rows = await db('events')
    .where('id', '>', afterId)
    .andWhere((q) => q.where('type', 'conversation').orWhereNull('contact_id'))
    .orderBy('id')
    .limit(limit)
    .select('id', 'payload');
  return rows.map((r: { id: number; payload: string }) => ({ id: r.id, event: JSON.parse(r.payload) as FeedEvent }));
}

export async function lastEventId(db: Executor): Promise<number> {
  const row = await db('events').max<{ id: number | null }>('id as id').first();
  return row?.id ?? 0;
}
