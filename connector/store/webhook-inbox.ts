/**
 * Every signed webhook body, stored before it is acknowledged and processed. A body is
 * pending, processed (`processed_at`), waiting to be retried (`retry_at`), or a dead letter
 * (`dead_at`, with `last_error`) kept until an admin replays it.
 */
import type { Executor } from './rows';

/** Bodies due for processing, oldest first: not processed, not dead, not waiting for a retry. */
export async function pendingWebhooks(db: Executor, limit: number, now: number): Promise<Array<{ id: number; body: string; attempts: number }>> {
  return db('webhook_inbox')
    .whereNull('processed_at')
    .whereNull('dead_at')
    .andWhere((q) => q.whereNull('retry_at').orWhere('retry_at', '<=', now))
    .orderBy('id')
    .limit(limit)
    .select('id', 'body', 'attempts');
}

export async function markWebhookProcessed(db: Executor, ids: number | number[], now: number): Promise<void> {
  await db('webhook_inbox')
    .whereIn('id', Array.isArray(ids) ? ids : [ids])
    .update({ processed_at: now, last_error: null, retry_at: null });
}

/** Records a failed attempt: retried at `retryAt`, or, when that is null, a dead letter from `now`. */
export async function markWebhookFailed(db: Executor, id: number, failure: { error: string; retryAt: number | null; now: number }): Promise<void> {
  await db('webhook_inbox')
    .where({ id })
    .update({ last_error: failure.error.slice(0, 2000), retry_at: failure.retryAt, dead_at: failure.retryAt === null ? failure.now : null })
    .increment('attempts', 1);
}

/** Stores several bodies in one statement (one transaction, one commit). */
export async function storeWebhooks(db: Executor, bodies: string[], now: number): Promise<void> {
  // SQLite allows 999 bound variables per statement by default; two per row.
  for (let i = 0; i < bodies.length; i += 400) {
    await db('webhook_inbox').insert(bodies.slice(i, i + 400).map((body) => ({ received_at: now, body })));
  }
}

/** Stores a body refused on arrival straight as a dead letter. */
export async function storeDeadLetter(db: Executor, body: string, error: string, now: number): Promise<number> {
  const [row] = await db('webhook_inbox')
    .insert({ received_at: now, body, last_error: error.slice(0, 2000), dead_at: now })
    .returning('id');
  return typeof row === 'number' ? row : (row as { id: number }).id;
}

export async function countDeadLetters(db: Executor): Promise<number> {
  const [row] = await db('webhook_inbox').whereNotNull('dead_at').count<Array<{ n: number | string }>>({ n: '*' });
  return Number(row?.n ?? 0);
}

export interface DeadLetterRow {
  id: number;
  receivedAt: number;
  deadAt: number;
  attempts: number;
  error: string | null;
  /** Characters of the body as stored. */
  length: number;
}

const DEAD_LETTER_COLUMNS = ['id', 'received_at', 'dead_at', 'attempts', 'last_error'] as const;

function deadLetterRow(row: Record<string, unknown>): DeadLetterRow {
  return {
    id: Number(row.id),
    receivedAt: Number(row.received_at),
    deadAt: Number(row.dead_at),
    attempts: Number(row.attempts),
    error: (row.last_error as string | null) ?? null,
    length: Number(row.length),
  };
}

/** Dead letters, newest first, by keyset on the id. */
export async function listDeadLetters(db: Executor, page: { before: number | null; limit: number }): Promise<DeadLetterRow[]> {
  const query = db('webhook_inbox')
    .whereNotNull('dead_at')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .select(...DEAD_LETTER_COLUMNS, db.raw('length(body) as length'));
  if (page.before !== null) query.andWhere('id', '<', page.before);
  return (await query).map(deadLetterRow);
}

export async function findDeadLetter(db: Executor, id: number): Promise<(DeadLetterRow & { body: string }) | null> {
  const row = await db('webhook_inbox')
    .where({ id })
    .whereNotNull('dead_at')
    .first(...DEAD_LETTER_COLUMNS, 'body', db.raw('length(body) as length'));
  return row ? { ...deadLetterRow(row), body: row.body as string } : null;
}

/** Puts dead letters back in line as if just received (oldest first, at most `limit`); returns their ids. */
export async function reviveDeadLetters(db: Executor, which: { ids: number[] } | { limit: number }): Promise<number[]> {
  const query = db('webhook_inbox').whereNotNull('dead_at').orderBy('id').select('id');
  if ('ids' in which) query.whereIn('id', which.ids);
  else query.limit(which.limit);
  const ids = (await query).map((row: { id: number | string }) => Number(row.id));
  if (ids.length > 0) await db('webhook_inbox').whereIn('id', ids).update({ dead_at: null, retry_at: null, attempts: 0 });
  return ids;
}
