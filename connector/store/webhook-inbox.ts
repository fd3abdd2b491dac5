/** Every signed webhook body, stored before it is acknowledged and processed. */
import type { Executor } from './rows';

export async function storeWebhook(db: Executor, body: string, now: number): Promise<number> {
  const rows = await db('webhook_inbox').insert({ received_at: now, body }).returning('id');
  const first = rows[0] as { id: number } | number;
  return typeof first === 'number' ? first : first.id;
}

/** Unprocessed bodies, oldest first; a body that failed `maxAttempts` times waits for an operator. */
export async function pendingWebhooks(db: Executor, limit: number, maxAttempts: number): Promise<Array<{ id: number; body: string }>> {
  return db('webhook_inbox').whereNull('processed_at').andWhere('attempts', '<', maxAttempts).orderBy('id').limit(limit).select('id', 'body');
}

export async function markWebhookProcessed(db: Executor, id: number, now: number): Promise<void> {
  await db('webhook_inbox').where({ id }).update({ processed_at: now, last_error: null });
}

export async function markWebhookFailed(db: Executor, id: number, error: string): Promise<void> {
  await db('webhook_inbox').where({ id }).update({ last_error: error.slice(0, 2000) }).increment('attempts', 1);
}
