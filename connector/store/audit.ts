/**
 * The audit trail: written in the same transaction as the action it records,
 * appended only, each row chained to the one before it (audit-chain.ts).
 *
 * `appendAudit` is the single way in. It serializes appends so two concurrent
 * transactions cannot both chain onto the same previous row: on PostgreSQL a
 * transaction-scoped advisory lock, held until the transaction ends; SQLite has
 * one writer (and this connector one connection). Nothing here updates or
 * deletes a row, and the database refuses it too (migration 202611251602).
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { AUDIT_GENESIS_HASH, type AuditFacets, type AuditRowView } from '@domain/audit';
import type { Channel } from '@domain/channel';
import type { WindowState } from '@domain/reply-window';
import { auditRowHash, checkLink, type AuditRow, type ChainBreak } from './audit-chain';
import { toJson, type Executor } from './rows';

export interface AuditEntry {
  at: number;
  action: string;
  teammateId: number | null;
  channel?: Channel | null;
  contactId?: number | null;
  messageId?: number | null;
  /** Host attribution; also read from `details.host` / `details.hostUserId` when not given. */
  host?: string | null;
  hostUserId?: string | null;
  /** Also read from `details.window`. */
  windowState?: WindowState | null;
  /** Also read from `details.template`, or from the message when it is a template. */
  template?: { name: string; category?: string | null } | null;
  /**
   * The content to digest, exactly as stored. A `message.send` row about a
   * message digests that message's stored content when this is not given.
   */
  content?: string | null;
  providerMessageId?: string | null;
  status?: string | null;
  details?: Record<string, unknown>;
}

/** The audit trail's PostgreSQL advisory lock key ("go2msg" in ASCII). */
const TRAIL_LOCK_KEY = 0x676f326d7367;

type Transaction = Executor & { isTransaction?: boolean };

interface MessageFacts {
  channel: Channel;
  contact_id: number;
  type: string;
  content: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function templateFromDetails(value: unknown): { name: string; category?: string | null } | null {
  if (typeof value === 'string' && value) return { name: value };
  const o = value as { name?: unknown; category?: unknown } | null;
  return typeof o?.name === 'string' ? { name: o.name, category: text(o.category) } : null;
}

function templateOfContent(content: string): { name: string; language: string } | null {
  try {
    const parsed = JSON.parse(content) as { type?: string; template?: { name?: string; language?: { code?: string } } };
    const name = parsed.template?.name;
    return parsed.type === 'template' && name ? { name, language: parsed.template?.language?.code ?? '' } : null;
  } catch {
    return null;
  }
}

/** The row's columns: what the entry says, what its details say, and what its message says. */
async function resolveRow(db: Executor, entry: AuditEntry): Promise<Omit<AuditRow, 'id' | 'prev_hash' | 'row_hash'>> {
  const details = entry.details ?? {};
  // The message is read only for what the caller did not say.
  const needsMessage =
    Boolean(entry.messageId) &&
    (entry.channel == null ||
      entry.contactId == null ||
      entry.template === undefined ||
      (entry.template !== null && entry.template.category === undefined) ||
      (entry.action === 'message.send' && entry.content === undefined));
  const message: MessageFacts | undefined = needsMessage ? await db('messages').where('id', entry.messageId!).first('channel', 'contact_id', 'type', 'content') : undefined;

  let template = entry.template === undefined ? templateFromDetails(details.template) : entry.template;
  const stored = message ? templateOfContent(message.content) : null;
  if (stored && (!template || template.name === stored.name) && !template?.category) {
    const found = await db('templates').where({ name: stored.name, language: stored.language }).first('category');
    template = { name: stored.name, category: (found?.category as string | undefined) ?? null };
  }

  const content = entry.content !== undefined ? entry.content : entry.action === 'message.send' ? (message?.content ?? null) : null;
  const window = entry.windowState !== undefined ? entry.windowState : text(details.window);
  return {
    at: entry.at,
    action: entry.action,
    teammate_id: entry.teammateId,
    host: entry.host !== undefined ? entry.host : text(details.host),
    host_user_id: entry.hostUserId !== undefined ? entry.hostUserId : text(details.hostUserId),
    channel: entry.channel ?? message?.channel ?? null,
    contact_id: entry.contactId ?? message?.contact_id ?? null,
    message_id: entry.messageId ?? null,
    window_state: window,
    template_name: template?.name ?? null,
    template_category: template?.category ?? null,
    content_sha256: content === null ? null : sha256(content),
    content_bytes: content === null ? null : Buffer.byteLength(content, 'utf8'),
    provider_message_id: entry.providerMessageId ?? null,
    status: entry.status ?? null,
    details: entry.details ? toJson(entry.details) : null,
  };
}

/** Transactions that hold the trail's lock already: asking again costs no round trip. */
const holdingTrailLock = new WeakSet<object>();

/**
 * Takes the trail's append lock for the rest of the transaction (PostgreSQL;
 * SQLite has one writer). Taken again by the same transaction, it is a no-op.
 */
export async function lockAuditTrail(trx: Executor): Promise<void> {
  if (trx.client.config.client !== 'pg' || holdingTrailLock.has(trx)) return;
  await trx.raw('SELECT pg_advisory_xact_lock(?)', [TRAIL_LOCK_KEY]);
  // Outside a transaction the lock ends with the statement, so nothing is remembered.
  if ((trx as Transaction).isTransaction) holdingTrailLock.add(trx);
}

/** Appends one row to the trail, inside `db`'s transaction (or a transaction of its own). Returns its id. */
export async function appendAudit(db: Executor, entry: AuditEntry): Promise<number> {
  if (!(db as Transaction).isTransaction) return (db as Knex).transaction((trx) => appendAudit(trx, entry));
  await lockAuditTrail(db);
  const columns = await resolveRow(db, entry);
  const last: Pick<AuditRow, 'id' | 'row_hash'> | undefined = await db('audit_log').orderBy('id', 'desc').first('id', 'row_hash');
  // Ids are assigned here, under the lock, so the chain's order is the ids' order.
  const row = { id: (last?.id ?? 0) + 1, ...columns };
  const prevHash = last?.row_hash ?? AUDIT_GENESIS_HASH;
  await db('audit_log').insert({ ...row, prev_hash: prevHash, row_hash: auditRowHash(prevHash, row) });
  return row.id;
}

/**
 * Appends several rows inside `trx`'s transaction under one lock, with one
 * read of the chain's end and one insert: the same columns and the same chain
 * as one appendAudit per entry (batches of outcomes, imports, benchmarks).
 */
export async function appendAuditEntries(trx: Executor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await lockAuditTrail(trx);
  const last: Pick<AuditRow, 'id' | 'row_hash'> | undefined = await trx('audit_log').orderBy('id', 'desc').first('id', 'row_hash');
  let id = last?.id ?? 0;
  let prevHash = last?.row_hash ?? AUDIT_GENESIS_HASH;
  const rows: AuditRow[] = [];
  for (const entry of entries) {
    const row = { id: ++id, ...(await resolveRow(trx, entry)) };
    const rowHash = auditRowHash(prevHash, row);
    rows.push({ ...row, prev_hash: prevHash, row_hash: rowHash });
    prevHash = rowHash;
  }
  // 500 rows of 19 columns stay under SQLite's limit of bound variables per statement.
  for (let i = 0; i < rows.length; i += 500) await trx('audit_log').insert(rows.slice(i, i + 500));
}

/** appendAuditEntries in a transaction of its own. */
export async function appendAuditMany(db: Knex, entries: AuditEntry[]): Promise<void> {
  await db.transaction((trx) => appendAuditEntries(trx, entries));
}

export interface StoredAuditEntry extends AuditEntry {
  id: number;
  contentSha256: string | null;
  contentBytes: number | null;
}

/** The trail of one message, oldest first. */
export async function auditForMessage(db: Executor, messageId: number): Promise<StoredAuditEntry[]> {
  const rows: AuditRow[] = await db('audit_log').where('message_id', messageId).orderBy('id');
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    action: r.action,
    teammateId: r.teammate_id,
    channel: r.channel as Channel | null,
    contactId: r.contact_id,
    messageId: r.message_id,
    host: r.host,
    hostUserId: r.host_user_id,
    windowState: r.window_state as WindowState | null,
    template: r.template_name ? { name: r.template_name, category: r.template_category } : null,
    providerMessageId: r.provider_message_id,
    status: r.status,
    contentSha256: r.content_sha256,
    contentBytes: r.content_bytes,
    details: r.details ? JSON.parse(r.details) : undefined,
  }));
}

/** The status the trail last recorded for a message, and the details it recorded with it. */
export interface LastAudited {
  /** The latest status row's status and details, or null when none was recorded yet. */
  status: { status: string; details: Record<string, unknown> } | null;
  /** The template the message's rows name (from its send row), or null. */
  template: { name: string; category: string | null } | null;
}

interface MessageAuditRow {
  message_id: number;
  status: string | null;
  details: string | null;
  template_name: string | null;
  template_category: string | null;
}

/** What the trail last said about each message, in one read. */
export async function lastAuditedMany(db: Executor, messageIds: number[]): Promise<Map<number, LastAudited>> {
  const result = new Map<number, LastAudited>();
  if (messageIds.length === 0) return result;
  const rows: MessageAuditRow[] = await db('audit_log')
    .whereIn('message_id', [...new Set(messageIds)])
    .orderBy('id', 'desc')
    .select('message_id', 'status', 'details', 'template_name', 'template_category');
  for (const row of rows) {
    const seen = result.get(row.message_id) ?? { status: null, template: null };
    if (!seen.template && row.template_name) seen.template = { name: row.template_name, category: row.template_category ?? null };
    if (!seen.status && row.status) seen.status = { status: row.status, details: row.details ? JSON.parse(row.details) : {} };
    result.set(row.message_id, seen);
  }
  return result;
}

// ——— reading the trail ———

export interface AuditQuery {
  teammateId?: number;
  contactId?: number;
  channel?: Channel;
  action?: string;
  from?: number;
  to?: number;
  /** Only rows up to this id (an export's snapshot). */
  upTo?: number;
}

interface JoinedRow extends AuditRow {
  teammate_name: string | null;
  teammate_email: string | null;
  contact_phone: string | null;
  contact_user_id: string | null;
  contact_name: string | null;
  content_deleted_at: number | null;
  content_retention_days: number | null;
}

function filtered(db: Executor, q: AuditQuery) {
  const query = db('audit_log')
    .leftJoin('teammates', 'teammates.id', 'audit_log.teammate_id')
    .leftJoin('contacts', 'contacts.id', 'audit_log.contact_id')
    .leftJoin('messages', 'messages.id', 'audit_log.message_id')
    .select(
      'audit_log.*',
      'teammates.name as teammate_name',
      'teammates.email as teammate_email',
      'contacts.phone as contact_phone',
      'contacts.user_id as contact_user_id',
      'contacts.name as contact_name',
      'messages.content_deleted_at',
      'messages.content_retention_days',
    );
  if (q.teammateId !== undefined) query.where('audit_log.teammate_id', q.teammateId);
  if (q.contactId !== undefined) query.where('audit_log.contact_id', q.contactId);
  if (q.channel !== undefined) query.where('audit_log.channel', q.channel);
  if (q.action !== undefined) query.where('audit_log.action', q.action);
  if (q.from !== undefined) query.where('audit_log.at', '>=', q.from);
  if (q.to !== undefined) query.where('audit_log.at', '<', q.to);
  if (q.upTo !== undefined) query.where('audit_log.id', '<=', q.upTo);
  return query;
}

function toView(r: JoinedRow): AuditRowView {
  return {
    id: r.id,
    at: Number(r.at),
    action: r.action,
    teammate: r.teammate_id === null ? null : { id: r.teammate_id, name: r.teammate_name ?? 'Unknown teammate', email: r.teammate_email },
    host: r.host,
    hostUserId: r.host_user_id,
    channel: r.channel as Channel | null,
    contact: r.contact_id === null ? null : { id: r.contact_id, phone: r.contact_phone, userId: r.contact_user_id, name: r.contact_name },
    messageId: r.message_id,
    windowState: r.window_state as WindowState | null,
    template: r.template_name ? { name: r.template_name, category: r.template_category } : null,
    content: r.content_sha256 ? { sha256: r.content_sha256, bytes: Number(r.content_bytes) } : null,
    contentDeleted: r.content_deleted_at === null || r.content_deleted_at === undefined ? null : { at: Number(r.content_deleted_at), afterDays: Number(r.content_retention_days) },
    providerMessageId: r.provider_message_id,
    status: r.status,
    details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
    prevHash: r.prev_hash ?? '',
    hash: r.row_hash ?? '',
  };
}

/** One page, newest first, by keyset on the id. */
export async function pageAudit(db: Executor, q: AuditQuery, options: { before: number | null; limit: number }): Promise<{ rows: AuditRowView[]; next: number | null }> {
  const query = filtered(db, q);
  if (options.before !== null) query.where('audit_log.id', '<', options.before);
  const rows: JoinedRow[] = await query.orderBy('audit_log.id', 'desc').limit(options.limit + 1);
  const page = rows.slice(0, options.limit).map(toView);
  return { rows: page, next: rows.length > options.limit ? (page.at(-1)?.id ?? null) : null };
}

/**
 * Every matching row, oldest first, a batch at a time: an export of a million
 * rows holds one batch in memory, never the whole trail.
 */
export async function* auditInBatches(db: Executor, q: AuditQuery, batchSize = 1000): AsyncGenerator<AuditRowView[]> {
  let after = 0;
  for (;;) {
    const rows: JoinedRow[] = await filtered(db, q).where('audit_log.id', '>', after).orderBy('audit_log.id', 'asc').limit(batchSize);
    if (rows.length === 0) return;
    yield rows.map(toView);
    after = rows[rows.length - 1]!.id;
    if (rows.length < batchSize) return;
  }
}

export async function auditFacetTeammates(db: Executor): Promise<AuditFacets['teammates']> {
  const rows: Array<{ id: number; name: string; email: string | null }> = await db('teammates').orderBy('name').select('id', 'name', 'email');
  return rows;
}

// ——— verifying the chain ———

export interface TrailVerification {
  rows: number;
  /** The newest row: note its hash elsewhere to detect a cut-off tail later. */
  head: { id: number; hash: string } | null;
  broken: ChainBreak | null;
  /** With `expectHead`: whether that earlier head is still part of the chain. */
  headFound?: boolean;
}

/** The trail's newest row, as an operator anchors it: its id, its hash and when it was written. */
export interface AuditHead {
  id: number;
  hash: string;
  at: number;
}

export async function auditHead(db: Executor): Promise<AuditHead | null> {
  const row: Pick<AuditRow, 'id' | 'row_hash' | 'at'> | undefined = await db('audit_log').orderBy('id', 'desc').first('id', 'row_hash', 'at');
  return row ? { id: Number(row.id), hash: row.row_hash ?? '', at: Number(row.at) } : null;
}

/** The hash of the row with this id, or null when there is none. */
export async function auditRowHashAt(db: Executor, id: number): Promise<string | null> {
  const row: Pick<AuditRow, 'row_hash'> | undefined = await db('audit_log').where({ id }).first('row_hash');
  return row?.row_hash ?? null;
}

/** Whether this database has the chained trail (its migrations have run). */
export async function auditTrailExists(db: Executor): Promise<boolean> {
  return (await db.schema.hasTable('audit_log')) && db.schema.hasColumn('audit_log', 'row_hash');
}

/** Walks the whole trail in id order and stops at the first broken link. */
export async function verifyAuditTrail(db: Executor, options: { batchSize?: number; expectHead?: string; onProgress?: (rows: number) => void } = {}): Promise<TrailVerification> {
  const batchSize = options.batchSize ?? 5000;
  let previous: Pick<AuditRow, 'id' | 'row_hash'> | null = null;
  let count = 0;
  let headFound = false;
  for (;;) {
    const rows: AuditRow[] = await db('audit_log').where('id', '>', previous?.id ?? 0).orderBy('id').limit(batchSize);
    for (const row of rows) {
      const broken = checkLink(row, previous);
      if (broken) return { rows: count, head: previous ? { id: previous.id, hash: previous.row_hash ?? '' } : null, broken, ...(options.expectHead ? { headFound } : {}) };
      if (row.row_hash === options.expectHead) headFound = true;
      previous = row;
      count += 1;
    }
    options.onProgress?.(count);
    if (rows.length < batchSize) break;
  }
  return { rows: count, head: previous ? { id: previous.id, hash: previous.row_hash ?? '' } : null, broken: null, ...(options.expectHead ? { headFound } : {}) };
}
