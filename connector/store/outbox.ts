/**
 * The outbox: outbound messages stored as `queued`, claimed one at a time by a
 * worker, and moved to `accepted` (Meta gave a wamid), back to `queued` (retry
 * later) or `failed`.
 *
 * The claim is one UPDATE … RETURNING over a sub-select, so two workers never
 * claim the same row: SQLite has a single writer, and on PostgreSQL the
 * sub-select takes the row with FOR UPDATE SKIP LOCKED.
 *
 * Messages to one customer leave one at a time and in order: a message is
 * claimable only when no earlier message to that customer is still queued or
 * being sent. (Meta does not keep the order of sends in flight together, and
 * the per-customer pair limit allows little parallelism anyway.)
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

const CLAIM_RETURNING = 'RETURNING id, contact_id, content, attempts, at';

interface ClaimRow {
  id: number;
  contact_id: number;
  content: string;
  attempts: number;
  at: number | string;
}

function toClaimed(row: ClaimRow): ClaimedMessage {
  return { id: row.id, contactId: row.contact_id, content: JSON.parse(row.content), attempts: row.attempts, at: Number(row.at) };
}

/**
 * Claims up to `limit` due messages, at most one per customer (the oldest
 * queued one: the others wait for it), oldest first.
 */
export async function claimDue(db: Db, now: number, limit: number): Promise<ClaimedMessage[]> {
  const lock = dbKind(db) === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
  const result = await db.raw(
    `UPDATE messages SET status = 'sending', attempts = attempts + 1, updated_at = ?
     WHERE id IN (
       SELECT m.id FROM messages m
       WHERE m.status = 'queued' AND m.channel = 'whatsapp' AND m.next_attempt_at <= ?
         AND NOT EXISTS (
           SELECT 1 FROM messages p
           WHERE p.contact_id = m.contact_id AND p.channel = 'whatsapp' AND p.status IN ('queued', 'sending') AND p.id < m.id
         )
       ORDER BY m.next_attempt_at, m.id LIMIT ? ${lock}
     )
     ${CLAIM_RETURNING}`,
    [now, now, limit],
  );
  const rows: ClaimRow[] = Array.isArray(result) ? result : result.rows;
  return rows.map(toClaimed).sort((a, b) => a.id - b.id);
}

/** Claims the next due message, if any. */
export async function claimNextDue(db: Db, now: number): Promise<ClaimedMessage | null> {
  return (await claimDue(db, now, 1))[0] ?? null;
}

export async function markAccepted(db: Executor, id: number, wamid: string, now: number): Promise<void> {
  await markAcceptedMany(db, [{ id, wamid }], now);
}

/**
 * Several sends the provider accepted, each with its id, in one statement per
 * 500 (a batch of send outcomes). A message a status report already moved on
 * is not in `sending` any more and keeps what that report wrote.
 */
export async function markAcceptedMany(db: Executor, accepted: Array<{ id: number; wamid: string }>, now: number): Promise<void> {
  for (let i = 0; i < accepted.length; i += 500) {
    const chunk = accepted.slice(i, i + 500);
    const wamids = db.raw(
      `CASE id ${chunk.map(() => 'WHEN ? THEN ?').join(' ')} END`,
      chunk.flatMap((a) => [a.id, a.wamid]),
    );
    await db('messages')
      .whereIn(
        'id',
        chunk.map((a) => a.id),
      )
      .andWhere('status', 'sending')
      .update({ status: 'accepted', wamid: wamids, failure: null, next_attempt_at: null, updated_at: now });
  }
}

export async function scheduleRetry(db: Executor, id: number, at: number, failure: MessageFailure, now: number): Promise<void> {
  await db('messages')
    .where({ id, status: 'sending' })
    .update({ status: 'queued', next_attempt_at: at, failure: toJson(failure), updated_at: now });
}

export async function markSendFailed(db: Executor, id: number, failure: MessageFailure, now: number): Promise<void> {
  await db('messages')
    .where({ id, status: 'sending' })
    .update({ status: 'failed', failure: toJson(failure), next_attempt_at: null, updated_at: now });
}

/** Puts a claimed message back, untouched, to be tried at `at` (the customer's pacing). */
export async function deferClaim(db: Executor, id: number, at: number, now: number): Promise<void> {
  await db('messages').where({ id, status: 'sending' }).update({ status: 'queued', next_attempt_at: at, updated_at: now }).decrement('attempts', 1);
}

/**
 * Claimed messages that were not sent after all (the worker stopped, or sending paused with
 * Meta refusing the token) go back to the queue as they were, due when they were, in one
 * statement: claiming ahead must not cost a restarted worker the lease's wait.
 */
export async function releaseClaims(db: Executor, ids: number[], now: number): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db('messages')
      .whereIn('id', ids.slice(i, i + 500))
      .andWhere('status', 'sending')
      .update({ status: 'queued', updated_at: now })
      .decrement('attempts', 1);
  }
}

/**
 * Claims abandoned by a worker that died mid-send go back to the queue, due at
 * `retryAt`: the send may have reached Meta before the stop, so its status
 * webhook (matched by our id in biz_opaque_callback_data, see adoptWamid) is
 * given the lease and then `retryAt` to name its wamid before it is sent again.
 */
export async function requeueStaleClaims(db: Executor, olderThan: number, now: number, retryAt: number): Promise<number> {
  return db('messages')
    .where({ status: 'sending', channel: 'whatsapp' })
    .whereNull('wamid')
    .andWhere('updated_at', '<', olderThan)
    .update({ status: 'queued', next_attempt_at: retryAt, updated_at: now });
}

/** The earliest time a queued message is due, so an idle worker knows when to wake. */
export async function nextDueAt(db: Db): Promise<number | null> {
  const row = await db('messages').where({ status: 'queued', channel: 'whatsapp' }).min<{ due: number | null }>('next_attempt_at as due').first();
  return row?.due ?? null;
}

/**
 * A status arrived for a send whose answer we never got (timeout, crash): it
 * names the wamid, so the message counts as accepted and is not sent again.
 * Only a message still without a wamid is adopted.
 */
export async function adoptWamid(db: Executor, id: number, wamid: string, now: number): Promise<boolean> {
  const changed = await db('messages')
    .where({ id, direction: 'out' })
    .whereNull('wamid')
    .whereIn('status', ['queued', 'sending', 'failed'])
    .update({ wamid, status: 'accepted', failure: null, next_attempt_at: null, updated_at: now });
  return changed === 1;
}
