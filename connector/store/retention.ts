/**
 * Retention: message bodies older than the configured number of days are
 * deleted, and so are the other copies of them the connector keeps (live
 * events, processed webhook bodies). The message rows stay, marked with when
 * and after how many days; the audit trail keeps each body's SHA-256 digest
 * and size, so the record of what was sent outlives the content.
 */
import type { Executor } from './rows';

/** Messages written before `cutoff` whose body is still kept, oldest first. */
export async function messagesPastRetention(db: Executor, cutoff: number, limit: number): Promise<Array<{ id: number; contactId: number }>> {
  const rows: Array<{ id: number; contact_id: number }> = await db('messages').where('created_at', '<', cutoff).whereNull('content_deleted_at').orderBy('id').limit(limit).select('id', 'contact_id');
  return rows.map((r) => ({ id: r.id, contactId: r.contact_id }));
}

/** Replaces each body with its bare type, and records when and why. */
export async function deleteMessageContent(db: Executor, ids: number[], days: number, now: number): Promise<number> {
  if (ids.length === 0) return 0;
  const typed: Array<{ id: number; type: string }> = await db('messages').whereIn('id', ids).select('id', 'type');
  for (const { id, type } of typed) {
    await db('messages').where('id', id).whereNull('content_deleted_at').update({ content: JSON.stringify({ type }), text: null, content_deleted_at: now, content_retention_days: days, updated_at: now });
  }
  return typed.length;
}

/** Live events carry message views (with their text); panels never need ones this old. */
export async function deleteEventsBefore(db: Executor, cutoff: number): Promise<number> {
  return db('events').where('created_at', '<', cutoff).delete();
}

/** Processed webhook bodies carry customer messages; unprocessed ones stay for the retry worker. */
export async function deleteProcessedWebhooksBefore(db: Executor, cutoff: number): Promise<number> {
  return db('webhook_inbox').whereNotNull('processed_at').andWhere('processed_at', '<', cutoff).delete();
}
