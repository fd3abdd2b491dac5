/** Every signed webhook body, stored before it is acknowledged and processed. */
import type { Executor } from './rows';

/** Unprocessed bodies, oldest first; a body that failed `maxAttempts` times waits for an operator. */
export async function pendingWebhooks(db: Executor, limit: number, maxAttempts: number): Promise<Array<{ id: number; body: string }>> {
  return db('webhook_inbox').whereNull('processed_at').andWhere('attempts', '<', maxAttempts).orderBy('id').limit(limit).select('id', 'body');
}

export async function markWebhookProcessed(db: Executor, ids: number | number[], now: number): Promise<void> {
  await db('webhook_inbox').whereIn('id', Array.isArray(ids) ? ids : [ids]).update({ processed_at: now, last_error: null });
}

export async function markWebhookFailed(db: Executor, id: number, error: string): Promise<void> {
  await db('webhook_inbox').where({ id }).update({ last_error: error.slice(0, 2000) }).increment('attempts', 1);
}

/** Stores several bodies in one statement (one transaction, one commit). */
export async function storeWebhooks(db: Executor, bodies: string[], now: number): Promise<void> {
  // SQLite allows 999 bound variables per statement by default; two per row.
  for (let i = 0; i < bodies.length; i += 400) {
    await db('webhook_inbox').insert(bodies.slice(i, i + 400).map((body) => ({ received_at: now, body })));
  }
}
