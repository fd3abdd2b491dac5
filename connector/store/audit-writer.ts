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
  /** Host attribution: the host and host user the teammate acted from. */
  host?: string | null;
  hostUserId?: string | null;
  /** The reply window's state when a message was sent. */
  windowState?: WindowState | null;
  /** The template a message was, with its category as it was then. */
  template?: { name: string; category?: string | null } | null;
  /** The content to digest (SHA-256 and size are kept, not the text), exactly as stored. */
  content?: string | null;
  providerMessageId?: string | null;
  status?: string | null;
  details?: Record<string, unknown>;
}

/** The audit trail's PostgreSQL advisory lock key ("go2msg" in ASCII). */
const TRAIL_LOCK_KEY = 0x676f326d7367;

type Transaction = Executor & { isTransaction?: boolean };

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The row's columns, exactly as the caller states its facts: the trail never
 * guesses them from `details` or reads them back from the message, so a row
 * says what the code that wrote it knew, and nothing a later read could change.
 */
function auditColumns(entry: AuditEntry): Omit<AuditRow, 'id' | 'prev_hash' | 'row_hash'> {
  const content = entry.content ?? null;
  return {
    at: entry.at,
    action: entry.action,
    teammate_id: entry.teammateId,
    host: entry.host ?? null,
    host_user_id: entry.hostUserId ?? null,
    channel: entry.channel ?? null,
    contact_id: entry.contactId ?? null,
    message_id: entry.messageId ?? null,
    window_state: entry.windowState ?? null,
    template_name: entry.template?.name ?? null,
    template_category: entry.template?.category ?? null,
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

/**
 * The trail's last row, read under the append lock, which the transaction then holds (PostgreSQL:
 * taken and read in one round trip, go2msg_audit_trail_end, unless this transaction holds it already).
 */
async function trailEnd(trx: Executor): Promise<Pick<AuditRow, 'id' | 'row_hash'> | undefined> {
  if (trx.client.config.client === 'pg' && !holdingTrailLock.has(trx)) {
    const result = await trx.raw<{ rows: Array<{ last_id: string | number; last_hash: string }> }>('SELECT * FROM go2msg_audit_trail_end(?)', [TRAIL_LOCK_KEY]);
    // Outside a transaction the lock ends with the statement, so nothing is remembered.
    if ((trx as Transaction).isTransaction) holdingTrailLock.add(trx);
    const row = result.rows[0];
    return row ? { id: Number(row.last_id), row_hash: row.last_hash } : undefined;
  }
  await lockAuditTrail(trx);
  return trx('audit_log').orderBy('id', 'desc').first('id', 'row_hash');
}

/** Appends one row to the trail, inside `db`'s transaction (or a transaction of its own). Returns its id. */
export async function appendAudit(db: Executor, entry: AuditEntry): Promise<number> {
  if (!(db as Transaction).isTransaction) return (db as Knex).transaction((trx) => appendAudit(trx, entry));
  const columns = auditColumns(entry);
  const last = await trailEnd(db);
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
  const last = await trailEnd(trx);
  let id = last?.id ?? 0;
  let prevHash = last?.row_hash ?? AUDIT_GENESIS_HASH;
  const rows: AuditRow[] = [];
  for (const entry of entries) {
    const row = { id: ++id, ...auditColumns(entry) };
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
