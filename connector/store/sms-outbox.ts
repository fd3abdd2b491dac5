/**
 * The SMS outbox: SMS messages live in `messages` with channel 'sms' and are
 * claimed by their own worker, one at a time, the same way as WhatsApp's
 * (outbox.ts): one UPDATE … RETURNING over a sub-select, FOR UPDATE SKIP LOCKED
 * on PostgreSQL, so two workers never claim the same message. Accepting,
 * retrying and failing a claimed message use outbox.ts's functions, which do
 * not depend on the channel.
 */
import { dbKind, type Db } from './db';
import type { Executor } from './rows';

export interface ClaimedSms {
  id: number;
  contactId: number;
  body: string;
  attempts: number;
}

export async function claimNextSms(db: Db, now: number): Promise<ClaimedSms | null> {
  const lock = dbKind(db) === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
  const result = await db.raw(
    `UPDATE messages SET status = 'sending', attempts = attempts + 1, updated_at = ?
     WHERE id = (
       SELECT id FROM messages
       WHERE status = 'queued' AND channel = 'sms' AND next_attempt_at <= ?
       ORDER BY next_attempt_at, id LIMIT 1 ${lock}
     )
     RETURNING id, contact_id, content, attempts`,
    [now, now],
  );
  const rows: Array<{ id: number; contact_id: number; content: string; attempts: number }> = Array.isArray(result) ? result : result.rows;
  const row = rows[0];
  if (!row) return null;
  const content = JSON.parse(row.content) as { text?: { body?: string } };
  return { id: row.id, contactId: row.contact_id, body: content.text?.body ?? '', attempts: row.attempts };
}

export async function nextSmsDueAt(db: Db): Promise<number | null> {
  const row = await db('messages').where({ status: 'queued', channel: 'sms' }).min<{ due: number | null }>('next_attempt_at as due').first();
  return row?.due ?? null;
}

/**
 * Twilio's status callback can arrive before the worker has stored the SID
 * Twilio answered with; the SID is kept from whichever comes first.
 */
export async function recordSmsProviderId(db: Executor, id: number, providerId: string, now: number): Promise<void> {
  await db('messages').where('id', id).whereNull('wamid').update({ wamid: providerId, updated_at: now });
}
