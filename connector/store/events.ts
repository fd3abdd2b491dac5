/** The ordered feed of changes pushed to open panels. */
import type { FeedSnapshot } from '@domain/feed-cursor';
import type { LiveEvent } from '@domain/views';
import type { Knex } from 'knex';
import { dbKind } from './db';
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

function eventRow(contactId: number | null, event: FeedEvent, now: number) {
  // Kept beside the payload so retention can find every copy of a message's text: its own
  // view, and the conversation summaries that show it as the latest message.
  const messageId = event.type === 'message' ? event.message.id : event.type === 'conversation' ? (event.conversation.lastMessage?.id ?? null) : null;
  return { contact_id: contactId, message_id: messageId, type: event.type, payload: toJson(event), created_at: now };
}

export async function appendEvent(db: Executor, contactId: number | null, event: FeedEvent, now: number): Promise<number> {
  const rows = await db('events')
    .insert(eventRow(contactId, event, now))
    .returning('id');
  const first = rows[0] as { id: number } | number;
  return typeof first === 'number' ? first : first.id;
}

/** Every stream of this teammate re-checks its access now (the event is never shown). */
export async function announceAccessChanged(db: Executor, teammateId: number, now: number): Promise<void> {
  await appendEvent(db, null, { type: 'access', teammateId }, now);
}

/** Several events in one insert, in order (e.g. a new message and the window it opened). */
export async function appendEvents(db: Executor, events: Array<{ contactId: number | null; event: FeedEvent }>, now: number): Promise<void> {
  if (events.length === 0) return;
  await db('events').insert(events.map(({ contactId, event }) => eventRow(contactId, event, now)));
}

/** Pushes the current view of each message to its contact's panels, in one read and one insert. */
export async function appendMessageEvents(db: Executor, messages: Array<{ id: number; contactId: number }>, now: number): Promise<void> {
  const contactOf = new Map(messages.map((m) => [m.id, m.contactId]));
  const views = await findMessageViews(
    db,
    messages.map((m) => m.id),
  );
  await appendEvents(
    db,
    views.map((message) => ({ contactId: contactOf.get(message.id)!, event: { type: 'message' as const, message } })),
    now,
  );
}

/**
 * One event as the live tailer hands it on. The payload stays the JSON text it
 * was stored as: each SSE frame is built from it once, for every stream.
 */
export interface FeedRow {
  id: number;
  contactId: number | null;
  type: string;
  payload: string;
}

/** Which events a stream shows: one customer's thread, or the inbox (every conversation's changes). */
export type FeedFilter = { contactId: number } | { inbox: true };

/**
 * Whether a stream with this filter shows the event. Events for everyone
 * (contact null: the clock, templates, number health) reach every stream;
 * `access` events reach none (streams act on them, panels never see them).
 * `feedRowsBetween` is the same rule in SQL.
 */
export function feedShows(filter: FeedFilter, row: Pick<FeedRow, 'contactId' | 'type'>): boolean {
  if (row.type === 'access') return false;
  if (row.contactId === null) return true;
  return 'inbox' in filter ? row.type === 'conversation' : row.contactId === filter.contactId;
}

function whereShown(q: Knex.QueryBuilder, filter: FeedFilter): Knex.QueryBuilder {
  return q
    .whereNot('type', 'access')
    .andWhere((w) => ('inbox' in filter ? w.where('type', 'conversation') : w.where('contact_id', filter.contactId)).orWhereNull('contact_id'));
}

const FEED_COLUMNS = ['id', 'contact_id', 'type', 'payload'] as const;

type FeedRecord = { id: number; contact_id: number | null; type: string; payload: string };

function toFeedRow(r: FeedRecord): FeedRow {
  return { id: Number(r.id), contactId: r.contact_id === null ? null : Number(r.contact_id), type: r.type, payload: r.payload };
}

/** A stream catching up: the events it shows after `afterId`, up to `upTo`, oldest first. */
export async function feedRowsBetween(db: Executor, filter: FeedFilter, afterId: number, upTo: number, limit = 500): Promise<FeedRow[]> {
  const rows: FeedRecord[] = await db('events')
    .where('id', '>', afterId)
    .andWhere('id', '<=', upTo)
    .andWhere((q) => whereShown(q, filter))
    .orderBy('id')
    .limit(limit)
    .select(...FEED_COLUMNS);
  return rows.map(toFeedRow);
}

/**
 * The tailer's read: events above `afterId` and the missing ids it still looks
 * for, oldest first. The two are read apart and joined: as one condition
 * (`id > ? OR id = ANY(?)`) PostgreSQL walked the primary key from the first
 * event and filtered, 90 ms a read once 200,000 events were stored. On PostgreSQL it also answers the statement's own snapshot
 * (`pg_current_snapshot()` is the active snapshot, the one the rows were read
 * with), which is how a missing id is proven never to come (`@domain/feed-cursor`).
 */
export async function readFeed(
  db: Executor,
  afterId: number,
  lookFor: readonly number[],
  limit: number,
): Promise<{ rows: FeedRow[]; snapshot: FeedSnapshot | null }> {
  if (dbKind(db as Knex) === 'sqlite') {
    const rows: FeedRecord[] = await db('events')
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .select(...FEED_COLUMNS);
    return { rows: rows.map(toFeedRow), snapshot: null };
  }
  // xid8 has no direct cast to bigint; through text it is exact (and far below 2^53 in practice).
  const result = await db.raw(
    `SELECT s.xmin, s.xmax, e.id, e.contact_id, e.type, e.payload
       FROM (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin,
                    pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS xmax) s
       LEFT JOIN LATERAL (
         SELECT * FROM (
           (SELECT id, contact_id, type, payload FROM events WHERE id > ? ORDER BY id LIMIT ?)
           UNION ALL
           (SELECT id, contact_id, type, payload FROM events WHERE id = ANY(?::bigint[]) AND id <= ?)
         ) found ORDER BY id LIMIT ?
       ) e ON true`,
    [afterId, limit, [...lookFor], afterId, limit],
  );
  const records = result.rows as Array<FeedRecord & { xmin: number; xmax: number; id: number | null }>;
  const first = records[0]!;
  return {
    rows: records.filter((r) => r.id !== null).map(toFeedRow),
    snapshot: { xmin: Number(first.xmin), xmax: Number(first.xmax) },
  };
}

export async function lastEventId(db: Executor): Promise<number> {
  const row = await db('events').max<{ id: number | null }>('id as id').first();
  return row?.id ?? 0;
}
