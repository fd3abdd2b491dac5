import type { Channel } from '@domain/channel';
import type { MessageFailure } from '@domain/meta-errors';
import type { OutboundStatus } from '@domain/message-status';
import type { TemplateShown } from '@domain/templates';
import type { Direction, MessageOrigin, MessageView, QuotedView, ReactionView, ReferralView, SenderView } from '@domain/views';
import { findMediaMany, toMediaView } from './media';
import { fitColumn, forChange, fromJson, toJson, type Executor } from './rows';

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
  /** The host (e.g. "zendesk:acme.zendesk.com") that vouched for the sender, when one did. */
  host?: string | null;
  host_user_id?: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  attempts: number;
  media_id: string | null;
  reply_to: string | null;
  reaction_to: string | null;
  at: number;
  origin?: MessageOrigin | null;
  content_deleted_at: number | null;
  status_at: number | null;
  template_shown: string | null;
  content_retention_days: number | null;
}

/** A message as stored: Meta's message object ({type, [type]: {...}, context?}). */
export type StoredContent = { type: string } & Record<string, unknown>;

export interface StoredMessage {
  id: number;
  contactId: number;
  channel: Channel;
  direction: Direction;
  wamid: string | null;
  type: string;
  content: StoredContent;
  status: OutboundStatus | 'received';
  teammateId: number | null;
  requestHash: string | null;
  attempts: number;
  at: number;
}

function toStored(row: MessageRow): StoredMessage {
  return {
    id: row.id,
    contactId: row.contact_id,
    channel: row.channel,
    direction: row.direction,
    wamid: row.wamid,
    type: row.type,
    content: fromJson<StoredContent>(row.content) ?? { type: row.type },
    status: row.status,
    teammateId: row.teammate_id,
    requestHash: row.request_hash,
    attempts: row.attempts,
    at: Number(row.at),
  };
}

type Obj = Record<string, unknown> | undefined;
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function forwardedOf(content: StoredContent): MessageView['forwarded'] {
  const context = content.context as Obj;
  if (context?.frequently_forwarded) return 'frequently_forwarded';
  return context?.forwarded ? 'forwarded' : null;
}

function referralOf(content: StoredContent): ReferralView | null {
  const r = content.referral as Obj;
  if (!r) return null;
  return { sourceUrl: str(r.source_url), sourceType: str(r.source_type), headline: str(r.headline), body: str(r.body) };
}

const VIEW_COLUMNS = ['messages.*', 'teammates.name as teammate_name'];

function senderOf(row: MessageRow): SenderView | null {
  if (row.teammate_id === null) return null;
  return { teammateId: row.teammate_id, name: row.teammate_name ?? 'Unknown teammate', ...(row.host ? { host: row.host } : {}) };
}

function viewQuery(db: Executor) {
  return db<MessageRow>('messages').leftJoin('teammates', 'teammates.id', 'messages.teammate_id').select(VIEW_COLUMNS);
}

/**
 * Builds views for rows, with their files, quoted messages and reactions
 * looked up in three batched queries however many rows there are.
 */
async function toViews(db: Executor, rows: MessageRow[]): Promise<MessageView[]> {
  const contents = rows.map((r): StoredContent => fromJson<StoredContent>(r.content) ?? { type: r.type });
  const media = await findMediaMany(
    db,
    rows.flatMap((r) => (r.media_id ? [r.media_id] : [])),
  );

  const quotedWamids = [...new Set(rows.flatMap((r) => (r.reply_to ? [r.reply_to] : [])))];
  const quoted = new Map<string, QuotedView>();
  if (quotedWamids.length) {
    const found = await db('messages').whereIn('wamid', quotedWamids).select('id', 'wamid', 'direction', 'type', 'text');
    for (const q of found as Array<{ id: number; wamid: string; direction: Direction; type: string; text: string | null }>) {
      quoted.set(q.wamid, { wamid: q.wamid, id: q.id, direction: q.direction, type: q.type, text: q.text });
    }
  }

  const targets = rows.flatMap((r) => (r.wamid ? [r.wamid] : []));
  const reactions = new Map<string, Map<Direction, ReactionView | null>>();
  if (targets.length) {
    const found = (await viewQuery(db)
      .whereIn('messages.reaction_to', targets)
      .whereNot('messages.status', 'failed')
      .orderBy([{ column: 'messages.at' }, { column: 'messages.id' }])) as MessageRow[];
    for (const r of found) {
      const emoji = str(((fromJson<StoredContent>(r.content)?.reaction ?? {}) as Obj)?.emoji);
      const byDirection = reactions.get(r.reaction_to!) ?? new Map<Direction, ReactionView | null>();
      // The latest reaction from each side wins; one without an emoji removes it.
      byDirection.set(r.direction, emoji ? { emoji, direction: r.direction, sender: senderOf(r), at: Number(r.at) } : null);
      reactions.set(r.reaction_to!, byDirection);
    }
  }

  return rows.map((row, i) => {
    const content = contents[i]!;
    const typed = content[row.type];
    const mediaRow = row.media_id ? media.get(row.media_id) : undefined;
    const typedObj = typeof typed === 'object' && typed !== null ? (typed as Record<string, unknown>) : {};
    return {
      id: row.id,
      direction: row.direction,
      channel: row.channel,
      type: row.type,
      content: typedObj,
      text: row.text,
      status: row.status,
      statusAt: row.status_at === null || row.status_at === undefined ? null : Number(row.status_at),
      template: fromJson<TemplateShown>(row.template_shown) ?? null,
      failure: fromJson<MessageFailure>(row.failure),
      sender: senderOf(row),
      ...(row.origin ? { origin: row.origin } : {}),
      at: Number(row.at),
      wamid: row.wamid,
      media: mediaRow ? toMediaView(mediaRow, { voice: typedObj.voice === true, animated: typedObj.animated === true }) : null,
      replyTo: row.reply_to ? (quoted.get(row.reply_to) ?? { wamid: row.reply_to, id: null, direction: null, type: null, text: null }) : null,
      reactions: [...(row.wamid ? (reactions.get(row.wamid)?.values() ?? []) : [])].filter((r): r is ReactionView => r !== null),
      forwarded: forwardedOf(content),
      referral: referralOf(content),
      contentDeleted: row.content_deleted_at === null ? null : { at: Number(row.content_deleted_at), afterDays: row.content_retention_days ?? 0 },
    };
  });
}

/** Views of several messages in a few queries, in the order of `ids`. */
export async function findMessageViews(db: Executor, ids: number[]): Promise<MessageView[]> {
  if (ids.length === 0) return [];
  const rows = (await viewQuery(db).whereIn('messages.id', [...new Set(ids)])) as MessageRow[];
  const views = new Map((await toViews(db, rows)).map((v) => [v.id, v]));
  return ids.flatMap((id) => (views.has(id) ? [views.get(id)!] : []));
}

export async function findMessageView(db: Executor, id: number): Promise<MessageView> {
  const row = await viewQuery(db).where('messages.id', id).first();
  if (!row) throw new Error(`message ${id} not found`);
  return (await toViews(db, [row as MessageRow]))[0]!;
}

/** The links a message carries, read from its content. */
export interface MessageLinks {
  mediaId?: string | null;
  replyTo?: string | null;
  reactionTo?: string | null;
}

export interface InboundInsert extends MessageLinks {
  contactId: number;
  channel?: Channel;
  wamid: string;
  type: string;
  content: StoredContent;
  text: string | null;
  at: number;
  now: number;
}

function insertedId(rows: unknown[]): number | null {
  const first = rows[0] as { id: number } | number | undefined;
  return first === undefined ? null : typeof first === 'number' ? first : first.id;
}

/** Stores a message from WhatsApp once; returns null when this wamid was already stored (Meta repeats webhooks). */
function messageRow(m: InboundInsert, kept: { direction: Direction; status: OutboundStatus | 'received'; origin: MessageOrigin | null }) {
  return {
    contact_id: m.contactId,
    direction: kept.direction,
    channel: m.channel ?? 'whatsapp',
    wamid: m.wamid,
    // An unknown type is stored, not dropped (its full name stays in the content).
    type: fitColumn(m.type, 32),
    content: toJson(m.content),
    text: m.text,
    status: kept.status,
    origin: kept.origin,
    media_id: m.mediaId ?? null,
    reply_to: m.replyTo ?? null,
    reaction_to: m.reactionTo ?? null,
    at: m.at,
    created_at: m.now,
    updated_at: m.now,
  };
}

async function insertOnce(
  db: Executor,
  m: InboundInsert,
  kept: { direction: Direction; status: OutboundStatus | 'received'; origin: MessageOrigin | null },
): Promise<number | null> {
  const rows = await db('messages').insert(messageRow(m, kept)).onConflict('wamid').ignore().returning('id');
  return insertedId(rows);
}

/** Rows per statement: well under SQLite's and PostgreSQL's limits on bound values (16 per row). */
const INSERT_CHUNK = 500;

/**
 * Stores inbound messages in one statement (per 500), each once: a wamid already stored, or
 * repeated in the list, is skipped. Returns the ids of the messages stored now, by wamid.
 */
export async function insertInboundMany(db: Executor, messages: InboundInsert[]): Promise<Map<string, number>> {
  const stored = new Map<string, number>();
  for (let i = 0; i < messages.length; i += INSERT_CHUNK) {
    const rows = messages.slice(i, i + INSERT_CHUNK).map((m) => messageRow(m, { direction: 'in', status: 'received', origin: null }));
    const inserted = (await db('messages').insert(rows).onConflict('wamid').ignore().returning(['id', 'wamid'])) as Array<{ id: number; wamid: string }>;
    for (const row of inserted) stored.set(row.wamid, row.id);
  }
  return stored;
}

/** Stores an inbound message once; returns null when this wamid was already stored. */
export function insertInbound(db: Executor, m: InboundInsert): Promise<number | null> {
  return insertOnce(db, m, { direction: 'in', status: 'received', origin: null });
}

/**
 * A message the WhatsApp Business app knew before go2msg did: one the business
 * sent from the phone (an echo, `out`), or one of the app's history (`in` or
 * `out`). Stored once per wamid: Meta repeats webhooks, and history may repeat
 * what an echo or a live message already brought; null when it was known.
 */
export function insertFromPhoneApp(
  db: Executor,
  m: {
    contactId: number;
    wamid: string;
    direction: Direction;
    type: string;
    content: StoredContent;
    text: string | null;
    status: OutboundStatus | 'received';
    origin: MessageOrigin;
    at: number;
    now: number;
    replyTo: string | null;
    mediaId: string | null;
  },
): Promise<number | null> {
  return insertOnce(db, { ...m, reactionTo: null }, { direction: m.direction, status: m.status, origin: m.origin });
}

export interface OutboundInsert extends MessageLinks {
  contactId: number;
  channel?: Channel;
  type: string;
  content: StoredContent;
  text: string | null;
  /** A template's header, filled body, footer and buttons as the customer saw them. */
  templateShown?: TemplateShown | null;
  teammateId: number;
  /** The host and host user the sender's session came from, when a host vouched for it. */
  host?: string | null;
  hostUserId?: string | null;
  idempotencyKey: string;
  requestHash: string;
  now: number;
}

function outboundRow(m: OutboundInsert): Record<string, unknown> {
  return {
    contact_id: m.contactId,
    direction: 'out',
    channel: m.channel ?? 'whatsapp',
    type: m.type,
    content: toJson(m.content),
    text: m.text,
    template_shown: m.templateShown ? toJson(m.templateShown) : null,
    status: 'queued',
    teammate_id: m.teammateId,
    host: m.host ?? null,
    host_user_id: m.hostUserId ?? null,
    idempotency_key: m.idempotencyKey,
    request_hash: m.requestHash,
    media_id: m.mediaId ?? null,
    reply_to: m.replyTo ?? null,
    reaction_to: m.reactionTo ?? null,
    next_attempt_at: m.now,
    at: m.now,
    created_at: m.now,
    updated_at: m.now,
  };
}

/**
 * Stores an outbound message once per idempotency key; returns null when the
 * key was already taken. A taken key is not an error, so the transaction it is
 * in goes on (PostgreSQL would abort it), with the other sends written with it.
 */
export async function insertOutbound(db: Executor, m: OutboundInsert): Promise<number | null> {
  return (await insertOutboundMany(db, [m]))[0] ?? null;
}

/**
 * Several outbound messages in one statement (a batch of accepts): ids follow the order
 * given, so one customer's messages keep it. Each gets its id, or null when its key was
 * already taken, before or by an earlier message of the same call (only that one is stored).
 */
export async function insertOutboundMany(db: Executor, messages: OutboundInsert[]): Promise<Array<number | null>> {
  if (messages.length === 0) return [];
  const rows = (await db('messages').insert(messages.map(outboundRow)).onConflict('idempotency_key').ignore().returning(['id', 'idempotency_key'])) as Array<{
    id: number;
    idempotency_key: string;
  }>;
  const ids = new Map(rows.map((r) => [r.idempotency_key, Number(r.id)]));
  return messages.map((m) => {
    const id = ids.get(m.idempotencyKey) ?? null;
    ids.delete(m.idempotencyKey);
    return id;
  });
}

export async function findByIdempotencyKey(db: Executor, key: string): Promise<StoredMessage | null> {
  const row = await db<MessageRow>('messages').where('idempotency_key', key).first();
  return row ? toStored(row) : null;
}

export async function findByWamid(db: Executor, wamid: string, options: { forChange?: boolean } = {}): Promise<StoredMessage | null> {
  const query = db<MessageRow>('messages').where('wamid', wamid);
  const row = await (options.forChange ? forChange(db, query) : query).first();
  return row ? toStored(row) : null;
}

/** `at` is when the provider says the status happened (its webhook's timestamp). */
export async function updateStatus(
  db: Executor,
  id: number,
  status: OutboundStatus,
  failure: MessageFailure | null,
  now: number,
  at: number = now,
): Promise<void> {
  await db('messages')
    .where('id', id)
    .update({ status, status_at: at, failure: failure ? toJson(failure) : null, updated_at: now });
}

/** The newest customer message, the one mark-as-read and typing refer to. */
export async function latestInbound(db: Executor, contactId: number): Promise<{ id: number; wamid: string; at: number } | null> {
  const row = await db('messages')
    .where({ contact_id: contactId, direction: 'in' })
    .whereNotNull('wamid')
    .orderBy([
      { column: 'at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .first('id', 'wamid', 'at');
  return row ? { id: row.id, wamid: row.wamid, at: Number(row.at) } : null;
}

/** The message a reaction or a reply points at, if it belongs to this contact. */
export async function findContactMessageByWamid(db: Executor, contactId: number, wamid: string): Promise<StoredMessage | null> {
  const row = await db<MessageRow>('messages').where({ contact_id: contactId, wamid }).first();
  return row ? toStored(row) : null;
}

/** The ids of messages carrying these wamids: the targets a new reaction changes. */
export async function idsByWamid(db: Executor, wamids: string[]): Promise<Array<{ id: number; contact_id: number }>> {
  if (wamids.length === 0) return [];
  return db('messages').whereIn('wamid', wamids).select('id', 'contact_id');
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

/**
 * The newest `limit` messages before the cursor, oldest first, and the cursor
 * for the page before. Reactions are not listed: they are on their targets.
 */
export async function pageForContact(
  db: Executor,
  contactId: number,
  options: { before: PageCursor | null; limit: number },
): Promise<{ messages: MessageView[]; earlier: PageCursor | null }> {
  const query = viewQuery(db).where('messages.contact_id', contactId).whereNot('messages.type', 'reaction');
  if (options.before) {
    const { at, id } = options.before;
    query.andWhere((q) => q.where('messages.at', '<', at).orWhere((q2) => q2.where('messages.at', at).andWhere('messages.id', '<', id)));
  }
  const rows = (await query
    .orderBy([
      { column: 'messages.at', order: 'desc' },
      { column: 'messages.id', order: 'desc' },
    ])
    .limit(options.limit + 1)) as MessageRow[];
  const hasMore = rows.length > options.limit;
  const page = rows.slice(0, options.limit).reverse();
  const oldest = page[0];
  return { messages: await toViews(db, page), earlier: hasMore && oldest ? { at: Number(oldest.at), id: oldest.id } : null };
}
