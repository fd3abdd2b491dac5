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
import { AUDIT_GENESIS_HASH } from '@domain/audit';
import type { Channel } from '@domain/channel';
import type { WindowState } from '@domain/reply-window';
import { auditRowHash, type AuditRow } from './audit-chain';
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
