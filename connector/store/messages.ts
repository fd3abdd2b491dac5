import type { Channel } from '@domain/channel';
import type { MessageFailure } from '@domain/meta-errors';
import type { OutboundStatus } from '@domain/message-status';
import type { Direction, MessageView } from '@domain/views';
import { fromJson, toJson, type Executor } from './rows';

interface MessageRow {
  id: number;
  contact_id: number;
  direction: Direction;
  channel: Channel;
  wamid: string | null;
  type: string;
  content: string;
  text: string | null;
  status: OutboundStatus | 'received';
  failure: string | null;
  teammate_id: number | null;
  teammate_name?: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  attempts: number;
  at: number;
  content_deleted_at: number | null;
  content_retention_days: number | null;
}

/** A message as stored: Meta's message object ({type, [type]: {...}, context?}). */
export type StoredContent = { type: string } & Record<string, unknown>;

export interface StoredMessage {
  id: number;
  contactId: number;
  direction: Direction;
  wamid: string | null;
  type: string;
  content: StoredContent;
  status: OutboundStatus | 'received';
  teammateId: number | null;
  requestHash: string | null;
  attempts: number;
}

function toStored(row: MessageRow): StoredMessage {
  return {
    id: row.id,
    contactId: row.contact_id,
    direction: row.direction,
    wamid: row.wamid,
    type: row.type,
    content: fromJson<StoredContent>(row.content) ?? { type: row.type },
    status: row.status,
    teammateId: row.teammate_id,
    requestHash: row.request_hash,
    attempts: row.attempts,
  };
}

function toView(row: MessageRow): MessageView {
  const content = fromJson<Record<string, unknown>>(row.content) ?? {};
  const typed = content[row.type];
  return {
    id: row.id,
    direction: row.direction,
    channel: row.channel,
    type: row.type,
    content: typeof typed === 'object' && typed !== null ? (typed as Record<string, unknown>) : {},
    text: row.text,
    status: row.status,
    failure: fromJson<MessageFailure>(row.failure),
    sender: row.teammate_id === null ? null : { teammateId: row.teammate_id, name: row.teammate_name ?? 'Unknown teammate' },
    at: row.at,
    wamid: row.wamid,
    contentDeleted: row.content_deleted_at === null ? null : { at: row.content_deleted_at, afterDays: row.content_retention_days ?? 0 },
  };
}

const VIEW_COLUMNS = ['messages.*', 'teammates.name as teammate_name'];

function viewQuery(db: Executor) {
  return db<MessageRow>('messages').leftJoin('teammates', 'teammates.id', 'messages.teammate_id').select(VIEW_COLUMNS);
}

export async function findMessageView(db: Executor, id: number): Promise<MessageView> {
  const row = await viewQuery(db).where('messages.id', id).first();
  if (!row) throw new Error(`message ${id} not found`);
  return toView(row);
}

export interface InboundInsert {
  contactId: number;
  channel?: Channel;
  wamid: string;
  type: string;
  content: StoredContent;
  text: string | null;
  at: number;
  now: number;
}

/** Stores an inbound message once; returns null when this wamid was already stored. */
export async function insertInbound(db: Executor, m: InboundInsert): Promise<number | null> {
  const rows = await db('messages')
    .insert({
      contact_id: m.contactId,
      direction: 'in',
      channel: m.channel ?? 'whatsapp',
      wamid: m.wamid,
      type: m.type,
      content: toJson(m.content),
      text: m.text,
      status: 'received',
      at: m.at,
      created_at: m.now,
      updated_at: m.now,
    })
    .onConflict('wamid')
    .ignore()
    .returning('id');
  const first = rows[0] as { id: number } | number | undefined;
  return first === undefined ? null : typeof first === 'number' ? first : first.id;
}

export interface OutboundInsert {
  contactId: number;
  channel?: Channel;
  type: string;
  content: StoredContent;
  text: string | null;
  teammateId: number;
  idempotencyKey: string;
  requestHash: string;
  now: number;
}

export async function insertOutbound(db: Executor, m: OutboundInsert): Promise<number> {
  const rows = await db('messages')
    .insert({
      contact_id: m.contactId,
      direction: 'out',
      channel: m.channel ?? 'whatsapp',
      type: m.type,
      content: toJson(m.content),
      text: m.text,
      status: 'queued',
      teammate_id: m.teammateId,
      idempotency_key: m.idempotencyKey,
      request_hash: m.requestHash,
      next_attempt_at: m.now,
      at: m.now,
      created_at: m.now,
      updated_at: m.now,
    })
    .returning('id');
  const first = rows[0] as { id: number } | number;
  return typeof first === 'number' ? first : first.id;
}

export async function findByIdempotencyKey(db: Executor, key: string): Promise<StoredMessage | null> {
  const row = await db<MessageRow>('messages').where('idempotency_key', key).first();
  return row ? toStored(row) : null;
}

export async function findByWamid(db: Executor, wamid: string): Promise<StoredMessage | null> {
  const row = await db<MessageRow>('messages').where('wamid', wamid).first();
  return row ? toStored(row) : null;
}

export async function findStoredMessage(db: Executor, id: number): Promise<StoredMessage | null> {
  const row = await db<MessageRow>('messages').where('id', id).first();
  return row ? toStored(row) : null;
}

export async function updateStatus(
  db: Executor,
  id: number,
  status: OutboundStatus,
  failure: MessageFailure | null,
  now: number,
): Promise<void> {
  await db('messages').where('id', id).update({ status, failure: failure ? toJson(failure) : null, updated_at: now });
}

/** A keyset cursor: the (at, id) of the oldest message on the page. */
export interface PageCursor {
  at: number;
  id: number;
}

export function encodeCursor(cursor: PageCursor): string {
  return `${cursor.at}.${cursor.id}`;
}

export function decodeCursor(text: string): PageCursor | null {
  const match = /^(\d+)\.(\d+)$/.exec(text);
  return match ? { at: Number(match[1]), id: Number(match[2]) } : null;
}

/** The newest `limit` messages before the cursor, oldest first, and the cursor for the page before. */
export async function pageForContact(
  db: Executor,
  contactId: number,
  options: { before: PageCursor | null; limit: number },
): Promise<{ messages: MessageView[]; earlier: PageCursor | null }> {
  const query = viewQuery(db).where('messages.contact_id', contactId);
  if (options.before) {
    const { at, id } = options.before;
    query.andWhere((q) => q.where('messages.at', '<', at).orWhere((q2) => q2.where('messages.at', at).andWhere('messages.id', '<', id)));
  }
  const rows = await query.orderBy([{ column: 'messages.at', order: 'desc' }, { column: 'messages.id', order: 'desc' }]).limit(options.limit + 1);
  const hasMore = rows.length > options.limit;
  const page = rows.slice(0, options.limit).reverse();
  const oldest = page[0];
  return { messages: page.map(toView), earlier: hasMore && oldest ? { at: oldest.at, id: oldest.id } : null };
}
