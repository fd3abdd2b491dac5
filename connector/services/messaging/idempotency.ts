/**
 * Idempotent sends (WhatsApp and SMS): the same Idempotency-Key returns the
 * message it created the first time; the same key with another request is
 * refused, so a retry never sends twice and a reused key never hides a change.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '@domain/errors';
import type { MessageView } from '@domain/views';
import { findByIdempotencyKey, findMessageView } from '../../store/messages';
import type { Executor } from '../../store/rows';

/** A digest of what was asked, stored beside the key. */
export function requestHash(...parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** The message this key created before, or null; IDEMPOTENCY_CONFLICT when the key came with another request. */
export async function replay(db: Executor, key: string, hash: string): Promise<{ message: MessageView; replayed: true } | null> {
  const existing = await findByIdempotencyKey(db, key);
  if (!existing) return null;
  if (existing.requestHash !== hash) throw new DomainError('IDEMPOTENCY_CONFLICT', { idempotencyKey: key });
  return { message: await findMessageView(db, existing.id), replayed: true };
}

/** The message of a key another request took while this one was being stored. */
export async function replayTaken(db: Executor, key: string, hash: string): Promise<{ message: MessageView; replayed: true }> {
  const earlier = await replay(db, key, hash);
  if (!earlier) throw new Error(`the message of idempotency key ${key} was not found after its key was taken`);
  return earlier;
}
