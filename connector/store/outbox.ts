/**
 * The outbox: outbound messages stored as `queued`, claimed one at a time by a
 * worker, and moved to `accepted` (Meta gave a wamid), back to `queued` (retry
 * later) or `failed`.
 *
 * The claim is one UPDATE … RETURNING over a sub-select, so two workers never
 * claim the same row: SQLite has a single writer, and on PostgreSQL the
 * sub-select takes the row with FOR UPDATE SKIP LOCKED.
 */
import type { MessageFailure } from '@domain/meta-errors';
import { dbKind, type Db } from './db';
import { toJson, type Executor } from './rows';

export interface ClaimedMessage {
  id: number;
  contactId: number;
  content: { type: string } & Record<string, unknown>;
  attempts: number;
  /** When the agent sent it. */
  at: number;
}

export async function claimNextDue(db: Db, now: number): Promise<ClaimedMessage | null> {
  const lock = dbKind(db) === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
  const result = await db.raw(
    `UPDATE messages SET status = 'sending', attempts = attempts + 1, updated_at = ?
     WHERE id = (
       SELECT id FROM messages
       WHERE status = 'queued' AND channel = 'whatsapp' AND next_attempt_at <= ?
       ORDER BY next_attempt_at, id LIMIT 1 ${lock}
     )
     RETURNING id, contact_id, content, attempts, at`,
    [now, now],
  );
  const rows: Array<{ id: number; contact_id: number; content: string; attempts: number; at: number | string }> = Array.isArray(result) ? result : result.rows;
  const row = rows[0];
  return row ? { id: row.id, contactId: row.contact_id, content: JSON.parse(row.content), attempts: row.attempts, at: Number(row.at) } : null;
}

export async function markAccepted(db: Executor, id: number, wamid: string, now: number): Promise<void> {
  await db('messages').where({ id, status: 'sending' }).update({ status: 'accepted', wamid, failure: null, next_attempt_at: null, updated_at: now });
}

export async function scheduleRetry(db: Executor, id: number, at: number, failure: MessageFailure, now: number): Promise<void> {
  await db('messages').where({ id, status: 'sending' }).update({ status: 'queued', next_attempt_at: at, failure: toJson(failure), updated_at: now });
}

export async function markSendFailed(db: Executor, id: number, failure: MessageFailure, now: number): Promise<void> {
  await db('messages').where({ id, status: 'sending' }).update({ status: 'failed', failure: toJson(failure), next_attempt_at: null, updated_at: now });
}

/** The earliest time a queued message is due, so an idle worker knows when to wake. */
export async function nextDueAt(db: Db): Promise<number | null> {
  const row = await db('messages').where({ status: 'queued', channel: 'whatsapp' }).min<{ due: number | null }>('next_attempt_at as due').first();
  return row?.due ?? null;
}
