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
  const rows: Array<{ id: number; contact_id: number }> = await db('messages')
    .where('created_at', '<', cutoff)
    .whereNull('content_deleted_at')
    .orderBy('id')
    .limit(limit)
    .select('id', 'contact_id');
  return rows.map((r) => ({ id: r.id, contactId: r.contact_id }));
}

/** Replaces each body with its bare type, lets go of its file, and records when and why. */
export async function deleteMessageContent(db: Executor, ids: number[], days: number, now: number): Promise<number> {
  if (ids.length === 0) return 0;
  const typed: Array<{ id: number; type: string }> = await db('messages').whereIn('id', ids).select('id', 'type');
  for (const { id, type } of typed) {
    await db('messages')
      .where('id', id)
      .whereNull('content_deleted_at')
      .update({
        content: JSON.stringify({ type }),
        text: null,
        template_shown: null,
        media_id: null,
        content_deleted_at: now,
        content_retention_days: days,
        updated_at: now,
      });
  }
  return typed.length;
}

/** Messages that quote one of `ids` (their views show the quoted text), except those in `ids`. */
export async function messagesQuoting(db: Executor, ids: number[]): Promise<Array<{ id: number; contactId: number }>> {
  if (ids.length === 0) return [];
  const quoted = db('messages').whereIn('id', ids).whereNotNull('wamid').select('wamid');
  const rows: Array<{ id: number; contact_id: number }> = await db('messages').whereIn('reply_to', quoted).whereNotIn('id', ids).select('id', 'contact_id');
  return rows.map((r) => ({ id: r.id, contactId: r.contact_id }));
}

/** Every live event showing one of these messages, however recent (a late receipt or reaction writes a new copy). */
export async function deleteMessageEvents(db: Executor, messageIds: number[]): Promise<number> {
  if (messageIds.length === 0) return 0;
  return db('events').whereIn('message_id', messageIds).delete();
}

/** Live events carry message views (with their text); panels never need ones this old. */
export async function deleteEventsBefore(db: Executor, cutoff: number): Promise<number> {
  return db('events').where('created_at', '<', cutoff).delete();
}

/** Processed webhook bodies carry customer messages; unprocessed ones stay for the retry worker. */
export async function deleteProcessedWebhooksBefore(db: Executor, cutoff: number): Promise<number> {
  return db('webhook_inbox').whereNotNull('processed_at').andWhere('processed_at', '<', cutoff).delete();
}

/** Dead letters received before `cutoff`: kept for a replay, but not past the bodies' retention. */
export async function deleteDeadWebhooksBefore(db: Executor, cutoff: number): Promise<number> {
  return db('webhook_inbox').whereNotNull('dead_at').andWhere('received_at', '<', cutoff).delete();
}

/**
 * Media rows older than `cutoff` that no message points at any more (their
 * messages were purged, or the upload was never sent) are deleted. Returns the
 * SHA-256 names of files no remaining row uses, for the caller to remove.
 */
export async function deleteUnreferencedMediaBefore(db: Executor, cutoff: number): Promise<string[]> {
  const unreferenced = db('messages').whereRaw('messages.media_id = media.id').select(db.raw('1'));
  const rows: Array<{ id: string; sha256: string | null }> = await db('media')
    .where('created_at', '<', cutoff)
    .whereNotExists(unreferenced)
    .select('id', 'sha256');
  if (rows.length === 0) return [];
  await db('media')
    .whereIn(
      'id',
      rows.map((r) => r.id),
    )
    .delete();
  const names = [...new Set(rows.flatMap((r) => (r.sha256 ? [r.sha256] : [])))];
  if (names.length === 0) return [];
  const stillUsed = new Set((await db('media').whereIn('sha256', names).select('sha256')).map((r: { sha256: string }) => r.sha256));
  return names.filter((name) => !stillUsed.has(name));
}
